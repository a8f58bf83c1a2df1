package io.pysample.shipping;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Pyroscope's older HTTP ingest API: {@code POST BASE/ingest?name=SERVICE{k=v,...}&from=S&until=S&format=pprof
 * &sampleRate=HZ&spyName=pysample} with the gzip pprof as the raw request body (with {@code format=pprof} the
 * server reads the body as the profile, not as a multipart form: grafana/pyroscope
 * {@code pkg/ingester/pyroscope/ingest_handler.go}). {@code from}/{@code until} are Unix seconds (start rounded
 * down, end rounded up); the server derives {@code __name__} from the pprof's sample types. Label values lose the
 * characters the name syntax reserves ({@code {},=}), replaced by {@code _}.
 */
public record PyroscopeIngest(Endpoint endpoint, String name) implements Backend {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Under the name {@code pyroscope}, which the spool keys acknowledgements by. */
    public PyroscopeIngest(Endpoint endpoint) {
        this(endpoint, "pyroscope");
    }

    @Override
    public HttpRequest.Builder request(SpooledInterval i) {
        long from = Math.floorDiv(i.startEpochNanos(), NANOS_PER_SECOND);
        long until = Math.floorDiv(i.endEpochNanos() + NANOS_PER_SECOND - 1, NANOS_PER_SECOND);
        String query = "/ingest?name=" + URLEncoder.encode(appName(i), StandardCharsets.UTF_8)
                + "&from=" + from + "&until=" + until + "&format=pprof"
                + "&sampleRate=" + Math.max(1, Math.round(i.rateHz())) + "&spyName=pysample";
        return endpoint.post(query, "application/octet-stream", i.pprofGzip());
    }

    /** {@code SERVICE{pid=..,hostname=..,python_version=..,tags...}}: the labels without {@code __name__}. */
    static String appName(SpooledInterval i) {
        StringBuilder b = new StringBuilder(clean(i.service())).append('{');
        boolean first = true;
        for (Map.Entry<String, String> l : SeriesLabels.of(i).entrySet()) {
            if (l.getKey().equals(SeriesLabels.NAME) || l.getKey().equals(SeriesLabels.SERVICE_NAME)) {
                continue;
            }
            b.append(first ? "" : ",").append(l.getKey()).append('=').append(clean(l.getValue()));
            first = false;
        }
        return b.append('}').toString();
    }

    private static String clean(String value) {
        return value.replaceAll("[{},=]", "_");
    }
}
