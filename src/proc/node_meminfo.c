// SPDX-License-Identifier: MIT
/*
 * node_meminfo.c - /sys/devices/system/node/nodeN/meminfo: Linux 6.18's
 * node_read_meminfo() followed by hugetlb_report_node_meminfo(), for one
 * node: "Node N " then the same 16-column labels as /proc/meminfo, values
 * in kB right-aligned in 8 columns (huge page counts in 5).
 */
#include "render.h"
#include "numa/numa.h"

#define K(pages) ((pages) << (PMM_PAGE_SHIFT - 10))

static void show(struct seqbuf *sb, int nid, const char *label,
		 unsigned long pages)
{
	seq_printf(sb, "Node %d %s%8lu kB\n", nid, label, K(pages));
}

void node_meminfo_render(const struct numa_state *ns,
			 const struct meminfo_extra *extra, int nid,
			 struct seqbuf *sb)
{
	static const struct meminfo_node_extra none;
	const struct numa_node *node = &ns->nodes[nid];
	const struct meminfo_node_extra *h = extra ? &extra->node[nid] : &none;
	const unsigned long *v = node->vm_stat;
	unsigned long total = numa_node_managed_pages(node);
	unsigned long freeram = numa_node_zone_stat(node, NR_FREE_PAGES);

	show(sb, nid, "MemTotal:       ", total);
	show(sb, nid, "MemFree:        ", freeram);
	show(sb, nid, "MemUsed:        ", total - freeram);
	show(sb, nid, "SwapCached:     ", v[NR_SWAPCACHE]);
	show(sb, nid,
	     "Active:         ", v[NR_ACTIVE_ANON] + v[NR_ACTIVE_FILE]);
	show(sb, nid,
	     "Inactive:       ", v[NR_INACTIVE_ANON] + v[NR_INACTIVE_FILE]);
	show(sb, nid, "Active(anon):   ", v[NR_ACTIVE_ANON]);
	show(sb, nid, "Inactive(anon): ", v[NR_INACTIVE_ANON]);
	show(sb, nid, "Active(file):   ", v[NR_ACTIVE_FILE]);
	show(sb, nid, "Inactive(file): ", v[NR_INACTIVE_FILE]);
	show(sb, nid, "Unevictable:    ", v[NR_UNEVICTABLE]);
	show(sb, nid, "Mlocked:        ", numa_node_zone_stat(node, NR_MLOCK));
	show(sb, nid, "Dirty:          ", v[NR_FILE_DIRTY]);
	show(sb, nid, "Writeback:      ", v[NR_WRITEBACK]);
	show(sb, nid, "FilePages:      ", v[NR_FILE_PAGES]);
	show(sb, nid, "Mapped:         ", v[NR_FILE_MAPPED]);
	show(sb, nid, "AnonPages:      ", v[NR_ANON_MAPPED]);
	show(sb, nid, "Shmem:          ", v[NR_SHMEM]);
	seq_printf(sb, "Node %d KernelStack:    %8lu kB\n", nid,
		   v[NR_KERNEL_STACK_KB]);
	show(sb, nid, "PageTables:     ", v[NR_PAGETABLE]);
	show(sb, nid, "SecPageTables:  ", v[NR_SECONDARY_PAGETABLE]);
	show(sb, nid, "NFS_Unstable:   ", 0);
	show(sb, nid, "Bounce:         ", 0);
	show(sb, nid, "WritebackTmp:   ", 0);
	show(sb, nid, "KReclaimable:   ",
	     v[NR_SLAB_RECLAIMABLE] + v[NR_KERNEL_MISC_RECLAIMABLE]);
	show(sb, nid, "Slab:           ",
	     v[NR_SLAB_RECLAIMABLE] + v[NR_SLAB_UNRECLAIMABLE]);
	show(sb, nid, "SReclaimable:   ", v[NR_SLAB_RECLAIMABLE]);
	show(sb, nid, "SUnreclaim:     ", v[NR_SLAB_UNRECLAIMABLE]);
	show(sb, nid, "AnonHugePages:  ", v[NR_ANON_THPS]);
	show(sb, nid, "ShmemHugePages: ", v[NR_SHMEM_THPS]);
	show(sb, nid, "ShmemPmdMapped: ", v[NR_SHMEM_PMDMAPPED]);
	show(sb, nid, "FileHugePages:  ", v[NR_FILE_THPS]);
	show(sb, nid, "FilePmdMapped:  ", v[NR_FILE_PMDMAPPED]);
	seq_printf(sb,
		   "Node %d HugePages_Total: %5lu\n"
		   "Node %d HugePages_Free:  %5lu\n"
		   "Node %d HugePages_Surp:  %5lu\n",
		   nid, h->hugepages_total, nid, h->hugepages_free, nid,
		   h->hugepages_surp);
}
