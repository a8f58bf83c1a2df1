package io.pysample.memory;

/**
 * One line of {@code /proc/<pid>/maps}: {@code start-end perms offset dev inode path}.
 *
 * @param start first address (inclusive)
 * @param end last address (exclusive)
 * @param perms the four permission characters, e.g. {@code r-xp}
 * @param offset offset of {@code start} in the mapped file
 * @param inode inode of the mapped file, 0 for anonymous memory
 * @param path the file, a pseudo name such as {@code [heap]}, or empty; a trailing {@code " (deleted)"} is kept
 */
public record MemoryMapping(long start, long end, String perms, long offset, long inode, String path) {

    public boolean readable() {
        return perms.charAt(0) == 'r';
    }

    public boolean writable() {
        return perms.charAt(1) == 'w';
    }

    public boolean executable() {
        return perms.charAt(2) == 'x';
    }

    public long size() {
        return end - start;
    }

    public boolean contains(long address) {
        return address >= start && address < end;
    }

    /** Whether this maps a file (not anonymous memory or a pseudo region such as {@code [stack]}). */
    public boolean isFile() {
        return inode != 0 && path.startsWith("/");
    }

    /** Whether the mapped file was deleted or replaced after it was mapped. */
    public boolean isDeleted() {
        return path.endsWith(" (deleted)");
    }

    /** The path without a {@code " (deleted)"} suffix. */
    public String filePath() {
        return isDeleted() ? path.substring(0, path.length() - " (deleted)".length()) : path;
    }

    /** The last path element of {@link #filePath()}. */
    public String fileName() {
        String p = filePath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /**
     * Parses one maps line.
     *
     * @throws IllegalArgumentException if the line is not in the kernel's format
     */
    public static MemoryMapping parse(String line) {
        try {
            int dash = line.indexOf('-');
            int sp1 = line.indexOf(' ', dash);
            int sp2 = line.indexOf(' ', sp1 + 1);
            int sp3 = line.indexOf(' ', sp2 + 1);
            int sp4 = line.indexOf(' ', sp3 + 1);
            int sp5 = line.indexOf(' ', sp4 + 1);
            long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(line.substring(dash + 1, sp1), 16);
            String perms = line.substring(sp1 + 1, sp2);
            long offset = Long.parseUnsignedLong(line.substring(sp2 + 1, sp3), 16);
            String inodeText = sp5 < 0 ? line.substring(sp4 + 1).trim() : line.substring(sp4 + 1, sp5);
            long inode = Long.parseLong(inodeText);
            String path = sp5 < 0 ? "" : line.substring(sp5 + 1).strip();
            if (perms.length() != 4) {
                throw new IllegalArgumentException("bad permissions");
            }
            return new MemoryMapping(start, end, perms, offset, inode, path);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a /proc/<pid>/maps line: " + line, e);
        }
    }
}
