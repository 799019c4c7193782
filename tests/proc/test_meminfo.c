// SPDX-License-Identifier: MIT
/*
 * test_meminfo.c - the physical-memory /proc and /sys files of a small
 * machine, compared line by line with text written out by hand in Linux
 * 6.18's formats: /proc/meminfo, /proc/buddyinfo, /proc/zoneinfo and
 * /sys/devices/system/node/nodeN/meminfo; plus struct seqbuf's truncation
 * rules.
 *
 * The machine: one node, 64 MiB, CPUs 0 and 1.  DMA [0, 4096), DMA32
 * [4096, 16384).  Default watermarks (see test_phys.c for the method):
 *   min_free_kbytes = int_sqrt(65536 * 16) = 1024, pages_min = 256
 *   DMA:   min 256 * 4096 / 16384 = 64, gap max(16, 4) = 16:  64 80 96 112
 *   DMA32: min 256 * 12288 / 16384 = 192, gap max(48, 12) = 48:
 *          192 240 288 336
 *   Movable (empty) 32 32 32 32; Normal, Device 0
 *   DMA protection 12288 / 256 = 48; totalreserve = (48 + 96) + 288 = 432
 * Then one order-0 GFP_MOVABLE page (pfn 4096, DMA32) and one order-3
 * GFP_DMA block (pfn 0) are allocated, and some counters set by hand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "numa/numa.h"
#include "proc/render.h"

struct fx {
	struct pmm_allocator a;
	struct numa_state ns;
	struct meminfo_extra extra;
	struct pmm_page *p0, *p3;
	char buf[16384];
};

static void assert_consistent(const struct numa_state *ns)
{
	char msg[512];

	if (!numa_consistent(ns, msg, sizeof(msg)))
		fail_msg("numa_consistent: %s", msg);
}

/* Compare line by line so a failure names the first differing line. */
static void assert_text(const char *got, const char *expect)
{
	unsigned int line = 1;

	while (*got || *expect) {
		const char *ge = strchr(got, '\n');
		const char *ee = strchr(expect, '\n');
		size_t gl = ge ? (size_t)(ge - got) + 1 : strlen(got);
		size_t el = ee ? (size_t)(ee - expect) + 1 : strlen(expect);

		if (gl != el || memcmp(got, expect, gl))
			fail_msg("line %u differs:\n  got:    \"%.*s\"\n  expect: \"%.*s\"",
				 line, (int)gl, got, (int)el, expect);
		got += gl;
		expect += el;
		line++;
	}
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct pmm_sim_config cfg;
	struct numa_node *node;
	struct numa_zone *dma32;

	if (!fx)
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.nr_nodes = 1;
	cfg.page_size = PMM_PAGE_SIZE;
	cfg.node[0].ram_bytes = 64ull << 20;
	cfg.node[0].cpus[0] = 3;
	if (numa_init(&fx->ns, &cfg, &fx->a))
		return -1;
	fx->p0 = page_alloc(&fx->ns, 0, 0, 0, ~0ull, GFP_MOVABLE, NULL);
	fx->p3 = page_alloc(&fx->ns, 0, 3, 0, ~0ull, GFP_DMA, NULL);
	if (!fx->p0 || !fx->p3)
		return -1;
	/* the per-CPU leftovers of the refills go back: exact buddy state */
	drain_all_pages(&fx->ns);

	node = &fx->ns.nodes[0];
	node->vm_stat[NR_ACTIVE_ANON] = 1024;
	node->vm_stat[NR_ANON_MAPPED] = 1024;
	node->vm_stat[NR_ANON_THPS] = 1024;
	node->vm_stat[NR_ACTIVE_FILE] = 100;
	node->vm_stat[NR_INACTIVE_FILE] = 300;
	node->vm_stat[NR_FILE_PAGES] = 400;
	node->vm_stat[NR_KERNEL_STACK_KB] = 96;
	dma32 = &node->zones[ZONE_DMA32];
	dma32->vm_stat[NR_ZONE_ACTIVE_ANON] = 1024;
	dma32->vm_stat[NR_ZONE_ACTIVE_FILE] = 100;
	dma32->vm_stat[NR_ZONE_INACTIVE_FILE] = 300;
	dma32->vm_stat[NR_MLOCK] = 5;

	fx->extra.buffers = 10;
	fx->extra.swap_total = 1000;
	fx->extra.swap_free = 900;
	fx->extra.commit_limit = 9192;
	fx->extra.committed_as = 1234;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	assert_consistent(&fx->ns);
	page_free(&fx->ns, 0, fx->p0, 0);
	page_free(&fx->ns, 0, fx->p3, 3);
	assert_consistent(&fx->ns);
	numa_fini(&fx->ns);
	assert_int_equal(fx->a.live_bytes, 0);
	free(fx);
	return 0;
}

/*
 * MemFree = 16384 - 1 - 8 = 16375 pages = 65500 kB.
 * MemAvailable = 16375 - 432 (totalreserve)
 *              + file LRU 400 - min(400 / 2, wmark_low 80 + 240 + 32) = 200
 *              = 16143 pages = 64572 kB.
 * Cached = file pages 400 - swap cache 0 - buffers 10 = 390 pages.
 * Direct map of 64 MiB: 2 MiB of 4k pages, 62 MiB of 2M pages.
 */
static void test_meminfo_small_machine(void **state)
{
	static const char expect[] =
		"MemTotal:          65536 kB\n"
		"MemFree:           65500 kB\n"
		"MemAvailable:      64572 kB\n"
		"Buffers:              40 kB\n"
		"Cached:             1560 kB\n"
		"SwapCached:            0 kB\n"
		"Active:             4496 kB\n"
		"Inactive:           1200 kB\n"
		"Active(anon):       4096 kB\n"
		"Inactive(anon):        0 kB\n"
		"Active(file):        400 kB\n"
		"Inactive(file):     1200 kB\n"
		"Unevictable:           0 kB\n"
		"Mlocked:              20 kB\n"
		"SwapTotal:          4000 kB\n"
		"SwapFree:           3600 kB\n"
		"Zswap:                 0 kB\n"
		"Zswapped:              0 kB\n"
		"Dirty:                 0 kB\n"
		"Writeback:             0 kB\n"
		"AnonPages:          4096 kB\n"
		"Mapped:                0 kB\n"
		"Shmem:                 0 kB\n"
		"KReclaimable:          0 kB\n"
		"Slab:                  0 kB\n"
		"SReclaimable:          0 kB\n"
		"SUnreclaim:            0 kB\n"
		"KernelStack:          96 kB\n"
		"PageTables:            0 kB\n"
		"SecPageTables:         0 kB\n"
		"NFS_Unstable:          0 kB\n"
		"Bounce:                0 kB\n"
		"WritebackTmp:          0 kB\n"
		"CommitLimit:       36768 kB\n"
		"Committed_AS:       4936 kB\n"
		"VmallocTotal:   34359738367 kB\n"
		"VmallocUsed:           0 kB\n"
		"VmallocChunk:          0 kB\n"
		"Percpu:                0 kB\n"
		"AnonHugePages:      4096 kB\n"
		"ShmemHugePages:        0 kB\n"
		"ShmemPmdMapped:        0 kB\n"
		"FileHugePages:         0 kB\n"
		"FilePmdMapped:         0 kB\n"
		"Balloon:               0 kB\n"
		"HugePages_Total:       0\n"
		"HugePages_Free:        0\n"
		"HugePages_Rsvd:        0\n"
		"HugePages_Surp:        0\n"
		"Hugepagesize:       2048 kB\n"
		"Hugetlb:               0 kB\n"
		"DirectMap4k:        2048 kB\n"
		"DirectMap2M:       63488 kB\n"
		"DirectMap1G:           0 kB\n";
	struct fx *fx = *state;
	struct seqbuf sb;

	seqbuf_init(&sb, fx->buf, sizeof(fx->buf));
	meminfo_render(&fx->ns, &fx->extra, &sb);
	assert_false(seq_has_overflowed(&sb));
	assert_int_equal(sb.len, strlen(expect));
	assert_text(fx->buf, expect);
}

/*
 * DMA: the order-3 block at pfn 0 split an order-10 block into one block
 * each of orders 3..9; three order-10 blocks are untouched.  DMA32: the
 * order-0 page split one block into orders 0..9; eleven stay whole.
 */
static void test_meminfo_buddyinfo(void **state)
{
	static const char expect[] =
		"Node 0, zone      DMA      0      0      0      1      1      1      1      1      1      1      3 \n"
		"Node 0, zone    DMA32      1      1      1      1      1      1      1      1      1      1     11 \n";
	struct fx *fx = *state;
	struct seqbuf sb;

	seqbuf_init(&sb, fx->buf, sizeof(fx->buf));
	buddyinfo_render(&fx->ns, &sb);
	assert_int_equal(sb.len, strlen(expect));
	assert_text(fx->buf, expect);
}

/*
 * Pagesets, two CPUs, both on node 0:
 *   DMA:   batch = max(1, rounddown_pow_of_two(1) - 1 = 0) = 1
 *          high_min = low 80 / 2 CPUs = 40; high_max = 4096 / 8 / 2 = 256
 *   DMA32: batch: 12288 >> 10 = 12, / 4 = 3, rounddown_pow_of_two(4) - 1 = 3
 *          high_min = 240 / 2 = 120; high_max = 12288 / 8 / 2 = 768
 *   vm stats threshold = 2 * fls(2 CPUs) * (1 + fls(managed >> 15 = 0)) = 4
 * nr_free_pages_blocks: DMA 512 + 3 * 1024 = 3584, DMA32 512 + 11 * 1024.
 * nr_anon_transparent_hugepages is shown in huge pages: 1024 / 512 = 2.
 */
/*
 * CPU 0 made one refill per zone in setup (drained since, so count is 0):
 * nr_pcp_alloc() clamped high to high_min and raised it by one batch,
 * DMA 40 + 1 = 41 (order 3: batch 1), DMA32 120 + 3 = 123.  CPU 1 never
 * used the zones: high 0 as on Linux.
 */
static void test_meminfo_zoneinfo(void **state)
{
	static const char part1[] =
		"Node 0, zone      DMA\n"
		"  per-node stats\n"
		"      nr_inactive_anon 0\n"
		"      nr_active_anon 1024\n"
		"      nr_inactive_file 300\n"
		"      nr_active_file 100\n"
		"      nr_unevictable 0\n"
		"      nr_slab_reclaimable 0\n"
		"      nr_slab_unreclaimable 0\n"
		"      nr_isolated_anon 0\n"
		"      nr_isolated_file 0\n"
		"      workingset_nodes 0\n"
		"      workingset_refault_anon 0\n"
		"      workingset_refault_file 0\n"
		"      workingset_activate_anon 0\n"
		"      workingset_activate_file 0\n"
		"      workingset_restore_anon 0\n"
		"      workingset_restore_file 0\n"
		"      workingset_nodereclaim 0\n"
		"      nr_anon_pages 1024\n"
		"      nr_mapped    0\n"
		"      nr_file_pages 400\n"
		"      nr_dirty     0\n"
		"      nr_writeback 0\n"
		"      nr_shmem     0\n"
		"      nr_shmem_hugepages 0\n"
		"      nr_shmem_pmdmapped 0\n"
		"      nr_file_hugepages 0\n"
		"      nr_file_pmdmapped 0\n"
		"      nr_anon_transparent_hugepages 2\n"
		"      nr_vmscan_write 0\n"
		"      nr_vmscan_immediate_reclaim 0\n"
		"      nr_dirtied   0\n"
		"      nr_written   0\n"
		"      nr_throttled_written 0\n"
		"      nr_kernel_misc_reclaimable 0\n"
		"      nr_foll_pin_acquired 0\n"
		"      nr_foll_pin_released 0\n"
		"      nr_kernel_stack 96\n"
		"      nr_page_table_pages 0\n"
		"      nr_sec_page_table_pages 0\n"
		"      nr_iommu_pages 0\n"
		"      nr_swapcached 0\n"
		"      pgpromote_success 0\n"
		"      pgpromote_candidate 0\n"
		"      pgpromote_candidate_nrl 0\n"
		"      pgdemote_kswapd 0\n"
		"      pgdemote_direct 0\n"
		"      pgdemote_khugepaged 0\n"
		"      pgdemote_proactive 0\n"
		"      nr_hugetlb   0\n"
		"      nr_balloon_pages 0\n"
		"      nr_kernel_file_pages 0\n";
	static const char part2[] =
		"  pages free     4088\n"
		"        boost    0\n"
		"        min      64\n"
		"        low      80\n"
		"        high     96\n"
		"        promo    112\n"
		"        spanned  4096\n"
		"        present  4096\n"
		"        managed  4096\n"
		"        cma      0\n"
		"        protection: (0, 48, 48, 48, 48)\n"
		"      nr_free_pages 4088\n"
		"      nr_free_pages_blocks 3584\n"
		"      nr_zone_inactive_anon 0\n"
		"      nr_zone_active_anon 0\n"
		"      nr_zone_inactive_file 0\n"
		"      nr_zone_active_file 0\n"
		"      nr_zone_unevictable 0\n"
		"      nr_zone_write_pending 0\n"
		"      nr_mlock     0\n"
		"      nr_zspages   0\n"
		"      nr_free_cma  0\n"
		"      numa_hit     1\n"
		"      numa_miss    0\n"
		"      numa_foreign 0\n"
		"      numa_interleave 0\n"
		"      numa_local   1\n"
		"      numa_other   0\n"
		"  pagesets\n"
		"    cpu: 0\n"
		"              count:    0\n"
		"              high:     41\n"
		"              batch:    1\n"
		"              high_min: 40\n"
		"              high_max: 256\n"
		"  vm stats threshold: 4\n"
		"    cpu: 1\n"
		"              count:    0\n"
		"              high:     0\n"
		"              batch:    1\n"
		"              high_min: 40\n"
		"              high_max: 256\n"
		"  vm stats threshold: 4\n"
		"  node_unreclaimable:  0\n"
		"  start_pfn:           0\n";
	static const char part3[] =
		"Node 0, zone    DMA32\n"
		"  pages free     12287\n"
		"        boost    0\n"
		"        min      192\n"
		"        low      240\n"
		"        high     288\n"
		"        promo    336\n"
		"        spanned  12288\n"
		"        present  12288\n"
		"        managed  12288\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n"
		"      nr_free_pages 12287\n"
		"      nr_free_pages_blocks 11776\n"
		"      nr_zone_inactive_anon 0\n"
		"      nr_zone_active_anon 1024\n"
		"      nr_zone_inactive_file 300\n"
		"      nr_zone_active_file 100\n"
		"      nr_zone_unevictable 0\n"
		"      nr_zone_write_pending 0\n"
		"      nr_mlock     5\n"
		"      nr_zspages   0\n"
		"      nr_free_cma  0\n"
		"      numa_hit     1\n"
		"      numa_miss    0\n"
		"      numa_foreign 0\n"
		"      numa_interleave 0\n"
		"      numa_local   1\n"
		"      numa_other   0\n"
		"  pagesets\n"
		"    cpu: 0\n"
		"              count:    0\n"
		"              high:     123\n"
		"              batch:    3\n"
		"              high_min: 120\n"
		"              high_max: 768\n"
		"  vm stats threshold: 4\n"
		"    cpu: 1\n"
		"              count:    0\n"
		"              high:     0\n"
		"              batch:    3\n"
		"              high_min: 120\n"
		"              high_max: 768\n"
		"  vm stats threshold: 4\n"
		"  node_unreclaimable:  0\n"
		"  start_pfn:           4096\n"
		"Node 0, zone   Normal\n"
		"  pages free     0\n"
		"        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        promo    0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone  Movable\n"
		"  pages free     0\n"
		"        boost    0\n"
		"        min      32\n"
		"        low      32\n"
		"        high     32\n"
		"        promo    32\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone   Device\n"
		"  pages free     0\n"
		"        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        promo    0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n";
	static char expect[sizeof(part1) + sizeof(part2) + sizeof(part3)];
	struct fx *fx = *state;
	struct seqbuf sb;

	strcpy(expect, part1);
	strcat(expect, part2);
	strcat(expect, part3);
	seqbuf_init(&sb, fx->buf, sizeof(fx->buf));
	zoneinfo_render(&fx->ns, &sb);
	assert_false(seq_has_overflowed(&sb));
	assert_text(fx->buf, expect);
	assert_int_equal(sb.len, strlen(expect));
}

static void test_meminfo_node_meminfo(void **state)
{
	static const char expect[] =
		"Node 0 MemTotal:          65536 kB\n"
		"Node 0 MemFree:           65500 kB\n"
		"Node 0 MemUsed:              36 kB\n"
		"Node 0 SwapCached:            0 kB\n"
		"Node 0 Active:             4496 kB\n"
		"Node 0 Inactive:           1200 kB\n"
		"Node 0 Active(anon):       4096 kB\n"
		"Node 0 Inactive(anon):        0 kB\n"
		"Node 0 Active(file):        400 kB\n"
		"Node 0 Inactive(file):     1200 kB\n"
		"Node 0 Unevictable:           0 kB\n"
		"Node 0 Mlocked:              20 kB\n"
		"Node 0 Dirty:                 0 kB\n"
		"Node 0 Writeback:             0 kB\n"
		"Node 0 FilePages:          1600 kB\n"
		"Node 0 Mapped:                0 kB\n"
		"Node 0 AnonPages:          4096 kB\n"
		"Node 0 Shmem:                 0 kB\n"
		"Node 0 KernelStack:          96 kB\n"
		"Node 0 PageTables:            0 kB\n"
		"Node 0 SecPageTables:         0 kB\n"
		"Node 0 NFS_Unstable:          0 kB\n"
		"Node 0 Bounce:                0 kB\n"
		"Node 0 WritebackTmp:          0 kB\n"
		"Node 0 KReclaimable:          0 kB\n"
		"Node 0 Slab:                  0 kB\n"
		"Node 0 SReclaimable:          0 kB\n"
		"Node 0 SUnreclaim:            0 kB\n"
		"Node 0 AnonHugePages:      4096 kB\n"
		"Node 0 ShmemHugePages:        0 kB\n"
		"Node 0 ShmemPmdMapped:        0 kB\n"
		"Node 0 FileHugePages:         0 kB\n"
		"Node 0 FilePmdMapped:         0 kB\n"
		"Node 0 HugePages_Total:     3\n"
		"Node 0 HugePages_Free:      2\n"
		"Node 0 HugePages_Surp:      1\n";
	struct fx *fx = *state;
	struct seqbuf sb;

	fx->extra.node[0].hugepages_total = 3;
	fx->extra.node[0].hugepages_free = 2;
	fx->extra.node[0].hugepages_surp = 1;
	seqbuf_init(&sb, fx->buf, sizeof(fx->buf));
	node_meminfo_render(&fx->ns, &fx->extra, 0, &sb);
	assert_text(fx->buf, expect);
	assert_int_equal(sb.len, strlen(expect));
}

/* Two 32 MiB nodes: node 1 is DMA32 [8192, 16384), nothing allocated. */
static void test_meminfo_second_node(void **state)
{
	static const char head[] =
		"Node 1 MemTotal:          32768 kB\n"
		"Node 1 MemFree:           32768 kB\n"
		"Node 1 MemUsed:               0 kB\n";
	static const char buddy[] =
		"Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      0      4 \n"
		"Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0      4 \n"
		"Node 1, zone    DMA32      0      0      0      0      0      0      0      0      0      0      8 \n";
	static char buf[16384];
	struct pmm_allocator a = { 0 };
	struct numa_state ns;
	struct pmm_sim_config cfg;
	struct seqbuf sb;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.nr_nodes = 2;
	cfg.page_size = PMM_PAGE_SIZE;
	cfg.node[0].ram_bytes = cfg.node[1].ram_bytes = 32ull << 20;
	assert_int_equal(numa_init(&ns, &cfg, &a), 0);
	seqbuf_init(&sb, buf, sizeof(buf));
	node_meminfo_render(&ns, NULL, 1, &sb);
	assert_memory_equal(buf, head, strlen(head));
	assert_non_null(strstr(buf, "Node 1 HugePages_Total:     0\n"));
	seqbuf_init(&sb, buf, sizeof(buf));
	buddyinfo_render(&ns, &sb);
	assert_text(buf, buddy);
	/* node 1's first populated zone is DMA32: per-node stats go there */
	seqbuf_init(&sb, buf, sizeof(buf));
	zoneinfo_render(&ns, &sb);
	assert_false(seq_has_overflowed(&sb));
	assert_non_null(strstr(buf, "Node 1, zone      DMA\n  pages free     0\n"));
	assert_non_null(strstr(buf, "Node 1, zone    DMA32\n  per-node stats\n"));
	/* no CPUs configured: the pagesets header and nothing under it */
	assert_non_null(strstr(buf, "  pagesets\n  node_unreclaimable:  0\n"));
	/* a short buffer keeps the start of the text and counts it all */
	seqbuf_init(&sb, buf, 100);
	zoneinfo_render(&ns, &sb);
	assert_true(seq_has_overflowed(&sb));
	assert_int_equal(strlen(buf), 99);
	assert_true(sb.len > 4000);
	assert_consistent(&ns);
	numa_fini(&ns);
	assert_int_equal(a.live_bytes, 0);
}

static void test_meminfo_seqbuf_counts_past_size(void **state)
{
	char buf[8];
	struct seqbuf sb;

	(void)state;
	seqbuf_init(&sb, buf, sizeof(buf));
	seq_printf(&sb, "%s", "abc");
	seq_puts(&sb, "defg");
	assert_int_equal(sb.len, 7);
	assert_false(seq_has_overflowed(&sb));
	assert_string_equal(buf, "abcdefg");
	seq_putc(&sb, 'h');
	seq_printf(&sb, "%d", 12345);
	assert_int_equal(sb.len, 13);
	assert_true(seq_has_overflowed(&sb));
	assert_string_equal(buf, "abcdefg");

	seqbuf_init(&sb, NULL, 0);
	seq_printf(&sb, "%5lu|", 42ul);
	seq_puts(&sb, "xy");
	assert_int_equal(sb.len, 8);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_meminfo_small_machine),
		T(test_meminfo_buddyinfo),
		T(test_meminfo_zoneinfo),
		T(test_meminfo_node_meminfo),
		cmocka_unit_test(test_meminfo_second_node),
		cmocka_unit_test(test_meminfo_seqbuf_counts_past_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
