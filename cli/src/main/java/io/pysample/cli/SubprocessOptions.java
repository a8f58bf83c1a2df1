package io.pysample.cli;

import io.pysample.core.session.Recording;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.subprocess.ProcessTreeRecording;
import io.pysample.export.OutputFormat;
import io.pysample.memory.MemoryBackend;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code record --subprocesses} and {@code top --subprocesses}: also sample the target's descendants, started before
 * or during the recording.
 */
final class SubprocessOptions {
    @Option(names = "--subprocesses",
            description = "Also sample the target's descendant Python processes, including ones started later "
                    + "(multiprocessing, subprocess); record puts each under a root frame [pid N: command], top sums "
                    + "functions over the processes and shows their pids.")
    boolean subprocesses;

    void validate(OutputFormat format) {
        if (subprocesses && format.needsTimeline()) {
            throw new UserError(ExitCodes.USAGE, "--subprocesses cannot write " + format.name().toLowerCase()
                    + " yet (it has no per-process timeline): use flamegraph, collapsed or pprof");
        }
    }

    /** The recording to run: {@code root} alone, or {@code root} and its descendants. */
    Recording around(RecordingSession root, MemoryBackend backend, Consumer<RecordingSession> prepare) {
        return subprocesses ? new ProcessTreeRecording(root, backend, prepare) : root;
    }
}
