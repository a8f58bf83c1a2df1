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
 * that name, unit seconds, every sample weighted {@code 1/rate}, stacks root first (frame indices), in time order.
 * Unlike py-spy, each thread's timeline is the wall clock ({@link ThreadTimeline}): where the thread was not sampled
 * (idle in the default mode, or not yet started) an empty stack fills the time, so speedscope's "Time Order" view
 * shows when it ran; {@code endValue} is the sum of the weights, the recording's duration. When the rate is unknown ({@link RecordingInfo#sampleSeconds()} is 0)
 * the unit is {@code none} and every sample weighs 1, since speedscope drops samples of weight 0. Needs the
 * profile's timeline ({@link IllegalArgumentException} otherwise).
 */
public final class SpeedscopeExporter implements ProfileExporter {
    public static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int[] NO_FRAMES = new int[0];

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
            List<ProfileThread> threads = new ArrayList<>(profile.threads());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < threads.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparing(i -> profileName(threads.get(i))));
            long[] passes = timed ? ThreadTimeline.passTimes(profile) : null;
            long sampleNanos = timed ? Math.max(1, Math.round(seconds * 1e9)) : 0;
            for (int t : order) {
                String name = profileName(threads.get(t));
                if (timed) {
                    writeTimeline(g, profile, name,
                            ThreadTimeline.of(profile, t, passes, info.durationNanos(), sampleNanos));
                } else {
                    writeUntimed(g, profile, t, name);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Seconds: samples and the idle spans between them, so that the timeline is the wall clock. */
    private static void writeTimeline(JsonGenerator g, Profile profile, String name, ThreadTimeline timeline)
            throws IOException {
        long total = 0;
        for (int i = 0; i < timeline.size(); i++) {
            total += timeline.nanos(i);
        }
        g.writeStartObject();
        g.writeStringField("type", "sampled");
        g.writeStringField("name", name);
        g.writeStringField("unit", "seconds");
        g.writeNumberField("startValue", 0);
        g.writeNumberField("endValue", total / 1e9);
        g.writeArrayFieldStart("samples");
        for (int i = 0; i < timeline.size(); i++) {
            int[] stack = timeline.node(i) < 0 ? NO_FRAMES : profile.stack(timeline.node(i));
            g.writeArray(stack, 0, stack.length);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("weights");
        for (int i = 0; i < timeline.size(); i++) {
            g.writeNumber(timeline.nanos(i) / 1e9);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Unit none, weight 1 per sample: without a rate there is no time to lay samples out in. */
    private static void writeUntimed(JsonGenerator g, Profile profile, int thread, String name) throws IOException {
        int n = 0;
        for (int i = 0; i < profile.timelineSize(); i++) {
            if (profile.timelineThread(i) == thread) {
                n++;
            }
        }
        g.writeStartObject();
        g.writeStringField("type", "sampled");
        g.writeStringField("name", name);
        g.writeStringField("unit", "none");
        g.writeNumberField("startValue", 0);
        g.writeNumberField("endValue", n);
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
            g.writeNumber(1);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String profileName(ProfileThread t) {
        return "Thread " + t.nativeThreadId() + " \"" + Names.clean(t.name()) + "\"";
    }
}
