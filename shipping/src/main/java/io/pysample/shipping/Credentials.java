package io.pysample.shipping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * An {@code Authorization} header value read from a file, so that secrets never appear on a command line. The
 * file's first non-blank line (trimmed) is {@code Bearer TOKEN} (a bearer token), {@code USER:PASSWORD} (HTTP basic
 * authentication, e.g. a Grafana Cloud stack id and access token) or a bare token without a colon (bearer).
 */
public final class Credentials {
    private Credentials() {
    }

    /**
     * The header value for {@code file}.
     *
     * @throws IllegalArgumentException one line saying why when the file cannot be read or holds no credentials
     */
    public static String authorizationFromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
        return authorization(text).orElseThrow(() ->
                new IllegalArgumentException("credentials file " + file + " is empty"));
    }

    /** The header value for a credentials file's {@code text}; empty if it has no non-blank line. */
    public static Optional<String> authorization(String text) {
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
        if (line == null) {
            return Optional.empty();
        }
        if (line.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("Bearer " + line.substring(7).strip());
        }
        if (line.indexOf(':') > 0) {
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of("Bearer " + line);
    }
}
