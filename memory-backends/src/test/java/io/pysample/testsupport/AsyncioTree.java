package io.pysample.testsupport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the workload {@code asyncio_tree.py} (tasks awaiting tasks; see the script) and waits until it is ready;
 * its ground truth is then in {@link #truthFile}.
 */
public final class AsyncioTree {
    private AsyncioTree() {
    }

    public static PythonChild start(String version, Path dir) throws Exception {
        return start(version, dir, 0);
    }

    /** With {@code bulk} more waiting tasks ({@code bulk-…}, a gather-of-gathers tree) in the task group. */
    public static PythonChild start(String version, Path dir, int bulk) throws Exception {
        PythonChild child = PythonChild.runWorkload(AsyncioTree.class, TestPythons.require(version), dir,
                "asyncio_tree.py", truthFile(dir).toString(), Integer.toString(bulk));
        child.awaitLine("READY", Duration.ofSeconds(60));
        return child;
    }

    public static Path truthFile(Path dir) {
        return dir.resolve("truth.json");
    }
}
