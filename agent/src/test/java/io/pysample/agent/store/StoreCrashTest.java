package io.pysample.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer in another JVM killed with SIGKILL mid-write, three times: the store stays intact ({@code PRAGMA
 * integrity_check}), every interval whose append had returned is there with its exact bytes, at most the one in
 * progress is lost; and a reader in this JVM reads consistent snapshots while the writer writes (WAL).
 */
class StoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void sigkillOfTheWriterLosesAtMostTheIntervalInProgressAndReadersReadMeanwhile() throws Exception {
        Path db = dir.resolve("profiles.db");
        Random random = new Random(7);
        Map<Long, Long> committed = new HashMap<>(); // id -> k
        long next = 0;
        for (int round = 0; round < 3; round++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(), db.toString(),
                    Long.toString(next)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int killAfter = 100 + random.nextInt(300);
            int reads = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (int n = 0; n < killAfter; n++) {
                    String line = out.readLine();
                    assertThat(line).as("writer output").startsWith("committed ");
                    String[] f = line.split(" ");
                    committed.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                    next = Long.parseLong(f[2]) + 1;
                    if (n % 50 == 49) {
                        reads += readConsistently(db);
                    }
                }
                new ProcessBuilder("kill", "-KILL", Long.toString(writer.pid())).start().waitFor();
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                // Lines written before the kill that we had not read yet are commits too.
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("committed ")) {
                        String[] f = line.split(" ");
                        committed.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                        next = Long.parseLong(f[2]) + 1;
                    }
                }
            }
            assertThat(reads).as("rows read while the writer wrote").isPositive();

            try (ProfileStore store = ProfileStore.open(db, RetentionPolicy.KEEP_ALL, java.time.Clock.systemUTC())) {
                assertThat(store.integrityCheck()).isEqualTo("ok");
                Map<Long, StoredInterval> rows = new HashMap<>();
                store.forEach(IntervalQuery.all(), i -> rows.put(i.id(), i));
                for (Map.Entry<Long, Long> c : committed.entrySet()) {
                    StoredInterval row = rows.get(c.getKey());
                    assertThat(row).as("committed interval " + c.getKey()).isNotNull();
                    assertThat(row.pprof()).isEqualTo(StoreWriterMain.blob(c.getValue()));
                    assertThat(row.labels()).containsEntry("k", Long.toString(c.getValue()));
                }
                // The writer may have committed one more before it could print it; never more than one.
                assertThat(rows.size()).isBetween(committed.size(), committed.size() + round + 1);
                for (StoredInterval row : rows.values()) {
                    next = Math.max(next, row.startNanos() + 1);
                }
            }
        }
    }

    /** Reads everything through a second connection; checks each row's bytes; returns the rows read. */
    private static int readConsistently(Path db) throws Exception {
        List<StoredInterval> rows = new ArrayList<>();
        try (ProfileStore reader = ProfileStore.openExisting(db)) {
            reader.forEach(IntervalQuery.all(), rows::add);
        }
        for (StoredInterval row : rows) {
            assertThat(row.pprof()).isEqualTo(StoreWriterMain.blob(row.startNanos()));
        }
        return rows.size();
    }
}
