package io.pysample.core.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.memory.MemoryMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A file offset (e.g. of the {@code .PyRuntime} section) becomes a runtime address through the maps line whose file
 * range holds it: {@code start + (fileOffset - offset)}. Mappings as a PIE CPython 3.14 executable has them.
 */
class FileOffsetTranslationTest {
    private static final List<MemoryMapping> MAPS = List.of(
            MemoryMapping.parse("55d0c8a00000-55d0c8a5e000 r--p 00000000 fe:00 42 /usr/bin/python3.14"),
            MemoryMapping.parse("55d0c8a5e000-55d0c8e4d000 r-xp 0005e000 fe:00 42 /usr/bin/python3.14"),
            MemoryMapping.parse("55d0c8e4d000-55d0c90f6000 r--p 0044d000 fe:00 42 /usr/bin/python3.14"),
            MemoryMapping.parse("55d0c90f7000-55d0c9112000 r--p 006f6000 fe:00 42 /usr/bin/python3.14"),
            MemoryMapping.parse("55d0c9112000-55d0c9244000 rw-p 00711000 fe:00 42 /usr/bin/python3.14"));

    @Test
    void anOffsetInsideAMappingIsTranslatedByThatMapping() {
        assertThat(RuntimeLocator.addressOfFileOffset(MAPS, 0x7a17c0))
                .isEqualTo(0x55d0c9112000L + 0x7a17c0 - 0x711000);
        assertThat(RuntimeLocator.addressOfFileOffset(MAPS, 0)).isEqualTo(0x55d0c8a00000L);
        assertThat(RuntimeLocator.addressOfFileOffset(MAPS, 0x5e000)).isEqualTo(0x55d0c8a5e000L);
        assertThat(RuntimeLocator.addressOfFileOffset(MAPS, 0x5dfff)).isEqualTo(0x55d0c8a5dfffL);
    }

    @Test
    void anOffsetNoMappingHoldsGivesZero() {
        assertThat(RuntimeLocator.addressOfFileOffset(MAPS, 0x6f5fff + 1 + 0x1000 * 0x1000)).isZero();
        assertThat(RuntimeLocator.addressOfFileOffset(MAPS, 0x711000 + 0x132000)).isZero();
        assertThat(RuntimeLocator.addressOfFileOffset(List.of(), 0x1000)).isZero();
    }
}
