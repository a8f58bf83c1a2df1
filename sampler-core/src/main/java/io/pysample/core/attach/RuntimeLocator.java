package io.pysample.core.attach;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryMapping;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ProcessInfo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code _PyRuntime} in a live process, the way CPython's own {@code search_linux_map_for_section} does and
 * then some:
 * <ol>
 *   <li>every mapped file whose name contains {@code python} (the executable, {@code libpython3.X.so}) is parsed as
 *       ELF and its {@code .PyRuntime} section is mapped to a runtime address through the mapping that covers the
 *       section's file offset (PIE, non-PIE and shared libraries alike);</li>
 *   <li>failing that, its defined {@code _PyRuntime} symbol plus the load bias (first mapping start minus the first
 *       {@code PT_LOAD} address);</li>
 *   <li>failing that, a scan of its writable mappings for the {@code xdebugpy} cookie;</li>
 *   <li>failing that, the {@code .PyRuntime} section of the main executable and then of every other mapped file
 *       with executable code, whatever its name: embedding applications and renamed static builds.</li>
 * </ol>
 * Every candidate is confirmed by reading the cookie from the target. Deleted files are read through
 * {@code /proc/<pid>/exe} or {@code /proc/<pid>/map_files}.
 */
public final class RuntimeLocator {
    private static final Pattern PY_VERSION_IN_NAME = Pattern.compile("python(\\d)\\.(\\d+)");
    private static final long MAX_SCAN_BYTES = 64L << 20;

    private RuntimeLocator() {
    }

    /**
     * @throws NotPythonException if no mapped file holds a CPython runtime
     * @throws UnsupportedPythonException if the files are named for a CPython older than 3.13
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     * @throws io.pysample.memory.PermissionDeniedException if its maps or memory may not be read
     */
    public static RuntimeLocation locate(ProcessInfo info, MemoryReader memory) {
        List<MemoryMapping> maps = info.maps();
        Map<String, List<MemoryMapping>> named = new LinkedHashMap<>();
        Map<String, List<MemoryMapping>> others = new LinkedHashMap<>();
        String exe = safeExe(info);
        for (MemoryMapping m : maps) {
            if (m.isFile()) {
                boolean isNamed = m.fileName().toLowerCase().contains("python");
                (isNamed ? named : others).computeIfAbsent(m.path(), k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<MemoryMapping>> c : named.entrySet()) {
            RuntimeLocation found = fromElf(info, memory, c.getKey(), c.getValue(), exe, true);
            if (found != null) {
                return found;
            }
        }
        for (Map.Entry<String, List<MemoryMapping>> c : named.entrySet()) {
            RuntimeLocation found = scanForCookie(memory, c.getKey(), c.getValue());
            if (found != null) {
                return found;
            }
        }
        // An embedding application or a renamed static build ("cp python3.14 myapp"): the main executable and any
        // other mapped file that has a .PyRuntime section. Section headers only: no symbol tables, no scans.
        RuntimeLocation found = fromUnnamedFiles(info, memory, others, exe);
        if (found != null) {
            return found;
        }
        for (String file : named.keySet()) {
            Matcher m = PY_VERSION_IN_NAME.matcher(new File(file).getName());
            if (m.find() && Integer.parseInt(m.group(1)) == 3 && Integer.parseInt(m.group(2)) < 13) {
                throw new UnsupportedPythonException("process " + info.pid() + " runs Python " + m.group(1) + "."
                        + m.group(2) + ", which has no _Py_DebugOffsets: pysample needs CPython 3.13 or newer");
            }
        }
        if (named.isEmpty()) {
            throw new NotPythonException("process " + info.pid() + " (" + describe(info)
                    + ") is not a Python process: no python executable or libpython is mapped, and no mapped file "
                    + "has a .PyRuntime section");
        }
        throw new NotPythonException("process " + info.pid() + " (" + describe(info) + ") maps " + named.keySet()
                + " but no CPython 3.13+ runtime (_PyRuntime with _Py_DebugOffsets) was found in them");
    }

    /** The main executable first, then every other mapped file with an executable mapping, by section only. */
    private static RuntimeLocation fromUnnamedFiles(ProcessInfo info, MemoryReader memory,
            Map<String, List<MemoryMapping>> files, String exe) {
        List<MemoryMapping> exeMappings = files.get(exe);
        if (exeMappings != null) {
            RuntimeLocation found = fromElf(info, memory, exe, exeMappings, exe, false);
            if (found != null) {
                return found;
            }
        }
        for (Map.Entry<String, List<MemoryMapping>> c : files.entrySet()) {
            boolean code = c.getValue().stream().anyMatch(MemoryMapping::executable);
            if (code && !c.getKey().equals(exe)) {
                RuntimeLocation found = fromElf(info, memory, c.getKey(), c.getValue(), exe, false);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static RuntimeLocation fromElf(ProcessInfo info, MemoryReader memory, String path,
            List<MemoryMapping> mappings, String exe, boolean trySymbol) {
        ElfImage elf;
        try {
            elf = ElfImage.open(readableCopy(info, path, mappings.get(0), exe));
        } catch (IOException e) {
            return null;
        }
        ElfImage.Section section = elf.section(".PyRuntime");
        if (section != null) {
            long address = addressOfFileOffset(mappings, section.fileOffset());
            if (address == 0) {
                address = section.address() + loadBias(elf, mappings);
            }
            if (hasCookie(memory, address)) {
                return new RuntimeLocation(address, path, "section");
            }
        }
        if (!trySymbol) {
            return null;
        }
        long symbol = elf.definedSymbol("_PyRuntime");
        if (symbol > 0) {
            long address = symbol + loadBias(elf, mappings);
            if (hasCookie(memory, address)) {
                return new RuntimeLocation(address, path, "symbol");
            }
        }
        return null;
    }

    /** The file's bytes: the path itself, or, when it was deleted, the kernel's handle on the mapped inode. */
    private static File readableCopy(ProcessInfo info, String path, MemoryMapping first, String exe) {
        MemoryMapping probe = first;
        if (!probe.isDeleted() && Files.isReadable(Path.of(path))) {
            return new File(path);
        }
        if (path.equals(exe)) {
            return info.exeLink().toFile();
        }
        return new File("/proc/" + info.pid() + "/map_files/" + Long.toHexString(probe.start()) + "-"
                + Long.toHexString(probe.end()));
    }

    /** Formula B: the mapping that holds {@code fileOffset} gives its address; 0 if none does. */
    static long addressOfFileOffset(List<MemoryMapping> mappings, long fileOffset) {
        for (MemoryMapping m : mappings) {
            if (fileOffset >= m.offset() && fileOffset < m.offset() + m.size()) {
                return m.start() + (fileOffset - m.offset());
            }
        }
        return 0;
    }

    /** Formula A: first mapping start minus the first {@code PT_LOAD} address (0 for ET_EXEC). */
    private static long loadBias(ElfImage elf, List<MemoryMapping> mappings) {
        return mappings.get(0).start() - elf.firstLoadAddress();
    }

    private static boolean hasCookie(MemoryReader memory, long address) {
        byte[] b = new byte[DebugOffsets.HEADER_SIZE];
        return memory.read(address, b, 0, b.length) == b.length && isCookie(b, 0);
    }

    private static boolean isCookie(byte[] b, int at) {
        return DebugOffsets.COOKIE.equals(new String(b, at, 8, StandardCharsets.ISO_8859_1))
                && (LittleEndian.i64(b, at + 8) >>> 24) == 3;
    }

    /** Last resort: the cookie at an 8-byte aligned position in the file's writable mappings. */
    private static RuntimeLocation scanForCookie(MemoryReader memory, String path, List<MemoryMapping> mappings) {
        byte[] buf = new byte[1 << 16];
        long budget = MAX_SCAN_BYTES;
        for (MemoryMapping m : mappings) {
            if (!m.readable() || !m.writable()) {
                continue;
            }
            for (long at = m.start(); at < m.end() && budget > 0; at += buf.length - 16) {
                int len = (int) Math.min(buf.length, m.end() - at);
                int n = memory.read(at, buf, 0, len);
                budget -= n;
                for (int i = 0; i + 16 <= n; i += 8) {
                    if (isCookie(buf, i)) {
                        return new RuntimeLocation(at + i, path, "cookie-scan");
                    }
                }
                if (n < len) {
                    break;
                }
            }
        }
        return null;
    }

    private static String safeExe(ProcessInfo info) {
        try {
            return info.exe();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String describe(ProcessInfo info) {
        String exe = safeExe(info);
        return exe.isEmpty() ? "unknown executable" : exe;
    }
}
