package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target whose audit hook ({@code cpython.remote_debugger_script}) blocks pysample's script and writes
 * {@code result.json} itself: every unusable document is the target's error (exit 9, one line, no stack trace), and
 * no control character of the target's reaches the terminal.
 */
class HostileResultTest {
    private static final String ESC_TITLE = "\u001b]0;X\u0007";
    private static final String ESCAPED_TITLE = "\uFFFD]0;X\uFFFD";
    private static final String THREAD = "\"thread\": {\"ident\": 1, \"native_id\": 2, \"name\": null, \"main\": true}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void unusableSnapshotDocumentsAreTheTargetsErrorInOneLine(String version) throws Exception {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("malformed", "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"pid\": ");
        documents.put("too deep", "[".repeat(5000) + "]".repeat(5000));
        documents.put("too deep in a valid header", "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"x\": "
                + "{\"a\": ".repeat(200) + "1" + "}".repeat(200) + "}");
        documents.put("null", "null");
        documents.put("empty", "");
        documents.put("an array", "[]");
        documents.put("trailing garbage", "{} {}");
        documents.put("wrong types", "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"pid\": \"notanint\", "
                + "\"python\": 5, " + THREAD + ", \"errors\": {}}");
        documents.put("missing members", "{\"pysample_result\": 1, \"kind\": \"snapshot\"}");
        documents.put("wrong section types", "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"pid\": 7, "
                + "\"python\": \"3.14.0\", " + THREAD + ", \"errors\": {}, \"gc\": {\"count\": \"many\"}}");
        documents.put("control characters in a name", "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"pid\": "
                + "\"\\u001b[31m\"}");
        Path hostile = dir.resolve("hostile.json");
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy",
                Map.of("PYSAMPLE_TEST_HOSTILE_RESULT", hostile.toString()))) {
            for (Map.Entry<String, String> d : documents.entrySet()) {
                Files.writeString(hostile, d.getValue(), StandardCharsets.UTF_8);
                for (String[] args : new String[][] {{"snapshot", "--gc", t.pidArg()},
                        {"snapshot", "--json", t.pidArg()}}) {
                    CliRun run = CliRun.inProcess(args);
                    assertThat(run.exitCode).as(d.getKey() + ": " + run).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
                    assertThat(run.err).as(d.getKey()).startsWith("pysample: process " + t.pid()
                            + " sent back an invalid snapshot result (");
                    assertOneCleanLine(d.getKey(), run);
                    assertThat(run.out).as(d.getKey()).isEmpty();
                }
            }
            // exec's own document is checked the same way.
            Files.writeString(hostile, "{\"pysample_result\": 1, \"kind\": \"exec\", " + THREAD
                    + ", \"status\": \"maybe\"}");
            CliRun exec = CliRun.inProcess("exec", t.pidArg(), "-c", "pass");
            assertThat(exec.exitCode).as(exec.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(exec.err).startsWith("pysample: process " + t.pid() + " sent back an invalid exec result ("
                    + "$.status: expected one of ok, error, got a string)");
            assertOneCleanLine("exec", exec);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void controlCharactersOfTheTargetAreEscapedInEveryTextOutput(String version) throws Exception {
        Path hostile = dir.resolve("hostile.json");
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy",
                Map.of("PYSAMPLE_TEST_HOSTILE_RESULT", hostile.toString()))) {
            // A real thread names itself with a terminal title sequence (no hostile file yet: scripts run).
            CliRun rename = CliRun.inProcess("exec", t.pidArg(), "-c",
                    "import threading; threading.main_thread().name = '\\x1b]0;X\\x07'");
            assertThat(rename.exitCode).as(rename.toString()).isZero();
            CliRun text = CliRun.inProcess("snapshot", "--threads", t.pidArg());
            assertThat(text.exitCode).as(text.toString()).isZero();
            assertThat(text.out).startsWith("Snapshot of process " + t.pid() + " (Python " + version + ".")
                    .contains("taken in thread " + t.tids.get("MainThread") + " \"" + ESCAPED_TITLE + "\" [main]")
                    .contains(t.tids.get("MainThread") + " \"" + ESCAPED_TITLE + "\" [main] [ran the snapshot]: ");
            assertNoControlCharacters(text.out);
            CliRun json = CliRun.inProcess("snapshot", "--threads", "--json", t.pidArg());
            assertThat(json.out).contains("\"name\" : \"\\u001B]0;X\\u0007\"");
            assertNoControlCharacters(json.out);
            CliRun again = CliRun.inProcess("exec", t.pidArg(), "-c", "pass");
            assertThat(again.out).contains("thread " + t.tids.get("MainThread") + " \"" + ESCAPED_TITLE + "\" [main]");
            assertNoControlCharacters(again.out);

            // The snapshot script's failure, its section errors, an exec traceback: all quote the target.
            Files.writeString(hostile, "{\"pysample_result\": 1, \"fatal\": \"" + json(ESC_TITLE) + "boom\"}");
            CliRun fatal = CliRun.inProcess("snapshot", t.pidArg());
            assertThat(fatal.exitCode).as(fatal.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(fatal.err).isEqualTo("pysample: the snapshot script failed in process " + t.pid() + ": "
                    + ESCAPED_TITLE + "boom" + System.lineSeparator());

            Files.writeString(hostile, "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"pid\": " + t.pid()
                    + ", \"python\": \"3.14.0" + json(ESC_TITLE) + "\", " + THREAD.replace("null", "\""
                    + json(ESC_TITLE) + "\"") + ", \"errors\": {\"gc\": \"MemoryError: " + json(ESC_TITLE) + "\"}}");
            CliRun header = CliRun.inProcess("snapshot", t.pidArg());
            assertThat(header.exitCode).as(header.toString()).isZero();
            assertThat(header.out).startsWith("Snapshot of process " + t.pid() + " (Python 3.14.0" + ESCAPED_TITLE
                    + "), taken in thread 2 \"" + ESCAPED_TITLE + "\" [main]")
                    .contains("gc: failed in the target: MemoryError: " + ESCAPED_TITLE);
            assertNoControlCharacters(header.out);

            Files.writeString(hostile, "{\"pysample_result\": 1, \"kind\": \"exec\", " + THREAD + ", \"status\": "
                    + "\"error\", \"error\": \"ValueError: " + json(ESC_TITLE) + "\", \"traceback\": [{\"function\": "
                    + "\"f" + json(ESC_TITLE) + "\", \"file\": \"x.py\", \"line\": 3}]}");
            CliRun raised = CliRun.inProcess("exec", t.pidArg(), "-c", "pass");
            assertThat(raised.exitCode).as(raised.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(raised.err).startsWith("pysample: the script raised ValueError: " + ESCAPED_TITLE + " in "
                    + "process " + t.pid()).contains("  File \"x.py\", line 3, in f" + ESCAPED_TITLE);
            assertNoControlCharacters(raised.err.replace(System.lineSeparator(), ""));
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void recordStopsItsSnapshotsAtAnUnusableResultAndKeepsTheProfile(String version) throws Exception {
        Path hostile = dir.resolve("hostile.json");
        Files.writeString(hostile, "null");
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy",
                Map.of("PYSAMPLE_TEST_HOSTILE_RESULT", hostile.toString()))) {
            Path out = dir.resolve("p.txt");
            // -d 3: the first snapshot (at 0.2 s, cold, maybe on a loaded machine) must end before the recording
            // does, or it is not stored (it stops the snapshots, so there is never a second one).
            CliRun run = CliRun.inProcess("record", "--snapshot-every", "0.2", "-d", "3", "-o", out.toString(),
                    t.pidArg());
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("pysample: snapshots stopped: process " + t.pid() + " sent back an invalid "
                    + "snapshot result ($: expected an object, got null)");
            assertThat(Files.size(out)).isPositive();
            JsonNode entries = new ObjectMapper().readTree(dir.resolve("p.txt.snapshots.json").toFile());
            assertThat(entries.size()).isEqualTo(1);
            assertThat(entries.get(0).get("error").asText()).contains("invalid snapshot result");
        }
    }

    private static void assertOneCleanLine(String what, CliRun run) {
        assertThat(run.err.strip().lines()).as(what + ": one line: " + run.err).hasSize(1);
        assertThat(run.err).as(what + ": no stack trace").doesNotContain("\tat ").doesNotContain("internal error");
        assertNoControlCharacters(run.err.strip());
    }

    private static void assertNoControlCharacters(String s) {
        assertThat(s.replace("\n", "").chars().filter(Character::isISOControl).toArray())
                .as("control characters in %s", s).isEmpty();
    }

    /** {@code s} as the inside of a JSON string literal. */
    private static String json(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
