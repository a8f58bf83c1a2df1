package io.pysample.cli;

import io.pysample.core.sampling.SamplingMode;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Which threads a sampling command records ({@code record}, {@code top}, {@code agent}): {@code --mode}, with
 * {@code --idle} and {@code --gil} kept as its aliases (py-spy's names), and {@code --no-gc}.
 */
final class ModeOptions {
    @Option(names = "--idle", description = "Include idle threads (waiting, sleeping): --mode wall.")
    boolean idle;

    @Option(names = "--gil", description = "Only record the thread holding the GIL: --mode gil.")
    boolean gil;

    @Option(names = "--mode", paramLabel = "MODE", description = "Which threads to record: active (default: running "
            + "Python code or runnable), wall (all, idle ones too; = --idle), cpu (on a CPU or runnable), gil (the GIL "
            + "holder; = --gil), exception (handling an exception; CPython 3.15+).")
    String mode;

    @Option(names = "--no-gc", description = "No <GC> frame on top of a stack while the garbage collector runs.")
    boolean noGc;

    /**
     * The mode asked for ({@link SamplingMode#ACTIVE} by default).
     *
     * @throws UserError ({@link ExitCodes#USAGE}) for two of {@code --mode}, {@code --idle}, {@code --gil}, or an
     *     unknown mode
     */
    SamplingMode samplingMode() {
        if ((idle ? 1 : 0) + (gil ? 1 : 0) + (mode != null ? 1 : 0) > 1) {
            throw new UserError(ExitCodes.USAGE, "--mode, --idle and --gil exclude each other");
        }
        if (idle) {
            return SamplingMode.ALL;
        }
        if (gil) {
            return SamplingMode.GIL;
        }
        if (mode == null) {
            return SamplingMode.ACTIVE;
        }
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "active":
                return SamplingMode.ACTIVE;
            case "wall":
                return SamplingMode.ALL;
            case "cpu":
                return SamplingMode.CPU;
            case "gil":
                return SamplingMode.GIL;
            case "exception":
                return SamplingMode.EXCEPTION;
            default:
                throw new UserError(ExitCodes.USAGE, "unknown --mode '" + mode
                        + "': use active, wall, cpu, gil or exception");
        }
    }

    /** Whether stacks get a {@code <GC>} top frame while the garbage collector runs. */
    boolean gcFrames() {
        return !noGc;
    }
}
