package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.TaskStates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskStateReader} against threads of this JVM: a parked thread is asleep and, while it stays parked, is
 * answered from the cheap switch count instead of its stat file; once it runs, the next call sees it running.
 */
class TaskStateReaderTest {
    private static final int PID = (int) ProcessHandle.current().pid();

    /** The tid of this JVM's thread whose kernel name ({@code comm}) is {@code name}. */
    private static long tidOf(String name) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : tasks.toList()) {
                    if (Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip().equals(name)) {
                        return Long.parseLong(t.getFileName().toString());
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no thread " + name);
    }

    @Test
    void parkedThreadIsAnsweredFromItsSwitchCountUntilItRuns() throws Exception {
        AtomicBoolean spin = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch parked = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            parked.countDown();
            while (!spin.get() && !stop.get()) {
                LockSupport.park();
            }
            while (!stop.get()) {
                Thread.onSpinWait(); // runs without sleeping: R, and no switch needed to stay on a CPU
            }
        }, "tsr-worker");
        t.setDaemon(true);
        t.start();
        parked.await(); // counted down before it parks: wait for the kernel to see it asleep, not a fixed time
        long tid = tidOf("tsr-worker");
        TaskStates.awaitAsleep(Path.of("/proc/self/task/" + tid + "/stat"), Duration.ofSeconds(30), () -> null);
        try (TaskStateReader reader = new TaskStateReader(PID, 0)) {
            Thread.sleep(50);
            assertThat(reader.state(tid, 1, System.nanoTime())).isEqualTo('S');
            long reads = reader.reads();
            for (int i = 0; i < 20; i++) {
                assertThat(reader.state(tid, 1, System.nanoTime())).isEqualTo('S');
            }
            assertThat(reader.reads()).as("stat reads while it stays parked").isEqualTo(reads);
            assertThat(reader.switchReads()).isGreaterThanOrEqualTo(20);

            spin.set(true);
            LockSupport.unpark(t);
            char seen = '?';
            for (int i = 0; i < 200 && seen != 'R'; i++) {
                Thread.sleep(1);
                seen = reader.state(tid, 1, System.nanoTime());
            }
            assertThat(seen).isEqualTo('R');
            assertThat(reader.state(tid)).isEqualTo('R'); // the plain read agrees
        } finally {
            stop.set(true);
            t.join();
        }
    }

    @Test
    void threadThatDoesNotExistIsUnknown() {
        try (TaskStateReader reader = new TaskStateReader(PID, 1_000_000)) {
            assertThat(reader.state(Integer.MAX_VALUE - 1, 0, System.nanoTime())).isEqualTo('?');
        }
    }

    @Test
    void lastNumberOfASchedstatLine() {
        byte[] line = "179429 26236665 42\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(TaskStateReader.lastNumber(line, line.length)).isEqualTo(42);
        assertThat(TaskStateReader.lastNumber(new byte[4], 0)).isEqualTo(-1);
    }
}
