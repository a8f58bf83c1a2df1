package io.pysample.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a speedscope file against speedscope's own JSON schema (vendored from the npm package, see
 * {@code src/test/resources/speedscope/NOTICE.md}) and against the rules its importer enforces beyond the schema
 * ({@code importSpeedscopeProfiles} in speedscope 1.25: {@code samples.length == weights.length}, weights neither
 * negative nor NaN, and a weight of 0 silently drops its sample; frame indices must resolve), plus pysample's own
 * promises: no {@code null} anywhere, and {@code endValue - startValue} is the sum of the weights.
 */
final class SpeedscopeCheck {
    private static final Schema SCHEMA = loadSchema();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNITS =
            Set.of("bytes", "microseconds", "milliseconds", "nanoseconds", "none", "seconds");

    private SpeedscopeCheck() {
    }

    private static Schema loadSchema() {
        try (InputStream in = SpeedscopeCheck.class.getResourceAsStream("/speedscope/file-format-schema.json")) {
            if (in == null) {
                throw new IllegalStateException("speedscope schema missing from the test resources");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schema violations, as messages; empty if the document is valid. */
    static List<String> schemaErrors(String json) {
        List<String> out = new ArrayList<>();
        for (Error e : SCHEMA.validate(json, InputFormat.JSON)) {
            out.add(e.toString());
        }
        return out;
    }

    /** Violations of the importer's rules and of "no nulls"; empty if none. */
    static List<String> semanticErrors(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        findNulls(root, "$", out);
        int frames = root.path("shared").path("frames").size();
        JsonNode profiles = root.path("profiles");
        int active = root.path("activeProfileIndex").asInt(0);
        if (profiles.size() > 0 && (active < 0 || active >= profiles.size())) {
            out.add("activeProfileIndex " + active + " out of range");
        }
        for (int p = 0; p < profiles.size(); p++) {
            JsonNode prof = profiles.get(p);
            String at = "profiles[" + p + "]";
            if (!UNITS.contains(prof.path("unit").asText())) {
                out.add(at + ".unit " + prof.path("unit"));
            }
            if (!"sampled".equals(prof.path("type").asText())) {
                continue;
            }
            JsonNode samples = prof.path("samples");
            JsonNode weights = prof.path("weights");
            if (samples.size() != weights.size()) {
                out.add(at + ": " + samples.size() + " samples but " + weights.size() + " weights");
            }
            double total = 0;
            for (int i = 0; i < weights.size(); i++) {
                double w = weights.get(i).asDouble(Double.NaN);
                if (!(w > 0) || Double.isInfinite(w)) {
                    out.add(at + ".weights[" + i + "] = " + weights.get(i) + " (must be positive and finite)");
                }
                total += w;
            }
            for (int i = 0; i < samples.size(); i++) {
                for (JsonNode f : samples.get(i)) {
                    if (!f.isInt() || f.asInt() < 0 || f.asInt() >= frames) {
                        out.add(at + ".samples[" + i + "] has frame " + f + " of " + frames);
                    }
                }
            }
            double start = prof.path("startValue").asDouble();
            double end = prof.path("endValue").asDouble();
            if (end < start) {
                out.add(at + ": endValue " + end + " < startValue " + start);
            }
            if (Math.abs(end - start - total) > 1e-9 * Math.max(1, total)) {
                out.add(at + ": endValue - startValue = " + (end - start) + " but the weights sum to " + total);
            }
        }
        return out;
    }

    private static void findNulls(JsonNode node, String path, List<String> out) {
        if (node.isNull()) {
            out.add(path + " is null");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                findNulls(e.getValue(), path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findNulls(node.get(i), path + "[" + i + "]", out);
            }
        }
    }
}
