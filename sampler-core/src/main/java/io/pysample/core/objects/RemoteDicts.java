package io.pysample.core.objects;

import static io.pysample.core.objects.ObjectLayout313.DICT_KEYS_GENERAL;
import static io.pysample.core.objects.ObjectLayout313.DICT_KEYS_SPLIT;
import static io.pysample.core.objects.ObjectLayout313.DK_INDICES;
import static io.pysample.core.objects.ObjectLayout313.DK_KIND;
import static io.pysample.core.objects.ObjectLayout313.DK_LOG2_INDEX_BYTES;
import static io.pysample.core.objects.ObjectLayout313.DK_LOG2_SIZE;
import static io.pysample.core.objects.ObjectLayout313.DK_NENTRIES;
import static io.pysample.core.objects.ObjectLayout313.GENERAL_ENTRY_SIZE;
import static io.pysample.core.objects.ObjectLayout313.UNICODE_ENTRY_SIZE;
import static io.pysample.core.objects.ObjectLayout313.VALUES_ARRAY;
import static io.pysample.core.objects.ObjectLayout313.VALUES_CAPACITY;
import static io.pysample.core.objects.ObjectLayout313.VALUES_VALID;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code dict} objects from a CPython 3.13 target's memory, read-only and bounded: at most
 * {@link #MAX_ENTRIES} entries per dict, every read may come back short (then the entries read so far are all
 * there is). A dict that changes while it is read can yield stale or mixed entries; callers check what they get.
 *
 * <p>Layout ({@code Include/internal/pycore_dict.h}, 3.13; constants in {@link ObjectLayout313}): the dict's
 * {@code ma_keys} and {@code ma_values} come from {@code _Py_DebugOffsets.dict_object}. The keys object holds
 * {@code 1 << dk_log2_index_bytes} bytes of indices at {@code dk_indices}, then {@code dk_nentries} entries in
 * insertion order: {@code PyDictKeyEntry {me_hash, me_key, me_value}} for {@code DICT_KEYS_GENERAL},
 * {@code PyDictUnicodeEntry {me_key, me_value}} otherwise. A split dict ({@code ma_values != NULL}) and an
 * instance's inline values keep the values in a {@code PyDictValues} ({@code capacity}, {@code valid},
 * {@code values[]}) indexed like the shared keys' entries. Deleted entries have a NULL key or value and are
 * skipped. Not thread-safe.
 */
public final class RemoteDicts {
    /** Entries read per dict at most: far above {@code sys.modules} or {@code threading._active} in practice. */
    public static final int MAX_ENTRIES = 1 << 16;
    /** Shared keys objects remembered at most. */
    private static final int MAX_SHARED_KEYS = 1024;

    /** Receives a dict's entries; returns false to stop. */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * @param key the key object's address
         * @param value the value object's address
         * @param hash {@code me_hash} of a general table; 0 for str-keyed tables (their entries hold no hash)
         */
        boolean visit(long key, long value, long hash);
    }

    private final MemoryReader memory;
    private final RemoteObjects objects;
    private final int maKeys;
    private final int maValues;
    private final byte[] header = new byte[80];
    /** Split keys objects read since {@link #forgetSharedKeys()}. */
    private final Map<Long, Keys> sharedKeys = new HashMap<>();

    public RemoteDicts(MemoryReader memory, DebugOffsets offsets, RemoteObjects objects) {
        this.memory = memory;
        this.objects = objects;
        this.maKeys = RemoteObjects.smallOffset(offsets.value("dict_object.ma_keys"));
        this.maValues = RemoteObjects.smallOffset(offsets.value("dict_object.ma_values"));
    }

    /**
     * Visits the first {@code maxEntries} entries (at most {@link #MAX_ENTRIES}) of the {@code dict} at
     * {@code dict}.
     *
     * @return false if the dict or its keys could not be read or look malformed (nothing was visited then)
     */
    public boolean forEach(long dict, int maxEntries, EntryVisitor visitor) {
        if (dict == 0 || (dict & 7) != 0 || maKeys < 0 || maValues < 0) {
            return false;
        }
        int len = Math.max(maKeys, maValues) + 8;
        if (memory.read(dict, header, 0, len) < len) {
            return false;
        }
        long keys = LittleEndian.i64(header, maKeys);
        long split = LittleEndian.i64(header, maValues);
        return forEach(keys, split, maxEntries, visitor);
    }

    /**
     * Visits the first {@code maxEntries} entries (at most {@link #MAX_ENTRIES}) of the keys object {@code keys},
     * taking the values from the {@code PyDictValues} at {@code splitValues} if that is not 0 (a split dict, or an
     * instance's inline values with the type's {@code ht_cached_keys}).
     *
     * @return false if the keys or values could not be read or look malformed, or the inline values are no longer
     *     {@code valid} (nothing was visited then)
     */
    public boolean forEach(long keys, long splitValues, int maxEntries, EntryVisitor visitor) {
        if ((splitValues & 7) != 0) {
            return false;
        }
        Keys k = keys(keys, splitValues != 0, maxEntries);
        if (k == null) {
            return false;
        }
        int got = k.count;
        byte[] values = null;
        if (splitValues != 0) {
            // Own buffer per call: a visitor may read other dicts (a Thread's attributes) while this one is visited.
            values = buffer(splitValues, VALUES_ARRAY + got * 8);
            int read = values == null ? 0 : memory.read(splitValues, values, 0, values.length);
            if (read < VALUES_ARRAY || values[VALUES_VALID] == 0) {
                return false;
            }
            got = Math.min(Math.min(got, LittleEndian.u8(values, VALUES_CAPACITY)), (read - VALUES_ARRAY) / 8);
        }
        int size = k.kind == DICT_KEYS_GENERAL ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
        byte[] entries = k.entries;
        for (int i = 0; i < got; i++) {
            int e = i * size;
            long key;
            long value;
            long hash = 0;
            if (k.kind == DICT_KEYS_GENERAL) {
                hash = LittleEndian.i64(entries, e);
                key = LittleEndian.i64(entries, e + 8);
                value = LittleEndian.i64(entries, e + 16);
            } else {
                key = LittleEndian.i64(entries, e);
                value = splitValues != 0 ? LittleEndian.i64(values, VALUES_ARRAY + i * 8)
                        : LittleEndian.i64(entries, e + 8);
            }
            if (key != 0 && value != 0 && !visitor.visit(key, value, hash)) {
                break;
            }
        }
        return true;
    }

    /** A keys object's kind and first {@code count} entries, copied (never changed once made). */
    private record Keys(int kind, int count, int maxEntries, byte[] entries) {
    }

    /**
     * The keys object at {@code keys}, its entries up to {@code maxEntries}, or {@code null} if unreadable or
     * malformed (split keys must be {@code DICT_KEYS_SPLIT}, others not). Split keys, which every instance of a type
     * shares, are remembered until {@link #forgetSharedKeys()}.
     */
    private Keys keys(long keys, boolean split, int maxEntries) {
        if (keys == 0 || (keys & 7) != 0) {
            return null;
        }
        Keys known = split ? sharedKeys.get(keys) : null;
        if (known != null && known.maxEntries == maxEntries) {
            return known;
        }
        if (memory.read(keys, header, 0, DK_INDICES) < DK_INDICES) {
            return null;
        }
        int log2Size = LittleEndian.u8(header, DK_LOG2_SIZE);
        int log2IndexBytes = LittleEndian.u8(header, DK_LOG2_INDEX_BYTES);
        int kind = LittleEndian.u8(header, DK_KIND);
        long used = LittleEndian.i64(header, DK_NENTRIES);
        // Index entries are 1 to 8 bytes wide; a table has at least 8 slots and never more entries than slots.
        if (log2Size < 3 || log2Size > 30 || log2IndexBytes < log2Size || log2IndexBytes > log2Size + 3
                || kind > DICT_KEYS_SPLIT || split != (kind == DICT_KEYS_SPLIT) || used < 0 || used > (1L << log2Size)) {
            return null;
        }
        int n = (int) Math.min(used, Math.min(maxEntries, MAX_ENTRIES));
        int size = kind == DICT_KEYS_GENERAL ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
        long at = keys + DK_INDICES + (1L << log2IndexBytes);
        byte[] entries = buffer(at, n * size);
        if (entries == null || memory.read(at, entries, 0, n * size) < n * size) {
            return null;
        }
        Keys k = new Keys(kind, n, maxEntries, entries);
        if (split) {
            if (sharedKeys.size() >= MAX_SHARED_KEYS) {
                sharedKeys.clear();
            }
            sharedKeys.put(keys, k);
        }
        return k;
    }

    /**
     * Forgets the shared keys read so far: they grow in place as instances get new attributes, so a copy holds only
     * while the target is read once.
     */
    public void forgetSharedKeys() {
        sharedKeys.clear();
    }

    /** The value stored under the ASCII {@code str} key {@code name} in the dict at {@code dict}, or 0. */
    public long lookup(long dict, String name) {
        long[] found = new long[1];
        forEach(dict, MAX_ENTRIES, (key, value, hash) -> {
            if (objects.isAsciiString(key, name)) {
                found[0] = value;
                return false;
            }
            return true;
        });
        return found[0];
    }

    /**
     * A buffer for {@code bytes} bytes at {@code address}, or {@code null} if the last of them is unreadable: a
     * garbage length costs no large allocation.
     */
    private byte[] buffer(long address, int bytes) {
        if (bytes > 4096 && memory.read(address + bytes - 1, header, 0, 1) < 1) {
            return null;
        }
        return new byte[bytes];
    }
}
