// SPDX-License-Identifier: MIT
/*
 * vmstat.c - /proc/vmstat as Linux's vmstat_start()/vmstat_show() print it:
 * the zone counters summed over zones, the NUMA events, the node counters
 * summed over nodes, the dirty thresholds, the memmap counters, then the
 * vm events, and the legacy nr_unstable.
 */
#include <inttypes.h>

#include "kernel/kernel.h"
#include "proc/render.h"

/* global_dirty_limits(): ratios of the dirtyable memory (free + file) */
static void dirty_limits(struct pmm_sim *sim, unsigned long avail,
			 unsigned long *thresh, unsigned long *bg)
{
	int64_t ratio = sysctl_get(&sim->sysctl, SYSCTL_VM_DIRTY_RATIO);
	int64_t bg_ratio = sysctl_get(&sim->sysctl,
				      SYSCTL_VM_DIRTY_BACKGROUND_RATIO);
	uint64_t bytes = sysctl_get_u64(&sim->sysctl, SYSCTL_VM_DIRTY_BYTES);
	uint64_t bg_bytes = sysctl_get_u64(&sim->sysctl,
					   SYSCTL_VM_DIRTY_BACKGROUND_BYTES);

	*thresh = bytes ? (unsigned long)((bytes + 4095) / 4096) :
			  (unsigned long)((uint64_t)avail * (uint64_t)ratio / 100);
	*bg = bg_bytes ? (unsigned long)((bg_bytes + 4095) / 4096) :
			 (unsigned long)((uint64_t)avail * (uint64_t)bg_ratio /
					 100);
	if (*bg >= *thresh)
		*bg = *thresh / 2;
}

void vmstat_render(struct pmm_sim *sim, struct seqbuf *sb)
{
	const struct numa_state *ns = &sim->numa;
	unsigned long zone[NR_VM_ZONE_STAT_ITEMS] = { 0 };
	unsigned long numa[NR_VM_NUMA_EVENT_ITEMS] = { 0 };
	unsigned long node[NR_VM_NODE_STAT_ITEMS] = { 0 };
	unsigned long thresh, bg, avail;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		const struct numa_node *nd = &ns->nodes[n];

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
				zone[i] += nd->zones[z].vm_stat[i];
			for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
				numa[i] += nd->zones[z].numa_event[i];
		}
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			node[i] += nd->vm_stat[i];
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", zone_stat_name[i], zone[i]);
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", numa_event_name[i], numa[i]);
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", node_stat_name[i], node[i]);
	avail = zone[NR_FREE_PAGES] + node[NR_FILE_PAGES];
	dirty_limits(sim, avail, &thresh, &bg);
	seq_printf(sb, "nr_dirty_threshold %lu\n", thresh);
	seq_printf(sb, "nr_dirty_background_threshold %lu\n", bg);
	/* the frame metadata: allocated per section as it is first used */
	seq_printf(sb, "nr_memmap_pages %lu\n",
		   (unsigned long)((ns->nr_materialized * PAGES_PER_SECTION *
				    sizeof(struct pmm_page) + 4095) / 4096));
	seq_printf(sb, "nr_memmap_boot_pages %lu\n", 0ul);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(sb, "%s %lu\n", vm_event_name[i], ns->vm_events[i]);
	seq_printf(sb, "nr_unstable %lu\n", 0ul);
}
