package io.pysample.core.sampling;

/**
 * What exporters say about a recording besides its stacks.
 *
 * @param pid the target
 * @param commandLine its command line
 * @param pythonVersion exact CPython version
 * @param startEpochMillis when sampling started (Unix epoch, milliseconds)
 * @param durationNanos wall time sampled
 * @param rateHz samples per second actually achieved (walks over elapsed time; the requested rate if nothing was
 *     sampled)
 * @param walks samples taken
 * @param mode which threads were sampled, or {@code null} when unknown (e.g. a profile read back from a file)
 */
public record RecordingInfo(int pid, String commandLine, String pythonVersion, long startEpochMillis,
        long durationNanos, double rateHz, long walks, SamplingMode mode) {

    /** A recording whose sampling mode is unknown. */
    public RecordingInfo(int pid, String commandLine, String pythonVersion, long startEpochMillis,
            long durationNanos, double rateHz, long walks) {
        this(pid, commandLine, pythonVersion, startEpochMillis, durationNanos, rateHz, walks, null);
    }

    /** When sampling ended (Unix epoch, milliseconds). */
    public long endEpochMillis() {
        return startEpochMillis + durationNanos / 1_000_000;
    }

    /** Seconds each sample stands for ({@code 1 / rateHz}). */
    public double sampleSeconds() {
        return rateHz > 0 ? 1.0 / rateHz : 0;
    }
}
