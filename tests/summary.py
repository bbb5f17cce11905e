#!/usr/bin/env python3
"""Counts test cases over meson's JUnit logs (GoogleTest and TAP cases one by
one) and the fuzz result file; prints the closing line 'N passed, M failed'."""
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    if path.endswith(".txt"):
        try:
            for line in open(path):
                if line.startswith("pass "):
                    passed += 1
                elif line.startswith("fail "):
                    failed += 1
        except OSError:
            failed += 1
        continue
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print(f"missing or broken test log: {path}", file=sys.stderr)
        failed += 1
        continue
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
