package io.pysample.shipping;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One attempt to deliver one interval over HTTP, classified into an {@link Outcome}. The read timeout bounds the
 * wait for the answer's headers; the body of an error answer is kept for the log, cut to
 * {@value #BODY_LIMIT} characters.
 */
final class Delivery {
    static final int BODY_LIMIT = 512;

    private final HttpClient client;
    private final Backend backend;
    private final Duration readTimeout;
    private final ShippingClock clock;

    Delivery(HttpClient client, Backend backend, Duration readTimeout, ShippingClock clock) {
        this.client = client;
        this.backend = backend;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    Outcome attempt(SpooledInterval interval) throws InterruptedException {
        HttpRequest request;
        try {
            request = backend.request(interval).timeout(readTimeout).build();
        } catch (RuntimeException e) { // a corrupt interval must not block the ones behind it
            return new Outcome.Rejected("cannot encode interval: " + e.getMessage());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return new Outcome.Retry("no answer within " + readTimeout.toMillis() + " ms", OptionalLong.empty());
        } catch (ConnectException e) {
            return new Outcome.Retry("cannot connect to " + request.uri().getAuthority() + ": " + message(e),
                    OptionalLong.empty());
        } catch (IOException e) {
            return new Outcome.Retry("I/O error: " + message(e), OptionalLong.empty());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Outcome.Delivered(status, backend.warningFor(response.body()));
        }
        String reason = "HTTP " + status + ": " + bodyText(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            return new Outcome.Retry(reason, RetryAfter.millis(retryAfter, clock.millis()));
        }
        return new Outcome.Rejected(reason);
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    static String bodyText(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return s.length() <= BODY_LIMIT ? s : s.substring(0, BODY_LIMIT) + "...";
    }
}
