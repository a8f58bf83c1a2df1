package io.pysample.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Python scripts pysample injects from the resources {@code io/pysample/remote/*.py}:
 * {@code common.py} (helpers and the rules every script follows), a generated prelude
 * {@code _PS_CONFIG = json.loads(bytes.fromhex('…').decode('utf-8'))} with the result path and options (JSON
 * written by Jackson, hex-encoded), the parts, and {@code run.py}
 * (the guarded entry point, which also empties the script's own globals dict).
 */
public final class RemoteScripts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private RemoteScripts() {
    }

    /**
     * The snapshot script.
     *
     * @param resultPath the result file as the target sees it
     */
    public static String snapshot(SnapshotOptions options, String resultPath) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("result", resultPath);
        List<String> sections = new ArrayList<>();
        options.kinds().forEach(k -> sections.add(k.key()));
        cfg.put("sections", sections);
        cfg.put("repr_length", options.reprLength());
        cfg.put("max_frames", options.maxFrames());
        cfg.put("max_locals", options.maxLocals());
        cfg.put("top_types", options.topTypes());
        cfg.put("max_result_bytes", options.maxResultBytes());
        List<String> parts = new ArrayList<>(sections);
        parts.add("snapshot");
        return assemble(cfg, parts);
    }

    /**
     * The wrapper that runs a user's script and reports its completion.
     *
     * @param scriptPath the user's script copy as the target sees it
     * @param displayName the file name shown in the script's tracebacks and {@code __file__}
     * @param resultPath the result file as the target sees it
     */
    public static String execWrapper(String scriptPath, String displayName, String resultPath) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("result", resultPath);
        cfg.put("script", scriptPath);
        cfg.put("filename", displayName);
        cfg.put("max_result_bytes", 1L << 20);
        return assemble(cfg, List.of("exec"));
    }

    private static String assemble(Map<String, Object> cfg, List<String> parts) {
        StringBuilder sb = new StringBuilder(16 * 1024);
        sb.append(resource("common")).append('\n');
        // Hex of the UTF-8 JSON: a Python literal that needs no escaping, whatever the paths contain.
        sb.append("_PS_CONFIG = json.loads(bytes.fromhex('").append(HexFormat.of().formatHex(json(cfg)))
                .append("').decode('utf-8'))\n\n");
        for (String p : parts) {
            sb.append(resource(p)).append('\n');
        }
        sb.append(resource("run"));
        return sb.toString();
    }

    private static byte[] json(Map<String, Object> cfg) {
        try {
            return JSON.writeValueAsBytes(cfg);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("script options are not JSON values", e);
        }
    }

    static String resource(String name) {
        try (InputStream in = RemoteScripts.class.getResourceAsStream(name + ".py")) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/pysample/remote/" + name + ".py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
