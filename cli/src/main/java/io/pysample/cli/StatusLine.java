package io.pysample.cli;

import io.pysample.core.sampling.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/** A live one-line status on stderr, redrawn in place, shown only when stderr is a terminal. */
final class StatusLine implements ProgressListener {
    private final PrintStream err;
    private boolean shown;

    StatusLine(PrintStream err) {
        this.err = err;
    }

    /** A listener that draws the status line if the console is interactive, else one that does nothing. */
    static StatusLine forConsole(PrintStream err) {
        return System.console() != null ? new StatusLine(err) : null;
    }

    @Override
    public void progress(long elapsedNanos, long walks, long threadStacks, long errors) {
        double s = elapsedNanos / 1e9;
        err.printf(Locale.ROOT, "\rpysample: %.1f s, %,d samples (%,.0f Hz), %,d errors   ", s, walks,
                s > 0 ? walks / s : 0.0, errors);
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
