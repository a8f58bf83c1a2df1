package io.pysample.core.subprocess;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.SamplingResult;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.walk.DropReason;
import io.pysample.core.walk.FrameTable;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the intervals of several processes into one: every stack goes under a root frame
 * {@code [pid N: command]} (a pseudo frame with an empty file), frames are re-interned into one table. The info is
 * the first (root) interval's, the counts are sums. No timeline is kept (so no speedscope).
 */
public final class ProfileMerger {
    /** Longest command shown in a root frame, in characters. */
    public static final int MAX_COMMAND = 120;

    private ProfileMerger() {
    }

    /** The root frame's name for process {@code pid} running {@code command}. */
    public static String rootName(int pid, String command) {
        String c = command.length() > MAX_COMMAND ? command.substring(0, MAX_COMMAND) + "…" : command;
        return "[pid " + pid + ": " + c + "]";
    }

    /** @param parts the root process's interval first */
    public static ProfileInterval merge(List<ProfileInterval> parts, ProfileOptions options) {
        FrameTable table = new FrameTable();
        Profile merged = new Profile(table, new ProfileOptions(options.lineNumbers(), false, false));
        long walks = 0;
        long stacksRead = 0;
        long busyNanos = 0;
        long incomplete = 0;
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (ProfileInterval part : parts) {
            RecordingInfo info = part.info();
            int root = table.intern(rootName(info.pid(), info.commandLine()), "", 0, 0);
            FrameTable frames = part.profile().frames();
            Profile.StackVisitor add = (rootFirst, depth, count) -> {
                int[] path = new int[depth + 1];
                path[0] = root;
                for (int i = 0; i < depth; i++) {
                    path[i + 1] = table.intern(frames.get(rootFirst[i]));
                }
                merged.addCount(path, path.length, count);
            };
            part.profile().forEachStack(add);
            walks += part.stats().walks();
            stacksRead += part.stats().stacksRead();
            busyNanos += part.stats().busyNanos(); // one sampling thread served them all: busy times add up
            incomplete += part.stats().incompleteStacks();
            part.stats().drops().forEach((k, v) -> drops.merge(k, v, Long::sum));
        }
        merged.seal();
        ProfileInterval first = parts.get(0);
        SamplingResult s = first.stats();
        SamplingResult stats = new SamplingResult(walks, merged.totalCount(), stacksRead, drops, s.elapsedNanos(),
                s.reason(), s.latencyMicros(), incomplete, busyNanos);
        return new ProfileInterval(merged, first.info(), stats);
    }
}
