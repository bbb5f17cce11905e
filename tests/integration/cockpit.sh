#!/usr/bin/env bash
# The Cockpit page (cockpit/, installed to /usr/share/cockpit/zones) in a real
# browser: cockpit-ws on the test host's loopback, Debian's headless Chromium
# driven over the DevTools protocol (cockpit-browser.py). As root: the list
# against zoneadm, the configuration against zonecfg info, Boot, Reboot,
# Shutdown, Halt, the console (a command typed in xterm.js, its output),
# changes made elsewhere arriving live, a failed Boot's error line. As a
# delegated user (a real PAM login; zonecfg admin resource "manage" on one
# zone): buttons and console on his zone only, "not authorized" and the
# service's refusal on another. A user whom a polkit rule gives one zone:
# the page shows what zonesd's GetAccess says.
# Screenshots stay in BUILD/test-output (printed below).
source "$(dirname "$0")/lib.sh"
OUT=${ZONES_TEST_OUTPUT:-$WORK}
PORT=9191
WS_UNIT=zones-test-cockpit-ws
LOGIN_PORT=9192
LOGIN_UNIT=zones-test-cockpit-ws-login
USER_NAME=zonebob
USER_PW=zones-test-pw-$RANDOM
PK_USER=zonedave
RULES=/etc/polkit-1/rules.d/50-zones-cockpit-test.rules

cleanup() {
  systemctl stop "$WS_UNIT" "$LOGIN_UNIT" >/dev/null 2>&1
  local z
  for z in web broken bobs; do zoneadm -z "$z" halt >/dev/null 2>&1; done
  for z in $(zoneadm list -cp 2>/dev/null | cut -d: -f2 | grep -vx global); do
    zoneadm -z "$z" uninstall -F >/dev/null 2>&1
    zonecfg -z "$z" delete -F >/dev/null 2>&1
  done
  rm -rf /zones/web /zones/broken /zones/bobs "$RULES"
}
on_exit cleanup
plan 81

# Lines "PASS\tname" / "FAIL\tname\tdetail" from the browser scenario as TAP.
browser_checks() {
  local verdict name detail
  while IFS=$'\t' read -r verdict name detail; do
    case $verdict in
      PASS) _report 0 "$name" ;;
      FAIL) _report 1 "$name" "${detail//\\n/$'\n'}" ;;
      *) printf '# %s %s %s\n' "$verdict" "$name" "$detail" ;;
    esac
  done
}

http_get() {  # http_get URL: the body, or nothing
  python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' "$1" 2>/dev/null
}

# --- the package -----------------------------------------------------------
P=/usr/share/cockpit/zones
check "meson install put the page in $P" test -f "$P/manifest.json" -a -f "$P/index.html" -a -f "$P/zones.js"
check "with its xterm.js" test -f "$P/vendor/xterm/xterm.js" -a -f "$P/vendor/xterm/addon-fit.js"
check "the manifest is JSON with a menu entry" \
  python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); assert m["menu"]["index"]["label"] == "Zones"' "$P/manifest.json"

# --- zones: web boots and has a shell on its console; broken cannot ready ---
zonecfg -z web 'create; set zonepath=/zones/web' >/dev/null
zoneadm -z web install >/dev/null
mkdir -p /zones/web/root/etc/rc.d
cat > /zones/web/root/etc/rc.d/S99console <<'EOF'
#!/bin/sh
# a shell on the zone's console, as a getty would give
[ "$1" = start ] || exit 0
setsid /bin/sh -c 'exec /bin/sh -i </dev/console >/dev/console 2>&1' &
EOF
chmod 755 /zones/web/root/etc/rc.d/S99console
# ... instead of the console login zinit keeps there (/etc/zinit/console).
rm -f /zones/web/root/etc/zinit/console
zonecfg -z broken 'create; set zonepath=/zones/broken; add fs; set dir=/data; set special=/nonexistent/data; set type=lofs; end' >/dev/null
zoneadm -z broken install >/dev/null
# The golden configurations that configure a zone (each with its .info).
golden_bad=""
for f in "$SRC"/tests/golden/zonecfg/*.cfg; do
  [ -f "${f%.cfg}.info" ] || continue
  zonecfg -z "g-$(basename "$f" .cfg)" -f "$f" >/dev/null 2>&1 || golden_bad+="$(basename "$f") "
done
check_eq "the golden configurations are configured" "" "$golden_bad"
check_eq "zones for the page: web and broken installed" "installed installed" "$(state web) $(state broken)"

# --- cockpit-ws on loopback, the bridge as root ------------------------------
check "cockpit-ws starts on 127.0.0.1:$PORT" systemd-run --quiet --unit="$WS_UNIT" \
  /usr/lib/cockpit/cockpit-ws --no-tls --local-session=cockpit-bridge --address 127.0.0.1 --port "$PORT"
for _ in $(seq 1 100); do http_get "http://127.0.0.1:$PORT/cockpit/@localhost/manifests.json" | grep -q '"zones"' && break; sleep 0.1; done
check_match "cockpit-bridge lists the zones package" '"zones"' \
  "$(http_get "http://127.0.0.1:$PORT/cockpit/@localhost/manifests.json")"

browser_checks < <(python3 "$SRC/tests/integration/cockpit-browser.py" root \
  "http://127.0.0.1:$PORT/cockpit/@localhost/zones/index.html" "$OUT" 2>"$WORK/browser.err")
if [ -s "$WORK/browser.err" ]; then sed 's/^/# browser: /' "$WORK/browser.err"; fi
check "screenshot of the page as root" test -s "$OUT/cockpit-root.png"
echo "# screenshot: $OUT/cockpit-root.png"

# --- a delegated user: a real PAM login through cockpit-ws, his own bridge ---
check "a local user $USER_NAME with a password" \
  bash -c "useradd -m $USER_NAME && echo '$USER_NAME:$USER_PW' | chpasswd"
zonecfg -z bobs "create; set zonepath=/zones/bobs; add admin; set user=$USER_NAME; set auths=manage; end" >/dev/null
zoneadm -z bobs install >/dev/null
mkdir -p /zones/bobs/root/etc/rc.d
cp /zones/web/root/etc/rc.d/S99console /zones/bobs/root/etc/rc.d/
check_eq "his zone bobs (admin: manage) is installed, web too" "installed installed" "$(state bobs) $(state web)"
check "cockpit-ws with logins starts on 127.0.0.1:$LOGIN_PORT" systemd-run --quiet --unit="$LOGIN_UNIT" \
  /usr/lib/cockpit/cockpit-ws --no-tls --address 127.0.0.1 --port "$LOGIN_PORT"
for _ in $(seq 1 100); do http_get "http://127.0.0.1:$LOGIN_PORT/" | grep -qi cockpit && break; sleep 0.1; done
browser_checks < <(python3 "$SRC/tests/integration/cockpit-browser.py" delegated \
  "http://127.0.0.1:$LOGIN_PORT" "$OUT" "$USER_NAME" "$USER_PW" bobs web 2>"$WORK/browser.err")
if [ -s "$WORK/browser.err" ]; then sed 's/^/# browser: /' "$WORK/browser.err"; fi
check "screenshots of the page as $USER_NAME" test -s "$OUT/cockpit-$USER_NAME.png" -a -s "$OUT/cockpit-$USER_NAME-refused.png"
echo "# screenshots: $OUT/cockpit-$USER_NAME.png $OUT/cockpit-$USER_NAME-refused.png"

# --- a user whom only a polkit rule lets manage web ---------------------------
cat >"$RULES" <<RULES
polkit.addRule(function(action, subject) {
    if (subject.user == "$PK_USER" && action.lookup("zone") == "web" &&
        (action.id == "org.zones.manage" || action.id == "org.zones.console"))
        return polkit.Result.YES;
    return polkit.Result.NOT_HANDLED;
});
RULES
check "a local user $PK_USER and a polkit rule for him on web" \
  bash -c "useradd -m $PK_USER && echo '$PK_USER:$USER_PW' | chpasswd && systemctl restart polkit.service"
browser_checks < <(python3 "$SRC/tests/integration/cockpit-browser.py" polkit \
  "http://127.0.0.1:$LOGIN_PORT" "$OUT" "$PK_USER" "$USER_PW" web bobs 2>"$WORK/browser.err")
if [ -s "$WORK/browser.err" ]; then sed 's/^/# browser: /' "$WORK/browser.err"; fi
