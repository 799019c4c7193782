// SPDX-License-Identifier: MIT
/*
 * mprotect.c - mprotect(2) as do_mprotect_pkey() and mprotect_fixup():
 * PROT_GROWSDOWN/UP, the VM_MAY* ceiling, W^X (Peios WXP rules, Linux
 * MDWE), seals, the VM_ACCOUNT charge when a private mapping gains write
 * and its release for untouched anonymous memory that loses it.
 *
 * As in Linux, the range is changed VMA by VMA: a failure part way (a
 * hole, a refused VMA, a split over max_map_count) keeps what was done
 * before it.  In the peios profiles a seal anywhere in the range refuses
 * the whole call first (behaviour row mseal_precheck, spec 11 rule 4).
 */
#include <errno.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

/* mprotect_fixup() */
static int mprotect_fixup(struct vm_ctx *c, struct vma **pprev, struct vma *v,
			  uint64_t start, uint64_t end, uint64_t newflags)
{
	uint64_t oldflags = v->vm_flags, nrpages = (end - start) >> PAGE_SHIFT;
	uint64_t charged = 0;
	struct vma_attrs a;
	struct vma *m;
	int err;

	if (v->vm_flags & VM_SEALED)
		return -EPERM;
	if (newflags == oldflags) {
		*pprev = v;
		return 0;
	}
	if (newflags & VM_WRITE) {
		if (!vm_may_expand(c, newflags, nrpages) &&
		    vm_may_expand(c, oldflags, nrpages))
			return -ENOMEM;
		if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB |
				  VM_SHARED | VM_NORESERVE))) {
			charged = nrpages;
			if (vm_acct_memory(c, (int64_t)charged))
				return -ENOMEM;
			newflags |= VM_ACCOUNT;
		}
	} else if ((oldflags & VM_ACCOUNT) && vma_is_anonymous(v) &&
		   !v->anon_vma) {
		/* Nothing was faulted in: the charge can simply go. */
		newflags &= ~VM_ACCOUNT;
	}
	vma_attrs_of(v, &a);
	a.flags = newflags;
	a.wx_hist |= vm_wx_hist_bits(c, newflags);
	m = vma_modify(c, *pprev, v, start, end, &a, &err);
	if (!m) {
		if (charged)
			vm_unacct_memory(c->sim, (int64_t)charged);
		return err;
	}
	*pprev = m;
	if ((oldflags & VM_ACCOUNT) && !(newflags & VM_ACCOUNT))
		vm_unacct_memory(c->sim, (int64_t)nrpages);
	return 0;
}

int vm_mprotect(struct vm_ctx *c, uint64_t start, uint64_t len, uint32_t prot,
		int pkey)
{
	struct pmm_mm *mm = c->mm;
	uint32_t grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	uint64_t end, nstart, tmp;
	struct vma *v, *prev;
	int err;

	prot &= ~(uint32_t)(PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(uint32_t)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	/* pkey_mprotect(): the key must be this process's */
	if (pkey != -1 && !vm_pkey_is_allocated(mm, pkey))
		return -EINVAL;

	v = vma_find_intersection(mm, start, end);
	if (!v)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (vma_start(v) >= end)
			return -ENOMEM;
		start = vma_start(v);
		if (!(v->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
	} else {
		if (vma_start(v) > start)
			return -ENOMEM;
		if (grows & PROT_GROWSUP)	/* no VM_GROWSUP on x86 */
			return -EINVAL;
	}
	if (gate_value(&c->sim->sec, GATE_MSEAL_PRECHECK, sim_profile(c->sim)) &&
	    vm_check_sealed(mm, start, end))
		return -EPERM;

	prev = vma_prev(v);
	if (start > vma_start(v))
		prev = v;
	nstart = start;
	tmp = vma_start(v);
	err = 0;
	while (v && vma_start(v) < end) {
		uint64_t newflags, oldflags;
		struct vma *next;

		if (vma_start(v) != tmp) {
			err = -ENOMEM;
			break;
		}
		/* the key: pkey_mprotect's, the exec-only one, or kept */
		newflags = vm_calc_prot_bits(prot) |
			   ((uint64_t)vm_override_mprotect_pkey(c, v, prot, pkey)
			    << VM_PKEY_SHIFT) |
			   (v->vm_flags & ~(VM_ACCESS_FLAGS | VM_PKEY_MASK));
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) {
			err = -EACCES;
			break;
		}
		err = vm_wx_check(c, v, v->vm_flags, newflags);
		if (err)
			break;
		err = vm_file_mprotect_check(c, v, prot, newflags);
		if (err)
			break;
		tmp = vma_end(v) < end ? vma_end(v) : end;
		oldflags = v->vm_flags;
		err = mprotect_fixup(c, &prev, v, nstart, tmp, newflags);
		if (err)
			break;
		/* change_protection() on the entries of the piece, which
		 * prev now holds (mprotect_fixup() returns before it when
		 * nothing changes) */
		if (newflags != oldflags)
			vm_change_protection(c, prev, nstart, tmp);
		/* a private locked VMA becoming writable breaks copy-on-write
		 * now, so its first write is no fault (mprotect_fixup(); an
		 * on-fault lock is left to the faults, as
		 * populate_vma_page_range() does) */
		if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED &&
		    (newflags & VM_WRITE) && !(oldflags & VM_LOCKONFAULT))
			(void)vm_populate(c, nstart, tmp, VM_POP_LOCK);
		/* prev is now the VMA holding [nstart, tmp) */
		tmp = vma_end(prev);
		nstart = tmp;
		next = vma_next(prev);
		v = next;
	}
	if (!err && tmp < end)
		err = -ENOMEM;
	/* the cached permissions of any changed VMA are stale */
	vm_flush_tlb(mm);
	return err;
}
