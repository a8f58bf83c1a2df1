package io.pysample.core.sampling;

import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when parked on or advanced; records every park. Starts at a negative nanoTime. */
final class FakeClock implements NanoClock {
    private long now = -5_000_000_000L;
    final List<Long> parks = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long epochMillis() {
        return 1_700_000_000_000L + Math.floorDiv(now, 1_000_000);
    }

    @Override
    public void park(long nanos) {
        if (nanos <= 0) {
            throw new AssertionError("parked for " + nanos + " ns");
        }
        parks.add(nanos);
        now += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
