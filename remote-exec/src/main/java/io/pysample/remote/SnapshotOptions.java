package io.pysample.remote;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a snapshot collects and its limits.
 *
 * @param kinds the sections, in {@link SnapshotKind} order
 * @param reprLength characters kept of each {@code repr} (locals, awaited futures)
 * @param maxFrames frames kept per thread or coroutine chain
 * @param maxLocals variables kept per frame
 * @param topTypes object types listed by the {@code gc} section
 * @param maxResultBytes the largest result accepted (the script replaces a larger one with an error)
 */
public record SnapshotOptions(Set<SnapshotKind> kinds, int reprLength, int maxFrames, int maxLocals, int topTypes,
        long maxResultBytes) {
    public static final int DEFAULT_REPR_LENGTH = 200;
    public static final int DEFAULT_MAX_FRAMES = 256;
    public static final int DEFAULT_MAX_LOCALS = 100;
    public static final int DEFAULT_TOP_TYPES = 25;
    public static final long DEFAULT_MAX_RESULT_BYTES = 64L << 20;

    public SnapshotOptions {
        kinds = kinds.isEmpty() ? EnumSet.noneOf(SnapshotKind.class) : EnumSet.copyOf(kinds);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no snapshot kind chosen");
        }
        if (reprLength < 1 || maxFrames < 1 || maxLocals < 1 || topTypes < 1 || maxResultBytes < 1024) {
            throw new IllegalArgumentException("snapshot limits must be positive");
        }
    }

    /** The chosen kinds with the default limits. */
    public static SnapshotOptions of(Set<SnapshotKind> kinds) {
        return new SnapshotOptions(kinds, DEFAULT_REPR_LENGTH, DEFAULT_MAX_FRAMES, DEFAULT_MAX_LOCALS,
                DEFAULT_TOP_TYPES, DEFAULT_MAX_RESULT_BYTES);
    }

    public SnapshotOptions withReprLength(int n) {
        return new SnapshotOptions(kinds, n, maxFrames, maxLocals, topTypes, maxResultBytes);
    }

    public SnapshotOptions withTopTypes(int n) {
        return new SnapshotOptions(kinds, reprLength, maxFrames, maxLocals, n, maxResultBytes);
    }
}
