package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Google's own reader of pprof files, {@code go tool pprof} (Debian {@code golang-go}, installed by
 * {@code scripts/install-test-tools.sh}), as an independent consumer of what {@link PprofExporter} writes. A
 * missing {@code go} skips the calling test, or fails it when {@code CI=true}.
 */
final class GoPprof {
    private GoPprof() {
    }

    /** The output of {@code go tool pprof -raw FILE}; fails the test if pprof rejects the file. */
    static String raw(Path file) throws IOException, InterruptedException {
        String go = findGo();
        ProcessBuilder pb = new ProcessBuilder(go, "tool", "pprof", "-raw", file.toString())
                .redirectErrorStream(true);
        // pprof keeps fetched/symbolized copies here; never in the user's home during tests.
        pb.environment().put("PPROF_TMPDIR", file.getParent().toString());
        pb.environment().put("GOCACHE", file.getParent().resolve("gocache").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail("go tool pprof -raw " + file + " failed (" + p.exitValue() + "):\n" + text);
        }
        return text;
    }

    private static String findGo() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "go");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        for (String candidate : new String[] {"/usr/lib/go/bin/go", "/usr/local/go/bin/go"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        String msg = "go is not installed: run scripts/install-test-tools.sh (Debian golang-go) for go tool pprof";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg);
        }
        assumeTrue(false, msg);
        return null;
    }
}
