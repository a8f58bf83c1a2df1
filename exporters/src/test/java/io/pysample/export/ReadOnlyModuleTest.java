package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.WritePath;
import org.junit.jupiter.api.Test;

/** The exporters (used by record and dump) cannot reach the write path, not even at compile time. */
class ReadOnlyModuleTest {
    @Test
    void theWritePathIsOutOfReach() {
        assertThat(WritePath.reachableFrom(getClass().getClassLoader())).isEmpty();
    }
}
