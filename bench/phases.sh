#!/usr/bin/env bash
# Where the time of ready, boot and halt goes, phase by phase (zoneadm -v),
# cold: each verb after IDLE s of quiet, as a user's single command. With
# several stages, A/B: one disposable systemd test host per stage and
# round, the stages alternating (A B A B ...), so that a busy machine
# weighs on all of them alike. Prints, per verb, the median of each phase
# and of zoneadm's total per stage, and the load average of each round.
# A benchmark, not a test.
#
#   sudo bench/phases.sh [-n RUNS] [-r ROUNDS] [--idle SECONDS] [--favordynmods] [--stage DIR]...
#
#   -n RUNS       cold runs of each verb per round (default 10)
#   -r ROUNDS     rounds (default 2)
#   --idle S      quiet before each timed verb (default 0.2, as bench/run.sh)
#   --stage DIR   a `meson install --destdir` tree (default $BUILD/stage or
#                 build/stage); give it twice or more for an A/B comparison
#   --favordynmods  each stage also with the favordynmods cgroup option on
#                 (A A' B B' ...): the test host mounts a hierarchy of its own
#                 with it (testhost --favordynmods) for the run. The option is one
#                 for the whole kernel (cgroup_threadgroup_rwsem): while that
#                 test host runs, every move on the machine skips the grace
#                 period and every fork and exit takes the slower lock path.
#                 This machine's own cgroup mounts are not touched, but from
#                 Linux 6.18 on the first such mount leaves moves
#                 per-threadgroup until reboot: run it last (the test host
#                 refuses it there unless ZONES_FAVORDYNMODS_UNTIL_REBOOT=1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
runs=10 rounds=2 idle=0.2 stages=() fav=no
while (($#)); do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --stage) stages+=("$2"); shift 2 ;;
    --favordynmods) fav=yes; shift ;;
    __inner) inner=1; shift; break ;;
    *) sed -n '10,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [[ -z ${inner:-} ]]; then
  [[ $(id -u) == 0 ]] || { echo "bench/phases.sh: must run as root" >&2; exit 1; }
  # Refused before any round, not after the first column (testhost says why).
  [[ $fav == no ]] || "$top/tests/testhost/testhost" favordynmods-ok || exit 2
  ((${#stages[@]})) || stages=("${BUILD:-$top/build}/stage")
  # Columns: each stage, and with --favordynmods each stage again with it.
  cols=() colfav=()
  for s in "${stages[@]}"; do
    [[ -d $s ]] || { echo "bench/phases.sh: no stage $s" >&2; exit 1; }
    cols+=("$s"); colfav+=(no)
    if [[ $fav == yes ]]; then cols+=("$s + favordynmods"); colfav+=(yes); fi
  done
  out=$(mktemp -d /tmp/zphases.XXXXXX)
  trap 'rm -rf "$out"' EXIT
  for ((r = 1; r <= rounds; r++)); do
    for i in "${!cols[@]}"; do
      s=${cols[$i]% + favordynmods}
      mkdir -p "$out/$i"
      echo "round $r, column $((i + 1)) (${cols[$i]}): load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/loads"
      favarg=(); [[ ${colfav[$i]} == no ]] || favarg=(--favordynmods)
      timeout -k 10 600 "$top/tests/testhost/testhost" run --stage "$s" "${favarg[@]}" --bind-ro "$top" --bind "$out/$i" \
        -- /bin/bash "$here/phases.sh" __inner "$out/$i" "$runs" "$idle" "$r" </dev/null >/dev/null ||
        echo "round $r, column $((i + 1)): the test host ended with an error" >&2
    done
  done
  python3 - "$out" "${cols[@]}" <<'EOF'
import os, re, statistics, sys
out, stages = sys.argv[1], sys.argv[2:]
row = re.compile(r'^ *([0-9.]+) +([0-9.]+)  (.*)$')
head = re.compile(r"^zone '[^']*': (\w+): ([0-9.]+) ms")
def load(i):
    """verb -> list of runs, each {phase: ms} (meanwhile phases flagged)."""
    runs = {}
    d = os.path.join(out, str(i))
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not f.endswith('.txt'):
            continue
        label = f.split('-')[0]
        cur = None
        for line in open(os.path.join(d, f)):
            m = head.match(line)
            if m:
                cur = {'TOTAL (zoneadm)': float(m.group(2))}
                runs.setdefault(label, []).append(cur)
                continue
            m = row.match(line)
            if m and cur is not None:
                name = m.group(3)
                cur[name] = cur.get(name, 0) + float(m.group(2))
    return runs
data = [load(i) for i in range(len(stages))]
verbs = []
for d in data:
    verbs += [v for v in d if v not in verbs]
for v in verbs:
    print(f"\n## {v} (cold; medians in ms; runs: {', '.join(str(len(d.get(v, []))) for d in data)})\n")
    names = []
    for d in data:
        for r in d.get(v, []):
            names += [n for n in r if n not in names]
    names.sort(key=lambda n: (n != 'TOTAL (zoneadm)',))
    hdr = ' | '.join(f'column {i + 1}' for i in range(len(stages)))
    print(f"| phase | {hdr} |\n|---|" + '---:|' * len(stages))
    for n in names:
        cells = []
        for d in data:
            vals = [r[n] for r in d.get(v, []) if n in r]
            cells.append(f"{statistics.median(vals):.2f}" if vals else '')
        print(f"| {n} | {' | '.join(cells)} |")
for i, s in enumerate(stages):
    print(f"\ncolumn {i + 1}: {s}")
print()
print(open(os.path.join(out, 'loads')).read(), end='')
EOF
  exit 0
fi

# Inside the test host: one zone; each verb cold, -v, RUNS times. Its path
# on tmpfs, a local file system as on a real host (bench/inner.sh says why).
dir=$1 runs=$2 idle=$3 round=$4
mkdir -p /zones && mount -t tmpfs -o mode=0755 zphases /zones
zonecfg -z ph 'create; set zonepath=/zones/ph' >/dev/null
zoneadm -z ph install >/dev/null
zoneadm -z ph boot >/dev/null && zoneadm -z ph halt >/dev/null   # first-run effects out of the way
# The id shift looks again into every directory its whole walk changed
# for the next 2 s (zone_platform.cpp, the stamp's margin): a user's next
# boot is rarely that close to the zone's first, bench/run.sh's never.
sleep 2.1
timed() {   # timed LABEL VERB PREPARE...
  local label=$1 verb=$2 k; shift 2
  for ((k = 1; k <= runs; k++)); do
    "$@" >/dev/null 2>&1
    sleep "$idle"
    zoneadm -z ph "$verb" -v >> "$dir/$label-$round.txt" 2>/dev/null || true
  done
}
timed boot_installed boot zoneadm -z ph halt
timed halt halt zoneadm -z ph boot
timed ready ready zoneadm -z ph halt
timed boot_ready boot bash -c 'zoneadm -z ph halt; zoneadm -z ph ready'
# zlogin has no -v: its wall time, from bash's clock, the same way.
zoneadm -z ph boot >/dev/null 2>&1 || true
for ((k = 1; k <= runs; k++)); do
  sleep "$idle"
  t0=$EPOCHREALTIME; zlogin ph true >/dev/null 2>&1; t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "zone '"'"'ph'"'"': zlogin: %.2f ms, wall\n", (b - a) * 1000 }' >> "$dir/zlogin-$round.txt"
done
zoneadm -z ph halt >/dev/null 2>&1 || true
