package io.pysample.export;

import java.io.IOException;

/**
 * Runs a recursive renderer on a thread whose stack fits the deepest stack it will recurse over. async-profiler's
 * {@code FlameGraph.dump} recurses once per frame of the deepest stack; on a JVM thread's default stack (1 MiB for
 * new threads, 8 MiB for {@code main}) it overflows at about 4,000 frames, which {@code record --max-depth} allows.
 */
final class DeepStackThread {
    /** Stack reserved per level of recursion: measured overflow at ~4,000 levels in 8 MiB is ~2 KiB; doubled. */
    private static final long BYTES_PER_LEVEL = 4096;
    private static final long BASE_BYTES = 8L << 20;

    /** A piece of rendering that may throw {@link IOException}. */
    interface Render {
        void run() throws IOException;
    }

    private DeepStackThread() {
    }

    /**
     * Runs {@code render} on a new thread with room for {@code depth} levels of recursion and waits for it.
     *
     * @param depth the deepest stack (in frames) the renderer recurses over
     * @throws IOException what {@code render} threw
     */
    static void run(int depth, Render render) throws IOException {
        long stackBytes = BASE_BYTES + BYTES_PER_LEVEL * Math.max(0, depth);
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                render.run();
            } catch (IOException | RuntimeException | Error e) {
                failure[0] = e;
            }
        }, "pysample-render", stackBytes);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // finish writing what was collected; keep the interrupt for the caller
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        // join() gives the happens-before edge for failure[0].
        Throwable f = failure[0];
        if (f instanceof IOException) {
            throw (IOException) f;
        }
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
    }

}
