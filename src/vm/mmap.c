// SPDX-License-Identifier: MIT
/*
 * mmap.c - mmap(2) and brk(2): argument checks in Linux's order
 * (ksys_mmap_pgoff(), do_mmap()), address selection (__get_unmapped_area(),
 * the x86-64 arch_get_unmapped_area{,_topdown}(), THP alignment), and
 * mmap_region() with the MAP_FIXED replacement, merging and the commit
 * charge; the Peios rules (MAP_UNINITIALIZED, MAP_SEALABLE, W^X) come from
 * the behaviour rows.
 */
#include <errno.h>
#include <string.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

#define PMD_SIZE	((uint64_t)2 << 20)

uint64_t vm_calc_prot_bits(uint32_t prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

static uint64_t calc_vm_flag_bits(uint32_t flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0) |
	       ((flags & MAP_SYNC) ? VM_SYNC : 0) |
	       /* 6.7+: a stack is no place for huge pages */
	       ((flags & MAP_STACK) ? VM_NOHUGEPAGE : 0);
}

static uint64_t rlimit_pages(const struct process *p, int r)
{
	uint64_t v = p->rlim[r].cur;

	return v == PMM_RLIM_INFINITY ? UINT64_MAX : v >> PAGE_SHIFT;
}

/* may_expand_vm(): RLIMIT_AS, and RLIMIT_DATA for data mappings. */
bool vm_may_expand(struct vm_ctx *c, uint64_t flags, uint64_t npages)
{
	struct pmm_mm *mm = c->mm;
	const struct process *p = c->proc;

	if (!p)
		return true;
	if (mm->total_vm + npages > rlimit_pages(p, PMM_RLIMIT_AS))
		return false;
	if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE &&
	    mm->data_vm + npages > rlimit_pages(p, PMM_RLIMIT_DATA)) {
		uint64_t max = p->rlim[PMM_RLIMIT_DATA].max;

		/* The Valgrind workaround: a zero soft limit falls back to
		 * the hard one. */
		if (p->rlim[PMM_RLIMIT_DATA].cur == 0 &&
		    (max == PMM_RLIM_INFINITY ||
		     mm->data_vm + npages <= max >> PAGE_SHIFT))
			return true;
		return false;
	}
	return true;
}

static uint64_t mmap_min_addr(struct pmm_sim *sim)
{
	return PAGE_ALIGN(sysctl_get_u64(&sim->sysctl, SYSCTL_VM_MMAP_MIN_ADDR));
}

/* round_hint_to_min() */
static uint64_t round_hint_to_min(struct pmm_sim *sim, uint64_t hint)
{
	uint64_t min = mmap_min_addr(sim);

	hint &= PAGE_MASK;
	if (hint && hint < min)
		return min;
	return hint;
}

/* mmap_address_hint_valid() */
static bool hint_valid(const struct pmm_mm *mm, uint64_t addr, uint64_t len)
{
	if (mm->task_size - len < addr)
		return false;
	return (addr > DEFAULT_MAP_WINDOW) == (addr + len > DEFAULT_MAP_WINDOW);
}

static int64_t unmapped_area(struct vm_ctx *c, bool topdown, uint64_t len,
			     uint64_t low, uint64_t high, uint64_t align_mask,
			     uint64_t align_offset)
{
	struct vma_unmapped_area_info info = {
		.flags = topdown ? VMA_UNMAPPED_AREA_TOPDOWN : 0,
		.length = len,
		.low_limit = low,
		.high_limit = high,
		.align_mask = align_mask,
		.align_offset = align_offset,
	};
	uint64_t min = mmap_min_addr(c->sim), addr;

	if (info.low_limit < min)
		info.low_limit = min;
	if (vma_tree_unmapped_area(&c->mm->tree, &info, &addr))
		return -ENOMEM;
	return (int64_t)addr;
}

/* x86-64 find_start_end() + arch_get_unmapped_area() */
static int64_t get_area_bottomup(struct vm_ctx *c, uint64_t addr, uint64_t len,
				 uint64_t pgoff, uint32_t flags)
{
	struct pmm_mm *mm = c->mm;
	uint64_t begin, end;
	struct vma *v;

	if (flags & MAP_FIXED)
		return (int64_t)addr;
	if (flags & MAP_32BIT) {
		begin = 0x40000000;
		end = 0x80000000;
		/* randomize_page(begin, 32 MiB) */
		if (mm->randomize)
			begin += (pmm_rng_next(&c->sim->rng[RNG_ASLR]) %
				  (0x02000000 >> PAGE_SHIFT)) << PAGE_SHIFT;
	} else {
		begin = mm->mmap_legacy_base;
		end = addr > DEFAULT_MAP_WINDOW ? mm->task_size :
		      DEFAULT_MAP_WINDOW;
	}
	if (len > end)
		return -ENOMEM;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		v = vma_find(mm, addr);
		if (end - len >= addr &&
		    (!v || addr + len <= vma_start_gap(&v->node)))
			return (int64_t)addr;
	}
	(void)pgoff;
	return unmapped_area(c, false, len, begin, end, 0, 0);
}

/* x86-64 arch_get_unmapped_area_topdown() */
static int64_t get_area_topdown(struct vm_ctx *c, uint64_t addr0, uint64_t len,
				uint64_t pgoff, uint32_t flags)
{
	struct pmm_mm *mm = c->mm;
	uint64_t addr = addr0, high;
	struct vma *v;
	int64_t r;

	if (len > mm->task_size)
		return -ENOMEM;
	if (flags & MAP_FIXED)
		return (int64_t)addr;
	if (flags & MAP_32BIT)
		return get_area_bottomup(c, addr0, len, pgoff, flags);
	if (addr) {
		addr &= PAGE_MASK;
		if (hint_valid(mm, addr, len)) {
			v = vma_find(mm, addr);
			if (!v || addr + len <= vma_start_gap(&v->node))
				return (int64_t)addr;
		}
	}
	high = mm->mmap_base;
	/* A hint above the 47-bit window opens the whole address space. */
	if (addr > DEFAULT_MAP_WINDOW)
		high += mm->task_size - DEFAULT_MAP_WINDOW;
	r = unmapped_area(c, true, len,
			  (flags & MAP_ABOVE4G) ? ((uint64_t)1 << 32) : PAGE_SIZE,
			  high, 0, 0);
	if (r >= 0)
		return r;
	/* A failed top-down search retries bottom-up (the legacy area). */
	return get_area_bottomup(c, addr0, len, pgoff, flags);
}

static int64_t mm_get_area(struct vm_ctx *c, uint64_t addr, uint64_t len,
			   uint64_t pgoff, uint32_t flags)
{
	return c->mm->topdown ? get_area_topdown(c, addr, len, pgoff, flags) :
				get_area_bottomup(c, addr, len, pgoff, flags);
}

/* __thp_get_unmapped_area(): a PMD-aligned area for a PMD-sized length. */
static int64_t thp_get_area(struct vm_ctx *c, uint64_t addr, uint64_t len,
			    uint64_t pgoff, uint32_t flags)
{
	uint64_t off = pgoff << PAGE_SHIFT, off_end = off + len;
	uint64_t off_align = (off + PMD_SIZE - 1) & ~(PMD_SIZE - 1);
	uint64_t len_pad = len + PMD_SIZE, off_sub;
	int64_t ret;

	if (off_end <= off_align || off_end - off_align < PMD_SIZE)
		return 0;
	if (len_pad < len || (off + len_pad) < off)
		return 0;
	ret = mm_get_area(c, 0, len_pad, pgoff, flags);
	if (ret < 0)
		return 0;
	if ((uint64_t)ret == addr)
		return ret;
	off_sub = (off - (uint64_t)ret) & (PMD_SIZE - 1);
	if (c->mm->topdown && !off_sub)
		return ret + (int64_t)PMD_SIZE;
	return ret + (int64_t)off_sub;
}

int64_t vm_get_unmapped_area(struct vm_ctx *c, struct vm_file *file,
			     uint64_t addr, uint64_t len, uint64_t pgoff,
			     uint32_t flags, uint64_t vm_flags)
{
	struct pmm_mm *mm = c->mm;
	int64_t r = 0;

	(void)vm_flags;
	if (len > mm->task_size)
		return -ENOMEM;
	/* The arch code hands a fixed address back as is. */
	if ((flags & MAP_FIXED) && addr > mm->task_size - len)
		return -ENOMEM;
	/* Anonymous memory of a PMD multiple without a hint is THP aligned
	 * (6.7+); shared anonymous memory goes through shmem's own hook,
	 * which aligns only when shmem THP is enabled (it is not). */
	if (!file && !(flags & MAP_SHARED) && !addr &&
	    !(len & (PMD_SIZE - 1)) && !(flags & MAP_FIXED))
		r = thp_get_area(c, addr, len, pgoff, flags);
	if (!r)
		r = mm_get_area(c, addr, len, (flags & MAP_SHARED) ? 0 : pgoff,
				flags);
	if (r < 0)
		return r;
	addr = (uint64_t)r;
	if (addr > mm->task_size - len)
		return -ENOMEM;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	/* security_mmap_addr(): cap_mmap_addr() */
	if (addr < mmap_min_addr(c->sim)) {
		struct sec_subject subj;
		int err;

		task_subject(c->task, &subj);
		err = gate_check(&c->sim->sec, GATE_MMAP_MIN_ADDR, &subj, NULL);
		if (err)
			return err;
	}
	return (int64_t)addr;
}

/* The history bits a mapping with @flags records (KACS rule only). */
uint32_t vm_wx_hist_bits(struct vm_ctx *c, uint64_t flags)
{
	if (gate_value(&c->sim->sec, GATE_WX_RULE, sim_profile(c->sim)) !=
	    GATE_WX_HISTORY)
		return 0;
	return ((flags & VM_WRITE) ? VMA_WX_EVER_WRITE : 0) |
	       ((flags & VM_EXEC) ? VMA_WX_EVER_EXEC : 0);
}

/* accountable_mapping() */
static bool accountable(const struct vm_file *file, uint64_t vm_flags)
{
	(void)file;
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

struct vm_file *vm_shmem_file_setup(struct vm_ctx *c, const char *path,
				    uint64_t size, bool noreserve, int *err)
{
	struct pmm_sim *sim = c->sim;
	uint64_t pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	struct vm_file *f;

	/* shmem_acct_size(): the object is charged unless VM_NORESERVE. */
	if (!noreserve) {
		*err = vm_acct_memory(c, (int64_t)pages);
		if (*err)
			return NULL;
	}
	f = vm_file_create(sim, path, 0, 1, ++sim->vm.next_shmem_ino, size,
			   true);
	if (!f) {
		if (!noreserve)
			vm_unacct_memory(sim, (int64_t)pages);
		*err = -ENOMEM;
		return NULL;
	}
	if (!noreserve) {
		f->charged = pages;
		sim->vm.shmem_committed += pages;
	}
	return f;
}

/* The shmem object behind MAP_SHARED|MAP_ANONYMOUS: shmem_zero_setup(). */
static struct vm_file *shmem_zero_setup(struct vm_ctx *c, uint64_t len,
					uint64_t vm_flags, int *err)
{
	return vm_shmem_file_setup(c, "/dev/zero (deleted)", len,
				   (vm_flags & VM_NORESERVE) != 0, err);
}

int64_t vm_mmap_region(struct vm_ctx *c, struct vm_file *file,
		       struct file *filp, uint64_t addr, uint64_t len,
		       uint64_t vm_flags, uint64_t pgoff,
		       const struct vm_special *special)
{
	struct pmm_mm *mm = c->mm;
	uint64_t end = addr + len, pglen = len >> PAGE_SHIFT;
	uint64_t nr_pages = 0, nr_accounted = 0, charged = 0;
	struct vma_attrs a;
	struct vma *v, *prev, *next;
	struct vm_file *shm = NULL;
	int err;

	/* What MAP_FIXED replaces: vms_gather_munmap_vmas(). */
	err = vm_munmap_prepare(c, addr, end);
	if (err)
		return err;
	for (v = vma_find_intersection(mm, addr, end); v && vma_start(v) < end;
	     v = vma_next(v)) {
		nr_pages += vma_pages(v);
		if (v->vm_flags & VM_ACCOUNT)
			nr_accounted += vma_pages(v);
	}
	if (!vm_may_expand(c, vm_flags, pglen - nr_pages))
		return -ENOMEM;
	if (!special && accountable(file, vm_flags)) {
		charged = pglen - nr_accounted;
		if (charged) {
			err = vm_acct_memory(c, (int64_t)charged);
			if (err)
				return err;
		}
		vm_flags |= VM_ACCOUNT;
	}
	if (!special && !file && (vm_flags & VM_SHARED)) {
		shm = shmem_zero_setup(c, len, vm_flags, &err);
		if (!shm)
			goto unacct;
		file = shm;
		pgoff = 0;
	}
	/* Allocate first, so nothing can fail once the old is gone. */
	v = vma_alloc(c->sim);
	if (!v) {
		err = -ENOMEM;
		goto unacct;
	}
	/* The replaced VMAs' charge passes to the new mapping when it is
	 * accountable (charged covered only the rest), else it goes back. */
	vm_munmap_complete(c, addr, end, !(vm_flags & VM_ACCOUNT));
	next = vma_find(mm, addr);
	prev = next ? vma_prev(next) : node_vma(vma_tree_last(&mm->tree));
	memset(&a, 0, sizeof(a));
	a.flags = vm_flags;
	a.pgoff = pgoff;
	a.file = file;
	a.filp = filp;
	a.wx_hist = special ? 0 : vm_wx_hist_bits(c, vm_flags);
	if (!special && !shm &&
	    vma_merge_new_range(c, prev, next, addr, end, &a)) {
		vma_free(c->sim, v);
		return (int64_t)addr;
	}
	v->node.vm_start = addr;
	v->node.vm_end = end;
	v->vm_flags = vm_flags;
	v->vm_pgoff = pgoff;
	v->vm_file = shm ? shm : vm_file_get(file);
	v->vm_filp = file_get(filp);
	v->special = special;
	v->wx_hist = a.wx_hist;
	vma_link(mm, v);
	return (int64_t)addr;
unacct:
	if (shm)
		vm_file_put(c->sim, shm);
	if (charged)
		vm_unacct_memory(c->sim, (int64_t)charged);
	return err;
}

/* The Peios and Linux W^X rules (spec 02 §3, §3a; Linux MDWE). */
int vm_wx_check(struct vm_ctx *c, const struct vma *v, uint64_t oldflags,
		uint64_t newflags)
{
	enum pmm_profile prof = sim_profile(c->sim);
	uint32_t hist = v ? v->wx_hist : 0;
	long rule;

	if (!c->proc || !(c->proc->mitigations & PMM_MIT_WXP))
		return 0;
	if ((newflags & VM_WRITE) && (newflags & VM_EXEC))
		return -EACCES;
	rule = gate_value(&c->sim->sec, GATE_WX_RULE, prof);
	switch (rule) {
	case GATE_WX_CURRENT:	/* the page: compare with what it is now */
		if ((newflags & VM_EXEC) && !(oldflags & VM_EXEC) &&
		    (oldflags & VM_WRITE))
			return -EACCES;
		if ((newflags & VM_WRITE) && !(oldflags & VM_WRITE) &&
		    (oldflags & VM_EXEC))
			return -EACCES;
		return 0;
	case GATE_WX_HISTORY:	/* KACS: ever writable / ever executable */
		if ((newflags & VM_EXEC) && !(oldflags & VM_EXEC) &&
		    ((hist & VMA_WX_EVER_WRITE) || (oldflags & VM_WRITE)))
			return -EACCES;
		if ((newflags & VM_WRITE) && !(oldflags & VM_WRITE) &&
		    ((hist & VMA_WX_EVER_EXEC) || (oldflags & VM_EXEC)))
			return -EACCES;
		return 0;
	default:		/* map_deny_write_exec(): no exec gain */
		if (!(oldflags & VM_EXEC) && (newflags & VM_EXEC))
			return -EACCES;
		return 0;
	}
}

/*
 * TLP: the file's path must lie under an approved prefix; LSV: the file
 * must be signed at or above the process's pip_trust (KACS §6.1).
 */
static int exec_mitigations_of(struct pmm_sim *sim, const struct process *p,
				uint32_t mit, const struct vm_file *inode)
{
	if ((mit & PMM_MIT_TLP) && !fs_tlp_approved(sim, inode))
		return -EACCES;
	if ((mit & PMM_MIT_LSV) && !fs_lsv_approved(inode, p->pip_trust))
		return -EACCES;
	return 0;
}

static int exec_mitigations(struct vm_ctx *c, const struct vm_file *inode)
{
	if (!c->proc)
		return 0;
	return exec_mitigations_of(c->sim, c->proc, c->proc->mitigations,
				   inode);
}

bool vm_exec_mappings_violate(struct pmm_sim *sim, const struct process *p,
			      uint32_t mit)
{
	const struct vma *v;

	if (!p->mm || !(mit & (PMM_MIT_TLP | PMM_MIT_LSV)))
		return false;
	mm_for_each_vma(v, p->mm)
		if ((v->vm_flags & VM_EXEC) && v->vm_file && !v->special &&
		    !v->vm_file->shmem &&
		    exec_mitigations_of(sim, p, mit, v->vm_file))
			return true;
	return false;
}

int vm_file_mmap_check(struct vm_ctx *c, const struct file *filp,
		       uint32_t prot, bool shared, bool exec_gain)
{
	uint32_t need = 0;

	if (gate_value(&c->sim->sec, GATE_FACS_USE_TIME,
		       sim_profile(c->sim))) {
		if (prot & PROT_READ)
			need |= FILE_READ_DATA;
		/* a private writable mapping is copy-on-write: read only */
		if (prot & PROT_WRITE)
			need |= shared ? FILE_WRITE_DATA : FILE_READ_DATA;
		if (prot & PROT_EXEC)
			need |= FILE_EXECUTE;
		if ((filp->granted & need) != need)
			return -EACCES;
	}
	if (exec_gain && filp->inode)
		return exec_mitigations(c, filp->inode);
	return 0;
}

int vm_file_mprotect_check(struct vm_ctx *c, const struct vma *v,
			   uint32_t prot, uint64_t newflags)
{
	bool gain = (newflags & VM_EXEC) && !(v->vm_flags & VM_EXEC);
	uint32_t have = ((v->vm_flags & VM_READ) ? PROT_READ : 0) |
			((v->vm_flags & VM_WRITE) ? PROT_WRITE : 0) |
			((v->vm_flags & VM_EXEC) ? PROT_EXEC : 0);

	if (v->vm_filp)
		return vm_file_mmap_check(c, v->vm_filp, prot & ~have,
					  (v->vm_flags & VM_MAYSHARE) != 0, gain);
	/* an image's segments: no descriptor, but a file all the same */
	if (gain && v->vm_file && !v->special && !v->vm_file->shmem)
		return exec_mitigations(c, v->vm_file);
	return 0;
}

/* The file half of do_mmap(): the VFS's checks on the open file. */
static int mmap_file_flags(const struct file *filp, uint32_t prot,
			   uint32_t known, uint32_t *flags, uint64_t *vm_flags)
{
	switch (*flags & MAP_TYPE) {
	case MAP_SHARED:
		*flags &= known;
		/* fall through */
	case MAP_SHARED_VALIDATE:
		if (*flags & ~known)
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !(filp->f_mode & FMODE_WRITE))
			return -EACCES;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(filp->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fall through */
	case MAP_PRIVATE:
		if (!(filp->f_mode & FMODE_READ))
			return -EACCES;
		if (*vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * do_mmap() of @file (the inode), opened as @filp: NULL for a shared
 * anonymous object, which only remap_file_pages() maps again by itself
 * (its /dev/zero file is open for reading and writing).
 */
static int64_t __vm_do_mmap(struct vm_ctx *c, uint64_t addr, uint64_t len,
			    uint32_t prot, uint32_t flags, uint64_t pgoff,
			    struct file *filp, struct vm_file *file)
{
	struct pmm_sim *sim = c->sim;
	struct pmm_mm *mm = c->mm;
	enum pmm_profile prof = sim_profile(sim);
	uint64_t vm_flags;
	int64_t r;

	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED))
		addr = round_hint_to_min(sim, addr);
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > (unsigned long)vm_max_map_count(sim))
		return -ENOMEM;
	vm_flags = vm_calc_prot_bits(prot) | calc_vm_flag_bits(flags) |
		   mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	/* PROT_EXEC alone gets the execute-only key (x86 with pkeys) */
	if (prot == PROT_EXEC) {
		int k = vm_execute_only_pkey(c);

		if (k > 0)
			vm_flags |= (uint64_t)k << VM_PKEY_SHIFT;
	}
	r = vm_get_unmapped_area(c, file, addr, len, pgoff, flags, vm_flags);
	if (r < 0)
		return r;
	addr = (uint64_t)r;
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    vma_find_intersection(mm, addr, addr + len))
		return -EEXIST;
	if (flags & MAP_LOCKED) {
		/* can_do_mlock(): a zero RLIMIT_MEMLOCK needs the privilege
		 * (Linux EPERM; Peios goes on to the quota, spec 13 §3) */
		struct sec_subject subj;

		task_subject(c->task, &subj);
		if (!c->proc->rlim[PMM_RLIMIT_MEMLOCK].cur &&
		    gate_value(&sim->sec, GATE_MLOCK_ZERO_LIMIT_EPERM, prof) &&
		    gate_check(&sim->sec, GATE_MLOCK_OVER_QUOTA, &subj, NULL))
			return -EPERM;
	}
	/* mlock_future_ok(): MAP_LOCKED, or mlockall(MCL_FUTURE) */
	r = vm_mlock_future_ok(c, vm_flags, len, GATE_MAP_LOCKED_OVER_QUOTA);
	if (r)
		return r;
	if (file) {
		/* file_mmap_ok(): the last page index must fit in off_t */
		if (pgoff + (len >> PAGE_SHIFT) > (UINT64_MAX >> 1) >> PAGE_SHIFT)
			return -EOVERFLOW;
		if (!filp) {
			/* shmem_mmap() of the object: always shared */
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			goto flags_done;
		}
		/* MAP_SEALABLE is a flag every Peios mapping type knows */
		r = mmap_file_flags(filp, prot, LEGACY_MAP_MASK |
				    (gate_value(&sim->sec,
						GATE_MAP_SEALABLE_REQUIRED, prof) ?
				     PMM_MAP_SEALABLE : 0), &flags, &vm_flags);
		if (r)
			return r;
		goto flags_done;
	}
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		pgoff = 0;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		break;
	case MAP_DROPPABLE:
		/* 6.11+: private memory the kernel may drop at any time, so
		 * never locked, reserved, grown, forked or dumped. */
		if (flags & (MAP_LOCKED | MAP_HUGETLB))
			return -EINVAL;
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		vm_flags |= VM_DROPPABLE | VM_NORESERVE | VM_WIPEONFORK |
			    VM_DONTDUMP;
		pgoff = addr >> PAGE_SHIFT;
		break;
	case MAP_PRIVATE:
		pgoff = addr >> PAGE_SHIFT;
		break;
	default:
		return -EINVAL;
	}
flags_done:
	if (flags & MAP_NORESERVE) {
		/* Linux ignores MAP_NORESERVE in strict mode; Peios honours
		 * it in every mode (spec 02 §7, spec 06 rule 10). */
		if (sysctl_get(&sim->sysctl, SYSCTL_VM_OVERCOMMIT_MEMORY) != 2 ||
		    gate_value(&sim->sec, GATE_MAP_NORESERVE_STRICT_HONOURED,
			       prof))
			vm_flags |= VM_NORESERVE;
	}
	if ((flags & PMM_MAP_SEALABLE) &&
	    gate_value(&sim->sec, GATE_MAP_SEALABLE_REQUIRED, prof))
		vm_flags |= VM_SEALABLE;
	if (vm_wx_check(c, NULL, vm_flags, vm_flags))
		return -EACCES;
	return vm_mmap_region(c, file, filp, addr, len, vm_flags, pgoff, NULL);
}

int64_t vm_do_mmap(struct vm_ctx *c, uint64_t addr, uint64_t len,
		   uint32_t prot, uint32_t flags, uint64_t pgoff,
		   struct file *filp)
{
	return __vm_do_mmap(c, addr, len, prot, flags, pgoff, filp,
			    filp ? filp->inode : NULL);
}

/* ---- remap_file_pages ------------------------------------------------------ */

/*
 * remap_file_pages() - the Linux 3.16+ emulation (mm/mmap.c): no
 * non-linear mappings any more, but an mmap(MAP_FIXED|MAP_SHARED|
 * MAP_POPULATE) of the same file over [start, start + size) at @pgoff.
 *
 *   before   |---------- one VMA, file pgoff 0 ----------|
 *   after    |- pgoff 0 -|- pgoff @pgoff -|- pgoff 0+n -|
 *
 * Every refusal before do_mmap() is EINVAL; do_mmap() itself may give
 * EPERM (a seal), ENOMEM or EAGAIN (the lock quota), EACCES (security).
 */
int vm_remap_file_pages(struct vm_ctx *c, uint64_t start, uint64_t size,
			uint64_t prot, uint64_t pgoff, uint64_t flags)
{
	struct pmm_sim *sim = c->sim;
	uint64_t end, vm_flags;
	uint32_t mprot = 0, mflags;
	struct vma *v, *next, *prev;
	int64_t r;

	/* pr_warn_once() of the deprecation: one event per machine */
	if (!sim->vm.remap_file_pages_warned) {
		sim->vm.remap_file_pages_warned = true;
		PMM_TRACE(sim, vm_deprecated_syscall,
			  EV_STR("syscall", "remap_file_pages"),
			  EV_S64("pid", c->proc->pid),
			  EV_STR("comm", c->proc->comm));
	}
	if (prot)
		return -EINVAL;
	start &= PAGE_MASK;
	size &= PAGE_MASK;
	end = start + size;
	if (end <= start)
		return -EINVAL;
	if (pgoff + (size >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	/* vma_lookup(): @start inside a shared (file or shmem) mapping */
	v = vma_find(c->mm, start);
	if (!v || vma_start(v) > start || !(v->vm_flags & VM_SHARED) ||
	    !v->vm_file)
		return -EINVAL;
	vm_flags = v->vm_flags;
	mprot |= (vm_flags & VM_READ) ? PROT_READ : 0;
	mprot |= (vm_flags & VM_WRITE) ? PROT_WRITE : 0;
	mprot |= (vm_flags & VM_EXEC) ? PROT_EXEC : 0;
	/* every other flag is dropped silently, never refused */
	mflags = (uint32_t)(flags & MAP_NONBLOCK);
	mflags |= MAP_SHARED | MAP_FIXED | MAP_POPULATE;
	if (vm_flags & VM_LOCKED)
		mflags |= MAP_LOCKED;
	/* Peios: what was sealable stays sealable (the VM_LOCKED pattern;
	 * Linux has no such flag) */
	if (vm_flags & VM_SEALABLE)
		mflags |= PMM_MAP_SEALABLE;
	/* security_mmap_file() on the mapping's open file */
	if (v->vm_filp) {
		int err = vm_file_mmap_check(c, v->vm_filp, mprot, true,
					     (mprot & PROT_EXEC) != 0);

		if (err)
			return err;
	}
	/* the range may cross VMAs of the same file and flags, no hole */
	prev = v;
	for (next = v; end > vma_end(prev); prev = next) {
		next = vma_next(prev);
		if (!next || vma_start(next) != vma_end(prev) ||
		    next->vm_file != v->vm_file ||
		    next->vm_filp != v->vm_filp || next->vm_flags != vm_flags)
			return -EINVAL;
	}
	r = __vm_do_mmap(c, start, size, mprot, mflags, pgoff, v->vm_filp,
			 v->vm_file);
	if (r < 0)
		return (int)r;
	/* mm_populate(), as pmm_mmap(): MAP_POPULATE unless MAP_NONBLOCK,
	 * and locked mappings; a failure to populate is no error */
	v = vma_find(c->mm, start);
	vm_flags = v ? v->vm_flags : 0;
	if (mprot && (!(mflags & MAP_NONBLOCK) ||
		      ((vm_flags & VM_LOCKED) && !(vm_flags & VM_LOCKONFAULT))))
		(void)vm_populate(c, start, end, VM_POP_LOCK);
	return 0;
}

/* ---- brk ------------------------------------------------------------------- */

/* check_data_rlimit() */
static bool data_rlimit_exceeded(const struct process *p, uint64_t new,
				 const struct pmm_mm *mm)
{
	uint64_t lim = p->rlim[PMM_RLIMIT_DATA].cur;

	if (lim == PMM_RLIM_INFINITY)
		return false;
	return (new - mm->start_brk) + (mm->end_data - mm->start_data) > lim;
}

/* do_brk_flags(): grow the heap VMA or add one. */
static int do_brk_flags(struct vm_ctx *c, struct vma *brkvma, uint64_t addr,
			uint64_t len)
{
	struct pmm_mm *mm = c->mm;
	uint64_t flags = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	uint64_t pages = len >> PAGE_SHIFT;
	struct vma *v;
	int err;

	if (!vm_may_expand(c, flags, pages))
		return -ENOMEM;
	if (mm->map_count > (unsigned long)vm_max_map_count(c->sim))
		return -ENOMEM;
	err = vm_acct_memory(c, (int64_t)pages);
	if (err)
		return err;
	/* Expand the existing heap VMA when nothing sets it apart. */
	if (brkvma && vma_end(brkvma) == addr && !brkvma->anon_name &&
	    !brkvma->special && !brkvma->vm_file && !brkvma->uffd_ctx &&
	    !brkvma->policy &&
	    ((brkvma->vm_flags ^ flags) & ~VM_IGNORE_MERGE) == 0) {
		vma_resize(mm, brkvma, vma_start(brkvma), addr + len,
			   brkvma->vm_pgoff);
		return 0;
	}
	v = vma_alloc(c->sim);
	if (!v) {
		vm_unacct_memory(c->sim, (int64_t)pages);
		return -ENOMEM;
	}
	v->node.vm_start = addr;
	v->node.vm_end = addr + len;
	v->vm_flags = flags;
	v->vm_pgoff = addr >> PAGE_SHIFT;
	vma_link(mm, v);
	return 0;
}

/* sys_brk(): returns the break after the call. */
uint64_t vm_brk(struct vm_ctx *c, uint64_t brk)
{
	struct pmm_mm *mm = c->mm;
	uint64_t newbrk, oldbrk;
	struct vma *brkvma = NULL, *next;

	if (brk < mm->start_brk)
		return mm->brk;
	if (data_rlimit_exceeded(c->proc, brk, mm))
		return mm->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		/* Shrinking: munmap the freed pages; a seal refuses it. */
		if (vm_do_munmap(c, newbrk, oldbrk - newbrk))
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	if (mm->brk > mm->start_brk) {
		brkvma = vma_find(mm, mm->start_brk);
		if (brkvma && vma_start(brkvma) >= oldbrk)
			brkvma = NULL;
		/* vma_prev_limit(): the last VMA below oldbrk */
		if (brkvma)
			while (vma_next(brkvma) &&
			       vma_start(vma_next(brkvma)) < oldbrk)
				brkvma = vma_next(brkvma);
	}
	next = vma_find(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vma_start_gap(&next->node))
		return mm->brk;
	if (do_brk_flags(c, brkvma, oldbrk, newbrk - oldbrk) < 0)
		return mm->brk;
	mm->brk = brk;
	return brk;
}
