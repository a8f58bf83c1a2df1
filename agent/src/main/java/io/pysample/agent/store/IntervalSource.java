package io.pysample.agent.store;

/**
 * How an interval was sampled, as back ends label it.
 *
 * @param pythonVersion the target's CPython version (e.g. {@code 3.14.0}), empty if unknown
 * @param hostName the host the agent ran on, empty if unknown
 * @param sampleType {@code process_cpu} (active threads), {@code wall} (all threads), empty if unknown
 * @param rateHz the sampling rate in samples per second, 0 if unknown
 */
public record IntervalSource(String pythonVersion, String hostName, String sampleType, double rateHz) {
    /** Nothing known (intervals stored by a version 1 store). */
    public static final IntervalSource UNKNOWN = new IntervalSource("", "", "", 0);

    public IntervalSource {
        pythonVersion = pythonVersion == null ? "" : pythonVersion;
        hostName = hostName == null ? "" : hostName;
        sampleType = sampleType == null ? "" : sampleType;
        if (!(rateHz >= 0)) {
            throw new IllegalArgumentException("rate must not be negative: " + rateHz);
        }
    }
}
