package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target that keeps compiling, running and dropping fresh modules frees code objects all the time, and their
 * addresses are soon reused by new ones: a code cache that trusts an address after its object died reports one
 * generated module's function under another's {@code <module>} (issue 12). Sampled at a high rate for a few
 * seconds, every stack must match the workload's structure: {@code f_I} only directly under {@code <module>} of
 * {@code gen_I.py}, that only directly under the script's {@code <module>}, and every frame at a line it can be at.
 */
class CodeChurnTest {
    private static final long SAMPLING_NANOS = TimeUnit.SECONDS.toNanos(4);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void churnedCodeObjectsNeverMixStacksAndEveryFrameHasALine(String version) throws Exception {
        Path out = dir.resolve("truth.json");
        try (PythonChild child = PythonChild.runWorkload(getClass(), TestPythons.require(version), dir,
                "code_churn.py", out.toString())) {
            child.awaitLine("READY");
            JsonNode truth = new ObjectMapper().readTree(out.toFile());
            String mainFile = truth.get("main_file").asText();
            Set<Integer> moduleLines = ints(truth.get("module_lines"));
            Set<Integer> functionLines = ints(truth.get("function_lines"));
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                FrameTable frames = new FrameTable();
                PythonStackWalker walker = new PythonStackWalker(target.memory(), target.runtimeAddress(),
                        target.offsets(), frames);
                List<int[]> stacks = new ArrayList<>();
                long end = System.nanoTime() + SAMPLING_NANOS;
                while (System.nanoTime() < end) {
                    walker.sample(v -> stacks.add(java.util.Arrays.copyOf(v.frames(), v.depth())));
                    LockSupport.parkNanos(100_000); // ~5 kHz on an idle machine
                }
                List<String> wrong = new ArrayList<>();
                int functionStacks = 0;
                for (int[] stack : stacks) {
                    String problem = check(stack, frames, mainFile, moduleLines, functionLines);
                    if (problem != null && wrong.size() < 20) {
                        wrong.add(problem);
                    }
                    if (problem == null && stack.length == 3) {
                        functionStacks++;
                    }
                }
                assertThat(wrong).as("stacks that contradict the workload (of %d; walker: %s)", stacks.size(),
                        walker.stats().dropsByReason()).isEmpty();
                assertThat(functionStacks).as("stacks inside a generated f_I, of %d (walker: %s)", stacks.size(),
                        walker.stats().dropsByReason()).isGreaterThan(50);
                System.out.printf("code churn, CPython %s: %d stacks, %d inside f_I, drops %s%n", version,
                        stacks.size(), functionStacks, walker.stats().dropsByReason());
            }
        }
    }

    /** Null if {@code stack} (innermost first) fits the workload, else a description of what does not. */
    private static String check(int[] stack, FrameTable frames, String mainFile, Set<Integer> moduleLines,
            Set<Integer> functionLines) {
        List<Frame> f = new ArrayList<>();
        for (int id : stack) {
            f.add(frames.get(id));
        }
        Frame root = f.get(f.size() - 1);
        if (!root.function().equals("<module>") || !root.file().equals(mainFile) || root.line() <= 0) {
            return "bad root: " + f;
        }
        if (f.size() == 1) {
            return null;
        }
        Frame module = f.get(f.size() - 2);
        String generated = module.file();
        if (!module.function().equals("<module>") || !generated.matches("gen_\\d+\\.py")
                || !moduleLines.contains(module.line())) {
            return "bad generated module frame: " + f;
        }
        if (f.size() == 2) {
            return null;
        }
        Frame function = f.get(f.size() - 3);
        String index = generated.substring(4, generated.length() - 3);
        if (f.size() > 3 || !function.function().equals("f_" + index) || !function.file().equals(generated)
                || !functionLines.contains(function.line())) {
            return "mixed: " + f;
        }
        return null;
    }

    private static Set<Integer> ints(JsonNode array) {
        Set<Integer> out = new HashSet<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
