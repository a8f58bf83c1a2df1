package io.pysample.cli;

import io.pysample.core.sampling.GilTally;
import io.pysample.export.Names;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pysample top}'s GIL column of the header: the share of the window's samples in which a thread held the GIL,
 * and the thread that held it in most of them, from the {@link GilTally.Share} of each refresh. "n/a" while no
 * sample in the window could tell the holder (a Python whose debug offsets do not say, or no sample yet).
 */
final class TopGil {
    private final int window;
    private final Deque<GilTally.Share> recent = new ArrayDeque<>();

    /** @param window refreshes the share covers (at least 1) */
    TopGil(int window) {
        this.window = Math.max(1, window);
    }

    void add(GilTally.Share share) {
        recent.addLast(share);
        while (recent.size() > window) {
            recent.removeFirst();
        }
    }

    void reset() {
        recent.clear();
    }

    /**
     * E.g. {@code GIL: 97% (spinner tid=123)}; with {@code pids}, the holder's pid too ({@code ... pid 45}).
     */
    String text(boolean pids) {
        long samples = 0;
        long held = 0;
        Map<Long, long[]> counts = new HashMap<>();
        Map<Long, GilTally.Holder> who = new HashMap<>();
        for (GilTally.Share s : recent) {
            samples += s.samples();
            held += s.held();
            for (GilTally.Holder h : s.holders()) {
                long key = ((long) h.pid() << 32) | h.tid();
                counts.computeIfAbsent(key, k -> new long[1])[0] += h.samples();
                who.putIfAbsent(key, h);
            }
        }
        if (samples == 0) {
            return "GIL: n/a";
        }
        String text = String.format(Locale.ROOT, "GIL: %.0f%%", 100.0 * held / samples);
        long best = -1;
        GilTally.Holder top = null;
        for (Map.Entry<Long, long[]> e : counts.entrySet()) {
            if (e.getValue()[0] > best) {
                best = e.getValue()[0];
                top = who.get(e.getKey());
            }
        }
        if (top == null) {
            return text;
        }
        return text + " (" + Names.clean(top.name()) + " tid=" + top.tid() + (pids ? " pid " + top.pid() : "") + ")";
    }
}
