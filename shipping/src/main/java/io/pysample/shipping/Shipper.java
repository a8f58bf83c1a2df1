package io.pysample.shipping;

import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ships intervals to one {@link Backend} on its own thread. The producer (the agent's interval cutter) adds each
 * interval to the {@link Spool} first and then {@link #submit}s it: a non-blocking hand-over into a bounded queue.
 *
 * <p>The spool is the truth; the queue only saves reading intervals back. The sender starts in <em>backlog</em>
 * mode: it reads unsent intervals from the spool, oldest first, and sends them at most
 * {@link ShipperConfig#backlogPerSecond()} per second until none is left; then it sends from the queue. A retryable
 * failure (connection refused, timeout, 408, 429, 5xx) leaves the interval unsent, waits (the server's
 * {@code Retry-After}, else exponential backoff with jitter) and returns to backlog mode, which drops the queue's
 * contents (they are in the spool). A full queue also switches to backlog mode. Other 4xx answers mark the interval
 * rejected (logged with the answer's body), never resent. An interval is marked sent only after a 2xx. Queued
 * intervals whose id is at most the highest id settled by a completed backlog pass were already settled by it
 * (spool ids grow in insertion order), so nothing is sent twice.
 */
public final class Shipper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Shipper.class.getName());
    private static final int ID_SET_CAP = 100_000;

    private final Spool spool;
    private final Backend backend;
    private final ShipperConfig config;
    private final Backoff backoff;
    private final BlockingQueue<SpooledInterval> queue;
    private final ExecutorService httpExecutor;
    private final Delivery delivery;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Ids submitted here and not settled yet; during the start-up drain the others are an earlier run's. Capped. */
    private final Set<Long> fresh = ConcurrentHashMap.newKeySet();
    /** Ids with a failed attempt, not settled yet (sender thread only). */
    private final Set<Long> failed = new HashSet<>();
    private boolean startupDrain = true;
    private volatile boolean overflowed;
    private volatile boolean stopping;
    private volatile String lastError = "";
    private String lastRejection = "";
    private int consecutiveFailures;
    private long settledByBacklog = Long.MIN_VALUE;
    private long lastBacklogSendMillis = Long.MIN_VALUE;

    /** Creates and starts the sender thread. */
    public Shipper(Spool spool, Backend backend, ShipperConfig config) {
        this.spool = spool;
        this.backend = backend;
        this.config = config;
        this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), config.random());
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.httpExecutor = Executors.newSingleThreadExecutor(r -> daemon(r, "pysample-http-" + backend.name()));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).executor(httpExecutor).build();
        this.delivery = new Delivery(client, backend, config.readTimeout(), config.clock());
        this.thread = daemon(this::run, "pysample-ship-" + backend.name());
        thread.start();
    }

    /** Hands a newly spooled interval to the sender; never blocks. If the queue is full it is sent from the spool. */
    public void submit(SpooledInterval interval) {
        if (fresh.size() < ID_SET_CAP) {
            fresh.add(interval.id());
        }
        if (!queue.offer(interval)) {
            overflowed = true;
        }
    }

    /** The counters; {@code pending} is read from the spool. */
    public ShipperStats stats() {
        long pending;
        try {
            pending = spool.countUnsent(backend.name());
        } catch (RuntimeException e) {
            pending = -1;
        }
        return new ShipperStats(backend.name(), sent.get(), pending, resent.get(), rejected.get(), failures.get(),
                lastError);
    }

    /**
     * Stops the sender, waiting up to {@code timeoutMillis} for the attempt in flight; unsent intervals stay in
     * the spool for the next run.
     */
    public void close(long timeoutMillis) throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(Math.max(1, timeoutMillis));
        httpExecutor.shutdownNow();
        httpExecutor.awaitTermination(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        close(config.readTimeout().toMillis() + 1000);
    }

    private void run() {
        boolean backlog = true; // the spool may hold what an earlier run left
        try {
            while (!stopping) {
                try {
                    backlog = backlog ? drainBacklog() : sendQueued();
                } catch (RuntimeException e) { // safety net: the sender thread must not die
                    LOG.log(Level.ERROR, backend.name() + ": unexpected failure while shipping", e);
                    backlog = true;
                    spoolFailed("pass", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One pass over a batch of the spool's backlog; true while backlog mode goes on. */
    private boolean drainBacklog() throws InterruptedException {
        overflowed = false;
        queue.clear(); // every queued interval is in the spool as well
        List<SpooledInterval> batch;
        try {
            batch = spool.unsent(backend.name(), config.batchSize());
        } catch (RuntimeException e) {
            spoolFailed("read", e);
            return true;
        }
        if (batch.isEmpty()) {
            startupDrain = false;
            return false;
        }
        for (SpooledInterval i : batch) {
            if (stopping) {
                return true;
            }
            paceBacklog();
            if (!deliver(i)) {
                return true;
            }
            settledByBacklog = Math.max(settledByBacklog, i.id());
        }
        return true;
    }

    /** Sends the next queued interval; false while queue mode goes on. */
    private boolean sendQueued() throws InterruptedException {
        if (overflowed) {
            return true;
        }
        SpooledInterval i = queue.take(); // a full queue is never empty: an overflow is seen after this one
        if (i.id() <= settledByBacklog) { // added before the last backlog read that came back empty: settled
            return false;
        }
        return !deliver(i);
    }

    /** One attempt; false after a retryable failure (already waited out). */
    private boolean deliver(SpooledInterval i) throws InterruptedException {
        Outcome outcome = delivery.attempt(i);
        if (outcome instanceof Outcome.Retry retry) {
            if (failed.size() < ID_SET_CAP) {
                failed.add(i.id());
            }
            failures.incrementAndGet();
            consecutiveFailures++;
            if (consecutiveFailures == 1) {
                LOG.log(Level.WARNING, "{0}: cannot deliver interval {1} ({2}); it stays spooled and is retried",
                        backend.name(), i.id(), retry.reason());
            }
            lastError = retry.reason();
            long wait = retry.retryAfterMillis().isPresent()
                    ? Math.min(retry.retryAfterMillis().getAsLong(), config.retryAfterMax().toMillis())
                    : backoff.delayMillis(consecutiveFailures);
            config.clock().sleep(wait);
            return false;
        }
        try {
            if (outcome instanceof Outcome.Rejected r) {
                spool.markRejected(backend.name(), i.id(), r.reason());
                rejected.incrementAndGet();
                // The same refusal again (e.g. a bad token refusing every interval) is counted, not logged again.
                LOG.log(r.reason().equals(lastRejection) ? Level.DEBUG : Level.WARNING,
                        "{0}: interval {1} (service {2}, pid {3}) rejected, not retried: {4}",
                        backend.name(), i.id(), i.service(), i.pid(), r.reason());
                lastRejection = r.reason();
            } else {
                ((Outcome.Delivered) outcome).warning().ifPresent(w ->
                        LOG.log(Level.WARNING, "{0}: interval {1} accepted with a warning: {2}", backend.name(),
                                i.id(), w));
                spool.markSent(backend.name(), i.id());
                sent.incrementAndGet();
                if (failed.contains(i.id()) || (startupDrain && !fresh.contains(i.id()))) {
                    resent.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            spoolFailed("update", e); // it may be sent again after a restart
            return false;
        }
        if (consecutiveFailures > 0) {
            LOG.log(Level.INFO, "{0}: delivering again after {1} failed attempts", backend.name(),
                    consecutiveFailures);
            consecutiveFailures = 0;
        }
        fresh.remove(i.id());
        failed.remove(i.id());
        return true;
    }

    private void paceBacklog() throws InterruptedException {
        long gap = (long) Math.ceil(1000.0 / config.backlogPerSecond());
        long now = config.clock().millis();
        if (lastBacklogSendMillis != Long.MIN_VALUE && now - lastBacklogSendMillis < gap) {
            config.clock().sleep(gap - (now - lastBacklogSendMillis));
        }
        lastBacklogSendMillis = config.clock().millis();
    }

    private void spoolFailed(String what, RuntimeException e) throws InterruptedException {
        failures.incrementAndGet();
        consecutiveFailures++;
        lastError = "spool " + what + " failed: " + e.getMessage();
        LOG.log(Level.WARNING, "{0}: {1}", backend.name(), lastError);
        config.clock().sleep(backoff.delayMillis(consecutiveFailures));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
