package io.pysample.core.asyncio;

import io.pysample.core.util.LongIntMap;
import io.pysample.memory.LittleEndian;

import java.util.Arrays;

/**
 * The {@code TaskObj} fields of the tasks of one read, one row per task in the order read, found by address. A
 * row holds the raw words as read ({@code task_name}, {@code task_coro}, {@code task_awaited_by} with their low
 * tag bits cleared, {@code task_awaited_by_is_set}, {@code task_is_task}). Reused from read to read. Not
 * thread-safe.
 */
final class TaskRows {
    private final AsyncioOffsets a;
    private final LongIntMap index = new LongIntMap(64);
    private long[] address = new long[64];
    private long[] owner = new long[64];
    private long[] name = new long[64];
    private long[] coro = new long[64];
    private long[] awaiter = new long[64];
    private boolean[] awaiterIsSet = new boolean[64];
    private boolean[] isTask = new boolean[64];
    private int size;

    TaskRows(AsyncioOffsets offsets) {
        this.a = offsets;
    }

    void clear() {
        index.clear();
        size = 0;
    }

    int size() {
        return size;
    }

    /** The row of the task at {@code taskAddress}, or -1. */
    int row(long taskAddress) {
        return index.get(taskAddress);
    }

    /**
     * Adds the task at {@code taskAddress} from {@code task}, its {@code TaskObj} bytes ({@code taskSize} of them).
     *
     * @param threadState the thread state whose list holds it, or 0
     * @return false if the task has a row already (nothing added)
     */
    boolean add(long taskAddress, long threadState, byte[] task) {
        if (index.get(taskAddress) >= 0) {
            return false;
        }
        if (size == address.length) {
            int n = size * 2;
            address = Arrays.copyOf(address, n);
            owner = Arrays.copyOf(owner, n);
            name = Arrays.copyOf(name, n);
            coro = Arrays.copyOf(coro, n);
            awaiter = Arrays.copyOf(awaiter, n);
            awaiterIsSet = Arrays.copyOf(awaiterIsSet, n);
            isTask = Arrays.copyOf(isTask, n);
        }
        address[size] = taskAddress;
        owner[size] = threadState;
        name[size] = LittleEndian.i64(task, a.taskName()) & ~3L;
        coro[size] = LittleEndian.i64(task, a.taskCoro()) & ~3L;
        awaiter[size] = LittleEndian.i64(task, a.taskAwaitedBy()) & ~3L;
        awaiterIsSet[size] = task[a.taskAwaitedByIsSet()] != 0;
        isTask[size] = task[a.taskIsTask()] != 0;
        index.put(taskAddress, size);
        size++;
        return true;
    }

    long address(int row) {
        return address[row];
    }

    long threadState(int row) {
        return owner[row];
    }

    long nameObject(int row) {
        return name[row];
    }

    long coro(int row) {
        return coro[row];
    }

    long awaiter(int row) {
        return awaiter[row];
    }

    boolean awaiterIsSet(int row) {
        return awaiterIsSet[row];
    }

    boolean isTask(int row) {
        return isTask[row];
    }
}
