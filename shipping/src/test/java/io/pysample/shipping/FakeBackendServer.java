package io.pysample.shipping;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceResponse;
import io.pysample.formats.pprof.ProfileProto;
import io.pysample.shipping.proto.push.PushProto;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pyroscope push and ingest and an OTLP profiles receiver on 127.0.0.1, decoding every request with the generated
 * classes. Faults are scripted: each request takes the next one, if any, else is accepted (200).
 */
final class FakeBackendServer implements AutoCloseable {
    /**
     * One scripted answer: wait {@code delayMillis}, then answer {@code status} (recorded as late if 2xx); a
     * positive {@code retryAfterDateMillis} adds {@code Retry-After: <HTTP date that far after the clock's now>}.
     */
    record Fault(int status, Map<String, String> headers, String body, long delayMillis, long retryAfterDateMillis) {
        static Fault status(int status) {
            return new Fault(status, Map.of(), "{\"code\":\"unavailable\",\"message\":\"try later\"}", 0, 0);
        }
    }

    /** A request the server decoded; {@code accepted} if answered 2xx in time; {@code atMillis} by the clock. */
    record Received(String path, Map<String, String> headers, Map<String, String> query, Object message,
            ProfileProto.Profile pprof, int status, boolean accepted, long atMillis) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    private final ShippingClock clock;

    FakeBackendServer(int port, ShippingClock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext(PyroscopePush.PATH, this::push);
        server.createContext("/ingest", this::ingest);
        server.createContext(OtlpProfiles.PATH, this::otlp);
    }

    /** Starts answering (script faults before, or a waiting client may get through first). */
    FakeBackendServer start() {
        server.start();
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    synchronized void script(Fault fault, int times) {
        for (int k = 0; k < times; k++) {
            faults.add(fault);
        }
    }

    synchronized int faultsLeft() {
        return faults.size();
    }

    private synchronized Fault nextFault() {
        return faults.poll();
    }

    /** Accepted requests only, in arrival order. */
    List<Received> accepted() {
        return received.stream().filter(Received::accepted).toList();
    }

    private void push(HttpExchange ex) throws IOException {
        PushProto.PushRequest req = PushProto.PushRequest.parseFrom(ex.getRequestBody().readAllBytes());
        byte[] raw = req.getSeries(0).getSamples(0).getRawProfile().toByteArray();
        answer(ex, req, PprofBytes.decode(raw), PushProto.PushResponse.getDefaultInstance().toByteArray());
    }

    private void ingest(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        answer(ex, null, PprofBytes.decode(body), new byte[0]);
    }

    private void otlp(HttpExchange ex) throws IOException {
        ExportProfilesServiceRequest req = ExportProfilesServiceRequest.parseFrom(ex.getRequestBody().readAllBytes());
        answer(ex, req, null, ExportProfilesServiceResponse.getDefaultInstance().toByteArray());
    }

    private void answer(HttpExchange ex, Object message, ProfileProto.Profile pprof, byte[] okBody)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        Fault f = nextFault();
        int status = 200;
        byte[] body = okBody;
        try {
            if (f != null) {
                Thread.sleep(f.delayMillis());
                status = f.status();
                body = f.body().getBytes(StandardCharsets.UTF_8);
                f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                if (f.retryAfterDateMillis() > 0) {
                    ex.getResponseHeaders().add("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(java.time.Instant.ofEpochMilli(clock.millis() + f.retryAfterDateMillis())
                                    .atZone(java.time.ZoneOffset.UTC)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean accepted = status / 100 == 2 && (f == null || f.delayMillis() == 0);
        received.add(new Received(ex.getRequestURI().getPath(), headers, query(ex), message, pprof, status, accepted,
                clock.millis()));
        try {
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // The client gave up (timeout): it must send again.
        } finally {
            ex.close();
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
