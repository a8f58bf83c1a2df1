package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.RecordingInfo;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a finished {@link Profile} in one output format. */
public interface ProfileExporter {
    /** Writes the whole output to {@code out}; does not close it. */
    void write(Profile profile, RecordingInfo info, OutputStream out) throws IOException;
}
