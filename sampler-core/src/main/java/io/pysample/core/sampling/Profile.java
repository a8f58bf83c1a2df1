package io.pysample.core.sampling;

import io.pysample.core.util.LongIntMap;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The aggregate of a recording: every distinct stack once, in a trie of {@link FrameTable} ids (node 0 is the
 * root; each other node is a frame under its parent), with the number of samples that ended at each node, plus
 * optionally the per-sample timeline (thread, stack, time) that time-ordered formats such as speedscope need.
 * Memory grows with the number of distinct stacks, and, with a timeline, by 16 bytes per thread sample.
 *
 * <p>Written by one sampling thread ({@link #add}); read by exporters after sampling has stopped.
 */
public final class Profile {
    /** Pseudo frame at the root of a stack whose outermost frames were cut at the depth limit. */
    public static final String TRUNCATED = "[truncated]";

    private FrameTable frames;
    private final ProfileOptions options;
    private final boolean lineNumbers;
    private final boolean threadRoots;
    private final boolean keepTimeline;
    private boolean sealed;

    // Trie: node -> (parent, frame); child lookup by (parent, frame).
    private final LongIntMap children = new LongIntMap(1024);
    private int[] parent = new int[1024];
    private int[] frame = new int[1024];
    private long[] selfCount = new long[1024];
    private int nodes = 1;

    private int[] functionOnly = new int[256]; // frame id -> same frame without line (+1; 0 = not computed)
    private int truncatedFrame = -1;

    private final LongIntMap threadIndex = new LongIntMap(64);
    private final List<ProfileThread> threads = new ArrayList<>();

    private int samples;
    private int[] sampleThread = new int[0];
    private int[] sampleNode = new int[0];
    private long[] sampleTime = new long[0];
    private long totalCount;

    /**
     * @param frames the table the walker interns into
     * @param options line numbers, thread roots, timeline
     */
    public Profile(FrameTable frames, ProfileOptions options) {
        this.frames = frames;
        this.options = options;
        this.lineNumbers = options.lineNumbers();
        this.threadRoots = options.threadRoots();
        this.keepTimeline = options.timeline();
        parent[0] = -1;
        frame[0] = -1;
    }

    /** The index of thread {@code nativeThreadId}, or -1 if it has not been added. */
    public int threadIndex(long nativeThreadId) {
        return threadIndex.get(nativeThreadId);
    }

    /** Registers a thread (once: see {@link #threadIndex}) and returns its index. */
    public int addThread(long nativeThreadId, long threadId, String name, boolean main) {
        checkOpen();
        int i = threads.size();
        int root = frames.intern(new Frame("[" + name + " tid=" + nativeThreadId + "]", "", 0, 0));
        threads.add(new ProfileThread(nativeThreadId, threadId, name, main, root));
        threadIndex.put(nativeThreadId, i);
        return i;
    }

    /**
     * Adds one thread stack sample.
     *
     * @param thread index from {@link #threadIndex} or {@link #addThread}
     * @param leafFirst frame ids, innermost first
     * @param depth how many entries of {@code leafFirst} are used
     * @param truncated whether the outermost frames are missing
     * @param timeNanos when the sample was taken, in nanoseconds since the recording started
     */
    public void add(int thread, int[] leafFirst, int depth, boolean truncated, long timeNanos) {
        checkOpen();
        int node = 0;
        ProfileThread t = threads.get(thread);
        if (threadRoots) {
            node = child(node, t.rootFrame());
        }
        if (truncated) {
            if (truncatedFrame < 0) {
                truncatedFrame = frames.intern(new Frame(TRUNCATED, "", 0, 0));
            }
            node = child(node, truncatedFrame);
        }
        // Walk down from the root, reusing the nodes of the part this stack shares with the thread's previous one
        // (a steady stack is then array comparisons only).
        t.ensurePath(depth);
        int base = node;
        int[] lastFrames = t.pathFrames;
        int[] lastNodes = t.pathNodes;
        boolean sharing = t.pathBase == base; // same thread root and truncation marker as last time
        t.pathBase = base;
        int level = 0;
        for (int i = depth - 1; i >= 0; i--, level++) {
            int f = lineNumbers ? leafFirst[i] : withoutLine(leafFirst[i]);
            if (sharing && level < t.pathDepth && lastFrames[level] == f) {
                node = lastNodes[level];
                continue;
            }
            sharing = false;
            node = child(node, f);
            lastFrames[level] = f;
            lastNodes[level] = node;
        }
        t.pathDepth = depth;
        selfCount[node]++;
        totalCount++;
        t.count++;
        if (keepTimeline) {
            if (samples == sampleNode.length) {
                int n = Math.max(1024, samples * 2);
                sampleThread = Arrays.copyOf(sampleThread, n);
                sampleNode = Arrays.copyOf(sampleNode, n);
                sampleTime = Arrays.copyOf(sampleTime, n);
            }
            sampleThread[samples] = thread;
            sampleNode[samples] = node;
            sampleTime[samples] = timeNanos;
            samples++;
        }
    }

    private int child(int node, int frameId) {
        long key = ((long) node << 32) | (frameId & 0xFFFF_FFFFL);
        int c = children.get(key);
        if (c >= 0) {
            return c;
        }
        if (nodes == parent.length) {
            int n = nodes * 2;
            parent = Arrays.copyOf(parent, n);
            frame = Arrays.copyOf(frame, n);
            selfCount = Arrays.copyOf(selfCount, n);
        }
        c = nodes++;
        parent[c] = node;
        frame[c] = frameId;
        children.put(key, c);
        return c;
    }

    private int withoutLine(int frameId) {
        if (frameId >= functionOnly.length) {
            functionOnly = Arrays.copyOf(functionOnly, Math.max(frameId + 1, functionOnly.length * 2));
        }
        int f = functionOnly[frameId] - 1;
        if (f < 0) {
            Frame full = frames.get(frameId);
            f = frames.intern(new Frame(full.function(), full.file(), 0, full.firstLine()));
            functionOnly[frameId] = f + 1;
        }
        return f;
    }

    private void checkOpen() {
        if (sealed) {
            throw new IllegalStateException("this profile was handed over: it takes no more samples");
        }
    }

    /**
     * Ends this profile: it takes no more samples, and its frames are read from a copy of the frame table as it is
     * now (ids unchanged), so that it can be exported on another thread while the sampling thread goes on
     * interning into the original table. Call on the thread that added the samples; hand the profile over through
     * a safe publication (a queue, a lock, a thread start).
     */
    public void seal() {
        if (sealed) {
            return;
        }
        FrameTable copy = new FrameTable();
        for (int i = 0; i < frames.size(); i++) {
            copy.intern(frames.get(i)); // dense ids in insertion order: the copy's ids are the original's
        }
        frames = copy;
        sealed = true;
    }

    /** Whether {@link #seal()} was called. */
    public boolean isSealed() {
        return sealed;
    }

    public FrameTable frames() {
        return frames;
    }

    public ProfileOptions options() {
        return options;
    }

    public boolean lineNumbers() {
        return lineNumbers;
    }

    /** Thread stack samples recorded. */
    public long totalCount() {
        return totalCount;
    }

    /** Distinct stacks (trie nodes including inner ones, without the root). */
    public int nodeCount() {
        return nodes - 1;
    }

    public List<ProfileThread> threads() {
        return threads;
    }

    /** Calls {@code visitor} for every distinct stack that samples ended at, frames root first. */
    public void forEachStack(StackVisitor visitor) {
        int[] path = new int[64];
        for (int n = 1; n < nodes; n++) {
            if (selfCount[n] == 0) {
                continue;
            }
            int depth = 0;
            for (int x = n; x > 0; x = parent[x]) {
                if (depth == path.length) {
                    path = Arrays.copyOf(path, depth * 2);
                }
                path[depth++] = frame[x];
            }
            for (int i = 0, j = depth - 1; i < j; i++, j--) {
                int tmp = path[i];
                path[i] = path[j];
                path[j] = tmp;
            }
            visitor.visit(path, depth, selfCount[n]);
        }
    }

    /** The stack of trie node {@code node}, root first. */
    public int[] stack(int node) {
        int depth = 0;
        for (int x = node; x > 0; x = parent[x]) {
            depth++;
        }
        int[] out = new int[depth];
        for (int x = node; x > 0; x = parent[x]) {
            out[--depth] = frame[x];
        }
        return out;
    }

    /** Whether the per-sample timeline was kept. */
    public boolean hasTimeline() {
        return keepTimeline;
    }

    /** Samples in the timeline. */
    public int timelineSize() {
        return samples;
    }

    public int timelineThread(int i) {
        return sampleThread[i];
    }

    public int timelineNode(int i) {
        return sampleNode[i];
    }

    public long timelineTimeNanos(int i) {
        return sampleTime[i];
    }

    /**
     * Adds {@code count} samples of one stack at once, without thread or timeline entry: for merging stored
     * profiles, not for sampling. Frames are taken as given (no line stripping, no thread root).
     *
     * @param rootFirst frame ids of this profile's table, outermost first
     */
    public void addCount(int[] rootFirst, int depth, long count) {
        int node = 0;
        for (int i = 0; i < depth; i++) {
            node = child(node, rootFirst[i]);
        }
        selfCount[node] += count;
        totalCount += count;
    }

    /** Receives one distinct stack. */
    @FunctionalInterface
    public interface StackVisitor {
        /** @param rootFirst frame ids, valid only during the call; @param count samples that ended here */
        void visit(int[] rootFirst, int depth, long count);
    }
}
