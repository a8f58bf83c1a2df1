package io.pysample.core.asyncio;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every task of a target at one moment.
 *
 * @param tasks tasks by address, in list order (per thread state, then the interpreters' lists)
 * @param runningTask the running task's address by thread state address ({@code asyncio_running_task}; only
 *     threads running a task step)
 * @param nativeThreadIds the Linux TID of each thread state read
 */
public record AsyncSnapshot(Map<Long, AsyncTask> tasks, Map<Long, Long> runningTask, Map<Long, Long> nativeThreadIds) {
    /** Whether {@code task} is running a step on some thread. */
    public boolean isRunning(long task) {
        return runningTask.containsValue(task);
    }

    /**
     * The tasks that await another known task (listed in some task's {@code awaited_by}), computed anew on each
     * call: for many tasks, ask once and keep the set.
     */
    public Set<Long> awaitingTasks() {
        Set<Long> out = new HashSet<>();
        for (AsyncTask t : tasks.values()) {
            for (long a : t.awaitedBy()) {
                out.add(a);
            }
        }
        return out;
    }
}
