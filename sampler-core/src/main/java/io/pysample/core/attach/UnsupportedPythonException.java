package io.pysample.core.attach;

/**
 * The target is CPython but not one pysample can read: older than 3.13 (no {@code _Py_DebugOffsets}), a
 * free-threaded build, or a future version whose offsets table does not pass the sanity checks.
 */
public final class UnsupportedPythonException extends AttachException {
    private static final long serialVersionUID = 1L;

    public UnsupportedPythonException(String message) {
        super(message);
    }
}
