package io.pysample.core.asyncio;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The async stack of every {@code asyncio} task of a CPython 3.14+ target, once: running tasks first (combined with
 * the thread stacks of a {@link StackDump} taken just before), then waiting ones in list order.
 */
public final class AsyncTaskDumper {
    private AsyncTaskDumper() {
    }

    /**
     * @param threads the target's thread stacks, taken just before
     * @return the tasks; empty if the target has not imported {@code asyncio}
     * @throws UnsupportedOperationException if the target is older than 3.14
     */
    public static List<TaskStack> dump(PythonProcess target, StackDump threads) {
        if (!target.version().atLeast(3, 14)) {
            throw new UnsupportedOperationException("asyncio task stacks need CPython 3.14 or newer; process "
                    + target.pid() + " runs " + target.version());
        }
        AsyncioOffsets offsets = AsyncioOffsets.locate(target);
        if (offsets == null) {
            return List.of();
        }
        FrameTable frames = new FrameTable();
        AsyncSnapshot snap = new AsyncTaskReader(target, offsets, new CodeLookup(target.memory(), target.offsets(),
                frames)).read();
        AsyncStacks stacks = new AsyncStacks(frames);
        List<TaskStack> running = new ArrayList<>();
        List<TaskStack> waiting = new ArrayList<>();
        for (AsyncTask task : snap.tasks().values()) {
            long tid = tid(snap, task.threadState());
            int[] ids = null;
            boolean isRunning = false;
            for (Map.Entry<Long, Long> r : snap.runningTask().entrySet()) {
                if (r.getValue() == task.address()) {
                    isRunning = true;
                    tid = tid(snap, r.getKey());
                    ids = runningStack(stacks, frames, snap, task, threads, tid);
                }
            }
            if (ids == null) {
                ids = stacks.stack(snap, task);
            }
            List<Frame> list = new ArrayList<>(ids.length);
            for (int id : ids) {
                list.add(frames.get(id));
            }
            (isRunning ? running : waiting).add(new TaskStack(task.name(), isRunning, tid, List.copyOf(list)));
        }
        running.addAll(waiting);
        return running;
    }

    private static int[] runningStack(AsyncStacks stacks, FrameTable frames, AsyncSnapshot snap, AsyncTask task,
            StackDump threads, long tid) {
        for (ThreadDump t : threads.threads()) {
            if (t.nativeThreadId() != tid) {
                continue;
            }
            int[] ids = t.frames().stream().mapToInt(frames::intern).toArray();
            int depth = stacks.taskDepth(ids, ids.length, task);
            return depth == 0 ? null : stacks.stack(snap, task, ids, depth);
        }
        return null;
    }

    private static long tid(AsyncSnapshot snap, long threadState) {
        Long tid = snap.nativeThreadIds().get(threadState);
        return tid == null ? 0 : tid;
    }
}
