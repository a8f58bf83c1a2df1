package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files for the differential flame graph (its data lines and the summary) and the source-line heatmap
 * (index and one source page) on fixed inputs, plus reading every format pysample writes back as the same stacks.
 * Rewrite as described in {@link GoldenFilesTest}.
 */
class ViewsGoldenFilesTest {
    static final String BASE = String.join("\n",
            "<module> (app.py:30);main (app.py:22) 60",
            "<module> (app.py:30);main (app.py:22);alpha (app.py:10) 30",
            "<module> (app.py:30);main (app.py:22);beta (app.py:16) 10",
            "") ;
    static final String NEW = String.join("\n",
            "<module> (app.py:30);main (app.py:22) 120",
            "<module> (app.py:30);main (app.py:22);alpha (app.py:10) 20",
            "<module> (app.py:30);main (app.py:22);beta (app.py:16) 50",
            "<module> (app.py:30);main (app.py:22);gamma (<script>x.py:3) 10",
            "");

    @Test
    void diffSummaryInPercentagePointsOfEachProfilesTotal() {
        DiffFlameGraph diff = new DiffFlameGraph(ProfileFiles.fromCollapsed(BASE), ProfileFiles.fromCollapsed(NEW));
        // base 100 samples, new 200: beta 10% -> 25% grew by 15 points; alpha 30% -> 10% shrank by 20.
        assertThat(diff.changes().get(0).frame()).isEqualTo("beta (app.py:16)");
        assertThat(diff.changes().get(0).points()).isEqualTo(15.0);
        Golden.assertMatches("diff-summary.txt", diff.summary(5).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void diffPageColoursByShareNotByRawCount() throws IOException {
        DiffFlameGraph diff = new DiffFlameGraph(ProfileFiles.fromCollapsed(BASE), ProfileFiles.fromCollapsed(NEW));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        diff.write("base.txt -> new.txt <b>", out);
        String page = out.toString(StandardCharsets.UTF_8);
        assertThat(page).contains("base.txt -&gt; new.txt &lt;b&gt;").doesNotContain("<b>");
        String data = dataLines(page);
        // main: own 60 of 100 scaled to 120 of 200 -> unchanged (0); alpha 30 -> 60 scaled, now 20: -40.
        assertThat(data).contains("d=-40").contains("d=30").contains("d=U");
        Golden.assertMatches("diff-data.txt", data.getBytes(StandardCharsets.UTF_8));
    }

    /** The page's data part: the string pool and the frame records with their diffs (the template is the library's). */
    static String dataLines(String page) {
        int from = page.indexOf("const cpool = [");
        int to = page.indexOf("search(", from);
        assertThat(from).isPositive();
        assertThat(to).isGreaterThan(from);
        return page.substring(from, to);
    }

    @Test
    void everyFormatReadsBackAsTheSameStacks() throws IOException {
        var profile = TestProfiles.rich(true, false);
        Map<String, Long> collapsed = ProfileFiles.collapsedStacks(
                Exported.bytes(new CollapsedExporter(new FrameLabels(false)), profile));
        assertThat(collapsed).isEqualTo(ProfileFiles.fromCollapsed(
                Exported.text(new CollapsedExporter(new FrameLabels(false)), profile)));
        assertThat(collapsed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
        assertThat(ProfileFiles.collapsedStacks(Exported.bytes(new PprofExporter(), profile))).isEqualTo(collapsed);
        assertThat(ProfileFiles.collapsedStacks(Exported.bytes(new SpeedscopeExporter(), profile)))
                .isEqualTo(collapsed);
    }

    @Test
    void unknownContentIsRefusedWithAMessage() {
        assertThatThrownBy(() -> ProfileFiles.collapsedStacks("hello world\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a profile pysample reads");
        assertThatThrownBy(() -> ProfileFiles.collapsedStacks("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a speedscope profile");
    }

    static List<String> appSource() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 52; i++) {
            lines.add(switch (i) {
                case 12 -> "    semi = 'a;b'  # <script>alert(1)</script> & \"quotes\"";
                case 14 -> "\treturn '\u0007bell'";
                case 22 -> "    return helper() + lam()";
                default -> "# line " + i + " größe";
            });
        }
        return lines;
    }

    @Test
    void heatmapIndexAndSourcePage(@TempDir Path dir) throws IOException {
        Map<String, List<String>> sources = Map.of("/home/user/app.py", appSource());
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        new SourceHeatmap(dir, sources::get).write(TestProfiles.rich(true, false), TestProfiles.INFO, index);
        String html = index.toString(StandardCharsets.UTF_8);
        assertThat(html).contains("<a href=\"file1.html\">/home/user/app.py</a>")
                .contains("<h2>Source not readable</h2>").contains("&lt;frozen importlib._bootstrap&gt;")
                .doesNotContain("<script").doesNotContain("http");
        List<String> pages;
        try (var files = Files.list(dir)) {
            pages = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertThat(pages).containsExactly("file1.html");
        String page = Files.readString(dir.resolve("file1.html"));
        // main's line 22 is on 11 of 20 stacks (55%); semi;colon's line 12 is the innermost frame of 1 (5%).
        assertThat(page).contains("<tr id=L22><td class=n>22</td>").contains(">55.00%<")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
                .doesNotContain("<script").doesNotContain("\u0007");
        Golden.assertMatches("heatmap-index.html", index.toByteArray());
        Golden.assertMatches("heatmap-file1.html", Files.readAllBytes(dir.resolve("file1.html")));
    }
}
