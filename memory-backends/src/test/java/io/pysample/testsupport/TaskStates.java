package io.pysample.testsupport;

import io.pysample.memory.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/** Waits for kernel task states, for tests whose readiness is "that thread is blocked now". */
public final class TaskStates {
    private TaskStates() {
    }

    /**
     * Waits until the task of {@code stat} ({@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}) is asleep:
     * state {@code S} ({@link ProcStat}), polled every 5 ms.
     *
     * @param gone asked before each poll: {@code null} while the task may still fall asleep, else why it cannot
     * @throws AssertionError on timeout, or with {@code gone}'s message
     */
    public static void awaitAsleep(Path stat, Duration timeout, Supplier<String> gone)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String why = gone.get();
            if (why != null) {
                throw new AssertionError(why);
            }
            String line = Files.readString(stat, StandardCharsets.UTF_8);
            if (ProcStat.parse(line).state() == 'S') {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(stat + " not asleep within " + timeout + ": " + line);
            }
            Thread.sleep(5);
        }
    }
}
