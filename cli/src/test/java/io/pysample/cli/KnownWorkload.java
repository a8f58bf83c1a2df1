package io.pysample.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The known_functions.py workload copied into a directory, with the line numbers of its marked lines. */
final class KnownWorkload {
    final Path script;
    final int alphaLine;
    final int betaLine;

    private KnownWorkload(Path script, int alphaLine, int betaLine) {
        this.script = script;
        this.alphaLine = alphaLine;
        this.betaLine = betaLine;
    }

    static KnownWorkload copyTo(Path dir) throws IOException {
        Path script = io.pysample.testsupport.PythonChild.copyWorkload(KnownWorkload.class, dir,
                "known_functions.py");
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        return new KnownWorkload(script, lineOf(lines, "# ALPHA_LINE"), lineOf(lines, "# BETA_LINE"));
    }

    private static int lineOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no " + marker);
    }
}
