package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.sampling.SamplingResult;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.subprocess.ProfileMerger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TopTable}'s counting: own and total per line and per function, threads, the window and reset; for a process
 * tree merged by {@link ProfileMerger}, functions summed over processes with the pids they were seen in.
 */
class TopTableTest {
    private static final Frame MODULE = new Frame("<module>", "/app.py", 30, 1);
    private static final Frame FIB_5 = new Frame("fib", "/app.py", 5, 4);
    private static final Frame FIB_6 = new Frame("fib", "/app.py", 6, 4);
    private static final Frame WORK = new Frame("work", "/app.py", 12, 10);

    private static Profile interval(int mainSamples, int workerSamples) {
        Profile p = new Profile(new FrameTable(), new ProfileOptions(true, true, false));
        int main = p.addThread(1, 1, "main", true);
        int worker = p.addThread(2, 2, "worker", false);
        int[] recursive = ids(p, FIB_5, FIB_6, FIB_5, MODULE); // fib on the stack three times, leaf first
        int[] work = ids(p, WORK, MODULE);
        for (int i = 0; i < mainSamples; i++) {
            p.add(main, recursive, recursive.length, false, 0);
        }
        for (int i = 0; i < workerSamples; i++) {
            p.add(worker, work, work.length, false, 0);
        }
        return p;
    }

    private static int[] ids(Profile p, Frame... frames) {
        int[] ids = new int[frames.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = p.frames().intern(frames[i]);
        }
        return ids;
    }

    private static TopTable.Row row(List<TopTable.Row> rows, String function, int line) {
        return rows.stream().filter(r -> r.key().function().equals(function) && r.key().line() == line).findFirst()
                .orElseThrow();
    }

    @Test
    void recursionCountsOncePerSampleInTotalAndLinesMergeWithoutLineNumbers() {
        TopTable t = new TopTable(2);
        t.add(interval(3, 1));
        List<TopTable.Row> byLine = t.rows(null, true, TopTable.SortBy.OWN_PERCENT);
        assertThat(row(byLine, "fib", 5)).isEqualTo(new TopTable.Row(new TopTable.Key("fib", "/app.py", 5), 3, 3, 3,
                3, -1, 0));
        assertThat(row(byLine, "fib", 6).own()).isZero();
        assertThat(row(byLine, "fib", 6).total()).isEqualTo(3);
        List<TopTable.Row> byFunction = t.rows(null, false, TopTable.SortBy.TOTAL_PERCENT);
        assertThat(byFunction.get(0).key().function()).isEqualTo("<module>");
        assertThat(row(byFunction, "fib", 0).total()).isEqualTo(3); // not 9
        assertThat(t.windowSamples(null)).isEqualTo(4);
        assertThat(t.threads()).containsExactly("[main tid=1]", "[worker tid=2]");
        assertThat(t.rows("[worker tid=2]", true, TopTable.SortBy.OWN_PERCENT)).extracting(r -> r.key().function())
                .containsExactly("work", "<module>");
        assertThat(t.activeThreads()).isEqualTo(2);
    }

    @Test
    void theWindowSlidesWhileTotalsSinceTheStartGrowAndResetForgets() {
        TopTable t = new TopTable(2);
        t.add(interval(1, 0));
        t.add(interval(0, 2));
        t.add(interval(0, 3)); // the first interval leaves the window
        TopTable.Row fib = row(t.rows(null, true, TopTable.SortBy.OWN_TIME), "fib", 5);
        assertThat(fib.own()).isZero();
        assertThat(fib.ownSince()).isEqualTo(1);
        assertThat(t.windowSamples(null)).isEqualTo(5);
        assertThat(t.rows(null, true, TopTable.SortBy.OWN_PERCENT).get(0).key().function()).isEqualTo("work");
        t.reset();
        assertThat(t.rows(null, true, TopTable.SortBy.OWN_PERCENT)).isEmpty();
        assertThat(t.windowSamples(null)).isZero();
    }

    private static ProfileInterval process(int pid, Profile p) {
        p.seal();
        return new ProfileInterval(p, new RecordingInfo(pid, "python app.py", "3.14.0", 0, 1_000_000_000L, 100, 100,
                SamplingMode.ACTIVE), new SamplingResult(100, p.totalCount(), 100, Map.of(), 1_000_000_000L, null,
                null, 0, 0));
    }

    @Test
    void aProcessTreeSumsFunctionsOverProcessesAndTellsTheirPids() {
        Profile parent = interval(2, 0);
        Profile child = new Profile(new FrameTable(), new ProfileOptions(true, true, false));
        int t = child.addThread(7, 7, "main", true);
        int[] stack = ids(child, FIB_5, WORK, MODULE);
        child.add(t, stack, stack.length, false, 0);
        TopTable table = new TopTable(2, true);
        table.add(ProfileMerger.merge(List.of(process(10, parent), process(20, child)),
                new ProfileOptions(true, true, false)).profile());
        List<TopTable.Row> rows = table.rows(null, true, TopTable.SortBy.OWN_PERCENT);
        assertThat(row(rows, "fib", 5)).isEqualTo(new TopTable.Row(new TopTable.Key("fib", "/app.py", 5), 3, 3, 3,
                3, -1, 2));
        assertThat(row(rows, "work", 12).pid()).isEqualTo(20);
        assertThat(row(rows, "work", 12).processes()).isEqualTo(1);
        assertThat(rows).noneMatch(r -> r.key().function().startsWith("[")); // no process or thread roots as rows
        assertThat(table.threads()).containsExactly("[main tid=1]", "[main tid=7]");
        assertThat(table.pidOf("[main tid=7]")).isEqualTo(20);
        assertThat(table.rows("[main tid=7]", true, TopTable.SortBy.OWN_PERCENT)).extracting(r -> r.key().function())
                .containsExactly("fib", "<module>", "work");
        assertThat(table.windowSamples(null)).isEqualTo(3);
    }
}
