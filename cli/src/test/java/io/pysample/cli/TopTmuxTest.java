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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pysample top} in a real terminal: tmux (a detached session of 120×30 running a plain shell) runs the CLI
 * in a child JVM with this test's class path against the known workload; the test reads the screen with
 * {@code capture-pane}, types keys with {@code send-keys}, and checks the hot functions and lines, the GIL share of
 * the main thread that runs them, sorting, the line toggle, and that {@code q} leaves the alternate screen and gives
 * the shell its prompt back with exit status 0 (for {@code -- COMMAND}: having ended the command). With {@code --subprocesses} against {@code top_tree.py}: the GIL
 * holder is the parent's spinning thread, a child started after {@code top} began shows up with its own hot function
 * under its pid, and the thread filter narrows the table to one process. Skipped without tmux (failed when
 * {@code CI=true}: {@code scripts/install-test-tools.sh} installs it).
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
            startTop(Integer.toString(child.pid()));

            String alpha = "alpha (known_functions.py:" + w.alphaLine + ")";
            String beta = "beta (known_functions.py:" + w.betaLine + ")";
            String screen = awaitScreen(s -> s.contains(alpha) && s.contains(beta), "the hot lines");
            assertThat(screen).contains("pysample top: pid " + child.pid()).contains("Python 3.14")
                    .contains(">%Own").contains("Lines: on").doesNotContain("Processes:").doesNotContain(" Pid ");
            // The main thread (tid = pid) runs pure Python all the time: it holds the GIL in most samples.
            assertThat(gilPercent(screen, "\\S+ tid=" + child.pid())).isGreaterThanOrEqualTo(50);
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

    @Test
    void subprocessesShowsAChildStartedLaterUnderItsPidAndTheGilHolder() throws Exception {
        requireTmux();
        Path workload = PythonChild.copyWorkload(getClass(), dir, "top_tree.py");
        try (PythonChild parent = PythonChild.runScript(TestPythons.require("3.14"), workload, dir,
                dir.toString())) {
            parent.awaitLine("READY");
            int pid = parent.pid();
            startTop("--subprocesses " + pid);

            String screen = awaitScreen(s -> s.contains("parent_hot_function (top_tree.py:")
                    && s.contains("GIL: ") && !s.contains("GIL: n/a"), "the parent's hot function");
            assertThat(screen).contains("Processes: 1").contains(" Pid  Function");
            // The spinner thread runs pure Python all the time (3.14 names the kernel thread after it).
            assertThat(gilPercent(screen, "spinner tid=\\d+ pid " + pid)).isGreaterThanOrEqualTo(50);
            assertThat(rowsWith(screen, "parent_hot_function")).allMatch(r -> r.contains(" " + pid + "  "));

            Files.writeString(dir.resolve("go"), ""); // only now does the parent start its child
            int childPid = Integer.parseInt(parent.awaitLine("CHILD"));
            screen = awaitScreen(s -> s.contains("child_hot_function (<string>:") && s.contains("Processes: 2"),
                    "the child's hot function");
            assertThat(rowsWith(screen, "child_hot_function")).isNotEmpty()
                    .allMatch(r -> r.contains(" " + childPid + "  "));
            assertThat(rowsWith(screen, "parent_hot_function")).allMatch(r -> r.contains(" " + pid + "  "));

            // t cycles through the threads of both processes; the child's (its main thread) shows only its rows.
            String childThread = "tid=" + childPid + "] (pid " + childPid + ")";
            for (int i = 0; i < 4 && !screen.contains(childThread); i++) {
                String before = threadLine(screen);
                tmux("send-keys", "-t", SESSION, "t");
                screen = awaitScreen(s -> !threadLine(s).equals(before), "the next thread");
            }
            screen = awaitScreen(s -> s.contains(childThread) && s.contains("child_hot_function"),
                    "the child's thread alone");
            assertThat(screen).doesNotContain("parent_hot_function");
            assertThat(rows(screen)).isNotEmpty().allMatch(r -> r.contains(" " + childPid + "  "));

            tmux("send-keys", "-t", SESSION, "q");
            awaitScreen(s -> s.contains("EXITED=0"), "top to quit");
            assertThat(paneFlag("alternate_on")).isEqualTo("0");
        }
    }

    @Test
    void qEndsALaunchedCommand() throws Exception {
        requireTmux();
        KnownWorkload w = KnownWorkload.copyTo(dir);
        startTop("-- " + TestPythons.require("3.14") + " " + w.script + " 600");
        awaitScreen(s -> s.contains("alpha (known_functions.py:"), "the command's hot function");
        tmux("send-keys", "-t", SESSION, "q");
        // "EXITED=" and a digit: the typed command line itself holds "EXITED=$?". Not after the command's 600 s.
        String screen = awaitScreen(s -> s.matches("(?s).*EXITED=\\d.*"), "top to quit");
        assertThat(screen).contains("EXITED=143"); // the command's status: SIGTERM
        assertThat(paneFlag("alternate_on")).isEqualTo("0");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(w.script.toString()))).isEmpty();
    }

    /** Starts {@code pysample top ARGS} in a child JVM in the tmux session's shell, then echoes its exit status. */
    private void startTop(String args) throws Exception {
        Path script = dir.resolve("run-top.sh");
        Files.writeString(script, "exec " + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " top " + args + "\n",
                StandardCharsets.UTF_8);
        assertThat(tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "30", "-c", dir.toString(),
                "env PS1='PROMPT$ ' bash --norc --noprofile")).isZero();
        tmux("send-keys", "-t", SESSION, "bash " + script + "; echo EXITED=$?", "Enter");
    }

    /** The header's GIL share in percent, whose top holder must match {@code holder} (a regular expression). */
    static int gilPercent(String screen, String holder) {
        Matcher m = Pattern.compile("GIL: (\\d+)% \\((.*?)\\)").matcher(screen);
        assertThat(m.find()).as("a GIL share on:\n%s", screen).isTrue();
        assertThat(m.group(2)).as("the GIL holder on:\n%s", screen).matches(holder);
        return Integer.parseInt(m.group(1));
    }

    private static String threadLine(String screen) {
        for (String line : screen.split("\n")) {
            if (line.startsWith("Thread: ")) {
                return line;
            }
        }
        return "";
    }

    private static List<String> rowsWith(String screen, String text) {
        return rows(screen).stream().filter(r -> r.contains(text)).toList();
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
