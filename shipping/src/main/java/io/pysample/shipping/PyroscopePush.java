package io.pysample.shipping;

import com.google.protobuf.ByteString;
import io.pysample.shipping.proto.push.PushProto;
import io.pysample.shipping.proto.types.TypesProto;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Pyroscope's push API: {@code POST BASE/push.v1.PusherService/Push}, a Connect unary call over HTTP/1.1 with a
 * binary protobuf body ({@code Content-Type: application/proto}), message {@code push.v1.PushRequest} (grafana/pyroscope
 * {@code api/push/v1/push.proto}). One series per interval: the labels of {@link SeriesLabels} and one raw sample,
 * the interval's gzip pprof as is, with an id derived from the interval (the same on every resend).
 */
public record PyroscopePush(Endpoint endpoint, String name) implements Backend {
    /** The Connect procedure path. */
    public static final String PATH = "/push.v1.PusherService/Push";

    /** Under the name {@code pyroscope}, which the spool keys acknowledgements by. */
    public PyroscopePush(Endpoint endpoint) {
        this(endpoint, "pyroscope");
    }

    @Override
    public HttpRequest.Builder request(SpooledInterval interval) {
        return endpoint.post(PATH, "application/proto", message(interval).toByteArray())
                .header("Connect-Protocol-Version", "1");
    }

    /** The {@code PushRequest} for {@code interval}. */
    public static PushProto.PushRequest message(SpooledInterval i) {
        PushProto.RawProfileSeries.Builder series = PushProto.RawProfileSeries.newBuilder();
        for (Map.Entry<String, String> l : SeriesLabels.of(i).entrySet()) {
            series.addLabels(TypesProto.LabelPair.newBuilder().setName(l.getKey()).setValue(l.getValue()));
        }
        series.addSamples(PushProto.RawSample.newBuilder().setRawProfile(ByteString.copyFrom(i.pprofGzip()))
                .setID(profileId(i).toString()));
        return PushProto.PushRequest.newBuilder().addSeries(series).build();
    }

    /** A name-based UUID of (service, pid, start, sample type): stable across resends of one interval. */
    static UUID profileId(SpooledInterval i) {
        String key = i.service() + '\0' + i.pid() + '\0' + i.startEpochNanos() + '\0' + i.sampleType();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
