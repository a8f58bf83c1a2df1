package io.pysample.remote.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pysample.memory.InvalidAddressException;
import io.pysample.memory.KnownBufferTarget;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesAreVisibleToReadsAndUnmappedWritesThrow() throws Exception {
        try (KnownBufferTarget t = KnownBufferTarget.start(dir);
                MemoryWriter writer = ProcessMemoryWriter.open(t.pid());
                MemoryReader reader = MemoryBackend.AUTO.open(t.pid())) {
            byte[] data = {1, 2, 3, 4, 5};
            writer.write(t.address + 300, data, 0, data.length);
            assertThat(reader.readFully(t.address + 300, 5)).containsExactly(1, 2, 3, 4, 5);
            assertThat(reader.readFully(t.address + 305, 1)[0]).isEqualTo(KnownBufferTarget.expected(305));
            assertThatThrownBy(() -> writer.write(t.address + t.pageSize, data, 0, 5))
                    .isInstanceOf(InvalidAddressException.class);
        }
    }
}
