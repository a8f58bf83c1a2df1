package io.pysample.remote;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryReader;
import io.pysample.remote.memory.MemoryWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A script request written into one thread state by {@link RemoteExec#request}: watches
 * {@code debugger_pending_call} ({@code _Py_DebugOffsets.debugger_support.debugger_pending_call}, CPython 3.14),
 * which the target clears to 0 when {@code _PyRunRemoteDebugger} ({@code Python/ceval_gil.c}) picks the script up.
 */
public final class PendingCall {
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final PythonProcess process;
    private final MemoryWriter writer;
    private final RemoteDebuggerOffsets fields;
    private final PythonThreadState thread;
    private final long requestedAt = System.nanoTime();
    private boolean rearmed;

    PendingCall(PythonProcess process, MemoryWriter writer, RemoteDebuggerOffsets fields, PythonThreadState thread) {
        this.process = process;
        this.writer = writer;
        this.fields = fields;
        this.thread = thread;
    }

    public PythonThreadState thread() {
        return thread;
    }

    /** {@link System#nanoTime()} when the request was written. */
    public long requestedAt() {
        return requestedAt;
    }

    /** Whether the re-arm of {@link #awaitPickup} had to set the eval-breaker bit again. */
    public boolean rearmed() {
        return rearmed;
    }

    /** Whether {@code debugger_pending_call} is still 1 (the thread has not picked the script up). */
    public boolean isPending() {
        return RemoteExec.readI32(process.memory(), fields.pendingCallAddress(thread.address())) == 1;
    }

    /**
     * Polls until the thread picked the script up or {@code timeout} passed. If it is still pending after
     * {@code rearmAfter} and the eval-breaker bit is clear (consumed, or lost to a concurrent update of the word:
     * the race noted for {@code sys.remote_exec}), the bit is set once more.
     *
     * @return whether the script was picked up
     * @throws io.pysample.memory.ProcessGoneException if the target exited
     */
    public boolean awaitPickup(Duration timeout, Duration rearmAfter) throws InterruptedException {
        long deadline = requestedAt + timeout.toNanos();
        long rearmAt = requestedAt + rearmAfter.toNanos();
        long pause = FIRST_POLL_NANOS;
        while (true) {
            if (!isPending()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return false;
            }
            if (!rearmed && now - rearmAt >= 0) {
                rearmed = true;
                if (!stopBitSet() && isPending()) {
                    setStopBit();
                }
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, Math.max(deadline - now, 0)));
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    /**
     * Withdraws a request that was not picked up: writes {@code debugger_pending_call = 0} if it is still 1, so
     * the thread will not try to open a script file that is about to be removed. The eval-breaker bit is left as
     * it is (handling it without a pending call is a no-op for remote execution).
     *
     * @return whether the request was still pending (and is now withdrawn)
     */
    public boolean withdraw() {
        if (!isPending()) {
            return false;
        }
        writer.write(fields.pendingCallAddress(thread.address()), new byte[4], 0, 4);
        return true;
    }

    private boolean stopBitSet() {
        MemoryReader m = process.memory();
        byte[] b = new byte[1];
        m.readFully(fields.evalBreakerAddress(thread.address()), b, 0, 1);
        return (b[0] & RemoteDebuggerOffsets.PLEASE_STOP_BIT) != 0;
    }

    /** ORs {@code _PY_EVAL_PLEASE_STOP_BIT} into the low byte of {@code eval_breaker} (little-endian: offset 0). */
    void setStopBit() {
        long address = fields.evalBreakerAddress(thread.address());
        byte[] word = process.memory().readFully(address, 8);
        byte low = (byte) (word[0] | RemoteDebuggerOffsets.PLEASE_STOP_BIT);
        writer.write(address, new byte[] {low}, 0, 1);
    }
}
