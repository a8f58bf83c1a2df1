package io.pysample.remote;

import io.pysample.core.offsets.DebugOffsets;

/**
 * Where the PEP 768 fields of a CPython 3.14+ target live, from its {@code _Py_DebugOffsets.debugger_support}
 * group ({@code Include/internal/pycore_debug_offsets.h}, CPython 3.14) and {@code interpreter_state.threads_main}.
 *
 * <ul>
 *   <li>{@link #evalBreaker}: {@code _Py_DebugOffsets.debugger_support.eval_breaker}, CPython 3.14: offset of
 *       {@code uintptr_t PyThreadState.eval_breaker} in the thread state (24 in 3.14/3.15). Low 8 bits are event
 *       flags ({@code Include/internal/pycore_ceval.h}), the rest the instrumentation version.</li>
 *   <li>{@link #remoteDebuggerSupport}: {@code debugger_support.remote_debugger_support}: offset of the
 *       {@code _PyRemoteDebuggerSupport} struct in {@code PyThreadState} (3.14: 304, 3.15: 344).</li>
 *   <li>{@link #pendingCall}: {@code debugger_support.debugger_pending_call}: offset of
 *       {@code int32 debugger_pending_call} inside that struct (0).</li>
 *   <li>{@link #scriptPath}: {@code debugger_support.debugger_script_path}: offset of
 *       {@code char debugger_script_path[_Py_MAX_SCRIPT_PATH_SIZE]} inside that struct (4).</li>
 *   <li>{@link #scriptPathSize}: {@code debugger_support.debugger_script_path_size}: its size, NUL included
 *       (512).</li>
 *   <li>{@link #remoteDebuggingEnabled}: {@code debugger_support.remote_debugging_enabled}: offset of
 *       {@code int PyInterpreterState.config.remote_debug} in the interpreter state (3.14: 8076, 3.15: 8028); 0 when
 *       the target runs with {@code PYTHON_DISABLE_REMOTE_DEBUG} or {@code -X disable-remote-debug}.</li>
 *   <li>{@link #threadsMain}: {@code interpreter_state.threads_main}: the main thread's state, which
 *       {@code sys.remote_exec} targets ({@code Python/sysmodule.c} {@code sys_remote_exec_impl}).</li>
 * </ul>
 */
public record RemoteDebuggerOffsets(int evalBreaker, int remoteDebuggerSupport, int pendingCall, int scriptPath,
        int scriptPathSize, int remoteDebuggingEnabled, int threadsMain, int threadStateSize) {

    /**
     * {@code _PY_EVAL_PLEASE_STOP_BIT} ({@code 1 << 5}, {@code Include/internal/pycore_ceval.h}, CPython 3.14): makes
     * the thread call {@code _Py_HandlePending}, which ends with {@code _PyRunRemoteDebugger}
     * ({@code Python/ceval_gil.c}).
     */
    public static final int PLEASE_STOP_BIT = 1 << 5;

    /** The offsets for {@code offsets}' target. */
    public static RemoteDebuggerOffsets of(DebugOffsets offsets) {
        long eb = offsets.value("debugger_support.eval_breaker");
        long support = offsets.value("debugger_support.remote_debugger_support");
        long pending = offsets.value("debugger_support.debugger_pending_call");
        long path = offsets.value("debugger_support.debugger_script_path");
        long pathSize = offsets.value("debugger_support.debugger_script_path_size");
        long enabled = offsets.value("debugger_support.remote_debugging_enabled");
        long main = offsets.value("interpreter_state.threads_main");
        if (eb < 0 || support < 0 || pending < 0 || path < 0 || pathSize <= 0 || enabled < 0 || main < 0) {
            throw new RemoteExecException(RemoteExecException.Reason.UNSUPPORTED_VERSION, "CPython "
                    + offsets.version() + " has no remote execution: PEP 768 (sys.remote_exec) needs CPython 3.14 "
                    + "or newer");
        }
        RemoteDebuggerOffsets r = new RemoteDebuggerOffsets((int) eb, (int) support, (int) pending, (int) path,
                (int) pathSize, (int) enabled, (int) main, offsets.tstateSize);
        if (r.remoteDebuggerSupport + r.scriptPath + r.scriptPathSize > r.threadStateSize
                || r.remoteDebuggerSupport + r.pendingCall + 4 > r.threadStateSize
                || r.evalBreaker + 8 > r.threadStateSize || pathSize > 1 << 16) {
            throw new RemoteExecException(RemoteExecException.Reason.UNSUPPORTED_VERSION, "CPython "
                    + offsets.version() + ": its remote-debugging offsets do not fit its thread state; refusing to "
                    + "write");
        }
        return r;
    }

    /** Address of {@code debugger_pending_call} in the thread state at {@code tstate}. */
    public long pendingCallAddress(long tstate) {
        return tstate + remoteDebuggerSupport + pendingCall;
    }

    /** Address of {@code debugger_script_path} in the thread state at {@code tstate}. */
    public long scriptPathAddress(long tstate) {
        return tstate + remoteDebuggerSupport + scriptPath;
    }

    /** Address of {@code eval_breaker} in the thread state at {@code tstate}. */
    public long evalBreakerAddress(long tstate) {
        return tstate + evalBreaker;
    }

    /** Address of {@code config.remote_debug} in the interpreter state at {@code interp}. */
    public long enabledAddress(long interp) {
        return interp + remoteDebuggingEnabled;
    }
}
