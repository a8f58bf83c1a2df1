package io.pysample.cli;

import io.pysample.core.attach.PythonProcess;
import io.pysample.export.Names;
import io.pysample.export.SnapshotJson;
import io.pysample.memory.ProcessGoneException;
import io.pysample.remote.RemoteExecException;
import io.pysample.remote.RemoteRunner;
import io.pysample.remote.SnapshotKind;
import io.pysample.remote.SnapshotOptions;
import io.pysample.remote.SnapshotResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code record --snapshot-every SECONDS [--snapshot KINDS]}: while the sampler runs, a separate thread takes
 * snapshots (PEP 768, see {@code pysample snapshot}) periodically and stores them beside the profile in
 * {@code OUTPUT.snapshots.json}, an array of {@code {"time_s", "snapshot"}} (or {@code {"time_s", "error"}}). The
 * sampler never waits for a snapshot. A refusal (3.13 target, remote debugging disabled) stops the snapshots with
 * one warning; the recording goes on.
 */
final class RecordSnapshots {
    /** Failures after which the next snapshot may well succeed; any other stops the snapshots. */
    private static final Set<RemoteExecException.Reason> TRANSIENT = EnumSet.of(
            RemoteExecException.Reason.NOT_PICKED_UP, RemoteExecException.Reason.NO_RESULT,
            RemoteExecException.Reason.ALREADY_PENDING, RemoteExecException.Reason.SCRIPT_FAILED);

    @Option(names = "--snapshot-every", paramLabel = "SECONDS",
            description = "Also take a snapshot (CPython 3.14+, runs code in the target) every SECONDS and store "
                    + "them in OUTPUT.snapshots.json.")
    Double every;

    @Option(names = "--snapshot", paramLabel = "KINDS", split = ",",
            description = "What the periodic snapshots collect: locals, gc, asyncio, threads (default: gc,asyncio,"
                    + "threads).")
    List<String> kinds;

    void validate() {
        if (every == null) {
            if (kinds != null) {
                throw new UserError(ExitCodes.USAGE, "--snapshot needs --snapshot-every");
            }
            return;
        }
        if (!(every >= 0.05) || every > 24 * 3600) {
            throw new UserError(ExitCodes.USAGE, "--snapshot-every must be at least 0.05 seconds, got " + every);
        }
        options();
    }

    private SnapshotOptions options() {
        Set<SnapshotKind> set = EnumSet.of(SnapshotKind.GC, SnapshotKind.ASYNCIO, SnapshotKind.THREADS);
        if (kinds != null) {
            set.clear();
            for (String k : kinds) {
                try {
                    set.add(SnapshotKind.parse(k));
                } catch (IllegalArgumentException e) {
                    throw new UserError(ExitCodes.USAGE, "--snapshot: " + e.getMessage());
                }
            }
        }
        return SnapshotOptions.of(set);
    }

    /** Starts taking snapshots of {@code process} (or nothing, without {@code --snapshot-every}). */
    Session start(PythonProcess process, Path output, PrintStream err) {
        return every == null ? new Session(null, null, null, err) : new Session(process, options(),
                Path.of(output + ".snapshots.json"), err);
    }

    /** The snapshot thread of one recording. */
    final class Session {
        private final PythonProcess process;
        private final SnapshotOptions options;
        private final Path sidecar;
        private final PrintStream err;
        private final List<SnapshotJson.Timed> entries = Collections.synchronizedList(new ArrayList<>());
        private final long start = System.nanoTime();
        private final Thread thread;

        Session(PythonProcess process, SnapshotOptions options, Path sidecar, PrintStream err) {
            this.process = process;
            this.options = options;
            this.sidecar = sidecar;
            this.err = err;
            this.thread = process == null ? null : new Thread(this::loop, "pysample-snapshots");
            if (thread != null) {
                thread.setDaemon(true);
                thread.start();
            }
        }

        /** Runs {@code sampling}, then stops the snapshots and writes the sidecar. */
        <T> T around(Supplier<T> sampling) {
            try {
                return sampling.get();
            } finally {
                finish();
            }
        }

        private void loop() {
            long period = (long) (every * 1e9);
            Duration timeout = Duration.ofNanos(Math.min(TimeUnit.SECONDS.toNanos(30),
                    Math.max(TimeUnit.SECONDS.toNanos(2), period)));
            long next = start + period;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    double t = (System.nanoTime() - start) / 1e9;
                    try {
                        SnapshotResult r = RemoteRunner.snapshot(process, options, OptionalLong.empty(), timeout);
                        entries.add(new SnapshotJson.Timed(t, r.document(), null));
                    } catch (RemoteExecException e) {
                        if (Thread.currentThread().isInterrupted()) {
                            return; // the recording ended while the files were being staged
                        }
                        entries.add(new SnapshotJson.Timed(t, null, e.getMessage()));
                        if (!TRANSIENT.contains(e.reason())) {
                            err.println("pysample: snapshots stopped: " + Names.clean(e.getMessage()));
                            return;
                        }
                    }
                    long now = System.nanoTime();
                    do {
                        next += period; // skip the ticks a slow snapshot overran
                    } while (next - now < 0);
                }
            } catch (InterruptedException e) {
                // the recording ended
            } catch (ProcessGoneException e) {
                // the target exited: the recording ends too
            } catch (RuntimeException e) {
                err.println("pysample: snapshots stopped: " + Names.clean(e.toString()));
            }
        }

        private void finish() {
            if (thread == null) {
                return;
            }
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<SnapshotJson.Timed> copy;
            synchronized (entries) {
                copy = new ArrayList<>(entries);
            }
            OutputFile out;
            try {
                out = OutputFile.prepare(sidecar);
            } catch (UserError e) {
                err.println("pysample: " + e.getMessage());
                return;
            }
            try {
                try (OutputStream os = out.open()) {
                    SnapshotJson.writeSidecar(copy, os);
                }
                out.commit();
                err.println(String.format(Locale.ROOT, "pysample: %d snapshot%s -> %s", copy.size(),
                        copy.size() == 1 ? "" : "s", sidecar));
            } catch (IOException e) {
                err.println("pysample: cannot write " + sidecar + ": " + e.getMessage());
            } finally {
                out.discard();
            }
        }
    }
}
