package io.pysample.core.walk;

/**
 * Maps an instruction to its source line through a code object's PEP 626 location table ({@code co_linetable},
 * format described in CPython's {@code InternalDocs/code_objects.md} and decoded by {@code Objects/codeobject.c}
 * {@code _PyCode_CheckLineNumber}; identical in 3.13, 3.14 and 3.15).
 *
 * <p>Each entry starts with a byte {@code 1ccccLLL}: code {@code cccc}, length {@code LLL+1} code units. Codes 0-9
 * (short form) keep the line and carry one column byte; 10-12 add {@code code-10} to the line and carry two column
 * bytes; 13 adds a signed varint; 14 (long form) adds a signed varint and carries three varints; 15 means no
 * location. Varints are 6-bit chunks, least significant first, bit 6 = more. The decoder is bounded by the table's
 * length, so tables of any size decode exactly and corrupt ones end the search instead of looping.
 */
public final class LineTable {
    /** Returned when the instruction has no line (code 15) or lies outside the table. */
    public static final int NO_LINE = -1;

    private LineTable() {
    }

    /**
     * @param table the {@code co_linetable} bytes
     * @param length how many bytes of {@code table} are valid
     * @param firstLine {@code co_firstlineno}
     * @param unit the instruction's index in 16-bit code units ({@code (instr_ptr - co_code_adaptive) / 2})
     * @return the line number, or {@link #NO_LINE}
     */
    public static int lineFor(byte[] table, int length, int firstLine, int unit) {
        if (unit < 0) {
            return NO_LINE;
        }
        int line = firstLine;
        int addr = 0;
        int i = 0;
        while (i < length) {
            int head = table[i++] & 0xFF;
            if ((head & 0x80) == 0) {
                return NO_LINE; // not an entry start: corrupt
            }
            int code = (head >> 3) & 0xF;
            int end = addr + (head & 7) + 1;
            int lineHere;
            switch (code) {
                case 15: // no location
                    lineHere = NO_LINE;
                    break;
                case 14: { // long form: line delta, end line delta, column, end column
                    long v = readVarint(table, i, length);
                    i = (int) (v >>> 32);
                    line += decodeSigned((int) v);
                    for (int k = 0; k < 3; k++) {
                        i = (int) (readVarint(table, i, length) >>> 32);
                    }
                    lineHere = line;
                    break;
                }
                case 13: { // no columns
                    long v = readVarint(table, i, length);
                    i = (int) (v >>> 32);
                    line += decodeSigned((int) v);
                    lineHere = line;
                    break;
                }
                case 10:
                case 11:
                case 12: // one line form: line delta, column, end column
                    line += code - 10;
                    i += 2;
                    lineHere = line;
                    break;
                default: // short form: one column byte
                    i += 1;
                    lineHere = line;
                    break;
            }
            if (unit < end) {
                return i <= length ? lineHere : NO_LINE;
            }
            addr = end;
        }
        return NO_LINE;
    }

    /** Reads an unsigned varint at {@code i}; returns {@code (next index << 32) | value}. */
    private static long readVarint(byte[] table, int i, int length) {
        int value = 0;
        int shift = 0;
        int b;
        do {
            if (i >= length || shift > 28) {
                return ((long) (length + 1) << 32); // runs off the table: the caller sees i > length
            }
            b = table[i++] & 0xFF;
            value |= (b & 63) << shift;
            shift += 6;
        } while ((b & 64) != 0);
        return ((long) i << 32) | (value & 0xFFFF_FFFFL);
    }

    private static int decodeSigned(int u) {
        return (u & 1) != 0 ? -(u >>> 1) : (u >>> 1);
    }
}
