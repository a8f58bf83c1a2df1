package io.pysample.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * {@code pysample top}'s terminal (JLine): raw mode, the alternate screen and a hidden cursor while it runs, all
 * restored by {@link #close()}; keys read on a daemon thread into a queue (arrows as {@link #LEFT} etc.), waking
 * the sampling thread; a resize (SIGWINCH) asks for a redraw. {@link #open} returns {@code null} when standard
 * output is not a terminal (then {@code top} prints plain tables).
 */
final class TopTerminal implements AutoCloseable {
    static final int LEFT = -10;
    static final int RIGHT = -11;
    static final int UP = -12;
    static final int DOWN = -13;
    static final int RESIZED = -14;

    private final Terminal terminal;
    private final Attributes saved;
    private final ConcurrentLinkedQueue<Integer> keys = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private final Thread owner = Thread.currentThread();
    private volatile boolean closed;

    private TopTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        terminal.handle(Terminal.Signal.WINCH, s -> offer(RESIZED));
        terminal.handle(Terminal.Signal.INT, s -> offer('q'));
        reader = new Thread(this::readKeys, "pysample-top-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /** The system terminal in raw mode, or {@code null} if standard input/output are not a terminal. */
    static TopTerminal open() throws IOException {
        Terminal t = TerminalBuilder.builder().system(true).dumb(true).build();
        if (t.getType().startsWith(Terminal.TYPE_DUMB)) {
            t.close();
            return null;
        }
        return new TopTerminal(t);
    }

    private void offer(int key) {
        keys.add(key);
        LockSupport.unpark(owner);
    }

    private void readKeys() {
        NonBlockingReader in = terminal.reader();
        try {
            while (!closed) {
                int c = in.read(100);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    offer('q');
                    return;
                }
                if (c == 27 && in.peek(50) == '[') {
                    in.read();
                    int code = in.read(50);
                    switch (code) {
                        case 'A' -> offer(UP);
                        case 'B' -> offer(DOWN);
                        case 'C' -> offer(RIGHT);
                        case 'D' -> offer(LEFT);
                        default -> { } // other sequences are ignored
                    }
                    continue;
                }
                offer(c);
            }
        } catch (IOException e) {
            if (!closed) {
                offer('q');
            }
        }
    }

    /** The next key pressed, or {@code null}. */
    Integer nextKey() {
        return keys.poll();
    }

    int width() {
        return Math.max(20, terminal.getWidth() > 0 ? terminal.getWidth() : 80);
    }

    int height() {
        return Math.max(5, terminal.getHeight() > 0 ? terminal.getHeight() : 24);
    }

    /** Redraws the whole screen with {@code lines} (each already cut to the width). */
    void draw(List<String> lines) {
        PrintWriter w = terminal.writer();
        terminal.puts(Capability.cursor_home);
        for (int i = 0; i < height(); i++) {
            if (i < lines.size()) {
                w.print(lines.get(i));
            }
            terminal.puts(Capability.clr_eol);
            if (i < height() - 1) {
                w.print("\r\n");
            }
        }
        terminal.flush();
    }

    /** Leaves the alternate screen, shows the cursor and restores the terminal's modes. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.setAttributes(saved);
        } finally {
            terminal.close();
        }
    }
}
