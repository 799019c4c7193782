#!/bin/sh
# Fails on any dynamic export of libpeiosmm that does not start with pmm_
# (STYLE.md §3: only PMM_API functions are visible).
lib="$1"
[ -f "$lib" ] || { echo "not ok 1 - no library at $lib"; exit 1; }
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBVW]$/ {print $3}' |
	grep -v '^pmm_' | grep -v '^_init$' | grep -v '^_fini$')
n=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBVW]$/' | grep -c ' pmm_')
echo "1..2"
if [ -n "$bad" ]; then
	echo "not ok 1 - exports without pmm_ prefix:"; echo "$bad" | sed 's/^/# /'
	exit 1
fi
echo "ok 1 - all exports start with pmm_"
if [ "$n" -lt 10 ]; then echo "not ok 2 - only $n pmm_ exports"; exit 1; fi
echo "ok 2 - $n pmm_ exports"
