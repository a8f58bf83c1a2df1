package io.pysample.core.session;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.ProgressListener;
import io.pysample.core.sampling.StopReason;

/**
 * A recording that a front end runs to its end and exports: one {@link RecordingSession}, or a process tree
 * ({@code io.pysample.core.subprocess.ProcessTreeRecording}). Driven either by {@link #run} (blocking) or step by
 * step from one thread (the <em>sampling thread</em>): {@link #sampleOnce()} when {@link #nextSampleAt()} has come,
 * with {@link #cutInterval()} in between.
 */
public interface Recording {
    SessionOptions options();

    /** The (root) target. */
    PythonProcess process();

    /** Samples until a stop condition, on the calling thread. */
    StopReason run(ProgressListener progress);

    /** When the next sample is due, in {@link io.pysample.core.sampling.NanoClock#nanoTime()} time. Sampling thread. */
    long nextSampleAt();

    /**
     * Takes the sample that is due next, now.
     *
     * @return true while the recording goes on; false once it has ended ({@link #stopReason()} says why)
     */
    boolean sampleOnce();

    /** Why the recording ended, or {@code null} while it goes on. Sampling thread. */
    StopReason stopReason();

    /** Ends the recording before its next sample; any thread. */
    void stop();

    /** Hands over everything sampled since the start or the previous cut. */
    ProfileInterval cutInterval();

    /**
     * The first {@link RuntimeException} a sample ran into (counted as an internal fault and skipped), or
     * {@code null}: a bug in pysample, kept so that a front end can show where it happened.
     */
    RuntimeException firstFault();
}
