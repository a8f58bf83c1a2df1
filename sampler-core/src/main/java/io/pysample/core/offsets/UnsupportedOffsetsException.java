package io.pysample.core.offsets;

/**
 * An offsets table pysample cannot use: a CPython older than 3.13, a free-threaded build, or an unknown newer
 * version whose table fails the sanity checks. The message says which; attaching turns it into the attach layer's
 * {@code UnsupportedPythonException}.
 */
public final class UnsupportedOffsetsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedOffsetsException(String message) {
        super(message);
    }
}
