/* SPDX-License-Identifier: MIT */
/*
 * sec/sec.h - the security subsystem as the rest of the simulator sees it:
 * SIDs, tokens (privileges, groups, integrity), security descriptors and
 * AccessCheck with mandatory integrity, PIP dominance, the two-check rule
 * for cross-process operations, and the per-machine security state.  The
 * gate table lives in sec/gate.h (included here).
 *
 * Everything follows spec 00 (KACS v0.22 for token, privilege and PIP
 * mechanics).  Nothing here knows about processes or the machine: callers
 * describe the acting thread as a struct sec_subject and the target process
 * as a struct sec_target.
 */
#ifndef PMM_SEC_SEC_H
#define PMM_SEC_SEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <peiosmm/sim.h>
#include <peiosmm/task.h>

#include "alloc.h"
#include "compiler.h"
#include "sec/gate.h"

/* ---- access masks (spec 00 §6, spec 01 §9, spec 03 §8b) ------------------ */

#define PROCESS_TERMINATE		0x00000001u
#define PROCESS_SIGNAL			0x00000002u
#define PROCESS_VM_READ			0x00000010u
#define PROCESS_VM_WRITE		0x00000020u
#define PROCESS_DUP_HANDLE		0x00000040u
#define PROCESS_SET_INFORMATION		0x00000200u
#define PROCESS_QUERY_INFORMATION	0x00000400u
#define PROCESS_SUSPEND_RESUME		0x00000800u
#define PROCESS_QUERY_LIMITED		0x00001000u
#define PROCESS_ALL_ACCESS		0x001F1FFFu

#define DELETE				0x00010000u
#define READ_CONTROL			0x00020000u
#define WRITE_DAC			0x00040000u
#define WRITE_OWNER			0x00080000u
#define SYNCHRONIZE			0x00100000u
#define STANDARD_RIGHTS_REQUIRED	0x000F0000u
#define MAXIMUM_ALLOWED			0x02000000u
#define GENERIC_ALL			0x10000000u
#define GENERIC_EXECUTE			0x20000000u
#define GENERIC_WRITE			0x40000000u
#define GENERIC_READ			0x80000000u

/* Registry-key rights (Windows values; used for the sysctl key SDs). */
#define KEY_QUERY_VALUE			0x0001u
#define KEY_SET_VALUE			0x0002u
#define KEY_CREATE_SUB_KEY		0x0004u
#define KEY_ENUMERATE_SUB_KEYS		0x0008u
#define KEY_NOTIFY			0x0010u
#define KEY_CREATE_LINK			0x0020u
#define KEY_READ			0x00020019u
#define KEY_WRITE			0x00020006u
#define KEY_ALL_ACCESS			0x000F003Fu

/* SysV IPC object rights (KACS v0.22 ABI reference §11, spec 03 §8b). */
#define IPC_READ_DATA			0x0001u
#define IPC_WRITE_DATA			0x0002u
#define IPC_READ_ATTRIBUTES		0x0004u
#define IPC_WRITE_ATTRIBUTES		0x0008u
#define IPC_ALL_ACCESS			(0x000Fu | DELETE | READ_CONTROL |   \
					 WRITE_DAC | WRITE_OWNER | SYNCHRONIZE)

/* File rights (FACS; Windows values).  The directory aliases share bits. */
#define FILE_READ_DATA			0x0001u
#define FILE_WRITE_DATA			0x0002u
#define FILE_APPEND_DATA		0x0004u
#define FILE_READ_EA			0x0008u
#define FILE_WRITE_EA			0x0010u
#define FILE_EXECUTE			0x0020u
#define FILE_DELETE_CHILD		0x0040u
#define FILE_READ_ATTRIBUTES		0x0080u
#define FILE_WRITE_ATTRIBUTES		0x0100u
#define FILE_ALL_ACCESS			0x001F01FFu
#define FILE_GENERIC_READ		0x00120089u
#define FILE_GENERIC_WRITE		0x00120116u
#define FILE_GENERIC_EXECUTE		0x001200A0u

/* Mandatory policy: on a token (what MIC it opts into) and on a label. */
#define SEC_POLICY_NO_WRITE_UP		0x1u
#define SEC_POLICY_NEW_PROCESS_MIN	0x2u	/* token only */
#define SEC_LABEL_NO_READ_UP		0x2u	/* label only */
#define SEC_LABEL_NO_EXECUTE_UP		0x4u	/* label only */
#define SEC_POLICY_DEFAULT (SEC_POLICY_NO_WRITE_UP | SEC_POLICY_NEW_PROCESS_MIN)

/* PIP types (spec 00 §9); any number is compared numerically. */
#define PIP_TYPE_NONE		0
#define PIP_TYPE_PROTECTED	512
#define PIP_TYPE_ISOLATED	1024

/* ---- SIDs (provided by sid.c) -------------------------------------------- */

#define SID_MAX_SUB_AUTHORITIES 8

/**
 * struct sid - a security identifier S-1-<authority>-<sub>-<sub>...
 * @nr_sub:    number of valid entries of @sub
 * @authority: 48-bit identifier authority
 * @sub:       sub-authorities
 *
 * Compare with sid_eq()/sid_cmp(), never memcmp (unused @sub entries are
 * not guaranteed zero in a SID a caller built by hand).
 */
struct sid {
	uint8_t nr_sub;
	uint64_t authority;
	uint32_t sub[SID_MAX_SUB_AUTHORITIES];
};

#define SID_STRING_MAX	(2 + 1 + 20 + SID_MAX_SUB_AUTHORITIES * 11 + 1)

/** sid_eq() - whether @a and @b are the same SID */
bool sid_eq(const struct sid *a, const struct sid *b);

/** sid_cmp() - total order on SIDs: authority, then sub-authorities */
int sid_cmp(const struct sid *a, const struct sid *b);

/**
 * sid_to_string() - "S-1-5-21-...": the authority in decimal below 2^32,
 * else as 0x%012llX, as Windows prints it
 * @sid:  the SID
 * @buf:  destination, NUL-terminated when @size > 0
 * @size: size of @buf (SID_STRING_MAX always suffices)
 * Return: the full length of the text, like snprintf().
 */
size_t sid_to_string(const struct sid *sid, char *buf, size_t size);

/**
 * sid_parse() - parse "S-1-<authority>-<sub>..." (1..8 sub-authorities)
 * @text: the string; case-insensitive "s-" accepted
 * @out:  receives the SID
 * Return: 0 or -EINVAL.
 */
int sid_parse(const char *text, struct sid *out);

/**
 * sid_from_name() - the deterministic SID of a symbolic account name
 * @name: user or group name, or a SID string "S-1-..."
 * @out:  receives the SID
 *
 * Well-known names (ASCII case-insensitive): "SYSTEM" (also "NT
 * AUTHORITY\SYSTEM", "LocalSystem") S-1-5-18, "LOCAL SERVICE" S-1-5-19,
 * "NETWORK SERVICE" S-1-5-20, "Everyone" S-1-1-0, "Authenticated Users"
 * S-1-5-11, "Administrators" (also "BUILTIN\Administrators") S-1-5-32-544,
 * "Users" S-1-5-32-545, "Guests" S-1-5-32-546.  Any other name is an
 * account of the simulated machine's domain: S-1-5-21-<m1>-<m2>-<m3>-<rid>,
 * m1..m3 derived from a fixed machine id and rid = 1000 + a stable 32-bit
 * hash (FNV-1a of the case-folded name) modulo 2^31 - 1000, so the same
 * name gives the same SID on every machine and every run.
 *
 * Return: 0, or -EINVAL for an empty name or a malformed SID string.
 */
int sid_from_name(const char *name, struct sid *out);

/** sid_machine_domain_rid() - S-1-5-21-<m1>-<m2>-<m3>-@rid */
void sid_machine_domain_rid(uint32_t rid, struct sid *out);

/* Well-known SIDs, by value. */
void sid_system(struct sid *out);		/* S-1-5-18 */
void sid_everyone(struct sid *out);		/* S-1-1-0 */
void sid_authenticated_users(struct sid *out);	/* S-1-5-11 */
void sid_administrators(struct sid *out);	/* S-1-5-32-544 */
void sid_users(struct sid *out);		/* S-1-5-32-545 */
void sid_integrity(uint32_t level, struct sid *out);	/* S-1-16-<level> */

/*
 * sid_to_uid() - the uid a Linux interface shows for @sid: 0 for SYSTEM,
 * otherwise its last sub-authority (a domain account's RID).  Peios states
 * no SID-to-uid mapping; this one is deterministic and keeps root at 0.
 */
uint32_t sid_to_uid(const struct sid *sid);

/* ---- tokens (provided by token.c) ---------------------------------------- */

#define TOKEN_MAX_GROUPS 64	/* explicit groups a config may name */

/**
 * struct pmm_token - a KACS token (spec 00 §3)
 *
 * Owned by token.c: other files read it through the accessors below.  The
 * privilege masks follow the spec's invariants: enabled and
 * enabled_by_default are subsets of present, used is sticky, present never
 * grows after creation.
 */
struct pmm_token {
	struct pmm_allocator *alloc;	/* where it was allocated; freed there */
	unsigned long refcount;
	uint64_t present;
	uint64_t enabled;
	uint64_t enabled_by_default;
	uint64_t used;
	uint64_t modified_id;		/* bumped by each AdjustPrivileges */
	uint32_t integrity;		/* PMM_IL_* */
	uint32_t mandatory_policy;	/* SEC_POLICY_* */
	struct sid user;
	struct sid primary_group;
	unsigned int nr_groups;
	struct sid groups[];		/* includes Everyone (and Authenticated
					 * Users for non-SYSTEM users) */
};

/**
 * token_create() - mint a token from @cfg (authd's role)
 * @a:   allocator the token lives in (remembered for the last put)
 * @cfg: the configuration; see struct pmm_token_config
 * @out: receives the token with one reference
 *
 * Adds the default-granted privileges (SeChangeNotify 23,
 * SeCreateSymbolicLink 35) unless @cfg->no_default_privileges; implies the
 * groups Everyone and, for a user other than SYSTEM, Authenticated Users;
 * mandatory policy NO_WRITE_UP|NEW_PROCESS_MIN.  Does not apply the
 * profile's reserved-privilege rule: pmm_token_create() does.
 *
 * Return: 0; -EINVAL for non-catalog privilege bits, @cfg->disabled outside
 * the token's privileges, an integrity above PMM_IL_SYSTEM, an empty or
 * malformed name, more than TOKEN_MAX_GROUPS groups; -ENOMEM.
 */
PMM_MUST_CHECK int token_create(struct pmm_allocator *a,
				const struct pmm_token_config *cfg,
				struct pmm_token **out);

/**
 * token_create_ex() - token_create() with an explicit mandatory policy
 * @a:      allocator
 * @cfg:    configuration
 * @policy: SEC_POLICY_* bits (e.g. 0 to opt the token out of MIC)
 * @out:    receives the token
 * Return: as token_create().
 */
PMM_MUST_CHECK int token_create_ex(struct pmm_allocator *a,
				   const struct pmm_token_config *cfg,
				   uint32_t policy, struct pmm_token **out);

/**
 * token_create_system() - the SYSTEM token (kernel init, spec 00 §3)
 * @a: allocator
 *
 * User S-1-5-18, groups Everyone, integrity System, policy
 * NO_WRITE_UP|NEW_PROCESS_MIN, every catalog privilege present, enabled
 * and enabled by default (reserved ones included).
 *
 * Return: the token with one reference, or NULL on -ENOMEM.
 */
PMM_MUST_CHECK struct pmm_token *token_create_system(struct pmm_allocator *a);

/**
 * token_duplicate() - DuplicateToken: an independent copy of every field
 * (all four masks exactly, spec 00 rule 11), one reference
 * @tok: the source
 * @out: receives the copy
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int token_duplicate(const struct pmm_token *tok,
				   struct pmm_token **out);

/**
 * token_duplicate_integrity() - a copy whose integrity is lowered to @il
 * (NEW_PROCESS_MIN at exec); a higher @il leaves it unchanged
 * @tok: the source
 * @il:  integrity ceiling
 * @out: receives the copy
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int token_duplicate_integrity(const struct pmm_token *tok,
					     uint32_t il,
					     struct pmm_token **out);

/**
 * token_filter() - FilterToken: a copy with @remove removed from present,
 * enabled and enabled_by_default (used is kept, as for a removal)
 * @tok:    the source
 * @remove: bits to remove; absent ones are ignored
 * @out:    receives the copy
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int token_filter(const struct pmm_token *tok, uint64_t remove,
				struct pmm_token **out);

/**
 * token_adjust_privileges() - AdjustPrivileges, spec 00 §3 (v0.22 ABI):
 * every entry validated before any is applied; on success the enabled mask
 * before the call goes to @previous_enabled and modified_id is bumped if a
 * mask changed (a call that only disables or removes absent privileges
 * changes nothing, rule 5)
 * @tok:    the token
 * @adj:    entries
 * @count:  1..64
 * @previous_enabled: may be NULL; untouched on failure
 * Return: 0 or -EINVAL (token unchanged).
 */
int token_adjust_privileges(struct pmm_token *tok,
			    const struct pmm_priv_adjust *adj,
			    unsigned int count, uint64_t *previous_enabled);

/**
 * token_privilege_check() - the kernel's privilege check (spec 00 §4):
 * true iff @luid is present and enabled, and then its used bit is set;
 * a failed check (or a NULL token, or @luid >= 64) marks nothing
 * @tok:  the effective token
 * @luid: privilege bit
 */
bool token_privilege_check(struct pmm_token *tok, unsigned int luid);

/**
 * token_privilege_test() - token_privilege_check() without recording use
 * @tok:  the token (NULL: false)
 * @luid: privilege bit
 */
bool token_privilege_test(const struct pmm_token *tok, unsigned int luid);

/**
 * token_capable() - security_capable() through the KACS switchboard
 * (spec 00 §4.5): ALLOW-class true, DENY-class and unknown false,
 * PRIVILEGE-class iff a mapped privilege passes the privilege check
 * @tok:    effective token (NULL: false)
 * @cap:    Linux capability number
 * @record: set the used bit of the privilege that granted it; for
 *          OR-maps (CAP_PERFMON) the first passing one in catalog order
 *          SeSystemProfile, SeProfileSingleProcess, SeLoadDriver
 */
bool token_capable(struct pmm_token *tok, int cap, bool record);

/**
 * token_capability_privileges() - the privilege mask a PRIVILEGE-class
 * capability maps to, 0 for ALLOW/DENY/unknown
 * @cap: Linux capability number
 */
uint64_t token_capability_privileges(int cap);

/**
 * token_is_member() - whether @sid is the token's user or one of its groups
 * @tok: the token
 * @sid: the SID
 */
bool token_is_member(const struct pmm_token *tok, const struct sid *sid);

/**
 * token_may_impersonate_without_privilege() - whether a thread whose
 * process runs on @primary may impersonate @tok with no
 * SeImpersonatePrivilege: same user SID at no higher integrity
 * @primary: the caller's primary token
 * @tok:     the token to impersonate
 */
bool token_may_impersonate_without_privilege(const struct pmm_token *primary,
					     const struct pmm_token *tok);

/**
 * token_catalog_reserved_mask() - the reserved privileges of a catalog
 * version, as the token_reserved_privileges behaviour row uses them
 * @v022: true for KACS v0.22, false for the v0.20 docs catalog
 */
uint64_t token_catalog_reserved_mask(bool v022);

/* ---- security descriptors (provided by sd.c) ----------------------------- */

/**
 * struct sec_generic_mapping - what the GENERIC_* bits mean for an object type
 */
struct sec_generic_mapping {
	uint32_t read, write, execute, all;
};

extern const struct sec_generic_mapping sec_process_mapping;
extern const struct sec_generic_mapping sec_key_mapping;
extern const struct sec_generic_mapping sec_file_mapping;
extern const struct sec_generic_mapping sec_ipc_mapping;

#define SEC_ACE_ALLOW 0
#define SEC_ACE_DENY  1

/** struct sec_ace - one DACL entry */
struct sec_ace {
	uint8_t type;		/* SEC_ACE_ALLOW / SEC_ACE_DENY */
	uint32_t mask;		/* may hold GENERIC_* bits: mapped at check */
	struct sid sid;
};

/**
 * struct sd - a security descriptor: owner, group, DACL, and an optional
 * SACL mandatory label
 *
 * @dacl_present false is a NULL DACL (grants everything); present with no
 * ACE is an empty DACL (grants nothing).
 */
struct sd {
	struct pmm_allocator *alloc;
	const struct sec_generic_mapping *mapping;
	struct sid owner;
	struct sid group;
	bool dacl_present;
	bool has_label;
	uint32_t label_il;		/* PMM_IL_* */
	uint32_t label_policy;		/* SEC_POLICY_NO_WRITE_UP | SEC_LABEL_* */
	unsigned int nr_aces;
	unsigned int cap_aces;
	struct sec_ace *aces;
};

/**
 * sd_create() - a new SD with an empty DACL (denies everything) and no label
 * @a:       allocator (remembered for sd_free())
 * @mapping: generic mapping of the object type, e.g. &sec_process_mapping
 * @owner:   owner SID
 * @group:   primary group SID
 * @out:     receives the SD
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int sd_create(struct pmm_allocator *a,
			     const struct sec_generic_mapping *mapping,
			     const struct sid *owner, const struct sid *group,
			     struct sd **out);

/**
 * sd_create_process_default() - the default process SD (spec 00 §6, KACS
 * v0.22), built at fork and when a primary token with another user SID is
 * installed
 * @a:       allocator
 * @creator: the creating thread's primary token: owner and group
 * @proc:    the new process's primary token: its user gets GENERIC_ALL, its
 *           integrity level is the label's
 * @out:     receives the SD
 *
 *   Owner: creator's user   Group: creator's primary group
 *   DACL:  ALLOW proc user GENERIC_ALL, ALLOW BUILTIN\Administrators
 *          GENERIC_ALL, ALLOW SYSTEM GENERIC_ALL, ALLOW Everyone
 *          PROCESS_QUERY_LIMITED
 *   SACL:  mandatory label at proc's integrity, NO_WRITE_UP
 *
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int sd_create_process_default(struct pmm_allocator *a,
					     const struct pmm_token *creator,
					     const struct pmm_token *proc,
					     struct sd **out);

/**
 * sd_create_key_default() - the default SD of a registry key: owner and
 * group SYSTEM, DACL ALLOW SYSTEM KEY_ALL_ACCESS, ALLOW
 * BUILTIN\Administrators KEY_ALL_ACCESS ("TCB-tier", spec 06 §11)
 * @a:   allocator
 * @out: receives the SD
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int sd_create_key_default(struct pmm_allocator *a,
					 struct sd **out);

/**
 * sd_create_file_default() - the SD a file gets when none is given: owner
 * @owner (group SYSTEM), DACL ALLOW @owner FILE_ALL_ACCESS, ALLOW SYSTEM
 * and BUILTIN\Administrators FILE_ALL_ACCESS, and, when @world_read,
 * ALLOW Everyone FILE_GENERIC_READ | FILE_GENERIC_EXECUTE (a system file,
 * mode 0755 in POSIX terms)
 * @a:          allocator
 * @owner:      the owner SID
 * @world_read: whether Everyone may read and execute
 * @out:        receives the SD
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int sd_create_file_default(struct pmm_allocator *a,
					  const struct sid *owner,
					  bool world_read, struct sd **out);

/**
 * sd_add_ace() - append an ACE to the DACL (makes a NULL DACL present)
 * @sd:   the SD
 * @type: SEC_ACE_ALLOW or SEC_ACE_DENY
 * @sid:  trustee
 * @mask: rights; GENERIC_* bits allowed
 * Return: 0, -EINVAL for a bad @type, -ENOMEM (SD unchanged).
 */
PMM_MUST_CHECK int sd_add_ace(struct sd *sd, unsigned int type,
			      const struct sid *sid, uint32_t mask);

/**
 * sd_insert_ace() - sd_add_ace() at position @pos (0 = first)
 * @sd:   the SD
 * @pos:  0..nr_aces
 * @type: SEC_ACE_ALLOW or SEC_ACE_DENY
 * @sid:  trustee
 * @mask: rights
 * Return: 0, -EINVAL, -ENOMEM (SD unchanged).
 */
PMM_MUST_CHECK int sd_insert_ace(struct sd *sd, unsigned int pos,
				 unsigned int type, const struct sid *sid,
				 uint32_t mask);

/** sd_set_dacl_empty() - present, empty DACL: nothing is granted */
void sd_set_dacl_empty(struct sd *sd);

/** sd_set_dacl_null() - NULL DACL: everything is granted (MIC still applies) */
void sd_set_dacl_null(struct sd *sd);

/**
 * sd_set_label() - set the SACL mandatory label
 * @sd:     the SD
 * @il:     integrity level
 * @policy: SEC_POLICY_NO_WRITE_UP | SEC_LABEL_NO_READ_UP |
 *          SEC_LABEL_NO_EXECUTE_UP
 */
void sd_set_label(struct sd *sd, uint32_t il, uint32_t policy);

/** sd_clear_label() - remove the mandatory label (no MIC for this object) */
void sd_clear_label(struct sd *sd);

/**
 * sd_dup() - deep copy of @sd in its allocator
 * @sd:  the source
 * @out: receives the copy
 * Return: 0 or -ENOMEM.
 */
PMM_MUST_CHECK int sd_dup(const struct sd *sd, struct sd **out);

#define SD_MAX_ACES	64	/* entries a caller-given DACL may have */

/* The rights an ACE of a process or a file may carry. */
#define PROCESS_VALID_RIGHTS	(PROCESS_ALL_ACCESS | GENERIC_ALL |          \
				 GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE)
#define FILE_VALID_RIGHTS	(FILE_ALL_ACCESS | GENERIC_ALL |             \
				 GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE)

/**
 * sd_create_from_aces() - a new SD whose DACL is exactly the caller-given
 * @aces (SetSecurityInfo's input, a file's allow=/deny= list), no label
 * @a:       allocator
 * @mapping: generic mapping of the object type
 * @valid:   the rights an entry may hold (e.g. PROCESS_VALID_RIGHTS)
 * @owner:   owner SID
 * @group:   primary group SID
 * @aces:    the entries, in order; NULL only when @nr is 0
 * @nr:      0..SD_MAX_ACES; 0 is an empty DACL (nothing is granted)
 * @out:     receives the SD
 *
 * Every entry is checked before anything is allocated: its type, its
 * rights (within @valid) and its principal (sid_from_name()).
 *
 * Return: 0; -EINVAL for a bad entry or count; -ENOMEM.
 */
PMM_MUST_CHECK int sd_create_from_aces(struct pmm_allocator *a,
				       const struct sec_generic_mapping *mapping,
				       uint32_t valid, const struct sid *owner,
				       const struct sid *group,
				       const struct pmm_ace *aces,
				       unsigned int nr, struct sd **out);

/**
 * sd_replace_dacl() - kacs_set_sd()/SetFileSecurity with only the DACL
 * given: a copy of @old (allocator, mapping, owner, group, label) whose
 * DACL is exactly @aces; @old itself is untouched, so the caller checks
 * WRITE_DAC against it and then swaps
 * @old:   the object's SD now
 * @valid: the rights an entry may hold
 * @aces:  the entries (see sd_create_from_aces())
 * @nr:    their number
 * @out:   receives the new SD
 * Return: 0, -EINVAL, -ENOMEM.
 */
PMM_MUST_CHECK int sd_replace_dacl(const struct sd *old, uint32_t valid,
				   const struct pmm_ace *aces, unsigned int nr,
				   struct sd **out);

/** sd_free() - free an SD; NULL is a no-op */
void sd_free(struct sd *sd);

/**
 * sd_map_generic() - replace GENERIC_* bits of @mask by their meaning
 * @map:  the mapping
 * @mask: rights
 */
uint32_t sd_map_generic(const struct sec_generic_mapping *map, uint32_t mask);

/**
 * sd_max_allowed() - the rights AccessCheck would grant @tok on @sd
 * @sd:  the SD
 * @tok: the token (effective)
 * @mic: apply mandatory integrity control (the mic_enforce row)
 *
 * DACL walk in order: an ACE applies when its SID is the token's user or
 * one of its groups; a DENY ACE denies the bits not already granted by an
 * earlier ALLOW, an ALLOW grants the bits not already denied.  NULL DACL:
 * every right of the mapping's "all".  Then MIC (spec 00 §6): when @mic,
 * the token's mandatory policy has NO_WRITE_UP, @sd has a label and the
 * token's integrity is below it, only read- and execute-mapped rights plus
 * READ_CONTROL and SYNCHRONIZE stay (minus read-mapped ones for a
 * NO_READ_UP label, execute-mapped ones for NO_EXECUTE_UP).  No owner
 * implicit rights: spec 00 gives WRITE_DAC through the DACL only.
 */
uint32_t sd_max_allowed(const struct sd *sd, const struct pmm_token *tok,
			bool mic);

/**
 * sd_access_check() - AccessCheck: whether every right in @desired
 * (generic bits mapped; MAXIMUM_ALLOWED ignored) is granted
 * @sd:      the SD
 * @tok:     effective token; NULL fails closed
 * @desired: requested rights; 0 is granted
 * @mic:     apply MIC
 */
bool sd_access_check(const struct sd *sd, const struct pmm_token *tok,
		     uint32_t desired, bool mic);

/* ---- PIP (provided by pip.c) --------------------------------------------- */

/**
 * pip_dominates() - spec 00 §9 / KACS §8.1: true when the target is
 * unprotected (type 0), else iff the caller's type and trust are both >=
 * the target's
 * @caller_type:  caller's pip_type
 * @caller_trust: caller's pip_trust
 * @target_type:  target's pip_type
 * @target_trust: target's pip_trust
 */
bool pip_dominates(uint32_t caller_type, uint32_t caller_trust,
		   uint32_t target_type, uint32_t target_trust);

/* ---- the two-check rule and the machine's state (provided by access.c) --- */

/**
 * struct sec_subject - who acts
 * @effective: the thread's effective token (impersonation or primary);
 *             NULL fails every check closed
 * @primary:   the process's primary token
 * @pip_type:  the caller process's PIP (never the token's: spec 00 rule 34)
 * @pip_trust: ditto
 * @identity:  opaque identity of the caller's process ("same process")
 */
struct sec_subject {
	struct pmm_token *effective;
	struct pmm_token *primary;
	uint32_t pip_type;
	uint32_t pip_trust;
	const void *identity;
};

/**
 * struct sec_target - the process acted on
 * @sd:        its process SD; NULL fails closed
 * @pip_type:  its PIP
 * @pip_trust: ditto
 * @identity:  opaque identity, compared with the subject's
 */
struct sec_target {
	const struct sd *sd;
	uint32_t pip_type;
	uint32_t pip_trust;
	const void *identity;
};

/**
 * struct sec_state - the security state of one machine (in struct pmm_sim)
 * @alloc:   the machine's allocator
 * @profile: the machine's semantic profile
 * @system:  the SYSTEM token (one reference held here)
 * @key_sd:  SDs of the registry-key objects (enum sec_key)
 * @gates:   the gate table in force, [GATE_NR][PMM_PROFILE_NR]
 * @nr_overrides: successful gate_override() calls so far
 */
struct sec_state {
	struct pmm_allocator *alloc;
	enum pmm_profile profile;
	struct pmm_token *system;
	struct sd *key_sd[SEC_KEY_NR];
	struct gate_req *gates;
	unsigned long nr_overrides;
};

/**
 * sec_init() - set up a machine's security state
 * @sec:     to initialise
 * @a:       the machine's allocator
 * @profile: the machine's profile
 * Return: 0, -EINVAL for an unknown profile, -ENOMEM (nothing held).
 */
PMM_MUST_CHECK int sec_init(struct sec_state *sec, struct pmm_allocator *a,
			    enum pmm_profile profile);

/**
 * sec_fini() - release everything sec_init() took; safe on a zeroed state
 * @sec: the state
 */
void sec_fini(struct sec_state *sec);

/**
 * sec_process_access() - the two-check rule (spec 00 §7, §8; KACS §8.1)
 * @sec:     the machine's state
 * @subj:    the caller
 * @target:  the target process
 * @desired: process rights wanted (generic bits allowed)
 * @deny_errno: positive errno to return on refusal
 *
 * The caller's own process (same identity) skips both checks when the
 * proc_self_bypass row is 1 (conflict #17, recommended); with 0 (the
 * address-space page's reading) it goes through them like anyone else.
 * Otherwise: (1) SeDebugPrivilege present and enabled on the effective
 * token passes the SD check and is marked used even if (2) then denies;
 * else AccessCheck of the effective token against the target's SD, with
 * MIC per the mic_enforce row; (2) PIP dominance of the caller's process
 * over the target, never bypassed.
 *
 * Return: 0 or -@deny_errno.
 */
int sec_process_access(struct sec_state *sec, const struct sec_subject *subj,
		       const struct sec_target *target, uint32_t desired,
		       int deny_errno);

/**
 * __sec_process_access() - sec_process_access() with the self rule given:
 * @self_exempt true skips both checks for the caller's own process
 * @sec:     the machine's state
 * @subj:    the caller
 * @target:  the target
 * @desired: rights
 * @deny_errno: errno on refusal
 * @self_exempt: whether same identity passes
 */
int __sec_process_access(struct sec_state *sec, const struct sec_subject *subj,
			 const struct sec_target *target, uint32_t desired,
			 int deny_errno, bool self_exempt);

/**
 * sec_process_owner_access() - the two-check rule without the
 * SeDebugPrivilege bypass: the model of a Linux check on the target's uid
 * ("same owner"), which CAP_SYS_PTRACE does not satisfy
 * @sec:     the machine's state
 * @subj:    the caller
 * @target:  the target (never exempt as the caller's own process)
 * @desired: rights the process SD must grant the effective token
 * @deny_errno: errno on refusal
 *
 * Return: 0 or -@deny_errno.
 */
int sec_process_owner_access(struct sec_state *sec,
			     const struct sec_subject *subj,
			     const struct sec_target *target, uint32_t desired,
			     int deny_errno);

/**
 * sec_value() - a behaviour row's value in the machine's profile
 * @sec: the machine's state
 * @id:  a behaviour row
 */
static inline long sec_value(const struct sec_state *sec, enum gate_id id)
{
	return gate_value(sec, id, sec->profile);
}

/**
 * sec_key_lookup() - a registry-key object by name
 * @name: "vm_sysctl", "ksm", "mm_sysfs" or "damon"
 * Return: enum sec_key, or -ENOENT.
 */
int sec_key_lookup(const char *name);

/**
 * sec_key_name() - the name of key @key, or NULL out of range
 * @key: enum sec_key
 */
const char *sec_key_name(int key);

/**
 * sec_set_key_sd() - replace a key's SD (e.g. a fortress image whose KSM
 * key denies every write, spec 12 rule 20); takes ownership of @sd, which
 * must come from the machine's allocator
 * @sec: the machine's state
 * @key: enum sec_key
 * @sd:  the new SD
 * Return: 0, or -EINVAL for a bad key or NULL @sd (then @sd is not taken).
 */
int sec_set_key_sd(struct sec_state *sec, int key, struct sd *sd);

#endif /* PMM_SEC_SEC_H */
