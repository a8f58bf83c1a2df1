package io.pysample.core.walk;

/**
 * One distinct stack frame as reported: a function at a line. Interned by {@link FrameTable}, which hands out small
 * integer ids so that samples are {@code int[]}s.
 *
 * @param function the code object's {@code co_qualname} (e.g. {@code Worker.run.<locals>.step}), or a pseudo name in
 *     angle brackets for frames that are not Python code
 * @param file {@code co_filename}, or empty for pseudo frames
 * @param line the line being executed (1-based), or 0 when unknown or aggregated away ({@code --nolineno})
 * @param firstLine {@code co_firstlineno}: where the function is defined
 */
public record Frame(String function, String file, int line, int firstLine) {

    /** {@code function (file:line)}, the form py-spy and tracebacks use; without line when it is unknown. */
    @Override
    public String toString() {
        return label(function, file, line);
    }

    /**
     * The one text form of a frame, as py-spy writes it: {@code function (file:line)}, {@code function (file)} when
     * the line is unknown (0), or the bare name of a pseudo frame (no file).
     */
    public static String label(String function, String file, int line) {
        if (file.isEmpty()) {
            return function;
        }
        return line > 0 ? function + " (" + file + ":" + line + ")" : function + " (" + file + ")";
    }
}
