package io.pysample.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Shows that the write path (the remote-exec module: its {@code process_vm_writev} binding and memory writer) is out
 * of reach of a module's class path: the read-only modules' tests call {@link #reachableFrom} on their own test
 * class path, which holds everything the module and its dependencies can compile against.
 */
public final class WritePath {
    /** The classes that write to a target, in the remote-exec module. */
    public static final List<String> WRITER_CLASSES = List.of("io.pysample.remote.memory.ProcessMemoryWriter",
            "io.pysample.remote.memory.MemoryWriter", "io.pysample.remote.RemoteExec");

    /** Built at run time, so that this class's own constant pool does not name the call. */
    private static final byte[] WRITE_CALL = "process_vm_".concat("writev").getBytes(StandardCharsets.US_ASCII);

    private WritePath() {
    }

    /**
     * What of the write path the class path of {@code loader} holds: each writer class it can load, each class file
     * of pysample's that lies in the {@code io.pysample.remote} packages, and each that names {@code process_vm_writev}
     * (a JNA binding of the write call). Empty for a read-only class path.
     */
    public static List<String> reachableFrom(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        for (String name : WRITER_CLASSES) {
            try {
                Class.forName(name, false, loader);
                found.add("loadable: " + name);
            } catch (ClassNotFoundException expected) {
                // out of reach
            }
        }
        try {
            for (URL root : Collections.list(loader.getResources("io/pysample"))) {
                scan(root, found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void scan(URL root, List<String> found) throws IOException {
        if ("jar".equals(root.getProtocol())) {
            JarURLConnection c = (JarURLConnection) root.openConnection();
            c.setUseCaches(false);
            try (JarFile jar = c.getJarFile()) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            check(jar.getName() + "!" + e.getName(), in.readAllBytes(), found);
                        }
                    }
                }
            }
            return;
        }
        Path dir;
        try {
            dir = Path.of(root.toURI()).getParent().getParent(); // .../io/pysample -> the class path root
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                check(dir.relativize(f).toString(), Files.readAllBytes(f), found);
            }
        }
    }

    private static void check(String name, byte[] classFile, List<String> found) {
        if (name.contains("io/pysample/remote/")) {
            found.add("remote-exec class: " + name);
        }
        if (indexOf(classFile, WRITE_CALL) >= 0) {
            found.add("names the write call: " + name);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
