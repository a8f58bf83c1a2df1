package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torn reads: a target switching between two disjoint call chains as fast as it can, sampled as fast as possible.
 * No reported stack may hold frames of both chains; dropped samples are allowed (and reported).
 */
class RecordTornReadTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void noStackMixesTheTwoChains(String version) throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "alternating_chains.py");
        Path out = dir.resolve("torn.txt");
        String seconds = version.equals("3.13") ? "3" : "10"; // 10 s at max rate on 3.14 and 3.15
        CliRun run = CliRun.inProcess("record", "-r", "max", "--stats", "-o", out.toString(), "--",
                TestPythons.require(version).toString(), script.toString(), seconds);
        System.out.println("torn-read test, CPython " + version + ":\n" + run.err); // the dropped-sample rate
        assertThat(run.exitCode).as(run.toString()).isZero();
        long total = 0;
        long a = 0;
        long b = 0;
        long mixed = 0;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            long count = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            boolean hasA = line.contains("a_top") || line.contains("a_mid") || line.contains("a_leaf");
            boolean hasB = line.contains("b_top") || line.contains("b_mid") || line.contains("b_leaf");
            total += count;
            a += hasA ? count : 0;
            b += hasB ? count : 0;
            mixed += hasA && hasB ? count : 0;
        }
        assertThat(a).as("samples in chain a").isGreaterThan(1000);
        assertThat(b).as("samples in chain b").isGreaterThan(1000);
        assertThat(mixed).as("stacks mixing both chains, of %d (%s)", total, run.err).isZero();
    }
}
