package io.pysample.core.offsets;

import io.pysample.memory.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoded {@code _Py_DebugOffsets} table of one target (CPython 3.13+, the first member of {@code _PyRuntime};
 * {@code Include/internal/pycore_debug_offsets.h}). Values are byte offsets relative to the start of the object the
 * member's group names (e.g. {@code thread_state.current_frame} from a {@code PyThreadState*}), or sizes
 * ({@code *.size}); see the internals notes for the few exceptions.
 *
 * <p>The walker reads the public fields directly (hot path). A member the target's version lacks is {@code -1}.
 */
public final class DebugOffsets {
    /** The 8 cookie bytes at offset 0 ({@code _Py_Debug_Cookie}). */
    public static final String COOKIE = "xdebugpy";
    /** Bytes to read to learn the version and build before choosing a layout: cookie, version, free_threaded. */
    public static final int HEADER_SIZE = 24;
    /** Largest table any layout could need; enough to read in one go before the version is known. */
    public static final int MAX_SIZE = 4096;

    private final PythonVersion version;
    private final boolean freeThreaded;
    private final Map<String, Long> values;
    private final VersionQuirks quirks;
    private final int tableSize;

    // runtime_state
    public final int runtimeInterpretersHead;
    public final int runtimeFinalizing;
    // interpreter_state
    public final int interpSize;
    public final int interpId;
    public final int interpNext;
    public final int interpThreadsHead;
    public final int interpThreadsMain;
    public final int interpGc;
    public final int interpGilLocked;
    public final int interpGilHolder;
    public final int interpCodeObjectGeneration;
    // thread_state
    public final int tstateSize;
    public final int tstateNext;
    public final int tstateInterp;
    public final int tstateCurrentFrame;
    public final int tstateBaseFrame;
    public final int tstateThreadId;
    public final int tstateNativeThreadId;
    public final int tstateDatastackChunk;
    public final int tstateDatastackTop;
    public final int tstateStatus;
    public final int tstateState;
    public final int tstateHoldsGil;
    /**
     * Offset in {@code PyThreadState} of {@code exc_state.exc_value} (the thread's own {@code _PyErr_StackItem}: the
     * exception handled by an {@code except} block outside generators), or -1: {@code thread_state.exc_state} plus
     * {@code err_stackitem.exc_value}, published from CPython 3.15.
     */
    public final int tstateExcValue;
    // interpreter_frame
    public final int frameSize;
    public final int framePrevious;
    public final int frameExecutable;
    public final int frameInstrPtr;
    public final int frameOwner;
    public final int frameStackPointer;
    // code_object
    public final int codeSize;
    public final int codeFilename;
    public final int codeName;
    public final int codeQualname;
    public final int codeLinetable;
    public final int codeFirstLineNo;
    public final int codeCodeAdaptive;
    public final int codeLocalsplusnames;
    // objects
    public final int objType;
    public final int typeName;
    public final int typeFlags;
    public final int bytesSize;
    public final int bytesData;
    public final int strLength;
    public final int strState;
    public final int strAsciiData;
    public final int strCompactData;
    public final int gcCollecting;
    public final int gcFrame;

    private DebugOffsets(PythonVersion version, boolean freeThreaded, Map<String, Long> values, int tableSize) {
        this.version = version;
        this.freeThreaded = freeThreaded;
        this.values = Collections.unmodifiableMap(values);
        this.quirks = VersionQuirks.of(version.minorVersion());
        this.tableSize = tableSize;
        runtimeInterpretersHead = get("runtime_state.interpreters_head");
        runtimeFinalizing = get("runtime_state.finalizing");
        interpSize = get("interpreter_state.size");
        interpId = get("interpreter_state.id");
        interpNext = get("interpreter_state.next");
        interpThreadsHead = get("interpreter_state.threads_head");
        interpThreadsMain = get("interpreter_state.threads_main");
        interpGc = get("interpreter_state.gc");
        interpGilLocked = get("interpreter_state.gil_runtime_state_locked");
        interpGilHolder = get("interpreter_state.gil_runtime_state_holder");
        interpCodeObjectGeneration = get("interpreter_state.code_object_generation");
        tstateSize = get("thread_state.size");
        tstateNext = get("thread_state.next");
        tstateInterp = get("thread_state.interp");
        tstateCurrentFrame = get("thread_state.current_frame");
        tstateBaseFrame = get("thread_state.base_frame");
        tstateThreadId = get("thread_state.thread_id");
        tstateNativeThreadId = get("thread_state.native_thread_id");
        tstateDatastackChunk = get("thread_state.datastack_chunk");
        tstateDatastackTop = tstateDatastackChunk + quirks.datastackTopDelta();
        tstateStatus = get("thread_state.status");
        tstateState = quirks.threadStateState();
        int published = get("thread_state.holds_gil");
        tstateHoldsGil = published >= 0 ? published : quirks.holdsGilInt();
        int excState = get("thread_state.exc_state");
        int excValue = get("err_stackitem.exc_value");
        tstateExcValue = excState >= 0 && excValue >= 0 && excState + excValue + 8 <= tstateSize
                ? excState + excValue : -1;
        frameSize = get("interpreter_frame.size");
        framePrevious = get("interpreter_frame.previous");
        frameExecutable = get("interpreter_frame.executable");
        frameInstrPtr = get("interpreter_frame.instr_ptr");
        frameOwner = get("interpreter_frame.owner");
        frameStackPointer = get("interpreter_frame.stackpointer");
        codeSize = get("code_object.size");
        codeFilename = get("code_object.filename");
        codeName = get("code_object.name");
        codeQualname = get("code_object.qualname");
        codeLinetable = get("code_object.linetable");
        codeFirstLineNo = get("code_object.firstlineno");
        codeCodeAdaptive = get("code_object.co_code_adaptive");
        codeLocalsplusnames = get("code_object.localsplusnames");
        objType = get("pyobject.ob_type");
        typeName = get("type_object.tp_name");
        typeFlags = get("type_object.tp_flags");
        bytesSize = get("bytes_object.ob_size");
        bytesData = get("bytes_object.ob_sval");
        strLength = get("unicode_object.length");
        strState = get("unicode_object.state");
        strAsciiData = get("unicode_object.asciiobject_size");
        // PyCompactUnicodeObject adds utf8_length and utf8 to PyASCIIObject; 3.15 publishes its size.
        int compact = get("unicode_object.compactunicodeobject_size");
        strCompactData = compact >= 0 ? compact : strAsciiData + 16;
        gcCollecting = get("gc.collecting");
        gcFrame = get("gc.frame");
    }

    /**
     * Decodes a table read from the start of {@code _PyRuntime}.
     *
     * @param table at least {@link #HEADER_SIZE} bytes; as many as the version's layout needs
     * @throws UnsupportedOffsetsException for a free-threaded build, a version older than 3.13, or an unknown
     *     newer version whose table fails the sanity checks
     * @throws IllegalArgumentException if the cookie is wrong or the table is too short
     */
    public static DebugOffsets decode(byte[] table) {
        if (table.length < HEADER_SIZE || !COOKIE.equals(new String(table, 0, 8, StandardCharsets.ISO_8859_1))) {
            throw new IllegalArgumentException("no _Py_DebugOffsets cookie");
        }
        PythonVersion version = PythonVersion.fromHex(LittleEndian.i64(table, 8));
        long freeThreaded = LittleEndian.i64(table, 16);
        if (version.major() != 3 || !version.atLeast(3, 13)) {
            throw new UnsupportedOffsetsException("CPython " + version + " is not supported: pysample needs CPython "
                    + "3.13 or newer");
        }
        if (freeThreaded != 0) {
            throw new UnsupportedOffsetsException("CPython " + version + " is a free-threaded build, which pysample "
                    + "does not support yet");
        }
        boolean known = DebugOffsetsLayout.KNOWN.contains(version.minorVersion());
        DebugOffsetsLayout layout = known ? DebugOffsetsLayout.of(version.minorVersion())
                : DebugOffsetsLayout.newest();
        if (table.length < layout.size()) {
            throw new IllegalArgumentException("offsets table of " + table.length + " bytes, layout needs "
                    + layout.size());
        }
        Map<String, Long> values = new LinkedHashMap<>();
        layout.positions().forEach((name, pos) -> values.put(name, LittleEndian.i64(table, pos)));
        DebugOffsets offsets = new DebugOffsets(version, false, values, layout.size());
        String problem = offsets.sanityProblem();
        if (problem != null) {
            String hint = known ? "the target's offsets table looks corrupt" : "its offsets table does not match the "
                    + "newest layout pysample knows (" + layout.version() + ")";
            throw new UnsupportedOffsetsException("CPython " + version + " is not supported: " + hint + " ("
                    + problem + ")");
        }
        return offsets;
    }

    /**
     * Checks facts that hold in every default build since 3.13; a table read with the wrong layout fails them.
     * Every offset the walker reads at must lie inside its struct (computed without {@code int} overflow), so that
     * a corrupt or mismatched table is refused here instead of sending reads outside the walker's buffers.
     * Returns a description of the first violation, or {@code null}.
     */
    String sanityProblem() {
        if (objType != 8 || get("pyobject.size") != 16) {
            return "pyobject";
        }
        if (tstateNext != 8 || tstateInterp != 16 || framePrevious != 8 || frameExecutable != 0) {
            return "thread_state/interpreter_frame links";
        }
        if (strAsciiData != 40 || bytesData <= 0) {
            return "object layouts";
        }
        int[] sizes = {interpSize, tstateSize, frameSize, codeSize};
        for (int s : sizes) {
            if (s <= 0 || s > 1 << 20) {
                return "struct sizes";
            }
        }
        int runtimeSize = get("runtime_state.size");
        if (runtimeSize <= 0 || runtimeSize > 1 << 24 || !inside(runtimeInterpretersHead, 8, runtimeSize)
                || !optionalInside(runtimeFinalizing, 8, runtimeSize)) {
            return "runtime_state offsets";
        }
        if (!inside(interpId, 8, interpSize) || !inside(interpNext, 8, interpSize)
                || !inside(interpThreadsHead, 8, interpSize) || !optionalInside(interpThreadsMain, 8, interpSize)
                || !optionalInside(interpGilLocked, 4, interpSize) || !optionalInside(interpGilHolder, 8, interpSize)
                || !optionalInside(interpCodeObjectGeneration, 8, interpSize)
                || !optionalInside(interpGc, 0, interpSize)
                || (interpGc >= 0 && !optionalInside(gcCollecting, 4, interpSize - interpGc))) {
            return "interpreter_state offsets";
        }
        if (!inside(tstateCurrentFrame, 8, tstateSize) || !optionalInside(tstateBaseFrame, 8, tstateSize)
                || !inside(tstateThreadId, 8, tstateSize) || !inside(tstateNativeThreadId, 8, tstateSize)
                || !inside(tstateDatastackChunk, 8, tstateSize) || !inside(tstateDatastackTop, 8, tstateSize)
                || !inside(tstateStatus, 4, tstateSize) || !inside(tstateState, 4, tstateSize)
                || !optionalInside(tstateHoldsGil, 4, tstateSize)) {
            return "thread_state offsets";
        }
        if (!inside(codeFilename, 8, codeSize) || !inside(codeName, 8, codeSize) || !inside(codeQualname, 8, codeSize)
                || !inside(codeLinetable, 8, codeSize) || !inside(codeFirstLineNo, 4, codeSize)
                || !inside(codeCodeAdaptive, 0, codeSize)) {
            return "code_object offsets";
        }
        if (!inside(frameOwner, 1, frameSize) || !inside(frameInstrPtr, 8, frameSize)) {
            return "interpreter_frame offsets";
        }
        int typeSize = get("type_object.size");
        if (typeSize <= 0 || typeSize > 1 << 16 || !inside(typeName, 8, typeSize)
                || !inside(bytesSize, 8, bytesData) || bytesData > 1 << 10
                || !inside(strLength, 8, strAsciiData) || !inside(strState, 4, strAsciiData)
                || strCompactData < strAsciiData || strCompactData > strAsciiData + 64) {
            return "object offsets";
        }
        return null;
    }

    /** Whether a field of {@code width} bytes at {@code offset} lies inside a struct of {@code size} bytes. */
    private static boolean inside(int offset, int width, int size) {
        return offset >= 0 && (long) offset + width <= size;
    }

    /** Like {@link #inside}, but a member the version does not publish ({@code -1}) is fine. */
    private static boolean optionalInside(int offset, int width, int size) {
        return offset == -1 || inside(offset, width, size);
    }

    private int get(String name) {
        Long v = values.get(name);
        if (v == null) {
            return -1;
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            return Integer.MAX_VALUE; // caught by the sanity checks
        }
        return (int) (long) v;
    }

    /** A member by its path, e.g. {@code "debugger_support.eval_breaker"}; -1 if the version lacks it. */
    public long value(String name) {
        return values.getOrDefault(name, -1L);
    }

    /** Every member of the table in struct order. */
    public Map<String, Long> values() {
        return values;
    }

    public PythonVersion version() {
        return version;
    }

    public boolean freeThreaded() {
        return freeThreaded;
    }

    /**
     * Whether a walk can tell which thread holds the GIL: from the interpreter's GIL
     * ({@code interpreter_state.gil_runtime_state_locked}/{@code _holder}), the {@code holds_gil} bit of
     * {@code PyThreadState._status} (3.13) or the {@code int PyThreadState.holds_gil} (3.14: known offset; 3.15:
     * {@code thread_state.holds_gil}).
     */
    public boolean knowsGilHolder() {
        return interpGilLocked >= 0 && interpGilHolder >= 0 || quirks.holdsGilStatusBit() >= 0 || tstateHoldsGil >= 0;
    }

    public VersionQuirks quirks() {
        return quirks;
    }

    /** {@code sizeof(_Py_DebugOffsets)} of the layout used. */
    public int tableSize() {
        return tableSize;
    }
}
