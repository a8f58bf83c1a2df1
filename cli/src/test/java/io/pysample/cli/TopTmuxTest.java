package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pysample top} in a real terminal: tmux (a detached session of 120×30 running a plain shell) runs the CLI
 * in a child JVM with this test's class path against the known workload; the test reads the screen with
 * {@code capture-pane}, types keys with {@code send-keys}, and checks the hot functions and lines, sorting, the line
 * toggle, and that {@code q} leaves the alternate screen and gives the shell its prompt back with exit status 0.
 * Skipped without tmux (failed when {@code CI=true}: {@code scripts/install-test-tools.sh} installs it).
 */
class TopTmuxTest {
    private static final String SESSION = "pysample-top-test-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", SESSION);
    }

    @Test
    void showsTheHotFunctionsAndAnswersKeysAndQRestoresTheTerminal() throws Exception {
        requireTmux();
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild child = PythonChild.runScript(TestPythons.require("3.14"), w.script, dir)) {
            child.awaitLine("READY");
            Path script = dir.resolve("run-top.sh");
            Files.writeString(script, "exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp '"
                    + System.getProperty("java.class.path") + "' " + Main.class.getName() + " top " + child.pid()
                    + "\n", StandardCharsets.UTF_8);
            assertThat(tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "30", "-c", dir.toString(),
                    "env PS1='PROMPT$ ' bash --norc --noprofile")).isZero();
            tmux("send-keys", "-t", SESSION, "bash " + script + "; echo EXITED=$?", "Enter");

            String alpha = "alpha (known_functions.py:" + w.alphaLine + ")";
            String beta = "beta (known_functions.py:" + w.betaLine + ")";
            String screen = awaitScreen(s -> s.contains(alpha) && s.contains(beta), "the hot lines");
            assertThat(screen).contains("pysample top: pid " + child.pid()).contains("Python 3.14")
                    .contains(">%Own").contains("Lines: on");
            assertThat(paneFlag("alternate_on")).isEqualTo("1");
            // By own share, the leaf lines lead and <module> (own 0) comes after them.
            List<String> rows = rows(screen);
            assertThat(rows.get(0)).matches(".*(alpha|beta) \\(known_functions.py:\\d+\\)");
            assertThat(indexOf(rows, "<module>")).isGreaterThan(indexOf(rows, alpha));

            tmux("send-keys", "-t", SESSION, "2");
            screen = awaitScreen(s -> s.contains(">%Total"), "sorting by %Total");
            assertThat(rows(screen).get(0)).contains("100.0%"); // <module> or main: on every stack

            tmux("send-keys", "-t", SESSION, "l");
            screen = awaitScreen(s -> s.contains("Lines: off") && s.contains("alpha (known_functions.py)"),
                    "line numbers off");
            assertThat(screen).doesNotContain(alpha);

            tmux("send-keys", "-t", SESSION, "q");
            screen = awaitScreen(s -> s.contains("EXITED=0"), "top to quit");
            assertThat(paneFlag("alternate_on")).isEqualTo("0");
            assertThat(screen).contains("PROMPT$").doesNotContain(">%Total");
            assertThat(screen.strip()).endsWith("PROMPT$");
        }
    }

    private static List<String> rows(String screen) {
        List<String> rows = new ArrayList<>();
        boolean table = false;
        for (String line : screen.split("\n")) {
            if (table && !line.isBlank()) {
                rows.add(line.strip());
            }
            table |= line.contains("Function (file:line)");
        }
        return rows;
    }

    private static int indexOf(List<String> rows, String text) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private String awaitScreen(Predicate<String> ok, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = capture();
            if (ok.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited 60 s for " + what + "; the screen shows:\n" + screen);
    }

    private String capture() throws IOException, InterruptedException {
        return output("capture-pane", "-p", "-t", SESSION);
    }

    private String paneFlag(String flag) throws IOException, InterruptedException {
        return output("display-message", "-p", "-t", SESSION, "#{" + flag + "}").strip();
    }

    private static void requireTmux() throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("tmux is missing: run scripts/install-test-tools.sh");
        }
        assumeTrue(present, "tmux is missing: run scripts/install-test-tools.sh");
    }

    private static int tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static String output(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
