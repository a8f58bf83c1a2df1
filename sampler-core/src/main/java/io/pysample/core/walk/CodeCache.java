package io.pysample.core.walk;

import io.pysample.core.util.LongIntMap;
import java.util.Arrays;

/**
 * Code objects by address: a {@link LongIntMap} from address to a slot of a dense {@link CodeInfo} array. Emptied
 * whenever a code object may have been freed (its address may then hold another one); bounded, so a target
 * churning through code objects cannot grow it without limit. Not thread-safe.
 */
final class CodeCache {
    private static final int MAX_ENTRIES = 1 << 16;

    private final LongIntMap slots = new LongIntMap(128);
    private CodeInfo[] entries = new CodeInfo[128];
    private int size;

    CodeInfo get(long address) {
        int slot = slots.get(address);
        return slot < 0 ? null : entries[slot];
    }

    void put(CodeInfo info) {
        int slot = slots.get(info.address);
        if (slot >= 0) {
            entries[slot] = info;
            return;
        }
        if (size >= MAX_ENTRIES) {
            clear();
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size] = info;
        slots.put(info.address, size++);
    }

    /** Drops the entry for {@code address}, if any (the last entry moves into its slot). */
    void remove(long address) {
        int slot = slots.remove(address);
        if (slot < 0) {
            return;
        }
        size--;
        if (slot != size) {
            entries[slot] = entries[size];
            slots.put(entries[slot].address, slot);
        }
        entries[size] = null;
    }

    void clear() {
        slots.clear();
        Arrays.fill(entries, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }
}
