#!/usr/bin/env bash
# ztop: the per-zone top view. Two running zones on a bridge of the test's
# own (198.18.4.0/24): zta busy and pinged from the host, ztb idle. Not a
# terminal: plain blocks, checked row by row. A terminal (tmux): the view
# drawn in place on the alternate screen, showing both zones; q, ^C and
# SIGTERM each leave with the terminal as it was (canonical mode, echo, the
# normal screen, the cursor shown).
source "$(dirname "$0")/lib.sh"
ZONES=(zta ztb)
BR=ztopbr0
cleanup() {
  for n in 1 2 3; do tmux -L ztop$n kill-server 2>/dev/null; done
  remove_zones "${ZONES[@]}"
  ip link del $BR 2>/dev/null
  rm -rf /zones
}
on_exit cleanup
need_zoneadmd
if ! command -v tmux >/dev/null; then
  skip_rest "tmux is not installed (tools/scripts/deps.sh)"
fi
plan 29

ip link add $BR type bridge && ip address add 198.18.4.1/24 dev $BR && ip link set $BR up
n=10
for z in "${ZONES[@]}"; do
  zonecfg -z $z "create; set zonepath=/zones/$z; add net; set physical=$BR; set address=198.18.4.$n/24; end" >/dev/null
  zoneadm -z $z install >/dev/null
  n=$((n + 1))
done
mkdir -p /zones/zta/root/etc/rc.d
printf '#!/bin/sh\n[ "$1" = start ] || exit 0\n(while :; do :; done) >/dev/null 2>&1 &\n' >/zones/zta/root/etc/rc.d/S10busy
chmod 0755 /zones/zta/root/etc/rc.d/S10busy
check "boot zta (busy)" zoneadm -z zta boot
check "boot ztb (idle)" zoneadm -z ztb boot
check "the host pings zta" ping -c 5 -i 0.2 -W 2 198.18.4.10

# --- not a terminal ----------------------------------------------------------
run ztop 1 2
check_eq "ztop 1 2 | ...: exit 0" 0 "$rc"
check_eq "two blocks, one per interval" 2 "$(grep -c '^ztop [0-9:]*: 2 zones, ' <<<"$out")"
last=$(awk '/^ztop /{b=""} {b = b $0 "\n"} END {printf "%s", b}' <<<"$out")
check_match "the column header" '^ZONE +CPU% +MEMORY +MEM% +MEMCAP +TASKS +RX/s +TX/s +RX +TX$' "$last"
row() { awk -v z="$1" '$1 == z' <<<"$last"; }
check_eq "busiest first: zta's row comes before ztb's" "zta ztb" "$(awk '$1 == "zta" || $1 == "ztb" {printf "%s ", $1}' <<<"$last" | sed 's/ $//')"
check "zta uses CPU (its busy loop): CPU% above 1" awk -v v="$(row zta | awk '{print $2}')" 'BEGIN {exit !(v > 1)}'
check "ztb, idle, uses less than zta" awk -v a="$(row zta | awk '{print $2}')" -v b="$(row ztb | awk '{print $2}')" 'BEGIN {exit !(b < a)}'
check_match "zta's memory is counted" '^[0-9.]+[KMG]$' "$(row zta | awk '{print $3}')"
check "zta has tasks (init, sh, its loop)" test "$(row zta | awk '{print $6}')" -ge 2
check_match "zta received the pings: its RX total is not 0" '^[0-9.]+[KMG]?$' "$(row zta | awk '$9 != "0" {print $9}')"
check_eq "ztb has no memory cap: -" "-" "$(row ztb | awk '{print $5}')"
check_match "a [total] line" '^\[total\] ' "$last"
rx=$(busctl call org.zones.Manager /org/zones/zone/zta org.zones.Zone.Network GetInterfaceStatistics 2>/dev/null)
check_match "GetInterfaceStatistics agrees: zta's interface received bytes" '"rx-bytes" [1-9]' "$rx"
run ztop -z ztb 1 1
check_eq "ztop -z ztb: only ztb" "ztb" "$(awk 'NR > 2 && $1 != "[total]" && NF {print $1}' <<<"$out")"
run ztop -z nosuch 1 1
check_eq "ztop -z nosuch: exit 1" 1 "$rc"
check_eq "... one line naming the zone" "ztop: nosuch: No such zone configured" "$err"
run ztop 0
check_eq "ztop 0: invalid interval, exit 2" "2 ztop: invalid interval: 0" "$rc $err"

# --- a terminal (tmux) -------------------------------------------------------
export TERM=xterm-256color
# pane WHY KEYS: run ztop 1 in a 100x30 tmux pane until KEYS (a tmux key, or
# "TERM" for the signal) ends it; then the terminal's state is in $WORK/after.
panes=0
pane() {
  # Each run has a tmux server of its own (-L): nothing of the last one's
  # shutdown can get in its way.
  panes=$((panes + 1))
  local t=(tmux -L ztop$panes)
  rm -f "$WORK/after" "$WORK/exit"
  "${t[@]}" new-session -d -s zt -x 100 -y 30 \
    "stty -a >$WORK/before; ztop 1; echo \$? >$WORK/exit; stty -a >$WORK/after; sleep 600"
  wait_for 60 bash -c "${t[*]} capture-pane -p -t zt | grep -q '^ztb '"
  screen=$("${t[@]}" capture-pane -p -t zt)
  alt=$("${t[@]}" display -p -t zt '#{alternate_on}')
  if [ "$1" = TERM ]; then
    kill -TERM "$("${t[@]}" display -p -t zt '#{pane_pid}' | xargs pgrep -x ztop -P)"
  else
    "${t[@]}" send-keys -t zt "$1"
  fi
  wait_for 30 test -s "$WORK/exit"
  after_alt=$("${t[@]}" display -p -t zt '#{alternate_on}')
  cursor=$("${t[@]}" display -p -t zt '#{cursor_flag}')
}
pane q
[ -n "${ZONES_TEST_OUTPUT:-}" ] && printf '%s\n' "$screen" >"$ZONES_TEST_OUTPUT/ztop-tmux.txt"
check_match "tmux: the view's summary line" '^ztop [0-9:]+: 2 zones, [0-9]+ CPUs?, .* memory; every 1 s; q quits$' "$screen"
check_match "tmux: the column header" '^ZONE +CPU% +MEMORY' "$screen"
check_match "tmux: zta's row" '^zta +[0-9.]+ +[0-9.]+[KMG] ' "$screen"
check_match "tmux: ztb's row" '^ztb +[0-9.]+ +[0-9.]+[KMG] ' "$screen"
check_eq "tmux: drawn on the alternate screen" 1 "$alt"
check_eq "q: ztop exits 0" 0 "$(cat "$WORK/exit")"
check_eq "q: back on the normal screen, cursor shown" "0 1" "$after_alt $cursor"
check_eq "q: the terminal's modes as before (canonical, echo)" "$(grep -o -- '-\?icanon\|-\?echo ' "$WORK/before")" \
  "$(grep -o -- '-\?icanon\|-\?echo ' "$WORK/after")"
pane C-c
check_eq "^C: the terminal's modes as before, normal screen" "$(grep -o -- '-\?icanon\|-\?echo ' "$WORK/before") 0" \
  "$(grep -o -- '-\?icanon\|-\?echo ' "$WORK/after") $after_alt"
pane TERM
check_eq "SIGTERM: the terminal's modes as before, normal screen" "$(grep -o -- '-\?icanon\|-\?echo ' "$WORK/before") 0" \
  "$(grep -o -- '-\?icanon\|-\?echo ' "$WORK/after") $after_alt"
