package io.pysample.core.attach;

/** The target maps no Python executable or library, or none of them holds a CPython runtime. */
public final class NotPythonException extends AttachException {
    private static final long serialVersionUID = 1L;

    public NotPythonException(String message) {
        super(message);
    }
}
