package io.pysample.export;

import java.util.Locale;

/** The output formats of {@code pysample record} and {@code report}, and how a file name picks one. */
public enum OutputFormat {
    /** Interactive flame graph HTML ({@code .html}). */
    FLAMEGRAPH("html"),
    /** speedscope JSON ({@code .speedscope.json}, {@code .json}). */
    SPEEDSCOPE("speedscope.json"),
    /** Collapsed stacks ({@code .txt}, {@code .collapsed}). */
    COLLAPSED("txt"),
    /** pprof, gzip-compressed protobuf ({@code .pb.gz}, {@code .pprof}). */
    PPROF("pb.gz"),
    /**
     * Source-line heatmap: a directory ({@code .heatmap} by default) of HTML pages, see {@link SourceHeatmap}. Its
     * exporter needs the directory and the target's sources: {@link #exporter} refuses it.
     */
    HEATMAP("heatmap");

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    /** The extension of default file names, without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether the profile must keep its per-sample timeline for this format. */
    public boolean needsTimeline() {
        return this == SPEEDSCOPE;
    }

    /** Whether the output is a directory (then the exporter's stream is its {@code index.html}). */
    public boolean isDirectory() {
        return this == HEATMAP;
    }

    /** The exporter of a single-file format; {@link IllegalArgumentException} for {@link #HEATMAP}. */
    public ProfileExporter exporter(boolean fullPaths) {
        switch (this) {
            case HEATMAP:
                throw new IllegalArgumentException("the heatmap is written by a SourceHeatmap for its directory");
            case SPEEDSCOPE:
                return new SpeedscopeExporter();
            case COLLAPSED:
                return new CollapsedExporter(new FrameLabels(fullPaths));
            case PPROF:
                return new PprofExporter(); // keeps full paths: pprof shows them itself
            default:
                return new FlameGraphExporter(new FrameLabels(fullPaths));
        }
    }

    /** The format a file name implies, or {@code null} if its extension says nothing. */
    public static OutputFormat fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return FLAMEGRAPH;
        }
        if (n.endsWith(".json")) {
            return SPEEDSCOPE;
        }
        if (n.endsWith(".txt") || n.endsWith(".collapsed") || n.endsWith(".folded")) {
            return COLLAPSED;
        }
        if (n.endsWith(".pb.gz") || n.endsWith(".pprof")) {
            return PPROF;
        }
        if (n.endsWith(".heatmap")) {
            return HEATMAP;
        }
        return null;
    }
}
