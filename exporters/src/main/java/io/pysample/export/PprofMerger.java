package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.formats.pprof.ProfileProto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads pprof profiles ({@code perftools.profiles.Profile}, gzip-compressed or not) and adds them up into one
 * {@link Profile} that every exporter can write: frames are (function name, file name, line, start line) as
 * {@link PprofExporter} writes them; a location with inlined lines becomes one frame per line. Each sample counts
 * with its {@code samples/count} value (the first value if the profile has no such sample type). Not thread-safe.
 *
 * <p>With a timeline ({@code keepTimeline}, for speedscope), each sample is also added to the timeline once per
 * count under its {@code thread_id}/{@code thread_name} labels (a thread "all threads" when unlabelled), in the
 * order the profiles are added: the timeline is only as fine as the profiles (16 bytes per counted sample).
 */
public final class PprofMerger {
    private static final long UNLABELLED = -1;

    private final Profile profile;
    private final Set<String> pythonVersions = new LinkedHashSet<>();
    private final Map<Long, Integer> threads = new HashMap<>();
    private long firstStartNanos = Long.MAX_VALUE;
    private long lastEndNanos = Long.MIN_VALUE;
    private long periodNanos;
    private long count;
    private int profiles;

    public PprofMerger(boolean keepTimeline) {
        this.profile = new Profile(new FrameTable(), ProfileOptions.DEFAULT.withTimeline(keepTimeline));
    }

    /** Decodes {@code data} (gzip-compressed or plain protobuf); {@link IOException} if it is not a profile. */
    public static ProfileProto.Profile parse(byte[] data) throws IOException {
        boolean gzip = data.length >= 2 && (data[0] & 0xFF) == 0x1F && (data[1] & 0xFF) == 0x8B;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(data))
                : new ByteArrayInputStream(data)) {
            return ProfileProto.Profile.parseFrom(in);
        }
    }

    /** Adds a profile given as its file's bytes. */
    public void add(byte[] data) throws IOException {
        add(parse(data));
    }

    /** Adds one profile's samples. */
    public void add(ProfileProto.Profile p) throws IOException {
        int value = countIndex(p);
        Map<Long, ProfileProto.Function> functions = new HashMap<>();
        for (ProfileProto.Function f : p.getFunctionList()) {
            functions.put(f.getId(), f);
        }
        Map<Long, int[]> locations = new HashMap<>(); // location id -> frame ids, innermost first
        for (ProfileProto.Location l : p.getLocationList()) {
            int[] frames = new int[l.getLineCount()];
            for (int i = 0; i < frames.length; i++) {
                ProfileProto.Line line = l.getLine(i);
                ProfileProto.Function f = functions.get(line.getFunctionId());
                if (f == null) {
                    throw new IOException("pprof location " + l.getId() + " names unknown function "
                            + line.getFunctionId());
                }
                frames[i] = profile.frames().intern(new Frame(string(p, f.getName()), string(p, f.getFilename()),
                        (int) line.getLine(), (int) f.getStartLine()));
            }
            locations.put(l.getId(), frames);
        }
        long offset = firstStartNanos == Long.MAX_VALUE ? 0 : Math.max(0, p.getTimeNanos() - firstStartNanos);
        int[] stack = new int[64];
        for (ProfileProto.Sample s : p.getSampleList()) {
            long n = value < s.getValueCount() ? s.getValue(value) : 0;
            if (n <= 0) {
                continue;
            }
            int depth = 0;
            for (long id : s.getLocationIdList()) {
                int[] frames = locations.get(id);
                if (frames == null) {
                    throw new IOException("pprof sample names unknown location " + id);
                }
                if (depth + frames.length > stack.length) {
                    stack = Arrays.copyOf(stack, Math.max(stack.length * 2, depth + frames.length));
                }
                System.arraycopy(frames, 0, stack, depth, frames.length);
                depth += frames.length;
            }
            if (profile.hasTimeline()) {
                int thread = thread(p, s);
                for (long i = 0; i < n; i++) {
                    profile.add(thread, stack, depth, false, offset);
                }
            } else {
                reverse(stack, depth);
                profile.addCount(stack, depth, n);
            }
            count += n;
        }
        for (long c : p.getCommentList()) {
            String comment = string(p, c);
            if (comment.startsWith(PprofExporter.COMMENT_PYTHON)) {
                pythonVersions.add(comment.substring(PprofExporter.COMMENT_PYTHON.length()));
            }
        }
        if (p.getTimeNanos() > 0) {
            firstStartNanos = Math.min(firstStartNanos, p.getTimeNanos());
            lastEndNanos = Math.max(lastEndNanos, p.getTimeNanos() + p.getDurationNanos());
        }
        if (periodNanos == 0) {
            periodNanos = p.getPeriod();
        }
        profiles++;
    }

    /** The merged profile (frames root first as usual; no thread roots). */
    public Profile profile() {
        return profile;
    }

    /** Profiles added. */
    public int profiles() {
        return profiles;
    }

    /** Samples added (sum of the count values). */
    public long samples() {
        return count;
    }

    /**
     * What the exporters print about the merged profiles: start = the earliest {@code time_nanos}, duration up to
     * the latest end, rate from the first profile's {@code period}, the distinct Python versions.
     */
    public RecordingInfo info(int pid, String commandLine) {
        long start = firstStartNanos == Long.MAX_VALUE ? 0 : firstStartNanos;
        long duration = lastEndNanos == Long.MIN_VALUE ? 0 : lastEndNanos - start;
        double rate = periodNanos > 0 ? 1e9 / periodNanos : 0;
        return new RecordingInfo(pid, commandLine, String.join(", ", pythonVersions), start / 1_000_000L, duration,
                rate, count);
    }

    private int thread(ProfileProto.Profile p, ProfileProto.Sample s) {
        long tid = UNLABELLED;
        String name = "all threads";
        for (ProfileProto.Label l : s.getLabelList()) {
            String key = string(p, l.getKey());
            if (key.equals("thread_id")) {
                tid = l.getNum();
            } else if (key.equals("thread_name")) {
                name = string(p, l.getStr());
            }
        }
        Integer index = threads.get(tid);
        if (index == null) {
            index = profile.addThread(tid, tid, name, false);
            threads.put(tid, index);
        }
        return index;
    }

    private static int countIndex(ProfileProto.Profile p) {
        for (int i = 0; i < p.getSampleTypeCount(); i++) {
            ProfileProto.ValueType t = p.getSampleType(i);
            if (string(p, t.getType()).equals("samples") && string(p, t.getUnit()).equals("count")) {
                return i;
            }
        }
        return 0;
    }

    private static String string(ProfileProto.Profile p, long index) {
        if (index < 0 || index >= p.getStringTableCount()) {
            return "";
        }
        return p.getStringTable((int) index);
    }

    private static void reverse(int[] a, int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
