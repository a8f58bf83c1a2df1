package io.pysample.export;

/** Makes names, paths and other text of the target's safe for line-oriented and HTML output. */
public final class Names {
    private Names() {
    }

    /**
     * Replaces control characters (C0 and C1: CR, LF, NUL, ESC, BEL, CSI, …) with U+FFFD, so that one frame stays one
     * line and nothing the target named reaches a terminal as a control sequence.
     */
    public static String clean(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.substring(0, i));
                }
                sb.append('\uFFFD');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** {@link #clean} applied to each line of a multi-line text; the line breaks ({@code \n}) are kept. */
    public static String cleanLines(String s) {
        String[] lines = s.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            lines[i] = clean(lines[i]);
        }
        return String.join("\n", lines);
    }

    /** HTML-escapes text for an element body. */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }
}
