package io.pysample.core.offsets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each member of {@code _Py_DebugOffsets} sits inside the struct, for one CPython minor version: the data
 * files {@code debug-offsets-3.X.txt} beside this class (one {@code uint64_t} member per line, in struct order,
 * from {@code Include/internal/pycore_debug_offsets.h} of that version). Adding a version means adding a file and
 * its name to {@link #KNOWN}, not code.
 */
public final class DebugOffsetsLayout {
    /** Minor versions with a layout file, oldest first. */
    public static final List<String> KNOWN = List.of("3.13", "3.14", "3.15");

    private final String version;
    private final Map<String, Integer> positions;
    private final int size;

    private DebugOffsetsLayout(String version, Map<String, Integer> positions, int size) {
        this.version = version;
        this.positions = positions;
        this.size = size;
    }

    /**
     * The layout of {@code minorVersion} (e.g. {@code "3.14"}).
     *
     * @throws IllegalArgumentException if there is no layout file for it
     */
    public static DebugOffsetsLayout of(String minorVersion) {
        if (!KNOWN.contains(minorVersion)) {
            throw new IllegalArgumentException("no _Py_DebugOffsets layout for CPython " + minorVersion);
        }
        String name = "debug-offsets-" + minorVersion + ".txt";
        try (InputStream in = DebugOffsetsLayout.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return parse(minorVersion, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest known layout. */
    public static DebugOffsetsLayout newest() {
        return of(KNOWN.get(KNOWN.size() - 1));
    }

    private static DebugOffsetsLayout parse(String version, InputStream in) throws IOException {
        Map<String, Integer> positions = new LinkedHashMap<>();
        int expected = 24; // after cookie[8], version, free_threaded
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            int offset = Integer.parseInt(parts[0]);
            if (offset != expected) {
                throw new IllegalStateException("layout " + version + ": " + parts[1] + " at " + offset
                        + ", expected " + expected);
            }
            positions.put(parts[1], offset);
            expected += 8;
        }
        return new DebugOffsetsLayout(version, Collections.unmodifiableMap(positions), expected);
    }

    public String version() {
        return version;
    }

    /** {@code sizeof(_Py_DebugOffsets)} for this version in bytes: 584 (3.13), 760 (3.14), 888 (3.15). */
    public int size() {
        return size;
    }

    /** Member path to byte offset inside {@code _Py_DebugOffsets}, in struct order. */
    public Map<String, Integer> positions() {
        return positions;
    }
}
