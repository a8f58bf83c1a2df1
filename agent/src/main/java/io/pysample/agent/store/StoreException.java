package io.pysample.agent.store;

import java.io.IOException;

/** The profile store cannot be opened, read or written; the message is one line for the user. */
public final class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
