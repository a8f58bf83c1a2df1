package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptTextGuardTest {
    private static final String IN = "<script>\n\tif (a </b) x = '</script>';\n'</script><!--größe</x>',\n"
            + "'a<b<</'\n<!-- not a string line -->\n";
    private static final String OUT = "<script>\n\tif (a </b) x = '</script>';\n'<\\/script><\\!--größe<\\/x>',\n"
            + "'a<b<<\\/'\n<!-- not a string line -->\n";

    @Test
    void escapesOnlyLessThanSlashAndLessThanBangInLinesThatAreStringConstants() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ScriptTextGuard g = new ScriptTextGuard(out)) {
            g.write(IN.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(OUT);
    }

    @Test
    void theResultDoesNotDependOnHowWritesAreSplit() throws IOException {
        byte[] in = IN.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= in.length; split++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ScriptTextGuard g = new ScriptTextGuard(out)) {
                g.write(in, 0, split);
                for (int i = split; i < in.length; i++) {
                    g.write(in[i]);
                }
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).as("split at %d", split).isEqualTo(OUT);
        }
    }
}
