package io.pysample.core.asyncio;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.attach.SectionLocator;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;

/**
 * {@code _Py_AsyncioModuleDebugOffsets} ({@code Modules/_asynciomodule.c}, CPython 3.14+): 13 {@code uint64_t} in
 * section {@code .AsyncioDebug} of the file that holds {@code _asyncio} (the extension module
 * {@code _asyncio.cpython-3X-….so}, mapped only after {@code import asyncio}, or the executable when built in).
 * In order: {@code asyncio_task_object} {@code size, task_name, task_awaited_by, task_is_task,
 * task_awaited_by_is_set, task_coro, task_node}; {@code asyncio_interpreter_state} {@code size,
 * asyncio_tasks_head}; {@code asyncio_thread_state} {@code size, asyncio_running_loop, asyncio_running_task,
 * asyncio_tasks_head}. All are byte offsets into {@code TaskObj}, {@code PyInterpreterState} and
 * {@code _PyThreadStateImpl}.
 */
public record AsyncioOffsets(int taskSize, int taskName, int taskAwaitedBy, int taskIsTask, int taskAwaitedByIsSet,
        int taskCoro, int taskNode, int interpSize, int interpTasksHead, int tstateSize, int tstateRunningLoop,
        int tstateRunningTask, int tstateTasksHead) {
    /** Bytes of the table. */
    public static final int SIZE = 13 * 8;
    /** Largest plausible {@code sizeof(TaskObj)}. */
    private static final int MAX_TASK_SIZE = 4096;

    /**
     * Decodes and checks the table: task members inside the task, the interpreter size equal to
     * {@code _Py_DebugOffsets.interpreter_state.size}, thread members inside the thread state.
     *
     * @return the offsets, or {@code null} if the table is not plausible
     */
    public static AsyncioOffsets decode(byte[] t, DebugOffsets debug) {
        if (t.length < SIZE) {
            return null;
        }
        long[] v = new long[13];
        for (int i = 0; i < 13; i++) {
            v[i] = LittleEndian.i64(t, i * 8);
        }
        long task = v[0];
        if (task <= 0 || task > MAX_TASK_SIZE || v[8] < 0 || v[8] + 16 > v[7] || v[7] != debug.interpSize
                || v[9] < debug.tstateSize || v[9] > (1 << 20)) {
            return null;
        }
        for (int i = 1; i <= 6; i++) {
            if (v[i] < 16 || v[i] + 8 > task) {
                return null;
            }
        }
        for (int i = 10; i <= 12; i++) {
            if (v[i] < 0 || v[i] + 8 > v[9]) {
                return null;
            }
        }
        return new AsyncioOffsets((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5],
                (int) v[6], (int) v[7], (int) v[8], (int) v[9], (int) v[10], (int) v[11], (int) v[12]);
    }

    /**
     * Finds and decodes the table in {@code target}: {@code _asyncio*.so} files first, then files named
     * {@code *python*} (a built-in {@code _asyncio}).
     *
     * @return the offsets, or {@code null} if {@code _asyncio} is not loaded (yet) or the table is unusable
     */
    public static AsyncioOffsets locate(PythonProcess target) {
        SectionLocator.Found found = SectionLocator.find(target.info(), ".AsyncioDebug",
                p -> fileName(p).startsWith("_asyncio"));
        if (found == null) {
            found = SectionLocator.find(target.info(), ".AsyncioDebug",
                    p -> fileName(p).toLowerCase().contains("python"));
        }
        if (found == null || found.size() < SIZE) {
            return null;
        }
        byte[] table = new byte[SIZE];
        if (target.memory().read(found.address(), table, 0, SIZE) < SIZE) {
            return null;
        }
        return decode(table, target.offsets());
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
