package io.pysample.memory;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * JNA direct mapping of {@code process_vm_readv(2)}; the write call is bound only in the remote-exec module. Addresses
 * are passed as raw {@code long}s so that a call allocates no {@code Pointer} objects.
 */
final class LinuxSyscalls {
    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EIO = 5;
    static final int EFAULT = 14;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    /** Most iovecs one call accepts (IOV_MAX on Linux). */
    static final int IOV_MAX = 1024;

    private static final Throwable LOAD_FAILURE;

    static {
        Throwable failure = null;
        try {
            Native.register(LinuxSyscalls.class, Platform.C_LIBRARY_NAME);
        } catch (Throwable t) { // no native library for this platform, or a sandbox without JNA's stub
            failure = t;
        }
        LOAD_FAILURE = failure;
    }

    private LinuxSyscalls() {
    }

    /** Whether the native calls are usable in this JVM. */
    static boolean available() {
        return LOAD_FAILURE == null && Platform.isLinux();
    }

    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    static native long process_vm_readv(int pid, long localIov, long localCount, long remoteIov, long remoteCount,
            long flags);
}
