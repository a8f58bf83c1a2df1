package io.pysample.core.attach;

import io.pysample.memory.MemoryMapping;
import io.pysample.memory.ProcessInfo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds where a named ELF section of a mapped file lies in a live process, like {@link RuntimeLocator} does for
 * {@code .PyRuntime}: the mapping that covers the section's file offset, else {@code sh_addr} plus the load bias.
 */
public final class SectionLocator {
    private SectionLocator() {
    }

    /** A section found: its address in the target, size in bytes and the file that holds it. */
    public record Found(long address, long size, String path) {
    }

    /**
     * The first mapped file, in map order, whose path passes {@code files} and that has section {@code name}; or
     * {@code null}. Unreadable or non-ELF files are skipped.
     *
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     */
    public static Found find(ProcessInfo info, String name, Predicate<String> files) {
        Map<String, List<MemoryMapping>> byFile = new LinkedHashMap<>();
        for (MemoryMapping m : info.maps()) {
            if (m.isFile() && files.test(m.path())) {
                byFile.computeIfAbsent(m.path(), k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<MemoryMapping>> e : byFile.entrySet()) {
            List<MemoryMapping> maps = e.getValue();
            MemoryMapping first = maps.get(0);
            File file = !first.isDeleted() && Files.isReadable(Path.of(e.getKey())) ? new File(e.getKey())
                    : new File("/proc/" + info.pid() + "/map_files/" + Long.toHexString(first.start()) + "-"
                            + Long.toHexString(first.end()));
            ElfImage elf;
            try {
                elf = ElfImage.open(file);
            } catch (IOException ex) {
                continue;
            }
            ElfImage.Section s = elf.section(name);
            if (s == null) {
                continue;
            }
            long address = RuntimeLocator.addressOfFileOffset(maps, s.fileOffset());
            if (address == 0) {
                address = s.address() + first.start() - elf.firstLoadAddress();
            }
            return new Found(address, s.size(), e.getKey());
        }
        return null;
    }
}
