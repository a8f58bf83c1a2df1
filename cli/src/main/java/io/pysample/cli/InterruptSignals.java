package io.pysample.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches SIGINT and SIGTERM while a recording runs, instead of letting the JVM exit on them (with 130 or 143, and
 * without waiting for the child), and restores the previous handlers afterwards. Uses {@code sun.misc.Signal}
 * ({@code jdk.unsupported}, present on JDK 17 and 25): Java has no other way to handle a signal and go on. If the
 * JVM refuses a handler (e.g. {@code -Xrs}), that signal keeps its default action and the shutdown hook of the
 * recording still writes the output.
 */
final class InterruptSignals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private InterruptSignals() {
    }

    /**
     * Installs handlers for SIGINT and SIGTERM that call {@code onSignal} with the signal's name ({@code INT},
     * {@code TERM}) on the JVM's signal thread. {@code onSignal} must return quickly.
     */
    static InterruptSignals install(Consumer<String> onSignal) {
        InterruptSignals s = new InterruptSignals();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, sig -> onSignal.accept(sig.getName()));
                s.signals.add(signal);
                s.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the JVM keeps this signal (-Xrs, or in use): default action, shutdown hook
            }
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
