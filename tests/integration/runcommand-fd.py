#!/usr/bin/env python3
"""RunCommand over D-Bus with a chosen kind of file as the command's stdin
(busctl of systemd 252 cannot pass fds): what the service accepts.

usage: runcommand-fd.py KIND ZONE   KIND: pipe | tty | dir | opath
Prints 'ok EXIT' or 'error NAME: MESSAGE' (tests/integration/zlogin.sh)."""
import os, sys
import dbus

kind, zone = sys.argv[1], sys.argv[2]
if kind == "pipe":
    stdin, w = os.pipe()
    os.close(w)
elif kind == "tty":
    master, stdin = os.openpty()   # a terminal: the zone could type into it (TIOCSTI)
elif kind == "dir":
    stdin = os.open("/etc", os.O_RDONLY | os.O_DIRECTORY)
elif kind == "opath":
    stdin = os.open("/etc/hostname", os.O_PATH)
else:
    sys.exit("unknown kind " + kind)
sig_r, sig_w = os.pipe()
out_r, out_w = os.pipe()
bus = dbus.SystemBus()
m = dbus.Interface(bus.get_object("org.zones.Manager", "/org/zones"), "org.zones.Manager")
try:
    code = m.RunCommand(zone, "", ["true"], dbus.types.UnixFd(stdin), dbus.types.UnixFd(out_w),
                        dbus.types.UnixFd(out_w), dbus.types.UnixFd(sig_r), dbus.UInt64(0), timeout=120)
    print("ok", int(code))
except dbus.exceptions.DBusException as e:
    print("error %s: %s" % (e.get_dbus_name(), e.get_dbus_message()))
