package io.pysample.cli;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;

/**
 * Where the standard streams of a command started by {@code record -- COMMAND} go. The command line passes them
 * through ({@link #INHERIT}); tests send them to files, so that nothing writes into the test JVM's own descriptors.
 *
 * @param in the child's standard input
 * @param out its standard output
 * @param err its standard error
 */
record ChildIo(Redirect in, Redirect out, Redirect err) {
    /** The child shares pysample's standard input, output and error. */
    static final ChildIo INHERIT = new ChildIo(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);

    /** Standard input from {@code /dev/null}, output and error appended to two files. */
    static ChildIo toFiles(File out, File err) {
        return new ChildIo(Redirect.from(new File("/dev/null")), Redirect.appendTo(out), Redirect.appendTo(err));
    }

    ProcessBuilder applyTo(ProcessBuilder pb) {
        return pb.redirectInput(in).redirectOutput(out).redirectError(err);
    }
}
