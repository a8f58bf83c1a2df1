# pysample snapshot section "asyncio": every task of every event loop, with its coroutine stack and what it awaits.
# Loops are found in the threads' stacks (a frame of run_forever whose 'self' is an event loop); if no running
# loop is found, the tracked objects are scanned for unfinished tasks instead. asyncio is never imported here.
def _ps_section_asyncio(cfg):
    aio = sys.modules.get("asyncio")
    if aio is None:
        return {"imported": False, "loops": []}
    limit = cfg["repr_length"]
    base = aio.AbstractEventLoop
    table, main_ident = _ps_threads()
    found = []
    seen = set()
    for ident, frame in sys._current_frames().items():
        while frame is not None:
            co = frame.f_code
            if co.co_name == "run_forever" and co.co_argcount >= 1 and co.co_varnames[0] == "self":
                loop = frame.f_locals.get("self")
                if loop is not None and issubclass(type(loop), base) and id(loop) not in seen:
                    seen.add(id(loop))
                    found.append((loop, ident))
            frame = frame.f_back
        frame = None
    loops = []
    for loop, ident in found:
        info = table.get(ident) or {}
        entry = _ps_loop(loop, limit)
        entry["found_by"] = "stack"
        entry["thread"] = {"ident": ident, "native_id": info.get("native_id"), "name": info.get("name")}
        tasks = sorted(aio.all_tasks(loop), key=_ps_task_name)
        entry["tasks"] = [_ps_task(t, limit, cfg["max_frames"]) for t in tasks]
        loops.append(entry)
    if not loops:
        loops = _ps_tasks_from_gc(aio, limit, cfg["max_frames"])
    return {"imported": True, "loops": loops}


def _ps_loop(loop, limit):
    d = {"loop": _ps_repr(loop, limit)["repr"]}
    try:
        d["running"] = bool(loop.is_running())
        d["closed"] = bool(loop.is_closed())
    except BaseException as e:
        d["error"] = _ps_describe(e)
    return d


def _ps_tasks_from_gc(aio, limit, max_frames):
    import gc
    kinds = tuple(k for k in (getattr(aio, "Task", None), getattr(getattr(aio, "tasks", None), "_PyTask", None))
                  if isinstance(k, type))
    by_loop = {}
    objects = gc.get_objects()
    try:
        for o in objects:
            if issubclass(type(o), kinds) and not o.done():
                loop = o.get_loop()
                by_loop.setdefault(id(loop), (loop, []))[1].append(o)
    finally:
        objects = None
        o = None
    loops = []
    for loop, tasks in by_loop.values():
        entry = _ps_loop(loop, limit)
        entry["found_by"] = "gc"
        entry["thread"] = None
        entry["tasks"] = [_ps_task(t, limit, max_frames) for t in sorted(tasks, key=_ps_task_name)]
        loops.append(entry)
    return loops


def _ps_task_name(task):
    try:
        return str(task.get_name())
    except BaseException:
        return ""


def _ps_task(task, limit, max_frames):
    d = {"name": _ps_task_name(task)}
    try:
        if task.done():
            d["state"] = "cancelled" if task.cancelled() else "done"
        else:
            d["state"] = "pending"
        stack = []
        awaitable = None
        c = task.get_coro()
        while c is not None and len(stack) < max_frames:
            t = type(c)
            if hasattr(t, "cr_frame"):
                frame, nxt, running = c.cr_frame, c.cr_await, c.cr_running
            elif hasattr(t, "gi_frame"):
                frame, nxt, running = c.gi_frame, c.gi_yieldfrom, c.gi_running
            elif hasattr(t, "ag_frame"):
                frame, nxt, running = c.ag_frame, c.ag_await, c.ag_running
            else:
                awaitable = c
                break
            if frame is None:
                break
            stack.append(_ps_frame(frame))
            if running:
                d["state"] = "running"
            c = nxt
        frame = nxt = c = None
        stack.reverse()
        d["coroutine_stack"] = stack
        waiter = getattr(task, "_fut_waiter", None)
        if waiter is not None:
            d["awaiting"] = _ps_repr(waiter, limit)["repr"]
        elif awaitable is not None:
            d["awaiting"] = _ps_repr(awaitable, limit)["repr"]
        by = getattr(task, "_asyncio_awaited_by", None)
        if by:
            d["awaited_by"] = sorted(_ps_task_name(x) if hasattr(x, "get_name") else _ps_repr(x, limit)["repr"]
                                     for x in by)
        try:
            d["cancelling"] = task.cancelling()
        except BaseException:
            pass
    except BaseException as e:
        d["error"] = _ps_describe(e)
    return d
