/* SPDX-License-Identifier: MIT */
/*
 * swap/swap.h - swap areas, their slots and the swap cache (Linux's
 * mm/swapfile.c and mm/swap_state.c).
 *
 * An area (struct swap_info, one per active swapon) is a block device or
 * a regular file of the simulated file system whose first page carries
 * the SWAPSPACE2 header.  Slot 0 is that header; slots 1 .. pages are the
 * usable ones.  Each slot keeps, in a chunk allocated on first use:
 *
 *   count  the swap entries (page-table entries) referring to it
 *          (Linux's swap_map count without SWAP_HAS_CACHE)
 *   cache  the swap-cache page holding its data, or NULL
 *          (SWAP_HAS_CACHE and the swap address space in one)
 *   data   the content word of the page written there: valid only while
 *          no cache page holds the data -- the word moves between the
 *          frame and the slot, so nothing is ever copied or lost
 *   anon, index  the rmap identity (anon_vma, linear index) of the page
 *          written there, restored when the slot is read back
 *
 * A slot is in use while its count or its cache is non-zero.  The area
 * order for allocation is the swap_avail list: by priority, higher first;
 * an area that just gave a slot goes behind the other areas of its
 * priority (plist_requeue()), so equal priorities take turns page by page.
 * Within an area slots are taken next-fit from a cursor -- what Linux's
 * cluster allocator does on one CPU for a fresh area; no per-CPU cluster
 * or slot cache (see docs/design-notes.md, "Swap").
 *
 * This layer owns numbers only.  Page frames, page tables and content
 * words are the VM layer's (vm/fault.c), which calls down into here.
 */
#ifndef PMM_SWAP_SWAP_H
#define PMM_SWAP_SWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pmm_sim;
struct pmm_page;
struct vm_file;

/*
 * MAX_SWAPFILES on the reference kernel: 32 entry types less the three
 * migration types and the PTE marker type (no DEVICE_PRIVATE, no
 * MEMORY_FAILURE: the configuration render.h names).
 */
#define SWP_TYPE_SHIFT		5
#define MAX_SWAPFILES		((1 << SWP_TYPE_SHIFT) - 3 - 1)
/* the migration entry types after the swap files' (swapops.h) */
#define SWP_MIGRATION_READ		MAX_SWAPFILES
#define SWP_MIGRATION_READ_EXCLUSIVE	(MAX_SWAPFILES + 1)
#define SWP_MIGRATION_WRITE		(MAX_SWAPFILES + 2)

/* swapon(2) flags (include/linux/swap.h) */
#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_DISCARD	0x10000
#define SWAP_FLAG_DISCARD_ONCE	0x20000
#define SWAP_FLAG_DISCARD_PAGES	0x40000
#define SWAP_FLAGS_VALID	(SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | \
				 SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE | \
				 SWAP_FLAG_DISCARD_PAGES)

/* union swap_header: the fields mkswap writes (version 1) */
#define SWAP_HDR_VERSION_OFF	1024
#define SWAP_HDR_LAST_PAGE_OFF	1028
#define SWAP_HDR_NR_BAD_OFF	1032
#define SWAP_HDR_MAGIC		"SWAPSPACE2"
#define SWAP_HDR_MAGIC_LEN	10
#define SWAP_HDR_MAGIC_OFF	(4096 - SWAP_HDR_MAGIC_LEN)
/* mkswap(8) refuses less than 10 pages (40 KiB) */
#define SWAP_MIN_PAGES		10

/* swp_entry_t: the arch-independent (type, offset) pair */
typedef struct {
	uint64_t val;
} swp_entry_t;

static inline swp_entry_t swp_entry(unsigned int type, uint64_t offset)
{
	return (swp_entry_t){ ((uint64_t)type << 58) |
			      (offset & ((1ull << 58) - 1)) };
}

static inline unsigned int swp_type(swp_entry_t e)
{
	return (unsigned int)(e.val >> 58);
}

static inline uint64_t swp_offset(swp_entry_t e)
{
	return e.val & ((1ull << 58) - 1);
}

#define SWAP_CHUNK_SHIFT	9
#define SWAP_CHUNK		(1u << SWAP_CHUNK_SHIFT)

struct swap_chunk {
	uint32_t count[SWAP_CHUNK];
	struct pmm_page *cache[SWAP_CHUNK];
	uint64_t data[SWAP_CHUNK];
	void *anon[SWAP_CHUNK];
	uint64_t index[SWAP_CHUNK];
	uint32_t used;			/* slots in use in this chunk */
};

/**
 * struct swap_info - one active swap area (swap_info_struct)
 * @type:      its index in swap_state.si (the swap entry type)
 * @prio:      priority; negative ones are the defaults -2, -3, ...
 * @flags:     the swapon flags it was activated with
 * @partition: a block device (/proc/swaps "partition"), else a file
 * @inode:     the device node or file (a reference)
 * @max:       slots including the header slot (header last_page + 1)
 * @pages:     usable slots (Linux's si->pages: max - 1 - bad)
 * @inuse:     slots in use (count or cache)
 * @cursor:    next-fit cursor (cluster_next)
 * @chunks:    DIV_ROUND_UP(max, SWAP_CHUNK) chunk pointers
 * @avail_next: the next area in allocation order (swap_avail list)
 */
struct swap_info {
	unsigned int type;
	int prio;
	int flags;
	bool partition;
	struct vm_file *inode;
	uint64_t max;
	uint64_t pages;
	uint64_t inuse;
	uint64_t cursor;
	struct swap_chunk **chunks;
	uint64_t nr_chunks;
};

/* A block device the machine has (a swapdev kind=partition). */
struct swap_bdev {
	struct vm_file *inode;		/* its node (a reference) */
	uint64_t latency_ns;		/* configured; no cost model yet */
	struct swap_bdev *next;
};

/**
 * struct swap_state - the machine's swap
 * @si:             areas by type; NULL slots are free types
 * @order:          active areas in allocation order (swap_avail list)
 * @nr_active:      entries in @order
 * @least_priority: the last default priority handed out (starts at -1)
 * @total_pages:    total_swap_pages
 * @free_pages:     nr_swap_pages
 * @bdevs:          block devices (swapdev kind=partition)
 */
struct swap_state {
	struct swap_info *si[MAX_SWAPFILES];
	struct swap_info *order[MAX_SWAPFILES];
	unsigned int nr_active;
	int least_priority;
	uint64_t total_pages;
	uint64_t free_pages;
	struct swap_bdev *bdevs;
};

/* ---- provided by swapfile.c: areas and slots ----------------------------- */

void swap_state_init(struct pmm_sim *sim);
/* Drop every area (machine teardown; every slot must be free). */
void swap_state_fini(struct pmm_sim *sim);

/* The active area of type @type, or NULL. */
struct swap_info *swap_info_get(struct pmm_sim *sim, unsigned int type);
/* The active area on @inode, or NULL. */
struct swap_info *swap_find_inode(struct pmm_sim *sim,
				  const struct vm_file *inode);
bool swap_is_bdev(struct pmm_sim *sim, const struct vm_file *inode);
int swap_add_bdev(struct pmm_sim *sim, struct vm_file *inode,
		  uint64_t latency_ns);

/*
 * swap_activate() - enable an area over @inode with @max slots (header
 * included): the rest of sys_swapon() once the header was read.
 * Return: 0, -EPERM (MAX_SWAPFILES), -ENOMEM; nothing changed on error.
 */
int swap_activate(struct pmm_sim *sim, struct vm_file *inode, bool partition,
		  uint64_t max, int flags);
/* The area leaves: every slot must be free (after swap_unuse). */
void swap_deactivate(struct pmm_sim *sim, struct swap_info *si);

/* Slot @off of @si: its chunk (allocated when @alloc), or NULL. */
struct swap_chunk *swap_chunk_of(struct pmm_sim *sim, struct swap_info *si,
				 uint64_t off, bool alloc);

static inline unsigned int swap_slot(uint64_t off)
{
	return (unsigned int)(off & (SWAP_CHUNK - 1));
}

/*
 * swap_alloc_slot() - get_swap_pages() for one page: a free slot of the
 * first area in allocation order with room; the slot is in use (count 0,
 * no cache yet) until the caller adds a cache page or a count.
 * Return: true with *@entry set, or false when no area has room.
 */
bool swap_alloc_slot(struct pmm_sim *sim, swp_entry_t *entry);

/* swap_duplicate(): one more entry refers to the slot. */
void swap_dup(struct pmm_sim *sim, swp_entry_t e);

/*
 * swap_put() - one entry less refers to the slot (swap_free()).
 * Return: true when the slot has no count left.
 */
bool swap_put(struct pmm_sim *sim, swp_entry_t e);

/*
 * swap_slot_free() - the slot is no longer in use: count 0, no cache.
 * Its data word is handed back in *@data (the caller frees the content).
 */
void swap_slot_free(struct pmm_sim *sim, swp_entry_t e, uint64_t *data);

/* The count and cache of @e's slot (0 / NULL when not in use). */
uint32_t swap_count(struct pmm_sim *sim, swp_entry_t e);
struct pmm_page *swap_cache_lookup(struct pmm_sim *sim, swp_entry_t e);
/* The slot's swap cache pointer, for the VM layer to set or clear. */
struct pmm_page **swap_cache_slot(struct pmm_sim *sim, swp_entry_t e);
/* The slot's data word and rmap identity. */
uint64_t *swap_data_slot(struct pmm_sim *sim, swp_entry_t e, void ***anon,
			 uint64_t **index);

/* vm_swap_full(): more than half of the swap space is in use. */
bool swap_full(const struct pmm_sim *sim);

/*
 * swap_consistent() - per-area counters against the slots: inuse, the
 * machine's free and total pages, every cache page's swap entry.
 */
bool swap_consistent(struct pmm_sim *sim, char *msg, size_t size);

#endif /* PMM_SWAP_SWAP_H */
