package io.pysample.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GIL share {@code top} shows, against real CPythons: a thread spinning in pure Python
 * ({@code workloads/gil_spinner.py}) holds the GIL in most samples and is named as the holder; a process whose only
 * busy thread hashes in C with the GIL released ({@code workloads/gil_free_hashing.py}) seldom has a holder. Also
 * the tally's own bookkeeping.
 */
class GilTallyTest {
    private static final int SAMPLES = 300;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void aSpinningThreadHoldsTheGilInMostSamples(String version) throws Exception {
        try (PythonChild child = PythonChild.runWorkload(getClass(), TestPythons.require(version), dir,
                "gil_spinner.py")) {
            long spinner = new ObjectMapper().readTree(child.awaitLine("READY")).get("spinner").asLong();
            GilTally.Share share = sample(child.pid());
            assertThat(share.samples()).isEqualTo(SAMPLES);
            assertThat(share.held()).as("%s", share).isGreaterThan(SAMPLES * 8L / 10);
            GilTally.Holder top = share.holders().get(0);
            assertThat(top.pid()).isEqualTo(child.pid());
            assertThat(top.tid()).isEqualTo(spinner);
            assertThat(top.samples()).isGreaterThan(SAMPLES * 7L / 10);
            if (!version.equals("3.13")) { // 3.14+ name the kernel thread after Thread.name
                assertThat(top.name()).isEqualTo("spinner");
            }
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void threadsInCWithTheGilReleasedSeldomHoldIt(String version) throws Exception {
        try (PythonChild child = PythonChild.runWorkload(getClass(), TestPythons.require(version), dir,
                "gil_free_hashing.py")) {
            child.awaitLine("READY");
            GilTally.Share share = sample(child.pid());
            assertThat(share.samples()).isEqualTo(SAMPLES);
            assertThat(share.held()).as("%s", share).isLessThan(SAMPLES * 3L / 10);
        }
    }

    private static GilTally.Share sample(int pid) throws Exception {
        GilTally tally = new GilTally();
        SessionOptions options = SessionOptions.builder().rateHz(0).mode(SamplingMode.ACTIVE).build();
        try (RecordingSession session = RecordingSession.start(PythonProcess.attach(pid, MemoryBackend.AUTO),
                options)) {
            session.sampler().setGilTally(tally);
            for (int i = 0; i < SAMPLES; i++) {
                assertThat(session.sampleOnce()).isTrue();
                Thread.sleep(0, 500_000);
            }
        }
        return tally.cut();
    }

    @Test
    void cutHandsOverHoldersMostFirstAndStartsAfresh() {
        GilTally tally = new GilTally();
        assertThat(tally.cut()).isSameAs(GilTally.Share.NONE);
        int a = tally.add(10, 11, "a");
        for (int i = 0; i < 10; i++) {
            int b = tally.slot(20, 21);
            tally.held(b < 0 ? tally.add(20, 21, "b") : b);
        }
        tally.held(a);
        tally.free();
        assertThat(tally.slot(10, 11)).isEqualTo(a);
        assertThat(tally.slot(10, 21)).isEqualTo(-1);
        GilTally.Share share = tally.cut();
        assertThat(share.samples()).isEqualTo(12);
        assertThat(share.held()).isEqualTo(11);
        assertThat(share.holders()).containsExactly(new GilTally.Holder(20, 21, "b", 10),
                new GilTally.Holder(10, 11, "a", 1));
        assertThat(tally.slot(20, 21)).isEqualTo(-1);
        assertThat(tally.cut()).isSameAs(GilTally.Share.NONE);
    }
}
