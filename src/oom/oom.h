/* SPDX-License-Identifier: MIT */
/*
 * oom/oom.h - the OOM layer: overcommit accounting (the policy that admits
 * or refuses a commit charge, and the commit limit /proc/meminfo shows);
 * the OOM killer and reaper join it later.  Other subsystems include only
 * this header.
 */
#ifndef PMM_OOM_OOM_H
#define PMM_OOM_OOM_H

#include <stdbool.h>
#include <stdint.h>

struct pmm_sim;
struct pmm_mm;

/* vm.overcommit_memory values (include/uapi/linux/mman.h) */
#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2

/* ---- provided by overcommit.c ------------------------------------------ */

/**
 * oom_commit_limit() - vm_commit_limit(): the CommitLimit in pages
 * @sim: the machine
 *
 * overcommit_kbytes when it is non-zero, else (totalram - hugetlb pages) *
 * overcommit_ratio / 100; plus the swap pages.  Computed in unsigned
 * 64-bit arithmetic exactly as Linux's unsigned long one, so a negative
 * overcommit_ratio (the sysctl has no bounds) wraps as it does there.
 * Both /proc/meminfo and the strict policy use this one function.
 *
 * Return: the limit in pages.
 */
uint64_t oom_commit_limit(const struct pmm_sim *sim);

/**
 * oom_enough_memory() - __vm_enough_memory() (mm/util.c, 6.x): charge
 * @pages to the commit (Committed_AS) if the overcommit policy allows it
 * @sim:           the machine
 * @mm:            the address space the charge is for (its total_vm sets
 *                 the user reserve), or NULL for none
 * @pages:         pages to charge, >= 0
 * @cap_sys_admin: the caller passes the overcommit_admin_reserve gate
 *                 (CAP_SYS_ADMIN; SeTcbPrivilege through the switchboard)
 *                 and may use the admin reserve
 *
 * The charge is added first, then vm.overcommit_memory decides: 1 always
 * grants; 0 refuses only a single request of more than RAM + swap pages;
 * 2 grants while Committed_AS (this charge included) stays below the
 * commit limit less the admin reserve (unless @cap_sys_admin) and less
 * min(total_vm / 32, user reserve) of @mm.  A refusal takes the charge
 * back.
 *
 * Return: 0 with the charge added; -ENOMEM (refused) or -EINVAL (NULL
 * @sim, negative @pages) with Committed_AS unchanged.
 */
int oom_enough_memory(struct pmm_sim *sim, const struct pmm_mm *mm,
		      int64_t pages, bool cap_sys_admin);

/**
 * oom_init() - install the overcommit policy as the VM layer's
 * enough_memory hook (machine creation)
 * @sim: the machine
 */
void oom_init(struct pmm_sim *sim);

#endif /* PMM_OOM_OOM_H */
