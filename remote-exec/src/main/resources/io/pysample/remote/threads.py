# pysample snapshot section "threads": every thread threading knows (name, daemon, native id) plus any other
# thread with Python frames, with its current function.
def _ps_section_threads(cfg):
    table, main_ident = _ps_threads()
    frames = sys._current_frames()
    me = _thread.get_ident()
    out = []
    for ident in list(table) + [i for i in frames if i not in table]:
        info = table.get(ident)
        entry = {"ident": ident, "name": info["name"] if info else None,
                 "native_id": info["native_id"] if info else None,
                 "daemon": info["daemon"] if info else None, "main": ident == main_ident,
                 "current": ident == me, "known_to_threading": info is not None}
        frame = _ps_outside(frames.get(ident))
        entry["function"] = _ps_frame(frame) if frame is not None else None
        frame = None
        out.append(entry)
    frames = None
    return {"threading_imported": "threading" in sys.modules, "threads": out}
