package io.pysample.shipping;

/**
 * A back end's counters since its {@link Shipper} started.
 *
 * @param backend the back end's name
 * @param sent intervals acknowledged (2xx)
 * @param pending intervals in the spool this back end has not yet acknowledged or rejected (-1 if the spool
 *        could not be read)
 * @param resent intervals acknowledged after a failed attempt, or left unsent by an earlier run (included in
 *        {@code sent})
 * @param rejected intervals refused for good (4xx other than 408/429, or not encodable)
 * @param failures failed attempts that will be retried
 * @param lastError the last failure's reason, or empty
 */
public record ShipperStats(String backend, long sent, long pending, long resent, long rejected, long failures,
        String lastError) {

    /** E.g. {@code pyroscope: sent 120, pending 3, resent 7, rejected 1}. */
    public String statusLine() {
        return backend + ": sent " + sent + ", pending " + (pending < 0 ? "?" : Long.toString(pending))
                + ", resent " + resent + ", rejected " + rejected;
    }
}
