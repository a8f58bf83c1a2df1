package io.pysample.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.sampling.Profile;
import io.pysample.core.walk.Frame;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads any profile file pysample writes back as collapsed stacks ({@code frame;frame;…;frame} root first →
 * samples), the common ground of a comparison. The format is sniffed from the content, not the name: gzip or
 * protobuf → pprof (via {@link PprofMerger}); a JSON object → speedscope ({@code shared.frames} and
 * {@code sampled} profiles, one sample per non-empty stack, as {@link SpeedscopeExporter} writes them); text whose
 * lines end in a count → collapsed. Frames are labelled by {@link FrameLabels} with short paths, as in
 * {@link CollapsedExporter}, so that the same stack reads the same from every format.
 */
public final class ProfileFiles {
    private static final FrameLabels LABELS = new FrameLabels(false);

    private ProfileFiles() {
    }

    /**
     * @param data the file's bytes
     * @return stack text → samples, sorted by stack text
     * @throws IOException if the content is none of the formats, or a malformed one (message says which)
     */
    public static Map<String, Long> collapsedStacks(byte[] data) throws IOException {
        if (data.length >= 2 && (data[0] & 0xFF) == 0x1F && (data[1] & 0xFF) == 0x8B) {
            return fromPprof(data);
        }
        String text = utf8(data);
        if (text != null) {
            String trimmed = text.strip();
            if (trimmed.startsWith("{")) {
                return fromSpeedscope(trimmed);
            }
            Map<String, Long> collapsed = fromCollapsed(text);
            if (collapsed != null) {
                return collapsed;
            }
        }
        try {
            return fromPprof(data);
        } catch (IOException e) {
            throw new IOException("not a profile pysample reads (collapsed stacks, pprof or speedscope JSON)");
        }
    }

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Lines {@code stack count}; {@code null} if a non-empty line does not end in a count. */
    static Map<String, Long> fromCollapsed(String text) {
        Map<String, Long> stacks = new TreeMap<>();
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank()) {
                continue;
            }
            int space = l.lastIndexOf(' ');
            if (space <= 0) {
                return null;
            }
            long count;
            try {
                count = Long.parseLong(l.substring(space + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (count < 0) {
                return null;
            }
            stacks.merge(l.substring(0, space), count, Long::sum);
        }
        return stacks;
    }

    private static Map<String, Long> fromPprof(byte[] data) throws IOException {
        PprofMerger merger = new PprofMerger(false);
        merger.add(data);
        return collapsedStacks(merger.profile());
    }

    /** A profile's stacks as collapsed stacks with short-path labels (stack text → samples, sorted). */
    public static Map<String, Long> collapsedStacks(Profile profile) {
        Map<String, Long> stacks = new TreeMap<>();
        StringBuilder sb = new StringBuilder();
        profile.forEachStack((frames, depth, count) -> {
            sb.setLength(0);
            for (int i = 0; i < depth; i++) {
                sb.append(i > 0 ? ";" : "").append(label(profile.frames().get(frames[i])));
            }
            stacks.merge(sb.toString(), count, Long::sum);
        });
        return stacks;
    }

    private static Map<String, Long> fromSpeedscope(String json) throws IOException {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode frames = doc.path("shared").path("frames");
        if (!frames.isArray() || !doc.path("profiles").isArray()) {
            throw new IOException("JSON but not a speedscope profile (no shared.frames or profiles)");
        }
        String[] labels = new String[frames.size()];
        for (int i = 0; i < labels.length; i++) {
            JsonNode f = frames.get(i);
            labels[i] = label(new Frame(f.path("name").asText(""), f.path("file").asText(""),
                    f.path("line").asInt(0), 0));
        }
        Map<String, Long> stacks = new TreeMap<>();
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : doc.get("profiles")) {
            if (!"sampled".equals(p.path("type").asText())) {
                throw new IOException("speedscope profile of type '" + p.path("type").asText()
                        + "': only sampled profiles are read");
            }
            for (JsonNode sample : p.path("samples")) {
                if (sample.isEmpty()) {
                    continue; // an idle span of the timeline
                }
                sb.setLength(0);
                for (JsonNode index : sample) {
                    int i = index.asInt(-1);
                    if (i < 0 || i >= labels.length) {
                        throw new IOException("speedscope sample names frame " + index + " of " + labels.length);
                    }
                    sb.append(sb.length() > 0 ? ";" : "").append(labels[i]);
                }
                stacks.merge(sb.toString(), 1L, Long::sum);
            }
        }
        return stacks;
    }

    private static String label(Frame f) {
        return LABELS.label(f).replace(';', ':');
    }
}
