// SPDX-License-Identifier: MIT
/*
 * meminfo.c - /proc/meminfo: every line of Linux 6.18's meminfo_proc_show()
 * for the reference configuration (see render.h), in order and with the
 * kernel's spacing: a 16-column label, the value right-aligned in 8
 * columns, " kB".  Values come from the zones' and nodes' counters, the
 * watermarks (MemAvailable follows si_mem_available()) and, for what
 * physical memory does not own, struct meminfo_extra.
 */
#include "render.h"
#include "numa/numa.h"

#define K(pages) ((pages) << (PMM_PAGE_SHIFT - 10))

static const struct meminfo_extra no_extra;

static void show_val_kb(struct seqbuf *sb, const char *label,
			unsigned long pages)
{
	seq_printf(sb, "%s%8lu kB\n", label, K(pages));
}

/*
 * The direct map of x86-64 covering [0, max_pfn): 4 KiB pages for the first
 * 2 MiB (the ISA range, then up to the first 2 MiB boundary), 2 MiB pages
 * up to 1 GiB and past the last 1 GiB boundary, 1 GiB pages in between,
 * 4 KiB pages for a tail below 2 MiB alignment.  The splits a running
 * kernel makes (text protections, set_memory_*()) are not modelled.
 */
static void direct_map_kb(unsigned long long end, unsigned long long kb[3])
{
	const unsigned long long m2 = 2ull << 20, g1 = 1ull << 30;
	unsigned long long end2m = end & ~(m2 - 1), end1g = end & ~(g1 - 1);
	unsigned long long head_end = end < m2 ? end : m2;
	unsigned long long mid_start;

	kb[0] = head_end >> 10;
	kb[1] = kb[2] = 0;
	if (end <= m2)
		return;
	kb[1] += ((end2m < g1 ? end2m : g1) - m2) >> 10;
	mid_start = g1;
	if (end1g > g1) {
		kb[2] = (end1g - g1) >> 10;
		mid_start = end1g;
	}
	if (end2m > mid_start)
		kb[1] += (end2m - mid_start) >> 10;
	kb[0] += (end - end2m) >> 10;
}

void meminfo_render(const struct numa_state *ns,
		    const struct meminfo_extra *extra, struct seqbuf *sb)
{
	const struct meminfo_extra *x = extra ? extra : &no_extra;
	unsigned long node[NR_VM_NODE_STAT_ITEMS];
	unsigned long long dm[3];
	unsigned long freeram, sreclaimable, sunreclaim;
	long cached;

	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		node[i] = numa_global_node_stat(ns, (enum node_stat_item)i);
	freeram = numa_global_zone_stat(ns, NR_FREE_PAGES);
	cached = (long)node[NR_FILE_PAGES] - (long)node[NR_SWAPCACHE] -
		 (long)x->buffers;
	if (cached < 0)
		cached = 0;
	sreclaimable = node[NR_SLAB_RECLAIMABLE];
	sunreclaim = node[NR_SLAB_UNRECLAIMABLE];

	show_val_kb(sb, "MemTotal:       ", ns->totalram_pages);
	show_val_kb(sb, "MemFree:        ", freeram);
	show_val_kb(sb, "MemAvailable:   ", numa_mem_available(ns));
	show_val_kb(sb, "Buffers:        ", x->buffers);
	show_val_kb(sb, "Cached:         ", (unsigned long)cached);
	show_val_kb(sb, "SwapCached:     ", node[NR_SWAPCACHE]);
	show_val_kb(sb, "Active:         ",
		    node[NR_ACTIVE_ANON] + node[NR_ACTIVE_FILE]);
	show_val_kb(sb, "Inactive:       ",
		    node[NR_INACTIVE_ANON] + node[NR_INACTIVE_FILE]);
	show_val_kb(sb, "Active(anon):   ", node[NR_ACTIVE_ANON]);
	show_val_kb(sb, "Inactive(anon): ", node[NR_INACTIVE_ANON]);
	show_val_kb(sb, "Active(file):   ", node[NR_ACTIVE_FILE]);
	show_val_kb(sb, "Inactive(file): ", node[NR_INACTIVE_FILE]);
	show_val_kb(sb, "Unevictable:    ", node[NR_UNEVICTABLE]);
	show_val_kb(sb,
		    "Mlocked:        ", numa_global_zone_stat(ns, NR_MLOCK));
	show_val_kb(sb, "SwapTotal:      ", x->swap_total);
	show_val_kb(sb, "SwapFree:       ", x->swap_free);
	seq_printf(sb, "Zswap:          %8lu kB\n", x->zswap_bytes >> 10);
	show_val_kb(sb, "Zswapped:       ", x->zswapped);
	show_val_kb(sb, "Dirty:          ", node[NR_FILE_DIRTY]);
	show_val_kb(sb, "Writeback:      ", node[NR_WRITEBACK]);
	show_val_kb(sb, "AnonPages:      ", node[NR_ANON_MAPPED]);
	show_val_kb(sb, "Mapped:         ", node[NR_FILE_MAPPED]);
	show_val_kb(sb, "Shmem:          ", node[NR_SHMEM]);
	show_val_kb(sb, "KReclaimable:   ",
		    sreclaimable + node[NR_KERNEL_MISC_RECLAIMABLE]);
	show_val_kb(sb, "Slab:           ", sreclaimable + sunreclaim);
	show_val_kb(sb, "SReclaimable:   ", sreclaimable);
	show_val_kb(sb, "SUnreclaim:     ", sunreclaim);
	seq_printf(sb, "KernelStack:    %8lu kB\n", node[NR_KERNEL_STACK_KB]);
	show_val_kb(sb, "PageTables:     ", node[NR_PAGETABLE]);
	show_val_kb(sb, "SecPageTables:  ", node[NR_SECONDARY_PAGETABLE]);
	show_val_kb(sb, "NFS_Unstable:   ", 0);
	show_val_kb(sb, "Bounce:         ", 0);
	show_val_kb(sb, "WritebackTmp:   ", 0);
	show_val_kb(sb, "CommitLimit:    ", x->commit_limit);
	show_val_kb(sb, "Committed_AS:   ", x->committed_as);
	seq_printf(sb, "VmallocTotal:   %8lu kB\n",
		   x->vmalloc_total_kb ? x->vmalloc_total_kb
				       : MEMINFO_VMALLOC_TOTAL_KB_L4);
	show_val_kb(sb, "VmallocUsed:    ", x->vmalloc_used);
	show_val_kb(sb, "VmallocChunk:   ", 0);
	show_val_kb(sb, "Percpu:         ", x->percpu);
	show_val_kb(sb, "AnonHugePages:  ", node[NR_ANON_THPS]);
	show_val_kb(sb, "ShmemHugePages: ", node[NR_SHMEM_THPS]);
	show_val_kb(sb, "ShmemPmdMapped: ", node[NR_SHMEM_PMDMAPPED]);
	show_val_kb(sb, "FileHugePages:  ", node[NR_FILE_THPS]);
	show_val_kb(sb, "FilePmdMapped:  ", node[NR_FILE_PMDMAPPED]);
	show_val_kb(sb, "Balloon:        ", node[NR_BALLOON_PAGES]);
	seq_printf(sb,
		   "HugePages_Total:   %5lu\n"
		   "HugePages_Free:    %5lu\n"
		   "HugePages_Rsvd:    %5lu\n"
		   "HugePages_Surp:    %5lu\n"
		   "Hugepagesize:   %8lu kB\n",
		   x->hugepages_total, x->hugepages_free, x->hugepages_rsvd,
		   x->hugepages_surp,
		   x->hugepagesize_kb ? x->hugepagesize_kb : 2048ul);
	seq_printf(sb, "Hugetlb:        %8lu kB\n", x->hugetlb_kb);
	direct_map_kb((unsigned long long)ns->max_pfn << PMM_PAGE_SHIFT, dm);
	seq_printf(sb, "DirectMap4k:    %8llu kB\n", dm[0]);
	seq_printf(sb, "DirectMap2M:    %8llu kB\n", dm[1]);
	seq_printf(sb, "DirectMap1G:    %8llu kB\n", dm[2]);
}
