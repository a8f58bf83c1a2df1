package io.pysample.agent.run;

import io.pysample.agent.store.IntervalSource;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoreException;
import io.pysample.agent.store.StoredInterval;
import io.pysample.shipping.Spool;
import io.pysample.shipping.SpooledInterval;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The shippers' {@link Spool} over the agent's {@link ProfileStore}: unsent means neither acknowledged nor
 * rejected by that back end; store failures become {@link UncheckedIOException}s (the shipper retries later).
 * Intervals from a store of format 1 (no sample type or rate recorded) ship as {@code process_cpu} at 100 Hz, the
 * agent's defaults.
 */
public final class StoreSpool implements Spool {
    private static final double DEFAULT_RATE = 100;

    private final ProfileStore store;

    public StoreSpool(ProfileStore store) {
        this.store = store;
    }

    @Override
    public List<SpooledInterval> unsent(String backend, int limit) {
        try {
            return store.unsent(backend, limit).stream().map(StoreSpool::spooled).toList();
        } catch (StoreException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long countUnsent(String backend) {
        try {
            return store.countUnsent(backend);
        } catch (StoreException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void markSent(String backend, long id) {
        try {
            store.markSent(backend, id);
        } catch (StoreException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void markRejected(String backend, long id, String reason) {
        try {
            store.markRejected(backend, id, reason);
        } catch (StoreException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipping view of a stored interval (with its profile). */
    public static SpooledInterval spooled(StoredInterval i) {
        IntervalSource s = i.source();
        String type = SpooledInterval.WALL.equals(s.sampleType()) ? SpooledInterval.WALL : SpooledInterval.PROCESS_CPU;
        return new SpooledInterval(i.id(), i.service(), i.pid(), i.commandLine(), s.pythonVersion(), s.hostName(),
                i.labels(), i.startNanos(), i.endNanos(), type, s.rateHz() > 0 ? s.rateHz() : DEFAULT_RATE, i.pprof());
    }
}
