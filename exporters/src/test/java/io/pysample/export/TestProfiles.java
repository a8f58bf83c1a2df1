package io.pysample.export;

import io.pysample.core.asyncio.TaskDump;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import java.util.List;
import java.util.Random;

/**
 * Fixed, deterministic inputs for the exporter tests: a hand-written profile that exercises the awkward cases
 * (non-ASCII names, {@code ;}, control characters, HTML in names and in the command line, a truncated stack, two
 * files whose short labels collide, unknown lines, frozen modules) and a seeded random one. Everything here is
 * part of the golden files: change it only together with them.
 */
final class TestProfiles {
    /** 64 Hz: each sample weighs 1/64 s, exact in binary, so JSON numbers print the same on every JDK. */
    static final RecordingInfo INFO = new RecordingInfo(4242,
            "python3 app.py --title <script>alert('x')</script> & größe\n--next", "3.14.0", 1_700_000_000_000L,
            2_500_000_000L, 64.0, 160);

    static final Frame MODULE = new Frame("<module>", "/home/user/app.py", 30, 1);
    static final Frame MAIN = new Frame("main", "/home/user/app.py", 22, 20);
    static final Frame BOOTSTRAP = new Frame("Thread._bootstrap", "/usr/lib/python3.14/threading.py", 1014, 1012);
    static final Frame BOOTSTRAP_INNER =
            new Frame("Thread._bootstrap_inner", "/usr/lib/python3.14/threading.py", 1043, 1036);
    static final Frame RUN = new Frame("Thread.run", "/usr/lib/python3.14/threading.py", 994, 984);
    static final Frame DECODE = new Frame("JSONDecoder.decode", "/usr/lib/python3.14/json/decoder.py", 345, 333);
    static final Frame GROESSE = new Frame("größe_berechnen", "/home/user/pkg/größe.py", 3, 1);
    static final Frame CYRILLIC =
            new Frame("функция_Ω_计算", "/srv/app/.venv/lib/python3.14/site-packages/calc/模块.py", 42, 40);
    static final Frame SUPPLEMENTARY = new Frame("𠀀𠀁", "/home/user/𠀀.py", 1, 1);
    static final Frame SEMICOLON = new Frame("semi;colon", "/home/user/app.py", 12, 11);
    static final Frame NEWLINE = new Frame("line\nbreak", "/home/user/app.py", 14, 13);
    static final Frame HTML = new Frame("</script><script>alert(1)</script>", "<!--evil-->", 7, 7);
    static final Frame LAMBDA = new Frame("main.<locals>.<lambda>", "/home/user/app.py", 25, 25);
    static final Frame HELPER_A = new Frame("helper", "/home/user/a/utils.py", 3, 1);
    static final Frame HELPER_B = new Frame("helper", "/home/user/b/utils.py", 3, 1);
    static final Frame NO_LINE = new Frame("unknown_line", "/home/user/app.py", 0, 40);
    static final Frame FROZEN = new Frame("_find_and_load", "<frozen importlib._bootstrap>", 1360, 1349);
    static final Frame SLEEP = new Frame("Worker.sleep", "/home/user/app.py", 50, 48);
    static final Frame SLEEP_OTHER_LINE = new Frame("Worker.sleep", "/home/user/app.py", 51, 48);

    private TestProfiles() {
    }

    /**
     * The hand-written profile: four threads ({@code python3} main, {@code größe}, {@code функция_Ω_计算},
     * {@code 𠀀𠀁}), 20 thread samples of 13 distinct stacks, one of them truncated. Frames are interned in a fixed
     * order so that frame ids (and so speedscope's frame table) are stable.
     *
     * @param lineNumbers false for a {@code --nolineno} profile
     * @param threadRoots true for {@code --threads}
     */
    static Profile rich(boolean lineNumbers, boolean threadRoots) {
        FrameTable table = new FrameTable();
        for (Frame f : List.of(MODULE, MAIN, BOOTSTRAP, BOOTSTRAP_INNER, RUN, DECODE, GROESSE, CYRILLIC,
                SUPPLEMENTARY, SEMICOLON, NEWLINE, HTML, LAMBDA, HELPER_A, HELPER_B, NO_LINE, FROZEN, SLEEP,
                SLEEP_OTHER_LINE)) {
            table.intern(f);
        }
        Profile p = new Profile(table, new ProfileOptions(lineNumbers, threadRoots, true));
        int main = p.addThread(1001, 140_000_000_001L, "python3", true);
        int groesse = p.addThread(1002, 140_000_000_002L, "größe", false);
        int cyr = p.addThread(1003, 140_000_000_003L, "функция_Ω_计算", false);
        int supp = p.addThread(1004, 140_000_000_004L, "𠀀𠀁", false);
        long t = 0;
        // Leaf first, as the walker reports stacks.
        t = add(p, main, false, t, 3, MAIN, MODULE);
        t = add(p, main, false, t, 2, LAMBDA, MAIN, MODULE);
        t = add(p, main, false, t, 1, SEMICOLON, MAIN, MODULE);
        t = add(p, main, false, t, 1, NEWLINE, MAIN, MODULE);
        t = add(p, main, false, t, 1, HTML, MAIN, MODULE);
        t = add(p, main, false, t, 1, DECODE, FROZEN, MODULE);
        t = add(p, main, false, t, 1, HELPER_A, MAIN, MODULE);
        t = add(p, main, false, t, 2, HELPER_B, MAIN, MODULE); // same short label as HELPER_A
        t = add(p, groesse, false, t, 2, GROESSE, RUN, BOOTSTRAP_INNER, BOOTSTRAP);
        t = add(p, groesse, false, t, 1, SLEEP, RUN, BOOTSTRAP_INNER, BOOTSTRAP);
        t = add(p, groesse, false, t, 1, SLEEP_OTHER_LINE, RUN, BOOTSTRAP_INNER, BOOTSTRAP); // same function
        t = add(p, cyr, false, t, 2, CYRILLIC, RUN, BOOTSTRAP_INNER, BOOTSTRAP);
        t = add(p, cyr, true, t, 1, CYRILLIC, NO_LINE); // outermost frames cut at the depth limit
        add(p, supp, false, t, 1, SUPPLEMENTARY, RUN, BOOTSTRAP_INNER, BOOTSTRAP);
        return p;
    }

    private static long add(Profile p, int thread, boolean truncated, long time, int times, Frame... leafFirst) {
        int[] ids = new int[leafFirst.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = p.frames().intern(leafFirst[i]);
        }
        for (int i = 0; i < times; i++) {
            p.add(thread, ids, ids.length, truncated, time);
            time += 15_625_000; // 1/64 s
        }
        return time;
    }

    /**
     * A seeded random profile ({@code new Random(12345)}): 3 threads, 40 frames in 8 files, 150 samples of depth
     * 1–10 drawn so that stacks share prefixes (as real ones do). Plain ASCII names, no {@code ;}.
     */
    static Profile random(boolean threadRoots) {
        Random r = new Random(12345);
        FrameTable table = new FrameTable();
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            String file = "/opt/proj/pkg" + (i % 8) + "/mod" + (i % 5) + ".py";
            ids[i] = table.intern(new Frame("fn" + i, file, 10 + r.nextInt(200), 1 + i));
        }
        Profile p = new Profile(table, ProfileOptions.DEFAULT.withThreadRoots(threadRoots).withTimeline(true));
        int[] threads = {p.addThread(2001, 1, "python3", true), p.addThread(2002, 2, "worker-1", false),
            p.addThread(2003, 3, "worker-2", false)};
        int[] stack = new int[10];
        for (int s = 0; s < 150; s++) {
            int depth = 1 + r.nextInt(10);
            for (int i = 0; i < depth; i++) {
                // outer frames from a few choices, inner ones from many: shared prefixes, varied leaves
                int choices = Math.min(ids.length, 2 + i * 4);
                stack[depth - 1 - i] = ids[r.nextInt(choices)];
            }
            p.add(threads[r.nextInt(threads.length)], stack, depth, r.nextInt(50) == 0, s * 15_625_000L);
        }
        return p;
    }

    /** A dump with the same awkward names, an idle thread without Python frames, and a truncated thread. */
    static StackDump dump() {
        List<ThreadDump> threads = List.of(
                new ThreadDump(140_000_000_001L, 1001, "python3", true, true, true, 'R', false,
                        List.of(HTML, SEMICOLON, NEWLINE, MAIN, MODULE), false),
                new ThreadDump(140_000_000_002L, 1002, "größe", false, false, false, 'S', false,
                        List.of(SLEEP, RUN, BOOTSTRAP_INNER, BOOTSTRAP), false),
                new ThreadDump(140_000_000_003L, 1003, "функция_Ω_计算", false, false, true, 'R', true,
                        List.of(CYRILLIC, NO_LINE, FROZEN), true),
                new ThreadDump(140_000_000_004L, 1004, "𠀀𠀁\tx", false, false, false, 'D', false, List.of(),
                        false));
        return new StackDump(4242, INFO.commandLine(), "/usr/bin/python3.14", "3.14.0", threads, 2);
    }

    /**
     * Tasks for {@link #dump()}: a running task awaited by a waiting one, a gathered leaf awaited by two tasks, and a
     * task of a thread that ended (thread 0).
     */
    static List<TaskDump> tasks() {
        return List.of(
                new TaskDump(0x7f00_0000_1000L, "worker-\"1\"", true, 1001, List.of(HTML, SEMICOLON), List.of(
                        0x7f00_0000_2000L)),
                new TaskDump(0x7f00_0000_2000L, "Task-1", false, 1001, List.of(MAIN), List.of()),
                new TaskDump(0x7f00_0000_3000L, "leaf-Ω", false, 1002, List.of(SLEEP, CYRILLIC), List.of(
                        0x7f00_0000_1000L, 0x7f00_0000_2000L)),
                new TaskDump(0x7f00_0000_4000L, "orphan", false, 0, List.of(NO_LINE), List.of()));
    }
}
