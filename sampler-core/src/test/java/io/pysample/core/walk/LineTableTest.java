package io.pysample.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link LineTable} against a real location table: {@code co_linetable} of a function compiled by CPython 3.14
 * (loops jumping back, a 1,500-line gap that needs the varint forms, an exception handler, instructions without a
 * line), with the line of every code unit as the interpreter's own {@code co_lines()} reports it. Generated once
 * by compiling, in 3.14:
 * <pre>
 * def f(x):                       # line 1
 *     y = 0
 *     for i in range(x):
 *         y += i                  # line 4, then 1,500 empty lines
 *     z = [j for j in range(3)]   # line 1505
 *     try:
 *         return y / x
 *     except ZeroDivisionError:
 *         return -1
 * </pre>
 */
class LineTableTest {
    private static final int FIRST_LINE = 1;
    private static final byte[] TABLE = {
        -128, 0, -40, 8, 9, -128, 65, -36, 13, 18, -112, 49, -114, 88, -120, 1, -40, 8, 9, -115, 6, -118, 1, -15, 3,
        0, 14, 22, -12, 124, 46, 0, 21, 26, -104, 33, -108, 72, -45, 8, 29, -111, 72, -120, 113, -118, 17, -111, 72,
        -128, 65, -48, 8, 29, -16, 2, 3, 5, 18, -40, 15, 16, -115, 117, -120, 12, -7, -14, 5, 0, 9, 30, -8, -12, 6,
        0, 12, 29, -12, 0, 1, 5, 18, -40, 15, 17, -118, 9, -16, 3, 1, 5, 18, -6
    };
    /** Line per code unit from {@code co_lines()}; -1 where it reports {@code None}. */
    private static final int[] LINES = {
        1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 1505, 1505, 1505,
        1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505, 1505,
        1505, 1505, 1505, 1505, 1506, 1507, 1507, 1507, 1507, 1507, 1507, 1507, 1507, -1, -1, 1505, 1505, 1505, -1,
        1508, 1508, 1508, 1508, 1508, 1508, 1508, 1508, 1508, 1508, 1509, 1509, 1509, 1509, 1508, -1, -1, -1
    };

    @Test
    void everyCodeUnitMapsToTheLineCPythonReports() {
        for (int unit = 0; unit < LINES.length; unit++) {
            assertThat(LineTable.lineFor(TABLE, TABLE.length, FIRST_LINE, unit)).as("code unit %d", unit)
                    .isEqualTo(LINES[unit] < 0 ? LineTable.NO_LINE : LINES[unit]);
        }
    }

    @Test
    void unitsOutsideTheTableHaveNoLine() {
        assertThat(LineTable.lineFor(TABLE, TABLE.length, FIRST_LINE, -1)).isEqualTo(LineTable.NO_LINE);
        assertThat(LineTable.lineFor(TABLE, TABLE.length, FIRST_LINE, LINES.length + 100))
                .isEqualTo(LineTable.NO_LINE);
    }

    @Test
    void truncatedOrCorruptTablesEndTheSearchInsteadOfReadingPastThem() {
        int last = LINES.length - 1;
        for (int cut = 0; cut < TABLE.length; cut++) {
            int line = LineTable.lineFor(TABLE, cut, FIRST_LINE, last);
            assertThat(line).as("table cut to %d bytes", cut).isIn(LineTable.NO_LINE, LINES[last]);
        }
        byte[] corrupt = Arrays.copyOf(TABLE, TABLE.length);
        corrupt[0] = 0x05; // not an entry start (high bit clear)
        assertThat(LineTable.lineFor(corrupt, corrupt.length, FIRST_LINE, 0)).isEqualTo(LineTable.NO_LINE);
        byte[] endlessVarint = {(byte) (0x80 | (13 << 3)), 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F};
        assertThat(LineTable.lineFor(endlessVarint, endlessVarint.length, 1, 0)).isEqualTo(LineTable.NO_LINE);
    }
}
