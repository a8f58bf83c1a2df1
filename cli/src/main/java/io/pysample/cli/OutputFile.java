package io.pysample.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The output file of a recording, checked before sampling starts: its directory must exist and be writable (proved
 * by creating the temporary file the output is written to). The output is written to that temporary file and then
 * moved over the final name, so an existing file is replaced only by a complete recording.
 */
final class OutputFile {
    private final Path target;
    private final Path temp;

    private OutputFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * @throws UserError ({@link ExitCodes#OUTPUT_ERROR}) if the file cannot be written
     */
    static OutputFile prepare(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + target + ": it is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + target + ": directory " + dir
                    + " does not exist");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + target + ": the file is not writable");
        }
        try {
            // Not createTempFile: its 0600 mode would stick to the output; this one follows the umask.
            Path temp = Files.createFile(dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid()
                    + "." + System.nanoTime() + ".partial"));
            return new OutputFile(abs, temp);
        } catch (AccessDeniedException e) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + target + ": permission denied in " + dir);
        } catch (IOException e) {
            throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + target + ": " + e.getMessage());
        }
    }

    Path path() {
        return target;
    }

    /** Opens the temporary file for the output. */
    OutputStream open() throws IOException {
        return Files.newOutputStream(temp);
    }

    /** Moves the complete output over the final name. */
    void commit() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the temporary file (nothing to write, or writing failed). */
    void discard() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
