/* SPDX-License-Identifier: MIT */
/*
 * runner.h - the scenario executor behind peiosmm-run: it walks the
 * statements scn_parse() produced and gives them meaning through the public
 * API only (include/peiosmm/), as any user program would.
 */
#ifndef PEIOSMM_TOOLS_RUNNER_H
#define PEIOSMM_TOOLS_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses of one file (SCENARIO.md §6). */
enum run_status {
	RUN_PASSED = 0,		/* every expectation held */
	RUN_FAILED = 1,		/* an expectation failed */
	RUN_MALFORMED = 2,	/* the file is malformed or needs what is missing */
};

struct run_opts {
	bool verbose;		/* -v: print every statement and its result */
	FILE *out;		/* results and failures */
	FILE *events;		/* --events: JSON lines, or NULL */
	int profile;		/* --profile: overrides machine profile=, or -1 */
};

/**
 * run_scenario_text() - parse and run one scenario
 * @file: name for messages
 * @text: contents (need not be NUL-terminated)
 * @len:  bytes in @text
 * @opts: output options
 *
 * Return: a enum run_status.
 */
enum run_status run_scenario_text(const char *file, const char *text,
				  size_t len, const struct run_opts *opts);

/**
 * run_scenario_file() - read @path and run it (see run_scenario_text())
 * @path: the file
 * @opts: output options
 */
enum run_status run_scenario_file(const char *path,
				  const struct run_opts *opts);

#endif /* PEIOSMM_TOOLS_RUNNER_H */
