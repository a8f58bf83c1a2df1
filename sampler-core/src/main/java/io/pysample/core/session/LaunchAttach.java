package io.pysample.core.session;

import io.pysample.core.attach.NotPythonException;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.NanoClock;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.ProcessGoneException;
import io.pysample.memory.ProcessInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Attaches to a process this JVM has just started, as soon as it can: the {@code _Py_DebugOffsets} table is static
 * data of {@code _PyRuntime}, readable from the moment the interpreter's executable (and {@code libpython}) is
 * mapped, so sampling can begin before the interpreter runs its first Python frame. Polls every millisecond for the
 * first 100 ms, then every 5 ms.
 *
 * <p>While the child still is the JVM's launcher ({@code jspawnhelper} or a copy of {@code java} between fork and
 * exec) every failure is retried. Once it runs a program of its own that is not Python, that program gets a grace
 * period (a wrapper script or {@code env} that will {@code exec} Python), restarted whenever the executable changes;
 * after it, or when the child exits while running it, the attach fails with {@link NotPythonException}. Other
 * refusals (unsupported Python, permission) fail at once. Like py-spy's {@code PythonSpy::retry_new}, but the retry
 * is decided by what the child runs, not by a count.
 */
public final class LaunchAttach {
    private static final long FAST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long FAST_POLL_FOR = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SLOW_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private LaunchAttach() {
    }

    /**
     * @param child a process started by this JVM
     * @param backend how to read its memory
     * @param grace how long a non-Python program may run before it counts as not Python
     * @param limit how long to try at all (e.g. the recording's duration)
     * @param clock time source and sleeper
     * @return the attached process, or {@code null} if the child exited before it ran a program of its own
     * @throws NotPythonException if the child runs, or ran until it exited, a program that is not Python
     * @throws io.pysample.core.attach.AttachException if it runs a Python pysample cannot read
     * @throws io.pysample.memory.PermissionDeniedException if its memory may not be read
     */
    public static PythonProcess attach(ProcessHandle child, MemoryBackend backend, Duration grace, Duration limit,
            NanoClock clock) {
        int pid = Math.toIntExact(child.pid());
        long start = clock.nanoTime();
        long graceNanos = grace.toNanos();
        long limitNanos = limit.toNanos();
        String program = null; // the child's own executable, once it is no longer the launcher
        long programSince = start;
        NotPythonException last = null;
        while (true) {
            String exe;
            try {
                exe = new ProcessInfo(pid).exe();
            } catch (ProcessGoneException e) {
                return exitedWhile(last);
            }
            boolean launcher = isLauncher(exe);
            if (!launcher) {
                try {
                    return PythonProcess.attach(pid, backend);
                } catch (ProcessGoneException e) {
                    return exitedWhile(last);
                } catch (NotPythonException e) {
                    last = e;
                }
                if (!exe.equals(program)) {
                    program = exe;
                    programSince = clock.nanoTime();
                }
            }
            long now = clock.nanoTime();
            if (!child.isAlive()) {
                return exitedWhile(last);
            }
            if (last != null && (now - programSince >= graceNanos || now - start >= limitNanos)) {
                throw last;
            }
            if (now - start >= Math.max(limitNanos, graceNanos) + TimeUnit.SECONDS.toNanos(10)) {
                throw new NotPythonException("process " + pid + " is still being started (" + exe + ")");
            }
            clock.park(now - start < FAST_POLL_FOR ? FAST_POLL_NANOS : SLOW_POLL_NANOS);
        }
    }

    private static PythonProcess exitedWhile(NotPythonException last) {
        if (last != null) {
            throw last;
        }
        return null;
    }

    /** Whether {@code exe} is the JVM's own launcher: the child has not exec'd its program yet. */
    static boolean isLauncher(String exe) {
        Path p = Path.of(exe);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.equals("jspawnhelper")) {
            return true;
        }
        return ProcessHandle.current().info().command().map(exe::equals).orElse(false);
    }
}
