package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessInfoTest {
    @TempDir
    Path dir;

    @Test
    void parsesMapsLinesWithAndWithoutPaths() {
        MemoryMapping m = MemoryMapping.parse(
                "00b51000-00bee000 rw-p 00752000 fe:00 1450174                    /opt/py/bin/python3.14 (deleted)");
        assertThat(m.start()).isEqualTo(0xb51000L);
        assertThat(m.end()).isEqualTo(0xbee000L);
        assertThat(m.offset()).isEqualTo(0x752000L);
        assertThat(m.inode()).isEqualTo(1450174L);
        assertThat(m.writable()).isTrue();
        assertThat(m.executable()).isFalse();
        assertThat(m.isDeleted()).isTrue();
        assertThat(m.fileName()).isEqualTo("python3.14");
        assertThat(m.isFile()).isTrue();

        MemoryMapping anon = MemoryMapping.parse("7ffd1000-7ffd2000 rw-p 00000000 00:00 0 ");
        assertThat(anon.path()).isEmpty();
        assertThat(anon.isFile()).isFalse();
        MemoryMapping stack = MemoryMapping.parse("7ffd1000-7ffd2000 rw-p 00000000 00:00 0    [stack]");
        assertThat(stack.path()).isEqualTo("[stack]");
        assertThatThrownBy(() -> MemoryMapping.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void taskStateLetterSurvivesParenthesesInTheCommandName() {
        assertThat(state("123 (a) b) R 1 2 3")).isEqualTo('R');
        assertThat(state("123 (sleep) S 1")).isEqualTo('S');
        assertThat(state("junk")).isEqualTo('?');
    }

    private static char state(String stat) {
        byte[] b = stat.getBytes(StandardCharsets.UTF_8);
        return ProcStat.stateOf(b, b.length);
    }

    @Test
    void describesALiveChild() throws Exception {
        try (KnownBufferTarget t = KnownBufferTarget.start(dir)) {
            ProcessInfo info = new ProcessInfo(t.pid());
            List<MemoryMapping> maps = info.maps();
            assertThat(maps).anySatisfy(m -> assertThat(m.contains(t.address)).isTrue());
            assertThat(maps).anySatisfy(m -> assertThat(m.fileName()).isEqualTo("python3.14"));
            assertThat(info.exe()).endsWith("/python3.14");
            assertThat(info.commandLine()).contains("known_buffer.py");
            assertThat(info.threadIds()).contains(t.pid());
            assertThat(info.threadName(t.pid())).isNotBlank();
            assertThat(info.threadState(t.pid())).isIn('S', 'R');
            assertThat(info.uid()).isEqualTo(new ProcessInfo((int) ProcessHandle.current().pid()).uid());
            assertThat(info.isAlive()).isTrue();
        }
    }

    @Test
    void goneProcessIsReported() throws Exception {
        int dead;
        try (KnownBufferTarget t = KnownBufferTarget.start(dir)) {
            dead = t.pid();
        }
        assertThat(ProcessInfo.exists(dead)).isFalse();
        assertThatThrownBy(() -> new ProcessInfo(dead).maps()).isInstanceOf(ProcessGoneException.class);
        assertThat(new ProcessInfo(dead).threadIds()).isEmpty();
        assertThat(new ProcessInfo(dead).threadState(dead)).isEqualTo('?');
    }
}
