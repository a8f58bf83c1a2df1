package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.walk.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Frame labels: {@code function (file:line)}, file shortened unless full paths are asked for. */
class FrameLabelsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // the standard library: the path below lib/pythonX.Y/
        "/usr/lib/python3.14/threading.py | threading.py",
        "/usr/lib/python3.14/json/decoder.py | json/decoder.py",
        "/root/.cache/pysample/pythons/3.13/usr/lib/python3.13/asyncio/events.py | asyncio/events.py",
        "/usr/local/lib/python3.14t/concurrent/futures/thread.py | concurrent/futures/thread.py",
        "/usr/lib64/python3.14/json/decoder.py | json/decoder.py",
        // installed packages: the path below site-packages/ or dist-packages/
        "/srv/app/.venv/lib/python3.14/site-packages/requests/api.py | requests/api.py",
        "/usr/lib/python3/dist-packages/apt/cache.py | apt/cache.py",
        "/home/u/.local/lib/python3.13/site-packages/größe/модуль.py | größe/модуль.py",
        // anything else: the file name
        "/home/user/project/app.py | app.py",
        "/home/user/lib/python_tools/pkg/mod.py | mod.py",
        "/home/user/lib/pythonic/mod.py | mod.py",
        "./app.py | app.py",
        "app.py | app.py",
        "/home/user/𠀀.py | 𠀀.py",
        // not paths: unchanged
        "<frozen importlib._bootstrap> | <frozen importlib._bootstrap>",
        "<string> | <string>",
        "/home/user/dir/ | /home/user/dir/",
    })
    void shortensPaths(String path, String expected) {
        assertThat(FrameLabels.shorten(path)).isEqualTo(expected);
        Frame f = new Frame("f", path, 7, 1);
        assertThat(new FrameLabels(false).label(f)).isEqualTo("f (" + expected + ":7)");
        assertThat(new FrameLabels(true).label(f)).isEqualTo("f (" + path + ":7)");
    }

    @Test
    void anUnknownLineIsLeftOut() {
        assertThat(new FrameLabels(false).label(new Frame("Worker.run", "/home/u/app.py", 0, 10)))
                .isEqualTo("Worker.run (app.py)");
    }

    @Test
    void pseudoFramesAreTheirNameOnly() {
        assertThat(new FrameLabels(true).label(new Frame("[truncated]", "", 0, 0))).isEqualTo("[truncated]");
        assertThat(new FrameLabels(false).label(new Frame("[größe tid=12]", "", 0, 0))).isEqualTo("[größe tid=12]");
    }

    @Test
    void controlCharactersBecomeReplacementCharacters() {
        Frame f = new Frame("a\nb\u0000c\u007fd\u0085e", "/x/\r\t.py", 3, 1);
        assertThat(new FrameLabels(false).label(f)).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe (\uFFFD\uFFFD.py:3)");
    }
}
