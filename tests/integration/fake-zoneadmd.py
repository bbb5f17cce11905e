#!/usr/bin/python3
# A stand-in for zoneadmd that speaks daemon/zoneadmd/PROTOCOL.md and does
# nothing else (no namespaces, no init), so lifecycle.sh can test zonesd's
# side - IDs, scopes, the start handshake, states, recovery - on its own.
#   fake-zoneadmd.py -z NAME [--root ROOT] [--adopt]
import os
import socket
import sys

args = sys.argv[1:]
name = args[args.index("-z") + 1]
root = args[args.index("--root") + 1] if "--root" in args else "/"
adopt = "--adopt" in args
run = os.path.join(root, "run/zones", name)

start = os.fdopen(3, "rb+", buffering=0)
# "go", or "go REQUEST" (PROTOCOL.md): this one never takes the request,
# so zonesd's way of sending it again on the socket is tested here.
go = start.readline()
if go != b"go\n" and not go.startswith(b"go "):
    sys.exit(1)

def zone_id():
    with open(os.path.join(run, "zoneid")) as f:
        return int(f.read().strip())

state_file = os.path.join(run, "fake-state")
state = "installed"          # until asked for ready or boot
if adopt and os.path.exists(state_file):
    with open(state_file) as f:
        state = f.read().strip()

def set_state(s):
    global state
    state = s
    with open(state_file, "w") as f:
        f.write(s)

sock_path = os.path.join(run, "zoneadmd.sock")
try:
    os.unlink(sock_path)
except FileNotFoundError:
    pass
srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
srv.bind(sock_path)
os.chmod(sock_path, 0o600)
srv.listen(8)
with open(os.path.join(run, "zoneadmd.pid"), "w") as f:
    f.write("%d\n" % os.getpid())
with open(os.path.join(run, "fake-argv"), "a") as f:
    f.write(" ".join(sys.argv[1:]) + "\n")
if not adopt:
    set_state("installed")
start.write(b"ready\n")
start.close()

def finish():
    for f in ("zoneadmd.sock", "zoneadmd.pid", "fake-state"):
        try:
            os.unlink(os.path.join(run, f))
        except FileNotFoundError:
            pass
    sys.exit(0)

while True:
    conn, _ = srv.accept()
    req = conn.recv(65536).decode()
    verb, _, rest = req.partition(" ")
    if verb == "state":
        reply = "ok %s %d" % (state, zone_id())
    elif verb == "ready":
        reply = "ok zone is already ready" if state == "ready" else "ok"
        set_state("ready")
    elif verb == "boot":
        if state == "running":
            reply = "ok zone is already booted"
        else:
            set_state("running")
            with open(os.path.join(run, "fake-bootargs"), "w") as f:
                f.write(rest)
            reply = "ok"
    elif verb in ("halt", "shutdown"):
        conn.send(b"ok")
        conn.close()
        finish()
    elif verb == "reboot":
        if state != "running":
            reply = "error reboot operation is invalid for zones in state '%s'" % state
        else:
            reply = "ok"
    else:
        reply = "error unknown request"
    conn.send(reply.encode())
    conn.close()
