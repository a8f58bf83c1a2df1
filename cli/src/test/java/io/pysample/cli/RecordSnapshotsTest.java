package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code record --snapshot-every}: periodic snapshots in a JSON sidecar beside the profile. */
class RecordSnapshotsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void writesASidecarWithPeriodicGcSnapshots(String version) throws Exception {
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy")) {
            Path out = dir.resolve("profile.html");
            // -d 4: a snapshot on a loaded machine (the first one cold) can take a second or more, and one still
            // running when the recording ends is not stored; at least two must be.
            CliRun run = CliRun.inProcess("record", "--snapshot-every", "0.5", "--snapshot", "gc", "-d", "4", "-o",
                    out.toString(), t.pidArg());
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(Files.exists(out)).isTrue();
            Path sidecar = dir.resolve("profile.html.snapshots.json");
            assertThat(run.err).contains("snapshots -> " + sidecar);
            JsonNode entries = new ObjectMapper().readTree(sidecar.toFile());
            assertThat(entries.isArray()).isTrue();
            assertThat(entries.size()).as(entries.toString()).isGreaterThanOrEqualTo(2);
            double last = 0;
            for (JsonNode e : entries) {
                assertThat(e.has("error")).as(e.toString()).isFalse();
                double time = e.get("time_s").asDouble();
                assertThat(time).isGreaterThan(last).isLessThan(5.0);
                last = time;
                JsonNode snap = e.get("snapshot");
                assertThat(snap.has("gc")).isTrue();
                assertThat(snap.has("locals")).isFalse();
                boolean marker = false;
                for (JsonNode ty : snap.at("/gc/top_types")) {
                    marker |= ty.get("type").asText().equals("__main__.Marker") && ty.get("count").asLong() == 12345;
                }
                assertThat(marker).as(snap.toString()).isTrue();
            }
        }
    }

    @Test
    void aRefusedTargetStillGetsItsProfile() throws Exception {
        try (RemoteTarget t = RemoteTarget.start("3.13", dir, "busy")) {
            Path out = dir.resolve("p.txt");
            CliRun run = CliRun.inProcess("record", "--snapshot-every", "0.2", "-d", "1", "-o", out.toString(),
                    t.pidArg());
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("pysample: snapshots stopped: CPython 3.13.");
            assertThat(Files.size(out)).isPositive();
            JsonNode entries = new ObjectMapper().readTree(dir.resolve("p.txt.snapshots.json").toFile());
            assertThat(entries.size()).isEqualTo(1);
            assertThat(entries.get(0).get("error").asText()).contains("PEP 768");
        }
    }

    @Test
    void snapshotKindsNeedAnInterval() {
        CliRun run = CliRun.inProcess("record", "--snapshot", "gc", "-d", "1", "1");
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.inProcess("record", "--snapshot-every", "1", "--snapshot", "heap", "1").exitCode)
                .isEqualTo(ExitCodes.USAGE);
    }
}
