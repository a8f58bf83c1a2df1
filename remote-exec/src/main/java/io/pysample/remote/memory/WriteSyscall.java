package io.pysample.remote.memory;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * JNA direct mapping of {@code process_vm_writev(2)}: the only binding of a call that writes another process's
 * memory, kept out of memory-backends so that the read-only modules cannot reach it.
 */
final class WriteSyscall {
    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EACCES = 13;
    static final int EFAULT = 14;

    private static final boolean AVAILABLE;

    static {
        boolean ok;
        try {
            Native.register(WriteSyscall.class, Platform.C_LIBRARY_NAME);
            ok = Platform.isLinux();
        } catch (Throwable t) { // no native library for this platform, or a sandbox without JNA's stub
            ok = false;
        }
        AVAILABLE = ok;
    }

    private WriteSyscall() {
    }

    /** Whether the native call is usable in this JVM. */
    static boolean available() {
        return AVAILABLE;
    }

    /** {@code ssize_t process_vm_writev(pid, local_iov, liovcnt, remote_iov, riovcnt, flags)}; iovecs as addresses. */
    static native long process_vm_writev(int pid, long localIov, long localCount, long remoteIov, long remoteCount,
            long flags);
}
