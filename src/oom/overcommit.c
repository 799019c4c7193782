// SPDX-License-Identifier: MIT
/*
 * overcommit.c - the overcommit policy (spec 06 §3, §3.1): Linux 6.x's
 * __vm_enough_memory() and vm_commit_limit() (mm/util.c), installed as the
 * VM layer's enough_memory hook.  The VM layer decides *what* a change
 * charges (accountable_mapping(), brk, stack growth, mremap, mprotect,
 * fork, shmem) and calls the hook before it commits anything; this file
 * decides *whether* the machine may promise that much, and keeps
 * Committed_AS (sim->vm.committed) in step.
 *
 * DOC: Overview
 *
 * The three vm.overcommit_memory modes:
 *
 *   1 (ALWAYS)  every charge is granted;
 *   0 (GUESS)   a single charge of more than totalram + swap pages is
 *               refused ("obviously impossible"), anything else granted,
 *               whatever is already committed;
 *   2 (NEVER)   allowed = CommitLimit
 *                         - admin_reserve   (unless the caller passes the
 *                                            overcommit_admin_reserve gate)
 *                         - min(total_vm / 32, user_reserve)  (of the mm)
 *               and the charge is granted iff, with it added,
 *               Committed_AS < allowed (so a charge that brings Committed_AS
 *               to exactly allowed is refused: spec 06 rule 6).
 *
 * As in Linux the charge is added before the decision and taken back on
 * refusal; the arithmetic is unsigned 64-bit for the limit and signed for
 * the comparison, as Linux's unsigned long / long, so reserves larger than
 * the limit make "allowed" negative and refuse every charge, and a negative
 * overcommit_ratio wraps exactly as it does in the kernel.
 *
 * Who may use the admin reserve is gate-table row overcommit_admin_reserve
 * (Linux: cap_vm_enough_memory() asks CAP_SYS_ADMIN with CAP_OPT_NOAUDIT;
 * the KACS switchboard maps it to SeTcbPrivilege in every profile).  The
 * profile differences of commit accounting (MAP_NORESERVE in mode 2) are
 * behaviour rows read where the VM layer computes the charge.
 *
 * The hugetlb pool does not exist yet: its page count is 0 here, in one
 * place, for that layer to fill in.  Active swap areas count with their
 * usable slots (total_swap_pages).
 */
#include <errno.h>

#include "kernel/kernel.h"
#include "oom/oom.h"

/* total_swap_pages: the usable slots of every active area */
static uint64_t total_swap_pages(const struct pmm_sim *sim)
{
	return sim->swap.total_pages;
}

/* hugetlb_total_pages(): the hugetlb pool is not built yet. */
static uint64_t hugetlb_total_pages(const struct pmm_sim *sim)
{
	(void)sim;
	return 0;
}

/* A long's value of an unsigned long, two's complement as the kernel has it. */
static int64_t as_long(uint64_t v)
{
	if (v <= (uint64_t)INT64_MAX)
		return (int64_t)v;
	return -(int64_t)(UINT64_MAX - v) - 1;
}

uint64_t oom_commit_limit(const struct pmm_sim *sim)
{
	uint64_t kbytes =
		sysctl_get_u64(&sim->sysctl, SYSCTL_VM_OVERCOMMIT_KBYTES);
	uint64_t allowed;

	if (kbytes) {
		allowed = kbytes >> (PMM_PAGE_SHIFT - 10);
	} else {
		/* unsigned long * int: the ratio converts to unsigned */
		uint64_t ratio = (uint64_t)sysctl_get(
			&sim->sysctl, SYSCTL_VM_OVERCOMMIT_RATIO);

		allowed = ((uint64_t)sim->numa.totalram_pages -
			   hugetlb_total_pages(sim)) *
			  ratio / 100;
	}
	return allowed + total_swap_pages(sim);
}

int oom_enough_memory(struct pmm_sim *sim, const struct pmm_mm *mm,
		      int64_t pages, bool cap_sys_admin)
{
	uint64_t allowed, reserve;
	int64_t committed;

	if (!sim || pages < 0)
		return -EINVAL;

	__vm_acct_memory(sim, pages);

	switch (sysctl_get(&sim->sysctl, SYSCTL_VM_OVERCOMMIT_MEMORY)) {
	case OVERCOMMIT_ALWAYS:
		return 0;
	case OVERCOMMIT_GUESS:
		if ((uint64_t)pages >
		    (uint64_t)sim->numa.totalram_pages + total_swap_pages(sim))
			goto error;
		return 0;
	default:
		break;
	}

	allowed = oom_commit_limit(sim);
	/* Reserve some for root. */
	if (!cap_sys_admin)
		allowed -= sysctl_get_u64(&sim->sysctl,
					  SYSCTL_VM_ADMIN_RESERVE_KBYTES) >>
			   (PMM_PAGE_SHIFT - 10);
	/* Don't let a single process grow so big a user can't recover. */
	if (mm) {
		reserve = sysctl_get_u64(&sim->sysctl,
					 SYSCTL_VM_USER_RESERVE_KBYTES) >>
			  (PMM_PAGE_SHIFT - 10);
		allowed -= PMM_MIN(mm->total_vm / 32, reserve);
	}
	/* percpu_counter_read_positive(&vm_committed_as) */
	committed = as_long(sim->vm.committed);
	if (committed < 0)
		committed = 0;
	if (committed < as_long(allowed))
		return 0;
error:
	vm_unacct_memory(sim, pages);
	return -ENOMEM;
}

/*
 * security_vm_enough_memory_mm() -> cap_vm_enough_memory(): the caller's
 * effective token decides whether the admin reserve is open to it.  A
 * charge made without a calling thread (none today) gets no reserve.
 */
static int overcommit_hook(struct vm_ctx *c, int64_t pages)
{
	bool admin = c->task && task_gate(c->sim, GATE_OVERCOMMIT_ADMIN_RESERVE,
					  c->task, NULL) == 0;

	return oom_enough_memory(c->sim, c->mm, pages, admin);
}

void oom_init(struct pmm_sim *sim)
{
	sim->vm.enough_memory = overcommit_hook;
}
