package io.pysample.core.walk;

/** Why a thread's stack (or a whole sample) was dropped instead of reported. Counted, never thrown. */
public enum DropReason {
    /** The interpreter or thread list changed while it was being read, even after retrying. */
    THREAD_LIST_CHANGED("thread list changed during the read"),
    /** The stack changed while it was being copied (a torn read): reporting it could mix two call chains. */
    TORN_STACK("stack changed during the read"),
    /**
     * A code object may have been freed (and its address reused) while the stack was read or resolved, even after
     * re-reading: the cached names could belong to another object.
     */
    CODE_CHANGED("code object freed during the read"),
    /** A frame could not be read (stale or garbage pointer). */
    BAD_FRAME("unreadable frame"),
    /** A frame's executable was not a readable code object. */
    BAD_CODE_OBJECT("unreadable code object"),
    /** The frame chain loops back on itself. */
    FRAME_CYCLE("frame chain has a cycle"),
    /** A thread state could not be read. */
    BAD_THREAD_STATE("unreadable thread state"),
    /**
     * Decoding failed in a way the walker does not expect (a bug, or memory garbage its checks missed); the
     * thread's stack was dropped instead of ending the recording.
     */
    INTERNAL_FAULT("internal decoding fault");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
