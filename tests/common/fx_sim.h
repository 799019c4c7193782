/* SPDX-License-Identifier: MIT */
/*
 * fx_sim.h - test fixtures: a tiny machine per test, and a teardown that
 * asserts every invariant holds (pmm_sim_check) and nothing leaked.
 */
#ifndef PMM_TESTS_FX_SIM_H
#define PMM_TESTS_FX_SIM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <peiosmm/peiosmm.h>

/* Seed for randomized tests: PMM_TEST_SEED overrides, the value is printed. */
uint64_t fx_seed(void);

/* A two-node machine of 2 x 64 MiB, 4 CPUs, in @profile. */
int fx_sim_setup_profile(void **state, enum pmm_profile profile);
int fx_sim_setup(void **state);		/* profile peios */
int fx_sim_setup_linux(void **state);
int fx_sim_setup_kacs(void **state);
/* Asserts pmm_sim_check() == 0, then destroys the machine. */
int fx_sim_teardown(void **state);

/* Create a process running on @tok (NULL = default user token). */
pmm_pid_t fx_process(struct pmm_sim *sim, struct pmm_token *tok);
/* A token for @user with @privs present and enabled. */
struct pmm_token *fx_token(struct pmm_sim *sim, const char *user,
			   uint64_t privs, uint32_t integrity);

#define PRIV(x) (1ull << (x))

#endif /* PMM_TESTS_FX_SIM_H */
