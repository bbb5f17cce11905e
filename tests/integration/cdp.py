"""A headless Chromium driven over the DevTools protocol (python3-websocket),
for tests/integration/cockpit-browser.py. Chromium's one-shot --screenshot and
--dump-dom modes return before cockpit.js has connected, so the tests drive
a live page and wait for conditions instead."""
import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROMIUM = "/usr/bin/chromium"


class BrowserError(Exception):
    pass


class Browser:
    """One Chromium process with a fresh profile and one page target."""

    def __init__(self, profile_seed=None, log_path=None):
        self.profile = tempfile.mkdtemp(prefix="zones-chromium.")
        if profile_seed and os.path.isdir(profile_seed):
            # A profile made by an earlier run starts faster (fonts, caches).
            shutil.copytree(profile_seed, self.profile, dirs_exist_ok=True, symlinks=True)
            for lock in ("SingletonLock", "SingletonSocket", "SingletonCookie", "DevToolsActivePort"):
                try:
                    os.unlink(os.path.join(self.profile, lock))
                except OSError:
                    pass
        self.log = open(log_path or os.devnull, "ab")
        args = [
            CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-features=Translate,MediaRouter,OptimizationHints",
            "--remote-debugging-port=0", "--remote-allow-origins=*",
            "--window-size=1280,1400", "--user-data-dir=" + self.profile, "about:blank",
        ]
        # Its own process group: closing kills Chromium's helpers by that
        # group's id, which is our own child's PID.
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log,
                                     start_new_session=True)
        self.port = self._devtools_port()
        self.ws = None
        self._id = 0
        self.events = []
        self._connect_page()

    def _devtools_port(self):
        path = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BrowserError("chromium exited with %s" % self.proc.returncode)
            try:
                with open(path) as f:
                    first = f.readline().strip()
                if first:
                    return int(first)
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        raise BrowserError("chromium did not open its DevTools port within 60 s")

    def _connect_page(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % self.port, timeout=30) as r:
            targets = json.load(r)
        page = next(t for t in targets if t.get("type") == "page")
        # suppress_origin: Chromium refuses DevTools websockets that carry an
        # Origin it does not know.
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60,
                                              suppress_origin=True)
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, **params):
        self._id += 1
        mid = self._id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise BrowserError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)
                del self.events[:-500]

    def set_headers(self, headers):
        self.send("Network.enable")
        self.send("Network.setExtraHTTPHeaders", headers=headers)

    def navigate(self, url):
        self.send("Page.navigate", url=url)

    def eval(self, expression, await_promise=True):
        r = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                      awaitPromise=await_promise)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise BrowserError("%s: %s" % (d.get("text"), d.get("exception", {}).get("description")))
        return r.get("result", {}).get("value")

    def wait(self, expression, timeout=60, what=None):
        """Waits until the expression is truthy in the page; returns its value."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                value = self.eval(expression)
                if value:
                    return value
                last = value
            except BrowserError as e:
                last = str(e)
            time.sleep(0.2)
        raise BrowserError("timed out after %d s waiting for %s (last: %r)" %
                           (timeout, what or expression, last))

    def click(self, selector, timeout=20):
        """A real mouse click in the middle of the element, once it is shown
        and enabled (as a person waits for a button to appear)."""
        probe = """(() => { const e = document.querySelector(%s);
            if (!e) return null; e.scrollIntoView({block: "center"});
            const r = e.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2, disabled: !!e.disabled,
                    hidden: r.width === 0 || r.height === 0}; })()""" % json.dumps(selector)
        deadline = time.monotonic() + timeout
        while True:
            box = self.eval(probe)
            if box and not box["disabled"] and not box["hidden"]:
                break
            if time.monotonic() > deadline:
                if not box:
                    raise BrowserError("no element " + selector)
                raise BrowserError("element %s is %s" % (selector, "disabled" if box["disabled"] else "hidden"))
            time.sleep(0.2)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"],
                      button="left", clickCount=1)

    def type_text(self, text):
        """Keyboard input to the focused element; \\r is the Enter key."""
        chunks = text.split("\r")
        for i, chunk in enumerate(chunks):
            if chunk:
                self.send("Input.insertText", text=chunk)
            if i < len(chunks) - 1:
                for kind in ("keyDown", "keyUp"):
                    self.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                              windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")

    def screenshot(self, path):
        r = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    def close(self, keep_profile=None):
        try:
            if self.ws:
                self.ws.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        # Helpers that outlived the browser's main process, same group.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if keep_profile:
            shutil.rmtree(keep_profile, ignore_errors=True)
            shutil.copytree(self.profile, keep_profile, symlinks=True,
                            ignore=shutil.ignore_patterns("Singleton*", "DevToolsActivePort"))
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log.close()
