# pysample snapshot: runs the chosen sections, each guarded on its own, and publishes one JSON document.
def _ps_main(cfg):
    doc = {"pysample_result": 1, "kind": "snapshot", "pid": os.getpid(),
           "python": "%d.%d.%d" % tuple(sys.version_info[:3]), "thread": _ps_current_thread(), "errors": {}}
    for name in cfg["sections"]:
        try:
            doc[name] = _ps_globals["_ps_section_" + name](cfg)
        except BaseException as e:
            doc["errors"][name] = _ps_describe(e)
    _ps_publish(doc)
