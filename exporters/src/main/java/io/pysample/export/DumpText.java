package io.pysample.export;

import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.Frame;
import java.io.PrintStream;

/**
 * {@code pysample dump} as text, in the shape of {@code py-spy dump}: a header, then per thread
 * {@code Thread <tid> (<state>): "<name>"} followed by its frames {@code function (file:line)}, innermost first.
 * The state is {@code active} or {@code idle}, with {@code +gil} when the thread holds the GIL and {@code +gc}
 * during a collection. Control characters in the command line, names and paths are written as U+FFFD, so every
 * item stays on its line.
 */
public final class DumpText {
    private DumpText() {
    }

    public static void write(StackDump dump, PrintStream out) {
        out.println("Process " + dump.pid() + ": " + Names.clean(dump.commandLine()));
        out.println("Python v" + dump.pythonVersion() + " (" + Names.clean(dump.executable()) + ")");
        for (ThreadDump t : dump.threads()) {
            out.println();
            out.println("Thread " + t.nativeThreadId() + (t.namespaced() ? " (tid " + t.namespaceThreadId()
                    + " in its PID namespace)" : "") + " (" + state(t) + "): \"" + Names.clean(t.name()) + "\""
                    + (t.main() ? " [main]" : "") + (t.interpreterId() != 0 ? " [interpreter " + t.interpreterId()
                    + "]" : ""));
            if (t.frames().isEmpty()) {
                out.println("    (no Python frames)");
            }
            for (Frame f : t.frames()) {
                out.println("    " + Names.clean(f.toString()));
            }
            if (t.truncated()) {
                out.println("    ... (truncated: deeper than the frame limit)");
            }
        }
        if (dump.droppedThreads() > 0) {
            out.println();
            out.println(dump.droppedThreads() + " thread(s) changed too fast to be read consistently and are not "
                    + "shown");
        }
    }

    static String state(ThreadDump t) {
        StringBuilder sb = new StringBuilder(t.active() ? "active" : "idle");
        if (t.holdsGil()) {
            sb.append("+gil");
        }
        if (t.gcRunning()) {
            sb.append("+gc");
        }
        return sb.toString();
    }
}
