package io.pysample.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fixed-width little-endian loads from byte arrays, the byte order of every target this project supports (x86-64,
 * aarch64). Bounds are checked by the JVM: an out-of-range index throws {@link IndexOutOfBoundsException}.
 */
public final class LittleEndian {
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    public static long i64(byte[] b, int offset) {
        return (long) I64.get(b, offset);
    }

    public static int i32(byte[] b, int offset) {
        return (int) I32.get(b, offset);
    }

    public static long u32(byte[] b, int offset) {
        return ((int) I32.get(b, offset)) & 0xFFFF_FFFFL;
    }

    public static int u16(byte[] b, int offset) {
        return ((short) I16.get(b, offset)) & 0xFFFF;
    }

    public static int u8(byte[] b, int offset) {
        return b[offset] & 0xFF;
    }

    public static void putI64(byte[] b, int offset, long value) {
        I64.set(b, offset, value);
    }

    public static void putI32(byte[] b, int offset, int value) {
        I32.set(b, offset, value);
    }
}
