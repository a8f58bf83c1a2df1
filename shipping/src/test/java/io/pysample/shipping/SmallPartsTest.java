package io.pysample.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backoff, Retry-After, credentials files, label names and the ingest name. */
class SmallPartsTest {
    @Test
    void backoffDoublesWithinJitterUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), new Random(1));
        for (int n = 1; n <= 10; n++) {
            long full = Math.min(3000, 100L << (n - 1));
            for (int k = 0; k < 50; k++) {
                assertThat(b.delayMillis(n)).isBetween(full / 2, full);
            }
        }
        Backoff fixed = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), new Random(1) {
            @Override
            public double nextDouble() {
                return 0.999;
            }
        });
        assertThat(fixed.delayMillis(100)).isEqualTo(2998);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        long now = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
        assertThat(RetryAfter.millis("120", now)).isEqualTo(OptionalLong.of(120_000));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(now + 45_000)
                .atZone(ZoneOffset.UTC));
        assertThat(RetryAfter.millis(date, now)).isEqualTo(OptionalLong.of(45_000));
        assertThat(RetryAfter.millis("Sun, 06 Nov 1994 08:49:37 GMT", now)).isEqualTo(OptionalLong.of(0));
        assertThat(RetryAfter.millis("soon", now)).isEmpty();
        assertThat(RetryAfter.millis(null, now)).isEmpty();
        assertThat(RetryAfter.millis("99999999999999999999", now)).isEmpty();
    }

    @Test
    void credentialsFileGivesBasicOrBearer(@TempDir Path dir) throws Exception {
        assertThat(Credentials.authorization("\n  123456:glc_abc=  \n")).hasValue("Basic MTIzNDU2OmdsY19hYmM9");
        assertThat(Credentials.authorization("Bearer tok:en\n")).hasValue("Bearer tok:en");
        assertThat(Credentials.authorization("plain-token")).hasValue("Bearer plain-token");
        assertThat(Credentials.authorization(" \n")).isEmpty();
        Path file = Files.writeString(dir.resolve("auth"), "alice:s3cret\n");
        assertThat(Credentials.authorizationFromFile(file)).isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThatThrownBy(() -> Credentials.authorizationFromFile(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot read credentials file");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> Credentials.authorizationFromFile(empty)).hasMessageEndingWith("is empty");
    }

    @Test
    void labelsAreSanitizedAndNeverOverrideTheReservedOnes() {
        assertThat(SeriesLabels.labelName("k8s.pod-name")).isEqualTo("k8s_pod_name");
        assertThat(SeriesLabels.labelName("1st")).isEqualTo("_1st");
        SpooledInterval i = new SpooledInterval(1, "api", 7, "", "", "", Map.of("service_name", "evil",
                "region", "eu,west{1}"), 0, 1, SpooledInterval.PROCESS_CPU, 99.5, new byte[0]);
        assertThat(SeriesLabels.of(i)).containsExactly(Map.entry("__name__", "process_cpu"),
                Map.entry("service_name", "api"), Map.entry("pid", "7"), Map.entry("region", "eu,west{1}"));
        assertThat(PyroscopeIngest.appName(i)).isEqualTo("api{pid=7,region=eu_west_1_}");
    }

    @Test
    void endpointsNeedHttpUrlsAndJoinPaths() {
        assertThatThrownBy(() -> Endpoint.of("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Endpoint.of("http://h:4040/prefix/").post("/ingest?a=b", "x/y", new byte[0]).build().uri())
                .hasToString("http://h:4040/prefix/ingest?a=b");
    }

    @Test
    void backendsFromAgentOptions(@TempDir Path dir) throws Exception {
        Path auth = Files.writeString(dir.resolve("auth"), "Bearer t0k\n");
        SpooledInterval i = TestIntervals.interval(0, "shop");
        var push = Backends.pyroscope("http://127.0.0.1:4040", "team-a", auth, null).request(i).build();
        assertThat(push.uri()).hasToString("http://127.0.0.1:4040/push.v1.PusherService/Push");
        assertThat(push.headers().firstValue("X-Scope-OrgID")).hasValue("team-a");
        assertThat(push.headers().firstValue("Authorization")).hasValue("Bearer t0k");
        assertThat(Backends.pyroscope("http://h", null, null, "ingest")).isInstanceOf(PyroscopeIngest.class);
        assertThatThrownBy(() -> Backends.pyroscope("http://h", null, null, "grpc"))
                .hasMessage("--pyroscope-api must be push or ingest, not grpc");
        assertThatThrownBy(() -> Backends.pyroscope("localhost:4040", null, null, null))
                .hasMessage("--pyroscope needs an http(s) URL, not localhost:4040");
        var otlp = Backends.otlp("http://127.0.0.1:4318", java.util.List.of("X-Api-Key=a=b")).request(i).build();
        assertThat(otlp.uri()).hasToString("http://127.0.0.1:4318/v1development/profiles");
        assertThat(otlp.headers().firstValue("X-Api-Key")).hasValue("a=b");
        assertThatThrownBy(() -> Backends.otlp("http://h", java.util.List.of("novalue")))
                .hasMessage("--otlp-header must be KEY=VALUE, not novalue");
        assertThatThrownBy(() -> Backends.otlp("http://h", java.util.List.of("Host=evil")))
                .hasMessageStartingWith("--otlp-header header Host cannot be set");
    }

    @Test
    void otlpPartialSuccessIsAWarning() {
        var body = io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceResponse.newBuilder()
                .setPartialSuccess(io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesPartialSuccess
                        .newBuilder().setRejectedProfiles(1).setErrorMessage("no samples"))
                .build().toByteArray();
        OtlpProfiles otlp = new OtlpProfiles(Endpoint.of("http://h"));
        assertThat(otlp.warningFor(body)).hasValue("partial success: 1 profiles rejected: no samples");
        assertThat(otlp.warningFor(new byte[0])).isEmpty();
        assertThat(otlp.warningFor("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
    }
}
