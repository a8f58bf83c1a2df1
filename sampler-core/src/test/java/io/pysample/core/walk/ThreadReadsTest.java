package io.pysample.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.ReadBatch;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a thread's reads lie in a batch. The order (a batch is copied in segment order): the second chunk copy must
 * come after the re-read of {@code current_frame}/{@code datastack_top}. CPython 3.13 leaves popped frames in place, so with both
 * copies before that re-read, a thread that left its leaf frame and came back to the same {@code current_frame} and
 * top within the read could show the stale leaf above its new callers in both copies: TornStackTest once got
 * {@code <module>, run, b_top, b_mid, a_leaf} on 3.13 (about once in several million samples: too rare to reproduce
 * here, hence this check of the order the fix relies on). And the frames read speculatively are those of the read,
 * whatever a walk of it has learnt since.
 */
class ThreadReadsTest {
    @TempDir
    Path dir;

    /** Runs {@code test} with the reads of a thread whose chunk is known, laid out by a target's offsets. */
    private void withSlot(String version, SlotTest test) throws Exception {
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "idle.py",
                "import time\nprint('READY', flush=True)\ntime.sleep(60)\n")) {
            child.awaitLine("READY");
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                ThreadSlot s = new ThreadSlot(0x7f00_0000_1000L);
                s.chunkAddress = 0x7f00_0010_0000L;
                s.chunkReadLength = 4096;
                test.run(new StackChunks(target.memory(), target.offsets()), s, new ThreadReads());
            }
        }
    }

    private interface SlotTest {
        void run(StackChunks chunks, ThreadSlot s, ThreadReads r);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void secondCopyIsReadAfterTheThreadStateAgain(String version) throws Exception {
        withSlot(version, (chunks, s, r) -> {
            ReadBatch b = new ReadBatch();
            s.singleCopy = false;
            chunks.addReads(b, s, r);
            assertThat(new int[] {r.tstate, r.chunk1, r.after, r.chunk2}).as("segment order").isSorted()
                    .doesNotHaveDuplicates().doesNotContain(-1);
            assertThat(b.address(r.chunk2)).isEqualTo(s.chunkAddress);

            b.clear();
            s.singleCopy = true;
            chunks.addReads(b, s, r);
            assertThat(r.chunk2).as("no second copy for a thread detached last time").isEqualTo(-1);
            assertThat(new int[] {r.tstate, r.chunk1, r.after}).isSorted().doesNotHaveDuplicates();
        });
    }

    /**
     * A torn read is walked three times; the first walk stores the frames it found outside the chunk in the slot, for
     * the next read. The later walks must look frames up among this read's speculative segments only: bounded by the
     * slot's new count they ran past the batch (RecordReliabilityTest, thread churn on 3.14: "Index 8 out of bounds
     * for length 8" in {@code ReadBatch.address}, one sample counted as an internal fault).
     */
    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void speculativeFramesAreTheReadsNotTheSlots(String version) throws Exception {
        withSlot(version, (chunks, s, r) -> {
            long entry = 0x7ffc_0000_2000L;
            s.speculative[0] = entry;
            s.speculativeCount = 1;
            ReadBatch b = new ReadBatch(5, 8192); // exactly this read's segments, like a retry's batch
            chunks.addReads(b, s, r);
            assertThat(b.size()).isEqualTo(5);

            // What the first walk of a torn read leaves in the slot: more frames outside the chunk.
            s.speculative[1] = 0x7ffc_0000_3000L;
            s.speculative[2] = 0x7ffc_0000_4000L;
            s.speculativeCount = 3;
            assertThat(FrameChain.speculativeSegment(r, 0x7ffc_0000_4000L)).as("not read in this batch")
                    .isEqualTo(-1);
            assertThat(r.speculativeCount).isEqualTo(1);
            assertThat(b.address(r.speculative)).isEqualTo(entry);
        });
    }
}
