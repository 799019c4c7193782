// SPDX-License-Identifier: MIT
/*
 * test_pcp.c - per-CPU page lists (Linux's struct per_cpu_pages): refill
 * by batch, spill over high, LIFO reuse, drains, NR_FREE_PAGES excluding
 * per-CPU pages, per-CPU independence, the watermark check made before the
 * list is used, the orders served, numa_trim_sections() draining, the
 * checker's per-CPU invariants, and the host cost of a 256-CPU machine.
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

/* One node of @mib MiB with CPUs 0 and 1. */
static void start(struct fx_numa *fx, uint64_t mib)
{
	struct pmm_sim_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.nr_nodes = 1;
	cfg.page_size = PMM_PAGE_SIZE;
	cfg.node[0].ram_bytes = mib << 20;
	cfg.node[0].cpus[0] = 3;
	assert_int_equal(numa_init(&fx->ns, &cfg, &fx->a), 0);
	fx->live = true;
}

static struct pmm_page *alloc_ok(struct numa_state *ns, unsigned int cpu,
				 unsigned int order, unsigned int gfp)
{
	int err = 1;
	struct pmm_page *p = page_alloc(ns, cpu, order, 0, ~0ull, gfp, &err);

	assert_non_null(p);
	assert_int_equal(err, 0);
	return p;
}

static pmm_pfn_t pfn_of(const struct numa_state *ns, const struct pmm_page *p)
{
	return page_to_pfn(ns, p);
}

static struct per_cpu_pages *pcp_of(struct numa_zone *zone, unsigned int cpu)
{
	return &zone->pageset[cpu];
}

/* Pages of the zone's buddy free lists, pristine blocks included. */
static unsigned long buddy_pages(const struct numa_zone *zone)
{
	unsigned long sum = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		sum += zone->free_area[o].nr_free << o;
	return sum;
}

/*
 * 1 GiB: DMA32 has 258048 pages, so zone_batchsize() is
 * rounddown_pow_of_two(63 + 31) - 1 = 63 and high_max 258048 / 8 / 2 CPUs
 * = 16128; high_min is the low watermark over the 2 CPUs.
 */
static void test_pcp_refill_by_batch(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct per_cpu_pages *pcp;
	unsigned long managed;
	int hmin;

	start(fx, 1024);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	managed = dma32->managed_pages;
	assert_int_equal(managed, 258048);
	pcp = pcp_of(dma32, 0);
	hmin = (int)(dma32->watermark[WMARK_LOW] / 2);
	assert_int_equal(pcp->batch, 63);
	assert_int_equal(pcp->high_min, hmin);
	assert_int_equal(pcp->high_max, 16128);
	assert_int_equal(pcp->high, 0);	/* BOOT_PAGESET_HIGH until used */
	assert_int_equal(pcp->count, 0);

	/* first refill: one batch; high = high_min + batch; factor 1 */
	assert_int_equal(pfn_of(&fx->ns, alloc_ok(&fx->ns, 0, 0, 0)), 4096);
	assert_int_equal(pcp->count, 62);
	assert_int_equal(pcp->high, hmin + 63);
	assert_int_equal(pcp->alloc_factor, 1);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], managed - 63);
	assert_int_equal(buddy_pages(dma32), managed - 63);
	fx_numa_assert_consistent(&fx->ns);

	/* the batch is used in pfn order without touching the buddy */
	for (int i = 1; i < 63; i++)
		assert_int_equal(pfn_of(&fx->ns, alloc_ok(&fx->ns, 0, 0, 0)),
				 4096 + i);
	assert_int_equal(pcp->count, 0);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], managed - 63);

	/* second refill: batch << alloc_factor = 126, high grows by it */
	assert_int_equal(pfn_of(&fx->ns, alloc_ok(&fx->ns, 0, 0, 0)),
			 4096 + 63);
	assert_int_equal(pcp->count, 125);
	assert_int_equal(pcp->high, hmin + 63 + 126);
	assert_int_equal(pcp->alloc_factor, 2);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], managed - 63 - 126);
	/* the other CPU was not involved */
	assert_int_equal(pcp_of(dma32, 1)->count, 0);
	assert_int_equal(pcp_of(dma32, 1)->high, 0);
	fx_numa_assert_consistent(&fx->ns);
	drain_all_pages(&fx->ns);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], managed - 64);
	assert_int_equal(pcp->count, 0);
	/* pages 4096..4159 stay allocated; the teardown checks the rest */
}

/*
 * Freeing: a page goes on the list; when count reaches the auto-tuned
 * high, free_pcppages_bulk() returns nr_pcp_free() pages from the tail
 * (coldest first) and at least batch pages stay.
 */
static void test_pcp_spill_over_high(void **state)
{
	struct fx_numa *fx = *state;
	static struct pmm_page *held[4000];
	struct numa_zone *dma32;
	struct per_cpu_pages *pcp;
	unsigned int i, spills = 0;

	/* 64 MiB: DMA32 batch 3, high_min 120, high_max 768 */
	start(fx, 64);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	pcp = pcp_of(dma32, 0);
	assert_int_equal(pcp->high_max, 768);
	for (i = 0; i < 4000; i++)
		held[i] = alloc_ok(&fx->ns, 0, 0, 0);
	drain_all_pages(&fx->ns);
	assert_int_equal(pcp->count, 0);
	assert_true(pcp->high >= pcp->high_min);

	for (i = 0; i < 4000; i++) {
		unsigned long nf = dma32->vm_stat[NR_FREE_PAGES];
		int c = pcp->count;

		page_free(&fx->ns, 0, held[i], 0);
		if (pcp->count == c + 1) {
			assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], nf);
		} else {
			unsigned long k = (unsigned long)(c + 1 - pcp->count);

			/* a spill: exactly the pages that left the list */
			assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], nf + k);
			assert_true(k >= (unsigned long)pcp->batch);
			assert_true(pcp->count >= pcp->batch);
			if (!spills++) {
				/* coldest first: the first freed page left */
				assert_false(held[0]->flags & (1ull << PG_pcp));
				assert_true(held[i]->flags & (1ull << PG_pcp));
			}
		}
		assert_true(pcp->count < pcp->high);
		assert_true(pcp->high <= pcp->high_max);
		if (i % 997 == 0)
			fx_numa_assert_consistent(&fx->ns);
	}
	assert_true(spills > 0);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES] + (unsigned long)pcp->count,
			 dma32->managed_pages);
	fx_numa_assert_consistent(&fx->ns);
}

/* Freed pages are reused hottest first (LIFO), per CPU. */
static void test_pcp_lifo_and_per_cpu_independence(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct pmm_page *a, *b, *c;

	start(fx, 1024);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	a = alloc_ok(&fx->ns, 0, 0, 0);		/* 4096; 4097.. on CPU 0 */
	b = alloc_ok(&fx->ns, 0, 0, 0);		/* 4097 */
	assert_int_equal(pfn_of(&fx->ns, b), 4097);
	page_free(&fx->ns, 0, a, 0);
	page_free(&fx->ns, 0, b, 0);
	assert_ptr_equal(alloc_ok(&fx->ns, 0, 0, 0), b);
	assert_ptr_equal(alloc_ok(&fx->ns, 0, 0, 0), a);

	/* a page freed on CPU 1 goes to CPU 1's list */
	page_free(&fx->ns, 1, a, 0);
	assert_int_equal(pcp_of(dma32, 1)->count, 1);
	assert_int_equal(pcp_of(dma32, 0)->count, 61);
	/* CPU 0 keeps using its own list (4098 is its head) */
	c = alloc_ok(&fx->ns, 0, 0, 0);
	assert_int_equal(pfn_of(&fx->ns, c), 4098);
	/* CPU 1 gets its hot page back without a refill */
	assert_ptr_equal(alloc_ok(&fx->ns, 1, 0, 0), a);
	assert_int_equal(pcp_of(dma32, 1)->count, 0);
	/* an empty CPU 1 list refills from the buddy: next after CPU 0's */
	assert_int_equal(pfn_of(&fx->ns, alloc_ok(&fx->ns, 1, 0, 0)),
			 4096 + 63);
	assert_int_equal(pcp_of(dma32, 1)->count, 62);
	fx_numa_assert_consistent(&fx->ns);

	drain_pages(&fx->ns, 1);
	assert_int_equal(pcp_of(dma32, 1)->count, 0);
	assert_int_equal(pcp_of(dma32, 0)->count, 60);
	drain_pages(&fx->ns, 0);
	assert_int_equal(pcp_of(dma32, 0)->count, 0);
	/* a, b, c and 4159 are out */
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES],
			 dma32->managed_pages - 4);
	fx_numa_assert_consistent(&fx->ns);
}

/* NR_FREE_PAGES, the buddy lists and MemFree exclude per-CPU pages. */
static void test_pcp_counters_exclude_pcp(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct pmm_page *p;
	unsigned long managed;

	start(fx, 1024);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	managed = dma32->managed_pages;
	p = alloc_ok(&fx->ns, 0, 0, 0);
	page_free(&fx->ns, 0, p, 0);
	/* the whole batch sits on the list: not free as far as vmstat goes */
	assert_int_equal(pcp_of(dma32, 0)->count, 63);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], managed - 63);
	assert_int_equal(buddy_pages(dma32), managed - 63);
	assert_int_equal(numa_global_zone_stat(&fx->ns, NR_FREE_PAGES),
			 fx->ns.max_pfn - 63);
	assert_int_equal(numa_pcp_pages(dma32, fx->ns.nr_cpu_ids), 63);
	/* out of the buddy lists, so in the section's nr_used */
	assert_int_equal(fx->ns.sections[0].nr_used, 63);
	fx_numa_assert_consistent(&fx->ns);
	drain_all_pages(&fx->ns);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], managed);
	assert_int_equal(dma32->free_area[MAX_PAGE_ORDER].nr_free, 252);
	for (unsigned int o = 0; o < MAX_PAGE_ORDER; o++)
		assert_int_equal(dma32->free_area[o].nr_free, 0);
}

/*
 * Drains: drain_pages() empties one CPU's lists in every zone,
 * drain_all_pages() every CPU's; the buddy is whole again.
 */
static void test_pcp_drain_returns_everything(void **state)
{
	struct fx_numa *fx = *state;
	static struct pmm_page *held[3000];
	struct numa_zone *dma, *dma32;
	unsigned int i;
	int cpu0;

	start(fx, 64);
	dma = &fx->ns.nodes[0].zones[ZONE_DMA];
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	for (i = 0; i < 3000; i++)
		held[i] = alloc_ok(&fx->ns, i % 2, i % 3 == 0 ? 0 : 1,
				   i % 5 == 0 ? GFP_DMA : 0);
	for (i = 0; i < 3000; i++)
		page_free(&fx->ns, (i / 7) % 2, held[i], i % 3 == 0 ? 0 : 1);
	cpu0 = pcp_of(dma, 0)->count + pcp_of(dma32, 0)->count;
	assert_true(cpu0 > 0);
	assert_true(pcp_of(dma, 1)->count + pcp_of(dma32, 1)->count > 0);
	assert_true(dma32->vm_stat[NR_FREE_PAGES] < dma32->managed_pages);
	fx_numa_assert_consistent(&fx->ns);

	drain_pages(&fx->ns, 1);
	assert_int_equal(pcp_of(dma, 1)->count, 0);
	assert_int_equal(pcp_of(dma32, 1)->count, 0);
	assert_int_equal(pcp_of(dma, 0)->count + pcp_of(dma32, 0)->count, cpu0);
	fx_numa_assert_consistent(&fx->ns);

	drain_all_pages(&fx->ns);
	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		for (unsigned int l = 0; l < NR_PCP_LISTS; l++) {
			assert_true(list_empty(&pcp_of(dma, cpu)->lists[l]));
			assert_true(list_empty(&pcp_of(dma32, cpu)->lists[l]));
		}
		assert_int_equal(pcp_of(dma, cpu)->count, 0);
		assert_int_equal(pcp_of(dma32, cpu)->count, 0);
	}
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 4096);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], 12288);
	assert_int_equal(dma32->free_area[MAX_PAGE_ORDER].nr_free, 12);
	assert_int_equal(dma->free_area[MAX_PAGE_ORDER].nr_free, 4);
	assert_int_equal(fx->ns.sections[0].nr_used, 0);
	fx_numa_assert_consistent(&fx->ns);
}

/*
 * Orders 0..3 and pageblock_order use the lists; order 4 and the others
 * go straight to and from the buddy.
 */
static void test_pcp_orders_served(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct per_cpu_pages *pcp;
	struct pmm_page *p, *q;
	unsigned long nf;

	start(fx, 1024);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	pcp = pcp_of(dma32, 0);
	for (unsigned int order = 1; order <= PAGE_ALLOC_COSTLY_ORDER; order++) {
		int before = pcp->count;

		p = alloc_ok(&fx->ns, 0, order, 0);
		assert_int_equal(pfn_of(&fx->ns, p) & ((1u << order) - 1), 0);
		/* refill of max(batch >> order, 2) blocks, one handed out */
		assert_int_equal(pcp->count - before,
				 (PMM_MAX(63 >> order, 2) - 1) << order);
		assert_false(list_empty(&pcp->lists[order]));
		page_free(&fx->ns, 0, p, order);
		assert_ptr_equal(list_entry(pcp->lists[order].next,
					    struct pmm_page, pcp_list),
				 p);
		assert_int_equal(p->private, order);
	}
	/*
	 * The THP order, on CPU 1's fresh lists: a refill of 2 blocks, one
	 * handed out.  Freeing it makes count 1024 >= high (high_min + 63),
	 * so nr_pcp_free() = free_count = 512 pages leave from the tail:
	 * the other block goes back to the buddy, the hot one stays.
	 */
	pcp = pcp_of(dma32, 1);
	assert_true(pcp->high_min + 63 <= 1024);
	p = alloc_ok(&fx->ns, 1, PAGEBLOCK_ORDER, 0);
	assert_int_equal(pfn_of(&fx->ns, p) & 511, 0);
	assert_int_equal(pcp->count, 512);
	q = list_entry(pcp->lists[NR_PCP_LISTS - 1].next, struct pmm_page,
		       pcp_list);
	assert_int_equal(pfn_of(&fx->ns, q), pfn_of(&fx->ns, p) + 512);
	page_free(&fx->ns, 1, p, PAGEBLOCK_ORDER);
	assert_int_equal(pcp->count, 512);
	assert_ptr_equal(list_entry(pcp->lists[NR_PCP_LISTS - 1].next,
				    struct pmm_page, pcp_list),
			 p);
	assert_false(q->flags & (1ull << PG_pcp));
	pcp = pcp_of(dma32, 0);
	fx_numa_assert_consistent(&fx->ns);

	/* order 4 never touches the lists */
	nf = dma32->vm_stat[NR_FREE_PAGES];
	{
		int before = pcp->count;

		p = alloc_ok(&fx->ns, 0, 4, 0);
		assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], nf - 16);
		page_free(&fx->ns, 0, p, 4);
		assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], nf);
		assert_int_equal(pcp->count, before);
	}
	drain_all_pages(&fx->ns);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], dma32->managed_pages);
	fx_numa_assert_consistent(&fx->ns);
}

/*
 * The watermark is checked on NR_FREE_PAGES before the list is used: a
 * zone below its mark fails an allocation even with pages on the list.
 */
static void test_pcp_watermark_before_list(void **state)
{
	struct fx_numa *fx = *state;
	static struct pmm_page *held[4096];
	struct numa_zone *dma;
	struct pmm_page *p;
	int err;

	start(fx, 16);
	dma = &fx->ns.nodes[0].zones[ZONE_DMA];
	for (int i = 0; i < 4096; i++)
		held[i] = alloc_ok(&fx->ns, 0, 0, GFP_NO_WMARK);
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 0);
	for (int i = 0; i < 10; i++)
		page_free(&fx->ns, 0, held[i], 0);
	assert_int_equal(pcp_of(dma, 0)->count, 10);
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 0);
	assert_null(page_alloc(&fx->ns, 0, 0, 0, ~0ull, GFP_WMARK_MIN, &err));
	assert_int_equal(err, -ENOMEM);
	assert_true(dma->below_high);
	/* without a watermark the hot page comes back */
	p = alloc_ok(&fx->ns, 0, 0, GFP_NO_WMARK);
	assert_ptr_equal(p, held[9]);
	held[9] = p;
	for (int i = 9; i < 4096; i++)
		page_free(&fx->ns, 0, held[i], 0);
	drain_all_pages(&fx->ns);
	assert_int_equal(dma->vm_stat[NR_FREE_PAGES], 4096);
	/* the spill path clears ZONE_BELOW_HIGH once above high again */
	assert_false(dma->below_high);
	fx_numa_assert_consistent(&fx->ns);
}

/* Bad CPUs are refused like any bad argument. */
static void test_pcp_bad_cpu_einval(void **state)
{
	struct fx_numa *fx = *state;
	int err = 0;

	start(fx, 64);
	assert_null(page_alloc(&fx->ns, 2, 0, 0, ~0ull, 0, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(page_alloc(&fx->ns, PMM_MAX_CPUS, 0, 0, ~0ull, 0, &err));
	assert_int_equal(err, -EINVAL);
	assert_null(page_alloc(&fx->ns, ~0u, 0, 0, ~0ull, 0, &err));
	assert_int_equal(err, -EINVAL);
}

/* numa_trim_sections() drains first, so sections come back whole. */
static void test_pcp_trim_drains(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct pmm_page *p;

	start(fx, 1024);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	p = alloc_ok(&fx->ns, 0, 0, 0);
	page_free(&fx->ns, 0, p, 0);
	assert_int_equal(pcp_of(dma32, 0)->count, 63);
	assert_int_equal(numa_trim_sections(&fx->ns), 1);
	assert_int_equal(pcp_of(dma32, 0)->count, 0);
	assert_int_equal(fx->ns.nr_materialized, 0);
	assert_int_equal(dma32->vm_stat[NR_FREE_PAGES], dma32->managed_pages);
	fx_numa_assert_consistent(&fx->ns);
	/* pristine again: the lowest pfn comes first */
	p = alloc_ok(&fx->ns, 0, 0, 0);
	assert_int_equal(pfn_of(&fx->ns, p), 4096);
	page_free(&fx->ns, 0, p, 0);
}

static void test_pcp_checker_catches_corruption(void **state)
{
	struct fx_numa *fx = *state;
	struct numa_zone *dma32;
	struct per_cpu_pages *pcp;
	struct pmm_page *p, *q;

	start(fx, 64);
	dma32 = &fx->ns.nodes[0].zones[ZONE_DMA32];
	pcp = pcp_of(dma32, 0);
	p = alloc_ok(&fx->ns, 0, 0, 0);		/* 4096; 4097, 4098 listed */
	assert_int_equal(pcp->count, 2);
	fx_numa_assert_consistent(&fx->ns);

	pcp->count++;
	fx_numa_expect_violation(&fx->ns, "pcp count");
	pcp->count--;

	/* a listed page that lost its PG_pcp bit (counted as used) */
	q = list_entry(pcp->lists[0].next, struct pmm_page, pcp_list);
	assert_int_equal(pfn_of(&fx->ns, q), 4097);
	q->flags &= ~(1ull << PG_pcp);
	fx_numa_expect_violation(&fx->ns, "pcp list");
	q->flags |= 1ull << PG_pcp;
	fx_numa_assert_consistent(&fx->ns);

	/* an allocated page that claims to be on a list */
	p->flags |= 1ull << PG_pcp;
	fx_numa_expect_violation(&fx->ns, "per-CPU pages in memory");
	p->flags &= ~(1ull << PG_pcp);
	fx_numa_assert_consistent(&fx->ns);

	/* a page on two CPUs' lists */
	list_add(&q->pcp_list, &pcp_of(dma32, 1)->lists[0]);
	pcp_of(dma32, 1)->count++;
	fx_numa_expect_violation(&fx->ns, "pcp");
	/* rebuild both lists as they were: 4097, 4098 on CPU 0 */
	list_init(&pcp_of(dma32, 1)->lists[0]);
	pcp_of(dma32, 1)->count = 0;
	list_init(&pcp->lists[0]);
	list_add_tail(&q->pcp_list, &pcp->lists[0]);
	list_add_tail(&pfn_to_page(&fx->ns, 4098)->pcp_list, &pcp->lists[0]);
	fx_numa_assert_consistent(&fx->ns);

	page_free(&fx->ns, 0, p, 0);
	drain_all_pages(&fx->ns);
	fx_numa_assert_consistent(&fx->ns);
}

/* 64 nodes, 256 CPUs: the per-CPU lists fit the host budget. */
static void test_pcp_256_cpu_machine_host_cost(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	struct pmm_page *p;

	memset(&cfg, 0, sizeof(cfg));
	cfg.nr_nodes = 64;
	cfg.page_size = PMM_PAGE_SIZE;
	for (unsigned int n = 0; n < 64; n++) {
		cfg.node[n].ram_bytes = 16ull << 30;
		cfg.node[n].cpus[n / 16] = 0xfull << (4 * (n % 16));
	}
	assert_int_equal(numa_init(&fx->ns, &cfg, &fx->a), 0);
	fx->live = true;
	assert_int_equal(fx->ns.nr_cpus, 256);
	assert_int_equal(fx->ns.nr_cpu_ids, 256);
	print_message("# 64 nodes, 256 CPUs: %llu host bytes\n",
		      (unsigned long long)fx->a.live_bytes);
	assert_true(fx->a.live_bytes < (64ull << 20));
	p = page_alloc(&fx->ns, 255, 0, 63, ~0ull, GFP_MOVABLE, NULL);
	assert_non_null(p);
	assert_int_equal(page_to_nid(p), 63);
	page_free(&fx->ns, 255, p, 0);
	fx_numa_assert_consistent(&fx->ns);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_numa_setup, fx_numa_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pcp_refill_by_batch),
		T(test_pcp_spill_over_high),
		T(test_pcp_lifo_and_per_cpu_independence),
		T(test_pcp_counters_exclude_pcp),
		T(test_pcp_drain_returns_everything),
		T(test_pcp_orders_served),
		T(test_pcp_watermark_before_list),
		T(test_pcp_bad_cpu_einval),
		T(test_pcp_trim_drains),
		T(test_pcp_checker_catches_corruption),
		T(test_pcp_256_cpu_machine_host_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
