// SPDX-License-Identifier: MIT
/*
 * fuzz_run.c - libFuzzer target for the whole scenario path: parse, build
 * the machine, run every statement through the public API, tear down.  Any
 * input must end in status 0, 1 or 2 without a crash, a leak or a failed
 * invariant check (the runner turns one into status 1; a PMM_BUG aborts).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "runner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct run_opts o = { .profile = -1 };
	enum run_status st;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	o.out = sink;
	o.events = sink;
	st = run_scenario_text("fuzz.scn", (const char *)data, size, &o);
	if (st != RUN_PASSED && st != RUN_FAILED && st != RUN_MALFORMED)
		abort();
	return 0;
}
