package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import one.convert.Arguments;
import one.convert.FlameGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments.ArgumentSet;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flame graph page. The page itself is async-profiler's template, so it is not compared byte for byte; the
 * data it embeds is read back as the page's script reads it ({@link FlameGraphPage}) and by async-profiler's own
 * converter, and must reproduce the profile's stacks, counts and frame names exactly.
 */
class FlameGraphExporterTest {
    private static final FrameLabels SHORT = new FrameLabels(false);

    static Stream<ArgumentSet> profiles() {
        return Stream.of(
                argumentSet("rich, lines", TestProfiles.rich(true, false), SHORT),
                argumentSet("rich, --nolineno --threads", TestProfiles.rich(false, true), SHORT),
                argumentSet("rich, --full-filenames", TestProfiles.rich(true, false), new FrameLabels(true)),
                argumentSet("random, --threads", TestProfiles.random(true), SHORT));
    }

    private static FlameGraphPage page(Profile p, FrameLabels labels) {
        return FlameGraphPage.parse(Exported.text(new FlameGraphExporter(labels), p));
    }

    @Test
    void theTitleNamesTheRecordingAndIsHtmlEscaped() {
        FlameGraphPage page = page(TestProfiles.rich(true, false), SHORT);

        assertThat(page.title).isEqualTo("pysample: pid 4242 python3 app.py --title &lt;script&gt;alert(&#39;x&#39;)"
                + "&lt;/script&gt; &amp; größe\uFFFD--next (Python 3.14.0, 2.5 s, 160 samples at 64 Hz)");
        assertThat(page.html).doesNotContain("<script>alert('x')").doesNotContain("alert('x')");
    }

    @Test
    void frameNamesCannotEndThePagesScript() {
        // A frame named "</script><script>alert(1)</script>" in a file "<!--evil-->".
        FlameGraphPage page = page(TestProfiles.rich(true, false), SHORT);

        String script = page.scriptAsParsed();
        assertThat(script).contains("const cpool = [").contains("unpack(cpool);").endsWith("search();\n");
        assertThat(script).doesNotContain("<!--");
        assertThat(page.html).endsWith(script + "</script></body></html>\n");
        assertThat(page.cpool).contains("</script><script>alert(1)</script> (<!--evil-->:7)");
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyFrameNameIsInThePageUnchanged(Profile p, FrameLabels labels) {
        Set<String> expected = new HashSet<>();
        Exported.stacks(p, labels).keySet().forEach(expected::addAll);
        expected.add("all");

        assertThat(page(p, labels).cpool).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void thePageDrawsEveryStackWithItsCount(Profile p, FrameLabels labels) {
        FlameGraphPage page = page(p, labels);

        assertThat(page.root().title()).isEqualTo("all");
        assertThat(page.root().width()).isEqualTo(p.totalCount());
        assertThat(page.stacks()).containsExactlyEntriesOf(Exported.stacks(p, labels));
    }

    @Test
    void pythonFramesArePaintedAsInterpretedCodeAndPseudoFramesAsNative() {
        FlameGraphPage page = page(TestProfiles.rich(true, true), SHORT);

        assertThat(page.frames).filteredOn(r -> r.level() > 0).allSatisfy(r -> {
            boolean pseudo = r.title().startsWith("[");
            assertThat(r.type()).as(r.title()).isEqualTo(pseudo ? one.convert.Frame.TYPE_NATIVE
                    : one.convert.Frame.TYPE_INTERPRETED);
        });
        assertThat(page.frames).extracting(FlameGraphPage.Rect::title)
                .contains("[truncated]", "[python3 tid=1001]", "[größe tid=1002]", "[функция_Ω_计算 tid=1003]",
                        "[𠀀𠀁 tid=1004]");
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void asyncProfilersConverterReadsThePageBackIntoTheSameCollapsedStacks(Profile p, FrameLabels labels)
            throws IOException {
        String html = Exported.text(new FlameGraphExporter(labels), p);
        Arguments args = new Arguments();
        args.output = "collapsed";
        FlameGraph graph = new FlameGraph(args);
        graph.parseHtml(new StringReader(html));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        graph.dump(ps);
        ps.flush();

        // The converter's collapsed writer marks frame types with suffixes (_[0] interpreted) and joins names
        // with ';' unescaped; it does not undo the page's "<\/" (see FlameGraphExporter).
        List<String> back = Arrays.stream(buf.toString(StandardCharsets.UTF_8).split("\n"))
                .map(l -> normalize(l.replace("_[0];", ";").replace("_[0] ", " ").replace("<\\/", "</")
                        .replace("<\\!", "<!")))
                .sorted().toList();
        List<String> ours = Arrays.stream(Exported.text(new CollapsedExporter(labels), p).split("\n"))
                .map(FlameGraphExporterTest::normalize).sorted().toList();
        assertThat(back).isEqualTo(ours);
    }

    /** Collapsed text with ';' in names made indistinguishable from the separator, as the converter loses it. */
    private static String normalize(String line) {
        return line.replace(';', ':');
    }

    @Test
    void anEmptyProfileIsAPageWithAnEmptyRoot() {
        FlameGraphPage page = page(new Profile(new FrameTable(), ProfileOptions.DEFAULT), SHORT);
        assertThat(page.frames).singleElement().satisfies(r -> {
            assertThat(r.title()).isEqualTo("all");
            assertThat(r.width()).isZero();
        });
    }

    @Test
    void stacksAsDeepAsTheDepthLimitAllowRenderAPage() {
        // async-profiler's renderer recurses once per frame: ~4,000 frames overflowed a default thread stack.
        int depth = PythonStackWalker.DEFAULT_MAX_DEPTH * 4;
        FrameTable table = new FrameTable();
        int[] stack = new int[depth];
        for (int i = 0; i < depth; i++) {
            stack[i] = table.intern(new Frame("level" + (depth - 1 - i), "/deep.py", 10, 1));
        }
        Profile p = new Profile(table, ProfileOptions.DEFAULT);
        int thread = p.addThread(1, 1, "main", true);
        p.add(thread, stack, depth, false, 0);

        FlameGraphPage page = page(p, SHORT);

        assertThat(page.stacks()).hasSize(1);
        List<String> only = page.stacks().keySet().iterator().next();
        assertThat(only).hasSize(depth);
        assertThat(only.get(0)).startsWith("level0 ");
        assertThat(only.get(depth - 1)).startsWith("level" + (depth - 1) + " ");
    }
}
