package io.pysample.cli;

import io.pysample.export.SourceHeatmap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the target's source files for the heatmap: through {@code /proc/PID/root/PATH} first (the target's mount
 * namespace: a file inside a container), then the plain path. Only absolute paths of regular files, at most
 * {@value #MAX_BYTES} bytes, decoded as UTF-8 (Python's default source encoding; bad bytes become U+FFFD).
 * Anything else is "not readable" ({@code null}), never an error.
 */
final class TargetSources implements SourceHeatmap.SourceLookup {
    static final int MAX_BYTES = 16 << 20;

    private final Integer pid;

    private TargetSources(Integer pid) {
        this.pid = pid;
    }

    /** Sources of process {@code pid} (while it lives; then the plain paths). */
    static TargetSources of(int pid) {
        return new TargetSources(pid);
    }

    /** Sources at their plain paths (stored profiles: the process may be long gone). */
    static TargetSources local() {
        return new TargetSources(null);
    }

    @Override
    public List<String> lines(String path) {
        if (!path.startsWith("/")) {
            return null; // "<frozen ...>", "<string>", a relative path we cannot place
        }
        List<String> viaRoot = pid != null ? read(Path.of("/proc/" + pid + "/root" + path)) : null;
        return viaRoot != null ? viaRoot : read(Path.of(path));
    }

    private static List<String> read(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                return null;
            }
            byte[] data;
            try (InputStream in = Files.newInputStream(p)) {
                data = in.readNBytes(MAX_BYTES + 1);
            }
            if (data.length > MAX_BYTES) {
                return null;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            return Arrays.asList(text.split("\r?\n", -1));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
