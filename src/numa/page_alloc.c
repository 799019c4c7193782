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
 * needed (Linux had all of them listed from boot), per-CPU page lists are
 * not modelled, and numa_trim_sections() sends empty sections back to the
 * end of the line.  Freeing merges with free buddies of the same zone and
 * puts the block at the head of its list, or at the tail when
 * buddy_merge_likely() says the next merge is near.
 *
 * Zone choice follows get_page_from_freelist(): the preferred node's
 * zonelist (nodes by distance, each from its highest allowed zone down),
 * filtered by the nodemask, first zone passing __zone_watermark_ok() with
 * lowmem_reserve[highest allowed zone].  NUMA events are counted as
 * zone_statistics() does, taking the preferred node as the local one.
 */
#include <errno.h>
#include <stdarg.h>
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

static inline struct pmm_page *rmqueue(struct numa_state *ns,
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
	zone->vm_stat[NR_FREE_PAGES] -= 1ul << order;
	ns->sections[page_to_section(page)].nr_used += 1ul << order;
	page->private = 0;
	list_init(&page->lru);
	return page;
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

struct pmm_page *page_alloc(struct numa_state *ns, unsigned int order,
			    int preferred_nid, uint64_t nodemask,
			    unsigned int gfp_flags, int *err)
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
			 !(nodemask & ns->node_mask))) {
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
		if (wmark >= 0 &&
		    !__zone_watermark_ok(zone, order, zone->watermark[wmark],
					 (enum zone_type)highest, gfp_flags))
			continue;
		page = rmqueue(ns, zone, order, err);
		if (page) {
			zone_statistics(preferred_zone, zone, preferred_nid);
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

void page_free(struct numa_state *ns, struct pmm_page *page, unsigned int order)
{
	struct numa_section *sec = &ns->sections[page_to_section(page)];
	struct numa_zone *zone = page_zone(ns, page);
	struct pmm_page *map = sec->mem_map;
	unsigned long idx = (unsigned long)(page - map);
	uint64_t fixed = page->flags & FIXED_MASK;
	uint64_t match = (fixed & PAGE_FLAGS_ZONEID_MASK) | PG_BUDDY_BIT;

	PMM_VM_BUG_ON(order > MAX_PAGE_ORDER);
	PMM_VM_BUG_ON(page->flags & (PG_BUDDY_BIT | (1ull << PG_reserved)));
	PMM_VM_BUG_ON(idx & ((1ul << order) - 1));
	PMM_VM_BUG_ON(sec->nr_used < (1ul << order));
	if (PMM_DEBUG_VM) {
		for (unsigned long i = 1; i < (1ul << order); i++)
			PMM_BUG_ON(page[i].flags & PAGE_FLAGS_PG_MASK);
	}

	sec->nr_used -= 1ul << order;
	zone->vm_stat[NR_FREE_PAGES] += 1ul << order;
	page->flags = fixed; /* the owner's PG_* bits do not survive */
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

PMM_PRINTF(3, 4)
static bool violation(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (msg && size) {
		va_start(ap, fmt);
		vsnprintf(msg, size, fmt, ap);
		va_end(ap);
	}
	return false;
}

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
 * block alignment, tails, unmerged buddies.  Adds to @free_pages and
 * @used_pages, and to @heads[order] for each free block head found.
 */
static bool check_piece(const struct check *c, const struct piece *p,
			unsigned long sec, unsigned long *free_pages,
			unsigned long *used_pages,
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
			return violation(c->msg, c->size,
					 "pfn %llu: flags %#llx, expected node "
					 "%d zone %s section %lu",
					 (unsigned long long)pfn,
					 (unsigned long long)page->flags,
					 zone->nid, zone->name, sec);
		if (pristine) {
			if (page->flags & PG_BUDDY_BIT)
				return violation(c->msg, c->size,
						 "pfn %llu: buddy head in a "
						 "pristine piece",
						 (unsigned long long)pfn);
			(*free_pages)++;
			pfn++;
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
			return violation(c->msg, c->size,
					 "pfn %llu: bad free block of order "
					 "%lu in node %d zone %s",
					 (unsigned long long)pfn, order,
					 zone->nid, zone->name);
		for (i = 1; i < (1ul << order); i++) {
			const struct pmm_page *tail = page + i;

			if ((tail->flags & FLAGS_FIXED_MASK) != bits ||
			    (tail->flags & PG_BUDDY_BIT))
				return violation(
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
				return violation(
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
	unsigned long free_pages = 0, used_pages = 0;
	unsigned int nr, i;

	if (!s->mem_map) {
		if (s->nr_used)
			return violation(
				c->msg, c->size,
				"section %lu: no metadata but %lu frames used",
				sec, s->nr_used);
		return true;
	}
	nr = section_pieces(ns, sec, pieces);
	pfn = base;
	for (i = 0; i < nr; i++) {
		if (pieces[i].start != pfn)
			return violation(
				c->msg, c->size,
				"section %lu: pieces leave a gap at pfn %llu",
				sec, (unsigned long long)pfn);
		if (!check_piece(c, &pieces[i], sec, &free_pages, &used_pages,
				 heads))
			return false;
		pfn = pieces[i].end;
	}
	ram_end = PMM_MIN(base + PAGES_PER_SECTION, ns->max_pfn);
	if (pfn != ram_end)
		return violation(
			c->msg, c->size,
			"section %lu: zones end at pfn %llu, RAM at %llu", sec,
			(unsigned long long)pfn, (unsigned long long)ram_end);
	for (; pfn < base + PAGES_PER_SECTION; pfn++) {
		const struct pmm_page *page = s->mem_map + (pfn - base);

		if (page->flags != (((uint64_t)sec << PAGE_FLAGS_SEC_SHIFT) |
				    (1ull << PG_reserved)))
			return violation(
				c->msg, c->size,
				"pfn %llu: past the end of RAM but flags %#llx",
				(unsigned long long)pfn,
				(unsigned long long)page->flags);
	}
	if (used_pages != s->nr_used)
		return violation(
			c->msg, c->size,
			"section %lu: %lu frames in use, counter says %lu", sec,
			used_pages, s->nr_used);
	if (free_pages + used_pages != ram_end - base)
		return violation(
			c->msg, c->size,
			"section %lu: %lu free + %lu used != %llu frames", sec,
			free_pages, used_pages,
			(unsigned long long)(ram_end - base));
	return true;
}

/* Free block heads of @zone found in memory, per order. */
static bool count_zone_heads(const struct check *c,
			     const struct numa_zone *zone,
			     unsigned long heads[NR_PAGE_ORDERS])
{
	for (unsigned long sec = zone->sec_first; sec <= zone->sec_last;
	     sec++) {
		struct piece p = { .zone = zone };
		unsigned long free_pages = 0, used_pages = 0;

		if (!c->ns->sections[sec].mem_map)
			continue;
		numa_zone_piece(zone, sec, &p.start, &p.end);
		if (!check_piece(c, &p, sec, &free_pages, &used_pages, heads))
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
		return violation(
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
			return violation(c->msg, c->size,
					 "node %d zone %s order %u: more than "
					 "%lu blocks listed",
					 zone->nid, zone->name, order, expect);
		if (pos->next->prev != pos || pos->prev->next != pos)
			return violation(
				c->msg, c->size,
				"node %d zone %s order %u: broken list links",
				zone->nid, zone->name, order);
		if (sec >= ns->nr_sections)
			return violation(c->msg, c->size,
					 "node %d zone %s order %u: listed "
					 "page has section %lu",
					 zone->nid, zone->name, order, sec);
		s = &ns->sections[sec];
		if (!s->mem_map || page < s->mem_map ||
		    page >= s->mem_map + PAGES_PER_SECTION)
			return violation(c->msg, c->size,
					 "node %d zone %s order %u: listed "
					 "page outside its section",
					 zone->nid, zone->name, order);
		pfn = page_to_pfn(ns, page);
		if (!(page->flags & PG_BUDDY_BIT) || page->private != order ||
		    page_to_nid(page) != zone->nid ||
		    page_zonenum(page) != zone->idx)
			return violation(
				c->msg, c->size,
				"pfn %llu: on the order-%u list of node %d "
				"zone %s but flags %#llx order %llu",
				(unsigned long long)pfn, order, zone->nid,
				zone->name, (unsigned long long)page->flags,
				(unsigned long long)page->private);
		if (sec < zone->sec_first || sec > zone->sec_last ||
		    zone_piece_is_pristine(zone, sec))
			return violation(
				c->msg, c->size,
				"pfn %llu: listed but its piece is pristine",
				(unsigned long long)pfn);
	}
	if (seen != expect)
		return violation(c->msg, c->size,
				 "node %d zone %s order %u: %lu blocks listed, "
				 "%lu expected",
				 zone->nid, zone->name, order, seen, expect);
	/* every head in memory is listed once: no page on two lists */
	if (seen != heads)
		return violation(c->msg, c->size,
				 "node %d zone %s order %u: %lu listed, %lu "
				 "block heads in memory",
				 zone->nid, zone->name, order, seen, heads);
	return true;
}

static bool check_zone(const struct check *c, const struct numa_zone *zone)
{
	unsigned long hist[NR_PAGE_ORDERS] = { 0 };
	unsigned long heads[NR_PAGE_ORDERS] = { 0 };
	unsigned long free_pages = 0, blocks = 0, sec;
	unsigned int o;

	if (zone->spanned_pages != zone->present_pages ||
	    zone->managed_pages != zone->present_pages)
		return violation(
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
				return violation(c->msg, c->size,
						 "node %d zone %s: pristine "
						 "section %lu below hint %lu",
						 zone->nid, zone->name, sec,
						 zone->pristine_hint);
			numa_zone_piece(zone, sec, &start, &end);
			numa_block_histogram(start, end, hist);
		}
		if (!count_zone_heads(c, zone, heads))
			return false;
	}
	for (o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &zone->free_area[o];

		if (area->nr_pristine != hist[o])
			return violation(
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
		return violation(c->msg, c->size,
				 "node %d zone %s: nr_free_pages %lu (blocks "
				 "%lu), free areas hold %lu (%lu)",
				 zone->nid, zone->name,
				 zone->vm_stat[NR_FREE_PAGES],
				 zone->vm_stat[NR_FREE_PAGES_BLOCKS],
				 free_pages, blocks);
	if (free_pages > zone->managed_pages)
		return violation(c->msg, c->size,
				 "node %d zone %s: %lu free of %lu managed",
				 zone->nid, zone->name, free_pages,
				 zone->managed_pages);
	return true;
}

bool numa_consistent(const struct numa_state *ns, char *msg, size_t size)
{
	const struct check c = { .ns = ns, .msg = msg, .size = size };
	unsigned long sec, materialized = 0, used = 0, free_pages = 0;

	if (msg && size)
		msg[0] = '\0';
	for (sec = 0; sec < ns->nr_sections; sec++) {
		materialized += ns->sections[sec].mem_map != NULL;
		used += ns->sections[sec].nr_used;
		if (!check_section(&c, sec))
			return false;
	}
	if (materialized != ns->nr_materialized)
		return violation(msg, size,
				 "%lu sections materialised, counter says %lu",
				 materialized, ns->nr_materialized);
	for (unsigned int n = 0; n < ns->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone *zone = &ns->nodes[n].zones[z];

			if (!check_zone(&c, zone))
				return false;
			free_pages += zone->vm_stat[NR_FREE_PAGES];
		}
	}
	if (free_pages + used != ns->max_pfn)
		return violation(
			msg, size,
			"%lu free + %lu used frames != %llu frames of RAM",
			free_pages, used, (unsigned long long)ns->max_pfn);
	return true;
}
