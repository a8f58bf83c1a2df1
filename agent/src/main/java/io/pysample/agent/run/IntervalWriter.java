package io.pysample.agent.run;

import io.pysample.agent.store.IntervalSource;
import io.pysample.agent.store.NewInterval;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoredInterval;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.export.PprofExporter;
import io.pysample.shipping.Shipper;
import io.pysample.shipping.SpooledInterval;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent's writer thread: takes cut intervals from a bounded queue (the sampling thread never waits: a full
 * queue drops the interval, counted), encodes each with {@link PprofExporter}, appends it to the store and then
 * submits it to every shipper (the store is their spool: it holds the interval before they hear of it).
 */
final class IntervalWriter implements Runnable {
    private static final CutInterval END = new CutInterval("-", java.util.Map.of(), null, 0, 0);

    private final ProfileStore store;
    private final List<Shipper> shippers;
    private final String hostName;
    private final String sampleType;
    private final AgentCounters counters;
    private final PrintStream err;
    private final BlockingQueue<CutInterval> queue;
    private final Thread thread;
    private String lastError = "";

    IntervalWriter(ProfileStore store, List<Shipper> shippers, String hostName, SamplingMode mode, int capacity,
            AgentCounters counters, PrintStream err) {
        this.store = store;
        this.shippers = shippers;
        this.hostName = hostName;
        this.sampleType = mode == SamplingMode.ALL ? SpooledInterval.WALL : SpooledInterval.PROCESS_CPU;
        this.counters = counters;
        this.err = err;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this, "pysample-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands an interval over without waiting; drops (and counts) it if the queue is full. Sampling thread. */
    void offer(CutInterval c) {
        if (!queue.offer(c)) {
            counters.dropped.incrementAndGet();
        }
    }

    /** Writes what is queued, then ends the thread; waits up to {@code timeoutMillis}. */
    void finish(long timeoutMillis) throws InterruptedException {
        if (!queue.offer(END, timeoutMillis, TimeUnit.MILLISECONDS)) {
            thread.interrupt();
        }
        thread.join(timeoutMillis);
    }

    @Override
    public void run() {
        try {
            for (CutInterval c = queue.take(); c != END; c = queue.take()) {
                write(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(CutInterval c) {
        RecordingInfo info = c.interval().info();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 << 10);
            new PprofExporter().write(c.interval().profile(), info, bytes);
            NewInterval ni = new NewInterval(c.service(), info.pid(), info.commandLine(), c.labels(), c.startNanos(),
                    c.endNanos(), c.interval().profile().totalCount(), bytes.toByteArray(),
                    new IntervalSource(info.pythonVersion(), hostName, sampleType, info.rateHz()));
            long id = store.append(ni);
            counters.stored.incrementAndGet();
            if (!shippers.isEmpty()) {
                SpooledInterval s = StoreSpool.spooled(new StoredInterval(id, ni.service(), ni.pid(),
                        ni.commandLine(), ni.labels(), ni.startNanos(), ni.endNanos(), ni.samples(), ni.pprof(),
                        ni.source()));
                for (Shipper shipper : shippers) {
                    shipper.submit(s);
                }
            }
        } catch (IOException | RuntimeException e) {
            counters.writeFailures.incrementAndGet();
            String msg = String.valueOf(e.getMessage());
            if (!msg.equals(lastError)) { // a full disk would say the same every interval
                lastError = msg;
                err.println("pysample agent: cannot store the interval of pid " + info.pid() + ": " + msg);
            }
        }
    }
}
