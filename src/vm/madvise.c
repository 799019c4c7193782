// SPDX-License-Identifier: MIT
/*
 * madvise.c - madvise(2), mseal(2), msync(2) and PR_SET_VMA_ANON_NAME: the
 * range walk of madvise_walk_vmas() (a hole is skipped and reported as
 * ENOMEM at the end), the advice table, the VMA-flag advices, the seal
 * rules (Linux 6.11+ per VMA; Peios: MADV_DONTNEED and MADV_FREE refused
 * on any sealed memory, and nothing changes when a seal refuses).
 *
 * Advices acting on pages (DONTNEED, FREE, COLD, PAGEOUT, WILLNEED,
 * POPULATE_*, GUARD_*) are validated here per VMA exactly as Linux does;
 * the work on pages is the fault layer's (madvise_page_hook).
 */
#include <errno.h>
#include <string.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

/*
 * The range check madvise, mseal and PR_SET_VMA_ANON_NAME share: @start
 * page aligned, the length rounded up without wrapping.  Returns 0 with
 * *@end set, 1 for an empty range (the call succeeds doing nothing), or
 * -EINVAL.
 */
static int user_range(uint64_t start, uint64_t len_in, uint64_t *end)
{
	uint64_t len;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	*end = start + len;
	if (*end < start)
		return -EINVAL;
	return *end == start;
}

static bool advice_valid(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_DONTNEED_LOCKED:
	case MADV_FREE: case MADV_COLD: case MADV_PAGEOUT:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
	case MADV_REMOVE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_COLLAPSE:
	case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK:
	case MADV_HWPOISON: case MADV_SOFT_OFFLINE:
	case MADV_GUARD_INSTALL: case MADV_GUARD_REMOVE:
		return true;
	default:
		return false;
	}
}

/* is_discard(): advices that throw page contents away. */
static bool is_discard(int advice)
{
	switch (advice) {
	case MADV_FREE: case MADV_DONTNEED: case MADV_DONTNEED_LOCKED:
	case MADV_REMOVE: case MADV_DONTFORK: case MADV_WIPEONFORK:
	case MADV_GUARD_INSTALL:
		return true;
	default:
		return false;
	}
}

/*
 * May @advice act on sealed @v?  Linux (can_madvise_modify()): a discard
 * only on memory the caller could write anyway or that is not private
 * anonymous.  Peios (spec 11 §3, rules 10-11): never DONTNEED or FREE.
 */
static bool seal_allows(struct vm_ctx *c, const struct vma *v, int advice)
{
	if (!(v->vm_flags & VM_SEALED) || !is_discard(advice))
		return true;
	if (gate_value(&c->sim->sec, GATE_MSEAL_PRECHECK, sim_profile(c->sim)) &&
	    (advice == MADV_DONTNEED || advice == MADV_FREE))
		return false;
	if (!vma_is_anonymous(v))
		return true;
	return v->vm_flags & VM_WRITE;
}

/* vma_ksm_compatible() */
static bool ksm_compatible(const struct vma *v)
{
	return !(v->vm_flags & (VM_SHARED | VM_MAYSHARE | VM_PFNMAP | VM_IO |
				VM_DONTEXPAND | VM_HUGETLB | VM_MIXEDMAP |
				VM_DROPPABLE));
}

/* madvise_update_vma(): flags and name of [start, end) of @v. */
static int update_vma(struct vm_ctx *c, struct vma **prev, struct vma *v,
		      uint64_t start, uint64_t end, uint64_t new_flags,
		      struct anon_vma_name *name)
{
	struct vma_attrs a;
	struct vma *m;
	int err;

	if (new_flags == v->vm_flags && anon_name_eq(v->anon_name, name)) {
		*prev = v;
		return 0;
	}
	vma_attrs_of(v, &a);
	a.flags = new_flags;
	a.anon_name = name;
	m = vma_modify(c, *prev, v, start, end, &a, &err);
	if (!m)
		return err;
	*prev = m;
	return 0;
}

/* PMD-aligned room inside [start, end) of @v (thp_vma_suitable_order()). */
static bool thp_suitable(const struct vma *v)
{
	uint64_t pmd = (uint64_t)2 << 20;
	uint64_t hs = (vma_start(v) + pmd - 1) & ~(pmd - 1);

	return hs + pmd <= vma_end(v) && hs >= vma_start(v);
}

/* madvise_vma_behavior() for one VMA piece. */
static int vma_behavior(struct vm_ctx *c, struct vma **prev, struct vma *v,
			uint64_t start, uint64_t end, int advice)
{
	uint64_t fl = v->vm_flags;
	int err;

	if (!seal_allows(c, v, advice))
		return -EPERM;
	switch (advice) {
	case MADV_REMOVE:
		*prev = NULL;
		if (fl & VM_LOCKED)
			return -EINVAL;
		if (!v->vm_file)
			return -EINVAL;
		if ((fl & (VM_SHARED | VM_MAYWRITE)) != (VM_SHARED | VM_MAYWRITE))
			return -EACCES;
		/* vfs_fallocate(PUNCH_HOLE|KEEP_SIZE): the pages go, in
		 * every process that maps them (shmem: shared mappings;
		 * a disk file: private copies too) */
		if (v->vm_file->shmem) {
			vm_shmem_punch(c, v, start, end);
			return 0;
		}
		if (!v->vm_file->regular)
			return -EOPNOTSUPP;	/* no ->fallocate */
		return vm_punch_pagecache(c->sim, v->vm_file,
					  vma_pgoff_of(v, start),
					  vma_pgoff_of(v, end - 1));
	case MADV_WILLNEED:
		*prev = v;
		return 0;
	case MADV_COLD:
	case MADV_PAGEOUT:
		*prev = v;
		/* can_madv_lru_vma() */
		if (fl & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB))
			return -EINVAL;
		vm_madvise_cold(c, v, start, end, advice == MADV_PAGEOUT);
		return 0;
	case MADV_FREE:
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		*prev = v;
		if (fl & (VM_PFNMAP |
			  (advice == MADV_DONTNEED_LOCKED ? 0 : VM_LOCKED)))
			return -EINVAL;
		if (advice == MADV_FREE && !vma_is_anonymous(v))
			return -EINVAL;
		/* MADV_FREE makes exclusive pages clean and old, to be
		 * dropped by reclaim unless written again; DONTNEED drops */
		if (advice != MADV_FREE)
			vm_madvise_dontneed(c, start, end);
		else
			vm_madvise_free(c, start, end);
		return 0;
	case MADV_GUARD_INSTALL:
	case MADV_GUARD_REMOVE:
		*prev = v;
		if ((fl & (VM_PFNMAP | VM_HUGETLB)) ||
		    (advice == MADV_GUARD_INSTALL && (fl & VM_LOCKED)) ||
		    v->special)
			return -EINVAL;
		/* The whole VMA is marked, without a split; the flag is
		 * sticky and stays after GUARD_REMOVE.  The markers
		 * themselves live in the page tables (fault layer). */
		if (advice == MADV_GUARD_INSTALL) {
			/* Markers make the page tables non-empty: anonymous
			 * memory needs its anon_vma (fork copies them). */
			if (vma_is_anonymous(v) && anon_vma_prepare(c, v))
				return -EAGAIN;
			if (!(fl & VM_MAYBE_GUARD))
				vma_change_flags(c->mm, v, fl | VM_MAYBE_GUARD);
			if (vm_guard_install(c, start, end))
				return -EAGAIN;
		} else {
			vm_guard_remove(c, start, end);
		}
		return 0;
	case MADV_COLLAPSE:
		*prev = v;
		if (!thp_suitable(v) || (fl & (VM_NOHUGEPAGE | VM_SPECIAL |
					      VM_HUGETLB)) || v->special)
			return -EINVAL;
		return 0;
	case MADV_NORMAL:
		fl &= ~(VM_RAND_READ | VM_SEQ_READ);
		break;
	case MADV_SEQUENTIAL:
		fl = (fl & ~VM_RAND_READ) | VM_SEQ_READ;
		break;
	case MADV_RANDOM:
		fl = (fl & ~VM_SEQ_READ) | VM_RAND_READ;
		break;
	case MADV_DONTFORK:
		fl |= VM_DONTCOPY;
		break;
	case MADV_DOFORK:
		if (fl & VM_IO)
			return -EINVAL;
		fl &= ~VM_DONTCOPY;
		break;
	case MADV_WIPEONFORK:
		if (v->vm_file || (fl & VM_SHARED) || v->special)
			return -EINVAL;
		fl |= VM_WIPEONFORK;
		break;
	case MADV_KEEPONFORK:
		if (fl & VM_DROPPABLE)
			return -EINVAL;
		fl &= ~VM_WIPEONFORK;
		break;
	case MADV_DONTDUMP:
		fl |= VM_DONTDUMP;
		break;
	case MADV_DODUMP:
		if (((fl & VM_SPECIAL) && !(fl & VM_HUGETLB)) ||
		    (fl & VM_DROPPABLE))
			return -EINVAL;
		fl &= ~VM_DONTDUMP;
		break;
	case MADV_MERGEABLE:
		if ((fl & VM_MERGEABLE) || !ksm_compatible(v)) {
			*prev = v;
			return 0;
		}
		fl |= VM_MERGEABLE;
		break;
	case MADV_UNMERGEABLE:
		if (!(fl & VM_MERGEABLE)) {
			*prev = v;
			return 0;
		}
		fl &= ~VM_MERGEABLE;
		break;
	case MADV_HUGEPAGE:
		fl = (fl & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
		break;
	case MADV_NOHUGEPAGE:
		fl = (fl & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
		break;
	default:
		return -EINVAL;
	}
	err = update_vma(c, prev, v, start, end, fl, v->anon_name);
	/* madvise() says EAGAIN when kernel resources run short. */
	return err == -ENOMEM ? -EAGAIN : err;
}

typedef int (*visit_fn)(struct vm_ctx *c, struct vma **prev, struct vma *v,
			uint64_t start, uint64_t end, void *arg);

/* madvise_walk_vmas() */
static int walk_vmas(struct vm_ctx *c, uint64_t start, uint64_t end,
		     visit_fn visit, void *arg)
{
	struct pmm_mm *mm = c->mm;
	struct vma *v, *prev;
	int unmapped = 0, err;

	v = vma_find(mm, start);
	prev = v ? vma_prev(v) : node_vma(vma_tree_last(&mm->tree));
	if (v && start > vma_start(v))
		prev = v;
	for (;;) {
		uint64_t tmp;

		if (!v)
			return -ENOMEM;
		if (start < vma_start(v)) {
			unmapped = -ENOMEM;
			start = vma_start(v);
			if (start >= end)
				break;
		}
		tmp = vma_end(v) < end ? vma_end(v) : end;
		err = visit(c, &prev, v, start, tmp, arg);
		if (err)
			return err;
		start = tmp;
		if (prev && start < vma_end(prev))
			start = vma_end(prev);
		if (start >= end)
			break;
		v = vma_find(mm, prev ? vma_end(prev) : start);
	}
	return unmapped;
}

static int visit_advice(struct vm_ctx *c, struct vma **prev, struct vma *v,
			uint64_t start, uint64_t end, void *arg)
{
	return vma_behavior(c, prev, v, start, end, *(int *)arg);
}

/* madvise_populate(): fault the range in; every VMA must allow it. */
static int populate(struct vm_ctx *c, uint64_t start, uint64_t end, int advice)
{
	uint64_t a = start;

	/* madvise_populate(): VMA by VMA in address order (a hole is
	 * ENOMEM when the walk reaches it), so a fault in one VMA wins over
	 * a refusal or a hole later, and the pages before a failure stay
	 * populated */
	while (a < end) {
		struct vma *v = vma_find(c->mm, a);
		uint64_t e;
		int err;

		if (!v || a < vma_start(v))
			return -ENOMEM;
		if (v->vm_flags & (VM_IO | VM_PFNMAP))
			return -EINVAL;
		/* faultin_page_range() refuses what the protection refuses */
		if (!(v->vm_flags & (advice == MADV_POPULATE_WRITE ?
				     VM_WRITE : VM_READ)))
			return -EINVAL;
		e = vma_end(v) < end ? vma_end(v) : end;
		if (advice != MADV_HWPOISON) {
			err = vm_populate(c, a, e, advice == MADV_POPULATE_WRITE ?
					  VM_POP_WRITE : VM_POP_READ);
			if (err)
				return err;
			if (!c->mm)
				return -ENOMEM;
		}
		a = e;
	}
	return 0;
}

int vm_madvise(struct vm_ctx *c, uint64_t start, uint64_t len_in, int advice)
{
	uint64_t end;
	int err;

	if (!advice_valid(advice))
		return -EINVAL;
	err = user_range(start, len_in, &end);
	if (err)
		return err < 0 ? err : 0;
	if (advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE) {
		struct sec_subject subj;

		task_subject(c->task, &subj);
		if (gate_check(&c->sim->sec, GATE_MADV_HWPOISON, &subj, NULL))
			return -EPERM;
		/* Poisoning pages is the fault layer's. */
		return populate(c, start, end, MADV_HWPOISON) == -ENOMEM ?
		       -EFAULT : 0;
	}
	if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE)
		return populate(c, start, end, advice);
	/* Peios: a seal refusing the advice anywhere refuses all of it. */
	if (gate_value(&c->sim->sec, GATE_MSEAL_PRECHECK, sim_profile(c->sim)) &&
	    is_discard(advice)) {
		for (struct vma *v = vma_find_intersection(c->mm, start, end);
		     v && vma_start(v) < end; v = vma_next(v))
			if (!seal_allows(c, v, advice))
				return -EPERM;
	}
	return walk_vmas(c, start, end, visit_advice, &advice);
}

/* ---- PR_SET_VMA_ANON_NAME --------------------------------------------------- */

static int visit_name(struct vm_ctx *c, struct vma **prev, struct vma *v,
		      uint64_t start, uint64_t end, void *arg)
{
	int err;

	/* Only anonymous memory (private, or shared shmem) has a name. */
	if ((v->vm_file && !v->vm_file->shmem) || v->special)
		return -EBADF;
	err = update_vma(c, prev, v, start, end, v->vm_flags,
			 (struct anon_vma_name *)arg);
	return err == -ENOMEM ? -EAGAIN : err;
}

static bool name_char_valid(char ch)
{
	return ch > 0x1f && ch < 0x7f && !strchr("\\`$[]", ch);
}

int vm_set_anon_name(struct vm_ctx *c, uint64_t start, uint64_t len_in,
		     const char *name)
{
	struct anon_vma_name *n = NULL;
	uint64_t end;
	int err;

	if (name) {
		size_t l = strnlen(name, ANON_VMA_NAME_MAX_LEN);

		if (l >= ANON_VMA_NAME_MAX_LEN)
			return -EINVAL;
		for (size_t i = 0; i < l; i++)
			if (!name_char_valid(name[i]))
				return -EINVAL;
	}
	err = user_range(start, len_in, &end);
	if (err)
		return err < 0 ? err : 0;
	if (name) {
		size_t l = strlen(name);

		n = pmm_alloc(&c->sim->alloc, sizeof(*n) + l + 1);
		if (!n)
			return -ENOMEM;
		n->ref = 1;
		n->len = l;
		memcpy(n->name, name, l + 1);
	}
	err = walk_vmas(c, start, end, visit_name, n);
	anon_name_put(c->sim, n);
	return err;
}

/* ---- mseal --------------------------------------------------------------------- */

int vm_mseal(struct vm_ctx *c, uint64_t start, uint64_t len_in, uint64_t flags)
{
	struct pmm_mm *mm = c->mm;
	uint64_t end, prev_end;
	struct vma *v, *prev;
	int err;

	/* a kernel built before 6.10: sys_ni_syscall (spec 11 rule 26) */
	if (c->sim->cfg.no_mseal)
		return -ENOSYS;
	if (flags)
		return -EINVAL;
	err = user_range(start, len_in, &end);
	if (err)
		return err < 0 ? err : 0;
	/* range_contains_unmapped() */
	prev_end = start;
	for (v = vma_find(mm, start); v && vma_start(v) < end; v = vma_next(v)) {
		if (vma_start(v) > prev_end)
			return -ENOMEM;
		prev_end = vma_end(v);
	}
	if (prev_end < end)
		return -ENOMEM;
	/* Peios: every mapping must have been created sealable. */
	if (gate_value(&c->sim->sec, GATE_MAP_SEALABLE_REQUIRED,
		       sim_profile(c->sim))) {
		for (v = vma_find(mm, start); v && vma_start(v) < end;
		     v = vma_next(v))
			if (!(v->vm_flags & (VM_SEALABLE | VM_SEALED)))
				return -EINVAL;
	}
	/* mseal_apply() */
	v = vma_find(mm, start);
	prev = vma_prev(v);
	if (start > vma_start(v))
		prev = v;
	while (v && vma_start(v) < end) {
		uint64_t s = start > vma_start(v) ? start : vma_start(v);
		uint64_t e = end < vma_end(v) ? end : vma_end(v);
		struct vma *next;

		if (!(v->vm_flags & VM_SEALED)) {
			struct vma_attrs a;

			vma_attrs_of(v, &a);
			a.flags |= VM_SEALED;
			v = vma_modify(c, prev, v, s, e, &a, &err);
			if (!v)
				return err;
		}
		prev = v;
		next = vma_next(v);
		v = next;
		if (e >= end)
			break;
	}
	return 0;
}

/* ---- msync --------------------------------------------------------------------- */

int vm_msync(struct vm_ctx *c, uint64_t start, uint64_t len, int flags)
{
	struct pmm_mm *mm = c->mm;
	uint64_t end;
	int unmapped = 0;
	struct vma *v;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = (len + ~PAGE_MASK) & PAGE_MASK;
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	v = vma_find(mm, start);
	for (;;) {
		if (!v)
			return -ENOMEM;
		if (start < vma_start(v)) {
			if (flags == MS_ASYNC)
				return -ENOMEM;
			start = vma_start(v);
			if (start >= end)
				return -ENOMEM;
			unmapped = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (v->vm_flags & VM_LOCKED))
			return -EBUSY;
		/* Writeback of shared file pages is the page cache's. */
		start = vma_end(v);
		if (start >= end)
			return unmapped;
		v = vma_find(mm, start);
	}
}
