package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes {@code str} and {@code bytes} objects from the target's memory, bounded so that garbage cannot make it
 * allocate or loop without limit. Returns {@code null} for anything unreadable or malformed.
 *
 * <p>{@code str} ({@code Include/cpython/unicodeobject.h}, default build, 3.13-3.15): {@code length} (code points)
 * at {@code unicode_object.length}; a 32-bit {@code state} at {@code unicode_object.state} with
 * {@code kind = (state >> 2) & 7} (1 latin-1, 2 UCS-2, 4 UCS-4), {@code compact = bit 5}, {@code ascii = bit 6};
 * the upper bits are padding and ignored. Compact ASCII data follows the {@code PyASCIIObject} header
 * ({@code asciiobject_size}); other compact data follows {@code PyCompactUnicodeObject}
 * ({@code compactunicodeobject_size}, 3.15; 56 before); legacy strings hold a data pointer at that offset.
 */
final class RemoteObjects {
    /** Longest string decoded, in code points: far above any real name or path, far below memory trouble. */
    static final int MAX_STRING = 1 << 20;
    /** Largest {@code co_linetable} read. */
    static final int MAX_BYTES = 16 << 20;

    private final MemoryReader memory;
    private final DebugOffsets offsets;
    private final byte[] header;
    private byte[] data = new byte[4096];

    RemoteObjects(MemoryReader memory, DebugOffsets offsets) {
        this.memory = memory;
        this.offsets = offsets;
        this.header = new byte[Math.max(offsets.strCompactData, offsets.bytesData) + 16];
    }

    /** The {@code str} at {@code address}, or {@code null}. */
    String readString(long address) {
        if (address == 0 || (address & 7) != 0) {
            return null;
        }
        int headerLen = offsets.strCompactData + 8;
        if (memory.read(address, header, 0, headerLen) < headerLen) {
            return null;
        }
        long length = LittleEndian.i64(header, offsets.strLength);
        int state = LittleEndian.i32(header, offsets.strState);
        int kind = (state >> 2) & 7;
        boolean compact = ((state >> 5) & 1) != 0;
        boolean ascii = ((state >> 6) & 1) != 0;
        if (length < 0 || length > MAX_STRING || (kind != 1 && kind != 2 && kind != 4) || (ascii && kind != 1)) {
            return null;
        }
        long dataAddress;
        if (compact) {
            dataAddress = address + (ascii ? offsets.strAsciiData : offsets.strCompactData);
        } else {
            dataAddress = LittleEndian.i64(header, offsets.strCompactData);
            if (dataAddress == 0) {
                return null;
            }
        }
        int bytes = (int) length * kind;
        byte[] buf = buffer(bytes);
        if (memory.read(dataAddress, buf, 0, bytes) < bytes) {
            return null;
        }
        return decode(buf, bytes, kind, ascii);
    }

    private static String decode(byte[] buf, int bytes, int kind, boolean ascii) {
        switch (kind) {
            case 1:
                if (ascii) {
                    for (int i = 0; i < bytes; i++) {
                        if (buf[i] < 0) {
                            return null; // an ASCII string cannot hold bytes >= 0x80
                        }
                    }
                }
                return new String(buf, 0, bytes, StandardCharsets.ISO_8859_1);
            case 2:
                return new String(buf, 0, bytes, StandardCharsets.UTF_16LE);
            default: {
                int[] cps = new int[bytes / 4];
                for (int i = 0; i < cps.length; i++) {
                    int cp = LittleEndian.i32(buf, i * 4);
                    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                        return null;
                    }
                    cps[i] = cp;
                }
                return new String(cps, 0, cps.length);
            }
        }
    }

    /**
     * The contents of the {@code bytes} object at {@code address} ({@code bytes_object.ob_size} bytes at
     * {@code bytes_object.ob_sval}), or {@code null}.
     */
    byte[] readBytes(long address) {
        if (address == 0 || (address & 7) != 0) {
            return null;
        }
        int headerLen = offsets.bytesData;
        if (memory.read(address, header, 0, headerLen) < headerLen) {
            return null;
        }
        long size = LittleEndian.i64(header, offsets.bytesSize);
        if (size < 0 || size > MAX_BYTES) {
            return null;
        }
        // A garbage size must not cost a large allocation: the last byte has to be readable first.
        if (size > 4096 && memory.read(address + offsets.bytesData + size - 1, header, 0, 1) < 1) {
            return null;
        }
        byte[] out = new byte[(int) size];
        if (memory.read(address + offsets.bytesData, out, 0, out.length) < out.length) {
            return null;
        }
        return out;
    }

    private byte[] buffer(int bytes) {
        if (data.length < bytes) {
            data = new byte[Math.max(bytes, data.length * 2)];
        }
        return data;
    }

    /** The NUL-terminated C string at {@code address}, at most {@code max} bytes, or {@code null}. */
    String readCString(long address, int max) {
        byte[] buf = buffer(max);
        int n = memory.read(address, buf, 0, max);
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                return new String(Arrays.copyOf(buf, i), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
