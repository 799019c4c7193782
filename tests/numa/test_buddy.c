// SPDX-License-Identifier: MIT
/*
 * test_buddy.c - the buddy allocator: split and merge, allocation order,
 * exhaustion with exact free counts, zonelist fallback by NUMA distance,
 * nodemask and GFP_THISNODE, zone limits, watermarks with lowmem_reserve,
 * the order > 0 free-block check, buddy_merge_likely() tail placement.
 * Every test ends with numa_consistent() and a host-leak check.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fx_numa.h"
#include "rng.h"

static struct pmm_page *alloc_ok(struct numa_state *ns, unsigned int order,
				 int nid, uint64_t mask, unsigned int gfp)
{
	int err = 1;
	struct pmm_page *page = page_alloc(ns, 0, order, nid, mask, gfp, &err);

	assert_non_null(page);
	assert_int_equal(err, 0);
	return page;
}

static void alloc_fails(struct numa_state *ns, unsigned int order, int nid,
			uint64_t mask, unsigned int gfp, int expect)
{
	int err = 0;

	assert_null(page_alloc(ns, 0, order, nid, mask, gfp, &err));
	assert_int_equal(err, expect);
}

/* Pages on every per-CPU list of the machine (not in NR_FREE_PAGES). */
static unsigned long pcp_total(const struct numa_state *ns)
{
	unsigned long sum = 0;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			sum += numa_pcp_pages(&ns->nodes[n].zones[z],
					      ns->nr_cpu_ids);
	}
	return sum;
}

/*
 * Buddy-mechanics tests: free and return every per-CPU page at once, so
 * the buddy lists see the same sequence of frees as without per-CPU lists.
 */
static void free_drained(struct numa_state *ns, struct pmm_page *p,
			 unsigned int order)
{
	page_free(ns, 0, p, order);
	drain_all_pages(ns);
}

static struct pmm_page *alloc_drained(struct numa_state *ns,
				      unsigned int order, int nid,
				      uint64_t mask, unsigned int gfp)
{
	struct pmm_page *p = alloc_ok(ns, order, nid, mask, gfp);

	drain_all_pages(ns);
	return p;
}

static pmm_pfn_t pfn_of(const struct numa_state *ns, const struct pmm_page *p)
{
	return page_to_pfn(ns, p);
}

static void assert_free_area(const struct numa_zone *zone,
			     const unsigned long expect[NR_PAGE_ORDERS])
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		if (zone->free_area[o].nr_free != expect[o])
			fail_msg("node %d zone %s order %d: %lu free, expected %lu",
				 zone->nid, zone->name, o,
				 zone->free_area[o].nr_free, expect[o]);
	}
}

/* 1 node, 64 MiB: DMA [0, 4096), DMA32 [4096, 16384). */
static void start_64m(struct fx_numa *fx)
{
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 64 };

	fx_numa_cfg(&cfg, 1, ram, 2);
	fx_numa_start(fx, &cfg);
}

static void test_buddy_split_and_merge(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct pmm_page *p;
	const unsigned long fresh[NR_PAGE_ORDERS] = { [10] = 12 };
	const unsigned long split[NR_PAGE_ORDERS] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 11
	};

	start_64m(fx);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	assert_free_area(dma32, fresh);
	assert_int_equal(fx->ns.nr_materialized, 0);

	/* GFP_KERNEL tops out at Normal (empty): DMA32 serves, lowest pfn */
	p = alloc_drained(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, 0);
	assert_int_equal(pfn_of(&fx->ns, p), 4096);
	assert_int_equal(page_to_nid(p), 0);
	assert_ptr_equal(page_zone(&fx->ns, p), dma32);
	assert_free_area(dma32, split);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], 12287);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES_BLOCKS], 512 + 11 * 1024);
	fx_numa_assert_consistent(&fx->ns);

	/* an owner's PG_* bit does not survive the free */
	p->flags |= 1ull << (NR_PAGEFLAGS_NUMA + 3);
	free_drained(&fx->ns, p, 0);
	assert_free_area(dma32, fresh);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], 12288);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES_BLOCKS], 12288);
	p = alloc_ok(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, 0);
	assert_int_equal(pfn_of(&fx->ns, p), 4096);
	assert_int_equal(p->flags & PAGE_FLAGS_PG_MASK, 0);
	assert_int_equal(p->private, 0);
	assert_ptr_equal(p->lru.next, &p->lru);
	page_free(&fx->ns, 0, p, 0);
}

static void test_buddy_lowest_pfn_first(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_page *p[8], *big;

	start_64m(fx);
	for (int i = 0; i < 8; i++) {
		p[i] = alloc_ok(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, 0);
		assert_int_equal(pfn_of(&fx->ns, p[i]), 4096 + i);
	}
	/* the order-3 leftover at 4104 is the smallest block that fits */
	drain_all_pages(&fx->ns);
	big = alloc_ok(&fx->ns, 3, 0, NUMA_NODEMASK_ALL, 0);
	assert_int_equal(pfn_of(&fx->ns, big), 4104);
	big = alloc_ok(&fx->ns, 5, 0, NUMA_NODEMASK_ALL, 0);
	assert_int_equal(pfn_of(&fx->ns, big), 4096 + 32);
	/* freed pages go to the head of their list: next alloc reuses them */
	page_free(&fx->ns, 0, p[3], 0);
	page_free(&fx->ns, 0, p[5], 0);
	assert_int_equal(pfn_of(&fx->ns, alloc_ok(&fx->ns, 0, 0, ~0ull, 0)),
			 4096 + 5);
	assert_int_equal(pfn_of(&fx->ns, alloc_ok(&fx->ns, 0, 0, ~0ull, 0)),
			 4096 + 3);
	fx_numa_assert_consistent(&fx->ns);
}

static void test_buddy_exhaustion_exact_counts(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 16 };
	struct pmm_page *pages[4096];
	struct numa_zone *dma;
	struct pmm_rng rng;
	unsigned int i;

	fx_numa_cfg(&cfg, 1, ram, 2);
	fx_numa_start(fx, &cfg);
	dma = &fx->ns.nodes[0].zones[ZONE_DMA];
	assert_int_equal(dma->managed_pages, 4096);
	for (i = 0; i < 4096; i++) {
		pages[i] = alloc_ok(&fx->ns, 0, 0, NUMA_NODEMASK_ALL,
				    GFP_NO_WMARK);
		assert_int_equal(pfn_of(&fx->ns, pages[i]), i);
		/* NR_FREE_PAGES excludes the per-CPU pages */
		assert_int_equal(dma->vm_stat[NR_FREE_PAGES] +
					 pcp_total(&fx->ns),
				 4095 - i);
		if (i % 509 == 0)
			fx_numa_assert_consistent(&fx->ns);
	}
	alloc_fails(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, GFP_NO_WMARK, -ENOMEM);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(dma->free_area[o].nr_free, 0);
	fx_numa_assert_consistent(&fx->ns);

	/* free in a seeded random order; everything merges back */
	pmm_rng_seed(&rng, 42, 1);
	for (i = 4095; i > 0; i--) {
		unsigned int j = (unsigned int)pmm_rng_below(&rng, i + 1);
		struct pmm_page *t = pages[i];

		pages[i] = pages[j];
		pages[j] = t;
	}
	for (i = 0; i < 4096; i++) {
		page_free(&fx->ns, 0, pages[i], 0);
		assert_int_equal(dma->vm_stat[NR_FREE_PAGES] +
					 pcp_total(&fx->ns),
				 i + 1);
		if (i % 511 == 0)
			fx_numa_assert_consistent(&fx->ns);
	}
	drain_all_pages(&fx->ns);
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 4096);
	assert_int_equal(dma->free_area[MAX_PAGE_ORDER].nr_free, 4);
	for (int o = 0; o < MAX_PAGE_ORDER; o++)
		assert_int_equal(dma->free_area[o].nr_free, 0);
}

/*
 * Four 16 MiB nodes; the distances look lopsided but are symmetric:
 *
 *        0   1   2   3
 *   0   10  30  20  40        fallback of node 0: 0 2 1 3
 *   1   30  10  40  20        fallback of node 1: 1 3 0 2
 *   2   20  40  10  30        fallback of node 2: 2 0 3 1
 *   3   40  20  30  10        fallback of node 3: 3 1 2 0
 */
static void start_four_nodes(struct fx_numa *fx)
{
	static const uint8_t d[4][4] = {
		{ 10, 30, 20, 40 },
		{ 30, 10, 40, 20 },
		{ 20, 40, 10, 30 },
		{ 40, 20, 30, 10 },
	};
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 16, 16, 16, 16 };

	fx_numa_cfg(&cfg, 4, ram, 2);
	for (int i = 0; i < 4; i++)
		memcpy(cfg.distance[i], d[i], 4);
	fx_numa_start(fx, &cfg);
}

/* Allocate every frame of @nid (no watermarks); return how many. */
static unsigned long drain_node(struct numa_state *ns, int nid,
				struct pmm_page **out, unsigned long max)
{
	unsigned long n = 0;
	struct pmm_page *p;
	int err;

	while ((p = page_alloc(ns, 0, 0, nid, 1ull << nid,
			       GFP_NO_WMARK | GFP_THISNODE, &err))) {
		assert_true(n < max);
		out[n++] = p;
	}
	assert_int_equal(err, -ENOMEM);
	return n;
}

static void test_buddy_fallback_by_distance(void **state)
{
	static const uint8_t expect[4][4] = {
		{ 0, 2, 1, 3 }, { 1, 3, 0, 2 }, { 2, 0, 3, 1 }, { 3, 1, 2, 0 },
	};
	struct fx_numa *fx = *state;
	struct pmm_page *held[3][4096];
	unsigned long nr[3];
	struct pmm_page *p;

	start_four_nodes(fx);
	for (int n = 0; n < 4; n++) {
		assert_int_equal(fx->ns.nodes[n].nr_fallback, 4);
		assert_memory_equal(fx->ns.nodes[n].fallback, expect[n], 4);
	}

	/* node 0 full: its allocations go to node 2, then 1, then 3 */
	nr[0] = drain_node(&fx->ns, 0, held[0], 4096);
	assert_int_equal(nr[0], 4096);
	p = alloc_ok(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, GFP_NO_WMARK);
	assert_int_equal(page_to_nid(p), 2);
	/* numa_miss on the zone used, numa_foreign on the preferred one */
	assert_int_equal(page_zone(&fx->ns, p)->numa_event[NUMA_MISS], 1);
	assert_int_equal(page_zone(&fx->ns, p)->numa_event[NUMA_OTHER], 1);
	assert_int_equal(fx->ns.nodes[0].zones[ZONE_DMA].numa_event[NUMA_FOREIGN],
			 1);
	page_free(&fx->ns, 0, p, 0);

	nr[1] = drain_node(&fx->ns, 2, held[1], 4096);
	p = alloc_ok(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, GFP_NO_WMARK);
	assert_int_equal(page_to_nid(p), 1);
	page_free(&fx->ns, 0, p, 0);

	nr[2] = drain_node(&fx->ns, 1, held[2], 4096);
	p = alloc_ok(&fx->ns, 0, 0, NUMA_NODEMASK_ALL, GFP_NO_WMARK);
	assert_int_equal(page_to_nid(p), 3);
	page_free(&fx->ns, 0, p, 0);
	fx_numa_assert_consistent(&fx->ns);

	for (int k = 0; k < 3; k++) {
		for (unsigned long i = 0; i < nr[k]; i++)
			page_free(&fx->ns, 0, held[k][i], 0);
	}
}

static void test_buddy_fallback_ties_lowest_id(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 16, 16, 16, 16, 16 };
	static const uint8_t expect3[5] = { 3, 0, 1, 2, 4 };

	fx_numa_cfg(&cfg, 5, ram, 2);	/* all remote distances default to 20 */
	fx_numa_start(fx, &cfg);
	assert_memory_equal(fx->ns.nodes[3].fallback, expect3, 5);
	assert_int_equal(numa_distance(&fx->ns, 3, 4), 20);
	assert_int_equal(numa_distance(&fx->ns, 4, 4), 10);
}

static void test_buddy_nodemask_honoured(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_page *held[4096];
	struct pmm_page *p;
	unsigned long nr;

	start_four_nodes(fx);
	/* preferred node outside the mask: the mask wins, distance order */
	p = alloc_ok(&fx->ns, 0, 0, (1ull << 1) | (1ull << 3), 0);
	assert_int_equal(page_to_nid(p), 1);
	page_free(&fx->ns, 0, p, 0);
	p = alloc_ok(&fx->ns, 0, 2, 1ull << 3, GFP_MOVABLE);
	assert_int_equal(page_to_nid(p), 3);
	page_free(&fx->ns, 0, p, 0);

	/* a bound node that is full fails instead of spilling over */
	nr = drain_node(&fx->ns, 1, held, 4096);
	alloc_fails(&fx->ns, 0, 1, 1ull << 1, GFP_NO_WMARK, -ENOMEM);
	alloc_fails(&fx->ns, 0, 0, 1ull << 1, GFP_NO_WMARK, -ENOMEM);
	/* GFP_THISNODE never leaves the preferred node */
	alloc_fails(&fx->ns, 0, 1, NUMA_NODEMASK_ALL,
		    GFP_NO_WMARK | GFP_THISNODE, -ENOMEM);
	p = alloc_ok(&fx->ns, 0, 1, NUMA_NODEMASK_ALL, GFP_NO_WMARK);
	assert_int_equal(page_to_nid(p), 3);
	page_free(&fx->ns, 0, p, 0);

	/* masks naming no existing node are invalid */
	alloc_fails(&fx->ns, 0, 0, 0, 0, -EINVAL);
	alloc_fails(&fx->ns, 0, 0, 1ull << 4, 0, -EINVAL);
	for (unsigned long i = 0; i < nr; i++)
		page_free(&fx->ns, 0, held[i], 0);
}

static void test_buddy_bad_arguments_einval(void **state)
{
	struct fx_numa *fx = *state;

	start_64m(fx);
	alloc_fails(&fx->ns, MAX_PAGE_ORDER + 1, 0, ~0ull, 0, -EINVAL);
	alloc_fails(&fx->ns, 0, 1, ~0ull, 0, -EINVAL);
	alloc_fails(&fx->ns, 0, -1, ~0ull, 0, -EINVAL);
	alloc_fails(&fx->ns, 0, 0, ~0ull, GFP_DMA | GFP_DMA32, -EINVAL);
	alloc_fails(&fx->ns, 0, 0, ~0ull, 1u << 20, -EINVAL);
	/* err may be NULL */
	assert_null(page_alloc(&fx->ns, 0, 11, 0, ~0ull, 0, NULL));
	assert_int_equal(fx->ns.nr_materialized, 0);
}

/*
 * 8 GiB, two nodes of 4 GiB; node 1 has 1 GiB of ZONE_MOVABLE:
 *   node 0: DMA [0, 4096) DMA32 [4096, 1048576)
 *   node 1: Normal [1048576, 1835008) Movable [1835008, 2097152)
 */
static void test_buddy_zone_limits(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 4096, 4096 };
	struct pmm_page *p;

	fx_numa_cfg(&cfg, 2, ram, 2);
	cfg.node[1].movable_bytes = 1ull << 30;
	fx_numa_start(fx, &cfg);

	p = alloc_ok(&fx->ns, 0, 1, ~0ull, GFP_DMA);
	assert_int_equal(pfn_of(&fx->ns, p), 0);
	assert_int_equal(page_zonenum(p), ZONE_DMA);
	page_free(&fx->ns, 0, p, 0);
	p = alloc_ok(&fx->ns, 0, 1, ~0ull, GFP_DMA32);
	assert_int_equal(pfn_of(&fx->ns, p), 4096);
	assert_int_equal(page_to_nid(p), 0);
	page_free(&fx->ns, 0, p, 0);
	p = alloc_ok(&fx->ns, 0, 1, ~0ull, GFP_DMA32 | GFP_MOVABLE);
	assert_int_equal(page_zonenum(p), ZONE_DMA32);
	page_free(&fx->ns, 0, p, 0);
	p = alloc_ok(&fx->ns, 0, 1, ~0ull, 0);
	assert_int_equal(pfn_of(&fx->ns, p), 1048576);
	assert_int_equal(page_zonenum(p), ZONE_NORMAL);
	page_free(&fx->ns, 0, p, 0);
	p = alloc_ok(&fx->ns, 0, 1, ~0ull, GFP_MOVABLE);
	assert_int_equal(pfn_of(&fx->ns, p), 1835008);
	assert_int_equal(page_zonenum(p), ZONE_MOVABLE);
	page_free(&fx->ns, 0, p, 0);
	/* node 0 has no Normal zone: its GFP_KERNEL pages come from DMA32 */
	p = alloc_ok(&fx->ns, 0, 0, ~0ull, 0);
	assert_int_equal(page_zonenum(p), ZONE_DMA32);
	assert_int_equal(page_to_nid(p), 0);
	page_free(&fx->ns, 0, p, 0);
	/* GFP_DMA with only node 1 allowed: node 1 has no DMA zone */
	alloc_fails(&fx->ns, 0, 1, 1ull << 1, GFP_DMA, -ENOMEM);
}

/*
 * 64 MiB machine, default watermarks (hand-computed in test_phys.c):
 *   DMA:   min 64,  low 80,  high 96,  lowmem_reserve[Normal] = 48
 *   DMA32: min 192, low 240, high 288, lowmem_reserve[...] = 0
 * An allocation passes while free - (2^order - 1) > mark + reserve.
 */
static void test_buddy_watermarks_with_lowmem_reserve(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma, *dma32;
	static struct pmm_page *held[16384];
	unsigned long n = 0, i;
	struct pmm_page *p;
	int err;

	start_64m(fx);
	dma = &fx->ns.nodes[0].zones[ZONE_DMA];
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	assert_int_equal(dma->watermark[WMARK_LOW], 80);
	assert_int_equal(dma->lowmem_reserve[ZONE_NORMAL], 48);
	assert_int_equal(dma32->watermark[WMARK_LOW], 240);

	/* drained after each step: the checks see no per-CPU pages */
	while ((p = page_alloc(&fx->ns, 0, 0, 0, ~0ull, 0, &err))) {
		held[n++] = p;
		drain_all_pages(&fx->ns);
	}
	assert_int_equal(err, -ENOMEM);
	/* DMA32 stops at 240 free, DMA at 80 + 48 = 128 free */
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], 240);
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 128);
	assert_int_equal(n, (12288 - 240) + (4096 - 128));
	/* GFP_DMA sees lowmem_reserve[DMA] = 0: it may go down to low */
	for (i = 0; i < 48; i++)
		held[n++] = alloc_drained(&fx->ns, 0, 0, ~0ull, GFP_DMA);
	alloc_fails(&fx->ns, 0, 0, ~0ull, GFP_DMA, -ENOMEM);
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 80);
	/* the min watermark lets 48 more come out of DMA32 */
	for (i = 0; i < 48; i++) {
		p = alloc_drained(&fx->ns, 0, 0, ~0ull, GFP_WMARK_MIN);
		assert_ptr_equal(page_zone(&fx->ns, p), dma32);
		held[n++] = p;
	}
	alloc_fails(&fx->ns, 0, 0, ~0ull, GFP_WMARK_MIN | GFP_DMA32, -ENOMEM);
	/* __GFP_HIGH halves min: 192 - 96 = 96 more */
	for (i = 0; i < 96; i++)
		held[n++] = alloc_drained(&fx->ns, 0, 0, ~0ull,
					  GFP_WMARK_MIN | GFP_HIGH | GFP_DMA32);
	alloc_fails(&fx->ns, 0, 0, ~0ull, GFP_WMARK_MIN | GFP_HIGH | GFP_DMA32,
		    -ENOMEM);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], 96);
	/*
	 * DMA has 80 free frames (an order-4 block at 4016 and an order-6
	 * block at 4032) against min 64: order 4 passes (80 - 15 > 64) but
	 * order 5 does not (80 - 31 <= 64) although a large block is free.
	 */
	alloc_fails(&fx->ns, 5, 0, ~0ull, GFP_DMA | GFP_WMARK_MIN, -ENOMEM);
	p = alloc_drained(&fx->ns, 4, 0, ~0ull, GFP_DMA | GFP_WMARK_MIN);
	assert_int_equal(pfn_of(&fx->ns, p), 4016);
	page_free(&fx->ns, 0, p, 4);
	fx_numa_assert_consistent(&fx->ns);
	for (i = 0; i < n; i++)
		page_free(&fx->ns, 0, held[i], 0);
}

static void test_buddy_order_needs_a_free_block(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 16 };
	static struct pmm_page *held[4096];
	unsigned long i;
	struct pmm_page *p;

	fx_numa_cfg(&cfg, 1, ram, 2);
	fx_numa_start(fx, &cfg);
	for (i = 0; i < 4096; i++)
		held[i] = alloc_ok(&fx->ns, 0, 0, ~0ull, GFP_NO_WMARK);
	/* free every other frame: 2048 free pages, all of order 0 */
	for (i = 0; i < 4096; i += 2)
		page_free(&fx->ns, 0, held[i], 0);
	drain_all_pages(&fx->ns);
	assert_int_equal(fx->ns.nodes[0].zones[ZONE_DMA].free_area[0].nr_free,
			 2048);
	alloc_fails(&fx->ns, 1, 0, ~0ull, GFP_DMA, -ENOMEM);
	alloc_fails(&fx->ns, 1, 0, ~0ull, GFP_DMA | GFP_NO_WMARK, -ENOMEM);
	p = alloc_ok(&fx->ns, 0, 0, ~0ull, GFP_DMA);
	page_free(&fx->ns, 0, p, 0);
	fx_numa_assert_consistent(&fx->ns);
	for (i = 1; i < 4096; i += 2)
		page_free(&fx->ns, 0, held[i], 0);
	drain_all_pages(&fx->ns);
	assert_int_equal(
		fx->ns.nodes[0].zones[ZONE_DMA].free_area[MAX_PAGE_ORDER].nr_free,
		4);
}

/*
 * B = a fresh 1024-frame block, C = the next one.  Allocate B whole, split
 * C with one order-0 allocation (its order-3 leftover C+8 goes on the
 * order-3 list), then give B back frame by frame so that B+0..7 ends as an
 * order-3 block whose order-4 buddy B+16 is free: Linux's
 * buddy_merge_likely() puts it at the tail, behind C+8.
 */
static void test_buddy_free_to_tail_when_merge_likely(void **state)
{
	static const unsigned int order_of_frees[] = {
		8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7,
	};
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct pmm_page *b, *c;
	struct list_head *l3;
	unsigned int i;

	start_64m(fx);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	b = alloc_ok(&fx->ns, MAX_PAGE_ORDER, 0, ~0ull, 0);
	assert_int_equal(pfn_of(&fx->ns, b), 4096);
	c = alloc_drained(&fx->ns, 0, 0, ~0ull, 0);
	assert_int_equal(pfn_of(&fx->ns, c), 5120);
	for (i = 16; i < 1024; i++)
		free_drained(&fx->ns, b + i, 0);
	fx_numa_assert_consistent(&fx->ns);
	for (i = 0; i < PMM_ARRAY_SIZE(order_of_frees); i++)
		free_drained(&fx->ns, b + order_of_frees[i], 0);

	l3 = &dma32->free_area[3].free_list;
	assert_int_equal(dma32->free_area[3].nr_free, 2);
	assert_ptr_equal(list_entry(l3->next, struct pmm_page, buddy_list),
			 c + 8);
	assert_ptr_equal(list_entry(l3->prev, struct pmm_page, buddy_list), b);
	fx_numa_assert_consistent(&fx->ns);

	for (i = 12; i < 16; i++)
		free_drained(&fx->ns, b + i, 0);
	free_drained(&fx->ns, c, 0);
	assert_int_equal(dma32->free_area[MAX_PAGE_ORDER].nr_free, 12);
}

/*
 * Node 0 has 16 MiB + 12 KiB, so node 1 starts at pfn 4099 and its DMA32
 * zone's first piece begins with an order-0 block at 4099, then order 2 at
 * 4100, order 3 at 4104...  Like Linux's boot-time free lists, the
 * smallest order that fits is used first, even from pristine memory.
 */
static void test_buddy_smallest_order_first_from_pristine(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 16, 16 };
	struct pmm_page *p[3], *q;

	fx_numa_cfg(&cfg, 2, ram, 2);
	cfg.node[0].ram_bytes += 3 * 4096;
	cfg.node[1].ram_bytes -= 3 * 4096;
	fx_numa_start(fx, &cfg);
	assert_int_equal(fx->ns.nodes[1].zones[ZONE_DMA32].zone_start_pfn, 4099);
	/* node 0 is DMA [0, 4096) + DMA32 [4096, 4099) */
	assert_int_equal(fx->ns.nodes[0].zones[ZONE_DMA32].present_pages, 3);

	p[0] = alloc_ok(&fx->ns, 0, 1, 1ull << 1, 0);
	assert_int_equal(pfn_of(&fx->ns, p[0]), 4099);
	p[1] = alloc_ok(&fx->ns, 0, 1, 1ull << 1, 0);
	assert_int_equal(pfn_of(&fx->ns, p[1]), 4100);
	p[2] = alloc_ok(&fx->ns, 3, 1, 1ull << 1, 0);
	assert_int_equal(pfn_of(&fx->ns, p[2]), 4104);
	/* node 0's DMA32 piece shares the section but stays pristine */
	assert_true(zone_piece_is_pristine(&fx->ns.nodes[0].zones[ZONE_DMA32],
					   0));
	fx_numa_assert_consistent(&fx->ns);
	/*
	 * ... until node 0 needs it: [4096, 4099) is an order-1 block at 4096
	 * and an order-0 block at 4098; the order-0 one goes first.
	 */
	q = alloc_ok(&fx->ns, 0, 0, 1ull, GFP_DMA32);
	assert_int_equal(pfn_of(&fx->ns, q), 4098);
	assert_int_equal(page_to_nid(q), 0);
	page_free(&fx->ns, 0, q, 0);
	for (int i = 0; i < 3; i++)
		page_free(&fx->ns, 0, p[i], i == 2 ? 3 : 0);
	fx_numa_assert_consistent(&fx->ns);
}

static void test_buddy_random_model(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 40, 100, 24 };
	struct held {
		struct pmm_page *page;
		unsigned int order;
	} held[2048];
	unsigned long nr = 0, pages_out = 0;
	uint64_t seed = getenv("PMM_TEST_SEED")
				? strtoull(getenv("PMM_TEST_SEED"), NULL, 0)
				: 7;
	struct pmm_rng rng;

	print_message("# test_buddy_random_model seed=%llu\n",
		      (unsigned long long)seed);
	pmm_rng_seed(&rng, seed, 0);
	fx_numa_cfg(&cfg, 3, ram, 2);
	cfg.node[1].movable_bytes = 8ull << 20;
	fx_numa_start(fx, &cfg);
	for (int step = 0; step < 20000; step++) {
		bool do_alloc = nr == 0 || (nr < 2048 && pmm_rng_below(&rng, 2));

		if (do_alloc) {
			unsigned int order = (unsigned int)pmm_rng_below(&rng, 6);
			static const unsigned int gfps[] = {
				0, GFP_DMA32, GFP_MOVABLE, GFP_DMA,
				GFP_MOVABLE | GFP_WMARK_MIN,
			};
			unsigned int gfp = gfps[pmm_rng_below(&rng, 5)];
			int nid = (int)pmm_rng_below(&rng, 3);
			int err;
			struct pmm_page *p = page_alloc(&fx->ns, 0, order, nid,
							~0ull, gfp, &err);

			if (!p) {
				assert_int_equal(err, -ENOMEM);
				continue;
			}
			assert_int_equal(pfn_of(&fx->ns, p) & ((1u << order) - 1),
					 0);
			held[nr].page = p;
			held[nr].order = order;
			nr++;
			pages_out += 1ul << order;
		} else {
			unsigned long k = pmm_rng_below(&rng, nr);

			page_free(&fx->ns, 0, held[k].page, held[k].order);
			pages_out -= 1ul << held[k].order;
			held[k] = held[--nr];
		}
		assert_int_equal(numa_global_zone_stat(&fx->ns, NR_FREE_PAGES) +
					 pcp_total(&fx->ns) + pages_out,
				 fx->ns.max_pfn);
		if (step % 997 == 0)
			fx_numa_assert_consistent(&fx->ns);
		if (step % 4999 == 0)
			numa_trim_sections(&fx->ns);
	}
	while (nr) {
		nr--;
		page_free(&fx->ns, 0, held[nr].page, held[nr].order);
	}
	fx_numa_assert_consistent(&fx->ns);
	drain_all_pages(&fx->ns);
	fx_numa_assert_consistent(&fx->ns);
	assert_int_equal(numa_global_zone_stat(&fx->ns, NR_FREE_PAGES),
			 fx->ns.max_pfn);
}

/* The checker notices each kind of corruption it promises to find. */
static void test_buddy_checker_catches_corruption(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct pmm_page *p, *head, *tail;

	start_64m(fx);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	p = alloc_drained(&fx->ns, 0, 0, ~0ull, 0);	/* pfn 4096 */
	fx_numa_assert_consistent(&fx->ns);

	dma32->free_area[3].nr_free++;
	fx_numa_expect_violation(&fx->ns, "blocks listed");
	dma32->free_area[3].nr_free--;

	dma32->vm_stat[NR_FREE_PAGES]--;
	fx_numa_expect_violation(&fx->ns, "nr_free_pages");
	dma32->vm_stat[NR_FREE_PAGES]++;

	fx->ns.sections[0].nr_used++;
	fx_numa_expect_violation(&fx->ns, "frames in use");
	fx->ns.sections[0].nr_used--;

	/* a frame inside the free order-9 block at 4608 posing as a head */
	tail = pfn_to_page(&fx->ns, 4608 + 5);
	tail->flags |= 1ull << PG_buddy;
	fx_numa_expect_violation(&fx->ns, "inside the free block");
	tail->flags &= ~(1ull << PG_buddy);

	/* the order-1 block at 4098 split into two free order-0 buddies */
	head = pfn_to_page(&fx->ns, 4098);
	list_del(&head->buddy_list);
	dma32->free_area[1].nr_free--;
	head->private = 0;
	list_add(&head->buddy_list, &dma32->free_area[0].free_list);
	head[1].flags |= 1ull << PG_buddy;
	head[1].private = 0;
	list_add(&head[1].buddy_list, &dma32->free_area[0].free_list);
	dma32->free_area[0].nr_free += 2;
	fx_numa_expect_violation(&fx->ns, "not merged");
	list_del(&head[1].buddy_list);
	head[1].flags &= ~(1ull << PG_buddy);
	list_del(&head->buddy_list);
	dma32->free_area[0].nr_free -= 2;
	head->private = 1;
	list_add(&head->buddy_list, &dma32->free_area[1].free_list);
	dma32->free_area[1].nr_free++;
	fx_numa_assert_consistent(&fx->ns);

	/* an allocated frame put on a free list */
	list_add(&p->buddy_list, &dma32->free_area[0].free_list);
	dma32->free_area[0].nr_free++;
	fx_numa_expect_violation(&fx->ns, "on the order-0 list");
	list_del(&p->buddy_list);
	dma32->free_area[0].nr_free--;

	/* a listed piece marked pristine */
	dma32->pristine_map[0] |= 1;
	fx_numa_expect_violation(&fx->ns, "pristine");
	dma32->pristine_map[0] &= ~1ull;

	fx_numa_assert_consistent(&fx->ns);
	page_free(&fx->ns, 0, p, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_numa_setup, fx_numa_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_buddy_split_and_merge),
		T(test_buddy_lowest_pfn_first),
		T(test_buddy_exhaustion_exact_counts),
		T(test_buddy_fallback_by_distance),
		T(test_buddy_fallback_ties_lowest_id),
		T(test_buddy_nodemask_honoured),
		T(test_buddy_bad_arguments_einval),
		T(test_buddy_zone_limits),
		T(test_buddy_watermarks_with_lowmem_reserve),
		T(test_buddy_order_needs_a_free_block),
		T(test_buddy_free_to_tail_when_merge_likely),
		T(test_buddy_smallest_order_first_from_pristine),
		T(test_buddy_random_model),
		T(test_buddy_checker_catches_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
