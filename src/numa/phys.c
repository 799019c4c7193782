// SPDX-License-Identifier: MIT
/*
 * phys.c - the physical memory map: nodes laid out from pfn 0, the zones
 * each node splits into, the section table, and the lazily allocated
 * struct pmm_page arrays (one per 128 MiB section).  It also owns the
 * "pristine" bookkeeping: a zone's piece of a section (the pfns the zone
 * has in that section) is pristine while all of it is free and none of its
 * blocks sits on a free list.  The buddy allocator (page_alloc.c) calls
 * numa_zone_materialize_piece() when it needs such blocks.
 *
 * Invariants kept here:
 *  - a piece that is not pristine lies in a materialised section;
 *  - a pristine piece's free blocks are exactly the greedy decomposition of
 *    the piece (numa_block_histogram()), and zone->free_area[].nr_pristine
 *    counts them;
 *  - frames of a materialised section carry their section, node and zone
 *    in page->flags; frames past max_pfn are PG_reserved.
 */
#include <errno.h>
#include <string.h>

#include "numa.h"
#include "bug.h"

/* clang-format off */
const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
	[ZONE_DEVICE] = "Device",
};

#define NUMA_NAME_ITEM_(e, s) [e] = s,
const char *const vm_event_name[NR_VM_EVENT_ITEMS] = {
	NUMA_VM_EVENT_ITEMS(NUMA_NAME_ITEM_)
};
const char *const zone_stat_name[NR_VM_ZONE_STAT_ITEMS] = {
	NUMA_ZONE_STAT_ITEMS(NUMA_NAME_ITEM_)
};
const char *const numa_event_name[NR_VM_NUMA_EVENT_ITEMS] = {
	NUMA_EVENT_ITEMS(NUMA_NAME_ITEM_)
};
const char *const node_stat_name[NR_VM_NODE_STAT_ITEMS] = {
	NUMA_NODE_STAT_ITEMS(NUMA_NAME_ITEM_)
};
#undef NUMA_NAME_ITEM_
/* clang-format on */

#define MEM_MAP_BYTES (PAGES_PER_SECTION * sizeof(struct pmm_page))

/* Largest naturally aligned block starting at @pfn that ends by @end. */
static unsigned int block_order_at(pmm_pfn_t pfn, pmm_pfn_t end)
{
	unsigned int order = MAX_PAGE_ORDER;

	if (pfn) {
		unsigned int tz = (unsigned int)__builtin_ctzll(pfn);

		order = PMM_MIN(tz, (unsigned int)MAX_PAGE_ORDER);
	}
	while (pfn + (1ull << order) > end)
		order--;
	return order;
}

void numa_block_histogram(pmm_pfn_t start, pmm_pfn_t end,
			  unsigned long hist[NR_PAGE_ORDERS])
{
	while (start < end) {
		unsigned int order = block_order_at(start, end);

		if (order == MAX_PAGE_ORDER) {
			/* aligned: count the run of max-order blocks at once */
			pmm_pfn_t n = (end - start) >> MAX_PAGE_ORDER;

			hist[MAX_PAGE_ORDER] += n;
			start += n << MAX_PAGE_ORDER;
			continue;
		}
		hist[order]++;
		start += 1ull << order;
	}
}

void numa_zone_piece(const struct numa_zone *zone, unsigned long sec,
		     pmm_pfn_t *start, pmm_pfn_t *end)
{
	pmm_pfn_t s = (pmm_pfn_t)sec << PFN_SECTION_SHIFT;
	pmm_pfn_t e = s + PAGES_PER_SECTION;
	pmm_pfn_t zend = zone->zone_start_pfn + zone->spanned_pages;

	*start = PMM_MAX(s, zone->zone_start_pfn);
	*end = PMM_MIN(e, zend);
}

static bool zone_in_section(const struct numa_zone *zone, unsigned long sec)
{
	return zone_is_populated(zone) && zone->sec_first <= sec &&
	       sec <= zone->sec_last;
}

static bool node_in_section(const struct numa_node *node, unsigned long sec)
{
	pmm_pfn_t s = (pmm_pfn_t)sec << PFN_SECTION_SHIFT;
	pmm_pfn_t e = s + PAGES_PER_SECTION;

	return node->node_start_pfn < e &&
	       node->node_start_pfn + node->node_present_pages > s;
}

static void pristine_set(struct numa_zone *zone, unsigned long sec)
{
	unsigned long bit = sec - zone->sec_first;

	zone->pristine_map[bit / 64] |= 1ull << (bit % 64);
	if (sec < zone->pristine_hint)
		zone->pristine_hint = sec;
}

static void pristine_clear(struct numa_zone *zone, unsigned long sec)
{
	unsigned long bit = sec - zone->sec_first;

	zone->pristine_map[bit / 64] &= ~(1ull << (bit % 64));
}

/* Allocate and initialise the struct pmm_page array of @sec. */
static PMM_MUST_CHECK int section_alloc(struct numa_state *ns,
					unsigned long sec)
{
	struct numa_section *s = &ns->sections[sec];
	pmm_pfn_t base = (pmm_pfn_t)sec << PFN_SECTION_SHIFT;
	uint64_t sec_bits = (uint64_t)sec << PAGE_FLAGS_SEC_SHIFT;
	struct pmm_page *map;
	unsigned long i;

	PMM_VM_BUG_ON(s->mem_map);
	map = pmm_alloc(ns->alloc, MEM_MAP_BYTES);
	if (!map)
		return -ENOMEM;
	for (i = 0; i < PAGES_PER_SECTION; i++) {
		map[i].flags = sec_bits | (1ull << PG_reserved);
		map[i].buddy_list.next = NULL;
		map[i].buddy_list.prev = NULL;
		map[i].private = 0;
	}
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		const struct numa_node *node = &ns->nodes[n];

		if (!node_in_section(node, sec))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone *zone = &node->zones[z];
			uint64_t bits;
			pmm_pfn_t pfn, end;

			if (!zone_in_section(zone, sec))
				continue;
			bits = sec_bits |
			       ((uint64_t)z << PAGE_FLAGS_ZONE_SHIFT) |
			       ((uint64_t)n << PAGE_FLAGS_NID_SHIFT);
			numa_zone_piece(zone, sec, &pfn, &end);
			for (; pfn < end; pfn++)
				map[pfn - base].flags = bits;
		}
	}
	s->mem_map = map;
	ns->nr_materialized++;
	return 0;
}

static void section_release(struct numa_state *ns, unsigned long sec)
{
	struct numa_section *s = &ns->sections[sec];

	pmm_free(ns->alloc, s->mem_map, MEM_MAP_BYTES);
	s->mem_map = NULL;
	ns->nr_materialized--;
}

int numa_zone_materialize_piece(struct numa_state *ns, struct numa_zone *zone,
				unsigned long sec)
{
	struct numa_section *s = &ns->sections[sec];
	pmm_pfn_t pfn, end;
	int err;

	PMM_VM_BUG_ON(!zone_in_section(zone, sec));
	PMM_VM_BUG_ON(!zone_piece_is_pristine(zone, sec));
	if (!s->mem_map) {
		err = section_alloc(ns, sec);
		if (err)
			return err;
	}
	numa_zone_piece(zone, sec, &pfn, &end);
	while (pfn < end) {
		unsigned int order = block_order_at(pfn, end);
		struct pmm_page *page =
			s->mem_map + (pfn & (PAGES_PER_SECTION - 1));
		struct free_area *area = &zone->free_area[order];

		page->flags |= 1ull << PG_buddy;
		page->private = order;
		list_add_tail(&page->buddy_list, &area->free_list);
		PMM_VM_BUG_ON(area->nr_pristine == 0);
		area->nr_pristine--;
		pfn += 1ull << order;
	}
	pristine_clear(zone, sec);
	return 0;
}

int numa_materialize_pfn(struct numa_state *ns, pmm_pfn_t pfn)
{
	unsigned long sec;

	if (pfn >= ns->max_pfn)
		return -EINVAL;
	sec = (unsigned long)(pfn >> PFN_SECTION_SHIFT);
	if (ns->sections[sec].mem_map)
		return 0;
	return section_alloc(ns, sec);
}

/* Take a fully free, non-pristine piece off the free lists. */
static void zone_piece_make_pristine(struct numa_state *ns,
				     struct numa_zone *zone, unsigned long sec)
{
	struct pmm_page *map = ns->sections[sec].mem_map;
	pmm_pfn_t pfn, end;

	numa_zone_piece(zone, sec, &pfn, &end);
	while (pfn < end) {
		unsigned int order = block_order_at(pfn, end);
		struct pmm_page *page = map + (pfn & (PAGES_PER_SECTION - 1));

		/* a fully free piece is fully merged, hence greedy blocks */
		PMM_BUG_ON(!page_is_buddy_head(page) || page->private != order);
		list_del(&page->buddy_list);
		page->flags &= ~(1ull << PG_buddy);
		zone->free_area[order].nr_pristine++;
		pfn += 1ull << order;
	}
	pristine_set(zone, sec);
}

unsigned long numa_trim_sections(struct numa_state *ns)
{
	unsigned long sec, released = 0;

	/* per-CPU pages count in nr_used: bring them back to the buddy */
	drain_all_pages(ns);
	for (sec = 0; sec < ns->nr_sections; sec++) {
		if (!ns->sections[sec].mem_map || ns->sections[sec].nr_used)
			continue;
		for (unsigned int n = 0; n < ns->nr_nodes; n++) {
			struct numa_node *node = &ns->nodes[n];

			if (!node_in_section(node, sec))
				continue;
			for (int z = 0; z < MAX_NR_ZONES; z++) {
				struct numa_zone *zone = &node->zones[z];

				if (zone_in_section(zone, sec) &&
				    !zone_piece_is_pristine(zone, sec))
					zone_piece_make_pristine(ns, zone, sec);
			}
		}
		section_release(ns, sec);
		released++;
	}
	return released;
}

/*
 * Lowest pfn ZONE_MOVABLE may start at: the lowest pfn of the highest zone
 * type the machine has memory in (Linux: find_usable_zone_for_movable()
 * and the usable_startpfn clamp of find_zone_movable_pfns_for_nodes()).
 */
static pmm_pfn_t movable_floor(pmm_pfn_t max_pfn)
{
	if (max_pfn > ZONE_DMA32_END_PFN)
		return ZONE_DMA32_END_PFN;
	if (max_pfn > ZONE_DMA_END_PFN)
		return ZONE_DMA_END_PFN;
	return 0;
}

static void zone_set_range(struct numa_zone *zone, pmm_pfn_t start,
			   pmm_pfn_t end)
{
	if (end <= start)
		return;
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = end - start;
	/* no memblock reservations are modelled: the allocator owns all */
	zone->managed_pages = end - start;
	zone->sec_first = (unsigned long)(start >> PFN_SECTION_SHIFT);
	zone->sec_last = (unsigned long)((end - 1) >> PFN_SECTION_SHIFT);
}

static void node_layout(struct numa_state *ns, struct numa_node *node,
			const struct pmm_node_config *cfg, pmm_pfn_t start)
{
	static const pmm_pfn_t type_end[ZONE_MOVABLE] = {
		[ZONE_DMA] = ZONE_DMA_END_PFN,
		[ZONE_DMA32] = ZONE_DMA32_END_PFN,
		[ZONE_NORMAL] = ~(pmm_pfn_t)0,
	};
	pmm_pfn_t end = start + cfg->ram_bytes / PMM_PAGE_SIZE;
	pmm_pfn_t mstart = end - cfg->movable_bytes / PMM_PAGE_SIZE;
	pmm_pfn_t lo = start;

	mstart = PMM_MAX(mstart, PMM_MAX(movable_floor(ns->max_pfn), start));
	mstart = PMM_MIN(mstart, end);
	node->node_start_pfn = start;
	node->node_present_pages = end - start;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct numa_zone *zone = &node->zones[z];

		zone->nid = node->nid;
		zone->idx = (enum zone_type)z;
		zone->name = zone_names[z];
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			list_init(&zone->free_area[o].free_list);
		if (z < ZONE_MOVABLE) {
			pmm_pfn_t hi = PMM_MIN(type_end[z], mstart);

			zone_set_range(zone, lo, hi);
			lo = PMM_MAX(lo, hi);
		} else if (z == ZONE_MOVABLE) {
			zone_set_range(zone, mstart, end);
		}
	}
}

/* Words of one populated zone's pristine bitmap (a bit per section). */
static size_t pristine_words_of(const struct numa_zone *zone)
{
	return (zone->sec_last - zone->sec_first) / 64 + 1;
}

/* Size of the zones' pristine bitmaps, in 64-bit words. */
static size_t pristine_words_needed(const struct numa_state *ns)
{
	size_t words = 0;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone *zone = &ns->nodes[n].zones[z];

			if (zone_is_populated(zone))
				words += pristine_words_of(zone);
		}
	}
	return words;
}

/* Every frame free and pristine: bitmaps full, counters from the ranges. */
static void zones_make_pristine(struct numa_state *ns)
{
	uint64_t *words = ns->pristine_words;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct numa_zone *zone = &ns->nodes[n].zones[z];
			unsigned long hist[NR_PAGE_ORDERS] = { 0 };
			unsigned long sec;

			if (!zone_is_populated(zone))
				continue;
			zone->pristine_map = words;
			words += pristine_words_of(zone);
			zone->pristine_hint = zone->sec_first;
			for (sec = zone->sec_first; sec <= zone->sec_last;
			     sec++)
				pristine_set(zone, sec);
			numa_block_histogram(zone->zone_start_pfn,
					     zone->zone_start_pfn +
						     zone->spanned_pages,
					     hist);
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
				struct free_area *area = &zone->free_area[o];

				area->nr_free = hist[o];
				area->nr_pristine = hist[o];
				if (o >= PAGEBLOCK_ORDER)
					zone->vm_stat[NR_FREE_PAGES_BLOCKS] +=
						hist[o] << o;
			}
			zone->vm_stat[NR_FREE_PAGES] = zone->managed_pages;
			ns->totalram_pages += zone->managed_pages;
		}
	}
}

/*
 * The per-CPU lists of every populated zone, nr_cpu_ids each, in one
 * block: 112 bytes per zone and CPU (64 nodes x 256 CPUs with two zones a
 * node: 3.5 MiB).  batch and the high limits are set by
 * numa_set_watermarks(); high stays 0 until first use, as on Linux.
 */
static PMM_MUST_CHECK int pcp_block_alloc(struct numa_state *ns,
					  const struct pmm_sim_config *cfg)
{
	struct per_cpu_pages *pcp;
	size_t zones = 0;

	ns->nr_cpu_ids = 0;
	for (unsigned int n = 0; n < cfg->nr_nodes; n++) {
		for (unsigned int w = 0; w < PMM_MAX_CPUS / 64; w++) {
			uint64_t m = cfg->node[n].cpus[w];

			if (m)
				ns->nr_cpu_ids = PMM_MAX(
					ns->nr_cpu_ids,
					w * 64 + 64 -
						(unsigned int)__builtin_clzll(m));
		}
	}
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			zones += zone_is_populated(&ns->nodes[n].zones[z]);
	}
	ns->nr_pcp = zones * ns->nr_cpu_ids;
	if (!ns->nr_pcp)
		return 0;
	pcp = pmm_calloc(ns->alloc, ns->nr_pcp, sizeof(*pcp));
	if (!pcp) {
		ns->nr_pcp = 0;
		return -ENOMEM;
	}
	ns->pcp_block = pcp;
	for (size_t i = 0; i < ns->nr_pcp; i++) {
		for (unsigned int l = 0; l < NR_PCP_LISTS; l++)
			list_init(&pcp[i].lists[l]);
	}
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct numa_zone *zone = &ns->nodes[n].zones[z];

			if (!zone_is_populated(zone))
				continue;
			zone->pageset = pcp;
			pcp += ns->nr_cpu_ids;
		}
	}
	return 0;
}

int numa_init(struct numa_state *ns, const struct pmm_sim_config *cfg,
	      struct pmm_allocator *a)
{
	pmm_pfn_t pfn = 0;
	unsigned int n;
	int err;

	memset(ns, 0, sizeof(*ns));
	err = numa_topology_check(cfg);
	if (err)
		return err;

	ns->alloc = a;
	ns->nr_nodes = cfg->nr_nodes;
	ns->node_mask = cfg->nr_nodes == 64 ? NUMA_NODEMASK_ALL
					    : (1ull << cfg->nr_nodes) - 1;
	for (n = 0; n < cfg->nr_nodes; n++)
		ns->max_pfn += cfg->node[n].ram_bytes / PMM_PAGE_SIZE;
	ns->nr_sections =
		(unsigned long)PMM_DIV_ROUND_UP(ns->max_pfn, PAGES_PER_SECTION);

	ns->nodes = pmm_calloc(a, ns->nr_nodes, sizeof(*ns->nodes));
	if (!ns->nodes) {
		err = -ENOMEM;
		goto out_clear;
	}
	ns->sections = pmm_calloc(a, ns->nr_sections, sizeof(*ns->sections));
	if (!ns->sections) {
		err = -ENOMEM;
		goto out_free_nodes;
	}
	for (n = 0; n < ns->nr_nodes; n++) {
		ns->nodes[n].nid = (int)n;
		node_layout(ns, &ns->nodes[n], &cfg->node[n], pfn);
		pfn += cfg->node[n].ram_bytes / PMM_PAGE_SIZE;
	}
	ns->nr_pristine_words = pristine_words_needed(ns);
	ns->pristine_words =
		pmm_calloc(a, ns->nr_pristine_words, sizeof(uint64_t));
	if (!ns->pristine_words) {
		err = -ENOMEM;
		goto out_free_sections;
	}
	err = pcp_block_alloc(ns, cfg);
	if (err)
		goto out_free_pristine;

	/* nothing below can fail */
	zones_make_pristine(ns);
	numa_topology_init(ns, cfg);
	numa_set_watermarks(ns, numa_default_min_free_kbytes(ns), 10, NULL);
	return 0;

out_free_pristine:
	pmm_free(a, ns->pristine_words,
		 ns->nr_pristine_words * sizeof(uint64_t));
out_free_sections:
	pmm_free(a, ns->sections, ns->nr_sections * sizeof(*ns->sections));
out_free_nodes:
	pmm_free(a, ns->nodes, ns->nr_nodes * sizeof(*ns->nodes));
out_clear:
	memset(ns, 0, sizeof(*ns));
	return err;
}

void numa_fini(struct numa_state *ns)
{
	struct pmm_allocator *a = ns->alloc;

	if (!a)
		return;
	for (unsigned long sec = 0; sec < ns->nr_sections; sec++) {
		if (ns->sections[sec].mem_map)
			section_release(ns, sec);
	}
	pmm_free(a, ns->pcp_block, ns->nr_pcp * sizeof(*ns->pcp_block));
	pmm_free(a, ns->pristine_words,
		 ns->nr_pristine_words * sizeof(uint64_t));
	pmm_free(a, ns->sections, ns->nr_sections * sizeof(*ns->sections));
	pmm_free(a, ns->nodes, ns->nr_nodes * sizeof(*ns->nodes));
	memset(ns, 0, sizeof(*ns));
}
