package io.pysample.core.walk;

import java.util.Arrays;

/**
 * Code objects by address: an open-addressing map from {@code long} to {@link CodeInfo}, with no boxing. Cleared
 * whenever the interpreter's code-object generation changes (3.14+), since a freed address may be reused by another
 * code object; bounded, so a target churning through code objects cannot grow it without limit. Not thread-safe.
 */
final class CodeCache {
    private static final int MAX_ENTRIES = 1 << 16;

    private long[] keys = new long[256];
    private CodeInfo[] values = new CodeInfo[256];
    private int size;

    CodeInfo get(long address) {
        int mask = keys.length - 1;
        for (int i = mix(address) & mask;; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == address) {
                return values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    void put(CodeInfo info) {
        if (size >= MAX_ENTRIES) {
            clear();
        }
        if ((size + 1) * 2 > keys.length) {
            rebuild(keys.length * 2, 0);
        }
        insert(info);
    }

    /** Drops the entry for {@code address}; rare (3.13 revalidation), so it rebuilds the table. */
    void remove(long address) {
        rebuild(keys.length, address);
    }

    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, null);
        size = 0;
    }

    int size() {
        return size;
    }

    private void insert(CodeInfo info) {
        int mask = keys.length - 1;
        for (int i = mix(info.address) & mask;; i = (i + 1) & mask) {
            if (keys[i] == 0) {
                size++;
            } else if (keys[i] != info.address) {
                continue;
            }
            keys[i] = info.address;
            values[i] = info;
            return;
        }
    }

    private void rebuild(int capacity, long without) {
        long[] oldKeys = keys;
        CodeInfo[] oldValues = values;
        keys = new long[capacity];
        values = new CodeInfo[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0 && oldKeys[i] != without) {
                insert(oldValues[i]);
            }
        }
    }

    private static int mix(long x) {
        return (int) ((x * 0x9E3779B97F4A7C15L) >>> 32);
    }
}
