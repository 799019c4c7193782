// SPDX-License-Identifier: MIT
/*
 * token.c - KACS tokens: the privilege catalog, minting, DuplicateToken and
 * FilterToken, references, AdjustPrivileges, the privilege check and the
 * capability switchboard (spec 00 §2-§4).
 *
 * A token carries four 64-bit privilege masks (present, enabled,
 * enabled-by-default, used), a user SID, its groups, an integrity level, a
 * mandatory policy and a modified id.  present is fixed at creation and can
 * only shrink (there is no runtime grant, spec 00 rule 8); used is sticky
 * and survives removal; only AdjustPrivileges bumps modified_id.  Tokens
 * are reference counted and freed in the allocator they were minted in.
 *
 * The public pmm_token_* calls that need no machine live here; the ones
 * that take a struct pmm_sim are in sec_api.c.
 */
#include <errno.h>
#include <string.h>

#include "bug.h"
#include "sec/sec.h"

#define BIT(n) (1ull << (n))

/* Privileges authd puts on every token it mints (spec 00 §3, rule 9). */
#define DEFAULT_GRANTED (BIT(PMM_SE_CHANGE_NOTIFY) | BIT(PMM_SE_CREATE_SYMBOLIC_LINK))

/* Primary group of ordinary accounts: the domain's "None" group (rid 513). */
#define RID_DOMAIN_NONE 513u

/*
 * The catalog (spec 00 §2).  r20: reserved in the v0.20 docs catalog;
 * r22: reserved in KACS v0.22, which made SeSystemProfile (11) kernel
 * standalone and lists SeCreateJob (62) as standalone-but-future.
 */
static const struct {
	const char *name;
	bool r20, r22;
} catalog[PMM_PRIV_MAX] = {
	[PMM_SE_CREATE_TOKEN] = { "SeCreateTokenPrivilege", false, false },
	[PMM_SE_ASSIGN_PRIMARY_TOKEN] = { "SeAssignPrimaryTokenPrivilege", false, false },
	[PMM_SE_LOCK_MEMORY] = { "SeLockMemoryPrivilege", false, false },
	[PMM_SE_INCREASE_QUOTA] = { "SeIncreaseQuotaPrivilege", false, false },
	[PMM_SE_MACHINE_ACCOUNT] = { "SeMachineAccountPrivilege", false, false },
	[PMM_SE_TCB] = { "SeTcbPrivilege", false, false },
	[PMM_SE_SECURITY] = { "SeSecurityPrivilege", false, false },
	[PMM_SE_TAKE_OWNERSHIP] = { "SeTakeOwnershipPrivilege", false, false },
	[PMM_SE_LOAD_DRIVER] = { "SeLoadDriverPrivilege", false, false },
	[PMM_SE_SYSTEM_PROFILE] = { "SeSystemProfilePrivilege", true, false },
	[PMM_SE_SYSTEMTIME] = { "SeSystemtimePrivilege", false, false },
	[PMM_SE_PROFILE_SINGLE_PROCESS] = { "SeProfileSingleProcessPrivilege", false, false },
	[PMM_SE_INCREASE_BASE_PRIORITY] = { "SeIncreaseBasePriorityPrivilege", false, false },
	[PMM_SE_CREATE_PAGEFILE] = { "SeCreatePagefilePrivilege", true, true },
	[PMM_SE_CREATE_PERMANENT] = { "SeCreatePermanentPrivilege", true, true },
	[PMM_SE_BACKUP] = { "SeBackupPrivilege", false, false },
	[PMM_SE_RESTORE] = { "SeRestorePrivilege", false, false },
	[PMM_SE_SHUTDOWN] = { "SeShutdownPrivilege", false, false },
	[PMM_SE_DEBUG] = { "SeDebugPrivilege", false, false },
	[PMM_SE_AUDIT] = { "SeAuditPrivilege", false, false },
	[PMM_SE_SYSTEM_ENVIRONMENT] = { "SeSystemEnvironmentPrivilege", true, true },
	[PMM_SE_CHANGE_NOTIFY] = { "SeChangeNotifyPrivilege", false, false },
	[PMM_SE_REMOTE_SHUTDOWN] = { "SeRemoteShutdownPrivilege", false, false },
	[PMM_SE_UNDOCK] = { "SeUndockPrivilege", true, true },
	[PMM_SE_SYNC_AGENT] = { "SeSyncAgentPrivilege", false, false },
	[PMM_SE_ENABLE_DELEGATION] = { "SeEnableDelegationPrivilege", false, false },
	[PMM_SE_MANAGE_VOLUME] = { "SeManageVolumePrivilege", true, true },
	[PMM_SE_IMPERSONATE] = { "SeImpersonatePrivilege", false, false },
	[PMM_SE_CREATE_GLOBAL] = { "SeCreateGlobalPrivilege", true, true },
	[PMM_SE_TRUSTED_CRED_MAN_ACCESS] = { "SeTrustedCredManAccessPrivilege", true, true },
	[PMM_SE_RELABEL] = { "SeRelabelPrivilege", false, false },
	[PMM_SE_INCREASE_WORKING_SET] = { "SeIncreaseWorkingSetPrivilege", true, true },
	[PMM_SE_TIME_ZONE] = { "SeTimeZonePrivilege", true, true },
	[PMM_SE_CREATE_SYMBOLIC_LINK] = { "SeCreateSymbolicLinkPrivilege", false, false },
	[PMM_SE_CREATE_JOB] = { "SeCreateJobPrivilege", true, false },
	[PMM_SE_BIND_PRIVILEGED_PORT] = { "SeBindPrivilegedPortPrivilege", false, false },
};

static bool name_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

const char *pmm_privilege_name(unsigned int luid)
{
	return luid < PMM_PRIV_MAX ? catalog[luid].name : NULL;
}

int pmm_privilege_lookup(const char *name)
{
	if (!name)
		return -ENOENT;
	for (unsigned int i = 0; i < PMM_PRIV_MAX; i++)
		if (catalog[i].name && name_eq_nocase(name, catalog[i].name))
			return (int)i;
	return -ENOENT;
}

uint64_t pmm_privilege_catalog_mask(void)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < PMM_PRIV_MAX; i++)
		if (catalog[i].name)
			m |= BIT(i);
	return m;
}

uint64_t token_catalog_reserved_mask(bool v022)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < PMM_PRIV_MAX; i++)
		if (catalog[i].name && (v022 ? catalog[i].r22 : catalog[i].r20))
			m |= BIT(i);
	return m;
}

/* ---- lifetime ------------------------------------------------------------ */

static size_t token_size(unsigned int nr_groups)
{
	return sizeof(struct pmm_token) + nr_groups * sizeof(struct sid);
}

static struct pmm_token *token_alloc(struct pmm_allocator *a,
				     unsigned int nr_groups)
{
	struct pmm_token *tok = pmm_zalloc(a, token_size(nr_groups));

	if (tok) {
		tok->alloc = a;
		tok->refcount = 1;
		tok->nr_groups = nr_groups;
	}
	return tok;
}

static bool is_system_sid(const struct sid *s)
{
	struct sid sys;

	sid_system(&sys);
	return sid_eq(s, &sys);
}

/* Append @s to @set unless present; the caller sized @set. */
static void group_add(struct sid *set, unsigned int *n, const struct sid *s)
{
	for (unsigned int i = 0; i < *n; i++)
		if (sid_eq(&set[i], s))
			return;
	set[(*n)++] = *s;
}

int token_create_ex(struct pmm_allocator *a, const struct pmm_token_config *cfg,
		    uint32_t policy, struct pmm_token **out)
{
	struct sid groups[TOKEN_MAX_GROUPS + 2];
	unsigned int nr = 0, given = 0;
	struct pmm_token *tok;
	uint64_t present;
	struct sid user, s;

	if (!a || !cfg || !out)
		return -EINVAL;
	if (cfg->privileges & ~pmm_privilege_catalog_mask())
		return -EINVAL;
	present = cfg->privileges |
		  (cfg->no_default_privileges ? 0 : DEFAULT_GRANTED);
	if (cfg->disabled & ~present)
		return -EINVAL;
	if (cfg->integrity > PMM_IL_SYSTEM)
		return -EINVAL;
	if (policy & ~SEC_POLICY_DEFAULT)
		return -EINVAL;
	if (sid_from_name(cfg->user ? cfg->user : "user", &user))
		return -EINVAL;
	for (const char *const *g = cfg->groups; g && *g; g++) {
		if (++given > TOKEN_MAX_GROUPS || sid_from_name(*g, &s))
			return -EINVAL;
		group_add(groups, &nr, &s);
	}
	/* Everyone always; Authenticated Users for every logon but SYSTEM. */
	sid_everyone(&s);
	group_add(groups, &nr, &s);
	if (!is_system_sid(&user)) {
		sid_authenticated_users(&s);
		group_add(groups, &nr, &s);
	}

	tok = token_alloc(a, nr);
	if (!tok)
		return -ENOMEM;
	tok->present = present;
	tok->enabled_by_default = present & ~cfg->disabled;
	tok->enabled = tok->enabled_by_default;
	tok->integrity = cfg->integrity;
	tok->mandatory_policy = policy;
	tok->user = user;
	if (is_system_sid(&user))
		tok->primary_group = user;
	else
		sid_machine_domain_rid(RID_DOMAIN_NONE, &tok->primary_group);
	memcpy(tok->groups, groups, nr * sizeof(groups[0]));
	*out = tok;
	return 0;
}

int token_create(struct pmm_allocator *a, const struct pmm_token_config *cfg,
		 struct pmm_token **out)
{
	return token_create_ex(a, cfg, SEC_POLICY_DEFAULT, out);
}

struct pmm_token *token_create_system(struct pmm_allocator *a)
{
	struct pmm_token *tok = token_alloc(a, 1);

	if (!tok)
		return NULL;
	tok->present = pmm_privilege_catalog_mask();
	tok->enabled = tok->present;
	tok->enabled_by_default = tok->present;
	tok->integrity = PMM_IL_SYSTEM;
	tok->mandatory_policy = SEC_POLICY_DEFAULT;
	sid_system(&tok->user);
	tok->primary_group = tok->user;
	sid_everyone(&tok->groups[0]);
	return tok;
}

int token_duplicate(const struct pmm_token *tok, struct pmm_token **out)
{
	struct pmm_token *copy = token_alloc(tok->alloc, tok->nr_groups);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, tok, token_size(tok->nr_groups));
	copy->refcount = 1;
	*out = copy;
	return 0;
}

int token_duplicate_integrity(const struct pmm_token *tok, uint32_t il,
			      struct pmm_token **out)
{
	int err = token_duplicate(tok, out);

	if (!err && il < (*out)->integrity)
		(*out)->integrity = il;
	return err;
}

int token_filter(const struct pmm_token *tok, uint64_t remove,
		 struct pmm_token **out)
{
	int err = token_duplicate(tok, out);

	if (!err) {
		(*out)->present &= ~remove;
		(*out)->enabled &= ~remove;
		(*out)->enabled_by_default &= ~remove;
	}
	return err;
}

struct pmm_token *pmm_token_get(struct pmm_token *tok)
{
	if (tok) {
		PMM_BUG_ON(tok->refcount == 0);
		tok->refcount++;
	}
	return tok;
}

void pmm_token_put(struct pmm_token *tok)
{
	if (!tok)
		return;
	PMM_BUG_ON(tok->refcount == 0);
	if (--tok->refcount == 0)
		pmm_free(tok->alloc, tok, token_size(tok->nr_groups));
}

int pmm_token_duplicate(struct pmm_token *tok, struct pmm_token **out)
{
	if (!tok || !out)
		return -EINVAL;
	return token_duplicate(tok, out);
}

int pmm_token_filter(struct pmm_token *tok, uint64_t remove,
		     struct pmm_token **out)
{
	if (!tok || !out)
		return -EINVAL;
	return token_filter(tok, remove, out);
}

void pmm_token_privileges(const struct pmm_token *tok,
			  struct pmm_token_privs *out)
{
	if (!out)
		return;
	if (!tok) {
		memset(out, 0, sizeof(*out));
		return;
	}
	out->present = tok->present;
	out->enabled = tok->enabled;
	out->enabled_by_default = tok->enabled_by_default;
	out->used = tok->used;
}

uint64_t pmm_token_modified_id(const struct pmm_token *tok)
{
	return tok ? tok->modified_id : 0;
}

uint32_t pmm_token_integrity(const struct pmm_token *tok)
{
	return tok ? tok->integrity : 0;
}

/* ---- AdjustPrivileges (spec 00 §3, KACS v0.22 ABI) ----------------------- */

#define ADJ_KNOWN (PMM_SE_PRIVILEGE_ENABLED | PMM_SE_PRIVILEGE_REMOVED |     \
		   PMM_PRIV_RESET_ALL_DEFAULTS)

static bool adjust_entry_valid(const struct pmm_token *tok,
			       const struct pmm_priv_adjust *e,
			       unsigned int count, uint64_t *seen)
{
	uint32_t at = e->attributes;

	if (e->luid >= PMM_PRIV_MAX || (at & ~ADJ_KNOWN))
		return false;
	if (*seen & BIT(e->luid))
		return false;			/* duplicate */
	*seen |= BIT(e->luid);
	if (at & PMM_PRIV_RESET_ALL_DEFAULTS)	/* only alone, luid 0 */
		return count == 1 && e->luid == 0 &&
		       at == PMM_PRIV_RESET_ALL_DEFAULTS;
	if ((at & PMM_SE_PRIVILEGE_ENABLED) && (at & PMM_SE_PRIVILEGE_REMOVED))
		return false;
	if ((at & PMM_SE_PRIVILEGE_ENABLED) && !(tok->present & BIT(e->luid)))
		return false;			/* no runtime grants */
	return true;
}

int token_adjust_privileges(struct pmm_token *tok,
			    const struct pmm_priv_adjust *adj,
			    unsigned int count, uint64_t *previous_enabled)
{
	uint64_t seen = 0, prev, before_present, before_default;

	if (count < 1 || count > PMM_PRIV_MAX)
		return -EINVAL;
	for (unsigned int i = 0; i < count; i++)
		if (!adjust_entry_valid(tok, &adj[i], count, &seen))
			return -EINVAL;

	/* Validated: from here nothing can fail. */
	prev = tok->enabled;
	before_present = tok->present;
	before_default = tok->enabled_by_default;
	for (unsigned int i = 0; i < count; i++) {
		uint64_t bit = BIT(adj[i].luid);
		uint32_t at = adj[i].attributes;

		if (at & PMM_PRIV_RESET_ALL_DEFAULTS) {
			/* Removed privileges are not in enabled_by_default. */
			tok->enabled = tok->enabled_by_default;
		} else if (at & PMM_SE_PRIVILEGE_REMOVED) {
			tok->present &= ~bit;	/* used is kept (rule 4) */
			tok->enabled &= ~bit;
			tok->enabled_by_default &= ~bit;
		} else if (at & PMM_SE_PRIVILEGE_ENABLED) {
			tok->enabled |= bit;
		} else {
			tok->enabled &= ~bit;	/* absent: a no-op (rule 5) */
		}
	}
	PMM_VM_BUG_ON(tok->enabled & ~tok->present);
	PMM_VM_BUG_ON(tok->enabled_by_default & ~tok->present);
	/*
	 * A call that changed no mask (disabling or removing an absent
	 * privilege, rule 5) "changes nothing", modified_id included, as
	 * NtAdjustPrivilegesToken only renews ModifiedId when it changed
	 * something.
	 */
	if (tok->enabled != prev || tok->present != before_present ||
	    tok->enabled_by_default != before_default)
		tok->modified_id++;
	if (previous_enabled)
		*previous_enabled = prev;
	return 0;
}

int pmm_token_adjust_privileges(struct pmm_token *tok,
				const struct pmm_priv_adjust *adj,
				unsigned int count, uint64_t *previous_enabled)
{
	if (!tok || !adj)
		return -EINVAL;
	return token_adjust_privileges(tok, adj, count, previous_enabled);
}

/* ---- the privilege check (spec 00 §4) ------------------------------------ */

bool token_privilege_test(const struct pmm_token *tok, unsigned int luid)
{
	if (!tok || luid >= PMM_PRIV_MAX)
		return false;
	return (tok->present & tok->enabled & BIT(luid)) != 0;
}

bool token_privilege_check(struct pmm_token *tok, unsigned int luid)
{
	if (!token_privilege_test(tok, luid))
		return false;
	/* Monotonic, and no modified_id bump (rule 7). */
	tok->used |= BIT(luid);
	return true;
}

bool pmm_token_privilege_check(struct pmm_token *tok, unsigned int luid)
{
	return token_privilege_check(tok, luid);
}

/* ---- the KACS capability switchboard (spec 00 §4.5, KACS §12.2) ---------- */

enum { SW_UNKNOWN, SW_ALLOW, SW_PRIV, SW_DENY };

#define SW_A		{ SW_ALLOW, { -1, -1, -1 } }
#define SW_D		{ SW_DENY, { -1, -1, -1 } }
#define SW_P(p)		{ SW_PRIV, { (p), -1, -1 } }

static const struct {
	uint8_t cls;
	int8_t priv[3];		/* OR-map, in the order the spec lists it */
} switchboard[] = {
	[0] = SW_A,				/* CHOWN */
	[1] = SW_A,				/* DAC_OVERRIDE */
	[2] = SW_A,				/* DAC_READ_SEARCH */
	[3] = SW_A,				/* FOWNER */
	[4] = SW_A,				/* FSETID */
	[5] = SW_A,				/* KILL */
	[6] = SW_A,				/* SETGID */
	[7] = SW_A,				/* SETUID */
	[8] = SW_D,				/* SETPCAP */
	[9] = SW_P(PMM_SE_TCB),			/* LINUX_IMMUTABLE */
	[10] = SW_P(PMM_SE_BIND_PRIVILEGED_PORT), /* NET_BIND_SERVICE */
	[11] = SW_A,				/* NET_BROADCAST */
	[12] = SW_P(PMM_SE_TCB),		/* NET_ADMIN */
	[13] = SW_P(PMM_SE_TCB),		/* NET_RAW */
	[14] = SW_P(PMM_SE_LOCK_MEMORY),	/* IPC_LOCK */
	[15] = SW_A,				/* IPC_OWNER */
	[16] = SW_P(PMM_SE_LOAD_DRIVER),	/* SYS_MODULE */
	[17] = SW_P(PMM_SE_TCB),		/* SYS_RAWIO */
	[18] = SW_P(PMM_SE_TCB),		/* SYS_CHROOT */
	[19] = SW_P(PMM_SE_DEBUG),		/* SYS_PTRACE */
	[20] = SW_P(PMM_SE_TCB),		/* SYS_PACCT */
	[21] = SW_P(PMM_SE_TCB),		/* SYS_ADMIN */
	[22] = SW_P(PMM_SE_SHUTDOWN),		/* SYS_BOOT */
	[23] = SW_P(PMM_SE_INCREASE_BASE_PRIORITY), /* SYS_NICE */
	[24] = SW_P(PMM_SE_INCREASE_QUOTA),	/* SYS_RESOURCE */
	[25] = SW_P(PMM_SE_SYSTEMTIME),		/* SYS_TIME */
	[26] = SW_P(PMM_SE_TCB),		/* SYS_TTY_CONFIG */
	[27] = SW_P(PMM_SE_TCB),		/* MKNOD */
	[28] = SW_A,				/* LEASE */
	[29] = SW_P(PMM_SE_AUDIT),		/* AUDIT_WRITE */
	[30] = SW_P(PMM_SE_SECURITY),		/* AUDIT_CONTROL */
	[31] = SW_D,				/* SETFCAP */
	[32] = SW_D,				/* MAC_OVERRIDE */
	[33] = SW_P(PMM_SE_SECURITY),		/* MAC_ADMIN */
	[34] = SW_P(PMM_SE_TCB),		/* SYSLOG */
	[35] = SW_P(PMM_SE_TCB),		/* WAKE_ALARM */
	[36] = SW_P(PMM_SE_TCB),		/* BLOCK_SUSPEND */
	[37] = SW_P(PMM_SE_SECURITY),		/* AUDIT_READ */
	/* PERFMON: the v0.22 OR-map (spec 00 §11 conflict 3) */
	[38] = { SW_PRIV, { PMM_SE_SYSTEM_PROFILE,
			    PMM_SE_PROFILE_SINGLE_PROCESS,
			    PMM_SE_LOAD_DRIVER } },
	[39] = SW_P(PMM_SE_TCB),		/* BPF */
	[40] = SW_P(PMM_SE_TCB),		/* CHECKPOINT_RESTORE */
};

uint64_t token_capability_privileges(int cap)
{
	uint64_t m = 0;

	if (cap < 0 || (size_t)cap >= PMM_ARRAY_SIZE(switchboard) ||
	    switchboard[cap].cls != SW_PRIV)
		return 0;
	for (int i = 0; i < 3 && switchboard[cap].priv[i] >= 0; i++)
		m |= BIT(switchboard[cap].priv[i]);
	return m;
}

bool token_capable(struct pmm_token *tok, int cap, bool record)
{
	if (!tok || cap < 0 || (size_t)cap >= PMM_ARRAY_SIZE(switchboard))
		return false;		/* fail closed */
	switch (switchboard[cap].cls) {
	case SW_ALLOW:
		return true;
	case SW_PRIV:
		for (int i = 0; i < 3 && switchboard[cap].priv[i] >= 0; i++) {
			unsigned int p = (unsigned int)switchboard[cap].priv[i];

			if (record ? token_privilege_check(tok, p) :
				     token_privilege_test(tok, p))
				return true;
		}
		return false;
	default:
		return false;
	}
}

bool pmm_capable(struct pmm_token *tok, int cap)
{
	return token_capable(tok, cap, true);
}

/* ---- membership ---------------------------------------------------------- */

bool token_is_member(const struct pmm_token *tok, const struct sid *sid)
{
	if (sid_eq(&tok->user, sid))
		return true;
	for (unsigned int i = 0; i < tok->nr_groups; i++)
		if (sid_eq(&tok->groups[i], sid))
			return true;
	return false;
}

bool token_may_impersonate_without_privilege(const struct pmm_token *primary,
					     const struct pmm_token *tok)
{
	return sid_eq(&primary->user, &tok->user) &&
	       tok->integrity <= primary->integrity;
}
