package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pysample dump} text layout. */
class DumpTextTest {
    static String text(StackDump dump) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        DumpText.write(dump, ps);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void controlCharactersInTheHeaderCannotStartANewLine() {
        StackDump dump = new StackDump(7, "python3 -c 'import x\nx.run()'", "/opt/py\rthon", "3.13.1", List.of(), 0);
        assertThat(text(dump).lines()).containsExactly(
                "Process 7: python3 -c 'import x\uFFFDx.run()'",
                "Python v3.13.1 (/opt/py\uFFFDthon)");
    }

    @Test
    void everyThreadHasAHeaderLineAndOneLinePerFrame() {
        List<String> lines = text(TestProfiles.dump()).lines().toList();

        assertThat(lines).filteredOn(l -> l.startsWith("Thread ")).containsExactly(
                "Thread 1001 (active+gil): \"python3\" [main]",
                "Thread 1002 (idle): \"größe\"",
                "Thread 1003 (active+gc): \"функция_Ω_计算\"",
                "Thread 1004 (idle): \"𠀀𠀁\uFFFDx\"");
        assertThat(lines).filteredOn(l -> l.startsWith("    ")).hasSize(5 + 4 + 3 + 1 + 1);
        assertThat(lines).contains("    line\uFFFDbreak (/home/user/app.py:14)", "    (no Python frames)",
                "    ... (truncated: deeper than the frame limit)", "    unknown_line (/home/user/app.py)");
    }

    @Test
    void aThreadInAPidNamespaceOrASubinterpreterSaysSo() {
        StackDump dump = new StackDump(4242, "python3 app.py", "/usr/bin/python3.14", "3.14.0", List.of(
                new ThreadDump(1, 4242, "python3", true, false, false, 'S', false, List.of(), false, 0, 1),
                new ThreadDump(2, 4250, "sub", false, false, true, 'R', false, List.of(), false, 3, 9)), 0);
        assertThat(text(dump).lines()).filteredOn(l -> l.startsWith("Thread ")).containsExactly(
                "Thread 4242 (tid 1 in its PID namespace) (idle): \"python3\" [main]",
                "Thread 4250 (tid 9 in its PID namespace) (active): \"sub\" [interpreter 3]");
    }
}
