package io.pysample.core;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.core.walk.ThreadSample;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.MemorySnapshot;
import io.pysample.memory.ProcessInfo;
import io.pysample.memory.RecordingReader;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Records a walk of a live CPython target into a {@link MemorySnapshot} (every byte the attach and the walk read,
 * plus metadata), and replays walks from such a snapshot without the process: for replay tests and fuzzing
 * (mutate {@link MemorySnapshot#copy()} regions, then {@link #replay}).
 *
 * <p>Metadata keys: {@link #RUNTIME_ADDRESS} ({@code 0x…}), {@link #PYTHON_VERSION} (e.g. {@code 3.14.10}),
 * {@link #PYTHON} (minor version, e.g. {@code 3.14}), {@link #EXECUTABLE}, {@link #COMMAND_LINE},
 * {@link #LOCATOR} (how {@code _PyRuntime} was found).
 */
public final class SnapshotRecorder {
    public static final String RUNTIME_ADDRESS = "runtime_address";
    public static final String PYTHON_VERSION = "python_version";
    public static final String PYTHON = "python";
    public static final String EXECUTABLE = "executable";
    public static final String COMMAND_LINE = "command_line";
    public static final String LOCATOR = "locator";
    /** Walks attempted until every known thread was reported once (as {@code StackDumper} does). */
    public static final int MAX_WALKS = 50;

    /** One thread's stack as a walk reported it. */
    public record ThreadStack(long threadStateAddress, long threadId, long nativeThreadId, int flags,
            List<Frame> frames, boolean truncated) {
    }

    /** A snapshot and the stacks the live walk that filled it reported (keyed by thread-state address). */
    public record Recording(MemorySnapshot snapshot, Map<Long, ThreadStack> stacks) {
    }

    private SnapshotRecorder() {
    }

    /**
     * Starts {@code parked_threads.py} (threads parked at known points) on CPython {@code version} in {@code dir},
     * records a snapshot of it once it is ready, and stops it.
     */
    public static MemorySnapshot recordParkedThreads(String version, Path dir)
            throws IOException, InterruptedException {
        try (PythonChild child = PythonChild.runWorkload(SnapshotRecorder.class, TestPythons.require(version), dir,
                "parked_threads.py", dir.resolve("truth.json").toString())) {
            child.awaitLine("READY");
            return record(child.pid()).snapshot();
        }
    }

    /**
     * Attaches to {@code pid} through a {@link RecordingReader}, walks it until every thread was read once, and
     * returns everything that was read. The target should be quiet (threads parked): bytes read twice keep the
     * later value, so a target that changes between reads can give a snapshot that no single moment had.
     */
    public static Recording record(int pid) {
        Recorded<Map<Long, ThreadStack>> r = record(pid, target -> walk(target.memory(), target.runtimeAddress(),
                target.offsets(), PythonStackWalker.DEFAULT_MAX_DEPTH));
        return new Recording(r.snapshot(), r.result());
    }

    /** A snapshot of what {@link #record(int, Function)}'s reads read, and what they returned. */
    public record Recorded<T>(MemorySnapshot snapshot, T result) {
    }

    /**
     * Attaches to {@code pid} through a {@link RecordingReader}, runs {@code reads} on the target (whose
     * {@code memory()} is the recorder), and returns everything that was read, with the target's facts as metadata.
     */
    public static <T> Recorded<T> record(int pid, Function<PythonProcess, T> reads) {
        ProcessInfo info = new ProcessInfo(pid);
        RecordingReader recorder = new RecordingReader(MemoryBackend.AUTO.open(pid));
        try (PythonProcess target = PythonProcess.attach(info, recorder, info.exe(), info.commandLine())) {
            T result = reads.apply(target);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put(RUNTIME_ADDRESS, "0x" + Long.toHexString(target.runtimeAddress()));
            meta.put(PYTHON_VERSION, target.version().toString());
            meta.put(PYTHON, target.version().minorVersion());
            meta.put(EXECUTABLE, target.executable());
            meta.put(COMMAND_LINE, target.commandLine());
            meta.put(LOCATOR, target.runtime().method());
            return new Recorded<>(recorder.toMemorySnapshot(meta), result);
        }
    }

    /** The {@code _PyRuntime} address recorded in {@code snapshot}'s metadata. */
    public static long runtimeAddress(MemorySnapshot snapshot) {
        String hex = snapshot.metadata().get(RUNTIME_ADDRESS);
        if (hex == null || !hex.startsWith("0x")) {
            throw new IllegalArgumentException("snapshot has no " + RUNTIME_ADDRESS + " metadata");
        }
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }

    /** Walks {@code snapshot} as {@link #record} walked the live process. */
    public static Map<Long, ThreadStack> replay(MemorySnapshot snapshot, int maxDepth) {
        long runtime = runtimeAddress(snapshot);
        return walk(snapshot, runtime, PythonProcess.readOffsets(snapshot, runtime), maxDepth);
    }

    /** Walks until every known thread was reported once, or {@link #MAX_WALKS} times. */
    public static Map<Long, ThreadStack> walk(MemoryReader memory, long runtime, DebugOffsets offsets, int maxDepth) {
        FrameTable frames = new FrameTable();
        PythonStackWalker walker = new PythonStackWalker(memory, runtime, offsets, frames, maxDepth);
        Map<Long, ThreadStack> stacks = new LinkedHashMap<>();
        for (int i = 0; i < MAX_WALKS; i++) {
            walker.sample(v -> stacks.computeIfAbsent(v.threadStateAddress(), k -> {
                ThreadSample s = ThreadSample.copyOf(v);
                List<Frame> list = new ArrayList<>(s.frames().length);
                for (int id : s.frames()) {
                    list.add(frames.get(id));
                }
                return new ThreadStack(k, s.threadId(), s.nativeThreadId(), s.flags(), List.copyOf(list),
                        s.truncated());
            }));
            if (stacks.size() >= walker.knownThreadCount()) {
                break;
            }
        }
        return stacks;
    }
}
