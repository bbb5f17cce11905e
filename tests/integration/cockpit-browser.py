#!/usr/bin/env python3
"""The Zones page of Cockpit in a real browser (headless Chromium over the
DevTools protocol), for tests/integration/cockpit.sh.

  cockpit-browser.py root URL OUTDIR
  cockpit-browser.py delegated BASE OUTDIR USER PASSWORD OWN_ZONE OTHER_ZONE
  cockpit-browser.py polkit BASE OUTDIR USER PASSWORD GRANTED_ZONE OTHER_ZONE
    (BASE: cockpit-ws's http://HOST:PORT; OWN_ZONE "" while none is his)

Prints one line per check, "PASS\\tname" or "FAIL\\tname\\tdetail", which
cockpit.sh turns into TAP. Every check is always printed, so the count does
not depend on where something failed. What the page shows is compared with
what the command line tools say."""
import base64
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # the source tree may be read-only
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, BrowserError  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "zonecfg")
failures = 0


def result(ok, name, detail=""):
    global failures
    if ok:
        print("PASS\t" + name, flush=True)
    else:
        failures += 1
        print("FAIL\t%s\t%s" % (name, str(detail).replace("\n", "\\n")), flush=True)


def step(name, fn):
    """Runs fn; a falsy result or an exception is a failure of this check."""
    try:
        value = fn()
        result(value is None or bool(value), name, "" if value else "returned %r" % (value,))
        return value
    except Exception as e:  # a check that cannot run fails, with the reason
        result(False, name, "%s: %s" % (type(e).__name__, e))
        return None


def expect(cond, detail):
    """cond, or a failure that says what was seen instead."""
    if not cond:
        raise BrowserError(detail() if callable(detail) else detail)
    return True


def sh(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.stdout, r.stderr, r.returncode


def golden_configs():
    """The golden command files that configure a zone (those with an .info)."""
    return sorted(f for f in os.listdir(GOLDEN)
                  if f.endswith(".cfg") and os.path.exists(os.path.join(GOLDEN, f[:-4] + ".info")))


def js(s):
    return json.dumps(s)


# --- what the page shows ------------------------------------------------------
def row_state(b, zone):
    return b.eval("(() => { const r = document.querySelector('#zone-rows tr[data-zone=%s]');"
                  " return r ? r.children[2].textContent : null })()" % js(zone))


def rows(b):
    return b.eval("Array.from(document.querySelectorAll('#zone-rows tr')).map("
                  "r => Array.from(r.children).map(c => c.textContent).join(':'))")


def wait_row_state(b, zone, state, timeout=120):
    return b.wait("(() => { const r = document.querySelector('#zone-rows tr[data-zone=%s]');"
                  " return r && r.children[2].textContent === %s })()" % (js(zone), js(state)),
                  timeout=timeout, what="%s %s in the list" % (zone, state))


def select(b, zone):
    b.click("#zone-rows tr[data-zone=%s]" % js(zone))
    b.wait("document.getElementById('detail-name').textContent === %s" % js(zone),
           what="zone %s selected" % zone)


def buttons(b):
    """{verb: enabled} of the action buttons a person sees (rendered, with a size)."""
    return b.eval("Object.fromEntries(Array.from(document.querySelectorAll('#actions button'))"
                  ".filter(x => x.getBoundingClientRect().width > 0).map(x => [x.dataset.verb, !x.disabled]))")


BUTTONS = ("Object.fromEntries(Array.from(document.querySelectorAll('#actions button'))"
           ".filter(x => x.getBoundingClientRect().width > 0).map(x => [x.dataset.verb, !x.disabled]))")


def wait_buttons(b, want, timeout=30):
    """Waits until the buttons are WANT: {verb: enabled}, or a set of the
    verbs shown. The page learns what the caller may do (GetAccess) and a
    zone's state (PropertiesChanged, then the end of its own call) later
    than a selection or a click, so a single look may come too early."""
    if isinstance(want, dict):
        cond = "Object.keys(w).every(k => got[k] === w[k])"
        w = want
    else:
        cond = "Object.keys(w).every(k => k in got)"
        w = {k: True for k in want}
    try:
        return b.wait("(() => { const got = %s; const w = %s;"
                      " return Object.keys(got).length === Object.keys(w).length && %s })()"
                      % (BUTTONS, js(w), cond), timeout=timeout)
    except BrowserError:
        raise BrowserError("buttons %r, wanted %r" % (buttons(b), want))


def click_action(b, verb, state, timeout=60):
    """Clicks VERB's button once it is enabled and the detail shows STATE
    (not a call still in flight)."""
    b.wait("(() => { const x = document.querySelector('#actions button[data-verb=%s]');"
           " return x && !x.disabled && x.getBoundingClientRect().width > 0 &&"
           " document.getElementById('detail-state').textContent === %s })()" % (verb, js(state)),
           timeout=timeout, what="%s enabled with the zone %s" % (verb, state))
    b.click("#actions button[data-verb=%s]" % verb)


def shown(b, element_id):
    """The element is rendered (not hidden by attribute or style)."""
    return b.eval("document.getElementById(%s).getBoundingClientRect().height > 0" % js(element_id))


def message(b):
    return b.eval("(() => { const m = document.getElementById('message');"
                  " return m.hidden ? '' : m.textContent })()")


def terminal_text(b):
    return b.eval("(() => { const r = document.querySelector('#terminal .xterm-rows');"
                  " return r ? r.innerText : '' })()") or ""


def cli_state(zone):
    out, _, _ = sh("zoneadm", "-z", zone, "list", "-p")
    f = out.strip().split(":")
    return (f[0], f[2]) if len(f) > 2 else (None, None)


def expected_rows():
    """zoneadm list -cp as the page shows it: name:id:state:brand:ip-type:path."""
    out, _, _ = sh("zoneadm", "list", "-cp")
    rows = []
    for line in out.splitlines():
        f = line.split(":")
        if f[1] == "global":
            continue
        rows.append(":".join([f[1], f[0] if f[0] != "-" else "-", f[2], f[5],
                              f[6], f[3]]))
    return sorted(rows)


def config_matches(b, zone):
    want, err, rc = sh("zonecfg", "-z", zone, "info")
    if rc != 0:
        raise BrowserError("zonecfg info failed: " + err)
    b.wait("document.getElementById('config').textContent === %s" % js(want), timeout=30,
           what="the configuration of %s as zonecfg info prints it" % zone)
    return True


def open_page(b, url):
    b.navigate(url)
    b.wait("document.body && document.body.dataset.ready === 'true' && "
           "document.getElementById('connection').dataset.state === 'connected'",
           what="the page connected to zonesd")


# --- root: cockpit-ws --local-session=cockpit-bridge runs the bridge as root --
def scenario_root(url, outdir):
    b = Browser(log_path=os.path.join(outdir, "chromium-root.log"))
    try:
        step("the page loads and connects to the zones service", lambda: open_page(b, url))
        step("the list shows every zone as zoneadm list -cp does",
             lambda: b.wait("document.querySelectorAll('#zone-rows tr').length === %d"
                            % len(expected_rows())) and
             expect(sorted(rows(b)) == expected_rows(),
                    lambda: "page %r, zoneadm %r" % (rows(b), expected_rows())))

        for cfg in golden_configs():
            zone = "g-" + cfg[:-4]
            step("configuration of %s (from %s) is zonecfg info's text" % (zone, cfg),
                 lambda zone=zone: (select(b, zone), config_matches(b, zone))[1])
        step("configured zones show no usage",
             lambda: "ready or running" in b.eval("document.getElementById('usage-note').textContent"))

        step("selecting web shows its configuration", lambda: (select(b, "web"), config_matches(b, "web"))[1])
        step("installed: only Boot is enabled",
             lambda: wait_buttons(b, {"Boot": True, "Halt": False, "Reboot": False, "Shutdown": False}))
        step("no console while installed", lambda: b.eval("document.getElementById('console-connect').disabled"))

        step("click Boot", lambda: click_action(b, "Boot", "installed"))
        step("web shows running in the list", lambda: wait_row_state(b, "web", "running"))
        step("and in the detail", lambda: b.wait("document.getElementById('detail-state').textContent === 'running'"))
        step("zoneadm agrees: web is running", lambda: cli_state("web")[1] == "running")
        step("the list shows zoneadm's zone ID",
             lambda: b.wait("document.querySelector('#zone-rows tr[data-zone=web]').children[1].textContent === %s"
                            % js(cli_state("web")[0]), timeout=10))
        step("running: Boot disabled, Halt, Reboot, Shutdown enabled",
             lambda: wait_buttons(b, {"Boot": False, "Halt": True, "Reboot": True, "Shutdown": True}))
        step("usage: CPU as a share of one CPU",
             lambda: b.wait("/^[0-9.]+% of one CPU/.test(document.getElementById('usage-cpu').textContent)", timeout=20))
        step("usage: memory against the host",
             lambda: b.wait("/^[0-9.]+ (B|KiB|MiB|GiB) of [0-9.]+ GiB \\(host\\)$/.test("
                            "document.getElementById('usage-memory').textContent)", timeout=20))
        step("usage: tasks, at least init and the console shell",
             lambda: b.wait("parseInt(document.getElementById('usage-tasks').textContent) >= 2", timeout=20))

        step("usage: how long the zone has been up",
             lambda: b.wait("/^[0-9]+ s, since /.test(document.getElementById('usage-up').textContent)", timeout=20))
        step("click Connect: the console attaches",
             lambda: (b.click("#console-connect"),
                      b.wait("document.querySelector('#terminal .xterm-rows') && "
                             "document.querySelector('#terminal .xterm-rows').innerText.includes("
                             "\"[Connected to zone 'web' console]\")", timeout=30))[1])
        step("a zlogin -C runs for the page", lambda: sh("pgrep", "-x", "zlogin")[2] == 0)
        step("type a command on the console and see its output",
             lambda: (b.eval("document.querySelector('#terminal textarea').focus()"),
                      b.type_text("echo cockpit-$((6*7)) $(cat /etc/hostname 2>/dev/null || uname -n)\r"),
                      b.wait("document.querySelector('#terminal .xterm-rows').innerText.includes('cockpit-42')",
                             timeout=30))[2])
        step("the command ran in the zone (its node name is web)",
             lambda: expect("cockpit-42 web" in terminal_text(b), lambda: terminal_text(b)))
        step("screenshot: the running zone and its console",
             lambda: b.screenshot(os.path.join(outdir, "cockpit-root.png")) or True)
        step("click Disconnect: the page says the console closed",
             lambda: (b.click("#console-disconnect"),
                      b.wait("document.querySelector('#terminal .xterm-rows').innerText.includes("
                             "\"console closed\")", timeout=30))[1])
        step("no zlogin is left after Disconnect (no ~. needed)",
             lambda: wait_cli(lambda: sh("pgrep", "-x", "zlogin")[2] == 1, 20))
        step("the console is free again: OpenConsole succeeds",
             lambda: wait_cli(lambda: sh("busctl", "call", "org.zones.Manager", "/org/zones",
                                         "org.zones.Manager", "OpenConsole", "s", "web")[2] == 0, 20))

        old_id = cli_state("web")[0]
        step("click Reboot: web comes back running with a new zone ID",
             lambda: (click_action(b, "Reboot", "running"),
                      b.wait("(() => { const r = document.querySelector('#zone-rows tr[data-zone=web]');"
                             " return r.children[2].textContent === 'running' && r.children[1].textContent !== %s })()"
                             % js(old_id), timeout=120))[1])
        step("the new ID is zoneadm's",
             lambda: expect(b.eval("document.querySelector('#zone-rows tr[data-zone=web]').children[1].textContent")
                            == cli_state("web")[0], lambda: cli_state("web")))

        # Changes made elsewhere reach the page: ObjectManager and PropertiesChanged.
        step("a zone configured with zonecfg appears (InterfacesAdded)",
             lambda: sh("zonecfg", "-z", "live", "create; set zonepath=/zones/live")[2] == 0 and
             b.wait("!!document.querySelector('#zone-rows tr[data-zone=live]')", timeout=30))
        step("its deletion removes it (InterfacesRemoved)",
             lambda: sh("zonecfg", "-z", "live", "delete", "-F")[2] == 0 and
             b.wait("!document.querySelector('#zone-rows tr[data-zone=live]')", timeout=30))
        step("a halt with zoneadm shows installed (PropertiesChanged)",
             lambda: sh("zoneadm", "-z", "web", "halt")[2] == 0 and wait_row_state(b, "web", "installed", 60))
        step("a boot with zoneadm shows running",
             lambda: sh("zoneadm", "-z", "web", "boot")[2] == 0 and wait_row_state(b, "web", "running", 60))

        step("click Shutdown: web goes down through its init to installed",
             lambda: (click_action(b, "Shutdown", "running"), wait_row_state(b, "web", "installed"))[1])
        step("click Boot again", lambda: (click_action(b, "Boot", "installed"),
                                          wait_row_state(b, "web", "running"))[1])
        step("click Halt: web shows installed",
             lambda: (click_action(b, "Halt", "running"), wait_row_state(b, "web", "installed"))[1])
        step("zoneadm agrees: web is installed", lambda: cli_state("web")[1] == "installed")
        step("halted: the ID is gone and only Boot is enabled",
             lambda: b.wait("document.querySelector('#zone-rows tr[data-zone=web]').children[1].textContent === '-'")
             and wait_buttons(b, {"Boot": True, "Halt": False, "Reboot": False, "Shutdown": False}))

        _, want, _ = sh("busctl", "call", "org.zones.Manager", "/org/zones/zone/broken",
                        "org.zones.Zone", "Boot", "s", "")
        want = want.strip().removeprefix("Call failed: ")
        step("a failed Boot shows the service's one-line error",
             lambda: (select(b, "broken"), click_action(b, "Boot", "installed"),
                      b.wait("(() => { const m = document.getElementById('message');"
                             " return m.getBoundingClientRect().height > 0 && m.dataset.kind === 'error' && m.textContent === %s })()"
                             % js(want), timeout=60))[2])
        step("the error names the zone and the cause in one line",
             lambda: expect(want.startswith("zone 'broken': ") and "\n" not in want and "nonexistent" in want,
                            want))
        step("the failed zone stays installed", lambda: wait_row_state(b, "broken", "installed", 30))
    finally:
        b.close()


# --- a delegated user: a real PAM login through cockpit-ws, his own bridge ----
def login(b, base, user, password):
    """cockpit-ws's /cockpit/login with Basic auth sets the session cookie."""
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    b.set_headers({"Authorization": "Basic " + token})
    b.navigate(base + "/cockpit/login")
    b.wait("document.body && document.body.innerText.includes('csrf-token')", what="the login reply")
    b.set_headers({})


def refusal(user, zone, verb):
    """What the service answers USER's VERB of ZONE, as busctl shows it."""
    args = {"Boot": ["s", ""], "Halt": [], "Reboot": ["s", ""], "Shutdown": ["bs", "false", ""]}[verb]
    _, err, rc = sh("runuser", "-u", user, "--", "busctl", "call", "org.zones.Manager",
                    "/org/zones/zone/" + zone, "org.zones.Zone", verb, *args)
    return rc, err.strip().removeprefix("Call failed: ")


def scenario_delegated(base, outdir, user, password, own, other):
    url = base + "/cockpit/@localhost/zones/index.html"
    b = Browser(log_path=os.path.join(outdir, "chromium-%s.log" % user))
    try:
        step("%s logs in through cockpit-ws (PAM)" % user, lambda: login(b, base, user, password) or True)
        step("the page loads for %s" % user, lambda: open_page(b, url))
        step("%s sees every zone (reads are open)" % user,
             lambda: b.wait("document.querySelectorAll('#zone-rows tr').length === %d" % len(expected_rows()))
             and expect(sorted(rows(b)) == expected_rows(), lambda: rows(b)))

        step("%s: zone %s shows its configuration" % (user, other),
             lambda: (select(b, other), config_matches(b, other))[1])
        step("%s: no action buttons for %s" % (user, other),
             lambda: expect(buttons(b) == {}, lambda: buttons(b)))
        step("%s: a clear \"not authorized\" for %s" % (user, other),
             lambda: b.wait("(() => { const n = document.getElementById('not-authorized');"
                            " return n.getBoundingClientRect().height > 0 &&"
                            " n.textContent.startsWith('Not authorized to manage zone %s') })()"
                            % other, timeout=20))
        step("%s: no console for %s" % (user, other),
             lambda: b.eval("document.getElementById('console-connect').disabled") and
             "Not authorized" in b.eval("document.getElementById('console-status').textContent"))
        rc, want = refusal(user, other, "Boot")
        step("the service refuses %s's Boot of %s" % (user, other),
             lambda: expect(rc != 0 and want and "\n" not in want, "rc %d, %r" % (rc, want)))
        step("%s's Boot of %s through the page shows the service's line" % (user, other),
             lambda: (b.eval("window.zonesPage.act('Boot')"),
                      b.wait("(() => { const m = document.getElementById('message');"
                             " return m.getBoundingClientRect().height > 0 && m.dataset.kind === 'error' && m.textContent === %s })()"
                             % js(want), timeout=30))[1])
        step("%s stays installed" % other, lambda: cli_state(other)[1] == "installed")
        step("screenshot: %s refused on %s" % (user, other),
             lambda: b.screenshot(os.path.join(outdir, "cockpit-%s-refused.png" % user)) or True)

        if own:
            step("%s: his zone %s has the buttons, Boot enabled" % (user, own),
                 lambda: (select(b, own),
                          wait_buttons(b, {"Boot": True, "Halt": False, "Reboot": False, "Shutdown": False}))[1])
            step("%s: no \"not authorized\" on %s" % (user, own),
                 lambda: not shown(b, "not-authorized"))
            step("%s clicks Boot: %s shows running" % (user, own),
                 lambda: (click_action(b, "Boot", "installed"), wait_row_state(b, own, "running"))[1])
            step("zoneadm agrees: %s is running" % own, lambda: cli_state(own)[1] == "running")
            step("%s: the console of %s" % (user, own),
                 lambda: (b.click("#console-connect"),
                          b.wait("document.querySelector('#terminal .xterm-rows') && "
                                 "document.querySelector('#terminal .xterm-rows').innerText.includes("
                                 "\"[Connected to zone '%s' console]\")" % own, timeout=30))[1])
            step("%s types on it and sees the output" % user,
                 lambda: (b.eval("document.querySelector('#terminal textarea').focus()"),
                          b.type_text("echo delegated-$((6*7))\r"),
                          b.wait("document.querySelector('#terminal .xterm-rows').innerText.includes('delegated-42')",
                                 timeout=30))[2])
            step("screenshot: %s on his zone %s" % (user, own),
                 lambda: b.screenshot(os.path.join(outdir, "cockpit-%s.png" % user)) or True)
            step("%s disconnects: no zlogin left" % user,
                 lambda: (b.click("#console-disconnect"),
                          wait_cli(lambda: sh("pgrep", "-x", "zlogin")[2] == 1, 20))[1])
            step("%s clicks Halt: %s shows installed" % (user, own),
                 lambda: (click_action(b, "Halt", "running"), wait_row_state(b, own, "installed"))[1])
            step("zoneadm agrees: %s is installed" % own, lambda: cli_state(own)[1] == "installed")
    finally:
        b.close()


def scenario_polkit(base, outdir, user, password, granted, other):
    """A user whom only a polkit rule lets manage GRANTED: the page asks
    zonesd (GetAccess), so it shows his buttons there and not on OTHER."""
    url = base + "/cockpit/@localhost/zones/index.html"
    b = Browser(log_path=os.path.join(outdir, "chromium-%s.log" % user))
    try:
        step("%s logs in and the page loads" % user,
             lambda: (login(b, base, user, password), open_page(b, url))[1])
        step("%s: the buttons on %s, which a polkit rule gives him" % (user, granted),
             lambda: (select(b, granted),
                      wait_buttons(b, {"Boot", "Halt", "Reboot", "Shutdown"}))[1])
        step("%s: and its console" % user,
             lambda: b.wait("!document.getElementById('console-status').textContent.includes('Not authorized')"
                            " && document.getElementById('not-authorized').hidden", timeout=10))
        step("%s: \"not authorized\" on %s" % (user, other),
             lambda: (select(b, other),
                      b.wait("document.getElementById('not-authorized').getBoundingClientRect().height > 0",
                             timeout=20),
                      expect(buttons(b) == {}, lambda: buttons(b)))[2])
    finally:
        b.close()


def wait_cli(cond, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.2)
    return False


def main():
    mode = sys.argv[1]
    if mode == "root":
        scenario_root(sys.argv[2], sys.argv[3])
    elif mode == "polkit":
        scenario_polkit(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7])
    elif mode == "delegated":
        scenario_delegated(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5],
                           sys.argv[6], sys.argv[7])
    else:
        raise SystemExit("unknown scenario " + mode)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
