package io.pysample.shipping;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One process's profile over one interval, as the agent's spool hands it out for shipping.
 *
 * @param id the spool's id; increases in the order intervals are added to the spool
 * @param service service name (Pyroscope {@code service_name}, OTLP {@code service.name}); not empty
 * @param pid the profiled process
 * @param commandLine its command line (arguments joined by spaces), may be empty
 * @param pythonVersion the target's CPython version, e.g. {@code 3.14.0}, may be empty
 * @param hostName the host the agent runs on
 * @param labels user tags ({@code key=value}); copied, sorted by key
 * @param startEpochNanos interval start, Unix epoch nanoseconds
 * @param endEpochNanos interval end (exclusive), Unix epoch nanoseconds, {@code >= startEpochNanos}
 * @param sampleType {@link #PROCESS_CPU} (active threads only) or {@link #WALL} (all threads)
 * @param rateHz the sampling rate in samples per second ({@code > 0})
 * @param pprofGzip the interval's gzip-compressed pprof {@code perftools.profiles.Profile}
 */
public record SpooledInterval(long id, String service, int pid, String commandLine, String pythonVersion,
        String hostName, Map<String, String> labels, long startEpochNanos, long endEpochNanos, String sampleType,
        double rateHz, byte[] pprofGzip) {
    /** Sample type of a profile of threads running on a CPU. */
    public static final String PROCESS_CPU = "process_cpu";
    /** Sample type of a profile of all threads, running or waiting. */
    public static final String WALL = "wall";

    public SpooledInterval {
        if (service == null || service.isEmpty()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        if (endEpochNanos < startEpochNanos) {
            throw new IllegalArgumentException("interval ends before it starts: " + startEpochNanos + " > "
                    + endEpochNanos);
        }
        if (!PROCESS_CPU.equals(sampleType) && !WALL.equals(sampleType)) {
            throw new IllegalArgumentException("sample type must be process_cpu or wall: " + sampleType);
        }
        commandLine = commandLine == null ? "" : commandLine;
        pythonVersion = pythonVersion == null ? "" : pythonVersion;
        hostName = hostName == null ? "" : hostName;
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
}
