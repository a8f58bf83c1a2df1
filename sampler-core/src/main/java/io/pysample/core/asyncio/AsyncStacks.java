package io.pysample.core.asyncio;

import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds a task's async stack, innermost first: the task's own frames, a frame named for the task (file
 * {@value #TASK_FILE}), then for the first task awaiting it its coroutine frames and name, and so on up to a task
 * that nobody awaits. The same shape as {@code python -m asyncio pstree} shows from a leaf task to its root.
 */
public final class AsyncStacks {
    /** The file name of the frames that stand for tasks. */
    public static final String TASK_FILE = "<task>";
    /** Awaiting tasks followed at most (a cycle in a torn read must end). */
    public static final int MAX_PARENTS = 256;

    private final FrameTable frames;

    public AsyncStacks(FrameTable frames) {
        this.frames = frames;
    }

    /** The frame id that stands for a task called {@code name}. */
    public int taskFrame(String name) {
        return frames.intern(name, TASK_FILE, 0, 0);
    }

    /**
     * {@code leaf[0..leafDepth)} (innermost first), then {@code task}'s name and its awaiting tasks.
     */
    public int[] stack(AsyncSnapshot snapshot, AsyncTask task, int[] leaf, int leafDepth) {
        int[] out = Arrays.copyOf(leaf, Math.max(leafDepth + 16, 32));
        int n = leafDepth;
        Set<Long> seen = new HashSet<>();
        AsyncTask t = task;
        while (t != null && seen.add(t.address()) && seen.size() <= MAX_PARENTS) {
            if (t != task) {
                out = ensure(out, n + t.frames().length);
                System.arraycopy(t.frames(), 0, out, n, t.frames().length);
                n += t.frames().length;
            }
            out = ensure(out, n + 1);
            out[n++] = taskFrame(t.name());
            t = firstAwaiter(snapshot, t);
        }
        return Arrays.copyOf(out, n);
    }

    /** The stack of a task that is not running: its coroutine chain, name and awaiting tasks. */
    public int[] stack(AsyncSnapshot snapshot, AsyncTask task) {
        return stack(snapshot, task, task.frames(), task.frames().length);
    }

    /**
     * How many of a thread's frames ({@code threadFrames[0..depth)}, innermost first) belong to its running task
     * {@code task}: up to and including the outermost frame of the task's coroutine function; 0 if it is not there
     * (the thread moved on since the task was read).
     */
    public int taskDepth(int[] threadFrames, int depth, AsyncTask task) {
        int coro = task.coroutineFrame();
        if (coro < 0) {
            return 0;
        }
        Frame c = frames.get(coro);
        for (int i = depth - 1; i >= 0; i--) {
            Frame f = frames.get(threadFrames[i]);
            if (f.firstLine() == c.firstLine() && f.function().equals(c.function()) && f.file().equals(c.file())) {
                return i + 1;
            }
        }
        return 0;
    }

    private static AsyncTask firstAwaiter(AsyncSnapshot snapshot, AsyncTask t) {
        for (long a : t.awaitedBy()) {
            AsyncTask parent = snapshot.tasks().get(a);
            if (parent != null) {
                return parent;
            }
        }
        return null;
    }

    private static int[] ensure(int[] a, int n) {
        return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
}
