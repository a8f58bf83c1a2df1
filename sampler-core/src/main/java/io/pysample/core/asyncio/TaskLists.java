package io.pysample.core.asyncio;

import io.pysample.core.util.LongIntMap;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads circular {@code llist_node {next, prev}} task lists (linked through {@code TaskObj.task_node}) into
 * {@link TaskRows}. A linked list can only be followed one node at a time, so the tasks a list held in the last
 * read are read again speculatively, all lists in one batch with their heads; the walk then follows the
 * {@code next} links through those copies and reads the tasks it has no copy of (new ones, or all of them in the
 * first read) with a window of their neighbours ({@link #readAhead}). The lists
 * change while they are read: each is bounded by {@link #MAX_TASKS}, and a task that cannot be read or is met twice
 * ends it. Not thread-safe.
 */
final class TaskLists {
    /** Tasks read per list at most. */
    static final int MAX_TASKS = AsyncTaskReader.MAX_TASKS;
    /** Bytes of speculative task copies per read at most. */
    private static final long MAX_SPECULATIVE_BYTES = 32L << 20;
    private static final long[] NONE = new long[0];
    /** Bytes read from a task met without a copy, at least (then on to a page boundary). */
    static final int WINDOW_BYTES = 16 << 10;

    private final MemoryReader memory;
    private final AsyncioOffsets a;
    private final ReadBatch batch = new ReadBatch(64, 1 << 16);
    private final LongIntMap speculative = new LongIntMap(64);
    private final byte[] task;
    /** The last {@link #readAhead} window: {@code windowValid} bytes of the target from {@code windowStart}. */
    private final byte[] window;
    private long windowStart;
    private int windowValid;
    /** List head → the task addresses it held in the last read, in list order. */
    private Map<Long, long[]> previous = new HashMap<>();

    TaskLists(MemoryReader memory, AsyncioOffsets offsets) {
        this.memory = memory;
        this.a = offsets;
        this.task = new byte[offsets.taskSize()];
        this.window = new byte[Math.max(task.length, WINDOW_BYTES) + MemoryReader.PAGE_SIZE];
    }

    /**
     * Reads lists {@code heads[0..count)} (addresses of their {@code llist_node} heads) into {@code rows}, in that
     * order; {@code owners[i]} is the thread state of list i, or 0.
     */
    void read(long[] heads, long[] owners, int count, TaskRows rows) {
        windowValid = 0;
        batch.clear();
        speculative.clear();
        int[] headSegments = new int[count];
        long budget = MAX_SPECULATIVE_BYTES;
        for (int l = 0; l < count; l++) {
            headSegments[l] = batch.add(heads[l], 8);
            for (long t : previous.getOrDefault(heads[l], NONE)) {
                if (speculative.get(t) < 0 && budget >= task.length) {
                    speculative.put(t, batch.add(t, task.length));
                    budget -= task.length;
                }
            }
        }
        memory.read(batch);
        Map<Long, long[]> seen = new HashMap<>();
        for (int l = 0; l < count; l++) {
            if (batch.isComplete(headSegments[l])) {
                seen.put(heads[l], walk(heads[l], batch.data().getLong(batch.offset(headSegments[l])), owners[l],
                        rows));
            }
        }
        previous = seen;
    }

    private long[] walk(long head, long first, long owner, TaskRows rows) {
        long[] order = new long[16];
        int n = 0;
        for (long node = first; n != MAX_TASKS && node != head && node != 0; ) {
            long address = node - a.taskNode();
            int segment = speculative.get(address);
            if (segment >= 0 && batch.isComplete(segment)) {
                batch.copyOut(batch.offset(segment), task, 0, task.length);
            } else if (!readAhead(address)) {
                break; // torn: the list changed under us
            }
            if (!rows.add(address, owner, task)) {
                break; // seen before: a torn read made the list loop
            }
            if (n == order.length) {
                order = Arrays.copyOf(order, n * 2);
            }
            order[n++] = address;
            node = LittleEndian.i64(task, a.taskNode()); // llist_node.next
        }
        return Arrays.copyOf(order, n);
    }

    /**
     * Copies the task at {@code address} into {@link #task} from the window, or reads a new window starting there:
     * tasks created one after another mostly lie side by side (the allocator's pools hand out neighbouring blocks)
     * and a list holds them in creation order, so one read serves the next ones too. False if the task could not
     * be read in full.
     */
    private boolean readAhead(long address) {
        long at = address - windowStart;
        if (at < 0 || at + task.length > windowValid) {
            long end = (address + Math.max(task.length, WINDOW_BYTES) + MemoryReader.PAGE_SIZE - 1)
                    & -MemoryReader.PAGE_SIZE; // ending on a page boundary pins no page for a few bytes
            windowStart = address;
            // A corrupt address near the top of the range wraps end round: then only the task itself.
            windowValid = memory.read(address, window, 0, end > address ? (int) (end - address) : task.length);
            at = 0;
            if (windowValid < task.length) {
                return false;
            }
        }
        System.arraycopy(window, (int) at, task, 0, task.length);
        return true;
    }
}
