package io.pysample.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.profiles.v1development.Profile;
import io.pysample.shipping.FakeBackendServer.Fault;
import io.pysample.shipping.FakeBackendServer.Received;
import io.pysample.shipping.proto.push.PushProto;
import io.pysample.shipping.proto.types.TypesProto;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shippers against a real HTTP server on 127.0.0.1, with scripted faults; waits are compressed by FastClock. */
class ShipperTest {
    private final FastClock clock = new FastClock();
    private final MemorySpool spool = new MemorySpool();
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    /** Read timeout 3 s: a cold JVM on a busy machine must not look like a slow server (that would resend). */
    private ShipperConfig config(double backlogPerSecond, int queue) {
        return new ShipperConfig(queue, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(50),
                Duration.ofSeconds(2), Duration.ofHours(1), backlogPerSecond, 8, clock, new Random(42));
    }

    private Shipper start(Backend backend, ShipperConfig config) {
        Shipper s = new Shipper(spool, backend, config);
        closeLater.add(0, s);
        return s;
    }

    /** A server on {@code port} (0: any), not started yet. */
    private FakeBackendServer server(int port) throws IOException {
        FakeBackendServer s = new FakeBackendServer(port, clock);
        closeLater.add(s);
        return s;
    }

    private static Backend backend(String kind, String url) {
        return switch (kind) {
            case "push" -> new PyroscopePush(Endpoint.of(url).withHeader("X-Scope-OrgID", "tenant-1")
                    .withHeader("Authorization", Credentials.authorization("alice:s3cret").orElseThrow()));
            case "ingest" -> new PyroscopeIngest(Endpoint.of(url));
            default -> new OtlpProfiles(Endpoint.of(url).withHeader("X-Api-Key", "k"));
        };
    }

    private List<SpooledInterval> produce(Shipper shipper, int from, int to) {
        List<SpooledInterval> out = new ArrayList<>();
        for (int n = from; n < to; n++) {
            SpooledInterval i = spool.add(TestIntervals.interval(n, "shop"));
            shipper.submit(i);
            out.add(i);
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The interval number a request carried, from its profile's start time. */
    private static int intervalOf(Received r) {
        long start = r.message() instanceof ExportProfilesServiceRequest otlp
                ? otlp.getResourceProfiles(0).getScopeProfiles(0).getProfiles(0).getTimeUnixNano()
                : r.pprof().getTimeNanos();
        return (int) ((start - TestIntervals.T0) / TestIntervals.INTERVAL);
    }

    private static List<Integer> acceptedIntervals(FakeBackendServer server) {
        return server.accepted().stream().map(ShipperTest::intervalOf).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"push", "ingest", "otlp"})
    void everyIntervalArrivesOnceInOrderWithLabelsAndTotals(String kind) throws Exception {
        FakeBackendServer server = server(0).start();
        Shipper shipper = start(backend(kind, server.url()), config(1000, 64));
        produce(shipper, 0, 20);
        await(() -> shipper.stats().sent() == 20);

        assertThat(acceptedIntervals(server)).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(server.received).hasSize(20);
        for (Received r : server.accepted()) {
            int n = intervalOf(r);
            var original = TestIntervals.pprof(n, null);
            switch (kind) {
                case "push" -> checkPush(r, original);
                case "ingest" -> checkIngest(r, n, original);
                default -> checkOtlp(r, original);
            }
        }
        ShipperStats stats = shipper.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.rejected()).isZero();
        assertThat(stats.statusLine()).isEqualTo(stats.backend() + ": sent 20, pending 0, resent 0, rejected 0");
    }

    private static void checkPush(Received r, io.pysample.formats.pprof.ProfileProto.Profile original) {
        assertThat(r.path()).isEqualTo("/push.v1.PusherService/Push");
        assertThat(r.headers()).containsEntry("content-type", "application/proto")
                .containsEntry("connect-protocol-version", "1").containsEntry("x-scope-orgid", "tenant-1")
                .containsEntry("authorization", "Basic YWxpY2U6czNjcmV0");
        PushProto.RawProfileSeries series = ((PushProto.PushRequest) r.message()).getSeries(0);
        Map<String, String> labels = new LinkedHashMap<>();
        for (TypesProto.LabelPair l : series.getLabelsList()) {
            labels.put(l.getName(), l.getValue());
        }
        assertThat(labels).containsExactlyEntriesOf(orderedMap("__name__", "wall", "service_name", "shop", "pid",
                "4242", "hostname", "host-a", "python_version", "3.14.0", "env", "prod", "team_name", "core"));
        assertThat(series.getSamples(0).getID()).hasSize(36);
        assertThat(TestIntervals.stacks(r.pprof())).isEqualTo(TestIntervals.stacks(original));
    }

    private static void checkIngest(Received r, int n, io.pysample.formats.pprof.ProfileProto.Profile original) {
        assertThat(r.path()).isEqualTo("/ingest");
        long from = (TestIntervals.T0 + n * TestIntervals.INTERVAL) / 1_000_000_000L;
        assertThat(r.query()).containsExactlyEntriesOf(orderedMap(
                "name", "shop{pid=4242,hostname=host-a,python_version=3.14.0,env=prod,team_name=core}",
                "from", Long.toString(from), "until", Long.toString(from + 10), "format", "pprof",
                "sampleRate", "100", "spyName", "pysample"));
        assertThat(TestIntervals.stacks(r.pprof())).isEqualTo(TestIntervals.stacks(original));
    }

    private static void checkOtlp(Received r, io.pysample.formats.pprof.ProfileProto.Profile original) {
        assertThat(r.path()).isEqualTo("/v1development/profiles");
        assertThat(r.headers()).containsEntry("content-type", "application/x-protobuf").containsEntry("x-api-key", "k");
        ExportProfilesServiceRequest req = (ExportProfilesServiceRequest) r.message();
        Map<String, String> resource = new LinkedHashMap<>();
        for (KeyValue kv : req.getResourceProfiles(0).getResource().getAttributesList()) {
            resource.put(kv.getKey(), kv.getValue().hasIntValue() ? "int:" + kv.getValue().getIntValue()
                    : kv.getValue().getStringValue());
        }
        assertThat(resource).containsExactlyEntriesOf(orderedMap("service.name", "shop", "host.name", "host-a",
                "process.pid", "int:4242", "process.command_line", "python3 app.py --port 80",
                "process.runtime.name", "cpython", "process.runtime.version", "3.14.0", "env", "prod",
                "team.name", "core"));
        List<Profile> profiles = req.getResourceProfiles(0).getScopeProfiles(0).getProfilesList();
        assertThat(profiles).hasSize(2);
        List<Map<String, Long>> expected = TestIntervals.stacks(original);
        for (int t = 0; t < 2; t++) {
            assertThat(OtlpStacks.of(req.getDictionary(), profiles.get(t))).isEqualTo(expected.get(t));
        }
        assertThat(OtlpStacks.typeOf(req.getDictionary(), profiles.get(1))).isEqualTo("wall/nanoseconds");
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            m.put(kv[k], kv[k + 1]);
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void faultsLoseAndDuplicateNothing() throws Exception {
        int port = freePort();
        Shipper shipper = start(backend("push", "http://127.0.0.1:" + port),
                config(1000, 64).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(1000)));
        produce(shipper, 0, 5);
        await(() -> shipper.stats().failures() >= 3); // connection refused: nobody listens yet
        assertThat(shipper.stats().lastError()).contains("cannot connect");

        FakeBackendServer server = server(port);
        server.script(Fault.status(503), 3);
        server.script(new Fault(200, Map.of(), "", 1500, 0), 1); // slower than the 1 s read timeout
        server.script(new Fault(429, Map.of("Retry-After", "7"), "slow down", 0, 0), 1);
        server.script(new Fault(429, Map.of(), "slow down", 0, 30_000), 1);
        server.script(new Fault(200, Map.of(), "", 0, 0), 1);
        server.script(new Fault(400, Map.of(), "{\"code\":\"invalid_argument\",\"message\":\"bad labels\"}", 0, 0),
                1);
        server.start();
        produce(shipper, 5, 15);
        await(() -> shipper.stats().sent() + shipper.stats().rejected() == 15);

        // Interval 0 took every fault up to the 200; interval 1 met the 400; the rest went through.
        List<Integer> expected = new ArrayList<>(List.of(0));
        IntStream.range(2, 15).forEach(expected::add);
        assertThat(acceptedIntervals(server)).containsExactlyElementsOf(expected);
        ShipperStats stats = shipper.stats();
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.pending()).isZero();
        assertThat(spool.rejected("pyroscope")).containsOnlyKeys(2L)
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(
                        v -> v.contains("HTTP 400") && v.contains("bad labels"), "reason with body"));
        assertThat(clock.sleeps).contains(7_000L).anyMatch(ms -> ms > 28_000 && ms <= 30_000);

        // The late answer and the accepted resend carry the same profile id: a server can drop the duplicate.
        await(() -> server.received.stream().anyMatch(r -> r.status() == 200 && !r.accepted()));
        Received late = server.received.stream().filter(r -> r.status() == 200 && !r.accepted()).findFirst()
                .orElseThrow();
        assertThat(id(late)).isEqualTo(id(server.accepted().get(0)));
        assertThat(server.faultsLeft()).isZero();
    }

    private static String id(Received r) {
        return ((PushProto.PushRequest) r.message()).getSeries(0).getSamples(0).getID();
    }

    @Test
    void aNewShipperOnTheSameSpoolDeliversTheBacklogAtABoundedRate() throws Exception {
        int port = freePort();
        Shipper first = new Shipper(spool, backend("otlp", "http://127.0.0.1:" + port), config(2, 64));
        produce(first, 0, 6);
        await(() -> first.stats().failures() >= 2);
        first.close();
        assertThat(spool.countUnsent("otlp")).isEqualTo(6);

        FakeBackendServer server = server(port).start();
        clock.sleeps.clear();
        Shipper second = start(backend("otlp", server.url()), config(2, 64));
        await(() -> second.stats().sent() == 6);
        produce(second, 6, 8);
        await(() -> second.stats().sent() == 8);

        assertThat(acceptedIntervals(server)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(second.stats().resent()).isEqualTo(6);
        // 2 intervals per second: the 6 backlog sends span at least 5 slots of 500 ms (by the compressed clock,
        // less one send's latency).
        List<Received> backlog = server.accepted().subList(0, 6);
        assertThat(backlog.get(5).atMillis() - backlog.get(0).atMillis()).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aFullQueueFallsBackToTheSpool() throws Exception {
        FakeBackendServer server = server(0).start();
        Shipper shipper = start(backend("ingest", server.url()), config(1000, 2));
        produce(shipper, 0, 40);
        await(() -> shipper.stats().sent() == 40);
        assertThat(acceptedIntervals(server)).containsExactlyElementsOf(IntStream.range(0, 40).boxed().toList());
        assertThat(server.received).hasSize(40);
    }

    @Test
    void aCorruptIntervalIsRejectedWithoutBeingSent() throws Exception {
        FakeBackendServer server = server(0).start();
        Shipper shipper = start(backend("otlp", server.url()), config(1000, 64));
        SpooledInterval good = TestIntervals.interval(0, "shop");
        SpooledInterval bad = new SpooledInterval(0, "shop", 1, "", "", "", Map.of(), good.startEpochNanos() + 1,
                good.endEpochNanos(), SpooledInterval.WALL, 100, new byte[] {0x1f, (byte) 0x8b, 1, 2});
        shipper.submit(spool.add(bad));
        shipper.submit(spool.add(TestIntervals.interval(1, "shop")));
        await(() -> shipper.stats().sent() + shipper.stats().rejected() == 2);
        assertThat(shipper.stats().rejected()).isEqualTo(1);
        assertThat(spool.rejected("otlp").get(1L)).startsWith("cannot encode interval");
        assertThat(acceptedIntervals(server)).containsExactly(1);
    }

    @Test
    void randomFaultsWhileAnotherThreadProducesKeepOrderAndLoseNothing() throws Exception {
        FakeBackendServer server = server(0);
        Random random = new Random(7);
        for (int k = 0; k < 150; k++) {
            int r = random.nextInt(10);
            server.script(r < 6 ? new Fault(200, Map.of(), "", 0, 0)
                    : r < 8 ? Fault.status(503) : new Fault(429, Map.of("Retry-After", "1"), "later", 0, 0), 1);
        }
        server.start();
        Shipper shipper = start(backend("push", server.url()), config(1000, 4));
        Thread producer = new Thread(() -> produce(shipper, 0, 50));
        producer.start();
        producer.join();
        await(() -> shipper.stats().sent() == 50);

        assertThat(acceptedIntervals(server)).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        ShipperStats stats = shipper.stats();
        assertThat(stats.failures()).isPositive();
        assertThat(stats.resent()).isPositive();
        assertThat(stats.pending()).isZero();
    }
}
