package io.pysample.core.walk;

import io.pysample.core.objects.RemoteObjects;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.MemoryReader;

/**
 * Resolves single frames and objects outside a stack walk (e.g. a suspended coroutine's embedded frame) into the
 * same {@link FrameTable} the walker uses. Its code cache is its own and is not re-validated: the caller calls
 * {@link #reset()} whenever a cached code object may have been freed (e.g. when
 * {@code interpreter_state.code_object_generation} changed, 3.14+). Not thread-safe.
 */
public final class CodeLookup {
    private final MemoryReader memory;
    private final DebugOffsets offsets;
    private final FrameTable frames;
    private final RemoteObjects objects;
    private CodeResolver resolver;

    public CodeLookup(MemoryReader memory, DebugOffsets offsets, FrameTable frames) {
        this.memory = memory;
        this.offsets = offsets;
        this.frames = frames;
        this.objects = new RemoteObjects(memory, offsets);
        reset();
    }

    /** Forgets every cached code object (their addresses may have been reused since). */
    public void reset() {
        resolver = new CodeResolver(memory, offsets, frames, new WalkStats());
    }

    /**
     * The frame id of instruction {@code instruction} (an address) in the code object at {@code executable}, or -1
     * if that is no code object or the instruction lies outside it.
     */
    public int resolve(long executable, long instruction) {
        return resolver.resolve(executable, instruction);
    }

    /** The NUL-terminated C string at {@code address} (at most {@code max} bytes), or {@code null}. */
    public String readCString(long address, int max) {
        return objects.readCString(address, max);
    }

    public FrameTable frames() {
        return frames;
    }
}
