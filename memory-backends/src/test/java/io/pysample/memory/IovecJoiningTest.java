package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When two regions of a batch may share one remote iovec of {@code process_vm_readv}: only when the second starts
 * at or after the first's end and in the page that holds the first's last byte, so that the gap between them can
 * never touch a page neither region needs (a page that may be unmapped). The live behaviour is in
 * {@code MemoryReaderLiveTest}.
 */
class IovecJoiningTest {
    @Test
    void aRegionInTheSamePageAfterTheEndJoins() {
        assertThat(ProcessVmReader.joinable(0x1010, 0x1010)).as("adjacent").isTrue();
        assertThat(ProcessVmReader.joinable(0x1010, 0x1ff0)).as("gap within the page").isTrue();
        assertThat(ProcessVmReader.joinable(0x1fff, 0x1fff)).as("ends one byte before the page end").isTrue();
    }

    @Test
    void aRegionOnAnotherPageOrBeforeTheEndDoesNot() {
        assertThat(ProcessVmReader.joinable(0x1010, 0x2000)).as("next page").isFalse();
        assertThat(ProcessVmReader.joinable(0x1010, 0x1008)).as("overlaps or precedes").isFalse();
        assertThat(ProcessVmReader.joinable(0x2000, 0x2000)).as("end on a page boundary: last byte is on 0x1000")
                .isFalse();
        assertThat(ProcessVmReader.joinable(0x2000, 0x1ff8)).isFalse();
    }
}
