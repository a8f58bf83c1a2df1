package io.pysample.memory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An in-memory copy of parts of a process's memory: sparse regions plus string metadata (pid, Python version,
 * runtime address…). Recorded from real processes by {@link RecordingReader} and read back as a {@link MemoryReader},
 * for unit and fuzz tests that need no live target. Reads outside the recorded regions return 0 valid bytes, as
 * unmapped memory does.
 *
 * <p>File format (gzip-compressed, big-endian {@link DataOutputStream} primitives): magic {@code "PYSNAP01"}; int
 * pid; int metadata count, then that many (UTF key, UTF value); int region count, then that many (long address, int length,
 * bytes). Regions are disjoint and sorted by address.
 */
public final class MemorySnapshot implements MemoryReader {
    private static final byte[] MAGIC = {'P', 'Y', 'S', 'N', 'A', 'P', '0', '1'};

    private final int pid;
    private final Map<String, String> metadata;
    private final NavigableMap<Long, byte[]> regions;

    /**
     * @param regions disjoint regions keyed by start address; not copied, so a fuzzer may mutate them in place
     */
    public MemorySnapshot(int pid, Map<String, String> metadata, NavigableMap<Long, byte[]> regions) {
        this.pid = pid;
        this.metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        this.regions = regions;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public String backendName() {
        return "snapshot";
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The recorded regions, keyed by start address; mutable in place for fuzzing. */
    public NavigableMap<Long, byte[]> regions() {
        return regions;
    }

    /** A deep copy, for a fuzzer that mutates one copy per run. */
    public MemorySnapshot copy() {
        NavigableMap<Long, byte[]> r = new TreeMap<>();
        regions.forEach((a, b) -> r.put(a, b.clone()));
        return new MemorySnapshot(pid, metadata, r);
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            Map.Entry<Long, byte[]> e = regions.floorEntry(at);
            if (e == null) {
                break;
            }
            long within = at - e.getKey();
            byte[] bytes = e.getValue();
            if (within < 0 || within >= bytes.length) {
                break;
            }
            int n = (int) Math.min(length - done, bytes.length - within);
            System.arraycopy(bytes, (int) within, dst, offset + done, n);
            done += n; // a following adjacent region may continue the range
        }
        return done;
    }

    @Override
    public void close() {
    }

    /** Writes the snapshot to {@code file} in the format described above. */
    public void save(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os)))) {
            out.write(MAGIC);
            out.writeInt(pid);
            out.writeInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(regions.size());
            for (Map.Entry<Long, byte[]> e : regions.entrySet()) {
                out.writeLong(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        }
    }

    /**
     * Reads a snapshot written by {@link #save}.
     *
     * @throws IOException if the file cannot be read or is not a snapshot
     */
    public static MemorySnapshot load(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file)) {
            return load(is);
        }
    }

    /** Reads a snapshot from a stream (e.g. a test resource). */
    public static MemorySnapshot load(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(stream)));
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a pysample memory snapshot");
        }
        int pid = in.readInt();
        int metaCount = in.readInt();
        Map<String, String> meta = new TreeMap<>();
        for (int i = 0; i < metaCount; i++) {
            meta.put(in.readUTF(), in.readUTF());
        }
        int regionCount = in.readInt();
        NavigableMap<Long, byte[]> regions = new TreeMap<>();
        for (int i = 0; i < regionCount; i++) {
            long address = in.readLong();
            int len = in.readInt();
            if (len < 0 || len > (1 << 28)) {
                throw new IOException("corrupt snapshot: region of " + len + " bytes");
            }
            byte[] b = new byte[len];
            in.readFully(b);
            regions.put(address, b);
        }
        return new MemorySnapshot(pid, meta, regions);
    }
}
