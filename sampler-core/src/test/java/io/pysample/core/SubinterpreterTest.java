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
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thread that entered a subinterpreter ({@code workloads/subinterpreter.py}): the walker follows
 * {@code interpreter_state.next} to the second interpreter and joins the OS thread's two thread states into one stack:
 * the subinterpreter's frames (parked in {@code sub_park}) above the main interpreter's, which wait in the call that
 * entered it.
 */
class SubinterpreterTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void threadsOfEveryInterpreterAreRead(String version) throws Exception {
        Path marker = dir.resolve("parked");
        try (PythonChild child = PythonChild.runWorkload(SubinterpreterTest.class, TestPythons.require(version), dir,
                "subinterpreter.py", marker.toString())) {
            child.awaitLine("READY");
            StackDump dump;
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
            }
            assertThat(dump.droppedThreads()).isZero();
            ThreadDump inner = dump.threads().stream().filter(t -> top(t).equals(List.of("sub_park", "sub_outer")))
                    .findFirst().orElseThrow(() -> new AssertionError("no thread in the subinterpreter: " + dump));
            List<ThreadDump> sameOsThread = dump.threads().stream()
                    .filter(t -> t.nativeThreadId() == inner.nativeThreadId()).collect(Collectors.toList());
            assertThat(sameOsThread).as("one stack per OS thread").containsExactly(inner);
            // The inner interpreter's frames above the outer frames that entered it.
            List<String> names = inner.frames().stream().map(Frame::function).collect(Collectors.toList());
            int entered = names.indexOf("run_in_subinterpreter");
            assertThat(entered).as("the outer frames in %s", names).isGreaterThan(1);
            assertThat(names.subList(entered, names.size())).startsWith("run_in_subinterpreter", "Thread.run");
            assertThat(names.subList(0, entered)).as("only the subinterpreter's code above the entry")
                    .doesNotContain("Thread.run", "main_wait").contains("sub_park", "sub_outer");
            assertThat(inner.interpreterId()).as("the dump says which interpreter runs the code").isPositive();
            // The name the main interpreter's threading gives it (3.13: its _active; 3.14+: the kernel's), not the
            // subinterpreter's Dummy-N.
            assertThat(inner.name()).isEqualTo("sub");
            assertThat(dump.threads()).anySatisfy(t -> assertThat(top(t)).startsWith("main_wait"));
        }
    }

    private static List<String> top(ThreadDump t) {
        return t.frames().stream().limit(2).map(Frame::function).collect(Collectors.toList());
    }
}
