#!/usr/bin/env python3
"""open-gate.py FILE RELEASE: hold every open of FILE until RELEASE exists.

fanotify FAN_OPEN_PERM on FILE: the kernel waits for our answer before any
open of it returns. Prints "ready" once the mark is set and "held" when the
first open waits; exits once RELEASE exists (or after 120 s), and closing
the fanotify group lets every held open through. A test uses it to keep a
zone's install (which opens its archive) under way for as long as it needs.
"""
import ctypes
import os
import select
import sys
import time

FAN_CLOEXEC = 0x1
FAN_CLASS_CONTENT = 0x4
FAN_MARK_ADD = 0x1
FAN_OPEN_PERM = 0x10000
AT_FDCWD = -100

path, release = sys.argv[1], sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
libc.fanotify_mark.argtypes = [ctypes.c_int, ctypes.c_uint, ctypes.c_uint64, ctypes.c_int,
                               ctypes.c_char_p]
group = libc.fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC, os.O_RDONLY)
if group < 0:
    sys.exit(f"fanotify_init: {os.strerror(ctypes.get_errno())}")
if libc.fanotify_mark(group, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, path.encode()) != 0:
    sys.exit(f"fanotify_mark {path}: {os.strerror(ctypes.get_errno())}")
print("ready", flush=True)
held = []
deadline = time.monotonic() + 120
while not os.path.exists(release) and time.monotonic() < deadline:
    ready, _, _ = select.select([group], [], [], 0.1)
    if not ready:
        continue
    buf = os.read(group, 4096)
    # struct fanotify_event_metadata: u32 len, u8 vers, u8 reserved,
    # u16 metadata_len, u64 mask, s32 fd, s32 pid.
    off = 0
    while off + 24 <= len(buf):
        length = int.from_bytes(buf[off:off + 4], "little")
        fd = int.from_bytes(buf[off + 16:off + 20], "little", signed=True)
        if fd >= 0:
            held.append(fd)   # unanswered: the open waits
        off += length
    if held:
        print("held", flush=True)
os.close(group)   # every held open goes through
for fd in held:
    os.close(fd)
