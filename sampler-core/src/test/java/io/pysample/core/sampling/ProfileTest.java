package io.pysample.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pysample.core.walk.FrameTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack trie of {@link Profile}: adding stacks, shared prefixes, self counts, timeline, options, sealing. */
class ProfileTest {
    private final FrameTable table = new FrameTable();
    private final int main = table.intern("main", "app.py", 10, 1);
    private final int work = table.intern("work", "app.py", 20, 15);
    private final int workLine21 = table.intern("work", "app.py", 21, 15);
    private final int leaf = table.intern("leaf", "lib.py", 5, 3);

    /** Stacks as "f;g;h" (root first, function:line) to self count. */
    private static Map<String, Long> stacks(Profile p) {
        Map<String, Long> out = new LinkedHashMap<>();
        p.forEachStack((rootFirst, depth, count) -> {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < depth; i++) {
                var f = p.frames().get(rootFirst[i]);
                names.add(f.function() + ":" + f.line());
            }
            out.merge(String.join(";", names), count, Long::sum);
        });
        return out;
    }

    private static int[] leafFirst(int... ids) {
        return ids;
    }

    @Test
    void stacksAreCountedAtTheirLeafAndSharedPrefixesAreOneNode() {
        Profile p = new Profile(table, ProfileOptions.DEFAULT);
        int t = p.addThread(101, 1, "MainThread", true);
        p.add(t, leafFirst(leaf, work, main), 3, false, 0);
        p.add(t, leafFirst(leaf, work, main), 3, false, 10);
        p.add(t, leafFirst(work, main), 2, false, 20);
        p.add(t, leafFirst(leaf, workLine21, main), 3, false, 30);
        // main, main>work:20, main>work:20>leaf, main>work:21, main>work:21>leaf
        assertThat(p.nodeCount()).isEqualTo(5);
        assertThat(stacks(p)).containsExactly(Map.entry("main:10;work:20", 1L),
                Map.entry("main:10;work:20;leaf:5", 2L), Map.entry("main:10;work:21;leaf:5", 1L));
        assertThat(p.totalCount()).isEqualTo(4);
        assertThat(p.threads().get(0).count()).isEqualTo(4);
    }

    @Test
    void aStackAfterADifferentOneOfTheSameThreadLandsOnTheRightNode() {
        // The reuse of the previous stack's path must stop at the first differing frame, also when the new stack is
        // shorter, longer, or differs only below a shared root.
        Profile p = new Profile(table, ProfileOptions.DEFAULT);
        int t = p.addThread(101, 1, "MainThread", true);
        int[][] sequence = {{leaf, work, main}, {main}, {leaf, work, main}, {leaf, workLine21, main}, {work, main},
            {leaf, work, main}};
        for (int[] s : sequence) {
            p.add(t, s, s.length, false, 0);
        }
        assertThat(stacks(p)).containsOnly(Map.entry("main:10", 1L), Map.entry("main:10;work:20", 1L),
                Map.entry("main:10;work:20;leaf:5", 3L), Map.entry("main:10;work:21;leaf:5", 1L));
    }

    @Test
    void threadsShareTheTrieButNotThePathReuse() {
        Profile p = new Profile(table, ProfileOptions.DEFAULT);
        int a = p.addThread(101, 1, "MainThread", true);
        int b = p.addThread(102, 2, "worker", false);
        p.add(a, leafFirst(leaf, work, main), 3, false, 0);
        p.add(b, leafFirst(work, main), 2, false, 0);
        p.add(a, leafFirst(leaf, work, main), 3, false, 0);
        assertThat(p.threadIndex(102)).isEqualTo(b);
        assertThat(p.threadIndex(103)).isEqualTo(-1);
        assertThat(p.nodeCount()).isEqualTo(3);
        assertThat(stacks(p)).containsOnly(Map.entry("main:10;work:20", 1L), Map.entry("main:10;work:20;leaf:5", 2L));
        assertThat(p.threads().get(a).count()).isEqualTo(2);
        assertThat(p.threads().get(b).count()).isEqualTo(1);
    }

    @Test
    void withoutLineNumbersFramesOfOneFunctionMerge() {
        Profile p = new Profile(table, ProfileOptions.DEFAULT.withLineNumbers(false));
        int t = p.addThread(101, 1, "MainThread", true);
        p.add(t, leafFirst(leaf, work, main), 3, false, 0);
        p.add(t, leafFirst(leaf, workLine21, main), 3, false, 0);
        assertThat(stacks(p)).containsExactly(Map.entry("main:0;work:0;leaf:0", 2L));
    }

    @Test
    void threadRootsAndTruncationMarkersArePrepended() {
        Profile p = new Profile(table, ProfileOptions.DEFAULT.withThreadRoots(true));
        int t = p.addThread(101, 1, "worker", false);
        p.add(t, leafFirst(leaf, work), 2, true, 0);
        p.add(t, leafFirst(leaf, work), 2, false, 0);
        assertThat(stacks(p)).containsOnly(
                Map.entry("[worker tid=101]:0;" + Profile.TRUNCATED + ":0;work:20;leaf:5", 1L),
                Map.entry("[worker tid=101]:0;work:20;leaf:5", 1L));
    }

    @Test
    void theTimelineKeepsEverySampleInOrderOnlyWhenAskedFor() {
        Profile without = new Profile(table, ProfileOptions.DEFAULT);
        int t0 = without.addThread(101, 1, "MainThread", true);
        without.add(t0, leafFirst(work, main), 2, false, 5);
        assertThat(without.hasTimeline()).isFalse();
        assertThat(without.timelineSize()).isZero();

        Profile p = new Profile(table, ProfileOptions.DEFAULT.withTimeline(true));
        int a = p.addThread(101, 1, "MainThread", true);
        int b = p.addThread(102, 2, "worker", false);
        for (int i = 0; i < 3000; i++) { // past the first growth of the timeline arrays
            p.add(i % 2 == 0 ? a : b, i % 3 == 0 ? leafFirst(leaf, work, main) : leafFirst(main), i % 3 == 0 ? 3 : 1,
                    false, i * 1000L);
        }
        assertThat(p.timelineSize()).isEqualTo(3000);
        for (int i : new int[] {0, 1, 2, 1023, 1024, 2999}) {
            assertThat(p.timelineThread(i)).isEqualTo(i % 2 == 0 ? a : b);
            assertThat(p.timelineTimeNanos(i)).isEqualTo(i * 1000L);
            int[] expected = i % 3 == 0 ? new int[] {main, work, leaf} : new int[] {main};
            assertThat(p.stack(p.timelineNode(i))).as("sample %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aSealedProfileKeepsItsFramesAndRefusesSamples() {
        Profile p = new Profile(table, ProfileOptions.DEFAULT);
        int t = p.addThread(101, 1, "MainThread", true);
        p.add(t, leafFirst(leaf, work, main), 3, false, 0);
        p.seal();
        table.intern("later", "app.py", 1, 1); // the sampling thread goes on interning into the original table
        assertThat(p.isSealed()).isTrue();
        assertThat(p.frames()).isNotSameAs(table);
        assertThat(p.frames().size()).as("4 frames and the thread's root frame").isEqualTo(5);
        assertThat(stacks(p)).containsExactly(Map.entry("main:10;work:20;leaf:5", 1L));
        assertThatThrownBy(() -> p.add(t, leafFirst(main), 1, false, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(Arrays.asList(p.options().lineNumbers(), p.options().threadRoots(), p.options().timeline()))
                .containsExactly(true, false, false);
    }
}
