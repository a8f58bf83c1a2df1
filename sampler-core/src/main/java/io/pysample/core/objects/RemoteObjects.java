package io.pysample.core.objects;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes {@code str}, {@code bytes} and small {@code int} objects from the target's memory, bounded so that
 * garbage cannot make it allocate or loop without limit. Returns {@code null} (or {@link #NO_INT}) for anything
 * unreadable or malformed.
 *
 * <p>{@code str} ({@code Include/cpython/unicodeobject.h}, default build, 3.13-3.15): {@code length} (code points)
 * at {@code unicode_object.length}; a 32-bit {@code state} at {@code unicode_object.state} with
 * {@code kind = (state >> 2) & 7} (1 latin-1, 2 UCS-2, 4 UCS-4), {@code compact = bit 5}, {@code ascii = bit 6};
 * the upper bits are padding and ignored. Compact ASCII data follows the {@code PyASCIIObject} header
 * ({@code asciiobject_size}); other compact data follows {@code PyCompactUnicodeObject}
 * ({@code compactunicodeobject_size}, 3.15; 56 before); legacy strings hold a data pointer at that offset.
 */
public final class RemoteObjects {
    /** Longest string decoded, in code points: far above any real name or path, far below memory trouble. */
    public static final int MAX_STRING = 1 << 20;
    /** Largest {@code co_linetable} read. */
    public static final int MAX_BYTES = 16 << 20;

    /** Longest string {@link #isAsciiString} compares. */
    public static final int MAX_SHORT = 64;
    /** What {@link #readInt} returns for anything but a non-negative {@code int} below 2<sup>63</sup>. */
    public static final long NO_INT = Long.MIN_VALUE;

    private final MemoryReader memory;
    private final DebugOffsets offsets;
    private final byte[] header;
    /** {@code long_object.lv_tag} and {@code .ob_digit}; -1 if absent or implausible. */
    private final int longTag;
    private final int longDigits;
    private byte[] data = new byte[4096];
    private long lastType;

    public RemoteObjects(MemoryReader memory, DebugOffsets offsets) {
        this.memory = memory;
        this.offsets = offsets;
        this.header = new byte[Math.max(Math.max(offsets.strCompactData, offsets.bytesData) + 16,
                offsets.strAsciiData + MAX_SHORT)];
        this.longTag = smallOffset(offsets.value("long_object.lv_tag"));
        this.longDigits = smallOffset(offsets.value("long_object.ob_digit"));
    }

    /**
     * Bytes {@link #readString} and {@link #readInt} read first at an object's address: with that many prefetched
     * ({@code io.pysample.memory.PrefetchingReader}), a short compact string or a small {@code int} needs no other
     * read.
     */
    public int headerLength() {
        return Math.max(header.length, longDigits + 4 * 3);
    }

    /** The {@code str} at {@code address}, or {@code null}. */
    public String readString(long address) {
        return readString(address, MAX_STRING);
    }

    /**
     * The {@code str} at {@code address}, or {@code null}; a string longer than {@code maxLength} code points is cut
     * to that many, followed by {@code …}.
     */
    public String readString(long address, int maxLength) {
        if (address == 0 || (address & 7) != 0) {
            return null;
        }
        int headerLen = offsets.strCompactData + 8;
        lastType = 0;
        // The whole buffer: a short compact string's data comes with its header, in the same read.
        int got = memory.read(address, header, 0, header.length);
        if (got < headerLen) {
            return null;
        }
        lastType = LittleEndian.i64(header, offsets.objType);
        long length = LittleEndian.i64(header, offsets.strLength);
        int state = LittleEndian.i32(header, offsets.strState);
        int kind = (state >> 2) & 7;
        boolean compact = ((state >> 5) & 1) != 0;
        boolean ascii = ((state >> 6) & 1) != 0;
        if (length < 0 || length > MAX_STRING || (kind != 1 && kind != 2 && kind != 4) || (ascii && kind != 1)) {
            return null;
        }
        boolean cut = length > maxLength;
        long dataAddress;
        if (compact) {
            dataAddress = address + (ascii ? offsets.strAsciiData : offsets.strCompactData);
        } else {
            dataAddress = LittleEndian.i64(header, offsets.strCompactData);
            if (dataAddress == 0) {
                return null;
            }
        }
        int bytes = (int) (cut ? maxLength : length) * kind;
        byte[] buf = buffer(bytes);
        long inHeader = dataAddress - address;
        if (compact && inHeader + bytes <= got) {
            System.arraycopy(header, (int) inHeader, buf, 0, bytes);
        } else if (memory.read(dataAddress, buf, 0, bytes) < bytes) {
            return null;
        }
        String s = decode(buf, bytes, kind, ascii);
        return cut && s != null ? s + "\u2026" : s;
    }

    /**
     * Whether the object at {@code address} is a compact ASCII {@code str} equal to {@code ascii} (itself ASCII, at
     * most {@link #MAX_SHORT} characters): one read of header and data, for scanning dictionary keys.
     */
    public boolean isAsciiString(long address, String ascii) {
        int n = ascii.length();
        if (address == 0 || (address & 7) != 0 || n > MAX_SHORT) {
            return false;
        }
        int len = offsets.strAsciiData + n;
        if (memory.read(address, header, 0, len) < len) {
            return false;
        }
        int state = LittleEndian.i32(header, offsets.strState);
        if (LittleEndian.i64(header, offsets.strLength) != n || ((state >> 5) & 3) != 3) {
            return false; // another length, or not compact ASCII (bits 5 and 6)
        }
        for (int i = 0; i < n; i++) {
            if (header[offsets.strAsciiData + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of the {@code int} at {@code address} if it is non-negative and below 2<sup>63</sup>, else
     * {@link #NO_INT}. {@code PyLongObject} (3.13+, {@code Include/cpython/longintrepr.h}): {@code lv_tag} at
     * {@code long_object.lv_tag} = digit count {@code << 3} | sign (0 positive, 1 zero, 2 negative); 30-bit digits
     * in {@code uint32_t}s from {@code long_object.ob_digit}, least significant first. The type is not checked.
     */
    public long readInt(long address) {
        if (address == 0 || (address & 7) != 0 || longTag < 0 || longDigits < 0) {
            return NO_INT;
        }
        lastType = 0;
        int len = memory.read(address, header, 0, longDigits + 4 * 3);
        if (len < longDigits) {
            return NO_INT;
        }
        lastType = LittleEndian.i64(header, offsets.objType);
        long tag = LittleEndian.i64(header, longTag);
        long digits = tag >>> 3;
        int sign = (int) (tag & 3);
        if (sign == 1) {
            return digits == 0 ? 0 : NO_INT;
        }
        if (sign != 0 || digits < 1 || digits > 3 || longDigits + 4 * digits > len) {
            return NO_INT;
        }
        long value = 0;
        for (int i = (int) digits - 1; i >= 0; i--) {
            long digit = LittleEndian.u32(header, longDigits + 4 * i);
            if (digit >= 1L << 30 || value >>> 33 != 0) {
                return NO_INT; // not a digit, or the value would not fit in 63 bits
            }
            value = (value << 30) | digit;
        }
        return value;
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
    public byte[] readBytes(long address) {
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

    /**
     * {@code ob_type} of the object the last {@link #readString} or {@link #readInt} read (whatever it returned), or
     * 0 if its header was unreadable: callers check the type without another read.
     */
    public long lastType() {
        return lastType;
    }

    /** A debug-offsets member usable as an offset into a small object header, or -1. */
    static int smallOffset(long value) {
        return value >= 0 && value <= 64 ? (int) value : -1;
    }

    private byte[] buffer(int bytes) {
        if (data.length < bytes) {
            data = new byte[Math.max(bytes, data.length * 2)];
        }
        return data;
    }

    /** The NUL-terminated C string at {@code address}, at most {@code max} bytes, or {@code null}. */
    public String readCString(long address, int max) {
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
