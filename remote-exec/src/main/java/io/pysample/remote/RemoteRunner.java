package io.pysample.remote;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.ProcessGoneException;
import io.pysample.remote.RemoteExecException.Reason;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pysample script in a target and brings its JSON result back: stages the files in a
 * {@link ScriptDirectory}, requests execution with {@link RemoteExec}, waits for the pickup and then for the
 * result file, and removes every file afterwards (also on refusal, timeout or interruption).
 *
 * <h2>Result channel</h2>
 * The script writes its JSON to {@code result.json.tmp} (created empty by pysample, owned by the target's user) and
 * publishes it with {@code os.replace} onto {@code result.json}: pysample sees either nothing or the complete
 * document. The size is capped on both sides. Nothing is printed to the target's stdout or stderr.
 *
 * <h2>Timeouts</h2>
 * One deadline covers pickup and result. A request the thread has not picked up by then is withdrawn
 * ({@code debugger_pending_call} set back to 0) before the files are removed, so the thread will not later try to
 * open a missing file; a thread blocked outside Python code (e.g. in {@code time.sleep(600)} or a C call) cannot
 * pick it up.
 */
public final class RemoteRunner {
    /** Pause after withdrawing, so that a pickup racing with the withdrawal still finds its file. */
    private static final long WITHDRAW_GRACE_MILLIS = 100;

    private RemoteRunner() {
    }

    /** Builds the script once the directory and the result path (as the target sees it) exist. */
    @FunctionalInterface
    public interface ScriptFactory {
        String build(ScriptDirectory dir, String resultPath);
    }

    /**
     * A completed run, its document not yet validated.
     *
     * @param thread the thread that ran the script
     * @param pickupNanos from the request to the observed pickup
     * @param totalNanos from the request to the result
     * @param rearmed whether the eval-breaker bit had to be set a second time
     * @param json the result document (UTF-8 JSON, written by the script or whatever replaced it)
     */
    public record Result(PythonThreadState thread, long pickupNanos, long totalNanos, boolean rearmed,
            byte[] json) {
    }

    /**
     * Takes a snapshot.
     *
     * @param tid the native thread to run in, or empty for the main thread
     * @throws RemoteExecException on refusal or timeout, an invalid result ({@link Reason#BAD_RESULT}) or a failed
     *     snapshot script ({@link Reason#SCRIPT_FAILED})
     * @throws ProcessGoneException if the target exited
     */
    public static SnapshotResult snapshot(PythonProcess process, SnapshotOptions options, OptionalLong tid,
            Duration timeout) throws InterruptedException {
        return SnapshotResult.of(run(process, tid, timeout, options.maxResultBytes() + 1024,
                (dir, result) -> RemoteScripts.snapshot(options, result)), process.pid());
    }

    /**
     * Runs a user's script (its bytes are copied into the private directory) and reports completion.
     *
     * @param source the script's bytes, compiled in the target as a file would be
     * @param displayName the file name shown in the script's tracebacks
     * @return how the script ended (an exception it raised is a result, not a {@link RemoteExecException})
     * @throws RemoteExecException on refusal or timeout, or an invalid result ({@link Reason#BAD_RESULT})
     */
    public static ExecResult exec(PythonProcess process, byte[] source, String displayName, OptionalLong tid,
            Duration timeout) throws InterruptedException {
        return ExecResult.of(run(process, tid, timeout, 2L << 20, (dir, result) -> RemoteScripts.execWrapper(
                dir.writeScript("script.py", source), displayName, result)), process.pid());
    }

    /** Runs the script {@code factory} builds; see the class comment. */
    public static Result run(PythonProcess process, OptionalLong tid, Duration timeout, long maxResultBytes,
            ScriptFactory factory) throws InterruptedException {
        try (RemoteExec rx = RemoteExec.open(process)) {
            PythonThreadState thread = rx.selectThread(tid);
            try (ScriptDirectory dir = ScriptDirectory.create(process.info())) {
                String result = dir.prepareResult();
                String entry = dir.writeScript("run.py", factory.build(dir, result));
                PendingCall call = rx.request(thread, entry);
                try {
                    return await(process, call, dir, timeout, maxResultBytes);
                } catch (InterruptedException | RuntimeException e) {
                    withdrawQuietly(call);
                    throw e;
                }
            }
        }
    }

    private static Result await(PythonProcess process, PendingCall call, ScriptDirectory dir, Duration timeout,
            long maxResultBytes) throws InterruptedException {
        long start = call.requestedAt();
        long deadline = start + timeout.toNanos();
        Duration rearmAfter = Duration.ofNanos(Math.min(TimeUnit.SECONDS.toNanos(1), timeout.toNanos() / 2));
        boolean picked = call.awaitPickup(timeout, rearmAfter);
        if (!picked && call.withdraw()) {
            Thread.sleep(WITHDRAW_GRACE_MILLIS);
            PythonThreadState t = call.thread();
            throw new RemoteExecException(Reason.NOT_PICKED_UP, String.format(Locale.ROOT, "the script is still "
                    + "pending after %.1f s: %s thread %d of process %d is not executing Python code (blocked in "
                    + "a system call or C code?); the request was withdrawn (try --thread with a thread that runs "
                    + "Python code, or a longer --timeout)", timeout.toNanos() / 1e9, t.main() ? "main" : "Python",
                    t.nativeThreadId(), process.pid()));
        }
        long pickup = System.nanoTime() - start;
        if (!picked) {
            deadline = Math.max(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(1)); // picked up just now
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            Optional<byte[]> json = dir.readResult(maxResultBytes);
            if (json.isPresent()) {
                return new Result(call.thread(), pickup, System.nanoTime() - start, call.rearmed(), json.get());
            }
            if (!process.isAlive()) {
                throw new ProcessGoneException(process.pid());
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new RemoteExecException(Reason.NO_RESULT, String.format(Locale.ROOT, "the script was picked "
                        + "up after %.3f s but reported no result within %.1f s: it is still running, or the target "
                        + "could not run it (see the target's stderr)", pickup / 1e9, timeout.toNanos() / 1e9));
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, deadline - now));
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void withdrawQuietly(PendingCall call) {
        try {
            call.withdraw();
        } catch (RuntimeException ignored) {
            // the target is gone or unreadable: nothing left to withdraw
        }
    }
}
