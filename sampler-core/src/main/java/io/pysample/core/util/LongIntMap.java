package io.pysample.core.util;

import java.util.Arrays;

/**
 * An open-addressing (linear probing) map from {@code long} keys to non-negative {@code int}s, without boxing: the
 * one hash map of the hot path (profile trie children, code objects by address, a code object's frame-id memo).
 * Any {@code long} is a valid key except {@link Long#MIN_VALUE}, which marks empty slots. Not thread-safe.
 */
public final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;

    /** @param capacity entries expected; the table starts at twice that, rounded up to a power of two */
    public LongIntMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1);
        keys = new long[n];
        values = new int[n];
        Arrays.fill(keys, EMPTY);
    }

    /** The value for {@code key}, or -1. */
    public int get(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask;; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    public void put(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask;; i = (i + 1) & mask) {
            if (keys[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** Removes {@code key}; returns its value, or -1 if it was absent. */
    public int remove(long key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != key) {
            if (keys[i] == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        int old = values[i];
        // Backward-shift deletion: pull later entries of the probe run into the hole so lookups need no tombstones.
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = mix(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        size--;
        return old;
    }

    public void clear() {
        if (size > 0) {
            Arrays.fill(keys, EMPTY);
            size = 0;
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long x) {
        return (int) ((x * 0x9E3779B97F4A7C15L) >>> 35);
    }
}
