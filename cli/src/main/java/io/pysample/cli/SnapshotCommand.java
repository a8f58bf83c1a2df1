package io.pysample.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pysample.core.attach.PythonProcess;
import io.pysample.export.SnapshotJson;
import io.pysample.export.SnapshotText;
import io.pysample.memory.MemoryBackend;
import io.pysample.remote.RemoteRunner;
import io.pysample.remote.SnapshotKind;
import io.pysample.remote.SnapshotOptions;
import io.pysample.remote.SnapshotResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pysample snapshot PID}: runs pysample's bundled snapshot script in the target (PEP 768) and prints what it
 * collected: local variables, GC counts, asyncio tasks, threads.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Collect what only the target itself can see, by running pysample's bundled snapshot script "
                + "inside it (CPython 3.14+, PEP 768): every thread's local variables, GC counts by type, asyncio "
                + "tasks, threading's threads. Default: all of them.",
            "The script runs at the main thread's next safe point (or --thread TID), imports nothing the target "
                + "has not imported (except sys, os, json, gc), and sends its result back through a private file; "
                + "the target raises the audit event cpython.remote_debugger_script."},
        footer = ExitCodes.HELP)
final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    PidArgument pid;

    @Option(names = "--locals", description = "Every thread's frames with their local variables.")
    boolean locals;

    @Option(names = "--gc", description = "GC counts, thresholds and object counts by type.")
    boolean gc;

    @Option(names = "--asyncio", description = "Every asyncio task of every event loop (if asyncio is imported).")
    boolean asyncio;

    @Option(names = "--threads", description = "threading's threads: names, daemon flags, native ids.")
    boolean threads;

    @Option(names = "--all", description = "All of the above (the default).")
    boolean all;

    @Option(names = "--json", description = "Print the JSON document (schema in the README) instead of text.")
    boolean json;

    @Option(names = "--repr-length", paramLabel = "N", defaultValue = "" + SnapshotOptions.DEFAULT_REPR_LENGTH,
            description = "Characters kept of each repr() (default: ${DEFAULT-VALUE}).")
    int reprLength;

    @Option(names = "--top", paramLabel = "N", defaultValue = "" + SnapshotOptions.DEFAULT_TOP_TYPES,
            description = "Object types listed by --gc (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws Exception {
        int p = pid.require();
        if (reprLength < 1 || reprLength > 1_000_000) {
            throw new UserError(ExitCodes.USAGE, "--repr-length must be between 1 and 1000000, got " + reprLength);
        }
        if (top < 1 || top > 100_000) {
            throw new UserError(ExitCodes.USAGE, "--top must be between 1 and 100000, got " + top);
        }
        Duration timeout = remote.timeout();
        OptionalLong tid = remote.thread();
        SnapshotOptions options = SnapshotOptions.of(kinds()).withReprLength(reprLength).withTopTypes(top);
        SnapshotResult result;
        try (PythonProcess process = PythonProcess.attach(p, MemoryBackend.AUTO)) {
            result = RemoteRunner.snapshot(process, options, tid, timeout); // validated; a failed script throws
        }
        JsonNode doc = result.document();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (json) {
            SnapshotJson.write(doc, out);
            out.println();
        } else {
            SnapshotText.write(doc, out, p);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Set<SnapshotKind> kinds() {
        Set<SnapshotKind> k = EnumSet.noneOf(SnapshotKind.class);
        if (locals) {
            k.add(SnapshotKind.LOCALS);
        }
        if (gc) {
            k.add(SnapshotKind.GC);
        }
        if (asyncio) {
            k.add(SnapshotKind.ASYNCIO);
        }
        if (threads) {
            k.add(SnapshotKind.THREADS);
        }
        return all || k.isEmpty() ? EnumSet.allOf(SnapshotKind.class) : k;
    }
}
