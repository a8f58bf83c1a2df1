package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Which format a file name picks, and what each format needs and produces. */
class OutputFormatTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "profile.html, FLAMEGRAPH",
        "PROFILE.HTML, FLAMEGRAPH",
        "profile.htm, FLAMEGRAPH",
        "pysample-42-20250101-120000.html, FLAMEGRAPH",
        "größe.html, FLAMEGRAPH",
        "profile.speedscope.json, SPEEDSCOPE",
        "profile.json, SPEEDSCOPE",
        "Profile.Json, SPEEDSCOPE",
        "stacks.txt, COLLAPSED",
        "stacks.collapsed, COLLAPSED",
        "stacks.folded, COLLAPSED",
        ".html, FLAMEGRAPH",
        "profile.pb.gz, PPROF",
        "cpu.PPROF, PPROF",
        "profile.gz, none",
        "profile.pb, none",
        "profile, none",
        "html, none",
        "profile.svg, none",
        "profile.html.gz, none",
        "profile.jsonl, none",
        "profile.txt.bak, none",
    })
    void theExtensionPicksTheFormat(String name, OutputFormat expected) {
        assertThat(OutputFormat.fromFileName(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theDefaultFileNameOfEachFormatPicksItBack(OutputFormat f) {
        assertThat(OutputFormat.fromFileName("pysample-1-20250101-000000." + f.extension())).isEqualTo(f);
    }

    @Test
    void onlySpeedscopeNeedsTheTimeline() {
        assertThat(OutputFormat.SPEEDSCOPE.needsTimeline()).isTrue();
        assertThat(OutputFormat.FLAMEGRAPH.needsTimeline()).isFalse();
        assertThat(OutputFormat.COLLAPSED.needsTimeline()).isFalse();
        assertThat(OutputFormat.PPROF.needsTimeline()).isFalse();
    }

    @Test
    void eachFormatHasItsExporterAndFullPathsReachTheLabels() {
        assertThat(OutputFormat.FLAMEGRAPH.exporter(false)).isInstanceOf(FlameGraphExporter.class);
        assertThat(OutputFormat.SPEEDSCOPE.exporter(false)).isInstanceOf(SpeedscopeExporter.class);
        assertThat(OutputFormat.COLLAPSED.exporter(false)).isInstanceOf(CollapsedExporter.class);
        assertThat(OutputFormat.PPROF.exporter(false)).isInstanceOf(PprofExporter.class);

        String full = Exported.text(OutputFormat.COLLAPSED.exporter(true), TestProfiles.rich(true, false));
        String short_ = Exported.text(OutputFormat.COLLAPSED.exporter(false), TestProfiles.rich(true, false));
        assertThat(full).contains("(/usr/lib/python3.14/threading.py:1014)");
        assertThat(short_).contains("(threading.py:1014)").doesNotContain("/usr/lib/");
    }
}
