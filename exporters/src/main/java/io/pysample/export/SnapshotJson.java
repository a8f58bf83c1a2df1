package io.pysample.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Snapshot results as JSON: the documents the injected scripts write (parsed and validated by the remote-exec
 * module) are passed through unchanged ({@code snapshot --json}; control characters come out as JSON escapes);
 * {@code record --snapshot-every} stores them in a sidecar array
 * {@code [ {"time_s": float, "snapshot": {...}} | {"time_s": float, "error": str} ]}.
 */
public final class SnapshotJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private SnapshotJson() {
    }

    /** One entry of a sidecar: a snapshot taken {@code timeSeconds} into the recording, or why it failed. */
    public record Timed(double timeSeconds, JsonNode snapshot, String error) {
    }

    /** Writes a document, indented. */
    public static void write(JsonNode doc, OutputStream out) throws IOException {
        MAPPER.writeValue(out, doc);
    }

    /** Writes a sidecar array. */
    public static void writeSidecar(List<Timed> entries, OutputStream out) throws IOException {
        ArrayNode array = MAPPER.createArrayNode();
        for (Timed t : entries) {
            ObjectNode o = array.addObject();
            o.put("time_s", Math.round(t.timeSeconds() * 1000) / 1000.0);
            if (t.snapshot() != null) {
                o.set("snapshot", t.snapshot());
            } else {
                o.put("error", t.error());
            }
        }
        MAPPER.writeValue(out, array);
    }
}
