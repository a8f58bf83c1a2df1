# Compiles a function of LINES lines (argv[1]) and prints "TABLE <co_firstlineno> <code units> <co_linetable hex>".
import sys

n = int(sys.argv[1])
src = "def f(x):\n" + "".join("    x = x * %d + %d\n" % (i % 7 + 1, i) for i in range(n)) + "    return x\n"
ns = {}
exec(compile(src, "generated.py", "exec"), ns)
code = ns["f"].__code__
print("TABLE", code.co_firstlineno, len(code.co_code) // 2, code.co_linetable.hex(), flush=True)
