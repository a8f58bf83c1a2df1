package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code record -f heatmap}, {@code diff} and {@code top} (off a terminal) against real CPython processes. */
class ViewsEndToEndTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void heatmapShowsTheHotLinesWithTheTargetsSource(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        Path heat = dir.resolve("heat");
        try (PythonChild child = PythonChild.runScript(TestPythons.require(version), w.script, dir)) {
            child.awaitLine("READY");
            CliRun run = CliRun.inProcess("record", "-d", "1", "-r", "200", "-f", "heatmap", "-o", heat.toString(),
                    Integer.toString(child.pid()));
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("-> " + heat.resolve("index.html"));
        }
        String index = Files.readString(heat.resolve("index.html"), StandardCharsets.UTF_8);
        Matcher link = Pattern.compile("<a href=\"(file\\d+\\.html)\">([^<]*known_functions\\.py)</a>").matcher(index);
        assertThat(link.find()).as(index).isTrue();
        assertThat(link.group(2)).isEqualTo(w.script.toString());
        assertThat(index).contains(link.group(1) + "#L" + w.alphaLine + "\"").contains(link.group(1) + "#L"
                + w.betaLine + "\"");
        String page = Files.readString(heat.resolve(link.group(1)), StandardCharsets.UTF_8);
        for (int line : new int[] {w.alphaLine, w.betaLine}) {
            Matcher row = Pattern.compile("<tr id=L" + line + "><td class=n>" + line
                    + "</td><td class=n style=\"[^\"]+\">([0-9.]+)%</td>").matcher(page);
            assertThat(row.find()).as("line %d has an own share", line).isTrue();
            assertThat(Double.parseDouble(row.group(1))).isGreaterThan(10);
        }
        assertThat(page).contains("# ALPHA_LINE").contains("# BETA_LINE").contains("def main(seconds):");
    }

    @Test
    void diffComparesAnyTwoFormatsAndSummarisesTheChange() throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        Path pprof = dir.resolve("new.pb.gz");
        try (PythonChild child = PythonChild.runScript(TestPythons.require("3.14"), w.script, dir)) {
            child.awaitLine("READY");
            CliRun run = CliRun.inProcess("record", "-d", "1", "-r", "200", "-o", pprof.toString(),
                    Integer.toString(child.pid()));
            assertThat(run.exitCode).as(run.toString()).isZero();
        }
        // A base without alpha: in the new profile alpha's own share grew from nothing.
        Path base = dir.resolve("base.txt");
        Files.writeString(base, "<module> (known_functions.py:29);main (known_functions.py:25);beta "
                + "(known_functions.py:" + w.betaLine + ") 100\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("d.html");
        CliRun run = CliRun.inProcess("diff", base.toString(), pprof.toString(), "-o", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("base: 100 samples").containsPattern(
                "grew \\(own time, percentage points\\):\\n +\\+\\d+\\.\\d pp  alpha \\(known_functions.py:\\d+\\)"
                        + "  0\\.0% -> ");
        assertThat(run.err).containsPattern("shrank[^\\n]*\\n +-\\d+\\.\\d pp  beta \\(known_functions.py:"
                + w.betaLine + "\\)  100\\.0% -> ");
        assertThat(Files.readString(out)).contains("pysample diff: base.txt (100 samples) -&gt; new.pb.gz")
                .contains("d=U");

        CliRun bad = CliRun.inProcess("diff", base.toString(), w.script.toString(), "-o", out.toString());
        assertThat(bad.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err).contains("cannot read " + w.script + ": not a profile pysample reads");
        CliRun missing = CliRun.inProcess("diff", base.toString(), dir.resolve("nope.txt").toString());
        assertThat(missing.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err).contains("no such file");
    }

    @Test
    void topOffATerminalPrintsPlainTablesWithTheHotLines() throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild child = PythonChild.runScript(TestPythons.require("3.14"), w.script, dir)) {
            child.awaitLine("READY");
            CliRun run = CliRun.inProcess("top", "-d", "2.5", "-r", "200", Integer.toString(child.pid()));
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).contains("pysample top: pid " + child.pid())
                    .contains("alpha (known_functions.py:" + w.alphaLine + ")")
                    .contains("beta (known_functions.py:" + w.betaLine + ")")
                    .doesNotContain("\u001b"); // no escape sequences off a terminal
            assertThat(run.out.split("pysample top: pid", -1)).hasSizeGreaterThanOrEqualTo(3); // one per second
            String last = run.out.substring(run.out.lastIndexOf("pysample top: pid"));
            assertThat(TopTmuxTest.gilPercent(last, "\\S+ tid=" + child.pid())).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void topWithSubprocessesOffATerminalShowsTheChildUnderItsPid() throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "top_tree.py");
        Files.writeString(dir.resolve("go"), ""); // the child starts at once
        try (PythonChild parent = PythonChild.runScript(TestPythons.require("3.14"), script, dir, dir.toString())) {
            int childPid = Integer.parseInt(parent.awaitLine("CHILD"));
            CliRun run = CliRun.inProcess("top", "--subprocesses", "-d", "3", "-r", "100",
                    Integer.toString(parent.pid()));
            assertThat(run.exitCode).as(run.toString()).isZero();
            String last = run.out.substring(run.out.lastIndexOf("pysample top: pid"));
            assertThat(last).contains("Processes: 2").containsPattern(
                    "\\s" + childPid + "  child_hot_function \\(<string>:\\d+\\)").containsPattern(
                    "\\s" + parent.pid() + "  parent_hot_function \\(top_tree.py:\\d+\\)");
        }
    }

    @Test
    void topStartsACommandAndReturnsItsExitCode() throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        CliRun run = CliRun.inProcess("top", "-r", "200", "--", TestPythons.require("3.14").toString(),
                w.script.toString(), "2", "3");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).contains("alpha (known_functions.py:" + w.alphaLine + ")");
        assertThat(run.err).contains("the target exited");
    }
}
