#!/usr/bin/env python3
"""Drive zlogin through a real pty (tests/integration/zlogin.sh).

usage: zlogin-pty.py SCRIPT -- ZLOGIN-ARGV...
SCRIPT is a list of steps separated by ';;':
  expect:TEXT     wait (30 s) until TEXT has appeared in the output
  send:TEXT       type TEXT (\\r, \\x03 ... as Python escapes)
  winsize:R,C     resize the terminal (the kernel sends SIGWINCH)
  shell:CMD       run CMD with /bin/sh -c on the side and wait for it
  check-raw       report whether the terminal is in raw mode now
Prints 'raw-during yes|no', 'zlogin-exit STATUS' and whether the terminal
settings after are those from before, then the whole output (after a
line '--- output').
"""
import fcntl, os, select, struct, subprocess, sys, termios, time

def main():
    sep = sys.argv.index('--')
    steps = [s for s in ' '.join(sys.argv[1:sep]).split(';;') if s.strip()]
    argv = sys.argv[sep + 1:]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    before = termios.tcgetattr(slave)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.close(master)
        os.execvp(argv[0], argv)
    out = b''
    status = None

    def pump(timeout):
        nonlocal out
        """True: got data; None: nothing within timeout; False: closed."""
        r, _, _ = select.select([master], [], [], timeout)
        if not r:
            return None
        try:
            data = os.read(master, 65536)
        except OSError:
            return False
        if not data:
            return False
        out += data
        return True

    for step in steps:
        kind, _, arg = step.strip().partition(':')
        if kind == 'expect':
            want = arg.encode().decode('unicode_escape').encode('latin-1')
            deadline = time.time() + 30
            while want not in out and time.time() < deadline:
                if pump(0.2) is False:
                    break
            if want not in out:
                print('expect-failed', repr(arg))
        elif kind == 'send':
            os.write(master, arg.encode().decode('unicode_escape').encode('latin-1'))
        elif kind == 'winsize':
            r, c = (int(x) for x in arg.split(','))
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', r, c, 0, 0))
        elif kind == 'shell':
            subprocess.run(['/bin/sh', '-c', arg])
        elif kind == 'check-raw':
            now = termios.tcgetattr(slave)
            print('raw-during', 'yes' if not (now[3] & termios.ICANON) and not (now[3] & termios.ECHO) else 'no')
    deadline = time.time() + 30
    while time.time() < deadline:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            status = os.waitstatus_to_exitcode(st)
            break
        pump(0.1)
    while pump(0.05) is True:
        pass
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        status = 'timeout'
    after = termios.tcgetattr(slave)
    print('zlogin-exit', status)
    print('restored', 'yes' if after == before else 'no')
    print('--- output')
    sys.stdout.write(out.decode('utf-8', 'replace'))

main()
