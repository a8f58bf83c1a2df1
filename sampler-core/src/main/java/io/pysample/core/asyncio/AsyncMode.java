package io.pysample.core.asyncio;

/** Which tasks an async-aware recording counts. */
public enum AsyncMode {
    /** Only tasks running a step when sampled (on the thread that runs them). */
    RUNNING,
    /** Also every waiting task that awaits no other task (a leaf), under the thread whose loop owns it. */
    ALL
}
