package io.pysample.cli;

import io.pysample.memory.MemoryBackend;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a target's memory. */
final class TargetOptions {
    @Option(names = "--backend", paramLabel = "KIND", defaultValue = "AUTO",
            description = "How to read the target's memory: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "AUTO uses process_vm_readv and falls back to /proc/PID/mem).")
    MemoryBackend backend;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "4096",
            description = "Frames kept per thread; deeper stacks lose their outermost frames and are marked "
                    + "truncated (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    void validate() {
        if (maxDepth < 1 || maxDepth > 1_000_000) {
            throw new UserError(ExitCodes.USAGE, "--max-depth must be between 1 and 1000000, got " + maxDepth);
        }
    }
}
