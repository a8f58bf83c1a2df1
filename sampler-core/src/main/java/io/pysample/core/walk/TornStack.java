package io.pysample.core.walk;

import java.util.Arrays;

/**
 * Keeps what can be trusted of a stack that changed while it was read (a torn read). The chain is followed twice:
 * from the thread state's {@code current_frame} read <i>before</i> the first chunk copy, along that copy, and from
 * the one read <i>between</i> the copies, along the second copy. Both walks must end at the thread's base frame
 * (3.15) or at a null {@code previous} link. The frames both walks reach, at the same addresses, on which both copies agree
 * (link, executable, owner and instruction) are the part of the stack that did not change during the read: calls
 * and returns happened only above it. Frames that are not reported (entry frames) take part in the comparison too: a
 * slot whose new frame was not written yet can look like a stale entry frame in both copies.
 *
 * <ul>
 *   <li>If one walk consists only of such frames, that walk is a complete stack the thread had during the read: the
 *       thread only called deeper (the before-walk) or only returned (the after-walk).</li>
 *   <li>Otherwise the common root part is kept and marked {@link FrameChain#partial}: the walker adds a
 *       {@code <partial>} leaf pseudo-frame.</li>
 *   <li>With no common frame, the stack is dropped.</li>
 * </ul>
 */
final class TornStack {
    private final FrameChain chain;
    private long[] addresses = new long[64];
    private long[] executables = new long[64];
    private long[] instructions = new long[64];
    private boolean[] agreed = new boolean[64];
    private int count;

    TornStack(FrameChain chain) {
        this.chain = chain;
    }

    /**
     * Leaves in {@code chain} the trusted part of the thread's stack read in {@code r}.
     *
     * @param before {@code current_frame} read before the chunk copies
     * @param after {@code current_frame} read between the copies
     * @return false if nothing can be trusted (the stack is dropped)
     */
    boolean join(ThreadReads r, ThreadSlot s, long before, long after) {
        if (chain.follow(r, s, before, r.chunk1, r.chunk2, false) != null || chain.truncated) {
            return false;
        }
        keepFirstWalk();
        if (chain.follow(r, s, after, r.chunk2, r.chunk1, false) != null || chain.truncated) {
            return false;
        }
        int i = count - 1;
        int j = chain.count - 1;
        while (i >= 0 && j >= 0 && addresses[i] == chain.addresses[j] && agreed[i] && chain.agreed[j]
                && executables[i] == chain.executables[j] && instructions[i] == chain.instructions[j]) {
            i--;
            j--;
        }
        int common = count - 1 - i;
        if (j < 0) {
            return dropSkipped(0); // the after-walk is wholly shared: the thread only returned
        }
        if (i < 0) {
            restoreFirstWalk(); // the before-walk is wholly shared: the thread only called deeper
            return dropSkipped(0);
        }
        chain.partial = true;
        return dropSkipped(chain.count - common);
    }

    /**
     * Keeps the chain's frames from {@code from} on (moved to the front) without the skipped ones.
     *
     * @return false if no reported frame is left
     */
    private boolean dropSkipped(int from) {
        int n = 0;
        for (int k = from; k < chain.count; k++) {
            if (chain.executables[k] != FrameChain.SKIPPED) {
                chain.executables[n] = chain.executables[k];
                chain.instructions[n] = chain.instructions[k];
                n++;
            }
        }
        chain.count = n;
        return n > 0;
    }

    private void keepFirstWalk() {
        count = chain.count;
        if (addresses.length < count) {
            int n = Math.max(count, addresses.length * 2);
            addresses = Arrays.copyOf(addresses, n);
            executables = Arrays.copyOf(executables, n);
            instructions = Arrays.copyOf(instructions, n);
            agreed = Arrays.copyOf(agreed, n);
        }
        System.arraycopy(chain.addresses, 0, addresses, 0, count);
        System.arraycopy(chain.executables, 0, executables, 0, count);
        System.arraycopy(chain.instructions, 0, instructions, 0, count);
        System.arraycopy(chain.agreed, 0, agreed, 0, count);
    }

    private void restoreFirstWalk() {
        if (chain.executables.length < count) {
            int n = addresses.length;
            chain.executables = Arrays.copyOf(chain.executables, n);
            chain.instructions = Arrays.copyOf(chain.instructions, n);
            chain.addresses = Arrays.copyOf(chain.addresses, n);
            chain.agreed = Arrays.copyOf(chain.agreed, n);
        }
        System.arraycopy(executables, 0, chain.executables, 0, count);
        System.arraycopy(instructions, 0, chain.instructions, 0, count);
        chain.count = count;
    }
}
