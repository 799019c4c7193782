// SPDX-License-Identifier: MIT
/*
 * pkeys.c - memory protection keys (spec 14): the per-mm allocation map
 * (key 0 always allocated), pkey_alloc/pkey_free, the execute-only key
 * x86 Linux sets aside for PROT_EXEC-only mappings, the per-thread PKRU
 * (WRPKRU/RDPKRU) and the check of data accesses against it.  Without
 * pkey hardware the calls give ENOSYS in the peios profiles (behaviour row
 * pkeys_nohw_enosys) and Linux's answers in linux.
 */
#include <errno.h>

#include <peiosmm/vm.h>

#include "kernel/kernel.h"
#include "vm/uapi.h"
#include "vm/vm.h"

#define ARCH_MAX_PKEY	16

bool vm_has_pkeys(const struct pmm_sim *sim)
{
	return !sim->cfg.no_pkeys;
}

void vm_pkeys_init(struct pmm_sim *sim, struct pmm_mm *mm)
{
	(void)sim;
	mm->pkey_map = 1;		/* key 0 */
	mm->exec_only_pkey = -1;
}

/* mm_pkey_is_allocated(): the exec-only key is not the user's to name */
bool vm_pkey_is_allocated(const struct pmm_mm *mm, int pkey)
{
	if (pkey < 0 || pkey >= ARCH_MAX_PKEY)
		return false;
	if (pkey == mm->exec_only_pkey)
		return false;
	return mm->pkey_map & (1u << pkey);
}

static int mm_pkey_alloc(struct pmm_mm *mm)
{
	for (int k = 0; k < ARCH_MAX_PKEY; k++)
		if (!(mm->pkey_map & (1u << k))) {
			mm->pkey_map |= (uint16_t)(1u << k);
			return k;
		}
	return -1;
}

/* arch_set_user_pkey_access(): the calling thread's bits for @pkey */
static void set_pkey_access(struct task *t, int pkey, uint32_t rights)
{
	uint32_t shift = 2u * (uint32_t)pkey;

	t->pkru &= ~(3u << shift);
	t->pkru |= (rights & 3u) << shift;
	t->tlb_gen++;
}

int vm_execute_only_pkey(struct vm_ctx *c)
{
	struct pmm_mm *mm = c->mm;
	bool need_set = false;
	int k;

	if (!vm_has_pkeys(c->sim))
		return -1;
	if (mm->exec_only_pkey == -1) {
		k = mm_pkey_alloc(mm);
		if (k < 0)
			return -1;
		mm->exec_only_pkey = (int8_t)k;
		need_set = true;
	}
	k = mm->exec_only_pkey;
	/* the thread may read it now? then deny it (as x86 Linux) */
	if (need_set || !(c->task->pkru & (1u << (2 * k))))
		set_pkey_access(c->task, k, PMM_PKEY_DISABLE_ACCESS);
	return k;
}

int vm_override_mprotect_pkey(struct vm_ctx *c, const struct vma *v,
			      uint32_t prot, int pkey)
{
	int vk = (int)((v->vm_flags & VM_PKEY_MASK) >> VM_PKEY_SHIFT);

	if (pkey != -1)
		return pkey;
	if (prot == PROT_EXEC) {
		int k = vm_execute_only_pkey(c);

		if (k > 0)
			return k;
	} else if (vk && vk == c->mm->exec_only_pkey) {
		return 0;	/* no longer exec-only: back to key 0 */
	}
	return vk;
}

bool vm_pkru_allows(const struct task *t, const struct vma *v, bool write)
{
	unsigned int k = (unsigned int)((v->vm_flags & VM_PKEY_MASK) >>
					VM_PKEY_SHIFT);
	uint32_t bits;

	if (!k)
		return true;
	bits = t->pkru >> (2 * k);
	if (bits & PMM_PKEY_DISABLE_ACCESS)
		return false;
	return !(write && (bits & PMM_PKEY_DISABLE_WRITE));
}

/* ---- the calls ------------------------------------------------------------ */

static int pkeys_enter(struct pmm_sim *sim, pmm_pid_t tid, struct task **t)
{
	int err = task_caller(sim, tid, t);

	if (err)
		return err;
	if (!(*t)->proc->mm)
		return -ESRCH;
	if (!vm_has_pkeys(sim) &&
	    gate_value(&sim->sec, GATE_PKEYS_NOHW_ENOSYS, sim_profile(sim)))
		return -ENOSYS;
	return 0;
}

int pmm_pkey_alloc(struct pmm_sim *sim, pmm_pid_t tid, unsigned int flags,
		   unsigned int rights)
{
	struct task *t;
	int err = pkeys_enter(sim, tid, &t), k;

	if (err)
		return err;
	if (flags || (rights & ~(PMM_PKEY_DISABLE_ACCESS | PMM_PKEY_DISABLE_WRITE)))
		return -EINVAL;
	if (!vm_has_pkeys(sim))
		return -ENOSPC;		/* Linux without the hardware */
	k = mm_pkey_alloc(t->proc->mm);
	if (k < 0)
		return -ENOSPC;
	set_pkey_access(t, k, rights);
	return k;
}

int pmm_pkey_free(struct pmm_sim *sim, pmm_pid_t tid, int pkey)
{
	struct pmm_mm *mm;
	struct task *t;
	int err = pkeys_enter(sim, tid, &t);

	if (err)
		return err;
	mm = t->proc->mm;
	/* Peios: key 0 is reserved (spec 14 §7); Linux lets it go */
	if (pkey == 0 && gate_value(&sim->sec, GATE_PKEY_FREE0_EINVAL,
				    sim_profile(sim)))
		return -EINVAL;
	if (!vm_pkey_is_allocated(mm, pkey))
		return -EINVAL;
	mm->pkey_map &= (uint16_t)~(1u << pkey);
	return 0;
}

int pmm_pkey_mprotect(struct pmm_sim *sim, pmm_pid_t tid, uint64_t addr,
		      uint64_t len, uint32_t prot, int pkey)
{
	struct vm_ctx c;
	struct task *t;
	int err = pkeys_enter(sim, tid, &t);

	if (err)
		return err;
	vm_ctx_init(&c, sim, t);
	if (!vm_has_pkeys(sim) && pkey != -1)
		return -EINVAL;
	return vm_mprotect(&c, addr, len, prot, pkey);
}

/* WRPKRU and RDPKRU: a live thread on a CPU that has the instructions
 * (without pkeys they raise #UD: -EINVAL). */
static int pkru_thread(struct pmm_sim *sim, pmm_pid_t tid, struct task **t)
{
	int err = task_caller(sim, tid, t);

	if (err)
		return err;
	return vm_has_pkeys(sim) ? 0 : -EINVAL;
}

int pmm_wrpkru(struct pmm_sim *sim, pmm_pid_t tid, uint32_t pkru)
{
	struct task *t;
	int err = pkru_thread(sim, tid, &t);

	if (err)
		return err;
	t->pkru = pkru;
	t->tlb_gen++;			/* the cached permissions change */
	return 0;
}

int64_t pmm_rdpkru(struct pmm_sim *sim, pmm_pid_t tid)
{
	struct task *t;
	int err = pkru_thread(sim, tid, &t);

	return err ? err : (int64_t)t->pkru;
}
