package io.pysample.export;

import io.pysample.core.walk.Frame;

/**
 * How frames are written in flame graphs and collapsed stacks: {@code function (file:line)} as py-spy writes them,
 * with the file shortened unless full paths are asked for: the path below {@code lib/pythonX.Y/} (and below
 * {@code site-packages/} or {@code dist-packages/}) for library code, else the file name (see {@link #shorten}).
 * The line is left out when unknown (0); pseudo frames (empty file) are their name only. Control characters are
 * replaced with U+FFFD so that a frame stays on one line.
 */
public final class FrameLabels {
    private final boolean fullPaths;

    public FrameLabels(boolean fullPaths) {
        this.fullPaths = fullPaths;
    }

    public String label(Frame f) {
        String file = f.file().isEmpty() || fullPaths ? f.file() : shorten(f.file());
        return Names.clean(Frame.label(f.function(), file, f.line()));
    }

    /**
     * The short form of {@code path}: below the last {@code /site-packages/} or {@code /dist-packages/}; else below
     * the last {@code /lib/pythonX.Y/} (also {@code lib64}, {@code pythonX}, free-threaded {@code pythonX.Yt});
     * else the file name. A path without {@code /}, or ending in one, is returned unchanged.
     */
    static String shorten(String path) {
        for (String marker : new String[] {"/site-packages/", "/dist-packages/"}) {
            int i = path.lastIndexOf(marker);
            if (i >= 0) {
                return path.substring(i + marker.length());
            }
        }
        for (int lib = path.lastIndexOf("/lib"); lib >= 0; lib = path.lastIndexOf("/lib", lib - 1)) {
            int end = stdlibDirEnd(path, lib + "/lib".length());
            if (end > 0 && end < path.length()) {
                return path.substring(end);
            }
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    /** If {@code path} continues at {@code i} with {@code [64]/pythonX[.Y][t]/}, the index after it, else -1. */
    private static int stdlibDirEnd(String path, int i) {
        if (path.startsWith("64", i)) {
            i += 2;
        }
        if (!path.startsWith("/python", i)) {
            return -1;
        }
        i += "/python".length();
        int digits = i;
        while (i < path.length() && Character.isDigit(path.charAt(i)) && path.charAt(i) < 128) {
            i++;
        }
        if (i == digits) {
            return -1;
        }
        if (i < path.length() && path.charAt(i) == '.') {
            int minor = ++i;
            while (i < path.length() && Character.isDigit(path.charAt(i)) && path.charAt(i) < 128) {
                i++;
            }
            if (i == minor) {
                return -1;
            }
        }
        if (i < path.length() && path.charAt(i) == 't') {
            i++;
        }
        return i < path.length() && path.charAt(i) == '/' ? i + 1 : -1;
    }
}
