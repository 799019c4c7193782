// SPDX-License-Identifier: MIT
/*
 * placement.c - which node a new page comes from.  The default policy is
 * Linux's: the node of the CPU the faulting thread runs on (MPOL_LOCAL,
 * what a task without a memory policy gets); "interleave" spreads by page
 * index as MPOL_INTERLEAVE does for a mapping.  A research policy plugs in
 * through the same interface (struct pmm_placement_ops).  The memory
 * policies of mbind()/set_mempolicy() will sit above it.
 */
#include <errno.h>
#include <string.h>

#include <peiosmm/vm.h>

#include "kernel/kernel.h"
#include "vm/vm.h"

static int place_local(void *priv, const struct pmm_placement_ctx *ctx)
{
	(void)priv;
	return ctx->local_nid;
}

static int place_interleave(void *priv, const struct pmm_placement_ctx *ctx)
{
	(void)priv;
	return ctx->nr_nodes ? (int)(ctx->pgoff % ctx->nr_nodes) : 0;
}

static const struct pmm_placement_ops placement_builtin[] = {
	{ "local", place_local },
	{ "interleave", place_interleave },
};

const struct pmm_placement_ops *pmm_placement_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < PMM_ARRAY_SIZE(placement_builtin); i++)
		if (!strcmp(name, placement_builtin[i].name))
			return &placement_builtin[i];
	return NULL;
}

int pmm_set_placement(struct pmm_sim *sim, const struct pmm_placement_ops *ops,
		      void *priv)
{
	if (!sim || (ops && !ops->node))
		return -EINVAL;
	sim->vm.placement = ops;
	sim->vm.placement_priv = priv;
	return 0;
}

int vm_alloc_nid(struct pmm_sim *sim, const struct vm_ctx *c,
		 const struct vma *v, uint64_t addr, uint64_t pgoff, bool anon)
{
	int local = cpu_to_node(sim, sim->cur_cpu), nid;
	struct pmm_placement_ctx ctx;

	if (!sim->vm.placement)
		return local;
	ctx = (struct pmm_placement_ctx){
		.pid = c && c->proc ? c->proc->pid : 0,
		.tid = c && c->task ? c->task->tid : 0,
		.cpu = sim->cur_cpu,
		.local_nid = local,
		.nr_nodes = sim->numa.nr_nodes,
		.addr = v ? addr : 0,
		.pgoff = pgoff,
		.anon = anon,
	};
	nid = sim->vm.placement->node(sim->vm.placement_priv, &ctx);
	return nid >= 0 && (unsigned int)nid < sim->numa.nr_nodes ? nid : local;
}
