// SPDX-License-Identifier: MIT
/*
 * fx_sim.c - shared fixtures for the CMocka suites.
 */
#include <stdlib.h>

#include "fx_sim.h"

uint64_t fx_seed(void)
{
	const char *s = getenv("PMM_TEST_SEED");
	uint64_t seed = s ? strtoull(s, NULL, 0) : 1;

	printf("# seed %llu (set PMM_TEST_SEED to change)\n",
	       (unsigned long long)seed);
	return seed;
}

int fx_sim_setup_profile(void **state, enum pmm_profile profile)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *sim;

	pmm_sim_config_init(&cfg);
	if (pmm_sim_config_split_ram(&cfg, 2, 128ull << 20, 4))
		return -1;
	cfg.profile = profile;
	cfg.seed = 42;
	if (pmm_sim_create(&cfg, &sim))
		return -1;
	*state = sim;
	return 0;
}

int fx_sim_setup(void **state)
{
	return fx_sim_setup_profile(state, PMM_PROFILE_PEIOS);
}

int fx_sim_setup_linux(void **state)
{
	return fx_sim_setup_profile(state, PMM_PROFILE_LINUX);
}

int fx_sim_setup_kacs(void **state)
{
	return fx_sim_setup_profile(state, PMM_PROFILE_PEIOS_KACS);
}

int fx_sim_teardown(void **state)
{
	struct pmm_sim *sim = *state;
	char msg[512];
	int err = pmm_sim_check(sim, msg, sizeof(msg));

	if (err)
		print_error("pmm_sim_check: %s\n", msg);
	assert_int_equal(err, 0);
	pmm_sim_destroy(sim);	/* aborts on a leak (PMM_BUG_ON) */
	return 0;
}

pmm_pid_t fx_process(struct pmm_sim *sim, struct pmm_token *tok)
{
	struct pmm_process_config pc;
	pmm_pid_t pid = -1;

	pmm_process_config_init(&pc);
	pc.token = tok;
	assert_int_equal(pmm_process_create(sim, &pc, &pid), 0);
	return pid;
}

struct pmm_token *fx_token(struct pmm_sim *sim, const char *user,
			   uint64_t privs, uint32_t integrity)
{
	struct pmm_token_config tc = {
		.user = user,
		.integrity = integrity,
		.privileges = privs,
	};
	struct pmm_token *tok = NULL;

	assert_int_equal(pmm_token_create(sim, &tc, &tok), 0);
	return tok;
}
