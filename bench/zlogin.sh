#!/usr/bin/env bash
# How fast `zlogin Z true` enters a running zone, next to the kernel floor
# (`nsenter -a -t INITPID true` into the same zone) and the peers' attach
# commands (`lxc-attach`, `machinectl shell`), in ONE run of ONE disposable
# systemd test host. A benchmark, not a test: medians, never a failure on a
# time. See the "zlogin" section of bench/README.md.
#
#   sudo bench/zlogin.sh [-n RUNS] [--stage STAGEDIR | --no-build]
#
#   -n, --runs N   runs of each row (default 100)
#   --stage DIR    use this `meson install --destdir` tree, do not build
#   --no-build     use $BUILD/stage as it is
#   (default)      build incrementally into $BUILD (default /tmp/benchbuild)
#
# Writes bench/results/zlogin.md (the table, also printed) and
# bench/results/zlogin.json (hyperfine's raw JSON of every row).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

# ------------------------------------------------- inside the test host ----
if [[ ${1:-} == --inner ]]; then
  OUT=$2 RUNS=$3
  W=/var/lib/zlogin-bench ROOT=/var/lib/zlogin-bench/root LXCP=/var/lib/zlogin-bench/lxc Z=zbench
  : > "$OUT/rows.tsv"
  say() { echo "bench: $*" >&2; }
  row() { local IFS=$'\t'; echo "$*" >> "$OUT/rows.tsv"; }
  # bench ID LABEL CMD...: hyperfine without a shell (-N), or an n/a row.
  bench() {
    local id=$1 label=$2; shift 2
    local err
    if ! err=$(timeout 60 "$@" 2>&1 >/dev/null); then
      row "$id" "$label" na "$(printf '%s\n' "$err" | grep -m1 . || echo failed)"; say "$label: n/a"; return
    fi
    say "$label: $RUNS runs, then 20 cold"
    if hyperfine -N --style none --runs "$RUNS" --warmup 5 --export-json "$OUT/$id.json" \
         --command-name "$label" "$*" >/dev/null 2>"$OUT/$id.err"; then
      row "$id" "$label" ok ""
      # Cold: 0.2 s of quiet before each run, as a user's single command
      # (bench/README.md, "Warm and cold").
      hyperfine -N --style none --runs 20 --warmup 1 --prepare "sleep 0.2" --export-json "$OUT/$id-cold.json" \
        --command-name "$label" "$*" >/dev/null 2>>"$OUT/$id.err" || rm -f "$OUT/$id-cold.json"
    else row "$id" "$label" na "hyperfine: $(head -1 "$OUT/$id.err")"; fi
  }
  cleanup() {
    set +e
    lxc-stop -P "$LXCP" -n zattach -k >/dev/null 2>&1
    timeout 60 zoneadm -z $Z halt >/dev/null 2>&1
    timeout 60 zoneadm -z $Z uninstall -F >/dev/null 2>&1
    timeout 60 zonecfg -z $Z delete -F >/dev/null 2>&1
  }
  trap cleanup EXIT
  {
    printf 'kernel\t%s\n' "$(uname -r)"
    printf 'cpus\t%s\n' "$(nproc)"
    printf 'loadavg\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'cgroups\t%s\n' "$(if [[ -d /sys/fs/cgroup/unified ]]; then echo hybrid; elif [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then echo unified; else echo legacy; fi)"
  } > "$OUT/env.tsv"

  # The zone: a sparse zone, booted (zinit as init).
  zpid=
  if zonecfg -z $Z "create; set zonepath=/zones/$Z" >/dev/null && zoneadm -z $Z install >/dev/null &&
     zoneadm -z $Z boot >/dev/null; then
    zpid=$(cat /run/zones/$Z/init.pid)
  fi
  if [[ -n $zpid ]]; then
    bench nsenter "nsenter -a -t PID true (PID: the zone's init)" nsenter -a -t "$zpid" true
    bench zlogin "zlogin Z true" zlogin $Z true
    bench zlogin-l "zlogin -l root Z true" zlogin -l root $Z true
  else
    row nsenter "nsenter -a -t PID true (PID: the zone's init)" na "the zone did not boot"
    row zlogin "zlogin Z true" na "the zone did not boot"
  fi

  # LXC: a busybox root, init `sleep`, no network bridge (as bench/inner.sh).
  mkdir -p "$ROOT"/{usr/bin,etc,proc,sys,dev,tmp,root}
  ln -sfn usr/bin "$ROOT/bin"
  cp "$(readlink -f /bin/busybox)" "$ROOT/usr/bin/busybox"
  for a in sh true sleep; do ln -sf busybox "$ROOT/usr/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$ROOT/etc/passwd"
  mkdir -p "$LXCP/zattach"
  cat > "$LXCP/zattach/config" <<EOF
lxc.uts.name = zattach
lxc.rootfs.path = dir:$ROOT
lxc.net.0.type = empty
lxc.apparmor.profile = unconfined
lxc.mount.auto = proc:mixed sys:ro
lxc.autodev = 1
lxc.log.level = ERROR
lxc.init.cmd = /bin/sleep 1000000
EOF
  if command -v lxc-start >/dev/null && lxc-start -P "$LXCP" -n zattach -d 2>/dev/null &&
     lxc-wait -P "$LXCP" -n zattach -s RUNNING -t 10 >/dev/null 2>&1; then
    bench lxc-attach "lxc-attach -n C -- true" lxc-attach -P "$LXCP" -n zattach -- true
  else row lxc-attach "lxc-attach -n C -- true" na "lxc-start failed or lxc missing"; fi
  # machined's OpenMachineShell path (machinectl shell), into the host
  # itself (.host): a container would need systemd as its init.
  if command -v machinectl >/dev/null; then
    bench machinectl "machinectl shell -q .host /bin/true" machinectl shell -q .host /bin/true
  else row machinectl "machinectl shell -q .host /bin/true" na "machinectl missing"; fi
  exit 0
fi

# ------------------------------------------------------------ outside ----
runs=100 stage='' build=yes
BUILD=${BUILD:-/tmp/benchbuild}
usage() { sed -n '8,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case $1 in
    -n|--runs) runs=$2; shift 2 ;;
    --stage) stage=$2; build=no; shift 2 ;;
    --no-build) build=no; shift ;;
    -h|--help) usage ;;
    *) echo "bench/zlogin.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/zlogin.sh: runs must be a positive integer" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "bench/zlogin.sh: must run as root" >&2; exit 1; }
for c in hyperfine lxc-attach busybox nsenter; do
  command -v "$c" >/dev/null || { "$here/deps.sh"; break; }
done
if [[ $build == yes ]]; then
  BUILD=$BUILD "$top/tools/scripts/build.sh" > "${BUILD%/}.bench-build.log" 2>&1 ||
    { tail -20 "${BUILD%/}.bench-build.log" >&2; echo "bench/zlogin.sh: the build failed" >&2; exit 1; }
  stage=$BUILD/stage
elif [[ -z $stage ]]; then
  stage=$BUILD/stage
fi
[[ -d $stage ]] || { echo "bench/zlogin.sh: no stage directory $stage" >&2; exit 1; }

out=$(mktemp -d /tmp/zlogin-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "bench: measuring inside a systemd test host" >&2
timeout -k 30 600 "$top/tests/testhost/testhost" run --stage "$stage" --bind-ro "$top" --bind "$out" \
  -- /bin/bash "$here/zlogin.sh" --inner "$out" "$runs" </dev/null || true
[[ -s $out/rows.tsv ]] || { echo "bench: nothing was measured" >&2; exit 1; }

mkdir -p "$here/results"
python3 - "$out" "$here/results/zlogin.md" "$here/results/zlogin.json" \
  "$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'EOF'
import json, os, statistics, sys
out, md, js, rev = sys.argv[1:5]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "rows.tsv")) if l.strip()]
env = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(out, "env.tsv")) if "\t" in l)
data, raw = {}, {}
for rid, label, status, note in (r + [""] * (4 - len(r)) for r in rows):
    f = os.path.join(out, rid + ".json")
    if status == "ok" and os.path.exists(f):
        res = json.load(open(f))["results"][0]
        raw[rid] = res
        cold = None
        cf = os.path.join(out, rid + "-cold.json")
        if os.path.exists(cf):
            craw = json.load(open(cf))["results"][0]
            raw[rid + "-cold"] = craw
            cold = statistics.median(craw["times"]) * 1000
        data[rid] = (label, statistics.median(res["times"]) * 1000, res["mean"] * 1000, res["stddev"] * 1000, "", cold)
    else:
        data[rid] = (label, None, None, None, note, None)
floor = data.get("nsenter", (None, None))[1]
cfloor = data.get("nsenter", (None,) * 6)[5]
lines = [f"zlogin benchmark ({rev}), kernel {env.get('kernel','?')}, {env.get('cpus','?')} CPUs, "
         f"load {env.get('loadavg','?')}, cgroups {env.get('cgroups','?')}; "
         f"{len(next(iter(raw.values()))['times']) if raw else 0} runs per row back to back (warm), "
         f"then 20 each after 0.2 s of quiet (cold); hyperfine -N", "",
         "| command | warm median ms | mean ± σ ms | × nsenter | cold median ms | × nsenter |",
         "|---|---:|---:|---:|---:|---:|"]
for rid in ["nsenter", "zlogin", "zlogin-l", "lxc-attach", "machinectl"]:
    if rid not in data:
        continue
    label, med, mean, sd, note, cold = data[rid]
    if med is None:
        lines.append(f"| `{label}` | n/a | {note} | | | |")
    else:
        ratio = f"{med / floor:.2f}" if floor else ""
        cm = f"{cold:.2f}" if cold is not None else "–"
        cr = f"{cold / cfloor:.2f}" if cold is not None and cfloor else "–"
        lines.append(f"| `{label}` | {med:.2f} | {mean:.2f} ± {sd:.2f} | {ratio} | {cm} | {cr} |")
text = "\n".join(lines) + "\n"
open(md, "w").write(text)
json.dump({"env": env, "rows": raw}, open(js, "w"), indent=1)
print(text, end="")
EOF
