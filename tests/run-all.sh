#!/usr/bin/env bash
# README command 2: the whole test suite, as root on Debian 12.
#  1. dependencies, build, staged install (tools/scripts)
#  2. unit tests (GoogleTest) and integration tests (each in its own
#     disposable systemd test host, tests/testhost) in build/
#  3. unit tests again under ASan/UBSan in build-asan/
#  4. the libFuzzer targets for a short run each in build-fuzz/ (clang)
#  5. no test seam in a release build (build-release/, tests/hooks)
# Ends with one line "N passed, M failed" counted over every test case.
set -uo pipefail
# Root runs it as it is (a fresh Debian 12 has no sudo); anyone else
# through sudo, so the README's line works for root and for a sudoer alike.
if [ "$(id -u)" != 0 ]; then exec sudo -- "$0" "$@"; fi
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
fuzz_seconds=${FUZZ_SECONDS:-20}
status=0

tools/scripts/deps.sh || exit 1
BUILD=$top/build tools/scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

# The Debian 12 root of the debian-brand tests, built here (the test hosts
# have no network) and cached across runs with the .debs it was built from
# (tests/debian-root.sh).
t0=$SECONDS
tests/debian-root.sh --with-debs >/dev/null || status=1
echo "debian root: $((SECONDS - t0)) s"

# The Debian packages (build/deb, rebuilt only when the sources changed),
# before the integration tests: integration-deb installs them.
deb_result="pass deb-package"
BUILD=$top/build tools/scripts/deb.sh || { deb_result="fail deb-package"; status=1; }

meson test -C build --print-errorlogs --suite unit --suite integration || status=1

# The unit tests use the test seams (meson -Dtest_hooks) too.
if [ ! -f build-asan/build.ninja ]; then
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dtest_hooks=true >/dev/null || status=1
else
  meson setup --reconfigure build-asan -Dtest_hooks=true >/dev/null || status=1
fi
ninja -C build-asan >/dev/null && meson test -C build-asan --print-errorlogs --suite unit || status=1

extra_results=build-fuzz/extra-results.txt
mkdir -p build-fuzz
: > "$extra_results"
echo "$deb_result" >> "$extra_results"

# A release build (test_hooks off, meson's default) holds no test seam.
if [ ! -f build-release/build.ninja ]; then
  meson setup build-release -Dtests=false >/dev/null || status=1
fi
ninja -C build-release daemon/zonesd daemon/zoneadmd/zoneadmd plugins/fs.so plugins/dev.so plugins/net.so \
  plugins/rctl.so >/dev/null || status=1
tests/hooks/check-release.sh build-release build >> "$extra_results" || status=1

if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang-14 CXX=clang++-14 meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
      -Db_lundef=false >/dev/null || status=1
fi
# Each target starts from its seed corpus (tests/fuzz/corpus, from the
# golden files: tests/fuzz/make-corpus.sh) with its dictionary; a missing
# corpus is a failure, not a start from nothing. New inputs go to a
# scratch copy, so the tree stays as it is.
for f in fuzz_zonecfg fuzz_xml; do
  seeds=tests/fuzz/corpus/${f#fuzz_}
  if ! compgen -G "$seeds/*" >/dev/null || [ ! -s "tests/fuzz/${f#fuzz_}.dict" ]; then
    echo "fail $f (no seed corpus in $seeds or no dictionary)" >> "$extra_results"; status=1; continue
  fi
  if ninja -C build-fuzz "tests/fuzz/$f" >/dev/null; then
    corpus=$(mktemp -d)
    cp "$seeds"/* "$corpus"/
    if "build-fuzz/tests/fuzz/$f" -max_total_time="$fuzz_seconds" -timeout=10 \
         -dict="tests/fuzz/${f#fuzz_}.dict" "$corpus" >"build-fuzz/$f.log" 2>&1; then
      echo "pass $f" >> "$extra_results"
    else
      echo "fail $f" >> "$extra_results"; tail -40 "build-fuzz/$f.log"; status=1
    fi
    rm -rf "$corpus"
  else
    echo "fail $f (build)" >> "$extra_results"; status=1
  fi
done

# Nothing of ours may outlive the suite: no test host, mount, cgroup or link.
leaks=$(
  pgrep -x systemd | grep -vx 1 | sed 's/^/systemd process /'
  pgrep -x zonesd | sed 's/^/zonesd process /'
  pgrep -x zoneadmd | sed 's/^/zoneadmd process /'
  grep -E 'zones-th|/run/zones' /proc/self/mountinfo
  find /sys/fs/cgroup -type d \( -name 'zones-th-*' -o -name 'zone-*.scope' \) 2>/dev/null
  ip netns list
)
if [ -z "$leaks" ]; then echo "pass leak-check" >> "$extra_results"; else
  echo "fail leak-check" >> "$extra_results"; echo "left behind:"; echo "$leaks"; status=1; fi

python3 "$top/tests/summary.py" build/meson-logs/testlog.junit.xml \
    build-asan/meson-logs/testlog.junit.xml "$extra_results"
exit $status
