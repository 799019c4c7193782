// SPDX-License-Identifier: MIT
/*
 * mremap.c - mremap(2) as Linux 6.16+ structures it (check_mremap_params(),
 * check_prep_vma(), mremap_at() / mremap_to(), expand in place through
 * vma_merge_extend(), move_vma() with copy_vma() and the source unmap,
 * MREMAP_DONTUNMAP).  Page tables move with the fault layer; here the
 * VMAs, the counters and the commit charge move.
 */
#include <errno.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

struct remap {
	uint64_t addr, old_len, new_len, new_addr, delta;
	uint32_t flags;
	struct vma *vma;
};

static bool implies_new_addr(const struct remap *r)
{
	return r->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
}

static bool overlaps(const struct remap *r)
{
	return r->addr + r->old_len > r->new_addr &&
	       r->new_addr + r->new_len > r->addr;
}

static int check_params(struct vm_ctx *c, struct remap *r)
{
	struct pmm_mm *mm = c->mm;

	if (r->flags & ~(uint32_t)(MREMAP_FIXED | MREMAP_MAYMOVE |
				   MREMAP_DONTUNMAP))
		return -EINVAL;
	if (r->addr & ~PAGE_MASK)
		return -EINVAL;
	r->old_len = PAGE_ALIGN(r->old_len);
	r->new_len = PAGE_ALIGN(r->new_len);
	if (!r->new_len)
		return -EINVAL;
	if (r->new_len > mm->task_size)
		return -EINVAL;
	if (!implies_new_addr(r))
		return 0;
	if (r->new_addr > mm->task_size - r->new_len)
		return -EINVAL;
	if (r->new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (!(r->flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((r->flags & MREMAP_DONTUNMAP) && r->old_len != r->new_len)
		return -EINVAL;
	if (overlaps(r))
		return -EINVAL;
	if (mm->map_count + 2 >= (unsigned long)vm_max_map_count(c->sim) - 3)
		return -ENOMEM;
	return 0;
}

static int check_prep_vma(struct vm_ctx *c, struct remap *r)
{
	struct vma *v = r->vma;
	uint64_t pgoff;

	if (!v)
		return -EFAULT;
	if (v->vm_flags & VM_SEALED)
		return -EPERM;
	r->delta = r->new_len > r->old_len ? r->new_len - r->old_len :
					     r->old_len - r->new_len;
	if (!implies_new_addr(r))
		r->new_addr = r->addr;
	if (!(r->new_len > r->old_len) && !implies_new_addr(r))
		return 0;
	if (!r->old_len && !(v->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;
	if ((r->flags & MREMAP_DONTUNMAP) &&
	    (v->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return -EINVAL;
	if (r->old_len > vma_end(v) - r->addr)
		return -EFAULT;
	if (r->new_len == r->old_len)
		return 0;
	pgoff = ((r->addr - vma_start(v)) >> PAGE_SHIFT) + v->vm_pgoff;
	if (pgoff + (r->new_len >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	if (v->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return -EFAULT;
	if (r->new_len > r->old_len && (v->vm_flags & VM_LOCKED)) {
		uint64_t lim = c->proc->rlim[PMM_RLIMIT_MEMLOCK].cur;

		if (lim != PMM_RLIM_INFINITY &&
		    c->mm->locked_vm + (r->delta >> PAGE_SHIFT) >
		    lim >> PAGE_SHIFT) {
			struct sec_subject subj;

			task_subject(c->task, &subj);
			if (gate_check(&c->sim->sec, GATE_MLOCK_OVER_QUOTA,
				       &subj, NULL))
				return -EAGAIN;
		}
	}
	if (r->new_len > r->old_len &&
	    !vm_may_expand(c, v->vm_flags, r->delta >> PAGE_SHIFT))
		return -ENOMEM;
	return 0;
}

/* vma_expandable() */
static bool expandable(struct vm_ctx *c, struct vma *v, uint64_t delta)
{
	uint64_t end = vma_end(v) + delta;

	if (end < vma_end(v))
		return false;
	if (vma_find_intersection(c->mm, vma_end(v), end))
		return false;
	/* get_unmapped_area(MAP_FIXED) of the whole new extent */
	if (end > c->mm->task_size)
		return false;
	return true;
}

/* expand_vma_in_place() through vma_merge_extend() */
static int expand_in_place(struct vm_ctx *c, struct remap *r)
{
	struct vma *v = r->vma;
	uint64_t pages = r->delta >> PAGE_SHIFT;
	struct vma_attrs a;
	struct vma *m;

	if ((v->vm_flags & VM_ACCOUNT) && vm_acct_memory(c, (int64_t)pages))
		return -ENOMEM;
	vma_attrs_of(v, &a);
	a.pgoff = v->vm_pgoff + vma_pages(v);
	m = vma_merge_new_range(c, v, vma_next(v), vma_end(v),
				vma_end(v) + r->delta, &a);
	if (!m) {
		if (v->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(c->sim, (int64_t)pages);
		return -ENOMEM;
	}
	r->vma = m;
	return 0;
}

/* vrm_set_new_addr() */
static int set_new_addr(struct vm_ctx *c, struct remap *r)
{
	struct vma *v = r->vma;
	uint64_t pgoff = v->vm_pgoff + ((r->addr - vma_start(v)) >> PAGE_SHIFT);
	uint32_t map_flags = 0;
	int64_t res;

	if (r->flags & MREMAP_FIXED)
		map_flags |= MAP_FIXED;
	if (v->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	res = vm_get_unmapped_area(c, v->vm_file,
				   implies_new_addr(r) ? r->new_addr : 0,
				   r->new_len, pgoff, map_flags, 0);
	if (res < 0)
		return (int)res;
	r->new_addr = (uint64_t)res;
	return 0;
}

/* copy_vma(): the new VMA at new_addr, merged with neighbours if it can. */
static struct vma *copy_vma(struct vm_ctx *c, struct vma *v, uint64_t addr,
			    uint64_t len, uint64_t pgoff)
{
	struct pmm_mm *mm = c->mm;
	struct vma_attrs a;
	struct vma *n, *next, *prev;

	/* Unfaulted anonymous memory takes the pgoff of its new place, to
	 * merge there. */
	if (vma_is_anonymous(v) && !v->anon_vma)
		pgoff = addr >> PAGE_SHIFT;
	next = vma_find(mm, addr);
	prev = next ? vma_prev(next) : node_vma(vma_tree_last(&mm->tree));
	vma_attrs_of(v, &a);
	a.pgoff = pgoff;
	n = vma_merge_new_range(c, prev, next, addr, addr + len, &a);
	if (n)
		return n;
	n = vma_dup(c->sim, v);
	if (!n)
		return NULL;
	n->node.vm_start = addr;
	n->node.vm_end = addr + len;
	n->vm_pgoff = pgoff;
	vma_link(mm, n);
	return n;
}

/* move_vma() */
static int64_t move_vma(struct vm_ctx *c, struct remap *r)
{
	struct pmm_mm *mm = c->mm;
	struct vma *v = r->vma, *n;
	uint64_t old_start = vma_start(v), old_end = vma_end(v);
	uint64_t pgoff = v->vm_pgoff + ((r->addr - old_start) >> PAGE_SHIFT);
	uint64_t charged = 0, end = r->addr + r->old_len;
	bool acct = v->vm_flags & VM_ACCOUNT;
	bool dontunmap = r->flags & MREMAP_DONTUNMAP;

	if (mm->map_count >= (unsigned long)vm_max_map_count(c->sim) - 3)
		return -ENOMEM;
	if (acct) {
		if (dontunmap)
			charged = r->new_len >> PAGE_SHIFT;
		else if (r->new_len > r->old_len)
			charged = r->delta >> PAGE_SHIFT;
		if (charged && vm_acct_memory(c, (int64_t)charged))
			return -ENOMEM;
	}
	n = copy_vma(c, v, r->new_addr, r->new_len, pgoff);
	if (!n) {
		if (charged)
			vm_unacct_memory(c->sim, (int64_t)charged);
		return -ENOMEM;
	}
	if (dontunmap) {
		/* dontunmap_complete(): the old VMA stays, empty, and loses
		 * its lock and charge. */
		struct vma *o = vma_find(mm, r->addr);
		uint64_t fl = o->vm_flags;

		if (fl & VM_ACCOUNT)
			vm_unacct_memory(c->sim, (int64_t)vma_pages(o));
		vma_change_flags(mm, o, fl & ~(VM_LOCKED_MASK | VM_ACCOUNT));
		return (int64_t)r->new_addr;
	}
	if (!r->old_len)
		return (int64_t)r->new_addr;
	/* unmap_source_vma(): the charge moved with the mapping, so the
	 * unmap does not give it back; pieces left on either side keep
	 * VM_ACCOUNT. */
	if (vm_munmap_prepare(c, r->addr, end) == 0) {
		vm_munmap_complete(c, r->addr, end, !acct);
	} else if (acct) {
		/* Could not split: the old stays, charged again. */
		(void)vm_acct_memory(c, (int64_t)(r->old_len >> PAGE_SHIFT));
	}
	(void)old_end;
	return (int64_t)r->new_addr;
}

int64_t vm_mremap(struct vm_ctx *c, uint64_t addr, uint64_t old_len,
		  uint64_t new_len, uint32_t flags, uint64_t new_addr)
{
	struct remap r = {
		.addr = addr, .old_len = old_len, .new_len = new_len,
		.new_addr = new_addr, .flags = flags,
	};
	struct pmm_mm *mm = c->mm;
	int err;

	/* Lengths that PAGE_ALIGN() wraps become 0. */
	err = check_params(c, &r);
	if (err)
		return err;
	r.vma = vma_find(mm, r.addr);
	if (r.vma && vma_start(r.vma) > r.addr)
		r.vma = NULL;
	err = check_prep_vma(c, &r);
	if (err)
		return err;

	if (implies_new_addr(&r)) {		/* mremap_to() */
		if (flags & MREMAP_FIXED) {
			err = vm_do_munmap(c, r.new_addr, r.new_len);
			if (err)
				return err;
		}
		if (r.old_len > r.new_len) {
			err = vm_do_munmap(c, r.addr + r.new_len,
					   r.old_len - r.new_len);
			if (err)
				return err;
			r.old_len = r.new_len;
			r.delta = 0;
		}
		if ((flags & MREMAP_DONTUNMAP) &&
		    !vm_may_expand(c, r.vma->vm_flags, r.old_len >> PAGE_SHIFT))
			return -ENOMEM;
		r.vma = vma_find(mm, r.addr);
		err = set_new_addr(c, &r);
		if (err)
			return err;
		return move_vma(c, &r);
	}
	/* mremap_at() */
	if (r.new_len == r.old_len)
		return (int64_t)r.addr;
	if (r.new_len < r.old_len) {
		err = vm_do_munmap(c, r.addr + r.new_len, r.delta);
		return err ? err : (int64_t)r.addr;
	}
	if (vma_end(r.vma) - r.addr == r.old_len &&
	    expandable(c, r.vma, r.delta)) {
		err = expand_in_place(c, &r);
		return err ? err : (int64_t)r.addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	err = set_new_addr(c, &r);
	if (err)
		return err;
	return move_vma(c, &r);
}
