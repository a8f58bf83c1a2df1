package io.pysample.core.sampling;

/** Why a recording ended. */
public enum StopReason {
    /** The requested duration elapsed. */
    DURATION,
    /** Stopped from outside (Ctrl-C, SIGTERM, the caller). */
    STOPPED,
    /** The target exited (or was killed, or became unreadable because it exec'd another program). */
    TARGET_EXITED
}
