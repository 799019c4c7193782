#!/usr/bin/env python3
"""Each tests/scenarios/malformed/*.scn must make peiosmm-run exit 2 and
print the text of its "# error:" line (a file:line: message).  TAP output."""
import glob, os, subprocess, sys

run, folder = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(folder, "*.scn")))
print(f"1..{len(files)}")
bad = 0
for i, f in enumerate(files, 1):
    want = None
    with open(f, "rb") as fh:
        for line in fh:
            if line.startswith(b"# error:"):
                want = line[len(b"# error:"):].strip().decode()
    p = subprocess.run([run, f], capture_output=True)
    out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
    name = os.path.basename(f)
    ok = p.returncode == 2 and want is not None and want in out and out.startswith(f)
    if ok:
        print(f"ok {i} - {name}")
    else:
        bad += 1
        print(f"not ok {i} - {name}: exit {p.returncode}, wanted '{want}'")
        for l in out.splitlines()[:5]:
            print("#", l)
sys.exit(1 if bad else 0)
