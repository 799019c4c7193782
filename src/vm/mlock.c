// SPDX-License-Identifier: MIT
/*
 * mlock.c - the mlock family (spec 13): mlock, mlock2(MLOCK_ONFAULT),
 * munlock, mlockall(MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT), munlockall, as
 * Linux's mm/mlock.c with the Peios quota rules: RLIMIT_MEMLOCK is the
 * quota, SeLockMemoryPrivilege (CAP_IPC_LOCK in linux) lifts it, and the
 * errno past it is the gate row's (EAGAIN in the peios profiles, ENOMEM in
 * linux).  VmLck is the pages of VM_LOCKED VMAs (mm->locked_vm).
 */
#include <errno.h>

#include <peiosmm/vm.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

#define MLOCK_ONFAULT	0x01
#define MCL_CURRENT	1
#define MCL_FUTURE	2
#define MCL_ONFAULT	4

static uint64_t lock_limit_pages(const struct vm_ctx *c)
{
	uint64_t l = c->proc->rlim[PMM_RLIMIT_MEMLOCK].cur;

	return l == PMM_RLIM_INFINITY ? UINT64_MAX : l >> PAGE_SHIFT;
}

/* capable(CAP_IPC_LOCK): the privilege, recorded as used when it is. */
static int lock_capable(struct vm_ctx *c, enum gate_id row)
{
	struct sec_subject subj;

	task_subject(c->task, &subj);
	return gate_check(&c->sim->sec, row, &subj, NULL);
}

/* can_do_mlock(): a zero limit needs the privilege (Linux: EPERM). */
static int can_do_mlock(struct vm_ctx *c)
{
	if (c->proc->rlim[PMM_RLIMIT_MEMLOCK].cur)
		return 0;
	if (!gate_value(&c->sim->sec, GATE_MLOCK_ZERO_LIMIT_EPERM,
			sim_profile(c->sim)))
		return 0;
	return lock_capable(c, GATE_MLOCK_OVER_QUOTA) ? -EPERM : 0;
}

/* mlock_fixup() */
static int mlock_fixup(struct vm_ctx *c, struct vma **prev, struct vma *v,
		       uint64_t start, uint64_t end, uint64_t newflags)
{
	uint64_t oldflags = v->vm_flags;
	struct vma_attrs a;
	struct vma *m;
	int err;

	if (newflags == v->vm_flags || (v->vm_flags & (VM_SPECIAL |
						      VM_HUGETLB |
						      VM_DROPPABLE)) ||
	    v->special) {
		*prev = v;
		return 0;
	}
	vma_attrs_of(v, &a);
	a.flags = newflags;
	m = vma_modify(c, *prev, v, start, end, &a, &err);
	if (!m)
		return err;
	/* mlock_vma_pages_range(): the pages already there follow */
	if ((oldflags ^ newflags) & VM_LOCKED)
		vm_mlock_range(c, m, start, end);
	*prev = m;
	return 0;
}

/* apply_vma_lock_flags() */
static int apply_lock_flags(struct vm_ctx *c, uint64_t start, uint64_t len,
			    uint64_t flags)
{
	uint64_t end = start + len, nstart = start, tmp;
	struct vma *v, *prev;
	int err;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	v = vma_find(c->mm, start);
	if (!v || vma_start(v) > start)
		return -ENOMEM;
	prev = vma_prev(v);
	if (start > vma_start(v))
		prev = v;
	tmp = vma_start(v);
	while (v && vma_start(v) < end) {
		uint64_t newflags = (v->vm_flags & ~VM_LOCKED_MASK) | flags;

		if (vma_start(v) != tmp)
			return -ENOMEM;
		tmp = vma_end(v) < end ? vma_end(v) : end;
		err = mlock_fixup(c, &prev, v, nstart, tmp, newflags);
		if (err)
			return err;
		tmp = vma_end(prev);
		nstart = tmp;
		v = vma_next(prev);
	}
	return tmp < end ? -ENOMEM : 0;
}

/* Pages of [start, start + len) already in VM_LOCKED VMAs. */
static uint64_t mlocked_pages(const struct pmm_mm *mm, uint64_t start,
			      uint64_t len)
{
	uint64_t end = start + len, n = 0;

	if (end <= start)		/* nothing, or a length that wrapped */
		return 0;
	for (const struct vma *v = vma_find_intersection(mm, start, end);
	     v && vma_start(v) < end; v = vma_next(v)) {
		uint64_t s = vma_start(v) > start ? vma_start(v) : start;
		uint64_t e = vma_end(v) < end ? vma_end(v) : end;

		if (v->vm_flags & VM_LOCKED)
			n += (e - s) >> PAGE_SHIFT;
	}
	return n;
}

/*
 * __mm_populate() of locked VMAs: on-fault ones are left to their faults;
 * a PROT_NONE one cannot be faulted in (get_user_pages() without
 * FOLL_FORCE: EFAULT), which mlock(2) reports as ENOMEM after the lock is
 * set; mlockall(2) ignores such errors (@ignore_errors) and goes on.
 */
int vm_mm_populate(struct vm_ctx *c, uint64_t start, uint64_t end,
		   bool ignore_errors)
{
	/* __mm_populate() of nothing (len 0, or one that wrapped to 0) */
	if (end <= start)
		return 0;
	for (struct vma *v = vma_find_intersection(c->mm, start, end);
	     v && vma_start(v) < end; v = vma_next(v)) {
		uint64_t s = vma_start(v) > start ? vma_start(v) : start;
		uint64_t e = vma_end(v) < end ? vma_end(v) : end;
		int err;

		if ((v->vm_flags & (VM_LOCKONFAULT | VM_IO | VM_PFNMAP)) ||
		    v->special)
			continue;
		err = (v->vm_flags & VM_ACCESS_FLAGS) ?
		      vm_populate(c, s, e, VM_POP_LOCK) : -EFAULT;
		if (!c->mm)
			return -EAGAIN;		/* killed while faulting */
		if (err && !ignore_errors)
			/* __mlock_posix_error_return() */
			return err == -ENOMEM ? -EAGAIN : -ENOMEM;
	}
	return 0;
}

int vm_mlock(struct vm_ctx *c, uint64_t start, uint64_t len, uint64_t flags)
{
	uint64_t locked, limit;
	int err;

	err = can_do_mlock(c);
	if (err)
		return err;
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	limit = lock_limit_pages(c);
	locked = (len >> PAGE_SHIFT) + c->mm->locked_vm;
	if (locked > limit) {
		locked -= mlocked_pages(c->mm, start, len);
		if (locked > limit) {
			err = lock_capable(c, GATE_MLOCK_OVER_QUOTA);
			if (err)
				return err;
		}
	}
	err = apply_lock_flags(c, start, len, flags);
	if (err)
		return err;
	return vm_mm_populate(c, start, start + len, false);
}

int vm_munlock(struct vm_ctx *c, uint64_t start, uint64_t len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	return apply_lock_flags(c, start, len, 0);
}

/* apply_mlockall_flags() */
static void apply_mlockall(struct vm_ctx *c, int flags)
{
	struct pmm_mm *mm = c->mm;
	uint64_t to_add = 0;
	struct vma *v, *prev = NULL, *next;

	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & MCL_FUTURE) {
		mm->def_flags |= VM_LOCKED;
		if (flags & MCL_ONFAULT)
			mm->def_flags |= VM_LOCKONFAULT;
		if (!(flags & MCL_CURRENT))
			return;
	}
	if (flags & MCL_CURRENT) {
		to_add |= VM_LOCKED;
		if (flags & MCL_ONFAULT)
			to_add |= VM_LOCKONFAULT;
	}
	for (v = vma_first(mm); v; v = next) {
		uint64_t nf = (v->vm_flags & ~VM_LOCKED_MASK) | to_add;

		/* errors are ignored, as Linux does */
		if (mlock_fixup(c, &prev, v, vma_start(v), vma_end(v), nf))
			prev = v;
		next = vma_next(prev);
	}
}

int vm_mlockall(struct vm_ctx *c, int flags)
{
	int err;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	err = can_do_mlock(c);
	if (err)
		return err;
	if ((flags & MCL_CURRENT) && c->mm->total_vm > lock_limit_pages(c)) {
		err = lock_capable(c, GATE_MLOCK_OVER_QUOTA);
		if (err)
			return err;
	}
	apply_mlockall(c, flags);
	if (flags & MCL_CURRENT)
		(void)vm_mm_populate(c, 0, c->mm->task_size, true);
	return 0;
}

int vm_munlockall(struct vm_ctx *c)
{
	apply_mlockall(c, 0);
	return 0;
}

/* mlock_future_ok(): may a mapping with @flags add @bytes of lock? */
int vm_mlock_future_ok(struct vm_ctx *c, uint64_t flags, uint64_t bytes,
		       enum gate_id row)
{
	if (!(flags & VM_LOCKED))
		return 0;
	if ((bytes >> PAGE_SHIFT) + c->mm->locked_vm <= lock_limit_pages(c))
		return 0;
	return lock_capable(c, row);
}
