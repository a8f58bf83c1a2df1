package io.pysample.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Keeps frame names from ending the flame graph page's {@code <script>} element. async-profiler's page stores frame
 * names as JavaScript string constants, one per line starting with {@code '}, escaping only {@code \} and
 * {@code '}; an HTML parser still ends the script at {@code </script} inside such a string, and {@code <!--}
 * changes how it finds the end. In lines that start with {@code '} this stream writes {@code <\/} for {@code </}
 * and {@code <\!} for {@code <!}, which JavaScript reads as the same characters. All other bytes pass unchanged.
 * The page is UTF-8, and these are ASCII bytes, so multi-byte characters are never split or altered.
 */
final class ScriptTextGuard extends FilterOutputStream {
    private boolean lineStart = true;
    private boolean stringLine;
    private boolean afterLt;

    ScriptTextGuard(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (needsBackslash((byte) b)) {
            out.write('\\');
        }
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int run = off;
        for (int i = off; i < off + len; i++) {
            if (needsBackslash(b[i])) {
                out.write(b, run, i - run);
                out.write('\\');
                run = i;
            }
        }
        out.write(b, run, off + len - run);
    }

    /** Advances the state past {@code b}; true if a backslash must go before it. */
    private boolean needsBackslash(byte b) {
        boolean escape = afterLt && (b == '/' || b == '!');
        if (lineStart) {
            stringLine = b == '\'';
        }
        lineStart = b == '\n';
        afterLt = stringLine && b == '<';
        return escape;
    }
}
