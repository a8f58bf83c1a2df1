package io.pysample.shipping;

import java.util.OptionalLong;

/** What one delivery attempt of one interval came to. */
sealed interface Outcome {
    /** A 2xx: the back end has the interval; {@code warning} is what the answer's body reports, if anything. */
    record Delivered(int status, java.util.Optional<String> warning) implements Outcome {
    }

    /**
     * Worth trying again later: connection refused or reset, a timeout, 408, 429 or 5xx.
     *
     * @param retryAfterMillis the server's {@code Retry-After}, if it gave one
     */
    record Retry(String reason, OptionalLong retryAfterMillis) implements Outcome {
    }

    /** Refused for good (another 4xx, a 3xx, or an interval that cannot be encoded). */
    record Rejected(String reason) implements Outcome {
    }
}
