// SPDX-License-Identifier: MIT
/*
 * mremap.c - mremap(2) as Linux 6.18 structures it: check_mremap_params(),
 * then either remap_move() (MREMAP_FIXED with old_len == new_len: a pure
 * move, which may span several VMAs and the gaps between them) or one VMA
 * through check_prep_vma() and mremap_to() / mremap_at(); expansion in
 * place through vma_merge_extend(), moves through move_vma() with
 * copy_vma() and the source unmap, MREMAP_DONTUNMAP.  Page tables move
 * with the fault layer; here the VMAs, the counters and the commit charge
 * move.
 *
 * Failures part-way keep what Linux keeps: the destination unmapped by
 * MREMAP_FIXED, the tail unmapped by a shrink, and in a multi-VMA move the
 * VMAs already moved.
 */
#include <errno.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

/* vrm_remap_type() */
enum remap_type {
	REMAP_NO_RESIZE,	/* old_len == new_len */
	REMAP_SHRINK,		/* old_len > new_len */
	REMAP_EXPAND,		/* old_len < new_len */
};

/**
 * struct remap - one mremap() operation (Linux's struct vma_remap_struct)
 * @addr:     start of the source range
 * @old_len:  length of the source range (page aligned)
 * @new_len:  length wanted (page aligned)
 * @new_addr: MREMAP_FIXED target or MREMAP_DONTUNMAP hint; the chosen
 *            address once set_new_addr() ran; @addr when not moving
 * @delta:    |new_len - old_len|
 * @flags:    MREMAP_*
 * @type:     what the lengths ask for
 * @vma:      the VMA holding @addr
 */
struct remap {
	uint64_t addr, old_len, new_len, new_addr, delta;
	uint32_t flags;
	enum remap_type type;
	struct vma *vma;
};

/* vrm_implies_new_addr(): the call names (or hints) a new address. */
static bool implies_new_addr(const struct remap *r)
{
	return r->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
}

/* vrm_move_only(): MREMAP_FIXED without a resize, handled by remap_move(). */
static bool move_only(const struct remap *r)
{
	return (r->flags & MREMAP_FIXED) && r->old_len == r->new_len;
}

/* vrm_overlaps(): the source and the target range meet. */
static bool overlaps(const struct remap *r)
{
	return r->addr + r->old_len > r->new_addr &&
	       r->new_addr + r->new_len > r->addr;
}

/* vma_lookup(): the VMA containing @addr, or NULL. */
static struct vma *vma_lookup(const struct pmm_mm *mm, uint64_t addr)
{
	struct vma *v = vma_find(mm, addr);

	return v && vma_start(v) <= addr ? v : NULL;
}

/*
 * check_mremap_params() - the checks that need no VMA.  The lengths are
 * page aligned first (a length PAGE_ALIGN() wraps becomes 0).
 */
static int check_params(struct vm_ctx *c, struct remap *r)
{
	struct pmm_mm *mm = c->mm;

	if (r->flags & ~(uint32_t)(MREMAP_FIXED | MREMAP_MAYMOVE |
				   MREMAP_DONTUNMAP))
		return -EINVAL;
	if (r->addr & ~PAGE_MASK)
		return -EINVAL;
	/* old_len 0 is the "duplicate a shared mapping" special case; a
	 * new_len of 0 means nothing. */
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
	/* Both ends may split in three before the move. */
	if (mm->map_count + 2 >= (unsigned long)vm_max_map_count(c->sim) - 3)
		return -ENOMEM;
	return 0;
}

/* mlock_future_ok(): may @bytes more of a VM_LOCKED mapping be locked? */
static bool mlock_future_ok(struct vm_ctx *c, uint64_t flags, uint64_t bytes)
{
	struct sec_subject subj;
	uint64_t lim;

	if (!(flags & VM_LOCKED) || !c->proc)
		return true;
	lim = c->proc->rlim[PMM_RLIMIT_MEMLOCK].cur;
	if (lim == PMM_RLIM_INFINITY ||
	    c->mm->locked_vm + (bytes >> PAGE_SHIFT) <= lim >> PAGE_SHIFT)
		return true;
	task_subject(c->task, &subj);
	return !gate_check(&c->sim->sec, GATE_MLOCK_OVER_QUOTA, &subj, NULL);
}

/*
 * check_prep_vma() - the checks on the VMA holding r->addr, which also set
 * r->delta, r->type and (when the call names none) r->new_addr.
 *
 * Only a call that maps something new (an expansion or a move) is checked
 * past the seal: a shrink or a no-op in place may cross VMA boundaries and
 * gaps (the tail is simply unmapped), and so may the tail a move sheds
 * before moving, so a shrink only needs [addr, addr + new_len) in the VMA.
 */
static int check_prep_vma(struct vm_ctx *c, struct remap *r)
{
	struct vma *v = r->vma;
	uint64_t old_len = r->old_len, new_len = r->new_len, pgoff;

	if (!v)
		return -EFAULT;
	if (v->vm_flags & VM_SEALED)
		return -EPERM;
	if (old_len == new_len) {
		r->delta = 0;
		r->type = REMAP_NO_RESIZE;
	} else if (old_len > new_len) {
		r->delta = old_len - new_len;
		r->type = REMAP_SHRINK;
	} else {
		r->delta = new_len - old_len;
		r->type = REMAP_EXPAND;
	}
	if (!implies_new_addr(r))
		r->new_addr = r->addr;
	/* vrm_will_map_new() */
	if (r->type != REMAP_EXPAND && !implies_new_addr(r))
		return 0;
	if (!old_len && !(v->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;
	if ((r->flags & MREMAP_DONTUNMAP) &&
	    (v->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return -EINVAL;
	if (r->type == REMAP_SHRINK)
		old_len = new_len;
	if (old_len > vma_end(v) - r->addr)
		return -EFAULT;
	if (new_len == old_len)
		return 0;
	pgoff = ((r->addr - vma_start(v)) >> PAGE_SHIFT) + v->vm_pgoff;
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	if (v->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return -EFAULT;
	if (!mlock_future_ok(c, v->vm_flags, r->delta))
		return -EAGAIN;
	if (!vm_may_expand(c, v->vm_flags, r->delta >> PAGE_SHIFT))
		return -ENOMEM;
	return 0;
}

/* vma_expandable(): nothing in the way of growing @v by @delta bytes. */
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

/*
 * expand_vma_in_place() - grow r->vma by r->delta through
 * vma_merge_extend(), which may also merge the VMA after it.
 */
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

/*
 * vrm_set_new_addr() - pick the target: MREMAP_FIXED is a MAP_FIXED
 * placement, MREMAP_DONTUNMAP alone a hint, else anywhere.
 */
static int set_new_addr(struct vm_ctx *c, struct remap *r)
{
	struct vma *v = r->vma;
	uint64_t pgoff = vma_pgoff_of(v, r->addr);
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

/*
 * copy_vma() - the new VMA at [addr, addr + len) with @v's attributes,
 * merged with its neighbours when it can be.  Unfaulted anonymous memory
 * takes the pgoff of its new place, so that it merges there.
 */
static struct vma *copy_vma(struct vm_ctx *c, struct vma *v, uint64_t addr,
			    uint64_t len, uint64_t pgoff)
{
	struct pmm_mm *mm = c->mm;
	struct vma_attrs a;
	struct vma *n, *next, *prev;

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
	vma_rmap_reindex(n);
	vma_link(mm, n);
	return n;
}

/*
 * unmap_source_vma() - unmap [addr, addr + old_len) after the copy.  The
 * charge of an accountable mapping moved with it, so the unmap gives none
 * back; the pieces left on either side keep VM_ACCOUNT.
 */
static void unmap_source(struct vm_ctx *c, struct remap *r, bool acct)
{
	uint64_t end = r->addr + r->old_len;

	if (vm_munmap_prepare(c, r->addr, end) == 0)
		vm_munmap_complete(c, r->addr, end, !acct);
	else if (acct)
		/* Could not split: the source stays, charged again without
		 * asking the policy (it was granted once already). */
		__vm_acct_memory(c->sim, (int64_t)(r->old_len >> PAGE_SHIFT));
}

/*
 * dontunmap_complete() - after an MREMAP_DONTUNMAP copy to @n, the VMA now
 * holding the source (the copy may have merged into it) stays mapped but
 * is no longer locked, and keeps its VM_ACCOUNT (the copy was charged in
 * full).  When the whole VMA was copied out its anon_vma goes: the pages
 * went with the page tables, and a later fault prepares a fresh one.
 */
static void dontunmap_complete(struct vm_ctx *c, const struct remap *r,
			       struct vma *n)
{
	struct pmm_mm *mm = c->mm;
	struct vma *o = vma_lookup(mm, r->addr);

	if (o->vm_flags & VM_LOCKED_MASK) {
		vma_change_flags(mm, o, o->vm_flags & ~VM_LOCKED_MASK);
		vm_mlock_range(c, o, vma_start(o), vma_end(o));
	}
	/* unlink_anon_vmas() */
	if (n != o && vma_start(o) == r->addr &&
	    vma_end(o) == r->addr + r->old_len && o->anon_vma)
		vma_unlink_anon(c->sim, o);
}

/*
 * move_vma() - copy r->vma's [addr, addr + old_len) to r->new_addr with
 * new_len, then unmap the source, or with MREMAP_DONTUNMAP leave it mapped
 * (and unlocked; it stays accounted, the copy is charged in full).
 */
static int64_t move_vma(struct vm_ctx *c, struct remap *r)
{
	struct pmm_mm *mm = c->mm;
	struct vma *v = r->vma, *n;
	uint64_t pgoff = vma_pgoff_of(v, r->addr);
	uint64_t charged = 0;
	bool acct = v->vm_flags & VM_ACCOUNT;
	bool dontunmap = r->flags & MREMAP_DONTUNMAP;

	/* prep_move_vma() */
	if (mm->map_count >= (unsigned long)vm_max_map_count(c->sim) - 3)
		return -ENOMEM;
	/* vrm_calc_charge() */
	if (acct) {
		charged = (dontunmap ? r->new_len : r->delta) >> PAGE_SHIFT;
		if (charged && vm_acct_memory(c, (int64_t)charged))
			return -ENOMEM;
	}
	n = copy_vma(c, v, r->new_addr, r->new_len, pgoff);
	if (!n) {
		if (charged)
			vm_unacct_memory(c->sim, (int64_t)charged);
		return -ENOMEM;
	}
	/* move_page_tables(): the pages follow (a table that cannot be
	 * allocated leaves the rest to refault as zero, as an OOM would) */
	(void)vm_move_range(c, r->addr, r->new_addr,
			    r->old_len < r->new_len ? r->old_len : r->new_len);
	if (dontunmap) {
		dontunmap_complete(c, r, n);
		return (int64_t)r->new_addr;
	}
	if (r->old_len)
		unmap_source(c, r, acct);
	return (int64_t)r->new_addr;
}

/*
 * shrink_vma() - unmap the tail [addr + new_len, addr + old_len), which
 * may cross VMAs and gaps.
 */
static int shrink_vma(struct vm_ctx *c, struct remap *r)
{
	return vm_do_munmap(c, r->addr + r->new_len, r->delta);
}

/*
 * mremap_to() - move to r->new_addr (MREMAP_FIXED: exactly there, after
 * unmapping it; MREMAP_DONTUNMAP alone: there if free), shrinking first.
 */
static int64_t mremap_to(struct vm_ctx *c, struct remap *r)
{
	struct pmm_mm *mm = c->mm;
	int err;

	if (r->flags & MREMAP_FIXED) {
		err = vm_do_munmap(c, r->new_addr, r->new_len);
		if (err)
			return err;
		r->vma = vma_lookup(mm, r->addr);
		if (!r->vma)
			return -EFAULT;
	}
	if (r->type == REMAP_SHRINK) {
		err = shrink_vma(c, r);
		if (err)
			return err;
		r->vma = vma_lookup(mm, r->addr);
		if (!r->vma)
			return -EFAULT;
		r->old_len = r->new_len;
		/*
		 * Linux leaves vrm->delta set here and charges it again in
		 * move_vma(), which the unmap just gave back: Committed_AS
		 * leaks delta (seen on 6.18).  The simulator keeps the
		 * commit equal to the accountable pages and charges nothing.
		 */
		r->delta = 0;
	}
	/* MREMAP_DONTUNMAP maps old_len more. */
	if ((r->flags & MREMAP_DONTUNMAP) &&
	    !vm_may_expand(c, r->vma->vm_flags, r->old_len >> PAGE_SHIFT))
		return -ENOMEM;
	err = set_new_addr(c, r);
	if (err)
		return err;
	return move_vma(c, r);
}

/*
 * mremap_at() - resize where it is: nothing to do, unmap the tail, or grow
 * in place; a growth that does not fit moves with MREMAP_MAYMOVE.
 */
static int64_t mremap_at(struct vm_ctx *c, struct remap *r)
{
	int err;

	switch (r->type) {
	case REMAP_NO_RESIZE:
		return (int64_t)r->addr;
	case REMAP_SHRINK:
		err = shrink_vma(c, r);
		return err ? err : (int64_t)r->addr;
	case REMAP_EXPAND:
		break;
	}
	/* expand_vma() */
	if (vma_end(r->vma) - r->addr == r->old_len &&
	    expandable(c, r->vma, r->delta)) {
		err = expand_in_place(c, r);
		return err ? err : (int64_t)r->addr;
	}
	if (!(r->flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	err = set_new_addr(c, r);
	if (err)
		return err;
	return move_vma(c, r);
}

/*
 * vma_multi_allowed() - may this VMA be one of several moved at once?
 * Not when userfaultfd is armed on it (the notification would need the
 * lock dropped); the simulator's files place MAP_FIXED exactly.
 */
static bool multi_allowed(const struct vma *v)
{
	return !v->uffd_ctx;
}

/*
 * remap_move() - MREMAP_FIXED with old_len == new_len: move every VMA in
 * [addr, addr + old_len), split at the ends as needed, keeping the gaps
 * between them (a gap of the source stays a gap of the target: what is
 * mapped there is left alone).  The range must start inside a VMA; a VMA
 * that cannot move with others only moves alone.  A failure stops the
 * walk with what moved already moved.  Returns the target address.
 */
static int64_t remap_move(struct vm_ctx *c, const struct remap *req)
{
	struct pmm_mm *mm = c->mm;
	uint64_t start = req->addr, end = req->addr + req->old_len;
	uint64_t target = req->new_addr, last_end = 0, from = start;
	int64_t res = -EFAULT;
	bool seen = false;
	struct vma *v;

	while (from < end && (v = vma_find_intersection(mm, from, end))) {
		uint64_t a = vma_start(v) > start ? vma_start(v) : start;
		uint64_t len = (vma_end(v) < end ? vma_end(v) : end) - a;
		uint64_t offset = seen ? vma_start(v) - last_end : 0;
		struct remap r = {
			.addr = a, .old_len = len, .new_len = len,
			.flags = req->flags, .vma = v,
		};
		int64_t moved;
		int err;

		/* The range may not start in a gap. */
		if (!seen && start < vma_start(v))
			return -EFAULT;
		last_end = vma_end(v);
		r.new_addr = target + offset;
		if (!multi_allowed(v) && (seen || vma_end(v) < end))
			return -EFAULT;
		err = check_prep_vma(c, &r);
		if (err)
			return err;
		moved = mremap_to(c, &r);
		if (moved < 0)
			return moved;
		if (!seen)
			res = moved;
		seen = true;
		target = (uint64_t)moved + len;
		/*
		 * Go on from the end the VMA had when found: the move may
		 * have merged the copy into a VMA reaching back into the
		 * range (the target can sit right after it), which is done.
		 */
		from = last_end;
	}
	return res;
}

int64_t vm_mremap(struct vm_ctx *c, uint64_t addr, uint64_t old_len,
		  uint64_t new_len, uint32_t flags, uint64_t new_addr)
{
	struct remap r = {
		.addr = addr, .old_len = PAGE_ALIGN(old_len),
		.new_len = PAGE_ALIGN(new_len), .new_addr = new_addr,
		.flags = flags,
	};
	bool locked;
	int64_t res;
	int err;

	err = check_params(c, &r);
	if (err)
		return err;
	if (move_only(&r))
		return remap_move(c, &r);
	r.vma = vma_lookup(c->mm, r.addr);
	err = check_prep_vma(c, &r);
	if (err)
		return err;
	locked = r.vma && (r.vma->vm_flags & VM_LOCKED);
	res = implies_new_addr(&r) ? mremap_to(c, &r) : mremap_at(c, &r);
	/* do_mremap(): a locked mapping that grew has the growth faulted
	 * in (mm_populate(), errors ignored) */
	if (res >= 0 && !(res & ~PAGE_MASK) && locked && c->mm &&
	    r.new_len > r.old_len)
		(void)vm_mm_populate(c, (uint64_t)res + r.old_len,
				     (uint64_t)res + r.new_len, true);
	return res;
}
