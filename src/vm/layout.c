// SPDX-License-Identifier: MIT
/*
 * layout.c - where an address space's regions go: TASK_SIZE, the x86-64
 * mmap layout (arch_pick_mmap_layout(): top-down below a gap sized from
 * RLIMIT_STACK, or the legacy bottom-up one), ASLR by
 * kernel.randomize_va_space with the Peios ranges (peios profiles) or the
 * Linux ones, drawn from the machine's ASLR random stream; and a simple
 * exec (load_elf_binary() for one program without an interpreter): text,
 * data and bss, the heap start, the stack with its guard gap, [vvar],
 * [vvar_vclock] and [vdso], sealed when the loader asks (spec 11 §8).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

#define STACK_TOP		DEFAULT_MAP_WINDOW
#define ELF_ET_DYN_BASE		((DEFAULT_MAP_WINDOW / 3 * 2) & PAGE_MASK)
#define ELF_DEFAULT_BASE	0x400000ull
#define STACK_EXPAND		(128ull << 10)	/* setup_arg_pages() */
#define BRK_RND_RANGE		0x02000000ull	/* arch_randomize_brk() */

/* The special mappings (arch/x86/entry/vdso/vma.c, Linux 6.18). */
static const struct vm_special vvar_mapping = {
	"[vvar]", 4, VM_READ | VM_MAYREAD | VM_IO | VM_DONTDUMP | VM_PFNMAP |
		     VM_DONTEXPAND,
};
static const struct vm_special vclock_mapping = {
	"[vvar_vclock]", 2, VM_READ | VM_MAYREAD | VM_IO | VM_DONTDUMP |
			    VM_PFNMAP | VM_DONTEXPAND,
};
static const struct vm_special vdso_mapping = {
	"[vdso]", 2, VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE |
		     VM_MAYEXEC | VM_DONTEXPAND,
};

static int aslr_level(struct pmm_sim *sim)
{
	int64_t v = sysctl_get(&sim->sysctl, SYSCTL_KERNEL_RANDOMIZE_VA_SPACE);

	return v < 0 ? 0 : v > 2 ? 2 : (int)v;
}

/* A random multiple of PAGE_SIZE below @range (a power of two). */
static uint64_t rnd_pages(struct pmm_sim *sim, uint64_t range)
{
	uint64_t pages = range >> PAGE_SHIFT;

	if (pages <= 1)
		return 0;
	return (pmm_rng_next(&sim->rng[RNG_ASLR]) & (pages - 1)) << PAGE_SHIFT;
}

static uint64_t stack_rnd_range(struct pmm_sim *sim)
{
	return (uint64_t)gate_value(&sim->sec, GATE_ASLR_STACK_RANGE,
				    sim_profile(sim));
}

static uint64_t mmap_rnd_range(struct pmm_sim *sim)
{
	long r = gate_value(&sim->sec, GATE_ASLR_MMAP_RANGE, sim_profile(sim));

	/* 0: Linux's arch_rnd(mmap_rnd_bits) */
	if (!r)
		return (uint64_t)1 << (sysctl_get(&sim->sysctl,
						  SYSCTL_VM_MMAP_RND_BITS) +
				       PAGE_SHIFT);
	return (uint64_t)r;
}

void vm_pick_layout(struct pmm_sim *sim, struct process *p, struct pmm_mm *mm)
{
	uint64_t rlim = p->rlim[PMM_RLIMIT_STACK].cur;
	uint64_t gap, pad, rnd = 0, stack_rnd = 0;
	uint64_t gap_min = SZ_128M, gap_max = DEFAULT_MAP_WINDOW / 6 * 5;
	bool legacy;

	mm->task_size = sim->cfg.la57 ? TASK_SIZE_56 : TASK_SIZE_47;
	mm->randomize = aslr_level(sim) > 0;
	legacy = rlim == PMM_RLIM_INFINITY ||
		 sysctl_get(&sim->sysctl, SYSCTL_VM_LEGACY_VA_LAYOUT);
	if (mm->randomize) {
		rnd = rnd_pages(sim, mmap_rnd_range(sim));
		stack_rnd = stack_rnd_range(sim);
	}
	/* mmap_base(): leave room for the largest stack and its gap. */
	gap = rlim;
	pad = mm->guard_gap + stack_rnd;
	if (gap + pad > gap)
		gap += pad;
	if (gap < gap_min)
		gap = gap_min;
	else if (gap > gap_max)
		gap = gap_max;
	mm->mmap_legacy_base = PAGE_ALIGN(DEFAULT_MAP_WINDOW / 3) + rnd;
	mm->topdown = !legacy;
	mm->mmap_base = legacy ? mm->mmap_legacy_base :
				 PAGE_ALIGN(DEFAULT_MAP_WINDOW - gap - rnd);
	/* randomize_stack_top() */
	mm->stack_top = STACK_TOP;
	if (mm->randomize)
		mm->stack_top -= rnd_pages(sim, stack_rnd);
	mm->start_stack = mm->stack_top;
}

/* Map one piece of the new image at a fixed place. */
static int map_fixed(struct vm_ctx *c, struct vm_file *f, uint64_t addr,
		     uint64_t len, uint64_t flags, uint64_t pgoff,
		     const struct vm_special *sp)
{
	int64_t r = vm_mmap_region(c, f, NULL, addr, len, flags, pgoff, sp);

	return r < 0 ? (int)r : 0;
}

static int map_vdso(struct vm_ctx *c, bool seal)
{
	uint64_t total = (vvar_mapping.pages + vclock_mapping.pages +
			  vdso_mapping.pages) << PAGE_SHIFT;
	const struct vm_special *sp[] = {
		&vvar_mapping, &vclock_mapping, &vdso_mapping,
	};
	int64_t addr;

	addr = vm_get_unmapped_area(c, NULL, 0, total, 0, 0, 0);
	if (addr < 0)
		return (int)addr;
	for (size_t i = 0; i < PMM_ARRAY_SIZE(sp); i++) {
		uint64_t len = sp[i]->pages << PAGE_SHIFT;
		uint64_t fl = sp[i]->flags | c->mm->def_flags |
			      (seal ? VM_SEALED : 0);
		int err = map_fixed(c, NULL, (uint64_t)addr, len, fl, 0, sp[i]);

		if (err)
			return err;
		if (sp[i] == &vdso_mapping)
			c->mm->vdso_base = (uint64_t)addr;
		addr += (int64_t)len;
	}
	return 0;
}

static bool image_valid(const struct pmm_image *img)
{
	uint64_t base = img->link_base ? img->link_base : ELF_DEFAULT_BASE;
	uint64_t limit = (uint64_t)1 << 40;

	if (!img->name || !img->name[0] || strlen(img->name) > 255)
		return false;
	if (!img->text || img->text > limit || img->data > limit ||
	    img->bss > limit)
		return false;
	if (!img->pie && ((base & ~PAGE_MASK) || base < PAGE_SIZE ||
			  base + 3 * limit > DEFAULT_MAP_WINDOW / 2))
		return false;
	return true;
}

/* Build the address space of @img into @c->mm (empty, layout picked). */
static int load_image(struct vm_ctx *c, const struct pmm_image *img,
		      struct vm_file *f)
{
	struct pmm_sim *sim = c->sim;
	struct pmm_mm *mm = c->mm;
	int level = aslr_level(sim);
	uint64_t base, text, data, bss_end, sz, top;
	uint64_t flags;
	int err;

	/* The stack first, as the kernel builds it before the segments. */
	top = mm->stack_top;
	if (mm->randomize)	/* arch_align_stack() then PAGE_ALIGN() */
		top = PAGE_ALIGN((top - pmm_rng_below(&sim->rng[RNG_ASLR],
							8192)) & ~0xfull);
	sz = PAGE_SIZE + STACK_EXPAND;
	if ((c->proc->rlim[PMM_RLIMIT_STACK].cur & PAGE_MASK) < sz)
		sz = c->proc->rlim[PMM_RLIMIT_STACK].cur & PAGE_MASK;
	if (sz < PAGE_SIZE)
		sz = PAGE_SIZE;
	mm->stack_top = top;
	mm->start_stack = top - 0x100;
	err = map_fixed(c, NULL, top - sz, sz, VM_STACK_FLAGS | mm->def_flags,
			(top - sz) >> PAGE_SHIFT, NULL);
	if (err)
		return err;

	if (img->pie) {
		base = ELF_ET_DYN_BASE;
		if (mm->randomize &&
		    (level > 1 || gate_value(&sim->sec,
					     GATE_ASLR_LEVEL1_RANDOMIZES_PIE,
					     sim_profile(sim))))
			base += rnd_pages(sim, mmap_rnd_range(sim));
	} else {
		base = img->link_base ? img->link_base : ELF_DEFAULT_BASE;
	}
	text = PAGE_ALIGN(img->text);
	data = PAGE_ALIGN(img->data);
	flags = VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC |
		mm->def_flags;
	err = map_fixed(c, f, base, text, flags, 0, NULL);
	if (err)
		return err;
	mm->start_code = base;
	mm->end_code = base + img->text;
	mm->start_data = base + text;
	mm->end_data = base + text + img->data;
	if (data) {
		flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
			VM_MAYEXEC | mm->def_flags;
		err = map_fixed(c, f, base + text, data, flags,
				text >> PAGE_SHIFT, NULL);
		if (err)
			return err;
	}
	/* set_brk(): bss past the file's last page is anonymous memory. */
	bss_end = PAGE_ALIGN(mm->end_data + img->bss);
	if (bss_end > PAGE_ALIGN(mm->end_data)) {
		flags = VM_DATA_DEFAULT_FLAGS | mm->def_flags;
		err = map_fixed(c, NULL, PAGE_ALIGN(mm->end_data),
				bss_end - PAGE_ALIGN(mm->end_data), flags,
				PAGE_ALIGN(mm->end_data) >> PAGE_SHIFT, NULL);
		if (err)
			return err;
	}
	mm->start_brk = mm->brk = bss_end;
	/* Peios level 1 and Linux level 1 both leave the heap alone. */
	if (mm->randomize && level > 1) {
		mm->brk += (pmm_rng_next(&sim->rng[RNG_ASLR]) %
			    (BRK_RND_RANGE >> PAGE_SHIFT)) << PAGE_SHIFT;
		mm->start_brk = mm->brk;
	}
	/* A kernel without mseal (spec 11 rule 26) has no seal to apply. */
	return map_vdso(c, img->seal_system_mappings && !sim->cfg.no_mseal);
}

int vm_exec(struct vm_ctx *c, const struct pmm_image *img)
{
	struct pmm_sim *sim = c->sim;
	struct process *p = c->proc;
	struct pmm_mm *mm, *old;
	struct list_head *pos;
	struct vm_file *f;
	struct vm_ctx nc;
	char path[288];
	int err;

	if (!image_valid(img))
		return -EINVAL;
	mm = mm_alloc(sim);
	if (!mm)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s", img->name);
	/* The binary's inode: numbered like the shmem ones, on device fe:00
	 * as the host's root file system shows it. */
	f = vm_file_create(sim, path, 0xfe, 0, ++sim->vm.next_shmem_ino,
			   PAGE_ALIGN(img->text) + PAGE_ALIGN(img->data),
			   false);
	if (!f) {
		mm_free(sim, mm);
		return -ENOMEM;
	}
	vm_pick_layout(sim, p, mm);
	nc = *c;
	nc.mm = mm;
	err = load_image(&nc, img, f);
	vm_file_put(sim, f);
	if (err) {
		mm_free(sim, mm);
		return err;
	}
	mm->has_gate = true;
	mm->sys_sealed = img->seal_system_mappings && !sim->cfg.no_mseal;
	old = p->mm;
	p->mm = mm;
	c->mm = mm;
	mm_free(sim, old);
	/* exec resets PKRU (spec 14 §9); the new mm has only key 0 */
	c->task->pkru = vm_has_pkeys(sim) ? PKRU_DEFAULT : 0;
	/* the threads' TLB entries were the old mm's */
	list_for_each(pos, &p->threads)
		list_entry(pos, struct task, node)->tlb_gen++;
	return 0;
}
