# pysample snapshot section "locals": every thread's frames (innermost first) with their local variables.
def _ps_section_locals(cfg):
    limit = cfg["repr_length"]
    max_frames = cfg["max_frames"]
    max_locals = cfg["max_locals"]
    table, main_ident = _ps_threads()
    me = _thread.get_ident()
    threads = []
    for ident, frame in sys._current_frames().items():
        frame = _ps_outside(frame)
        info = table.get(ident) or {}
        entry = {"ident": ident, "native_id": info.get("native_id"), "name": info.get("name"),
                 "main": ident == main_ident, "current": ident == me, "frames": []}
        while frame is not None and len(entry["frames"]) < max_frames:
            entry["frames"].append(_ps_frame_with_locals(frame, limit, max_locals))
            frame = frame.f_back
        entry["truncated"] = frame is not None
        frame = None
        threads.append(entry)
    return {"threads": threads}


def _ps_frame_with_locals(frame, limit, max_locals):
    d = _ps_frame(frame)
    optimized = frame.f_code.co_flags & 0x1  # CO_OPTIMIZED: a function body; else module/class namespace
    d["scope"] = "function" if optimized else "namespace"
    variables = {}
    try:
        items = list(frame.f_locals.items())
    except BaseException as e:
        d["error"] = _ps_describe(e)
        items = []
    module_type = type(sys)
    function_types = (type(_ps_frame), type(len))
    for name, value in items:
        if not optimized:
            # A module or class namespace: show its data, not its imports, functions, classes and dunders.
            t = type(value)
            if (type(name) is not str or name.startswith("__") or t is module_type or t in function_types
                    or isinstance(value, type)):
                continue
        if len(variables) >= max_locals:
            d["locals_truncated"] = True
            break
        variables[str(name)] = _ps_repr(value, limit)
    d["locals"] = variables
    return d
