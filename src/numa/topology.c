// SPDX-License-Identifier: MIT
/*
 * topology.c - what the machine looks like as NUMA hardware: validation of
 * the memory and CPU part of struct pmm_sim_config, the SLIT distance
 * matrix with its defaults, the CPUs of each node, and each node's
 * allocation fallback order and zonelist (Linux's build_zonelists()).
 */
#include <errno.h>
#include <string.h>

#include "numa.h"

static unsigned int effective_distance(const struct pmm_sim_config *cfg,
				       unsigned int i, unsigned int j)
{
	unsigned int d = cfg->distance[i][j];

	if (d)
		return d;
	return i == j ? PMM_NODE_DISTANCE_LOCAL : PMM_NODE_DISTANCE_REMOTE;
}

static int check_node(const struct pmm_node_config *node)
{
	if (node->ram_bytes == 0 || node->ram_bytes % PMM_PAGE_SIZE)
		return -EINVAL;
	if (node->ram_bytes > (1ull << NUMA_MAX_PHYS_BITS))
		return -EINVAL;
	if (node->movable_bytes > node->ram_bytes ||
	    node->movable_bytes % PMM_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

int numa_topology_check(const struct pmm_sim_config *cfg)
{
	uint64_t seen[PMM_MAX_CPUS / 64] = { 0 };
	uint64_t total = 0;
	unsigned int i, j, w;

	if (!cfg || cfg->nr_nodes < 1 || cfg->nr_nodes > PMM_MAX_NODES)
		return -EINVAL;
	if (cfg->page_size != PMM_PAGE_SIZE)
		return -EINVAL;

	for (i = 0; i < cfg->nr_nodes; i++) {
		const struct pmm_node_config *node = &cfg->node[i];

		if (check_node(node))
			return -EINVAL;
		/* each term is <= 2^50, so 64 of them cannot wrap */
		total += node->ram_bytes;
		for (w = 0; w < PMM_MAX_CPUS / 64; w++) {
			if (seen[w] & node->cpus[w])
				return -EINVAL;
			seen[w] |= node->cpus[w];
		}
	}
	if (total > (1ull << NUMA_MAX_PHYS_BITS))
		return -EINVAL;

	for (i = 0; i < cfg->nr_nodes; i++) {
		for (j = 0; j < cfg->nr_nodes; j++) {
			unsigned int d = effective_distance(cfg, i, j);

			if (i == j && d != PMM_NODE_DISTANCE_LOCAL)
				return -EINVAL;
			if (i != j && (d < 11 || d > 254))
				return -EINVAL;
			if (d != effective_distance(cfg, j, i))
				return -EINVAL;
		}
	}
	return 0;
}

/* Insertion sort of node ids by (distance from @from, id): n <= 64. */
static void build_fallback(struct numa_state *ns, struct numa_node *node)
{
	unsigned int n = ns->nr_nodes;
	int from = node->nid;

	for (unsigned int i = 0; i < n; i++) {
		uint8_t id = (uint8_t)i;
		unsigned int k = i;

		while (k > 0) {
			uint8_t prev = node->fallback[k - 1];
			unsigned int dp = numa_distance(ns, from, prev);
			unsigned int di = numa_distance(ns, from, id);

			if (dp < di || (dp == di && prev < id))
				break;
			node->fallback[k] = prev;
			k--;
		}
		node->fallback[k] = id;
	}
	node->nr_fallback = n;
}

/* build_zonelists_in_node_order(): populated zones, highest first per node */
static void build_zonelist(struct numa_state *ns, struct numa_node *node)
{
	unsigned int nr = 0;

	for (unsigned int i = 0; i < node->nr_fallback; i++) {
		struct numa_node *from = &ns->nodes[node->fallback[i]];

		for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
			if (zone_is_populated(&from->zones[z]))
				node->zonelist[nr++] = &from->zones[z];
		}
		if (i == 0)
			node->nr_zonelist_local = nr;
	}
	node->nr_zonelist = nr;
}

void numa_topology_init(struct numa_state *ns, const struct pmm_sim_config *cfg)
{
	unsigned int i, j, w;

	memset(ns->cpu_online, 0, sizeof(ns->cpu_online));
	ns->nr_cpus = 0;
	for (i = 0; i < ns->nr_nodes; i++) {
		struct numa_node *node = &ns->nodes[i];

		for (j = 0; j < ns->nr_nodes; j++)
			ns->distance[i][j] =
				(uint8_t)effective_distance(cfg, i, j);
		memcpy(node->cpus, cfg->node[i].cpus, sizeof(node->cpus));
		node->nr_cpus = 0;
		for (w = 0; w < PMM_MAX_CPUS / 64; w++) {
			node->nr_cpus += (unsigned int)__builtin_popcountll(
				node->cpus[w]);
			ns->cpu_online[w] |= node->cpus[w];
		}
		ns->nr_cpus += node->nr_cpus;
	}
	/* the diagonal is the smallest distance, so each node lists itself
	 * first */
	for (i = 0; i < ns->nr_nodes; i++) {
		build_fallback(ns, &ns->nodes[i]);
		build_zonelist(ns, &ns->nodes[i]);
	}
}
