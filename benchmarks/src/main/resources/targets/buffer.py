# Holds 64 KiB of known bytes and prints "ADDR <hex> <size>"; then waits until killed.
import ctypes
import time

buf = ctypes.create_string_buffer(bytes(i & 0xFF for i in range(65536)), 65536)
print("ADDR", hex(ctypes.addressof(buf)), 65536, flush=True)
while True:
    time.sleep(60)
