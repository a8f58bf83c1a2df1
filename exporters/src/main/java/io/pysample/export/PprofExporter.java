package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileThread;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.walk.Frame;
import io.pysample.formats.pprof.ProfileProto;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * pprof's {@code perftools.profiles.Profile} (google/pprof {@code proto/profile.proto}), gzip-compressed as the
 * format requires on disk. Sample types {@code [samples/count, wall/nanoseconds]}, or {@code cpu/nanoseconds} for
 * a recording of active threads only ({@link SamplingMode#ACTIVE}); the nanoseconds are samples times
 * {@code period} = {@code round(1e9 / rateHz)} (0 when the rate is unknown), {@code period_type} is the second
 * sample type. {@code time_nanos} is the recording's start (epoch), {@code duration_nanos} its length.
 *
 * <p>One {@code Function} per (qualified name, {@code co_filename}, {@code co_firstlineno}), one {@code Location}
 * per (function, line); no mappings or addresses. Pseudo frames (thread roots, {@code [truncated]}) are functions
 * with an empty file name. Each sample carries labels {@code thread_id} (numeric, the Linux TID) and
 * {@code thread_name} when the profile knows each stack's thread: from its timeline, else from the thread root
 * frames of {@code --threads}; otherwise stacks of all threads are merged without labels. Comments name the
 * Python version, pid and command line. Every string is stored once.
 */
public final class PprofExporter implements ProfileExporter {
    static final String COMMENT_PYTHON = "python ";
    static final String COMMENT_PID = "pid ";
    static final String COMMENT_COMMAND = "command ";

    @Override
    public void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        build(profile, info).writeTo(gz);
        gz.finish();
        gz.flush();
    }

    /** The uncompressed message for {@code profile}. */
    public static ProfileProto.Profile build(Profile profile, RecordingInfo info) {
        return new Builder(profile, info).build();
    }

    private static final class Builder {
        private final Profile profile;
        private final RecordingInfo info;
        private final ProfileProto.Profile.Builder out = ProfileProto.Profile.newBuilder();
        private final Map<String, Long> strings = new HashMap<>();
        private final Map<List<Object>, Long> functions = new HashMap<>();
        private final Map<Long, Long> locations = new HashMap<>(); // function id << 32 | line -> location id
        private long[] locationOfFrame = new long[0];
        private final long period;

        Builder(Profile profile, RecordingInfo info) {
            this.profile = profile;
            this.info = info;
            this.period = info.rateHz() > 0 && Double.isFinite(info.rateHz()) ? Math.round(1e9 / info.rateHz()) : 0;
            string("");
        }

        ProfileProto.Profile build() {
            String timeType = info.mode() == SamplingMode.ACTIVE || info.mode() == SamplingMode.CPU ? "cpu" : "wall";
            out.addSampleType(valueType("samples", "count"));
            out.addSampleType(valueType(timeType, "nanoseconds"));
            out.setPeriodType(valueType(timeType, "nanoseconds"));
            out.setPeriod(period);
            out.setTimeNanos(info.startEpochMillis() * 1_000_000L);
            out.setDurationNanos(info.durationNanos());
            out.addComment(string(COMMENT_PYTHON + info.pythonVersion()));
            out.addComment(string(COMMENT_PID + info.pid()));
            out.addComment(string(COMMENT_COMMAND + info.commandLine()));
            if (profile.hasTimeline()) {
                samplesFromTimeline();
            } else {
                samplesFromTrie();
            }
            return out.build();
        }

        /** Per (thread, stack node): counts from the timeline, labelled with the thread. */
        private void samplesFromTimeline() {
            Map<Long, long[]> counts = new LinkedHashMap<>();
            for (int i = 0; i < profile.timelineSize(); i++) {
                long key = ((long) profile.timelineThread(i) << 32) | profile.timelineNode(i);
                counts.computeIfAbsent(key, k -> new long[1])[0]++;
            }
            for (Map.Entry<Long, long[]> e : counts.entrySet()) {
                int[] rootFirst = profile.stack((int) (long) e.getKey());
                ProfileThread t = profile.threads().get((int) (e.getKey() >>> 32));
                addSample(rootFirst, rootFirst.length, e.getValue()[0], t);
            }
        }

        /** Per distinct stack; labelled when its root is a thread root frame ({@code --threads}). */
        private void samplesFromTrie() {
            Map<Integer, ProfileThread> byRoot = new HashMap<>();
            for (ProfileThread t : profile.threads()) {
                byRoot.put(t.rootFrame(), t);
            }
            profile.forEachStack((rootFirst, depth, count) ->
                    addSample(rootFirst, depth, count, depth > 0 ? byRoot.get(rootFirst[0]) : null));
        }

        private void addSample(int[] rootFirst, int depth, long count, ProfileThread thread) {
            ProfileProto.Sample.Builder s = ProfileProto.Sample.newBuilder();
            for (int i = depth - 1; i >= 0; i--) { // pprof: leaf first
                s.addLocationId(location(rootFirst[i]));
            }
            s.addValue(count).addValue(count * period);
            if (thread != null) {
                s.addLabel(ProfileProto.Label.newBuilder().setKey(string("thread_id"))
                        .setNum(thread.nativeThreadId()));
                s.addLabel(ProfileProto.Label.newBuilder().setKey(string("thread_name"))
                        .setStr(string(thread.name())));
            }
            out.addSample(s);
        }

        private long location(int frameId) {
            if (frameId >= locationOfFrame.length) {
                locationOfFrame = Arrays.copyOf(locationOfFrame, Math.max(frameId + 1, locationOfFrame.length * 2));
            }
            long id = locationOfFrame[frameId];
            if (id == 0) {
                Frame f = profile.frames().get(frameId);
                long function = function(f);
                long key = (function << 32) | (f.line() & 0xFFFF_FFFFL);
                id = locations.computeIfAbsent(key, k -> {
                    long next = out.getLocationCount() + 1;
                    out.addLocation(ProfileProto.Location.newBuilder().setId(next)
                            .addLine(ProfileProto.Line.newBuilder().setFunctionId(function).setLine(f.line())));
                    return next;
                });
                locationOfFrame[frameId] = id;
            }
            return id;
        }

        private long function(Frame f) {
            return functions.computeIfAbsent(List.of(f.function(), f.file(), f.firstLine()), k -> {
                long next = out.getFunctionCount() + 1;
                long name = string(f.function());
                out.addFunction(ProfileProto.Function.newBuilder().setId(next).setName(name).setSystemName(name)
                        .setFilename(string(f.file())).setStartLine(f.firstLine()));
                return next;
            });
        }

        private ProfileProto.ValueType valueType(String type, String unit) {
            return ProfileProto.ValueType.newBuilder().setType(string(type)).setUnit(string(unit)).build();
        }

        private long string(String s) {
            return strings.computeIfAbsent(s, k -> {
                out.addStringTable(k);
                return (long) strings.size();
            });
        }
    }
}
