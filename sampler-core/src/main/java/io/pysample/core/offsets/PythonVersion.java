package io.pysample.core.offsets;

/**
 * A CPython version decoded from {@code PY_VERSION_HEX} ({@code _Py_DebugOffsets.version}):
 * {@code major<<24 | minor<<16 | micro<<8 | level<<4 | serial}, level 0xA alpha, 0xB beta, 0xC candidate, 0xF final.
 */
public record PythonVersion(int major, int minor, int micro, int level, int serial) {

    public static PythonVersion fromHex(long hex) {
        return new PythonVersion((int) (hex >>> 24) & 0xFF, (int) (hex >>> 16) & 0xFF, (int) (hex >>> 8) & 0xFF,
                (int) (hex >>> 4) & 0xF, (int) hex & 0xF);
    }

    /** {@code "3.14"}. */
    public String minorVersion() {
        return major + "." + minor;
    }

    public boolean isFinal() {
        return level == 0xF;
    }

    /** Whether this version is at least {@code major.minor}. */
    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    /** {@code "3.14.10"}, or {@code "3.15.0a8"}, {@code "3.15.0rc1"} for pre-releases. */
    @Override
    public String toString() {
        String base = major + "." + minor + "." + micro;
        switch (level) {
            case 0xA:
                return base + "a" + serial;
            case 0xB:
                return base + "b" + serial;
            case 0xC:
                return base + "rc" + serial;
            default:
                return base;
        }
    }
}
