package io.pysample.memory;

/**
 * Base of every failure to access another process's memory or its {@code /proc} entries.
 *
 * <p>Unchecked so that the sampling loop can catch the few kinds it cares about in one place. Subclasses say what
 * happened and, where the user can do something about it, what to do.
 */
public class MemoryAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MemoryAccessException(String message) {
        super(message);
    }

    public MemoryAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For exceptions that are routine on the hot path: no stack trace is captured. */
    protected MemoryAccessException(String message, boolean captureStackTrace) {
        super(message, null, false, captureStackTrace);
    }
}
