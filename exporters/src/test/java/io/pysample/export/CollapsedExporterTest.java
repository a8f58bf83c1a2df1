package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Collapsed stacks: line syntax, counts, sorting, merging of stacks whose text coincides. */
class CollapsedExporterTest {
    private static final FrameLabels SHORT = new FrameLabels(false);

    @Test
    void everyLineIsFramesThenACountAndTheCountsAddUpToTheSamples() {
        Profile p = TestProfiles.rich(true, false);
        String out = Exported.text(new CollapsedExporter(SHORT), p);

        assertThat(out).endsWith("\n").doesNotContain("\r");
        long sum = 0;
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue; // after the final \n
            }
            assertThat(line).matches("[^ ;][^;]*(;[^;]+)* [1-9][0-9]*");
            sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertThat(sum).isEqualTo(p.totalCount()).isEqualTo(20);
    }

    @Test
    void linesAreTheProfilesStacksWithSemicolonsReplacedSortedAndUnique() {
        Profile p = TestProfiles.random(true);
        List<String> lines = List.of(Exported.text(new CollapsedExporter(SHORT), p).split("\n"));

        Map<String, Long> expected = new TreeMap<>();
        Exported.stacks(p, SHORT).forEach((stack, count) -> {
            List<String> frames = new ArrayList<>();
            stack.forEach(f -> frames.add(f.replace(';', ':')));
            expected.merge(String.join(";", frames), count, Long::sum);
        });
        List<String> expectedLines = new ArrayList<>();
        expected.forEach((stack, count) -> expectedLines.add(stack + " " + count));
        assertThat(lines).containsExactlyElementsOf(expectedLines);
    }

    @Test
    void stacksWhoseLabelsCoincideAreMergedIntoOneLine() {
        // HELPER_A (a/utils.py) and HELPER_B (b/utils.py) both read "helper (utils.py:3)": 1 + 2 samples.
        String out = Exported.text(new CollapsedExporter(SHORT), TestProfiles.rich(true, false));
        assertThat(out.lines().filter(l -> l.contains("helper (utils.py:3)")))
                .containsExactly("<module> (app.py:30);main (app.py:22);helper (utils.py:3) 3");

        String full = Exported.text(new CollapsedExporter(new FrameLabels(true)), TestProfiles.rich(true, false));
        assertThat(full.lines().filter(l -> l.contains("helper (")))
                .containsExactly(
                        "<module> (/home/user/app.py:30);main (/home/user/app.py:22);helper (/home/user/a/utils.py:3)"
                                + " 1",
                        "<module> (/home/user/app.py:30);main (/home/user/app.py:22);helper (/home/user/b/utils.py:3)"
                                + " 2");
    }

    @Test
    void aSemicolonInAFrameCannotSplitItAndAControlCharacterCannotSplitTheLine() {
        String out = Exported.text(new CollapsedExporter(SHORT), TestProfiles.rich(true, false));
        assertThat(out).contains(";semi:colon (app.py:12) 1\n").contains(";line\uFFFDbreak (app.py:14) 1\n");
    }

    @Test
    void anEmptyProfileWritesNothing() {
        Profile empty = new Profile(new io.pysample.core.walk.FrameTable(), ProfileOptions.DEFAULT);
        assertThat(Exported.bytes(new CollapsedExporter(SHORT), empty)).isEmpty();
    }
}
