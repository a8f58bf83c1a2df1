package io.pysample.shipping;

import java.time.Duration;
import java.util.Random;

/**
 * How a {@link Shipper} sends.
 *
 * @param queueCapacity intervals the producer can hand over before new ones wait in the spool only
 * @param connectTimeout TCP (and TLS) connect timeout
 * @param readTimeout longest wait for an answer's headers after sending
 * @param backoffBase first wait after a failure
 * @param backoffMax longest wait between attempts (a {@code Retry-After} may ask for more, up to
 *        {@code retryAfterMax})
 * @param retryAfterMax cap on a server's {@code Retry-After}
 * @param backlogPerSecond most intervals per second sent from the spool's backlog (after an outage or a restart)
 * @param batchSize intervals read from the spool at a time
 * @param clock wall time and waiting (tests compress it)
 * @param random jitter source
 */
public record ShipperConfig(int queueCapacity, Duration connectTimeout, Duration readTimeout, Duration backoffBase,
        Duration backoffMax, Duration retryAfterMax, double backlogPerSecond, int batchSize, ShippingClock clock,
        Random random) {

    public ShipperConfig {
        if (queueCapacity < 1 || batchSize < 1 || !(backlogPerSecond > 0)) {
            throw new IllegalArgumentException("queue capacity, batch size and backlog rate must be positive");
        }
    }

    /**
     * Defaults: queue 1024, connect 5 s, read 30 s, backoff 1 s doubling up to 5 min, {@code Retry-After} up to
     * 1 h, backlog 20 intervals/s, batches of 64, system clock.
     */
    public static ShipperConfig defaults() {
        return new ShipperConfig(1024, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofHours(1), 20, 64, ShippingClock.SYSTEM, new Random());
    }

    public ShipperConfig withTimeouts(Duration connect, Duration read) {
        return new ShipperConfig(queueCapacity, connect, read, backoffBase, backoffMax, retryAfterMax,
                backlogPerSecond, batchSize, clock, random);
    }

    public ShipperConfig withClock(ShippingClock c, Random r) {
        return new ShipperConfig(queueCapacity, connectTimeout, readTimeout, backoffBase, backoffMax, retryAfterMax,
                backlogPerSecond, batchSize, c, r);
    }

    public ShipperConfig withQueue(int capacity, int batch) {
        return new ShipperConfig(capacity, connectTimeout, readTimeout, backoffBase, backoffMax, retryAfterMax,
                backlogPerSecond, batch, clock, random);
    }
}
