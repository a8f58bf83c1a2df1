# Maps two pages, fills the first with a known pattern and unmaps the second (a PROT_NONE page would not do:
# /proc/<pid>/mem reads through page protections),
# then prints "ADDR <hex address> <page size>" and waits until killed. Used by the memory-backend tests.
import ctypes
import mmap
import sys
import time

PAGE = mmap.PAGESIZE
region = mmap.mmap(-1, 2 * PAGE)
region[:PAGE] = bytes((i * 7 + 3) & 0xFF for i in range(PAGE))
address = ctypes.addressof(ctypes.c_char.from_buffer(region))
libc = ctypes.CDLL(None, use_errno=True)
libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
if libc.munmap(address + PAGE, PAGE) != 0:
    sys.exit("munmap failed: errno %d" % ctypes.get_errno())
print("ADDR", hex(address), PAGE, flush=True)
while True:
    time.sleep(60)
