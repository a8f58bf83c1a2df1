package io.pysample.core.session;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.SamplingResult;

/**
 * One handed-over part of a recording: its sealed {@link Profile} (frame table frozen, safe to export on any
 * thread once published), the metadata exporters need (start, duration, achieved rate, sample count) and what the
 * sampler did in it.
 *
 * @param profile the stacks sampled in this interval
 * @param info pid, command line, Python version, start (epoch ms), duration, rate, samples
 * @param stats samples, stacks, drops by reason, why the recording ended if it did
 */
public record ProfileInterval(Profile profile, RecordingInfo info, SamplingResult stats) {
}
