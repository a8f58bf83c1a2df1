package io.pysample.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How much of a thread's stack chunk a sample copies: live part, some slack, never an extra page. */
class ChunkReadLengthTest {
    private static final long CHUNK = 0x7f00_0000_0000L; // chunks are page-aligned allocations
    private static final int SIZE = 16 * 1024;

    @Test
    void slackIsAddedWithinThePageTheStackEndsIn() {
        assertThat(StackChunks.readLength(CHUNK, 1000, SIZE)).isEqualTo(1000 + StackChunks.CHUNK_SLACK);
    }

    @Test
    void slackStopsAtThePageBoundary() {
        // 8016 live bytes end 176 bytes before the third page: the copy must not pin that page for slack.
        assertThat(StackChunks.readLength(CHUNK, 8016, SIZE)).isEqualTo(8192);
        assertThat(StackChunks.readLength(CHUNK, 8192, SIZE)).isEqualTo(8192);
    }

    @Test
    void neverLessThanTheLiveStackNorMoreThanTheChunk() {
        assertThat(StackChunks.readLength(CHUNK, 8200, SIZE)).isEqualTo(8200 + StackChunks.CHUNK_SLACK);
        assertThat(StackChunks.readLength(CHUNK, SIZE - 10, SIZE)).isEqualTo(SIZE);
        assertThat(StackChunks.readLength(CHUNK + 100, SIZE + 500, SIZE)).isEqualTo(SIZE + 500);
    }
}
