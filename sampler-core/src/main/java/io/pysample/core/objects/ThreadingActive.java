package io.pysample.core.objects;

import static io.pysample.core.objects.ObjectLayout313.HT_CACHED_KEYS;
import static io.pysample.core.objects.ObjectLayout313.INLINE_VALUES_OFFSET;
import static io.pysample.core.objects.ObjectLayout313.MANAGED_DICT_OFFSET;
import static io.pysample.core.objects.ObjectLayout313.MD_DICT;
import static io.pysample.core.objects.ObjectLayout313.TPFLAGS_INLINE_VALUES;
import static io.pysample.core.objects.ObjectLayout313.TPFLAGS_MANAGED_DICT;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code threading} module's {@code _active} dict of a CPython 3.13 target from memory, read-only: for
 * every interpreter ({@code runtime_state.interpreters_head}, {@code interpreter_state.next}),
 * {@code interpreter_state.imports_modules} (= {@code sys.modules}) → {@code "threading"} → the module's
 * {@code md_dict} → {@code "_active"}, a dict {@code threading.get_ident()} ({@code int}, the thread state's
 * {@code thread_id}) → {@code Thread}. Of each {@code Thread} it reads the attributes {@code _name} ({@code str})
 * and {@code _native_id} ({@code int}, the kernel's id as the target sees it; absent on threads that did not start
 * yet), from its {@code __dict__} if that was materialized ({@code MANAGED_DICT_OFFSET}) or else from its inline
 * values ({@code Py_TPFLAGS_INLINE_VALUES}: values at {@code obj + sizeof(PyObject)}, keys = the type's
 * {@code ht_cached_keys}); layouts in {@link ObjectLayout313} and {@link RemoteDicts}.
 *
 * <p>Everything is bounded ({@link #MAX_INTERPRETERS}, {@link RemoteDicts#MAX_ENTRIES} per dict,
 * {@link #MAX_ATTRIBUTES} per {@code Thread}, {@link #MAX_VISITS} entries per read,
 * {@link #MAX_NAME} code points per name) and checked: a key must be an {@code int} whose {@code me_hash} matches
 * its value, a value's type must have a managed dict, a name must be a {@code str}. What fails a check or cannot be
 * read is left out. The {@code _active} dict's address is kept per interpreter (the module keeps that one dict for
 * good) and looked up again when reading it fails. Not thread-safe.
 */
public final class ThreadingActive {
    /** Interpreters visited at most. */
    public static final int MAX_INTERPRETERS = 256;
    /** Attributes of one {@code Thread} looked at at most. */
    public static final int MAX_ATTRIBUTES = 256;
    /** Dict entries looked at per {@link #read()} at most, over all dicts: garbage cannot make a read endless. */
    public static final int MAX_VISITS = 1 << 18;
    /** Longest name kept, in code points; a longer one is cut and ends in {@code …}. */
    public static final int MAX_NAME = 256;
    /** {@code sys.hash_info.modulus} on 64-bit builds: an {@code int}'s hash is its value modulo this. */
    private static final long HASH_MODULUS = (1L << 61) - 1;
    /** Attribute keys and types remembered per read at most (real targets have a few dozen). */
    private static final int MAX_MEMO = 4096;
    private static final int OTHER = 0;
    private static final int NAME = 1;
    private static final int NATIVE_ID = 2;

    /** One {@code threading.Thread} of {@code _active}: its {@code _native_id} (-1 if unknown) and {@code _name}. */
    public record PythonThread(long nativeId, String name) {
    }

    private final MemoryReader memory;
    private final long runtime;
    private final RemoteObjects objects;
    private final RemoteDicts dicts;
    private final int interpretersHead;
    private final int interpNext;
    private final int interpModules;
    private final int typeFlags;
    private final byte[] word = new byte[8];
    /** A {@code Thread} from its managed dict pointer to its {@code ob_type}. */
    private final byte[] object = new byte[8 - MANAGED_DICT_OFFSET + 8];
    /** Interpreter address → its {@code threading._active} dict. */
    private final Map<Long, Long> activeDicts = new HashMap<>();

    public ThreadingActive(MemoryReader memory, long runtimeAddress, DebugOffsets offsets) {
        this.memory = memory;
        this.runtime = runtimeAddress;
        this.objects = new RemoteObjects(memory, offsets);
        this.dicts = new RemoteDicts(memory, offsets, objects);
        this.interpretersHead = offsets.runtimeInterpretersHead;
        this.interpNext = offsets.interpNext;
        long modules = offsets.value("interpreter_state.imports_modules");
        this.interpModules = modules >= 0 && modules + 8 <= offsets.interpSize ? (int) modules : -1;
        this.typeFlags = offsets.typeFlags;
    }

    /**
     * Every thread in the {@code _active} dicts of the target's interpreters, by {@code threading.get_ident()}; where
     * interpreters disagree, the main interpreter's (the last in the list) wins. Empty if {@code threading} was not
     * imported or nothing could be read.
     */
    public Map<Long, PythonThread> read() {
        Map<Long, PythonThread> out = new LinkedHashMap<>();
        if (interpModules < 0) {
            return out;
        }
        Reading reading = new Reading();
        dicts.forgetSharedKeys();
        long interp = u64(runtime + interpretersHead);
        for (int i = 0; interp != 0 && i < MAX_INTERPRETERS; i++) {
            Long known = activeDicts.get(interp);
            long active = known != null ? known : findActive(interp);
            if (!reading.readActive(active, out) && known != null) {
                reading.readActive(findActive(interp), out); // the cached dict is gone: look it up again
            }
            interp = u64(interp + interpNext);
        }
        return out;
    }

    /** {@code sys.modules["threading"].__dict__["_active"]} of interpreter {@code interp}, or 0. */
    private long findActive(long interp) {
        activeDicts.remove(interp);
        long module = dicts.lookup(u64(interp + interpModules), "threading");
        long active = module == 0 ? 0 : dicts.lookup(u64(module + MD_DICT), "_active");
        if (active != 0 && (flagsOf(active) & TypeFlags.DICT_SUBCLASS) != 0) {
            if (activeDicts.size() >= MAX_INTERPRETERS) {
                activeDicts.clear();
            }
            activeDicts.put(interp, active);
            return active;
        }
        return 0;
    }

    /** {@code tp_flags} of the object's type, or 0. */
    private long flagsOf(long object) {
        long type = u64(object + 8);
        return type == 0 ? 0 : u64(type + typeFlags);
    }

    private long u64(long address) {
        if (address == 0 || memory.read(address, word, 0, 8) < 8) {
            return 0;
        }
        return LittleEndian.i64(word, 0);
    }

    /** One {@link #read()}: memos of attribute keys and type flags, valid while the target is read once. */
    private final class Reading {
        /** Key object address → OTHER, NAME or NATIVE_ID (attribute names are interned: one object each). */
        private final Map<Long, Integer> keyKinds = new HashMap<>();
        private final Map<Long, Long> typeFlagsMemo = new HashMap<>();
        private final Map<Long, Long> sharedKeysMemo = new HashMap<>();
        private long name;
        private long nativeId;
        private int visits;

        /** Adds the threads of the {@code _active} dict at {@code active}; false if it could not be read. */
        boolean readActive(long active, Map<Long, PythonThread> out) {
            if (active == 0) {
                return false;
            }
            return dicts.forEach(active, RemoteDicts.MAX_ENTRIES, (key, value, hash) -> {
                if (++visits > MAX_VISITS) {
                    return false;
                }
                long ident = objects.readInt(key);
                if (ident != RemoteObjects.NO_INT && (flagsOfType(objects.lastType()) & TypeFlags.LONG_SUBCLASS) != 0
                        && hash == ident % HASH_MODULUS) {
                    PythonThread t = thread(value);
                    if (t != null) {
                        out.put(ident, t);
                    }
                }
                return true;
            });
        }

        /** {@code _name} and {@code _native_id} of the {@code Thread} at {@code thread}, or {@code null}. */
        private PythonThread thread(long thread) {
            // One read from the managed dict pointer (before the GC header) to ob_type.
            if (thread == 0 || memory.read(thread + MANAGED_DICT_OFFSET, object, 0, object.length) < object.length) {
                return null;
            }
            long dict = LittleEndian.i64(object, 0);
            long type = LittleEndian.i64(object, object.length - 8);
            long flags = flagsOfType(type);
            if ((flags & TPFLAGS_MANAGED_DICT) == 0) {
                return null;
            }
            name = 0;
            nativeId = 0;
            RemoteDicts.EntryVisitor attrs = (key, value, hash) -> {
                switch (keyKind(key)) {
                    case NAME -> name = value;
                    case NATIVE_ID -> nativeId = value;
                    default -> {
                    }
                }
                return (name == 0 || nativeId == 0) && ++visits <= MAX_VISITS;
            };
            if (dict != 0) {
                dicts.forEach(dict, MAX_ATTRIBUTES, attrs);
            } else if ((flags & TPFLAGS_INLINE_VALUES) != 0) {
                dicts.forEach(sharedKeys(type), thread + INLINE_VALUES_OFFSET, MAX_ATTRIBUTES, attrs);
            }
            String text = name == 0 ? null : objects.readString(name, MAX_NAME);
            if (text == null || (flagsOfType(objects.lastType()) & TypeFlags.UNICODE_SUBCLASS) == 0) {
                return null;
            }
            long tid = -1; // None before the thread started
            if (nativeId != 0) {
                long value = objects.readInt(nativeId);
                if (value != RemoteObjects.NO_INT && (flagsOfType(objects.lastType()) & TypeFlags.LONG_SUBCLASS) != 0) {
                    tid = value;
                }
            }
            return new PythonThread(tid, text);
        }

        private int keyKind(long key) {
            Integer kind = keyKinds.get(key);
            if (kind == null) {
                String k = objects.readString(key, 16);
                kind = "_name".equals(k) ? NAME : "_native_id".equals(k) ? NATIVE_ID : OTHER;
                if (keyKinds.size() < MAX_MEMO) {
                    keyKinds.put(key, kind);
                }
            }
            return kind;
        }

        /** {@code ht_cached_keys} of a heap type, read once per type. */
        private long sharedKeys(long type) {
            return memo(sharedKeysMemo, type, HT_CACHED_KEYS);
        }

        /** {@code tp_flags} of a type, read once per type; 0 for none. */
        private long flagsOfType(long type) {
            return type == 0 ? 0 : memo(typeFlagsMemo, type, typeFlags);
        }

        /** The word at {@code type + offset}, remembered in {@code memo}. */
        private long memo(Map<Long, Long> memo, long type, int offset) {
            Long value = memo.get(type);
            if (value == null) {
                value = u64(type + offset);
                if (memo.size() < MAX_MEMO) {
                    memo.put(type, value);
                }
            }
            return value;
        }
    }
}
