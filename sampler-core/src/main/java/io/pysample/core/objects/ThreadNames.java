package io.pysample.core.objects;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.MemoryReader;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code threading} names of a CPython 3.13 target's threads, read from its memory ({@link ThreadingActive}) and
 * cached. CPython 3.14+ gives each {@code threading.Thread} its name as the kernel's thread name
 * ({@code /proc/PID/task/TID/comm}); 3.13 does not, so there every thread's kernel name is the process's.
 *
 * <p>Lookups are meant for when a thread is first seen (a profile's new thread, a dump), not for every sample. A
 * thread found in the cache with the same native id costs a map lookup. Otherwise {@code _active} is read again —
 * for a (thread id, native id) pair not asked about before, else at most every {@link #RETRY_NANOS} (a thread
 * sampled before {@code threading} registered it, or one {@code threading} does not know: started with
 * {@code _thread}, or in C) — but never sooner than {@link #COST_FACTOR} times the last read's duration after it,
 * so that a target starting threads by the thousand costs at most about 2% of a core in these reads (its new
 * threads then often get {@code null}). A name is the one {@code _active} held at the last read:
 * a thread renamed later keeps its old name until something makes the cache read again. A thread id the target
 * reuses for a new thread is noticed through its different native id. Not thread-safe.
 */
public final class ThreadNames {
    /** How long a miss for an already asked (thread id, native id) waits before {@code _active} is read again. */
    public static final long RETRY_NANOS = 1_000_000_000L;
    /** A read of {@code _active} waits this many times the previous read's duration after it. */
    public static final int COST_FACTOR = 50;
    /** Pairs remembered as asked about; beyond this the memory of them starts afresh. */
    private static final int MAX_ASKED = 1 << 14;

    private final ThreadingActive active;
    private Map<Long, ThreadingActive.PythonThread> names = new HashMap<>();
    /** Thread id → the native id it was last asked about with. */
    private final Map<Long, Long> asked = new HashMap<>();
    private long lastRead;
    private long nextReadAllowed;
    private boolean everRead;
    private long reads;

    private ThreadNames(ThreadingActive active) {
        this.active = active;
    }

    /**
     * Names for a target whose thread names must come from memory (CPython 3.13), or {@code null} for versions whose
     * kernel thread names already are {@code threading}'s (3.14+) or whose layouts this does not know.
     */
    public static ThreadNames forTarget(MemoryReader memory, long runtimeAddress, DebugOffsets offsets) {
        if (offsets.version().major() != 3 || offsets.version().minor() != 13) {
            return null;
        }
        return new ThreadNames(new ThreadingActive(memory, runtimeAddress, offsets));
    }

    /**
     * The {@code threading} name of the thread with {@code threading.get_ident()} {@code threadId}
     * ({@code thread_state.thread_id}) and native id {@code nativeThreadId} (as the target sees it,
     * {@code thread_state.native_thread_id}), or {@code null} if the target's {@code threading} does not know it
     * or its memory could not be read. Never throws.
     */
    public String name(long threadId, long nativeThreadId) {
        String known = cached(threadId, nativeThreadId);
        if (known != null) {
            return known;
        }
        long now = System.nanoTime();
        Long before = asked.get(threadId);
        boolean askedBefore = before != null && before == nativeThreadId;
        if (everRead && (now - nextReadAllowed < 0 || (askedBefore && now - lastRead < RETRY_NANOS))) {
            return null;
        }
        if (asked.size() >= MAX_ASKED) {
            asked.clear();
        }
        asked.put(threadId, nativeThreadId);
        Map<Long, ThreadingActive.PythonThread> fresh;
        try {
            fresh = active.read();
        } catch (RuntimeException e) {
            fresh = Map.of(); // a gone process or unreadable memory: no new names, the caller shows the kernel's
        }
        // Names read before stay (a read racing the target's changes may miss threads; native ids guard against
        // an id's later holder), up to a bound that lets the names of ended threads go.
        Map<Long, ThreadingActive.PythonThread> merged = names.size() > 2 * fresh.size() + 64 ? new HashMap<>()
                : new HashMap<>(names);
        merged.putAll(fresh);
        names = merged;
        everRead = true;
        lastRead = now;
        long end = System.nanoTime();
        nextReadAllowed = end + Math.min(RETRY_NANOS, (end - now) * COST_FACTOR);
        reads++;
        return cached(threadId, nativeThreadId);
    }

    private String cached(long threadId, long nativeThreadId) {
        ThreadingActive.PythonThread t = names.get(threadId);
        // A thread that has not stored its native id yet cannot be told from an earlier holder of its id.
        return t != null && (t.nativeId() < 0 || t.nativeId() == nativeThreadId) ? t.name() : null;
    }

    /** How many times {@code _active} was read: for tests that check lookups stay rare. */
    public long reads() {
        return reads;
    }
}
