package io.pysample.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.WritePath;
import org.junit.jupiter.api.Test;

/** The agent only reads its targets: the write path (remote-exec) is not on its class path. */
class AgentReadOnlyModuleTest {
    @Test
    void theWritePathIsOutOfReach() {
        assertThat(WritePath.reachableFrom(getClass().getClassLoader())).isEmpty();
    }
}
