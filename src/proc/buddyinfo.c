// SPDX-License-Identifier: MIT
/*
 * buddyinfo.c - /proc/buddyinfo: for every populated zone of every node,
 * the number of free blocks of each order 0..MAX_PAGE_ORDER, pristine
 * blocks included, in Linux's frag_show_print() layout (zone name
 * right-aligned in 8 columns, counts in 6, each followed by a space).
 */
#include "render.h"
#include "numa/numa.h"

void buddyinfo_render(const struct numa_state *ns, struct seqbuf *sb)
{
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone *zone = &ns->nodes[n].zones[z];

			if (!zone_is_populated(zone))
				continue;
			seq_printf(sb, "Node %u, zone %8s ", n, zone->name);
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				seq_printf(sb, "%6lu ",
					   zone->free_area[o].nr_free);
			seq_putc(sb, '\n');
		}
	}
}
