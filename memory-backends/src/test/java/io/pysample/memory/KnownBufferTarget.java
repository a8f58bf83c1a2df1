package io.pysample.memory;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A live CPython child that holds a page of known bytes followed by an unmapped page (workloads/known_buffer.py).
 * Public for the remote-exec module's writer test.
 */
public final class KnownBufferTarget implements AutoCloseable {
    final PythonChild child;
    public final long address;
    public final int pageSize;

    private KnownBufferTarget(PythonChild child, long address, int pageSize) {
        this.child = child;
        this.address = address;
        this.pageSize = pageSize;
    }

    public static KnownBufferTarget start(Path dir) throws IOException, InterruptedException {
        PythonChild child = PythonChild.runWorkload(KnownBufferTarget.class, TestPythons.require("3.14"), dir,
                "known_buffer.py");
        String[] parts = child.awaitLine("ADDR ").split(" ");
        return new KnownBufferTarget(child, Long.decode(parts[0]), Integer.parseInt(parts[1]));
    }

    public int pid() {
        return child.pid();
    }

    /** The byte the workload stored at {@code address + i} for {@code 0 <= i < pageSize}. */
    public static byte expected(long i) {
        return (byte) ((i * 7 + 3) & 0xFF);
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
