package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** An internal error is one line and a hint by default; its stack trace only with {@code --debug}. */
class ErrorsTest {
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("broken invariant");
        }
    }

    private static String run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new Boom());
        cl.setExecutionExceptionHandler(new Errors());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).isEqualTo(ExitCodes.INTERNAL);
        return err.toString();
    }

    @Test
    void internalErrorsPrintNoStackTraceUnlessAsked() {
        String plain = run("boom");
        assertThat(plain).contains("pysample: internal error: java.lang.IllegalStateException: broken invariant")
                .contains("--debug").doesNotContain("\tat ");
        assertThat(plain.lines()).hasSize(2);
    }

    @Test
    void debugPrintsTheStackTraceAfterTheCommandOrBeforeIt() {
        assertThat(run("boom", "--debug")).contains("\tat io.pysample.cli.ErrorsTest$Boom.call");
        assertThat(run("--debug", "boom")).contains("\tat io.pysample.cli.ErrorsTest$Boom.call");
    }
}
