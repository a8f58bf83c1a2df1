package io.pysample.core.dump;

import java.util.List;

/**
 * Every thread's stack of a process at one moment, as {@code pysample dump} shows it.
 *
 * @param pid the target
 * @param commandLine its command line
 * @param executable its executable path
 * @param pythonVersion exact CPython version, e.g. {@code 3.14.10}
 * @param threads the threads, main thread first, then in the interpreter's order (newest first)
 * @param droppedThreads threads whose stack could not be read consistently in any attempt
 */
public record StackDump(int pid, String commandLine, String executable, String pythonVersion,
        List<ThreadDump> threads, int droppedThreads) {
}
