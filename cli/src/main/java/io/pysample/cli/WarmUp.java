package io.pysample.cli;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsetsLayout;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ProcessInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads, links and initialises what attaching and the first samples need before {@code record -- COMMAND} starts
 * the command: measured on 3.14, a cold JVM needed ~250 ms from start-up to its first sample (about 350 classes:
 * ELF parsing, the walker, lambda and string-concatenation bootstraps, locale data), more than CPython needs to run
 * its first frames. Best effort: a failure here only costs time.
 */
final class WarmUp {
    /** Packages whose classes are loaded and initialised (the sampling path and the ELF reader). */
    private static final List<String> PACKAGES = List.of("io/pysample/core/attach/", "io/pysample/core/offsets/",
            "io/pysample/core/walk/", "io/pysample/core/sampling/", "io/pysample/core/session/",
            "net/fornwall/jelf/");

    private WarmUp() {
    }

    static void run(MemoryBackend backend) {
        ClassLoader loader = WarmUp.class.getClassLoader();
        for (String name : classNames()) {
            try {
                Class.forName(name, true, loader);
            } catch (Throwable ignored) { // LinkageError of an optional dependency: not needed then
                // best effort
            }
        }
        int self = Math.toIntExact(ProcessHandle.current().pid());
        try (MemoryReader reader = backend.open(self)) {
            reader.read(0, new byte[8], 0, 8);
            new ProcessInfo(self).maps();
            for (String v : DebugOffsetsLayout.KNOWN) {
                DebugOffsetsLayout.of(v);
            }
            Runnable lambda = () -> String.format(Locale.ROOT, "%,d %.1f %s", self, 1.5, "x" + self);
            lambda.run();
        } catch (RuntimeException ignored) {
            // only a warm-up: attaching reports any real problem
        }
    }

    /** Class names in {@link #PACKAGES}, from the jar or class directories they are loaded from. */
    private static List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> anchor : List.of(PythonProcess.class, net.fornwall.jelf.ElfFile.class)) {
            try {
                Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isDirectory(source)) {
                    try (Stream<Path> files = Files.walk(source)) {
                        files.map(p -> source.relativize(p).toString()).forEach(n -> addIfWanted(names, n));
                    }
                } else {
                    try (JarFile jar = new JarFile(source.toFile())) {
                        jar.stream().forEach(e -> addIfWanted(names, e.getName()));
                    }
                }
            } catch (IOException | URISyntaxException | RuntimeException ignored) {
                // no code source to list: nothing to preload
            }
        }
        return names;
    }

    private static void addIfWanted(List<String> names, String entry) {
        if (entry.endsWith(".class") && !entry.contains("module-info")) {
            for (String p : PACKAGES) {
                if (entry.startsWith(p)) {
                    String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                    return;
                }
            }
        }
    }
}
