package io.pysample.shipping;

import io.pysample.formats.pprof.ProfileProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/** Builds small but complete pprof intervals (functions, locations, thread labels) and reads totals back. */
final class TestIntervals {
    static final long PERIOD = 10_000_000L; // 100 Hz
    static final long T0 = 1_780_000_000_000_000_000L;
    static final long INTERVAL = 10_000_000_000L;

    private TestIntervals() {
    }

    /** Interval {@code n} of a 100 Hz wall profile of {@code service} (pid 4242), with distinct counts per n. */
    static SpooledInterval interval(int n, String service) {
        return new SpooledInterval(0, service, 4242, "python3 app.py --port 80", "3.14.0", "host-a",
                Map.of("env", "prod", "team.name", "core"), T0 + n * INTERVAL, T0 + (n + 1) * INTERVAL,
                SpooledInterval.WALL, 100, gzip(pprof(n, null)));
    }

    /**
     * A pprof with three stacks over two threads; {@code timestamps} (may be null) gives each sample a
     * {@code timestamp_ns} label.
     */
    static ProfileProto.Profile pprof(int n, long[] timestamps) {
        ProfileProto.Profile.Builder p = ProfileProto.Profile.newBuilder();
        Map<String, Long> strings = new HashMap<>();
        java.util.function.Function<String, Long> s = str -> strings.computeIfAbsent(str, k -> {
            p.addStringTable(k);
            return (long) strings.size();
        });
        s.apply("");
        p.addSampleType(vt(s, "samples", "count")).addSampleType(vt(s, "wall", "nanoseconds"));
        p.setPeriodType(vt(s, "wall", "nanoseconds")).setPeriod(PERIOD);
        String[][] fns = {{"main", "app.py", "1"}, {"serve", "app.py", "10"}, {"handle", "web/handler.py", "5"},
            {"sleep", "<built-in>", "0"}};
        for (int f = 0; f < fns.length; f++) {
            long name = s.apply(fns[f][0]);
            p.addFunction(ProfileProto.Function.newBuilder().setId(f + 1).setName(name).setSystemName(name)
                    .setFilename(s.apply(fns[f][1])).setStartLine(Long.parseLong(fns[f][2])));
            p.addLocation(ProfileProto.Location.newBuilder().setId(f + 1)
                    .addLine(ProfileProto.Line.newBuilder().setFunctionId(f + 1).setLine(Long.parseLong(fns[f][2]) + 2)));
        }
        long[][] stacks = {{3, 2, 1}, {4, 2, 1}, {2, 1}}; // leaf first
        long[] counts = {5 + n, 2, 1 + n % 3};
        String[] threads = {"MainThread", "worker-1", "MainThread"};
        for (int k = 0; k < stacks.length; k++) {
            ProfileProto.Sample.Builder b = ProfileProto.Sample.newBuilder();
            for (long loc : stacks[k]) {
                b.addLocationId(loc);
            }
            b.addValue(counts[k]).addValue(counts[k] * PERIOD);
            b.addLabel(ProfileProto.Label.newBuilder().setKey(s.apply("thread_id")).setNum(100 + k % 2));
            b.addLabel(ProfileProto.Label.newBuilder().setKey(s.apply("thread_name")).setStr(s.apply(threads[k])));
            if (timestamps != null) {
                b.addLabel(ProfileProto.Label.newBuilder().setKey(s.apply("timestamp_ns")).setNum(timestamps[k]));
            }
            p.addSample(b);
        }
        p.setTimeNanos(T0 + n * INTERVAL).setDurationNanos(INTERVAL);
        return p.build();
    }

    private static ProfileProto.ValueType vt(java.util.function.Function<String, Long> s, String type, String unit) {
        return ProfileProto.ValueType.newBuilder().setType(s.apply(type)).setUnit(s.apply(unit)).build();
    }

    static byte[] gzip(ProfileProto.Profile p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            p.writeTo(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Per sample type index: "thread;root;..;leaf" -> summed value, from a pprof. */
    static List<Map<String, Long>> stacks(ProfileProto.Profile p) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (int t = 0; t < p.getSampleTypeCount(); t++) {
            Map<String, Long> m = new TreeMap<>();
            for (ProfileProto.Sample sample : p.getSampleList()) {
                StringBuilder key = new StringBuilder();
                for (ProfileProto.Label l : sample.getLabelList()) {
                    if (p.getStringTable((int) l.getKey()).equals("thread_name")) {
                        key.append(p.getStringTable((int) l.getStr()));
                    }
                }
                for (int i = sample.getLocationIdCount() - 1; i >= 0; i--) {
                    ProfileProto.Location loc = p.getLocation((int) sample.getLocationId(i) - 1);
                    ProfileProto.Function f = p.getFunction((int) loc.getLine(0).getFunctionId() - 1);
                    key.append(';').append(p.getStringTable((int) f.getName())).append(':')
                            .append(loc.getLine(0).getLine());
                }
                if (sample.getValue(t) != 0) {
                    m.merge(key.toString(), sample.getValue(t), Long::sum);
                }
            }
            out.add(m);
        }
        return out;
    }
}
