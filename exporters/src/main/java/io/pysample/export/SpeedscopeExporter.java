package io.pysample.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileThread;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.walk.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * speedscope's file format ({@code https://www.speedscope.app/file-format-schema.json}, spec in jlfwong/speedscope
 * {@code src/lib/file-format-spec.ts}): shared frames {@code {name, file, line}} (absent fields omitted, never null)
 * and one {@code sampled} profile per thread, as py-spy writes it: named {@code Thread <tid> "<name>"}, ordered by
 * that name, unit seconds, every sample weighted {@code 1/rate}, stacks root first (frame indices), in time order;
 * {@code endValue} is the sum of the weights. When the rate is unknown ({@link RecordingInfo#sampleSeconds()} is 0)
 * the unit is {@code none} and every sample weighs 1, since speedscope drops samples of weight 0. Needs the
 * profile's timeline ({@link IllegalArgumentException} otherwise).
 */
public final class SpeedscopeExporter implements ProfileExporter {
    public static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException {
        if (!profile.hasTimeline()) {
            throw new IllegalArgumentException("speedscope output needs a profile recorded with a timeline");
        }
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeStringField("name", "pysample " + info.pid() + ": " + Names.clean(info.commandLine()));
            g.writeStringField("exporter", "pysample");
            g.writeNumberField("activeProfileIndex", 0);
            g.writeObjectFieldStart("shared");
            g.writeArrayFieldStart("frames");
            for (int id = 0; id < profile.frames().size(); id++) {
                Frame f = profile.frames().get(id);
                g.writeStartObject();
                g.writeStringField("name", Names.clean(f.function()));
                if (!f.file().isEmpty()) {
                    g.writeStringField("file", Names.clean(f.file()));
                }
                if (f.line() > 0) {
                    g.writeNumberField("line", f.line());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("profiles");
            double seconds = info.sampleSeconds();
            boolean timed = seconds > 0 && Double.isFinite(seconds);
            double weight = timed ? seconds : 1;
            String unit = timed ? "seconds" : "none";
            List<ProfileThread> threads = new ArrayList<>(profile.threads());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < threads.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparing(i -> profileName(threads.get(i))));
            for (int t : order) {
                writeThread(g, profile, t, profileName(threads.get(t)), unit, weight);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeThread(JsonGenerator g, Profile profile, int thread, String name, String unit,
            double weight) throws IOException {
        int n = 0;
        for (int i = 0; i < profile.timelineSize(); i++) {
            if (profile.timelineThread(i) == thread) {
                n++;
            }
        }
        g.writeStartObject();
        g.writeStringField("type", "sampled");
        g.writeStringField("name", name);
        g.writeStringField("unit", unit);
        g.writeNumberField("startValue", 0);
        g.writeNumberField("endValue", n * weight);
        g.writeArrayFieldStart("samples");
        for (int i = 0; i < profile.timelineSize(); i++) {
            if (profile.timelineThread(i) == thread) {
                int[] stack = profile.stack(profile.timelineNode(i));
                g.writeArray(stack, 0, stack.length);
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("weights");
        for (int i = 0; i < n; i++) {
            g.writeNumber(weight);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String profileName(ProfileThread t) {
        return "Thread " + t.nativeThreadId() + " \"" + Names.clean(t.name()) + "\"";
    }
}
