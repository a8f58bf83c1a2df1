package io.pysample.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntMapTest {
    @Test
    void agreesWithAHashMapUnderRandomPutsRemovesAndClears() {
        SplittableRandom random = new SplittableRandom(42);
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> truth = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Few distinct keys, some clustered (addresses 8 apart), so probe runs collide and wrap.
            long key = random.nextBoolean() ? random.nextInt(300) * 8L : random.nextLong();
            int op = random.nextInt(100);
            if (op < 50) {
                int value = random.nextInt(1 << 20);
                map.put(key, value);
                truth.put(key, value);
            } else if (op < 90) {
                Integer old = truth.remove(key);
                assertThat(map.remove(key)).isEqualTo(old == null ? -1 : old);
            } else if (op == 99 && random.nextInt(50) == 0) {
                map.clear();
                truth.clear();
            }
            assertThat(map.get(key)).isEqualTo(truth.getOrDefault(key, -1));
            assertThat(map.size()).isEqualTo(truth.size());
        }
        for (Map.Entry<Long, Integer> e : truth.entrySet()) {
            assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
        }
    }
}
