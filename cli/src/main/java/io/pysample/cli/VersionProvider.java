package io.pysample.cli;

import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code pysample --version}: the build's version and the runtime it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
            "pysample " + p.getProperty("version", "unknown"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "Targets CPython 3.13, 3.14 and 3.15 on Linux x86_64"
        };
    }
}
