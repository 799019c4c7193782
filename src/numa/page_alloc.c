// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - the buddy allocator of every zone, the zonelist walk with
 * NUMA fallback, watermarks and lowmem reserves (computed with Linux's
 * formulas), MemAvailable, and the physical-memory consistency checker.
 *
 * DOC: Overview
 *
 * Each zone has free lists for orders 0..MAX_PAGE_ORDER.  A list holds the
 * head frames (PG_buddy, order in ->private) of the *explicit* free blocks:
 * those whose section has metadata.  The rest of the free memory is
 * pristine (see phys.c): counted in free_area[].nr_free and nr_pristine, but
 * on no list.  Allocation order is deterministic:
 *
 *  1. __rmqueue_smallest(): for order k = requested..MAX_PAGE_ORDER, take
 *     the head of list k if it is not empty;
 *  2. if list k is empty but the zone has pristine order-k blocks, first
 *     move the lowest-pfn pristine piece holding one onto the free lists
 *     (its blocks appended to the tails, lowest pfn first), then take the
 *     head of list k;
 *  3. split the block as Linux's expand() does, the upper halves going to
 *     the heads of the lower lists; the lowest frame is returned.
 *
 * Linux frees boot memory to the tails of the lists in ascending pfn
 * order, so untouched memory is consumed lowest pfn first and smallest
 * order first; the rule above reproduces that, except that a partial piece
 * at a zone or node edge joins the lists when one of its blocks is first
 * needed (Linux had all of them listed from boot), and numa_trim_sections()
 * sends empty sections back to the end of the line.  Freeing merges with free buddies of the same zone and
 * puts the block at the head of its list, or at the tail when
 * buddy_merge_likely() says the next merge is near.
 *
 * Zone choice follows get_page_from_freelist(): the preferred node's
 * zonelist (nodes by distance, each from its highest allowed zone down),
 * filtered by the nodemask, first zone passing __zone_watermark_ok() with
 * lowmem_reserve[highest allowed zone].  NUMA events are counted as
 * zone_statistics() does, taking the preferred node as the local one.
 *
 * DOC: Per-CPU page lists
 *
 * Orders 0..PAGE_ALLOC_COSTLY_ORDER and pageblock_order (the THP order)
 * go through per-CPU lists (struct per_cpu_pages, one per populated zone
 * and CPU id, made by numa_init()), as Linux 6.7+ does with one
 * migratetype:
 *
 *  - allocation takes the head of the CPU's list for the order; an empty
 *    list is refilled by rmqueue_bulk() with nr_pcp_alloc() blocks taken
 *    one by one with __rmqueue_smallest() and appended to the tail, so a
 *    refill is consumed in the order the buddy gave it (low pfn first);
 *  - freeing pushes the block on the head (LIFO: the hottest frame is
 *    reused first); when count reaches nr_pcp_high(), free_pcppages_bulk()
 *    returns nr_pcp_free() pages from the list tails (the coldest),
 *    visiting the lists round robin from the one just freed to;
 *  - pages on the lists are in neither NR_FREE_PAGES nor the buddy free
 *    lists (nor nr_free, nor /proc/buddyinfo), exactly as on Linux;
 *  - high auto-tunes between high_min (low watermark / CPUs of the node)
 *    and high_max (managed / 8 / CPUs), with free_count, alloc_factor,
 *    PCPF_* and ZONE_BELOW_HIGH as Linux has them.  Not modelled:
 *    migratetypes, ZONE_RECLAIM_ACTIVE (no kswapd), decay_pcp_high() and
 *    drain_zone_pages() (no vmstat worker), percpu_pagelist_high_fraction
 *    (fixed at its default 0), CPU hotplug.
 *
 * drain_pages() and drain_all_pages() empty the lists (tests, reclaim,
 * compaction, numa_trim_sections()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "numa.h"
#include "bug.h"

#define PG_BUDDY_BIT (1ull << PG_buddy)

__extension__ typedef unsigned __int128 u128;

/* ---- free lists ---------------------------------------------------------- */

/*
 * The hot paths work on frame indices within one section's mem_map: a
 * block of order <= MAX_PAGE_ORDER never crosses a section, so a buddy is
 * always mem_map[idx ^ (1 << order)].  Frames inside a free block keep only
 * their fixed bits (section, node, zone); a free block's head adds PG_buddy.
 */
#define FIXED_MASK  (~PAGE_FLAGS_PG_MASK)
#define BUDDY_MATCH (PAGE_FLAGS_ZONEID_MASK | PG_BUDDY_BIT)

/* Unlink without re-initialising: the node becomes a plain frame. */
static inline void __list_unlink(struct list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
}

static inline void account_blocks(struct numa_zone *zone, unsigned int order,
				  long delta)
{
	if (order >= PAGEBLOCK_ORDER)
		zone->vm_stat[NR_FREE_PAGES_BLOCKS] +=
			(unsigned long)delta << order;
}

/* @page, with fixed bits @fixed, becomes the head of a free block. */
static inline void add_to_free_list(struct numa_zone *zone,
				    struct pmm_page *page, uint64_t fixed,
				    unsigned int order, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	page->flags = fixed | PG_BUDDY_BIT;
	page->private = order;
	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list);
	else
		list_add(&page->buddy_list, &area->free_list);
	area->nr_free++;
	account_blocks(zone, order, 1);
}

static inline void del_from_free_list(struct numa_zone *zone,
				      struct pmm_page *page, unsigned int order)
{
	__list_unlink(&page->buddy_list);
	page->flags &= ~PG_BUDDY_BIT;
	zone->free_area[order].nr_free--;
	account_blocks(zone, order, -1);
}

/* @buddy heads a free block of @order in the zone @match describes. */
static inline bool page_is_buddy(const struct pmm_page *buddy, uint64_t match,
				 unsigned int order)
{
	return (buddy->flags & BUDDY_MATCH) == match && buddy->private == order;
}

/* Linux's expand(): hand back the unused upper halves of a split block. */
static inline void expand(struct numa_zone *zone, struct pmm_page *page,
			  uint64_t fixed, unsigned int low, unsigned int high)
{
	while (high > low) {
		high--;
		add_to_free_list(zone, page + (1ul << high), fixed, high,
				 false);
	}
}

/* ---- pristine pieces ----------------------------------------------------- */

static unsigned long next_pristine(const struct numa_zone *zone,
				   unsigned long sec)
{
	unsigned long nbits = zone->sec_last - zone->sec_first + 1;
	unsigned long bit = sec - zone->sec_first;

	while (bit < nbits) {
		uint64_t w = zone->pristine_map[bit / 64] >> (bit % 64);

		if (w)
			return zone->sec_first + bit +
			       (unsigned long)__builtin_ctzll(w);
		bit = (bit / 64 + 1) * 64;
	}
	return zone->sec_last + 1;
}

/*
 * The lowest section whose pristine piece of @zone holds a block of @order.
 * Only the zone's first and last pieces can be partial; every piece in
 * between is a whole section made of MAX_PAGE_ORDER blocks.
 */
static unsigned long zone_find_pristine(struct numa_zone *zone,
					unsigned int order)
{
	unsigned long sec = next_pristine(zone, zone->pristine_hint);

	zone->pristine_hint = sec;
	while (sec <= zone->sec_last) {
		if (sec != zone->sec_first && sec != zone->sec_last) {
			if (order == MAX_PAGE_ORDER)
				return sec;
			sec = next_pristine(zone, zone->sec_last);
			continue;
		}
		unsigned long hist[NR_PAGE_ORDERS] = { 0 };
		pmm_pfn_t start, end;

		numa_zone_piece(zone, sec, &start, &end);
		numa_block_histogram(start, end, hist);
		if (hist[order])
			return sec;
		sec = next_pristine(zone, sec + 1);
	}
	PMM_BUG();
}

/* ---- allocation ---------------------------------------------------------- */

/* Slow path of rmqueue(): bring the lowest pristine order-@k block in. */
static __attribute__((noinline, cold)) int
zone_materialize_order(struct numa_state *ns, struct numa_zone *zone,
		       unsigned int k)
{
	return numa_zone_materialize_piece(ns, zone,
					   zone_find_pristine(zone, k));
}

/*
 * Linux's __rmqueue_smallest(): take the smallest free block of order >=
 * @order and split it.  The frame comes back with its fixed bits only;
 * counters are the caller's.
 */
static inline struct pmm_page *__rmqueue_smallest(struct numa_state *ns,
						  struct numa_zone *zone,
						  unsigned int order, int *err)
{
	struct free_area *area;
	struct pmm_page *page;
	uint64_t fixed;
	unsigned int k;

	for (k = order; k < NR_PAGE_ORDERS; k++) {
		area = &zone->free_area[k];
		if (PMM_LIKELY(!list_empty(&area->free_list)))
			goto take;
		if (PMM_UNLIKELY(area->nr_pristine)) {
			if (zone_materialize_order(ns, zone, k)) {
				*err = -ENOBUFS;
				return NULL;
			}
			goto take;
		}
	}
	return NULL;
take:
	page = list_first_entry(&area->free_list, struct pmm_page, buddy_list);
	__list_unlink(&page->buddy_list);
	area->nr_free--;
	account_blocks(zone, k, -1);
	fixed = page->flags & FIXED_MASK;
	page->flags = fixed;
	expand(zone, page, fixed, order, k);
	return page;
}

/*
 * A block leaves the allocator: hand it over clean.  The section's nr_used
 * counts frames out of the buddy lists, so the caller has counted it when
 * it left them (per-CPU pages included).
 */
static inline struct pmm_page *prep_new_page(struct pmm_page *page)
{
	page->flags &= FIXED_MASK;
	page->private = 0;
	list_init(&page->lru);
	return page;
}

/* Linux's rmqueue_buddy(): straight from the free lists. */
static __attribute__((noinline)) struct pmm_page *
rmqueue_buddy(struct numa_state *ns, struct numa_zone *zone,
	      unsigned int order, int *err)
{
	struct pmm_page *page = __rmqueue_smallest(ns, zone, order, err);

	if (!page)
		return NULL;
	zone->vm_stat[NR_FREE_PAGES] -= 1ul << order;
	ns->sections[page_to_section(page)].nr_used += 1ul << order;
	return prep_new_page(page);
}

/* ---- per-CPU page lists -------------------------------------------------- */

static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == PAGEBLOCK_ORDER;
}

static inline unsigned int order_to_pindex(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER ? order : NR_PCP_LISTS - 1;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex < NR_PCP_LISTS - 1 ? pindex : PAGEBLOCK_ORDER;
}

static inline int clamp_int(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Linux's rmqueue_bulk(): up to @count blocks of @order from the buddy
 * lists, appended to the tail of @list in the order they were taken, so
 * the list is used in physical order.  NR_FREE_PAGES drops by what left
 * the buddy lists.
 */
static __attribute__((noinline)) int
rmqueue_bulk(struct numa_state *ns, struct numa_zone *zone,
			unsigned int order, int count, struct list_head *list,
			int *errp)
{
	int i, err = 0;

	for (i = 0; i < count; i++) {
		struct pmm_page *page = __rmqueue_smallest(ns, zone, order,
							   &err);

		if (PMM_UNLIKELY(!page))
			break;
		page->flags |= 1ull << PG_pcp;
		page->private = order;
		list_add_tail(&page->pcp_list, list);
		ns->sections[page_to_section(page)].nr_used += 1ul << order;
	}
	zone->vm_stat[NR_FREE_PAGES] -= (unsigned long)i << order;
	/* a host failure matters only when nothing came out */
	if (!i)
		*errp = err;
	return i;
}

/* Linux's nr_pcp_alloc(): how many blocks a refill takes. */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct numa_zone *zone,
			unsigned int order)
{
	int base_batch = pcp->batch, batch, high, max_nr_alloc;
	int high_min = pcp->high_min, high_max = pcp->high_max;

	high = pcp->high = clamp_int(pcp->high, high_min, high_max);
	if (PMM_UNLIKELY(high < base_batch))
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	if (high_min != high_max && !zone->below_high)
		high = pcp->high = PMM_MIN(high + batch, high_max);
	if (!order) {
		max_nr_alloc = PMM_MAX(high - pcp->count - base_batch,
				       base_batch);
		if (batch <= max_nr_alloc &&
		    pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = PMM_MIN(batch, max_nr_alloc);
	}
	if (batch > 1)
		batch = PMM_MAX(batch >> order, 2);
	return batch;
}

/* Linux's rmqueue_pcplist() with __rmqueue_pcplist(). */
static inline struct pmm_page *rmqueue_pcplist(struct numa_state *ns,
					       struct numa_zone *zone,
					       struct per_cpu_pages *pcp,
					       unsigned int order, int *err)
{
	struct list_head *list = &pcp->lists[order_to_pindex(order)];
	struct pmm_page *page;

	pcp->free_count >>= 1;
	if (PMM_UNLIKELY(list_empty(list))) {
		int n = rmqueue_bulk(ns, zone, order,
				     nr_pcp_alloc(pcp, zone, order), list,
				     err);

		pcp->count += n << order;
		if (!n)
			return NULL;
	}
	page = list_first_entry(list, struct pmm_page, pcp_list);
	__list_unlink(&page->pcp_list);
	/* the next one out: its miss overlaps the caller's work */
	__builtin_prefetch(page->pcp_list.next, 1);
	pcp->count -= 1 << order;
	return prep_new_page(page);
}

/* Linux's rmqueue(): per-CPU list for the orders it serves, else buddy. */
static inline struct pmm_page *rmqueue(struct numa_state *ns,
				       struct numa_zone *zone, unsigned int cpu,
				       unsigned int order, int *err)
{
	if (PMM_LIKELY(pcp_allowed_order(order))) {
		struct pmm_page *page = rmqueue_pcplist(
			ns, zone, &zone->pageset[cpu], order, err);

		if (PMM_LIKELY(page) || *err)
			return page;
	}
	return rmqueue_buddy(ns, zone, order, err);
}

static inline bool __zone_watermark_ok(const struct numa_zone *zone,
				       unsigned int order, unsigned long mark,
				       enum zone_type highest_zoneidx,
				       unsigned int gfp_flags)
{
	long free_pages = (long)zone->vm_stat[NR_FREE_PAGES];
	long min = (long)mark;
	unsigned int o;

	/* the block itself must fit above the mark, not just its first page */
	free_pages -= (1l << order) - 1;
	if (gfp_flags & GFP_HIGH)
		min -= min / 2;
	if (free_pages <= min + zone->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (o = order; o < NR_PAGE_ORDERS; o++) {
		if (zone->free_area[o].nr_free)
			return true;
	}
	return false;
}

bool zone_watermark_ok(const struct numa_zone *zone, unsigned int order,
		       unsigned long mark, enum zone_type highest_zoneidx,
		       unsigned int gfp_flags)
{
	return __zone_watermark_ok(zone, order, mark, highest_zoneidx,
				   gfp_flags);
}

/*
 * gfp_zone(): the highest zone a request may use, from its GFP_DMA,
 * GFP_DMA32 and GFP_MOVABLE bits; -1 marks DMA together with DMA32.
 */
static const signed char gfp_zone_table[8] = {
	[0] = ZONE_NORMAL,
	[GFP_DMA] = ZONE_DMA,
	[GFP_DMA32] = ZONE_DMA32,
	[GFP_DMA | GFP_DMA32] = -1,
	[GFP_MOVABLE] = ZONE_MOVABLE,
	[GFP_MOVABLE | GFP_DMA] = ZONE_DMA,
	[GFP_MOVABLE | GFP_DMA32] = ZONE_DMA32,
	[GFP_MOVABLE | GFP_DMA | GFP_DMA32] = -1,
};

static void zone_statistics(struct numa_zone *preferred, struct numa_zone *z,
			    int local_nid)
{
	if (z->nid == preferred->nid) {
		z->numa_event[NUMA_HIT]++;
	} else {
		z->numa_event[NUMA_MISS]++;
		preferred->numa_event[NUMA_FOREIGN]++;
	}
	z->numa_event[z->nid == local_nid ? NUMA_LOCAL : NUMA_OTHER]++;
}

struct pmm_page *page_alloc(struct numa_state *ns, unsigned int cpu,
			    unsigned int order, int preferred_nid,
			    uint64_t nodemask, unsigned int gfp_flags, int *err)
{
	static const int wmark_of[4] = { WMARK_LOW, WMARK_MIN, WMARK_HIGH, -1 };
	struct numa_zone *preferred_zone = NULL;
	struct numa_zone *const *zonelist;
	int highest = gfp_zone_table[gfp_flags & 7];
	unsigned int i, nr;
	int wmark, dummy;

	if (!err)
		err = &dummy;
	/* one branch for every argument error: | not || */
	if (PMM_UNLIKELY((order > MAX_PAGE_ORDER) |
			 !!(gfp_flags & ~GFP_VALID_MASK) | (highest < 0) |
			 ((unsigned int)preferred_nid >= ns->nr_nodes) |
			 !(nodemask & ns->node_mask) |
			 (cpu >= ns->nr_cpu_ids) ||
			 !((ns->cpu_online[cpu / 64] >> (cpu % 64)) & 1))) {
		*err = -EINVAL;
		return NULL;
	}

	wmark = wmark_of[(gfp_flags & GFP_WMARK_MASK) >> 8];
	zonelist = ns->nodes[preferred_nid].zonelist;
	nr = (gfp_flags & GFP_THISNODE)
		     ? ns->nodes[preferred_nid].nr_zonelist_local
		     : ns->nodes[preferred_nid].nr_zonelist;
	*err = 0;
	for (i = 0; i < nr; i++) {
		struct numa_zone *zone = zonelist[i];
		struct pmm_page *page;

		if ((int)zone->idx > highest || !((nodemask >> zone->nid) & 1))
			continue;
		if (!preferred_zone)
			preferred_zone = zone;
		/*
		 * ZONE_BELOW_HIGH detection, then the watermark of the
		 * request; GFP_NO_WMARK skips the latter.
		 */
		if (!zone->below_high) {
			if (PMM_LIKELY(__zone_watermark_ok(
				    zone, order, zone->watermark[WMARK_HIGH],
				    (enum zone_type)highest, gfp_flags)))
				goto try_this_zone;
			zone->below_high = true;
		}
		if (wmark >= 0 &&
		    !__zone_watermark_ok(zone, order, zone->watermark[wmark],
					 (enum zone_type)highest, gfp_flags))
			continue;
try_this_zone:
		page = rmqueue(ns, zone, cpu, order, err);
		if (page) {
			zone_statistics(preferred_zone, zone, preferred_nid);
			/* __count_zid_vm_events(PGALLOC, ...) */
			ns->vm_events[PGALLOC_DMA + zone->idx] += 1ul << order;
			return page;
		}
		if (*err)
			return NULL;
	}
	*err = -ENOMEM;
	return NULL;
}

/*
 * Linux's buddy_merge_likely(): if the buddy of the block one order up is
 * free, this block will probably merge soon, so keep it off the list head.
 */
static inline bool buddy_merge_likely(const struct pmm_page *map,
				      unsigned long idx, uint64_t match,
				      unsigned int order)
{
	unsigned long higher;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher = idx & ~(1ul << order);
	return page_is_buddy(map + (higher ^ (1ul << (order + 1))), match,
			     order + 1);
}

/*
 * Linux's __free_one_page(): merge a free block (fixed bits only) with its
 * free buddies and list the result.  NR_FREE_PAGES grows by the block.
 */
static inline void __free_one_page(struct numa_state *ns,
				   struct numa_zone *zone,
				   struct pmm_page *page, unsigned int order)
{
	struct pmm_page *map = ns->sections[page_to_section(page)].mem_map;
	unsigned long idx = (unsigned long)(page - map);
	uint64_t fixed = page->flags & FIXED_MASK;
	uint64_t match = (fixed & PAGE_FLAGS_ZONEID_MASK) | PG_BUDDY_BIT;

	zone->vm_stat[NR_FREE_PAGES] += 1ul << order;
	while (order < MAX_PAGE_ORDER) {
		struct pmm_page *buddy = map + (idx ^ (1ul << order));

		if (!page_is_buddy(buddy, match, order))
			break;
		del_from_free_list(zone, buddy, order);
		idx &= ~(1ul << order);
		order++;
	}
	add_to_free_list(zone, map + idx, fixed, order,
			 buddy_merge_likely(map, idx, match, order));
}

/*
 * Linux's free_pcppages_bulk(): give @count pages back to the buddy
 * lists, taking from the list tails (coldest first), lists visited round
 * robin starting with @pindex.
 */
static void free_pcppages_bulk(struct numa_state *ns, struct numa_zone *zone,
			       int count, struct per_cpu_pages *pcp,
			       unsigned int pindex)
{
	count = PMM_MIN(pcp->count, count);
	pindex = pindex ? pindex - 1 : NR_PCP_LISTS - 1;
	while (count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order(pindex);
		do {
			struct pmm_page *page = list_entry(
				list->prev, struct pmm_page, pcp_list);

			/* the next (colder) page: overlap its miss with this */
			__builtin_prefetch(page->pcp_list.prev, 1);
			__list_unlink(&page->pcp_list);
			page->flags &= FIXED_MASK;
			ns->sections[page_to_section(page)].nr_used -=
				1ul << order;
			count -= 1 << order;
			pcp->count -= 1 << order;
			__free_one_page(ns, zone, page, order);
		} while (count > 0 && !list_empty(list));
	}
}

/* Linux's nr_pcp_free(). */
static int nr_pcp_free(const struct per_cpu_pages *pcp, int batch, int high,
		       bool free_high)
{
	if (PMM_UNLIKELY(free_high))
		return PMM_MIN(pcp->count, batch << PCP_BATCH_SCALE_MAX);
	if (PMM_UNLIKELY(high < batch))
		return 1;
	/* leave at least batch pages; free the recent run of frees */
	return clamp_int(pcp->free_count, batch, high - batch);
}

/*
 * Linux's nr_pcp_high(), without ZONE_RECLAIM_ACTIVE (there is no kswapd
 * yet) and without decay_pcp_high() (no vmstat worker).
 */
static int nr_pcp_high(struct per_cpu_pages *pcp, struct numa_zone *zone,
		       int batch, bool free_high)
{
	int high_min = pcp->high_min, high_max = pcp->high_max;
	int high = pcp->high = clamp_int(pcp->high, high_min, high_max);

	if (PMM_UNLIKELY(!high))
		return 0;
	if (PMM_UNLIKELY(free_high)) {
		pcp->high = PMM_MAX(high - (batch << PCP_BATCH_SCALE_MAX),
				    high_min);
		return 0;
	}
	if (high_min == high_max)
		return high;
	if (zone->below_high) {
		int free_count = PMM_MAX(pcp->free_count, batch);

		pcp->high = PMM_MAX(high - free_count, high_min);
		high = PMM_MAX(pcp->high, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		if (pcp->high < need_high)
			pcp->high = clamp_int(need_high, high_min, high_max);
	}
	return high;
}

/* Out of line: keeps page_free()'s per-CPU fast path small. */
static __attribute__((noinline)) void
free_one_page(struct numa_state *ns, struct numa_zone *zone,
	      struct pmm_page *page, unsigned int order)
{
	__free_one_page(ns, zone, page, order);
}

/* Linux's free_unref_page_commit(). */
static inline void free_unref_page_commit(struct numa_state *ns,
					  struct numa_zone *zone,
					  struct per_cpu_pages *pcp,
					  struct pmm_page *page,
					  unsigned int order)
{
	unsigned int pindex = order_to_pindex(order);
	bool free_high = false;
	int high, batch = pcp->batch;

	pcp->alloc_factor >>= 1;
	page->flags |= 1ull << PG_pcp;
	page->private = order;
	list_add(&page->pcp_list, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = pcp->free_count >= batch + pcp->high_min / 2 &&
			    (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) ||
			     pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= (unsigned char)~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << PCP_BATCH_SCALE_MAX))
		pcp->free_count += 1 << order;
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count >= high) {
		free_pcppages_bulk(ns, zone,
				   nr_pcp_free(pcp, batch, high, free_high),
				   pcp, pindex);
		if (zone->below_high &&
		    __zone_watermark_ok(zone, 0, zone->watermark[WMARK_HIGH],
					ZONE_MOVABLE, 0))
			zone->below_high = false;
	}
}

void page_free(struct numa_state *ns, unsigned int cpu, struct pmm_page *page,
	       unsigned int order)
{
	struct numa_section *sec = &ns->sections[page_to_section(page)];
	struct numa_zone *zone = page_zone(ns, page);
	unsigned long idx = (unsigned long)(page - sec->mem_map);

	PMM_VM_BUG_ON(order > MAX_PAGE_ORDER);
	PMM_VM_BUG_ON(page->flags & (PG_BUDDY_BIT | (1ull << PG_reserved) |
				     (1ull << PG_pcp)));
	PMM_VM_BUG_ON(idx & ((1ul << order) - 1));
	PMM_VM_BUG_ON(sec->nr_used < (1ul << order));
	PMM_BUG_ON(cpu >= ns->nr_cpu_ids);
	ns->vm_events[PGFREE] += 1ul << order;
	if (PMM_DEBUG_VM) {
		PMM_BUG_ON(!((ns->cpu_online[cpu / 64] >> (cpu % 64)) & 1));
		for (unsigned long i = 1; i < (1ul << order); i++)
			PMM_BUG_ON(page[i].flags & PAGE_FLAGS_PG_MASK);
	}

	page->flags &= FIXED_MASK; /* the owner's PG_* bits do not survive */
	if (PMM_LIKELY(pcp_allowed_order(order))) {
		free_unref_page_commit(ns, zone, &zone->pageset[cpu], page,
				       order);
		return;
	}
	sec->nr_used -= 1ul << order;
	free_one_page(ns, zone, page, order);
}

/* Linux's drain_pages_zone(). */
static void drain_pages_zone(struct numa_state *ns, struct numa_zone *zone,
			     unsigned int cpu)
{
	struct per_cpu_pages *pcp;

	if (!zone->pageset)
		return;
	pcp = &zone->pageset[cpu];
	while (pcp->count > 0) {
		int to_drain = PMM_MIN(pcp->count,
				       pcp->batch << PCP_BATCH_SCALE_MAX);

		free_pcppages_bulk(ns, zone, to_drain, pcp, 0);
	}
}

void drain_pages(struct numa_state *ns, unsigned int cpu)
{
	PMM_BUG_ON(cpu >= ns->nr_cpu_ids);
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			drain_pages_zone(ns, &ns->nodes[n].zones[z], cpu);
	}
}

void drain_all_pages(struct numa_state *ns)
{
	for (unsigned int cpu = 0; cpu < ns->nr_cpu_ids; cpu++) {
		if ((ns->cpu_online[cpu / 64] >> (cpu % 64)) & 1)
			drain_pages(ns, cpu);
	}
}

unsigned long numa_pcp_pages(const struct numa_zone *zone,
			     unsigned int nr_cpu_ids)
{
	unsigned long sum = 0;

	if (!zone->pageset)
		return 0;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		sum += (unsigned long)zone->pageset[cpu].count;
	return sum;
}

/* ---- watermarks and reserves --------------------------------------------- */

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long res = 0, bit = 1ul << (sizeof(x) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= res + bit) {
			x -= res + bit;
			res = (res >> 1) + bit;
		} else {
			res >>= 1;
		}
		bit >>= 2;
	}
	return res;
}

/* x * n / d without overflowing x * n, rounding down like mult_frac(). */
static unsigned long mult_frac(unsigned long x, unsigned long n,
			       unsigned long d)
{
	return (x / d) * n + (x % d) * n / d;
}

unsigned long numa_default_min_free_kbytes(const struct numa_state *ns)
{
	unsigned long lowmem_pages = 0, kb;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z <= ZONE_NORMAL; z++)
			lowmem_pages += ns->nodes[n].zones[z].managed_pages;
	}
	kb = int_sqrt(lowmem_pages * (PMM_PAGE_SIZE >> 10) * 16);
	return PMM_MIN(PMM_MAX(kb, 128ul), 262144ul);
}

static void setup_per_zone_wmarks(struct numa_state *ns)
{
	unsigned long pages_min = ns->min_free_kbytes >> (PMM_PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	unsigned int n;
	int z;

	for (n = 0; n < ns->nr_nodes; n++) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			if (z != ZONE_MOVABLE)
				lowmem_pages +=
					ns->nodes[n].zones[z].managed_pages;
		}
	}
	for (n = 0; n < ns->nr_nodes; n++) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct numa_zone *zone = &ns->nodes[n].zones[z];
			unsigned long managed = zone->managed_pages;
			unsigned long tmp = 0, gap;

			if (lowmem_pages)
				tmp = (unsigned long)((u128)pages_min *
						      managed / lowmem_pages);
			if (z == ZONE_MOVABLE) {
				/* capped: __GFP_HIGH users do not need it */
				zone->watermark[WMARK_MIN] = PMM_MIN(
					PMM_MAX(managed / 1024, 32ul), 128ul);
			} else {
				zone->watermark[WMARK_MIN] = tmp;
			}
			gap = PMM_MAX(tmp >> 2,
				      mult_frac(managed,
						ns->watermark_scale_factor,
						10000));
			zone->watermark_boost = 0;
			zone->watermark[WMARK_LOW] =
				zone->watermark[WMARK_MIN] + gap;
			zone->watermark[WMARK_HIGH] =
				zone->watermark[WMARK_LOW] + gap;
			zone->watermark[WMARK_PROMO] =
				zone->watermark[WMARK_HIGH] + gap;
		}
	}
}

static void setup_per_zone_lowmem_reserve(struct numa_state *ns)
{
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		struct numa_node *node = &ns->nodes[n];

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct numa_zone *zone = &node->zones[i];
			unsigned int ratio = ns->lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone->managed_pages;
			unsigned long upper = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				upper += node->zones[j].managed_pages;
				zone->lowmem_reserve[j] =
					clear ? 0 : (long)(upper / ratio);
			}
		}
	}
}

static void calculate_totalreserve_pages(struct numa_state *ns)
{
	ns->totalreserve_pages = 0;
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		struct numa_node *node = &ns->nodes[n];

		node->totalreserve_pages = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct numa_zone *zone = &node->zones[i];
			unsigned long max = 0;

			for (int j = i; j < MAX_NR_ZONES; j++) {
				if (zone->lowmem_reserve[j] > (long)max)
					max = (unsigned long)
						      zone->lowmem_reserve[j];
			}
			/* the high watermark counts as reserved too */
			max += zone->watermark[WMARK_HIGH];
			max = PMM_MIN(max, zone->managed_pages);
			node->totalreserve_pages += max;
			ns->totalreserve_pages += max;
		}
	}
}

static unsigned int fls_ul(unsigned long x)
{
	return x ? 64 - (unsigned int)__builtin_clzl(x) : 0;
}

/* Linux's zone_batchsize() (MMU): ~0.1% of the zone, at most 1 MiB / 4. */
static int zone_batchsize(const struct numa_zone *zone)
{
	unsigned long batch =
		PMM_MIN(zone->managed_pages >> 10, (1ul << 20) / PMM_PAGE_SIZE);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	/* rounddown_pow_of_two(batch + batch / 2) - 1 */
	batch = (1ul << (fls_ul(batch + batch / 2) - 1)) - 1;
	return (int)batch;
}

/* Linux's zone_highsize() with cpu_online = 0. */
static int zone_highsize(const struct numa_state *ns,
			 const struct numa_zone *zone, int batch,
			 unsigned long high_fraction)
{
	unsigned long total = high_fraction
				      ? zone->managed_pages / high_fraction
				      : zone->watermark[WMARK_LOW];
	unsigned long split = ns->nodes[zone->nid].nr_cpus;
	unsigned long high;

	/* memory-only nodes split across every CPU */
	if (!split)
		split = ns->nr_cpus ? ns->nr_cpus : 1;
	high = total / split;
	high = PMM_MIN(high, (unsigned long)INT32_MAX);
	return PMM_MAX((int)high, batch << 2);
}

void numa_zone_pcp_update(struct numa_state *ns, struct numa_zone *zone)
{
	int batch = PMM_MAX(zone_batchsize(zone), 1);

	zone->pageset_batch = batch;
	zone->pageset_high_min = zone_highsize(ns, zone, batch, 0);
	zone->pageset_high_max = zone_highsize(
		ns, zone, batch, MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	if (!zone->pageset)
		return;
	for (unsigned int cpu = 0; cpu < ns->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->pageset[cpu];

		pcp->batch = zone->pageset_batch;
		pcp->high_min = zone->pageset_high_min;
		pcp->high_max = zone->pageset_high_max;
	}
}

void numa_set_watermarks(struct numa_state *ns, unsigned long min_free_kbytes,
			 unsigned int watermark_scale_factor,
			 const unsigned int lowmem_reserve_ratio[])
{
	static const unsigned int default_ratio[MAX_NR_ZONES] = {
		[ZONE_DMA] = 256,
		[ZONE_DMA32] = 256,
		[ZONE_NORMAL] = 32,
	};

	if (!lowmem_reserve_ratio)
		lowmem_reserve_ratio = default_ratio;
	ns->min_free_kbytes = min_free_kbytes;
	ns->watermark_scale_factor = watermark_scale_factor;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		ns->lowmem_reserve_ratio[z] = lowmem_reserve_ratio[z];
	setup_per_zone_wmarks(ns);
	setup_per_zone_lowmem_reserve(ns);
	calculate_totalreserve_pages(ns);
	/* setup_per_zone_wmarks(): the pcp limits follow the watermarks */
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			numa_zone_pcp_update(ns, &ns->nodes[n].zones[z]);
	}
}

unsigned long numa_mem_available(const struct numa_state *ns)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			wmark_low += ns->nodes[n].zones[z].watermark[WMARK_LOW];
	}
	available = (long)numa_global_zone_stat(ns, NR_FREE_PAGES) -
		    (long)ns->totalreserve_pages;
	/* at least half of the page cache, or wmark_low of it, must stay */
	pagecache = numa_global_node_stat(ns, NR_ACTIVE_FILE) +
		    numa_global_node_stat(ns, NR_INACTIVE_FILE);
	pagecache -= PMM_MIN(pagecache / 2, wmark_low);
	available += (long)pagecache;
	reclaimable = numa_global_node_stat(ns, NR_SLAB_RECLAIMABLE) +
		      numa_global_node_stat(ns, NR_KERNEL_MISC_RECLAIMABLE);
	reclaimable -= PMM_MIN(reclaimable / 2, wmark_low);
	available += (long)reclaimable;
	return available < 0 ? 0 : (unsigned long)available;
}

/* ---- consistency --------------------------------------------------------- */

struct piece {
	const struct numa_zone *zone;
	pmm_pfn_t start, end;
};

/* The pieces of @sec in pfn order; returns how many. */
static unsigned int section_pieces(const struct numa_state *ns,
				   unsigned long sec, struct piece *out)
{
	pmm_pfn_t s = (pmm_pfn_t)sec << PFN_SECTION_SHIFT;
	pmm_pfn_t e = s + PAGES_PER_SECTION;
	unsigned int nr = 0;

	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		struct numa_node *node = &ns->nodes[n];

		if (node->node_start_pfn >= e ||
		    node->node_start_pfn + node->node_present_pages <= s)
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct numa_zone *zone = &node->zones[z];

			if (!zone_is_populated(zone) || sec < zone->sec_first ||
			    sec > zone->sec_last)
				continue;
			out[nr].zone = zone;
			numa_zone_piece(zone, sec, &out[nr].start,
					&out[nr].end);
			nr++;
		}
	}
	return nr;
}

static uint64_t zone_bits(const struct numa_zone *zone, unsigned long sec)
{
	return ((uint64_t)sec << PAGE_FLAGS_SEC_SHIFT) |
	       ((uint64_t)zone->idx << PAGE_FLAGS_ZONE_SHIFT) |
	       ((uint64_t)zone->nid << PAGE_FLAGS_NID_SHIFT);
}

#define FLAGS_FIXED_MASK (~PAGE_FLAGS_PG_MASK)

struct check {
	const struct numa_state *ns;
	char *msg;
	size_t size;
};

/*
 * Scan the frames of one piece of a materialised section: fixed flag bits,
 * block alignment, tails, unmerged buddies.  Adds to @free_pages (buddy),
 * @used_pages and @pcp_pages (blocks on per-CPU lists), and to
 * @heads[order] for each free block head found.
 */
static bool check_piece(const struct check *c, const struct piece *p,
			unsigned long sec, unsigned long *free_pages,
			unsigned long *used_pages, unsigned long *pcp_pages,
			unsigned long heads[NR_PAGE_ORDERS])
{
	const struct pmm_page *map = c->ns->sections[sec].mem_map;
	const struct numa_zone *zone = p->zone;
	uint64_t bits = zone_bits(zone, sec);
	bool pristine = zone_piece_is_pristine(zone, sec);
	pmm_pfn_t pfn = p->start;

	while (pfn < p->end) {
		const struct pmm_page *page =
			map + (pfn & (PAGES_PER_SECTION - 1));
		unsigned long order, i;

		if ((page->flags & FLAGS_FIXED_MASK) != bits ||
		    (page->flags & (1ull << PG_reserved)))
			return pmm_wrong(c->msg, c->size,
					 "pfn %llu: flags %#llx, expected node "
					 "%d zone %s section %lu",
					 (unsigned long long)pfn,
					 (unsigned long long)page->flags,
					 zone->nid, zone->name, sec);
		if (pristine) {
			if (page->flags & PG_BUDDY_BIT)
				return pmm_wrong(c->msg, c->size,
						 "pfn %llu: buddy head in a "
						 "pristine piece",
						 (unsigned long long)pfn);
			(*free_pages)++;
			pfn++;
			continue;
		}
		if (page->flags & (1ull << PG_pcp)) {
			order = page->private;
			if (!pcp_allowed_order((unsigned int)order) ||
			    (pfn & ((1ull << order) - 1)) ||
			    pfn + (1ull << order) > p->end ||
			    (page->flags & PAGE_FLAGS_PG_MASK) !=
				    (1ull << PG_pcp))
				return pmm_wrong(c->msg, c->size,
						 "pfn %llu: bad per-CPU block "
						 "of order %lu, flags %#llx",
						 (unsigned long long)pfn, order,
						 (unsigned long long)
							 page->flags);
			for (i = 1; i < (1ul << order); i++) {
				if (page[i].flags != bits)
					return pmm_wrong(
						c->msg, c->size,
						"pfn %llu: inside the per-CPU "
						"block at %llu but flags %#llx",
						(unsigned long long)(pfn + i),
						(unsigned long long)pfn,
						(unsigned long long)
							page[i].flags);
			}
			*pcp_pages += 1ul << order;
			pfn += 1ull << order;
			continue;
		}
		if (!(page->flags & PG_BUDDY_BIT)) {
			(*used_pages)++;
			pfn++;
			continue;
		}
		order = page->private;
		if (order > MAX_PAGE_ORDER || (pfn & ((1ull << order) - 1)) ||
		    pfn + (1ull << order) > p->end)
			return pmm_wrong(c->msg, c->size,
					 "pfn %llu: bad free block of order "
					 "%lu in node %d zone %s",
					 (unsigned long long)pfn, order,
					 zone->nid, zone->name);
		for (i = 1; i < (1ul << order); i++) {
			const struct pmm_page *tail = page + i;

			if ((tail->flags & FLAGS_FIXED_MASK) != bits ||
			    (tail->flags & PG_BUDDY_BIT))
				return pmm_wrong(
					c->msg, c->size,
					"pfn %llu: inside the free block at "
					"%llu (order %lu) but flags %#llx",
					(unsigned long long)(pfn + i),
					(unsigned long long)pfn, order,
					(unsigned long long)tail->flags);
		}
		if (order < MAX_PAGE_ORDER) {
			pmm_pfn_t bpfn = pfn ^ (1ull << order);
			const struct pmm_page *buddy =
				map + (bpfn & (PAGES_PER_SECTION - 1));

			if (page_is_buddy(buddy,
					  (bits & PAGE_FLAGS_ZONEID_MASK) |
						  PG_BUDDY_BIT,
					  (unsigned int)order))
				return pmm_wrong(
					c->msg, c->size,
					"pfn %llu and %llu: free buddies of "
					"order %lu not merged",
					(unsigned long long)pfn,
					(unsigned long long)bpfn, order);
		}
		heads[order]++;
		*free_pages += 1ul << order;
		pfn += 1ull << order;
	}
	return true;
}

/* Frame-level checks of one section and its use counter. */
static bool check_section(const struct check *c, unsigned long sec)
{
	const struct numa_state *ns = c->ns;
	const struct numa_section *s = &ns->sections[sec];
	struct piece pieces[PMM_MAX_NODES * MAX_NR_ZONES];
	unsigned long heads[NR_PAGE_ORDERS] = { 0 };
	pmm_pfn_t base = (pmm_pfn_t)sec << PFN_SECTION_SHIFT;
	pmm_pfn_t pfn, ram_end;
	unsigned long free_pages = 0, used_pages = 0, pcp_pages = 0;
	unsigned int nr, i;

	if (!s->mem_map) {
		if (s->nr_used)
			return pmm_wrong(
				c->msg, c->size,
				"section %lu: no metadata but %lu frames used",
				sec, s->nr_used);
		return true;
	}
	nr = section_pieces(ns, sec, pieces);
	pfn = base;
	for (i = 0; i < nr; i++) {
		if (pieces[i].start != pfn)
			return pmm_wrong(
				c->msg, c->size,
				"section %lu: pieces leave a gap at pfn %llu",
				sec, (unsigned long long)pfn);
		if (!check_piece(c, &pieces[i], sec, &free_pages, &used_pages,
				 &pcp_pages, heads))
			return false;
		pfn = pieces[i].end;
	}
	ram_end = PMM_MIN(base + PAGES_PER_SECTION, ns->max_pfn);
	if (pfn != ram_end)
		return pmm_wrong(
			c->msg, c->size,
			"section %lu: zones end at pfn %llu, RAM at %llu", sec,
			(unsigned long long)pfn, (unsigned long long)ram_end);
	for (; pfn < base + PAGES_PER_SECTION; pfn++) {
		const struct pmm_page *page = s->mem_map + (pfn - base);

		if (page->flags != (((uint64_t)sec << PAGE_FLAGS_SEC_SHIFT) |
				    (1ull << PG_reserved)))
			return pmm_wrong(
				c->msg, c->size,
				"pfn %llu: past the end of RAM but flags %#llx",
				(unsigned long long)pfn,
				(unsigned long long)page->flags);
	}
	/* nr_used counts every frame out of the buddy lists */
	if (used_pages + pcp_pages != s->nr_used)
		return pmm_wrong(c->msg, c->size,
				 "section %lu: %lu frames in use and %lu "
				 "per-CPU, counter says %lu",
				 sec, used_pages, pcp_pages, s->nr_used);
	if (free_pages + used_pages + pcp_pages != ram_end - base)
		return pmm_wrong(c->msg, c->size,
				 "section %lu: %lu free + %lu used + %lu "
				 "per-CPU != %llu frames",
				 sec, free_pages, used_pages, pcp_pages,
				 (unsigned long long)(ram_end - base));
	return true;
}

/* Free block heads of @zone found in memory, per order; per-CPU pages. */
static bool count_zone_heads(const struct check *c,
			     const struct numa_zone *zone,
			     unsigned long heads[NR_PAGE_ORDERS],
			     unsigned long *pcp_pages)
{
	for (unsigned long sec = zone->sec_first; sec <= zone->sec_last;
	     sec++) {
		struct piece p = { .zone = zone };
		unsigned long free_pages = 0, used_pages = 0;

		if (!c->ns->sections[sec].mem_map)
			continue;
		numa_zone_piece(zone, sec, &p.start, &p.end);
		if (!check_piece(c, &p, sec, &free_pages, &used_pages,
				 pcp_pages, heads))
			return false;
	}
	return true;
}

static bool check_free_list(const struct check *c, const struct numa_zone *zone,
			    unsigned int order, unsigned long heads)
{
	const struct numa_state *ns = c->ns;
	const struct free_area *area = &zone->free_area[order];
	const struct list_head *head = &area->free_list, *pos;
	unsigned long expect, seen = 0;

	if (area->nr_pristine > area->nr_free)
		return pmm_wrong(
			c->msg, c->size,
			"node %d zone %s order %u: %lu pristine of %lu free",
			zone->nid, zone->name, order, area->nr_pristine,
			area->nr_free);
	expect = area->nr_free - area->nr_pristine;
	for (pos = head->next; pos != head; pos = pos->next) {
		const struct pmm_page *page =
			list_entry(pos, struct pmm_page, buddy_list);
		unsigned long sec = page_to_section(page);
		const struct numa_section *s;
		pmm_pfn_t pfn;

		if (++seen > expect)
			return pmm_wrong(c->msg, c->size,
					 "node %d zone %s order %u: more than "
					 "%lu blocks listed",
					 zone->nid, zone->name, order, expect);
		if (pos->next->prev != pos || pos->prev->next != pos)
			return pmm_wrong(
				c->msg, c->size,
				"node %d zone %s order %u: broken list links",
				zone->nid, zone->name, order);
		if (sec >= ns->nr_sections)
			return pmm_wrong(c->msg, c->size,
					 "node %d zone %s order %u: listed "
					 "page has section %lu",
					 zone->nid, zone->name, order, sec);
		s = &ns->sections[sec];
		if (!s->mem_map || page < s->mem_map ||
		    page >= s->mem_map + PAGES_PER_SECTION)
			return pmm_wrong(c->msg, c->size,
					 "node %d zone %s order %u: listed "
					 "page outside its section",
					 zone->nid, zone->name, order);
		pfn = page_to_pfn(ns, page);
		if (!(page->flags & PG_BUDDY_BIT) || page->private != order ||
		    page_to_nid(page) != zone->nid ||
		    page_zonenum(page) != zone->idx)
			return pmm_wrong(
				c->msg, c->size,
				"pfn %llu: on the order-%u list of node %d "
				"zone %s but flags %#llx order %llu",
				(unsigned long long)pfn, order, zone->nid,
				zone->name, (unsigned long long)page->flags,
				(unsigned long long)page->private);
		if (sec < zone->sec_first || sec > zone->sec_last ||
		    zone_piece_is_pristine(zone, sec))
			return pmm_wrong(
				c->msg, c->size,
				"pfn %llu: listed but its piece is pristine",
				(unsigned long long)pfn);
	}
	if (seen != expect)
		return pmm_wrong(c->msg, c->size,
				 "node %d zone %s order %u: %lu blocks listed, "
				 "%lu expected",
				 zone->nid, zone->name, order, seen, expect);
	/* every head in memory is listed once: no page on two lists */
	if (seen != heads)
		return pmm_wrong(c->msg, c->size,
				 "node %d zone %s order %u: %lu listed, %lu "
				 "block heads in memory",
				 zone->nid, zone->name, order, seen, heads);
	return true;
}

/*
 * Walk the per-CPU lists of @zone: every block a PG_pcp head of this zone
 * with the list's order, links sound, counts matching.  Adds the pages
 * listed to @listed.
 */
static bool check_pcp_lists(const struct check *c, const struct numa_zone *zone,
			    unsigned long *listed)
{
	const struct numa_state *ns = c->ns;

	if (!zone->pageset)
		return true;
	for (unsigned int cpu = 0; cpu < ns->nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = &zone->pageset[cpu];
		unsigned long pages = 0;

		if (pcp->count &&
		    !((ns->cpu_online[cpu / 64] >> (cpu % 64)) & 1))
			return pmm_wrong(c->msg, c->size,
					 "node %d zone %s: pcp of offline "
					 "CPU %u",
					 zone->nid, zone->name, cpu);
		/*
		 * high itself may sit outside [high_min, high_max] after a
		 * sysctl change until the list is next used (Linux clamps
		 * it lazily too).
		 */
		if (pcp->batch != zone->pageset_batch ||
		    pcp->high_min != zone->pageset_high_min ||
		    pcp->high_max != zone->pageset_high_max || pcp->high < 0 ||
		    pcp->count < 0)
			return pmm_wrong(c->msg, c->size,
					 "node %d zone %s cpu %u: pcp high %d "
					 "batch %d count %d, zone limits differ",
					 zone->nid, zone->name, cpu, pcp->high,
					 pcp->batch, pcp->count);
		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			const struct list_head *head = &pcp->lists[i], *pos;
			unsigned int order = pindex_to_order(i);

			for (pos = head->next; pos != head; pos = pos->next) {
				const struct pmm_page *page = list_entry(
					pos, struct pmm_page, pcp_list);
				unsigned long sec = page_to_section(page);
				const struct numa_section *s;

				if (pos->next->prev != pos ||
				    pos->prev->next != pos)
					return pmm_wrong(
						c->msg, c->size,
						"node %d zone %s cpu %u: "
						"broken pcp list links",
						zone->nid, zone->name, cpu);
				if (sec >= ns->nr_sections ||
				    !(s = &ns->sections[sec])->mem_map ||
				    page < s->mem_map ||
				    page >= s->mem_map + PAGES_PER_SECTION)
					return pmm_wrong(
						c->msg, c->size,
						"node %d zone %s cpu %u: pcp "
						"page outside its section",
						zone->nid, zone->name, cpu);
				if (!(page->flags & (1ull << PG_pcp)) ||
				    page->private != order ||
				    page_to_nid(page) != zone->nid ||
				    page_zonenum(page) != zone->idx)
					return pmm_wrong(
						c->msg, c->size,
						"pfn %llu: on the order-%u pcp "
						"list of node %d zone %s cpu "
						"%u but flags %#llx order %llu",
						(unsigned long long)page_to_pfn(
							ns, page),
						order, zone->nid, zone->name,
						cpu,
						(unsigned long long)page->flags,
						(unsigned long long)
							page->private);
				pages += 1ul << order;
				if (pages > zone->managed_pages)
					return pmm_wrong(
						c->msg, c->size,
						"node %d zone %s cpu %u: pcp "
						"list loops",
						zone->nid, zone->name, cpu);
			}
		}
		if (pages != (unsigned long)pcp->count)
			return pmm_wrong(c->msg, c->size,
					 "node %d zone %s cpu %u: pcp count "
					 "%d, lists hold %lu pages",
					 zone->nid, zone->name, cpu, pcp->count,
					 pages);
		*listed += pages;
	}
	return true;
}

static bool check_zone(const struct check *c, const struct numa_zone *zone,
		       unsigned long *pcp_total)
{
	unsigned long hist[NR_PAGE_ORDERS] = { 0 };
	unsigned long heads[NR_PAGE_ORDERS] = { 0 };
	unsigned long free_pages = 0, blocks = 0, sec;
	unsigned long pcp_listed = 0, pcp_found = 0;
	unsigned int o;

	if (zone->spanned_pages != zone->present_pages ||
	    zone->managed_pages != zone->present_pages)
		return pmm_wrong(
			c->msg, c->size,
			"node %d zone %s: spanned %lu present %lu managed %lu",
			zone->nid, zone->name, zone->spanned_pages,
			zone->present_pages, zone->managed_pages);
	if (zone_is_populated(zone)) {
		for (sec = zone->sec_first; sec <= zone->sec_last; sec++) {
			pmm_pfn_t start, end;

			if (!zone_piece_is_pristine(zone, sec))
				continue;
			if (sec < zone->pristine_hint)
				return pmm_wrong(c->msg, c->size,
						 "node %d zone %s: pristine "
						 "section %lu below hint %lu",
						 zone->nid, zone->name, sec,
						 zone->pristine_hint);
			numa_zone_piece(zone, sec, &start, &end);
			numa_block_histogram(start, end, hist);
		}
		if (!count_zone_heads(c, zone, heads, &pcp_found))
			return false;
	}
	if (!check_pcp_lists(c, zone, &pcp_listed))
		return false;
	/* every PG_pcp block in memory is listed once: none on two lists */
	if (pcp_listed != pcp_found)
		return pmm_wrong(c->msg, c->size,
				 "node %d zone %s: %lu pages on pcp lists, "
				 "%lu per-CPU pages in memory",
				 zone->nid, zone->name, pcp_listed, pcp_found);
	*pcp_total += pcp_listed;
	for (o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &zone->free_area[o];

		if (area->nr_pristine != hist[o])
			return pmm_wrong(
				c->msg, c->size,
				"node %d zone %s order %u: %lu pristine blocks "
				"counted, %lu in pristine pieces",
				zone->nid, zone->name, o, area->nr_pristine,
				hist[o]);
		if (!check_free_list(c, zone, o, heads[o]))
			return false;
		free_pages += area->nr_free << o;
		if (o >= PAGEBLOCK_ORDER)
			blocks += area->nr_free << o;
	}
	if (zone->vm_stat[NR_FREE_PAGES] != free_pages ||
	    zone->vm_stat[NR_FREE_PAGES_BLOCKS] != blocks)
		return pmm_wrong(c->msg, c->size,
				 "node %d zone %s: nr_free_pages %lu (blocks "
				 "%lu), free areas hold %lu (%lu)",
				 zone->nid, zone->name,
				 zone->vm_stat[NR_FREE_PAGES],
				 zone->vm_stat[NR_FREE_PAGES_BLOCKS],
				 free_pages, blocks);
	if (free_pages + pcp_listed > zone->managed_pages)
		return pmm_wrong(c->msg, c->size,
				 "node %d zone %s: %lu free + %lu per-CPU of "
				 "%lu managed",
				 zone->nid, zone->name, free_pages, pcp_listed,
				 zone->managed_pages);
	return true;
}

bool numa_consistent(const struct numa_state *ns, char *msg, size_t size)
{
	const struct check c = { .ns = ns, .msg = msg, .size = size };
	unsigned long sec, materialized = 0, used = 0, free_pages = 0;
	unsigned long pcp_pages = 0;

	if (msg && size)
		msg[0] = '\0';
	for (sec = 0; sec < ns->nr_sections; sec++) {
		materialized += ns->sections[sec].mem_map != NULL;
		used += ns->sections[sec].nr_used;
		if (!check_section(&c, sec))
			return false;
	}
	if (materialized != ns->nr_materialized)
		return pmm_wrong(msg, size,
				 "%lu sections materialised, counter says %lu",
				 materialized, ns->nr_materialized);
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone *zone = &ns->nodes[n].zones[z];

			if (!check_zone(&c, zone, &pcp_pages))
				return false;
			free_pages += zone->vm_stat[NR_FREE_PAGES];
		}
	}
	/* the section counters include the per-CPU pages */
	if (free_pages + used != ns->max_pfn || pcp_pages > used)
		return pmm_wrong(msg, size,
				 "%lu free + %lu used frames (%lu of them "
				 "per-CPU) != %llu frames of RAM",
				 free_pages, used, pcp_pages,
				 (unsigned long long)ns->max_pfn);
	return true;
}
