package io.pysample.core.sampling;

/**
 * A thread that appears in a {@link Profile}.
 */
public final class ProfileThread {
    private final long nativeThreadId;
    private final long threadId;
    private final String name;
    private final boolean main;
    private final int rootFrame;
    long count;
    // The thread's previous stack, root first, with its trie nodes: Profile.add reuses the shared part.
    int[] pathFrames = new int[64];
    int[] pathNodes = new int[64];
    int pathDepth;
    int pathBase = -1;

    void ensurePath(int depth) {
        if (depth > pathFrames.length) {
            pathFrames = java.util.Arrays.copyOf(pathFrames, Math.max(depth, pathFrames.length * 2));
            pathNodes = java.util.Arrays.copyOf(pathNodes, pathFrames.length);
        }
    }

    ProfileThread(long nativeThreadId, long threadId, String name, boolean main, int rootFrame) {
        this.nativeThreadId = nativeThreadId;
        this.threadId = threadId;
        this.name = name;
        this.main = main;
        this.rootFrame = rootFrame;
    }

    /** Linux TID. */
    public long nativeThreadId() {
        return nativeThreadId;
    }

    /** Python thread id ({@code threading.get_ident()}). */
    public long threadId() {
        return threadId;
    }

    /** The thread's name when first seen: its {@code threading} name on CPython 3.13 if known, else the kernel's. */
    public String name() {
        return name;
    }

    public boolean main() {
        return main;
    }

    /** The pseudo frame {@code [name tid=N]} used as this thread's root with {@code --threads}. */
    public int rootFrame() {
        return rootFrame;
    }

    /** Samples recorded for this thread. */
    public long count() {
        return count;
    }
}
