package io.pysample.shipping;

import java.util.List;

/**
 * The agent's durable store of intervals as shipping sees it: per back end, which intervals still await an
 * acknowledgement. Implementations must be thread-safe (the sender thread and a status reader call them) and must
 * add an interval to the spool <em>before</em> it is submitted to a {@link Shipper}. Failures are unchecked
 * exceptions; the sender logs them and tries again later.
 */
public interface Spool {
    /**
     * Up to {@code limit} intervals that {@code backend} has neither acknowledged nor rejected, oldest first (by
     * start time, then id).
     */
    List<SpooledInterval> unsent(String backend, int limit);

    /** How many intervals {@code backend} has neither acknowledged nor rejected. */
    long countUnsent(String backend);

    /** {@code backend} acknowledged interval {@code id} (a 2xx answer); a gone interval is ignored. */
    void markSent(String backend, long id);

    /** {@code backend} refused interval {@code id} for good (a 4xx other than 408/429); it is not sent again. */
    void markRejected(String backend, long id, String reason);
}
