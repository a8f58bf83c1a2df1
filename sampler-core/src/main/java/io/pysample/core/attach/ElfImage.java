package io.pysample.core.attach;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSection;
import net.fornwall.jelf.ElfSegment;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

/**
 * The few facts the runtime locator needs from an ELF file (System V gABI): a section's address and file offset, the
 * first {@code PT_LOAD} segment, and a defined symbol's value. Parsing is done by the jelf library.
 */
final class ElfImage {
    private static final int PT_LOAD = 1;
    private static final int SHN_UNDEF = 0;

    private final ElfFile elf;

    private ElfImage(ElfFile elf) {
        this.elf = elf;
    }

    /**
     * @throws IOException if the file cannot be read or is not a 64-bit ELF file
     */
    static ElfImage open(File file) throws IOException {
        try {
            ElfFile elf = parse(file);
            if (elf.ei_class != ElfFile.CLASS_64) {
                throw new IOException(file + " is not a 64-bit ELF file");
            }
            return new ElfImage(elf);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a readable ELF file: " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code file} from a read-only mapping: only the pages of the headers and tables looked at are read
     * (jelf's {@code from(File)} reads the whole file, 8 MB for a static CPython, ~50-100 ms of a just-started
     * command's first moments). Falls back to reading the file if it cannot be mapped.
     */
    private static ElfFile parse(File file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > 0 && size < Integer.MAX_VALUE) {
                return ElfFile.from(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. a /proc/PID/map_files entry that cannot be mapped: read it instead
        }
        return ElfFile.from(file);
    }

    /** {@code sh_addr} and {@code sh_offset} of the named section. */
    record Section(long address, long fileOffset, long size) {
    }

    /** The section called {@code name} (e.g. {@code .PyRuntime}), or {@code null}. */
    Section section(String name) {
        try {
            ElfSection s = elf.firstSectionByName(name);
            return s == null ? null : new Section(s.header.sh_addr, s.header.sh_offset, s.header.sh_size);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code p_vaddr} of the first {@code PT_LOAD} segment rounded down to its {@code p_align}: the address that the
     * first mapping of the file corresponds to, so that {@code load bias = first mapping start - this}.
     */
    long firstLoadAddress() {
        for (int i = 0; i < elf.e_phnum; i++) {
            ElfSegment seg = elf.getProgramHeader(i);
            if (seg.p_type == PT_LOAD) {
                long align = seg.p_align > 1 ? seg.p_align : 1;
                return seg.p_vaddr & -align;
            }
        }
        return 0;
    }

    /** {@code st_value} of the defined symbol {@code name} in {@code .dynsym} or {@code .symtab}, or -1. */
    long definedSymbol(String name) {
        for (int kind = 0; kind < 2; kind++) {
            try {
                ElfSymbolTableSection table = kind == 0 ? elf.getDynamicSymbolTableSection()
                        : elf.getSymbolTableSection();
                if (table == null) {
                    continue;
                }
                for (ElfSymbol sym : table.symbols) {
                    // Extension modules import _PyRuntime: an undefined entry with value 0 must be skipped.
                    if (sym.st_shndx != SHN_UNDEF && name.equals(sym.getName())) {
                        return sym.st_value;
                    }
                }
            } catch (RuntimeException e) {
                // a damaged table: try the other one
            }
        }
        return -1;
    }
}
