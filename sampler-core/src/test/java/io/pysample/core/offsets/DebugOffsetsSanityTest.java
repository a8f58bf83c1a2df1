package io.pysample.core.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real target's {@code _Py_DebugOffsets} table decodes; the same table with any member the walker reads at set to
 * an absurd value (negative, beyond 2^31, or so large that {@code offset + 8} overflows an {@code int}) is refused
 * as corrupt, instead of being accepted and later sending the walker outside its buffers
 * ({@code ArrayIndexOutOfBoundsException} found by mutating recorded snapshots).
 */
class DebugOffsetsSanityTest {
    /** Every member whose value the walker or the object decoders use as an offset or size. */
    static final List<String> USED = List.of("runtime_state.size", "runtime_state.interpreters_head",
            "interpreter_state.size", "interpreter_state.id", "interpreter_state.next",
            "interpreter_state.threads_head", "interpreter_state.threads_main", "interpreter_state.gc",
            "interpreter_state.gil_runtime_state_locked", "interpreter_state.gil_runtime_state_holder",
            "interpreter_state.code_object_generation", "thread_state.size", "thread_state.next",
            "thread_state.current_frame", "thread_state.base_frame", "thread_state.thread_id",
            "thread_state.native_thread_id", "thread_state.datastack_chunk", "thread_state.status",
            "thread_state.holds_gil", "interpreter_frame.size", "interpreter_frame.previous",
            "interpreter_frame.executable", "interpreter_frame.instr_ptr", "interpreter_frame.owner",
            "code_object.size", "code_object.filename", "code_object.name", "code_object.qualname",
            "code_object.linetable", "code_object.firstlineno", "code_object.co_code_adaptive", "pyobject.ob_type",
            "type_object.size", "type_object.tp_name", "bytes_object.ob_size", "bytes_object.ob_sval",
            "unicode_object.state", "unicode_object.length",
            "unicode_object.asciiobject_size", "unicode_object.compactunicodeobject_size", "gc.collecting");
    static final long[] ABSURD = {-1L, -8L, Integer.MAX_VALUE, Integer.MAX_VALUE - 4L, 1L << 31, 1L << 40};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void absurdOffsetsAreRefusedAsCorrupt(String version) throws Exception {
        byte[] table;
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "idle.py",
                "import time\nprint('READY', flush=True)\ntime.sleep(60)\n")) {
            child.awaitLine("READY");
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                table = target.memory().readFully(target.runtimeAddress(), target.offsets().tableSize());
            }
        }
        assertThat(DebugOffsets.decode(table).version().minorVersion()).isEqualTo(version);

        Map<String, Integer> positions = DebugOffsetsLayout.of(version).positions();
        int tried = 0;
        List<String> accepted = new java.util.ArrayList<>();
        for (String member : USED) {
            Integer pos = positions.get(member);
            if (pos == null) {
                continue; // not published by this version
            }
            for (long absurd : ABSURD) {
                byte[] bad = table.clone();
                LittleEndian.putI64(bad, pos, absurd);
                try {
                    DebugOffsets.decode(bad);
                    accepted.add(member + " = " + absurd);
                } catch (UnsupportedOffsetsException e) {
                    assertThat(e).hasMessageContaining("corrupt");
                }
                tried++;
            }
        }
        assertThat(accepted).as("absurd tables accepted").isEmpty();
        assertThat(tried).isGreaterThan(30 * ABSURD.length);
    }
}
