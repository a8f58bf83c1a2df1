package io.pysample.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.agent.store.IntervalSource;
import io.pysample.agent.store.NewInterval;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.RetentionPolicy;
import io.pysample.shipping.SpooledInterval;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store as the shippers' spool, and a store of format 1 read and upgraded. */
class AgentStoreSpoolTest {
    private static final byte[] PPROF = {0x1f, (byte) 0x8b, 1, 2};

    @TempDir
    Path dir;

    @Test
    void rejectedAndSentIntervalsLeaveUnsentPerBackend() throws Exception {
        try (ProfileStore store = ProfileStore.open(dir.resolve("s.db"), RetentionPolicy.KEEP_ALL, Clock.systemUTC())) {
            StoreSpool spool = new StoreSpool(store);
            long a = store.append(interval(1_000, "wall"));
            long b = store.append(interval(2_000, "process_cpu"));
            long c = store.append(interval(3_000, ""));
            assertThat(spool.countUnsent("pyroscope")).isEqualTo(3);
            spool.markSent("pyroscope", a);
            spool.markRejected("pyroscope", b, "400 bad profile");
            assertThat(spool.unsent("pyroscope", 10)).extracting(SpooledInterval::id).containsExactly(c);
            assertThat(spool.countUnsent("pyroscope")).isEqualTo(1);
            assertThat(spool.countUnsent("otlp")).isEqualTo(3);
            spool.markSent("pyroscope", 9999); // gone: ignored

            List<SpooledInterval> all = spool.unsent("otlp", 10);
            assertThat(all).extracting(SpooledInterval::sampleType).containsExactly("wall", "process_cpu",
                    "process_cpu");
            SpooledInterval first = all.get(0);
            assertThat(first.pythonVersion()).isEqualTo("3.14.0");
            assertThat(first.hostName()).isEqualTo("host1");
            assertThat(first.rateHz()).isEqualTo(97.5);
            assertThat(first.labels()).containsEntry("env", "test");
            assertThat(first.pprofGzip()).isEqualTo(PPROF);
        }
    }

    @Test
    void aFormat1StoreIsReadWithDefaultsAndUpgradedForWriting() throws Exception {
        Path db = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            // Version 1's tables as released.
            s.execute("CREATE TABLE interval (id INTEGER PRIMARY KEY AUTOINCREMENT, service TEXT NOT NULL, pid "
                    + "INTEGER NOT NULL, command_line TEXT NOT NULL, start_ns INTEGER NOT NULL, end_ns INTEGER NOT "
                    + "NULL, samples INTEGER NOT NULL, pprof BLOB NOT NULL)");
            s.execute("CREATE TABLE interval_label (interval_id INTEGER NOT NULL REFERENCES interval (id) ON DELETE "
                    + "CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (interval_id, key)) WITHOUT ROWID");
            s.execute("CREATE TABLE shipment (backend TEXT NOT NULL, interval_id INTEGER NOT NULL REFERENCES "
                    + "interval (id) ON DELETE CASCADE, acknowledged_ns INTEGER NOT NULL, PRIMARY KEY (backend, "
                    + "interval_id)) WITHOUT ROWID");
            s.execute("INSERT INTO interval (service, pid, command_line, start_ns, end_ns, samples, pprof) VALUES "
                    + "('old', 7, 'python old.py', 10, 20, 5, x'1f8b')");
            s.execute("PRAGMA user_version = 1");
        }
        try (ProfileStore read = ProfileStore.openExisting(db)) {
            assertThat(read.unsent("pyroscope", 10)).singleElement()
                    .satisfies(i -> assertThat(i.source()).isEqualTo(IntervalSource.UNKNOWN));
        }
        try (ProfileStore store = ProfileStore.open(db, RetentionPolicy.KEEP_ALL, Clock.systemUTC())) {
            StoreSpool spool = new StoreSpool(store);
            SpooledInterval old = spool.unsent("pyroscope", 10).get(0);
            assertThat(old.sampleType()).isEqualTo("process_cpu");
            assertThat(old.rateHz()).isEqualTo(100);
            spool.markRejected("pyroscope", old.id(), "400");
            long id = store.append(interval(30, "wall"));
            assertThat(spool.unsent("pyroscope", 10)).extracting(SpooledInterval::id).containsExactly(id);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    private static NewInterval interval(long start, String type) {
        return new NewInterval("svc", 42, "python3 svc.py", Map.of("env", "test"), start, start + 1000, 10, PPROF,
                new IntervalSource("3.14.0", "host1", type, 97.5));
    }
}
