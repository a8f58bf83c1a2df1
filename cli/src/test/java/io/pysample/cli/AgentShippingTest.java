package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoredInterval;
import io.pysample.formats.pprof.ProfileProto;
import io.pysample.shipping.proto.push.PushProto;
import io.pysample.shipping.proto.types.TypesProto;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with {@code --pyroscope} against a loopback server that decodes each {@code PushRequest}: a first run
 * while the server is down leaves its intervals unsent in the store; a second run with the server up sends those and
 * its own, each stored interval exactly once, with its labels.
 */
class AgentShippingTest {
    @TempDir
    Path dir;

    /** One push: its series labels and the profile's start. */
    record Push(Map<String, String> labels, long timeNanos) {
    }

    @Test
    void everyStoredIntervalArrivesOnceWithItsLabelsAlsoAfterARestart() throws Exception {
        Path db = dir.resolve("profiles.db");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        try (PythonChild target = PythonChild.runWorkload(getClass(), TestPythons.require("3.13"), dir,
                "known_fractions.py", "60", dir.resolve("truth.json").toString())) {
            String[] args = {"agent", "--pid", Integer.toString(target.pid()), "--interval", "1", "--store",
                    db.toString(), "--discovery-period", "0.1", "--tag", "env=ci", "--service", "shipped",
                    "--pyroscope", url};
            CliRun down = CliRun.inProcess(concat(args, "-d", "2.5"));
            assertThat(down.exitCode).as(down.toString()).isZero();
            assertThat(down.err).containsPattern("pyroscope: sent 0, pending [1-9]");
            int unsentAfterFirst = read(db).size();
            assertThat(unsentAfterFirst).isPositive();

            List<Push> pushes = new CopyOnWriteArrayList<>();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/push.v1.PusherService/Push", ex -> receive(ex, pushes));
            server.start();
            try {
                CliRun up = CliRun.inProcess(concat(args, "-d", "2.5"));
                assertThat(up.exitCode).as(up.toString()).isZero();
                assertThat(up.err).containsPattern("pyroscope: sent \\d+, pending 0");
            } finally {
                server.stop(0);
            }
            List<StoredInterval> stored = read(db);
            assertThat(stored.size()).isGreaterThan(unsentAfterFirst);
            assertThat(pushes).hasSameSizeAs(stored);
            List<Long> starts = new ArrayList<>();
            for (Push p : pushes) {
                assertThat(p.labels()).containsEntry("__name__", "process_cpu").containsEntry("service_name", "shipped")
                        .containsEntry("pid", Integer.toString(target.pid())).containsEntry("env", "ci")
                        .containsKey("hostname");
                assertThat(p.labels().get("python_version")).startsWith("3.13");
                starts.add(p.timeNanos());
            }
            assertThat(starts).doesNotHaveDuplicates();
            try (ProfileStore store = ProfileStore.openExisting(db)) {
                assertThat(store.countUnsent("pyroscope")).isZero();
            }
        }
    }

    private static void receive(HttpExchange ex, List<Push> pushes) throws IOException {
        PushProto.PushRequest req = PushProto.PushRequest.parseFrom(ex.getRequestBody().readAllBytes());
        for (PushProto.RawProfileSeries series : req.getSeriesList()) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (TypesProto.LabelPair l : series.getLabelsList()) {
                labels.put(l.getName(), l.getValue());
            }
            for (PushProto.RawSample s : series.getSamplesList()) {
                byte[] raw = s.getRawProfile().toByteArray();
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    pushes.add(new Push(labels, ProfileProto.Profile.parseFrom(in).getTimeNanos()));
                }
            }
        }
        byte[] body = PushProto.PushResponse.getDefaultInstance().toByteArray();
        ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<StoredInterval> read(Path db) throws Exception {
        try (ProfileStore store = ProfileStore.openExisting(db)) {
            return store.find(IntervalQuery.all());
        }
    }
}
