// SPDX-License-Identifier: MIT
/*
 * fault.c - page tables, the page-fault path and page contents: the x86-64
 * walk, demand-zero anonymous memory (a read maps the shared zero page,
 * a write allocates), shmem pages of MAP_SHARED|MAP_ANONYMOUS memory,
 * copy-on-write, stack growth (expand_downwards() with RLIMIT_STACK and
 * the guard gap), guard markers, and the page-table side of munmap, fork,
 * mremap, mprotect, MADV_DONTNEED and populate; and the page side of
 * swap: the swap cache, swap-out (MADV_PAGEOUT), swap-in (do_swap_page())
 * and swapoff's try_to_unuse().  A frame that cannot be allocated kills
 * the faulting process (the OOM killer's choice until it lands).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <peiosmm/vm.h>

#include "kernel/kernel.h"
#include "vm/pgtable.h"
#include "vm/uapi.h"
#include "vm/vm.h"

#define NUMA_ALL	(~(uint64_t)0)

/* ---- page contents ------------------------------------------------------- */

uint8_t content_byte(uint64_t word, unsigned int off)
{
	uint8_t b;

	content_read(word, off, &b, 1);
	return b;
}

/* 4 KiB content buffers come from, and go back to, a small free list. */
#define BUF_CACHE_MAX 1024

static uint8_t *buf_alloc(struct pmm_sim *sim)
{
	void *b = sim->vm.buf_cache;

	if (b) {
		sim->vm.buf_cache = *(void **)b;
		sim->vm.buf_cached--;
		return b;
	}
	return pmm_alloc(&sim->alloc, PAGE_SIZE);
}

static void buf_free(struct pmm_sim *sim, void *b)
{
	if (sim->vm.buf_cached < BUF_CACHE_MAX) {
		*(void **)b = sim->vm.buf_cache;
		sim->vm.buf_cache = b;
		sim->vm.buf_cached++;
		return;
	}
	pmm_free(&sim->alloc, b, PAGE_SIZE);
}

void vm_buf_cache_fini(struct pmm_sim *sim)
{
	while (sim->vm.buf_cache) {
		void *b = sim->vm.buf_cache;

		sim->vm.buf_cache = *(void **)b;
		pmm_free(&sim->alloc, b, PAGE_SIZE);
	}
	sim->vm.buf_cached = 0;
}

static bool content_is_buf(uint64_t w)
{
	return w && !CONTENT_IS_FP(w) && !CONTENT_IS_EXT(w);
}

static uint8_t *content_buf(struct pmm_sim *sim, struct pmm_page *pg)
{
	uint64_t w = pg->private;
	uint8_t *b;

	if (content_is_buf(w))
		return (uint8_t *)(uintptr_t)w;
	b = buf_alloc(sim);
	if (!b)
		return NULL;
	content_read(w, 0, b, PAGE_SIZE);
	if (CONTENT_IS_EXT(w))
		pmm_free(&sim->alloc, content_ext(w), sizeof(struct content_ext));
	pg->private = (uint64_t)(uintptr_t)b;
	return b;
}

static void content_word_free(struct pmm_sim *sim, uint64_t w)
{
	if (content_is_buf(w))
		buf_free(sim, (void *)(uintptr_t)w);
	else if (CONTENT_IS_EXT(w))
		pmm_free(&sim->alloc, content_ext(w), sizeof(struct content_ext));
}

static void content_free(struct pmm_sim *sim, struct pmm_page *pg)
{
	content_word_free(sim, pg->private);
	pg->private = 0;
}

static int content_copy(struct pmm_sim *sim, struct pmm_page *dst,
			const struct pmm_page *src)
{
	uint64_t w = src->private;

	if (content_is_buf(w)) {
		uint8_t *b = buf_alloc(sim);

		if (!b)
			return -ENOMEM;
		memcpy(b, (const void *)(uintptr_t)w, PAGE_SIZE);
		dst->private = (uint64_t)(uintptr_t)b;
	} else if (CONTENT_IS_EXT(w)) {
		struct content_ext *x = pmm_alloc(&sim->alloc, sizeof(*x));

		if (!x)
			return -ENOMEM;
		*x = *content_ext(w);
		dst->private = (uint64_t)(uintptr_t)x | 2;
	} else {
		dst->private = w;
	}
	return 0;
}

/*
 * Store @n bytes at @off (@src, or @fill when @src is NULL) as an overlay
 * of the bulk content while few bytes were stored; false when the page
 * must be materialised instead.
 */
static bool content_store_small(struct pmm_sim *sim, struct pmm_page *pg,
				unsigned int off, const uint8_t *src, int fill,
				unsigned int n)
{
	uint64_t w = pg->private;
	struct content_ext *x;

	if (content_is_buf(w) || n > CONTENT_EXT_MAX)
		return false;
	if (CONTENT_IS_EXT(w)) {
		x = content_ext(w);
		if (x->n + n > CONTENT_EXT_MAX)
			return false;
	} else {
		x = pmm_alloc(&sim->alloc, sizeof(*x));
		if (!x)
			return false;
		x->base = w;
		x->n = 0;
		pg->private = (uint64_t)(uintptr_t)x | 2;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint16_t o = (uint16_t)(off + i);
		uint8_t v = src ? src[i] : (uint8_t)fill;
		uint32_t lo = 0, hi = x->n;

		while (lo < hi) {		/* sorted by offset */
			uint32_t mid = (lo + hi) / 2;

			if (x->e[mid].off < o)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < x->n && x->e[lo].off == o) {
			x->e[lo].val = v;
			continue;
		}
		memmove(&x->e[lo + 1], &x->e[lo],
			(x->n - lo) * sizeof(x->e[0]));
		x->e[lo].off = o;
		x->e[lo].val = v;
		x->n++;
	}
	return true;
}

/* A store of unrecorded values: the page gets new bulk content. */
static void content_scramble(struct pmm_sim *sim, struct pmm_page *pg)
{
	uint64_t s = ++sim->vm.content_seq;

	content_free(sim, pg);
	pg->private = pmm_splitmix64(&s) | 1;
}

/* ---- frames -------------------------------------------------------------- */

/*
 * A frame from node @nid's zonelist, allocated on the current CPU (its
 * per-CPU lists): the fast path at the low mark, then down to min (no
 * reclaim yet).
 */
static struct pmm_page *frame_alloc(struct pmm_sim *sim, int nid,
				    unsigned int gfp)
{
	struct pmm_page *pg;

	pg = page_alloc(&sim->numa, sim->cur_cpu, 0, nid, NUMA_ALL,
			gfp | GFP_WMARK_LOW, NULL);
	if (!pg)
		pg = page_alloc(&sim->numa, sim->cur_cpu, 0, nid, NUMA_ALL,
				gfp | GFP_WMARK_MIN, NULL);
	if (pg) {
		pg->refcount = 1;
		pg->mapcount = 0;
		pg->mapping = NULL;
		pg->index = 0;
		pg->private = 0;
	}
	return pg;
}

static void frame_free(struct pmm_sim *sim, struct pmm_page *pg)
{
	/* every locked mapping went before the last reference, and the
	 * swap cache holds one */
	PMM_BUG_ON(pg->flags & ((1ull << PG_mlocked) |
				(1ull << PG_unevictable) |
				(1ull << PG_swapcache)));
	content_free(sim, pg);
	pg->refcount = 0;
	pg->mapcount = 0;
	pg->mapping = NULL;
	pg->index = 0;
	pg->flags &= ~((1ull << PG_anon) | (1ull << PG_shmem) |
		       (1ull << PG_pgtable) | (1ull << PG_zero) |
		       (1ull << PG_dirty) | (1ull << PG_anon_exclusive));
	page_free(&sim->numa, sim->cur_cpu, pg, 0);
}

static void node_stat(struct pmm_sim *sim, const struct pmm_page *pg,
		      enum node_stat_item item, long delta)
{
	sim->numa.nodes[page_to_nid(pg)].vm_stat[item] += (unsigned long)delta;
}

/*
 * mlock_folio() / munlock_folio(): one locked mapping of @pg more or less.
 * A page with any is PG_mlocked: counted in NR_MLOCK (Mlocked) and on the
 * unevictable list (Unevictable), which reclaim never scans.
 */
static void page_mlock(struct pmm_sim *sim, struct pmm_page *pg)
{
	if (pg->flags & (1ull << PG_mlocked)) {
		pg->mlock_count++;
		return;
	}
	pg->flags |= 1ull << PG_mlocked;
	pg->mlock_count = 1;
	page_zone(&sim->numa, pg)->vm_stat[NR_MLOCK]++;
	if (!(pg->flags & (1ull << PG_unevictable)))
		node_stat(sim, pg, NR_UNEVICTABLE, 1);
	sim->numa.vm_events[UNEVICTABLE_PGS_MLOCKED]++;
}

static void page_munlock(struct pmm_sim *sim, struct pmm_page *pg)
{
	PMM_BUG_ON(!(pg->flags & (1ull << PG_mlocked)) || !pg->mlock_count);
	if (--pg->mlock_count)
		return;
	pg->flags &= ~(1ull << PG_mlocked);
	page_zone(&sim->numa, pg)->vm_stat[NR_MLOCK]--;
	if (!(pg->flags & (1ull << PG_unevictable)))
		node_stat(sim, pg, NR_UNEVICTABLE, -1);
	sim->numa.vm_events[UNEVICTABLE_PGS_MUNLOCKED]++;
}

/*
 * A page of an unevictable mapping (SHM_LOCK) sits on the unevictable
 * list: Unevictable counts it once, mlocked or not; Mlocked does not.
 */
static void page_set_unevictable(struct pmm_sim *sim, struct pmm_page *pg)
{
	if (pg->flags & (1ull << PG_unevictable))
		return;
	pg->flags |= 1ull << PG_unevictable;
	if (!(pg->flags & (1ull << PG_mlocked)))
		node_stat(sim, pg, NR_UNEVICTABLE, 1);
	sim->numa.vm_events[UNEVICTABLE_PGS_CULLED]++;
}

static void page_clear_unevictable(struct pmm_sim *sim, struct pmm_page *pg,
				   bool rescued)
{
	if (!(pg->flags & (1ull << PG_unevictable)))
		return;
	pg->flags &= ~(1ull << PG_unevictable);
	if (!(pg->flags & (1ull << PG_mlocked)))
		node_stat(sim, pg, NR_UNEVICTABLE, -1);
	if (rescued)
		sim->numa.vm_events[UNEVICTABLE_PGS_RESCUED]++;
	else
		sim->numa.vm_events[UNEVICTABLE_PGS_CLEARED]++;
}

/* A present entry @p of @v for @pg: locked when @v is (mlock_vma_folio()). */
static pte_t pte_mlock(struct pmm_sim *sim, const struct vma *v,
		       struct pmm_page *pg, pte_t p)
{
	p &= ~PTE_SW_MLOCK;
	if ((v->vm_flags & VM_LOCKED) && !(pg->flags & (1ull << PG_zero))) {
		page_mlock(sim, pg);
		p |= PTE_SW_MLOCK;
	}
	return p;
}

static struct pmm_page *zero_page(struct pmm_sim *sim)
{
	struct pmm_page *z = sim->vm.zero_page;

	if (z)
		return z;
	z = page_alloc(&sim->numa, 0, 0, 0, NUMA_ALL, GFP_NO_WMARK, NULL);
	if (!z)
		return NULL;
	z->refcount = 1;
	z->mapcount = 0;
	z->mapping = NULL;
	z->index = 0;
	z->private = 0;
	z->flags |= 1ull << PG_zero;
	sim->vm.zero_page = z;
	return z;
}

void vm_fault_fini(struct pmm_sim *sim)
{
	if (sim->vm.zero_page)
		frame_free(sim, sim->vm.zero_page);
	sim->vm.zero_page = NULL;
}

static inline struct pmm_page *pte_page(struct pmm_sim *sim, pte_t p)
{
	return pfn_to_page(&sim->numa, pte_pfn(p));
}

static inline pte_t mk_pte(struct pmm_sim *sim, const struct pmm_page *pg,
			   uint64_t bits)
{
	return ((uint64_t)page_to_pfn(&sim->numa, pg) << PAGE_SHIFT) | bits;
}

/* ---- the walk -------------------------------------------------------------- */

static unsigned int nr_levels(const struct pmm_sim *sim)
{
	return sim->cfg.la57 ? 5 : 4;
}

static unsigned int idx(uint64_t addr, unsigned int level)
{
	return (unsigned int)(addr >> (PAGE_SHIFT + 9 * level)) & 511u;
}

/* A table frame; counted in NR_PAGETABLE and, below the PGD, in VmPTE. */
static void *table_alloc(struct pmm_sim *sim, struct pmm_mm *mm, bool leaf,
			 bool counted)
{
	size_t sz = leaf ? sizeof(struct pt_leaf) : sizeof(struct pt_upper);
	/* page tables come from the local node */
	struct pmm_page *pg = frame_alloc(sim, cpu_to_node(sim, sim->cur_cpu),
					  0);
	void *t;

	if (!pg)
		return NULL;
	t = pmm_zalloc(&sim->alloc, sz);
	if (!t) {
		frame_free(sim, pg);
		return NULL;
	}
	pg->flags |= 1ull << PG_pgtable;
	node_stat(sim, pg, NR_PAGETABLE, 1);
	if (counted)
		mm->pgtables_bytes += PAGE_SIZE;
	if (leaf)
		((struct pt_leaf *)t)->frame = pg;
	else
		((struct pt_upper *)t)->frame = pg;
	return t;
}

static void table_free(struct pmm_sim *sim, struct pmm_mm *mm, void *t,
		       bool leaf, bool counted)
{
	struct pmm_page *pg = leaf ? ((struct pt_leaf *)t)->frame :
				     ((struct pt_upper *)t)->frame;

	node_stat(sim, pg, NR_PAGETABLE, -1);
	if (counted)
		mm->pgtables_bytes -= PAGE_SIZE;
	frame_free(sim, pg);
	pmm_free(&sim->alloc, t, leaf ? sizeof(struct pt_leaf) :
					sizeof(struct pt_upper));
}

/*
 * The leaf table covering @addr; allocated (with the tables above it)
 * when @alloc.  NULL when absent, or -ENOMEM in *err.
 */
static struct pt_leaf *leaf_lookup(struct pmm_sim *sim, struct pmm_mm *mm,
				   uint64_t addr, bool alloc, int *err)
{
	unsigned int top = nr_levels(sim) - 1;
	struct pt_upper *t;

	*err = 0;
	if (!mm->pgd) {
		if (!alloc)
			return NULL;
		mm->pgd = table_alloc(sim, mm, false, false);
		if (!mm->pgd) {
			*err = -ENOMEM;
			return NULL;
		}
	}
	t = mm->pgd;
	for (unsigned int level = top; level >= 1; level--) {
		unsigned int i = idx(addr, level);
		void *child = t->child[i];

		if (!child) {
			if (!alloc)
				return NULL;
			/* PUD and lower are in VmPTE; a P4D (la57) is not */
			child = table_alloc(sim, mm, level == 1,
					    level <= 3 && !(top == 4 &&
							    level == 4));
			if (!child) {
				*err = -ENOMEM;
				return NULL;
			}
			t->child[i] = child;
			t->e[i] = mk_pte(sim, level == 1 ?
					 ((struct pt_leaf *)child)->frame :
					 ((struct pt_upper *)child)->frame,
					 PTE_PRESENT | PTE_RW | PTE_USER |
					 PTE_ACCESSED | PTE_DIRTY);
			t->nr_used++;
		}
		if (level == 1)
			return child;
		t = child;
	}
	return NULL;
}

static pte_t *pte_lookup(struct pmm_sim *sim, struct pmm_mm *mm,
			 uint64_t addr, bool alloc, struct pt_leaf **lp,
			 int *err)
{
	struct pt_leaf *l = leaf_lookup(sim, mm, addr, alloc, err);

	if (lp)
		*lp = l;
	return l ? &l->e[idx(addr, 0)] : NULL;
}

/* ---- rmap-side bookkeeping ----------------------------------------------------- */

static void rss_add(struct pmm_mm *mm, const struct pmm_page *pg, long d)
{
	if (pg->flags & (1ull << PG_shmem))
		mm->rss_shmem += (uint64_t)d;
	else if (pg->flags & (1ull << PG_anon))
		mm->rss_anon += (uint64_t)d;
	else
		mm->rss_file += (uint64_t)d;
}

/* ---- the swap cache (mm/swap_state.c) --------------------------------------- */

/*
 * A page in the swap cache holds a reference and is counted in
 * NR_SWAPCACHE and NR_FILE_PAGES (Cached leaves it out again).  Its swap
 * slot's data word is empty while it is there: the content lives in the
 * page (swap.h).
 */
static void swapcache_add(struct pmm_sim *sim, struct pmm_page *pg,
			  swp_entry_t e)
{
	*swap_cache_slot(sim, e) = pg;
	pg->flags |= 1ull << PG_swapcache;
	pg->swap = e.val;
	pg->refcount++;
	node_stat(sim, pg, NR_SWAPCACHE, 1);
	node_stat(sim, pg, NR_FILE_PAGES, 1);
}

/* __delete_from_swap_cache(): the cache's reference goes with it. */
static void swapcache_del(struct pmm_sim *sim, struct pmm_page *pg)
{
	swp_entry_t e = { pg->swap };

	*swap_cache_slot(sim, e) = NULL;
	pg->flags &= ~(1ull << PG_swapcache);
	pg->swap = 0;
	node_stat(sim, pg, NR_SWAPCACHE, -1);
	node_stat(sim, pg, NR_FILE_PAGES, -1);
	if (--pg->refcount == 0)
		frame_free(sim, pg);
}

/* The slot is free: its data word (if any) goes. */
static void swap_release(struct pmm_sim *sim, swp_entry_t e)
{
	uint64_t data;

	swap_slot_free(sim, e, &data);
	content_word_free(sim, data);
}

/* swap_writepage() done: the page's content and rmap identity go to the
 * slot, which is their only home from now on. */
static void slot_write(struct pmm_sim *sim, swp_entry_t e,
		       struct pmm_page *pg)
{
	void **anon;
	uint64_t *index, *data = swap_data_slot(sim, e, &anon, &index);

	*data = pg->private;
	*anon = pg->mapping;
	*index = pg->index;
	pg->private = 0;
}

/* swap_read_folio(): the slot's content and identity come back. */
static void slot_read(struct pmm_sim *sim, swp_entry_t e, struct pmm_page *pg)
{
	void **anon;
	uint64_t *index, *data = swap_data_slot(sim, e, &anon, &index);

	pg->private = *data;
	pg->mapping = *anon;
	pg->index = *index;
	pg->flags |= 1ull << PG_anon;
	*data = 0;
	sim->numa.vm_events[PSWPIN]++;
}

/*
 * folio_free_swap(): a swap-cache page no swap entry refers to any more
 * leaves the cache and frees its slot; it is dirty again, the disk copy
 * being gone.  The page itself stays while anything else holds it.
 */
static bool try_free_swap(struct pmm_sim *sim, struct pmm_page *pg)
{
	swp_entry_t e = { pg->swap };

	if (!(pg->flags & (1ull << PG_swapcache)) || swap_count(sim, e))
		return false;
	pg->flags |= 1ull << PG_dirty;
	swapcache_del(sim, pg);
	swap_release(sim, e);
	return true;
}

/*
 * free_swap_and_cache(): one swap entry less refers to @e; when none is
 * left, an unmapped cache page goes with the slot (__try_to_reclaim_swap()
 * with TTRS_UNMAPPED), a mapped one gives its slot up when swap is more
 * than half full (TTRS_FULL), and with no cache page the slot is free.
 */
static void swap_entry_free(struct pmm_sim *sim, swp_entry_t e)
{
	struct pmm_page *pg;

	if (!swap_put(sim, e))
		return;
	pg = swap_cache_lookup(sim, e);
	if (!pg)
		swap_release(sim, e);
	else if (!pg->mapcount || swap_full(sim))
		try_free_swap(sim, pg);
}

/* page_add_*_rmap() + the counters of a new mapping of @pg */
static void page_map(struct pmm_sim *sim, struct pmm_mm *mm,
		     struct pmm_page *pg)
{
	if (pg->flags & (1ull << PG_zero))
		return;
	if (pg->mapcount++ == 0)
		node_stat(sim, pg, (pg->flags & (1ull << PG_anon)) ?
			  NR_ANON_MAPPED : NR_FILE_MAPPED, 1);
	rss_add(mm, pg, 1);
	mm->hiwater_rss = mm->hiwater_rss > mm->rss_anon + mm->rss_shmem +
			  mm->rss_file ? mm->hiwater_rss :
			  mm->rss_anon + mm->rss_shmem + mm->rss_file;
}

/* page_remove_rmap() and the reference the mapping held */
static void page_unmap(struct pmm_sim *sim, struct pmm_mm *mm,
		       struct pmm_page *pg)
{
	if (pg->flags & (1ull << PG_zero))
		return;
	PMM_BUG_ON(pg->mapcount <= 0 || !pg->refcount);
	if (--pg->mapcount == 0)
		node_stat(sim, pg, (pg->flags & (1ull << PG_anon)) ?
			  NR_ANON_MAPPED : NR_FILE_MAPPED, -1);
	rss_add(mm, pg, -1);
	if (--pg->refcount == 0)
		frame_free(sim, pg);
	else if (!pg->mapcount && pg->refcount == 1 &&
		 (pg->flags & (1ull << PG_swapcache)))
		try_free_swap(sim, pg);	/* free_swap_cache() */
}

/* ---- shmem objects: a radix of pages by index ------------------------------- */

#define SHM_LEVELS	3
#define SHM_MAX_INDEX	((uint64_t)1 << (9 * SHM_LEVELS))
_Static_assert(SHM_MAX_INDEX << PAGE_SHIFT == VM_PAGECACHE_MAX_BYTES,
	       "the page cache's reach is what vm.h says");

struct shm_node {
	void *slot[512];
};

static struct pmm_page **shm_slot(struct pmm_sim *sim, struct vm_file *f,
				  uint64_t index, bool alloc)
{
	void **p = &f->pages;

	if (index >= SHM_MAX_INDEX)
		return NULL;
	for (int level = SHM_LEVELS - 1; level >= 0; level--) {
		struct shm_node *n = *p;

		if (!n) {
			if (!alloc)
				return NULL;
			n = pmm_zalloc(&sim->alloc, sizeof(*n));
			if (!n)
				return NULL;
			*p = n;
		}
		p = &n->slot[(index >> (9 * level)) & 511];
	}
	return (struct pmm_page **)p;
}

/* Drop the cached page at @slot (delete_from_page_cache()). */
static void cache_drop(struct pmm_sim *sim, struct vm_file *f,
		       struct pmm_page **slot)
{
	struct pmm_page *pg = *slot;

	*slot = NULL;
	page_clear_unevictable(sim, pg, false);
	if (f->shmem)
		node_stat(sim, pg, NR_SHMEM, -1);
	node_stat(sim, pg, NR_FILE_PAGES, -1);
	f->nr_pages--;
	if (--pg->refcount == 0)
		frame_free(sim, pg);
}

/*
 * Every cached page slot of the radix below @node, in index order; with
 * @free the nodes go too, each after its slots.
 */
static void shm_walk(struct pmm_sim *sim, void *node, int level,
		     void (*fn)(struct pmm_sim *, struct pmm_page **, void *),
		     void *arg, bool free)
{
	struct shm_node *n = node;

	if (!n)
		return;
	for (int i = 0; i < 512; i++) {
		if (!n->slot[i])
			continue;
		if (level)
			shm_walk(sim, n->slot[i], level - 1, fn, arg, free);
		else
			fn(sim, (struct pmm_page **)&n->slot[i], arg);
	}
	if (free)
		pmm_free(&sim->alloc, n, sizeof(*n));
}

static void release_one(struct pmm_sim *sim, struct pmm_page **slot,
			void *f)
{
	cache_drop(sim, f, slot);
}

void vm_shmem_release(struct pmm_sim *sim, struct vm_file *f)
{
	shm_walk(sim, f->pages, SHM_LEVELS - 1, release_one, f, true);
	f->pages = NULL;
}

static void unevictable_one(struct pmm_sim *sim, struct pmm_page **slot,
			    void *on)
{
	if (*(bool *)on)
		page_set_unevictable(sim, *slot);
	else
		page_clear_unevictable(sim, *slot, true);
}

void vm_shmem_set_unevictable(struct pmm_sim *sim, struct vm_file *f,
			      bool on)
{
	/* Linux culls present pages when reclaim next meets them; the
	 * simulator moves them at once (no reclaim scan to wait for) */
	f->unevictable = on;
	shm_walk(sim, f->pages, SHM_LEVELS - 1, unevictable_one, &on, false);
}

/*
 * The page of @f at @index, created on first use: shmem pages start
 * zeroed (shmem_get_folio()); a file's page is read in with the file's
 * bytes, bulk content named by the inode and index (the page cache).
 */
/*
 * A regular file's page as read from disk: its bulk content named by the
 * file's seed and the index, zeroes past the data (the tail of the last
 * page, and whatever a truncate dropped or an extension added).
 */
static int file_read_in(struct pmm_sim *sim, const struct vm_file *f,
			uint64_t index, struct pmm_page *pg)
{
	uint64_t start = index << PAGE_SHIFT, x;
	uint8_t *b;

	pg->private = 0;
	if (!f->seed || start >= f->data_size ||
	    itree_first(&f->holes, index, index))
		return 0;
	x = f->seed * 0x9e3779b97f4a7c15ull + index;
	pg->private = pmm_splitmix64(&x) | 1;
	if (f->data_size - start >= PAGE_SIZE)
		return 0;
	b = content_buf(sim, pg);
	if (!b) {
		pg->private = 0;
		return -ENOMEM;
	}
	memset(b + (f->data_size - start), 0,
	       PAGE_SIZE - (f->data_size - start));
	return 0;
}

static int file_get_page(struct pmm_sim *sim, const struct vm_ctx *c,
			 struct vm_file *f, uint64_t index,
			 struct pmm_page **out)
{
	struct pmm_page **slot, *pg;
	int err;

	if (index >= PAGE_ALIGN(f->size) >> PAGE_SHIFT)
		return -EFAULT;			/* SIGBUS: past i_size */
	slot = shm_slot(sim, f, index, true);
	if (!slot)
		return -ENOMEM;
	if (!*slot) {
		/* filemap_alloc_folio(): the task's policy, not the VMA's */
		pg = frame_alloc(sim, vm_alloc_nid(sim, c, NULL, 0, index,
						   false), GFP_MOVABLE);
		if (!pg)
			return -ENOMEM;
		pg->mapping = f;
		pg->index = index;
		if (f->shmem) {
			pg->flags |= 1ull << PG_shmem;
			node_stat(sim, pg, NR_SHMEM, 1);
		} else if (f->regular) {
			err = file_read_in(sim, f, index, pg);
			if (err) {
				frame_free(sim, pg);
				return err;
			}
		} else {
			uint64_t x = f->ino * 0x9e3779b97f4a7c15ull + index;

			pg->private = pmm_splitmix64(&x) | 1;
		}
		node_stat(sim, pg, NR_FILE_PAGES, 1);
		f->nr_pages++;
		*slot = pg;
		if (f->unevictable)
			page_set_unevictable(sim, pg);
	}
	*out = *slot;
	return 0;
}

/* The backing object of a kernel-installed mapping ([vdso], [vvar]). */
static struct vm_file *special_file(struct pmm_sim *sim,
				    const struct vm_special *sp)
{
	unsigned int i = sp->name[2] == 'd' ? 0 : sp->name[5] == '_' ? 2 : 1;

	if (!sim->vm.special_file[i])
		sim->vm.special_file[i] = vm_file_create(sim, sp->name, 0, 0,
							 ++sim->vm.next_shmem_ino,
							 sp->pages << PAGE_SHIFT,
							 false);
	return sim->vm.special_file[i];
}

/* ---- faults ------------------------------------------------------------------ */

static void set_signal(struct pmm_access_result *res, int signo, int code,
		       uint64_t addr)
{
	res->status = PMM_ACCESS_SIGNAL;
	res->signo = signo;
	res->code = code;
	res->addr = addr;
}

/* expand_downwards() with acct_stack_growth() */
static int expand_stack(struct vm_ctx *c, struct vma *v, uint64_t addr)
{
	struct pmm_mm *mm = c->mm;
	struct vma *prev = vma_prev(v);
	uint64_t grow, size, lim;

	addr &= PAGE_MASK;
	if (addr < PAGE_ALIGN(sysctl_get_u64(&c->sim->sysctl,
					     SYSCTL_VM_MMAP_MIN_ADDR)))
		return -EPERM;
	/* the stack guard gap, against an accessible neighbour only */
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    addr - vma_end(prev) < mm->guard_gap)
		return -ENOMEM;
	if (prev && vma_end(prev) > addr)
		return -ENOMEM;
	grow = (vma_start(v) - addr) >> PAGE_SHIFT;
	size = vma_end(v) - addr;
	if (grow > v->vm_pgoff)
		return -ENOMEM;
	if (!vm_may_expand(c, v->vm_flags, grow))
		return -ENOMEM;
	lim = c->proc->rlim[PMM_RLIMIT_STACK].cur;
	if (lim != PMM_RLIM_INFINITY && size > lim)
		return -ENOMEM;
	if (vm_mlock_future_ok(c, v->vm_flags, grow << PAGE_SHIFT,
			       GATE_MLOCK_OVER_QUOTA))
		return -ENOMEM;
	if ((v->vm_flags & VM_ACCOUNT) && vm_acct_memory(c, (int64_t)grow))
		return -ENOMEM;
	if (anon_vma_prepare(c, v)) {
		if (v->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(c->sim, (int64_t)grow);
		return -ENOMEM;
	}
	vma_resize(mm, v, addr, vma_end(v), v->vm_pgoff - grow);
	return 0;
}

/* access_error(): x86 reads need any access bit, writes VM_WRITE, fetches
 * VM_EXEC. */
static bool access_error(const struct vma *v, int kind)
{
	if (kind == PMM_ACCESS_WRITE)
		return !(v->vm_flags & VM_WRITE);
	if (kind == PMM_ACCESS_EXEC)
		return !(v->vm_flags & VM_EXEC);
	return !(v->vm_flags & VM_ACCESS_FLAGS);
}

/*
 * check_vma_flags(): an access through get_user_pages() needs VM_READ to
 * read and VM_WRITE to write, not what the CPU would take; FOLL_FORCE
 * (/proc/<pid>/mem) reads any VM_MAYREAD mapping and writes a private
 * VM_MAYWRITE one (a copy-on-write mapping).  VM_IO/VM_PFNMAP mappings
 * have no pages to get.
 */
static bool gup_error(const struct vma *v, bool write, bool force)
{
	uint64_t f = v->vm_flags;

	if (f & (VM_IO | VM_PFNMAP))
		return true;
	if (write)
		return !(f & VM_WRITE) &&
		       (!force || (f & (VM_SHARED | VM_MAYWRITE)) != VM_MAYWRITE);
	return !(f & VM_READ) && (!force || !(f & VM_MAYREAD));
}

/* maybe_mkwrite(): a write fault in a VMA without VM_WRITE (FOLL_FORCE)
 * leaves the entry read-only. */
static inline pte_t maybe_mkwrite(const struct vma *v, pte_t p)
{
	return (v->vm_flags & VM_WRITE) ? p | PTE_RW : p;
}

enum fault_ret { FAULT_OK, FAULT_SIGSEGV, FAULT_SIGBUS, FAULT_OOM };

/*
 * Whether an access must fault first: nothing is mapped, or a write meets
 * a read-only entry -- unless it is a FOLL_FORCE write in a VMA without
 * VM_WRITE to an exclusive anonymous page, which goes through the entry
 * as it is (can_follow_write_pte()).
 */
static bool access_needs_fault(struct pmm_sim *sim, const struct vma *v,
			       const pte_t *ptep, bool write, bool force)
{
	if (!ptep || !pte_present(*ptep))
		return true;
	if (!write || (*ptep & PTE_RW))
		return false;
	return !force || (v->vm_flags & VM_WRITE) ||
	       !(pte_page(sim, *ptep)->flags & (1ull << PG_anon_exclusive));
}

/*
 * do_fault_around() with filemap_map_pages(): a read fault on a file or
 * shmem mapping first maps the pages of the object already in its cache
 * around @addr -- the fault_around_bytes (64 KiB) block of the PTE table
 * that holds @addr, clipped to the VMA and to i_size -- into none entries
 * (markers stay).  They are mapped as the fault maps a page: writable in a
 * shared writable mapping, and then dirty if the page is (set_pte_range()).
 * The faulting page itself is left to the caller.
 */
#define FAULT_AROUND_PAGES	16u

static void fault_around(struct vm_ctx *c, struct vma *v, struct vm_file *f,
			 struct pt_leaf *leaf, uint64_t addr)
{
	struct pmm_sim *sim = c->sim;
	uint64_t pte_off = idx(addr, 0);
	uint64_t vma_off = (addr - vma_start(v)) >> PAGE_SHIFT;
	uint64_t nr = (vma_end(v) - vma_start(v)) >> PAGE_SHIFT;
	uint64_t table = addr & ~((uint64_t)PTRS_PER_TABLE * PAGE_SIZE - 1);
	uint64_t file_end = PAGE_ALIGN(f->size) >> PAGE_SHIFT;
	uint64_t from, to;

	from = pte_off & ~(uint64_t)(FAULT_AROUND_PAGES - 1);
	if (from < pte_off - (vma_off < pte_off ? vma_off : pte_off))
		from = pte_off - (vma_off < pte_off ? vma_off : pte_off);
	to = from + FAULT_AROUND_PAGES;
	if (to > PTRS_PER_TABLE)
		to = PTRS_PER_TABLE;
	if (to > pte_off + nr - vma_off)
		to = pte_off + nr - vma_off;
	for (uint64_t i = from; i < to; i++) {
		uint64_t a = table + i * PAGE_SIZE, index = vma_pgoff_of(v, a);
		uint64_t bits = PTE_PRESENT | PTE_USER | PTE_ACCESSED;
		struct pmm_page **slot, *pg;

		if (i == pte_off || !pte_none(leaf->e[i]) || index >= file_end)
			continue;
		slot = shm_slot(sim, f, index, false);
		if (!slot || !*slot)
			continue;
		pg = *slot;
		pg->refcount++;
		page_map(sim, c->mm, pg);
		if ((v->vm_flags & (VM_SHARED | VM_WRITE)) ==
		    (VM_SHARED | VM_WRITE) && !vma_wants_writenotify(v)) {
			bits |= PTE_RW;
			if (pg->flags & (1ull << PG_dirty))
				bits |= PTE_DIRTY;
		}
		leaf->e[i] = pte_mlock(sim, v, pg, mk_pte(sim, pg, bits));
		leaf->nr_used++;
	}
}

/*
 * A private anonymous copy of @src for the page of @v at @addr, mapped in
 * the rmap and counted (the copy half of do_cow_fault()/wp_page_copy()).
 */
static struct pmm_page *anon_copy(struct vm_ctx *c, struct vma *v,
				  uint64_t addr, const struct pmm_page *src)
{
	struct pmm_page *pg;

	if (anon_vma_prepare(c, v))
		return NULL;
	pg = frame_alloc(c->sim, vm_alloc_nid(c->sim, c, v, addr,
					      vma_pgoff_of(v, addr), true),
			 GFP_MOVABLE);
	if (!pg)
		return NULL;
	if (content_copy(c->sim, pg, src)) {
		frame_free(c->sim, pg);
		return NULL;
	}
	pg->flags |= (1ull << PG_anon) | (1ull << PG_dirty) |
		     (1ull << PG_anon_exclusive);
	pg->mapping = v->anon_vma;
	pg->index = vma_pgoff_of(v, addr);
	page_map(c->sim, c->mm, pg);
	return pg;
}

/*
 * do_swap_page(): the entry at @ptep is a swap entry.  The page is looked
 * up in the swap cache (a minor fault) or read in from the slot into a new
 * cache page (a major fault: pgmajfault, pswpin); there is no swap
 * readahead (the window Linux's heuristic gives a first, non-sequential
 * fault is one page).  The entry is replaced by the page, the slot loses
 * a count, and the cache is given up at once when should_try_to_free_swap()
 * says so: swap more than half full, a locked VMA or page, or a write
 * fault on a page nothing else holds.  Otherwise the page stays cached
 * and a later swap-out of an unchanged page costs no write (Linux 6.x).
 * The page is mapped writable when the entry was exclusive (or nothing
 * else holds the page); a write fault on a page mapped read-only goes on
 * to do_wp_page() in the caller.
 */
static enum fault_ret do_swap_page(struct vm_ctx *c, struct vma *v,
				   pte_t *ptep, uint64_t addr, bool write)
{
	struct pmm_sim *sim = c->sim;
	struct pmm_mm *mm = c->mm;
	pte_t orig = *ptep;
	swp_entry_t e = pte_to_swp_entry(orig);
	struct pmm_page *pg;
	uint64_t bits = PTE_PRESENT | PTE_USER | PTE_ACCESSED;

	if (!swap_info_get(sim, swp_type(e)))
		return FAULT_SIGBUS;		/* cannot happen: swapoff */
	sim->numa.vm_events[PGFAULT]++;
	pg = swap_cache_lookup(sim, e);
	if (pg) {
		pg->refcount++;
		mm->min_flt++;
	} else {
		pg = frame_alloc(sim, vm_alloc_nid(sim, c, v, addr,
						   vma_pgoff_of(v, addr), true),
				 GFP_MOVABLE);
		if (!pg)
			return FAULT_OOM;
		swapcache_add(sim, pg, e);
		slot_read(sim, e, pg);
		mm->maj_flt++;
		sim->numa.vm_events[PGMAJFAULT]++;
		PMM_TRACE(sim, swap_readpage, EV_U64("type", swp_type(e)),
			  EV_U64("offset", swp_offset(e)));
	}
	swap_put(sim, e);
	mm->swap_ents--;
	if (swap_full(sim) || (v->vm_flags & VM_LOCKED) ||
	    (pg->flags & (1ull << PG_mlocked)) ||
	    (write && pg->refcount == 2))
		try_free_swap(sim, pg);
	/* RMAP_EXCLUSIVE when the entry was, or nothing else holds it */
	if ((orig & PTE_SWP_EXCLUSIVE) || pg->refcount == 1) {
		pg->flags |= 1ull << PG_anon_exclusive;
		if (v->vm_flags & VM_WRITE) {
			bits |= PTE_RW;
			if (write) {
				bits |= PTE_DIRTY;
				pg->flags |= 1ull << PG_dirty;
			}
		}
	}
	page_map(sim, mm, pg);
	*ptep = pte_mlock(sim, v, pg, mk_pte(sim, pg, bits));
	vm_flush_tlb(mm);
	return FAULT_OK;
}

/* handle_mm_fault() for one page; the VMA allows the access. */
static enum fault_ret handle_fault(struct vm_ctx *c, struct vma *v,
				   uint64_t addr, bool write)
{
	struct pmm_sim *sim = c->sim;
	struct pmm_mm *mm = c->mm;
	struct pt_leaf *leaf;
	struct pmm_page *pg, *old;
	pte_t *ptep, pte;
	int err;

	ptep = pte_lookup(sim, mm, addr, true, &leaf, &err);
	if (!ptep)
		return FAULT_OOM;
	pte = *ptep;
	if (pte_is_guard(pte))
		return FAULT_SIGSEGV;
	if (pte_is_swap(pte)) {
		enum fault_ret r = do_swap_page(c, v, ptep, addr, write);

		if (r != FAULT_OK || !write || (*ptep & PTE_RW))
			return r;
		pte = *ptep;
		goto wp;		/* counted once, as Linux's fault */
	}
	if (pte_none(pte)) {
		mm->min_flt++;
		sim->numa.vm_events[PGFAULT]++;
		if (v->vm_file || v->special) {
			struct vm_file *f = v->vm_file ? v->vm_file :
					    special_file(sim, v->special);
			uint64_t bits = PTE_PRESENT | PTE_USER | PTE_ACCESSED;

			if (!f)
				return FAULT_OOM;
			if (!write && v->vm_file)	/* ->map_pages */
				fault_around(c, v, f, leaf, addr);
			err = file_get_page(sim, c, f, vma_pgoff_of(v, addr), &pg);
			if (err)
				return err == -EFAULT ? FAULT_SIGBUS : FAULT_OOM;
			if (write && !(v->vm_flags & VM_SHARED)) {
				/* do_cow_fault(): a private copy at once */
				struct pmm_page *np = anon_copy(c, v, addr, pg);

				if (!np)
					return FAULT_OOM;
				*ptep = pte_mlock(sim, v, np,
						  maybe_mkwrite(v, mk_pte(sim, np,
							bits | PTE_DIRTY)));
				leaf->nr_used++;
				return FAULT_OK;
			}
			/* do_read_fault() / do_shared_fault() */
			pg->refcount++;
			page_map(sim, mm, pg);
			/* set_pte_range(): writable at once without
			 * write-notify, dirty when the page is */
			if ((v->vm_flags & (VM_SHARED | VM_WRITE)) ==
			    (VM_SHARED | VM_WRITE) &&
			    (write || !vma_wants_writenotify(v))) {
				bits |= PTE_RW;
				if (pg->flags & (1ull << PG_dirty))
					bits |= PTE_DIRTY;
			}
			if (write)	/* fault_dirty_shared_page() */
				pg->flags |= 1ull << PG_dirty;
			*ptep = pte_mlock(sim, v, pg,
					  mk_pte(sim, pg, bits |
						 (write ? PTE_DIRTY : 0)));
			leaf->nr_used++;
			return FAULT_OK;
		}
		if (!write) {
			/* do_anonymous_page(): reads map the zero page */
			pg = zero_page(sim);
			if (!pg)
				return FAULT_OOM;
			*ptep = mk_pte(sim, pg, PTE_PRESENT | PTE_USER |
				       PTE_SPECIAL | PTE_ACCESSED);
			leaf->nr_used++;
			return FAULT_OK;
		}
		if (anon_vma_prepare(c, v))
			return FAULT_OOM;
		pg = frame_alloc(sim, vm_alloc_nid(sim, c, v, addr,
						   vma_pgoff_of(v, addr), true),
				 GFP_MOVABLE);
		if (!pg)
			return FAULT_OOM;
		pg->flags |= (1ull << PG_anon) | (1ull << PG_dirty) |
			     (1ull << PG_anon_exclusive);
		pg->mapping = v->anon_vma;
		pg->index = vma_pgoff_of(v, addr);
		page_map(sim, mm, pg);
		/* do_anonymous_page(): writable and dirty with VM_WRITE
		 * only (a FOLL_FORCE write gets a clean read-only entry) */
		*ptep = pte_mlock(sim, v, pg,
				  mk_pte(sim, pg, PTE_PRESENT | PTE_USER |
					 PTE_ACCESSED |
					 ((v->vm_flags & VM_WRITE) ?
					  PTE_RW | PTE_DIRTY : 0)));
		leaf->nr_used++;
		return FAULT_OK;
	}
	if (!write || (pte & PTE_RW)) {
		*ptep |= PTE_ACCESSED | (write ? PTE_DIRTY : 0);
		return FAULT_OK;
	}
	/* do_wp_page() */
	mm->min_flt++;
	sim->numa.vm_events[PGFAULT]++;
wp:
	old = pte_page(sim, pte);
	if (v->vm_flags & VM_SHARED) {
		/* wp_page_shared(): fault_dirty_shared_page() */
		*ptep |= PTE_RW | PTE_DIRTY | PTE_ACCESSED;
		if (!(old->flags & (1ull << PG_anon)))
			old->flags |= 1ull << PG_dirty;
		return FAULT_OK;
	}
	/* wp_can_reuse_anon_folio(): the swap cache's reference is no
	 * obstacle when no swap entry needs the page any more */
	if (!(old->flags & (1ull << PG_zero)) && old->mapcount == 1 &&
	    old->refcount == 2 && (old->flags & (1ull << PG_swapcache)))
		try_free_swap(sim, old);
	if (!(old->flags & (1ull << PG_zero)) && old->mapcount == 1 &&
	    old->refcount == 1) {
		/* wp_page_reuse(): the only mapping may simply write,
		 * and owns the page again (folio_move_anon_rmap()) */
		*ptep = maybe_mkwrite(v, *ptep | PTE_DIRTY | PTE_ACCESSED);
		old->flags |= (1ull << PG_dirty) | (1ull << PG_anon_exclusive);
		return FAULT_OK;
	}
	/* wp_page_copy() */
	pg = anon_copy(c, v, addr, old);
	if (!pg)
		return FAULT_OOM;
	*ptep = pte_mlock(sim, v, pg,
			  maybe_mkwrite(v, mk_pte(sim, pg, PTE_PRESENT |
						  PTE_USER | PTE_ACCESSED |
						  PTE_DIRTY)));
	if (pte & PTE_SW_MLOCK)
		page_munlock(sim, old);
	page_unmap(sim, mm, old);
	vm_flush_tlb(mm);
	return FAULT_OK;
}

static bool canonical(const struct pmm_sim *sim, uint64_t addr)
{
	unsigned int bits = sim->cfg.la57 ? 56 : 47;
	uint64_t top = addr >> bits;

	return top == 0 || top == (~(uint64_t)0 >> bits);
}

int vm_access(struct vm_ctx *c, uint64_t addr, uint64_t len, int kind,
	      const uint8_t *wbuf, uint8_t *rbuf, int fill,
	      struct pmm_access_result *res)
{
	struct pmm_sim *sim = c->sim;
	uint64_t done = 0;
	/* get_user_pages(): a remote access (VM_GUP), or populate's
	 * FOLL_TOUCH walk */
	bool remote = kind & VM_GUP, force = kind & VM_GUP_FORCE;
	bool touch = !wbuf && fill == VM_FILL_TOUCH;
	uint32_t need;

	kind &= VM_ACCESS_KIND;
	need = kind == PMM_ACCESS_WRITE ? TLB_W :
	       kind == PMM_ACCESS_EXEC ? TLB_X : TLB_R;
	memset(res, 0, sizeof(*res));
	while (done < len) {
		uint64_t a = addr + done, off = a & ~PAGE_MASK;
		uint64_t n = PAGE_SIZE - off < len - done ? PAGE_SIZE - off :
							    len - done;
		struct pmm_mm *mm = c->mm;
		struct tlb_entry *te = c->task ?
			&c->task->tlb[(a >> PAGE_SHIFT) & (TLB_ENTRIES - 1)] : NULL;
		struct vma *v;
		struct pmm_page *pg;
		pte_t *ptep;
		int err;

		/* the software TLB: a hit skips the VMA and the walk */
		if (te && te->vpn == (a >> PAGE_SHIFT) + 1 &&
		    te->gen == mm->tlb_gen && te->tgen == c->task->tlb_gen &&
		    (te->perm & need)) {
			pg = te->page;
			goto touch;
		}

		if (a < addr) {			/* wrapped past the top */
			set_signal(res, PMM_SIGSEGV, PMM_SI_KERNEL, 0);
			break;
		}
		if (!canonical(sim, a)) {
			/* a general protection fault, not a page fault */
			set_signal(res, PMM_SIGSEGV, PMM_SI_KERNEL, 0);
			break;
		}
		v = vma_find(mm, a);
		if (!v || (vma_start(v) > a &&
			   (!(v->vm_flags & VM_GROWSDOWN) ||
			    expand_stack(c, v, a)))) {
			set_signal(res, PMM_SIGSEGV, PMM_SEGV_MAPERR, a);
			break;
		}
		/* pkeys check data accesses only (spec 14 §2), and a pkey
		 * refusal is reported as such even where the protection
		 * refuses too (bad_area_access_from_pkeys()) */
		if (kind != PMM_ACCESS_EXEC && vm_has_pkeys(sim) && c->task &&
		    !vm_pkru_allows(c->task, v, kind == PMM_ACCESS_WRITE)) {
			set_signal(res, PMM_SIGSEGV, PMM_SEGV_PKUERR, a);
			res->pkey = (int)((v->vm_flags & VM_PKEY_MASK) >>
					  VM_PKEY_SHIFT);
			break;
		}
		if (remote ? gup_error(v, kind == PMM_ACCESS_WRITE, force) :
			     access_error(v, kind)) {
			set_signal(res, PMM_SIGSEGV, PMM_SEGV_ACCERR, a);
			break;
		}
		ptep = pte_lookup(sim, mm, a, false, NULL, &err);
		if (access_needs_fault(sim, v, ptep,
				       kind == PMM_ACCESS_WRITE, force)) {
			enum fault_ret fr = handle_fault(c, v, a,
							 kind == PMM_ACCESS_WRITE);

			if (fr == FAULT_SIGSEGV) {
				set_signal(res, PMM_SIGSEGV, PMM_SEGV_MAPERR, a);
				break;
			}
			if (fr == FAULT_SIGBUS) {
				set_signal(res, PMM_SIGBUS, PMM_BUS_ADRERR, a);
				break;
			}
			if (fr == FAULT_OOM) {
				/* pagefault_out_of_memory(): the OOM layer
				 * picks a victim; until it lands, the faulting
				 * process is the one killed. */
				res->status = PMM_ACCESS_KILLED;
				res->addr = a;
				process_kill(sim, c->proc, 9);
				c->mm = NULL;
				break;
			}
			ptep = pte_lookup(sim, mm, a, false, NULL, &err);
		}
		pg = pte_page(sim, *ptep);
		if (touch) {
			/* follow_page_pte() with FOLL_TOUCH: the page is
			 * accessed (here its entry: smaps and clear_refs read
			 * both alike) and, for a write, dirty unless its entry
			 * is; the walk sets no entry bit */
			*ptep |= PTE_ACCESSED;
			if (kind == PMM_ACCESS_WRITE && !(*ptep & PTE_DIRTY))
				pg->flags |= 1ull << PG_dirty;
		} else if (remote) {
			/* the kernel copies through its own mapping of the
			 * page and dirties the page, not the entry
			 * (set_page_dirty_lock(), unpin_user_pages_dirty_lock()) */
			if (kind == PMM_ACCESS_WRITE)
				pg->flags |= 1ull << PG_dirty;
		} else {
			*ptep |= PTE_ACCESSED |
				 (kind == PMM_ACCESS_WRITE ? PTE_DIRTY : 0);
		}
		if (te) {
			/* the permissions the hardware would cache */
			bool pk = !vm_has_pkeys(sim);

			te->vpn = (a >> PAGE_SHIFT) + 1;
			te->gen = mm->tlb_gen;
			te->tgen = c->task->tlb_gen;
			te->page = pg;
			te->perm = 0;
			if ((v->vm_flags & VM_ACCESS_FLAGS) &&
			    (pk || vm_pkru_allows(c->task, v, false)))
				te->perm |= TLB_R;
			if ((v->vm_flags & VM_WRITE) && (*ptep & PTE_RW) &&
			    (*ptep & PTE_DIRTY) &&
			    (pk || vm_pkru_allows(c->task, v, true)))
				te->perm |= TLB_W;
			if (v->vm_flags & VM_EXEC)
				te->perm |= TLB_X;
		}
touch:
		if (kind == PMM_ACCESS_WRITE) {
			/* A store through a writable entry dirties the entry
			 * only (the CPU sets its D bit); a file or shmem page
			 * itself gets dirty in the write fault or when a dirty
			 * entry goes (pte_dirty_to_page()). */
			if (pg->flags & (1ull << PG_anon))
				pg->flags |= 1ull << PG_dirty;
			if (!wbuf && fill == VM_FILL_SCRAMBLE) {
				content_scramble(sim, pg);
			} else if (!wbuf && fill == VM_FILL_TOUCH) {
				/* populate: fault for write, keep the bytes */
			} else if (!content_store_small(sim, pg, (unsigned int)off,
						       wbuf ? wbuf + done : NULL,
						       fill, (unsigned int)n)) {
				uint8_t *b = content_buf(sim, pg);

				if (!b) {
					res->status = PMM_ACCESS_KILLED;
					res->addr = a;
					process_kill(sim, c->proc, 9);
					c->mm = NULL;
					break;
				}
				if (wbuf)
					memcpy(b + off, wbuf + done, n);
				else
					memset(b + off, fill, n);
			}
		} else if (kind == PMM_ACCESS_READ && rbuf) {
			content_read(pg->private, (unsigned int)off, rbuf + done,
				     (unsigned int)n);
		}
		done += n;
	}
	res->done = done;
	return 0;
}

/* ---- zap, free, copy, move, protect ------------------------------------------ */

/* zap_present_folio_ptes(): a dirty entry of a file or shmem page leaves
 * its dirt on the page (folio_mark_dirty()). */
static void pte_dirty_to_page(struct pmm_sim *sim, pte_t p)
{
	struct pmm_page *pg = pte_page(sim, p);

	if ((p & PTE_DIRTY) && pg &&
	    !(pg->flags & ((1ull << PG_anon) | (1ull << PG_zero))))
		pg->flags |= 1ull << PG_dirty;
}

static void zap_pte(struct vm_ctx *c, struct pt_leaf *l, unsigned int i,
		    bool drop_markers)
{
	pte_t p = l->e[i];

	if (pte_none(p))
		return;
	vm_flush_tlb(c->mm);
	if (pte_is_swap(p)) {
		/* zap_nonpresent_ptes(): free_swap_and_cache() */
		swap_entry_free(c->sim, pte_to_swp_entry(p));
		c->mm->swap_ents--;
	} else if (!pte_present(p)) {
		if (!drop_markers)
			return;
	} else {
		pte_dirty_to_page(c->sim, p);
		if (p & PTE_SW_MLOCK)
			page_munlock(c->sim, pte_page(c->sim, p));
		page_unmap(c->sim, c->mm, pte_page(c->sim, p));
	}
	l->e[i] = 0;
	l->nr_used--;
}

/* Visit the leaf tables over [start, end); fn gets each present one. */
typedef void (*leaf_fn)(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
			unsigned int from, unsigned int to, void *arg);

static void walk_leaves(struct vm_ctx *c, struct pmm_mm *mm, uint64_t start,
			uint64_t end, leaf_fn fn, void *arg)
{
	uint64_t a = start;
	int err;

	while (a < end) {
		uint64_t base = a & ~((uint64_t)(PTRS_PER_TABLE * PAGE_SIZE) - 1);
		uint64_t next = base + PTRS_PER_TABLE * PAGE_SIZE;
		struct pt_leaf *l = leaf_lookup(c->sim, mm, a, false, &err);

		if (l) {
			unsigned int from = idx(a, 0);
			unsigned int to = next <= end ? PTRS_PER_TABLE :
						       idx(end, 0);

			fn(c, l, base, from, to, arg);
		}
		if (next <= a)
			break;
		a = next;
	}
}

/*
 * The present entries mapping a normal page (not the zero page) over
 * [start, end) of @c's mm, in address order; @fn may change or zap the
 * entry it is given.
 */
typedef void (*entry_fn)(struct vm_ctx *c, struct pt_leaf *l, unsigned int i,
			 struct pmm_page *pg, void *arg);

struct entry_walk {
	entry_fn fn;
	void *arg;
};

static void entries_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
			 unsigned int from, unsigned int to, void *arg)
{
	const struct entry_walk *w = arg;

	(void)base;
	for (unsigned int i = from; i < to; i++) {
		pte_t p = l->e[i];

		if (pte_present(p) && !(p & PTE_SPECIAL))
			w->fn(c, l, i, pte_page(c->sim, p), w->arg);
	}
}

static void walk_entries(struct vm_ctx *c, uint64_t start, uint64_t end,
			 entry_fn fn, void *arg)
{
	struct entry_walk w = { fn, arg };

	if (c->mm->pgd)
		walk_leaves(c, c->mm, start, end, entries_leaf, &w);
}

static void zap_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
		     unsigned int from, unsigned int to, void *arg)
{
	bool drop = *(bool *)arg;

	(void)base;
	for (unsigned int i = from; i < to && l->nr_used; i++)
		zap_pte(c, l, i, drop);
}

void vm_zap_range(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	bool drop = true;
	struct pmm_mm *mm = c->mm;
	uint64_t rss = mm->rss_anon + mm->rss_file + mm->rss_shmem;

	if (!mm->pgd)
		return;
	if (rss > mm->hiwater_rss)
		mm->hiwater_rss = rss;
	walk_leaves(c, mm, start, end, zap_leaf, &drop);
}

/* MADV_DONTNEED: drop pages, keep guard markers. */
static void zap_keep_markers(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	bool drop = false;

	if (c->mm->pgd)
		walk_leaves(c, c->mm, start, end, zap_leaf, &drop);
}

void vm_madvise_dontneed(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	zap_keep_markers(c, start, end);
}

/* Free the tables whose span no VMA meets any more (free_pgtables()). */
static bool span_free(const struct pmm_mm *mm, uint64_t s, uint64_t e)
{
	return !vma_find_intersection(mm, s, e);
}

static bool free_level(struct vm_ctx *c, struct pt_upper *t,
		       unsigned int level, uint64_t base, uint64_t start,
		       uint64_t end, unsigned int top)
{
	uint64_t span = (uint64_t)1 << (PAGE_SHIFT + 9 * level);

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		uint64_t s = base + i * span, e = s + span;
		void *child = t->child[i];

		if (!child || e <= start || s >= end)
			continue;
		if (level == 1) {
			struct pt_leaf *l = child;

			if (l->nr_used || !span_free(c->mm, s, e))
				continue;
			table_free(c->sim, c->mm, l, true, true);
		} else {
			if (!free_level(c, child, level - 1, s, start, end, top))
				continue;
			table_free(c->sim, c->mm, child, false,
				   level - 1 <= 3 && !(top == 4 && level - 1 == 4));
		}
		t->child[i] = NULL;
		t->e[i] = 0;
		t->nr_used--;
	}
	return t->nr_used == 0 && span_free(c->mm, base,
					    base + span * PTRS_PER_TABLE);
}

void vm_free_pgtables(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	unsigned int top = nr_levels(c->sim) - 1;

	if (!c->mm->pgd)
		return;
	(void)free_level(c, c->mm->pgd, top, 0, start & PAGE_MASK,
			 PAGE_ALIGN(end), top);
}

static void teardown_level(struct pmm_sim *sim, struct pmm_mm *mm,
			   struct pt_upper *t, unsigned int level,
			   unsigned int top)
{
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		void *child = t->child[i];

		if (!child)
			continue;
		if (level == 1) {
			struct pt_leaf *l = child;
			struct vm_ctx c = { .sim = sim, .mm = mm };

			for (unsigned int j = 0; j < PTRS_PER_TABLE && l->nr_used;
			     j++)
				zap_pte(&c, l, j, true);
			table_free(sim, mm, l, true, true);
		} else {
			teardown_level(sim, mm, child, level - 1, top);
			table_free(sim, mm, child, false,
				   level - 1 <= 3 && !(top == 4 && level - 1 == 4));
		}
	}
}

void vm_pgtables_teardown(struct pmm_sim *sim, struct pmm_mm *mm)
{
	unsigned int top = nr_levels(sim) - 1;

	if (!mm->pgd)
		return;
	teardown_level(sim, mm, mm->pgd, top, top);
	table_free(sim, mm, mm->pgd, false, false);
	mm->pgd = NULL;
}

/* copy_page_range() for @v at fork: COW for private memory. */
int vm_copy_range(struct pmm_sim *sim, struct pmm_mm *dst, struct pmm_mm *src,
		  const struct vma *v, const struct vma *dv)
{
	uint64_t a;
	int err;

	/* vma_needs_copy(): faults refill everything else correctly */
	if (!src->pgd || (!v->anon_vma && !(v->vm_flags & VM_MAYBE_GUARD)))
		return 0;
	if (v->vm_flags & VM_WIPEONFORK)
		return 0;
	vm_flush_tlb(src);		/* the parent's entries lose write */
	for (a = vma_start(v); a < vma_end(v); a += PAGE_SIZE) {
		struct pt_leaf *sl, *dl;
		pte_t *sp = pte_lookup(sim, src, a, false, &sl, &err), *dp, p;

		if (!sl) {
			/* skip the rest of this empty leaf's span */
			a = (a | ((PTRS_PER_TABLE * PAGE_SIZE) - 1)) - PAGE_SIZE + 1;
			continue;
		}
		if (pte_none(*sp))
			continue;
		dp = pte_lookup(sim, dst, a, true, &dl, &err);
		if (!dp)
			return -ENOMEM;
		p = *sp;
		if (pte_present(p)) {
			struct pmm_page *pg = pte_page(sim, p);

			if (!(pg->flags & (1ull << PG_zero))) {
				pg->refcount++;
				page_map(sim, dst, pg);
			}
			/* private memory becomes copy-on-write in both */
			if (!(v->vm_flags & VM_SHARED)) {
				/* folio_try_dup_anon_rmap_pte(): shared now,
				 * owned by neither */
				pg->flags &= ~(1ull << PG_anon_exclusive);
				p &= ~PTE_RW;
				*sp = p;
			} else {
				/* copy_present_pte(): a shared page's dirt
				 * stays with the parent's entry */
				p &= ~PTE_DIRTY;
			}
			/* the child's entry starts old */
			p &= ~PTE_ACCESSED;
			/* the child's mapping is locked if its VMA is */
			p = pte_mlock(sim, dv, pg, p);
		} else if (pte_is_swap(p)) {
			/* copy_nonpresent_pte(): swap_duplicate(), and the
			 * entry is shared now in both */
			swap_dup(sim, pte_to_swp_entry(p));
			dst->swap_ents++;
			p &= ~PTE_SWP_EXCLUSIVE;
			*sp = p;
		}
		*dp = p;
		dl->nr_used++;
	}
	return 0;
}

static void mlock_one(struct vm_ctx *c, struct pt_leaf *l, unsigned int i,
		      struct pmm_page *pg, void *arg)
{
	if (l->e[i] & PTE_SW_MLOCK)
		page_munlock(c->sim, pg);
	l->e[i] = pte_mlock(c->sim, arg, pg, l->e[i]);
}

void vm_mlock_range(struct vm_ctx *c, const struct vma *v, uint64_t start,
		    uint64_t end)
{
	walk_entries(c, start, end, mlock_one, (void *)v);
}

/* move_page_tables(): the entries follow the mapping. */
int vm_move_range(struct vm_ctx *c, uint64_t old, uint64_t new, uint64_t len)
{
	struct pmm_mm *mm = c->mm;
	int err;

	if (!mm->pgd)
		return 0;
	vm_flush_tlb(mm);
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		struct pt_leaf *sl, *dl;
		pte_t *sp = pte_lookup(c->sim, mm, old + off, false, &sl, &err);
		pte_t *dp;

		if (!sp || pte_none(*sp))
			continue;
		dp = pte_lookup(c->sim, mm, new + off, true, &dl, &err);
		if (!dp)
			return -ENOMEM;
		*dp = *sp;
		dl->nr_used++;
		*sp = 0;
		sl->nr_used--;
	}
	return 0;
}

static void protect_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
			 unsigned int from, unsigned int to, void *arg)
{
	(void)base;
	(void)arg;
	vm_flush_tlb(c->mm);
	for (unsigned int i = from; i < to; i++)
		if (pte_present(l->e[i]))
			l->e[i] &= ~PTE_RW;
}

/* A private writable mapping's entries of pages it owns outright become
 * writable (can_change_pte_writable(): PageAnonExclusive). */
static void unprotect_private_leaf(struct vm_ctx *c, struct pt_leaf *l,
				   uint64_t base, unsigned int from,
				   unsigned int to, void *arg)
{
	(void)base;
	(void)arg;
	vm_flush_tlb(c->mm);
	for (unsigned int i = from; i < to; i++) {
		pte_t p = l->e[i];
		struct pmm_page *pg;

		if (!pte_present(p) || (p & (PTE_SPECIAL | PTE_RW)))
			continue;
		pg = pte_page(c->sim, p);
		if (pg && (pg->flags & (1ull << PG_anon_exclusive)))
			l->e[i] = p | PTE_RW;
	}
}

/* A shared writable mapping's entries become writable: all of them
 * without write-notify, the dirty ones with it. */
static void unprotect_shared_leaf(struct vm_ctx *c, struct pt_leaf *l,
				  uint64_t base, unsigned int from,
				  unsigned int to, void *arg)
{
	bool notify = *(const bool *)arg;

	(void)base;
	vm_flush_tlb(c->mm);
	for (unsigned int i = from; i < to; i++)
		if (pte_present(l->e[i]) && !(l->e[i] & PTE_SPECIAL) &&
		    (!notify || (l->e[i] & PTE_DIRTY)))
			l->e[i] |= PTE_RW;
}

void vm_change_protection(struct vm_ctx *c, const struct vma *v,
			  uint64_t start, uint64_t end)
{
	bool notify = vma_wants_writenotify(v);

	if (!c->mm->pgd)
		return;
	/* Losing write protects the entries.  With write, a private
	 * mapping's entries of exclusive anonymous pages become writable
	 * (MM_CP_TRY_CHANGE_WRITABLE); the others stay read-only, for the
	 * next write to fault and reuse or copy the page. */
	if (!(v->vm_flags & VM_WRITE))
		walk_leaves(c, c->mm, start, end, protect_leaf, NULL);
	else if (v->vm_flags & VM_SHARED)
		walk_leaves(c, c->mm, start, end, unprotect_shared_leaf,
			    &notify);
	else
		walk_leaves(c, c->mm, start, end, unprotect_private_leaf,
			    NULL);
}

int vm_guard_install(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	struct pmm_mm *mm = c->mm;
	int err;

	vm_flush_tlb(mm);
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		struct pt_leaf *l;
		pte_t *p = pte_lookup(c->sim, mm, a, true, &l, &err);

		if (!p)
			return -ENOMEM;
		zap_pte(c, l, (unsigned int)(p - l->e), false);
		if (pte_none(*p)) {
			*p = PTE_MARKER | PTE_MARKER_GUARD;
			l->nr_used++;
		}
	}
	return 0;
}

static void unguard_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
			 unsigned int from, unsigned int to, void *arg)
{
	(void)c;
	(void)base;
	(void)arg;
	for (unsigned int i = from; i < to; i++)
		if (pte_is_guard(l->e[i])) {
			l->e[i] = 0;
			l->nr_used--;
		}
}

void vm_guard_remove(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	if (c->mm->pgd)
		walk_leaves(c, c->mm, start, end, unguard_leaf, NULL);
}

int vm_populate(struct vm_ctx *c, uint64_t start, uint64_t end, int mode)
{
	for (uint64_t a = start & PAGE_MASK; a < end; a += PAGE_SIZE) {
		struct vma *v = vma_find(c->mm, a);
		struct pmm_access_result res;
		bool w;

		if (!v || vma_start(v) > a)
			return -ENOMEM;
		/* populate_vma_page_range(): writable private memory is
		 * faulted for write (COW broken now); MADV_POPULATE_READ
		 * faults for read only */
		w = mode == VM_POP_WRITE ||
		    (mode == VM_POP_LOCK &&
		     (v->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE);
		vm_access(c, a, 1, w ? PMM_ACCESS_WRITE : PMM_ACCESS_READ, NULL,
			  NULL, VM_FILL_TOUCH, &res);
		if (res.status == PMM_ACCESS_KILLED)
			return -ENOMEM;
		if (res.status)
			return -EFAULT;
	}
	return 0;
}

/* ---- checks --------------------------------------------------------------------- */

struct pt_count {
	uint64_t anon, shmem, file, tables;
	const char *bad;
};

static void count_level(struct pmm_sim *sim, const struct pmm_mm *mm,
			struct pt_upper *t, unsigned int level,
			uint64_t base, struct pt_count *k)
{
	uint64_t span = (uint64_t)1 << (PAGE_SHIFT + 9 * level);
	unsigned int used = 0;

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		void *child = t->child[i];
		uint64_t s = base + i * span;

		if (!child)
			continue;
		used++;
		k->tables++;
		if (level == 1) {
			struct pt_leaf *l = child;
			unsigned int n = 0;

			for (unsigned int j = 0; j < PTRS_PER_TABLE; j++) {
				pte_t p = l->e[j];
				uint64_t a = s + (uint64_t)j * PAGE_SIZE;
				const struct vma *v;

				if (pte_none(p))
					continue;
				n++;
				v = vma_find(mm, a);
				if (!v || vma_start(v) > a) {
					k->bad = "an entry outside every VMA";
					return;
				}
				if (pte_present(p)) {
					struct pmm_page *pg = pte_page(sim, p);

					if (!pg || pg->mapcount < 0 ||
					    (!(pg->flags & (1ull << PG_zero)) &&
					     !pg->refcount)) {
						k->bad = "an entry maps a free frame";
						return;
					}
					if (pg->flags & (1ull << PG_shmem))
						k->shmem++;
					else if (pg->flags & (1ull << PG_anon))
						k->anon++;
					else if (!(pg->flags & (1ull << PG_zero)))
						k->file++;
					if ((p & PTE_RW) && !(v->vm_flags & VM_WRITE)) {
						k->bad = "a writable entry in a read-only VMA";
						return;
					}
					if ((p & PTE_RW) &&
					    !(v->vm_flags & VM_SHARED) &&
					    !(pg->flags &
					      (1ull << PG_anon_exclusive))) {
						k->bad = "a writable private entry of a shared page";
						return;
					}
				}
			}
			if (n != l->nr_used) {
				k->bad = "a leaf's nr_used is stale";
				return;
			}
		} else {
			count_level(sim, mm, child, level - 1, s, k);
			if (k->bad)
				return;
		}
	}
	if (used != t->nr_used)
		k->bad = "a table's nr_used is stale";
}

bool vm_pgtables_consistent(struct pmm_sim *sim, const struct pmm_mm *mm,
			    char *msg, size_t size)
{
	struct pt_count k = { 0 };
	unsigned int top = nr_levels(sim) - 1;

	if (!mm->pgd) {
		if (mm->rss_anon || mm->rss_shmem || mm->rss_file ||
		    mm->pgtables_bytes) {
			snprintf(msg, size, "rss or VmPTE without page tables");
			return false;
		}
		return true;
	}
	count_level(sim, mm, mm->pgd, top, 0, &k);
	if (k.bad) {
		snprintf(msg, size, "page tables: %s", k.bad);
		return false;
	}
	if (k.anon != mm->rss_anon || k.shmem != mm->rss_shmem ||
	    k.file != mm->rss_file) {
		snprintf(msg, size, "rss anon %llu/%llu shmem %llu/%llu file %llu/%llu",
			 (unsigned long long)mm->rss_anon,
			 (unsigned long long)k.anon,
			 (unsigned long long)mm->rss_shmem,
			 (unsigned long long)k.shmem,
			 (unsigned long long)mm->rss_file,
			 (unsigned long long)k.file);
		return false;
	}
	return true;
}

/* ---- smaps ---------------------------------------------------------------------- */

/* smaps_account() over the entries of [start, end) */
/* The present entries of @v that map a page (not the zero page), in order. */
static void walk_present(struct pmm_sim *sim, const struct pmm_mm *mm,
			 const struct vma *v,
			 void (*fn)(struct pmm_sim *sim, const struct vma *v,
				    pte_t p, struct pmm_page *pg, void *arg),
			 void *arg)
{
	int err;

	if (!mm->pgd)
		return;
	for (uint64_t a = vma_start(v); a < vma_end(v); a += PAGE_SIZE) {
		struct pt_leaf *l = leaf_lookup(sim, (struct pmm_mm *)mm, a,
						false, &err);
		pte_t p;

		if (!l) {
			a = (a | ((PTRS_PER_TABLE * PAGE_SIZE) - 1)) - PAGE_SIZE + 1;
			continue;
		}
		p = l->e[idx(a, 0)];
		if (pte_present(p) && !(p & PTE_SPECIAL))
			fn(sim, v, p, pte_page(sim, p), arg);
	}
}

static bool pte_page_dirty(pte_t p, const struct pmm_page *pg)
{
	return (p & PTE_DIRTY) || (pg->flags & (1ull << PG_dirty));
}

/* smaps_pte_entry() */
static void smaps_one(struct pmm_sim *sim, const struct vma *v, pte_t p,
		      struct pmm_page *pg, void *arg)
{
	struct vm_smaps *k = arg;
	bool dirty = pte_page_dirty(p, pg), young = p & PTE_ACCESSED;
	uint64_t pss;

	(void)sim;
	k->rss += PAGE_SIZE;
	if (pg->flags & (1ull << PG_anon))
		k->anonymous += PAGE_SIZE;
	if (young)
		k->referenced += PAGE_SIZE;
	if (pg->mapcount >= 2) {
		pss = (PAGE_SIZE << 12) / (uint64_t)pg->mapcount;
		if (dirty)
			k->shared_dirty += PAGE_SIZE;
		else
			k->shared_clean += PAGE_SIZE;
	} else {
		pss = PAGE_SIZE << 12;
		if (dirty)
			k->private_dirty += PAGE_SIZE;
		else
			k->private_clean += PAGE_SIZE;
	}
	k->pss += pss;
	if (dirty)
		k->pss_dirty += pss;
	if (pg->flags & (1ull << PG_anon))
		k->pss_anon += pss;
	else if (pg->flags & (1ull << PG_shmem))
		k->pss_shmem += pss;
	else
		k->pss_file += pss;
	if (v->vm_flags & VM_LOCKED)
		k->pss_locked += pss;
}

/* smaps_pte_entry() for swap entries: Swap, and SwapPss shared by the
 * entries referring to the slot (swp_swapcount()) */
static void smaps_swap_leaf(struct vm_ctx *c, struct pt_leaf *l,
			    uint64_t base, unsigned int from, unsigned int to,
			    void *arg)
{
	struct vm_smaps *k = arg;

	(void)base;
	for (unsigned int i = from; i < to; i++) {
		uint32_t n;

		if (!pte_is_swap(l->e[i]))
			continue;
		n = swap_count(c->sim, pte_to_swp_entry(l->e[i]));
		k->swap += PAGE_SIZE;
		k->swap_pss += n >= 2 ? (PAGE_SIZE << 12) / n : PAGE_SIZE << 12;
	}
}

void vm_smaps_count(struct pmm_sim *sim, const struct pmm_mm *mm,
		    const struct vma *v, struct vm_smaps *k)
{
	struct vm_ctx c = { .sim = sim, .mm = (struct pmm_mm *)mm };

	walk_present(sim, mm, v, smaps_one, k);
	if (mm->swap_ents && mm->pgd)
		walk_leaves(&c, c.mm, vma_start(v), vma_end(v),
			    smaps_swap_leaf, k);
}

static void clear_young_one(struct vm_ctx *c, struct pt_leaf *l,
			    unsigned int i, struct pmm_page *pg, void *arg)
{
	(void)c;
	(void)pg;
	(void)arg;
	l->e[i] &= ~PTE_ACCESSED;
}

void vm_clear_refs(struct pmm_sim *sim, struct pmm_mm *mm, int type)
{
	struct vm_ctx c = { .sim = sim, .mm = mm };
	const struct vma *v;

	if (!mm->pgd)
		return;
	mm_for_each_vma(v, mm) {
		/* clear_refs_test_walk() */
		if ((type == 2 && v->vm_file) || (type == 3 && !v->vm_file))
			continue;
		walk_entries(&c, vma_start(v), vma_end(v), clear_young_one,
			     NULL);
	}
	/* the next access sets the bits again: the cached ones must go */
	vm_flush_tlb(mm);
}

/* gather_pte_stats(): an unevictable (locked) page counts as active; no
 * page is on the active list until reclaim moves pages between lists. */
static void numa_one(struct pmm_sim *sim, const struct vma *v, pte_t p,
		     struct pmm_page *pg, void *arg)
{
	struct vm_numa_stats *n = arg;

	(void)sim;
	(void)v;
	n->pages++;
	if (pte_page_dirty(p, pg))
		n->dirty++;
	if (pg->flags & (1ull << PG_mlocked))
		n->active++;
	if (pg->flags & (1ull << PG_anon))
		n->anon++;
	if ((uint64_t)pg->mapcount > n->mapcount_max)
		n->mapcount_max = (uint64_t)pg->mapcount;
	n->node[page_to_nid(pg)]++;
}

void vm_numa_count(struct pmm_sim *sim, const struct pmm_mm *mm,
		   const struct vma *v, struct vm_numa_stats *n)
{
	walk_present(sim, mm, v, numa_one, n);
}

/* ---- mincore -------------------------------------------------------------------- */

/* do_mincore() for [start, end) inside @v: present entries, and shmem
 * pages in the object's cache. */
void vm_mincore_vma(struct vm_ctx *c, const struct vma *v, uint64_t start,
		    uint64_t end, uint8_t *vec)
{
	int err;

	for (uint64_t a = start; a < end; a += PAGE_SIZE, vec++) {
		pte_t *p = pte_lookup(c->sim, c->mm, a, false, NULL, &err);

		*vec = 0;
		if (p && pte_present(*p)) {
			*vec = 1;
		} else if (p && pte_is_swap(*p)) {
			/* mincore_page() of the swap cache */
			*vec = swap_cache_lookup(c->sim,
						 pte_to_swp_entry(*p)) != NULL;
		} else if (v->vm_file &&	/* none or a marker */
			   v->vm_file->shmem) {
			struct pmm_page **slot = shm_slot(c->sim, v->vm_file,
							  vma_pgoff_of(v, a),
							  false);

			*vec = slot && *slot;
		}
	}
}

/* ---- pagemap ------------------------------------------------------------------- */

#define PM_PFN_MASK		((1ull << 55) - 1)
#define PM_MMAP_EXCLUSIVE	(1ull << 56)
#define PM_UFFD_WP		(1ull << 57)
#define PM_GUARD_REGION		(1ull << 58)
#define PM_FILE			(1ull << 61)
#define PM_SWAP			(1ull << 62)
#define PM_PRESENT		(1ull << 63)

/* pte_to_pagemap_entry(): the 64-bit entry of the page at @addr. */
uint64_t vm_pagemap_entry(struct pmm_sim *sim, const struct pmm_mm *mm,
			  uint64_t addr, bool show_pfn)
{
	const struct vma *v = vma_find(mm, addr);
	struct pmm_page *pg;
	uint64_t e = 0;
	pte_t *p;
	int err;

	if (!v || vma_start(v) > addr || !mm->pgd)
		return 0;
	p = pte_lookup(sim, (struct pmm_mm *)mm, addr, false, NULL, &err);
	if (!p || pte_none(*p))
		return 0;
	if (pte_is_guard(*p))
		return PM_GUARD_REGION;
	if (pte_is_swap(*p)) {
		/* type in bits 0-4, offset above (MAX_SWAPFILES_SHIFT);
		 * shown only to a reader who may see frame numbers */
		swp_entry_t se = pte_to_swp_entry(*p);

		e = PM_SWAP;
		if (show_pfn)
			e |= (swp_type(se) |
			      (swp_offset(se) << SWP_TYPE_SHIFT)) & PM_PFN_MASK;
		return e;
	}
	if (!pte_present(*p))
		return 0;
	e = PM_PRESENT;
	if (show_pfn)
		e |= pte_pfn(*p) & PM_PFN_MASK;
	if (*p & PTE_SPECIAL)		/* the zero page: no struct page */
		return e;
	pg = pte_page(sim, *p);
	if (!(pg->flags & (1ull << PG_anon)))
		e |= PM_FILE;
	if (pg->mapcount == 1)
		e |= PM_MMAP_EXCLUSIVE;
	return e;
}

/* ---- truncation: MADV_REMOVE on shmem, ftruncate ---------------------------- */

/*
 * unmap_mapping_range(): zap the entries mapping pages [first, last] of
 * @f in every VMA of its i_mmap.  Shared mappings always; private ones
 * only with @even_cows, which takes their private copies too (truncation:
 * nothing past the end may stay readable).  Guard markers stay.
 */
static void unmap_mapping_range(struct pmm_sim *sim, struct vm_file *f,
				uint64_t first, uint64_t last, bool even_cows)
{
	struct itree_node *n;

	itree_for_each(n, &f->i_mmap, first, last) {
		struct vma *w = (struct vma *)((char *)n -
					       offsetof(struct vma, shared));
		struct vm_ctx pc = { .sim = sim, .mm = w->mm };
		uint64_t s, e;

		if (!even_cows && !(w->vm_flags & VM_SHARED))
			continue;
		s = vma_start(w) + ((first > w->vm_pgoff ?
				     first - w->vm_pgoff : 0) << PAGE_SHIFT);
		e = last + 1 - w->vm_pgoff >= vma_pages(w) ? vma_end(w) :
		    vma_start(w) + ((last + 1 - w->vm_pgoff) << PAGE_SHIFT);
		zap_keep_markers(&pc, s, e);
		vm_flush_tlb(w->mm);
	}
}

/* The cached pages of @f from index @first on, a radix node at a time. */
static void cache_truncate_node(struct pmm_sim *sim, struct vm_file *f,
				void **p, int level, uint64_t base,
				uint64_t first, uint64_t last)
{
	struct shm_node *n = *p;
	uint64_t span = (uint64_t)1 << (9 * level);

	if (!n)
		return;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t lo = base + i * span, hi = lo + span - 1;

		if (hi < first || lo > last || !n->slot[i])
			continue;
		if (level)
			cache_truncate_node(sim, f, &n->slot[i], level - 1, lo,
					    first, last);
		else
			cache_drop(sim, f, (struct pmm_page **)&n->slot[i]);
	}
}

void vm_shmem_punch(struct vm_ctx *c, const struct vma *v, uint64_t start,
		    uint64_t end)
{
	struct vm_file *f = v->vm_file;
	uint64_t first = vma_pgoff_of(v, start);
	uint64_t last = vma_pgoff_of(v, end - 1);

	unmap_mapping_range(c->sim, f, first, last, false);
	/* then the object's pages (shmem_undo_range()) */
	cache_truncate_node(c->sim, f, &f->pages, SHM_LEVELS - 1, 0, first,
			    last);
}

int vm_punch_pagecache(struct pmm_sim *sim, struct vm_file *f,
		       uint64_t first, uint64_t last)
{
	uint64_t data_pages = PAGE_ALIGN(f->data_size) >> PAGE_SHIFT;
	struct itree_node *hole = NULL;

	/* only on-disk data needs a hole: past it pages read zero anyway */
	if (first < data_pages) {
		hole = pmm_zalloc(&sim->alloc, sizeof(*hole));
		if (!hole)
			return -ENOMEM;
		hole->start = first;
		hole->last = last < data_pages ? last : data_pages - 1;
	}
	unmap_mapping_range(sim, f, first, last, true);
	cache_truncate_node(sim, f, &f->pages, SHM_LEVELS - 1, 0, first, last);
	if (hole)
		itree_insert(&f->holes, hole);
	return 0;
}

void vm_file_holes_release(struct pmm_sim *sim, struct vm_file *f)
{
	struct itree_node *n;

	while ((n = itree_first(&f->holes, 0, UINT64_MAX))) {
		itree_remove(&f->holes, n);
		pmm_free(&sim->alloc, n, sizeof(*n));
	}
}

int vm_truncate_pagecache(struct pmm_sim *sim, struct vm_file *f,
			  uint64_t newsize)
{
	uint64_t first = PAGE_ALIGN(newsize) >> PAGE_SHIFT;
	unsigned int off = (unsigned int)(newsize & ~PAGE_MASK);
	struct pmm_page **slot;

	/* the partial last page keeps its head; the rest reads as zeroes */
	if (off && newsize < f->size &&
	    (slot = shm_slot(sim, f, newsize >> PAGE_SHIFT, false)) && *slot &&
	    (*slot)->private &&
	    !content_store_small(sim, *slot, off, NULL, 0, PAGE_SIZE - off)) {
		uint8_t *b = content_buf(sim, *slot);

		if (!b)
			return -ENOMEM;
		memset(b + off, 0, PAGE_SIZE - off);
	}
	if (newsize < f->size) {
		/* truncate_pagecache(): unmap, drop, unmap again */
		unmap_mapping_range(sim, f, first, SHM_MAX_INDEX - 1, true);
		cache_truncate_node(sim, f, &f->pages, SHM_LEVELS - 1, 0, first,
				    SHM_MAX_INDEX - 1);
	}
	if (f->data_size > newsize)
		f->data_size = newsize;
	f->size = newsize;
	return 0;
}

int vm_pagecache_rw(struct pmm_sim *sim, struct vm_file *f, uint64_t pos,
		    uint8_t *buf, uint64_t n, bool write)
{
	uint64_t done = 0;

	while (done < n) {
		uint64_t a = pos + done;
		unsigned int off = (unsigned int)(a & ~PAGE_MASK);
		unsigned int chunk = PAGE_SIZE - off;
		struct pmm_page *pg;
		int err;

		if (chunk > n - done)
			chunk = (unsigned int)(n - done);
		err = file_get_page(sim, NULL, f, a >> PAGE_SHIFT, &pg);
		if (err)
			return err == -EFAULT ? -EIO : err;
		if (!write) {
			content_read(pg->private, off, buf + done, chunk);
		} else {
			if (!content_store_small(sim, pg, off, buf + done, 0,
						 chunk)) {
				uint8_t *b = content_buf(sim, pg);

				if (!b)
					return -ENOMEM;
				memcpy(b + off, buf + done, chunk);
			}
			pg->flags |= 1ull << PG_dirty;
		}
		done += chunk;
	}
	return 0;
}

/* ---- reverse mapping ------------------------------------------------------------ */

static bool special_page(const struct pmm_sim *sim, const struct pmm_page *pg)
{
	for (unsigned int i = 0; i < PMM_ARRAY_SIZE(sim->vm.special_file); i++)
		if (pg->mapping && pg->mapping == sim->vm.special_file[i])
			return true;
	return false;
}

/* The entry of @v mapping page index @index, if it maps @pg. */
static pte_t *rmap_pte(struct pmm_sim *sim, struct vma *v, uint64_t index,
		       const struct pmm_page *pg, uint64_t *addr)
{
	pte_t *p;
	int err;

	if (index < v->vm_pgoff || index - v->vm_pgoff >= vma_pages(v))
		return NULL;
	*addr = vma_start(v) + ((index - v->vm_pgoff) << PAGE_SHIFT);
	p = pte_lookup(sim, v->mm, *addr, false, NULL, &err);
	if (!p || !pte_present(*p) || pte_pfn(*p) != page_to_pfn(&sim->numa, pg))
		return NULL;
	return p;
}

void vm_rmap_walk(struct pmm_sim *sim, struct pmm_page *pg, rmap_fn fn,
		  void *arg)
{
	struct itree_node *n;
	uint64_t addr;
	pte_t *p;

	if (!pg->mapping || (pg->flags & (1ull << PG_zero)))
		return;
	if (pg->flags & (1ull << PG_anon)) {
		struct anon_vma *av = pg->mapping;

		/* rmap_walk_anon(): every VMA chained to the anon_vma the
		 * page was born in, whose range holds its index */
		itree_for_each(n, &av->rb, pg->index, pg->index) {
			struct avc *a = (struct avc *)n;

			p = rmap_pte(sim, a->vma, pg->index, pg, &addr);
			if (p && !fn(sim, a->vma, addr, p, arg))
				return;
		}
		return;
	}
	/* rmap_walk_file(): the mapping's i_mmap */
	itree_for_each(n, &((struct vm_file *)pg->mapping)->i_mmap, pg->index,
		       pg->index) {
		struct vma *v = (struct vma *)((char *)n -
					       offsetof(struct vma, shared));

		p = rmap_pte(sim, v, pg->index, pg, &addr);
		if (p && !fn(sim, v, addr, p, arg))
			return;
	}
}

static bool referenced_one(struct pmm_sim *sim, struct vma *v, uint64_t addr,
			   pte_t *ptep, void *arg)
{
	(void)sim;
	(void)addr;
	/* ptep_clear_flush_young(): old again, and the TLB forgets it */
	if (*ptep & PTE_ACCESSED) {
		*ptep &= ~PTE_ACCESSED;
		vm_flush_tlb(v->mm);
		(*(int *)arg)++;
	}
	return true;
}

int vm_page_referenced(struct pmm_sim *sim, struct pmm_page *pg)
{
	int young = 0;

	vm_rmap_walk(sim, pg, referenced_one, &young);
	return young;
}

struct rmap_count {
	int found;		/* entries mapping the page */
	uint32_t locked;	/* of them, locked ones */
};

static bool count_one(struct pmm_sim *sim, struct vma *v, uint64_t addr,
		      pte_t *ptep, void *arg)
{
	struct rmap_count *n = arg;

	(void)sim;
	(void)v;
	(void)addr;
	n->found++;
	n->locked += (*ptep & PTE_SW_MLOCK) != 0;
	return true;
}

/* Every mapped page is found by the rmap exactly mapcount times. */
bool vm_rmap_consistent(struct pmm_sim *sim, const struct pmm_mm *mm,
			char *msg, size_t size)
{
	const struct vma *v;
	int err;

	if (!mm->pgd)
		return true;
	mm_for_each_vma(v, mm) {
		for (uint64_t a = vma_start(v); a < vma_end(v); a += PAGE_SIZE) {
			struct pt_leaf *l = leaf_lookup(sim, (struct pmm_mm *)mm,
							a, false, &err);
			struct rmap_count n = { 0, 0 };
			struct pmm_page *pg;
			pte_t p;

			if (!l) {
				a = (a | ((PTRS_PER_TABLE * PAGE_SIZE) - 1)) -
				    PAGE_SIZE + 1;
				continue;
			}
			p = l->e[idx(a, 0)];
			if (!pte_present(p) || (p & PTE_SPECIAL))
				continue;
			pg = pte_page(sim, p);
			/* an entry is locked exactly when its VMA is */
			if (!(p & PTE_SW_MLOCK) != !(v->vm_flags & VM_LOCKED))
				return pmm_wrong(msg, size,
						 "entry at %#llx %s, its VMA %s",
						 (unsigned long long)a,
						 (p & PTE_SW_MLOCK) ? "locked" :
						 "not locked",
						 (v->vm_flags & VM_LOCKED) ?
						 "is" : "is not");
			if (special_page(sim, pg))
				continue;
			vm_rmap_walk(sim, pg, count_one, &n);
			if (n.found != pg->mapcount)
				return pmm_wrong(msg, size,
						 "rmap finds page at %#llx %d times, mapcount %d",
						 (unsigned long long)a, n.found,
						 pg->mapcount);
			if (n.locked != ((pg->flags & (1ull << PG_mlocked)) ?
					 pg->mlock_count : 0) ||
			    (!n.locked && (pg->flags & (1ull << PG_mlocked))))
				return pmm_wrong(msg, size,
						 "page at %#llx: %u locked entries, mlock_count %u%s",
						 (unsigned long long)a, n.locked,
						 pg->mlock_count,
						 (pg->flags & (1ull << PG_mlocked)) ?
						 "" : " (not PG_mlocked)");
		}
	}
	return true;
}

/* ---- MADV_COLD and MADV_PAGEOUT -------------------------------------------------- */

struct cold_arg {
	bool pageout;
	bool anon_only;		/* pageout_anon_only_filter */
};

/* try_to_unmap_one() for swap: the entry becomes the page's swap entry. */
static bool unmap_to_swap_one(struct pmm_sim *sim, struct vma *v,
			      uint64_t addr, pte_t *ptep, void *arg)
{
	swp_entry_t e = *(swp_entry_t *)arg;
	struct pmm_page *pg = pte_page(sim, *ptep);
	pte_t p = *ptep;
	/* try_to_unmap_one(): the entry is exclusive when the page was
	 * (PageAnonExclusive), which it no longer is once unmapped */
	bool excl = pg->flags & (1ull << PG_anon_exclusive);

	(void)addr;
	PMM_BUG_ON(p & PTE_SW_MLOCK);		/* locked pages never get here */
	if (p & PTE_DIRTY)
		pg->flags |= 1ull << PG_dirty;
	swap_dup(sim, e);
	*ptep = swp_entry_to_pte(e) | (excl ? PTE_SWP_EXCLUSIVE : 0);
	pg->flags &= ~(1ull << PG_anon_exclusive);
	v->mm->swap_ents++;
	page_unmap(sim, v->mm, pg);
	vm_flush_tlb(v->mm);
	return true;
}

/*
 * shrink_folio_list() for an anonymous page: add_to_swap() gives it a
 * slot and a place in the swap cache (no room in any area: it stays),
 * try_to_unmap() turns every entry mapping it into the swap entry,
 * pageout() writes it when dirty (pswpout), and __remove_mapping() frees
 * it when only the swap cache holds it, its content going to the slot.
 */
static void pageout_anon(struct pmm_sim *sim, struct pmm_page *pg)
{
	swp_entry_t e;

	if (!(pg->flags & (1ull << PG_swapcache))) {
		if (!swap_alloc_slot(sim, &e))
			return;
		swapcache_add(sim, pg, e);
		pg->flags |= 1ull << PG_dirty;	/* not on disk yet */
	}
	e.val = pg->swap;
	vm_rmap_walk(sim, pg, unmap_to_swap_one, &e);
	if (pg->mapcount)
		return;
	if (pg->flags & (1ull << PG_dirty)) {
		pg->flags &= ~(1ull << PG_dirty);
		sim->numa.vm_events[PSWPOUT]++;
		PMM_TRACE(sim, swap_writepage, EV_U64("type", swp_type(e)),
			  EV_U64("offset", swp_offset(e)));
	}
	if (pg->refcount == 1) {
		slot_write(sim, e, pg);
		swapcache_del(sim, pg);
	}
}

/*
 * madvise_cold_or_pageout_pte_range() and, for MADV_PAGEOUT, what
 * reclaim_pages() -> shrink_folio_list() does with each page: pages
 * mapped by this entry alone lose their young bit; paged out, a locked
 * one stays (unevictable), an anonymous one goes to swap (pageout_anon():
 * it stays when no area has room), any other is unmapped (try_to_unmap(),
 * its dirt passing to the page), and a clean disk-file page then leaves
 * the page cache (__remove_mapping()).  A dirty file page stays cached:
 * only kswapd writes file pages back; shmem pages stay (their swap, in
 * the page cache, is not modelled yet).
 */
static void cold_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
		      unsigned int from, unsigned int to, void *arg)
{
	const struct cold_arg *a = arg;

	(void)base;
	for (unsigned int i = from; i < to; i++) {
		pte_t p = l->e[i];
		struct pmm_page *pg, **slot;
		struct vm_file *f;

		if (!pte_present(p) || (p & PTE_SPECIAL))
			continue;
		pg = pte_page(c->sim, p);
		if (pg->mapcount != 1 || special_page(c->sim, pg))
			continue;
		if (a->anon_only && !(pg->flags & (1ull << PG_anon)))
			continue;
		if (!a->pageout) {
			l->e[i] &= ~PTE_ACCESSED;
			continue;
		}
		if (pg->flags & ((1ull << PG_mlocked) |
				 (1ull << PG_unevictable)))
			continue;
		if (pg->flags & (1ull << PG_anon)) {
			pageout_anon(c->sim, pg);
			continue;
		}
		f = pg->mapping;
		zap_pte(c, l, i, false);
		if (pg->refcount != 1 ||
		    (pg->flags & ((1ull << PG_dirty) | (1ull << PG_shmem))) ||
		    !f->regular)
			continue;
		slot = shm_slot(c->sim, f, pg->index, false);
		if (slot && *slot == pg)
			cache_drop(c->sim, f, slot);
	}
}

void vm_madvise_cold(struct vm_ctx *c, const struct vma *v, uint64_t start,
		     uint64_t end, bool pageout)
{
	struct cold_arg a = { .pageout = pageout };

	/* madvise_pageout(): another's shared file is only advised when the
	 * caller could write it (can_do_file_pageout()); a private mapping
	 * of such a file still pages its private copies out */
	if (pageout && v->vm_file && !v->vm_file->shmem &&
	    !fs_may_write_file(c, v->vm_file)) {
		if (v->vm_flags & VM_MAYSHARE)
			return;
		a.anon_only = true;
	}
	if (c->mm->pgd)
		walk_leaves(c, c->mm, start, end, cold_leaf, &a);
	vm_flush_tlb(c->mm);
}

/* ---- MADV_FREE ------------------------------------------------------------------ */

static void free_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
		      unsigned int from, unsigned int to, void *arg)
{
	(void)base;
	(void)arg;
	for (unsigned int i = from; i < to; i++) {
		pte_t p = l->e[i];
		struct pmm_page *pg;

		if (pte_is_swap(p)) {
			/* madvise_free_pte_range(): swapped data is dropped */
			zap_pte(c, l, i, false);
			continue;
		}
		if (!pte_present(p) || (p & PTE_SPECIAL))
			continue;
		pg = pte_page(c->sim, p);
		/* madvise_free_pte_range(): only pages this mapping owns */
		if (!(pg->flags & (1ull << PG_anon)) || pg->mapcount != 1)
			continue;
		l->e[i] = p & ~(PTE_DIRTY | PTE_ACCESSED);
		pg->flags &= ~(1ull << PG_dirty);
		vm_flush_tlb(c->mm);
	}
}

void vm_madvise_free(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	if (c->mm->pgd)
		walk_leaves(c, c->mm, start, end, free_leaf, NULL);
}

/* ---- swapoff and the swap checks ------------------------------------------------- */

struct unuse_arg {
	struct process *proc;
	unsigned int type;
	int err;
};

/*
 * unuse_pte(): the swap entry at @l->e[i] comes back as its page, mapped
 * old and read-only (vm_page_prot of a private mapping), exclusive or not
 * as the entry says; no fault is counted, the read is (pswpin).
 */
static void unuse_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
		       unsigned int from, unsigned int to, void *arg)
{
	struct unuse_arg *u = arg;
	struct pmm_sim *sim = c->sim;

	for (unsigned int i = from; i < to && !u->err; i++) {
		uint64_t addr = base + (uint64_t)i * PAGE_SIZE;
		struct pmm_page *pg;
		struct vma *v;
		swp_entry_t e;

		if (!pte_is_swap(l->e[i]))
			continue;
		e = pte_to_swp_entry(l->e[i]);
		if (swp_type(e) != u->type)
			continue;
		v = vma_find(c->mm, addr);
		pg = swap_cache_lookup(sim, e);
		if (pg) {
			pg->refcount++;
		} else {
			pg = frame_alloc(sim, vm_alloc_nid(sim, c, v, addr,
							   vma_pgoff_of(v, addr),
							   true),
					 GFP_MOVABLE);
			if (!pg) {
				u->err = -ENOMEM;
				return;
			}
			swapcache_add(sim, pg, e);	/* ours: the mapping's */
			slot_read(sim, e, pg);
		}
		if (l->e[i] & PTE_SWP_EXCLUSIVE)	/* RMAP_EXCLUSIVE */
			pg->flags |= 1ull << PG_anon_exclusive;
		swap_put(sim, e);
		c->mm->swap_ents--;
		page_map(sim, c->mm, pg);
		l->e[i] = pte_mlock(sim, v, pg,
				    mk_pte(sim, pg, PTE_PRESENT | PTE_USER));
	}
	vm_flush_tlb(c->mm);
}

int vm_swap_unuse(struct pmm_sim *sim, unsigned int type)
{
	struct swap_info *si = swap_info_get(sim, type);
	struct list_head *pos;

	PMM_BUG_ON(!si);
	list_for_each(pos, &sim->processes) {
		struct process *p = list_entry(pos, struct process, node);
		struct unuse_arg u = { .proc = p, .type = type };
		struct vm_ctx c = { .sim = sim, .proc = p, .mm = p->mm };
		struct vma *v;

		if (p->state != PMM_PROC_ALIVE || !p->mm || !p->mm->swap_ents ||
		    !p->mm->pgd)
			continue;
		mm_for_each_vma(v, p->mm) {
			walk_leaves(&c, p->mm, vma_start(v), vma_end(v),
				    unuse_leaf, &u);
			if (u.err)
				return u.err;
		}
	}
	/* what is left is the swap cache: its pages give their slots up */
	for (uint64_t k = 0; k < si->nr_chunks; k++) {
		for (unsigned int i = 0; i < SWAP_CHUNK && si->chunks[k]; i++) {
			struct pmm_page *pg = si->chunks[k]->cache[i];

			PMM_BUG_ON(si->chunks[k]->count[i]);
			if (pg)
				try_free_swap(sim, pg);
		}
	}
	PMM_BUG_ON(si->inuse);
	return 0;
}

/* The entries found per slot: per area, chunk arrays made on first use. */
struct swap_census {
	uint32_t **count[MAX_SWAPFILES];
	struct pmm_sim *sim;
	uint64_t ents;
	const char *bad;
};

static void census_leaf(struct vm_ctx *c, struct pt_leaf *l, uint64_t base,
			unsigned int from, unsigned int to, void *arg)
{
	struct swap_census *k = arg;

	(void)base;
	for (unsigned int i = from; i < to && !k->bad; i++) {
		struct swap_info *si;
		uint32_t **ch;
		swp_entry_t e;

		if (pte_present(l->e[i])) {
			struct pmm_page *pg = pte_page(c->sim, l->e[i]);

			if ((pg->flags & (1ull << PG_swapcache)) &&
			    !(pg->flags & (1ull << PG_anon)))
				k->bad = "a swap-cache page that is not anonymous";
			continue;
		}
		if (!pte_is_swap(l->e[i]))
			continue;
		e = pte_to_swp_entry(l->e[i]);
		si = swap_info_get(c->sim, swp_type(e));
		if (!si || !swp_offset(e) || swp_offset(e) >= si->max) {
			k->bad = "a swap entry of no area";
			return;
		}
		ch = &k->count[swp_type(e)][swp_offset(e) >> SWAP_CHUNK_SHIFT];
		if (!*ch)
			*ch = pmm_zalloc(&k->sim->alloc,
					 SWAP_CHUNK * sizeof(uint32_t));
		if (!*ch) {
			k->bad = "no memory to check";
			return;
		}
		(*ch)[swap_slot(swp_offset(e))]++;
		k->ents++;
	}
}

static bool census_compare(struct swap_census *k, const struct swap_info *si,
			   char *msg, size_t size)
{
	for (uint64_t c = 0; c < si->nr_chunks; c++) {
		const uint32_t *found = k->count[si->type][c];

		for (unsigned int i = 0; i < SWAP_CHUNK; i++) {
			uint32_t n = si->chunks[c] ? si->chunks[c]->count[i] : 0;
			uint32_t f = found ? found[i] : 0;

			if (n != f)
				return pmm_wrong(msg, size,
						 "swap: slot %u:%llu count %u, %u entries refer to it",
						 si->type,
						 (unsigned long long)((c << SWAP_CHUNK_SHIFT) + i),
						 n, f);
		}
	}
	return true;
}

bool vm_swap_consistent(struct pmm_sim *sim, char *msg, size_t size)
{
	struct swap_census k;
	struct list_head *pos;
	bool ok = true;

	memset(&k, 0, sizeof(k));
	k.sim = sim;
	if (!sim->swap.nr_active)
		return true;
	for (unsigned int t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info *si = sim->swap.si[t];

		if (!si)
			continue;
		k.count[t] = pmm_zalloc(&sim->alloc,
					si->nr_chunks * sizeof(uint32_t *));
		if (!k.count[t]) {
			ok = pmm_wrong(msg, size, "swap: no memory to check");
			goto out;
		}
	}
	list_for_each(pos, &sim->processes) {
		struct process *p = list_entry(pos, struct process, node);
		struct vm_ctx c = { .sim = sim, .proc = p, .mm = p->mm };
		struct vma *v;

		if (p->state != PMM_PROC_ALIVE || !p->mm || !p->mm->pgd)
			continue;
		k.ents = 0;
		mm_for_each_vma(v, p->mm)
			walk_leaves(&c, p->mm, vma_start(v), vma_end(v),
				    census_leaf, &k);
		if (k.bad) {
			ok = pmm_wrong(msg, size, "swap: pid %d: %s", p->pid,
				       k.bad);
			goto out;
		}
		if (k.ents != p->mm->swap_ents) {
			ok = pmm_wrong(msg, size,
				       "swap: pid %d: %llu swap entries, MM_SWAPENTS %llu",
				       p->pid, (unsigned long long)k.ents,
				       (unsigned long long)p->mm->swap_ents);
			goto out;
		}
	}
	for (unsigned int t = 0; t < MAX_SWAPFILES && ok; t++)
		if (sim->swap.si[t])
			ok = census_compare(&k, sim->swap.si[t], msg, size);
out:
	for (unsigned int t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info *si = sim->swap.si[t];

		if (!k.count[t])
			continue;
		for (uint64_t c = 0; c < si->nr_chunks; c++)
			if (k.count[t][c])
				pmm_free(&sim->alloc, k.count[t][c],
					 SWAP_CHUNK * sizeof(uint32_t));
		pmm_free(&sim->alloc, k.count[t],
			 si->nr_chunks * sizeof(uint32_t *));
	}
	return ok;
}

void vm_swap_fini(struct pmm_sim *sim)
{
	for (unsigned int t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info *si = sim->swap.si[t];

		for (uint64_t k = 0; si && k < si->nr_chunks; k++) {
			for (unsigned int i = 0; i < SWAP_CHUNK && si->chunks[k];
			     i++) {
				struct swap_chunk *ch = si->chunks[k];
				bool freed;

				if (!ch->count[i] && !ch->cache[i])
					continue;
				/* no process is left to refer to a slot */
				PMM_BUG_ON(ch->count[i]);
				freed = try_free_swap(sim, ch->cache[i]);
				PMM_BUG_ON(!freed);
			}
		}
	}
}

/* ---- page migration ---------------------------------------------------------- */

/* One entry a migration rewrites: where, and what it was. */
struct mig_entry {
	struct pmm_mm *mm;
	pte_t *ptep;
	pte_t orig;
};

struct mig_arg {
	struct mig_entry *e;
	unsigned int n, max;
};

/*
 * try_to_migrate_one(): the entry becomes a migration entry (a swap-format
 * entry of type SWP_MIGRATION_READ/WRITE naming the old frame), so a
 * fault meanwhile would wait for the move; the original bits are kept
 * for remove_migration_pte().
 */
static bool migrate_unmap_one(struct pmm_sim *sim, struct vma *v,
			      uint64_t addr, pte_t *ptep, void *arg)
{
	struct mig_arg *a = arg;
	pte_t p = *ptep;

	(void)addr;
	if (a->n == a->max)
		return false;
	a->e[a->n++] = (struct mig_entry){ v->mm, ptep, p };
	*ptep = swp_entry_to_pte(swp_entry((p & PTE_RW) ? SWP_MIGRATION_WRITE :
					   SWP_MIGRATION_READ, pte_pfn(p)));
	vm_flush_tlb(v->mm);
	(void)sim;
	return true;
}

/* The node statistics a frame stands in, added (@d 1) or taken (-1). */
static void page_node_stats(struct pmm_sim *sim, struct pmm_page *pg, long d)
{
	uint64_t f = pg->flags;

	if (pg->mapcount)
		node_stat(sim, pg, (f & (1ull << PG_anon)) ? NR_ANON_MAPPED :
			  NR_FILE_MAPPED, d);
	if (!(f & (1ull << PG_anon)) || (f & (1ull << PG_swapcache)))
		node_stat(sim, pg, NR_FILE_PAGES, d);
	if (f & (1ull << PG_shmem))
		node_stat(sim, pg, NR_SHMEM, d);
	if (f & (1ull << PG_swapcache))
		node_stat(sim, pg, NR_SWAPCACHE, d);
	if (f & ((1ull << PG_mlocked) | (1ull << PG_unevictable)))
		node_stat(sim, pg, NR_UNEVICTABLE, d);
	if (f & (1ull << PG_mlocked))
		page_zone(&sim->numa, pg)->vm_stat[NR_MLOCK] +=
			(unsigned long)d;
}

int vm_migrate_page(struct pmm_sim *sim, struct pmm_page *pg, int nid)
{
	const uint64_t moved = (1ull << PG_anon) | (1ull << PG_shmem) |
			       (1ull << PG_dirty) | (1ull << PG_swapcache) |
			       (1ull << PG_mlocked) | (1ull << PG_unevictable) |
			       (1ull << PG_anon_exclusive);
	unsigned int expected = (unsigned int)pg->mapcount;
	struct mig_arg a = { 0 };
	struct pmm_page *np, **slot = NULL;
	uint64_t word;

	if (page_to_nid(pg) == nid)
		return 0;
	/* folio_migrate_mapping(): the references must be the mappings and
	 * the caches' (a pin would make it busy) */
	if (!(pg->flags & (1ull << PG_anon)))
		slot = shm_slot(sim, pg->mapping, pg->index, false);
	else if (pg->flags & (1ull << PG_swapcache))
		slot = swap_cache_slot(sim, (swp_entry_t){ pg->swap });
	if (slot && *slot == pg)
		expected++;
	else
		slot = NULL;
	if (pg->refcount != expected || special_page(sim, pg))
		return -EBUSY;
	np = page_alloc(&sim->numa, sim->cur_cpu, 0, nid, 1ull << nid,
			GFP_MOVABLE | GFP_THISNODE | GFP_WMARK_MIN, NULL);
	if (!np)
		return -ENOMEM;
	if (pg->mapcount) {
		a.max = (unsigned int)pg->mapcount;
		a.e = pmm_alloc(&sim->alloc, a.max * sizeof(*a.e));
		if (!a.e) {
			page_free(&sim->numa, sim->cur_cpu, np, 0);
			return -ENOMEM;
		}
	}
	/* unmap: every entry becomes a migration entry */
	vm_rmap_walk(sim, pg, migrate_unmap_one, &a);
	PMM_BUG_ON(a.n != (unsigned int)pg->mapcount);
	/* move_to_new_folio(): the content word moves, not a copy of it */
	page_node_stats(sim, pg, -1);
	word = pg->private;
	np->private = word;
	pg->private = 0;
	np->flags |= pg->flags & moved;
	pg->flags &= ~moved;
	np->mapping = pg->mapping;
	np->index = pg->index;
	if (np->flags & (1ull << PG_swapcache))
		np->swap = pg->swap;
	if (np->flags & (1ull << PG_mlocked))
		np->mlock_count = pg->mlock_count;
	np->refcount = pg->refcount;
	np->mapcount = pg->mapcount;
	pg->refcount = 0;
	pg->mapcount = 0;
	pg->mapping = NULL;
	if (slot)
		*slot = np;
	page_node_stats(sim, np, 1);
	/* remove_migration_ptes(): the same entries, to the new frame */
	for (unsigned int i = 0; i < a.n; i++) {
		pte_t o = a.e[i].orig;

		*a.e[i].ptep = (o & ~PTE_PFN_MASK) |
			       (mk_pte(sim, np, 0) & PTE_PFN_MASK);
		vm_flush_tlb(a.e[i].mm);
	}
	if (a.e)
		pmm_free(&sim->alloc, a.e, a.max * sizeof(*a.e));
	frame_free(sim, pg);
	sim->numa.vm_events[PGMIGRATE_SUCCESS]++;
	return 0;
}

int vm_follow_page(struct vm_ctx *c, uint64_t addr, struct pmm_page **out)
{
	struct vma *v = vma_find(c->mm, addr);
	pte_t *ptep;
	int err;

	/* vma_lookup() and vma_migratable() */
	if (!v || vma_start(v) > addr || (v->vm_flags & (VM_IO | VM_PFNMAP)) ||
	    v->special)
		return -EFAULT;
	ptep = pte_lookup(c->sim, c->mm, addr, false, NULL, &err);
	if (!ptep || !pte_present(*ptep))
		return -ENOENT;
	if (*ptep & PTE_SPECIAL)
		return -EFAULT;			/* the zero page */
	*out = pte_page(c->sim, *ptep);
	return 0;
}
