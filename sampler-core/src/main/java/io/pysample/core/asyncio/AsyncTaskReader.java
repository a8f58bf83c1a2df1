package io.pysample.core.asyncio;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.objects.RemoteObjects;
import io.pysample.core.objects.TypeFlags;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.ThreadDiscovery;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.PrefetchingReader;
import io.pysample.memory.ReadBatch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads every {@code asyncio} task of a CPython 3.14+ target, read-only. Tasks are found on the per-thread lists
 * ({@code _PyThreadStateImpl.asyncio_tasks_head}) and the interpreters' list (tasks of threads that ended), in
 * one batched read in steady state ({@link TaskLists}); their coroutine chains ({@link CoroutineChains}) and awaiters
 * ({@link TaskAwaiters}) are read level by level, each level one batched read for all tasks. Names are decoded once
 * per task and name object. The lists change while they are read: every count is bounded and a torn read ends a
 * list early. Not thread-safe.
 */
public final class AsyncTaskReader {
    /** Tasks read per list at most. */
    public static final int MAX_TASKS = 100_000;
    /** Coroutines followed per task at most. */
    public static final int MAX_CHAIN = 256;

    private final MemoryReader memory;
    private final DebugOffsets o;
    private final AsyncioOffsets a;
    private final CodeLookup lookup;
    private final ThreadDiscovery threads;
    private final TaskRows rows;
    private final TaskLists lists;
    private final CoroutineChains chains;
    private final TaskAwaiters awaiters;
    private final ReadBatch batch = new ReadBatch(16, 1024);
    private final byte[] buf = new byte[8];
    private final byte[] task;
    /** Task address → {name object, decoded name}: names rarely change. */
    private final Map<Long, Object[]> names = new HashMap<>();
    /** The name objects not decoded yet, read ahead in one batch; every other read passes through. */
    private final PrefetchingReader nameMemory;
    private final RemoteObjects nameObjects;
    /** Static type address → {@code tp_flags}: names are {@code str} or {@code int}. */
    private final Map<Long, Long> typeFlags = new HashMap<>();
    private long cachedGeneration = Long.MIN_VALUE;

    public AsyncTaskReader(PythonProcess target, AsyncioOffsets offsets, CodeLookup lookup) {
        this(target.memory(), target.runtimeAddress(), target.offsets(), offsets, lookup);
    }

    /** From a reader of the target's memory (e.g. a replayed snapshot) and its {@code _PyRuntime} address. */
    public AsyncTaskReader(MemoryReader memory, long runtimeAddress, DebugOffsets debugOffsets,
            AsyncioOffsets offsets, CodeLookup lookup) {
        this.memory = memory;
        this.o = debugOffsets;
        this.a = offsets;
        this.lookup = lookup;
        this.threads = new ThreadDiscovery(memory, runtimeAddress, o);
        this.rows = new TaskRows(offsets);
        this.lists = new TaskLists(memory, offsets);
        this.chains = new CoroutineChains(memory, o, lookup);
        this.awaiters = new TaskAwaiters(memory, o, offsets);
        this.task = new byte[a.taskSize()];
        this.nameMemory = new PrefetchingReader(memory);
        this.nameObjects = new RemoteObjects(nameMemory, debugOffsets);
    }

    /**
     * Reads all tasks now. Code objects stay cached while the interpreters' {@code code_object_generation} sum
     * (bumped by every {@code code_dealloc}, 3.14+) is unchanged; if it changes during the read, the read is
     * repeated once with an empty cache.
     */
    public AsyncSnapshot read() {
        return read(false);
    }

    /**
     * Reads only the tasks running a step and the tasks awaiting them, directly or not (what
     * {@link AsyncMode#RUNNING} shows): a cost that does not grow with the number of waiting tasks. Their
     * {@link AsyncTask#threadState()} is the thread running them, or 0 for an awaiting task.
     */
    public AsyncSnapshot readRunning() {
        return read(true);
    }

    private AsyncSnapshot read(boolean runningOnly) {
        threads.discover();
        long generation = generation();
        if (generation != cachedGeneration) {
            lookup.reset();
            cachedGeneration = generation;
        }
        AsyncSnapshot snapshot = readTasks(runningOnly);
        if (generation() != generation) {
            lookup.reset();
            cachedGeneration = generation();
            snapshot = readTasks(runningOnly);
        }
        return snapshot;
    }

    private long generation() {
        long sum = 0;
        for (int i = 0; i < threads.interpreterCount(); i++) {
            sum += u64(threads.interpreter(i) + o.interpCodeObjectGeneration);
        }
        return sum;
    }

    private AsyncSnapshot readTasks(boolean runningOnly) {
        rows.clear();
        Map<Long, Long> running = new LinkedHashMap<>();
        Map<Long, Long> tids = new LinkedHashMap<>();
        int threadCount = threads.threadCount();
        batch.clear();
        for (int t = 0; t < threadCount; t++) {
            batch.add(threads.threadState(t) + o.tstateNativeThreadId, 8);
            batch.add(threads.threadState(t) + a.tstateRunningTask(), 8);
        }
        memory.read(batch);
        for (int t = 0; t < threadCount; t++) {
            long ts = threads.threadState(t);
            tids.put(ts, word(2 * t));
            long run = word(2 * t + 1);
            if (run != 0) {
                running.put(ts, run);
            }
        }
        long[][] awaitedBy;
        if (runningOnly) {
            awaitedBy = readRunningAndAwaiters(running);
        } else {
            int interpreters = threads.interpreterCount();
            long[] heads = new long[threadCount + interpreters];
            long[] owners = new long[heads.length];
            for (int t = 0; t < threadCount; t++) {
                heads[t] = threads.threadState(t) + a.tstateTasksHead();
                owners[t] = threads.threadState(t);
            }
            for (int i = 0; i < interpreters; i++) {
                heads[threadCount + i] = threads.interpreter(i) + a.interpTasksHead();
            }
            lists.read(heads, owners, heads.length, rows);
            awaitedBy = awaiters.read(rows, 0, rows.size());
        }
        long[] coros = new long[rows.size()];
        for (int r = 0; r < coros.length; r++) {
            coros[r] = rows.coro(r);
        }
        int[][] frames = chains.read(coros, coros.length);
        Map<Long, AsyncTask> tasks = new LinkedHashMap<>();
        prefetchNames();
        for (int r = 0; r < rows.size(); r++) {
            String name = name(rows.address(r), rows.nameObject(r));
            tasks.put(rows.address(r), new AsyncTask(rows.address(r), name == null ? "Task-?" : name, frames[r],
                    awaitedBy[r], rows.threadState(r)));
        }
        nameMemory.clear();
        return new AsyncSnapshot(tasks, running, tids);
    }

    /** Reads the name objects not decoded yet in one batch (one by one, each took two reads or three). */
    private void prefetchNames() {
        long[] wanted = new long[rows.size()];
        int n = 0;
        for (int r = 0; r < rows.size(); r++) {
            Object[] cached = names.get(rows.address(r));
            if (cached == null || (long) cached[0] != rows.nameObject(r)) {
                wanted[n++] = rows.nameObject(r);
            }
        }
        nameMemory.prefetch(wanted, n, nameObjects.headerLength());
    }

    /**
     * The running tasks, then the tasks awaiting them round by round (one batch each), at most
     * {@link AsyncStacks#MAX_PARENTS} rounds; the awaiters of rows {@code [0, rows.size())}.
     */
    private long[][] readRunningAndAwaiters(Map<Long, Long> running) {
        long[][] out = new long[0][];
        Map<Long, Long> next = new LinkedHashMap<>();
        running.forEach((ts, t) -> next.putIfAbsent(t, ts));
        for (int round = 0; round <= AsyncStacks.MAX_PARENTS && !next.isEmpty(); round++) {
            batch.clear();
            Long[] wanted = next.keySet().toArray(new Long[0]);
            for (long t : wanted) {
                batch.add(t, task.length);
            }
            memory.read(batch);
            int from = rows.size();
            for (int i = 0; i < wanted.length; i++) {
                if (batch.isComplete(i)) {
                    batch.copyOut(batch.offset(i), task, 0, task.length);
                    rows.add(wanted[i], next.get(wanted[i]), task);
                }
            }
            long[][] found = awaiters.read(rows, from, rows.size());
            out = Arrays.copyOf(out, rows.size());
            System.arraycopy(found, 0, out, from, found.length);
            next.clear();
            for (long[] f : found) {
                for (long t : f) {
                    if (rows.row(t) < 0) {
                        next.putIfAbsent(t, 0L);
                    }
                }
            }
        }
        return out;
    }

    private long word(int segment) {
        return batch.isComplete(segment) ? batch.data().getLong(batch.offset(segment)) : 0;
    }

    private String name(long address, long nameObject) {
        Object[] cached = names.get(address);
        if (cached != null && (long) cached[0] == nameObject) {
            return (String) cached[1];
        }
        String name = taskName(nameObject);
        if (names.size() >= MAX_TASKS) {
            names.clear();
        }
        names.put(address, new Object[] {nameObject, name});
        return name;
    }

    /** A {@code str} name, or an {@code int} N shown as {@code Task-N} (tasks name themselves lazily). */
    private String taskName(long obj) {
        if (obj == 0) {
            return null;
        }
        long flags = flagsOf(u64(obj + o.objType));
        if ((flags & TypeFlags.UNICODE_SUBCLASS) != 0) {
            return nameObjects.readString(obj);
        }
        if ((flags & TypeFlags.LONG_SUBCLASS) != 0) {
            long number = nameObjects.readInt(obj);
            return number == RemoteObjects.NO_INT ? null : "Task-" + number;
        }
        return null;
    }

    /**
     * The {@code tp_flags} of the type at {@code type} (0 for 0 or unreadable). Those of static types ({@code str},
     * {@code int}: they live as long as the interpreter) are cached; a heap type's memory could be reused.
     */
    private long flagsOf(long type) {
        Long cached = typeFlags.get(type);
        if (cached != null) {
            return cached;
        }
        long flags = u64(type == 0 ? 0 : type + o.typeFlags);
        if (flags != 0 && (flags & TypeFlags.HEAPTYPE) == 0) {
            if (typeFlags.size() >= 64) { // only corrupt reads meet that many static types
                typeFlags.clear();
            }
            typeFlags.put(type, flags);
        }
        return flags;
    }

    private long u64(long address) {
        if (address == 0 || nameMemory.read(address, buf, 0, 8) < 8) {
            return 0;
        }
        return LittleEndian.i64(buf, 0);
    }
}
