package io.pysample.core.asyncio;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.StackHook;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.ThreadView;

import java.util.Set;

/**
 * Turns a recording async-aware: a thread running a task step gets the task's async stack ({@link AsyncStacks}) in
 * place of its frames below the task's coroutine (the event loop's); in {@link AsyncMode#ALL} every waiting leaf
 * task is also counted once per sample under the thread whose task list holds it. The tasks are read before each
 * walk (a task switch in between leaves that thread's stack as walked). Until the target imports {@code asyncio}
 * the table is looked for again at most once a second. In {@link AsyncMode#RUNNING} only the running tasks and
 * their awaiters are read ({@link AsyncTaskReader#readRunning()}). Allocates per sample (unlike the plain walk).
 */
public final class AsyncProfileHook implements StackHook {
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final PythonProcess target;
    private final AsyncMode mode;
    private final CodeLookup lookup;
    private final AsyncStacks stacks;
    private AsyncTaskReader reader;
    private AsyncSnapshot snapshot;
    private long lastLocate = Long.MIN_VALUE;

    public AsyncProfileHook(PythonProcess target, AsyncMode mode, Profile profile) {
        this.target = target;
        this.mode = mode;
        this.lookup = new CodeLookup(target.memory(), target.offsets(), profile.frames());
        this.stacks = new AsyncStacks(profile.frames());
    }

    @Override
    public void beginSample() {
        snapshot = null;
        if (reader == null) {
            long now = System.nanoTime();
            if (lastLocate != Long.MIN_VALUE && now - lastLocate < RETRY_NANOS) {
                return;
            }
            lastLocate = now;
            AsyncioOffsets offsets = AsyncioOffsets.locate(target);
            if (offsets == null) {
                return;
            }
            reader = new AsyncTaskReader(target, offsets, lookup);
        }
        snapshot = mode == AsyncMode.RUNNING ? reader.readRunning() : reader.read();
    }

    @Override
    public boolean record(ThreadView view, Profile profile, int thread, long timeNanos) {
        if (snapshot == null) {
            return false;
        }
        Long running = snapshot.runningTask().get(view.threadStateAddress());
        AsyncTask task = running == null ? null : snapshot.tasks().get(running);
        if (task == null) {
            return false;
        }
        int depth = stacks.taskDepth(view.frames(), view.depth(), task);
        if (depth == 0) {
            return false;
        }
        int[] stack = stacks.stack(snapshot, task, view.frames(), depth);
        profile.add(thread, stack, stack.length, false, timeNanos);
        return true;
    }

    @Override
    public void endSample(Profile profile, long timeNanos) {
        if (snapshot == null || mode != AsyncMode.ALL) {
            return;
        }
        Set<Long> awaiting = snapshot.awaitingTasks();
        for (AsyncTask task : snapshot.tasks().values()) {
            if (snapshot.isRunning(task.address()) || awaiting.contains(task.address())) {
                continue;
            }
            Long tid = snapshot.nativeThreadIds().get(task.threadState());
            long nativeId = tid == null ? 0 : tid;
            int thread = profile.threadIndex(nativeId);
            if (thread < 0) {
                String name = target.info().threadName(nativeId);
                thread = profile.addThread(nativeId, 0, name == null || name.isEmpty() ? "asyncio" : name, false);
            }
            int[] stack = stacks.stack(snapshot, task);
            profile.add(thread, stack, stack.length, false, timeNanos);
        }
    }
}
