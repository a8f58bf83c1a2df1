package io.pysample.export;

import io.pysample.core.walk.Frame;

/**
 * How frames are written in flame graphs and collapsed stacks: {@code function (file:line)} as py-spy writes them,
 * with the file shortened unless full paths are asked for: the path below {@code lib/pythonX.Y/} (and below
 * {@code site-packages/} or {@code dist-packages/}) for library code, else the file name. Control characters are
 * replaced so that a frame stays on one line.
 */
public final class FrameLabels {
    private final boolean fullPaths;

    public FrameLabels(boolean fullPaths) {
        this.fullPaths = fullPaths;
    }

    public String label(Frame f) {
        if (f.file().isEmpty()) {
            return Names.clean(f.function());
        }
        String file = fullPaths ? f.file() : shorten(f.file());
        String text = f.line() > 0 ? f.function() + " (" + file + ":" + f.line() + ")" : f.function() + " (" + file
                + ")";
        return Names.clean(text);
    }

    static String shorten(String path) {
        for (String marker : new String[] {"/site-packages/", "/dist-packages/"}) {
            int i = path.lastIndexOf(marker);
            if (i >= 0) {
                return path.substring(i + marker.length());
            }
        }
        int lib = path.indexOf("/lib/python");
        if (lib >= 0) {
            int slash = path.indexOf('/', lib + "/lib/python".length());
            if (slash > 0) {
                return path.substring(slash + 1);
            }
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }
}
