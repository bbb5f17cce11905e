#!/usr/bin/env bash
# zones-exporter (Prometheus metrics): socket activation on 127.0.0.1:19663,
# least privilege, the page against the truth (states, zone IDs, memory and
# task limits and usage from the cgroups, boot time from init, console log
# size, per-interface counters after known traffic between two zones on
# 198.18.0.0/15), promtool check metrics, no work while nobody scrapes, the
# new D-Bus figures, and Debian's prometheus server scraping the exporter
# and answering a query for a zone through its HTTP API.
source "$(dirname "$0")/lib.sh"
ZONES=(ma mb mc md)
PORT=19663
URL=http://127.0.0.1:$PORT/metrics
inz() { local z=$1; shift; nsenter --net="/run/zones/$z/ns/net" "$@"; }
prom=""
cleanup() {
  local z
  [ -n "$prom" ] && { kill "$prom" 2>/dev/null; wait "$prom" 2>/dev/null; }
  systemctl stop zones-exporter.socket zones-exporter.service >/dev/null 2>&1
  remove_zones "${ZONES[@]}"
  ip link del zbr0 2>/dev/null
  rm -rf /zones
}
on_exit cleanup

need_zoneadmd
plan 77

# metric NAME LABELS (exact, e.g. 'zone="ma"'): its value on the page $page.
metric() {
  local k=$1; [ -n "${2:-}" ] && k="$1{$2}"
  awk -v k="$k" '$1 == k {print $2}' <<<"$page"
}
scrape() { page=$(curl -sf "$URL"); }
# The cgroup directory of zone $1's payload/ holding file $2 (any hierarchy).
payload_file() {
  local cg d; cg=$(systemctl show -p ControlGroup --value "zone-$1.scope")
  for d in $(cg_dirs "$cg/payload"); do [ -e "$d/$2" ] && { echo "$d/$2"; return; }; done
}
scope_file() {
  local cg d; cg=$(systemctl show -p ControlGroup --value "zone-$1.scope")
  for d in $(cg_dirs "$cg"); do [ -e "$d/$2" ] && { echo "$d/$2"; return; }; done
}
mem_now() {
  local f; f=$(payload_file "$1" memory.usage_in_bytes); [ -n "$f" ] || f=$(payload_file "$1" memory.current)
  cat "$f"
}
# The kernel's counter $3 (rx_bytes, tx_packets, ...) of interface $2 in zone $1.
ifstat() {
  inz "$1" ip -j -s link show dev "$2" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]["stats64"]
d, k = sys.argv[1].split("_")
print(s["rx" if d == "rx" else "tx"][k])' "$3"
}
between() { [ "$1" -le "$2" ] && [ "$2" -le "$3" ]; }   # between LOW X HIGH

# --- zones: two running exclusive-IP zones on a bridge, one installed, one configured
ip link add zbr0 type bridge && ip link set zbr0 up && ip addr add 198.18.0.1/24 dev zbr0
for z in ma mb; do
  n=$([ $z = ma ] && echo 11 || echo 12)
  check "configure $z" zonecfg -z $z "create; set zonepath=/zones/$z; set ip-type=exclusive
    add net; set physical=zbr0; set allowed-address=198.18.0.$n/24; end"
done
check "ma: memory and task limits" zonecfg -z ma 'add capped-memory; set physical=256M; end; set max-lwps=500'
check "configure mc" zonecfg -z mc 'create; set zonepath=/zones/mc'
check "configure md" zonecfg -z md 'create; set zonepath=/zones/md'
for z in ma mb mc; do check "install $z" zoneadm -z $z install; done
check "boot ma" zoneadm -z ma boot
check "boot mb" zoneadm -z mb boot

# --- socket activation, least privilege ---------------------------------------
check "zones-exporter.socket starts" systemctl start zones-exporter.socket
check_eq "nothing runs before the first scrape" inactive "$(systemctl is-active zones-exporter.service)"
check_match "the socket listens on 127.0.0.1:$PORT only" "127\.0\.0\.1:$PORT" "$(ss -Hltn "sport = :$PORT")"
run curl -sf -o /dev/null -w '%{http_code} %{content_type}' "$URL"
check_eq "GET /metrics: 200 in the text format 0.0.4" "200 text/plain; version=0.0.4; charset=utf-8" "$out"
check_eq "the first scrape started the service" active "$(systemctl is-active zones-exporter.service)"
epid=$(systemctl show -p MainPID --value zones-exporter.service)
check_eq "it runs as the system user zones-exporter" "$(id -u zones-exporter)" "$(stat -c %u /proc/$epid)"
check_eq "with no capabilities" 0000000000000000 "$(awk '/^CapEff/ {print $2}' /proc/$epid/status)"
check_eq "and no_new_privs" 1 "$(awk '/^NoNewPrivs/ {print $2}' /proc/$epid/status)"
check_eq "in a network namespace of its own (the socket comes from systemd)" "" \
  "$( [ "$(readlink /proc/$epid/ns/net)" = "$(readlink /proc/1/ns/net)" ] && echo shared)"
run curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/nope
check_eq "another path: 404" 404 "$out"
run curl -s -o /dev/null -w '%{http_code}' -X POST "$URL"
check_eq "POST: 405" 405 "$out"

# --- values against the truth --------------------------------------------------
m0=$(mem_now ma); scrape; m1=$(mem_now ma)
check_eq "zones_up 1" 1 "$(metric zones_up)"
check_eq "ma is running" 1 "$(metric zones_zone_state 'zone="ma",state="running"')"
check_eq "ma is not installed" 0 "$(metric zones_zone_state 'zone="ma",state="installed"')"
check_eq "mc is installed" 1 "$(metric zones_zone_state 'zone="mc",state="installed"')"
check_eq "md is configured" 1 "$(metric zones_zone_state 'zone="md",state="configured"')"
check_eq "zone ID of ma as zoneadm lists it" "$(zid ma)" "$(metric zones_zone_id 'zone="ma"')"
check_eq "zone ID of mb as zoneadm lists it" "$(zid mb)" "$(metric zones_zone_id 'zone="mb"')"
check_eq "no zone ID for an installed zone" "" "$(metric zones_zone_id 'zone="mc"')"
check_eq "zones per state: 2 running" 2 "$(metric zones_host_zones 'state="running"')"
check_eq "zones per state: 1 installed" 1 "$(metric zones_host_zones 'state="installed"')"
check_eq "zones per state: 1 configured" 1 "$(metric zones_host_zones 'state="configured"')"
check_eq "zones per state: 0 ready" 0 "$(metric zones_host_zones 'state="ready"')"
check_match "zone info: brand and IP type" '^zones_zone_info\{zone="ma",brand="sparse",ip_type="exclusive",uuid="[0-9a-f-]+"\} 1$' "$page"
mem=$(metric zones_memory_bytes 'zone="ma"')
check "memory of ma is the payload cgroup's ($m0..$m1 ±1 MiB, got $mem)" \
  between $((m0 < m1 ? m0 - 1048576 : m1 - 1048576)) "${mem:-0}" $((m0 > m1 ? m0 + 1048576 : m1 + 1048576))
check "memory of ma is not 0" test "${mem:-0}" -gt 0
check_eq "memory limit of ma: 256M, as in the scope's cgroup" "268435456 $(cat "$(scope_file ma memory.limit_in_bytes)" 2>/dev/null || cat "$(scope_file ma memory.max)")" \
  "$(metric zones_memory_max_bytes 'zone="ma"') 268435456"
check_eq "no memory limit for mb" "" "$(metric zones_memory_max_bytes 'zone="mb"')"
check_eq "task limit of ma: max-lwps 500 (payload pids.max)" "500 $(cat "$(payload_file ma pids.max)")" \
  "$(metric zones_tasks_max 'zone="ma"') 500"
check_eq "tasks of ma: pids.current of its payload" "$(cat "$(payload_file ma pids.current)")" "$(metric zones_tasks 'zone="ma"')"
cpu=$(metric zones_cpu_seconds_total 'zone="ma"')
check_match "CPU seconds of ma is a number" '^[0-9.e+-]+$' "$cpu"
check_match "# TYPE zones_cpu_seconds_total counter" '^# TYPE zones_cpu_seconds_total counter$' "$page"
# boot time: init's start (field 22 of /proc/PID/stat, in ticks after the host's boot)
ip=$(initpid ma)
truth=$(awk -v tck="$(getconf CLK_TCK)" -v bt="$(awk '/^btime/ {print $2}' /proc/stat)" \
  '{ sub(/^.*\) /, ""); printf "%.3f\n", bt + $20 / tck }' "/proc/$ip/stat")
boot=$(metric zones_boot_time_seconds 'zone="ma"')
check "boot time of ma is its init's start ($truth, got $boot)" \
  python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 2)' "$truth" "${boot:-0}"
log=$(( $(stat -c %s /var/log/zones/ma.console) + $(stat -c %s /var/log/zones/ma.console.old 2>/dev/null || echo 0) ))
check_eq "console log bytes of ma: the size of its log" "$log" "$(metric zones_console_log_bytes 'zone="ma"')"

# --- known traffic between the zones -------------------------------------------
scrape; rx0=$(metric zones_network_receive_bytes_total 'zone="mb",interface="net0"')
rp0=$(metric zones_network_receive_packets_total 'zone="mb",interface="net0"')
tx0=$(metric zones_network_transmit_bytes_total 'zone="ma",interface="net0"')
tp0=$(metric zones_network_transmit_packets_total 'zone="ma",interface="net0"')
check "ma pings mb 20 times with 1000-byte payloads" inz ma ping -c 20 -i 0.05 -s 1000 -W 2 -q 198.18.0.12
t0=$(ifstat mb net0 rx_bytes); p0=$(ifstat mb net0 rx_packets)
scrape
t1=$(ifstat mb net0 rx_bytes); p1=$(ifstat mb net0 rx_packets)
rx1=$(metric zones_network_receive_bytes_total 'zone="mb",interface="net0"')
rp1=$(metric zones_network_receive_packets_total 'zone="mb",interface="net0"')
tx1=$(metric zones_network_transmit_bytes_total 'zone="ma",interface="net0"')
tp1=$(metric zones_network_transmit_packets_total 'zone="ma",interface="net0"')
# an echo request is 1000 + 8 (ICMP) + 20 (IPv4) + 14 (Ethernet) bytes
check "mb received the 20 requests: +$((rx1 - rx0)) bytes >= 20840" test $((rx1 - rx0)) -ge 20840
check "mb received at least 20 packets more (+$((rp1 - rp0)))" test $((rp1 - rp0)) -ge 20
check "ma sent at least 20840 bytes more (+$((tx1 - tx0)))" test $((tx1 - tx0)) -ge 20840
check "ma sent at least 20 packets more (+$((tp1 - tp0)))" test $((tp1 - tp0)) -ge 20
check "mb's rx bytes are the kernel's counter ($t0 <= $rx1 <= $t1)" between "$t0" "${rx1:-0}" "$t1"
check "mb's rx packets are the kernel's counter ($p0 <= $rp1 <= $p1)" between "$p0" "${rp1:-0}" "$p1"
check_eq "no lo among the interfaces" "" "$(grep 'interface="lo"' <<<"$page")"

# --- the D-Bus figures behind it -------------------------------------------------
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
run asnobody busctl call org.zones.Manager /org/zones/zone/mb org.zones.Zone.Network GetInterfaceStatistics
check_match "GetInterfaceStatistics: anyone may call it; net0 with rx-bytes" '^a\(sa\{st\}\) 1 "net0" 8 .*"rx-bytes" [0-9]+' "$out"
run busctl call org.zones.Manager /org/zones/zone/mc org.zones.Zone.Network GetInterfaceStatistics
check_match "GetInterfaceStatistics of an installed zone: not ready or running" "zone 'mc': not ready or running" "$err"
run busctl call org.zones.Manager /org/zones/zone/ma org.zones.Zone.Resources GetUsage
check_match "GetUsage: memory-limit-bytes, lwps-limit, boot-time-usec, console-log-bytes" \
  '"boot-time-usec" [0-9]+ "console-log-bytes" [0-9]+ .*"lwps-limit" 500 .*"memory-limit-bytes" 268435456' "$out"

# --- promtool ----------------------------------------------------------------------
scrape
run promtool check metrics <<<"$page"
check_eq "promtool check metrics finds nothing to say" "0:" "$rc:$out$err"

# --- nobody scrapes: no work -----------------------------------------------------------
ctx() { cat /proc/$1/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n}'; }
c0=$(ctx "$epid"); z0=$(ctx "$(zonesd_pid)")
sleep 3
c1=$(ctx "$epid"); z1=$(ctx "$(zonesd_pid)")
# Polling of any kind (one wakeup a second) would add several; a stray
# wakeup of a loaded machine may add one.
check "the exporter does not wake up between scrapes (context switches over 3 s: $((c1 - c0)))" \
  test $((c1 - c0)) -le 1
check "nor does zonesd ($((z1 - z0)))" test $((z1 - z0)) -le 1

# --- halt: the zone's figures go, its state stays ----------------------------------------
check "halt mb" zoneadm -z mb halt
scrape
check_eq "mb is installed now" 1 "$(metric zones_zone_state 'zone="mb",state="installed"')"
check_eq "no zone ID for mb" "" "$(metric zones_zone_id 'zone="mb"')"
check_eq "no memory figure for mb" "" "$(metric zones_memory_bytes 'zone="mb"')"
check_eq "no interfaces of mb" "" "$(grep 'zone="mb",interface=' <<<"$page")"
check_eq "no errors in the scrape" 0 "$(metric zones_exporter_errors)"
check_eq "zones per state: 1 running, 2 installed" "1 2" \
  "$(metric zones_host_zones 'state="running"') $(metric zones_host_zones 'state="installed"')"

# --- Debian's prometheus scrapes it -------------------------------------------------------
mkdir -p "$WORK/tsdb"
cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: zones
    static_configs:
      - targets: ['127.0.0.1:$PORT']
YML
check "promtool check config" promtool check config "$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address=127.0.0.1:19090 >"$WORK/prometheus.log" 2>&1 & prom=$!
# query EXPR: the value of the first sample, or "" (python: the API's JSON)
query() {
  curl -sf --get --data-urlencode "query=$1" http://127.0.0.1:19090/api/v1/query 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")' 2>/dev/null
}
got=""
for i in $(seq 1 120); do
  got=$(query 'zones_memory_max_bytes{zone="ma"}')
  [ -n "$got" ] && break
  sleep 0.5
done
check_eq "prometheus has zones_memory_max_bytes of ma from the exporter" 268435456 "$got"
check_eq "and ma's state" 1 "$(query 'zones_zone_state{zone="ma",state="running"}')"
check_eq "and the target is up" 1 "$(query 'up{job="zones"}')"
check_eq "and the zone ID of ma" "$(zid ma)" "$(query 'zones_zone_id{zone="ma"}')"
kill "$prom"; wait "$prom" 2>/dev/null; prom=""
check_eq "prometheus logged no scrape error" "" "$(grep -i 'level=warn.*scrape\|level=error' "$WORK/prometheus.log")"

# --- more zones than calls in flight: every zone has its figures --------------------------
# 80 ready zones (no network: cheap) make 160 calls, more than the
# exporter keeps in flight and more than the bus lets one connection have
# pending; none may be lost.
many=()
for i in $(seq -w 1 80); do many+=("mz$i"); done
ZONES+=("${many[@]}")
failed=$(printf '%s\n' "${many[@]}" | xargs -P 4 -I{} sh -c \
  'out=$( (zonecfg -z {} "create; set zonepath=/zones/{}" && zoneadm -z {} install && zoneadm -z {} ready) 2>&1) ||
   echo "{}: $out"')
check_eq "80 zones made ready" "" "$failed"
check_eq "80 zones ready" 80 "$(zoneadm list -cp | awk -F: '$2 ~ /^mz[0-9]+$/ && $3 == "ready"' | wc -l)"
scrape
check_eq "the scrape has no errors" 0 "$(metric zones_exporter_errors)"
check_eq "each of the 80 has its memory figure" 80 "$(grep -c '^zones_memory_bytes{zone="mz[0-9]*"}' <<<"$page")"
check_eq "and its task count" 80 "$(grep -c '^zones_tasks{zone="mz[0-9]*"}' <<<"$page")"
check_eq "and its zone ID" 80 "$(grep -c '^zones_zone_id{zone="mz[0-9]*"}' <<<"$page")"
