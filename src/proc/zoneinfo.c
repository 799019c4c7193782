// SPDX-License-Identifier: MIT
/*
 * zoneinfo.c - /proc/zoneinfo in the layout of Linux 6.18's
 * zoneinfo_show_print(): every zone of every node, populated or not; the
 * node's counters under its first populated zone; free pages, watermarks,
 * sizes and lowmem protection; then, for populated zones only, the zone
 * counters, NUMA events, per-CPU pagesets, node_unreclaimable, start_pfn.
 *
 * Pagesets print each CPU's per-CPU list count and current high (0 until
 * the CPU first uses the zone, as on Linux), and the zone's batch,
 * high_min and high_max (zone_batchsize(), zone_highsize(), see
 * numa_zone_pcp_update()); the stat threshold is Linux's
 * calculate_normal_threshold().
 */
#include "render.h"
#include "numa/numa.h"

#define HPAGE_PMD_NR			  512
#define MAX_RECLAIM_RETRIES		  16

static unsigned int fls_ul(unsigned long x)
{
	return x ? 64 - (unsigned int)__builtin_clzl(x) : 0;
}

/* vmstat_item_print_in_thp(): THP counters are shown in huge pages */
static bool print_in_thp(int item)
{
	return item == NR_ANON_THPS || item == NR_FILE_THPS ||
	       item == NR_SHMEM_THPS || item == NR_SHMEM_PMDMAPPED ||
	       item == NR_FILE_PMDMAPPED;
}

static long stat_threshold(const struct numa_state *ns,
			   const struct numa_zone *zone)
{
	unsigned long mem = zone->managed_pages >> (27 - PMM_PAGE_SHIFT);
	long threshold =
		2 * (long)fls_ul(ns->nr_cpus) * (1 + (long)fls_ul(mem));

	return PMM_MIN(threshold, 125l);
}

static void show_pagesets(const struct numa_state *ns,
			  const struct numa_zone *zone, struct seqbuf *sb)
{
	long threshold = stat_threshold(ns, zone);

	seq_puts(sb, "\n  pagesets");
	for (unsigned int cpu = 0; cpu < ns->nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp =
			zone->pageset ? &zone->pageset[cpu] : NULL;

		if (!((ns->cpu_online[cpu / 64] >> (cpu % 64)) & 1))
			continue;
		seq_printf(sb,
			   "\n    cpu: %u"
			   "\n              count:    %d"
			   "\n              high:     %d"
			   "\n              batch:    %d"
			   "\n              high_min: %d"
			   "\n              high_max: %d",
			   cpu, pcp ? pcp->count : 0, pcp ? pcp->high : 0,
			   zone->pageset_batch, zone->pageset_high_min,
			   zone->pageset_high_max);
		seq_printf(sb, "\n  vm stats threshold: %ld", threshold);
	}
}

static void show_zone(const struct numa_state *ns, const struct numa_node *node,
		      const struct numa_zone *zone, bool first_populated,
		      struct seqbuf *sb)
{
	int i;

	seq_printf(sb, "Node %d, zone %8s", node->nid, zone->name);
	if (first_populated) {
		seq_puts(sb, "\n  per-node stats");
		for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
			unsigned long v = node->vm_stat[i];

			if (print_in_thp(i))
				v /= HPAGE_PMD_NR;
			seq_printf(sb, "\n      %-12s %lu", node_stat_name[i],
				   v);
		}
	}
	seq_printf(sb,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        promo    %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   zone->vm_stat[NR_FREE_PAGES], zone->watermark_boost,
		   zone->watermark[WMARK_MIN], zone->watermark[WMARK_LOW],
		   zone->watermark[WMARK_HIGH], zone->watermark[WMARK_PROMO],
		   zone->spanned_pages, zone->present_pages,
		   zone->managed_pages, 0ul);
	seq_printf(sb, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (i = 1; i < MAX_NR_ZONES; i++)
		seq_printf(sb, ", %ld", zone->lowmem_reserve[i]);
	seq_putc(sb, ')');
	if (!zone_is_populated(zone)) {
		seq_putc(sb, '\n');
		return;
	}
	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(sb, "\n      %-12s %lu", zone_stat_name[i],
			   zone->vm_stat[i]);
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(sb, "\n      %-12s %lu", numa_event_name[i],
			   zone->numa_event[i]);
	show_pagesets(ns, zone, sb);
	seq_printf(sb,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %llu\n",
		   (unsigned int)(node->kswapd_failures >= MAX_RECLAIM_RETRIES),
		   (unsigned long long)zone->zone_start_pfn);
}

void zoneinfo_render(const struct numa_state *ns, struct seqbuf *sb)
{
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		const struct numa_node *node = &ns->nodes[n];
		int first = -1;

		for (int z = 0; z < MAX_NR_ZONES && first < 0; z++) {
			if (zone_is_populated(&node->zones[z]))
				first = z;
		}
		for (int z = 0; z < MAX_NR_ZONES; z++)
			show_zone(ns, node, &node->zones[z], z == first, sb);
	}
}
