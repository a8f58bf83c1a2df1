package io.pysample.cli;

import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.Recording;
import io.pysample.core.sampling.StopReason;
import io.pysample.export.OutputFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Recording} (a session, or a process tree) to its end and writes its profile: status line, periodic snapshots, output file
 * (complete or not at all), summary. A JVM shutdown (e.g. SIGHUP) stops the session and waits until the output is
 * written.
 */
final class Recorder {
    private final OutputFile out;
    private final OutputFormat format;
    private final boolean fullFilenames;
    private final boolean stats;
    private final RecordSnapshots snapshots;
    private final PrintStream err;

    Recorder(OutputFile out, OutputFormat format, boolean fullFilenames, boolean stats, RecordSnapshots snapshots,
            PrintStream err) {
        this.out = out;
        this.format = format;
        this.fullFilenames = fullFilenames;
        this.stats = stats;
        this.snapshots = snapshots;
        this.err = err;
    }

    /**
     * Samples until the session ends, then writes the output and the summary.
     *
     * @param what the target, for messages ("process 123", "python3")
     * @param launched whether pysample started the target (its exit is then no news)
     * @throws UserError if nothing was sampled (exit 3) or the output cannot be written (exit 7)
     */
    void record(Recording session, String what, boolean launched) {
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            session.stop();
            try {
                written.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pysample-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            double hz = session.options().rateHz();
            err.println("pysample: sampling " + what + (hz > 0 ? " at " + RecordSummary.hertz(hz) + " Hz" : " at full "
                    + "speed") + (launched ? " until it exits" : "") + "; Ctrl-C to stop");
            StatusLine status = StatusLine.forConsole(err);
            StopReason reason = snapshots.start(session.process(), out.path(), err).around(() -> session.run(status));
            status.finish();
            ProfileInterval recording = session.cutInterval();
            if (recording.stats().walks() == 0) {
                throw new UserError(ExitCodes.NO_SUCH_PROCESS, what + " exited before it could be sampled; "
                        + "nothing was written");
            }
            try (OutputStream os = out.open()) {
                ProfileOutput.exporter(format, fullFilenames, out, TargetSources.of(session.process().pid()))
                        .write(recording.profile(), recording.info(), os);
            } catch (IOException e) {
                throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + out.path() + ": " + e.getMessage());
            }
            try {
                out.commit();
            } catch (IOException e) {
                throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + out.path() + ": " + e.getMessage());
            }
            if (reason == StopReason.TARGET_EXITED && !launched) {
                err.println("pysample: " + what + " exited; writing what was collected");
            }
            RecordSummary.print(err, recording.stats(), out.path(), stats, session.options().rateHz());
            RuntimeException fault = session.firstFault();
            if (stats && fault != null) {
                // A bug in pysample: show where, so that it can be reported and fixed.
                err.println("pysample: first internal fault: " + fault);
                for (StackTraceElement at : fault.getStackTrace()) {
                    err.println("pysample:   at " + at);
                }
            }
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the output is written
            }
        }
    }
}
