package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.export.CollapsedExporter;
import io.pysample.export.FrameLabels;
import io.pysample.export.PprofMerger;
import io.pysample.formats.pprof.ProfileProto;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code record -f pprof} of a real CPython process: the file decodes, and reads back to the known stacks. */
class PprofRecordTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void recordsKnownFunctionsWithLinesThreadLabelsAndTheTargetInTheComments(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild child = PythonChild.runScript(TestPythons.require(version), w.script, dir)) {
            child.awaitLine("READY");
            Path out = dir.resolve("out.pprof");
            CliRun run = CliRun.inProcess("record", "-d", "1", "-r", "200", "--threads", "-o", out.toString(),
                    Integer.toString(child.pid()));
            assertThat(run.exitCode).as(run.toString()).isZero();
            byte[] bytes = Files.readAllBytes(out);
            assertThat(bytes[0] & 0xFF).as("gzip").isEqualTo(0x1F);

            ProfileProto.Profile p = PprofMerger.parse(bytes);
            assertThat(s(p, p.getSampleType(1).getType())).isEqualTo("cpu"); // default mode: active threads
            assertThat(p.getCommentList()).extracting(c -> s(p, c))
                    .contains("pid " + child.pid()).anyMatch(c -> c.startsWith("python " + version + "."));
            ProfileProto.Function alpha = p.getFunctionList().stream()
                    .filter(f -> s(p, f.getName()).equals("alpha")).findFirst().orElseThrow();
            assertThat(s(p, alpha.getFilename())).isEqualTo(w.script.toString());
            assertThat(alpha.getStartLine()).isEqualTo(w.alphaLine - 3);
            assertThat(p.getLocationList()).anyMatch(l -> l.getLine(0).getFunctionId() == alpha.getId()
                    && l.getLine(0).getLine() == w.alphaLine);
            // --threads: every sample is labelled; the main thread's TID is the pid.
            assertThat(p.getSampleList()).isNotEmpty().allSatisfy(sample -> {
                assertThat(s(p, sample.getLabel(0).getKey())).isEqualTo("thread_id");
                assertThat(sample.getLabel(0).getNum()).isEqualTo(child.pid());
            });

            PprofMerger merger = new PprofMerger(false);
            merger.add(bytes);
            ByteArrayOutputStream collapsed = new ByteArrayOutputStream();
            new CollapsedExporter(new FrameLabels(false)).write(merger.profile(), merger.info(child.pid(), "x"),
                    collapsed);
            // Thread root first ([python tid=N]), then the stacks record's own collapsed output has.
            String withoutRoots = collapsed.toString(StandardCharsets.UTF_8).replaceAll("(?m)^\\[[^;]*\\];", "");
            RecordEndToEndTest.assertCollapsed(withoutRoots, w);
        }
    }

    private static String s(ProfileProto.Profile p, long i) {
        return p.getStringTable((int) i);
    }
}
