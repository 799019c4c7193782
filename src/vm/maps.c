// SPDX-License-Identifier: MIT
/*
 * maps.c - /proc/<pid>/maps and the VMA part of /proc/<pid>/smaps, in
 * Linux's exact format (show_map_vma(), get_vma_name(),
 * show_smap_vma_flags()).  Page counts in smaps are the fault layer's;
 * with no page tables yet every resident figure is 0, which is what Linux
 * prints for memory never touched.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/kernel.h"
#include "proc/render.h"
#include "vm/vm.h"

/* The smaps "VmFlags:" mnemonics by bit (6.18 x86-64 without MTE, BTI,
 * soft-dirty; pkey bits have none). */
static const char *const mnemonics[64] = {
	[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh", [4] = "mr",
	[5] = "mw", [6] = "me", [7] = "ms", [8] = "gd", [9] = "um",
	[10] = "pf", [11] = "gu", [12] = "uw", [13] = "lo", [14] = "io", [15] = "sr",
	[16] = "rr", [17] = "dc", [18] = "de", [19] = "lf", [20] = "ac",
	[21] = "nr", [22] = "ht", [23] = "sf", [24] = "ar", [25] = "wf",
	[26] = "dd", [28] = "mm", [29] = "hg", [30] = "nh", [31] = "mg",
	[37] = "ss", [40] = "dp", [41] = "ui", [42] = "sl",
};

static void show_vmflags(struct seqbuf *sb, uint64_t flags)
{
	seq_puts(sb, "VmFlags: ");
	for (unsigned int i = 0; i < 64; i++)
		if ((flags & (1ull << i)) && mnemonics[i])
			seq_printf(sb, "%s ", mnemonics[i]);
	seq_putc(sb, '\n');
}

/* get_vma_name(): what the last column shows. */
static void vma_name(const struct pmm_mm *mm, const struct vma *v,
		     char *buf, size_t size)
{
	buf[0] = 0;
	if (v->vm_file) {
		if (v->anon_name)
			snprintf(buf, size, "[anon_shmem:%s]", v->anon_name->name);
		else
			snprintf(buf, size, "%s", v->vm_file->path);
		return;
	}
	if (v->special) {
		snprintf(buf, size, "%s", v->special->name);
		return;
	}
	/* vma_is_initial_heap() */
	if (vma_start(v) < mm->brk && vma_end(v) > mm->start_brk &&
	    mm->start_brk) {
		snprintf(buf, size, "[heap]");
		return;
	}
	if (vma_start(v) <= mm->start_stack && vma_end(v) >= mm->start_stack &&
	    mm->has_gate) {
		snprintf(buf, size, "[stack]");
		return;
	}
	if (v->anon_name)
		snprintf(buf, size, "[anon:%s]", v->anon_name->name);
}

void vm_vma_name(const struct pmm_mm *mm, const struct vma *v, char *buf,
		 size_t size)
{
	vma_name(mm, v, buf, size);
}

/* show_vma_header_prefix() + the padded name. */
static void show_line(struct seqbuf *sb, uint64_t start, uint64_t end,
		      uint64_t flags, uint64_t pgoff, unsigned int maj,
		      unsigned int min, uint64_t ino, const char *name)
{
	size_t line = sb->len;

	seq_printf(sb, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
		   (unsigned long long)start, (unsigned long long)end,
		   (flags & VM_READ) ? 'r' : '-', (flags & VM_WRITE) ? 'w' : '-',
		   (flags & VM_EXEC) ? 'x' : '-',
		   (flags & VM_MAYSHARE) ? 's' : 'p',
		   (unsigned long long)pgoff, maj, min, (unsigned long long)ino);
	if (name && name[0]) {
		/* seq_pad(m, ' '): spaces up to 25 + 6 * sizeof(void *) - 1
		 * columns, then one more; counted even past the end of the
		 * buffer, so a sizing render (no buffer) and a short one
		 * report the length a whole render has */
		size_t width = 25 + 6 * 8 - 1;

		while (sb->len - line < width)
			seq_putc(sb, ' ');
		seq_putc(sb, ' ');
		seq_puts(sb, name);
	}
	seq_putc(sb, '\n');
}

#define KB(x) ((unsigned long long)((x) >> 10))

/* __show_smap(): the memory lines shared by smaps and smaps_rollup */
static void show_smap_mem(struct seqbuf *sb, const struct vm_smaps *k,
			  bool rollup)
{
	seq_printf(sb, "%-16s%8llu kB\n", "Rss:", KB(k->rss));
	seq_printf(sb, "%-16s%8llu kB\n", "Pss:", KB(k->pss >> 12));
	seq_printf(sb, "%-16s%8llu kB\n", "Pss_Dirty:", KB(k->pss_dirty >> 12));
	if (rollup) {
		seq_printf(sb, "%-16s%8llu kB\n", "Pss_Anon:",
			   KB(k->pss_anon >> 12));
		seq_printf(sb, "%-16s%8llu kB\n", "Pss_File:",
			   KB(k->pss_file >> 12));
		seq_printf(sb, "%-16s%8llu kB\n", "Pss_Shmem:",
			   KB(k->pss_shmem >> 12));
	}
	seq_printf(sb, "%-16s%8llu kB\n", "Shared_Clean:", KB(k->shared_clean));
	seq_printf(sb, "%-16s%8llu kB\n", "Shared_Dirty:", KB(k->shared_dirty));
	seq_printf(sb, "%-16s%8llu kB\n", "Private_Clean:", KB(k->private_clean));
	seq_printf(sb, "%-16s%8llu kB\n", "Private_Dirty:", KB(k->private_dirty));
	seq_printf(sb, "%-16s%8llu kB\n", "Referenced:", KB(k->referenced));
	seq_printf(sb, "%-16s%8llu kB\n", "Anonymous:", KB(k->anonymous));
	seq_printf(sb, "%-16s%8llu kB\n", "KSM:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "LazyFree:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "AnonHugePages:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "ShmemPmdMapped:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "FilePmdMapped:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "Shared_Hugetlb:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "Private_Hugetlb:", 0ull);
	seq_printf(sb, "%-16s%8llu kB\n", "Swap:", KB(k->swap));
	seq_printf(sb, "%-16s%8llu kB\n", "SwapPss:", KB(k->swap_pss >> 12));
	seq_printf(sb, "%-16s%8llu kB\n", "Locked:", KB(k->pss_locked >> 12));
}

static void show_smap_body(struct pmm_sim *sim, struct seqbuf *sb,
			   const struct pmm_mm *mm, const struct vma *v)
{
	struct vm_smaps k;

	memset(&k, 0, sizeof(k));
	if (mm)
		vm_smaps_count(sim, mm, v, &k);
	seq_printf(sb, "%-16s%8llu kB\n", "Size:",
		   (unsigned long long)((vma_end(v) - vma_start(v)) >> 10));
	seq_printf(sb, "%-16s%8u kB\n", "KernelPageSize:", 4u);
	seq_printf(sb, "%-16s%8u kB\n", "MMUPageSize:", 4u);
	show_smap_mem(sb, &k, false);
	seq_printf(sb, "THPeligible:           %d\n", 0);
	if (!sim->cfg.no_pkeys)
		seq_printf(sb, "ProtectionKey:  %8u\n",
			   (unsigned int)((v->vm_flags & VM_PKEY_MASK) >>
					  VM_PKEY_SHIFT));
	show_vmflags(sb, v->vm_flags);
}

void vm_show_smaps_rollup(struct pmm_sim *sim, struct seqbuf *sb,
			  const struct pmm_mm *mm)
{
	struct vm_smaps k;
	const struct vma *v, *last = NULL;

	memset(&k, 0, sizeof(k));
	if (!mm || !vma_first(mm))
		return;
	mm_for_each_vma(v, mm) {
		vm_smaps_count(sim, mm, v, &k);
		last = v;
	}
	show_line(sb, vma_start(vma_first(mm)), vma_end(last), 0, 0, 0, 0, 0,
		  "[rollup]");
	show_smap_mem(sb, &k, true);
}

/* seq_path(m, path, "\n\t= "): those characters as octal escapes */
static void show_path_escaped(struct seqbuf *sb, const char *path)
{
	for (const char *c = path; *c; c++) {
		if (*c == '\n' || *c == '\t' || *c == '=' || *c == ' ')
			seq_printf(sb, "\\%03o", (unsigned char)*c);
		else
			seq_putc(sb, *c);
	}
}

static void show_numa_line(struct pmm_sim *sim, struct seqbuf *sb,
			   const struct pmm_mm *mm, const struct vma *v)
{
	struct vm_numa_stats n;
	char name[128];

	memset(&n, 0, sizeof(n));
	/* the VMA's policy, else the task's: none exist yet ("default") */
	seq_printf(sb, "%08llx default", (unsigned long long)vma_start(v));
	if (v->vm_file) {
		seq_puts(sb, " file=");
		show_path_escaped(sb, v->vm_file->path);
	} else if (!v->special) {
		vma_name(mm, v, name, sizeof(name));
		if (!strcmp(name, "[heap]"))
			seq_puts(sb, " heap");
		else if (!strcmp(name, "[stack]"))
			seq_puts(sb, " stack");
	}
	/* special mappings' pages are not normal pages (vm_normal_page()) */
	if (!v->special)
		vm_numa_count(sim, mm, v, &n);
	if (n.pages) {
		if (n.anon)
			seq_printf(sb, " anon=%llu", (unsigned long long)n.anon);
		if (n.dirty)
			seq_printf(sb, " dirty=%llu", (unsigned long long)n.dirty);
		if (n.pages != n.anon && n.pages != n.dirty)
			seq_printf(sb, " mapped=%llu",
				   (unsigned long long)n.pages);
		if (n.mapcount_max > 1)
			seq_printf(sb, " mapmax=%llu",
				   (unsigned long long)n.mapcount_max);
		if (n.active < n.pages)
			seq_printf(sb, " active=%llu",
				   (unsigned long long)n.active);
		for (unsigned int nid = 0; nid < sim->numa.nr_nodes; nid++)
			if (n.node[nid])
				seq_printf(sb, " N%u=%llu", nid,
					   (unsigned long long)n.node[nid]);
		seq_printf(sb, " kernelpagesize_kB=%u", 4u);
	}
	seq_putc(sb, '\n');
}

void vm_show_numa_maps(struct pmm_sim *sim, struct seqbuf *sb,
		       const struct pmm_mm *mm)
{
	const struct vma *v;

	if (!mm)
		return;
	/* the gate area has no mm to walk: numa_maps leaves it out */
	mm_for_each_vma(v, mm)
		show_numa_line(sim, sb, mm, v);
}

void vm_show_maps(struct pmm_sim *sim, struct seqbuf *sb,
		  const struct pmm_mm *mm, bool smaps)
{
	const struct vma *v;
	char name[128];

	if (!mm)
		return;
	mm_for_each_vma(v, mm) {
		uint64_t pgoff = 0, ino = 0;
		unsigned int maj = 0, min = 0;

		if (v->vm_file) {
			pgoff = v->vm_pgoff << PAGE_SHIFT;
			maj = v->vm_file->dev_major;
			min = v->vm_file->dev_minor;
			ino = v->vm_file->ino;
		}
		vma_name(mm, v, name, sizeof(name));
		show_line(sb, vma_start(v), vma_end(v), v->vm_flags, pgoff,
			  maj, min, ino, name);
		if (smaps)
			show_smap_body(sim, sb, mm, v);
	}
	/* The x86-64 vsyscall gate area (vsyscall=xonly), for exec'd images. */
	if (mm->has_gate) {
		show_line(sb, 0xffffffffff600000ull, 0xffffffffff601000ull,
			  VM_EXEC, 0, 0, 0, 0, "[vsyscall]");
		if (smaps) {
			struct vma g;

			memset(&g, 0, sizeof(g));
			g.node.vm_start = 0xffffffffff600000ull;
			g.node.vm_end = 0xffffffffff601000ull;
			g.vm_flags = VM_EXEC;
			show_smap_body(sim, sb, NULL, &g);
		}
	}
}
