#!/usr/bin/env bash
# Zones for Linux benchmark: how long it takes to start, stop and enter a
# zone, next to the namespace floor and to LXC, runc and systemd-nspawn, all
# measured in ONE disposable systemd test host (tests/testhost) so every row
# sees the same kernel, cgroups and systemd. A benchmark, not a test: it
# reports medians and never fails on a time. See bench/README.md.
#
#   sudo bench/run.sh [-n RUNS] [--peer-runs RUNS] [--stage STAGEDIR | --no-build]
#
#   -n, --runs N     runs of each zoneadm row (default 20)
#   --peer-runs N    runs of the floor, peer and attach rows (default 50)
#   --stage DIR      use this `meson install --destdir` tree, do not build
#   --no-build       use $BUILD/stage as it is
#   (default)        build incrementally into $BUILD (default /tmp/benchbuild)
#                    with tools/scripts/build.sh, then use $BUILD/stage
#
# Writes bench/results/latest.md (the table, also printed),
# bench/results/latest.json (every row's raw hyperfine JSON, versions) and
# bench/results/latest.log (hyperfine's report, failed probes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
zruns=20 pruns=50 stage='' build=yes
BUILD=${BUILD:-/tmp/benchbuild}
usage() { sed -n '8,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case $1 in
    -n|--runs) zruns=$2; shift 2 ;;
    --peer-runs) pruns=$2; shift 2 ;;
    --stage) stage=$2; build=no; shift 2 ;;
    --no-build) build=no; shift ;;
    -h|--help) usage ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ $zruns =~ ^[1-9][0-9]*$ && $pruns =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: runs must be positive integers" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "bench/run.sh: must run as root (sudo bench/run.sh)" >&2; exit 1; }

for c in hyperfine lxc-execute lxc-start lxc-attach runc systemd-nspawn busybox python3 unshare nsenter; do
  command -v "$c" >/dev/null || { echo "bench: $c missing; installing the benchmark's packages" >&2; "$here/deps.sh"; break; }
done

# ---------------------------------------------------------------- build ----
stage_note=
if [[ $build == yes ]]; then
  echo "bench: building into $BUILD (tools/scripts/build.sh)" >&2
  if ! BUILD=$BUILD "$top/tools/scripts/build.sh" > "${BUILD%/}.bench-build.log" 2>&1; then
    tail -20 "${BUILD%/}.bench-build.log" >&2
    echo "bench: the build failed (log: ${BUILD%/}.bench-build.log); measuring without the zones stage" >&2
    stage_note="build failed"
  else
    stage=$BUILD/stage
  fi
elif [[ -z $stage ]]; then
  stage=$BUILD/stage
fi
stage_args=()
if [[ -z $stage_note ]]; then
  [[ -d $stage ]] || { echo "bench/run.sh: no stage directory $stage" >&2; exit 1; }
  stage_args=(--stage "$stage")
fi

# ------------------------------------------------------- the test host ----
# OUT is bound read-write into the test host; `testhost run` stops the host
# (all our containers and zones with it) on exit, INT and TERM.
out=$(mktemp -d /tmp/zbench.XXXXXX)
trap 'rm -rf "$out"' EXIT
# The files of this build: inner.sh times zoneadm/zlogin/zoneadmd only if
# they come from here, not from an older install in the machine's /usr.
: > "$out/staged.txt"
if ((${#stage_args[@]})); then (cd "$stage" && find . -type f -printf '/%P\n') > "$out/staged.txt"; fi
echo "bench: measuring inside a systemd test host (about 1–3 minutes)" >&2
# In the background so that INT/TERM reach us: we pass them on as TERM, and
# `testhost run` stops the host before it exits.
timeout -k 30 600 "$top/tests/testhost/testhost" run "${stage_args[@]}" \
  --bind-ro "$top" --bind "$out" -E HOME=/root -- \
  /bin/bash "$here/inner.sh" "$out" "$zruns" "$pruns" </dev/null &
tpid=$! interrupted=no
trap 'interrupted=yes; kill -TERM "$tpid" 2>/dev/null || true' INT TERM
while :; do
  rc=0; wait "$tpid" || rc=$?
  kill -0 "$tpid" 2>/dev/null || break
done
trap - INT TERM
if [[ $interrupted == yes ]]; then
  echo "bench: interrupted; the test host is stopped, bench/results is unchanged" >&2
  exit 130
fi
if ((rc)); then
  echo "bench: the run inside the test host ended with status $rc; the table has what was measured" >&2
fi
[[ -s $out/rows.tsv ]] || { echo "bench: nothing was measured" >&2; exit 1; }

{
  printf 'build\t%s\n' "$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$top" diff --quiet HEAD 2>/dev/null || echo +uncommitted)"
  printf 'stage\t%s\n' "${stage_note:-$stage}"
  printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # shellcheck disable=SC1091
  printf 'host\t%s\n' "$(. /etc/os-release && echo "$PRETTY_NAME"), PID 1 $(cat /proc/1/comm)"
} >> "$out/env.tsv"

mkdir -p "$here/results"
python3 "$here/report.py" "$out" "$here/results/latest.md" "$here/results/latest.json"
cp "$out/hyperfine.log" "$here/results/latest.log"
cat "$here/results/latest.md"
