package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names and strings of every kind, and code objects of every shape, decoded exactly as the target reports them
 * ({@code workloads/names_and_strings.py}): latin-1, UCS-2 and UCS-4 identifiers, lambdas, nested classes, closures,
 * generators (resumed from C and from {@code FOR_ITER}, and one that is the only Python code of a thread, which
 * therefore has no data-stack chunk at all), a generator expression, coroutines driven by
 * {@code send()} and by an event loop, a class body, a function whose line table exceeds 4 KiB parked past line
 * 5,000, and a file under a non-ASCII directory path longer than 1 KiB.
 */
class NamesAndStringsTest {
    /** Thread name in the workload → the qualified name of its innermost frame. */
    private static final Map<String, String> LEAVES = Map.ofEntries(
            Map.entry("MainThread", "hauptthread_parken"),
            Map.entry("latin1", "größe_berechnen"),
            Map.entry("ucs2", "функция_Ω_计算"),
            Map.entry("ucs4", "\uD840\uDC00\uD840\uDC01"), // U+20000 U+20001
            Map.entry("lambda", "mit_lambda.<locals>.<lambda>"),
            Map.entry("nested-classes", "Äußere.Innere.Tiefste.methode"),
            Map.entry("closure", "äußere_funktion.<locals>.mittlere.<locals>.innere_closure"),
            Map.entry("generator-next", "erzeuger"),
            Map.entry("generator-for", "erzeuger"),
            Map.entry("generator-no-chunk", "roh_erzeuger"),
            Map.entry("genexpr", "mit_genexpr.<locals>.<genexpr>"),
            Map.entry("coroutine-send", "innere_koroutine"),
            Map.entry("coroutine-loop", "im_loop_blockiert"),
            Map.entry("class-body", "klasse_bauen.<locals>.Klassenkörper"),
            Map.entry("big-module", "lange_funktion"),
            Map.entry("long-path", "im_langen_pfad_ü"));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void everyNameFileAndLineIsDecodedAsTheTargetReportsIt(String version) throws Exception {
        try (PythonChild child = GroundTruth.launch(version, dir, List.of(), "names_and_strings.py")) {
            GroundTruth truth = GroundTruth.await(child, dir);
            assertThat(truth.threads).extracting(GroundTruth.TruthThread::name)
                    .containsExactlyInAnyOrderElementsOf(LEAVES.keySet());
            assertThat(truth.root.get("big_linetable_bytes").asInt()).as("line table of lange_funktion")
                    .isGreaterThan(4096);
            assertThat(truth.root.get("long_path_chars").asInt()).as("length of the long path")
                    .isGreaterThan(1024);

            StackDump dump;
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(target.version().minorVersion()).isEqualTo(version);
                assertThat(DeepRecursionTest.dataStackChunks(target, truth.thread("generator-no-chunk").ident()))
                        .as("data-stack chunks of the thread that only resumes a generator").isZero();
                dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
            }
            truth.assertDumpMatches(dump);

            // Independently of the target's report: the leaves are the names the workload defines.
            for (Map.Entry<String, String> e : LEAVES.entrySet()) {
                ThreadDump d = GroundTruth.find(dump, truth.thread(e.getKey()));
                assertThat(d.frames()).as("frames of %s", e.getKey()).isNotEmpty();
                assertThat(d.frames().get(0).function()).as("leaf of %s", e.getKey()).isEqualTo(e.getValue());
            }
            Frame big = GroundTruth.find(dump, truth.thread("big-module")).frames().get(0);
            assertThat(big.line()).as("line in the 5,000-line function").isGreaterThan(5000);
            assertThat(big.file()).endsWith("/verzeichnis_größe/big_module.py");
            Frame far = GroundTruth.find(dump, truth.thread("long-path")).frames().get(0);
            assertThat(far.file()).hasSizeGreaterThan(1024).contains("/каталог_\uD83D\uDE00_目录/")
                    .endsWith("/long_path_module.py");
            assertThat(far.line()).isEqualTo(2);
        }
    }
}
