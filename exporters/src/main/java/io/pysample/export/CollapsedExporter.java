package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.RecordingInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collapsed stacks, the input of Brendan Gregg's {@code flamegraph.pl} and of py-spy's {@code --format raw}: one line
 * per distinct stack text, {@code frame;frame;…;frame count}, root first, sorted by stack text, UTF-8, {@code \n}
 * line ends. A {@code ;} inside a frame label becomes {@code :} so that it cannot split the frame. Stacks whose text
 * is the same (two files whose shortened labels coincide, or a {@code ;} replaced) are merged into one line whose
 * count is their sum.
 */
public final class CollapsedExporter implements ProfileExporter {
    private final FrameLabels labels;

    public CollapsedExporter(FrameLabels labels) {
        this.labels = labels;
    }

    @Override
    public void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException {
        Map<String, Long> lines = new TreeMap<>();
        StringBuilder sb = new StringBuilder();
        profile.forEachStack((stack, depth, count) -> {
            sb.setLength(0);
            for (int i = 0; i < depth; i++) {
                if (i > 0) {
                    sb.append(';');
                }
                sb.append(labels.label(profile.frames().get(stack[i])).replace(';', ':'));
            }
            lines.merge(sb.toString(), count, Long::sum);
        });
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            for (Map.Entry<String, Long> line : lines.entrySet()) {
                w.write(line.getKey());
                w.write(' ');
                w.write(Long.toString(line.getValue()));
                w.write('\n');
            }
            w.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
