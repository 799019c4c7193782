#!/usr/bin/env bash
# dev.sh - set up a fresh Debian 12 machine, build, and run the demo or the tests.
#
#   ./dev.sh demo      install what is missing, build, run the demo scenario
#   ./dev.sh test      install what is missing, build, run the whole test suite
#   ./dev.sh build     install what is missing and build only
#
# Environment: BUILDDIR (default: build), MESON_OPTS (extra `meson setup`
# options, used when BUILDDIR is created), NO_INSTALL=1 to skip apt-get.
set -euo pipefail
cd "$(dirname "$0")"

BUILDDIR=${BUILDDIR:-build}
MESON_OPTS=${MESON_OPTS:-}
PKGS=(meson ninja-build pkg-config gcc g++ clang libcmocka-dev libjemalloc-dev
      libunwind-dev python3 binutils)

install_missing() {
	[ "${NO_INSTALL:-0}" = 1 ] && return 0
	local missing=()
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=()
	[ "$(id -u)" -ne 0 ] && sudo=(sudo)
	echo "dev.sh: installing ${missing[*]}"
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
	if [ ! -f "$BUILDDIR/build.ninja" ]; then
		# shellcheck disable=SC2086
		meson setup "$BUILDDIR" $MESON_OPTS >/dev/null
	fi
	ninja -C "$BUILDDIR" >/dev/null
}

# Prints "N passed, N failed" over every test meson ran; exit 1 if any failed.
run_tests() {
	local rc=0
	meson test -C "$BUILDDIR" --print-errorlogs --num-processes "$(nproc)" \
		"$@" || rc=$?
	python3 - "$BUILDDIR/meson-logs/testlog.json" <<'PY'
import json, sys
ok = bad = skip = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r == "SKIP": skip += 1
    else: bad += 1
print(f"{ok} passed, {bad} failed, {skip} skipped")
PY
	return $rc
}

case "${1:-}" in
demo)
	install_missing
	build
	exec "$BUILDDIR/tools/peiosmm-run" -v examples/demo.scn
	;;
test)
	install_missing
	build
	shift
	run_tests "$@"
	;;
build)
	install_missing
	build
	;;
*)
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
