package io.pysample.export;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the data async-profiler's {@code flame.html} (jfr-converter 4.2) embeds, the way the page's own script
 * does: the {@code <h1>} title; {@code const cpool = [...]}, JavaScript string constants, each but the first
 * prefix-compressed against the previous one (first character = shared prefix length + 32), unpacked as
 * {@code unpack()} does; and the frame calls {@code f(key,level,left,width)}, {@code u(key,width)} (first child),
 * {@code n(key,width)} (next sibling), where {@code key = cpoolIndex << 3 | type} and an absent width repeats the
 * previous one. Self samples are a frame's width minus its children's.
 */
final class FlameGraphPage {
    /** One rectangle of the graph: {@code left}/{@code width} in samples. */
    record Rect(int level, long left, long width, String title, int type) {
    }

    final String html;
    final String title;
    final List<String> cpool;
    final List<Rect> frames;

    private FlameGraphPage(String html, String title, List<String> cpool, List<Rect> frames) {
        this.html = html;
        this.title = title;
        this.cpool = cpool;
        this.frames = frames;
    }

    static FlameGraphPage parse(String html) {
        int h1 = html.indexOf("<h1>");
        String title = html.substring(h1 + 4, html.indexOf("</h1>", h1));
        if (title.startsWith(FlameGraphExporter.TITLE_OPEN) && title.endsWith("</span>")) {
            title = title.substring(FlameGraphExporter.TITLE_OPEN.length(), title.length() - "</span>".length());
        }
        List<String> lines = html.lines().toList();
        int i = lines.indexOf("const cpool = [") + 1;
        if (i == 0) {
            throw new IllegalArgumentException("no cpool in the page");
        }
        List<String> cpool = new ArrayList<>();
        for (; !lines.get(i).equals("];"); i++) {
            String line = lines.get(i);
            String literal = jsString(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
            if (cpool.isEmpty()) {
                cpool.add(literal);
            } else {
                String prev = cpool.get(cpool.size() - 1);
                cpool.add(prev.substring(0, literal.charAt(0) - 32) + literal.substring(1));
            }
        }
        if (!lines.get(++i).equals("unpack(cpool);") || !lines.get(++i).isEmpty()) {
            throw new IllegalArgumentException("unexpected page layout after the cpool");
        }
        List<Rect> frames = new ArrayList<>();
        int level0 = 0;
        long left0 = 0;
        long width0 = 0;
        for (i++; !lines.get(i).isEmpty(); i++) {
            String line = lines.get(i);
            String[] a = line.substring(2, line.length() - 1).split(",");
            int key = Integer.parseInt(a[0]);
            int level;
            long left;
            String width;
            switch (line.charAt(0)) {
                case 'f':
                    level = Integer.parseInt(a[1]);
                    left = Long.parseLong(a[2]);
                    width = a.length > 3 ? a[3] : null;
                    break;
                case 'u':
                    level = level0 + 1;
                    left = 0;
                    width = a.length > 1 ? a[1] : null;
                    break;
                case 'n':
                    level = level0;
                    left = width0;
                    width = a.length > 1 ? a[1] : null;
                    break;
                default:
                    throw new IllegalArgumentException("unexpected frame line: " + line);
            }
            level0 = level;
            left0 += left;
            if (width != null && Long.parseLong(width) != 0) {
                width0 = Long.parseLong(width);
            }
            frames.add(new Rect(level, left0, width0, cpool.get(key >>> 3), key & 7));
        }
        return new FlameGraphPage(html, title, cpool, frames);
    }

    /** The value of a single-quoted JavaScript string literal (escapes: {@code \\}, {@code \'}, identity). */
    static String jsString(String literal) {
        if (literal.length() < 2 || literal.charAt(0) != '\'' || literal.charAt(literal.length() - 1) != '\'') {
            throw new IllegalArgumentException("not a string literal: " + literal);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == '\\') {
                char e = literal.charAt(++i);
                if ("bfnrtvux0123456789".indexOf(e) >= 0) {
                    throw new IllegalArgumentException("escape \\" + e + " not expected in " + literal);
                }
                sb.append(e);
            } else if (c == '\'') {
                throw new IllegalArgumentException("unescaped quote in " + literal);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The frame under which {@code r} is drawn: the one on the level below whose span covers its left edge. */
    private Rect parent(Rect r) {
        Rect p = null;
        for (Rect q : frames) {
            if (q.level() == r.level() - 1 && q.left() <= r.left() && r.left() < q.left() + q.width()) {
                p = q;
            }
        }
        if (p == null) {
            throw new IllegalStateException("no parent for " + r);
        }
        return p;
    }

    /** Every stack with self samples (titles root first, the {@code all} root left out) and its self count. */
    Map<List<String>, Long> stacks() {
        Map<Rect, Rect> parents = new IdentityHashMap<>();
        Map<Rect, Long> self = new IdentityHashMap<>();
        for (Rect r : frames) {
            self.put(r, r.width());
            if (r.level() > 0) {
                Rect p = parent(r);
                parents.put(r, p);
                self.merge(p, -r.width(), Long::sum);
            }
        }
        Map<List<String>, Long> out = new TreeMap<>(Exported::compareLists);
        for (Rect r : frames) {
            if (r.level() > 0 && self.get(r) > 0) {
                List<String> stack = new ArrayList<>();
                for (Rect x = r; x.level() > 0; x = parents.get(x)) {
                    stack.add(0, x.title());
                }
                out.merge(stack, self.get(r), Long::sum);
            }
        }
        return out;
    }

    /** The root rectangle ({@code all}): its width is the total sample count. */
    Rect root() {
        return frames.get(0);
    }

    /**
     * The text of the {@code <script>} element that holds the data (async-profiler 4.5 adds a small theme script
     * before it), up to where an HTML parser ends it.
     */
    String scriptAsParsed() {
        int start = html.lastIndexOf("<script>", html.indexOf("const cpool = [")) + "<script>".length();
        int end = html.toLowerCase(java.util.Locale.ROOT).indexOf("</script", start);
        return html.substring(start, end);
    }
}
