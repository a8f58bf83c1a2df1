package io.pysample.shipping;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Back ends from the agent's options ({@code --pyroscope URL [--pyroscope-tenant ID] [--pyroscope-auth-file FILE]
 * [--pyroscope-api push|ingest]}, {@code --otlp URL [--otlp-header KEY=VALUE]...}). Bad values give an
 * {@link IllegalArgumentException} with a one-line message naming the option.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Pyroscope at {@code url} (e.g. {@code http://localhost:4040}).
     *
     * @param tenant sent as {@code X-Scope-OrgID} (multi-tenant servers); null or empty for none
     * @param authFile credentials file (see {@link Credentials}); null for none
     * @param api {@code push} (default when null) or {@code ingest}
     */
    public static Backend pyroscope(String url, String tenant, Path authFile, String api) {
        Endpoint e = endpoint("--pyroscope", url);
        if (tenant != null && !tenant.isBlank()) {
            e = e.withHeader("X-Scope-OrgID", tenant.strip());
        }
        if (authFile != null) {
            e = e.withHeader("Authorization", Credentials.authorizationFromFile(authFile));
        }
        String kind = api == null ? "push" : api.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "push" -> new PyroscopePush(e);
            case "ingest" -> new PyroscopeIngest(e);
            default -> throw new IllegalArgumentException("--pyroscope-api must be push or ingest, not " + api);
        };
    }

    /**
     * An OTLP/HTTP receiver at {@code url} (e.g. {@code http://localhost:4318}), with extra {@code KEY=VALUE}
     * headers.
     */
    public static Backend otlp(String url, List<String> headers) {
        Endpoint e = endpoint("--otlp", url);
        for (String h : headers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--otlp-header must be KEY=VALUE, not " + h);
            }
            try {
                e = e.withHeader(h.substring(0, eq).strip(), h.substring(eq + 1).strip());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("--otlp-header " + bad.getMessage(), bad);
            }
        }
        return new OtlpProfiles(e);
    }

    private static Endpoint endpoint(String option, String url) {
        try {
            return Endpoint.of(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " needs an http(s) URL, not " + url, e);
        }
    }
}
