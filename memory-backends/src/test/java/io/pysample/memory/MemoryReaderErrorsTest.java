package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Typed errors for targets that are gone. */
class MemoryReaderErrorsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(MemoryBackend.class)
    void openingADeadPidSaysTheProcessIsGone(MemoryBackend backend) throws Exception {
        int dead;
        try (KnownBufferTarget t = KnownBufferTarget.start(dir)) {
            dead = t.pid();
        }
        assertThatThrownBy(() -> backend.open(dead))
                .isInstanceOf(ProcessGoneException.class)
                .hasMessageContaining(Integer.toString(dead));
    }

    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void readAfterTheTargetExitedSaysTheProcessIsGone(MemoryBackend backend) throws Exception {
        KnownBufferTarget t = KnownBufferTarget.start(dir);
        try (MemoryReader reader = backend.open(t.pid())) {
            assertThat(reader.read(t.address, new byte[8], 0, 8)).isEqualTo(8);
            t.close();
            assertThatThrownBy(() -> reader.read(t.address, new byte[8], 0, 8))
                    .isInstanceOf(ProcessGoneException.class);
        }
    }
}
