package io.pysample.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A week of 10-second intervals (60,480) of one process, on a compressed clock, against a size limit. */
class StoreRetentionTest {
    private static final long MAX_BYTES = 4L << 20;
    private static final Path SHM = Path.of("/dev/shm");

    @TempDir
    Path dir;

    @Test
    void aWeekOfIntervalsStaysWithinTheSizeLimitAndKeepsTheNewest() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        Random random = new Random(42);
        RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(30), MAX_BYTES);
        long intervals = Duration.ofDays(7).toSeconds() / 10;
        long maxSeen = 0;
        long lastId = 0;
        long written = 0;
        // On tmpfs when there is one: this test is about sizes, and 60,480 commits' fsyncs on a busy disk take
        // minutes (durability is StoreCrashTest's).
        Path base = Files.isDirectory(SHM) && Files.isWritable(SHM) ? Files.createTempDirectory(SHM, "pysample-")
                : dir;
        try (ProfileStore store = ProfileStore.open(base.resolve("profiles.db"), policy, clock)) {
            for (long k = 0; k < intervals; k++) {
                long start = clock.nanos();
                clock.advance(Duration.ofSeconds(10));
                // Incompressible blobs of the size real 10 s pprof intervals have (1-4 KB).
                byte[] blob = new byte[1024 + random.nextInt(3072)];
                random.nextBytes(blob);
                lastId = store.append(new NewInterval("svc", 4242, "python3 app.py", Map.of("env", "prod"), start,
                        clock.nanos(), 1000, blob));
                written += blob.length;
                maxSeen = Math.max(maxSeen, store.fileBytes());
            }
            assertThat(written).as("the week is far larger than the limit").isGreaterThan(MAX_BYTES * 20);
            assertThat(maxSeen).as("largest store file seen after an append").isLessThanOrEqualTo(MAX_BYTES);
            List<StoredInterval> left = store.find(IntervalQuery.all());
            assertThat(left).isNotEmpty();
            // What is left is the newest intervals, without holes.
            assertThat(left.get(left.size() - 1).endNanos()).isEqualTo(clock.nanos());
            assertThat(left.get(left.size() - 1).id()).isEqualTo(lastId);
            assertThat(left.get(left.size() - 1).id() - left.get(0).id() + 1).isEqualTo(left.size());
            // ... and most of the budget is still used for data (no over-eager deletion).
            long kept = left.size() * 2560L; // mean blob size
            assertThat(kept).isGreaterThan(MAX_BYTES / 2);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        } finally {
            if (!base.equals(dir)) {
                try (var files = Files.list(base)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(base);
            }
        }
    }
}
