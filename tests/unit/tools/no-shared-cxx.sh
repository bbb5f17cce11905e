#!/bin/sh
# The command-line tools carry their C++ runtime and libraries (tools/meson.build):
# none may need a shared C++ library, whose loading was most of a tool's start.
# Usage: no-shared-cxx.sh BINARY...
status=0
for bin in "$@"; do
  needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  [ -n "$needed" ] || { echo "$bin: no NEEDED entries read (not a dynamic executable?)"; status=1; continue; }
  for lib in $needed; do
    case $lib in
      libstdc++.so.*|libgcc_s.so.*|libfmt.so.*|libpugixml.so.*|libsdbus-c++.so.*)
        echo "$bin: needs $lib"; status=1 ;;
    esac
  done
done
[ $status = 0 ] && echo "ok: $# tools need no shared C++ library"
exit $status
