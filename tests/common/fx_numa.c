// SPDX-License-Identifier: MIT
/*
 * fx_numa.c - the physical-memory tests' fixture (see fx_numa.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fx_numa.h"

void fx_numa_cfg(struct pmm_sim_config *cfg, unsigned int nr_nodes,
		 const uint64_t *ram_mib, unsigned int cpus_per_node)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->nr_nodes = nr_nodes;
	cfg->page_size = PMM_PAGE_SIZE;
	for (unsigned int i = 0; i < nr_nodes; i++) {
		cfg->node[i].ram_bytes = ram_mib[i] << 20;
		uint64_t mask = (1ull << cpus_per_node) - 1;

		cfg->node[i].cpus[0] = mask << (cpus_per_node * i);
	}
}

void fx_numa_start(struct fx_numa *fx, const struct pmm_sim_config *cfg)
{
	assert_int_equal(numa_init(&fx->ns, cfg, &fx->a), 0);
	fx->live = true;
}

void fx_numa_assert_consistent(const struct numa_state *ns)
{
	char msg[512];

	if (!numa_consistent(ns, msg, sizeof(msg)))
		fail_msg("numa_consistent: %s", msg);
}

void fx_numa_expect_violation(const struct numa_state *ns, const char *what)
{
	char msg[512];

	assert_false(numa_consistent(ns, msg, sizeof(msg)));
	if (!strstr(msg, what))
		fail_msg("expected a violation about \"%s\", got \"%s\"", what,
			 msg);
}

int fx_numa_setup(void **state)
{
	struct fx_numa *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	*state = fx;
	return 0;
}

int fx_numa_teardown(void **state)
{
	struct fx_numa *fx = *state;

	if (fx->live) {
		fx_numa_assert_consistent(&fx->ns);
		numa_fini(&fx->ns);
	}
	assert_int_equal(fx->a.live_bytes, 0);
	assert_int_equal(fx->a.live_objs, 0);
	free(fx);
	return 0;
}
