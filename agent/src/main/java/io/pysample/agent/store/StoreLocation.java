package io.pysample.agent.store;

import java.nio.file.Path;
import java.util.Map;

/** Where the store lives by default: {@code ${XDG_DATA_HOME:-~/.local/share}/pysample/profiles.db}. */
public final class StoreLocation {
    private StoreLocation() {
    }

    public static Path defaultPath() {
        return defaultPath(System.getenv(), System.getProperty("user.home"));
    }

    /** The default path for {@code env} and {@code home}; an empty or relative XDG_DATA_HOME is ignored (XDG spec). */
    static Path defaultPath(Map<String, String> env, String home) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(home, ".local", "share");
        return base.resolve("pysample").resolve("profiles.db");
    }
}
