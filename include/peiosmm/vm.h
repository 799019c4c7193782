/* SPDX-License-Identifier: MIT */
/*
 * peiosmm/vm.h - address-space calls: mmap, munmap, mprotect, mremap, brk,
 * madvise, mseal, msync, PR_SET_VMA_ANON_NAME, exec, and VMA queries.
 *
 * Each call is made by thread @tid and acts on its process's address
 * space with Linux 6.x semantics in the linux profile and the Peios rules
 * (W^X, MAP_SEALABLE, MAP_UNINITIALIZED, ...) in the peios profiles.
 * Arguments and flags take Linux x86-64 values.  Calls returning an
 * address return it as a non-negative int64_t, or a negative errno.  A
 * failed call leaves the address space as Linux leaves it.
 */
#ifndef PEIOSMM_VM_H
#define PEIOSMM_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"
#include "task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Peios-only mmap flag (spec 11 §6); mainline Linux has none. */
#define PMM_MAP_SEALABLE	0x8000000u
/* KACS PSB mitigation bits (spec 02 §3a) */
#define PMM_MIT_WXP		0x001u
#define PMM_MIT_TLP		0x002u
#define PMM_MIT_LSV		0x004u
#define PMM_MIT_ALL		0x3ffu

/**
 * pmm_mmap() - mmap(@addr, @len, @prot, @flags, @fd, @off)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: hint, or the address with MAP_FIXED / MAP_FIXED_NOREPLACE
 * @len: bytes (rounded up to pages)
 * @prot: PROT_* bits
 * @flags: MAP_* bits (PMM_MAP_SEALABLE in the peios profiles)
 * @fd: file descriptor; ignored with MAP_ANONYMOUS (there are no files
 *      yet, so any other mapping fails with -EBADF)
 * @off: file offset, page aligned
 *
 * Return: the address, or -EINVAL, -EBADF, -EACCES, -EEXIST, -ENOMEM,
 * -EPERM, -EAGAIN, -EOVERFLOW, -ESRCH (@tid is not a live thread).
 */
PMM_API int64_t pmm_mmap(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
			 uint64_t len, uint32_t prot, uint32_t flags, int fd,
			 uint64_t off);

/**
 * pmm_munmap() - munmap(@addr, @len)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: > 0, rounded up; unmapping nothing is not an error
 * Return: 0, -EINVAL, -ENOMEM (a split over max_map_count), -EPERM (seal).
 */
PMM_API int pmm_munmap(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		       uint64_t len);

/**
 * pmm_mprotect() - mprotect(@addr, @len, @prot)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: rounded up; 0 succeeds without effect
 * @prot: PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM, optionally with one of
 *        PROT_GROWSDOWN, PROT_GROWSUP
 * Return: 0, -EINVAL, -ENOMEM (hole, or max_map_count), -EACCES (VM_MAY*
 * or W^X), -EPERM (seal).  As Linux, VMAs before a hole keep the change.
 */
PMM_API int pmm_mprotect(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
			 uint64_t len, uint32_t prot);

/**
 * pmm_mremap() - mremap(@old, @old_len, @new_len, @flags, @new_addr)
 * @sim: the machine
 * @tid: the calling thread
 * @old: page aligned start of the old range
 * @old_len: bytes (0 duplicates a shared mapping)
 * @new_len: bytes
 * @flags: MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP
 * @new_addr: with MREMAP_FIXED
 * Return: the new address, or -EINVAL, -ENOMEM, -EFAULT, -EPERM, -EAGAIN.
 */
PMM_API int64_t pmm_mremap(struct pmm_sim *sim, pmm_pid_t tid, uint64_t old,
			   uint64_t old_len, uint64_t new_len, uint32_t flags,
			   uint64_t new_addr);

/**
 * pmm_remap_file_pages() - remap_file_pages(@start, @size, @prot, @pgoff,
 * @flags), deprecated since Linux 3.16 and emulated as it is there
 * @sim: the machine
 * @tid: the calling thread
 * @start: an address inside a shared file (or shared anonymous) mapping;
 *         rounded down to a page
 * @size: bytes, rounded down to pages; the range may cross VMAs of the
 *        same file with the same flags, but no hole
 * @prot: must be 0
 * @pgoff: the file page that @start shows afterwards
 * @flags: only MAP_NONBLOCK counts (no populate); other bits are ignored
 *
 * The range is mapped again with mmap(MAP_FIXED|MAP_SHARED|MAP_POPULATE)
 * of the same open file at @pgoff, with the mapping's protection (and
 * MAP_LOCKED when it is locked), so its VMA is split.  The first call on
 * a machine emits the event vm_deprecated_syscall (pr_warn_once()).
 *
 * Return: 0; -EINVAL for @prot, a wrapping range or @pgoff, a range that
 * is not one shared file mapping; what the mmap gives (-EPERM sealed,
 * -ENOMEM, -EAGAIN, -EACCES); -ESRCH for a bad @tid.
 */
PMM_API int pmm_remap_file_pages(struct pmm_sim *sim, pmm_pid_t tid,
				 uint64_t start, uint64_t size, uint64_t prot,
				 uint64_t pgoff, uint64_t flags);

/**
 * pmm_brk() - the raw brk(@addr) system call
 * @sim: the machine
 * @tid: the calling thread
 * @addr: the new break; 0 (or any refused value) just reads it
 * Return: the break after the call (the old one when refused, as Linux),
 * or -ESRCH / -EINVAL for a bad @tid or @sim.
 */
PMM_API int64_t pmm_brk(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr);

/**
 * pmm_madvise() - madvise(@addr, @len, @advice)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: rounded up
 * @advice: MADV_* (Linux values)
 *
 * The advices that set VMA flags take full effect; those acting on pages
 * validate and apply what the VMA layer owns.
 *
 * Return: 0, -EINVAL, -ENOMEM (a hole: the mapped parts are still
 * advised), -EPERM (seal, or a privileged advice), -EAGAIN.
 */
PMM_API int pmm_madvise(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
			uint64_t len, int advice);

/**
 * pmm_mseal() - mseal(@addr, @len, @flags)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: rounded up; 0 succeeds
 * @flags: must be 0
 * Return: 0, -EINVAL (flags, alignment, not MAP_SEALABLE in peios),
 * -ENOMEM (a hole: nothing sealed), -ENOSYS (legacy-kernel machine).
 */
PMM_API int pmm_mseal(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		      uint64_t len, uint64_t flags);

/**
 * pmm_msync() - msync(@addr, @len, @flags): validation and the range walk
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: rounded up
 * @flags: MS_ASYNC, MS_SYNC (not both), MS_INVALIDATE
 * Return: 0, -EINVAL, -ENOMEM (unmapped part), -EBUSY (MS_INVALIDATE on
 * a locked range).
 */
PMM_API int pmm_msync(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		      uint64_t len, int flags);

/**
 * pmm_set_vma_anon_name() - prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, ...)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: rounded up
 * @name: the name (at most 79 bytes of printable characters, none of
 *        "\\`$[]"), or NULL to clear it
 * Return: 0, -EINVAL, -ENOMEM (a hole), -EBADF (a file mapping).
 */
PMM_API int pmm_set_vma_anon_name(struct pmm_sim *sim, pmm_pid_t tid,
				  uint64_t addr, uint64_t len,
				  const char *name);

/**
 * pmm_set_mitigations() - kacs_set_psb(@target, @flags): OR mitigation
 * bits into a process's PSB (spec 02 §3a)
 * @sim: the machine
 * @tid: the calling thread
 * @target: pid of the process, 0 for the caller's; its own needs no right
 * @flags: PMM_MIT_* bits; they can never be cleared
 * Return: 0, -EINVAL (unknown bits, negative @target), -ESRCH, -EACCES
 * (two-check rule), or -EPERM when WXP is refused because a W+X mapping
 * exists (KACS).
 */
PMM_API int pmm_set_mitigations(struct pmm_sim *sim, pmm_pid_t tid,
				pmm_pid_t target, uint32_t flags);

/**
 * pmm_get_mitigations() - the PSB mitigation bits of process @pid
 * @sim: the machine
 * @pid: the process
 * Return: the bits (>= 0) or -ESRCH.
 */
PMM_API int pmm_get_mitigations(struct pmm_sim *sim, pmm_pid_t pid);

/**
 * struct pmm_image - a binary for pmm_exec()
 * @name:      path the text and data mappings show in maps
 * @text:      bytes of the read+exec segment (> 0)
 * @data:      bytes of the initialised read+write segment
 * @bss:       bytes of zero-initialised data after it
 * @pie:       position independent: loaded at a (randomised) base
 * @link_base: load address of a non-PIE binary (0 = 0x400000)
 * @seal_system_mappings: the loader seals [vdso]/[vvar] (spec 11 §8)
 */
struct pmm_image {
	const char *name;
	uint64_t text;
	uint64_t data;
	uint64_t bss;
	bool pie;
	uint64_t link_base;
	bool seal_system_mappings;
};

/**
 * pmm_exec() - execve() of @img by thread @tid
 * @sim: the machine
 * @tid: the calling thread (the process's other threads end)
 * @img: the binary
 *
 * Replaces the address space: a new layout (ASLR by
 * kernel.randomize_va_space, the seeded generator), the text, data and bss
 * mappings, the heap start, the stack with its guard gap, [vvar],
 * [vvar_vclock] and [vdso].  Mitigation bits survive; mlockall(MCL_FUTURE)
 * does not.
 *
 * Return: 0, -EINVAL (bad image), -ENOMEM, -ESRCH.
 */
PMM_API int pmm_exec(struct pmm_sim *sim, pmm_pid_t tid,
		     const struct pmm_image *img);

/**
 * struct pmm_vma_info - one VMA as a query returns it
 * @start, @end: the range
 * @prot:        PROT_* bits in effect
 * @flags:       Linux VM_* flag bits (as smaps VmFlags shows them)
 * @pgoff:       file offset in pages (for anonymous memory see Linux)
 * @shared:      VM_SHARED
 * @name:        what maps shows in the name column ("" if nothing)
 */
struct pmm_vma_info {
	uint64_t start, end;
	uint32_t prot;
	uint64_t flags;
	uint64_t pgoff;
	bool shared;
	char name[96];
};

/**
 * pmm_vma_query() - the first VMA ending above @addr in process @pid
 * (find_vma())
 * @sim:  the machine
 * @pid:  the process
 * @addr: an address
 * @out:  receives the VMA
 * Return: 0, -ENOENT (none above @addr), -ESRCH.
 */
PMM_API int pmm_vma_query(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
			  struct pmm_vma_info *out);

/**
 * pmm_vma_count() - number of VMAs of process @pid (its map_count)
 * @sim: the machine
 * @pid: the process
 * Return: the count, or -ESRCH.
 */
PMM_API long pmm_vma_count(struct pmm_sim *sim, pmm_pid_t pid);

/**
 * struct pmm_mm_layout - where an address space's regions are
 */
struct pmm_mm_layout {
	uint64_t task_size;
	uint64_t mmap_base;
	uint64_t mmap_legacy_base;
	bool topdown;
	uint64_t stack_top;
	uint64_t start_stack;
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk;
	uint64_t vdso;
};

/**
 * pmm_mm_layout() - the layout of process @pid
 * @sim: the machine
 * @pid: the process
 * @out: receives it
 * Return: 0 or -ESRCH.
 */
PMM_API int pmm_mm_layout(struct pmm_sim *sim, pmm_pid_t pid,
			  struct pmm_mm_layout *out);

/* ---- touching memory ------------------------------------------------------ */

/* Signals and si_code values an access can raise (Linux x86-64 values). */
#define PMM_SIGBUS		7
#define PMM_SIGSEGV		11
#define PMM_SEGV_MAPERR		1
#define PMM_SEGV_ACCERR		2
#define PMM_SEGV_PKUERR		4
#define PMM_BUS_ADRERR		2
#define PMM_BUS_OBJERR		3
#define PMM_SI_KERNEL		0x80	/* general protection (non-canonical) */

/** enum pmm_access_kind - what the CPU does */
enum pmm_access_kind {
	PMM_ACCESS_READ,	/* load */
	PMM_ACCESS_WRITE,	/* store */
	PMM_ACCESS_EXEC,	/* instruction fetch */
};

/**
 * struct pmm_access_result - how an access ended
 * @status: 0 all bytes accessed; PMM_ACCESS_SIGNAL a signal was raised;
 *          PMM_ACCESS_KILLED the process was killed while faulting
 * @signo:  with PMM_ACCESS_SIGNAL: PMM_SIGSEGV or PMM_SIGBUS
 * @code:   si_code (PMM_SEGV_*, PMM_BUS_*, PMM_SI_KERNEL)
 * @addr:   the faulting address (si_addr)
 * @done:   bytes accessed before the fault
 * @pkey:   with PMM_SEGV_PKUERR: si_pkey, the region's key
 */
struct pmm_access_result {
	int status;
	int signo;
	int code;
	int pkey;
	uint64_t addr;
	uint64_t done;
};

#define PMM_ACCESS_SIGNAL	1
#define PMM_ACCESS_KILLED	2

/**
 * pmm_access() - thread @tid loads, stores or fetches [@addr, @addr + @len)
 * @sim: the machine
 * @tid: the accessing thread
 * @addr: first byte
 * @len: bytes (0 touches nothing)
 * @kind: enum pmm_access_kind
 * @buf: PMM_ACCESS_WRITE: the bytes stored (NULL: the page contents change
 *       to new bulk content, as a trace replay that records no values);
 *       PMM_ACCESS_READ: receives the bytes (may be NULL); unused for EXEC
 * @res: receives the outcome
 *
 * Pages are faulted in as the CPU would fault them: demand zero (a read
 * maps the shared zero page), copy-on-write, stack growth below a
 * VM_GROWSDOWN stack within RLIMIT_STACK and the guard gap.
 *
 * Return: 0 with @res filled (a signal is a result, not an error), or
 * -EINVAL / -ESRCH for a bad call.
 */
PMM_API int pmm_access(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		       uint64_t len, enum pmm_access_kind kind, void *buf,
		       struct pmm_access_result *res);

/**
 * pmm_fill() - thread @tid stores @len copies of the byte @value at @addr
 * @sim: the machine
 * @tid: the storing thread
 * @addr: first byte
 * @len: bytes
 * @value: the byte
 * @res: receives the outcome
 * Return: as pmm_access().
 */
PMM_API int pmm_fill(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		     uint64_t len, uint8_t value,
		     struct pmm_access_result *res);

/**
 * pmm_check() - does every byte of [@addr, @addr + @len) read @value?
 * @sim: the machine
 * @tid: the reading thread (the reads fault pages in like loads)
 * @addr: first byte
 * @len: bytes
 * @value: the expected byte
 * @res: receives the outcome of the reads
 * Return: 1 every byte matched, 0 one did not (or a signal stopped the
 * reads), -EINVAL / -ESRCH for a bad call.
 */
PMM_API int pmm_check(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		      uint64_t len, uint8_t value,
		      struct pmm_access_result *res);

/* ---- another process's memory (spec 02 §6) --------------------------------- */

/** struct pmm_iovec - one range of simulated memory */
struct pmm_iovec {
	uint64_t base;
	uint64_t len;
};

/**
 * pmm_process_vm_readv() - process_vm_readv(@pid, @lvec, @liovcnt, @rvec,
 * @riovcnt, @flags) by thread @tid: copy from @pid's memory into the
 * caller's
 * @sim: the machine
 * @tid: the calling thread
 * @pid: the target process (the caller's own needs no right)
 * @lvec: ranges of the caller's memory
 * @liovcnt: their number, at most 1024
 * @rvec: ranges of the target's memory
 * @riovcnt: their number, at most 1024
 * @flags: must be 0
 *
 * Needs PROCESS_VM_READ on the target's SD (SeDebugPrivilege bypasses
 * it) and PIP dominance (spec 02 rules 29, 33).
 *
 * Return: the bytes copied (a fault ends the copy), -EINVAL, -ESRCH,
 * -EPERM, -EFAULT (nothing copied).
 */
PMM_API int64_t pmm_process_vm_readv(struct pmm_sim *sim, pmm_pid_t tid,
				     pmm_pid_t pid,
				     const struct pmm_iovec *lvec,
				     unsigned long liovcnt,
				     const struct pmm_iovec *rvec,
				     unsigned long riovcnt, unsigned long flags);

/**
 * pmm_process_vm_writev() - process_vm_writev(): copy the caller's memory
 * into @pid's (PROCESS_VM_WRITE, spec 02 rule 30)
 * @sim: the machine
 * @tid: the calling thread
 * @pid: the target process
 * @lvec: ranges of the caller's memory
 * @liovcnt: their number
 * @rvec: ranges of the target's memory
 * @riovcnt: their number
 * @flags: must be 0
 * Return: as pmm_process_vm_readv().
 */
PMM_API int64_t pmm_process_vm_writev(struct pmm_sim *sim, pmm_pid_t tid,
				      pmm_pid_t pid,
				      const struct pmm_iovec *lvec,
				      unsigned long liovcnt,
				      const struct pmm_iovec *rvec,
				      unsigned long riovcnt,
				      unsigned long flags);

/**
 * pmm_process_madvise() - process_madvise(2): madvise() over the ranges
 * @vec of @pid's memory
 * @sim:    the machine
 * @tid:    the calling thread
 * @pid:    the target process (the caller's own pid: any advice)
 * @vec:    the ranges
 * @vlen:   their number (at most 1024)
 * @advice: MADV_*; on another process only MADV_COLD, MADV_PAGEOUT,
 *          MADV_WILLNEED and MADV_COLLAPSE (else -EINVAL, spec 02
 *          rule 32)
 * @flags:  must be 0
 *
 * Another process needs PROCESS_VM_WRITE and PIP dominance in the peios
 * profiles (-EACCES; spec 02 rule 31), PTRACE_MODE_READ and CAP_SYS_NICE
 * (SeIncreaseBasePriorityPrivilege: -EPERM) in linux.
 *
 * Return: the bytes of the ranges advised before the first that failed,
 * or that range's error when it is the first; -ESRCH, -EINVAL, -EFAULT.
 */
PMM_API int64_t pmm_process_madvise(struct pmm_sim *sim, pmm_pid_t tid,
				    pmm_pid_t pid, const struct pmm_iovec *vec,
				    unsigned long vlen, int advice,
				    unsigned int flags);

/* ---- moving pages between nodes (spec 05 §5) ------------------------------------ */

#define PMM_MPOL_MF_MOVE	(1 << 1)
#define PMM_MPOL_MF_MOVE_ALL	(1 << 2)

/**
 * pmm_move_pages() - move_pages(2): where pages of @pid are, or move them
 * @sim:    the machine
 * @tid:    the calling thread
 * @pid:    the target process (0: the caller's)
 * @count:  pages
 * @pages:  their addresses
 * @nodes:  the node each should move to, or NULL to only ask
 * @status: receives, per page, its node or a negative errno (-EFAULT: no
 *          mapping that migrates, or the zero page; -ENOENT: not present;
 *          -EACCES: shared with another mapping and no PMM_MPOL_MF_MOVE_ALL)
 * @flags:  PMM_MPOL_MF_MOVE or PMM_MPOL_MF_MOVE_ALL (which needs the
 *          privilege of the gate move_pages_move_all)
 *
 * Another process needs what the gate move_pages_other says (spec 05
 * rule 14).  A page keeps its content, its locks and its place in every
 * mapping, the page cache and the swap cache.
 *
 * Return: 0, or the number of pages not moved when a move failed (the
 * rest are not tried); -EINVAL, -EPERM, -ESRCH, -EFAULT, -ENODEV (a node
 * without memory).
 */
PMM_API int64_t pmm_move_pages(struct pmm_sim *sim, pmm_pid_t tid,
			       pmm_pid_t pid, unsigned long count,
			       const uint64_t *pages, const int *nodes,
			       int *status, int flags);

/**
 * pmm_migrate_pages() - migrate_pages(2): every page of @pid on a node of
 * @old_nodes moves to the node of the same rank in @new_nodes
 * @sim:       the machine
 * @tid:       the calling thread
 * @pid:       the target process (0: the caller's)
 * @maxnode:   bits in the masks, plus one (as the system call counts)
 * @old_nodes: node mask (bit n = node n)
 * @new_nodes: node mask
 *
 * Pages shared with another mapping move only with the privilege of the
 * gate migrate_shared_pages; another process needs the gate
 * migrate_pages_other.
 *
 * Return: the number of pages that could not be moved (0: all), or
 * -EINVAL, -EPERM, -ESRCH, -EFAULT.
 */
PMM_API int64_t pmm_migrate_pages(struct pmm_sim *sim, pmm_pid_t tid,
				  pmm_pid_t pid, unsigned long maxnode,
				  const uint64_t *old_nodes,
				  const uint64_t *new_nodes);

/* ---- page placement ---------------------------------------------------------- */

/**
 * struct pmm_placement_ctx - what a placement policy sees of a page fault
 * @pid:       the faulting process (0: the kernel, e.g. a page-cache fill)
 * @tid:       the faulting thread (0: as @pid)
 * @cpu:       the CPU the kernel runs on (the calling thread's)
 * @local_nid: that CPU's node
 * @nr_nodes:  nodes of the machine (node ids are 0 .. @nr_nodes - 1)
 * @addr:      the faulting user address (0 for a page-cache page)
 * @pgoff:     the page's index in its object (anonymous: in its VMA's
 *             linear space, as the rmap counts it)
 * @anon:      an anonymous page (else a file or shmem page)
 */
struct pmm_placement_ctx {
	pmm_pid_t pid;
	pmm_pid_t tid;
	unsigned int cpu;
	int local_nid;
	unsigned int nr_nodes;
	uint64_t addr;
	uint64_t pgoff;
	bool anon;
};

/**
 * struct pmm_placement_ops - a NUMA placement policy: the node a new user
 * or page-cache page is allocated from (the default policy under every
 * memory policy; allocation falls back by distance from that node)
 * @name: how pmm_placement_find() and the machine's placement= find it
 * @node: the preferred node; a value outside 0 .. nr_nodes - 1 means the
 *        local node
 */
struct pmm_placement_ops {
	const char *name;
	int (*node)(void *priv, const struct pmm_placement_ctx *ctx);
};

/**
 * pmm_placement_find() - a built-in policy by name: "local" (the node of
 * the CPU the faulting thread runs on: Linux's default, MPOL_LOCAL) or
 * "interleave" (page index modulo the number of nodes, as MPOL_INTERLEAVE
 * spreads a mapping)
 * @name: the name
 * Return: the policy, or NULL.
 */
PMM_API const struct pmm_placement_ops *pmm_placement_find(const char *name);

/**
 * pmm_set_placement() - install a placement policy (built in or the
 * caller's; @ops and @priv must outlive the machine or the next call)
 * @sim:  the machine
 * @ops:  the policy; NULL restores "local"
 * @priv: passed to @ops->node
 * Return: 0 or -EINVAL (a NULL machine, or @ops without a node function).
 */
PMM_API int pmm_set_placement(struct pmm_sim *sim,
			      const struct pmm_placement_ops *ops, void *priv);

/* ---- locking memory (spec 13) --------------------------------------------- */

#define PMM_MLOCK_ONFAULT	0x01
#define PMM_MCL_CURRENT		1
#define PMM_MCL_FUTURE		2
#define PMM_MCL_ONFAULT		4

/**
 * pmm_mlock() - mlock(@addr, @len): lock and fault in the range
 * @sim: the machine
 * @tid: the calling thread
 * @addr: rounded down to a page
 * @len: rounded up with it
 *
 * The quota is RLIMIT_MEMLOCK; SeLockMemoryPrivilege (CAP_IPC_LOCK in the
 * linux profile) lifts it and is marked used only when it was needed.
 *
 * Return: 0, -ENOMEM (a hole, max_map_count; linux: over the limit),
 * -EAGAIN (peios: over the quota), -EPERM (linux: a zero limit), -EINVAL.
 */
PMM_API int pmm_mlock(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		      uint64_t len);

/**
 * pmm_mlock2() - mlock2(@addr, @len, @flags)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: as pmm_mlock()
 * @len: as pmm_mlock()
 * @flags: 0 or PMM_MLOCK_ONFAULT (lock pages as they fault in)
 * Return: as pmm_mlock(), -EINVAL for an unknown flag.
 */
PMM_API int pmm_mlock2(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		       uint64_t len, unsigned int flags);

/**
 * pmm_munlock() - munlock(@addr, @len)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: as pmm_mlock()
 * @len: as pmm_mlock()
 * Return: 0, -ENOMEM (a hole), -EINVAL.
 */
PMM_API int pmm_munlock(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
			uint64_t len);

/**
 * pmm_mlockall() - mlockall(@flags)
 * @sim: the machine
 * @tid: the calling thread
 * @flags: PMM_MCL_CURRENT and/or PMM_MCL_FUTURE, optionally PMM_MCL_ONFAULT
 * Return: 0, -EINVAL, -ENOMEM / -EAGAIN (over the quota), -EPERM.
 */
PMM_API int pmm_mlockall(struct pmm_sim *sim, pmm_pid_t tid, int flags);

/**
 * pmm_munlockall() - munlockall(): unlock everything, clear MCL_FUTURE
 * @sim: the machine
 * @tid: the calling thread
 * Return: 0 or -ESRCH.
 */
PMM_API int pmm_munlockall(struct pmm_sim *sim, pmm_pid_t tid);

/* ---- protection keys (spec 14) ------------------------------------------- */

#define PMM_PKEY_DISABLE_ACCESS	0x1u
#define PMM_PKEY_DISABLE_WRITE	0x2u

/**
 * pmm_pkey_alloc() - pkey_alloc(@flags, @rights) by thread @tid
 * @sim: the machine
 * @tid: the calling thread (its PKRU gets @rights for the new key)
 * @flags: must be 0
 * @rights: 0, PMM_PKEY_DISABLE_ACCESS and/or PMM_PKEY_DISABLE_WRITE
 * Return: the key (1..15), -EINVAL, -ENOSPC (all used), -ENOSYS (a machine
 * without pkeys, peios profiles), -ESRCH.
 */
PMM_API int pmm_pkey_alloc(struct pmm_sim *sim, pmm_pid_t tid,
			   unsigned int flags, unsigned int rights);

/**
 * pmm_pkey_free() - pkey_free(@pkey)
 * @sim: the machine
 * @tid: the calling thread
 * @pkey: a key of the caller's process
 * Return: 0, -EINVAL (not allocated; key 0 in the peios profiles),
 * -ENOSYS, -ESRCH.
 */
PMM_API int pmm_pkey_free(struct pmm_sim *sim, pmm_pid_t tid, int pkey);

/**
 * pmm_pkey_mprotect() - pkey_mprotect(@addr, @len, @prot, @pkey)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: as pmm_mprotect()
 * @len: as pmm_mprotect()
 * @prot: as pmm_mprotect()
 * @pkey: an allocated key, or -1 (plain mprotect)
 * Return: as pmm_mprotect(), -EINVAL for a key not allocated, -ENOSYS.
 */
PMM_API int pmm_pkey_mprotect(struct pmm_sim *sim, pmm_pid_t tid,
			      uint64_t addr, uint64_t len, uint32_t prot,
			      int pkey);

/**
 * pmm_wrpkru() - the WRPKRU instruction on thread @tid (no system call)
 * @sim: the machine
 * @tid: the thread
 * @pkru: the new value (bit 2k: access-disable of key k, 2k+1: write)
 * Return: 0, -EINVAL (no pkeys: the instruction faults), -ESRCH.
 */
PMM_API int pmm_wrpkru(struct pmm_sim *sim, pmm_pid_t tid, uint32_t pkru);

/**
 * pmm_rdpkru() - the RDPKRU instruction on thread @tid
 * @sim: the machine
 * @tid: the thread
 * Return: the PKRU value (>= 0), -EINVAL (no pkeys), -ESRCH.
 */
PMM_API int64_t pmm_rdpkru(struct pmm_sim *sim, pmm_pid_t tid);

/**
 * pmm_mincore() - mincore(@addr, @len, @vec)
 * @sim: the machine
 * @tid: the calling thread
 * @addr: page aligned
 * @len: bytes (rounded up to pages)
 * @vec: receives one byte per page: 1 resident, 0 not
 * Return: 0, -EINVAL (alignment), -ENOMEM (a page of the range is not
 * mapped), -EFAULT (@vec NULL with @len > 0), -ESRCH.
 */
PMM_API int pmm_mincore(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
			uint64_t len, uint8_t *vec);

/**
 * struct pmm_mm_stats - the page-level counters of an address space, as
 * /proc/<pid>/status reports them (in pages unless said otherwise)
 */
struct pmm_mm_stats {
	uint64_t rss_anon, rss_file, rss_shmem, swap_ents;
	uint64_t hiwater_rss, hiwater_vm;
	uint64_t total_vm, locked_vm, pinned_vm, data_vm, stack_vm, exec_vm;
	uint64_t pgtables_bytes;
	uint64_t min_flt, maj_flt;
};

/**
 * pmm_mm_stats() - the counters of process @pid
 * @sim: the machine
 * @pid: the process
 * @out: receives them
 * Return: 0, -ESRCH, -EINVAL.
 */
PMM_API int pmm_mm_stats(struct pmm_sim *sim, pmm_pid_t pid,
			 struct pmm_mm_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_VM_H */
