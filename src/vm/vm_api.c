// SPDX-License-Identifier: MIT
/*
 * vm_api.c - the public address-space calls (peiosmm/vm.h): argument and
 * caller validation, then the VM layer.  Every call is made by a live
 * thread on its own process's mm.
 */
#include <errno.h>
#include <string.h>

#include <peiosmm/vm.h>

#include "kernel/kernel.h"
#include "vm/pgtable.h"
#include "vm/uapi.h"
#include "vm/vm.h"

static int vm_enter(struct pmm_sim *sim, pmm_pid_t tid, struct vm_ctx *c)
{
	struct task *t;
	int err = task_caller(sim, tid, &t);

	if (err)
		return err;
	if (!t->proc->mm)
		return -ESRCH;
	vm_ctx_init(c, sim, t);
	return 0;
}

#define VM_ENTER(sim, tid, c)                                                \
	do {                                                                 \
		int e_ = vm_enter((sim), (tid), &(c));                       \
		if (e_)                                                      \
			return e_;                                           \
	} while (0)

/* Under debug_vm every call ends with the mm checked. */
static void vm_exit(struct vm_ctx *c)
{
	char msg[256];

	if (PMM_DEBUG_VM && !vm_mm_consistent(c->mm, msg, sizeof(msg)))
		pmm_bug(__FILE__, __LINE__, msg);
}

int64_t pmm_mmap(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		 uint64_t len, uint32_t prot, uint32_t flags, int fd,
		 uint64_t off)
{
	struct file *filp = NULL;
	struct vm_ctx c;
	int64_t r;

	VM_ENTER(sim, tid, c);
	/* Peios refuses MAP_UNINITIALIZED outright (spec 15 §7). */
	if ((flags & MAP_UNINITIALIZED) && !(flags & MAP_HUGETLB) &&
	    !sim->cfg.embedded &&
	    gate_value(&sim->sec, GATE_MAP_UNINITIALIZED_EINVAL,
		       sim_profile(sim)))
		return -EINVAL;
	/* sys_mmap(): the offset must be page aligned. */
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		/* ksys_mmap_pgoff(): fget() (O_PATH descriptors do not count) */
		filp = fd_lookup(c.proc, fd);
		if (!filp || (!filp->f_mode && filp->kind == FILE_REGULAR &&
			      (filp->f_flags & PMM_O_PATH)))
			return -EBADF;
		if (flags & MAP_HUGETLB)	/* not a hugetlbfs file */
			return -EINVAL;
		/* no ->mmap: /proc files */
		if (filp->kind != FILE_REGULAR)
			return -ENODEV;
		/* vm_mmap_pgoff(): security_mmap_file() comes first */
		r = vm_file_mmap_check(&c, filp, prot,
				       (flags & MAP_TYPE) != MAP_PRIVATE,
				       (prot & PROT_EXEC) != 0);
		if (r)
			return r;
	} else if (flags & MAP_HUGETLB) {
		/* hugetlb_file_setup() against an empty pool (huge pages
		 * arrive with their own layer). */
		unsigned int shift = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;

		if (shift && shift != 21 && shift != 30)
			return -EINVAL;
		return -ENOMEM;
	}
	r = vm_do_mmap(&c, addr, len, prot, flags, off >> PAGE_SHIFT, filp);
	/* do_mmap()'s *populate: MAP_POPULATE without MAP_NONBLOCK, and
	 * locked mappings, are faulted in before the call returns (a
	 * failure to populate does not fail the mmap) */
	if (r >= 0 && prot) {
		struct vma *v = vma_find(c.mm, (uint64_t)r);
		uint64_t vf = v ? v->vm_flags : 0;

		if (((flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE) ||
		    ((vf & VM_LOCKED) && !(vf & VM_LOCKONFAULT)))
			(void)vm_populate(&c, (uint64_t)r,
					  (uint64_t)r + PAGE_ALIGN(len),
					  VM_POP_LOCK);
	}
	if (c.mm)
		vm_exit(&c);
	if (r >= 0)
		PMM_TRACE(sim, vm_mmap, EV_S64("pid", c.proc->pid),
			  EV_U64("addr", r), EV_U64("len", PAGE_ALIGN(len)),
			  EV_U64("prot", prot), EV_U64("flags", flags));
	return r;
}

int pmm_munmap(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
	       uint64_t len)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_do_munmap(&c, addr, len);
	vm_exit(&c);
	return r;
}

int pmm_mprotect(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		 uint64_t len, uint32_t prot)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_mprotect(&c, addr, len, prot, -1);
	vm_exit(&c);
	return r;
}

int64_t pmm_mremap(struct pmm_sim *sim, pmm_pid_t tid, uint64_t old,
		   uint64_t old_len, uint64_t new_len, uint32_t flags,
		   uint64_t new_addr)
{
	struct vm_ctx c;
	int64_t r;

	VM_ENTER(sim, tid, c);
	r = vm_mremap(&c, old, old_len, new_len, flags, new_addr);
	vm_exit(&c);
	return r;
}

int64_t pmm_brk(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr)
{
	struct vm_ctx c;
	uint64_t r;

	VM_ENTER(sim, tid, c);
	/* A process that never exec'd has no program and no heap. */
	if (!c.mm->start_brk)
		return (int64_t)c.mm->brk;
	r = vm_brk(&c, addr);
	vm_exit(&c);
	return (int64_t)r;
}

int pmm_madvise(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		uint64_t len, int advice)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_madvise(&c, addr, len, advice);
	vm_exit(&c);
	return r;
}

int pmm_mseal(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len,
	      uint64_t flags)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_mseal(&c, addr, len, flags);
	vm_exit(&c);
	return r;
}

int pmm_remap_file_pages(struct pmm_sim *sim, pmm_pid_t tid, uint64_t start,
			 uint64_t size, uint64_t prot, uint64_t pgoff,
			 uint64_t flags)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_remap_file_pages(&c, start, size, prot, pgoff, flags);
	vm_exit(&c);
	return r;
}

int pmm_msync(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len,
	      int flags)
{
	struct vm_ctx c;

	VM_ENTER(sim, tid, c);
	return vm_msync(&c, addr, len, flags);
}

int pmm_set_vma_anon_name(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
			  uint64_t len, const char *name)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_set_anon_name(&c, addr, len, name);
	vm_exit(&c);
	return r;
}

/* Is any mapping of @mm writable and executable at once? */
static bool mm_has_wx(const struct pmm_mm *mm)
{
	const struct vma *v;

	mm_for_each_vma(v, mm)
		if ((v->vm_flags & (VM_WRITE | VM_EXEC)) ==
		    (VM_WRITE | VM_EXEC))
			return true;
	return false;
}

int pmm_set_mitigations(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target,
			uint32_t flags)
{
	struct process *p;
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (flags & ~PMM_MIT_ALL)
		return -EINVAL;
	err = task_target_process(sim, t, target, GATE_SET_PSB_OTHER, &p);
	if (err)
		return err;
	/* KACS §5.2: WXP cannot be enabled over an existing W+X mapping. */
	if ((flags & PMM_MIT_WXP) && !(p->mitigations & PMM_MIT_WXP) &&
	    gate_value(&sim->sec, GATE_WXP_ENABLE_REFUSED_IF_WX,
		       sim_profile(sim)) && p->mm && mm_has_wx(p->mm))
		return -EPERM;
	/* ... nor TLP or LSV over an executable file mapping they refuse */
	if (vm_exec_mappings_violate(sim, p, flags & ~p->mitigations))
		return -EPERM;
	p->mitigations |= flags;
	return 0;
}

int pmm_get_mitigations(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct process *p;

	if (!sim)
		return -EINVAL;
	p = process_lookup(sim, pid);	/* live processes only */
	return p ? (int)p->mitigations : -ESRCH;
}

int pmm_exec(struct pmm_sim *sim, pmm_pid_t tid, const struct pmm_image *img)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	if (!img)
		return -EINVAL;
	r = vm_exec(&c, img);
	if (!r) {
		fdtable_close_on_exec(sim, &c.proc->files);
		vm_exit(&c);
		PMM_TRACE(sim, vm_exec, EV_S64("pid", c.proc->pid),
			  EV_STR("image", img->name));
	}
	return r;
}

static struct pmm_mm *mm_of(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct process *p;

	if (!sim)
		return NULL;
	p = process_lookup(sim, pid);	/* live processes only */
	return p ? p->mm : NULL;
}

int pmm_vma_query(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		  struct pmm_vma_info *out)
{
	struct pmm_mm *mm = mm_of(sim, pid);
	struct vma *v;

	if (!mm)
		return -ESRCH;
	if (!out)
		return -EINVAL;
	v = vma_find(mm, addr);
	if (!v)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->start = vma_start(v);
	out->end = vma_end(v);
	out->prot = (uint32_t)(((v->vm_flags & VM_READ) ? PROT_READ : 0) |
			       ((v->vm_flags & VM_WRITE) ? PROT_WRITE : 0) |
			       ((v->vm_flags & VM_EXEC) ? PROT_EXEC : 0));
	out->flags = v->vm_flags;
	out->pgoff = v->vm_pgoff;
	out->shared = v->vm_flags & VM_SHARED;
	vm_vma_name(mm, v, out->name, sizeof(out->name));
	return 0;
}

long pmm_vma_count(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct pmm_mm *mm = mm_of(sim, pid);

	return mm ? (long)mm->map_count : -ESRCH;
}

int pmm_mm_layout(struct pmm_sim *sim, pmm_pid_t pid,
		  struct pmm_mm_layout *out)
{
	struct pmm_mm *mm = mm_of(sim, pid);

	if (!mm)
		return -ESRCH;
	if (!out)
		return -EINVAL;
	out->task_size = mm->task_size;
	out->mmap_base = mm->mmap_base;
	out->mmap_legacy_base = mm->mmap_legacy_base;
	out->topdown = mm->topdown;
	out->stack_top = mm->stack_top;
	out->start_stack = mm->start_stack;
	out->start_code = mm->start_code;
	out->end_code = mm->end_code;
	out->start_data = mm->start_data;
	out->end_data = mm->end_data;
	out->start_brk = mm->start_brk;
	out->brk = mm->brk;
	out->vdso = mm->vdso_base;
	return 0;
}

/* ---- touching memory --------------------------------------------------------- */

static int access_enter(struct pmm_sim *sim, pmm_pid_t tid, uint64_t len,
			struct pmm_access_result *res, struct vm_ctx *c)
{
	if (!res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	if (len > ((uint64_t)1 << 40))
		return -EINVAL;
	return vm_enter(sim, tid, c);
}

/* A load's bytes of generated content (0 from load_bytes()'s tail). */
static __attribute__((noinline)) int
load_bytes_slow(uint64_t w, unsigned int off, uint8_t *out, unsigned int n)
{
	content_read(w, off, out, n);
	return 0;
}

/* Everything but the TLB hit: the kernel's side of an access. */
static __attribute__((noinline)) int
access_slow(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len,
	    enum pmm_access_kind kind, void *buf, struct pmm_access_result *res)
{
	struct vm_ctx c;
	int err;

	if ((unsigned int)kind > PMM_ACCESS_EXEC)
		return -EINVAL;
	err = access_enter(sim, tid, len, res, &c);
	if (err)
		return err;
	err = vm_access(&c, addr, len, kind,
			kind == PMM_ACCESS_WRITE ? buf : NULL,
			kind == PMM_ACCESS_READ ? buf : NULL,
			VM_FILL_SCRAMBLE, res);
	if (c.mm)
		vm_exit(&c);
	return err;
}

int pmm_access(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
	       uint64_t len, enum pmm_access_kind kind, void *buf,
	       struct pmm_access_result *res)
{
	const struct tlb_entry *te;
	const struct pmm_mm *mm;
	struct task *t;
	unsigned int off;
	uint64_t w;

	/*
	 * The TLB-hit path of a small load within one page, for the thread
	 * that made the last call: what a CPU does without the kernel, so it
	 * does nothing else either.  Every other case is a tail call, so
	 * this path saves no registers.
	 */
	if (__builtin_expect(!sim || !res || kind != PMM_ACCESS_READ || !len ||
			     len > 8 || ((addr & ~PAGE_MASK) + len) > PAGE_SIZE,
			     0))
		return access_slow(sim, tid, addr, len, kind, buf, res);
	t = sim->last_task;
	if (__builtin_expect(!t || t->tid != tid || !(mm = t->proc->mm), 0))
		return access_slow(sim, tid, addr, len, kind, buf, res);
	te = &t->tlb[(addr >> PAGE_SHIFT) & (TLB_ENTRIES - 1)];
	if (__builtin_expect(te->vpn != (addr >> PAGE_SHIFT) + 1 ||
			     te->gen != mm->tlb_gen ||
			     te->tgen != t->tlb_gen || !(te->perm & TLB_R), 0))
		return access_slow(sim, tid, addr, len, kind, buf, res);
	res->status = 0;
	res->signo = 0;
	res->code = 0;
	res->pkey = 0;
	res->addr = 0;
	res->done = len;
	if (!buf)
		return 0;
	w = te->page->private;
	off = (unsigned int)(addr & ~PAGE_MASK);
	if (w && !CONTENT_IS_FP(w) && !CONTENT_IS_EXT(w)) {
		/* a materialised page: the bytes as they are */
		const uint8_t *b = (const uint8_t *)(uintptr_t)w + off;

		for (unsigned int i = 0; i < len; i++)
			((uint8_t *)buf)[i] = b[i];
		return 0;
	}
	return load_bytes_slow(w, off, buf, (unsigned int)len);
}

int pmm_fill(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len,
	     uint8_t value, struct pmm_access_result *res)
{
	struct vm_ctx c;
	int err = access_enter(sim, tid, len, res, &c);

	if (err)
		return err;
	err = vm_access(&c, addr, len, PMM_ACCESS_WRITE, NULL, NULL, value,
			res);
	if (c.mm)
		vm_exit(&c);
	return err;
}

int pmm_check(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len,
	      uint8_t value, struct pmm_access_result *res)
{
	uint8_t chunk[4096];
	uint64_t done = 0;
	struct vm_ctx c;
	int err = access_enter(sim, tid, len, res, &c);

	if (err)
		return err;
	while (done < len) {
		uint64_t n = len - done < sizeof(chunk) ? len - done :
							  sizeof(chunk);
		struct pmm_access_result r;

		vm_access(&c, addr + done, n, PMM_ACCESS_READ, NULL, chunk, 0,
			  &r);
		for (uint64_t i = 0; i < r.done; i++)
			if (chunk[i] != value) {
				*res = r;
				res->done = done + i;
				res->addr = addr + done + i;
				return 0;
			}
		if (r.status) {
			*res = r;
			res->done += done;
			return 0;
		}
		done += n;
	}
	res->done = done;
	if (c.mm)
		vm_exit(&c);
	return 1;
}

int pmm_mm_stats(struct pmm_sim *sim, pmm_pid_t pid, struct pmm_mm_stats *out)
{
	struct pmm_mm *mm = mm_of(sim, pid);

	if (!mm)
		return -ESRCH;
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->rss_anon = mm->rss_anon;
	out->rss_file = mm->rss_file;
	out->rss_shmem = mm->rss_shmem;
	out->swap_ents = mm->swap_ents;
	out->hiwater_rss = mm->hiwater_rss;
	out->hiwater_vm = mm->hiwater_vm;
	out->total_vm = mm->total_vm;
	out->locked_vm = mm->locked_vm;
	out->pinned_vm = mm->pinned_vm;
	out->data_vm = mm->data_vm;
	out->stack_vm = mm->stack_vm;
	out->exec_vm = mm->exec_vm;
	out->pgtables_bytes = mm->pgtables_bytes;
	out->min_flt = mm->min_flt;
	out->maj_flt = mm->maj_flt;
	return 0;
}

int pmm_mincore(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		uint64_t len, uint8_t *vec)
{
	struct vm_ctx c;
	uint64_t end, a;

	VM_ENTER(sim, tid, c);
	/* sys_mincore() */
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr > c.mm->task_size || len > c.mm->task_size - addr)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (!vec)
		return -EFAULT;
	end = addr + len;
	for (a = addr; a < end;) {
		struct vma *v = vma_find(c.mm, a);
		uint64_t e;

		if (!v || vma_start(v) > a)
			return -ENOMEM;
		e = vma_end(v) < end ? vma_end(v) : end;
		vm_mincore_vma(&c, v, a, e, vec + ((a - addr) >> PAGE_SHIFT));
		a = e;
	}
	return 0;
}

/* ---- the mlock family ------------------------------------------------------- */

int pmm_mlock(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_mlock(&c, addr, len, VM_LOCKED);
	if (c.mm)
		vm_exit(&c);
	return r;
}

int pmm_mlock2(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr, uint64_t len,
	       unsigned int flags)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	if (flags & ~1u)			/* MLOCK_ONFAULT */
		return -EINVAL;
	r = vm_mlock(&c, addr, len,
		     VM_LOCKED | ((flags & 1u) ? VM_LOCKONFAULT : 0));
	if (c.mm)
		vm_exit(&c);
	return r;
}

int pmm_munlock(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		uint64_t len)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_munlock(&c, addr, len);
	vm_exit(&c);
	return r;
}

int pmm_mlockall(struct pmm_sim *sim, pmm_pid_t tid, int flags)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_mlockall(&c, flags);
	if (c.mm)
		vm_exit(&c);
	return r;
}

int pmm_munlockall(struct pmm_sim *sim, pmm_pid_t tid)
{
	struct vm_ctx c;
	int r;

	VM_ENTER(sim, tid, c);
	r = vm_munlockall(&c);
	vm_exit(&c);
	return r;
}

/* ---- another process's memory (spec 02 §6) ----------------------------------- */

#define UIO_MAXIOV 1024

/*
 * access_remote_vm(): move @n bytes between the caller's memory at @la and
 * @p's at @ra, a page of the remote side at a time; a foreign access
 * ignores the target's PKRU.  Returns the bytes moved.
 */
static uint64_t remote_copy(struct vm_ctx *lc, struct process *p, uint64_t la,
			    uint64_t ra, uint64_t n, bool write, bool *fault)
{
	struct vm_ctx rc = { .sim = lc->sim, .proc = p, .task = NULL,
			     .mm = p->mm };
	uint8_t tmp[4096];
	uint64_t done = 0;

	while (done < n) {
		uint64_t chunk = PAGE_SIZE - ((ra + done) & ~PAGE_MASK);
		struct pmm_access_result r1, r2;

		if (chunk > n - done)
			chunk = n - done;
		if (write) {
			vm_access(lc, la + done, chunk, PMM_ACCESS_READ, NULL, tmp,
				  0, &r1);
			if (r1.status || !lc->mm)
				break;
			vm_access(&rc, ra + done, chunk,
				  PMM_ACCESS_WRITE | VM_GUP, tmp, NULL, 0, &r2);
		} else {
			vm_access(&rc, ra + done, chunk,
				  PMM_ACCESS_READ | VM_GUP, NULL, tmp, 0, &r2);
			if (r2.status)
				break;
			vm_access(lc, la + done, chunk, PMM_ACCESS_WRITE, tmp, NULL,
				  0, &r1);
			r2 = r1;
		}
		if (r2.status || !rc.mm || !lc->mm)
			break;
		done += chunk;
	}
	*fault = done < n;
	return done;
}

static int64_t process_vm_rw(struct pmm_sim *sim, pmm_pid_t tid,
			     pmm_pid_t pid, const struct pmm_iovec *lvec,
			     unsigned long liovcnt, const struct pmm_iovec *rvec,
			     unsigned long riovcnt, unsigned long flags,
			     bool write)
{
	uint64_t total = 0, ltotal = 0, rtotal = 0, li = 0, loff = 0;
	struct process *p;
	struct vm_ctx c;
	int err;

	VM_ENTER(sim, tid, c);
	if (flags)
		return -EINVAL;
	if (liovcnt > UIO_MAXIOV || riovcnt > UIO_MAXIOV)
		return -EINVAL;
	if ((liovcnt && !lvec) || (riovcnt && !rvec))
		return -EFAULT;
	for (unsigned long i = 0; i < liovcnt; i++) {
		if (lvec[i].len > INT64_MAX - ltotal)
			return -EINVAL;
		ltotal += lvec[i].len;
	}
	for (unsigned long i = 0; i < riovcnt; i++) {
		if (rvec[i].len > INT64_MAX - rtotal)
			return -EINVAL;
		rtotal += rvec[i].len;
	}
	if (!ltotal)
		return 0;
	p = pid > 0 ? process_lookup(sim, pid) : NULL;
	if (!p || !p->mm)
		return -ESRCH;
	/* mm_access(PTRACE_MODE_ATTACH_REALCREDS): the two-check rule,
	 * EACCES reported as EPERM */
	if (p != c.proc) {
		err = task_gate(sim, write ? GATE_PROCESS_VM_WRITEV :
				GATE_PROCESS_VM_READV, c.task, p);
		if (err)
			return err == -EACCES ? -EPERM : err;
	}
	for (unsigned long ri = 0; ri < riovcnt && li < liovcnt; ri++) {
		uint64_t roff = 0;

		while (roff < rvec[ri].len && li < liovcnt) {
			uint64_t n = rvec[ri].len - roff, got;
			bool fault;

			if (n > lvec[li].len - loff)
				n = lvec[li].len - loff;
			got = remote_copy(&c, p, lvec[li].base + loff,
					  rvec[ri].base + roff, n, write, &fault);
			total += got;
			roff += got;
			loff += got;
			if (fault)
				return total ? (int64_t)total : -EFAULT;
			if (loff == lvec[li].len) {
				li++;
				loff = 0;
			}
		}
	}
	return (int64_t)total;
}

/* process_madvise_remote_valid() */
static bool madvise_remote_valid(int advice)
{
	return advice == MADV_COLD || advice == MADV_PAGEOUT ||
	       advice == MADV_WILLNEED || advice == MADV_COLLAPSE;
}

int64_t pmm_process_madvise(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t pid,
			    const struct pmm_iovec *vec, unsigned long vlen,
			    int advice, unsigned int flags)
{
	struct vm_ctx c, rc;
	struct process *p;
	uint64_t total = 0, done = 0;
	int err = 0;

	VM_ENTER(sim, tid, c);
	if (flags)
		return -EINVAL;
	/* import_iovec() */
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	if (vlen && !vec)
		return -EFAULT;
	for (unsigned long i = 0; i < vlen; i++) {
		if (vec[i].len > INT64_MAX - total)
			return -EINVAL;
		total += vec[i].len;
	}
	p = pid > 0 ? process_lookup(sim, pid) : NULL;
	if (!p || !p->mm)
		return -ESRCH;
	rc = c;
	if (p != c.proc) {
		/* mm_access() (the right), then the remote advice rule, then
		 * the privilege (Linux: CAP_SYS_NICE) */
		err = task_gate(sim, GATE_PROCESS_MADVISE, c.task, p);
		if (err == -EACCES)
			return err;
		if (!madvise_remote_valid(advice))
			return -EINVAL;
		if (err)
			return err;
		rc = (struct vm_ctx){ .sim = sim, .proc = p, .task = NULL,
				      .mm = p->mm };
	}
	/* vector_madvise(): stop at the first range that fails */
	for (unsigned long i = 0; i < vlen; i++) {
		err = vm_madvise(&rc, vec[i].base, vec[i].len, advice);
		if (err < 0 || !rc.mm)
			break;
		done += vec[i].len;
	}
	if (rc.mm)
		vm_exit(&rc);
	return done ? (int64_t)done : err;
}

int64_t pmm_process_vm_readv(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t pid,
			     const struct pmm_iovec *lvec, unsigned long liovcnt,
			     const struct pmm_iovec *rvec, unsigned long riovcnt,
			     unsigned long flags)
{
	return process_vm_rw(sim, tid, pid, lvec, liovcnt, rvec, riovcnt, flags,
			     false);
}

int64_t pmm_process_vm_writev(struct pmm_sim *sim, pmm_pid_t tid,
			      pmm_pid_t pid, const struct pmm_iovec *lvec,
			      unsigned long liovcnt,
			      const struct pmm_iovec *rvec,
			      unsigned long riovcnt, unsigned long flags)
{
	return process_vm_rw(sim, tid, pid, lvec, liovcnt, rvec, riovcnt, flags,
			     true);
}

/* mem_rw() of /proc/<pid>/mem: the target's bytes at @addr. */
long vm_mem_rw(struct pmm_sim *sim, struct process *p, uint64_t addr,
	       void *buf, size_t size, bool write)
{
	struct vm_ctx rc = { .sim = sim, .proc = p, .task = NULL, .mm = p->mm };
	uint64_t done = 0;

	if (!p->mm || !size)
		return 0;
	while (done < size) {
		uint64_t chunk = PAGE_SIZE - ((addr + done) & ~PAGE_MASK);
		struct pmm_access_result r;

		if (chunk > size - done)
			chunk = size - done;
		/* access_remote_vm() with FOLL_FORCE */
		vm_access(&rc, addr + done, chunk,
			  (write ? PMM_ACCESS_WRITE : PMM_ACCESS_READ) | VM_GUP |
			  VM_GUP_FORCE,
			  write ? (const uint8_t *)buf + done : NULL,
			  write ? NULL : (uint8_t *)buf + done, 0, &r);
		done += r.done;
		if (r.status || !rc.mm)
			break;
	}
	return done ? (long)done : -EIO;
}
