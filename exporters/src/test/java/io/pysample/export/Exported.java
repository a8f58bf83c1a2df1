package io.pysample.export;

import io.pysample.core.sampling.Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs exporters into memory, and what a profile's output should contain, computed independently of them. */
final class Exported {
    private Exported() {
    }

    /** The bytes {@code exporter} writes for {@code profile} with {@link TestProfiles#INFO}. */
    static byte[] bytes(ProfileExporter exporter, Profile profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            exporter.write(profile, TestProfiles.INFO, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String text(ProfileExporter exporter, Profile profile) {
        return new String(bytes(exporter, profile), StandardCharsets.UTF_8);
    }

    /**
     * Every distinct stack of {@code profile} as its list of labels (root first, as {@code labels} writes them,
     * nothing replaced), with the samples that ended there; stacks with equal labels are summed.
     */
    static Map<List<String>, Long> stacks(Profile profile, FrameLabels labels) {
        Map<List<String>, Long> out = new TreeMap<>(Exported::compareLists);
        profile.forEachStack((frames, depth, count) -> {
            List<String> names = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                names.add(labels.label(profile.frames().get(frames[i])));
            }
            out.merge(names, count, Long::sum);
        });
        return out;
    }

    static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
