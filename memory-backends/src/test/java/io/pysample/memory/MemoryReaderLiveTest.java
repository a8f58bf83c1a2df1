package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reads known bytes from a live CPython child through each backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryReaderLiveTest {
    @TempDir
    static Path dir;
    KnownBufferTarget target;

    @BeforeAll
    void startTarget() throws Exception {
        target = KnownBufferTarget.start(dir);
    }

    @AfterAll
    void stopTarget() throws Exception {
        if (target != null) { // null when the set-up was skipped (no CPython installed)
            target.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void singleReadReturnsTheKnownBytes(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            byte[] buf = new byte[256];
            assertThat(reader.read(target.address + 100, buf, 0, 256)).isEqualTo(256);
            for (int i = 0; i < 256; i++) {
                assertThat(buf[i]).as("byte %d", i).isEqualTo(KnownBufferTarget.expected(100 + i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void readRunningIntoAnUnmappedPageReturnsTheValidPrefix(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            byte[] buf = new byte[64];
            int n = reader.read(target.address + target.pageSize - 32, buf, 0, 64);
            assertThat(n).isEqualTo(32);
            assertThat(buf[31]).isEqualTo(KnownBufferTarget.expected(target.pageSize - 1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void unmappedAddressReadsNothingAndReadFullyThrows(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            assertThat(reader.read(0x10, new byte[8], 0, 8)).isZero();
            assertThat(reader.read(target.address + target.pageSize, new byte[8], 0, 8)).isZero();
            assertThatThrownBy(() -> reader.readFully(0x10, 8))
                    .isInstanceOf(InvalidAddressException.class)
                    .hasMessageContaining("0x10")
                    .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        }
    }

    /** Garbage pointers from a torn read can have the high bit set: they read nothing, like any unmapped address. */
    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void kernelHalfAndNegativeAddressesReadNothing(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            for (long address : new long[] {0xffff_8000_0000_0000L, -8L, Long.MIN_VALUE}) {
                assertThat(reader.read(address, new byte[8], 0, 8)).as("0x%x", address).isZero();
            }
            ReadBatch batch = new ReadBatch();
            int bad = batch.add(-16L, 8);
            int good = batch.add(target.address, 8);
            reader.read(batch);
            assertThat(batch.validLength(bad)).isZero();
            assertThat(batch.isComplete(good)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void batchedReadFillsEverySegmentAndSkipsUnmappedOnes(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            ReadBatch batch = new ReadBatch(2, 16);
            int[] offsets = {0, 17, 4000, 123, 2048};
            int[] seg = new int[offsets.length];
            for (int i = 0; i < offsets.length; i++) {
                seg[i] = batch.add(target.address + offsets[i], 40);
            }
            int bad = batch.add(0x1000, 16);                                   // unmapped
            int partial = batch.add(target.address + target.pageSize - 8, 24); // runs into the unmapped page
            int after = batch.add(target.address + 8, 8);                       // must still be read
            reader.read(batch);

            for (int i = 0; i < offsets.length; i++) {
                assertThat(batch.isComplete(seg[i])).as("segment %d", i).isTrue();
                for (int j = 0; j < 40; j++) {
                    assertThat(batch.data().get(batch.offset(seg[i]) + j))
                            .isEqualTo(KnownBufferTarget.expected(offsets[i] + j));
                }
            }
            assertThat(batch.validLength(bad)).isZero();
            assertThat(batch.validLength(partial)).isEqualTo(8);
            assertThat(batch.isComplete(after)).isTrue();
            assertThat(batch.data().get(batch.offset(after))).isEqualTo(KnownBufferTarget.expected(8));
        }
    }

    /** process_vm_readv joins ascending regions in one page into one remote iovec; the gaps must not leak. */
    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void regionsSharingAPageAreReadExactlyAndAFaultInTheLastStopsOnlyIt(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            ReadBatch batch = new ReadBatch();
            int[] offsets = {0, 100, 200, 1000};
            for (int off : offsets) {
                batch.add(target.address + off, 40);
            }
            int partial = batch.add(target.address + target.pageSize - 16, 32); // same page, then unmapped
            int next = batch.add(target.address + 300, 24);                       // after the fault: read again
            reader.read(batch);

            for (int i = 0; i < offsets.length; i++) {
                assertThat(batch.isComplete(i)).as("segment %d", i).isTrue();
                for (int j = 0; j < 40; j++) {
                    assertThat(batch.data().get(batch.offset(i) + j)).as("segment %d byte %d", i, j)
                            .isEqualTo(KnownBufferTarget.expected(offsets[i] + j));
                }
            }
            assertThat(batch.validLength(partial)).isEqualTo(16);
            assertThat(batch.data().get(batch.offset(partial) + 15))
                    .isEqualTo(KnownBufferTarget.expected(target.pageSize - 1));
            assertThat(batch.isComplete(next)).isTrue();
            for (int j = 0; j < 24; j++) {
                assertThat(batch.data().get(batch.offset(next) + j)).isEqualTo(KnownBufferTarget.expected(300 + j));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = MemoryBackend.class, names = {"PROCESS_VM_READV", "PROC_PID_MEM"})
    void batchLargerThanOneSystemCallIsSplit(MemoryBackend backend) {
        try (MemoryReader reader = backend.open(target.pid())) {
            ReadBatch batch = new ReadBatch();
            for (int i = 0; i < 2500; i++) {
                batch.add(target.address + (i % 1000), 3);
            }
            reader.read(batch);
            for (int i = 0; i < 2500; i++) {
                assertThat(batch.isComplete(i)).isTrue();
                assertThat(batch.data().get(batch.offset(i) + 2)).isEqualTo(KnownBufferTarget.expected(i % 1000 + 2));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void bothBackendsReadTheSameBytes() {
        try (MemoryReader a = MemoryBackend.PROCESS_VM_READV.open(target.pid());
                MemoryReader b = MemoryBackend.PROC_PID_MEM.open(target.pid())) {
            byte[] x = a.readFully(target.address, target.pageSize);
            byte[] y = b.readFully(target.address, target.pageSize);
            assertThat(x).isEqualTo(y);
            assertThat(a.backendName()).isEqualTo("process_vm_readv");
            assertThat(b.backendName()).isEqualTo("/proc/pid/mem");
        }
    }
}
