package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output byte for byte with a checked-in golden file under
 * {@code exporters/src/test/resources/io/pysample/export/golden/}, or rewrites the golden file when the system
 * property {@value #UPDATE} is {@code true}. See {@link GoldenFilesTest} for how and when to rewrite.
 */
final class Golden {
    static final String UPDATE = "pysample.updateGolden";
    private static final String DIR = "io/pysample/export/golden/";

    private Golden() {
    }

    static void assertMatches(String name, byte[] actual) {
        if (Boolean.getBoolean(UPDATE)) {
            Path file = Path.of(System.getProperty("basedir", "."), "src/test/resources", DIR, name);
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.err.println("golden file rewritten: " + file + " (review the change before committing)");
            return;
        }
        byte[] expected;
        try (InputStream in = Golden.class.getResourceAsStream("/" + DIR + name)) {
            assertThat(in).as("golden file %s%s is missing: run with -D%s=true to create it", DIR, name, UPDATE)
                    .isNotNull();
            expected = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Text first, for a readable diff; then bytes, for differences text comparison would hide.
        assertThat(new String(actual, StandardCharsets.UTF_8))
                .as("output differs from golden file %s%s (if intended: -D%s=true, then review)", DIR, name, UPDATE)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as("golden file %s%s, bytes", DIR, name).isEqualTo(expected);
    }
}
