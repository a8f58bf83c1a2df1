package io.pysample.shipping;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A back end's base URL plus the headers every request to it carries (tenant, {@code Authorization}, user
 * headers).
 *
 * @param base {@code http} or {@code https} URL, possibly with a path prefix (e.g. {@code http://host:4040})
 * @param headers header name to value, in order
 */
public record Endpoint(URI base, Map<String, String> headers) {
    public Endpoint {
        String scheme = base.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + base);
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        HttpRequest.Builder probe = HttpRequest.newBuilder(base);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                probe.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) { // e.g. Host, Connection: refused at start, not per interval
                throw new IllegalArgumentException("header " + h.getKey() + " cannot be set: " + e.getMessage(), e);
            }
        }
    }

    /** {@code url} with no extra headers; see {@link #Endpoint}. */
    public static Endpoint of(String url) {
        return new Endpoint(URI.create(url), Map.of());
    }

    /** A copy that also sends {@code name: value}. */
    public Endpoint withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Endpoint(base, h);
    }

    /** A POST request to {@code path} (appended to the base path; {@code path} starts with {@code /}). */
    public HttpRequest.Builder post(String pathAndQuery, String contentType, byte[] body) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(b + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType)
                .header("User-Agent", "pysample");
        headers.forEach(r::header);
        return r;
    }
}
