#!/bin/sh
# Same scenario, same seed: byte-identical output and event log (DESIGN.md).
run="$1"; scn="$2"; d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
echo "1..2"
"$run" -v --events "$d/e1" "$scn" >"$d/o1" 2>&1
"$run" -v --events "$d/e2" "$scn" >"$d/o2" 2>&1
n=$(wc -l <"$d/e1")
if [ "$n" -gt 0 ] && cmp -s "$d/e1" "$d/e2"; then echo "ok 1 - event logs identical ($n events)"
else echo "not ok 1 - event logs differ or are empty"; exit 1; fi
if cmp -s "$d/o1" "$d/o2"; then echo "ok 2 - outputs identical"
else echo "not ok 2 - outputs differ"; diff "$d/o1" "$d/o2" | head | sed 's/^/# /'; exit 1; fi
