# pysample remote-execution helpers, shared by every script pysample injects (PEP 768).
#
# The target runs this file at a safe point with a fresh globals dict (CPython's _PyRunRemoteDebugger). Rules:
# every name defined here starts with _ps_ or _PS_ and lives only in that fresh dict (cleared at the end); the only
# imports are modules that do not change the target's behaviour (sys, os, json, gc, _thread); threading and
# asyncio are used only if the target imported them already (sys.modules); no thread is started; nothing of the
# target's is modified or deleted; every repr is guarded and no exception escapes: errors are reported back to
# pysample in the result JSON, which is written to a private file (never to the target's stdout/stderr).
import sys
import os
import json
import _thread

_ps_globals = globals()
_PS_SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset)
_PS_BRACKETS = {list: ("[", "]"), tuple: ("(", ")"), set: ("{", "}"), frozenset: ("frozenset({", "})"),
                dict: ("{", "}")}


def _ps_describe(exc):
    """'Type: message', never raising."""
    try:
        name = type(exc).__qualname__
    except BaseException:
        name = "exception"
    try:
        msg = str(exc)
    except BaseException:
        msg = "<str() failed>"
    if len(msg) > 1000:
        msg = msg[:1000] + "..."
    return name + ": " + msg if msg else name


def _ps_type_name(t):
    """module.qualname of a type ('int' for builtins), never raising."""
    try:
        qual = t.__qualname__
        mod = t.__module__
        if type(qual) is not str:
            qual = "?"
        if type(mod) is str and mod != "builtins":
            return mod + "." + qual
        return qual
    except BaseException:
        return "?"


def _ps_bounded_repr(obj, budget, depth):
    """repr(obj) of about `budget` characters at most, without building the full repr of big builtin values."""
    if budget <= 0:
        return "..."
    t = type(obj)
    if t is str or t is bytes or t is bytearray:
        return repr(obj[:budget + 1]) if len(obj) > budget else repr(obj)
    brackets = _PS_BRACKETS.get(t)
    if brackets is not None and len(obj) > 0:
        if depth >= 4:
            return brackets[0] + "..." + brackets[1]
        parts = [brackets[0]]
        used = len(brackets[0])
        n = 0
        for item in (obj.items() if t is dict else obj):
            if used >= budget:
                parts.append(", ..." if n else "...")
                break
            if n:
                parts.append(", ")
                used += 2
            if t is dict:
                s = _ps_bounded_repr(item[0], budget - used, depth + 1)
                s = s + ": " + _ps_bounded_repr(item[1], budget - used - len(s) - 2, depth + 1)
            else:
                s = _ps_bounded_repr(item, budget - used, depth + 1)
            parts.append(s)
            used += len(s)
            n += 1
        if t is tuple and len(obj) == 1:
            parts.append(",")
        parts.append(brackets[1])
        return "".join(parts)
    r = repr(obj)
    return r if type(r) is str else "<repr returned a non-str>"


def _ps_repr(obj, limit):
    """{'type', 'repr' (at most `limit` characters), 'truncated'?, 'length'?}; never raises."""
    d = {}
    try:
        t = type(obj)
        d["type"] = _ps_type_name(t)
        if t in _PS_SIZED:
            d["length"] = len(obj)
        r = _ps_bounded_repr(obj, limit, 0)
    except BaseException as e:
        r = "<repr failed: " + _ps_describe(e) + ">"
    if len(r) > limit:
        r = r[:limit]
        d["truncated"] = True
    d["repr"] = r
    return d


def _ps_frame(frame):
    """{'function', 'file', 'line'} of a frame."""
    co = frame.f_code
    return {"function": co.co_qualname, "file": co.co_filename, "line": frame.f_lineno}


def _ps_outside(frame):
    """`frame`, or the first frame below it that does not belong to this script."""
    while frame is not None and frame.f_globals is _ps_globals:
        frame = frame.f_back
    return frame


def _ps_threads():
    """(ident -> {'name', 'native_id', 'daemon', 'main'}, main ident) from threading's registry, if imported."""
    th = sys.modules.get("threading")
    table = {}
    main_ident = None
    if th is None:
        return table, main_ident
    try:
        main_ident = th.main_thread().ident
    except BaseException:
        pass
    try:
        threads = th.enumerate()
    except BaseException:
        threads = list(getattr(th, "_active", {}).values())
    for t in threads:
        try:
            ident = t.ident
            if ident is None:
                continue
            table[ident] = {"name": str(t.name), "native_id": getattr(t, "native_id", None),
                            "daemon": bool(t.daemon), "main": ident == main_ident}
        except BaseException:
            pass
    return table, main_ident


def _ps_current_thread():
    """The thread running this script: ident, native id, name (if threading knows it), main."""
    ident = _thread.get_ident()
    d = {"ident": ident, "native_id": _thread.get_native_id()}
    table, main_ident = _ps_threads()
    info = table.get(ident)
    d["name"] = info["name"] if info else None
    d["main"] = ident == main_ident if main_ident is not None else d["native_id"] == os.getpid()
    return d


def _ps_traceback(exc):
    """The frames of an exception's traceback that are not this script's, outermost first."""
    out = []
    tb = exc.__traceback__
    while tb is not None and len(out) < 100:
        if tb.tb_frame.f_globals is not _ps_globals:
            co = tb.tb_frame.f_code
            out.append({"function": co.co_qualname, "file": co.co_filename, "line": tb.tb_lineno})
        tb = tb.tb_next
    return out


def _ps_json_default(obj):
    return _ps_repr(obj, 200)["repr"]


def _ps_publish(doc):
    """Writes doc as JSON to the result file pysample created, then renames it into place (atomic publish)."""
    path = _PS_CONFIG["result"]
    cap = _PS_CONFIG["max_result_bytes"]
    try:
        data = json.dumps(doc, ensure_ascii=True, allow_nan=False, default=_ps_json_default).encode("ascii")
    except BaseException as e:
        data = json.dumps({"pysample_result": 1, "kind": doc.get("kind"),
                           "fatal": "cannot encode the result: " + _ps_describe(e)}).encode("ascii")
    if len(data) > cap:
        data = json.dumps({"pysample_result": 1, "kind": doc.get("kind"),
                           "fatal": "the result is %d bytes, more than the cap of %d bytes; use smaller limits"
                                    % (len(data), cap)}).encode("ascii")
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, path)
