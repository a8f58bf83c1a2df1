package io.pysample.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending, selecting by time/service/pid/tags, shipment bookkeeping, retention by age, the default path. */
class ProfileStoreTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = Instant.parse("2026-12-01T03:00:00Z").getEpochSecond() * S;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T04:00:00Z"));

    private static NewInterval interval(String service, int pid, long start, Map<String, String> labels) {
        byte[] blob = (service + "/" + pid + "@" + start).getBytes(StandardCharsets.UTF_8);
        return new NewInterval(service, pid, "python3 " + service + ".py", labels, start, start + 10 * S, 7, blob);
    }

    @Test
    void intervalsOverlappingTheRangeAreSelectedWithTheirFieldsAndProfiles() throws Exception {
        try (ProfileStore store = ProfileStore.open(dir.resolve("a/b/profiles.db"), RetentionPolicy.KEEP_ALL,
                clock)) {
            for (int k = 0; k < 6; k++) { // 03:00:00 .. 03:01:00 in 10 s steps
                store.append(interval("web", 100, T0 + k * 10 * S, Map.of("env", "prod", "zone", "a")));
                store.append(interval("batch", 200, T0 + k * 10 * S, Map.of("env", "test")));
            }
            // [03:00:15, 03:00:30): the intervals starting at :10 and :20 overlap it.
            List<StoredInterval> web = store.find(new IntervalQuery(T0 + 15 * S, T0 + 30 * S, "web", null,
                    Map.of()));
            assertThat(web).extracting(StoredInterval::startNanos).containsExactly(T0 + 10 * S, T0 + 20 * S);
            StoredInterval first = web.get(0);
            assertThat(first.service()).isEqualTo("web");
            assertThat(first.pid()).isEqualTo(100);
            assertThat(first.commandLine()).isEqualTo("python3 web.py");
            assertThat(first.labels()).isEqualTo(Map.of("env", "prod", "zone", "a"));
            assertThat(first.endNanos()).isEqualTo(T0 + 20 * S);
            assertThat(first.samples()).isEqualTo(7);
            assertThat(first.pprof()).isNull();

            List<StoredInterval> withBlobs = new ArrayList<>();
            store.forEach(new IntervalQuery(T0 + 15 * S, T0 + 30 * S, null, null, Map.of()), withBlobs::add);
            assertThat(withBlobs).hasSize(4).extracting(i -> new String(i.pprof(), StandardCharsets.UTF_8))
                    .containsExactly("web/100@" + (T0 + 10 * S), "batch/200@" + (T0 + 10 * S),
                            "web/100@" + (T0 + 20 * S), "batch/200@" + (T0 + 20 * S));

            assertThat(store.find(new IntervalQuery(Long.MIN_VALUE, Long.MAX_VALUE, null, 200, Map.of())))
                    .hasSize(6).allSatisfy(i -> assertThat(i.service()).isEqualTo("batch"));
            assertThat(store.find(new IntervalQuery(Long.MIN_VALUE, Long.MAX_VALUE, null, null,
                    Map.of("env", "prod", "zone", "a")))).hasSize(6);
            assertThat(store.find(new IntervalQuery(Long.MIN_VALUE, Long.MAX_VALUE, null, null,
                    Map.of("env", "prod", "zone", "b")))).isEmpty();
            assertThat(store.find(new IntervalQuery(T0 + 60 * S, Long.MAX_VALUE, null, null, Map.of()))).isEmpty();
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void unsentIsOldestFirstAndAnAcknowledgedIntervalIsNeverListedAgain() throws Exception {
        try (ProfileStore store = ProfileStore.open(dir.resolve("p.db"), RetentionPolicy.KEEP_ALL, clock)) {
            long late = store.append(interval("web", 1, T0 + 20 * S, Map.of()));
            long early = store.append(interval("web", 1, T0, Map.of()));
            long mid = store.append(interval("web", 1, T0 + 10 * S, Map.of()));

            assertThat(store.unsent("a", 10)).extracting(StoredInterval::id).containsExactly(early, mid, late);
            assertThat(store.unsent("a", 2)).extracting(StoredInterval::id).containsExactly(early, mid);
            assertThat(store.unsent("a", 1).get(0).pprof()).isNotEmpty();
            assertThat(store.markSent("a", early)).isTrue();
            assertThat(store.markSent("a", early)).as("at most once").isFalse();
            assertThat(store.markSent("a", 999)).as("no such interval").isFalse();
            assertThat(store.unsent("a", 10)).extracting(StoredInterval::id).containsExactly(mid, late);
            assertThat(store.unsent("b", 10)).extracting(StoredInterval::id).containsExactly(early, mid, late);
        }
        // Acknowledgements survive a restart.
        try (ProfileStore store = ProfileStore.open(dir.resolve("p.db"), RetentionPolicy.KEEP_ALL, clock)) {
            assertThat(store.unsent("a", 10)).hasSize(2);
        }
    }

    @Test
    void intervalsOlderThanTheRetentionAreDeletedAsTheClockMovesOn() throws Exception {
        RetentionPolicy oneHour = new RetentionPolicy(Duration.ofHours(1), 0);
        try (ProfileStore store = ProfileStore.open(dir.resolve("p.db"), oneHour, clock)) {
            long start = clock.nanos();
            for (int k = 0; k < 6 * 60 * 3; k++) { // three hours of 10 s intervals
                store.append(interval("web", 1, clock.nanos(), Map.of("k", "v")));
                clock.advance(Duration.ofSeconds(10));
            }
            store.markSent("x", store.find(IntervalQuery.all()).get(0).id());
            List<StoredInterval> left = store.find(IntervalQuery.all());
            // Checked once a minute: at most a minute's worth beyond the hour.
            assertThat(left.get(0).endNanos()).isGreaterThanOrEqualTo(clock.nanos() - Duration.ofMinutes(61)
                    .toNanos());
            assertThat(left.get(left.size() - 1).startNanos()).isEqualTo(start + (6 * 60 * 3 - 1) * 10 * S);
            clock.advance(Duration.ofHours(2));
            assertThat(store.enforceRetention()).isEqualTo(left.size());
            assertThat(store.find(IntervalQuery.all())).isEmpty();
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void readersSeeNoStoreAsAClearErrorAndNonStoresAreRefused() throws Exception {
        assertThatThrownBy(() -> ProfileStore.openExisting(dir.resolve("missing.db")))
                .isInstanceOf(StoreException.class).hasMessage("no profile store at " + dir.resolve("missing.db"));
        Path text = Files.writeString(dir.resolve("x.db"), "hello, not sqlite at all; long enough to be a header");
        assertThatThrownBy(() -> ProfileStore.openExisting(text)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot open profile store " + text);
        Path empty = dir.resolve("empty.db");
        Files.createFile(empty);
        assertThatThrownBy(() -> ProfileStore.openExisting(empty)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a pysample profile store");
    }

    @Test
    void theDefaultPathFollowsXdgDataHome() {
        assertThat(StoreLocation.defaultPath(Map.of("XDG_DATA_HOME", "/data"), "/home/u"))
                .isEqualTo(Path.of("/data/pysample/profiles.db"));
        assertThat(StoreLocation.defaultPath(Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/pysample/profiles.db"));
        assertThat(StoreLocation.defaultPath(Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/pysample/profiles.db"));
    }
}
