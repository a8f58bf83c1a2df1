package io.pysample.core.objects;

/**
 * The {@code tp_flags} bits ({@code type_object.tp_flags}) that tell an object's built-in base type, the same in
 * every supported version ({@code Include/object.h}, CPython 3.13-3.15): a {@code str}, {@code int} or {@code dict}
 * or a subclass of one, and whether the type object was allocated at run time.
 */
public final class TypeFlags {
    /** {@code Py_TPFLAGS_HEAPTYPE}: a type allocated at run time (a class statement), which can be freed. */
    public static final long HEAPTYPE = 1L << 9;
    /** {@code Py_TPFLAGS_LONG_SUBCLASS}: an {@code int}. */
    public static final long LONG_SUBCLASS = 1L << 24;
    /** {@code Py_TPFLAGS_UNICODE_SUBCLASS}: a {@code str}. */
    public static final long UNICODE_SUBCLASS = 1L << 28;
    /** {@code Py_TPFLAGS_DICT_SUBCLASS}: a {@code dict}. */
    public static final long DICT_SUBCLASS = 1L << 29;

    private TypeFlags() {
    }
}
