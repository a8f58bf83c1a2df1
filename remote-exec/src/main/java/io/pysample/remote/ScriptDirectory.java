package io.pysample.remote;

import io.pysample.memory.ProcessInfo;
import io.pysample.remote.RemoteExecException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A fresh private directory holding the files of one remote execution: the script(s) the target reads and the
 * result file it writes.
 *
 * <h2>Security model</h2>
 * The directory ({@code /tmp/pysample-exec-*}, mode 0700) and its files (scripts 0400, result 0600) belong to the
 * <b>target's</b> uid ({@link ProcessInfo#uid()}): the target can read the scripts and write its result, and no
 * other user can read, replace or plant anything there. When pysample runs as the target's user that is pysample's
 * own uid; when it runs as root for another user's process, ownership is handed over with {@code chown}
 * ({@code unix:uid}). A pysample that can do neither refuses ({@link Reason#CANNOT_STAGE}) rather than loosen the
 * modes. The result is read without following symbolic links and with a size cap, since the target's user owns
 * the directory. Everything is removed by {@link #close()}.
 *
 * <h2>Target's view</h2>
 * A target in another mount namespace or a chroot (a container, systemd's {@code PrivateTmp}) has its own
 * {@code /tmp}: the directory is then created through {@code /proc/<pid>/root/tmp}, and {@link #targetPath} gives
 * the path the target opens.
 */
public final class ScriptDirectory implements AutoCloseable {
    /** The name of the result file the injected script publishes by renaming {@link #RESULT_TEMP} onto it. */
    public static final String RESULT = "result.json";
    /** The file the injected script writes first (created empty by pysample, owned by the target's uid). */
    public static final String RESULT_TEMP = "result.json.tmp";

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SCRIPT_MODE = PosixFilePermissions.fromString("r--------");
    private static final Set<PosixFilePermission> RESULT_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path hostDir;
    private final String targetDir;
    private final int ownerUid;
    private boolean closed;

    private ScriptDirectory(Path hostDir, String targetDir, int ownerUid) {
        this.hostDir = hostDir;
        this.targetDir = targetDir;
        this.ownerUid = ownerUid;
    }

    /**
     * Creates a private directory for a script that process {@code info.pid()} will read.
     *
     * @throws RemoteExecException ({@link Reason#CANNOT_STAGE}) if it cannot be created or handed to the target's
     *     user
     */
    public static ScriptDirectory create(ProcessInfo info) {
        int targetUid = info.uid();
        int selfUid = effectiveUid();
        boolean sameView = sameFilesystemView(info.pid());
        Path hostBase = sameView ? Path.of("/tmp") : Path.of("/proc", Integer.toString(info.pid()), "root", "tmp");
        if (!Files.isDirectory(hostBase)) {
            throw new RemoteExecException(Reason.CANNOT_STAGE, "cannot stage the script: "
                    + (sameView ? "/tmp" : "the target's /tmp (" + hostBase + ")") + " is not a directory");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(hostBase, "pysample-exec-",
                    PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (IOException e) {
            throw new RemoteExecException(Reason.CANNOT_STAGE, "cannot create a script directory in " + hostBase
                    + ": " + e.getMessage(), e);
        }
        ScriptDirectory sd = new ScriptDirectory(dir, "/tmp/" + dir.getFileName(),
                targetUid >= 0 && targetUid != selfUid ? targetUid : -1);
        try {
            sd.own(dir);
        } catch (RemoteExecException e) {
            sd.close();
            throw new RemoteExecException(Reason.CANNOT_STAGE, "process " + info.pid() + " runs as uid "
                    + targetUid + " and pysample (uid " + selfUid + ") cannot hand it a private script directory: "
                    + "run pysample as that user or as root", e);
        }
        return sd;
    }

    /** The directory as pysample sees it. */
    public Path hostDir() {
        return hostDir;
    }

    /** The path the target uses for {@code name} in this directory. */
    public String targetPath(String name) {
        return targetDir + "/" + name;
    }

    /**
     * Writes a script (UTF-8) readable only by the target's user.
     *
     * @return the path the target opens
     */
    public String writeScript(String name, String source) {
        return writeScript(name, source.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a script's bytes as they are (the target honours a coding declaration) readable only by the target's
     * user.
     *
     * @return the path the target opens
     */
    public String writeScript(String name, byte[] source) {
        return writeFile(name, source, SCRIPT_MODE);
    }

    /**
     * Creates the empty {@link #RESULT_TEMP}, writable by the target's user only.
     *
     * @return the path, as the target sees it, of {@link #RESULT}, which the script renames the temp file onto
     */
    public String prepareResult() {
        writeFile(RESULT_TEMP, new byte[0], RESULT_MODE);
        return targetPath(RESULT);
    }

    private String writeFile(String name, byte[] content, Set<PosixFilePermission> mode) {
        if (name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("bad file name " + name);
        }
        Path file = hostDir.resolve(name);
        try {
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(file, mode);
            own(file);
        } catch (IOException e) {
            throw new RemoteExecException(Reason.CANNOT_STAGE, "cannot write " + file + ": " + e.getMessage(), e);
        }
        return targetPath(name);
    }

    private void own(Path p) {
        if (ownerUid < 0) {
            return;
        }
        try {
            Files.setAttribute(p, "unix:uid", ownerUid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new RemoteExecException(Reason.CANNOT_STAGE, "cannot give " + p + " to uid " + ownerUid + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The published result, if the script has renamed it into place: read without following links, at most
     * {@code maxBytes}.
     *
     * @throws RemoteExecException ({@link Reason#BAD_RESULT}) if it is not a regular file or larger than the cap
     */
    public Optional<byte[]> readResult(long maxBytes) {
        Path file = hostDir.resolve(RESULT);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RemoteExecException(Reason.BAD_RESULT, "cannot read the result " + file + ": "
                    + e.getMessage(), e);
        }
        if (!attrs.isRegularFile()) {
            throw new RemoteExecException(Reason.BAD_RESULT, "the result " + file + " is not a regular file");
        }
        if (attrs.size() > maxBytes) {
            throw new RemoteExecException(Reason.BAD_RESULT, "the result is " + attrs.size() + " bytes, more than "
                    + "the cap of " + maxBytes);
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(ch)) {
            byte[] data = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (data.length > maxBytes) {
                throw new RemoteExecException(Reason.BAD_RESULT, "the result is more than " + maxBytes + " bytes");
            }
            return Optional.of(data);
        } catch (IOException e) {
            throw new RemoteExecException(Reason.BAD_RESULT, "cannot read the result " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes the directory and everything in it (symbolic links are removed, never followed). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.walkFileTree(hostDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: the directory is private and named pysample-exec-*
        }
    }

    /** pysample's effective uid: the owner of {@code /proc/self}. */
    static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Whether pysample and process {@code pid} share mount namespace and root directory. */
    static boolean sameFilesystemView(int pid) {
        try {
            Path proc = Path.of("/proc", Integer.toString(pid));
            String ourNs = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
            String theirNs = Files.readSymbolicLink(proc.resolve("ns/mnt")).toString();
            String ourRoot = Files.readSymbolicLink(Path.of("/proc/self/root")).toString();
            String theirRoot = Files.readSymbolicLink(proc.resolve("root")).toString();
            return Objects.equals(ourNs, theirNs) && Objects.equals(ourRoot, theirRoot);
        } catch (IOException | UnsupportedOperationException e) {
            return true; // cannot tell: assume the common case
        }
    }
}
