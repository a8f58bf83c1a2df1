package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.sampling.Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Golden-file tests, after JMH's {@code ResultFormatTest}: each exporter's output for the fixed inputs of
 * {@link TestProfiles} (hand-written stacks with non-ASCII, {@code ;}, control-character and HTML names, a
 * truncated stack, {@code --nolineno} and {@code --threads} variants, and a {@code Random(12345)} profile) must equal
 * the checked-in file under {@code exporters/src/test/resources/io/pysample/export/golden/} byte for byte.
 *
 * <p>When an output change is intended, rewrite the goldens with
 * <pre>
 * mvn -q test -pl exporters -am -Dtest='io.pysample.export.GoldenFilesTest' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dpysample.updateGolden=true
 * </pre>
 * and commit them with the change. <b>Changes to goldens must be reviewed</b> ({@code git diff}) like code: they are
 * the specification of the formats that users' tools parse. The flame graph page is not golden (it embeds
 * async-profiler's page template); {@link FlameGraphExporterTest} checks the data it embeds instead.
 */
class GoldenFilesTest {
    private static final FrameLabels SHORT = new FrameLabels(false);
    private static final FrameLabels FULL = new FrameLabels(true);

    @Test
    void collapsed() {
        Golden.assertMatches("collapsed.txt",
                Exported.bytes(new CollapsedExporter(SHORT), TestProfiles.rich(true, false)));
    }

    @Test
    void collapsedFullPaths() {
        Golden.assertMatches("collapsed-full-paths.txt",
                Exported.bytes(new CollapsedExporter(FULL), TestProfiles.rich(true, false)));
    }

    @Test
    void collapsedNoLineNumbersWithThreadRoots() {
        Golden.assertMatches("collapsed-nolineno-threads.txt",
                Exported.bytes(new CollapsedExporter(SHORT), TestProfiles.rich(false, true)));
    }

    @Test
    void collapsedRandom() {
        Golden.assertMatches("collapsed-random.txt",
                Exported.bytes(new CollapsedExporter(SHORT), TestProfiles.random(true)));
    }

    @Test
    void speedscope() {
        speedscope("speedscope.json", TestProfiles.rich(true, false));
    }

    @Test
    void speedscopeNoLineNumbersWithThreadRoots() {
        speedscope("speedscope-nolineno-threads.json", TestProfiles.rich(false, true));
    }

    @Test
    void speedscopeRandom() {
        speedscope("speedscope-random.json", TestProfiles.random(false));
    }

    private static void speedscope(String golden, Profile p) {
        byte[] out = Exported.bytes(new SpeedscopeExporter(), p);
        String json = new String(out, StandardCharsets.UTF_8);
        assertThat(SpeedscopeCheck.schemaErrors(json)).isEmpty();
        assertThat(SpeedscopeCheck.semanticErrors(json)).isEmpty();
        Golden.assertMatches(golden, out);
    }

    @Test
    void dumpText() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        DumpText.write(TestProfiles.dump(), ps);
        Golden.assertMatches("dump.txt", buf.toByteArray());
    }

    @Test
    void dumpJson() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DumpJson.write(TestProfiles.dump(), buf);
        Golden.assertMatches("dump.json", buf.toByteArray());
    }

    @Test
    void dumpAsyncJson() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DumpJson.write(TestProfiles.dump(), AsyncMode.ALL, TestProfiles.tasks(), buf);
        Golden.assertMatches("dump-async.json", buf.toByteArray());
    }
}
