package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.MemorySnapshot;
import io.pysample.memory.ReadBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The torn-read oracle for code objects: a replayed snapshot of real threads in which, in the middle of a sample's
 * batched read (after its first two segments, before the stack chunks), the code object behind a reported
 * frame is "replaced" by another one at the same address: its name's text changes in place (the allocator reuses
 * addresses, so the pointers stay the same), its {@code co_version} is the next one (as {@code init_code} gives a
 * new code object) and, on 3.14+, {@code code_object_generation} is bumped as {@code code_dealloc} does. The next
 * sample must report the new name, never the cached old one.
 */
class CodeReuseReplayTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void aCodeObjectReplacedDuringTheReadIsNotReportedWithItsOldName(String version) throws Exception {
        MemorySnapshot snapshot = SnapshotRecorder.recordParkedThreads(version, dir);
        long runtime = SnapshotRecorder.runtimeAddress(snapshot);
        DebugOffsets o = PythonProcess.readOffsets(snapshot, runtime);
        ReusingReader reader = new ReusingReader(snapshot, o.codeSize);
        FrameTable frames = new FrameTable();
        PythonStackWalker walker = new PythonStackWalker(reader, runtime, o, frames);
        Set<String> before = functions(walker, frames);

        // A code object the first sample loaded and reported, whose qualified name is a compact ASCII str.
        long name = 0;
        long replaced = 0;
        String old = null;
        for (long code : reader.codeReads) {
            long q = pointer(snapshot, code + o.codeQualname);
            byte[] header = new byte[o.strAsciiData];
            if (q == 0 || snapshot.read(q, header, 0, header.length) < header.length) {
                continue;
            }
            int length = (int) LittleEndian.i64(header, o.strLength);
            int state = LittleEndian.i32(header, o.strState);
            byte[] text = new byte[Math.max(0, Math.min(length, 64))];
            if (((state >> 5) & 3) == 3 && length >= 2 && length <= 64
                    && snapshot.read(q + o.strAsciiData, text, 0, length) == length
                    && before.contains(new String(text, StandardCharsets.US_ASCII))) {
                name = q;
                replaced = code;
                old = new String(text, StandardCharsets.US_ASCII);
                break;
            }
        }
        assertThat(old).as("a reported code object with an ASCII name").isNotNull();
        String renamed = (old.charAt(0) == 'Z' ? "Y" : "Z") + old.substring(1);
        long nameAddress = name;
        long coVersion = replaced + o.codeLocalsplusnames - 4; // uint32_t co_version, unique per code object
        long interp = pointer(snapshot, runtime + o.runtimeInterpretersHead);
        reader.duringNextBatch = () -> {
            write(snapshot, nameAddress + o.strAsciiData, renamed.getBytes(StandardCharsets.US_ASCII));
            byte[] next = new byte[4];
            snapshot.read(coVersion, next, 0, 4);
            LittleEndian.putI32(next, 0, LittleEndian.i32(next, 0) + 1);
            write(snapshot, coVersion, next);
            if (o.interpCodeObjectGeneration >= 0) {
                long at = interp + o.interpCodeObjectGeneration;
                byte[] gen = new byte[8];
                LittleEndian.putI64(gen, 0, pointer(snapshot, at) + 1);
                write(snapshot, at, gen);
            }
        };
        Set<String> after = functions(walker, frames);
        assertThat(reader.duringNextBatch).as("the replacement happened during the sample's read").isNull();
        assertThat(after).as("functions reported after %s became %s", old, renamed).contains(renamed)
                .doesNotContain(old);
    }

    /** The functions of every stack one sample reports. */
    private static Set<String> functions(PythonStackWalker walker, FrameTable frames) {
        Set<String> out = new HashSet<>();
        List<int[]> stacks = new ArrayList<>();
        walker.sample(v -> stacks.add(java.util.Arrays.copyOf(v.frames(), v.depth())));
        for (int[] stack : stacks) {
            for (int id : stack) {
                out.add(frames.get(id).function());
            }
        }
        return out;
    }

    private static long pointer(MemorySnapshot snapshot, long address) {
        byte[] b = new byte[8];
        return snapshot.read(address, b, 0, 8) == 8 ? LittleEndian.i64(b, 0) : 0;
    }

    private static void write(MemorySnapshot snapshot, long address, byte[] bytes) {
        Map.Entry<Long, byte[]> region = snapshot.regions().floorEntry(address);
        System.arraycopy(bytes, 0, region.getValue(), (int) (address - region.getKey()), bytes.length);
    }

    /**
     * Replays a snapshot segment by segment, noting the code objects read on their own (a read of exactly
     * {@code code_object.size} bytes), and runs {@link #duringNextBatch} once, before the third segment of the next
     * batched read.
     */
    private static final class ReusingReader implements MemoryReader {
        private final MemorySnapshot snapshot;
        private final int codeSize;
        final List<Long> codeReads = new ArrayList<>();
        volatile Runnable duringNextBatch;
        private int segment = -1;

        ReusingReader(MemorySnapshot snapshot, int codeSize) {
            this.snapshot = snapshot;
            this.codeSize = codeSize;
        }

        @Override
        public int pid() {
            return snapshot.pid();
        }

        @Override
        public String backendName() {
            return "replay with reuse";
        }

        @Override
        public int read(long address, byte[] dst, int offset, int length) {
            if (segment >= 0) {
                if (segment++ == 2 && duringNextBatch != null) {
                    duringNextBatch.run();
                    duringNextBatch = null;
                }
            } else if (length == codeSize) {
                codeReads.add(address);
            }
            return snapshot.read(address, dst, offset, length);
        }

        @Override
        public void read(ReadBatch batch) {
            segment = 0;
            try {
                MemoryReader.super.read(batch);
            } finally {
                segment = -1;
            }
        }

        @Override
        public void close() {
        }
    }
}
