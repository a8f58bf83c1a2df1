package io.pysample.core.asyncio;

import io.pysample.core.walk.Frame;

import java.util.List;

/**
 * One {@code asyncio} task as {@code pysample dump --async --json} shows it: its own frames, and the tasks awaiting
 * it by id (unlike {@link TaskStack}, which inlines the awaiting tasks' frames).
 *
 * @param taskId the {@code TaskObj}'s address in the target (what {@code id(task)} returns there)
 * @param name the task's name ({@code Task.get_name()})
 * @param running whether it was running a step ({@code asyncio_running_task} of some thread)
 * @param nativeThreadId pysample's (the host's) TID of the thread running it, else of the thread in whose task list
 *     it is ({@code _PyThreadStateImpl.asyncio_tasks_head}: the thread of its event loop); 0 for a task of a thread
 *     that ended (the interpreter's list)
 * @param frames innermost first: for a running task the thread's frames down to and including its coroutine's frame
 *     (the event loop's frames below are left out), else its coroutine chain down to the first awaitable that is no
 *     coroutine or generator
 * @param awaitedBy the {@link #taskId}s of the tasks awaiting it, directly or through a future that is no task
 *     (a {@code gather} future stands for the tasks awaiting it); only tasks of the same dump
 */
public record TaskDump(long taskId, String name, boolean running, long nativeThreadId, List<Frame> frames,
        List<Long> awaitedBy) {
}
