package io.pysample.core.attach;

/** Attaching to a target failed for a reason the user should read: the message is one complete sentence. */
public class AttachException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttachException(String message) {
        super(message);
    }

    public AttachException(String message, Throwable cause) {
        super(message, cause);
    }
}
