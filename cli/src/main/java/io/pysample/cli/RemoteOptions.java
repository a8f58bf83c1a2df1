package io.pysample.cli;

import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** Options shared by the commands that run code in the target (exec, snapshot). */
final class RemoteOptions {
    @Option(names = "--thread", paramLabel = "TID",
            description = "Run in the Python thread with this native thread id (as `dump` shows it; default: the "
                    + "main thread).")
    Long thread;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up when the script was not picked up or reported nothing after this many seconds "
                    + "(default: ${DEFAULT-VALUE}); a request not picked up is withdrawn.")
    double timeout;

    Duration timeout() {
        if (!(timeout > 0) || timeout > 24 * 3600) {
            throw new UserError(ExitCodes.USAGE, "--timeout must be a positive number of seconds, got " + timeout);
        }
        return Duration.ofNanos((long) (timeout * 1e9));
    }

    OptionalLong thread() {
        if (thread != null && thread <= 0) {
            throw new UserError(ExitCodes.USAGE, "--thread must be a positive native thread id, got " + thread);
        }
        return thread == null ? OptionalLong.empty() : OptionalLong.of(thread);
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
