#!/bin/sh
# Determinism and layering lint (STYLE.md §7): nothing in src/ outside
# src/base/ calls the host clock, host randomness, the host allocator or
# printf to stdout.
src="$1"
echo "1..1"
hits=$(grep -rnE '\b(rand|srand|random|time|clock_gettime|gettimeofday|malloc|calloc|realloc|free|printf|puts)\(' \
	--include='*.c' --include='*.h' "$src" | grep -v "^$src/base/" |
	grep -vE '^\S+:\s*(\*|/\*|//)' | grep -vE 'pmm_(free|alloc|calloc|realloc)\(|_free\(|_printf\(')
if [ -n "$hits" ]; then
	echo "not ok 1 - forbidden calls in src/:"; echo "$hits" | sed 's/^/# /'
	exit 1
fi
echo "ok 1 - src/ uses no host clock, randomness, allocator or printf"
