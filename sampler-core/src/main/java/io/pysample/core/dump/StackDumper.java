package io.pysample.core.dump;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.objects.ThreadNames;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.core.walk.ThreadSample;
import io.pysample.core.walk.ThreadView;
import io.pysample.memory.NamespaceThreadIds;
import io.pysample.memory.ProcessInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes a {@link StackDump}: walks the target until one walk has read every thread consistently (up to
 * {@link #MAX_WALKS}; else the walk that read the most is kept), then adds thread names (on CPython 3.13 the
 * {@code threading} names from the target's memory, {@link ThreadNames}; else and for threads {@code threading}
 * does not know, the kernel's) and the kernel's thread states. All
 * threads come from the same walk, so at most one of them holds a given GIL.
 * Thread ids are pysample's (the host's) even for a target in a PID namespace, which sees them as
 * {@link ThreadDump#namespaceThreadId()}.
 */
public final class StackDumper {
    /** Walks attempted before the threads still missing are reported as dropped. */
    public static final int MAX_WALKS = 50;

    private StackDumper() {
    }

    public static StackDump dump(PythonProcess target, int maxDepth) {
        FrameTable frames = new FrameTable();
        PythonStackWalker walker = new PythonStackWalker(target.memory(), target.runtimeAddress(), target.offsets(),
                frames, maxDepth);
        // Threads come from one walk (one read of the process), never pieced together from several: flags such as
        // the GIL holder must describe one moment. The walk that read the most threads is kept.
        Map<Long, ThreadSample> byThread = new LinkedHashMap<>();
        int dropped = Integer.MAX_VALUE;
        for (int i = 0; i < MAX_WALKS && dropped > 0; i++) {
            Map<Long, ThreadSample> walk = new LinkedHashMap<>();
            walker.sample(v -> walk.putIfAbsent(v.threadStateAddress(), ThreadSample.copyOf(v)));
            if (walker.droppedInLastSample() < dropped) {
                byThread = walk;
                dropped = walker.droppedInLastSample();
            }
        }
        ProcessInfo info = target.info();
        ThreadNames names = ThreadNames.forTarget(target.memory(), target.runtimeAddress(), target.offsets());
        NamespaceThreadIds ids = new NamespaceThreadIds(target.pid());
        List<ThreadDump> threads = new ArrayList<>();
        for (ThreadSample s : byThread.values()) {
            List<Frame> stack = new ArrayList<>(s.frames().length);
            for (int id : s.frames()) {
                stack.add(frames.get(id));
            }
            long host = ids.hostTid(s.nativeThreadId()); // /proc paths need pysample's id of the thread
            long tid = host < 0 ? s.nativeThreadId() : host;
            char state = host < 0 ? '?' : info.threadState(host);
            String name = names == null ? null : names.name(s.threadId(), s.nativeThreadId());
            if (name == null && host >= 0) {
                name = info.threadName(host);
            }
            boolean active = s.has(ThreadView.ATTACHED) || state == 'R';
            threads.add(new ThreadDump(s.threadId(), tid, name == null ? "" : name,
                    s.has(ThreadView.MAIN_THREAD), s.has(ThreadView.HOLDS_GIL), active, state,
                    s.has(ThreadView.GC_RUNNING), List.copyOf(stack), s.truncated(), s.interpreterId(),
                    s.nativeThreadId()));
        }
        threads.sort(Comparator.comparing(t -> !t.main())); // stable: main first, then interpreter order
        return new StackDump(target.pid(), target.commandLine(), target.executable(), target.version().toString(),
                List.copyOf(threads), dropped);
    }
}
