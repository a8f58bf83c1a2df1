package io.pysample.core.objects;

/**
 * The few CPython 3.13 object layouts that {@code _Py_DebugOffsets} does not publish but reading
 * {@code threading._active} needs: byte offsets and sizes of the default (GIL) build on 64-bit Linux. Each was
 * checked by compiling a probe against the 3.13 headers ({@code offsetof}/{@code sizeof}) and against live 3.13
 * processes ({@code ThreadNamesTest}). What the debug offsets do publish ({@code dict_object.ma_keys},
 * {@code .ma_values}, {@code long_object.*}, {@code unicode_object.*}, {@code type_object.tp_flags},
 * {@code pyobject.ob_type}, {@code interpreter_state.imports_modules}) is read from the target instead.
 */
public final class ObjectLayout313 {
    /**
     * {@code PyDictKeysObject.dk_log2_size} ({@code uint8_t}; {@code struct _dictkeysobject},
     * {@code Include/internal/pycore_dict.h}).
     */
    public static final int DK_LOG2_SIZE = 8;
    /** {@code PyDictKeysObject.dk_log2_index_bytes} ({@code uint8_t}): the index table is {@code 1 << this} bytes. */
    public static final int DK_LOG2_INDEX_BYTES = 9;
    /** {@code PyDictKeysObject.dk_kind} ({@code uint8_t}, {@code DictKeysKind}). */
    public static final int DK_KIND = 10;
    /** {@code PyDictKeysObject.dk_nentries} ({@code Py_ssize_t}): entries used, deleted ones included. */
    public static final int DK_NENTRIES = 24;
    /** {@code PyDictKeysObject.dk_indices}: the index table, followed by the entries ({@code _DK_ENTRIES}). */
    public static final int DK_INDICES = 32;
    /** {@code DICT_KEYS_GENERAL}: entries are {@code PyDictKeyEntry}. */
    public static final int DICT_KEYS_GENERAL = 0;
    /** {@code DICT_KEYS_UNICODE}: combined table of {@code PyDictUnicodeEntry}. */
    public static final int DICT_KEYS_UNICODE = 1;
    /** {@code DICT_KEYS_SPLIT}: {@code PyDictUnicodeEntry} keys, the values live in a {@code PyDictValues}. */
    public static final int DICT_KEYS_SPLIT = 2;
    /** {@code sizeof(PyDictKeyEntry)}: {@code me_hash}, {@code me_key}, {@code me_value}. */
    public static final int GENERAL_ENTRY_SIZE = 24;
    /** {@code sizeof(PyDictUnicodeEntry)}: {@code me_key}, {@code me_value}. */
    public static final int UNICODE_ENTRY_SIZE = 16;

    /** {@code PyDictValues.capacity} ({@code uint8_t}; {@code struct _dictvalues}, {@code pycore_dict.h}). */
    public static final int VALUES_CAPACITY = 0;
    /** {@code PyDictValues.valid} ({@code uint8_t}): 0 once the values moved into a materialized dict. */
    public static final int VALUES_VALID = 3;
    /** {@code PyDictValues.values}: the {@code PyObject*} array, indexed like the shared keys' entries. */
    public static final int VALUES_ARRAY = 8;

    /**
     * {@code MANAGED_DICT_OFFSET} = {@code -3 * sizeof(PyObject*)} in a default build ({@code PyManagedDictPointer},
     * {@code Include/internal/pycore_object.h}): the instance's {@code __dict__} pointer, before the GC header.
     */
    public static final int MANAGED_DICT_OFFSET = -24;
    /**
     * Where inline values start: {@code _PyObject_InlineValues} returns {@code obj + sizeof(PyObject)}
     * ({@code pycore_object.h}; such types have {@code tp_basicsize == sizeof(PyObject)}, {@code pyobject.size}).
     */
    public static final int INLINE_VALUES_OFFSET = 16;
    /** {@code PyHeapTypeObject.ht_cached_keys} ({@code Include/cpython/object.h}): the instances' shared keys. */
    public static final int HT_CACHED_KEYS = 880;
    /** {@code PyModuleObject.md_dict} ({@code Include/internal/pycore_moduleobject.h}). */
    public static final int MD_DICT = 16;

    /** {@code Py_TPFLAGS_INLINE_VALUES} ({@code Include/object.h}). */
    public static final long TPFLAGS_INLINE_VALUES = 1L << 2;
    /** {@code Py_TPFLAGS_MANAGED_DICT}. */
    public static final long TPFLAGS_MANAGED_DICT = 1L << 4;

    private ObjectLayout313() {
    }
}
