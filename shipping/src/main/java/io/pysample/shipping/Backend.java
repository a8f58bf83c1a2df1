package io.pysample.shipping;

import java.net.http.HttpRequest;
import java.util.Optional;

/** One way of delivering intervals: builds the HTTP request for an interval; knows no retry policy. */
public interface Backend {
    /** The name the spool keys acknowledgements by, e.g. {@code pyroscope} or {@code otlp}. */
    String name();

    /**
     * A request carrying {@code interval} (URI, method, body, content type and the back end's own headers).
     *
     * @throws IllegalArgumentException if the interval cannot be encoded (e.g. its pprof is corrupt): it is then
     *         rejected without being sent
     */
    HttpRequest.Builder request(SpooledInterval interval);

    /** A warning about a 2xx answer's {@code body} worth logging (e.g. OTLP partial success), if any. */
    default Optional<String> warningFor(byte[] body) {
        return Optional.empty();
    }
}
