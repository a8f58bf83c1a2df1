package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pysample agent} refuses bad options with one line and exit 2, an unusable store with exit 11. */
class AgentBadInputTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--idle --gil | --mode, --idle and --gil exclude each other",
        "--match ( | --match is not a regular expression",
        "--subprocesses | --subprocesses needs at least one --pid",
        "--interval 0.5 | --interval must be between 1 and 3600 seconds",
        "-r 0 | --rate must be above 0",
        "--retention 7x | retention must be a positive number with unit",
        "--max-store-size lots | maximum store size must be a positive number",
        "--pyroscope ftp://host | --pyroscope needs an http(s) URL",
        "--pyroscope-tenant t1 | need --pyroscope URL",
        "--otlp http://127.0.0.1:1 --otlp-header nokey | --otlp-header must be KEY=VALUE",
        "--pid 0 | --pid must be positive",
    })
    void badOptionsAreUsageErrors(String options, String message) {
        String[] args = ("agent --store " + dir.resolve("p.db") + " -d 1 " + options).split(" ");
        CliRun run = CliRun.inProcess(args);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).startsWith("pysample: ").contains(message).doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }

    @org.junit.jupiter.api.Test
    void aStoreThatCannotBeCreatedIsAStoreError() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "not a directory");
        CliRun run = CliRun.inProcess("agent", "--store", file.resolve("p.db").toString(), "-d", "1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(run.err.lines().count()).isEqualTo(1);

        Files.writeString(dir.resolve("garbage.db"), "this is not SQLite, not at all, no no no no no no no no");
        run = CliRun.inProcess("agent", "--store", dir.resolve("garbage.db").toString(), "-d", "1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.STORE_ERROR);
    }
}
