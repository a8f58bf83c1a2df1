package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records reads of a live process into a snapshot, saves, loads and replays it. */
class SnapshotTest {
    @TempDir
    Path dir;

    @Test
    void recordedReadsReplayIdenticallyAfterASaveAndLoad() throws Exception {
        try (KnownBufferTarget t = KnownBufferTarget.start(dir);
                RecordingReader rec = new RecordingReader(MemoryBackend.AUTO.open(t.pid()))) {
            byte[] a = rec.readFully(t.address + 10, 100);
            byte[] b = rec.readFully(t.address + 50, 100); // overlaps the first
            ReadBatch batch = new ReadBatch();
            batch.add(t.address + 1000, 16);
            batch.add(0x1000, 16);
            rec.read(batch);

            Path file = dir.resolve("snap.bin");
            rec.toMemorySnapshot(Map.of("python", "3.14")).save(file);
            MemorySnapshot snap = MemorySnapshot.load(file);
            assertThat(snap.metadata()).containsEntry("python", "3.14");
            assertThat(snap.pid()).isEqualTo(t.pid());
            assertThat(snap.regions()).hasSize(2); // [10,150) merged, [1000,1016)
            assertThat(snap.readFully(t.address + 10, 100)).isEqualTo(a);
            assertThat(snap.readFully(t.address + 50, 100)).isEqualTo(b);
            byte[] spanning = new byte[200];
            assertThat(snap.read(t.address + 10, spanning, 0, 200)).isEqualTo(140);
            assertThat(snap.read(0x1000, new byte[16], 0, 16)).isZero();
            ReadBatch again = new ReadBatch();
            int s = again.add(t.address + 1000, 16);
            snap.read(again);
            assertThat(again.isComplete(s)).isTrue();
            assertThat(again.data().get(again.offset(s))).isEqualTo(KnownBufferTarget.expected(1000));
        }
    }
}
