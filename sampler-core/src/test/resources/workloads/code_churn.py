# Keeps compiling, running and dropping fresh modules: module gen_I.py defines f_I and calls it, and nothing is
# kept alive, so each freed code object's address (and its strings' and line table's) is soon reused by the next
# ones. Ground truth by construction, written to the JSON file given as argument before READY: f_I is only ever
# called from the <module> code of gen_I.py, which only ever runs under this script's <module>; the lines each
# kind of frame can be at.
import json
import sys
import time

# f_I(1500): ~8% of the samples land inside f_I (with 400, compiling took ~99% of the time), ~20,000 modules/s.
SOURCE = """\
def f_{i}(n):
    total = 0
    for k in range(n):
        total += k * k
    return total

result = f_{i}(1500)
"""

with open(sys.argv[1], "w") as out:
    json.dump({"main_file": __file__, "module_lines": [1, 7], "function_lines": [1, 2, 3, 4, 5]}, out)
print("READY", flush=True)
deadline = time.monotonic() + 120                 # never outlive a test run that lost track of us
i = 0
while time.monotonic() < deadline:
    exec(compile(SOURCE.format(i=i), f"gen_{i}.py", "exec"), {})
    i += 1
