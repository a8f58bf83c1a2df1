package io.pysample.core.walk;

import io.pysample.core.util.LongIntMap;
import java.util.Arrays;

/**
 * Joins the thread states of one OS thread across interpreters into one stack. A thread that runs code in a
 * subinterpreter (e.g. {@code _interpreters.exec}) has a thread state in each interpreter: the outer one parked in the
 * call that entered the subinterpreter, the inner one running there. Both have the same native thread id. The
 * joined stack has the inner interpreter's frames above the outer ones; interpreters are nested in the order of their
 * ids (a subinterpreter is entered from an older interpreter, which has a lower {@code PyInterpreterState.id}). The
 * joined view takes its identity from the innermost thread state and the union of the flags.
 *
 * <p>Used only while the target has more than one interpreter; reuses its arrays (no allocation in steady state).
 */
final class SubinterpreterJoin {
    private int count;
    private int[][] frames = new int[8][];
    private int[] depth = new int[8];
    private int[] flags = new int[8];
    private long[] interp = new long[8];
    private long[] tstate = new long[8];
    private long[] threadId = new long[8];
    private long[] nativeId = new long[8];
    private boolean[] truncated = new boolean[8];
    private boolean[] partial = new boolean[8];
    private int[] next = new int[8];
    private int[] last = new int[8];
    private int[] group = new int[8];
    private final LongIntMap first = new LongIntMap(16);

    void clear() {
        count = 0;
    }

    /** Keeps a copy of one thread state's stack. */
    void add(ThreadView v) {
        if (count == depth.length) {
            int n = count * 2;
            frames = Arrays.copyOf(frames, n);
            depth = Arrays.copyOf(depth, n);
            flags = Arrays.copyOf(flags, n);
            interp = Arrays.copyOf(interp, n);
            tstate = Arrays.copyOf(tstate, n);
            threadId = Arrays.copyOf(threadId, n);
            nativeId = Arrays.copyOf(nativeId, n);
            truncated = Arrays.copyOf(truncated, n);
            partial = Arrays.copyOf(partial, n);
            next = Arrays.copyOf(next, n);
            last = Arrays.copyOf(last, n);
            group = Arrays.copyOf(group, n);
        }
        int i = count++;
        if (frames[i] == null || frames[i].length < v.depth) {
            frames[i] = new int[Math.max(64, v.depth)];
        }
        System.arraycopy(v.frames, 0, frames[i], 0, v.depth);
        depth[i] = v.depth;
        flags[i] = v.flags;
        interp[i] = v.interpreterId;
        tstate[i] = v.threadStateAddress;
        threadId[i] = v.threadId;
        nativeId[i] = v.nativeThreadId;
        truncated[i] = v.truncated;
        partial[i] = v.partial;
    }

    /**
     * Reports one joined stack per OS thread to {@code sink}, in the order the threads were added.
     *
     * @return the number of stacks reported
     */
    int emit(ThreadView out, StackSink sink) {
        first.clear();
        for (int i = 0; i < count; i++) {
            next[i] = -1;
            int head = first.get(nativeId[i]);
            if (head < 0) {
                first.put(nativeId[i], i);
                last[i] = i;
            } else {
                next[last[head]] = i;
                last[head] = i;
            }
        }
        int reported = 0;
        for (int i = 0; i < count; i++) {
            if (first.get(nativeId[i]) != i) {
                continue;
            }
            int n = 0;
            for (int m = i; m >= 0; m = next[m]) {
                int k = n++; // insertion sort, innermost (highest interpreter id) first
                while (k > 0 && interp[group[k - 1]] < interp[m]) {
                    group[k] = group[k - 1];
                    k--;
                }
                group[k] = m;
            }
            int inner = group[0];
            out.depth = 0;
            out.flags = 0;
            out.truncated = false;
            out.partial = partial[inner];
            out.interpreterId = interp[inner];
            out.threadStateAddress = tstate[inner];
            out.threadId = threadId[inner];
            out.nativeThreadId = nativeId[inner];
            for (int g = 0; g < n; g++) {
                int m = group[g];
                for (int f = 0; f < depth[m]; f++) {
                    out.push(frames[m][f]);
                }
                out.flags |= flags[m];
                out.truncated |= truncated[m];
            }
            sink.onThread(out);
            reported++;
        }
        return reported;
    }
}
