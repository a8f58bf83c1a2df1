package io.pysample.core.sampling;

/**
 * How a {@link Profile} aggregates stacks.
 *
 * @param lineNumbers whether frames keep their line ({@code false} aggregates by function: {@code --nolineno})
 * @param threadRoots whether each stack gets its thread as root frame, {@code [name tid=N]} ({@code --threads})
 * @param timeline whether to keep every thread sample's (thread, stack, time), 16 bytes each, for time-ordered
 *     formats such as speedscope
 */
public record ProfileOptions(boolean lineNumbers, boolean threadRoots, boolean timeline) {
    /** By line, no thread roots, no timeline. */
    public static final ProfileOptions DEFAULT = new ProfileOptions(true, false, false);

    public ProfileOptions withLineNumbers(boolean on) {
        return new ProfileOptions(on, threadRoots, timeline);
    }

    public ProfileOptions withThreadRoots(boolean on) {
        return new ProfileOptions(lineNumbers, on, timeline);
    }

    public ProfileOptions withTimeline(boolean on) {
        return new ProfileOptions(lineNumbers, threadRoots, on);
    }
}
