#!/usr/bin/env python3
"""Print "FILE PROFILE" for every *.scn in a folder: one line per profile
named on the file's "# profiles: a b c" line, or "FILE -" without one."""
import glob, os, sys

for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.scn"))):
    profiles = []
    with open(f, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("# profiles:"):
                profiles = line.split(":", 1)[1].split()
                break
    for p in profiles or ["-"]:
        print(f, p)
