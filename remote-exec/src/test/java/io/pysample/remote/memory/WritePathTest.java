package io.pysample.remote.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.WritePath;
import org.junit.jupiter.api.Test;

/** The check the read-only modules run finds the write path where it is: here. */
class WritePathTest {
    @Test
    void thisModulesClassPathHoldsTheWriterAndTheWriteCall() {
        assertThat(WritePath.reachableFrom(getClass().getClassLoader()))
                .contains("loadable: io.pysample.remote.memory.ProcessMemoryWriter")
                .anyMatch(s -> s.startsWith("names the write call: ") && s.contains("WriteSyscall.class"))
                .anyMatch(s -> s.startsWith("remote-exec class: ") && s.contains("RemoteExec.class"));
    }
}
