#!/bin/bash
# Regenerates the zoneadm list golden files with the shell's printf and the
# format strings of illumos zoneadm.c (zone_print), independently of our
# C++ formatter. The zones are those of tests/unit/tools/test_list_format.cpp.
set -euo pipefail
cd "$(dirname "$0")"

V='%*s %-16s %-10s %-30s %-8s %-6s\n'
hdr() { printf "$V" 4 ID NAME STATUS PATH BRAND IP; }
# row ID NAME STATE PATH BRAND IP
row() { printf "$V" 4 "$1" "$2" "$3" "$4" "$5" "$6"; }
# prow ID NAME STATE PATH UUID BRAND IP   (colons in PATH escaped as \:)
prow() { printf '%s:%s:%s:%s:%s:%s:%s\n' "$1" "$2" "$3" "${4//:/\\:}" "$5" "$6" "$7"; }

U_WEB=4f1c9c7e-2d35-e35e-b1e9-9e0a4f4fe0b1
U_DB=0c9f3a64-8d1e-4b57-9c3e-2a1f5b6d7e80
U_HALF=7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d
U_STUCK=11111111-2222-4333-8444-555555555555

# fixture: index order web, db, test, half, stuck
{ echo global; echo stuck; echo web; } > list-plain.txt
{ echo global; echo stuck; echo web; echo db; } > list-i.txt
{ echo global; echo stuck; echo web; echo db; echo test; echo half; } > list-c.txt
{
  hdr
  row 0 global running / native shared
  row 3 stuck shutting_down /zones/stuck sparse shared
  row 7 web running /zones/web sparse excl
  row - db installed /zones/db whole shared
  row - test configured /zones/test sparse excl
  row - half incomplete /zones/half sparse shared
} > list-cv.txt
{
  hdr
  row 0 global running / native shared
  row 3 stuck shutting_down /zones/stuck sparse shared
  row 7 web running /zones/web sparse excl
} > list-v.txt
{
  prow 0 global running / "" native shared
  prow 3 stuck shutting_down /zones/stuck "$U_STUCK" sparse shared
  prow 7 web running /zones/web "$U_WEB" sparse excl
  prow - db installed /zones/db "$U_DB" whole shared
  prow - test configured /zones/test "" sparse excl
  prow - half incomplete /zones/half "$U_HALF" sparse shared
} > list-cp.txt
{
  prow 0 global running / "" native shared
  prow 3 stuck shutting_down /zones/stuck "$U_STUCK" sparse shared
  prow 7 web running /zones/web "$U_WEB" sparse excl
  prow - db installed /zones/db "$U_DB" whole shared
} > list-ip.txt

# one zone (zoneadm -z NAME list -v / -p)
{ hdr; row - test configured /zones/test sparse excl; } > list-z-v.txt
prow - test configured /zones/test "" sparse excl > list-z-p.txt
{ hdr; row 0 global running / native shared; } > list-z-global-v.txt

# long values are not cut and push the row out of line
LONGNAME=a-very-long-zone-name.with_all-the.allowed-characters
LONGPATH=/srv/zones/some/deeply/nested/location/for/a-very-long-zone-name
{
  hdr
  row 0 global running / native shared
  row - "$LONGNAME" installed "$LONGPATH" longbrandname excl
} > list-long-v.txt
{
  prow 0 global running / "" native shared
  prow - "$LONGNAME" installed "$LONGPATH" "$U_DB" longbrandname excl
} > list-long-p.txt

# colons: escaped in -p only
{
  hdr
  row 0 global running / native shared
  row - colon configured /zones/a:b:c sparse shared
} > list-colon-v.txt
{
  prow 0 global running / "" native shared
  prow - colon configured /zones/a:b:c "" sparse shared
} > list-colon-p.txt
