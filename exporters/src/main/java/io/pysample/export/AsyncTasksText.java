package io.pysample.export;

import io.pysample.core.asyncio.AsyncStacks;
import io.pysample.core.asyncio.TaskStack;
import io.pysample.core.walk.Frame;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code pysample dump --async}'s task section as text: {@code Task "<name>" (running on thread <tid> | waiting)},
 * then its frames innermost first; each task awaiting it follows as {@code awaited by task "<name>":} and its frames.
 */
public final class AsyncTasksText {
    private AsyncTasksText() {
    }

    public static void write(List<TaskStack> tasks, PrintStream out) {
        out.println();
        out.println("asyncio tasks: " + tasks.size());
        for (TaskStack t : tasks) {
            out.println();
            out.println("Task \"" + Names.clean(t.name()) + "\" (" + (t.running() ? "running on thread "
                    + t.nativeThreadId() : "waiting") + ")");
            List<Frame> frames = t.frames();
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                if (!AsyncStacks.TASK_FILE.equals(f.file())) {
                    out.println("    " + Names.clean(f.toString()));
                    continue;
                }
                for (int j = i + 1; j < frames.size(); j++) { // the frames that follow belong to the next task
                    if (AsyncStacks.TASK_FILE.equals(frames.get(j).file())) {
                        out.println("  awaited by task \"" + Names.clean(frames.get(j).function()) + "\":");
                        break;
                    }
                }
            }
        }
    }
}
