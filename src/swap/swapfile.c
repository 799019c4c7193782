// SPDX-License-Identifier: MIT
/*
 * swapfile.c - swap areas and their slots (mm/swapfile.c): activation with
 * the priority rules of sys_swapon(), deactivation with the renumbering of
 * default priorities, the allocation order (swap_avail list), next-fit
 * slot allocation, swap counts, and the checker.  See swap.h for the
 * model; the page side (swap cache pages, page tables) is vm/fault.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bug.h"
#include "kernel/kernel.h"
#include "swap/swap.h"
#include "vm/vm.h"

void swap_state_init(struct pmm_sim *sim)
{
	memset(&sim->swap, 0, sizeof(sim->swap));
	sim->swap.least_priority = -1;
}

static void area_free(struct pmm_sim *sim, struct swap_info *si)
{
	for (uint64_t i = 0; i < si->nr_chunks; i++)
		if (si->chunks[i])
			pmm_free(&sim->alloc, si->chunks[i],
				 sizeof(struct swap_chunk));
	pmm_free(&sim->alloc, si->chunks, si->nr_chunks * sizeof(*si->chunks));
	vm_file_put(sim, si->inode);
	pmm_free(&sim->alloc, si, sizeof(*si));
}

void swap_state_fini(struct pmm_sim *sim)
{
	struct swap_bdev *b;

	for (unsigned int t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info *si = sim->swap.si[t];

		if (!si)
			continue;
		/* every process is gone: nothing refers to a slot */
		PMM_BUG_ON(si->inuse);
		area_free(sim, si);
		sim->swap.si[t] = NULL;
	}
	while ((b = sim->swap.bdevs)) {
		sim->swap.bdevs = b->next;
		vm_file_put(sim, b->inode);
		pmm_free(&sim->alloc, b, sizeof(*b));
	}
	sim->swap.nr_active = 0;
}

struct swap_info *swap_info_get(struct pmm_sim *sim, unsigned int type)
{
	return type < MAX_SWAPFILES ? sim->swap.si[type] : NULL;
}

struct swap_info *swap_find_inode(struct pmm_sim *sim,
				  const struct vm_file *inode)
{
	for (unsigned int i = 0; i < sim->swap.nr_active; i++)
		if (sim->swap.order[i]->inode == inode)
			return sim->swap.order[i];
	return NULL;
}

bool swap_is_bdev(struct pmm_sim *sim, const struct vm_file *inode)
{
	for (const struct swap_bdev *b = sim->swap.bdevs; b; b = b->next)
		if (b->inode == inode)
			return true;
	return false;
}

int swap_add_bdev(struct pmm_sim *sim, struct vm_file *inode,
		  uint64_t latency_ns)
{
	struct swap_bdev *b = pmm_zalloc(&sim->alloc, sizeof(*b));

	if (!b)
		return -ENOMEM;
	b->inode = vm_file_get(inode);
	b->latency_ns = latency_ns;
	b->next = sim->swap.bdevs;
	sim->swap.bdevs = b;
	return 0;
}

/* Put @si into the allocation order behind every area of its priority
 * or higher (plist_add(): FIFO among equals). */
static void order_insert(struct swap_state *s, struct swap_info *si)
{
	unsigned int i = 0;

	while (i < s->nr_active && s->order[i]->prio >= si->prio)
		i++;
	memmove(&s->order[i + 1], &s->order[i],
		(s->nr_active - i) * sizeof(s->order[0]));
	s->order[i] = si;
	s->nr_active++;
}

static void order_remove(struct swap_state *s, struct swap_info *si)
{
	unsigned int i = 0;

	while (i < s->nr_active && s->order[i] != si)
		i++;
	PMM_BUG_ON(i == s->nr_active);
	memmove(&s->order[i], &s->order[i + 1],
		(s->nr_active - i - 1) * sizeof(s->order[0]));
	s->nr_active--;
}

int swap_activate(struct pmm_sim *sim, struct vm_file *inode, bool partition,
		  uint64_t max, int flags)
{
	struct swap_state *s = &sim->swap;
	struct swap_info *si;
	unsigned int type;

	/* alloc_swap_info(): the lowest free type */
	for (type = 0; type < MAX_SWAPFILES && s->si[type]; type++)
		;
	if (type == MAX_SWAPFILES)
		return -EPERM;
	PMM_BUG_ON(max < 2);
	si = pmm_zalloc(&sim->alloc, sizeof(*si));
	if (!si)
		return -ENOMEM;
	si->nr_chunks = (max + SWAP_CHUNK - 1) >> SWAP_CHUNK_SHIFT;
	si->chunks = pmm_zalloc(&sim->alloc,
				si->nr_chunks * sizeof(*si->chunks));
	if (!si->chunks) {
		pmm_free(&sim->alloc, si, sizeof(*si));
		return -ENOMEM;
	}
	si->type = type;
	si->flags = flags;
	si->partition = partition;
	si->inode = vm_file_get(inode);
	si->max = max;
	si->pages = max - 1;		/* the header page is no slot */
	si->cursor = 1;
	/* setup_swap_info(): an explicit priority, or the next default */
	if (flags & SWAP_FLAG_PREFER)
		si->prio = flags & SWAP_FLAG_PRIO_MASK;
	else
		si->prio = --s->least_priority;
	s->si[type] = si;
	order_insert(s, si);
	s->total_pages += si->pages;
	s->free_pages += si->pages;
	return 0;
}

void swap_deactivate(struct pmm_sim *sim, struct swap_info *si)
{
	struct swap_state *s = &sim->swap;

	PMM_BUG_ON(si->inuse);
	/* sys_swapoff(): the later default priorities move up by one */
	if (si->prio < 0) {
		for (unsigned int i = 0; i < s->nr_active; i++)
			if (s->order[i]->prio < si->prio)
				s->order[i]->prio++;
		s->least_priority++;
	}
	order_remove(s, si);
	s->total_pages -= si->pages;
	s->free_pages -= si->pages;
	s->si[si->type] = NULL;
	area_free(sim, si);
}

struct swap_chunk *swap_chunk_of(struct pmm_sim *sim, struct swap_info *si,
				 uint64_t off, bool alloc)
{
	struct swap_chunk **c = &si->chunks[off >> SWAP_CHUNK_SHIFT];

	if (!*c && alloc)
		*c = pmm_zalloc(&sim->alloc, sizeof(**c));
	return *c;
}

static struct swap_chunk *entry_chunk(struct pmm_sim *sim, swp_entry_t e)
{
	struct swap_info *si = swap_info_get(sim, swp_type(e));

	PMM_BUG_ON(!si || !swp_offset(e) || swp_offset(e) >= si->max);
	return si->chunks[swp_offset(e) >> SWAP_CHUNK_SHIFT];
}

/* A slot is in use while it has a count or a cache page -- or was just
 * allocated: the chunk's bitmap of slots handed out is @used's members. */
static bool slot_busy(const struct swap_chunk *c, unsigned int i)
{
	return c && (c->count[i] || c->cache[i] || c->index[i] == UINT64_MAX);
}

static bool area_alloc(struct pmm_sim *sim, struct swap_info *si,
		       uint64_t *out)
{
	uint64_t off = si->cursor;

	if (si->inuse >= si->pages)
		return false;
	for (uint64_t n = 0; n < si->max; n++, off++) {
		struct swap_chunk *c;
		unsigned int i;

		if (off >= si->max)
			off = 1;
		c = si->chunks[off >> SWAP_CHUNK_SHIFT];
		if (c && c->used == SWAP_CHUNK) {
			/* skip a full chunk */
			off |= SWAP_CHUNK - 1;
			n += SWAP_CHUNK - 1 - swap_slot(off);
			continue;
		}
		i = swap_slot(off);
		if (slot_busy(c, i))
			continue;
		c = swap_chunk_of(sim, si, off, true);
		if (!c)
			return false;
		/* handed out: busy until a count or a cache page arrives */
		c->index[i] = UINT64_MAX;
		c->used++;
		si->inuse++;
		sim->swap.free_pages--;
		si->cursor = off + 1;
		*out = off;
		return true;
	}
	return false;
}

bool swap_alloc_slot(struct pmm_sim *sim, swp_entry_t *entry)
{
	struct swap_state *s = &sim->swap;

	for (unsigned int i = 0; i < s->nr_active; i++) {
		struct swap_info *si = s->order[i];
		unsigned int j;
		uint64_t off;

		if (!area_alloc(sim, si, &off))
			continue;
		/* plist_requeue(): behind the others of its priority */
		for (j = i; j + 1 < s->nr_active &&
			    s->order[j + 1]->prio == si->prio; j++)
			s->order[j] = s->order[j + 1];
		s->order[j] = si;
		*entry = swp_entry(si->type, off);
		return true;
	}
	return false;
}

void swap_dup(struct pmm_sim *sim, swp_entry_t e)
{
	struct swap_chunk *c = entry_chunk(sim, e);

	PMM_BUG_ON(!c);
	c->count[swap_slot(swp_offset(e))]++;
}

bool swap_put(struct pmm_sim *sim, swp_entry_t e)
{
	struct swap_chunk *c = entry_chunk(sim, e);
	unsigned int i = swap_slot(swp_offset(e));

	PMM_BUG_ON(!c || !c->count[i]);
	return --c->count[i] == 0;
}

void swap_slot_free(struct pmm_sim *sim, swp_entry_t e, uint64_t *data)
{
	struct swap_info *si = swap_info_get(sim, swp_type(e));
	struct swap_chunk *c = entry_chunk(sim, e);
	unsigned int i = swap_slot(swp_offset(e));

	PMM_BUG_ON(!c || c->count[i] || c->cache[i]);
	*data = c->data[i];
	c->data[i] = 0;
	c->anon[i] = NULL;
	c->index[i] = 0;
	c->used--;
	si->inuse--;
	sim->swap.free_pages++;
	/* a chunk with no slot in use goes (the swap map is sparse) */
	if (!c->used) {
		pmm_free(&sim->alloc, c, sizeof(*c));
		si->chunks[swp_offset(e) >> SWAP_CHUNK_SHIFT] = NULL;
	}
}

uint32_t swap_count(struct pmm_sim *sim, swp_entry_t e)
{
	struct swap_chunk *c = entry_chunk(sim, e);

	return c ? c->count[swap_slot(swp_offset(e))] : 0;
}

struct pmm_page *swap_cache_lookup(struct pmm_sim *sim, swp_entry_t e)
{
	struct swap_chunk *c = entry_chunk(sim, e);

	return c ? c->cache[swap_slot(swp_offset(e))] : NULL;
}

struct pmm_page **swap_cache_slot(struct pmm_sim *sim, swp_entry_t e)
{
	struct swap_chunk *c = entry_chunk(sim, e);

	PMM_BUG_ON(!c);
	return &c->cache[swap_slot(swp_offset(e))];
}

uint64_t *swap_data_slot(struct pmm_sim *sim, swp_entry_t e, void ***anon,
			 uint64_t **index)
{
	struct swap_chunk *c = entry_chunk(sim, e);
	unsigned int i = swap_slot(swp_offset(e));

	PMM_BUG_ON(!c);
	if (anon)
		*anon = &c->anon[i];
	if (index)
		*index = &c->index[i];
	return &c->data[i];
}

bool swap_full(const struct pmm_sim *sim)
{
	return sim->swap.free_pages * 2 < sim->swap.total_pages;
}

bool swap_consistent(struct pmm_sim *sim, char *msg, size_t size)
{
	const struct swap_state *s = &sim->swap;
	uint64_t total = 0, free = 0;
	unsigned int active = 0;

	for (unsigned int t = 0; t < MAX_SWAPFILES; t++) {
		const struct swap_info *si = s->si[t];
		uint64_t inuse = 0;

		if (!si)
			continue;
		active++;
		if (si->type != t || si->pages != si->max - 1)
			return pmm_wrong(msg, size, "swap: area %u is misfiled", t);
		for (uint64_t k = 0; k < si->nr_chunks; k++) {
			const struct swap_chunk *c = si->chunks[k];
			uint32_t used = 0;

			if (!c)
				continue;
			for (unsigned int i = 0; i < SWAP_CHUNK; i++) {
				uint64_t off = (k << SWAP_CHUNK_SHIFT) + i;
				const struct pmm_page *pg = c->cache[i];

				if (!slot_busy(c, i)) {
					if (c->data[i] || c->anon[i])
						return pmm_wrong(msg, size,
								 "swap: free slot %u:%llu keeps data",
								 t, (unsigned long long)off);
					continue;
				}
				if (!off || off >= si->max)
					return pmm_wrong(msg, size,
							 "swap: slot %u:%llu out of the area",
							 t, (unsigned long long)off);
				used++;
				if (pg && (!(pg->flags & (1ull << PG_swapcache)) ||
					   pg->swap != swp_entry(t, off).val ||
					   !pg->refcount))
					return pmm_wrong(msg, size,
							 "swap: cache page of %u:%llu is not its",
							 t, (unsigned long long)off);
				if (pg && c->data[i])
					return pmm_wrong(msg, size,
							 "swap: slot %u:%llu has data and a cache page",
							 t, (unsigned long long)off);
				if (!pg && !c->count[i])
					return pmm_wrong(msg, size,
							 "swap: slot %u:%llu in use by nothing",
							 t, (unsigned long long)off);
			}
			if (used != c->used || !used)
				return pmm_wrong(msg, size,
						 "swap: area %u chunk %llu counts %u slots, has %u",
						 t, (unsigned long long)k, c->used, used);
			inuse += used;
		}
		if (inuse != si->inuse)
			return pmm_wrong(msg, size,
					 "swap: area %u inuse %llu, slots say %llu", t,
					 (unsigned long long)si->inuse,
					 (unsigned long long)inuse);
		total += si->pages;
		free += si->pages - inuse;
	}
	if (active != s->nr_active || total != s->total_pages ||
	    free != s->free_pages)
		return pmm_wrong(msg, size,
				 "swap: %u areas, %llu/%llu pages free; areas say %u, %llu/%llu",
				 s->nr_active,
				 (unsigned long long)s->free_pages,
				 (unsigned long long)s->total_pages, active,
				 (unsigned long long)free,
				 (unsigned long long)total);
	for (unsigned int i = 1; i < s->nr_active; i++)
		if (s->order[i - 1]->prio < s->order[i]->prio)
			return pmm_wrong(msg, size,
					 "swap: allocation order not by priority");
	return true;
}
