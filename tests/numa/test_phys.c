// SPDX-License-Identifier: MIT
/*
 * test_phys.c - physical memory layout and bookkeeping: zones of one node,
 * two nodes and nodes above 4 GiB, ZONE_MOVABLE, configuration errors,
 * allocation failure during init and during section materialisation, lazy
 * sections on a 1 TiB machine, pfn <-> page, trimming, and the watermark,
 * lowmem_reserve and min_free_kbytes arithmetic against hand-computed
 * Linux values.  Every test ends with numa_consistent() and a leak check.
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

static void assert_zone(const struct numa_state *ns, int nid,
			enum zone_type z, pmm_pfn_t start, unsigned long pages)
{
	const struct numa_zone *zone = &ns->nodes[nid].zones[z];

	if (zone->present_pages != pages ||
	    (pages && zone->zone_start_pfn != start) ||
	    zone->spanned_pages != pages || zone->managed_pages != pages ||
	    zone->vm_stat[NR_FREE_PAGES] != pages)
		fail_msg("node %d zone %s: start %llu present %lu spanned %lu managed %lu free %lu, expected start %llu pages %lu",
			 nid, zone->name,
			 (unsigned long long)zone->zone_start_pfn,
			 zone->present_pages, zone->spanned_pages,
			 zone->managed_pages, zone->vm_stat[NR_FREE_PAGES],
			 (unsigned long long)start, pages);
}

static void test_phys_zones_one_node(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 8192 };

	fx_numa_cfg(&cfg, 1, ram, 1);
	fx_numa_start(fx, &cfg);
	assert_int_equal(fx->ns.max_pfn, 2097152);
	assert_int_equal(fx->ns.nr_sections, 64);
	assert_int_equal(fx->ns.totalram_pages, 2097152);
	assert_zone(&fx->ns, 0, ZONE_DMA, 0, 4096);
	assert_zone(&fx->ns, 0, ZONE_DMA32, 4096, 1044480);
	assert_zone(&fx->ns, 0, ZONE_NORMAL, 1048576, 1048576);
	assert_zone(&fx->ns, 0, ZONE_MOVABLE, 0, 0);
	assert_zone(&fx->ns, 0, ZONE_DEVICE, 0, 0);
	assert_string_equal(fx->ns.nodes[0].zones[ZONE_NORMAL].name, "Normal");
	/* every zone starts fully pristine, as max-order blocks */
	assert_int_equal(fx->ns.nodes[0].zones[ZONE_DMA32]
				 .free_area[MAX_PAGE_ORDER].nr_pristine,
			 1020);
	assert_int_equal(fx->ns.nr_materialized, 0);
}

static void test_phys_zones_two_nodes(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 2048, 6144 };

	fx_numa_cfg(&cfg, 2, ram, 1);
	fx_numa_start(fx, &cfg);
	assert_int_equal(fx->ns.nodes[1].node_start_pfn, 524288);
	assert_zone(&fx->ns, 0, ZONE_DMA, 0, 4096);
	assert_zone(&fx->ns, 0, ZONE_DMA32, 4096, 520192);
	assert_zone(&fx->ns, 0, ZONE_NORMAL, 0, 0);
	assert_zone(&fx->ns, 1, ZONE_DMA, 0, 0);
	assert_zone(&fx->ns, 1, ZONE_DMA32, 524288, 524288);
	assert_zone(&fx->ns, 1, ZONE_NORMAL, 1048576, 1048576);
	assert_int_equal(fx->ns.nodes[0].nr_cpus, 1);
	assert_int_equal(fx->ns.nr_cpus, 2);
}

static void test_phys_node_above_4g_has_only_normal(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 4096, 4096, 4096 };

	fx_numa_cfg(&cfg, 3, ram, 1);
	fx_numa_start(fx, &cfg);
	assert_zone(&fx->ns, 0, ZONE_DMA, 0, 4096);
	assert_zone(&fx->ns, 0, ZONE_DMA32, 4096, 1044480);
	assert_zone(&fx->ns, 0, ZONE_NORMAL, 0, 0);
	for (int n = 1; n < 3; n++) {
		assert_zone(&fx->ns, n, ZONE_DMA, 0, 0);
		assert_zone(&fx->ns, n, ZONE_DMA32, 0, 0);
		assert_zone(&fx->ns, n, ZONE_NORMAL, 1048576ull * (unsigned)n,
			    1048576);
		assert_zone(&fx->ns, n, ZONE_MOVABLE, 0, 0);
	}
}

static void test_phys_movable_zone(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 4096, 4096, 4096 };
	const uint64_t small[] = { 2048 };

	/*
	 * Node 0 asks for 1 GiB but lies below 4 GiB on a machine that has
	 * memory above it: Linux never puts Movable below the Normal zone's
	 * start, so node 0 gets none.  Node 1 gives 1 GiB, node 2 all of it.
	 */
	fx_numa_cfg(&cfg, 3, ram, 1);
	cfg.node[0].movable_bytes = 1ull << 30;
	cfg.node[1].movable_bytes = 1ull << 30;
	cfg.node[2].movable_bytes = 4ull << 30;
	fx_numa_start(fx, &cfg);
	assert_zone(&fx->ns, 0, ZONE_DMA32, 4096, 1044480);
	assert_zone(&fx->ns, 0, ZONE_MOVABLE, 0, 0);
	assert_zone(&fx->ns, 1, ZONE_NORMAL, 1048576, 786432);
	assert_zone(&fx->ns, 1, ZONE_MOVABLE, 1835008, 262144);
	assert_zone(&fx->ns, 2, ZONE_NORMAL, 0, 0);
	assert_zone(&fx->ns, 2, ZONE_MOVABLE, 2097152, 1048576);
	fx_numa_assert_consistent(&fx->ns);
	numa_fini(&fx->ns);

	/* a machine with nothing above 4 GiB carves Movable out of DMA32 */
	fx_numa_cfg(&cfg, 1, small, 1);
	cfg.node[0].movable_bytes = 2ull << 30;
	fx_numa_start(fx, &cfg);
	assert_zone(&fx->ns, 0, ZONE_DMA, 0, 4096);
	assert_zone(&fx->ns, 0, ZONE_DMA32, 0, 0);
	assert_zone(&fx->ns, 0, ZONE_MOVABLE, 4096, 520192);
}

static void expect_einval(struct fx_numa *fx, const struct pmm_sim_config *cfg)
{
	uint64_t before = fx->a.nr_allocs;

	fx->ns.nr_nodes = 77;	/* numa_init must clear it */
	assert_int_equal(numa_init(&fx->ns, cfg, &fx->a), -EINVAL);
	assert_int_equal(fx->a.live_objs, 0);
	assert_int_equal(fx->a.live_bytes, 0);
	assert_int_equal(fx->a.nr_allocs, before);
	assert_int_equal(fx->ns.nr_nodes, 0);
	numa_fini(&fx->ns);	/* harmless */
}

static void test_phys_bad_config_einval(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 64, 64, 64 };

#define BAD(stmt)                                                            \
	do {                                                                 \
		fx_numa_cfg(&cfg, 3, ram, 1);                                      \
		stmt;                                                        \
		expect_einval(fx, &cfg);                                     \
	} while (0)

	BAD(cfg.nr_nodes = 0);
	BAD(cfg.nr_nodes = PMM_MAX_NODES + 1);
	BAD(cfg.page_size = 8192);
	BAD(cfg.page_size = 0);
	BAD(cfg.node[1].ram_bytes = 0);
	BAD(cfg.node[1].ram_bytes += 512);
	BAD(cfg.node[2].movable_bytes = cfg.node[2].ram_bytes + 4096);
	BAD(cfg.node[2].movable_bytes = 4095);
	BAD(cfg.distance[1][1] = 20);
	BAD(cfg.distance[0][1] = 10);
	BAD(cfg.distance[0][1] = 255);
	BAD((cfg.distance[0][2] = 30, cfg.distance[2][0] = 40));
	BAD(cfg.distance[0][2] = 30);	/* the other side defaults to 20 */
	BAD(cfg.node[2].cpus[0] |= 1);	/* CPU 0 is on node 0 already */
	BAD((cfg.node[0].cpus[3] = 1ull << 63, cfg.node[1].cpus[3] = 1ull << 63));
	BAD(cfg.node[0].ram_bytes = (1ull << NUMA_MAX_PHYS_BITS) + 4096);
	BAD((cfg.node[0].ram_bytes = 1ull << (NUMA_MAX_PHYS_BITS - 1),
	     cfg.node[1].ram_bytes = 1ull << (NUMA_MAX_PHYS_BITS - 1)));
#undef BAD

	/* the symmetric version of a bad pair, and 0 = defaults, are fine */
	fx_numa_cfg(&cfg, 3, ram, 1);
	cfg.distance[0][2] = cfg.distance[2][0] = 30;
	cfg.distance[1][0] = 20;
	cfg.distance[1][1] = 10;
	fx_numa_start(fx, &cfg);
	assert_int_equal(numa_distance(&fx->ns, 2, 0), 30);
	assert_int_equal(numa_distance(&fx->ns, 0, 1), 20);
}

static void test_phys_init_allocation_failure(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 64, 64 };
	uint64_t n;

	fx_numa_cfg(&cfg, 2, ram, 1);
	for (n = 1;; n++) {
		int err;

		fx->a.fail_nth = fx->a.nr_allocs + n;
		err = numa_init(&fx->ns, &cfg, &fx->a);
		if (!err)
			break;
		assert_int_equal(err, -ENOMEM);
		assert_int_equal(fx->a.live_objs, 0);
		assert_int_equal(fx->a.live_bytes, 0);
	}
	fx->a.fail_nth = 0;
	fx->live = true;
	assert_true(n > 1);
	fx_numa_assert_consistent(&fx->ns);
}

static void test_phys_materialize_failure_changes_nothing(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 64 };
	struct pmm_page *p;
	int err;

	fx_numa_cfg(&cfg, 1, ram, 1);
	fx_numa_start(fx, &cfg);
	fx->a.fail_nth = fx->a.nr_allocs + 1;
	p = page_alloc(&fx->ns, 0, 0, 0, ~0ull, 0, &err);
	assert_null(p);
	assert_int_equal(err, -ENOBUFS);
	assert_int_equal(fx->ns.nr_materialized, 0);
	assert_int_equal(numa_global_zone_stat(&fx->ns, NR_FREE_PAGES), 16384);
	fx_numa_assert_consistent(&fx->ns);
	p = page_alloc(&fx->ns, 0, 0, 0, ~0ull, 0, &err);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(&fx->ns, p), 4096);
	page_free(&fx->ns, 0, p, 0);
}

/*
 * 1 TiB over two nodes: 8192 sections, none materialised.  The machine
 * costs its node and section tables only; one allocated frame costs one
 * section of metadata.
 */
static void test_phys_lazy_sections_1tib(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 512 * 1024, 512 * 1024 };
	uint64_t base;
	struct pmm_page *p;

	fx_numa_cfg(&cfg, 2, ram, 1);
	fx_numa_start(fx, &cfg);
	base = fx->a.live_bytes;
	print_message("# 1 TiB machine: %llu host bytes\n",
		      (unsigned long long)base);
	assert_true(base < (64ull << 20));
	assert_true(base < (1ull << 20));
	assert_int_equal(fx->ns.nr_sections, 8192);
	assert_int_equal(fx->ns.nr_materialized, 0);
	assert_int_equal(numa_global_zone_stat(&fx->ns, NR_FREE_PAGES),
			 1ull << 28);
	assert_null(pfn_to_page(&fx->ns, 1ull << 27));
	fx_numa_assert_consistent(&fx->ns);

	p = page_alloc(&fx->ns, 0, 0, 1, ~0ull, GFP_MOVABLE, NULL);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(&fx->ns, p), 1ull << 27);
	assert_int_equal(fx->ns.nr_materialized, 1);
	assert_int_equal(fx->a.live_bytes - base,
			 PAGES_PER_SECTION * sizeof(struct pmm_page));
	fx_numa_assert_consistent(&fx->ns);
	page_free(&fx->ns, 0, p, 0);
	assert_int_equal(numa_trim_sections(&fx->ns), 1);
	assert_int_equal(fx->a.live_bytes, base);
}

/*
 * Node 0 has 100 MiB (pfns 0..25599), node 1 100 MiB (25600..51199):
 * section 0 holds node 0's DMA and DMA32 and the start of node 1's DMA32;
 * section 1 holds the rest of node 1 and, past pfn 51200, no RAM.
 */
static void test_phys_pfn_to_page(void **state)
{
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 100, 100 };
	static const pmm_pfn_t probe[] = { 0, 4095, 4096, 25599, 25600, 32767 };
	struct pmm_page *p, *q;

	fx_numa_cfg(&cfg, 2, ram, 1);
	fx_numa_start(fx, &cfg);
	assert_int_equal(fx->ns.nr_sections, 2);
	p = page_alloc(&fx->ns, 0, 0, 1, 1ull << 1, 0, NULL);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(&fx->ns, p), 25600);
	assert_int_equal(fx->ns.nr_materialized, 1);

	for (unsigned int i = 0; i < PMM_ARRAY_SIZE(probe); i++) {
		q = pfn_to_page(&fx->ns, probe[i]);
		assert_non_null(q);
		assert_int_equal(page_to_pfn(&fx->ns, q), probe[i]);
		assert_int_equal(page_to_nid(q), probe[i] >= 25600);
	}
	assert_int_equal(page_zonenum(pfn_to_page(&fx->ns, 4095)), ZONE_DMA);
	assert_int_equal(page_zonenum(pfn_to_page(&fx->ns, 4096)), ZONE_DMA32);
	assert_ptr_equal(page_zone(&fx->ns, pfn_to_page(&fx->ns, 25600)),
			 &fx->ns.nodes[1].zones[ZONE_DMA32]);

	/* section 1 has no metadata until asked */
	assert_null(pfn_to_page(&fx->ns, 32768));
	assert_int_equal(numa_materialize_pfn(&fx->ns, 40000), 0);
	q = pfn_to_page(&fx->ns, 40000);
	assert_non_null(q);
	assert_int_equal(page_to_pfn(&fx->ns, q), 40000);
	assert_int_equal(page_to_nid(q), 1);
	assert_false(page_is_buddy_head(q));
	/* it stays pristine: allocation order does not change */
	assert_true(zone_piece_is_pristine(&fx->ns.nodes[1].zones[ZONE_DMA32],
					   1));
	assert_null(pfn_to_page(&fx->ns, 51200));
	assert_int_equal(numa_materialize_pfn(&fx->ns, 51200), -EINVAL);
	fx_numa_assert_consistent(&fx->ns);

	page_free(&fx->ns, 0, p, 0);
	assert_int_equal(numa_trim_sections(&fx->ns), 2);
	assert_int_equal(fx->ns.nr_materialized, 0);
	assert_null(pfn_to_page(&fx->ns, 25600));
	fx_numa_assert_consistent(&fx->ns);
	p = page_alloc(&fx->ns, 0, 0, 1, 1ull << 1, 0, NULL);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(&fx->ns, p), 25600);
	page_free(&fx->ns, 0, p, 0);
}

static void assert_wmarks(const struct numa_state *ns, int nid,
			  enum zone_type z, unsigned long min, unsigned long low,
			  unsigned long high, unsigned long promo)
{
	const struct numa_zone *zone = &ns->nodes[nid].zones[z];

	if (zone->watermark[WMARK_MIN] != min ||
	    zone->watermark[WMARK_LOW] != low ||
	    zone->watermark[WMARK_HIGH] != high ||
	    zone->watermark[WMARK_PROMO] != promo)
		fail_msg("node %d zone %s: min %lu low %lu high %lu promo %lu, expected %lu %lu %lu %lu",
			 nid, zone->name, zone->watermark[WMARK_MIN],
			 zone->watermark[WMARK_LOW], zone->watermark[WMARK_HIGH],
			 zone->watermark[WMARK_PROMO], min, low, high, promo);
}

static void assert_protection(const struct numa_state *ns, int nid,
			      enum zone_type z, const long expect[MAX_NR_ZONES])
{
	const struct numa_zone *zone = &ns->nodes[nid].zones[z];

	for (int j = 0; j < MAX_NR_ZONES; j++) {
		if (zone->lowmem_reserve[j] != expect[j])
			fail_msg("node %d zone %s: lowmem_reserve[%d] = %ld, expected %ld",
				 nid, zone->name, j, zone->lowmem_reserve[j],
				 expect[j]);
	}
}

/*
 * Machine A: one node, 1 GiB.  DMA 4096 pages, DMA32 258048 pages.
 *
 * min_free_kbytes = int_sqrt(262144 pages * 4 kB * 16) = int_sqrt(16777216)
 *                 = 4096  ->  pages_min = 4096 / 4 = 1024
 * lowmem_pages = 262144 (every zone but Movable)
 *
 * DMA:   tmp = 1024 * 4096 / 262144 = 16 = min
 *        gap = max(16 >> 2 = 4, 4096 * 10 / 10000 = 4) = 4
 *        low 20, high 24, promo 28
 * DMA32: tmp = 1024 * 258048 / 262144 = 1008 = min
 *        gap = max(1008 >> 2 = 252, 25 * 10 + 8048 * 10 / 10000 = 258) = 258
 *        low 1266, high 1524, promo 1782
 * Normal: empty, tmp 0, gap 0: all 0.  Device: the same.
 * Movable: empty, min = clamp(0 / 1024, 32, 128) = 32, gap 0: all 32.
 *
 * lowmem_reserve (ratios 256 256 32 0 0):
 *   DMA:   258048 / 256 = 1008 for every higher zone: (0, 1008 x 4)
 *   DMA32: nothing above it is populated: all 0
 * totalreserve = min(1008 + 24, 4096) + min(0 + 1524, 258048) = 2556
 * MemAvailable = 262144 - 2556 = 259588 pages (nothing cached)
 */
static void test_phys_watermarks_1g_machine(void **state)
{
	static const long dma[MAX_NR_ZONES] = { 0, 1008, 1008, 1008, 1008 };
	static const long none[MAX_NR_ZONES] = { 0 };
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 1024 };

	fx_numa_cfg(&cfg, 1, ram, 1);
	fx_numa_start(fx, &cfg);
	assert_int_equal(numa_default_min_free_kbytes(&fx->ns), 4096);
	assert_int_equal(fx->ns.min_free_kbytes, 4096);
	assert_wmarks(&fx->ns, 0, ZONE_DMA, 16, 20, 24, 28);
	assert_wmarks(&fx->ns, 0, ZONE_DMA32, 1008, 1266, 1524, 1782);
	assert_wmarks(&fx->ns, 0, ZONE_NORMAL, 0, 0, 0, 0);
	assert_wmarks(&fx->ns, 0, ZONE_MOVABLE, 32, 32, 32, 32);
	assert_wmarks(&fx->ns, 0, ZONE_DEVICE, 0, 0, 0, 0);
	assert_protection(&fx->ns, 0, ZONE_DMA, dma);
	assert_protection(&fx->ns, 0, ZONE_DMA32, none);
	assert_protection(&fx->ns, 0, ZONE_NORMAL, none);
	assert_int_equal(fx->ns.totalreserve_pages, 2556);
	assert_int_equal(numa_mem_available(&fx->ns), 259588);

	/*
	 * Same machine, min_free_kbytes 65536, watermark_scale_factor 200,
	 * lowmem_reserve_ratio 128 64 32 0 0.  pages_min = 16384.
	 * DMA:   min 16384 * 4096 / 262144 = 256
	 *        gap max(64, 4096 * 200 / 10000 = 81) = 81: 337 418 499
	 * DMA32: min 16384 * 258048 / 262144 = 16128
	 *        gap max(4032, 25 * 200 + 8048 * 200 / 10000 = 5160) = 5160:
	 *        21288 26448 31608
	 * DMA protection 258048 / 128 = 2016
	 * totalreserve = (2016 + 418) + 26448 = 28882
	 */
	static const unsigned int ratio[MAX_NR_ZONES] = { 128, 64, 32, 0, 0 };
	static const long dma2[MAX_NR_ZONES] = { 0, 2016, 2016, 2016, 2016 };

	numa_set_watermarks(&fx->ns, 65536, 200, ratio);
	assert_wmarks(&fx->ns, 0, ZONE_DMA, 256, 337, 418, 499);
	assert_wmarks(&fx->ns, 0, ZONE_DMA32, 16128, 21288, 26448, 31608);
	assert_wmarks(&fx->ns, 0, ZONE_MOVABLE, 32, 32, 32, 32);
	assert_protection(&fx->ns, 0, ZONE_DMA, dma2);
	assert_int_equal(fx->ns.totalreserve_pages, 28882);
}

/*
 * Machine B: two nodes of 4 GiB, node 1 with 1 GiB of Movable.
 *   node 0: DMA 4096, DMA32 1044480
 *   node 1: Normal 786432 (from pfn 1048576), Movable 262144
 * lowmem_pages = 4096 + 1044480 + 786432 = 1835008
 * min_free_kbytes = int_sqrt(1835008 * 4 * 16 = 117440512) = 10836
 *   (10836^2 = 117418896 <= 117440512 < 10837^2 = 117440569)
 * pages_min = 10836 / 4 = 2709
 *
 * node 0 DMA:   min 2709 * 4096 / 1835008 = 6
 *               gap max(1, 4) = 4              -> 6 10 14 18
 * node 0 DMA32: min 2709 * 1044480 / 1835008 = 1541
 *               gap max(385, 104 * 10 + 4480 * 10 / 10000 = 1044) = 1044
 *                                              -> 1541 2585 3629 4673
 * node 1 Normal: min 2709 * 786432 / 1835008 = 1161 (exact)
 *               gap max(290, 78 * 10 + 6432 * 10 / 10000 = 786) = 786
 *                                              -> 1161 1947 2733 3519
 * node 1 Movable: min clamp(262144 / 1024 = 256, 32, 128) = 128
 *               tmp 2709 * 262144 / 1835008 = 387
 *               gap max(96, 26 * 10 + 2144 * 10 / 10000 = 262) = 262
 *                                              -> 128 390 652 914
 * node 0 Movable (empty): 32 32 32 32; other empty zones 0.
 *
 * lowmem_reserve:
 *   node 0 DMA:    1044480 / 256 = 4080 -> (0, 4080, 4080, 4080, 4080)
 *   node 1 Normal: 262144 / 32 = 8192   -> (0, 0, 0, 8192, 8192)
 * totalreserve = node 0: min(4080 + 14, 4096) + 3629 = 7723
 *              + node 1: (8192 + 2733) + 652 = 11577      = 19300
 */
static void test_phys_watermarks_two_node_movable_machine(void **state)
{
	static const long n0dma[MAX_NR_ZONES] = { 0, 4080, 4080, 4080, 4080 };
	static const long n1normal[MAX_NR_ZONES] = { 0, 0, 0, 8192, 8192 };
	static const long none[MAX_NR_ZONES] = { 0 };
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;
	const uint64_t ram[] = { 4096, 4096 };

	fx_numa_cfg(&cfg, 2, ram, 1);
	cfg.node[1].movable_bytes = 1ull << 30;
	fx_numa_start(fx, &cfg);
	assert_int_equal(fx->ns.min_free_kbytes, 10836);
	assert_wmarks(&fx->ns, 0, ZONE_DMA, 6, 10, 14, 18);
	assert_wmarks(&fx->ns, 0, ZONE_DMA32, 1541, 2585, 3629, 4673);
	assert_wmarks(&fx->ns, 0, ZONE_NORMAL, 0, 0, 0, 0);
	assert_wmarks(&fx->ns, 0, ZONE_MOVABLE, 32, 32, 32, 32);
	assert_wmarks(&fx->ns, 1, ZONE_DMA32, 0, 0, 0, 0);
	assert_wmarks(&fx->ns, 1, ZONE_NORMAL, 1161, 1947, 2733, 3519);
	assert_wmarks(&fx->ns, 1, ZONE_MOVABLE, 128, 390, 652, 914);
	assert_protection(&fx->ns, 0, ZONE_DMA, n0dma);
	assert_protection(&fx->ns, 0, ZONE_DMA32, none);
	assert_protection(&fx->ns, 1, ZONE_DMA, none);
	assert_protection(&fx->ns, 1, ZONE_NORMAL, n1normal);
	assert_protection(&fx->ns, 1, ZONE_MOVABLE, none);
	assert_int_equal(fx->ns.nodes[0].totalreserve_pages, 7723);
	assert_int_equal(fx->ns.nodes[1].totalreserve_pages, 11577);
	assert_int_equal(fx->ns.totalreserve_pages, 19300);
}

/*
 * calculate_min_free_kbytes(): int_sqrt(lowmem_kB * 16), clamped.
 *   1 MiB:   int_sqrt(1024 * 16 = 16384)    = 128
 *   4 MiB:   int_sqrt(65536)                 = 256
 *   16 MiB:  int_sqrt(262144)                = 512
 *   1 TiB:   int_sqrt(2^30 * 16 = 2^34)      = 131072
 *   4 TiB:   int_sqrt(2^36) = 262144 (the cap)
 *   16 TiB:  int_sqrt(2^38) = 524288 -> 262144
 *   Movable memory does not count: 1 GiB + 1 GiB movable -> 4096.
 */
static void test_phys_default_min_free_kbytes(void **state)
{
	static const struct {
		uint64_t mib;
		unsigned long kb;
	} cases[] = {
		{ 1, 128 }, { 4, 256 }, { 16, 512 }, { 1024 * 1024, 131072 },
		{ 4 * 1024 * 1024, 262144 }, { 16 * 1024 * 1024, 262144 },
	};
	struct fx_numa *fx = *state;
	struct pmm_sim_config cfg;

	for (unsigned int i = 0; i < PMM_ARRAY_SIZE(cases); i++) {
		fx_numa_cfg(&cfg, 1, &cases[i].mib, 1);
		assert_int_equal(numa_init(&fx->ns, &cfg, &fx->a), 0);
		assert_int_equal(numa_default_min_free_kbytes(&fx->ns),
				 cases[i].kb);
		fx_numa_assert_consistent(&fx->ns);
		numa_fini(&fx->ns);
	}
	const uint64_t two[] = { 1024, 1024 };

	fx_numa_cfg(&cfg, 2, two, 1);
	/* node 1 lies in [1 GiB, 2 GiB): all of it may become Movable */
	cfg.node[1].movable_bytes = 1ull << 30;
	fx_numa_start(fx, &cfg);
	assert_int_equal(fx->ns.nodes[1].zones[ZONE_MOVABLE].present_pages,
			 262144);
	assert_int_equal(numa_default_min_free_kbytes(&fx->ns), 4096);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_numa_setup, fx_numa_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_phys_zones_one_node),
		T(test_phys_zones_two_nodes),
		T(test_phys_node_above_4g_has_only_normal),
		T(test_phys_movable_zone),
		T(test_phys_bad_config_einval),
		T(test_phys_init_allocation_failure),
		T(test_phys_materialize_failure_changes_nothing),
		T(test_phys_lazy_sections_1tib),
		T(test_phys_pfn_to_page),
		T(test_phys_watermarks_1g_machine),
		T(test_phys_watermarks_two_node_movable_machine),
		T(test_phys_default_min_free_kbytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
