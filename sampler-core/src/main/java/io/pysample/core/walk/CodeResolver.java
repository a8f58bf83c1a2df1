package io.pysample.core.walk;

import io.pysample.core.objects.RemoteObjects;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns a raw frame (code object address, instruction address) into an interned {@link FrameTable} id, through a
 * {@link CodeCache} of {@link CodeInfo} keyed by address.
 *
 * <h2>Whether a cached address still holds the same code object</h2>
 * A target that keeps compiling and dropping code frees code objects, and the allocator soon puts a new one (or a
 * string, or a line table) at the same address. A cache entry is only used for a frame if the object it was read
 * from cannot have been freed between that read and the frame's read:
 * <ul>
 * <li>3.14+: {@code interpreter_state.code_object_generation} is bumped by every {@code code_dealloc}
 * ({@code Objects/codeobject.c}) before the memory is freed, and it only grows. The cache belongs to one value of
 * the sum of all interpreters' generations ({@link #generation}), read before any entry was loaded. A thread's
 * frames are trusted only if a read of the generations <i>after</i> them (the interpreter fields at the end of the
 * sample's batch, or the trailing segments of a re-read) still shows that value ({@link #generationUnchanged});
 * entries loaded while resolving them are confirmed the same way by one more read afterwards
 * ({@link #confirmLoads}). CPython's own {@code _remote_debugging} clears its code
 * cache when the generation changes, but checks it only once, before the frames are read.</li>
 * <li>3.13 (no generation): every cached code object a sample uses is re-read, in one batch per thread, after the
 * frames ({@link #revalidate}; again after a re-read of them); it must still show the same identifying fields,
 * among them {@code co_version}. The
 * pointers alone recur (a freed name string's or line table's address is reused by the next one), but
 * {@code co_version} is unique: {@code init_code} ({@code Objects/codeobject.c}, 3.13-3.15) gives every new code
 * object the interpreter's next {@code func_state.next_version} (a counter that sticks at 0 once it wraps, after 2^32
 * code objects). A freshly loaded entry is not trusted for the frames that made it load: the thread is re-read so
 * that it is revalidated after them.</li>
 * </ul>
 * An instruction must also lie inside its code object's bytecode. An instruction without a line is reported at
 * {@code co_firstlineno}. Not thread-safe.
 */
final class CodeResolver {
    /** {@code PyVarObject.ob_size}: the number of code units of a code object. */
    static final int OB_SIZE = 16;

    private final MemoryReader memory;
    private final DebugOffsets offsets;
    private final FrameTable frameTable;
    private final WalkStats stats;
    private final RemoteObjects objects;
    private final CodeCache codes = new CodeCache();
    private final ReadBatch validation = new ReadBatch(64, 16 * 1024);
    private final ByteBuffer codeBuffer;
    /** Bytes of a code object that identify it: up to its last identifying field. */
    private final int identitySpan;
    /**
     * {@code uint32_t co_version}: the member right before {@code co_localsplusnames} in {@code PyCodeObject}
     * ({@code Include/cpython/code.h}, 3.13-3.15; checked live: offset 92 on all three), or -1 if that is unknown.
     */
    private final int coVersion;
    private long codeType;
    /** Bumped whenever cached code objects are dropped: frame ids memoised per thread are then stale. */
    private long epoch;
    /** The generation sum the cache belongs to (3.14+); {@link Long#MIN_VALUE} before the first read. */
    private long generation = Long.MIN_VALUE;
    private long loads;
    /** Counts reads of frames (a sample's batch, a thread's re-read): a validation vouches only for earlier ones. */
    private long frameReads;

    CodeResolver(MemoryReader memory, DebugOffsets offsets, FrameTable frameTable, WalkStats stats) {
        this.memory = memory;
        this.offsets = offsets;
        this.frameTable = frameTable;
        this.stats = stats;
        this.objects = new RemoteObjects(memory, offsets);
        this.codeBuffer = ByteBuffer.allocate(offsets.codeSize).order(ByteOrder.LITTLE_ENDIAN);
        this.coVersion = offsets.codeLocalsplusnames >= 4 ? offsets.codeLocalsplusnames - 4 : -1;
        this.identitySpan = Math.max(Math.max(Math.max(offsets.codeFilename, offsets.codeQualname),
                Math.max(offsets.codeLinetable, offsets.codeFirstLineNo)), coVersion) + 8;
    }

    /** Whether the target has {@code code_object_generation} (3.14+). */
    boolean hasGeneration() {
        return offsets.interpCodeObjectGeneration >= 0;
    }

    /**
     * Frames are about to be read (a sample's batch or one thread's re-read): entries checked before this read no
     * longer vouch for its frames, so {@link #revalidate} checks them again. A re-read within a sample matters: by
     * then the object an entry was checked against may have been freed and its address reused.
     */
    void framesRead() {
        frameReads++;
    }

    /** Changes whenever cached entries were dropped. */
    long epoch() {
        return epoch;
    }

    /** Code objects loaded so far: a change across a thread's resolution means it loaded some. */
    long loads() {
        return loads;
    }

    /**
     * 3.14+: whether the generation sum {@code sum}, read after a thread's frames, is the one the cache belongs to.
     * If not, the cache is emptied and now belongs to {@code sum} (the frames must then be read again).
     */
    boolean generationUnchanged(long sum) {
        if (sum == generation && sum >= 0) {
            return true;
        }
        clear();
        generation = sum < 0 ? Long.MIN_VALUE : sum; // an unreadable generation never vouches for anything
        return false;
    }

    /**
     * Whether the entries loaded while resolving a thread's frames may be trusted for them. 3.14+: one read of the
     * generations of the discovered interpreters shows no code object was freed meanwhile. 3.13: never at once;
     * the thread is re-read so that {@link #revalidate} checks the entries after its frames.
     */
    boolean confirmLoads(ThreadDiscovery interpreters) {
        if (!hasGeneration()) {
            return false;
        }
        validation.clear();
        addGenerationReads(validation, interpreters);
        memory.read(validation);
        return generationUnchanged(generationSum(validation, 0, interpreters.interpreterCount()));
    }

    /** 3.14+: adds a read of every interpreter's {@code code_object_generation}; returns the first segment or -1. */
    int addGenerationReads(ReadBatch b, ThreadDiscovery interpreters) {
        if (!hasGeneration()) {
            return -1;
        }
        int first = b.size();
        for (int i = 0; i < interpreters.interpreterCount(); i++) {
            b.add(interpreters.interpreter(i) + offsets.interpCodeObjectGeneration, 8);
        }
        return first;
    }

    /** The sum of {@code count} 8-byte generation segments from {@code first}, or -1 if one is incomplete. */
    static long generationSum(ReadBatch b, int first, int count) {
        long sum = 0;
        for (int i = first; i < first + count; i++) {
            if (!b.isComplete(i)) {
                return -1;
            }
            sum += b.data().getLong(b.offset(i));
        }
        return sum;
    }

    /** The frame id of {@code instruction} in the code object at {@code executable}, or -1 (counted). */
    int resolve(long executable, long instruction) {
        CodeInfo code = codes.get(executable);
        if (code == null) {
            code = load(executable);
            if (code == null) {
                stats.countDrop(DropReason.BAD_CODE_OBJECT);
                return -1;
            }
            codes.put(code);
            loads++;
        }
        long offset = instruction - (executable + offsets.codeCodeAdaptive);
        if (offset < 0 || (offset >>> 1) >= code.codeUnits) {
            stats.countDrop(DropReason.TORN_STACK); // instruction outside its code: a mixed read
            return -1;
        }
        int unit = (int) (offset >>> 1);
        int id = code.memoised(unit);
        if (id < 0) {
            int line = LineTable.lineFor(code.lineTable, code.lineTable.length, code.firstLine, unit);
            // No line: a module's RESUME carries line 0 (co_lines() gives (0, 2, 0)), and a frame sits there while
            // the eval breaker runs the GC; or a no-location entry. The code's first line is the honest nearest.
            id = frameTable.intern(code.qualname, code.filename, line > 0 ? line : Math.max(code.firstLine, 0),
                    code.firstLine);
            code.memoise(unit, id);
        }
        return id;
    }

    /**
     * 3.13: re-reads, in one batch, the identifying fields of every cached code object among
     * {@code executables[0..count)} not yet checked in this sample, and drops those that changed.
     */
    void revalidate(long[] executables, int count) {
        if (hasGeneration()) {
            return;
        }
        validation.clear();
        for (int i = 0; i < count; i++) {
            CodeInfo info = codes.get(executables[i]);
            if (info != null && info.validatedAt != frameReads) {
                info.validatedAt = frameReads;
                validation.add(info.address, identitySpan);
            }
        }
        if (validation.size() == 0) {
            return;
        }
        memory.read(validation);
        for (int s = 0; s < validation.size(); s++) {
            long address = validation.address(s);
            CodeInfo info = codes.get(address);
            if (info != null && (!validation.isComplete(s)
                    || info.identity != identity(validation.data(), validation.offset(s)))) {
                codes.remove(address);
                epoch++;
            }
        }
    }

    private void clear() {
        codes.clear();
        epoch++;
    }

    private CodeInfo load(long address) {
        if ((address & 7) != 0) {
            return null;
        }
        ByteBuffer cb = codeBuffer;
        if (memory.read(address, cb.array(), 0, offsets.codeSize) < offsets.codeSize) {
            return null;
        }
        if (!isCodeType(cb.getLong(offsets.objType))) {
            return null;
        }
        String qualname = objects.readString(cb.getLong(offsets.codeQualname));
        if (qualname == null) {
            qualname = objects.readString(cb.getLong(offsets.codeName));
        }
        String filename = objects.readString(cb.getLong(offsets.codeFilename));
        if (qualname == null || filename == null) {
            return null;
        }
        byte[] table = objects.readBytes(cb.getLong(offsets.codeLinetable));
        long units = cb.getLong(OB_SIZE);
        if (units < 0) {
            return null;
        }
        CodeInfo info = new CodeInfo(address, qualname, filename, cb.getInt(offsets.codeFirstLineNo),
                table == null ? new byte[0] : table, units, identity(cb, 0));
        info.validatedAt = -1; // 3.13: checked after the frames of the next read that uses it
        return info;
    }

    /** Whether {@code type} is {@code PyCode_Type}: learnt once from the type's {@code tp_name}. */
    private boolean isCodeType(long type) {
        if (codeType != 0) {
            return type == codeType;
        }
        if (type == 0 || (type & 7) != 0) {
            return false;
        }
        byte[] name = new byte[8];
        if (memory.read(type + offsets.typeName, name, 0, 8) < 8) {
            return false;
        }
        long nameAddress = LittleEndian.i64(name, 0);
        if (nameAddress > 0 && "code".equals(objects.readCString(nameAddress, 8))) {
            codeType = type;
            return true;
        }
        return false;
    }

    /** A fingerprint of the fields that tell one code object from another at the same address. */
    private long identity(ByteBuffer b, int base) {
        long h = b.getLong(base + offsets.objType);
        h = h * 31 + (coVersion >= 0 ? b.getInt(base + coVersion) : 0);
        h = h * 31 + b.getLong(base + offsets.codeFilename);
        h = h * 31 + b.getLong(base + offsets.codeQualname);
        h = h * 31 + b.getLong(base + offsets.codeLinetable);
        h = h * 31 + b.getInt(base + offsets.codeFirstLineNo);
        return h * 31 + b.getLong(base + OB_SIZE);
    }
}
