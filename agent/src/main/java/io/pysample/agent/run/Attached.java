package io.pysample.agent.run;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.ProcessTable;

/** A process discovery attached to, on its way to the sampling thread (which then owns {@code process}). */
record Attached(TargetKey key, ProcessTable.Entry entry, PythonProcess process) {
}
