package io.pysample.core.asyncio;

import io.pysample.core.walk.Frame;

import java.util.List;

/**
 * One task's async stack as {@code pysample dump --async} shows it.
 *
 * @param name the task's name
 * @param running whether it was running a step
 * @param nativeThreadId the Linux TID of the thread running it, or of the thread whose loop holds it; 0 if unknown
 * @param frames innermost first: its frames (for a running task, the thread's frames down to its coroutine), then a
 *     frame named for the task (file {@value AsyncStacks#TASK_FILE}), then the awaiting tasks' frames and names
 */
public record TaskStack(String name, boolean running, long nativeThreadId, List<Frame> frames) {
}
