package io.pysample.core.asyncio;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.CodeLookup;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the coroutine chains of many tasks level by level: one batch with every task's current coroutine (its
 * header and embedded frame, {@code gen_object.gi_iframe}), then one with the awaited object of each coroutine
 * suspended in {@code await}/{@code yield from} ({@code gi_frame_state}: -1 on 3.14, {@code FRAME_SUSPENDED_YIELD_FROM}
 * or {@code _LOCKED}, 2 or 3, on 3.15), which is on top of the frame's value stack ({@code stackpointer[-1]} on
 * 3.14, {@code stackpointer[-2]} on 3.15), and so on while that is a coroutine or generator, at most
 * {@link #MAX_CHAIN} levels. Not thread-safe.
 */
final class CoroutineChains {
    /** Coroutines followed per task at most. */
    static final int MAX_CHAIN = AsyncTaskReader.MAX_CHAIN;

    private final MemoryReader memory;
    private final DebugOffsets o;
    private final CodeLookup lookup;
    private final int giIframe;
    private final int giFrameState;
    private final int awaitedSlot;
    private final int minor;
    private final Map<Long, String> typeNames = new HashMap<>();
    private final ReadBatch coroutines = new ReadBatch(64, 1 << 16);
    private final ReadBatch awaited = new ReadBatch(64, 1024);
    /** A generator/coroutine from its start to the end of its embedded frame's fields read. */
    private final byte[] gen;

    CoroutineChains(MemoryReader memory, DebugOffsets offsets, CodeLookup lookup) {
        this.memory = memory;
        this.o = offsets;
        this.lookup = lookup;
        this.giIframe = (int) o.value("gen_object.gi_iframe");
        this.giFrameState = (int) o.value("gen_object.gi_frame_state");
        this.minor = o.version().minor();
        this.awaitedSlot = minor >= 15 ? 2 : 1;
        this.gen = new byte[giIframe + Math.max(o.frameExecutable, Math.max(o.frameInstrPtr, o.frameStackPointer))
                + 8];
    }

    /**
     * @param coros each task's coroutine ({@code task_coro}), 0 for none
     * @return per task its chain's frame ids, innermost first (a coroutine whose code is unreadable is left out)
     */
    int[][] read(long[] coros, int count) {
        long[] current = Arrays.copyOf(coros, count);
        long[] firstType = new long[count];
        int[][] outerFirst = new int[count][];
        int[] depths = new int[count];
        int[] segments = new int[count];
        for (int level = 0; level < MAX_CHAIN; level++) {
            coroutines.clear();
            for (int i = 0; i < count; i++) {
                segments[i] = current[i] == 0 ? -1 : coroutines.add(current[i], gen.length);
            }
            if (coroutines.size() == 0) {
                break;
            }
            memory.read(coroutines);
            awaited.clear();
            for (int i = 0; i < count; i++) {
                int s = segments[i];
                segments[i] = -1;
                current[i] = 0;
                if (s < 0 || !coroutines.isComplete(s)) {
                    continue;
                }
                coroutines.copyOut(coroutines.offset(s), gen, 0, gen.length);
                long type = LittleEndian.i64(gen, o.objType);
                if (level == 0) {
                    firstType[i] = type;
                } else if (!isCoroutineType(type, firstType[i])) {
                    continue; // a future or other awaitable: the chain ends above it
                }
                int id = lookup.resolve(LittleEndian.i64(gen, giIframe + o.frameExecutable) & ~3L,
                        LittleEndian.i64(gen, giIframe + o.frameInstrPtr));
                if (id >= 0) {
                    if (outerFirst[i] == null || depths[i] == outerFirst[i].length) {
                        outerFirst[i] = outerFirst[i] == null ? new int[4] : Arrays.copyOf(outerFirst[i],
                                depths[i] * 2);
                    }
                    outerFirst[i][depths[i]++] = id;
                }
                int state = gen[giFrameState];
                if (!(minor >= 15 ? state == 2 || state == 3 : state == -1)) {
                    continue; // not suspended in await / yield from
                }
                long slot = LittleEndian.i64(gen, giIframe + o.frameStackPointer) - 8L * awaitedSlot;
                if (slot != 0) {
                    segments[i] = awaited.add(slot, 8);
                }
            }
            if (awaited.size() == 0) {
                break;
            }
            memory.read(awaited);
            for (int i = 0; i < count; i++) {
                int s = segments[i];
                if (s >= 0 && awaited.isComplete(s)) {
                    current[i] = awaited.data().getLong(awaited.offset(s)) & ~3L;
                }
            }
        }
        int[][] out = new int[count][];
        for (int i = 0; i < count; i++) {
            out[i] = new int[depths[i]];
            for (int j = 0; j < depths[i]; j++) {
                out[i][j] = outerFirst[i][depths[i] - 1 - j];
            }
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
            String n = lookup.readCString(typeName(t), 64);
            return n == null ? "" : n;
        });
        return name.equals("coroutine") || name.equals("generator");
    }

    private long typeName(long type) {
        byte[] b = new byte[8];
        return memory.read(type + o.typeName, b, 0, 8) == 8 ? LittleEndian.i64(b, 0) : 0;
    }
}
