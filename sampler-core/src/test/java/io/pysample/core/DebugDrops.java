package io.pysample.core;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.StackWalker;
import io.pysample.memory.MemoryBackend;

public class DebugDrops {
    public static void main(String[] args) {
        try (PythonProcess p = PythonProcess.attach(Integer.parseInt(args[0]), MemoryBackend.AUTO)) {
            StackWalker w = new StackWalker(p.memory(), p.runtimeAddress(), p.offsets(), new FrameTable());
            int[] counts = new int[2];
            long t0 = System.nanoTime();
            for (int i = 0; i < 20000; i++) {
                w.sample(v -> counts[0]++);
            }
            long t1 = System.nanoTime();
            System.out.println(p.version() + " threads reported " + counts[0] + " samples " + w.stats().samples()
                    + " retries " + w.stats().retries() + " errors " + w.stats().snapshot() + " rate "
                    + (20000 * 1e9 / (t1 - t0)) + "/s frames " + w.frameTable().size());
        }
    }
}
