/* SPDX-License-Identifier: MIT */
/*
 * sec/gate.h - the gate and behaviour table: one row per security-gated
 * operation and per Peios-vs-Linux behaviour, one entry per semantic
 * profile (DESIGN.md "Security", spec/README.md).
 *
 * A *gate row* says what an operation needs in each profile: nothing, a
 * privilege (or a Linux capability answered through the KACS switchboard),
 * a process access right checked by the two-check rule, a combination, a
 * right on a registry-key SD, or an unconditional refusal; plus the errno a
 * refusal returns and whether a passing privilege is recorded in the
 * token's used mask.  A *behaviour row* holds one integer per profile that
 * the rest of the simulator reads (W^X on by default, MAP_SEALABLE needed,
 * the oom_score_adj ratchet, ...), so the linux profile differs from peios
 * only by table values.
 *
 * The compiled table is const (gate.c); each machine keeps a copy in its
 * struct sec_state so a scenario or config can override single rows with
 * gate_override() (text form below).  Every row carries its spec reference.
 */
#ifndef PMM_SEC_GATE_H
#define PMM_SEC_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <peiosmm/sim.h>

struct pmm_token;
struct sec_state;
struct sec_subject;
struct sec_target;

/*
 * The rows.  X(ID, "name"): ID becomes GATE_<ID>, "name" is the row's name
 * in scenarios, overrides and events.  Order is free; names are unique.
 */
#define GATE_LIST(X)                                                         \
	/* privilege gates on the caller's own operation */                  \
	X(MLOCK_OVER_QUOTA, "mlock_over_quota")                              \
	X(MAP_LOCKED_OVER_QUOTA, "map_locked_over_quota")                    \
	X(SHM_LOCK, "shm_lock")                                              \
	X(SHM_LOCK_OVER_QUOTA, "shm_lock_over_quota")                        \
	X(SHM_HUGETLB, "shm_hugetlb")                                        \
	X(RLIMIT_RAISE_HARD, "rlimit_raise_hard")                            \
	X(MMAP_MIN_ADDR, "mmap_min_addr")                                    \
	X(PAGEMAP_PFN, "pagemap_pfn")                                        \
	X(OOM_SCORE_ADJ_LOWER, "oom_score_adj_lower")                        \
	X(OVERCOMMIT_ADMIN_RESERVE, "overcommit_admin_reserve")              \
	X(USERFAULTFD_KERNEL, "userfaultfd_kernel")                          \
	X(UFFD_EVENT_FORK, "uffd_event_fork")                                \
	X(SWAPON, "swapon")                                                  \
	X(SWAPOFF, "swapoff")                                                \
	X(SWAPON_REMOTE, "swapon_remote")                                    \
	X(ZRAM_CREATE, "zram_create")                                        \
	X(MADV_HWPOISON, "madv_hwpoison")                                    \
	X(MBIND_MOVE_ALL, "mbind_move_all")                                  \
	X(MOVE_PAGES_MOVE_ALL, "move_pages_move_all")                        \
	X(MIGRATE_SHARED_PAGES, "migrate_shared_pages")                      \
	X(NODE_RECLAIM, "node_reclaim")                                      \
	X(IMPERSONATE, "impersonate")                                        \
	/* registry-key (sysctl, sysfs) writes and restricted reads */       \
	X(SYSCTL_WRITE, "sysctl_write")                                      \
	X(SYSCTL_WRITE_RAWIO, "sysctl_write_rawio")                          \
	X(SYSCTL_WRITE_SYSADMIN, "sysctl_write_sysadmin")                    \
	X(SYSCTL_READ_RESTRICTED, "sysctl_read_restricted")                  \
	X(KSM_SYSCTL_WRITE, "ksm_sysctl_write")                              \
	X(MM_SYSFS_WRITE, "mm_sysfs_write")                                  \
	X(DAMON_CONTROL, "damon_control")                                    \
	/* cross-process: the two-check rule (spec 00 §7) */                 \
	X(PROC_MAPS_READ, "proc_maps_read")                                  \
	X(PROC_NUMA_MAPS_READ, "proc_numa_maps_read")                        \
	X(PROC_SMAPS_READ, "proc_smaps_read")                                \
	X(PROC_PAGEMAP_READ, "proc_pagemap_read")                            \
	X(PROC_MEM_READ, "proc_mem_read")                                    \
	X(PROC_MEM_WRITE, "proc_mem_write")                                  \
	X(PROC_STATUS_READ, "proc_status_read")                              \
	X(PROC_CMDLINE_READ, "proc_cmdline_read")                            \
	X(PROC_STAT_READ, "proc_stat_read")                                  \
	X(PROC_ENVIRON_READ, "proc_environ_read")                            \
	X(PROC_FD_LIST, "proc_fd_list")                                      \
	X(OOM_SCORE_READ, "oom_score_read")                                  \
	X(OOM_SCORE_ADJ_READ, "oom_score_adj_read")                          \
	X(OOM_SCORE_ADJ_WRITE_OTHER, "oom_score_adj_write_other")            \
	X(PROC_CLEAR_REFS_WRITE, "proc_clear_refs_write")                    \
	X(PROC_KSM_STAT_READ, "proc_ksm_stat_read")                          \
	X(DAMON_READ_OTHER, "damon_read_other")                              \
	X(PROCESS_VM_READV, "process_vm_readv")                              \
	X(PROCESS_VM_WRITEV, "process_vm_writev")                            \
	X(PROCESS_MADVISE, "process_madvise")                                \
	X(MIGRATE_PAGES_OTHER, "migrate_pages_other")                        \
	X(MOVE_PAGES_OTHER, "move_pages_other")                              \
	X(PROCESS_MRELEASE, "process_mrelease")                              \
	X(PTRACE_ATTACH, "ptrace_attach")                                    \
	X(PTRACE_READ, "ptrace_read")                                        \
	X(PIDFD_OPEN, "pidfd_open")                                          \
	X(PIDFD_GETFD, "pidfd_getfd")                                        \
	X(OPEN_PROCESS_TOKEN, "open_process_token")                          \
	X(ADJUST_PRIVILEGES_OTHER, "adjust_privileges_other")                \
	X(PRLIMIT_READ_OTHER, "prlimit_read_other")                          \
	X(PRLIMIT_WRITE_OTHER, "prlimit_write_other")                        \
	X(KILL, "kill")                                                      \
	X(KILL_SIGNAL, "kill_signal")                                        \
	X(KILL_SUSPEND, "kill_suspend")                                      \
	X(KILL_PROBE, "kill_probe")                                          \
	X(SET_PSB_OTHER, "set_psb_other")                                    \
	X(SCHED_SETAFFINITY_OTHER, "sched_setaffinity_other")                \
	X(UFFD_REGISTER_OTHER, "uffd_register_other")                        \
	/* behaviour rows: one integer per profile */                        \
	X(PROC_SELF_BYPASS, "proc_self_bypass")                              \
	X(MIC_ENFORCE, "mic_enforce")                                        \
	X(TOKEN_RESERVED_PRIVILEGES, "token_reserved_privileges")            \
	X(WX_ENFORCE, "wx_enforce")                                          \
	X(WX_RULE, "wx_rule")                                                \
	X(WXP_ENABLE_REFUSED_IF_WX, "wxp_enable_refused_if_wx")              \
	X(MAP_SEALABLE_REQUIRED, "map_sealable_required")                    \
	X(MAP_UNINITIALIZED_EINVAL, "map_uninitialized_einval")              \
	X(MSEAL_PRECHECK, "mseal_precheck")                                  \
	X(FACS_USE_TIME, "facs_use_time")                                    \
	X(MLOCK_ZERO_LIMIT_EPERM, "mlock_zero_limit_eperm")                  \
	X(MLOCK_FORK_INHERIT, "mlock_fork_inherit")                          \
	X(MLOCK_FUTURE_FORK_INHERIT, "mlock_future_fork_inherit")            \
	X(MEMFD_NOEXEC_DEFAULT_SEAL, "memfd_noexec_default_seal")            \
	X(MEMFD_NOEXEC_SEAL_BLOCKS_EXEC_MMAP,                                \
	  "memfd_noexec_seal_blocks_exec_mmap")                              \
	X(MEMFD_SECRET_SHARED_WRITE_DENIED, "memfd_secret_shared_write_denied") \
	X(MEMFD_SECRET_REQUIRES_SHARED, "memfd_secret_requires_shared")      \
	X(MEMFD_SECRET_IMPLICIT_LOCK, "memfd_secret_implicit_lock")          \
	X(OOM_SCORE_ADJ_RATCHET, "oom_score_adj_ratchet")                    \
	X(OOM_SCORE_ADJ_FANOUT_FAIL, "oom_score_adj_fanout_fail")            \
	X(COMMIT_CHARGE_ON_TOUCH, "commit_charge_on_touch")                  \
	X(MAP_NORESERVE_STRICT_HONOURED, "map_noreserve_strict_honoured")    \
	X(ASLR_LEVEL1_RANDOMIZES_PIE, "aslr_level1_randomizes_pie")          \
	X(ASLR_STACK_RANGE, "aslr_stack_range")                              \
	X(ASLR_MMAP_RANGE, "aslr_mmap_range")                                \
	X(UFFD_USER_MODE_KERNEL_FAULT_EFAULT,                                \
	  "uffd_user_mode_kernel_fault_efault")                              \
	X(UFFD_EVENTS_BLOCK, "uffd_events_block")                            \
	X(THP_HINT_SURVIVES_EXEC, "thp_hint_survives_exec")                  \
	X(KSM_SKIP_HUGE, "ksm_skip_huge")                                    \
	X(PKEY_FREE0_EINVAL, "pkey_free0_einval")                            \
	X(PKEYS_NOHW_ENOSYS, "pkeys_nohw_enosys")                            \
	X(SYSV_SHM_MODE_DACL, "sysv_shm_mode_dacl")                          \
	X(SYSV_SHM_GET_RIGHT, "sysv_shm_get_right")                          \
	X(SYSV_SHM_GET_MODE_CHECK, "sysv_shm_get_mode_check")                \
	X(SYSV_SHM_STAT_RIGHT, "sysv_shm_stat_right")                        \
	X(SYSV_SHM_STAT_ANY_RIGHT, "sysv_shm_stat_any_right")                \
	X(SYSV_SHM_SET_RIGHT, "sysv_shm_set_right")                          \
	X(SYSV_SHM_LOCK_RIGHT, "sysv_shm_lock_right")                        \
	X(SYSV_SHM_LOCK_CAP_BYPASS, "sysv_shm_lock_cap_bypass")              \
	X(SYSV_SHM_OWNER_ERRNO, "sysv_shm_owner_errno")                      \
	X(SYSV_SHM_SET_OWNER_EINVAL, "sysv_shm_set_owner_einval")            \
	X(SYSV_SHM_ATTACH_REMOVED, "sysv_shm_attach_removed")                \
	X(SYSV_SHM_PROC_FILTER_RIGHT, "sysv_shm_proc_filter_right")

/**
 * enum gate_id - the rows of the table (see GATE_LIST)
 */
enum gate_id {
#define GATE_ENUM_(id, name) GATE_##id,
	GATE_LIST(GATE_ENUM_)
#undef GATE_ENUM_
	GATE_NR
};

/**
 * enum gate_kind - what one profile's entry of a row requires
 * @GATE_NONE:          nothing; always allowed
 * @GATE_PRIV:          a privilege (or capability) on the effective token
 * @GATE_RIGHT:         a process right on the target, by the two-check rule
 *                      (process SD AccessCheck or SeDebug, then PIP)
 * @GATE_RIGHT_OR_PRIV: the right by the process SD alone, with no
 *                      SeDebugPrivilege bypass (the model of a uid match,
 *                      which CAP_SYS_PTRACE does not satisfy), then PIP;
 *                      failing that, the privilege (Linux's "same owner
 *                      or CAP_X" checks: prlimit, sched_setaffinity)
 * @GATE_PRIV_AND_RIGHT: both; the privilege is checked first
 * @GATE_RIGHT_AND_PRIV: both; the right is checked first (its errno wins)
 * @GATE_KEY:           a right on one of the machine's registry-key SDs,
 *                      AccessCheck with the effective token (no PIP)
 * @GATE_DENY:          always refused
 * @GATE_VALUE:         behaviour row: no check, an integer
 *
 * Kinds with a right are cross-process: a NULL target, or the caller's own
 * process, passes the whole entry (spec 00 §7 "operations on the caller's
 * own process skip both checks"), except that /proc rows (GATE_F_PROC)
 * follow the proc_self_bypass behaviour row.
 */
enum gate_kind {
	GATE_NONE,
	GATE_PRIV,
	GATE_RIGHT,
	GATE_RIGHT_OR_PRIV,
	GATE_PRIV_AND_RIGHT,
	GATE_RIGHT_AND_PRIV,
	GATE_KEY,
	GATE_DENY,
	GATE_VALUE,
	GATE_KIND_NR
};

/**
 * enum sec_key - the registry-key (and key-like sysfs) objects the machine
 * keeps an SD for; their default DACL grants write to TCB-tier identities
 * (SYSTEM and BUILTIN\Administrators, spec 06 §11, 12 §5)
 * @SEC_KEY_VM_SYSCTL: every vm./kernel. memory sysctl (ksyncd-applied)
 * @SEC_KEY_KSM:       the KSM key and /sys/kernel/mm/ksm/ (spec 12 §5)
 * @SEC_KEY_MM_SYSFS:  THP and hugepage sysfs knobs (spec 04 rule 24)
 * @SEC_KEY_DAMON:     DAMON configuration (spec 15 §2)
 */
enum sec_key {
	SEC_KEY_VM_SYSCTL,
	SEC_KEY_KSM,
	SEC_KEY_MM_SYSFS,
	SEC_KEY_DAMON,
	SEC_KEY_NR
};

/**
 * struct gate_req - one profile's entry of a row
 * @kind:     enum gate_kind
 * @priv:     privilege LUID for the privilege part, or -1
 * @cap:      Linux capability for the privilege part (answered by the KACS
 *            switchboard, pmm_capable()), or -1; at most one of @priv/@cap
 * @key:      enum sec_key for GATE_KEY
 * @record:   a passing privilege part sets the token's used bit (spec 00
 *            §4); false where the privilege only stands in for "uid 0"
 *            in the linux profile's DAC checks
 * @right:    process right (GATE_RIGHT*, GATE_*_AND_*) or key right
 *            (GATE_KEY); generic bits are mapped
 * @err:      errno (positive) returned negated on refusal
 * @priv_err: errno when the privilege part refuses in a *_AND_* kind;
 *            0 = @err
 * @value:    GATE_VALUE only
 */
struct gate_req {
	uint8_t kind;
	int8_t priv;
	int8_t cap;
	uint8_t key;
	bool record;
	uint32_t right;
	int16_t err;
	int16_t priv_err;
	long value;
};

/* Row flags. */
#define GATE_F_PROC  0x1u	/* /proc/<pid> file: self per proc_self_bypass */
#define GATE_F_VALUE 0x2u	/* behaviour row */

/**
 * struct gate_row - a row of the compiled table
 * @id:    its enum gate_id (equal to its index)
 * @name:  unique name
 * @flags: GATE_F_*
 * @ref:   spec reference, e.g. "spec 00 §10; spec 13 rules 2-5"
 * @req:   the entry for each enum pmm_profile
 */
struct gate_row {
	enum gate_id id;
	const char *name;
	unsigned int flags;
	const char *ref;
	struct gate_req req[PMM_PROFILE_NR];
};

/* Values of the wx_rule behaviour row. */
#define GATE_WX_CURRENT 1	/* page: compare the current protection */
#define GATE_WX_HISTORY 2	/* KACS: "ever writable" / "ever executable" */
#define GATE_WX_MDWE	3	/* Linux PR_SET_MDWE: no exec gain at all */

/* Values of the sysv_shm_mode_dacl behaviour row. */
#define GATE_SYSV_DACL_KACS	0	/* creator, Administrators, SYSTEM */
#define GATE_SYSV_DACL_MODE	1	/* from the mode bits (IPC page) */
#define GATE_SYSV_DACL_MODE_ROOT 2	/* mode bits, and SYSTEM and
					 * Administrators as Linux's root
					 * (CAP_IPC_OWNER, CAP_SYS_ADMIN) */

/* ---- provided by gate.c -------------------------------------------------- */

/**
 * gate_row() - the compiled (default) row @id
 * @id: a row; out of range is a bug
 * Return: the row, never NULL.
 */
const struct gate_row *gate_row(enum gate_id id);

/**
 * gate_lookup_name() - find a row by name
 * @name: e.g. "swapon"
 * Return: the compiled row, or NULL when no row has that name.
 */
const struct gate_row *gate_lookup_name(const char *name);

/**
 * gate_req() - the entry in force for @id in @profile
 * @sec:     the machine's state (overrides applied), or NULL for the
 *           compiled table
 * @id:      the row
 * @profile: a profile
 * Return: the entry, never NULL.
 */
const struct gate_req *gate_req(const struct sec_state *sec, enum gate_id id,
				enum pmm_profile profile);

/**
 * gate_check() - run gate @id for a subject acting on a target
 * @sec:    the machine's security state; its profile selects the entry
 * @id:     a gate row (not a behaviour row)
 * @subj:   the caller
 * @target: the target process for cross-process operations, NULL when the
 *          operation acts on the caller itself (then rights never apply)
 *
 * Privilege parts use the effective token and set the used bit when the
 * entry says so and the privilege passes (spec 00 §4); a missing effective
 * token fails closed.  Right parts run the two-check rule
 * (sec_process_access()), whose SeDebug bypass always records use.
 *
 * Return: 0, or the entry's negative errno.
 */
int gate_check(struct sec_state *sec, enum gate_id id,
	       const struct sec_subject *subj, const struct sec_target *target);

/**
 * gate_check_token() - gate_check() for a gate with no target, checked on
 * @tok (e.g. SeImpersonatePrivilege on the caller's primary token)
 * @sec: the machine's security state
 * @id:  a gate row
 * @tok: the token to check; NULL fails closed
 * Return: 0 or the entry's negative errno.
 */
int gate_check_token(struct sec_state *sec, enum gate_id id,
		     struct pmm_token *tok);

/**
 * gate_value() - a behaviour row's value
 * @sec:     the machine's state (overrides applied), or NULL for the
 *           compiled table
 * @id:      a behaviour row (GATE_F_VALUE); a gate row is a bug
 * @profile: the profile whose value is wanted
 */
long gate_value(const struct sec_state *sec, enum gate_id id,
		enum pmm_profile profile);

/**
 * gate_override() - change one row of a machine's table
 * @sec:  the machine's security state
 * @name: the row's name
 * @text: the new entry, as space-separated words:
 *
 *   kind=none|privilege|right|right_or_privilege|privilege_and_right|
 *        right_and_privilege|key|deny   (optional, see below)
 *   privilege=<SeXxxPrivilege or LUID>   cap=<CAP_XXX or number>
 *   right=<NAME[|NAME...] or number>     (PROCESS_*, KEY_*, standard and
 *        generic rights; PROCESS_SET_QUOTA and
 *        PROCESS_QUERY_LIMITED_INFORMATION are accepted as aliases of
 *        PROCESS_SET_INFORMATION and PROCESS_QUERY_LIMITED)
 *   key=vm_sysctl|ksm|mm_sysfs|damon
 *   errno=<EPERM or number>   priv_errno=<...>   record=0|1
 *   value=<integer>                      (behaviour rows only)
 *   profile=peios|peios-kacs|linux       (default: the machine's profile)
 *   default                              (back to the compiled entry)
 *
 *   e.g. "privilege=SeTcbPrivilege errno=EPERM", "right=PROCESS_VM_WRITE",
 *   "kind=deny errno=EACCES", "value=0", "profile=linux cap=CAP_SYS_ADMIN".
 *
 * Fields not given keep their current value; fields the final kind does
 * not use are cleared.  Without kind=, an entry that already combines a
 * privilege and a right keeps its kind; otherwise giving only a privilege
 * (or cap) makes it a privilege gate, only a right a right gate (a key gate
 * if it was one or key= is given), both a privilege_and_right gate, and
 * neither keeps the kind.  Every kind but none needs an errno (1..4095);
 * privilege kinds need a catalog privilege or a known capability (a
 * privilege entry newly made records use unless record=0), right kinds a
 * non-zero right, key kinds a key.
 *
 * Return: 0; -ENOENT for an unknown row; -EINVAL for a malformed or
 * inconsistent entry, in which case nothing changes.
 */
int gate_override(struct sec_state *sec, const char *name, const char *text);

/**
 * gate_describe() - an entry in gate_override()'s text form
 * @row:  the row (decides between value and gate wording)
 * @req:  the entry, e.g. from gate_req()
 * @buf:  destination, NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Feeding the text back to gate_override() reproduces @req.
 *
 * Return: the length the full text needs, like snprintf().
 */
size_t gate_describe(const struct gate_row *row, const struct gate_req *req,
		     char *buf, size_t size);

/**
 * gate_table_init() - give @sec its own copy of the compiled table
 * @sec: state with ->alloc set
 * Return: 0 or -ENOMEM.  Called by sec_init().
 */
int gate_table_init(struct sec_state *sec);

/**
 * gate_table_fini() - free @sec's table
 * @sec: the state
 */
void gate_table_fini(struct sec_state *sec);

/**
 * gate_capability_name() - "CAP_IPC_LOCK" for 14
 * @cap: capability number
 * Return: the name, or NULL for an unknown number.
 */
const char *gate_capability_name(int cap);

/**
 * gate_errno_name() - "EPERM" for 1
 * @err: a positive errno
 * Return: the name, or NULL when the table does not know it.
 */
const char *gate_errno_name(int err);

#endif /* PMM_SEC_GATE_H */
