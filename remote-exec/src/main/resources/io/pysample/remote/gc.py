# pysample snapshot section "gc": garbage collector state and the most common types among tracked objects.
def _ps_section_gc(cfg):
    import gc
    counts = {}
    objects = gc.get_objects()
    try:
        for o in objects:
            t = type(o)
            counts[t] = counts.get(t, 0) + 1
        tracked = len(objects)
    finally:
        objects = None
        o = None
    ranked = sorted(counts.items(), key=_ps_second, reverse=True)[:cfg["top_types"]]
    return {"enabled": gc.isenabled(), "count": list(gc.get_count()), "threshold": list(gc.get_threshold()),
            "frozen": gc.get_freeze_count(), "tracked_objects": tracked, "distinct_types": len(counts),
            "top_types": [{"type": _ps_type_name(t), "count": n} for t, n in ranked]}


def _ps_second(pair):
    return pair[1]
