// SPDX-License-Identifier: MIT
/*
 * peiosmm-run - run scenario files (SCENARIO.md) against the simulator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <peiosmm/peiosmm.h>

#include "runner.h"

static const char usage[] =
"usage: peiosmm-run [-v] [--events FILE] FILE.scn...\n"
"\n"
"Runs each scenario file: builds the simulated Peios machine its directives\n"
"describe, executes its call lines in order and checks every expectation.\n"
"\n"
"  -v, --verbose    print every call with its result, and what read_proc reads\n"
"  --profile NAME   run under profile NAME (peios, peios-kacs, linux) whatever\n"
"                   the machine line says\n"
"  --events FILE    write every event of every scenario to FILE, one JSON\n"
"                   object per line (\"-\" = standard output)\n"
"  -h, --help       this text\n"
"  --version        the library version\n"
"\n"
"A scenario starts with a machine line, declares tokens and processes, then\n"
"states calls in strace form with the result they must give:\n"
"\n"
"  machine ram=8G nodes=2 seed=1 profile=peios\n"
"  token admin user=alice groups=Administrators privileges=SeDebugPrivilege\n"
"  process A token=admin\n"
"  process B\n"
"  B: kill(A, SIGKILL) = -1 EPERM\n"
"  expect /proc/meminfo MemTotal == 8G\n"
"\n"
"The language is specified in SCENARIO.md; the extensions this runner adds\n"
"(token_has, adjust_privileges, prlimit, ...) in docs/scenario-extensions.md.\n"
"\n"
"Exit status: 0 every expectation held, 1 one failed, 2 a file is malformed\n"
"(or uses a call this version does not support yet).  With several files, the\n"
"last line is \"N passed, N failed\" and the status is the worst of them.\n";

int main(int argc, char **argv)
{
	struct run_opts o = { .out = stdout, .profile = -1 };
	int passed = 0, nfailed = 0, worst = 0, nfiles = 0;
	const char *events = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			o.verbose = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("peiosmm-run %s\n", pmm_version());
			return 0;
		} else if (!strcmp(argv[i], "--profile")) {
			if (++i == argc || pmm_profile_from_name(argv[i]) < 0) {
				fprintf(stderr, "peiosmm-run: --profile needs peios, peios-kacs or linux\n");
				return 2;
			}
			o.profile = pmm_profile_from_name(argv[i]);
		} else if (!strcmp(argv[i], "--events")) {
			if (++i == argc) {
				fprintf(stderr, "peiosmm-run: --events needs a file name\n");
				return 2;
			}
			events = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "peiosmm-run: unknown option '%s' (try --help)\n",
				argv[i]);
			return 2;
		} else {
			nfiles++;
		}
	}
	if (!nfiles) {
		fputs(usage, stderr);
		return 2;
	}
	if (events) {
		o.events = strcmp(events, "-") ? fopen(events, "w") : stdout;
		if (!o.events) {
			perror(events);
			return 2;
		}
	}
	for (int i = 1; i < argc; i++) {
		int st;

		if (!strcmp(argv[i], "--events") || !strcmp(argv[i], "--profile")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		st = run_scenario_file(argv[i], &o);
		if (st == RUN_PASSED)
			passed++;
		else
			nfailed++;
		if (st > worst)
			worst = st;
		if (nfiles > 1 || o.verbose)
			printf("%s %s\n", st == RUN_PASSED ? "PASS" :
			       st == RUN_FAILED ? "FAIL" : "ERROR", argv[i]);
	}
	printf("%d passed, %d failed\n", passed, nfailed);
	if (o.events && o.events != stdout)
		fclose(o.events);
	return worst;
}
