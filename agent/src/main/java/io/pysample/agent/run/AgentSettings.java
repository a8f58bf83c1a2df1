package io.pysample.agent.run;

import io.pysample.agent.store.RetentionPolicy;
import io.pysample.core.session.SessionOptions;
import io.pysample.memory.MemoryBackend;
import io.pysample.shipping.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything {@code pysample agent} was told.
 *
 * @param targets which processes to profile
 * @param session how each process is sampled (rate, mode, depth); its duration is ignored
 * @param memory how target memory is read
 * @param interval length of one stored interval (boundaries aligned to its wall-clock multiples)
 * @param duration how long to run, or {@code null} until stopped
 * @param store the profile store's file
 * @param retention what the store keeps
 * @param service the service name of every target, or {@code null} to derive it from each command line
 * @param tags labels added to every interval
 * @param backends where intervals are shipped (may be empty)
 * @param discoveryPeriod time between two scans of {@code /proc}
 * @param statusPeriod time between two status lines on stderr
 * @param maxFrames a session whose frame table holds more distinct frames is closed and re-attached (bounds the
 *     memory of targets that keep creating code)
 * @param writeQueue intervals that may wait for the writer; more are dropped and counted
 * @param shipFlush at exit, how long the shippers may take to send what is still pending
 */
public record AgentSettings(TargetSelection targets, SessionOptions session, MemoryBackend memory, Duration interval,
        Duration duration, Path store, RetentionPolicy retention, String service, Map<String, String> tags,
        List<Backend> backends, Duration discoveryPeriod, Duration statusPeriod, int maxFrames, int writeQueue,
        Duration shipFlush) {
    /** Default discovery period. */
    public static final Duration DISCOVERY_PERIOD = Duration.ofSeconds(3);
    /** Default status period. */
    public static final Duration STATUS_PERIOD = Duration.ofSeconds(60);
    /**
     * Default frame-table bound: about 12 MB of frames per target at most (a code generator reaches it; a service
     * never does).
     */
    public static final int MAX_FRAMES = 50_000;

    public AgentSettings {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(retention, "retention");
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("the interval must be at least 0.1 s, got " + interval);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("the duration must be positive, got " + duration);
        }
        if (service != null && service.isBlank()) {
            throw new IllegalArgumentException("the service name must not be empty");
        }
        if (discoveryPeriod.toMillis() < 10 || statusPeriod.toMillis() < 10 || maxFrames < 1 || writeQueue < 1) {
            throw new IllegalArgumentException("discovery and status periods, frame bound and queue must be positive");
        }
        tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        backends = List.copyOf(backends);
    }

    /** Settings with the defaults for the internal knobs (discovery 3 s, status 60 s, 200k frames, queue 256). */
    public static AgentSettings of(TargetSelection targets, SessionOptions session, MemoryBackend memory,
            Duration interval, Duration duration, Path store, RetentionPolicy retention, String service,
            Map<String, String> tags, List<Backend> backends) {
        return new AgentSettings(targets, session, memory, interval, duration, store, retention, service, tags,
                backends, DISCOVERY_PERIOD, STATUS_PERIOD, MAX_FRAMES, 256, Duration.ofSeconds(10));
    }

    public AgentSettings withPeriods(Duration discovery, Duration status) {
        return new AgentSettings(targets, session, memory, interval, duration, store, retention, service, tags,
                backends, discovery, status, maxFrames, writeQueue, shipFlush);
    }

    public AgentSettings withMaxFrames(int frames) {
        return new AgentSettings(targets, session, memory, interval, duration, store, retention, service, tags,
                backends, discoveryPeriod, statusPeriod, frames, writeQueue, shipFlush);
    }
}
