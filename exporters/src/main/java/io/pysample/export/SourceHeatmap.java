package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.RecordingInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A source-line heatmap: {@code index.html} (written to the exporter's stream) lists the source files by samples,
 * each with its hottest lines linked, and every readable file gets a page {@code fileN.html} in {@code dir} (N =
 * its rank) showing every line with its own and total share of all samples, as numbers and as a background colour
 * (own: red, total: orange, intensity relative to the hottest line of the file). Files whose source cannot be read
 * (gone, {@code <frozen …>}, no permission) are listed without a page. Pages are self-contained (inline CSS, no
 * script, nothing fetched); all text of the target's is HTML-escaped and cleaned of control characters.
 */
public final class SourceHeatmap implements ProfileExporter {
    /** Hottest lines linked per file on the index. */
    static final int HOT_LINES = 5;

    /** Reads a source file of the target's. */
    @FunctionalInterface
    public interface SourceLookup {
        /** The file's lines, or {@code null} if it cannot be read. */
        List<String> lines(String path);
    }

    private final Path dir;
    private final SourceLookup sources;

    /** @param dir where the per-file pages go (must exist) */
    public SourceHeatmap(Path dir, SourceLookup sources) {
        this.dir = dir;
        this.sources = sources;
    }

    @Override
    public void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException {
        LineCounts counts = LineCounts.of(profile);
        String title = FlameGraphExporter.title(info);
        StringBuilder index = new StringBuilder();
        head(index, title);
        index.append("<h1>").append(Names.html(title)).append("</h1>\n");
        if (!profile.lineNumbers()) {
            index.append("<p>Recorded without line numbers (--nolineno): every sample is on line 0.</p>\n");
        }
        index.append("<table>\n<tr><th>samples</th><th>share</th><th>file</th><th>hottest lines (own)</th></tr>\n");
        List<LineCounts.FileCounts> files = counts.files();
        StringBuilder unreadable = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            LineCounts.FileCounts f = files.get(i);
            List<String> source = sources.lines(f.file());
            String page = "file" + (i + 1) + ".html";
            if (source != null) {
                Files.writeString(dir.resolve(page), filePage(title, f, source, counts.total()),
                        StandardCharsets.UTF_8);
            } else {
                unreadable.append("<li>").append(text(f.file())).append("</li>\n");
            }
            index.append("<tr><td class=n>").append(f.samples()).append("</td><td class=n>")
                    .append(percent(f.samples(), counts.total())).append("</td><td>");
            if (source != null) {
                index.append("<a href=\"").append(page).append("\">").append(text(f.file())).append("</a>");
            } else {
                index.append(text(f.file())).append(" <i>(source not readable)</i>");
            }
            index.append("</td><td>");
            for (int line : f.hottest(HOT_LINES)) {
                String label = line + " (" + percent(f.lines().get(line)[0], counts.total()) + ")";
                if (source != null) {
                    index.append("<a href=\"").append(page).append("#L").append(line).append("\">").append(label)
                            .append("</a> ");
                } else {
                    index.append(label).append(' ');
                }
            }
            index.append("</td></tr>\n");
        }
        index.append("</table>\n");
        if (unreadable.length() > 0) {
            index.append("<h2>Source not readable</h2>\n<ul>\n").append(unreadable).append("</ul>\n");
        }
        index.append("</body>\n</html>\n");
        out.write(index.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String filePage(String title, LineCounts.FileCounts f, List<String> source, long total) {
        StringBuilder sb = new StringBuilder();
        head(sb, f.file() + " - " + title);
        sb.append("<h1>").append(text(f.file())).append("</h1>\n<p>").append(Names.html(title))
                .append(" &middot; <a href=\"index.html\">all files</a> &middot; ").append(f.samples())
                .append(" samples in this file (").append(percent(f.samples(), total)).append(")</p>\n");
        long maxOwn = 1;
        long maxTotal = 1;
        for (long[] c : f.lines().values()) {
            maxOwn = Math.max(maxOwn, c[0]);
            maxTotal = Math.max(maxTotal, c[1]);
        }
        sb.append("<table class=src>\n<tr><th>line</th><th>own</th><th>total</th><th>source</th></tr>\n");
        long[] none = new long[2];
        long[] unknown = f.lines().get(0);
        if (unknown != null) {
            row(sb, 0, unknown, "(unknown line)", total, maxOwn, maxTotal);
        }
        for (int line = 1; line <= source.size(); line++) {
            row(sb, line, f.lines().getOrDefault(line, none), source.get(line - 1), total, maxOwn, maxTotal);
        }
        for (Map.Entry<Integer, long[]> e : f.lines().tailMap(source.size() + 1).entrySet()) {
            row(sb, e.getKey(), e.getValue(), "(beyond the end of the file as read now)", total, maxOwn, maxTotal);
        }
        sb.append("</table>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, int line, long[] c, String code, long total, long maxOwn,
            long maxTotal) {
        sb.append("<tr id=L").append(line).append("><td class=n>").append(line).append("</td>");
        cell(sb, c[1] == 0 ? "" : percent(c[0], total), shade("255,0,0", c[0], maxOwn));
        cell(sb, c[1] == 0 ? "" : percent(c[1], total), shade("255,160,0", c[1], maxTotal));
        sb.append("<td class=code").append(shade("255,0,0", c[0], maxOwn)).append('>')
                .append(text(code.replace("\t", "    "))).append("</td></tr>\n");
    }

    private static void cell(StringBuilder sb, String value, String style) {
        sb.append("<td class=n").append(style).append('>').append(value).append("</td>");
    }

    private static String shade(String rgb, long n, long max) {
        if (n == 0) {
            return "";
        }
        double alpha = 0.08 + 0.72 * n / max;
        return String.format(Locale.ROOT, " style=\"background:rgba(%s,%.2f)\"", rgb, alpha);
    }

    private static String percent(long n, long total) {
        return String.format(Locale.ROOT, "%.2f%%", total == 0 ? 0.0 : 100.0 * n / total);
    }

    private static String text(String s) {
        return Names.html(Names.clean(s));
    }

    private static void head(StringBuilder sb, String title) {
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").append(text(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1em}\n")
                .append("h1{font-size:1.3em}\n")
                .append("table{border-collapse:collapse}\n")
                .append("td,th{padding:1px 8px;text-align:left;vertical-align:top}\n")
                .append("td.n{text-align:right;font-family:monospace;white-space:nowrap}\n")
                .append("td.code{font-family:monospace;white-space:pre}\n")
                .append("tr:target td{outline:1px solid #444}\n")
                .append("</style>\n</head>\n<body>\n");
    }
}
