package io.pysample.shipping;

/** Wall time and waiting for the sender; tests replace it to compress backoff. */
public interface ShippingClock {
    /** Unix epoch milliseconds (to read {@code Retry-After} dates). */
    long millis();

    /** Waits {@code millis} (an interrupt ends the wait early). */
    void sleep(long millis) throws InterruptedException;

    /** The system clock and {@link Thread#sleep}. */
    ShippingClock SYSTEM = new ShippingClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
    };
}
