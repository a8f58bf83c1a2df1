package io.pysample.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Maps a target's thread ids as the target sees them ({@code gettid()}, {@code PyThreadState.native_thread_id}) to
 * the ids of pysample's PID namespace, which {@code /proc} paths use. They differ for a target in another PID
 * namespace (a container, {@code unshare --pid}): the {@code NSpid:} line of {@code /proc/<pid>/task/<tid>/status}
 * lists a task's id in every namespace from the reader's (first) to the task's own (last), see proc(5). Outside a
 * namespace the map is the identity and reads nothing. Lookups allocate nothing; an unknown id re-reads the task
 * list (at most every 10 ms). Not thread-safe.
 */
public final class NamespaceThreadIds {
    private static final long REFRESH_NANOS = 10_000_000L;

    private final Path dir;
    private final boolean namespaced;
    private long[] inner = new long[0];
    private long[] host = new long[0];
    private long refreshedAt;
    private boolean everRefreshed;

    public NamespaceThreadIds(int pid) {
        this.dir = Path.of("/proc", Integer.toString(pid));
        long[] ids = nsPids(dir.resolve("status"));
        this.namespaced = ids != null && ids.length > 1;
    }

    /** Whether the target is in a PID namespace below pysample's (its ids differ from {@code /proc}'s). */
    public boolean namespaced() {
        return namespaced;
    }

    /**
     * The id in pysample's namespace of the thread that calls itself {@code innerTid}; {@code innerTid} itself
     * outside a namespace; -1 if no such thread is known (gone, or not yet seen after a 10 ms re-read limit).
     */
    public long hostTid(long innerTid) {
        if (!namespaced) {
            return innerTid;
        }
        int i = find(innerTid);
        if (i < 0) {
            long now = System.nanoTime();
            if (everRefreshed && now - refreshedAt < REFRESH_NANOS) {
                return -1;
            }
            refresh(now);
            i = find(innerTid);
        }
        return i < 0 ? -1 : host[i];
    }

    /** The id the target gives thread {@code hostTid} (the reverse of {@link #hostTid}), or -1 if unknown. */
    public long innerTid(long hostTid) {
        if (!namespaced) {
            return hostTid;
        }
        refresh(System.nanoTime());
        for (int i = 0; i < host.length; i++) {
            if (host[i] == hostTid) {
                return inner[i];
            }
        }
        return -1;
    }

    private int find(long innerTid) {
        int i = Arrays.binarySearch(inner, innerTid);
        return i >= 0 ? i : -1;
    }

    private void refresh(long now) {
        everRefreshed = true;
        refreshedAt = now;
        long[][] pairs;
        try (var tasks = Files.list(dir.resolve("task"))) {
            pairs = tasks.map(t -> nsPids(t.resolve("status"))).filter(ids -> ids != null && ids.length > 1)
                    .map(ids -> new long[] {ids[ids.length - 1], ids[0]}).sorted((a, b) -> Long.compare(a[0], b[0]))
                    .toArray(long[][]::new);
        } catch (IOException | java.io.UncheckedIOException e) {
            return; // the process is gone: keep the last map
        }
        inner = new long[pairs.length];
        host = new long[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            inner[i] = pairs[i][0];
            host[i] = pairs[i][1];
        }
    }

    /** The ids on a status file's {@code NSpid:} line, or null if unreadable (gone) or absent (kernel < 4.1). */
    static long[] nsPids(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("NSpid:")) {
                    return Arrays.stream(line.substring(6).strip().split("\\s+")).mapToLong(Long::parseLong)
                            .toArray();
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
