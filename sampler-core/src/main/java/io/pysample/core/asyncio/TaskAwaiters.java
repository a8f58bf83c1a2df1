package io.pysample.core.asyncio;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks awaiting each task ({@code task_awaited_by}: one object, or a {@code set} of them if
 * {@code task_awaited_by_is_set}), read level by level for all tasks at once: one batch of the sets' headers, one
 * of their tables, one of the awaiting objects that are not tasks read already. A future that is no task
 * ({@code task_is_task} 0, e.g. the {@code _GatheringFuture} of {@code gather}; {@code FutureObj} holds
 * {@code awaited_by} at the same offsets as {@code TaskObj}) stands for the tasks that await it, followed at most
 * {@link #MAX_DEPTH} futures deep. Objects shared by many tasks (one gather future for all its children) are read
 * once per call. Not thread-safe.
 */
final class TaskAwaiters {
    /** Futures followed through at most. */
    static final int MAX_DEPTH = 8;
    /** Awaiting objects and sets read per call at most. */
    private static final int MAX_OBJECTS = 1 << 18;
    /** A set's table entries read at most ({@code mask + 1}). */
    private static final long MAX_SET_SLOTS = 1 << 16;
    /** Bytes of set tables read per level at most. */
    private static final long MAX_TABLE_BYTES = 16L << 20;
    /** Awaiting objects visited per task at most (a torn read can make sets of futures point at each other). */
    private static final int MAX_VISITS = 1 << 16;
    private static final long[] NONE = new long[0];

    private final MemoryReader memory;
    private final AsyncioOffsets a;
    private final int setUsed;
    private final int setTable;
    private final int setMask;
    private final int setLo;
    private final int setLength;
    private final int futureLo;
    private final int futureLength;
    private final ReadBatch batch = new ReadBatch(64, 4096);
    private final ReadBatch tables = new ReadBatch(16, 4096);
    /** Set address → its members (keys), for this call. */
    private final Map<Long, long[]> sets = new HashMap<>();
    /** Future address → {is_task, awaited_by, awaited_by_is_set}, for this call; absent if unreadable. */
    private final Map<Long, long[]> futures = new HashMap<>();

    TaskAwaiters(MemoryReader memory, DebugOffsets o, AsyncioOffsets offsets) {
        this.memory = memory;
        this.a = offsets;
        this.setUsed = (int) o.value("set_object.used");
        this.setTable = (int) o.value("set_object.table");
        this.setMask = (int) o.value("set_object.mask");
        this.setLo = Math.min(setUsed, Math.min(setTable, setMask));
        this.setLength = Math.max(setUsed, Math.max(setTable, setMask)) + 8 - setLo;
        this.futureLo = Math.min(a.taskIsTask(), Math.min(a.taskAwaitedBy(), a.taskAwaitedByIsSet()));
        this.futureLength = Math.max(a.taskIsTask() + 1, Math.max(a.taskAwaitedBy() + 8, a.taskAwaitedByIsSet() + 1))
                - futureLo;
    }

    /**
     * @return for rows {@code [from, to)} of {@code rows}, the addresses of the tasks awaiting each (a row's own
     *     fields say whether a task is one; other objects are read)
     */
    long[][] read(TaskRows rows, int from, int to) {
        sets.clear();
        futures.clear();
        // Level d: the (awaiter, is_set) pairs met d futures deep
        Set<Pair> level = new LinkedHashSet<>();
        for (int r = from; r < to; r++) {
            if (rows.awaiter(r) != 0) {
                level.add(new Pair(rows.awaiter(r), rows.awaiterIsSet(r)));
            }
        }
        for (int depth = 0; depth <= MAX_DEPTH && !level.isEmpty(); depth++) {
            readSets(level);
            Set<Long> objects = new LinkedHashSet<>();
            for (Pair p : level) {
                for (long m : members(p)) {
                    if (rows.row(m) < 0 && !futures.containsKey(m)) {
                        objects.add(m);
                    }
                }
            }
            readFutures(objects);
            Set<Pair> next = new LinkedHashSet<>();
            for (Pair p : level) {
                for (long m : members(p)) {
                    long[] f = fields(rows, m);
                    if (f != null && f[0] == 0 && f[1] != 0) {
                        next.add(new Pair(f[1], f[2] != 0));
                    }
                }
            }
            level = next;
        }
        long[][] out = new long[to - from][];
        for (int r = from; r < to; r++) {
            List<Long> tasks = new ArrayList<>();
            collect(rows, rows.awaiter(r), rows.awaiterIsSet(r), 0, tasks, new int[1]);
            out[r - from] = tasks.stream().mapToLong(Long::longValue).toArray();
        }
        return out;
    }

    private void collect(TaskRows rows, long awaiter, boolean isSet, int depth, List<Long> out, int[] visits) {
        if (awaiter == 0 || depth > MAX_DEPTH) {
            return;
        }
        for (long f : members(new Pair(awaiter, isSet))) {
            if (++visits[0] > MAX_VISITS) {
                return;
            }
            long[] fields = fields(rows, f);
            if (fields == null) {
                continue; // unreadable: stands for nobody
            }
            if (fields[0] != 0) {
                out.add(f);
            } else {
                collect(rows, fields[1], fields[2] != 0, depth + 1, out, visits);
            }
        }
    }

    private long[] members(Pair p) {
        return p.isSet ? sets.getOrDefault(p.address, NONE) : new long[] {p.address};
    }

    /** {is_task, awaited_by, awaited_by_is_set} of an awaiting object, from its row if it is a task read. */
    private long[] fields(TaskRows rows, long object) {
        int r = rows.row(object);
        if (r >= 0) {
            return new long[] {rows.isTask(r) ? 1 : 0, rows.awaiter(r), rows.awaiterIsSet(r) ? 1 : 0};
        }
        return futures.get(object);
    }

    private void readFutures(Set<Long> objects) {
        batch.clear();
        List<Long> read = new ArrayList<>();
        for (long f : objects) {
            if (futures.size() + read.size() >= MAX_OBJECTS) {
                break;
            }
            batch.add(f + futureLo, futureLength);
            read.add(f);
        }
        if (read.isEmpty()) {
            return;
        }
        memory.read(batch);
        ByteBuffer d = batch.data();
        for (int i = 0; i < read.size(); i++) {
            if (batch.isComplete(i)) {
                int at = batch.offset(i) - futureLo;
                futures.put(read.get(i), new long[] {d.get(at + a.taskIsTask()),
                        d.getLong(at + a.taskAwaitedBy()) & ~3L, d.get(at + a.taskAwaitedByIsSet())});
            }
        }
    }

    /** Members of the level's sets not read yet: headers ({@code used}, {@code table}, {@code mask}), then tables. */
    private void readSets(Set<Pair> level) {
        batch.clear();
        List<Long> read = new ArrayList<>();
        for (Pair p : level) {
            if (p.isSet && !sets.containsKey(p.address) && sets.size() + read.size() < MAX_OBJECTS) {
                batch.add(p.address + setLo, setLength);
                read.add(p.address);
            }
        }
        if (read.isEmpty()) {
            return;
        }
        memory.read(batch);
        tables.clear();
        List<long[]> shapes = new ArrayList<>(); // {set, used, table segment}
        long budget = MAX_TABLE_BYTES;
        for (int i = 0; i < read.size(); i++) {
            sets.put(read.get(i), NONE);
            if (!batch.isComplete(i)) {
                continue;
            }
            int at = batch.offset(i) - setLo;
            long used = batch.data().getLong(at + setUsed);
            long table = batch.data().getLong(at + setTable);
            long mask = batch.data().getLong(at + setMask);
            if (table == 0 || mask < 0 || mask >= MAX_SET_SLOTS || used < 0 || used > mask + 1
                    || (budget -= (mask + 1) * 16) < 0) {
                continue;
            }
            shapes.add(new long[] {read.get(i), used, tables.add(table, (int) (mask + 1) * 16)});
        }
        if (shapes.isEmpty()) {
            return;
        }
        memory.read(tables);
        ByteBuffer d = tables.data();
        for (long[] s : shapes) {
            int segment = (int) s[2];
            int n = tables.validLength(segment);
            int base = tables.offset(segment);
            List<Long> keys = new ArrayList<>();
            for (int i = 0; i + 16 <= n && keys.size() < s[1]; i += 16) {
                long key = d.getLong(base + i);
                long hash = d.getLong(base + i + 8);
                if (key != 0 && hash != -1) {
                    keys.add(key);
                }
            }
            sets.put(s[0], keys.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private record Pair(long address, boolean isSet) {
    }
}
