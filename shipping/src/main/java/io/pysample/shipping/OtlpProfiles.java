package io.pysample.shipping;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceResponse;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * OTLP/HTTP profiles: {@code POST BASE/v1development/profiles} with a binary protobuf
 * {@code ExportProfilesServiceRequest} ({@code Content-Type: application/x-protobuf}), built by
 * {@link PprofToOtlp}. A 2xx answer whose {@code partial_success} reports rejected profiles is logged; per the
 * OTLP specification such data is not retried.
 */
public record OtlpProfiles(Endpoint endpoint, String name) implements Backend {
    /** The signal path of the development-stage profiles signal. */
    public static final String PATH = "/v1development/profiles";

    /** Under the name {@code otlp}, which the spool keys acknowledgements by. */
    public OtlpProfiles(Endpoint endpoint) {
        this(endpoint, "otlp");
    }

    @Override
    public HttpRequest.Builder request(SpooledInterval interval) {
        return endpoint.post(PATH, "application/x-protobuf", PprofToOtlp.convert(interval).toByteArray());
    }

    @Override
    public Optional<String> warningFor(byte[] body) {
        try {
            ExportProfilesServiceResponse r = ExportProfilesServiceResponse.parseFrom(body);
            if (r.hasPartialSuccess() && (r.getPartialSuccess().getRejectedProfiles() > 0
                    || !r.getPartialSuccess().getErrorMessage().isEmpty())) {
                return Optional.of("partial success: " + r.getPartialSuccess().getRejectedProfiles()
                        + " profiles rejected: " + r.getPartialSuccess().getErrorMessage());
            }
        } catch (InvalidProtocolBufferException e) {
            // Not a protobuf answer (e.g. an empty JSON body): the 2xx alone counts.
        }
        return Optional.empty();
    }
}
