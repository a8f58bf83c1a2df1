package io.pysample.core.walk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns {@link Frame}s to dense ids (0, 1, 2, …). Append-only: an id stays valid for the life of the table, even
 * when the code-object cache that produced it is cleared. Not thread-safe: owned by the sampling thread, read by
 * exporters after sampling stops.
 */
public final class FrameTable {
    private final Map<Frame, Integer> ids = new HashMap<>();
    private final List<Frame> frames = new ArrayList<>();

    /** The id of {@code frame}, adding it if new. */
    public int intern(Frame frame) {
        Integer id = ids.get(frame);
        if (id != null) {
            return id;
        }
        int next = frames.size();
        frames.add(frame);
        ids.put(frame, next);
        return next;
    }

    public int intern(String function, String file, int line, int firstLine) {
        return intern(new Frame(function, file, line, firstLine));
    }

    /** The frame with this id. */
    public Frame get(int id) {
        return frames.get(id);
    }

    public int size() {
        return frames.size();
    }
}
