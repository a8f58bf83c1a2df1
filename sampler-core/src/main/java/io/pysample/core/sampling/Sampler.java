package io.pysample.core.sampling;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.attach.UnsupportedPythonException;
import io.pysample.core.objects.ThreadNames;
import io.pysample.core.walk.DropReason;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.core.walk.StackSink;
import io.pysample.core.walk.ThreadView;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.NamespaceThreadIds;
import io.pysample.memory.ProcessGoneException;
import io.pysample.memory.TaskStateReader;
import java.util.EnumMap;
import java.util.Map;

/**
 * One sample at a time: walks the target, applies the {@link SamplingMode} and adds each thread's stack to the
 * current {@link Profile}. Knows no schedule (see {@link SamplingSchedule} and the session that drives it). A
 * failed walk is counted by reason, never thrown; only the target's exit ends sampling. Steady-state samples
 * allocate nothing. Not thread-safe: one sampler per sampling thread.
 */
public final class Sampler implements AutoCloseable {
    private final PythonProcess target;
    private final SamplingMode mode;
    private final PythonStackWalker walker;
    /**
     * How long a detached thread's kernel state may be reused while its innermost frame and depth stay the same:
     * below any rate asked for in practice (1 kHz), it only saves the stat reads of back-to-back samples.
     */
    static final long STATE_MAX_AGE_NANOS = 1_000_000L;

    private final TaskStateReader states;
    /** {@code threading} names read from memory (CPython 3.13), or {@code null} where the kernel's names are them. */
    private final ThreadNames names;
    private final NamespaceThreadIds tids;
    private final long[] otherDrops = new long[DropReason.values().length];
    /** Created once: a method reference per sample would be an allocation per sample. */
    private final StackSink sink = this::record;
    /** Name of the pseudo-frame on top of a stack while the garbage collector runs in that thread. */
    public static final String GC_FRAME = "<GC>";
    private final boolean gcFrames;
    private final int gcFrame;
    private int[] withGc = new int[64];

    private Profile profile;
    private StackHook hook;
    private GilTally gil;
    /** This walk's first GIL holder (target's own tid), if {@link #gilHeld}. */
    private long gilHolder;
    /** Its {@code threading.get_ident()} ({@code thread_state.thread_id}), for its name. */
    private long gilHolderThreadId;
    private boolean gilHeld;
    private long timeNanos;
    private long walks;
    private RuntimeException firstFault;

    /**
     * @param target the attached process (not closed by the sampler)
     * @param mode which threads' stacks to record
     * @param maxDepth frames kept per thread (see {@link PythonStackWalker#DEFAULT_MAX_DEPTH})
     * @param profile where stacks go; its frame table is the one the walker interns into for good
     */
    public Sampler(PythonProcess target, SamplingMode mode, int maxDepth, Profile profile) {
        this(target, mode, maxDepth, profile, true);
    }

    /**
     * @param gcFrames whether a {@code <GC>} pseudo-frame goes on top of the stack of a thread in which the garbage
     *     collector runs ({@link ThreadView#GC_RUNNING})
     * @throws UnsupportedPythonException for {@link SamplingMode#EXCEPTION} on a CPython whose debug offsets do not
     *     publish the handled exception (before 3.15)
     */
    public Sampler(PythonProcess target, SamplingMode mode, int maxDepth, Profile profile, boolean gcFrames) {
        if (mode == SamplingMode.EXCEPTION && target.offsets().tstateExcValue < 0) {
            throw new UnsupportedPythonException("--mode exception needs CPython 3.15 or newer: the debug offsets of "
                    + "CPython " + target.version() + " do not publish the exception a thread handles");
        }
        this.gcFrames = gcFrames;
        this.gcFrame = profile.frames().intern(GC_FRAME, "", 0, 0);
        this.target = target;
        this.mode = mode;
        this.profile = profile;
        this.walker = new PythonStackWalker(target.memory(), target.runtimeAddress(), target.offsets(),
                profile.frames(), maxDepth);
        this.states = new TaskStateReader(target.pid(), STATE_MAX_AGE_NANOS);
        this.tids = new NamespaceThreadIds(target.pid());
        this.names = ThreadNames.forTarget(target.memory(), target.runtimeAddress(), target.offsets());
    }

    /**
     * Takes one sample.
     *
     * @param timeNanos when, in nanoseconds since the current profile started (its timeline's time)
     * @return false if the target is gone (the sample is then not counted)
     */
    public boolean sample(long timeNanos) {
        this.timeNanos = timeNanos;
        try {
            if (hook != null) {
                hook.beginSample();
            }
            gilHeld = false;
            walker.sample(sink);
            if (hook != null) {
                hook.endSample(profile, timeNanos);
            }
            if (gil != null) {
                countGil();
            }
        } catch (ProcessGoneException e) {
            return false;
        } catch (MemoryAccessException e) {
            otherDrops[DropReason.BAD_THREAD_STATE.ordinal()]++;
        } catch (RuntimeException e) {
            otherDrops[DropReason.INTERNAL_FAULT.ordinal()]++; // never end a recording on a fault
            if (firstFault == null) {
                firstFault = e; // kept for diagnosis (record --stats prints it)
            }
        }
        walks++;
        return true;
    }

    /**
     * The first {@link RuntimeException} that escaped a walk (counted as {@link DropReason#INTERNAL_FAULT}), or the
     * walker's own first fault; {@code null} if there was none. A bug in pysample, kept for diagnosis.
     */
    public RuntimeException firstFault() {
        return firstFault != null ? firstFault : walker.stats().firstFault();
    }

    /** Installs {@code h} (or removes the hook with {@code null}); call before sampling starts. */
    public void setStackHook(StackHook h) {
        this.hook = h;
    }

    /**
     * Counts each sample's GIL holder into {@code tally} from now on ({@code null}: stop counting); nothing is
     * counted for a Python whose walks cannot tell the holder
     * ({@link io.pysample.core.offsets.DebugOffsets#knowsGilHolder()}). Sampling thread.
     */
    public void setGilTally(GilTally tally) {
        this.gil = tally != null && target.offsets().knowsGilHolder() ? tally : null;
    }

    private void countGil() {
        if (!gilHeld) {
            gil.free();
            return;
        }
        long host = tids.hostTid(gilHolder);
        long tid = host < 0 ? gilHolder : host;
        int slot = gil.slot(target.pid(), tid);
        if (slot < 0) {
            slot = gil.add(target.pid(), tid, threadName(host, gilHolderThreadId, gilHolder)); // once per holder and interval
        }
        gil.held(slot);
    }

    /** Makes {@code next} (on the same frame table) the profile that samples go to, and returns the previous one. */
    public Profile swapProfile(Profile next) {
        if (next.frames() != profile.frames()) {
            throw new IllegalArgumentException("the next profile must use the walker's frame table");
        }
        Profile previous = profile;
        profile = next;
        return previous;
    }

    /** The profile samples go to now. */
    public Profile profile() {
        return profile;
    }

    /** Samples taken so far (walks of all threads), over every profile. */
    public long walks() {
        return walks;
    }

    /** Thread stacks dropped so far, over every profile. */
    public long dropCount() {
        long n = walker.stats().totalErrors();
        for (long v : otherDrops) {
            n += v;
        }
        return n;
    }

    /** Thread stacks dropped so far, by reason (a new map: call it per interval, not per sample). */
    public Map<DropReason, Long> drops() {
        Map<DropReason, Long> all = new EnumMap<>(walker.stats().dropsByReason());
        for (DropReason e : DropReason.values()) {
            if (otherDrops[e.ordinal()] > 0) {
                all.merge(e, otherDrops[e.ordinal()], Long::sum);
            }
        }
        return all;
    }

    /** Consistent thread stacks read so far (before the sampling mode's filter), over every profile. */
    public long stacksRead() {
        return walker.stats().threadStacks();
    }

    /** Thread stacks read incomplete so far (only their root part kept; included in {@link #stacksRead()}). */
    public long incompleteStacks() {
        return walker.stats().partialStacks();
    }

    /** The sink: applies the sampling mode and adds the stack to the profile. */
    private void record(ThreadView t) {
        if (!gilHeld && t.has(ThreadView.HOLDS_GIL)) {
            gilHeld = true; // before any filter: the GIL share covers every thread
            gilHolder = t.nativeThreadId();
            gilHolderThreadId = t.threadId();
        }
        if (t.depth() == 0) {
            return;
        }
        // The target's own tid differs from /proc's in a PID namespace; unknown (-1) until the thread is listed.
        long host = tids.hostTid(t.nativeThreadId());
        switch (mode) {
            case GIL:
                if (!t.has(ThreadView.HOLDS_GIL)) {
                    return;
                }
                break;
            case ACTIVE:
                // Attached threads run Python code; others may still run C code (the kernel knows).
                if (!t.has(ThreadView.ATTACHED) && (host < 0
                        || states.state(host, place(t), System.nanoTime()) != 'R')) {
                    return;
                }
                break;
            case CPU:
                if (host < 0 || states.state(host) != 'R') {
                    return;
                }
                break;
            case EXCEPTION:
                if (!t.has(ThreadView.HANDLING_EXCEPTION)) {
                    return;
                }
                break;
            default:
                break;
        }
        long tid = host < 0 ? t.nativeThreadId() : host;
        int thread = profile.threadIndex(tid);
        if (thread < 0) {
            thread = profile.addThread(tid, t.threadId(), threadName(host, t.threadId(), t.nativeThreadId()),
                    t.has(ThreadView.MAIN_THREAD));
        }
        if (hook != null && hook.record(t, profile, thread, timeNanos)) {
            return;
        }
        if (gcFrames && t.has(ThreadView.GC_RUNNING)) {
            if (withGc.length < t.depth() + 1) {
                withGc = new int[Math.max(t.depth() + 1, withGc.length * 2)];
            }
            withGc[0] = gcFrame;
            System.arraycopy(t.frames(), 0, withGc, 1, t.depth());
            profile.add(thread, withGc, t.depth() + 1, t.truncated(), timeNanos);
            return;
        }
        profile.add(thread, t.frames(), t.depth(), t.truncated(), timeNanos);
    }

    /** Where a thread is, for reusing its kernel state: the innermost frame id and the depth. */
    private static long place(ThreadView t) {
        return ((long) t.frames()[0] << 32) | t.depth();
    }

    /**
     * The thread's {@code threading} name (CPython 3.13, read once per thread and profile) or else the kernel's, with
     * the target's own tid beside it when that differs (a PID namespace).
     */
    private String threadName(long host, long threadId, long inner) {
        String name = names == null ? null : names.name(threadId, inner);
        if (name == null && host >= 0) {
            name = target.info().threadName(host);
        }
        name = name == null || name.isEmpty() ? "thread" : name;
        return host >= 0 && host != inner ? name + " nstid=" + inner : name;
    }

    /** The walker's counters, for progress reports and benchmarks. */
    public PythonStackWalker walker() {
        return walker;
    }

    @Override
    public void close() {
        states.close();
    }
}
