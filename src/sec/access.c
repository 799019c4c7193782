// SPDX-License-Identifier: MIT
/*
 * access.c - the two-check rule for cross-process operations and the
 * machine's security state.
 *
 * Every operation one process performs on another needs (1) the requested
 * process rights from an AccessCheck of the caller's effective token
 * against the target's process SD - or SeDebugPrivilege, which passes this
 * check, MIC included - and (2) PIP dominance of the caller's process over
 * the target, which nothing bypasses (spec 00 §7, §8; KACS v0.22 §8.1).
 * SeDebug's used bit is set as soon as it passes (1), even if (2) then
 * denies (spec 00 §4 item 3, rule 17).  Acting on one's own process is not
 * a process-boundary operation and skips both checks (conflict #17, the
 * proc_self_bypass row); with that row at 0 the address-space page's
 * reading holds and the caller is checked like anyone else.
 *
 * The state (struct sec_state) holds the SYSTEM token, the SDs of the
 * registry-key objects and the machine's copy of the gate table.
 */
#include <errno.h>
#include <string.h>

#include "bug.h"
#include "sec/sec.h"

/* The two checks; @debug: SeDebugPrivilege may stand in for the SD check. */
static int process_access(struct sec_state *sec, const struct sec_subject *subj,
			  const struct sec_target *target, uint32_t desired,
			  int deny_errno, bool debug)
{
	struct pmm_token *tok = subj ? subj->effective : NULL;
	bool sd_ok;

	PMM_VM_BUG_ON(deny_errno <= 0);
	if (!tok || !target || !target->sd)
		return -deny_errno;			/* fail closed */

	/* (1) the process SD, or SeDebugPrivilege instead of it */
	sd_ok = debug && token_privilege_check(tok, PMM_SE_DEBUG);
	if (!sd_ok)
		sd_ok = sd_access_check(target->sd, tok, desired,
					sec_value(sec, GATE_MIC_ENFORCE) != 0);
	if (!sd_ok)
		return -deny_errno;
	/* (2) PIP, from the processes, never the tokens (rule 34) */
	if (!pip_dominates(subj->pip_type, subj->pip_trust, target->pip_type,
			   target->pip_trust))
		return -deny_errno;
	return 0;
}

int __sec_process_access(struct sec_state *sec, const struct sec_subject *subj,
			 const struct sec_target *target, uint32_t desired,
			 int deny_errno, bool self_exempt)
{
	if (self_exempt && subj && target && subj->identity &&
	    subj->identity == target->identity)
		return 0;
	return process_access(sec, subj, target, desired, deny_errno, true);
}

int sec_process_owner_access(struct sec_state *sec,
			     const struct sec_subject *subj,
			     const struct sec_target *target, uint32_t desired,
			     int deny_errno)
{
	return process_access(sec, subj, target, desired, deny_errno, false);
}

int sec_process_access(struct sec_state *sec, const struct sec_subject *subj,
		       const struct sec_target *target, uint32_t desired,
		       int deny_errno)
{
	return __sec_process_access(sec, subj, target, desired, deny_errno,
				    sec_value(sec, GATE_PROC_SELF_BYPASS) != 0);
}

/* ---- registry-key objects ------------------------------------------------ */

static const char *const key_names[SEC_KEY_NR] = {
	[SEC_KEY_VM_SYSCTL] = "vm_sysctl",
	[SEC_KEY_KSM] = "ksm",
	[SEC_KEY_MM_SYSFS] = "mm_sysfs",
	[SEC_KEY_DAMON] = "damon",
};

int sec_key_lookup(const char *name)
{
	for (int k = 0; name && k < SEC_KEY_NR; k++)
		if (!strcmp(name, key_names[k]))
			return k;
	return -ENOENT;
}

const char *sec_key_name(int key)
{
	return key >= 0 && key < SEC_KEY_NR ? key_names[key] : NULL;
}

int sec_set_key_sd(struct sec_state *sec, int key, struct sd *sd)
{
	if (key < 0 || key >= SEC_KEY_NR || !sd)
		return -EINVAL;
	sd_free(sec->key_sd[key]);
	sec->key_sd[key] = sd;
	return 0;
}

/* ---- the machine's state ------------------------------------------------- */

int sec_init(struct sec_state *sec, struct pmm_allocator *a,
	     enum pmm_profile profile)
{
	int err;

	if ((unsigned int)profile >= PMM_PROFILE_NR)
		return -EINVAL;
	memset(sec, 0, sizeof(*sec));
	sec->alloc = a;
	sec->profile = profile;
	err = gate_table_init(sec);
	if (err)
		return err;
	sec->system = token_create_system(a);
	if (!sec->system) {
		err = -ENOMEM;
		goto out_fini;
	}
	for (int k = 0; k < SEC_KEY_NR; k++) {
		err = sd_create_key_default(a, &sec->key_sd[k]);
		if (err)
			goto out_fini;
	}
	return 0;
out_fini:
	sec_fini(sec);		/* frees what was made, in reverse */
	return err;
}

void sec_fini(struct sec_state *sec)
{
	for (int k = SEC_KEY_NR - 1; k >= 0; k--) {
		sd_free(sec->key_sd[k]);
		sec->key_sd[k] = NULL;
	}
	pmm_token_put(sec->system);
	sec->system = NULL;
	gate_table_fini(sec);
}
