package io.pysample.cli;

import io.pysample.export.DiffFlameGraph;
import io.pysample.export.ProfileFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pysample diff BASE NEW -o diff.html}: a differential flame graph of two profiles in any format pysample
 * writes (sniffed from the content), coloured by the change in each frame's share of own samples, and a summary of
 * the frames whose own share grew or shrank most on stderr.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare two profiles in a differential flame graph (NEW's shape; red: own share grew, "
                + "blue: shrank, yellow: stack new in NEW).",
            "  pysample diff BASE NEW [-o diff.html] [--top N]",
            "BASE and NEW: collapsed stacks (.txt), pprof (.pb.gz) or speedscope JSON, as record and report write "
                + "them (the format is read from the content). Counts are compared as shares of each profile's "
                + "samples."},
        footer = ExitCodes.HELP)
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The profile to compare against.")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The profile to show.")
    Path next;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "diff.html",
            description = "The HTML page to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Frames listed as grown and as shrunk in the summary (default: ${DEFAULT-VALUE}).")
    int top;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (top < 0) {
            throw new UserError(ExitCodes.USAGE, "--top must be 0 or more, got " + top);
        }
        Map<String, Long> baseStacks = read(base);
        Map<String, Long> nextStacks = read(next);
        OutputFile out = OutputFile.prepare(output);
        try {
            DiffFlameGraph diff = new DiffFlameGraph(baseStacks, nextStacks);
            try (OutputStream os = out.open()) {
                diff.write("pysample diff: " + base.getFileName() + " (" + diff.baseTotal() + " samples) -> "
                        + next.getFileName() + " (" + diff.nextTotal() + " samples)", os);
            } catch (IOException e) {
                throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + out.path() + ": " + e.getMessage());
            }
            out.commit();
            PrintWriter err = spec.commandLine().getErr();
            err.print(diff.summary(top));
            err.println("pysample: -> " + out.path());
            err.flush();
            return ExitCodes.OK;
        } finally {
            out.discard();
        }
    }

    /** Reads a profile; a missing or unreadable file or unknown content is a usage error (exit 2). */
    private static Map<String, Long> read(Path file) {
        try {
            Map<String, Long> stacks = ProfileFiles.collapsedStacks(Files.readAllBytes(file));
            if (stacks.isEmpty()) {
                throw new UserError(ExitCodes.USAGE, file + " holds no samples");
            }
            return stacks;
        } catch (NoSuchFileException e) {
            throw new UserError(ExitCodes.USAGE, "no such file: " + file);
        } catch (IOException e) {
            throw new UserError(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
