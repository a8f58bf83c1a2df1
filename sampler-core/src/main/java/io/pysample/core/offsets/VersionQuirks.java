package io.pysample.core.offsets;

import java.util.Map;

/**
 * Layout facts a profiler needs that {@code _Py_DebugOffsets} does not publish, per CPython minor version, as data.
 * Each value cites where it comes from; all were checked against the Debian 3.13.18 / 3.14.10 / 3.15.2 binaries
 * (headers compiled and DWARF of {@code _remote_debugging}).
 *
 * @param threadStateState offset of {@code int PyThreadState.state} (attached/detached/suspended):
 *     3.13: 40, 3.14: 44, 3.15: 48 ({@code Include/cpython/pystate.h})
 * @param holdsGilStatusBit the bit of {@code PyThreadState._status} that says the thread holds the GIL (3.13:
 *     {@code holds_gil} is bit 5 of {@code _status}), or -1 where it is an int field
 * @param holdsGilInt offset of {@code int PyThreadState.holds_gil} where it is not in {@code _Py_DebugOffsets}
 *     (3.14: 36), or -1 (3.13 uses the status bit, 3.15 publishes {@code thread_state.holds_gil})
 * @param datastackTopDelta {@code offsetof(datastack_top) - offsetof(datastack_chunk)}: the fields are adjacent
 *     pointers in {@code PyThreadState} in every version (8)
 * @param entryOwners {@code _PyInterpreterFrame.owner} values of shim/entry frames that are not Python calls:
 *     3.13 {@code FRAME_OWNED_BY_CSTACK}=3; 3.14 {@code FRAME_OWNED_BY_INTERPRETER}=3 and {@code _CSTACK}=4;
 *     3.15 {@code FRAME_OWNED_BY_INTERPRETER}=3 ({@code Include/internal/pycore_frame.h})
 * @param stackRefTagged whether {@code _PyInterpreterFrame.f_executable} is a tagged {@code _PyStackRef} whose low
 *     two bits must be cleared (3.14+) or a plain {@code PyObject*} (3.13)
 * @param statusActiveBit bit of {@code _status} set while the thread state is active (bit 4 in every version)
 */
public record VersionQuirks(int threadStateState, int holdsGilStatusBit, int holdsGilInt, int datastackTopDelta,
        int[] entryOwners, boolean stackRefTagged, int statusActiveBit) {

    /** {@code PyThreadState.state} value of a thread running Python code ({@code _Py_THREAD_ATTACHED}). */
    public static final int THREAD_ATTACHED = 1;

    private static final Map<String, VersionQuirks> BY_VERSION = Map.of(
            "3.13", new VersionQuirks(40, 5, -1, 8, new int[] {3}, false, 4),
            "3.14", new VersionQuirks(44, -1, 36, 8, new int[] {3, 4}, true, 4),
            "3.15", new VersionQuirks(48, -1, -1, 8, new int[] {3}, true, 4));

    /**
     * The facts for {@code minorVersion}; a newer unknown version gets the newest known facts (the caller has then
     * already checked the offsets table for sanity).
     */
    public static VersionQuirks of(String minorVersion) {
        VersionQuirks q = BY_VERSION.get(minorVersion);
        return q != null ? q : BY_VERSION.get(DebugOffsetsLayout.KNOWN.get(DebugOffsetsLayout.KNOWN.size() - 1));
    }

    /** Whether a frame with this owner is an entry/shim frame to skip. */
    public boolean isEntryOwner(int owner) {
        for (int o : entryOwners) {
            if (o == owner) {
                return true;
            }
        }
        return false;
    }
}
