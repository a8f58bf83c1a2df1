package io.pysample.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The command of {@code record -- COMMAND}: started with the given standard streams, sent the SIGINT/SIGTERM that
 * pysample receives, and never left behind. Like {@code time} or {@code py-spy record --}: a signal to pysample is
 * forwarded to the command and pysample waits for it, so that the command's own exit status (a handler that exits 3
 * gives 3) becomes pysample's.
 *
 * <p>A Ctrl-C typed in a terminal reaches every process of the foreground process group, the command too. pysample
 * cannot tell that SIGINT from one sent to it alone, so when the command shares its process group a SIGINT is
 * forwarded only if the command still runs {@value #GROUP_GRACE_MILLIS} ms later (a handler must not see two). A command still running {@value #WAIT_AFTER_SIGNAL_SECONDS} s after the forwarded signal, or
 * when a second signal arrives, is killed (SIGKILL). {@link #close()} ends a command that is still running
 * (SIGTERM, then SIGKILL), and so does a shutdown of the JVM.
 */
final class LaunchedCommand implements AutoCloseable {
    static final long GROUP_GRACE_MILLIS = 1000;
    static final long WAIT_AFTER_SIGNAL_SECONDS = 10;

    private final String name;
    private final List<String> command;
    private final PrintStream err;
    private final AtomicInteger signals = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::end, "pysample-child-reaper");
    private volatile Process process;
    /** A signal that arrived before the command was started: forwarded as soon as it is. */
    private volatile String early;

    /** Prepares {@code command}: the signal handlers can be installed before it runs, so that none is missed. */
    LaunchedCommand(List<String> command, PrintStream err) {
        this.command = List.copyOf(command);
        this.name = command.get(0);
        this.err = err;
    }

    /** Starts the command. @throws UserError (exit 8) if it cannot be started */
    void start(ChildIo io) {
        try {
            process = io.applyTo(new ProcessBuilder(command)).start();
        } catch (IOException e) {
            throw new UserError(ExitCodes.LAUNCH_FAILED, "cannot start " + name + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        String signal = early;
        if (signal != null) {
            onSignal(signal);
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String name() {
        return name;
    }

    /** Handles a SIGINT or SIGTERM that pysample received (called on the JVM's signal thread; returns at once). */
    void onSignal(String signal) {
        Process process = this.process;
        if (process == null) {
            early = signal;
            return;
        }
        if (!process.isAlive()) {
            return;
        }
        int n = signals.incrementAndGet();
        if (n > 1) {
            err.println("pysample: SIG" + signal + " again: killing " + name + " (pid " + process.pid() + ")");
            ProcessSignals.send(process.toHandle(), ProcessSignals.SIGKILL);
            return;
        }
        int number = ProcessSignals.number(signal);
        boolean maybeGroup = number == ProcessSignals.SIGINT && ProcessSignals.inOwnProcessGroup(process.pid());
        Thread forwarder = new Thread(() -> forward(process, signal, number, maybeGroup),
                "pysample-signal-forwarder");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    private void forward(Process process, String signal, int number, boolean maybeGroup) {
        try {
            if (!maybeGroup || !process.waitFor(GROUP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                err.println("pysample: SIG" + signal + " sent to " + name + " (pid " + process.pid()
                        + "); waiting for it to exit");
                ProcessSignals.send(process.toHandle(), number);
            }
            if (!process.waitFor(WAIT_AFTER_SIGNAL_SECONDS, TimeUnit.SECONDS)) {
                err.println("pysample: " + name + " still runs " + WAIT_AFTER_SIGNAL_SECONDS + " s after SIG" + signal
                        + ": killing it");
                ProcessSignals.send(process.toHandle(), ProcessSignals.SIGKILL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the command exits; its exit code, 128+N if signal N ended it. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Ends the command if it still runs: SIGTERM, then SIGKILL after 2 s. */
    private void end() {
        Process process = this.process;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        end();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
