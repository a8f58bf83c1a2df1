package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.ProfileThread;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.formats.pprof.ProfileProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pprof output decoded with the generated classes, read back by {@link PprofMerger}, and read by go tool pprof. */
class PprofExporterTest {
    private static final FrameLabels FULL = new FrameLabels(true);

    @TempDir
    Path tmp;

    @Test
    void headerSampleTypesPeriodTimesAndCommentsDescribeTheRecording() throws IOException {
        ProfileProto.Profile p = PprofMerger.parse(Exported.bytes(new PprofExporter(), TestProfiles.rich(true,
                false)));

        assertThat(p.getStringTable(0)).isEmpty();
        assertThat(valueTypes(p)).containsExactly("samples/count", "wall/nanoseconds");
        assertThat(s(p, p.getPeriodType().getType()) + "/" + s(p, p.getPeriodType().getUnit()))
                .isEqualTo("wall/nanoseconds");
        assertThat(p.getPeriod()).isEqualTo(15_625_000L); // 64 Hz
        assertThat(p.getTimeNanos()).isEqualTo(TestProfiles.INFO.startEpochMillis() * 1_000_000L);
        assertThat(p.getDurationNanos()).isEqualTo(TestProfiles.INFO.durationNanos());
        assertThat(p.getCommentList()).extracting(c -> s(p, c)).containsExactly("python 3.14.0", "pid 4242",
                "command " + TestProfiles.INFO.commandLine());
        assertThat(new HashSet<>(p.getStringTableList())).hasSize(p.getStringTableCount()); // deduplicated
    }

    @Test
    void activeModeRecordingsAreCpuTime() throws IOException {
        RecordingInfo active = withMode(SamplingMode.ACTIVE);
        ProfileProto.Profile p = PprofExporter.build(TestProfiles.rich(true, false), active);
        assertThat(valueTypes(p)).containsExactly("samples/count", "cpu/nanoseconds");
        assertThat(PprofExporter.build(TestProfiles.rich(true, false), withMode(SamplingMode.ALL)))
                .satisfies(q -> assertThat(valueTypes(q)).containsExactly("samples/count", "wall/nanoseconds"));
    }

    @Test
    void stacksFunctionsAndLinesAreTheProfilesAndTotalsAddUp() throws IOException {
        Profile profile = TestProfiles.rich(true, false);
        ProfileProto.Profile p = PprofMerger.parse(Exported.bytes(new PprofExporter(), profile));

        Map<List<String>, Long> stacks = new HashMap<>();
        long nanos = 0;
        for (ProfileProto.Sample sample : p.getSampleList()) {
            List<String> rootFirst = new java.util.ArrayList<>();
            for (long id : sample.getLocationIdList()) {
                rootFirst.add(0, FULL.label(frame(p, id)));
            }
            stacks.merge(rootFirst, sample.getValue(0), Long::sum);
            assertThat(sample.getValue(1)).isEqualTo(sample.getValue(0) * 15_625_000L);
            nanos += sample.getValue(1);
        }
        assertThat(stacks).isEqualTo(Exported.stacks(profile, FULL));
        assertThat(nanos).isEqualTo(20 * 15_625_000L);
        // One function per (name, file, start line): Worker.sleep at two lines is one function, two locations.
        assertThat(p.getFunctionList()).filteredOn(f -> s(p, f.getName()).equals("Worker.sleep")).hasSize(1)
                .first().satisfies(f -> assertThat(f.getStartLine()).isEqualTo(48));
        assertThat(p.getLocationList()).filteredOn(l -> s(p, p.getFunction((int) l.getLine(0).getFunctionId() - 1)
                .getName()).equals("Worker.sleep")).extracting(l -> l.getLine(0).getLine())
                .containsExactlyInAnyOrder(50L, 51L);
        assertThat(p.getFunctionList()).extracting(f -> s(p, f.getName()))
                .contains("функция_Ω_计算", "𠀀𠀁", "semi;colon", "line\nbreak", Profile.TRUNCATED);
    }

    @Test
    void samplesAreLabelledWithTheirThreadFromTheTimeline() throws IOException {
        Profile profile = TestProfiles.rich(true, false);
        ProfileProto.Profile p = PprofExporter.build(profile, TestProfiles.INFO);

        Map<Long, Long> perThread = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ProfileProto.Sample sample : p.getSampleList()) {
            assertThat(sample.getLabelList()).extracting(l -> s(p, l.getKey()))
                    .containsExactly("thread_id", "thread_name");
            perThread.merge(sample.getLabel(0).getNum(), sample.getValue(0), Long::sum);
            names.put(sample.getLabel(0).getNum(), s(p, sample.getLabel(1).getStr()));
        }
        for (ProfileThread t : profile.threads()) {
            assertThat(perThread.get(t.nativeThreadId())).as(t.name()).isEqualTo(t.count());
            assertThat(names.get(t.nativeThreadId())).isEqualTo(t.name());
        }
    }

    @Test
    void withoutTimelineThreadRootsGiveTheLabelsAndOtherwiseThereAreNone() {
        Profile roots = smallProfile(true);
        ProfileProto.Profile p = PprofExporter.build(roots, TestProfiles.INFO);
        assertThat(p.getSampleList()).allSatisfy(sample -> assertThat(sample.getLabelCount()).isEqualTo(2));
        assertThat(p.getSampleList()).extracting(sample -> sample.getLabel(0).getNum())
                .containsExactlyInAnyOrder(11L, 12L, 12L); // main: one stack; worker: two

        ProfileProto.Profile plain = PprofExporter.build(smallProfile(false), TestProfiles.INFO);
        assertThat(plain.getSampleList()).allSatisfy(sample -> assertThat(sample.getLabelCount()).isZero());
        assertThat(plain.getSampleList().stream().mapToLong(sample -> sample.getValue(0)).sum()).isEqualTo(5);
    }

    @Test
    void theMergerReadsItBackIntoTheSameStacksAndMergesTotals() throws IOException {
        Profile profile = TestProfiles.rich(true, true);
        byte[] bytes = Exported.bytes(new PprofExporter(), profile);
        PprofMerger merger = new PprofMerger(false);
        merger.add(bytes);
        merger.add(bytes);

        Map<List<String>, Long> twice = new HashMap<>();
        Exported.stacks(profile, FULL).forEach((k, v) -> twice.put(k, 2 * v));
        assertThat(Exported.stacks(merger.profile(), FULL)).isEqualTo(twice);
        assertThat(merger.samples()).isEqualTo(40);
        RecordingInfo info = merger.info(4242, "x");
        assertThat(info.pythonVersion()).isEqualTo("3.14.0");
        assertThat(info.rateHz()).isEqualTo(64.0);
        assertThat(info.startEpochMillis()).isEqualTo(TestProfiles.INFO.startEpochMillis());

        PprofMerger timeline = new PprofMerger(true);
        timeline.add(Exported.bytes(new PprofExporter(), TestProfiles.rich(true, false)));
        assertThat(timeline.profile().timelineSize()).isEqualTo(20);
        assertThat(timeline.profile().threads()).extracting(ProfileThread::name)
                .containsExactlyInAnyOrder("python3", "größe", "функция_Ω_计算", "𠀀𠀁");
        String speedscope = Exported.text(new SpeedscopeExporter(), timeline.profile());
        assertThat(speedscope).contains("\"Thread 1002 \\\"größe\\\"\"");
    }

    @Test
    void notAProfileIsAnIOException() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PprofMerger(false).add(new byte[] {0x1F,
            (byte) 0x8B, 1, 2, 3})).isInstanceOf(IOException.class);
    }

    @Test
    void goToolPprofReadsTheFileWithTheSameTotalsAndFunctions() throws Exception {
        Profile profile = TestProfiles.random(false);
        Path file = tmp.resolve("random.pb.gz");
        Files.write(file, Exported.bytes(new PprofExporter(), profile));

        String raw = GoPprof.raw(file);

        assertThat(raw).contains("PeriodType: wall nanoseconds").contains("Period: 15625000")
                .contains("samples/count wall/nanoseconds");
        // Samples section: "  COUNT  NANOS: LOCATION_IDS", then labels on their own lines.
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+)\\s+(\\d+): [\\d ]+$").matcher(raw);
        long samples = 0;
        long nanos = 0;
        while (m.find()) {
            samples += Long.parseLong(m.group(1));
            nanos += Long.parseLong(m.group(2));
        }
        assertThat(samples).isEqualTo(profile.totalCount()).isEqualTo(150);
        assertThat(nanos).isEqualTo(150 * 15_625_000L);
        assertThat(raw).contains("thread_id:[2002]").contains("thread_name:[worker-1]");
        Set<String> functions = new HashSet<>();
        profile.forEachStack((rootFirst, depth, count) -> {
            for (int i = 0; i < depth; i++) {
                Frame f = profile.frames().get(rootFirst[i]);
                if (!f.file().isEmpty()) {
                    functions.add(f.function() + " " + f.file() + ":" + f.line() + " s=" + f.firstLine());
                }
            }
        });
        assertThat(functions).isNotEmpty().allSatisfy(f -> assertThat(raw).contains(f));
    }

    private static Profile smallProfile(boolean threadRoots) {
        FrameTable table = new FrameTable();
        int a = table.intern(new Frame("a", "/x.py", 3, 1));
        int b = table.intern(new Frame("b", "/x.py", 9, 8));
        Profile p = new Profile(table, ProfileOptions.DEFAULT.withThreadRoots(threadRoots));
        int t1 = p.addThread(11, 1, "main", true);
        int t2 = p.addThread(12, 2, "worker", false);
        p.add(t1, new int[] {b, a}, 2, false, 0);
        p.add(t1, new int[] {b, a}, 2, false, 0);
        p.add(t2, new int[] {b, a}, 2, false, 0);
        p.add(t2, new int[] {a}, 1, false, 0);
        p.add(t2, new int[] {a}, 1, false, 0);
        return p;
    }

    private static RecordingInfo withMode(SamplingMode mode) {
        RecordingInfo i = TestProfiles.INFO;
        return new RecordingInfo(i.pid(), i.commandLine(), i.pythonVersion(), i.startEpochMillis(),
                i.durationNanos(), i.rateHz(), i.walks(), mode);
    }

    private static Frame frame(ProfileProto.Profile p, long locationId) {
        ProfileProto.Location l = p.getLocation((int) locationId - 1);
        assertThat(l.getId()).isEqualTo(locationId);
        ProfileProto.Function f = p.getFunction((int) l.getLine(0).getFunctionId() - 1);
        return new Frame(s(p, f.getName()), s(p, f.getFilename()), (int) l.getLine(0).getLine(),
                (int) f.getStartLine());
    }

    private static List<String> valueTypes(ProfileProto.Profile p) {
        return p.getSampleTypeList().stream().map(t -> s(p, t.getType()) + "/" + s(p, t.getUnit())).toList();
    }

    private static String s(ProfileProto.Profile p, long index) {
        return p.getStringTable((int) index);
    }
}
