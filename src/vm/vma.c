// SPDX-License-Identifier: MIT
/*
 * vma.c - the VMA set of an address space: allocation, linking with the VM
 * counters kept, split, merge (Linux 6.12+ vma_merge_new_range() and
 * vma_merge_existing_range()), the munmap core, fork's copy, and the
 * consistency checker.
 *
 * Every change to the counters goes through vma_acct(): a VMA's pages are
 * taken out under its old flags and put back under the new ones, so
 * total_vm, data_vm, exec_vm, stack_vm, locked_vm and the commit charge
 * always equal their sums over the tree (vm_mm_consistent() checks it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel.h"
#include "vm/vm.h"

void vm_ctx_init(struct vm_ctx *c, struct pmm_sim *sim, struct task *t)
{
	c->sim = sim;
	c->task = t;
	c->proc = t ? t->proc : NULL;
	c->mm = c->proc ? c->proc->mm : NULL;
}

int vm_max_map_count(struct pmm_sim *sim)
{
	return (int)sysctl_get(&sim->sysctl, SYSCTL_VM_MAX_MAP_COUNT);
}

/* ---- objects ------------------------------------------------------------- */

/*
 * A small per-machine cache of freed VMAs (a slab's free list): split and
 * merge churn, as mprotect back and forth, then costs no host allocation.
 */
#define VMA_CACHE_MAX 256

/* A VMA from the free cache or the allocator, its contents undefined. */
static struct vma *vma_alloc_raw(struct pmm_sim *sim)
{
	struct vma *v = sim->vm.vma_cache;

	if (v) {
		sim->vm.vma_cache = node_vma(v->node.vm_next);
		sim->vm.vma_cached--;
		return v;
	}
	return pmm_alloc(&sim->alloc, sizeof(struct vma));
}

struct vma *vma_alloc(struct pmm_sim *sim)
{
	struct vma *v = vma_alloc_raw(sim);

	if (v)
		memset(v, 0, sizeof(*v));
	return v;
}

void vma_free(struct pmm_sim *sim, struct vma *v)
{
	if (!v)
		return;
	vma_unlink_anon(sim, v);
	vm_file_put(sim, v->vm_file);
	file_put(sim, v->vm_filp);
	anon_name_put(sim, v->anon_name);
	if (sim->vm.vma_cached < VMA_CACHE_MAX) {
		v->node.vm_next = sim->vm.vma_cache ? &sim->vm.vma_cache->node : NULL;
		sim->vm.vma_cache = v;
		sim->vm.vma_cached++;
		return;
	}
	pmm_free(&sim->alloc, v, sizeof(*v));
}

void vm_machine_fini(struct pmm_sim *sim)
{
	for (unsigned int i = 0; i < PMM_ARRAY_SIZE(sim->vm.special_file); i++) {
		vm_file_put(sim, sim->vm.special_file[i]);
		sim->vm.special_file[i] = NULL;
	}
	vm_fault_fini(sim);
	vm_buf_cache_fini(sim);
	while (sim->vm.vma_cache) {
		struct vma *v = sim->vm.vma_cache;

		sim->vm.vma_cache = node_vma(v->node.vm_next);
		pmm_free(&sim->alloc, v, sizeof(*v));
	}
	sim->vm.vma_cached = 0;
}

/* A copy of @src's attributes (references taken), not linked anywhere. */
struct vma *vma_dup(struct pmm_sim *sim, const struct vma *src)
{
	/* every field is written below: no zeroing first */
	struct vma *v = vma_alloc_raw(sim);

	if (!v)
		return NULL;
	*v = *src;
	memset(&v->node, 0, sizeof(v->node));
	v->node.vm_start = src->node.vm_start;
	v->node.vm_end = src->node.vm_end;
	v->node.vm_guard_below = src->node.vm_guard_below;
	v->node.vm_guard_above = src->node.vm_guard_above;
	v->avcs = NULL;
	v->in_i_mmap = false;
	memset(&v->shared, 0, sizeof(v->shared));
	v->anon_vma = NULL;
	if (anon_vma_clone(sim, v, src)) {
		pmm_free(&sim->alloc, v, sizeof(*v));
		return NULL;
	}
	v->anon_vma = anon_vma_get(src->anon_vma);
	vm_file_get(v->vm_file);
	file_get(v->vm_filp);
	anon_name_get(v->anon_name);
	return v;
}

struct vm_file *vm_file_create(struct pmm_sim *sim, const char *path,
			       uint32_t major, uint32_t minor, uint64_t ino,
			       uint64_t size, bool shmem)
{
	size_t n = strlen(path) + 1;
	struct vm_file *f = pmm_zalloc(&sim->alloc, sizeof(*f) + n);

	if (!f)
		return NULL;
	f->ref = 1;
	f->ino = ino;
	f->size = size;
	f->dev_major = major;
	f->dev_minor = minor;
	f->shmem = shmem;
	memcpy(f->path, path, n);
	return f;
}

struct vm_file *vm_file_get(struct vm_file *f)
{
	if (f)
		f->ref++;
	return f;
}

void vm_file_put(struct pmm_sim *sim, struct vm_file *f)
{
	if (!f || --f->ref)
		return;
	vm_shmem_release(sim, f);	/* its cached pages go with it */
	vm_file_holes_release(sim, f);
	/* shmem_evict_inode(): the object's reservation goes back. */
	if (f->shmem && f->charged) {
		vm_unacct_memory(sim, (int64_t)f->charged);
		sim->vm.shmem_committed -= f->charged;
	}
	sd_free(f->sd);
	pmm_free(&sim->alloc, f, sizeof(*f) + strlen(f->path) + 1);
}

struct anon_vma_name *anon_name_get(struct anon_vma_name *n)
{
	if (n)
		n->ref++;
	return n;
}

void anon_name_put(struct pmm_sim *sim, struct anon_vma_name *n)
{
	if (!n || --n->ref)
		return;
	pmm_free(&sim->alloc, n, sizeof(*n) + n->len + 1);
}

bool anon_name_eq(const struct anon_vma_name *a, const struct anon_vma_name *b)
{
	if (a == b)
		return true;
	if (!a || !b)
		return false;
	return a->len == b->len && !memcmp(a->name, b->name, a->len);
}

struct anon_vma *anon_vma_get(struct anon_vma *av)
{
	if (av)
		av->ref++;
	return av;
}

void anon_vma_put(struct pmm_sim *sim, struct anon_vma *av)
{
	if (!av || --av->ref)
		return;
	PMM_BUG_ON(av->rb.nr);
	pmm_free(&sim->alloc, av, sizeof(*av));
}

static void avc_set_interval(struct avc *a)
{
	a->it.start = a->vma->vm_pgoff;
	a->it.last = a->vma->vm_pgoff + vma_pages(a->vma) - 1;
}

/* anon_vma_chain_link() */
static int avc_link(struct pmm_sim *sim, struct vma *v, struct anon_vma *av)
{
	struct avc *a = pmm_zalloc(&sim->alloc, sizeof(*a));

	if (!a)
		return -ENOMEM;
	a->vma = v;
	a->av = anon_vma_get(av);
	avc_set_interval(a);
	itree_insert(&av->rb, &a->it);
	a->next = v->avcs;
	v->avcs = a;
	return 0;
}

static unsigned int chain_len(const struct vma *v)
{
	unsigned int n = 0;

	for (const struct avc *a = v->avcs; a; a = a->next)
		n++;
	return n;
}

void vma_unlink_anon(struct pmm_sim *sim, struct vma *v)
{
	struct avc *a = v->avcs, *next;

	for (; a; a = next) {
		next = a->next;
		itree_remove(&a->av->rb, &a->it);
		anon_vma_put(sim, a->av);
		pmm_free(&sim->alloc, a, sizeof(*a));
	}
	v->avcs = NULL;
	anon_vma_put(sim, v->anon_vma);
	v->anon_vma = NULL;
	v->anon_multi = false;
}

int anon_vma_clone(struct pmm_sim *sim, struct vma *dst, const struct vma *src)
{
	/* the chain is kept newest first; clone oldest first so the copy
	 * keeps the order */
	const struct avc *stack[64];
	unsigned int n = 0;

	for (const struct avc *a = src ? src->avcs : NULL; a; a = a->next) {
		if (n == PMM_ARRAY_SIZE(stack))
			return -ENOMEM;	/* deeper than any fork chain we build */
		stack[n++] = a;
	}
	while (n--) {
		if (avc_link(sim, dst, stack[n]->av)) {
			struct anon_vma *keep = dst->anon_vma;

			dst->anon_vma = NULL;
			vma_unlink_anon(sim, dst);
			dst->anon_vma = keep;
			return -ENOMEM;
		}
	}
	dst->anon_multi = chain_len(dst) > 1;
	return 0;
}

int anon_vma_fork(struct pmm_sim *sim, struct vma *child)
{
	struct anon_vma *av;

	if (!child->anon_vma)
		return 0;
	av = pmm_zalloc(&sim->alloc, sizeof(*av));
	if (!av)
		return -ENOMEM;
	av->ref = 1;
	if (avc_link(sim, child, av)) {
		pmm_free(&sim->alloc, av, sizeof(*av));
		return -ENOMEM;
	}
	anon_vma_put(sim, child->anon_vma);
	child->anon_vma = av;
	child->anon_multi = true;
	return 0;
}

void vma_rmap_reindex(struct vma *v)
{
	for (struct avc *a = v->avcs; a; a = a->next) {
		itree_remove(&a->av->rb, &a->it);
		avc_set_interval(a);
		itree_insert(&a->av->rb, &a->it);
	}
	if (v->in_i_mmap) {
		itree_remove(&v->vm_file->i_mmap, &v->shared);
		v->shared.start = v->vm_pgoff;
		v->shared.last = v->vm_pgoff + vma_pages(v) - 1;
		itree_insert(&v->vm_file->i_mmap, &v->shared);
	}
}

/* anon_vma_compatible(): could @a and @b (a below b) share an anon_vma? */
static bool av_compatible(const struct vma *a, const struct vma *b)
{
	return vma_end(a) == vma_start(b) && a->policy == b->policy &&
	       a->vm_file == b->vm_file && a->vm_filp == b->vm_filp &&
	       !((a->vm_flags ^ b->vm_flags) & ~(VM_ACCESS_FLAGS | VM_STICKY)) &&
	       b->vm_pgoff == a->vm_pgoff +
			      ((vma_start(b) - vma_start(a)) >> PAGE_SHIFT);
}

int anon_vma_prepare(struct vm_ctx *c, struct vma *v)
{
	struct vma *next = vma_next(v), *prev = vma_prev(v);
	struct anon_vma *av = NULL;

	if (v->anon_vma)
		return 0;
	/* find_mergeable_anon_vma(): the next VMA first, then the previous
	 * one, when its chain is singular. */
	if (next && av_compatible(v, next) && next->anon_vma &&
	    !next->anon_multi)
		av = next->anon_vma;
	else if (prev && av_compatible(prev, v) && prev->anon_vma &&
		 !prev->anon_multi)
		av = prev->anon_vma;
	if (av) {
		if (avc_link(c->sim, v, av))
			return -ENOMEM;
		v->anon_vma = anon_vma_get(av);
		return 0;
	}
	av = pmm_zalloc(&c->sim->alloc, sizeof(*av));
	if (!av)
		return -ENOMEM;
	av->ref = 1;
	if (avc_link(c->sim, v, av)) {
		pmm_free(&c->sim->alloc, av, sizeof(*av));
		return -ENOMEM;
	}
	v->anon_vma = av;
	return 0;
}

/* ---- counters -------------------------------------------------------------- */

/* Linux vm_stat_account(): which counter a mapping's pages go to. */
void vm_stat_account(struct pmm_mm *mm, uint64_t flags, int64_t npages)
{
	mm->total_vm += (uint64_t)npages;
	if ((flags & (VM_WRITE | VM_STACK | VM_EXEC)) == VM_EXEC)
		mm->exec_vm += (uint64_t)npages;
	else if ((flags & VM_STACK) == VM_STACK)
		mm->stack_vm += (uint64_t)npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += (uint64_t)npages;
}

/* Add (@sign 1) or take out (-1) @v's pages from every counter. */
static void vma_acct(struct pmm_mm *mm, const struct vma *v, int sign)
{
	int64_t n = sign * (int64_t)vma_pages(v);

	vm_stat_account(mm, v->vm_flags, n);
	if (v->vm_flags & VM_LOCKED)
		mm->locked_vm += (uint64_t)n;
	if (v->vm_flags & VM_ACCOUNT)
		mm->committed += (uint64_t)n;
}

static void vma_set_guard(const struct pmm_mm *mm, struct vma *v)
{
	v->node.vm_guard_below = (v->vm_flags & VM_GROWSDOWN) ?
				 mm->guard_gap : 0;
	v->node.vm_guard_above = 0;
}

void vma_link(struct pmm_mm *mm, struct vma *v)
{
	v->mm = mm;
	if (v->vm_file && !v->in_i_mmap) {
		v->shared.start = v->vm_pgoff;
		v->shared.last = v->vm_pgoff + vma_pages(v) - 1;
		itree_insert(&v->vm_file->i_mmap, &v->shared);
		v->in_i_mmap = true;
	}
	vma_set_guard(mm, v);
	vma_tree_insert(&mm->tree, &v->node);
	mm->map_count++;
	vma_acct(mm, v, 1);
}

void vma_unlink(struct pmm_mm *mm, struct vma *v)
{
	if (v->in_i_mmap) {
		itree_remove(&v->vm_file->i_mmap, &v->shared);
		v->in_i_mmap = false;
	}
	vma_acct(mm, v, -1);
	vma_tree_remove(&mm->tree, &v->node);
	mm->map_count--;
}

/* Change a linked VMA's flags, counters and guard following. */
static void vma_set_flags(struct pmm_mm *mm, struct vma *v, uint64_t flags)
{
	bool guard = (v->vm_flags ^ flags) & VM_GROWSDOWN;

	vma_acct(mm, v, -1);
	v->vm_flags = flags;
	vma_acct(mm, v, 1);
	if (guard) {
		vma_set_guard(mm, v);
		vma_tree_update_bounds(&mm->tree, &v->node);
	}
}

/* Move a linked VMA's bounds in place (it stays between its neighbours). */
static void vma_set_bounds(struct pmm_mm *mm, struct vma *v, uint64_t start,
			   uint64_t end, uint64_t pgoff)
{
	vma_acct(mm, v, -1);
	v->node.vm_start = start;
	v->node.vm_end = end;
	v->vm_pgoff = pgoff;
	vma_acct(mm, v, 1);
	vma_rmap_reindex(v);
}

/* ---- mm ----------------------------------------------------------------------- */

struct pmm_mm *mm_alloc(struct pmm_sim *sim)
{
	struct pmm_mm *mm = pmm_zalloc(&sim->alloc, sizeof(*mm));

	if (!mm)
		return NULL;
	vma_tree_init(&mm->tree);
	vm_pkeys_init(sim, mm);
	mm->guard_gap = sim->vm.stack_guard_gap;
	mm->task_size = sim->cfg.la57 ? TASK_SIZE_56 : TASK_SIZE_47;
	return mm;
}

void mm_teardown(struct pmm_sim *sim, struct pmm_mm *mm)
{
	struct vma_node *n, *tmp;
	uint64_t charged = mm->committed;

	/* exit_mmap(): the pages and tables go first */
	vm_pgtables_teardown(sim, mm);
	vma_tree_for_each_safe(n, tmp, &mm->tree) {
		struct vma *v = node_vma(n);

		vma_unlink(mm, v);
		vma_free(sim, v);
	}
	if (charged)
		vm_unacct_memory(sim, (int64_t)charged);
}

void mm_free(struct pmm_sim *sim, struct pmm_mm *mm)
{
	if (!mm)
		return;
	mm_teardown(sim, mm);
	pmm_free(&sim->alloc, mm, sizeof(*mm));
}

/* ---- split -------------------------------------------------------------------- */

struct vma *vma_split(struct vm_ctx *c, struct vma *v, uint64_t addr,
		      bool new_below)
{
	struct pmm_mm *mm = c->mm;
	struct vma *n;
	uint64_t start = vma_start(v), end = vma_end(v);
	uint64_t off = (addr - start) >> PAGE_SHIFT;

	PMM_BUG_ON(addr <= start || addr >= end || (addr & ~PAGE_MASK));
	n = vma_dup(c->sim, v);
	if (!n)
		return NULL;
	if (new_below) {
		n->node.vm_end = addr;
		vma_set_bounds(mm, v, addr, end, v->vm_pgoff + off);
	} else {
		n->node.vm_start = addr;
		n->vm_pgoff += off;
		vma_set_bounds(mm, v, start, addr, v->vm_pgoff);
	}
	vma_rmap_reindex(n);
	vma_tree_update_bounds(&mm->tree, &v->node);
	vma_link(mm, n);
	return n;
}

/* split_vma(): __split_vma() with the max_map_count check. */
static int split_vma(struct vm_ctx *c, struct vma *v, uint64_t addr,
		     bool new_below, struct vma **out)
{
	struct vma *n;

	if (c->mm->map_count >= (unsigned long)vm_max_map_count(c->sim))
		return -ENOMEM;
	n = vma_split(c, v, addr, new_below);
	if (!n)
		return -ENOMEM;
	if (out)
		*out = n;
	return 0;
}

/* ---- merge -------------------------------------------------------------------- */

void vma_attrs_of(const struct vma *v, struct vma_attrs *a)
{
	a->flags = v->vm_flags;
	a->pgoff = v->vm_pgoff;
	a->file = v->vm_file;
	a->filp = v->vm_filp;
	a->anon_name = v->anon_name;
	a->anon_vma = v->anon_vma;
	a->anon_multi = v->anon_multi;
	a->src = v;
	a->policy = v->policy;
	a->uffd_ctx = v->uffd_ctx;
	a->wx_hist = v->wx_hist;
}

/* dup_anon_vma(): a merged VMA without an anon_vma takes its partner's
 * (and its chain).  A chain that cannot be cloned leaves @m as it was:
 * its pages, if any, stay reachable through @src's own links. */
static void merge_anon(struct pmm_sim *sim, struct vma *m,
		       const struct vma *src)
{
	if (m->anon_vma || !src || !src->anon_vma)
		return;
	if (anon_vma_clone(sim, m, src))
		return;
	m->anon_vma = anon_vma_get(src->anon_vma);
	m->anon_multi = src->anon_multi;
}

/* A merged VMA keeps every sticky flag of what it now covers. */
static void merge_sticky(struct pmm_mm *mm, struct vma *m, uint64_t sticky)
{
	sticky &= VM_STICKY;
	if ((m->vm_flags | sticky) != m->vm_flags)
		vma_set_flags(mm, m, m->vm_flags | sticky);
}

/* is_mergeable_vma(): flags, file, uffd context, anon name. */
static bool attrs_mergeable(const struct vma *v, const struct vma_attrs *a)
{
	if ((v->vm_flags ^ a->flags) & ~VM_IGNORE_MERGE)
		return false;
	if (v->vm_file != a->file || v->vm_filp != a->filp ||
	    v->uffd_ctx != a->uffd_ctx)
		return false;
	if (!anon_name_eq(v->anon_name, a->anon_name))
		return false;
	/* mpol_equal(); NULL is the process default. */
	if (v->policy != a->policy)
		return false;
	/* Peios history rule: histories must agree to share one VMA. */
	if (v->wx_hist != a->wx_hist)
		return false;
	return !v->special;
}

/*
 * is_mergeable_anon_vma(): the range (anon_vma @s, chain @s_multi) joins
 * a VMA with anon_vma @t (chain @t_multi).  One side without an anon_vma
 * takes the other's, unless that one's chain has forked parents.
 */
static bool anon_vma_ok(const struct anon_vma *t, bool t_multi,
			const struct anon_vma *s, bool s_multi)
{
	if (!t && s)
		return !s_multi;
	if (t && !s)
		return !t_multi;
	return s == t;
}

#define anon_vma_compatible(v, a)                                            \
	anon_vma_ok((v)->anon_vma, (v)->anon_multi, (a)->anon_vma,           \
		    (a)->anon_multi)

/* can_vma_merge_after(): @prev ends where the range starts. */
static bool can_merge_after(const struct vma *prev, const struct vma_attrs *a)
{
	return attrs_mergeable(prev, a) &&
	       anon_vma_compatible(prev, a) &&
	       prev->vm_pgoff + vma_pages(prev) == a->pgoff;
}

/* can_vma_merge_before(): @next starts where the range ends. */
static bool can_merge_before(const struct vma *next, const struct vma_attrs *a,
			     uint64_t pglen)
{
	return attrs_mergeable(next, a) &&
	       anon_vma_compatible(next, a) &&
	       next->vm_pgoff == a->pgoff + pglen;
}

struct vma *vma_merge_new_range(struct vm_ctx *c, struct vma *prev,
				struct vma *next, uint64_t start, uint64_t end,
				const struct vma_attrs *a)
{
	struct pmm_mm *mm = c->mm;
	uint64_t pglen = (end - start) >> PAGE_SHIFT;
	bool left, right;

	if (a->flags & VM_SPECIAL)
		return NULL;
	left = prev && vma_end(prev) == start && can_merge_after(prev, a);
	right = next && vma_start(next) == end &&
		can_merge_before(next, a, pglen);
	if (left && right &&
	    !anon_vma_compatible(prev, next))
		right = false;
	if (left && right) {
		uint64_t nend = vma_end(next), nfl = next->vm_flags;

		merge_anon(c->sim, prev, a->src);
		merge_anon(c->sim, prev, next);
		vma_unlink(mm, next);
		vma_free(c->sim, next);
		vma_set_bounds(mm, prev, vma_start(prev), nend, prev->vm_pgoff);
		vma_tree_update_bounds(&mm->tree, &prev->node);
		merge_sticky(mm, prev, nfl | a->flags);
		return prev;
	}
	if (left) {
		merge_anon(c->sim, prev, a->src);
		vma_set_bounds(mm, prev, vma_start(prev), end, prev->vm_pgoff);
		vma_tree_update_bounds(&mm->tree, &prev->node);
		merge_sticky(mm, prev, a->flags);
		return prev;
	}
	if (right) {
		merge_anon(c->sim, next, a->src);
		vma_set_bounds(mm, next, start, vma_end(next), a->pgoff);
		vma_tree_update_bounds(&mm->tree, &next->node);
		merge_sticky(mm, next, a->flags);
		return next;
	}
	return NULL;
}

/*
 * vma_merge_existing_range(): [start, end) of @v gets @a.  Returns the VMA
 * now holding the range after a merge, or NULL when none applies.
 */
static struct vma *merge_existing(struct vm_ctx *c, struct vma *prev,
				  struct vma *v, uint64_t start, uint64_t end,
				  const struct vma_attrs *a)
{
	struct pmm_mm *mm = c->mm;
	struct vma *next = vma_next(v);
	bool left_side = start == vma_start(v), right_side = end == vma_end(v);
	uint64_t pglen = (end - start) >> PAGE_SHIFT;
	bool ml = false, mr = false;
	uint64_t sticky;

	if ((a->flags & VM_SPECIAL) || (!left_side && !right_side))
		return NULL;
	if (v->special)
		return NULL;
	if (left_side)
		ml = prev && vma_end(prev) == start && can_merge_after(prev, a);
	if (right_side)
		mr = next && vma_start(next) == end &&
		     can_merge_before(next, a, pglen);
	if (ml && mr && !anon_vma_compatible(prev, next))
		mr = false;
	if (!ml && !mr)
		return NULL;
	sticky = (v->vm_flags | a->flags) & VM_STICKY;

	if (ml && mr) {			/* prev absorbs v and next */
		uint64_t nend = vma_end(next);

		sticky |= next->vm_flags;
		merge_anon(c->sim, prev, v);
		merge_anon(c->sim, prev, next);
		vma_unlink(mm, v);
		vma_free(c->sim, v);
		vma_unlink(mm, next);
		vma_free(c->sim, next);
		vma_set_bounds(mm, prev, vma_start(prev), nend, prev->vm_pgoff);
		vma_tree_update_bounds(&mm->tree, &prev->node);
		merge_sticky(mm, prev, sticky);
		return prev;
	}
	if (ml) {
		merge_anon(c->sim, prev, v);
		if (right_side) {	/* prev absorbs all of v */
			vma_unlink(mm, v);
			vma_free(c->sim, v);
		} else {		/* prev takes v's head */
			vma_set_bounds(mm, v, end, vma_end(v),
				       v->vm_pgoff + pglen);
		}
		vma_set_bounds(mm, prev, vma_start(prev), end, prev->vm_pgoff);
		vma_tree_update_bounds(&mm->tree, &prev->node);
		if (!right_side)
			vma_tree_update_bounds(&mm->tree, &v->node);
		merge_sticky(mm, prev, sticky);
		return prev;
	}
	/* mr */
	merge_anon(c->sim, next, v);
	if (left_side) {		/* next absorbs all of v */
		uint64_t vs = vma_start(v);

		vma_unlink(mm, v);
		vma_free(c->sim, v);
		vma_set_bounds(mm, next, vs, vma_end(next), a->pgoff);
	} else {			/* next takes v's tail */
		vma_set_bounds(mm, v, vma_start(v), start, v->vm_pgoff);
		vma_set_bounds(mm, next, start, vma_end(next), a->pgoff);
		vma_tree_update_bounds(&mm->tree, &v->node);
	}
	vma_tree_update_bounds(&mm->tree, &next->node);
	merge_sticky(mm, next, sticky);
	return next;
}

/* Give @v the attributes of @a other than its bounds and pgoff. */
static void vma_apply_attrs(struct vm_ctx *c, struct vma *v,
			    const struct vma_attrs *a)
{
	if (v->anon_name != a->anon_name) {
		struct anon_vma_name *old = v->anon_name;

		v->anon_name = anon_name_get(a->anon_name);
		anon_name_put(c->sim, old);
	}
	v->policy = a->policy;
	v->uffd_ctx = a->uffd_ctx;
	v->wx_hist = a->wx_hist;
	if (v->vm_flags != a->flags)
		vma_set_flags(c->mm, v, a->flags);
}

struct vma *vma_modify(struct vm_ctx *c, struct vma *prev, struct vma *v,
		       uint64_t start, uint64_t end, const struct vma_attrs *in,
		       int *err)
{
	struct vma_attrs a = *in;
	struct vma *m;
	int e;

	/* The range's own pgoff, file and anon_vma come from @v. */
	a.pgoff = vma_pgoff_of(v, start);
	a.file = v->vm_file;
	a.filp = v->vm_filp;
	a.anon_vma = v->anon_vma;
	a.anon_multi = v->anon_multi;
	m = merge_existing(c, prev, v, start, end, &a);
	if (m) {
		*err = 0;
		return m;
	}
	/* vma_modify(): split off the head, then the tail; a head split
	 * stays if the tail split fails, as in Linux. */
	if (vma_start(v) < start) {
		e = split_vma(c, v, start, true, NULL);
		if (e) {
			*err = e;
			return NULL;
		}
	}
	if (vma_end(v) > end) {
		e = split_vma(c, v, end, false, NULL);
		if (e) {
			*err = e;
			return NULL;
		}
	}
	vma_apply_attrs(c, v, &a);
	*err = 0;
	return v;
}

/* ---- munmap ------------------------------------------------------------------- */

int vm_check_sealed(struct pmm_mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *v = vma_find_intersection(mm, start, end);
	     v && vma_start(v) < end; v = vma_next(v))
		if (v->vm_flags & VM_SEALED)
			return -EPERM;
	return 0;
}

/*
 * vms_gather_munmap_vmas(): split the VMAs at the ends of [start, end) and
 * check them.  As Linux, a split made before a check fails is kept (the
 * pieces are not merged back); nothing is removed.
 */
int vm_munmap_prepare(struct vm_ctx *c, uint64_t start, uint64_t end)
{
	struct pmm_mm *mm = c->mm;
	struct vma *v = vma_find_intersection(mm, start, end);

	if (!v)
		return 0;
	if (gate_value(&c->sim->sec, GATE_MSEAL_PRECHECK,
		       sim_profile(c->sim)) &&
	    vm_check_sealed(mm, start, end))
		return -EPERM;
	if (start > vma_start(v)) {
		/* map_count may pass the limit only transiently. */
		if (end < vma_end(v) &&
		    mm->map_count >= (unsigned long)vm_max_map_count(c->sim))
			return -ENOMEM;
		if (v->vm_flags & VM_SEALED)
			return -EPERM;
		if (!vma_split(c, v, start, true))
			return -ENOMEM;
	}
	for (; v && vma_start(v) < end; v = vma_next(v)) {
		if (v->vm_flags & VM_SEALED)
			return -EPERM;
		if (vma_end(v) > end) {
			if (!vma_split(c, v, end, false))
				return -ENOMEM;
			break;
		}
	}
	return 0;
}

/*
 * vms_complete_munmap_vmas(): remove the VMAs inside [start, end), which
 * vm_munmap_prepare() made exact.  Returns the VM_ACCOUNT pages removed;
 * @unacct gives them back to the commit.
 */
uint64_t vm_munmap_complete(struct vm_ctx *c, uint64_t start, uint64_t end,
			    bool unacct)
{
	struct pmm_mm *mm = c->mm;
	struct vma *v, *next;
	uint64_t nr_accounted = 0;

	/* unmap_region(): the pages, then the VMAs, then the tables */
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	vm_zap_range(c, start, end);
	v = vma_find_intersection(mm, start, end);
	for (; v && vma_start(v) < end; v = next) {
		next = vma_next(v);
		PMM_BUG_ON(vma_start(v) < start || vma_end(v) > end);
		if (v->vm_flags & VM_ACCOUNT)
			nr_accounted += vma_pages(v);
		vma_unlink(mm, v);
		vma_free(c->sim, v);
	}
	vm_free_pgtables(c, start, end);
	if (unacct && nr_accounted)
		vm_unacct_memory(c->sim, (int64_t)nr_accounted);
	return nr_accounted;
}

int vm_do_munmap(struct vm_ctx *c, uint64_t start, uint64_t len)
{
	int err;

	/* do_vmi_munmap() */
	if ((start & ~PAGE_MASK) || start > c->mm->task_size ||
	    len > c->mm->task_size - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	err = vm_munmap_prepare(c, start, start + len);

	if (err)
		return err;
	vm_munmap_complete(c, start, start + len, true);
	return 0;
}

void vma_resize(struct pmm_mm *mm, struct vma *v, uint64_t start,
		uint64_t end, uint64_t pgoff)
{
	vma_set_bounds(mm, v, start, end, pgoff);
	vma_tree_update_bounds(&mm->tree, &v->node);
}

void vma_change_flags(struct pmm_mm *mm, struct vma *v, uint64_t flags)
{
	vma_set_flags(mm, v, flags);
}

/* ---- fork ------------------------------------------------------------------------ */

int vm_dup_mm(struct pmm_sim *sim, struct pmm_mm *mm, const struct pmm_mm *old,
	      struct task *t)
{
	enum pmm_profile prof = sim_profile(sim);
	/* security_vm_enough_memory_mm(oldmm, len): the parent's total_vm
	 * sets the user reserve, the forking thread's token the admin one */
	struct vm_ctx c = {
		.sim = sim,
		.proc = t ? t->proc : NULL,
		.task = t,
		.mm = (struct pmm_mm *)old,
	};
	uint64_t keep_def = VM_NOHUGEPAGE;	/* Linux VM_INIT_DEF_MASK */
	struct vma *v;

	mm->task_size = old->task_size;
	mm->mmap_base = old->mmap_base;
	mm->mmap_legacy_base = old->mmap_legacy_base;
	mm->topdown = old->topdown;
	mm->randomize = old->randomize;
	mm->sys_sealed = old->sys_sealed;
	mm->stack_top = old->stack_top;
	mm->start_stack = old->start_stack;
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->vdso_base = old->vdso_base;
	mm->guard_gap = old->guard_gap;
	/* the allocated keys are copied; from now on each has its own */
	mm->pkey_map = old->pkey_map;
	mm->exec_only_pkey = old->exec_only_pkey;
	/* Linux drops MCL_FUTURE across fork; Peios keeps it (spec 13 §5). */
	if (gate_value(&sim->sec, GATE_MLOCK_FUTURE_FORK_INHERIT, prof))
		keep_def |= VM_LOCKED_MASK;
	mm->def_flags = old->def_flags & keep_def;

	mm_for_each_vma(v, old) {
		struct vma *n;

		if (v->vm_flags & VM_DONTCOPY)
			continue;
		/* dup_mmap() charges each accountable VMA as it copies it. */
		if ((v->vm_flags & VM_ACCOUNT) &&
		    vm_acct_memory(&c, (int64_t)vma_pages(v)))
			goto fail;
		n = vma_dup(sim, v);
		if (!n) {
			if (v->vm_flags & VM_ACCOUNT)
				vm_unacct_memory(sim, (int64_t)vma_pages(v));
			goto fail;
		}
		/* anon_vma_fork(): the child's VMA gets its own anon_vma,
		 * chained to the parent's (its chain is not singular) */
		if (anon_vma_fork(sim, n)) {
			vma_free(sim, n);
			if (v->vm_flags & VM_ACCOUNT)
				vm_unacct_memory(sim, (int64_t)vma_pages(v));
			goto fail;
		}
		/* Linux never inherits mlock; Peios does (spec 13 rule 17). */
		if (!gate_value(&sim->sec, GATE_MLOCK_FORK_INHERIT, prof))
			n->vm_flags &= ~VM_LOCKED_MASK;
		/* dup_userfaultfd() without UFFD_FEATURE_EVENT_FORK. */
		n->uffd_ctx = NULL;
		n->vm_flags &= ~VM_UFFD_FLAGS;
		vma_link(mm, n);
		if (vm_copy_range(sim, mm, (struct pmm_mm *)old, v, n))
			goto fail;
	}
	return 0;
fail:
	mm_teardown(sim, mm);
	return -ENOMEM;
}

/* ---- consistency ---------------------------------------------------------------- */

bool vm_mm_consistent(const struct pmm_mm *mm, char *msg, size_t size)
{
	uint64_t total = 0, data = 0, exec = 0, stack = 0, locked = 0, acct = 0;
	unsigned long n = 0;
	struct pmm_mm sum;
	const struct vma *v;

	if (!vma_tree_consistent(&mm->tree, msg, size))
		return false;
	memset(&sum, 0, sizeof(sum));
	mm_for_each_vma(v, mm) {
		uint64_t s = vma_start(v), e = vma_end(v);

		n++;
		if ((s | e) & ~PAGE_MASK || e > mm->task_size + PAGE_SIZE) {
			snprintf(msg, size, "vma %#llx-%#llx misaligned or past TASK_SIZE",
				 (unsigned long long)s, (unsigned long long)e);
			return false;
		}
		if (v->node.vm_guard_below !=
		    ((v->vm_flags & VM_GROWSDOWN) ? mm->guard_gap : 0)) {
			snprintf(msg, size, "vma %#llx: stale stack guard",
				 (unsigned long long)s);
			return false;
		}
		if ((v->vm_flags & VM_SHARED) && !(v->vm_flags & VM_MAYSHARE)) {
			snprintf(msg, size, "vma %#llx: VM_SHARED without VM_MAYSHARE",
				 (unsigned long long)s);
			return false;
		}
		if ((v->vm_flags & VM_ACCESS_FLAGS) &
		    ~((v->vm_flags & VM_MAY_FLAGS) >> 4)) {
			snprintf(msg, size, "vma %#llx: access beyond VM_MAY*",
				 (unsigned long long)s);
			return false;
		}
		vm_stat_account(&sum, v->vm_flags, (int64_t)vma_pages(v));
		if (v->vm_flags & VM_LOCKED)
			locked += vma_pages(v);
		if (v->vm_flags & VM_ACCOUNT)
			acct += vma_pages(v);
	}
	total = sum.total_vm;
	data = sum.data_vm;
	exec = sum.exec_vm;
	stack = sum.stack_vm;
	if (n != mm->map_count || n != mm->tree.nr_nodes) {
		snprintf(msg, size, "map_count %lu, %lu VMAs", mm->map_count, n);
		return false;
	}
	if (total != mm->total_vm || data != mm->data_vm ||
	    exec != mm->exec_vm || stack != mm->stack_vm ||
	    locked != mm->locked_vm || acct != mm->committed) {
		snprintf(msg, size,
			 "VM counters: total %llu/%llu data %llu/%llu exec %llu/%llu "
			 "stack %llu/%llu locked %llu/%llu committed %llu/%llu",
			 (unsigned long long)mm->total_vm, (unsigned long long)total,
			 (unsigned long long)mm->data_vm, (unsigned long long)data,
			 (unsigned long long)mm->exec_vm, (unsigned long long)exec,
			 (unsigned long long)mm->stack_vm, (unsigned long long)stack,
			 (unsigned long long)mm->locked_vm, (unsigned long long)locked,
			 (unsigned long long)mm->committed, (unsigned long long)acct);
		return false;
	}
	if (mm->brk < mm->start_brk) {
		snprintf(msg, size, "brk %#llx below start_brk %#llx",
			 (unsigned long long)mm->brk,
			 (unsigned long long)mm->start_brk);
		return false;
	}
	return true;
}

bool vm_machine_consistent(struct pmm_sim *sim, char *msg, size_t size)
{
	uint64_t sum = sim->vm.shmem_committed;
	struct list_head *pos;

	list_for_each(pos, &sim->processes) {
		struct process *p = list_entry(pos, struct process, node);
		char m[200];

		if (p->state != PMM_PROC_ALIVE) {
			if (p->mm) {
				snprintf(msg, size, "vm: dead pid %d keeps its mm",
					 p->pid);
				return false;
			}
			continue;
		}
		if (!p->mm) {
			snprintf(msg, size, "vm: live pid %d has no mm", p->pid);
			return false;
		}
		if (!vm_mm_consistent(p->mm, m, sizeof(m)) ||
		    !vm_pgtables_consistent(sim, p->mm, m, sizeof(m)) ||
		    !vm_rmap_consistent(sim, p->mm, m, sizeof(m))) {
			snprintf(msg, size, "vm: pid %d: %s", p->pid, m);
			return false;
		}
		sum += p->mm->committed;
	}
	if (sum != sim->vm.committed) {
		snprintf(msg, size, "vm: commit charge %llu pages, mms and shmem hold %llu",
			 (unsigned long long)sim->vm.committed,
			 (unsigned long long)sum);
		return false;
	}
	return true;
}

/* ---- the commit hook ------------------------------------------------------------ */

/*
 * security_vm_enough_memory_mm(): the OOM layer's overcommit policy
 * (oom/overcommit.c) decides and charges; without one every charge is
 * granted.  The machine keeps the total (Committed_AS).
 */
int vm_acct_memory(struct vm_ctx *c, int64_t pages)
{
	struct pmm_sim *sim = c->sim;

	PMM_VM_BUG_ON(pages < 0);
	if (sim->vm.enough_memory)
		return sim->vm.enough_memory(c, pages);
	__vm_acct_memory(sim, pages);
	return 0;
}

void __vm_acct_memory(struct pmm_sim *sim, int64_t pages)
{
	sim->vm.committed += (uint64_t)pages;
}

void vm_unacct_memory(struct pmm_sim *sim, int64_t pages)
{
	PMM_BUG_ON(sim->vm.committed < (uint64_t)pages);
	sim->vm.committed -= (uint64_t)pages;
}
