package io.pysample.core.attach;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.offsets.PythonVersion;
import io.pysample.core.offsets.UnsupportedOffsetsException;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ProcessGoneException;
import io.pysample.memory.ProcessInfo;

/**
 * An attached CPython 3.13+ target: its memory (read-only), the location of {@code _PyRuntime} and the decoded
 * {@code _Py_DebugOffsets}. Attaching neither stops nor writes to the target.
 */
public final class PythonProcess implements AutoCloseable {
    private final ProcessInfo info;
    private final MemoryReader memory;
    private final RuntimeLocation runtime;
    private final DebugOffsets offsets;
    private final String executable;
    private final String commandLine;

    private PythonProcess(ProcessInfo info, MemoryReader memory, RuntimeLocation runtime, DebugOffsets offsets,
            String executable, String commandLine) {
        this.info = info;
        this.memory = memory;
        this.runtime = runtime;
        this.offsets = offsets;
        this.executable = executable;
        this.commandLine = commandLine;
    }

    /**
     * Attaches to process {@code pid}.
     *
     * @throws ProcessGoneException if there is no such process
     * @throws io.pysample.memory.PermissionDeniedException if its memory may not be read
     * @throws NotPythonException if it is not a CPython process
     * @throws UnsupportedPythonException if it is a CPython pysample cannot read
     */
    public static PythonProcess attach(int pid, MemoryBackend backend) {
        if (!ProcessInfo.exists(pid)) {
            throw new ProcessGoneException(pid);
        }
        ProcessInfo info = new ProcessInfo(pid);
        String exe = info.exe();
        String cmd = info.commandLine();
        MemoryReader memory = backend.open(pid);
        try {
            return attach(info, memory, exe, cmd);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** Attaches through an already opened reader (e.g. a recording one); takes ownership of it. */
    public static PythonProcess attach(ProcessInfo info, MemoryReader memory, String exe, String cmd) {
        RuntimeLocation location = RuntimeLocator.locate(info, memory);
        return new PythonProcess(info, memory, location, readOffsets(memory, location.address()), exe, cmd);
    }

    /**
     * Reads and decodes the offsets table at {@code runtimeAddress}.
     *
     * @throws UnsupportedPythonException if the version or build is not supported
     */
    public static DebugOffsets readOffsets(MemoryReader memory, long runtimeAddress) {
        byte[] table = new byte[DebugOffsets.MAX_SIZE];
        int n = memory.read(runtimeAddress, table, 0, table.length);
        if (n < DebugOffsets.HEADER_SIZE) {
            throw new NotPythonException("cannot read _Py_DebugOffsets at 0x" + Long.toHexString(runtimeAddress));
        }
        byte[] exact = java.util.Arrays.copyOf(table, n);
        try {
            return DebugOffsets.decode(exact);
        } catch (UnsupportedOffsetsException e) {
            throw new UnsupportedPythonException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new NotPythonException("unreadable _Py_DebugOffsets at 0x" + Long.toHexString(runtimeAddress)
                    + ": " + e.getMessage());
        }
    }

    public int pid() {
        return info.pid();
    }

    public ProcessInfo info() {
        return info;
    }

    /** Read-only access to the target's memory. */
    public MemoryReader memory() {
        return memory;
    }

    public RuntimeLocation runtime() {
        return runtime;
    }

    public long runtimeAddress() {
        return runtime.address();
    }

    public DebugOffsets offsets() {
        return offsets;
    }

    public PythonVersion version() {
        return offsets.version();
    }

    /** The executable path as the kernel reports it. */
    public String executable() {
        return executable;
    }

    /** The command line, arguments joined by spaces. */
    public String commandLine() {
        return commandLine;
    }

    /** Whether the target is still running (not exited, not a zombie). */
    public boolean isAlive() {
        return info.isAlive();
    }

    /**
     * Whether the target still is the Python process attached to: running, and with the {@code _Py_DebugOffsets}
     * cookie still at the runtime address (it is gone after the process {@code exec}s another program). One small
     * read.
     */
    public boolean isStillPython() {
        if (!info.isAlive()) {
            return false;
        }
        byte[] cookie = new byte[8];
        try {
            return memory.read(runtime.address(), cookie, 0, 8) == 8
                    && DebugOffsets.COOKIE.equals(new String(cookie, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        memory.close();
    }
}
