package io.pysample.core.sampling;

/** Why a recording ended. */
public enum StopReason {
    /** The requested duration elapsed. */
    DURATION,
    /** Stopped from outside (Ctrl-C, SIGTERM, the caller). */
    STOPPED,
    /** The target exited, was killed, or exec'd another program (its Python runtime is gone). */
    TARGET_EXITED
}
