package io.pysample.core.walk;

import io.pysample.core.util.LongIntMap;

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
    /** A hash of the fields that identify this code object (with {@code co_version}), re-read to revalidate on 3.13. */
    final long identity;
    /** The read of frames after which the entry was last confirmed to still describe the object at {@link #address}. */
    long validatedAt;

    /** Code unit -> interned frame id. */
    private final LongIntMap memo = new LongIntMap(4);

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
        return memo.get(unit);
    }

    void memoise(int unit, int frameId) {
        memo.put(unit, frameId);
    }
}
