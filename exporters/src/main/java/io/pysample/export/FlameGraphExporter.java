package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.walk.Frame;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;

/**
 * An interactive flame graph page, rendered by async-profiler's converter ({@code tools.profiler:jfr-converter},
 * {@code one.convert.FlameGraph}): Python frames green ({@code TYPE_INTERPRETED}), pseudo frames such as thread
 * roots red ({@code TYPE_NATIVE}). The title names the target and the recording; the library inserts it into the
 * page unescaped, so it is HTML-escaped here. Frame names are written as the page's JavaScript string constants;
 * {@link ScriptTextGuard} keeps a name containing {@code </script>} or {@code <!--} from ending the page's script
 * (the page shows the name unchanged; async-profiler's own HTML-to-collapsed converter reads such a name back with
 * a backslash after the {@code <}). The library renders recursively, one level per frame, so the page is written
 * on a thread whose stack fits the deepest stack ({@link DeepStackThread}).
 */
public final class FlameGraphExporter implements ProfileExporter {
    private static final byte PYTHON = 0;  // one.convert.Frame.TYPE_INTERPRETED
    private static final byte PSEUDO = 3;  // one.convert.Frame.TYPE_NATIVE

    /**
     * The template centres the title in an {@code <h1>} and floats its buttons (left) and "Produced by
     * async-profiler" link (right) onto the same line: a long title (the command line is part of it) ran under them.
     * Keeping the title clear of both sides makes it wrap between them instead.
     */
    static final String TITLE_OPEN = "<span style='display: block; padding: 0 190px 0 110px; "
            + "overflow-wrap: anywhere'>";

    private final FrameLabels labels;

    public FlameGraphExporter(FrameLabels labels) {
        this.labels = labels;
    }

    @Override
    public void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException {
        Arguments args = new Arguments();
        args.title = TITLE_OPEN + Names.html(title(info)) + "</span>";
        FlameGraph graph = new FlameGraph(args);
        CallStack stack = new CallStack();
        int[] deepest = new int[1];
        profile.forEachStack((frames, depth, count) -> {
            deepest[0] = Math.max(deepest[0], depth);
            stack.clear();
            for (int i = 0; i < depth; i++) {
                Frame f = profile.frames().get(frames[i]);
                stack.push(labels.label(f), f.file().isEmpty() ? PSEUDO : PYTHON);
            }
            graph.addSample(stack, count);
        });
        PrintStream ps = new PrintStream(new ScriptTextGuard(new BufferedOutputStream(out, 1 << 16)), false,
                StandardCharsets.UTF_8);
        DeepStackThread.run(deepest[0], () -> graph.dump(ps));
        ps.flush();
        if (ps.checkError()) {
            throw new IOException("writing the flame graph failed");
        }
    }

    static String title(RecordingInfo info) {
        return String.format(Locale.ROOT, "pysample: pid %d %s (Python %s, %.1f s, %,d samples at %.0f Hz)",
                info.pid(), Names.clean(info.commandLine()), info.pythonVersion(), info.durationNanos() / 1e9,
                info.walks(), info.rateHz());
    }
}
