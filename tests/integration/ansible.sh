#!/usr/bin/env bash
# The Ansible collection zones.linux (ansible/) with Debian's ansible-core,
# connection local: built and installed with ansible-galaxy, its docs read
# by ansible-doc; playbooks (tests/integration/ansible/) create, boot, run
# commands in, reconfigure (limits applied live: the cgroups say so, the
# zones keep running), halt and remove three zones. Each playbook runs
# twice and the second run changes nothing; check mode changes nothing and
# its diff shows the configuration change; detached and attached (check
# mode, diff, twice), detaching a running zone, running a detached one.
source "$(dirname "$0")/lib.sh"
ZONES=(az1 az2 az3 az4)
PB=$here/ansible
cleanup() {
  remove_zones "${ZONES[@]}"
  umount -R /zones 2>/dev/null
  rm -rf /zones
}
on_exit cleanup

if [ ! -x /usr/libexec/zones/zoneadmd ]; then
  skip_rest "no real zoneadmd installed"
fi
plan 68

export HOME=$WORK ANSIBLE_LOCAL_TEMP=$WORK/tmp ANSIBLE_REMOTE_TEMP=$WORK/tmp
export ANSIBLE_COLLECTIONS_PATH=$WORK/collections ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
export ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_LOCALHOST_WARNING=0
export ANSIBLE_INVENTORY_UNPARSED_WARNING=0 ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
# Zone roots on a file system of their own (as zonepath.sh): detach and
# attach walk the zone root, which overlayfs does not let them do.
mkdir -p /zones && mount -t tmpfs -o mode=0755 zones /zones

# --- the collection builds, installs and documents itself --------------------------
cp -r "$SRC/ansible" "$WORK/src"
check "ansible-galaxy collection build" ansible-galaxy collection build "$WORK/src" --output-path "$WORK"
check "ansible-galaxy collection install" ansible-galaxy collection install "$WORK"/zones-linux-*.tar.gz -p "$WORK/collections"
run ansible-galaxy collection list -p "$WORK/collections"
check_match "zones.linux is installed" 'zones\.linux +0\.1\.0' "$out"
for m in zone zone_info zone_command; do
  run ansible-doc -t module "zones.linux.$m"
  check_match "ansible-doc zones.linux.$m" "^> ZONES\.LINUX\.${m^^}" "$out"
done

# play PLAYBOOK [ansible-playbook args]: sets $out/$err/$rc; $changed and
# $failed from the recap (tasks), $items: the changed results (a loop's
# items one by one).
play() {
  local pb=$1; shift
  run ansible-playbook -i localhost, -c local "$PB/$pb" "$@"
  changed=$(sed -n 's/^localhost *: .*changed=\([0-9]*\).*/\1/p' <<<"$out")
  failed=$(sed -n 's/^localhost *: .*failed=\([0-9]*\).*/\1/p' <<<"$out")
  items=$(grep -c '^changed: \[localhost\]' <<<"$out")
}
scope_file() {
  local cg d; cg=$(systemctl show -p ControlGroup --value "zone-$1.scope")
  for d in $(cg_dirs "$cg$2"); do [ -e "$d/$3" ] && { echo "$d/$3"; return; }; done
}
mem_limit() { cat "$(scope_file "$1" "" memory.limit_in_bytes || true)" 2>/dev/null || cat "$(scope_file "$1" "" memory.max)"; }
pids_max() { cat "$(scope_file "$1" /payload pids.max)"; }

# --- check mode first: nothing exists, nothing is made -------------------------------
play newzone.yml --check
check_eq "check mode: a new zone would be made and booted (the playbook's asserts pass)" "0 0" "$rc ${failed:-x}"
check_eq "check mode made no zone" "" "$(zoneadm list -cp | grep ':az4:')"

# --- steady state: twice ---------------------------------------------------------------
play steady.yml
check_eq "steady.yml, first run: succeeds" "0 0" "$rc ${failed:-x}"
check_eq "first run: three zones made and one command run in each" 6 "$items"
for z in az1 az2 az3; do
  check_eq "$z is running" running "$(state $z)"
  check_eq "$z: max-lwps 300 on its payload" 300 "$(pids_max $z)"
done
for z in az1 az2; do check_eq "$z: memory limit 256M on its scope" 268435456 "$(mem_limit $z)"; done
check_eq "az3: max-shm-memory 256M in its IPC namespace" 268435456 "$(zlogin az3 cat /proc/sys/kernel/shmmax)"
check_eq "the command ran in az1" yes "$(test -e /zones/az1/root/var/tmp/made-by-ansible && echo yes)"
ids=$(for z in az1 az2 az3; do zid $z; done | tr '\n' ' ')
inits=$(for z in az1 az2 az3; do initpid $z; done | tr '\n' ' ')
play steady.yml
check_eq "steady.yml, second run: changed=0" "0 0 0" "$rc ${failed:-x} ${changed:-x}"
play steady.yml --check --diff
check_eq "steady.yml in check mode: changed=0" "0 0 0" "$rc ${failed:-x} ${changed:-x}"
check_eq "and no diff" "" "$(grep -E '^(\+\+\+|---) ' <<<"$out")"

# --- zone_info: the JSON of every zone -------------------------------------------------------
# ad hoc, with each host's result as JSON in a file (-t: the tree callback)
run ansible -i localhost, -c local localhost -m zones.linux.zone_info -t "$WORK/tree"
cp "$WORK/tree/localhost" "$WORK/info.json" 2>/dev/null
zoneadm list -c -o json >"$WORK/list.json"
for z in az1 az2 az3; do zonecfg -z $z export -o json >"$WORK/$z.json"; done
check "zone_info: each zone is zoneadm list -o json's entry plus zonecfg export -o json" python3 -c '
import json, sys
w = sys.argv[1]
zones = json.load(open(w + "/info.json"))["zones"]
listed = [z for z in json.load(open(w + "/list.json")) if z["name"] != "global"]
assert [z["name"] for z in zones] == [z["name"] for z in listed] == ["az1", "az2", "az3"], zones
for z, l in zip(zones, listed):
    assert {k: v for k, v in z.items() if k not in ("config", "export")} == l, (z, l)
    assert z["config"] == json.load(open(w + "/" + z["name"] + ".json")), z["name"]
' "$WORK"

# --- zone_command ------------------------------------------------------------------------
play command.yml
check_eq "command.yml: output, status and stderr come back (asserts pass)" "0 0" "$rc ${failed:-x}"

# --- reconfigure: limits applied live --------------------------------------------------------
play steady.yml --check --diff -e mem=512M -e lwps=400
check_eq "check mode with new limits: succeeds" "0 0" "$rc ${failed:-x}"
check_eq "check mode reports the three zones changed" 3 "$items"
check_match "its diff shows the old memory cap" '^-set physical=256M$' "$out"
check_match "and the old shm limit of az3" '^-add value \(priv=privileged,limit=268435456,action=deny\)$' "$out"
check_match "and the new one" '^\+set physical=512M$' "$out"
check_match "and the new task limit" '^\+add value \(priv=privileged,limit=400,action=deny\)$' "$out"
check_eq "check mode changed no limit" "268435456 300" "$(mem_limit az1) $(pids_max az1)"
check_match "nor the stored configuration" 'physical=256M' "$(zonecfg -z az2 export)"
play steady.yml -e mem=512M -e lwps=400
check_eq "reconfigure: succeeds" "0 0" "$rc ${failed:-x}"
check_eq "reconfigure changed the three zones" 3 "$items"
for z in az1 az2 az3; do check_eq "$z: max-lwps now 400, live" 400 "$(pids_max $z)"; done
for z in az1 az2; do check_eq "$z: memory limit now 512M, live" 536870912 "$(mem_limit $z)"; done
check_eq "az3: max-shm-memory now 512M, live" 536870912 "$(zlogin az3 cat /proc/sys/kernel/shmmax)"
check_eq "the zones kept running with the same zone IDs" "$ids" "$(for z in az1 az2 az3; do zid $z; done | tr '\n' ' ')"
check_eq "and the same init" "$inits" "$(for z in az1 az2 az3; do initpid $z; done | tr '\n' ' ')"
play steady.yml -e mem=512M -e lwps=400
check_eq "reconfigure, second run: changed=0" "0 0 0" "$rc ${failed:-x} ${changed:-x}"

# --- halt ----------------------------------------------------------------------------------------
play stopped.yml --check
check_eq "stopped.yml in check mode: 3 changes" "0 3" "$rc $items"
check_eq "nothing was halted" "running running running" "$(state az1) $(state az2) $(state az3)"
play stopped.yml
check_eq "stopped.yml: 3 changes" "0 3" "$rc $items"
check_eq "all three installed" "installed installed installed" "$(state az1) $(state az2) $(state az3)"
play stopped.yml
check_eq "stopped.yml, second run: changed=0" "0 0" "$rc ${changed:-x}"

# --- detached and attached ------------------------------------------------------------------
# A detached zone: configured, with the illumos manifest ZONEPATH/SUNWdetached.xml.
manifest() { test -s /zones/$1/SUNWdetached.xml && echo yes || echo no; }
play detach.yml -e zone=az1 -e want=detached --check --diff
check_eq "detached in check mode: 1 change, az1 still installed, no manifest" "0 1 installed no" \
  "$rc $items $(state az1) $(manifest az1)"
check_match "its diff shows the state it would reach" '^\+state: configured$' "$out"
play detach.yml -e zone=az1 -e want=detached
check_eq "detached: 1 change, az1 configured with the detach manifest" "0 1 configured yes" \
  "$rc $items $(state az1) $(manifest az1)"
play detach.yml -e zone=az1 -e want=detached
check_eq "detached, second run: changed=0" "0 0 0" "$rc ${failed:-x} ${changed:-x}"
play detach.yml -e zone=az1 -e want=attached --check --diff
check_eq "attached in check mode: 1 change, az1 still detached" "0 1 configured yes" \
  "$rc $items $(state az1) $(manifest az1)"
check_match "its diff shows the state it would reach" '^\+state: installed$' "$out"
play detach.yml -e zone=az1 -e want=attached
check_eq "attached: 1 change, az1 installed, the manifest gone" "0 1 installed no" \
  "$rc $items $(state az1) $(manifest az1)"
play detach.yml -e zone=az1 -e want=attached
check_eq "attached, second run: changed=0" "0 0 0" "$rc ${failed:-x} ${changed:-x}"
# A running zone asked to be detached is halted first; a detached zone
# asked to run is attached, then booted.
zoneadm -z az2 boot
play detach.yml -e zone=az2 -e want=detached -v
check_eq "detached from running: halted and detached" "0 configured yes" "$rc $(state az2) $(manifest az2)"
check_match "(zoneadm halt, then detach)" 'zoneadm -z az2 halt", *"zoneadm -z az2 detach"' "$(tr -d '\n' <<<"$out")"
play detach.yml -e zone=az2 -e want=running
check_eq "running from detached: attached and booted" "0 running no" "$rc $(state az2) $(manifest az2)"
play detach.yml -e zone=az2 -e want=running
check_eq "running, second run: changed=0" "0 0 0" "$rc ${failed:-x} ${changed:-x}"
play detach.yml -e zone=az3 -e want=attached
check_eq "attached on an installed zone: changed=0, stays installed" "0 0 0 installed" \
  "$rc ${failed:-x} ${changed:-x} $(state az3)"

# --- absent ----------------------------------------------------------------------------------------
play absent.yml --check --diff
check_eq "absent.yml in check mode: 3 changes, zones still there" "0 3 3" \
  "$rc $items $(zoneadm list -cp | grep -c ':az[123]:')"
play absent.yml
check_eq "absent.yml: 3 changes" "0 3" "$rc $items"
check_eq "no zone left" "" "$(zoneadm list -cp | grep ':az[1-4]:')"
check_eq "no zone root left" "" "$(ls /zones/az1/root 2>/dev/null)"
play absent.yml
check_eq "absent.yml, second run: changed=0" "0 0" "$rc ${changed:-x}"

# --- zone_info on an empty host ----------------------------------------------------------------------
run ansible -i localhost, -c local localhost -m zones.linux.zone_info
check_match "zone_info: no zones" '"zones": \[\]' "$out"
