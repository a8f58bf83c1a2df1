package io.pysample.remote;

import java.util.Locale;

/** The sections a snapshot script can collect inside the target; each is a bundled script resource. */
public enum SnapshotKind {
    /** Every thread's frames with their local variables ({@code sys._current_frames()}, {@code f_locals}). */
    LOCALS,
    /** Garbage collector state and object counts by type ({@code gc.get_objects()}, {@code get_count()}). */
    GC,
    /** asyncio tasks of every event loop ({@code asyncio.all_tasks(loop)}), if asyncio is imported. */
    ASYNCIO,
    /** {@code threading.enumerate()}: names, daemon flags, native ids, current function. */
    THREADS;

    /** The section's name in the result JSON and its resource file name ({@code locals}, …). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a section name ({@code gc}, {@code LOCALS}, …). */
    public static SnapshotKind parse(String s) {
        for (SnapshotKind k : values()) {
            if (k.key().equalsIgnoreCase(s.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown snapshot kind '" + s + "' (expected locals, gc, asyncio or "
                + "threads)");
    }
}
