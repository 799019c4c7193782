/* SPDX-License-Identifier: MIT */
/*
 * fx_numa.h - fixture for the physical-memory unit tests: a bare allocator
 * and a numa_state per test (no machine); teardown checks numa_consistent()
 * and that every host byte came back.
 */
#ifndef PMM_TESTS_FX_NUMA_H
#define PMM_TESTS_FX_NUMA_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "numa/numa.h"

struct fx_numa {
	struct pmm_allocator a;
	struct numa_state ns;
	bool live;		/* numa_init() succeeded; teardown finis it */
};

/*
 * @nr_nodes nodes of @ram_mib[i] MiB with @cpus_per_node (1 or 2) CPUs
 * each, numbered consecutively from node 0.
 */
void fx_numa_cfg(struct pmm_sim_config *cfg, unsigned int nr_nodes,
		 const uint64_t *ram_mib, unsigned int cpus_per_node);
/* numa_init(); asserts success. */
void fx_numa_start(struct fx_numa *fx, const struct pmm_sim_config *cfg);
void fx_numa_assert_consistent(const struct numa_state *ns);
/* numa_consistent() fails, and its report mentions @what. */
void fx_numa_expect_violation(const struct numa_state *ns, const char *what);
int fx_numa_setup(void **state);
int fx_numa_teardown(void **state);

#endif /* PMM_TESTS_FX_NUMA_H */
