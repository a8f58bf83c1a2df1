package io.pysample.shipping;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock whose waits pass at once (1 ms of real time at most), recording what was asked. */
final class FastClock implements ShippingClock {
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicLong offset = new AtomicLong();

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset.get();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        sleeps.add(millis);
        offset.addAndGet(Math.max(0, millis));
        Thread.sleep(1);
    }
}
