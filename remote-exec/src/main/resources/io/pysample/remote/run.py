# Entry point (last part of every injected script): never lets an exception escape, then empties this script's
# own globals dict so that its functions (which reference it) are freed at once rather than by a later collection.
try:
    _ps_main(_PS_CONFIG)
except BaseException as _ps_error:
    try:
        _ps_publish({"pysample_result": 1, "fatal": _ps_describe(_ps_error)})
    except BaseException:
        pass
finally:
    globals().clear()
