package io.pysample.cli;

import io.pysample.core.sampling.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/** A live one-line status on stderr, redrawn in place, shown only when stderr is a terminal. */
final class StatusLine implements ProgressListener {
    private final PrintStream err;
    private final boolean enabled;
    private boolean shown;

    StatusLine(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A status line on {@code err} if the console is interactive, else one that does nothing. */
    static StatusLine forConsole(PrintStream err) {
        return new StatusLine(err, System.console() != null);
    }

    @Override
    public void progress(long elapsedNanos, long walks, long threadStacks, long dropped) {
        if (!enabled) {
            return;
        }
        double s = elapsedNanos / 1e9;
        err.printf(Locale.ROOT, "\rpysample: %.1f s, %,d samples (%s Hz), %,d stacks dropped   ", s, walks,
                RecordSummary.hertz(s > 0 ? walks / s : 0.0), dropped);
        err.flush();
        shown = true;
    }

    /** Ends the status line so that the next output starts on a fresh line. */
    void finish() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
