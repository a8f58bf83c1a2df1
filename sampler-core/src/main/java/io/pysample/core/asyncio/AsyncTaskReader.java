package io.pysample.core.asyncio;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.ThreadDiscovery;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every {@code asyncio} task of a CPython 3.14+ target, read-only. Tasks are found on the per-thread lists
 * ({@code _PyThreadStateImpl.asyncio_tasks_head}) and the interpreters' list (tasks of threads that ended), circular
 * {@code llist_node {next, prev}} lists linked through {@code TaskObj.task_node}. A task's coroutine chain follows
 * a coroutine suspended in {@code await}/{@code yield from} ({@code gi_frame_state}: -1 on 3.14,
 * {@code FRAME_SUSPENDED_YIELD_FROM}/{@code _LOCKED} 2 or 3 on 3.15) to the object on top of its embedded frame's
 * value stack ({@code stackpointer[-1]} on 3.14, {@code stackpointer[-2]} on 3.15) while that is a coroutine or
 * generator. The lists change while they are read: every count is bounded and a torn read ends a list early.
 * Not thread-safe.
 */
public final class AsyncTaskReader {
    /** Tasks read per list at most. */
    public static final int MAX_TASKS = 100_000;
    /** Coroutines followed per task at most. */
    public static final int MAX_CHAIN = 256;
    private static final long UNICODE_SUBCLASS = 1L << 28;
    private static final long LONG_SUBCLASS = 1L << 24;

    private final MemoryReader memory;
    private final DebugOffsets o;
    private final AsyncioOffsets a;
    private final CodeLookup lookup;
    private final ThreadDiscovery threads;
    private final int giIframe;
    private final int giFrameState;
    private final int awaitedSlot;
    private final int minor;
    private final Map<Long, String> typeNames = new HashMap<>();
    private final byte[] buf = new byte[8];
    private final byte[] task;
    /** A generator/coroutine from its start to the end of its embedded frame's fields read. */
    private final byte[] gen;
    /** Task address → {name object, decoded name}: names rarely change, decoding costs four reads. */
    private final Map<Long, Object[]> names = new HashMap<>();
    private long cachedGeneration = Long.MIN_VALUE;

    public AsyncTaskReader(PythonProcess target, AsyncioOffsets offsets, CodeLookup lookup) {
        this.memory = target.memory();
        this.o = target.offsets();
        this.a = offsets;
        this.lookup = lookup;
        this.threads = new ThreadDiscovery(memory, target.runtimeAddress(), o);
        this.giIframe = (int) o.value("gen_object.gi_iframe");
        this.giFrameState = (int) o.value("gen_object.gi_frame_state");
        this.minor = o.version().minor();
        this.awaitedSlot = minor >= 15 ? 2 : 1;
        this.task = new byte[a.taskSize()];
        this.gen = new byte[giIframe + Math.max(o.frameExecutable, Math.max(o.frameInstrPtr, o.frameStackPointer))
                + 8];
    }

    /**
     * Reads all tasks now. Code objects stay cached while the interpreters' {@code code_object_generation} sum
     * (bumped by every {@code code_dealloc}, 3.14+) is unchanged; if it changes during the read, the read is
     * repeated once with an empty cache.
     */
    public AsyncSnapshot read() {
        threads.discover();
        long generation = generation();
        if (generation != cachedGeneration) {
            lookup.reset();
            cachedGeneration = generation;
        }
        AsyncSnapshot snapshot = readTasks();
        if (generation() != generation) {
            lookup.reset();
            cachedGeneration = generation();
            snapshot = readTasks();
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

    private AsyncSnapshot readTasks() {
        Map<Long, AsyncTask> tasks = new LinkedHashMap<>();
        Map<Long, Long> running = new LinkedHashMap<>();
        Map<Long, Long> tids = new LinkedHashMap<>();
        for (int t = 0; t < threads.threadCount(); t++) {
            long ts = threads.threadState(t);
            tids.put(ts, u64(ts + o.tstateNativeThreadId));
            long run = u64(ts + a.tstateRunningTask());
            if (run != 0) {
                running.put(ts, run);
            }
            readList(ts + a.tstateTasksHead(), ts, tasks);
        }
        for (int i = 0; i < threads.interpreterCount(); i++) {
            readList(threads.interpreter(i) + a.interpTasksHead(), 0, tasks);
        }
        return new AsyncSnapshot(tasks, running, tids);
    }

    private void readList(long head, long threadState, Map<Long, AsyncTask> out) {
        long node = u64(head);
        for (int n = 0; n != MAX_TASKS && node != head && node != 0; n++) {
            long address = node - a.taskNode();
            AsyncTask t = readTask(address, threadState);
            if (t == null) {
                return; // torn: the list changed under us
            }
            if (out.putIfAbsent(address, t) != null) {
                return; // seen before: a torn read made the list loop
            }
            node = LittleEndian.i64(task, a.taskNode()); // llist_node.next, read with the task
        }
    }

    private AsyncTask readTask(long address, long threadState) {
        if (memory.read(address, task, 0, task.length) < task.length) {
            return null;
        }
        long nameObject = LittleEndian.i64(task, a.taskName()) & ~3L;
        Object[] cached = names.get(address);
        String name;
        if (cached != null && (long) cached[0] == nameObject) {
            name = (String) cached[1];
        } else {
            name = taskName(nameObject);
            if (names.size() >= MAX_TASKS) {
                names.clear();
            }
            names.put(address, new Object[] {nameObject, name});
        }
        long coro = LittleEndian.i64(task, a.taskCoro()) & ~3L;
        long awaiter = LittleEndian.i64(task, a.taskAwaitedBy()) & ~3L;
        boolean isSet = task[a.taskAwaitedByIsSet()] != 0;
        long[] awaitedBy = awaiters(awaiter, isSet, 0);
        return new AsyncTask(address, name == null ? "Task-?" : name, coroutineChain(coro), awaitedBy, threadState);
    }

    /**
     * The tasks awaiting through {@code awaiter}: a future that is no task ({@code task_is_task} 0, e.g. the
     * {@code _GatheringFuture} of {@code gather}) stands for the tasks that await it ({@code FutureObj} holds
     * {@code awaited_by} at the same offsets as {@code TaskObj}).
     */
    private long[] awaiters(long awaiter, boolean isSet, int depth) {
        if (awaiter == 0 || depth > 8) {
            return new long[0];
        }
        long[] direct = isSet ? setMembers(awaiter) : new long[] {awaiter};
        List<Long> out = new ArrayList<>();
        byte[] fields = new byte[1];
        for (long f : direct) {
            if (memory.read(f + a.taskIsTask(), fields, 0, 1) == 1 && fields[0] != 0) {
                out.add(f);
                continue;
            }
            long next = u64(f + a.taskAwaitedBy()) & ~3L;
            boolean nextIsSet = memory.read(f + a.taskAwaitedByIsSet(), fields, 0, 1) == 1 && fields[0] != 0;
            for (long t : awaiters(next, nextIsSet, depth + 1)) {
                out.add(t);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A {@code str} name, or an {@code int} N shown as {@code Task-N} (tasks name themselves lazily). */
    private String taskName(long obj) {
        if (obj == 0) {
            return null;
        }
        long flags = u64(u64(obj + o.objType) + o.typeFlags);
        if ((flags & UNICODE_SUBCLASS) != 0) {
            return lookup.readString(obj);
        }
        if ((flags & LONG_SUBCLASS) != 0) {
            // PyLongObject: lv_tag (digit count << 3 | sign), 30-bit digits; task numbers are small and positive
            long tag = u64(obj + o.value("long_object.lv_tag"));
            long digits = tag >>> 3;
            long value = 0;
            for (int i = (int) Math.min(digits, 2) - 1; i >= 0; i--) {
                value = (value << 30) | (u32(obj + o.value("long_object.ob_digit") + 4L * i) & 0x3FFFFFFFL);
            }
            return "Task-" + value;
        }
        return null;
    }

    /** The coroutine chain from {@code coro}, innermost first. */
    private int[] coroutineChain(long coro) {
        List<Integer> outerFirst = new ArrayList<>();
        long firstType = 0;
        for (int depth = 0; coro != 0 && depth < MAX_CHAIN; depth++) {
            // One read per coroutine: its header (ob_type, gi_frame_state) and the embedded frame behind it
            if (memory.read(coro, gen, 0, gen.length) < gen.length) {
                break;
            }
            long type = LittleEndian.i64(gen, o.objType);
            if (depth == 0) {
                firstType = type;
            } else if (!isCoroutineType(type, firstType)) {
                break; // a future or other awaitable: the chain ends above it
            }
            int id = lookup.resolve(LittleEndian.i64(gen, giIframe + o.frameExecutable) & ~3L,
                    LittleEndian.i64(gen, giIframe + o.frameInstrPtr));
            if (id >= 0) {
                outerFirst.add(id);
            }
            int state = gen[giFrameState];
            if (!(minor >= 15 ? state == 2 || state == 3 : state == -1)) {
                break; // not suspended in await / yield from
            }
            long sp = LittleEndian.i64(gen, giIframe + o.frameStackPointer);
            coro = u64(sp - 8L * awaitedSlot) & ~3L;
        }
        int[] out = new int[outerFirst.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = outerFirst.get(out.length - 1 - i);
        }
        return out;
    }

    private boolean isCoroutineType(long type, long coroType) {
        if (type == 0) {
            return false;
        }
        if (type == coroType) {
            return true;
        }
        String name = typeNames.computeIfAbsent(type, t -> {
            String n = lookup.readCString(u64(t + o.typeName), 64);
            return n == null ? "" : n;
        });
        return name.equals("coroutine") || name.equals("generator");
    }

    /** Keys of the {@code set} at {@code set}: {@code set_object.table}, {@code mask + 1} entries {key, hash}. */
    private long[] setMembers(long set) {
        long used = u64(set + o.value("set_object.used"));
        long table = u64(set + o.value("set_object.table"));
        long mask = u64(set + o.value("set_object.mask"));
        if (table == 0 || mask < 0 || mask >= (1 << 16) || used < 0 || used > mask + 1) {
            return new long[0];
        }
        byte[] entries = new byte[(int) (mask + 1) * 16];
        int n = memory.read(table, entries, 0, entries.length);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i + 16 <= n && keys.size() < used; i += 16) {
            long key = LittleEndian.i64(entries, i);
            long hash = LittleEndian.i64(entries, i + 8);
            if (key != 0 && hash != -1) {
                keys.add(key);
            }
        }
        return keys.stream().mapToLong(Long::longValue).toArray();
    }

    private long u64(long address) {
        if (address == 0 || memory.read(address, buf, 0, 8) < 8) {
            return 0;
        }
        return LittleEndian.i64(buf, 0);
    }

    private long u32(long address) {
        if (memory.read(address, buf, 0, 4) < 4) {
            return 0;
        }
        return LittleEndian.i32(buf, 0) & 0xFFFFFFFFL;
    }
}
