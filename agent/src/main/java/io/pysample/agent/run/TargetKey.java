package io.pysample.agent.run;

/**
 * A process as the agent tells processes apart: host pid plus start time after boot in clock ticks
 * ({@code /proc/PID/stat} field 22), so that a pid reused by a new process is a new target.
 */
record TargetKey(int pid, long startTicks) {
}
