/* SPDX-License-Identifier: MIT */
/*
 * numa.h - physical memory of a simulated machine: NUMA nodes, zones, the
 * frame metadata (struct pmm_page) kept per 128 MiB section, and one buddy
 * allocator per zone with Linux watermarks.  This is the top header of
 * src/numa; other subsystems include only this file.
 *
 * Physical layout (x86-64, as Linux lays it out with no memory holes):
 *
 *   pfn 0        4096 (16 MiB)        1048576 (4 GiB)
 *   |  ZONE_DMA  |      ZONE_DMA32     |     ZONE_NORMAL ...     | MOVABLE |
 *   |<--------- node 0 --------->|<------ node 1 ------>|<-- node 2 -->|
 *
 * Nodes follow each other from physical address 0 in node order.  Each node
 * splits into the zones its pfn range crosses; ZONE_MOVABLE is the top
 * movable_bytes of a node (never below the lowest pfn of the highest zone
 * type the machine has, as with Linux's movablecore=).  ZONE_DEVICE exists
 * and is always empty; it is there because /proc/zoneinfo prints it.
 * managed == present == spanned for every zone: memblock reservations and
 * BIOS holes are not modelled, so MemTotal is exactly the configured RAM.
 *
 * Frame metadata is allocated lazily, one section (SECTION_SIZE_BITS = 27,
 * 32768 frames) at a time, the first time the buddy allocator needs a free
 * block from it (or numa_materialize_pfn() asks).  Untouched free memory is
 * "pristine": the per-zone counters include it, but no struct pmm_page
 * exists for it.  See page_alloc.c "DOC: Overview" for the allocation order.
 */
#ifndef PMM_NUMA_NUMA_H
#define PMM_NUMA_NUMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "peiosmm/sim.h"
#include "alloc.h"
#include "compiler.h"
#include "list.h"

typedef uint64_t pmm_pfn_t;

/* ---- geometry ------------------------------------------------------------ */

#define PMM_PAGE_SHIFT	   12
#define MAX_PAGE_ORDER	   10 /* largest buddy block: 4 MiB */
#define NR_PAGE_ORDERS	   (MAX_PAGE_ORDER + 1)
#define PAGEBLOCK_ORDER	   9  /* x86-64 pageblock_order (2 MiB) */
#define SECTION_SIZE_BITS  27 /* 128 MiB, as Linux x86-64 */
#define PFN_SECTION_SHIFT  (SECTION_SIZE_BITS - PMM_PAGE_SHIFT)
#define PAGES_PER_SECTION  (1ul << PFN_SECTION_SHIFT)
#define NUMA_MAX_PHYS_BITS 50 /* 1 PiB of RAM at most */
#define NUMA_NODEMASK_ALL  (~(uint64_t)0)

/*
 * Per-CPU page lists (Linux's struct per_cpu_pages): one list per order
 * 0..PAGE_ALLOC_COSTLY_ORDER plus one for the THP order (pageblock_order),
 * as NR_PCP_LISTS with a single migratetype (migratetypes are not
 * modelled).  PCP_BATCH_SCALE_MAX is CONFIG_PCP_BATCH_SCALE_MAX's default.
 */
#define PAGE_ALLOC_COSTLY_ORDER		  3
#define NR_PCP_LISTS			  (PAGE_ALLOC_COSTLY_ORDER + 2)
#define PCP_BATCH_SCALE_MAX		  5
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8

#define ZONE_DMA_END_PFN   (1ul << (24 - PMM_PAGE_SHIFT)) /* 16 MiB */
#define ZONE_DMA32_END_PFN (1ul << (32 - PMM_PAGE_SHIFT)) /* 4 GiB */

/**
 * enum zone_type - zone index within a node, in pfn order, as on x86-64
 * @ZONE_DMA:     below 16 MiB
 * @ZONE_DMA32:   below 4 GiB
 * @ZONE_NORMAL:  the rest
 * @ZONE_MOVABLE: the top movable_bytes of the node
 * @ZONE_DEVICE:  always empty (printed by /proc/zoneinfo)
 */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

/*
 * Per-zone and per-node counters, named and ordered as Linux 6.18 prints
 * them (/proc/zoneinfo, /proc/vmstat).  Units are base pages except
 * NR_KERNEL_STACK_KB (kB).  The slab items are kept in pages, not bytes.
 * The THP items (NR_*_THPS, NR_*_PMDMAPPED) count base pages; /proc/zoneinfo
 * divides them by 512 as Linux does.  The allocator maintains NR_FREE_PAGES
 * and NR_FREE_PAGES_BLOCKS; every other item belongs to the subsystem that
 * owns the pages and reads 0 until that subsystem lands.
 */
#define NUMA_ZONE_STAT_ITEMS(X)                                                \
	X(NR_FREE_PAGES, "nr_free_pages")                                      \
	X(NR_FREE_PAGES_BLOCKS, "nr_free_pages_blocks")                        \
	X(NR_ZONE_INACTIVE_ANON, "nr_zone_inactive_anon")                      \
	X(NR_ZONE_ACTIVE_ANON, "nr_zone_active_anon")                          \
	X(NR_ZONE_INACTIVE_FILE, "nr_zone_inactive_file")                      \
	X(NR_ZONE_ACTIVE_FILE, "nr_zone_active_file")                          \
	X(NR_ZONE_UNEVICTABLE, "nr_zone_unevictable")                          \
	X(NR_ZONE_WRITE_PENDING, "nr_zone_write_pending")                      \
	X(NR_MLOCK, "nr_mlock")                                                \
	X(NR_ZSPAGES, "nr_zspages")                                            \
	X(NR_FREE_CMA_PAGES, "nr_free_cma")

#define NUMA_EVENT_ITEMS(X)                                                    \
	X(NUMA_HIT, "numa_hit")                                                \
	X(NUMA_MISS, "numa_miss")                                              \
	X(NUMA_FOREIGN, "numa_foreign")                                        \
	X(NUMA_INTERLEAVE_HIT, "numa_interleave")                              \
	X(NUMA_LOCAL, "numa_local")                                            \
	X(NUMA_OTHER, "numa_other")

#define NUMA_NODE_STAT_ITEMS(X)                                                \
	X(NR_INACTIVE_ANON, "nr_inactive_anon")                                \
	X(NR_ACTIVE_ANON, "nr_active_anon")                                    \
	X(NR_INACTIVE_FILE, "nr_inactive_file")                                \
	X(NR_ACTIVE_FILE, "nr_active_file")                                    \
	X(NR_UNEVICTABLE, "nr_unevictable")                                    \
	X(NR_SLAB_RECLAIMABLE, "nr_slab_reclaimable")                          \
	X(NR_SLAB_UNRECLAIMABLE, "nr_slab_unreclaimable")                      \
	X(NR_ISOLATED_ANON, "nr_isolated_anon")                                \
	X(NR_ISOLATED_FILE, "nr_isolated_file")                                \
	X(WORKINGSET_NODES, "workingset_nodes")                                \
	X(WORKINGSET_REFAULT_ANON, "workingset_refault_anon")                  \
	X(WORKINGSET_REFAULT_FILE, "workingset_refault_file")                  \
	X(WORKINGSET_ACTIVATE_ANON, "workingset_activate_anon")                \
	X(WORKINGSET_ACTIVATE_FILE, "workingset_activate_file")                \
	X(WORKINGSET_RESTORE_ANON, "workingset_restore_anon")                  \
	X(WORKINGSET_RESTORE_FILE, "workingset_restore_file")                  \
	X(WORKINGSET_NODERECLAIM, "workingset_nodereclaim")                    \
	X(NR_ANON_MAPPED, "nr_anon_pages")                                     \
	X(NR_FILE_MAPPED, "nr_mapped")                                         \
	X(NR_FILE_PAGES, "nr_file_pages")                                      \
	X(NR_FILE_DIRTY, "nr_dirty")                                           \
	X(NR_WRITEBACK, "nr_writeback")                                        \
	X(NR_SHMEM, "nr_shmem")                                                \
	X(NR_SHMEM_THPS, "nr_shmem_hugepages")                                 \
	X(NR_SHMEM_PMDMAPPED, "nr_shmem_pmdmapped")                            \
	X(NR_FILE_THPS, "nr_file_hugepages")                                   \
	X(NR_FILE_PMDMAPPED, "nr_file_pmdmapped")                              \
	X(NR_ANON_THPS, "nr_anon_transparent_hugepages")                       \
	X(NR_VMSCAN_WRITE, "nr_vmscan_write")                                  \
	X(NR_VMSCAN_IMMEDIATE, "nr_vmscan_immediate_reclaim")                  \
	X(NR_DIRTIED, "nr_dirtied")                                            \
	X(NR_WRITTEN, "nr_written")                                            \
	X(NR_THROTTLED_WRITTEN, "nr_throttled_written")                        \
	X(NR_KERNEL_MISC_RECLAIMABLE, "nr_kernel_misc_reclaimable")            \
	X(NR_FOLL_PIN_ACQUIRED, "nr_foll_pin_acquired")                        \
	X(NR_FOLL_PIN_RELEASED, "nr_foll_pin_released")                        \
	X(NR_KERNEL_STACK_KB, "nr_kernel_stack")                               \
	X(NR_PAGETABLE, "nr_page_table_pages")                                 \
	X(NR_SECONDARY_PAGETABLE, "nr_sec_page_table_pages")                   \
	X(NR_IOMMU_PAGES, "nr_iommu_pages")                                    \
	X(NR_SWAPCACHE, "nr_swapcached")                                       \
	X(PGPROMOTE_SUCCESS, "pgpromote_success")                              \
	X(PGPROMOTE_CANDIDATE, "pgpromote_candidate")                          \
	X(PGPROMOTE_CANDIDATE_NRL, "pgpromote_candidate_nrl")                  \
	X(PGDEMOTE_KSWAPD, "pgdemote_kswapd")                                  \
	X(PGDEMOTE_DIRECT, "pgdemote_direct")                                  \
	X(PGDEMOTE_KHUGEPAGED, "pgdemote_khugepaged")                          \
	X(PGDEMOTE_PROACTIVE, "pgdemote_proactive")                            \
	X(NR_HUGETLB, "nr_hugetlb")                                            \
	X(NR_BALLOON_PAGES, "nr_balloon_pages")                                \
	X(NR_KERNEL_FILE_PAGES, "nr_kernel_file_pages")

/*
 * The vm_event_item counters of /proc/vmstat, in Linux 6.18's order (x86-64,
 * the distribution configuration of this project's reference host).
 */
#define NUMA_VM_EVENT_ITEMS(X) \
	X(PGPGIN, "pgpgin") \
	X(PGPGOUT, "pgpgout") \
	X(PSWPIN, "pswpin") \
	X(PSWPOUT, "pswpout") \
	X(PGALLOC_DMA, "pgalloc_dma") \
	X(PGALLOC_DMA32, "pgalloc_dma32") \
	X(PGALLOC_NORMAL, "pgalloc_normal") \
	X(PGALLOC_MOVABLE, "pgalloc_movable") \
	X(PGALLOC_DEVICE, "pgalloc_device") \
	X(ALLOCSTALL_DMA, "allocstall_dma") \
	X(ALLOCSTALL_DMA32, "allocstall_dma32") \
	X(ALLOCSTALL_NORMAL, "allocstall_normal") \
	X(ALLOCSTALL_MOVABLE, "allocstall_movable") \
	X(ALLOCSTALL_DEVICE, "allocstall_device") \
	X(PGSKIP_DMA, "pgskip_dma") \
	X(PGSKIP_DMA32, "pgskip_dma32") \
	X(PGSKIP_NORMAL, "pgskip_normal") \
	X(PGSKIP_MOVABLE, "pgskip_movable") \
	X(PGSKIP_DEVICE, "pgskip_device") \
	X(PGFREE, "pgfree") \
	X(PGACTIVATE, "pgactivate") \
	X(PGDEACTIVATE, "pgdeactivate") \
	X(PGLAZYFREE, "pglazyfree") \
	X(PGFAULT, "pgfault") \
	X(PGMAJFAULT, "pgmajfault") \
	X(PGLAZYFREED, "pglazyfreed") \
	X(PGREFILL, "pgrefill") \
	X(PGREUSE, "pgreuse") \
	X(PGSTEAL_KSWAPD, "pgsteal_kswapd") \
	X(PGSTEAL_DIRECT, "pgsteal_direct") \
	X(PGSTEAL_KHUGEPAGED, "pgsteal_khugepaged") \
	X(PGSTEAL_PROACTIVE, "pgsteal_proactive") \
	X(PGSCAN_KSWAPD, "pgscan_kswapd") \
	X(PGSCAN_DIRECT, "pgscan_direct") \
	X(PGSCAN_KHUGEPAGED, "pgscan_khugepaged") \
	X(PGSCAN_PROACTIVE, "pgscan_proactive") \
	X(PGSCAN_DIRECT_THROTTLE, "pgscan_direct_throttle") \
	X(PGSCAN_ANON, "pgscan_anon") \
	X(PGSCAN_FILE, "pgscan_file") \
	X(PGSTEAL_ANON, "pgsteal_anon") \
	X(PGSTEAL_FILE, "pgsteal_file") \
	X(ZONE_RECLAIM_SUCCESS, "zone_reclaim_success") \
	X(ZONE_RECLAIM_FAILED, "zone_reclaim_failed") \
	X(PGINODESTEAL, "pginodesteal") \
	X(SLABS_SCANNED, "slabs_scanned") \
	X(KSWAPD_INODESTEAL, "kswapd_inodesteal") \
	X(KSWAPD_LOW_WMARK_HIT_QUICKLY, "kswapd_low_wmark_hit_quickly") \
	X(KSWAPD_HIGH_WMARK_HIT_QUICKLY, "kswapd_high_wmark_hit_quickly") \
	X(PAGEOUTRUN, "pageoutrun") \
	X(PGROTATED, "pgrotated") \
	X(DROP_PAGECACHE, "drop_pagecache") \
	X(DROP_SLAB, "drop_slab") \
	X(OOM_KILL, "oom_kill") \
	X(NUMA_PTE_UPDATES, "numa_pte_updates") \
	X(NUMA_HUGE_PTE_UPDATES, "numa_huge_pte_updates") \
	X(NUMA_HINT_FAULTS, "numa_hint_faults") \
	X(NUMA_HINT_FAULTS_LOCAL, "numa_hint_faults_local") \
	X(NUMA_PAGES_MIGRATED, "numa_pages_migrated") \
	X(PGMIGRATE_SUCCESS, "pgmigrate_success") \
	X(PGMIGRATE_FAIL, "pgmigrate_fail") \
	X(THP_MIGRATION_SUCCESS, "thp_migration_success") \
	X(THP_MIGRATION_FAIL, "thp_migration_fail") \
	X(THP_MIGRATION_SPLIT, "thp_migration_split") \
	X(COMPACT_MIGRATE_SCANNED, "compact_migrate_scanned") \
	X(COMPACT_FREE_SCANNED, "compact_free_scanned") \
	X(COMPACT_ISOLATED, "compact_isolated") \
	X(COMPACT_STALL, "compact_stall") \
	X(COMPACT_FAIL, "compact_fail") \
	X(COMPACT_SUCCESS, "compact_success") \
	X(COMPACT_DAEMON_WAKE, "compact_daemon_wake") \
	X(COMPACT_DAEMON_MIGRATE_SCANNED, "compact_daemon_migrate_scanned") \
	X(COMPACT_DAEMON_FREE_SCANNED, "compact_daemon_free_scanned") \
	X(HTLB_BUDDY_ALLOC_SUCCESS, "htlb_buddy_alloc_success") \
	X(HTLB_BUDDY_ALLOC_FAIL, "htlb_buddy_alloc_fail") \
	X(UNEVICTABLE_PGS_CULLED, "unevictable_pgs_culled") \
	X(UNEVICTABLE_PGS_SCANNED, "unevictable_pgs_scanned") \
	X(UNEVICTABLE_PGS_RESCUED, "unevictable_pgs_rescued") \
	X(UNEVICTABLE_PGS_MLOCKED, "unevictable_pgs_mlocked") \
	X(UNEVICTABLE_PGS_MUNLOCKED, "unevictable_pgs_munlocked") \
	X(UNEVICTABLE_PGS_CLEARED, "unevictable_pgs_cleared") \
	X(UNEVICTABLE_PGS_STRANDED, "unevictable_pgs_stranded") \
	X(THP_FAULT_ALLOC, "thp_fault_alloc") \
	X(THP_FAULT_FALLBACK, "thp_fault_fallback") \
	X(THP_FAULT_FALLBACK_CHARGE, "thp_fault_fallback_charge") \
	X(THP_COLLAPSE_ALLOC, "thp_collapse_alloc") \
	X(THP_COLLAPSE_ALLOC_FAILED, "thp_collapse_alloc_failed") \
	X(THP_FILE_ALLOC, "thp_file_alloc") \
	X(THP_FILE_FALLBACK, "thp_file_fallback") \
	X(THP_FILE_FALLBACK_CHARGE, "thp_file_fallback_charge") \
	X(THP_FILE_MAPPED, "thp_file_mapped") \
	X(THP_SPLIT_PAGE, "thp_split_page") \
	X(THP_SPLIT_PAGE_FAILED, "thp_split_page_failed") \
	X(THP_DEFERRED_SPLIT_PAGE, "thp_deferred_split_page") \
	X(THP_UNDERUSED_SPLIT_PAGE, "thp_underused_split_page") \
	X(THP_SPLIT_PMD, "thp_split_pmd") \
	X(THP_SCAN_EXCEED_NONE_PTE, "thp_scan_exceed_none_pte") \
	X(THP_SCAN_EXCEED_SWAP_PTE, "thp_scan_exceed_swap_pte") \
	X(THP_SCAN_EXCEED_SHARE_PTE, "thp_scan_exceed_share_pte") \
	X(THP_SPLIT_PUD, "thp_split_pud") \
	X(THP_ZERO_PAGE_ALLOC, "thp_zero_page_alloc") \
	X(THP_ZERO_PAGE_ALLOC_FAILED, "thp_zero_page_alloc_failed") \
	X(THP_SWPOUT, "thp_swpout") \
	X(THP_SWPOUT_FALLBACK, "thp_swpout_fallback") \
	X(BALLOON_INFLATE, "balloon_inflate") \
	X(BALLOON_DEFLATE, "balloon_deflate") \
	X(BALLOON_MIGRATE, "balloon_migrate") \
	X(SWAP_RA, "swap_ra") \
	X(SWAP_RA_HIT, "swap_ra_hit") \
	X(SWPIN_ZERO, "swpin_zero") \
	X(SWPOUT_ZERO, "swpout_zero") \
	X(KSM_SWPIN_COPY, "ksm_swpin_copy") \
	X(COW_KSM, "cow_ksm") \
	X(ZSWPIN, "zswpin") \
	X(ZSWPOUT, "zswpout") \
	X(ZSWPWB, "zswpwb") \
	X(DIRECT_MAP_LEVEL2_SPLITS, "direct_map_level2_splits") \
	X(DIRECT_MAP_LEVEL3_SPLITS, "direct_map_level3_splits") \
	X(DIRECT_MAP_LEVEL2_COLLAPSES, "direct_map_level2_collapses") \
	X(DIRECT_MAP_LEVEL3_COLLAPSES, "direct_map_level3_collapses")

#define NUMA_ENUM_ITEM_(e, s) e,
enum vm_event_item {
	NUMA_VM_EVENT_ITEMS(NUMA_ENUM_ITEM_) NR_VM_EVENT_ITEMS
};
enum zone_stat_item {
	NUMA_ZONE_STAT_ITEMS(NUMA_ENUM_ITEM_) NR_VM_ZONE_STAT_ITEMS
};
enum numa_stat_item {
	NUMA_EVENT_ITEMS(NUMA_ENUM_ITEM_) NR_VM_NUMA_EVENT_ITEMS
};
enum node_stat_item {
	NUMA_NODE_STAT_ITEMS(NUMA_ENUM_ITEM_) NR_VM_NODE_STAT_ITEMS
};
#undef NUMA_ENUM_ITEM_

/* ---- allocation flags ---------------------------------------------------- */

/*
 * Zone limit (gfp_zone()): none of DMA/DMA32/MOVABLE = up to ZONE_NORMAL
 * (GFP_KERNEL); GFP_MOVABLE = up to ZONE_MOVABLE (GFP_HIGHUSER_MOVABLE, what
 * user pages use); GFP_DMA32 = up to ZONE_DMA32; GFP_DMA = ZONE_DMA only.
 * DMA and DMA32 together are invalid; DMA or DMA32 override MOVABLE, as in
 * Linux's GFP_ZONE_TABLE.
 */
#define GFP_DMA	     (1u << 0)
#define GFP_DMA32    (1u << 1)
#define GFP_MOVABLE  (1u << 2)
#define GFP_THISNODE (1u << 3) /* no fallback to other nodes */
#define GFP_HIGH     (1u << 4) /* __GFP_HIGH: may use half the min reserve */
/* Watermark the zone must stay above (ALLOC_WMARK_* / ALLOC_NO_WATERMARKS). */
#define GFP_WMARK_LOW  (0u << 8) /* default: the fast-path check */
#define GFP_WMARK_MIN  (1u << 8) /* slow path after waking kswapd */
#define GFP_WMARK_HIGH (2u << 8)
#define GFP_NO_WMARK   (3u << 8) /* ignore watermarks (PF_MEMALLOC, OOM) */
#define GFP_WMARK_MASK (3u << 8)
#define GFP_VALID_MASK (0x1fu | GFP_WMARK_MASK)

/* ---- struct pmm_page ----------------------------------------------------- */

/*
 * page->flags layout, as Linux keeps node and zone in page->flags:
 *
 *   63               41 40      35 34   32 31                    0
 *   +------------------+----------+-------+----------------------+
 *   | section (23 bits)| nid (6)  | zone  | PG_* bits            |
 *   +------------------+----------+-------+----------------------+
 *
 * The top fields never change after a section is materialised.  PG_* bits
 * 0..2 are the allocator's; bits 3..31 are free for other subsystems (add
 * them to enum pageflags).
 */
enum pageflags {
	PG_buddy,    /* head of a free block on a zone free list */
	PG_reserved, /* not RAM: the part of the last section past max_pfn */
	PG_pcp,	     /* head of a block on a per-CPU page list (simulator
		      * only: Linux has no such bit; the checker needs it) */
	NR_PAGEFLAGS_NUMA,
	/* the VM layer's (src/vm) */
	PG_anon = NR_PAGEFLAGS_NUMA,	/* anonymous memory: mapping = anon_vma */
	PG_shmem,	/* a shmem object's page: mapping = its vm_file */
	PG_pgtable,	/* a page-table page */
	PG_zero,	/* the shared zero page */
	PG_dirty,
	PG_mlocked,	/* mapped by a VM_LOCKED VMA: @mlock_count of them */
	PG_unevictable,	/* in an unevictable mapping (SHM_LOCK): on the
			 * unevictable list without being mlocked */
	PG_swapcache,	/* in the swap cache: @swap is its entry */
	PG_anon_exclusive, /* PageAnonExclusive(): an anonymous page its
			    * one mapping owns outright (not shared since a
			    * fork), which may be made writable without a
			    * fault */
};

#define PAGE_FLAGS_PG_MASK    0xffffffffull
#define PAGE_FLAGS_ZONE_SHIFT 32
#define PAGE_FLAGS_ZONE_MASK  0x7ull
#define PAGE_FLAGS_NID_SHIFT  35
#define PAGE_FLAGS_NID_MASK   0x3full
#define PAGE_FLAGS_SEC_SHIFT  41
/* nid and zone together: two pages may merge only if these bits match */
#define PAGE_FLAGS_ZONEID_MASK (0x1ffull << PAGE_FLAGS_ZONE_SHIFT)

/**
 * struct pmm_page - metadata of one simulated 4 KiB frame
 * @flags:      PG_* bits, zone, node and section (see the layout above)
 * @buddy_list: PG_buddy: links the block into its zone's free list
 * @pcp_list:   PG_pcp: links the block into a per-CPU page list
 * @lru:        allocated: free for the owner (the LRU lists will use it)
 * @mlock_count: PG_mlocked: the locked mappings (entries of VM_LOCKED
 *              VMAs) of the page, as Linux's folio->mlock_count but exact
 * @swap:       PG_swapcache: the swap entry (swp_entry_t value) whose data
 *              the page holds (folio->swap); the first word of @lru, which
 *              no list uses while there is no LRU
 * @private:    PG_buddy, PG_pcp: the order of the free block; allocated:
 *              the owner's (0 when page_alloc() returns)
 *
 * @refcount:   allocated: references (mappings, the shmem object, pins)
 * @mapcount:   allocated: page-table entries mapping it
 * @mapping:    PG_anon: the anon_vma; PG_shmem: the vm_file
 * @index:      offset in @mapping, in pages (the rmap's linear index)
 *
 * 56 bytes.  The budget is 64 bytes per frame (Linux's struct page); a
 * mapped frame's content word lives in @private (vm/pgtable.h).
 * Only the head page of an allocated block is returned; the other pages of
 * the block are plain allocated pages.
 */
struct pmm_page {
	uint64_t flags;
	union {
		struct list_head buddy_list;
		struct list_head pcp_list;
		struct list_head lru;
		struct {	/* PG_mlocked: on no list (unevictable) */
			uint64_t swap;	/* PG_swapcache: its swap entry */
			uint32_t mlock_count;
		};
	};
	uint64_t private;
	uint32_t refcount;
	int32_t mapcount;
	void *mapping;
	uint64_t index;
};

_Static_assert(sizeof(struct pmm_page) <= 64, "struct pmm_page over budget");

/* ---- zones, nodes, sections ---------------------------------------------- */

/**
 * struct free_area - the free blocks of one order in a zone
 * @free_list:   explicit free blocks (materialised), head = next to go
 * @nr_free:     blocks of this order, pristine ones included
 * @nr_pristine: of @nr_free, blocks in pristine pieces (no metadata yet)
 */
struct free_area {
	struct list_head free_list;
	unsigned long nr_free;
	unsigned long nr_pristine;
};

/*
 * pcp->flags (Linux's PCPF_*): the previous free was of a high order (1..3);
 * the last free_high drain freed a full batch.
 */
#define PCPF_PREV_FREE_HIGH_ORDER (1u << 0)
#define PCPF_FREE_HIGH_BATCH	  (1u << 1)

/**
 * struct per_cpu_pages - the free pages one CPU keeps for one zone
 * @count:        pages (not blocks) on the lists
 * @high:         current high mark, auto-tuned in [@high_min, @high_max]
 *                (0 until the lists are first used, as on Linux)
 * @high_min:     zone_highsize() from the low watermark
 * @high_max:     zone_highsize() with MIN_PERCPU_PAGELIST_HIGH_FRACTION
 * @batch:        zone_batchsize(), at least 1
 * @free_count:   pages freed since the last allocation (decayed)
 * @flags:        PCPF_*
 * @alloc_factor: refill batch scale (order 0), 0..PCP_BATCH_SCALE_MAX
 * @lists:        per pcp order index (0..3, then pageblock_order): block
 *                heads, head = hottest = next to be allocated (LIFO)
 */
struct per_cpu_pages {
	int count;
	int high;
	int high_min;
	int high_max;
	int batch;
	int free_count;
	unsigned char flags;
	unsigned char alloc_factor;
	struct list_head lists[NR_PCP_LISTS];
};

/**
 * struct numa_zone - one zone of one node
 * @free_area:       buddy free lists per order
 * @vm_stat:         per-zone counters (enum zone_stat_item)
 * @numa_event:      allocation events (enum numa_stat_item)
 * @watermark:       min/low/high/promo, in pages
 * @watermark_boost: always 0 (boosting is not modelled)
 * @lowmem_reserve:  pages kept back from allocations whose highest allowed
 *                   zone is the index (the "protection" of /proc/zoneinfo)
 * @zone_start_pfn:  first pfn (meaningful when @present_pages > 0)
 * @spanned_pages:   pfns covered; == @present_pages (no holes)
 * @present_pages:   RAM frames
 * @managed_pages:   frames the buddy allocator owns; == @present_pages
 * @sec_first:       section of @zone_start_pfn
 * @sec_last:        section of the last pfn
 * @pristine_map:    bit (s - @sec_first) set: the zone's piece of section s
 *                   is pristine (all free, blocks not on the free lists)
 * @pristine_hint:   no pristine piece below this section
 * @pageset:         per-CPU page lists by CPU id (ns->nr_cpu_ids
 *                   entries, offline ids included and left empty), or
 *                   NULL for an unpopulated zone
 * @pageset_batch:   Linux's zone->pageset_batch (pcp->batch of every CPU)
 * @pageset_high_min: zone->pageset_high_min
 * @pageset_high_max: zone->pageset_high_max
 * @below_high:      Linux's ZONE_BELOW_HIGH flag
 * @nid:             node id
 * @idx:             enum zone_type
 * @name:            "DMA", "DMA32", "Normal", "Movable", "Device"
 */
struct numa_zone {
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long numa_event[NR_VM_NUMA_EVENT_ITEMS];
	unsigned long watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_NR_ZONES];
	pmm_pfn_t zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long sec_first;
	unsigned long sec_last;
	uint64_t *pristine_map;
	unsigned long pristine_hint;
	struct per_cpu_pages *pageset;
	int pageset_batch;
	int pageset_high_min;
	int pageset_high_max;
	bool below_high;
	int nid;
	enum zone_type idx;
	const char *name;
};

/**
 * struct numa_node - one NUMA node (Linux's pg_data_t)
 * @zones:              its zones, by enum zone_type
 * @node_start_pfn:     first pfn
 * @node_present_pages: RAM frames (== spanned)
 * @vm_stat:            per-node counters (enum node_stat_item)
 * @totalreserve_pages: high watermarks + largest lowmem reserves of its zones
 * @kswapd_failures:    reclaim bookkeeping (owned by reclaim; /proc reads it)
 * @cpus:               its CPUs (bit n = CPU n)
 * @nr_cpus:            how many
 * @fallback:           node ids in allocation fallback order, itself first
 * @nr_fallback:        entries in @fallback (= number of nodes)
 * @zonelist:           populated zones in allocation order: nodes as in
 *                      @fallback, each from its highest zone down (Linux's
 *                      node_zonelists[ZONELIST_FALLBACK])
 * @nr_zonelist:        entries in @zonelist
 * @nr_zonelist_local:  the first entries, which are this node's own zones
 *                      (what GFP_THISNODE may use)
 * @nid:                node id
 */
struct numa_node {
	struct numa_zone zones[MAX_NR_ZONES];
	pmm_pfn_t node_start_pfn;
	unsigned long node_present_pages;
	unsigned long vm_stat[NR_VM_NODE_STAT_ITEMS];
	unsigned long totalreserve_pages;
	unsigned int kswapd_failures;
	uint64_t cpus[PMM_MAX_CPUS / 64];
	unsigned int nr_cpus;
	uint8_t fallback[PMM_MAX_NODES];
	unsigned int nr_fallback;
	struct numa_zone *zonelist[PMM_MAX_NODES * (MAX_NR_ZONES - 1)];
	unsigned int nr_zonelist;
	unsigned int nr_zonelist_local;
	int nid;
};

/**
 * struct numa_section - one 128 MiB section of physical memory
 * @mem_map: its PAGES_PER_SECTION frames' metadata, or NULL (pristine)
 * @nr_used: frames of the section out of the buddy lists: allocated or
 *           on a per-CPU list (0 after drain_all_pages() means all free)
 */
struct numa_section {
	struct pmm_page *mem_map;
	unsigned long nr_used;
};

/**
 * struct numa_state - the physical memory of one machine
 * @alloc:                  host allocator (not owned)
 * @nodes:                  @nr_nodes nodes
 * @nr_nodes:               1..PMM_MAX_NODES
 * @node_mask:              bit n set for every node n
 * @sections:               @nr_sections section descriptors
 * @nr_sections:            ceil(@max_pfn / PAGES_PER_SECTION)
 * @nr_materialized:        sections whose @mem_map exists
 * @max_pfn:                one past the last RAM frame
 * @totalram_pages:         managed pages of all zones
 * @totalreserve_pages:     sum of the nodes' totalreserve_pages
 * @min_free_kbytes:        vm.min_free_kbytes in effect
 * @watermark_scale_factor: vm.watermark_scale_factor in effect
 * @lowmem_reserve_ratio:   vm.lowmem_reserve_ratio in effect
 * @cpu_online:             every CPU of the machine
 * @nr_cpus:                how many
 * @nr_cpu_ids:             highest CPU id + 1 (0 without CPUs)
 * @pcp_block:              the zones' @pageset arrays, one block
 * @nr_pcp:                 its length in struct per_cpu_pages
 * @distance:               effective SLIT distances
 * @pristine_words:         the zones' pristine bitmaps, one block
 * @nr_pristine_words:      its length in words
 */
struct numa_state {
	struct pmm_allocator *alloc;
	struct numa_node *nodes;
	unsigned int nr_nodes;
	uint64_t node_mask;
	struct numa_section *sections;
	unsigned long nr_sections;
	unsigned long nr_materialized;
	pmm_pfn_t max_pfn;
	unsigned long totalram_pages;
	unsigned long totalreserve_pages;
	unsigned long min_free_kbytes;
	unsigned int watermark_scale_factor;
	unsigned int lowmem_reserve_ratio[MAX_NR_ZONES];
	uint64_t cpu_online[PMM_MAX_CPUS / 64];
	unsigned int nr_cpus;
	unsigned int nr_cpu_ids;
	struct per_cpu_pages *pcp_block;
	size_t nr_pcp;
	uint8_t distance[PMM_MAX_NODES][PMM_MAX_NODES];
	uint64_t *pristine_words;
	size_t nr_pristine_words;
	unsigned long vm_events[NR_VM_EVENT_ITEMS];	/* /proc/vmstat */
};

/* ---- provided by topology.c: --------------------------------------------- */

/**
 * numa_topology_check() - validate the memory part of a machine config
 * @cfg: the configuration
 *
 * Checks: 1..PMM_MAX_NODES nodes; page_size == PMM_PAGE_SIZE; every node's
 * RAM a non-zero multiple of the page size; movable_bytes <= RAM and a page
 * multiple; total RAM <= 2^NUMA_MAX_PHYS_BITS; distances (0 = default)
 * symmetric with 10 on the diagonal and 11..254 elsewhere; no CPU on two
 * nodes.
 *
 * Return: 0, or -EINVAL.
 */
PMM_MUST_CHECK int numa_topology_check(const struct pmm_sim_config *cfg);

/**
 * numa_topology_init() - fill distances, CPUs, fallback orders, zonelists
 * @ns:  state with @nodes allocated, @nr_nodes set and the zones laid out
 * @cfg: a configuration numa_topology_check() accepted
 *
 * Each node's fallback order is every node sorted by distance from it, ties
 * broken by lower node id (the node itself first, distance 10).  Linux's
 * build_zonelists() adds small penalties on top (lower ids, nodes with
 * CPUs, round-robin load); those are not modelled.
 */
void numa_topology_init(struct numa_state *ns,
			const struct pmm_sim_config *cfg);

/**
 * numa_distance() - SLIT distance between two nodes
 * @ns:   the state
 * @from: a node id
 * @to:   a node id
 */
static inline unsigned int numa_distance(const struct numa_state *ns, int from,
					 int to)
{
	return ns->distance[from][to];
}

/* ---- provided by phys.c: ------------------------------------------------- */

extern const char *const zone_names[MAX_NR_ZONES];
extern const char *const zone_stat_name[NR_VM_ZONE_STAT_ITEMS];
extern const char *const vm_event_name[NR_VM_EVENT_ITEMS];
extern const char *const numa_event_name[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const node_stat_name[NR_VM_NODE_STAT_ITEMS];

/**
 * numa_init() - build the physical memory of a machine
 * @ns:  state to initialise (its previous content is ignored)
 * @cfg: the configuration (not referenced afterwards)
 * @a:   host allocator every byte is counted in; must outlive @ns
 *
 * Validates @cfg, lays out nodes and zones, makes every frame free and
 * pristine, and sets the watermarks from the Linux boot defaults
 * (numa_default_min_free_kbytes(), watermark_scale_factor 10,
 * lowmem_reserve_ratio 256 256 32 0 0).  No frame metadata is allocated.
 *
 * Return: 0; -EINVAL for a bad configuration; -ENOMEM.  On error nothing
 * stays allocated and numa_fini(@ns) is a no-op.
 * Context: @ns must not move in memory afterwards (its free lists point
 * into it).
 */
PMM_MUST_CHECK int numa_init(struct numa_state *ns,
			     const struct pmm_sim_config *cfg,
			     struct pmm_allocator *a);

/**
 * numa_fini() - free every host byte numa_init() and later calls took
 * @ns: the state; a zeroed or already finalised state is fine
 */
void numa_fini(struct numa_state *ns);

/**
 * numa_materialize_pfn() - make sure @pfn has a struct pmm_page
 * @ns:  the state
 * @pfn: a RAM frame (< max_pfn)
 *
 * Allocates the metadata of @pfn's section if needed.  Free memory stays
 * where it is (pristine pieces stay pristine), so allocation order is not
 * changed.
 *
 * Return: 0; -EINVAL for a pfn past max_pfn; -ENOMEM from the host.
 */
PMM_MUST_CHECK int numa_materialize_pfn(struct numa_state *ns, pmm_pfn_t pfn);

/**
 * numa_trim_sections() - drop the metadata of sections that are all free
 * @ns: the state
 *
 * Drains every per-CPU page list first (drain_all_pages(), which moves
 * their pages back into NR_FREE_PAGES), then every section with no
 * allocated frame goes back to pristine: its free blocks leave the free
 * lists and its struct pmm_page array is freed.  Other counters do not
 * change, but allocation order does (pristine memory is
 * used after the explicit free lists), so call it only at deterministic
 * points of a simulation.  Pointers to pages of these sections die.
 *
 * Return: the number of sections released.
 */
unsigned long numa_trim_sections(struct numa_state *ns);

/**
 * numa_zone_piece() - the pfn range a zone has in one section
 * @zone:  a populated zone
 * @sec:   a section number in [@zone->sec_first, @zone->sec_last]
 * @start: set to the first pfn
 * @end:   set to one past the last pfn
 */
void numa_zone_piece(const struct numa_zone *zone, unsigned long sec,
		     pmm_pfn_t *start, pmm_pfn_t *end);

/**
 * numa_block_histogram() - free blocks of a fully free, fully merged range
 * @start: first pfn
 * @end:   one past the last pfn
 * @hist:  NR_PAGE_ORDERS counters, incremented (not cleared)
 *
 * The blocks are the greedy decomposition of [@start, @end) into naturally
 * aligned power-of-two blocks of order <= MAX_PAGE_ORDER, which is what
 * Linux's boot-time freeing produces and what merging converges to.
 */
void numa_block_histogram(pmm_pfn_t start, pmm_pfn_t end,
			  unsigned long hist[NR_PAGE_ORDERS]);

/**
 * numa_zone_materialize_piece() - put a pristine piece on the free lists
 * @ns:   the state
 * @zone: the zone
 * @sec:  a section whose piece of @zone is pristine
 *
 * Allocates the section's metadata if needed, then appends the piece's
 * blocks, lowest pfn first, to the tails of the zone's free lists (Linux
 * frees boot memory to the tail, so low pfns are used first).
 *
 * Return: 0, or -ENOMEM from the host (nothing changed).
 */
PMM_MUST_CHECK int numa_zone_materialize_piece(struct numa_state *ns,
					       struct numa_zone *zone,
					       unsigned long sec);

static inline bool zone_is_populated(const struct numa_zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool zone_piece_is_pristine(const struct numa_zone *zone,
					  unsigned long sec)
{
	unsigned long bit = sec - zone->sec_first;

	return (zone->pristine_map[bit / 64] >> (bit % 64)) & 1;
}

static inline unsigned int page_zonenum(const struct pmm_page *page)
{
	return (page->flags >> PAGE_FLAGS_ZONE_SHIFT) & PAGE_FLAGS_ZONE_MASK;
}

/**
 * page_to_nid() - the node a frame belongs to
 * @page: a frame
 */
static inline int page_to_nid(const struct pmm_page *page)
{
	return (int)((page->flags >> PAGE_FLAGS_NID_SHIFT) &
		     PAGE_FLAGS_NID_MASK);
}

static inline unsigned long page_to_section(const struct pmm_page *page)
{
	return (unsigned long)(page->flags >> PAGE_FLAGS_SEC_SHIFT);
}

/**
 * page_zone() - the zone a frame belongs to
 * @ns:   the state
 * @page: a frame
 */
static inline struct numa_zone *page_zone(const struct numa_state *ns,
					  const struct pmm_page *page)
{
	return &ns->nodes[page_to_nid(page)].zones[page_zonenum(page)];
}

/**
 * page_to_pfn() - the frame number of a struct pmm_page
 * @ns:   the state
 * @page: a frame of a materialised section
 */
static inline pmm_pfn_t page_to_pfn(const struct numa_state *ns,
				    const struct pmm_page *page)
{
	unsigned long sec = page_to_section(page);

	return ((pmm_pfn_t)sec << PFN_SECTION_SHIFT) +
	       (pmm_pfn_t)(page - ns->sections[sec].mem_map);
}

/**
 * pfn_to_page() - the struct pmm_page of a frame number
 * @ns:  the state
 * @pfn: any pfn
 *
 * Return: the frame, or NULL when @pfn is not RAM or its section has no
 * metadata yet (see numa_materialize_pfn()).
 */
static inline struct pmm_page *pfn_to_page(const struct numa_state *ns,
					   pmm_pfn_t pfn)
{
	struct pmm_page *map;

	if (pfn >= ns->max_pfn)
		return NULL;
	map = ns->sections[pfn >> PFN_SECTION_SHIFT].mem_map;
	return map ? map + (pfn & (PAGES_PER_SECTION - 1)) : NULL;
}

static inline bool page_is_buddy_head(const struct pmm_page *page)
{
	return page->flags & (1ull << PG_buddy);
}

/* ---- provided by page_alloc.c: ------------------------------------------- */

/**
 * numa_set_watermarks() - recompute watermarks and reserves (sysctl change)
 * @ns:                     the state
 * @min_free_kbytes:        vm.min_free_kbytes
 * @watermark_scale_factor: vm.watermark_scale_factor (Linux allows 1..3000)
 * @lowmem_reserve_ratio:   MAX_NR_ZONES ratios (vm.lowmem_reserve_ratio;
 *                          values < 1 mean no reserve), or NULL for the
 *                          Linux defaults 256 256 32 0 0
 *
 * Linux's __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve() and
 * calculate_totalreserve_pages(), over every zone of every node, empty
 * zones included (an empty Movable zone gets min = low = high = 32, as on
 * Linux).
 */
void numa_set_watermarks(struct numa_state *ns, unsigned long min_free_kbytes,
			 unsigned int watermark_scale_factor,
			 const unsigned int lowmem_reserve_ratio[]);

/**
 * numa_default_min_free_kbytes() - Linux's boot-time vm.min_free_kbytes
 * @ns: the state
 *
 * calculate_min_free_kbytes(): int_sqrt(lowmem_kbytes * 16) clamped to
 * [128, 262144], where lowmem_kbytes is the managed memory of every
 * DMA/DMA32/Normal zone (nr_free_buffer_pages() at boot, before any
 * watermark exists).  THP raises the value further (khugepaged's
 * set_recommended_min_free_kbytes()); that belongs to THP.
 */
unsigned long numa_default_min_free_kbytes(const struct numa_state *ns);

/**
 * page_alloc() - allocate 2^@order contiguous frames
 * @ns:            the state
 * @cpu:           the CPU the allocating task runs on (an online CPU of
 *                 @ns); its per-CPU page lists serve orders 0..3 and
 *                 pageblock_order.  No task carries a CPU yet, so the
 *                 kernel passes 0 until the scheduler lands.
 * @order:         0..MAX_PAGE_ORDER
 * @preferred_nid: node whose zonelist is walked (the "local" node for the
 *                 numa_local/numa_other counters)
 * @nodemask:      nodes that may be used (bit n = node n); NUMA_NODEMASK_ALL
 * @gfp_flags:     GFP_* (zone limit, GFP_THISNODE, watermark)
 * @err:           set to 0 or a negative errno (may be NULL)
 *
 * Walks the zonelist of @preferred_nid as Linux's get_page_from_freelist()
 * does: nodes in fallback order (only @preferred_nid with GFP_THISNODE),
 * skipping nodes outside @nodemask, and within a node the populated zones
 * from the highest one the flags allow down to ZONE_DMA.  The first zone
 * that passes the watermark check (zone_watermark_ok() with lowmem_reserve
 * and the order > 0 free-block test) gives the block.  One pass only: the
 * caller does the low -> min retry, reclaim and OOM.  As in Linux 6.7+,
 * the high watermark is tested first and a zone failing it gets
 * ZONE_BELOW_HIGH (@below_high).  The watermark check is made on
 * NR_FREE_PAGES, which excludes per-CPU pages, before the per-CPU list is
 * used (Linux's zone_watermark_fast() then rmqueue_pcplist()); an empty
 * list is refilled with rmqueue_bulk() from the buddy lists.
 *
 * Return: the first frame of the block, or NULL with *@err = -ENOMEM (no
 * zone can give the block), -EINVAL (bad order, flags, node, CPU or empty
 * @nodemask) or -ENOBUFS (the host could not allocate frame metadata; the
 * machine is unchanged).
 */
PMM_MUST_CHECK struct pmm_page *page_alloc(struct numa_state *ns,
					   unsigned int cpu, unsigned int order,
					   int preferred_nid, uint64_t nodemask,
					   unsigned int gfp_flags, int *err);

/**
 * page_free() - give back a block page_alloc() returned
 * @ns:    the state
 * @cpu:   the CPU the freeing task runs on (online; 0 until tasks carry a
 *         CPU)
 * @page:  its first frame
 * @order: the order it was allocated with
 *
 * The first frame's PG_* bits are cleared here; those of the other frames
 * of the block must already be clear (Linux's free_tail_page_prepare()
 * rule; checked with debug_vm).  Orders 0..3 and pageblock_order go to the
 * head of @cpu's per-CPU list of the page's zone (free_unref_page()); when
 * the list count reaches the auto-tuned high mark, free_pcppages_bulk()
 * returns pages, coldest (list tail) first, to the buddy lists.  Other
 * orders, and every block on the way back from a per-CPU list, merge with
 * free buddies of the same zone up to MAX_PAGE_ORDER and go to the head of
 * their free list, or to the tail when the next merge looks likely
 * (Linux's buddy_merge_likely()).
 */
void page_free(struct numa_state *ns, unsigned int cpu, struct pmm_page *page,
	       unsigned int order);

/**
 * drain_pages() - return every per-CPU page of one CPU to the buddy lists
 * @ns:  the state
 * @cpu: an online CPU
 *
 * Linux's drain_pages(): every zone, in batches of batch <<
 * PCP_BATCH_SCALE_MAX through free_pcppages_bulk().
 */
void drain_pages(struct numa_state *ns, unsigned int cpu);

/**
 * drain_all_pages() - drain_pages() for every online CPU, lowest id first
 * @ns: the state
 */
void drain_all_pages(struct numa_state *ns);

/**
 * numa_pcp_pages() - pages on the per-CPU lists of a zone, all CPUs
 * @zone: the zone
 * @nr_cpu_ids: the state's nr_cpu_ids
 */
unsigned long numa_pcp_pages(const struct numa_zone *zone,
			     unsigned int nr_cpu_ids);

/**
 * numa_zone_pcp_update() - recompute a zone's pcp batch/high_min/high_max
 * @ns:   the state
 * @zone: the zone
 *
 * Linux's zone_pcp_update(zone, 0): zone_batchsize() and zone_highsize()
 * (percpu_pagelist_high_fraction = 0), applied to every existing per-CPU
 * list.  numa_set_watermarks() calls it for every zone.
 */
void numa_zone_pcp_update(struct numa_state *ns, struct numa_zone *zone);

/**
 * zone_watermark_ok() - Linux's __zone_watermark_ok()
 * @zone:            the zone
 * @order:           allocation order
 * @mark:            watermark in pages
 * @highest_zoneidx: highest zone the allocation may use (selects the
 *                   lowmem_reserve entry)
 * @gfp_flags:       only GFP_HIGH matters (halves @mark)
 */
bool zone_watermark_ok(const struct numa_zone *zone, unsigned int order,
		       unsigned long mark, enum zone_type highest_zoneidx,
		       unsigned int gfp_flags);

/**
 * numa_mem_available() - MemAvailable, in pages (Linux si_mem_available())
 * @ns: the state
 */
unsigned long numa_mem_available(const struct numa_state *ns);

/**
 * numa_consistent() - check every invariant of physical memory
 * @ns:   the state
 * @msg:  receives the first violation (may be NULL)
 * @size: size of @msg
 *
 * Recomputes from ground truth: walks every per-CPU list (orders, zone,
 * counts) and every free list (order, alignment,
 * zone, no page on two lists, list links), rebuilds the pristine counts
 * from the pristine maps, scans every materialised section (tail pages are
 * not block heads, no two free buddies of one order left unmerged, free +
 * used frames add up, hole pages reserved), and compares nr_free per order,
 * NR_FREE_PAGES, NR_FREE_PAGES_BLOCKS and the section use counts.  A frame
 * is in the buddy, on exactly one per-CPU list, or allocated; per zone
 * NR_FREE_PAGES + per-CPU pages + allocated == managed.
 *
 * Return: true when everything holds.
 */
bool numa_consistent(const struct numa_state *ns, char *msg, size_t size);

/* ---- small accessors ----------------------------------------------------- */

static inline unsigned long
numa_node_managed_pages(const struct numa_node *node)
{
	unsigned long sum = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		sum += node->zones[z].managed_pages;
	return sum;
}

static inline unsigned long numa_node_zone_stat(const struct numa_node *node,
						enum zone_stat_item item)
{
	unsigned long sum = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		sum += node->zones[z].vm_stat[item];
	return sum;
}

static inline unsigned long numa_global_zone_stat(const struct numa_state *ns,
						  enum zone_stat_item item)
{
	unsigned long sum = 0;

	for (unsigned int n = 0; n < ns->nr_nodes; n++)
		sum += numa_node_zone_stat(&ns->nodes[n], item);
	return sum;
}

static inline unsigned long numa_global_node_stat(const struct numa_state *ns,
						  enum node_stat_item item)
{
	unsigned long sum = 0;

	for (unsigned int n = 0; n < ns->nr_nodes; n++)
		sum += ns->nodes[n].vm_stat[item];
	return sum;
}

#endif /* PMM_NUMA_NUMA_H */
