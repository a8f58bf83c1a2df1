package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.WritePath;
import org.junit.jupiter.api.Test;

/** memory-backends reads only: no class of it binds {@code process_vm_writev} or can load the remote writer. */
class ReadOnlyModuleTest {
    @Test
    void theWritePathIsOutOfReach() {
        assertThat(WritePath.reachableFrom(getClass().getClassLoader())).isEmpty();
    }
}
