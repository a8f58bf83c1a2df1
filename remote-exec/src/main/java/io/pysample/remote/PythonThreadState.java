package io.pysample.remote;

/**
 * One {@code PyThreadState} of the target as found by {@link PythonThreads}.
 *
 * @param address the thread state's address
 * @param interpreter the address of its {@code PyInterpreterState}
 * @param interpreterId {@code PyInterpreterState.id} (0: the main interpreter)
 * @param threadId {@code thread_state.thread_id}: the {@code pthread_t} ({@code threading.get_ident()})
 * @param nativeThreadId {@code thread_state.native_thread_id}: the Linux TID ({@code threading.get_native_id()})
 * @param main whether it is its interpreter's {@code threads_main}
 */
public record PythonThreadState(long address, long interpreter, long interpreterId, long threadId,
        long nativeThreadId, boolean main) {
}
