#!/bin/sh
# The command-line tools carry their C++ runtime and libraries (tools/meson.build):
# none may load a shared C++ library, directly or through another library,
# whose loading was most of a tool's start.
# Usage: no-shared-cxx.sh BINARY...
status=0
for bin in "$@"; do
  loaded=$(ldd "$bin" 2>&1) || { echo "$bin: ldd failed: $loaded"; status=1; continue; }
  bad=$(printf '%s\n' "$loaded" | grep -E 'lib(stdc\+\+|gcc_s|fmt|pugixml|sdbus-c\+\+)\.so' | awk '{print $1}' | tr '\n' ' ')
  [ -z "$bad" ] || { echo "$bin: loads $bad"; status=1; }
done
[ $status = 0 ] && echo "ok: $# tools load no shared C++ library"
exit $status
