#!/usr/bin/python3
# Run as root INSIDE a zone (its rc script starts it), with the zone's own
# confinement and proc_owner (CAP_SYS_PTRACE): waits for every new process
# in the zone's /proc while the host runs zlogin many times, and attacks
# each: PTRACE_SEIZE (then interrupt it, read what it holds, detach) and
# pidfd_getfd of its fds. A process that zone root can attach to while it
# holds more than the zone's privileges (a bounding set beyond the probe's
# own, no seccomp filter, no no_new_privs) is an escape. Writes
# /probe/result ("KEY VALUE" lines) once /probe/done appears.
import ctypes
import errno
import os
import time

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
PTRACE_SEIZE, PTRACE_INTERRUPT, PTRACE_DETACH = 0x4206, 0x4207, 17
SYS_pidfd_open, SYS_pidfd_getfd = 434, 438
WALL = 0x40000000


def status(pid):
    f = {}
    for line in open(f"/proc/{pid}/status"):
        k, _, v = line.partition(":")
        f[k] = v.strip()
    return f


me = status("self")
my_bound = int(me["CapBnd"], 16)
log = open("/probe/log", "a", buffering=1)
counts = dict(seen=0, attached=0, privileged=0, getfd=0, getfd_refused=0)
detail = []


def ename(e):
    return errno.errorcode.get(e, str(e))


# The probe can fail: its own child is attachable (same zone, same uid).
child = os.fork()
if child == 0:
    time.sleep(30)
    os._exit(0)
if libc.ptrace(PTRACE_SEIZE, child, None, None) == 0:
    own = "ok"
    libc.ptrace(PTRACE_DETACH, child, None, None)
else:
    own = "errno=" + ename(ctypes.get_errno())
os.kill(child, 9)
os.waitpid(child, 0)
r = libc.syscall(SYS_pidfd_open, os.getpid(), 0)
own_getfd = "errno=" + ename(ctypes.get_errno()) if r < 0 else (
    "ok" if libc.syscall(SYS_pidfd_getfd, r, 0, 0) >= 0 else "errno=" + ename(ctypes.get_errno()))


def attack(pid):
    counts["seen"] += 1
    # pidfd_getfd of its first fds (the zlogin caller's stdio, zoneadmd's socket)
    pfd = libc.syscall(SYS_pidfd_open, pid, 0)
    if pfd >= 0:
        for fd in range(0, 6):
            got = libc.syscall(SYS_pidfd_getfd, pfd, fd, 0)
            if got >= 0:
                counts["getfd"] += 1
                detail.append(f"getfd {pid} fd {fd}: {os.readlink(f'/proc/self/fd/{got}')}")
                os.close(got)
            elif ctypes.get_errno() in (errno.EPERM, errno.EACCES):
                counts["getfd_refused"] += 1
        os.close(pfd)
    if libc.ptrace(PTRACE_SEIZE, pid, None, None) != 0:
        return
    counts["attached"] += 1
    try:
        libc.ptrace(PTRACE_INTERRUPT, pid, None, None)
        os.waitpid(pid, WALL)   # stopped: what it holds now is what an attacker would get
        s = status(pid)
        bound, seccomp, nnp = int(s["CapBnd"], 16), s.get("Seccomp", "?"), s.get("NoNewPrivs", "?")
        if bound & ~my_bound or seccomp == "0":
            counts["privileged"] += 1
            fds = sorted(os.listdir(f"/proc/{pid}/fd"), key=int)
            detail.append(f"privileged {pid} {s.get('Name')} CapBnd {s['CapBnd']} CapEff {s['CapEff']} "
                          f"Seccomp {seccomp} NoNewPrivs {nnp} fds {len(fds)}")
    except (OSError, KeyError, ValueError):
        pass   # it exited meanwhile
    finally:
        libc.ptrace(PTRACE_DETACH, pid, None, None)


known = set(p for p in os.listdir("/proc") if p.isdigit())
open("/probe/ready", "w").close()
while not os.path.exists("/probe/done"):
    now = set(p for p in os.listdir("/proc") if p.isdigit())
    for p in sorted(now - known, key=int):
        attack(int(p))
    known = now
with open("/probe/result.tmp", "w") as out:
    for k, v in counts.items():
        out.write(f"{k} {v}\n")
    out.write(f"own_ptrace {own}\nown_getfd {own_getfd}\n")
    for d in detail[:20]:
        out.write(f"# {d}\n")
os.rename("/probe/result.tmp", "/probe/result")
