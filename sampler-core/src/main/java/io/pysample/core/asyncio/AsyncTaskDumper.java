package io.pysample.core.asyncio;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@code asyncio} task of a CPython 3.14+ target, once: running tasks first (combined with the thread stacks of
 * a {@link StackDump} taken just before), then waiting ones in list order. {@link #dump} gives each task's whole
 * async stack (text form), {@link #tasks} each task's own frames and awaiters by id (JSON form).
 */
public final class AsyncTaskDumper {
    private AsyncTaskDumper() {
    }

    /** {@link #dump(PythonProcess, StackDump, AsyncMode)} of every task ({@link AsyncMode#ALL}). */
    public static List<TaskStack> dump(PythonProcess target, StackDump threads) {
        return dump(target, threads, AsyncMode.ALL);
    }

    /**
     * @param threads the target's thread stacks, taken just before
     * @param mode {@link AsyncMode#ALL}: every task; {@link AsyncMode#RUNNING}: only tasks running a step (each
     *     stack still ends with the tasks awaiting it)
     * @return the tasks' async stacks; empty if the target has not imported {@code asyncio}
     * @throws UnsupportedOperationException if the target is older than 3.14
     */
    public static List<TaskStack> dump(PythonProcess target, StackDump threads, AsyncMode mode) {
        Read r = read(target, threads);
        List<TaskStack> out = new ArrayList<>();
        for (Entry e : r.entries) {
            if (mode == AsyncMode.ALL || e.running) {
                int[] ids = r.stacks.stack(r.snap, e.task, e.own, e.own.length);
                out.add(new TaskStack(e.task.name(), e.running, e.tid, r.frames(ids)));
            }
        }
        return out;
    }

    /**
     * @param threads the target's thread stacks, taken just before
     * @param mode {@link AsyncMode#ALL}: every task; {@link AsyncMode#RUNNING}: the tasks running a step and every
     *     task awaiting them, directly or not (so that every {@link TaskDump#awaitedBy} id is in the list)
     * @return the tasks, running first; empty if the target has not imported {@code asyncio}
     * @throws UnsupportedOperationException if the target is older than 3.14
     */
    public static List<TaskDump> tasks(PythonProcess target, StackDump threads, AsyncMode mode) {
        Read r = read(target, threads);
        Set<Long> shown = mode == AsyncMode.ALL ? r.snap.tasks().keySet() : runningAndAwaiters(r);
        List<TaskDump> out = new ArrayList<>();
        for (Entry e : r.entries) {
            if (!shown.contains(e.task.address())) {
                continue;
            }
            List<Long> awaitedBy = new ArrayList<>();
            for (long a : e.task.awaitedBy()) {
                if (shown.contains(a) && !awaitedBy.contains(a)) {
                    awaitedBy.add(a);
                }
            }
            out.add(new TaskDump(e.task.address(), e.task.name(), e.running, e.tid, r.frames(e.own),
                    List.copyOf(awaitedBy)));
        }
        return out;
    }

    private static Set<Long> runningAndAwaiters(Read r) {
        Set<Long> out = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>();
        for (Entry e : r.entries) {
            if (e.running) {
                todo.add(e.task.address());
            }
        }
        while (!todo.isEmpty()) {
            AsyncTask t = r.snap.tasks().get(todo.poll());
            if (t != null && out.add(t.address())) {
                for (long a : t.awaitedBy()) {
                    todo.add(a);
                }
            }
        }
        return out;
    }

    /** One task's facts shared by both forms. */
    private record Entry(AsyncTask task, boolean running, long tid, int[] own) {
    }

    /** One read of the target's tasks, resolved against its thread stacks. */
    private record Read(FrameTable table, AsyncSnapshot snap, AsyncStacks stacks, List<Entry> entries) {
        List<Frame> frames(int[] ids) {
            List<Frame> list = new ArrayList<>(ids.length);
            for (int id : ids) {
                list.add(table.get(id));
            }
            return List.copyOf(list);
        }
    }

    private static Read read(PythonProcess target, StackDump threads) {
        if (!target.version().atLeast(3, 14)) {
            throw new UnsupportedOperationException("asyncio task stacks need CPython 3.14 or newer; process "
                    + target.pid() + " runs " + target.version());
        }
        FrameTable frames = new FrameTable();
        AsyncStacks stacks = new AsyncStacks(frames);
        AsyncioOffsets offsets = AsyncioOffsets.locate(target);
        if (offsets == null) {
            return new Read(frames, new AsyncSnapshot(Map.of(), Map.of(), Map.of()), stacks, List.of());
        }
        AsyncSnapshot snap = new AsyncTaskReader(target, offsets, new CodeLookup(target.memory(), target.offsets(),
                frames)).read();
        List<Entry> running = new ArrayList<>();
        List<Entry> waiting = new ArrayList<>();
        for (AsyncTask task : snap.tasks().values()) {
            long tid = hostTid(snap, task.threadState(), threads);
            int[] own = null;
            boolean isRunning = false;
            for (Map.Entry<Long, Long> r : snap.runningTask().entrySet()) {
                if (r.getValue() == task.address()) {
                    isRunning = true;
                    tid = hostTid(snap, r.getKey(), threads);
                    own = runningFrames(stacks, frames, task, threads, tid);
                }
            }
            Entry e = new Entry(task, isRunning, tid, own == null ? task.frames() : own);
            (isRunning ? running : waiting).add(e);
        }
        running.addAll(waiting);
        return new Read(frames, snap, stacks, running);
    }

    /** The running thread's frames down to {@code task}'s coroutine; null if the thread moved on since. */
    private static int[] runningFrames(AsyncStacks stacks, FrameTable frames, AsyncTask task, StackDump threads,
            long tid) {
        for (ThreadDump t : threads.threads()) {
            if (t.nativeThreadId() != tid) {
                continue;
            }
            int[] ids = t.frames().stream().mapToInt(frames::intern).toArray();
            int depth = stacks.taskDepth(ids, ids.length, task);
            return depth == 0 ? null : Arrays.copyOf(ids, depth);
        }
        return null;
    }

    /**
     * The host's TID of a thread state: {@code PyThreadState.native_thread_id} is the target's own id, which differs
     * in another PID namespace; the dump's threads carry both. 0 for no thread state (the interpreter's list).
     */
    private static long hostTid(AsyncSnapshot snap, long threadState, StackDump threads) {
        Long tid = snap.nativeThreadIds().get(threadState);
        if (tid == null) {
            return 0;
        }
        for (ThreadDump t : threads.threads()) {
            if (t.namespaceThreadId() == tid) {
                return t.nativeThreadId();
            }
        }
        return tid;
    }
}
