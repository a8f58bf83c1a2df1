package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.CountingReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prefetched regions of a live process serve the reads inside them; every other read reaches the process. */
class PrefetchingReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsInsidePrefetchedRegionsNeedNoSystemCall() throws Exception {
        try (KnownBufferTarget t = KnownBufferTarget.start(dir);
                MemoryReader process = MemoryBackend.AUTO.open(t.pid())) {
            CountingReader counted = new CountingReader(process);
            PrefetchingReader reader = new PrefetchingReader(counted);
            long a = t.address;
            // Unsorted, a duplicate, a 0 (skipped) and an unmapped page.
            reader.prefetch(new long[] {a + 2000, a + 100, 0, a + 100, 0x1000}, 5, 64);

            assertThat(reader.readFully(a + 100, 64)).isEqualTo(expected(100, 64));
            assertThat(reader.readFully(a + 2000 + 8, 56)).isEqualTo(expected(2008, 56));
            assertThat(counted.singleReads()).as("served from the prefetch").isZero();

            assertThat(reader.readFully(a + 2000 + 8, 57)).isEqualTo(expected(2008, 57)); // one byte past it
            assertThat(reader.readFully(a + 50, 8)).isEqualTo(expected(50, 8)); // before every region
            assertThat(reader.read(0x1000, new byte[8], 0, 8)).isZero(); // prefetched but unmapped
            assertThat(counted.singleReads()).isEqualTo(3);

            // Corrupt addresses (a name pointer read from a racing target, say) far apart: no overflow, no copy.
            reader.prefetch(new long[] {Long.MIN_VALUE + 8, a + 100}, 2, 64);
            // a + 50 lies after the corrupt region's start: its distance from it does not fit in a long.
            assertThat(reader.readFully(a + 50, 8)).isEqualTo(expected(50, 8));
            assertThat(reader.read(Long.MAX_VALUE - 8, new byte[8], 0, 8)).isZero();
            assertThat(reader.readFully(a + 100, 8)).isEqualTo(expected(100, 8));
            assertThat(counted.singleReads()).isEqualTo(5);

            reader.clear();
            assertThat(reader.readFully(a + 100, 8)).isEqualTo(expected(100, 8));
            assertThat(counted.singleReads()).as("nothing prefetched after clear()").isEqualTo(6);
        }
    }

    private static byte[] expected(int from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = KnownBufferTarget.expected(from + i);
        }
        return b;
    }
}
