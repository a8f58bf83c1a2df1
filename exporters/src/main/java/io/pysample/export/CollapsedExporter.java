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
import java.util.ArrayList;
import java.util.List;

/**
 * Collapsed stacks, the input of Brendan Gregg's {@code flamegraph.pl} and of py-spy's {@code --format raw}: one line
 * per distinct stack, {@code frame;frame;…;frame count}, root first, lines sorted. A {@code ;} inside a frame label
 * becomes {@code :} so that it cannot split the frame.
 */
public final class CollapsedExporter implements ProfileExporter {
    private final FrameLabels labels;

    public CollapsedExporter(FrameLabels labels) {
        this.labels = labels;
    }

    @Override
    public void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        profile.forEachStack((stack, depth, count) -> {
            sb.setLength(0);
            for (int i = 0; i < depth; i++) {
                if (i > 0) {
                    sb.append(';');
                }
                sb.append(labels.label(profile.frames().get(stack[i])).replace(';', ':'));
            }
            sb.append(' ').append(count);
            lines.add(sb.toString());
        });
        lines.sort(null);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
            w.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
