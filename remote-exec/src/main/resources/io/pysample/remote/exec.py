# pysample exec: runs the user's script in a fresh namespace and reports completion (or its exception) to pysample.
def _ps_main(cfg):
    doc = {"pysample_result": 1, "kind": "exec", "thread": _ps_current_thread()}
    try:
        with open(cfg["script"], "rb") as f:
            source = f.read()
        code = compile(source, cfg["filename"], "exec", dont_inherit=True)
        namespace = {"__builtins__": __builtins__, "__name__": "__remote_exec__", "__file__": cfg["filename"]}
        source = None
        exec(code, namespace)
        doc["status"] = "ok"
    except BaseException as e:
        doc["status"] = "error"
        doc["error"] = _ps_describe(e)
        doc["traceback"] = _ps_traceback(e)
    _ps_publish(doc)
