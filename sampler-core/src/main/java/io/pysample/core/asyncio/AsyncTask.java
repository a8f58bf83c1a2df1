package io.pysample.core.asyncio;

/**
 * One {@code asyncio} task as read from the target.
 *
 * @param address the {@code TaskObj}'s address
 * @param name {@code Task.get_name()}: the name string, or {@code Task-N} for a numbered task
 * @param frames its coroutine chain (the task's coroutine and what it awaits, down to the first awaitable that is no
 *     coroutine or generator), as frame ids, innermost first; for a running task only its coroutine's own frame
 * @param awaitedBy addresses of the tasks and futures that await it ({@code task_awaited_by})
 * @param threadState the thread state in whose task list it was found, or 0 (the interpreter's list)
 */
public record AsyncTask(long address, String name, int[] frames, long[] awaitedBy, long threadState) {
    /** The frame id of the task's own coroutine (the outermost of {@link #frames}), or -1. */
    public int coroutineFrame() {
        return frames.length == 0 ? -1 : frames[frames.length - 1];
    }
}
