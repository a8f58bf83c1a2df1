package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import one.convert.Arguments;
import one.convert.FlameGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code pysample record} against real CPython processes: by pid and by {@code -- command}, in every format, and
 * when the target exits or pysample is interrupted mid-recording.
 */
class RecordEndToEndTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void recordsAPidInEveryFormatWithTheKnownFunctionsAndLines(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild child = PythonChild.runScript(TestPythons.require(version), w.script, dir)) {
            child.awaitLine("READY");
            String pid = Integer.toString(child.pid());
            Path txt = dir.resolve("out.txt");
            Path json = dir.resolve("out.speedscope.json");
            Path html = dir.resolve("out.html");
            for (Path out : List.of(txt, json, html)) {
                CliRun run = CliRun.inProcess("record", "-d", "1", "-r", "200", "-o", out.toString(), pid);
                assertThat(run.exitCode).as(run.toString()).isZero();
                assertThat(run.err).contains("samples in").contains("-> " + out);
            }
            assertCollapsed(Files.readString(txt, StandardCharsets.UTF_8), w);
            assertSpeedscope(new ObjectMapper().readTree(json.toFile()), w);
            String page = Files.readString(html, StandardCharsets.UTF_8);
            assertThat(page).contains("<h1><span").contains(">pysample: pid " + pid + " ");
            assertCollapsed(collapsedFromHtml(page), w);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void recordsACommandUntilItExitsAndReturnsItsExitCode(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        Path txt = dir.resolve("cmd.txt");
        CliRun run = CliRun.inProcess("record", "-r", "200", "-o", txt.toString(), "--",
                TestPythons.require(version).toString(), w.script.toString(), "1.5", "3");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertCollapsed(Files.readString(txt, StandardCharsets.UTF_8), w);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void writesWhatWasCollectedWhenTheTargetExitsMidRecording(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        // 3 s from READY: time for record to attach (up to a second or more, cold, on a loaded machine) and then
        // to sample both functions before the target exits.
        try (PythonChild child = PythonChild.runScript(TestPythons.require(version), w.script, dir, "3")) {
            child.awaitLine("READY");
            Path txt = dir.resolve("exit.txt");
            long t0 = System.nanoTime();
            CliRun run = CliRun.inProcess("record", "-d", "60", "-o", txt.toString(),
                    Integer.toString(child.pid()));
            // ended with the target, not by -d 60 (a guard against hanging only)
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("process " + child.pid() + " exited");
            assertCollapsed(Files.readString(txt, StandardCharsets.UTF_8), w);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void writesWhatWasCollectedOnSigint(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild target = PythonChild.runScript(TestPythons.require(version), w.script, dir)) {
            target.awaitLine("READY");
            Path txt = dir.resolve("sigint.txt");
            Process pysample = CliRun.childJvm(dir, "record", "-o", txt.toString(), Integer.toString(target.pid()));
            CliRun.awaitSampling(dir, pysample);
            Thread.sleep(2000); // two seconds of samples: enough of both functions at 100 Hz, even on a loaded machine
            new ProcessBuilder("kill", "-INT", Long.toString(pysample.pid())).start().waitFor();
            assertThat(pysample.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("child.err"));
            assertThat(pysample.exitValue()).as(err).isZero();
            assertThat(Files.exists(txt)).as(err).isTrue();
            assertThat(err).contains("samples in");
            assertCollapsed(Files.readString(txt, StandardCharsets.UTF_8), w);
            assertThat(target.process().isAlive()).as("the target is never stopped").isTrue();
        }
    }

    /** Both functions sampled at their marked lines, under main and <module>, and no line outside them. */
    static void assertCollapsed(String collapsed, KnownWorkload w) {
        Map<String, Long> byLeaf = new HashMap<>();
        for (String line : collapsed.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String[] frames = line.substring(0, space).split(";");
            byLeaf.merge(frames[frames.length - 1], Long.parseLong(line.substring(space + 1)), Long::sum);
            String leaf = frames[frames.length - 1];
            if (leaf.startsWith("alpha ") || leaf.startsWith("beta ")) {
                assertThat(frames[0]).startsWith("<module> (known_functions.py:");
                assertThat(frames[1]).startsWith("main (known_functions.py:");
                int lineNo = Integer.parseInt(leaf.replaceAll(".*:(\\d+)\\)$", "$1"));
                int def = leaf.startsWith("alpha") ? w.alphaLine - 3 : w.betaLine - 3;
                assertThat(lineNo).as(leaf).isBetween(def, def + 4);
            }
        }
        assertThat(byLeaf.getOrDefault("alpha (known_functions.py:" + w.alphaLine + ")", 0L)).isPositive();
        assertThat(byLeaf.getOrDefault("beta (known_functions.py:" + w.betaLine + ")", 0L)).isPositive();
    }

    /** The stacks embedded in a flame graph page, read back by the converter itself, as collapsed lines. */
    static String collapsedFromHtml(String page) throws Exception {
        Arguments args = new Arguments();
        args.output = "collapsed";
        FlameGraph graph = new FlameGraph(args);
        graph.parseHtml(new StringReader(page));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            graph.dump(ps);
        }
        // The converter marks interpreted frames with a "_[0]" suffix in collapsed output.
        return bytes.toString(StandardCharsets.UTF_8).replace("_[0]", "");
    }

    static void assertSpeedscope(JsonNode doc, KnownWorkload w) {
        assertThat(doc.get("$schema").asText()).isEqualTo("https://www.speedscope.app/file-format-schema.json");
        boolean alpha = false;
        for (JsonNode f : doc.get("shared").get("frames")) {
            if (f.get("name").asText().equals("alpha") && f.has("line") && f.get("line").asInt() == w.alphaLine) {
                alpha = f.get("file").asText().endsWith("known_functions.py");
            }
        }
        assertThat(alpha).as("alpha frame with file and line").isTrue();
        JsonNode profiles = doc.get("profiles");
        assertThat(profiles.size()).isGreaterThan(0);
        JsonNode p = profiles.get(0);
        assertThat(p.get("type").asText()).isEqualTo("sampled");
        assertThat(p.get("unit").asText()).isEqualTo("seconds");
        assertThat(p.get("samples").size()).isEqualTo(p.get("weights").size()).isGreaterThan(10);
    }
}
