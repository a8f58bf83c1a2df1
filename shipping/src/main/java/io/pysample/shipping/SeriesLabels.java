package io.pysample.shipping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pyroscope series labels of an interval, as the official agents send them: {@code __name__}
 * ({@code process_cpu} or {@code wall}), {@code service_name}, then {@code pid}, {@code hostname},
 * {@code python_version} and the user's tags. Tag names are made valid Prometheus-style label names (characters
 * other than {@code [A-Za-z0-9_]} become {@code _}, as Pyroscope's own sanitizer does); a tag never overrides one
 * of the labels above.
 */
public final class SeriesLabels {
    public static final String NAME = "__name__";
    public static final String SERVICE_NAME = "service_name";

    private SeriesLabels() {
    }

    /** Labels in the order above; values as given (empty ones left out, except the service name). */
    public static Map<String, String> of(SpooledInterval i) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(NAME, i.sampleType());
        out.put(SERVICE_NAME, i.service());
        out.put("pid", Integer.toString(i.pid()));
        putIfPresent(out, "hostname", i.hostName());
        putIfPresent(out, "python_version", i.pythonVersion());
        for (Map.Entry<String, String> tag : i.labels().entrySet()) {
            out.putIfAbsent(labelName(tag.getKey()), tag.getValue());
        }
        return out;
    }

    /** {@code name} with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}; never starts with a digit. */
    public static String labelName(String name) {
        StringBuilder b = new StringBuilder(name.length() + 1);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            b.append('_');
        }
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    private static void putIfPresent(Map<String, String> out, String key, String value) {
        if (!value.isEmpty()) {
            out.put(key, value);
        }
    }
}
