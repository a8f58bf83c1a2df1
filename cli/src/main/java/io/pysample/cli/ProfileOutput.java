package io.pysample.cli;

import io.pysample.export.OutputFormat;
import io.pysample.export.ProfileExporter;
import io.pysample.export.SourceHeatmap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and how a profile is written for {@code record} and {@code report}: single-file formats into an
 * {@link OutputFile}; the heatmap (a directory) creates its directory and commits {@code DIR/index.html} last, after
 * its per-file pages, so that an index exists only for a complete heatmap.
 */
final class ProfileOutput {
    private ProfileOutput() {
    }

    /** Checks and prepares the output before sampling or merging starts. */
    static OutputFile prepare(Path path, OutputFormat format) {
        if (!format.isDirectory()) {
            return OutputFile.prepare(path);
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write the heatmap into " + path
                    + ": it exists and is not a directory");
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot create the heatmap directory " + path + ": "
                    + e.getMessage());
        }
        return OutputFile.prepare(path.resolve("index.html"));
    }

    /**
     * The exporter of {@code format}; for the heatmap, the pages go next to {@code out}'s file and the sources come
     * from {@code sources}.
     */
    static ProfileExporter exporter(OutputFormat format, boolean fullFilenames, OutputFile out,
            SourceHeatmap.SourceLookup sources) {
        return format.isDirectory() ? new SourceHeatmap(out.path().getParent(), sources)
                : format.exporter(fullFilenames);
    }
}
