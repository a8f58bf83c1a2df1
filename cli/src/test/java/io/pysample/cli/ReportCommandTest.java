package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.agent.store.NewInterval;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.RetentionPolicy;
import io.pysample.export.PprofMerger;
import io.pysample.formats.pprof.ProfileProto;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pysample report} on a store filled with real pprof intervals: three short {@code record -f pprof}
 * recordings of each of two real CPython processes, stored as six 10-second intervals per process ("web", tag
 * env=prod, and "batch", env=test) from 2025-06-01T03:00 local time.
 */
class ReportCommandTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = nanos(LocalDateTime.parse("2025-06-01T03:00").atZone(ZoneId.systemDefault())
            .toInstant());

    @TempDir
    static Path shared;

    private static KnownWorkload workload;
    private static Path db;
    private static int webPid;
    private static int batchPid;
    private static final byte[][] WEB = new byte[3][];
    private static final byte[][] BATCH = new byte[3][];

    @TempDir
    Path dir;

    @BeforeAll
    static void recordAndStore() throws Exception {
        workload = KnownWorkload.copyTo(shared);
        Path python = TestPythons.require("3.14");
        try (PythonChild web = PythonChild.runScript(python, workload.script, shared);
                PythonChild batch = PythonChild.runScript(python, workload.script, shared)) {
            web.awaitLine("READY");
            batch.awaitLine("READY");
            webPid = web.pid();
            batchPid = batch.pid();
            for (int k = 0; k < 3; k++) {
                WEB[k] = record(webPid, "web" + k);
                BATCH[k] = record(batchPid, "batch" + k);
            }
        }
        db = shared.resolve("profiles.db");
        try (ProfileStore store = ProfileStore.open(db, RetentionPolicy.KEEP_ALL, Clock.systemUTC())) {
            for (int k = 0; k < 6; k++) {
                long start = T0 + k * 10 * S;
                store.append(new NewInterval("web", webPid, "python3 web.py", Map.of("env", "prod"), start,
                        start + 10 * S, samples(WEB[k % 3]), WEB[k % 3]));
                store.append(new NewInterval("batch", batchPid, "python3 batch.py", Map.of("env", "test"), start,
                        start + 10 * S, samples(BATCH[k % 3]), BATCH[k % 3]));
            }
            // Ten minutes later, web once more: a second covered range.
            store.append(new NewInterval("web", webPid, "python3 web.py", Map.of("env", "prod"), T0 + 600 * S,
                    T0 + 610 * S, samples(WEB[0]), WEB[0]));
            // Relative to now: 5-minute intervals starting 30, 25, ..., 5 minutes ago.
            long now = nanos(Instant.now());
            for (int m = 30; m >= 5; m -= 5) {
                long start = now - m * 60 * S;
                store.append(new NewInterval("recent", webPid, "python3 recent.py", Map.of(), start,
                        start + 300 * S, samples(WEB[1]), WEB[1]));
            }
        }
    }

    private static byte[] record(int pid, String name) throws Exception {
        Path out = shared.resolve(name + ".pb.gz");
        CliRun run = CliRun.inProcess("record", "-d", "0.5", "-r", "200", "--threads", "-o", out.toString(),
                Integer.toString(pid));
        assertThat(run.exitCode).as(run.toString()).isZero();
        return Files.readAllBytes(out);
    }

    @Test
    void aSubRangeOfOneServiceMergesTheOverlappingIntervals() throws Exception {
        Path out = dir.resolve("web.txt");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--from", "2025-06-01T03:00:15", "--to",
                "2025-06-01T03:00:35", "--service", "web", "-o", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        // Intervals [10,20), [20,30), [30,40) overlap [15,35): recordings 1, 2 and 0.
        long expected = samples(WEB[1]) + samples(WEB[2]) + samples(WEB[0]);
        String collapsed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(collapsedTotal(collapsed)).isEqualTo(expected);
        assertThat(run.err).contains("3 intervals of 1 processes, " + String.format("%,d", expected) + " samples");
        RecordEndToEndTest.assertCollapsed(collapsed.replaceAll("(?m)^\\[[^;]*\\];", ""), workload);
        assertThat(collapsed).contains("tid=" + webPid + "]").doesNotContain("tid=" + batchPid);
    }

    @Test
    void diffRangesCompareTheMainRangeWithTheDiffRange() throws Exception {
        Path out = dir.resolve("d.html");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--service", "web", "--from",
                "2025-06-01T03:00:10", "--to", "2025-06-01T03:00:20", "--diff-from", "2025-06-01T03:00",
                "--diff-to", "2025-06-01T03:00:10", "-o", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        // [00,10) holds recording 0, [10,20) recording 1.
        assertThat(run.err).contains(String.format("base: %,d samples, new: %,d samples", samples(WEB[0]),
                samples(WEB[1]))).contains("grew (own time").contains("-> " + out);
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("pysample report: 2025-06-01T03:00:00 .. "
                + "2025-06-01T03:00:10 (" + samples(WEB[0]) + " samples) -&gt; 2025-06-01T03:00:10").contains("d=");

        CliRun none = CliRun.inProcess("report", "--store", db.toString(), "--service", "web", "--diff-from",
                "2020-01-01", "--diff-to", "2020-01-02", "-o", out.toString());
        assertThat(none.exitCode).as(none.toString()).isEqualTo(ExitCodes.NO_DATA);
        assertThat(none.err).contains("match --diff-from 2020-01-01");
        CliRun notHtml = CliRun.inProcess("report", "--store", db.toString(), "--diff-from", "2025-06-01T03:00",
                "-f", "collapsed", "-o", dir.resolve("d.txt").toString());
        assertThat(notHtml.exitCode).as(notHtml.toString()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void heatmapOfStoredProfilesReadsTheSourcesAtTheirPaths() throws Exception {
        Path heat = dir.resolve("heat");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--service", "web", "-f", "heatmap", "-o",
                heat.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        String index = Files.readString(heat.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(index).contains("\">" + workload.script + "</a>").contains("#L" + workload.alphaLine + "\"");
        assertThat(Files.readString(heat.resolve("file1.html"), StandardCharsets.UTF_8)).contains("# ALPHA_LINE");
    }

    @Test
    void everythingMergedIntoPprofKeepsBothProcessesThreadsAndTheTotal() throws Exception {
        Path out = dir.resolve("all.pb.gz");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--to", "2025-06-01T04:00", "-o",
                out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        ProfileProto.Profile p = PprofMerger.parse(Files.readAllBytes(out));
        long total = p.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum();
        long expected = 2 * sum(WEB) + samples(WEB[0]) + 2 * sum(BATCH); // web: 6 + the later one
        assertThat(total).isEqualTo(expected);
        assertThat(p.getTimeNanos()).isEqualTo(firstTimeNanos());
    }

    @Test
    void tagsAndPidsSelectTheirProcessAndSpeedscopeGetsAProfilePerThread() throws Exception {
        Path byTag = dir.resolve("tag.txt");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--tag", "env=test", "-o",
                byTag.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(collapsedTotal(Files.readString(byTag))).isEqualTo(2 * sum(BATCH));

        Path byPid = dir.resolve("pid.speedscope.json");
        run = CliRun.inProcess("report", "--store", db.toString(), "--pid", Integer.toString(batchPid), "-o",
                byPid.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        String json = Files.readString(byPid);
        assertThat(json).contains("\"Thread " + batchPid + " ").doesNotContain("\"Thread " + webPid + " ");

        run = CliRun.inProcess("report", "--store", db.toString(), "--tag", "env=prod", "--service", "batch",
                "-o", dir.resolve("none.txt").toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.NO_DATA);
    }

    @Test
    void relativeTimesCountBackFromNow() throws Exception {
        Path out = dir.resolve("recent.txt");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--service", "recent", "--from", "-12m",
                "--to", "now", "-o", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        // Intervals starting 15, 10 and 5 minutes ago overlap the last 12 minutes; 20 minutes ago ended at -15m.
        assertThat(collapsedTotal(Files.readString(out))).isEqualTo(3 * samples(WEB[1]));
    }

    @Test
    void listShowsServicesPidsCommandsAndCoveredRanges() {
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--list", "--to", "2025-06-02");
        assertThat(run.exitCode).as(run.toString()).isZero();
        List<String> lines = run.out.lines().toList();
        assertThat(lines.get(0)).contains("SERVICE").contains("PID").contains("COMMAND");
        assertThat(lines).anyMatch(l -> l.matches("web\\s+" + webPid + "\\s+7\\s+\\d+\\s+python3 web\\.py"));
        assertThat(lines).anyMatch(l -> l.matches("batch\\s+" + batchPid + "\\s+6\\s+\\d+\\s+python3 batch\\.py"));
        int web = indexOf(lines, "web ");
        assertThat(lines.get(web + 1).trim()).isEqualTo("2025-06-01T03:00:00 .. 2025-06-01T03:01:00");
        assertThat(lines.get(web + 2).trim()).isEqualTo("2025-06-01T03:10:00 .. 2025-06-01T03:10:10");
        assertThat(run.out).doesNotContain("recent");
    }

    @Test
    void noDataMissingStoreAndBadArgumentsAreOneLineErrorsWithTheirExitCodes() {
        Path out = dir.resolve("empty.html");
        CliRun run = CliRun.inProcess("report", "--store", db.toString(), "--from", "2025-06-02T00:00", "--to",
                "2025-06-03T00:00", "-o", out.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.NO_DATA);
        assertThat(run.err.lines().toList()).hasSize(1).first().asString()
                .startsWith("pysample: no stored profiles in " + db + " match --from 2025-06-02T00:00 --to 2025-06-03T00:00");
        assertThat(out).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty(); // no partial file left behind

        run = CliRun.inProcess("report", "--store", dir.resolve("nope.db").toString(), "-o", out.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(run.err).isEqualTo("pysample: no profile store at " + dir.resolve("nope.db") + "\n");

        run = CliRun.inProcess("report", "--store", db.toString(), "--from", "yesterday", "-o", out.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("--from must be 'now', relative like -15m");

        run = CliRun.inProcess("report", "--store", db.toString(), "--from", "now", "--to", "-1h", "-o",
                out.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);

        run = CliRun.inProcess("report", "--store", db.toString());
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("-o FILE");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix + " in " + lines);
    }

    private static long firstTimeNanos() throws Exception {
        Set<Long> times = new HashSet<>();
        for (byte[] b : WEB) {
            times.add(PprofMerger.parse(b).getTimeNanos());
        }
        for (byte[] b : BATCH) {
            times.add(PprofMerger.parse(b).getTimeNanos());
        }
        return times.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long collapsedTotal(String collapsed) {
        return collapsed.lines().filter(l -> !l.isBlank())
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long sum(byte[][] profiles) throws Exception {
        long n = 0;
        for (byte[] p : profiles) {
            n += samples(p);
        }
        return n;
    }

    static long samples(byte[] pprof) throws Exception {
        return PprofMerger.parse(pprof).getSampleList().stream().mapToLong(s -> s.getValue(0)).sum();
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * S + i.getNano();
    }
}
