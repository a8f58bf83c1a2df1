package io.pysample.agent.run;

import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoreException;
import io.pysample.shipping.Backend;
import io.pysample.shipping.Shipper;
import io.pysample.shipping.ShipperConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code pysample agent}: profiles every selected CPython process continuously. Threads: discovery (scans and
 * attaches), one sampling thread for all targets, the writer (pprof encoding, store appends) and one sender per
 * back end. {@link #run} blocks until {@link #stop()} (any thread, e.g. a signal handler) or the duration, then
 * flushes: every session's interval in progress is cut and stored, the shippers get a grace period to send what
 * is pending, the store is closed.
 */
public final class Agent {
    private final AgentSettings settings;
    private final PrintStream err;
    private final AgentCounters counters = new AgentCounters();
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public Agent(AgentSettings settings, PrintStream err) {
        this.settings = settings;
        this.err = err;
    }

    /** Ends {@link #run} (flushing). Any thread; returns at once. */
    public void stop() {
        stopRequested.countDown();
    }

    public AgentCounters counters() {
        return counters;
    }

    /**
     * Runs until stopped or the duration has passed.
     *
     * @throws StoreException if the store cannot be opened (nothing was started)
     */
    public void run() throws StoreException, InterruptedException {
        ProfileStore store = ProfileStore.open(settings.store(), settings.retention(), Clock.systemUTC());
        List<Shipper> shippers = new ArrayList<>();
        StoreSpool spool = new StoreSpool(store);
        for (Backend b : settings.backends()) {
            shippers.add(new Shipper(spool, b, ShipperConfig.defaults()));
        }
        IntervalWriter writer = new IntervalWriter(store, shippers, hostName(), settings.session().mode(),
                settings.writeQueue(), counters, err);
        Discovery[] discovery = new Discovery[1];
        SamplingLoop loop = new SamplingLoop(settings.session(), settings.interval().toMillis(), settings.maxFrames(),
                settings.service(), settings.tags(), writer::offer, key -> discovery[0].forget(key), counters, err);
        discovery[0] = new Discovery(settings.targets(), settings.memory(), settings.discoveryPeriod().toNanos(),
                loop::add, new Refusals(err, counters));
        writer.start();
        loop.start();
        discovery[0].start();
        err.println("pysample agent: profiling " + settings.targets().describe() + " at "
                + format(settings.session().rateHz()) + " Hz, " + format(settings.interval().toMillis() / 1000.0)
                + " s intervals, into " + store.file() + (shippers.isEmpty() ? "" : ", shipping to "
                + String.join(", ", settings.backends().stream().map(Backend::name).toList())));
        try {
            waitForStop(store, shippers);
        } finally {
            discovery[0].stop();
            loop.stop();
            writer.finish(TimeUnit.SECONDS.toMillis(30));
            flush(shippers);
            err.println(status(store, shippers));
            store.close();
        }
    }

    private void waitForStop(ProfileStore store, List<Shipper> shippers) throws InterruptedException {
        long end = settings.duration() == null ? Long.MAX_VALUE : System.nanoTime() + settings.duration().toNanos();
        long statusEvery = settings.statusPeriod().toNanos();
        long nextStatus = System.nanoTime() + statusEvery;
        while (true) {
            long now = System.nanoTime();
            if (end - now <= 0) {
                return;
            }
            if (now - nextStatus >= 0) {
                err.println(status(store, shippers));
                nextStatus = now + statusEvery;
            }
            if (stopRequested.await(Math.min(end - now, nextStatus - now), TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    /**
     * Gives each shipper up to the flush period to send what is pending, as long as it does not fail (a back end
     * that is down keeps its intervals unsent for the next run), then closes them.
     */
    private void flush(List<Shipper> shippers) throws InterruptedException {
        long deadline = System.nanoTime() + settings.shipFlush().toNanos();
        for (Shipper s : shippers) {
            long failures = s.stats().failures();
            while (s.stats().pending() > 0 && s.stats().failures() == failures && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
        }
        for (Shipper s : shippers) {
            s.close(Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** The status line: targets, samples, intervals stored, store size, refusals and each shipper's counters. */
    String status(ProfileStore store, List<Shipper> shippers) {
        StringBuilder b = new StringBuilder("pysample agent: ").append(counters.targets()).append(" targets, ")
                .append(counters.samples()).append(" samples, ").append(counters.stored()).append(" intervals stored");
        if (counters.dropped() > 0 || counters.writeFailures() > 0) {
            b.append(" (").append(counters.dropped()).append(" dropped, ").append(counters.writeFailures())
                    .append(" failed)");
        }
        b.append(", store ").append(mebibytes(store.fileBytes())).append(", ").append(counters.refused())
                .append(" refused");
        for (Shipper s : shippers) {
            b.append("; ").append(s.stats().statusLine());
        }
        return b.toString();
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The kernel's host name (UTS namespace), empty if unreadable. */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
