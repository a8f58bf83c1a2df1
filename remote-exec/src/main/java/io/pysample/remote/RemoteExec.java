package io.pysample.remote;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.NamespaceThreadIds;
import io.pysample.remote.RemoteExecException.Reason;
import io.pysample.remote.memory.MemoryWriter;
import io.pysample.remote.memory.ProcessMemoryWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Asks a live CPython 3.14+ process to run a Python file at its next safe point: the PEP 768 protocol that
 * {@code sys.remote_exec} implements ({@code Python/sysmodule.c} {@code sys_remote_exec_impl},
 * {@code Python/remote_debug.h}), done here from Java.
 *
 * <h2>Protocol</h2>
 * For the chosen thread state {@code tstate} (default: {@code interpreter_state.threads_main}, as
 * {@code sys.remote_exec} does; or the thread whose {@code thread_state.native_thread_id} is the requested TID),
 * and only after every check below passed, three writes in this order:
 * <ol>
 *   <li>the script path's bytes (UTF-8) <b>including the terminating NUL</b> at
 *       {@code tstate + debugger_support.remote_debugger_support + debugger_support.debugger_script_path};</li>
 *   <li>{@code int32 1} at {@code tstate + remote_debugger_support + debugger_support.debugger_pending_call};</li>
 *   <li>{@code _PY_EVAL_PLEASE_STOP_BIT} (1&lt;&lt;5) into {@code tstate + debugger_support.eval_breaker}: the
 *       8-byte word is read and the bit ORed into its low byte, and only that byte is written back, so every other
 *       bit is preserved and the instrumentation version in the upper bytes is never rewritten.</li>
 * </ol>
 * The thread then reaches {@code _Py_HandlePending} ({@code Python/ceval_gil.c}), whose
 * {@code _PyRunRemoteDebugger} clears {@code debugger_pending_call}, fires the audit event
 * {@code cpython.remote_debugger_script} with the path, opens the file with {@code io.open_code} and executes it with
 * a fresh globals dict. Errors inside the script go to {@code sys.unraisablehook}, never into the target's code.
 *
 * <h2>Refusals (nothing is written)</h2>
 * A 3.13 target (no {@code debugger_support} offsets); remote debugging disabled ({@code int} at
 * {@code interp + debugger_support.remote_debugging_enabled} is 0: {@code PYTHON_DISABLE_REMOTE_DEBUG} or
 * {@code -X disable-remote-debug}, in which case CPython would consume the bit and never run the script); a path of
 * {@code debugger_script_path_size} bytes or more with its NUL; a previous script still pending on that thread;
 * a TID that is not a Python thread.
 *
 * <h2>Security</h2>
 * Writing needs the same permission as {@code ptrace} attach (same user or root/{@code CAP_SYS_PTRACE}, subject to
 * Yama): whoever may do this could equally attach a debugger. The sampler never holds a {@link MemoryWriter}; this
 * class opens one ({@link ProcessMemoryWriter#open}) only after the checks passed.
 *
 * <p>The read-modify-write of {@code eval_breaker} is not atomic with respect to the target (as in CPython's own
 * implementation): a flag the target sets concurrently in the same byte can be lost. {@link PendingCall} re-sets
 * the bit once if the call is still pending later and the bit is clear.
 */
public final class RemoteExec implements AutoCloseable {
    private final PythonProcess process;
    private final RemoteDebuggerOffsets fields;
    private MemoryWriter writer;

    private RemoteExec(PythonProcess process, RemoteDebuggerOffsets fields) {
        this.process = process;
        this.fields = fields;
    }

    /**
     * Prepares remote execution into {@code process}; writes nothing.
     *
     * @throws RemoteExecException ({@link Reason#UNSUPPORTED_VERSION}) for a target without PEP 768 (3.13)
     */
    public static RemoteExec open(PythonProcess process) {
        return new RemoteExec(process, RemoteDebuggerOffsets.of(process.offsets()));
    }

    public PythonProcess process() {
        return process;
    }

    public RemoteDebuggerOffsets fields() {
        return fields;
    }

    /**
     * The thread that would run a script: the main thread, or the Python thread with native id {@code tid} (the
     * target's own id or, for a target in another PID namespace, pysample's, as {@code dump} shows it), checked
     * to be able to take a script now (remote debugging enabled in its interpreter, nothing pending). Writes
     * nothing.
     *
     * @throws RemoteExecException {@link Reason#NO_SUCH_THREAD}, {@link Reason#NO_INTERPRETER},
     *     {@link Reason#DISABLED}, {@link Reason#ALREADY_PENDING}
     */
    public PythonThreadState selectThread(OptionalLong tid) {
        List<PythonThreadState> threads = PythonThreads.list(process);
        // In a PID namespace, native_thread_id is the target's own id: accept ours (as /proc and dump show it) too.
        NamespaceThreadIds ids = new NamespaceThreadIds(process.pid());
        PythonThreadState chosen = null;
        for (PythonThreadState t : threads) {
            if (tid.isPresent() ? t.nativeThreadId() == tid.getAsLong()
                    || ids.namespaced() && ids.hostTid(t.nativeThreadId()) == tid.getAsLong()
                    : t.main() && t.interpreterId() == 0) {
                chosen = t;
                break;
            }
        }
        if (chosen == null && tid.isEmpty()) {
            chosen = threads.stream().filter(PythonThreadState::main).findFirst().orElse(null);
        }
        if (chosen == null) {
            if (threads.isEmpty()) {
                throw new RemoteExecException(Reason.NO_INTERPRETER, "process " + process.pid() + " has no Python "
                        + "thread state to run a script in (starting up or shutting down?)");
            }
            if (tid.isPresent()) {
                throw new RemoteExecException(Reason.NO_SUCH_THREAD, "thread " + tid.getAsLong() + " is not a "
                        + "Python thread of process " + process.pid() + " (Python threads: " + threads.stream()
                        .map(t -> describe(ids, t.nativeThreadId())).collect(Collectors.joining(", ")) + ")");
            }
            throw new RemoteExecException(Reason.NO_INTERPRETER, "process " + process.pid() + " has no main "
                    + "thread state (interpreter_state.threads_main is NULL)");
        }
        check(chosen);
        return chosen;
    }

    /** A thread id as pysample's namespace sees it, with the target's own beside it if that differs. */
    private static String describe(NamespaceThreadIds ids, long innerTid) {
        long host = ids.hostTid(innerTid);
        return host < 0 || host == innerTid ? Long.toString(innerTid) : host + " (" + innerTid + " in its namespace)";
    }

    /** Refuses if remote debugging is disabled in the thread's interpreter or a script is pending on it. */
    private void check(PythonThreadState t) {
        MemoryReader m = process.memory();
        if (readI32(m, fields.enabledAddress(t.interpreter())) != 1) {
            throw new RemoteExecException(Reason.DISABLED, "remote debugging is disabled in process "
                    + process.pid() + " (started with PYTHON_DISABLE_REMOTE_DEBUG or -X disable-remote-debug); "
                    + "nothing was written");
        }
        if (readI32(m, fields.pendingCallAddress(t.address())) == 1) {
            throw new RemoteExecException(Reason.ALREADY_PENDING, "a previous script is still pending on thread "
                    + t.nativeThreadId() + " of process " + process.pid() + " (that thread has not executed Python "
                    + "code since); nothing was written");
        }
    }

    /**
     * Checks that {@code pathInTarget} (as the target will open it) fits {@code debugger_script_path}.
     *
     * @return its bytes with the terminating NUL
     * @throws RemoteExecException ({@link Reason#PATH_TOO_LONG})
     */
    public byte[] encodePath(String pathInTarget) {
        byte[] utf8 = pathInTarget.getBytes(StandardCharsets.UTF_8);
        if (pathInTarget.isEmpty() || pathInTarget.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("empty path or path with NUL: " + pathInTarget);
        }
        if (utf8.length + 1 > fields.scriptPathSize()) {
            throw new RemoteExecException(Reason.PATH_TOO_LONG, "the script path is " + (utf8.length + 1)
                    + " bytes with its NUL, but the target accepts at most " + fields.scriptPathSize()
                    + " (debugger_script_path); nothing was written");
        }
        byte[] withNul = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, withNul, 0, utf8.length);
        return withNul;
    }

    /**
     * Asks {@code thread} to run the file at {@code pathInTarget} (a path as the target sees it). Re-checks
     * everything, then writes path, pending flag and eval-breaker bit, in that order.
     *
     * @throws RemoteExecException for a refusal (nothing written)
     * @throws io.pysample.memory.PermissionDeniedException if writing is not permitted (nothing written)
     * @throws io.pysample.memory.ProcessGoneException if the target exited
     */
    public PendingCall request(PythonThreadState thread, String pathInTarget) {
        byte[] path = encodePath(pathInTarget);
        check(thread);
        MemoryWriter w = writer();
        long tstate = thread.address();
        w.write(fields.scriptPathAddress(tstate), path, 0, path.length);
        byte[] one = new byte[4];
        LittleEndian.putI32(one, 0, 1);
        w.write(fields.pendingCallAddress(tstate), one, 0, 4);
        PendingCall call = new PendingCall(process, w, fields, thread);
        call.setStopBit();
        return call;
    }

    private MemoryWriter writer() {
        if (writer == null) {
            writer = ProcessMemoryWriter.open(process.pid());
        }
        return writer;
    }

    static int readI32(MemoryReader m, long address) {
        byte[] b = new byte[4];
        m.readFully(address, b, 0, 4);
        return LittleEndian.i32(b, 0);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
