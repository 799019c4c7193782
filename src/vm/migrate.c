// SPDX-License-Identifier: MIT
/*
 * migrate.c - move_pages(2) and migrate_pages(2), as Linux 6.x's
 * mm/migrate.c (kernel_move_pages(), do_pages_move(), do_pages_stat()) and
 * mm/mempolicy.c (kernel_migrate_pages(), do_migrate_pages()), with the
 * Peios gates for another process's pages (spec 05 §5: gates
 * move_pages_other / migrate_pages_other, and the privilege that moving
 * shared pages needs).  The page itself moves in vm_migrate_page().
 */
#include <errno.h>

#include <peiosmm/vm.h>

#include "kernel/kernel.h"
#include "vm/vm.h"

#define MPOL_MF_MOVE		(1 << 1)
#define MPOL_MF_MOVE_ALL	(1 << 2)
#define MAX_NUMNODES		PMM_MAX_NODES

/* find_mm_struct(): the caller's mm, or another's behind the gate. */
static int target_mm(struct pmm_sim *sim, struct task *t, pmm_pid_t pid,
		     enum gate_id gate, struct process **out)
{
	struct process *p = pid ? process_lookup(sim, pid) : t->proc;
	int err;

	if (pid < 0 || !p || !p->mm)
		return -ESRCH;
	if (p != t->proc) {
		err = task_gate(sim, gate, t, p);
		if (err)
			return err;
	}
	*out = p;
	return 0;
}

/* A node a page may be moved to: online, with memory. */
static int node_usable(struct pmm_sim *sim, int node)
{
	if (node < 0 || node >= MAX_NUMNODES ||
	    (unsigned int)node >= sim->numa.nr_nodes ||
	    !sim->numa.nodes[node].node_present_pages)
		return -ENODEV;
	return 0;
}

/* add_folio_for_migration() and the move: the page's status. */
static int move_one(struct vm_ctx *c, uint64_t addr, int node, bool all)
{
	struct pmm_page *pg;
	int err = vm_follow_page(c, addr, &pg);

	if (err)
		return err;
	if (page_to_nid(pg) == node)
		return node;
	if (pg->mapcount > 1 && !all)
		return -EACCES;
	err = vm_migrate_page(c->sim, pg, node);
	return err ? err : node;
}

int64_t pmm_move_pages(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t pid,
		       unsigned long count, const uint64_t *pages,
		       const int *nodes, int *status, int flags)
{
	struct process *p;
	struct vm_ctx c;
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (flags & ~(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		return -EINVAL;
	if ((flags & MPOL_MF_MOVE_ALL) &&
	    (err = task_gate(sim, GATE_MOVE_PAGES_MOVE_ALL, t, NULL)))
		return err;
	err = target_mm(sim, t, pid, GATE_MOVE_PAGES_OTHER, &p);
	if (err)
		return err;
	if (count && (!pages || !status))
		return -EFAULT;
	c = (struct vm_ctx){ .sim = sim, .proc = p, .task = NULL, .mm = p->mm };
	if (!nodes) {
		/* do_pages_stat(): where each page is */
		for (unsigned long i = 0; i < count; i++) {
			struct pmm_page *pg;

			err = vm_follow_page(&c, pages[i], &pg);
			status[i] = err ? err : page_to_nid(pg);
		}
		return 0;
	}
	for (unsigned long i = 0; i < count; i++) {
		int s;

		/* do_pages_move(): a bad node ends the call there */
		err = node_usable(sim, nodes[i]);
		if (err)
			return err;
		s = move_one(&c, pages[i], nodes[i],
			     flags & MPOL_MF_MOVE_ALL);
		if (s == -ENOMEM || s == -EBUSY) {
			/* the batch failed: it and what was not tried
			 * are the pages not migrated */
			sim->numa.vm_events[PGMIGRATE_FAIL]++;
			return (int64_t)(count - i);
		}
		status[i] = s;
	}
	return 0;
}

/*
 * get_nodes(): a node mask of @maxnode - 1 bits (the kernel's
 * decrement: 0 is then out of range); the bits past the machine's
 * largest node count must be zero.
 */
static int get_nodes(const uint64_t *mask, unsigned long maxnode,
		     uint64_t *out)
{
	*out = 0;
	maxnode--;
	if (!maxnode || !mask)
		return 0;
	if (maxnode > PAGE_SIZE * 8)
		return -EINVAL;
	for (unsigned long w = 0; w * 64 < maxnode; w++) {
		uint64_t bits = mask[w];

		if (maxnode - w * 64 < 64)
			bits &= (1ull << (maxnode - w * 64)) - 1;
		if (w == 0)
			*out = bits;	/* MAX_NUMNODES is 64: all of it */
		else if (bits)
			return -EINVAL;
	}
	return 0;
}

/* node_remap(): @s's rank in @from picks the node of that rank in @to. */
static int node_remap(int s, uint64_t from, uint64_t to)
{
	int rank = __builtin_popcountll(from & ((1ull << s) - 1));
	int w = __builtin_popcountll(to), n;

	if (!(from & (1ull << s)) || !w)
		return s;
	n = rank % w;
	for (int d = 0; d < 64; d++)
		if ((to & (1ull << d)) && n-- == 0)
			return d;
	return s;
}

/* migrate_to_node(): every page of @p's on @src goes to @dst. */
static long migrate_node(struct vm_ctx *c, int src, int dst, bool all)
{
	const struct vma *v;
	long failed = 0;

	mm_for_each_vma(v, c->mm) {
		for (uint64_t a = vma_start(v); a < vma_end(v); a += PAGE_SIZE) {
			struct pmm_page *pg;

			if (vm_follow_page(c, a, &pg) || page_to_nid(pg) != src)
				continue;
			/* queue_folios_pte_range(): shared pages only with
			 * MOVE_ALL; skipped ones are not failures */
			if (pg->mapcount > 1 && !all)
				continue;
			if (vm_migrate_page(c->sim, pg, dst)) {
				c->sim->numa.vm_events[PGMIGRATE_FAIL]++;
				failed++;
			}
		}
	}
	return failed;
}

int64_t pmm_migrate_pages(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t pid,
			  unsigned long maxnode, const uint64_t *old_nodes,
			  const uint64_t *new_nodes)
{
	uint64_t from, to, tmp, mem = 0;
	struct process *p;
	struct vm_ctx c;
	struct task *t;
	long failed = 0;
	bool all;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	err = get_nodes(old_nodes, maxnode, &from);
	if (!err)
		err = get_nodes(new_nodes, maxnode, &to);
	if (err)
		return err;
	for (unsigned int n = 0; n < sim->numa.nr_nodes; n++)
		if (sim->numa.nodes[n].node_present_pages)
			mem |= 1ull << n;
	/* kernel_migrate_pages(): new nodes must have memory */
	if (to & ~mem)
		return -EINVAL;
	err = target_mm(sim, t, pid, GATE_MIGRATE_PAGES_OTHER, &p);
	if (err)
		return err;
	/* shared pages move only with the privilege (CAP_SYS_NICE) */
	all = !task_gate(sim, GATE_MIGRATE_SHARED_PAGES, t, NULL);
	c = (struct vm_ctx){ .sim = sim, .proc = p, .task = NULL, .mm = p->mm };
	/* do_migrate_pages(): pairs that keep the nodes' relative order */
	tmp = from;
	while (tmp) {
		int source = -1, dest = 0;

		for (int s = 0; s < 64; s++) {
			int d;

			if (!(tmp & (1ull << s)))
				continue;
			if (__builtin_popcountll(from) !=
			    __builtin_popcountll(to) && (to & (1ull << s)))
				continue;
			d = node_remap(s, from, to);
			if (s == d)
				continue;
			source = s;
			dest = d;
			if (!(tmp & (1ull << dest)))
				break;
		}
		if (source < 0)
			break;
		tmp &= ~(1ull << source);
		failed += migrate_node(&c, source, dest, all);
	}
	return failed;
}
