package io.pysample.agent.run;

import java.util.regex.Pattern;

/**
 * The service name the agent gives a process that has no {@code --service}: the script or module it runs, from
 * its command line. {@code python app.py} → {@code app}, {@code python -m pkg.mod} → {@code pkg.mod},
 * {@code python3 -u /srv/pkg/__main__.py} → {@code pkg}, {@code python -c ...} → {@code python}; a program that is
 * not named like an interpreter (a console script such as {@code gunicorn}) → its file name.
 */
public final class ServiceNames {
    /** {@code python}, {@code python3}, {@code python3.14}, {@code python3.13d}, ... */
    private static final Pattern INTERPRETER = Pattern.compile("python[0-9.]*[a-z]?");
    private static final String FALLBACK = "python";
    private static final int MAX_LENGTH = 128;

    private ServiceNames() {
    }

    /** The service name for {@code commandLine} (arguments joined by spaces); never empty. */
    public static String derive(String commandLine) {
        String[] args = commandLine == null ? new String[0] : commandLine.strip().split("\\s+");
        if (args.length == 0 || args[0].isEmpty()) {
            return FALLBACK;
        }
        String program = baseName(args[0]);
        if (!INTERPRETER.matcher(program).matches()) {
            return limit(program.isEmpty() ? FALLBACK : program);
        }
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-m") || a.equals("-c")) {
                return a.equals("-m") && i + 1 < args.length ? limit(args[i + 1]) : limit(program);
            }
            if (a.startsWith("-m") && a.length() > 2) {
                return limit(a.substring(2)); // -mpkg.mod
            }
            if (a.startsWith("-c") || a.equals("-")) {
                return limit(program);
            }
            if (a.equals("-X") || a.equals("-W") || a.equals("--check-hash-based-pycs")) {
                i++; // the option's value
                continue;
            }
            if (a.equals("--")) {
                return i + 1 < args.length ? script(args[i + 1], program) : limit(program);
            }
            if (!a.startsWith("-")) {
                return script(a, program);
            }
        }
        return limit(program);
    }

    private static String script(String path, String program) {
        String name = baseName(path);
        if (name.equals("__main__.py")) {
            int slash = path.lastIndexOf('/');
            name = slash > 0 ? baseName(path.substring(0, slash)) : name;
        }
        for (String ext : new String[] {".py", ".pyw", ".pyz", ".pyc"}) {
            if (name.endsWith(ext) && name.length() > ext.length()) {
                name = name.substring(0, name.length() - ext.length());
                break;
            }
        }
        return limit(name.isEmpty() ? program : name);
    }

    private static String baseName(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String limit(String name) {
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }
}
