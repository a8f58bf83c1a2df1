package io.pysample.core.session;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A request to end a recording, made by any thread (a signal handler, a key press, a status thread) and seen by the
 * sampling thread before its next sample; it wakes the sampling thread if that is parked between samples.
 */
public final class StopSignal {
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Thread runner;

    /** Asks the recording to end; any thread. */
    public void request() {
        requested.set(true);
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Whether {@link #request} was called. */
    public boolean requested() {
        return requested.get();
    }

    /** The calling thread samples (and may park) until {@link #leave}: a request wakes it. */
    public void enter() {
        runner = Thread.currentThread();
    }

    /** The sampling thread is done. */
    public void leave() {
        runner = null;
    }
}
