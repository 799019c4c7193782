/* SPDX-License-Identifier: MIT */
/*
 * vm/vm.h - address spaces: struct pmm_mm, struct vma (Linux's
 * vm_area_struct), the VM_* flags, and the operations of mm/mmap.c,
 * mm/vma.c, mm/mprotect.c, mm/mremap.c, mm/madvise.c and mm/mseal.c at the
 * VMA level.  Page-level effects (page tables, faults, rmap) belong to the
 * fault layer; this layer calls it through the hooks at the bottom.
 *
 * Ownership: an mm belongs to one process (no CLONE_VM between processes
 * yet).  A vma belongs to its mm and sits in mm->tree; every change to
 * the tree goes through vma.c, which keeps map_count, the VM counters
 * (total_vm, data_vm, exec_vm, stack_vm, locked_vm) and the commit charge
 * right.  vm_check_mm() verifies all of it.
 *
 * Errors follow the kernel: functions return 0, an address (a positive
 * int64_t below TASK_SIZE), or a negative errno, and a failed call leaves
 * the mm as Linux leaves it (unchanged, except where Linux keeps a partial
 * change, which each function documents).
 */
#ifndef PMM_VM_VM_H
#define PMM_VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <peiosmm/vm.h>

#include "alloc.h"
#include "compiler.h"
#include "vm/vma_tree.h"
#include "itree.h"
#include "sec/gate.h"

struct file;
struct sd;

struct pmm_sim;
struct process;
struct task;
struct pt_upper;
struct pmm_page;

#define PAGE_SHIFT	12
#define PAGE_SIZE	((uint64_t)1 << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)

/*
 * x86-64 layout constants.  TASK_SIZE is the end of the user range
 * (the last page below 2^47, or below 2^56 with la57 is never mappable);
 * DEFAULT_MAP_WINDOW the top of the default 47-bit window.
 */
#define TASK_SIZE_47		(((uint64_t)1 << 47) - PAGE_SIZE)
#define TASK_SIZE_56		(((uint64_t)1 << 56) - PAGE_SIZE)
#define DEFAULT_MAP_WINDOW	TASK_SIZE_47
#define SZ_128M			((uint64_t)128 << 20)
#define SZ_1G			((uint64_t)1 << 30)
#define SZ_2G			((uint64_t)2 << 30)

/*
 * VM flags.  The bit numbers are Linux 6.18 x86-64's, so smaps prints
 * "VmFlags:" mnemonics in the kernel's order (vm_flag_mnemonic()).
 */
#define VM_NONE		0ull
#define VM_READ		(1ull << 0)
#define VM_WRITE	(1ull << 1)
#define VM_EXEC		(1ull << 2)
#define VM_SHARED	(1ull << 3)
#define VM_MAYREAD	(1ull << 4)
#define VM_MAYWRITE	(1ull << 5)
#define VM_MAYEXEC	(1ull << 6)
#define VM_MAYSHARE	(1ull << 7)
#define VM_GROWSDOWN	(1ull << 8)
#define VM_UFFD_MISSING	(1ull << 9)
#define VM_PFNMAP	(1ull << 10)
#define VM_MAYBE_GUARD	(1ull << 11)	/* guard markers may be installed */
#define VM_UFFD_WP	(1ull << 12)
#define VM_LOCKED	(1ull << 13)
#define VM_IO		(1ull << 14)
#define VM_SEQ_READ	(1ull << 15)
#define VM_RAND_READ	(1ull << 16)
#define VM_DONTCOPY	(1ull << 17)
#define VM_DONTEXPAND	(1ull << 18)
#define VM_LOCKONFAULT	(1ull << 19)
#define VM_ACCOUNT	(1ull << 20)
#define VM_NORESERVE	(1ull << 21)
#define VM_HUGETLB	(1ull << 22)
#define VM_SYNC		(1ull << 23)
#define VM_ARCH_1	(1ull << 24)
#define VM_WIPEONFORK	(1ull << 25)
#define VM_DONTDUMP	(1ull << 26)
#define VM_SOFTDIRTY	(1ull << 27)
#define VM_MIXEDMAP	(1ull << 28)
#define VM_HUGEPAGE	(1ull << 29)
#define VM_NOHUGEPAGE	(1ull << 30)
#define VM_MERGEABLE	(1ull << 31)
#define VM_PKEY_SHIFT	32
#define VM_PKEY_BIT0	(1ull << 32)
#define VM_PKEY_BIT1	(1ull << 33)
#define VM_PKEY_BIT2	(1ull << 34)
#define VM_PKEY_BIT3	(1ull << 35)
#define VM_PKEY_MASK	(0xfull << VM_PKEY_SHIFT)
#define VM_SHADOW_STACK	(1ull << 37)
#define VM_DROPPABLE	(1ull << 40)
#define VM_UFFD_MINOR	(1ull << 41)
#define VM_SEALED	(1ull << 42)
/* Peios: created with MAP_SEALABLE (spec 11 §6); no smaps mnemonic. */
#define VM_SEALABLE	(1ull << 56)

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_MAY_FLAGS	(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
#define VM_STACK	VM_GROWSDOWN
#define VM_STACK_FLAGS	(VM_STACK | VM_READ | VM_WRITE | VM_MAYREAD |        \
			 VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT)
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD |             \
			       VM_MAYWRITE | VM_MAYEXEC)
#define VM_LOCKED_MASK	(VM_LOCKED | VM_LOCKONFAULT)
/*
 * Sticky flags describe the page tables, not the mapping: two VMAs that
 * differ only in them still merge, and the merged VMA keeps them all.
 */
#define VM_STICKY	(VM_SOFTDIRTY | VM_MAYBE_GUARD)
#define VM_IGNORE_MERGE	VM_STICKY
#define VM_UFFD_FLAGS	(VM_UFFD_MISSING | VM_UFFD_WP | VM_UFFD_MINOR)

/*
 * struct vm_file - an inode with its page cache: the identity maps prints
 * (device, inode, path), the size, the cached pages and the VMAs mapping
 * it.  Shared anonymous memory maps a shmem file "/dev/zero (deleted)" on
 * device 00:01, as Linux's shmem_zero_setup(); images, [vdso] and [vvar]
 * have their own; the files of the file system (src/pagecache/fs.c) add
 * a name, a security descriptor, a signature and on-disk content.
 */
struct shm_seg;

struct vm_file {
	unsigned long ref;
	uint64_t ino;
	uint64_t size;		/* bytes (i_size) */
	uint32_t dev_major, dev_minor;
	bool shmem;		/* anonymous shared memory */
	bool regular;		/* a file of the file system */
	bool unevictable;	/* mapping_unevictable(): SHM_LOCK */
	uint64_t charged;	/* shmem pages charged to the commit */
	struct shm_seg *shm_seg;	/* the SysV segment it backs, or NULL */
	void *pages;		/* radix of its cached pages by index */
	uint64_t nr_pages;
	struct itree_root i_mmap;	/* the VMAs mapping it, by pgoff */
	/* regular files only */
	struct rb_node fs_node;	/* in fs_state.by_path while linked */
	bool linked;
	bool is_signed;
	uint32_t sig_trust;
	uint32_t mode;
	struct sd *sd;
	uint64_t data_size;	/* bytes with on-disk content, zeroes past */
	uint64_t seed;		/* their bulk content; 0 = zeroes */
	struct itree_root holes;	/* punched page ranges: read as zero */
	char path[];		/* as maps prints it */
};

/* struct anon_vma_name - a refcounted PR_SET_VMA_ANON_NAME string */
struct anon_vma_name {
	unsigned long ref;
	size_t len;
	char name[];
};

/* A kernel-installed mapping: [vdso], [vvar], [vvar_vclock]. */
struct vm_special {
	const char *name;
	uint64_t pages;
	uint64_t flags;		/* VM_* */
};

/*
 * struct anon_vma - the reverse-map anchor of anonymous memory; VMAs that
 * share one may merge.  The fault layer hangs the rmap off it; the VMA
 * layer needs its identity for merging and @ref.
 */
struct anon_vma {
	unsigned long ref;
	struct itree_root rb;		/* struct avc.it, by pgoff range */
};

/*
 * struct avc - one link of a VMA's anon_vma chain (anon_vma_chain): the
 * VMA is in @av's tree under [vm_pgoff, vm_pgoff + pages - 1], so a page
 * of @av with index i is found in every VMA whose range holds i.
 */
struct avc {
	struct itree_node it;
	struct vma *vma;
	struct anon_vma *av;
	struct avc *next;		/* the VMA's chain */
};

/* Peios WXP history of a mapping (spec 02 §3a): ever writable / exec. */
#define VMA_WX_EVER_WRITE	0x1u
#define VMA_WX_EVER_EXEC	0x2u

/**
 * struct vma - one mapping (Linux's struct vm_area_struct)
 * @node:      tree links and [vm_start, vm_end) (vm/vma_tree.h)
 * @vm_flags:  VM_*
 * @vm_pgoff:  offset in the file, in pages; for private anonymous memory
 *             the address of the first page at mmap time >> PAGE_SHIFT
 * @vm_file:   the mapped file, NULL for private anonymous memory
 * @anon_name: PR_SET_VMA_ANON_NAME, or NULL
 * @special:   kernel-installed mapping (never merges), or NULL
 * @anon_vma:  reverse-map anchor, set at the first anonymous fault or
 *             guard installation (anon_vma_prepare()); merging needs
 *             compatible ones
 * @anon_multi: the anon_vma chain has more than one entry (a forked
 *             child's), which forbids merging with a VMA without one
 * @policy:    NUMA memory policy (mbind), NULL = process default
 * @uffd_ctx:  userfaultfd context the range is registered with, or NULL
 * @wx_hist:   VMA_WX_* (Peios WXP history rule)
 */
struct vma {
	struct vma_node node;
	uint64_t vm_flags;
	uint64_t vm_pgoff;
	struct vm_file *vm_file;
	struct file *vm_filp;		/* the open file it was mapped from */
	struct anon_vma_name *anon_name;
	const struct vm_special *special;
	struct anon_vma *anon_vma;
	bool anon_multi;	/* anon_vma chain not singular (forked) */
	bool in_i_mmap;
	void *policy;
	void *uffd_ctx;
	uint32_t wx_hist;
	struct pmm_mm *mm;
	struct avc *avcs;		/* the anon_vma chain */
	struct itree_node shared;	/* in vm_file->i_mmap */
};

static inline struct vma *node_vma(const struct vma_node *n)
{
	return (struct vma *)n;	/* node is the first member */
}

static inline uint64_t vma_start(const struct vma *v)
{
	return v->node.vm_start;
}

static inline uint64_t vma_end(const struct vma *v)
{
	return v->node.vm_end;
}

static inline uint64_t vma_pages(const struct vma *v)
{
	return (v->node.vm_end - v->node.vm_start) >> PAGE_SHIFT;
}

static inline struct vma *vma_next(const struct vma *v)
{
	return v ? node_vma(v->node.vm_next) : NULL;
}

static inline struct vma *vma_prev(const struct vma *v)
{
	return v ? node_vma(v->node.vm_prev) : NULL;
}

/* The file page index @addr of @v maps (linear_page_index()). */
static inline uint64_t vma_pgoff_of(const struct vma *v, uint64_t addr)
{
	return v->vm_pgoff + ((addr - v->node.vm_start) >> PAGE_SHIFT);
}

static inline bool vma_is_anonymous(const struct vma *v)
{
	return !v->vm_file && !v->special;
}

/*
 * vma_wants_writenotify(): a shared writable mapping of a file that is
 * written back (a file of the file system; not shmem, which has no
 * writeback) keeps its entries read-only until a write fault marks the
 * page dirty.  Without it the entries are writable from the start: a read
 * fault maps them so, and mprotect() gaining write makes them so
 * (vm_page_prot carries _PAGE_RW), and the first store dirties the entry
 * only -- the page itself when the entry goes.  No soft-dirty tracking
 * and no uffd-wp are modelled, so those reasons never apply.
 */
static inline bool vma_wants_writenotify(const struct vma *v)
{
	return (v->vm_flags & (VM_SHARED | VM_WRITE)) ==
	       (VM_SHARED | VM_WRITE) && v->vm_file && v->vm_file->regular;
}

/**
 * struct pmm_mm - an address space (Linux's struct mm_struct)
 * @tree:          the VMAs
 * @map_count:     number of VMAs (== tree.nr_nodes)
 * @task_size:     TASK_SIZE: end of the user range
 * @mmap_base:     top of the top-down area / bottom of the legacy one
 * @mmap_legacy_base: bottom of the bottom-up area
 * @topdown:       the top-down layout is in use
 * @randomize:     PF_RANDOMIZE: ASLR applied at the last exec
 * @stack_top:     end of the stack VMA (randomised STACK_TOP)
 * @start_stack:   initial stack pointer (inside the stack VMA)
 * @start_code..@end_data: the program image (0 without exec)
 * @start_brk, @brk: the heap: brk(2)'s floor and current break
 * @total_vm, @data_vm, @exec_vm, @stack_vm, @locked_vm: pages, as Linux
 *                 counts them (vm_stat_account())
 * @committed:     pages this mm has charged to the commit (VM_ACCOUNT)
 * @def_flags:     flags every new VMA gets (VM_LOCKED* after
 *                 mlockall(MCL_FUTURE))
 * @vdso_base:     start of [vdso], 0 when none is mapped
 * @sys_sealed:    the loader sealed the system mappings (spec 11 §8)
 * @guard_gap:     stack_guard_gap in bytes, fixed at boot
 */
struct pmm_mm {
	struct vma_tree tree;
	unsigned long map_count;
	uint64_t task_size;
	uint64_t mmap_base;
	uint64_t mmap_legacy_base;
	bool topdown;
	bool randomize;
	bool sys_sealed;
	bool has_gate;		/* exec'd: [vsyscall] is shown */
	uint64_t stack_top;
	uint64_t start_stack;
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk;
	uint64_t total_vm, data_vm, exec_vm, stack_vm, locked_vm;
	uint64_t committed;
	uint64_t def_flags;
	uint64_t vdso_base;
	uint64_t guard_gap;
	/* page level (vm/fault.c) */
	struct pt_upper *pgd;
	uint64_t rss_anon, rss_file, rss_shmem, swap_ents;
	uint64_t hiwater_rss, hiwater_vm;
	uint64_t pinned_vm;
	uint64_t pgtables_bytes;
	uint64_t min_flt, maj_flt;
	uint64_t tlb_gen;		/* any change a TLB entry could miss */
	/* protection keys (vm/pkeys.c) */
	uint16_t pkey_map;		/* allocated keys; key 0 always */
	int8_t exec_only_pkey;		/* -1 until an exec-only mapping */
};

/*
 * struct vm_machine - the machine-wide part of the VM layer (in struct
 * pmm_sim)
 * @committed:       pages charged to the commit (Committed_AS)
 * @shmem_committed: the part charged by shared anonymous objects
 * @stack_guard_gap: the stack_guard_gap boot parameter, in bytes
 * @next_shmem_ino:  inode number of the next shmem object
 * @enough_memory:   the overcommit policy, security_vm_enough_memory_mm()
 *                   (the OOM layer installs it at machine creation): adds
 *                   @pages to @committed and returns 0, or returns a
 *                   negative errno with @committed unchanged; NULL grants
 *                   every charge
 */
struct vm_ctx;

struct vm_machine {
	uint64_t committed;
	uint64_t shmem_committed;
	uint64_t stack_guard_gap;
	uint64_t next_shmem_ino;
	int (*enough_memory)(struct vm_ctx *c, int64_t pages);
	struct vma *vma_cache;		/* freed VMAs, linked by node.vm_next */
	unsigned int vma_cached;
	struct pmm_page *zero_page;	/* ZERO_PAGE, allocated at first use */
	uint64_t content_seq;		/* fingerprints of unrecorded stores */
	struct vm_file *special_file[3];	/* [vdso], [vvar], [vvar_vclock] */
	void *buf_cache;		/* freed 4 KiB content buffers */
	unsigned int buf_cached;
	const struct pmm_placement_ops *placement;	/* NULL: local */
	void *placement_priv;
	bool remap_file_pages_warned;	/* its deprecation was logged */
};

/* Free the VMA cache (machine teardown). */
void vm_machine_fini(struct pmm_sim *sim);

/* ---- vma.c: the VMA set, split, merge, unmap ------------------------------ */

struct vm_ctx;

/*
 * What a call needs besides the mm: the machine (allocator, sysctls,
 * gates, hooks), the process (rlimits, token) and the calling thread.
 */
struct vm_ctx {
	struct pmm_sim *sim;
	struct process *proc;
	struct task *task;
	struct pmm_mm *mm;
};

void vm_ctx_init(struct vm_ctx *c, struct pmm_sim *sim, struct task *t);

struct pmm_mm *mm_alloc(struct pmm_sim *sim);
void mm_free(struct pmm_sim *sim, struct pmm_mm *mm);
/* Unmap everything (exit, exec); returns the commit to the machine. */
void mm_teardown(struct pmm_sim *sim, struct pmm_mm *mm);

struct vma *vma_alloc(struct pmm_sim *sim);
void vma_free(struct pmm_sim *sim, struct vma *v);
struct vma *vma_dup(struct pmm_sim *sim, const struct vma *src);

struct vm_file *vm_file_get(struct vm_file *f);
void vm_file_put(struct pmm_sim *sim, struct vm_file *f);
struct vm_file *vm_file_create(struct pmm_sim *sim, const char *path,
			       uint32_t major, uint32_t minor, uint64_t ino,
			       uint64_t size, bool shmem);
struct anon_vma_name *anon_name_get(struct anon_vma_name *n);
void anon_name_put(struct pmm_sim *sim, struct anon_vma_name *n);
bool anon_name_eq(const struct anon_vma_name *a,
		  const struct anon_vma_name *b);
struct anon_vma *anon_vma_get(struct anon_vma *av);
void anon_vma_put(struct pmm_sim *sim, struct anon_vma *av);
/* anon_vma_prepare(): give @v an anon_vma, reusing a neighbour's. */
int anon_vma_prepare(struct vm_ctx *c, struct vma *v);
/* anon_vma_clone(): @dst joins every anon_vma of @src's chain. */
int anon_vma_clone(struct pmm_sim *sim, struct vma *dst, const struct vma *src);
/* unlink_anon_vmas(): @v leaves its chain and drops its anon_vma. */
void vma_unlink_anon(struct pmm_sim *sim, struct vma *v);
/* A new anon_vma for a forked child's VMA (anon_vma_fork()). */
int anon_vma_fork(struct pmm_sim *sim, struct vma *child);
/* Put @v's rmap intervals right after its bounds or pgoff changed. */
void vma_rmap_reindex(struct vma *v);

/* rmap_walk(): every (VMA, address, entry) mapping @pg; @fn returns false
 * to stop. */
typedef bool (*rmap_fn)(struct pmm_sim *sim, struct vma *v, uint64_t addr,
			uint64_t *ptep, void *arg);
void vm_rmap_walk(struct pmm_sim *sim, struct pmm_page *pg, rmap_fn fn,
		  void *arg);
/* page_referenced(): the young entries mapping @pg, each made old. */
int vm_page_referenced(struct pmm_sim *sim, struct pmm_page *pg);
bool vm_rmap_consistent(struct pmm_sim *sim, const struct pmm_mm *mm,
			char *msg, size_t size);

static inline struct vma *vma_find(const struct pmm_mm *mm, uint64_t addr)
{
	return node_vma(vma_tree_find(&mm->tree, addr));
}

static inline struct vma *vma_find_intersection(const struct pmm_mm *mm,
						uint64_t start, uint64_t end)
{
	return node_vma(vma_tree_find_intersection(&mm->tree, start, end));
}

static inline struct vma *vma_first(const struct pmm_mm *mm)
{
	return node_vma(mm->tree.first);
}

#define mm_for_each_vma(v, mm)                                               \
	for ((v) = vma_first(mm); (v); (v) = vma_next(v))

/* Link/unlink with the VM counters kept right. */
void vma_link(struct pmm_mm *mm, struct vma *v);
void vma_unlink(struct pmm_mm *mm, struct vma *v);
void vm_stat_account(struct pmm_mm *mm, uint64_t flags, int64_t npages);

/*
 * Split @v at @addr (page aligned, strictly inside).  The lower part stays
 * in @v when @new_below is false, else the new VMA takes the lower part.
 * Returns the new VMA or NULL (-ENOMEM); @v is unchanged on failure.
 * Does not check max_map_count (callers do, as __split_vma's callers do).
 */
struct vma *vma_split(struct vm_ctx *c, struct vma *v, uint64_t addr,
		      bool new_below);

/*
 * The attributes a VMA would be merged on (Linux's vma_merge_struct
 * minus the iterator).
 */
struct vma_attrs {
	uint64_t flags;
	uint64_t pgoff;
	struct vm_file *file;
	struct file *filp;
	struct anon_vma_name *anon_name;
	struct anon_vma *anon_vma;
	bool anon_multi;
	void *policy;
	void *uffd_ctx;
	uint32_t wx_hist;
	const struct vma *src;		/* whose anon_vma chain comes along */
};

void vma_attrs_of(const struct vma *v, struct vma_attrs *a);

/*
 * vma_merge_new_range() - try to place [start, end) with @a by extending
 * @prev and/or @next (vma_merge_new_range()).  Returns the VMA that now
 * covers the range, or NULL when no merge is possible.
 */
struct vma *vma_merge_new_range(struct vm_ctx *c, struct vma *prev,
				struct vma *next, uint64_t start, uint64_t end,
				const struct vma_attrs *a);

/*
 * vma_modify() - give [start, end) of @v (which must cover it) the
 * attributes @a: merge with a neighbour when Linux would, else split off
 * the range.  Returns the VMA now holding the range, or an ERR (-ENOMEM
 * for the split or max_map_count) with @v unchanged.  @prev is the VMA
 * before @v (NULL if none).
 */
struct vma *vma_modify(struct vm_ctx *c, struct vma *prev, struct vma *v,
		       uint64_t start, uint64_t end, const struct vma_attrs *a,
		       int *err);

/*
 * do_munmap() - unmap [start, start + len) (page aligned, len > 0).
 * Checks seals and max_map_count before changing anything (all or
 * nothing, as vms_gather_munmap_vmas()).  Returns 0 or -errno.
 */
int vm_do_munmap(struct vm_ctx *c, uint64_t start, uint64_t len);
int vm_munmap_prepare(struct vm_ctx *c, uint64_t start, uint64_t end);
uint64_t vm_munmap_complete(struct vm_ctx *c, uint64_t start, uint64_t end,
			    bool unacct);

/* Move a linked VMA's bounds in place (it stays between its neighbours),
 * or change its flags, with the counters following. */
void vma_resize(struct pmm_mm *mm, struct vma *v, uint64_t start,
		uint64_t end, uint64_t pgoff);
void vma_change_flags(struct pmm_mm *mm, struct vma *v, uint64_t flags);

/* -EPERM if any VMA meeting [start, end) is sealed, else 0. */
int vm_check_sealed(struct pmm_mm *mm, uint64_t start, uint64_t end);

int vm_max_map_count(struct pmm_sim *sim);

/* ---- mmap.c -------------------------------------------------------------- */

/* do_mmap(): @filp is the open file of a file mapping, else NULL. */
int64_t vm_do_mmap(struct vm_ctx *c, uint64_t addr, uint64_t len,
		   uint32_t prot, uint32_t flags, uint64_t pgoff,
		   struct file *filp);
/*
 * security_mmap_file() / security_file_mprotect() for a file mapping: the
 * FACS rights of @filp's granted mask for @prot (behaviour row
 * facs_use_time; @shared: a MAP_SHARED mapping), and when @exec_gain
 * the TLP and LSV mitigations of the caller (spec 02 §6.1, §9).  0 or
 * -EACCES.
 */
int vm_file_mmap_check(struct vm_ctx *c, const struct file *filp,
		       uint32_t prot, bool shared, bool exec_gain);
/* remap_file_pages(2) as Linux emulates it: 0 or a negative errno. */
int vm_remap_file_pages(struct vm_ctx *c, uint64_t start, uint64_t size,
			uint64_t prot, uint64_t pgoff, uint64_t flags);
/* security_file_mprotect(): vm_file_mmap_check() for the bits @prot asks
 * anew of @v (TLP and LSV also for an image's segments). */
int vm_file_mprotect_check(struct vm_ctx *c, const struct vma *v,
			   uint32_t prot, uint64_t newflags);
/*
 * Whether one of @p's executable file mappings breaks TLP or LSV in @mit
 * (KACS §5.2: enabling them then fails).
 */
bool vm_exec_mappings_violate(struct pmm_sim *sim, const struct process *p,
			      uint32_t mit);
int64_t vm_get_unmapped_area(struct vm_ctx *c, struct vm_file *file,
			     uint64_t addr, uint64_t len, uint64_t pgoff,
			     uint32_t flags, uint64_t vm_flags);
/*
 * vm_mmap_region() - map [addr, addr + len) with @vm_flags over whatever is
 * there (mmap_region()); the caller has chosen addr and validated flags.
 */
int64_t vm_mmap_region(struct vm_ctx *c, struct vm_file *file,
		       struct file *filp, uint64_t addr, uint64_t len,
		       uint64_t vm_flags, uint64_t pgoff,
		       const struct vm_special *special);
/*
 * vm_shmem_file_setup() - a new shmem object of @size bytes named @path on
 * device 00:01 (shmem_kernel_file_setup()): charged to the commit unless
 * @noreserve (shmem_acct_size()).  NULL with *@err set (-ENOMEM, or the
 * overcommit policy's refusal).
 */
struct vm_file *vm_shmem_file_setup(struct vm_ctx *c, const char *path,
				    uint64_t size, bool noreserve, int *err);
bool vm_may_expand(struct vm_ctx *c, uint64_t flags, uint64_t npages);
uint64_t vm_calc_prot_bits(uint32_t prot);
uint64_t vm_brk(struct vm_ctx *c, uint64_t brk);

/* ---- layout.c: TASK_SIZE, mmap_base, ASLR, exec --------------------------- */

void vm_pick_layout(struct pmm_sim *sim, struct process *p, struct pmm_mm *mm);
int vm_exec(struct vm_ctx *c, const struct pmm_image *img);

/* ---- mprotect.c, mremap.c, madvise.c, mseal.c ---------------------------- */

int vm_mprotect(struct vm_ctx *c, uint64_t start, uint64_t len,
		uint32_t prot, int pkey);

/* ---- pkeys.c ------------------------------------------------------------------ */

#define PKRU_DEFAULT	0x55555554u	/* key 0 open, keys 1-15 access-disabled */



bool vm_has_pkeys(const struct pmm_sim *sim);
void vm_pkeys_init(struct pmm_sim *sim, struct pmm_mm *mm);
bool vm_pkey_is_allocated(const struct pmm_mm *mm, int pkey);
/* execute_only_pkey(): the key of exec-only mappings, or -1 */
int vm_execute_only_pkey(struct vm_ctx *c);
/* arch_override_mprotect_pkey() */
int vm_override_mprotect_pkey(struct vm_ctx *c, const struct vma *v,
			      uint32_t prot, int pkey);
/* May the thread's PKRU make a data access to @v? */
bool vm_pkru_allows(const struct task *t, const struct vma *v, bool write);
int64_t vm_mremap(struct vm_ctx *c, uint64_t addr, uint64_t old_len,
		  uint64_t new_len, uint32_t flags, uint64_t new_addr);
int vm_madvise(struct vm_ctx *c, uint64_t start, uint64_t len, int advice);
int vm_mseal(struct vm_ctx *c, uint64_t start, uint64_t len, uint64_t flags);
int vm_msync(struct vm_ctx *c, uint64_t start, uint64_t len, int flags);
int vm_set_anon_name(struct vm_ctx *c, uint64_t start, uint64_t len,
		     const char *name);

/* The history a mapping with @flags records (KACS WXP rule; 0 otherwise). */
uint32_t vm_wx_hist_bits(struct vm_ctx *c, uint64_t flags);
/* W^X (spec 02 §3): -EACCES when @newflags may not follow @oldflags. */
int vm_wx_check(struct vm_ctx *c, const struct vma *v, uint64_t oldflags,
		uint64_t newflags);

/* ---- mlock.c --------------------------------------------------------------- */

int vm_mlock(struct vm_ctx *c, uint64_t start, uint64_t len, uint64_t flags);
int vm_munlock(struct vm_ctx *c, uint64_t start, uint64_t len);
int vm_mlockall(struct vm_ctx *c, int flags);
int vm_munlockall(struct vm_ctx *c);
/* 0, or the gate row's errno when locking @bytes more is over quota */
int vm_mlock_future_ok(struct vm_ctx *c, uint64_t flags, uint64_t bytes,
		       enum gate_id row);

/* ---- fork, exit ------------------------------------------------------------ */

/*
 * dup_mmap(): copy @old into the empty @mm (DONTCOPY, WIPEONFORK); the
 * accountable VMAs are charged for @old on behalf of the forking thread
 * @t, as Linux charges them to oldmm with current's credentials.
 */
int vm_dup_mm(struct pmm_sim *sim, struct pmm_mm *mm, const struct pmm_mm *old,
	      struct task *t);

/* /proc/<pid>/mem: read or write @p's memory (vm_api.c) */
long vm_mem_rw(struct pmm_sim *sim, struct process *p, uint64_t addr,
	       void *buf, size_t size, bool write);

/* ---- maps.c: /proc/<pid>/maps and the VmFlags line ----------------------- */

struct seqbuf;
void vm_show_maps(struct pmm_sim *sim, struct seqbuf *sb,
		  const struct pmm_mm *mm, bool smaps);
void vm_show_smaps_rollup(struct pmm_sim *sim, struct seqbuf *sb,
			  const struct pmm_mm *mm);
void vm_vma_name(const struct pmm_mm *mm, const struct vma *v, char *buf,
		 size_t size);

/* ---- checks ------------------------------------------------------------------ */

bool vm_mm_consistent(const struct pmm_mm *mm, char *msg, size_t size);
/* Every live mm, and the machine's commit total against their sum. */
bool vm_machine_consistent(struct pmm_sim *sim, char *msg, size_t size);

/* ---- fault.c: page tables, faults, page contents --------------------------- */

/*
 * Fault in and access [addr, addr + len) (the CPU side of pmm_access()).
 * A write stores @wbuf, else @fill bytes of that value, else (fill
 * VM_FILL_SCRAMBLE) new unrecorded content, or (VM_FILL_TOUCH) nothing.
 */
#define VM_FILL_SCRAMBLE	(-1)
#define VM_FILL_TOUCH		(-2)
/*
 * @kind modifiers for an access the kernel makes through get_user_pages()
 * instead of the CPU: VM_GUP checks the VMA as check_vma_flags() does (a
 * read needs VM_READ, a write VM_WRITE, no VM_IO/VM_PFNMAP), ignores the
 * caller's PKRU (a foreign access: pass no task), sets no entry bit but a
 * fault's, and a write dirties the page; VM_GUP_FORCE adds FOLL_FORCE, as
 * /proc/<pid>/mem does: any VM_MAYREAD mapping may be read and a private
 * VM_MAYWRITE one written, through a private copy left read-only.
 * Populate's FOLL_TOUCH walk is @fill VM_FILL_TOUCH.
 */
#define VM_ACCESS_KIND		0xff
#define VM_GUP			0x100
#define VM_GUP_FORCE		0x200
struct pmm_access_result;
int vm_access(struct vm_ctx *c, uint64_t addr, uint64_t len, int kind,
	      const uint8_t *wbuf, uint8_t *rbuf, int fill,
	      struct pmm_access_result *res);
/* zap_page_range(): drop the pages mapped in [start, end). */
void vm_zap_range(struct vm_ctx *c, uint64_t start, uint64_t end);
/* free_pgtables(): tables no VMA covers any more, around [start, end). */
void vm_free_pgtables(struct vm_ctx *c, uint64_t start, uint64_t end);
/* Tear down all page tables of @mm (exit, exec of a new mm). */
void vm_pgtables_teardown(struct pmm_sim *sim, struct pmm_mm *mm);
/* copy_page_range() for one VMA at fork. */
int vm_copy_range(struct pmm_sim *sim, struct pmm_mm *dst, struct pmm_mm *src,
		  const struct vma *v, const struct vma *dv);
/*
 * mlock_vma_pages_range(): after @v's VM_LOCKED changed over [start, end),
 * its present entries there lock or unlock their pages to match.
 */
void vm_mlock_range(struct vm_ctx *c, const struct vma *v, uint64_t start,
		    uint64_t end);
/* move_page_tables(): move the entries of [old, old+len) to new. */
int vm_move_range(struct vm_ctx *c, uint64_t old, uint64_t new, uint64_t len);
/*
 * change_protection(): the entries of [start, end) of @v (whose flags are
 * the new ones) follow: write-protected when @v has no write; made
 * writable when @v is a shared writable mapping without write-notify
 * (pte_modify() with the new vm_page_prot) or, with it, where the entry
 * is dirty (can_change_pte_writable()).
 */
void vm_change_protection(struct vm_ctx *c, const struct vma *v,
			  uint64_t start, uint64_t end);
/* Guard markers (MADV_GUARD_INSTALL / REMOVE). */
int vm_guard_install(struct vm_ctx *c, uint64_t start, uint64_t end);
void vm_guard_remove(struct vm_ctx *c, uint64_t start, uint64_t end);
/* populate_vma_page_range(): fault every page of [start, end) in: for
 * reads, for writes, or as MAP_POPULATE/mlock do (writes on writable
 * private memory). */
#define VM_POP_READ	0
#define VM_POP_WRITE	1
#define VM_POP_LOCK	2
int vm_populate(struct vm_ctx *c, uint64_t start, uint64_t end, int mode);
/*
 * __mm_populate(): fault in the VMAs over [start, end) as mlock does
 * (on-fault locks and VM_IO/VM_PFNMAP/special mappings are left alone; a
 * PROT_NONE one fails).  0, or -ENOMEM/-EAGAIN as mlock(2) reports an
 * error; with @ignore_errors (mm_populate()) it goes on and returns 0.
 */
int vm_mm_populate(struct vm_ctx *c, uint64_t start, uint64_t end,
		   bool ignore_errors);
/* MADV_COLD / MADV_PAGEOUT over [start, end) of @v (no swap device). */
void vm_madvise_cold(struct vm_ctx *c, const struct vma *v, uint64_t start,
		     uint64_t end, bool pageout);
/* MADV_REMOVE: punch [start, end) of @v's shmem object out. */
void vm_shmem_punch(struct vm_ctx *c, const struct vma *v, uint64_t start,
		    uint64_t end);
/* The shmem object's pages go when it does. */
void vm_shmem_release(struct pmm_sim *sim, struct vm_file *f);
/*
 * shmem_lock() / shmem_unlock_mapping(): make @f's pages, present and
 * future, unevictable (counted in Unevictable, not Mlocked) or evictable
 * again (rescued).
 */
void vm_shmem_set_unevictable(struct pmm_sim *sim, struct vm_file *f,
			      bool on);
/*
 * truncate_setsize() + truncate_pagecache(): set @f's size; shrinking
 * unmaps everything past the new end from every mapping (private copies
 * too), drops those cached pages and zeroes the rest of the last page.
 * 0 or -ENOMEM (nothing changed).
 */
int vm_truncate_pagecache(struct pmm_sim *sim, struct vm_file *f,
			  uint64_t newsize);
/* How far a file's page cache reaches (fault.c's radix tree). */
#define VM_PAGECACHE_MAX_BYTES	((uint64_t)1 << 39)
/*
 * fallocate(PUNCH_HOLE|KEEP_SIZE) on a regular file's pages [first, last]
 * (truncate_pagecache_range(): every mapping, private copies too, then
 * the cached pages), which read as zero afterwards.  0 or -ENOMEM.
 */
int vm_punch_pagecache(struct pmm_sim *sim, struct vm_file *f,
		       uint64_t first, uint64_t last);
/* The punched ranges go with the inode. */
void vm_file_holes_release(struct pmm_sim *sim, struct vm_file *f);
/*
 * Copy @n bytes between @buf and @f's page cache at @pos (reading pages
 * in as needed; a write dirties them).  The range must lie inside the
 * file.  0, -ENOMEM or -EIO.
 */
int vm_pagecache_rw(struct pmm_sim *sim, struct vm_file *f, uint64_t pos,
		    uint8_t *buf, uint64_t n, bool write);
/* MADV_DONTNEED: drop the pages, keep guard markers. */
void vm_madvise_dontneed(struct vm_ctx *c, uint64_t start, uint64_t end);
/* MADV_FREE: exclusive anonymous pages become clean and old (lazyfree). */
void vm_madvise_free(struct vm_ctx *c, uint64_t start, uint64_t end);
/* The page figures of one VMA for smaps (bytes; pss in bytes << 12). */
struct vm_smaps {
	uint64_t rss, pss, pss_dirty, pss_anon, pss_file, pss_shmem;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t referenced, anonymous, pss_locked;
	uint64_t swap, swap_pss;	/* bytes; swap_pss << 12 as pss */
};
void vm_smaps_count(struct pmm_sim *sim, const struct pmm_mm *mm,
		    const struct vma *v, struct vm_smaps *k);

/*
 * clear_refs types 1 (every VMA), 2 (anonymous ones), 3 (file ones):
 * clear the accessed bit of every entry mapping a normal page.
 */
void vm_clear_refs(struct pmm_sim *sim, struct pmm_mm *mm, int type);

/* What /proc/<pid>/numa_maps counts of one VMA (struct numa_maps). */
struct vm_numa_stats {
	uint64_t pages, anon, dirty, active, mapcount_max;
	uint64_t node[PMM_MAX_NODES];
};

void vm_numa_count(struct pmm_sim *sim, const struct pmm_mm *mm,
		   const struct vma *v, struct vm_numa_stats *n);
/* /proc/<pid>/numa_maps (show_numa_map()) */
void vm_show_numa_maps(struct pmm_sim *sim, struct seqbuf *sb,
		       const struct pmm_mm *mm);
void vm_mincore_vma(struct vm_ctx *c, const struct vma *v, uint64_t start,
		    uint64_t end, uint8_t *vec);
uint64_t vm_pagemap_entry(struct pmm_sim *sim, const struct pmm_mm *mm,
			  uint64_t addr, bool show_pfn);
/* flush_tlb_mm(): every thread's entries for @mm become stale. */
static inline void vm_flush_tlb(struct pmm_mm *mm)
{
	mm->tlb_gen++;
}
void vm_buf_cache_fini(struct pmm_sim *sim);

#define TLB_R	1u
#define TLB_W	2u
#define TLB_X	4u
/* Free the zero page (machine teardown). */
void vm_fault_fini(struct pmm_sim *sim);
bool vm_pgtables_consistent(struct pmm_sim *sim, const struct pmm_mm *mm,
			    char *msg, size_t size);

/* ---- page migration (fault.c; the calls in migrate.c) ----------------------------- */

/*
 * migrate_pages_batch() for one page: a frame on node @nid takes its
 * content, its flags, its place in the page cache or swap cache and every
 * entry that mapped it (through migration entries).  0 (also when it is
 * on @nid already), -EBUSY (a reference other than the mappings and the
 * caches), -ENOMEM (node @nid has no free frame).
 */
int vm_migrate_page(struct pmm_sim *sim, struct pmm_page *pg, int nid);
/*
 * The page mapped at @addr of @c's mm (folio_walk_start()): 0 and *@out,
 * -EFAULT (no VMA, a VMA that does not migrate, the zero page), -ENOENT
 * (nothing present).
 */
int vm_follow_page(struct vm_ctx *c, uint64_t addr, struct pmm_page **out);

/* ---- placement.c: the node of a new page --------------------------------------- */

/*
 * The node a new page of @v at @addr (index @pgoff) comes from: the
 * placement policy's choice for the calling thread; @v NULL for a
 * page-cache page, kernel tables: the local node of the current CPU.
 */
int vm_alloc_nid(struct pmm_sim *sim, const struct vm_ctx *c,
		 const struct vma *v, uint64_t addr, uint64_t pgoff, bool anon);

/* ---- fault.c: the page side of swap (src/swap owns the slots) ----------- */

/*
 * try_to_unuse(): bring every page of swap area @type back (each mm's
 * swap entries of that type, then its swap cache).  -ENOMEM when a frame
 * cannot be had: what was brought in so far stays in, the area stays.
 */
int vm_swap_unuse(struct pmm_sim *sim, unsigned int type);
/* Slot counts against every mm's swap entries; the swap cache pages. */
bool vm_swap_consistent(struct pmm_sim *sim, char *msg, size_t size);
/* Machine teardown: what the swap cache still holds goes. */
void vm_swap_fini(struct pmm_sim *sim);

/* ---- the hooks of later layers ----------------------------------------------- */

/*
 * The commit charge (spec 06 §3.1): every VMA change that adds or removes
 * accountable pages calls these with Linux's rules; the policy (overcommit
 * modes, Committed_AS, Peios charge-on-touch) is the OOM layer's.  The
 * machine keeps the total in pages.
 */

/**
 * vm_acct_memory() - security_vm_enough_memory_mm(): charge @pages for
 * @c->mm if the overcommit policy (sim->vm.enough_memory) allows it
 * @c:     the call; @c->task's effective token and @c->mm's total_vm count
 * @pages: pages to charge, >= 0
 * Return: 0 with the charge added, or -ENOMEM with nothing changed.
 */
int vm_acct_memory(struct vm_ctx *c, int64_t pages);

/**
 * __vm_acct_memory() - Linux's vm_acct_memory(): add @pages to the commit
 * without asking the policy (the policy itself, and putting back a charge
 * that was already granted once)
 * @sim:   the machine
 * @pages: pages
 */
void __vm_acct_memory(struct pmm_sim *sim, int64_t pages);

/**
 * vm_unacct_memory() - give @pages back to the commit
 * @sim:   the machine
 * @pages: pages, at most what is charged
 */
void vm_unacct_memory(struct pmm_sim *sim, int64_t pages);

#endif /* PMM_VM_VM_H */
