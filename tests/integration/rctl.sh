#!/usr/bin/env bash
# Resource controls (plugins/rctl): capped-memory, capped-cpu, cpu-shares,
# dedicated-cpu, max-lwps and the IPC rctls become properties of
# zone-NAME.scope and sysctls of the zone's IPC namespace; the limits bite
# (a memory hog is OOM-killed inside its zone, a fork bomb stops at
# max-lwps, a busy loop stays near its CPU cap) while the host and another
# zone keep working; zoneadm apply changes a running zone in place, all or
# nothing; zonestat and org.zones.Zone.Resources report usage against caps.
# Processes run inside the zones from /etc/rc.d scripts started by zinit,
# so they are in the zone's cgroups; nothing here is a timing benchmark.
source "$(dirname "$0")/lib.sh"
ZONES=(hog bomb cpu ded mem plain)
scope_cg() { systemctl show -p ControlGroup --value "zone-$1.scope"; }
prop() { systemctl show -p "$2" --value "zone-$1.scope"; }
# A cgroup file of zone $1's scope: $2 = hierarchy (memory, pids, cpuacct)
# for cgroup v1, $3 = the v2 file name; prints "" when neither exists.
cgfile() {
  local cg; cg=$(scope_cg "$1")
  if [ -e "/sys/fs/cgroup/$2$cg/$4" ]; then echo "/sys/fs/cgroup/$2$cg/$4"
  elif [ -e "/sys/fs/cgroup$cg/$3" ]; then echo "/sys/fs/cgroup$cg/$3"
  elif [ -e "/sys/fs/cgroup/unified$cg/$3" ]; then echo "/sys/fs/cgroup/unified$cg/$3"
  fi
}
# CPU time of zone $1 in microseconds: cgroup v2 cpu.stat (always there,
# on hybrid hosts in unified/), else v1 cpuacct.
cpu_usec() {
  local cg d; cg=$(scope_cg "$1")
  for d in "/sys/fs/cgroup$cg" "/sys/fs/cgroup/unified$cg"; do
    if [ -e "$d/cpu.stat" ]; then awk '$1 == "usage_usec" {print $2}' "$d/cpu.stat"; return; fi
  done
  echo $(( $(cat "/sys/fs/cgroup/cpuacct$cg/cpuacct.usage") / 1000 ))
}
# The sum of counter $4 (e.g. "max", "oom_kill") in file $3 (v2) / $2 (v1,
# hierarchy $5) of zone $1's scope and its payload/: v1 counts where the
# task was, v2 where the limit is.
events() {
  local f n=0 v
  for f in "$(cgfile "$1" "$5" "$3" "$2")" "$(cgfile "$1" "$5" "payload/$3" "payload/$2")"; do
    [ -n "$f" ] || continue
    v=$(awk -v k="$4" '$1 == k {print $2}' "$f")
    n=$((n + ${v:-0}))
  done
  echo $n
}
tasks_now() { cat "$(cgfile "$1" pids pids.current pids.current)"; }
tasks_at_least() { [ "$(tasks_now "$1")" -ge "$2" ]; }
rcd() {  # rcd ZONE NAME SCRIPT: an /etc/rc.d script that zinit runs at boot
  mkdir -p "/zones/$1/root/etc/rc.d"
  printf '#!/bin/sh\n[ "$1" = start ] || exit 0\n%s\n' "$3" >"/zones/$1/root/etc/rc.d/$2"
  chmod 0755 "/zones/$1/root/etc/rc.d/$2"
}

cleanup() {
  remove_zones "${ZONES[@]}"
  rm -rf /zones
}
on_exit cleanup

need_zoneadmd
plan 132

zonecfg -z hog 'create; set zonepath=/zones/hog; add capped-memory; set physical=64M; end
  set max-lwps=200; set max-msg-ids=100; set max-shm-ids=50; set max-sem-ids=30; set max-shm-memory=16M' >/dev/null
zonecfg -z bomb 'create; set zonepath=/zones/bomb; set max-lwps=100; add capped-cpu; set ncpus=0.5; end' >/dev/null
zonecfg -z cpu 'create; set zonepath=/zones/cpu; add capped-cpu; set ncpus=0.5; end; set cpu-shares=5' >/dev/null
zonecfg -z ded 'create; set zonepath=/zones/ded; add dedicated-cpu; set ncpus=1; end' >/dev/null
zonecfg -z plain 'create; set zonepath=/zones/plain' >/dev/null   # no resource controls
zonecfg -z mem 'create; set zonepath=/zones/mem
  add capped-memory; set physical=128M; set swap=192M; set locked=1M; end' >/dev/null
for z in "${ZONES[@]}"; do check "install $z" zoneadm -z $z install; done

# --- 1. the controls are properties of the scope ----------------------------------
check "ready hog" zoneadm -z hog ready
check_eq "hog: MemoryMax is capped-memory physical" 67108864 "$(prop hog MemoryMax)"
check_eq "hog: TasksMax is max-lwps plus zoneadmd's 4" 204 "$(prop hog TasksMax)"
check_eq "hog: no CPU quota" infinity "$(prop hog CPUQuotaPerSecUSec)"
check_eq "hog: the memory cgroup enforces it" 67108864 \
  "$(cat "$(cgfile hog memory memory.max memory.limit_in_bytes)")"
check_eq "hog: the pids cgroup enforces it" 204 "$(cat "$(cgfile hog pids pids.max pids.max)")"
check_eq "hog: payload/ holds the zone to max-lwps itself" 200 "$(cat "$(cgfile hog pids payload/pids.max payload/pids.max)")"
check_match "hog: set through SetUnitProperties (a drop-in of the scope)" 'MemoryMax' \
  "$(systemctl show -p DropInPaths --value zone-hog.scope)"
# A zone without resource controls: its new scope has systemd's defaults
# already, so ready makes no SetUnitProperties call (no bus round trip).
check "ready plain (no resource controls)" zoneadm -z plain ready
check_eq "plain: no property drop-in on its scope" "" "$(systemctl show -p DropInPaths --value zone-plain.scope)"
check_eq "plain: MemoryMax is systemd's default" infinity "$(prop plain MemoryMax)"
check_eq "plain: TasksMax is unlimited (no max-lwps), as the scope was made" infinity "$(prop plain TasksMax)"
check_eq "plain: so is its pids cgroup" max "$(cat "$(cgfile plain pids pids.max pids.max)")"
check "halt plain" zoneadm -z plain halt
check "ready cpu" zoneadm -z cpu ready
check_eq "cpu: capped-cpu ncpus=0.5 is CPUQuotaPerSecUSec=500ms" 500ms "$(prop cpu CPUQuotaPerSecUSec)"
check_eq "cpu: cpu-shares=5 is CPUWeight=500" 500 "$(prop cpu CPUWeight)"
check_eq "cpu: no memory cap" infinity "$(prop cpu MemoryMax)"
ncpu=$(nproc --all)
if [ "$ncpu" -ge 2 ]; then
  check "ready ded (dedicated-cpu ncpus=1)" zoneadm -z ded ready
  check_eq "ded: AllowedCPUs is the highest CPU" "$((ncpu - 1))" "$(prop ded AllowedCPUs)"
  check_eq "ded: the CPU is recorded for the other zones" "$((ncpu - 1))" "$(cat /run/zones/ded/dedicated-cpus)"
  zonecfg -z ded 'remove dedicated-cpu' >/dev/null
  check "ded: apply without dedicated-cpu" zoneadm -z ded apply
  check_eq "ded: ... every CPU is allowed again" "" "$(prop ded AllowedCPUs)"
  check "ded: ... and the CPU is given back" test ! -e /run/zones/ded/dedicated-cpus
  zonecfg -z ded 'add dedicated-cpu; set ncpus=1; end' >/dev/null
  check "ded: apply with dedicated-cpu again" zoneadm -z ded apply
  check_eq "ded: ... AllowedCPUs again" "$((ncpu - 1))" "$(prop ded AllowedCPUs)"
  zonecfg -z ded "select dedicated-cpu; set ncpus=$ncpu; end" >/dev/null
  run zoneadm -z ded apply
  check_eq "ded: apply of more CPUs than can be dedicated fails" 1 "$rc"
  check_eq "ded: ... and leaves AllowedCPUs" "$((ncpu - 1))" "$(prop ded AllowedCPUs)"
  zonecfg -z ded "select dedicated-cpu; set ncpus=1; end" >/dev/null
  check "boot ded" zoneadm -z ded boot
  check_eq "ded: init runs on the dedicated CPU only" "$((ncpu - 1))" \
    "$(awk '/^Cpus_allowed_list/ {print $2}' "/proc/$(initpid ded)/status")"
  run zlogin ded grep Cpus_allowed_list /proc/self/status
  check_eq "ded: so does a zlogin session" "$((ncpu - 1))" "$(printf '%s' "$out" | awk '{print $2}')"
  check "halt ded" zoneadm -z ded halt
  check "ded: halt gives the CPU back" test ! -e /run/zones/ded/dedicated-cpus
else
  for i in $(seq 1 15); do skip "ded: dedicated-cpu on a running zone ($i)" "one CPU: none can be dedicated"; done
fi
zonecfg -z ded "select dedicated-cpu; set ncpus=$ncpu; end" >/dev/null
run zoneadm -z ded ready
check_eq "ded: ready with every CPU dedicated fails" 1 "$rc"
check_eq "ded: ... saying why" \
  "zoneadm: zone 'ded': rctl: dedicated-cpu: $ncpu CPUs requested, the system has $ncpu (one stays with the global zone)" "$err"
check_eq "ded: ... and is left installed" installed "$(state ded)"

# --- 2. IPC limits in the zone's IPC namespace ---------------------------------------
host_msgmni=$(cat /proc/sys/kernel/msgmni)
rcd hog S10ipc 'for k in msgmni shmmni shmmax shmall sem; do echo "$k $(cat /proc/sys/kernel/$k)"; done >/var/tmp/ipc.new
mv /var/tmp/ipc.new /var/tmp/ipc.txt'
check "boot hog" zoneadm -z hog boot
wait_for 10 test -s /zones/hog/root/var/tmp/ipc.txt
ipc=$(cat /zones/hog/root/var/tmp/ipc.txt 2>&1)
check_match "hog sees msgmni = max-msg-ids" '^msgmni 100$' "$ipc"
check_match "hog sees shmmni = max-shm-ids" '^shmmni 50$' "$ipc"
check_match "hog sees shmmax = max-shm-memory" '^shmmax 16777216$' "$ipc"
check_match "hog sees shmall = max-shm-memory in pages" "^shmall $((16777216 / $(getconf PAGESIZE)))\$" "$ipc"
check_match "hog sees SEMMNI = max-sem-ids" '^sem [0-9]+[[:space:]]+[0-9]+[[:space:]]+[0-9]+[[:space:]]+30$' "$ipc"
check_eq "the host's msgmni is untouched" "$host_msgmni" "$(cat /proc/sys/kernel/msgmni)"
check "halt hog" zoneadm -z hog halt
rm -f /zones/hog/root/etc/rc.d/S10ipc

# --- 3. a busy loop stays near its CPU cap --------------------------------------------
rcd cpu S10busy 'for i in 1 2 3; do ( while :; do :; done ) & done
sleep 86400 &'
check "boot cpu" zoneadm -z cpu boot
wait_for 10 tasks_at_least cpu 5
c0=$(cpu_usec cpu); t0=$(date +%s%N); sleep 3
c1=$(cpu_usec cpu); t1=$(date +%s%N)
# CPUs used, in hundredths: at most 0.5 CPU plus a generous margin.
used=$(( (c1 - c0) * 100000 / ((t1 - t0) / 1000) / 1000 ))
check "cpu: three busy loops use CPU (${used}/100 CPUs)" test "$used" -ge 20
check "cpu: ... but no more than the 0.5 CPU cap (+50%)" test "$used" -le 75

# --- 4. a memory hog is killed inside its zone only ---------------------------------
rcd hog S20hog '( tail /dev/zero; echo "hog exit $?" >/var/tmp/hog.status ) &'
# What the host had before the hog: a process of its own, and zonesd.
sleep 600 & hostmark=$!
zonesd_before=$(zonesd_pid)
check "boot hog with a memory hog" zoneadm -z hog boot
wait_for 60 test -s /zones/hog/root/var/tmp/hog.status
check_eq "hog: the hog was SIGKILLed by the OOM killer" "hog exit 137" \
  "$(cat /zones/hog/root/var/tmp/hog.status 2>&1)"
check "hog: the kill is counted in the zone's memory cgroup" \
  test "$(events hog memory.oom_control memory.events oom_kill memory)" -ge 1
check_eq "hog: the zone is still running" running "$(state hog)"
check "hog: its init survived" kill -0 "$(initpid hog)"
check "cpu: the other zone is untouched (its sleep lives)" pgrep -f -x 'sleep 86400'
check "the host keeps working: its process from before the hog is alive" alive "$hostmark"
check_eq "... and zonesd is the same process (no OOM kill outside the zone)" "$zonesd_before" "$(zonesd_pid)"
kill "$hostmark"; wait "$hostmark" 2>/dev/null
check "zonesd keeps answering" zoneadm list -v

# --- 5. zonestat and the D-Bus figures ------------------------------------------------
run zonestat -z hog,cpu 1 2
check_eq "zonestat 1 2 exits 0" 0 "$rc"
check_eq "zonestat prints two blocks" 2 "$(grep -c '^Interval: ' <<<"$out")"
check_match "zonestat: header" '^ +ZONE +USED +CAP +%CAP +USED +CAP +%CAP +USED +CAP +%CAP$' "$out"
check_match "zonestat: summary line" '^SUMMARY +Cpus/Online: [0-9]+ +PhysMem: ' "$out"
check_match "zonestat: a [total] row" '^ +\[total\] ' "$out"
check_match "zonestat: hog against its 64M and 200 lwps" '^ +hog +[0-9.]+ +- +- +[0-9.]+[KM]? +64.0M +[0-9.]+% +[0-9]+ +200 +' "$out"
check_match "zonestat: cpu against its 0.50 CPU cap" '^ +cpu +0\.[0-9]+ +0\.50 +[0-9.]+% ' "$out"
run zonestat -z hog,cpu -o json 1 2
check_eq "zonestat -o json: one JSON line per interval" 2 "$(wc -l <<<"$out")"
check "zonestat -o json: each line matches its schema, with hog's and cpu's caps" python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[2]))
for line in sys.argv[1].splitlines():
    d = json.loads(line); jsonschema.validate(d, schema)
    z = {r["name"]: r for r in d["zones"]}
    assert z["hog"]["memory-cap-bytes"] == 64 << 20 and z["hog"]["lwps-cap"] == 200, z
    assert z["cpu"]["cpu-cap"] == 0.5, z' "$out" "$SRC/schema/zonestat.schema.json"
run zonestat -z nosuch 1 1
check_eq "zonestat -z of an unknown zone" "zonestat: nosuch: No such zone configured" "$err"
run zonestat 0
check_eq "zonestat with a bad interval exits 2" 2 "$rc"
run busctl call org.zones.Manager /org/zones/zone/cpu org.zones.Zone.Resources GetUsage
check_match "GetUsage: cpu-cap-percent 50" '"cpu-cap-percent" 50 ' "$out"
check_match "GetUsage: cpu-shares 5" '"cpu-shares" 5 ' "$out"
check_match "GetUsage: lwps counted" '"lwps" [1-9]' "$out"
run busctl call org.zones.Manager /org/zones/zone/ded org.zones.Zone.Resources GetUsage
check_match "GetUsage of an installed zone is InvalidState" "zone 'ded': not ready or running" "$err"
run busctl --json=short call org.zones.Manager /org/zones/zone/cpu org.zones.Zone.Resources GetUsage
busy=$(grep -o '"cpu-usec":{[^}]*}\|"cpu-usec":[0-9]*' <<<"$out" | grep -o '[0-9]*$')
check "GetUsage cpu-usec agrees with the cgroup counter (within 5 s of CPU)" \
  test "$(( $(cpu_usec cpu) - ${busy:-0} ))" -lt 5000000
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
check "GetUsage is readable by anyone (bus policy)" \
  asnobody busctl call org.zones.Manager /org/zones/zone/cpu org.zones.Zone.Resources GetUsage
check "so is zonestat" asnobody zonestat -z cpu 1 1
run asnobody zoneadm -z cpu apply
check_eq "apply is for root only" 1 "$rc"
check "halt cpu" zoneadm -z cpu halt

# --- 6. zoneadm apply -------------------------------------------------------------------
zonecfg -z hog 'set max-lwps=300; set max-msg-ids=200; select capped-memory; set physical=96M; end' >/dev/null
check "apply to running hog" zoneadm -z hog apply
check_eq "apply: TasksMax follows max-lwps" 304 "$(prop hog TasksMax)"
check_eq "apply: MemoryMax follows physical" 100663296 "$(prop hog MemoryMax)"
check_eq "apply: msgmni changed inside the running zone" 200 "$(nsenter -t "$(initpid hog)" -i cat /proc/sys/kernel/msgmni)"
check_eq "apply: no reboot (same init)" running "$(state hog)"
pid_before=$(initpid hog)
zonecfg -z hog 'set max-lwps=400; set max-msg-ids=100000' >/dev/null
run zoneadm -z hog apply
check_eq "apply of an invalid configuration exits 1" 1 "$rc"
check_eq "... with one line naming the zone and the cause" \
  "zoneadm: zone 'hog': rctl: zone.max-msg-ids 100000 exceeds the system maximum 32768" "$err"
check_eq "... and TasksMax is unchanged" 304 "$(prop hog TasksMax)"
check_eq "... and msgmni is unchanged" 200 "$(nsenter -t "$(initpid hog)" -i cat /proc/sys/kernel/msgmni)"
check_eq "... and the zone kept running" "$pid_before" "$(initpid hog)"
zonecfg -z hog 'clear max-msg-ids; set max-lwps=250' >/dev/null
check "apply a cleared limit" zoneadm -z hog apply
check_eq "apply: a cleared max-msg-ids goes back to the kernel's default" 32000 \
  "$(nsenter -t "$(initpid hog)" -i cat /proc/sys/kernel/msgmni)"
check_eq "apply: TasksMax 254" 254 "$(prop hog TasksMax)"
check_eq "apply: payload/ pids.max 250" 250 "$(cat "$(cgfile hog pids payload/pids.max payload/pids.max)")"
run zoneadm -z ded apply
check_eq "apply to an installed zone" "zoneadm: zone 'ded': apply operation is invalid for zones in state 'installed'" "$err"
check_eq "... exits 1" 1 "$rc"
run busctl call org.zones.Manager /org/zones/zone/hog org.zones.Zone Apply
check_eq "Zone.Apply over D-Bus" 's ""' "$out"

# --- 7. a fork bomb stops at max-lwps --------------------------------------------------
# Every process forks for ever and survives failed forks (a shell would
# exit at its first "Cannot fork"); capped at half a CPU, for the machine's sake.
rcd bomb S10bomb "perl -e 'fork while 1' >/dev/null 2>&1 &"
check "boot bomb (max-lwps=100, a fork bomb)" zoneadm -z bomb boot
# What is checked is waited for: the zone's own tasks (payload/) reach the
# limit; the scope's count (zoneadmd too) follows from it.
payload_tasks() { cat "$(cgfile bomb pids payload/pids.current payload/pids.current)"; }
payload_full() { [ "$(payload_tasks)" -ge 100 ]; }
wait_for 120 payload_full
n=$(tasks_now bomb)
check "bomb: the zone reached its task limit ($n)" test "$n" -ge 100
check "bomb: and stays within TasksMax 104" test "$n" -le 104
check_eq "bomb: the zone's own processes stop at exactly max-lwps" 100 "$(payload_tasks)"
check "bomb: forks were refused" test "$(events bomb pids.events pids.events max pids)" -ge 1
check_eq "bomb: the zone is still manageable" running "$(state bomb)"
check "bomb: zonestat still reports it" zonestat -z bomb 1 1
check "bomb: halt" zoneadm -z bomb halt
wait_for 10 sh -c '! systemctl is-active -q zone-bomb.scope'
check "bomb: the scope is gone" sh -c '! systemctl is-active -q zone-bomb.scope'
check_eq "bomb: no process of the zone is left" "" \
  "$(grep -l 'zone-bomb\.scope' /proc/[0-9]*/cgroup 2>/dev/null)"
check "the host still forks" sh -c 'for i in 1 2 3 4 5; do /bin/true; done'
check "halt hog" zoneadm -z hog halt

# --- 8. capped-memory swap and locked ---------------------------------------------------
# illumos swap caps RAM and swap together, Linux's MemorySwapMax swap alone
# (plugins/rctl/mapping.cpp): 192M - 128M physical = 64M.
check "ready mem" zoneadm -z mem ready
check_eq "mem: MemorySwapMax is swap minus physical" 67108864 "$(prop mem MemorySwapMax)"
check_eq "mem: MemoryMax is physical" 134217728 "$(prop mem MemoryMax)"
swapf=$(cgfile mem memory memory.swap.max no-v1-file)
if [ -n "$swapf" ]; then
  check_eq "mem: the v2 memory cgroup enforces the swap cap" 67108864 "$(cat "$swapf")"
else skip "mem: the v2 memory cgroup enforces the swap cap" "the memory controller is cgroup v1"; fi
# Else the memory controller is v1 (hybrid host): the plugin sets no
# memory.memsw.limit_in_bytes, so swap is enforced on cgroup v2 hosts only.
# locked is RLIMIT_MEMLOCK of the zone's processes (mlock beyond it is
# ENOMEM without CAP_IPC_LOCK, which zone root lacks in the host's userns).
cat >/zones/mem/root/var/tmp/mlock.py <<'PY'
import ctypes, errno
c = ctypes.CDLL(None, use_errno=True)
c.mmap.restype = ctypes.c_void_p
c.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
c.mlock.argtypes = c.munlock.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
for n in (512 << 10, 2 << 20):
    a = c.mmap(None, n, 3, 0x22, -1, 0)   # PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS
    r = c.mlock(a, n)
    print(n, "locked" if r == 0 else errno.errorcode[ctypes.get_errno()])
    c.munlock(a, n)
PY
rcd mem S10locked '{ echo "ulimit $(ulimit -l)"; python3 /var/tmp/mlock.py; } >/var/tmp/locked.new 2>&1
mv /var/tmp/locked.new /var/tmp/locked.txt'
check "boot mem" zoneadm -z mem boot
check_match "mem: init's Max locked memory is locked=1M" '^Max locked memory +1048576 +1048576 +bytes' \
  "$(cat "/proc/$(initpid mem)/limits")"
wait_for 10 test -s /zones/mem/root/var/tmp/locked.txt
locked=$(cat /zones/mem/root/var/tmp/locked.txt 2>&1)
check_match "mem: a process of the zone has ulimit -l 1024 (KiB)" '^ulimit 1024$' "$locked"
check_match "mem: ... it can mlock 512K" '^524288 locked$' "$locked"
check_match "mem: ... but not 2M" '^2097152 (ENOMEM|EPERM)$' "$locked"
# A zlogin session is zoneadmd's child, not init's: it must get the cap too
# (exec_in_zone.cpp copies init's RLIMIT_MEMLOCK and CPU affinity).
run zlogin mem 'ulimit -l'
check_eq "mem: a zlogin session has ulimit -l 1024 too" 1024 "$out"
run zlogin mem python3 /var/tmp/mlock.py
check_match "mem: ... and cannot mlock 2M" '^2097152 (ENOMEM|EPERM)$' "$out"
init_locked() { awk '/^Max locked memory/ {print $4, $5}' "/proc/$(initpid mem)/limits"; }
zonecfg -z mem 'select capped-memory; set swap=256M; set locked=512K; end' >/dev/null
check "mem: apply a new swap and a lower locked cap" zoneadm -z mem apply
check_eq "mem: apply: MemorySwapMax follows swap" 134217728 "$(prop mem MemorySwapMax)"
check_eq "mem: apply: init's Max locked memory follows locked" "524288 524288" "$(init_locked)"
# Raising a hard limit needs CAP_SYS_RESOURCE: a host that withholds it
# from root (this machine's container may) gets a refusal, all or nothing.
zonecfg -z mem 'select capped-memory; set swap=320M; set locked=2M; end' >/dev/null
run zoneadm -z mem apply
if (( (0x$(awk '/^CapBnd/ {print $2}' /proc/self/status) >> 24) & 1 )); then
  check_eq "mem: apply of a higher locked cap exits 0" 0 "$rc"
  check_eq "mem: apply: init's Max locked memory rises with it" "2097152 2097152" "$(init_locked)"
  check_eq "mem: ... and MemorySwapMax with swap" 201326592 "$(prop mem MemorySwapMax)"
  zonecfg -z mem 'select capped-memory; clear swap; clear locked; end' >/dev/null
  check "mem: apply without swap and locked caps" zoneadm -z mem apply
  check_eq "mem: apply: init's Max locked memory is zoneadmd's again" \
    "$(awk '/^Max locked memory/ {print $4, $5}' "/proc/$(pgrep -of 'zoneadmd -z mem( |$)')/limits")" "$(init_locked)"
else
  check_eq "mem: without CAP_SYS_RESOURCE apply of a higher locked cap exits 1" 1 "$rc"
  check_eq "mem: ... with one line naming the zone and the cause" \
    "zoneadm: zone 'mem': rctl: locked memory limit: cannot raise it from 524288 bytes to 2097152 bytes in a running zone without CAP_SYS_RESOURCE (halt and boot the zone)" "$err"
  check_eq "mem: ... init's Max locked memory is unchanged" "524288 524288" "$(init_locked)"
  check_eq "mem: ... and so is MemorySwapMax" 134217728 "$(prop mem MemorySwapMax)"
  zonecfg -z mem 'select capped-memory; clear swap; set locked=512K; end' >/dev/null
  check "mem: apply without a swap cap" zoneadm -z mem apply
fi
check_eq "mem: apply: no MemorySwapMax" infinity "$(prop mem MemorySwapMax)"
check "halt mem" zoneadm -z mem halt
