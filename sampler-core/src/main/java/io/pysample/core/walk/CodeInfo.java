package io.pysample.core.walk;

/**
 * What the walker keeps of one code object ({@code PyCodeObject}): names, line table and a memo from instruction to
 * interned frame id, so that a frame seen before costs one array probe.
 */
final class CodeInfo {
    final long address;
    final String qualname;
    final String filename;
    final int firstLine;
    final byte[] lineTable;
    /** Number of 16-bit code units ({@code Py_SIZE(code)}): instructions lie in {@code [0, codeUnits)}. */
    final long codeUnits;
    /** A hash of the fields that identify this code object, re-read to revalidate on 3.13 (no generation counter). */
    final long identity;
    /** The sample in which the entry was last confirmed to still describe the object at {@link #address}. */
    long validatedAt;

    // Open-addressing memo: code unit + 1 -> frame id (0 marks an empty slot).
    private int[] memoKeys = new int[8];
    private int[] memoIds = new int[8];
    private int memoSize;

    CodeInfo(long address, String qualname, String filename, int firstLine, byte[] lineTable, long codeUnits,
            long identity) {
        this.address = address;
        this.qualname = qualname;
        this.filename = filename;
        this.firstLine = firstLine;
        this.lineTable = lineTable;
        this.codeUnits = codeUnits;
        this.identity = identity;
    }

    /** The frame id memoised for {@code unit}, or -1. */
    int memoised(int unit) {
        int mask = memoKeys.length - 1;
        int key = unit + 1;
        for (int i = mix(unit) & mask;; i = (i + 1) & mask) {
            int k = memoKeys[i];
            if (k == key) {
                return memoIds[i];
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    void memoise(int unit, int frameId) {
        if ((memoSize + 1) * 2 > memoKeys.length) {
            grow();
        }
        int mask = memoKeys.length - 1;
        int key = unit + 1;
        for (int i = mix(unit) & mask;; i = (i + 1) & mask) {
            if (memoKeys[i] == 0) {
                memoKeys[i] = key;
                memoIds[i] = frameId;
                memoSize++;
                return;
            }
            if (memoKeys[i] == key) {
                memoIds[i] = frameId;
                return;
            }
        }
    }

    private void grow() {
        int[] keys = memoKeys;
        int[] ids = memoIds;
        memoKeys = new int[keys.length * 2];
        memoIds = new int[keys.length * 2];
        memoSize = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                memoise(keys[i] - 1, ids[i]);
            }
        }
    }

    private static int mix(int x) {
        return (x * 0x9E3779B1) >>> 7;
    }
}
