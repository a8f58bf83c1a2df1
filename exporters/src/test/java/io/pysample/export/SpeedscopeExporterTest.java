package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.ProfileThread;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.Arguments.ArgumentSet;
import org.junit.jupiter.params.provider.MethodSource;

/** speedscope output: valid per speedscope's schema and importer, and a faithful copy of the timeline. */
class SpeedscopeExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<ArgumentSet> profiles() {
        return Stream.of(
                Arguments.argumentSet("rich, lines", TestProfiles.rich(true, false)),
                Arguments.argumentSet("rich, --nolineno --threads", TestProfiles.rich(false, true)),
                Arguments.argumentSet("random", TestProfiles.random(false)),
                Arguments.argumentSet("random, --threads", TestProfiles.random(true)),
                Arguments.argumentSet("empty",
                        new Profile(new FrameTable(), ProfileOptions.DEFAULT.withTimeline(true))));
    }

    static String export(Profile p, RecordingInfo info) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpeedscopeExporter().write(p, info, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void outputIsValidAgainstSpeedscopesSchemaAndImporterRules(Profile p) throws IOException {
        String json = export(p, TestProfiles.INFO);
        assertThat(SpeedscopeCheck.schemaErrors(json)).isEmpty();
        assertThat(SpeedscopeCheck.semanticErrors(json)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void eachThreadsSamplesAreItsTimelineInOrderWithTheProfilesFrames(Profile p) throws IOException {
        JsonNode root = JSON.readTree(export(p, TestProfiles.INFO));

        JsonNode frames = root.path("shared").path("frames");
        assertThat(frames.size()).isEqualTo(p.frames().size());
        for (int id = 0; id < p.frames().size(); id++) {
            Frame f = p.frames().get(id);
            JsonNode n = frames.get(id);
            assertThat(n.path("name").asText()).isEqualTo(Names.clean(f.function()));
            assertThat(n.path("file").asText("")).isEqualTo(Names.clean(f.file()));
            assertThat(n.path("line").asInt(0)).isEqualTo(f.line());
        }

        JsonNode profiles = root.path("profiles");
        assertThat(profiles.size()).isEqualTo(p.threads().size());
        for (int t = 0; t < p.threads().size(); t++) {
            ProfileThread thread = p.threads().get(t);
            String name = "Thread " + thread.nativeThreadId() + " \"" + Names.clean(thread.name()) + "\"";
            JsonNode prof = null;
            for (JsonNode candidate : profiles) {
                if (candidate.path("name").asText().equals(name)) {
                    prof = candidate;
                }
            }
            assertThat(prof).as(name).isNotNull();
            List<List<Integer>> expected = new ArrayList<>();
            for (int i = 0; i < p.timelineSize(); i++) {
                if (p.timelineThread(i) == t) {
                    List<Integer> stack = new ArrayList<>();
                    for (int id : p.stack(p.timelineNode(i))) {
                        stack.add(id);
                    }
                    expected.add(stack);
                }
            }
            List<List<Integer>> withIdle = JSON.convertValue(prof.path("samples"),
                    JSON.getTypeFactory().constructCollectionType(List.class,
                            JSON.getTypeFactory().constructCollectionType(List.class, Integer.class)));
            // Empty stacks are the idle spans between the thread's samples; every real sample weighs 1/rate.
            List<List<Integer>> actual = new ArrayList<>();
            for (int i = 0; i < withIdle.size(); i++) {
                double w = prof.path("weights").get(i).asDouble();
                if (withIdle.get(i).isEmpty()) {
                    assertThat(w).as("idle span %d of %s", i, name).isPositive();
                } else {
                    assertThat(w).as("sample %d of %s", i, name).isEqualTo(1.0 / 64);
                    actual.add(withIdle.get(i));
                }
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(expected).hasSize((int) thread.count());
            assertThat(prof.path("unit").asText()).isEqualTo("seconds");
            assertThat(prof.path("endValue").asDouble()).as("each timeline spans the recording")
                    .isCloseTo(2.5, offset(1e-9));
        }
    }

    @Test
    void threadsAreOrderedByNameAndTheFileIsNamedForTheTarget() throws IOException {
        JsonNode root = JSON.readTree(export(TestProfiles.rich(true, false), TestProfiles.INFO));

        assertThat(root.path("name").asText()).isEqualTo(
                "pysample 4242: python3 app.py --title <script>alert('x')</script> & größe\uFFFD--next");
        assertThat(root.path("exporter").asText()).isEqualTo("pysample");
        assertThat(root.path("$schema").asText()).isEqualTo(SpeedscopeExporter.SCHEMA);
        assertThat(root.path("profiles").findValuesAsText("name")).containsExactly("Thread 1001 \"python3\"",
                "Thread 1002 \"größe\"", "Thread 1003 \"функция_Ω_计算\"", "Thread 1004 \"𠀀𠀁\"");
    }

    @Test
    void withoutAKnownRateEverySampleCountsOneInsteadOfWeighingNothing() throws IOException {
        // speedscope drops samples of weight 0: a rate of 0 (unknown) must not empty the profile.
        RecordingInfo noRate = new RecordingInfo(1, "python3 x.py", "3.13.0", 0, 0, 0.0, 20);
        String json = export(TestProfiles.rich(true, false), noRate);

        assertThat(SpeedscopeCheck.schemaErrors(json)).isEmpty();
        assertThat(SpeedscopeCheck.semanticErrors(json)).isEmpty();
        JsonNode first = JSON.readTree(json).path("profiles").get(0);
        assertThat(first.path("unit").asText()).isEqualTo("none");
        assertThat(first.path("weights")).isNotEmpty().allSatisfy(w -> assertThat(w.asDouble()).isEqualTo(1.0));
        assertThat(first.path("endValue").asDouble()).isEqualTo(first.path("samples").size());
    }

    @Test
    void theCheckerRejectsWhatSpeedscopeWouldRejectOrMisread() throws IOException {
        String valid = export(TestProfiles.rich(true, false), TestProfiles.INFO);
        String weights = valid.substring(valid.lastIndexOf("\"weights\":"));
        assertThat(weights).startsWith("\"weights\":[").endsWith("]}]}").contains(",0.015625,");

        assertThat(SpeedscopeCheck.schemaErrors(valid.replace("\"shared\"", "\"sharedX\""))).isNotEmpty();
        assertThat(SpeedscopeCheck.schemaErrors(valid.replace("{\"name\":\"main\"", "{\"name\":null"))).isNotEmpty();
        assertThat(SpeedscopeCheck.schemaErrors(valid.replace("\"unit\":\"seconds\"", "\"unit\":\"ticks\"")))
                .isNotEmpty();
        assertThat(SpeedscopeCheck.semanticErrors(valid.replace(weights, "\"weights\":[]}]}")))
                .anyMatch(e -> e.contains("3 samples but 0 weights"));
        assertThat(SpeedscopeCheck.semanticErrors(valid.replace(weights, "\"weights\":[0,0.015625,1]}]}")))
                .anyMatch(e -> e.contains("must be positive"));
        assertThat(SpeedscopeCheck.semanticErrors(
                valid.replace("\"samples\":[[],[2,3,4,8],[]]", "\"samples\":[[],[2,3,4,99],[]]")))
                .anyMatch(e -> e.contains("has frame 99"));
        assertThat(SpeedscopeCheck.semanticErrors(valid.replace("\"exporter\":\"pysample\"", "\"exporter\":null")))
                .anyMatch(e -> e.contains("$.exporter is null"));
    }

    @Test
    void aProfileWithoutTimelineIsRefused() {
        Profile p = new Profile(new FrameTable(), ProfileOptions.DEFAULT);
        assertThatThrownBy(() -> export(p, TestProfiles.INFO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeline");
    }

    @Test
    void aThreadActiveForOneSecondOfFourShowsOneSecondOfSamplesInAFourSecondTimeline() throws IOException {
        // 100 Hz for 4 s: the main thread is sampled throughout, the worker only from 1 s to 2 s.
        FrameTable table = new FrameTable();
        int[] busy = {table.intern(new Frame("busy", "/app/work.py", 3, 1))};
        int[] loop = {table.intern(new Frame("loop", "/app/main.py", 7, 5))};
        Profile p = new Profile(table, ProfileOptions.DEFAULT.withTimeline(true));
        int main = p.addThread(1, 1, "main", true);
        int worker = p.addThread(2, 2, "worker", false);
        for (int i = 0; i < 400; i++) {
            long at = i * 10_000_000L;
            p.add(main, loop, 1, false, at);
            if (at >= 1_000_000_000L && at < 2_000_000_000L) {
                p.add(worker, busy, 1, false, at);
            }
        }
        RecordingInfo info = new RecordingInfo(7, "python3 app.py", "3.14.0", 0, 4_000_000_000L, 100.0, 400);

        JsonNode workerProfile = null;
        for (JsonNode prof : JSON.readTree(export(p, info)).path("profiles")) {
            if (prof.path("name").asText().equals("Thread 2 \"worker\"")) {
                workerProfile = prof;
            }
        }
        assertThat(workerProfile).isNotNull();
        double busySeconds = 0;
        double idleSeconds = 0;
        JsonNode samples = workerProfile.path("samples");
        for (int i = 0; i < samples.size(); i++) {
            double w = workerProfile.path("weights").get(i).asDouble();
            if (samples.get(i).isEmpty()) {
                idleSeconds += w;
            } else {
                busySeconds += w;
            }
        }
        assertThat(busySeconds).isCloseTo(1.0, offset(1e-6));
        assertThat(idleSeconds).isCloseTo(3.0, offset(1e-6));
        assertThat(workerProfile.path("endValue").asDouble()).isCloseTo(4.0, offset(1e-6));
        assertThat(samples.get(0).isEmpty()).as("idle until 1 s").isTrue();
        assertThat(workerProfile.path("weights").get(0).asDouble())
                .isCloseTo(1.0, offset(1e-6));
        assertThat(samples.size()).as("idle, 100 samples, idle").isEqualTo(102);
        assertThat(SpeedscopeCheck.semanticErrors(export(p, info))).isEmpty();
    }
}
