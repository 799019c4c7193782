/* SPDX-License-Identifier: MIT */
/*
 * peiosmm/task.h - security tokens, processes and threads.
 *
 * Tokens carry the Peios privilege state (four 64-bit masks: present,
 * enabled, enabled-by-default, used), a user SID, groups and an integrity
 * level.  A process has a primary token, a process security descriptor, a
 * PIP type/trust pair, rlimits and an oom_score_adj; each thread may
 * impersonate another token.  Threads are named by a machine-wide tid; a
 * process's pid is the tid of its main thread, as in Linux.
 *
 * Every call that a task makes names the calling thread (@tid).  Returns are
 * 0 (or >= 0) on success, a negative errno on failure, and a failed call
 * changes nothing.
 */
#ifndef PEIOSMM_TASK_H
#define PEIOSMM_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t pmm_pid_t;
struct pmm_token;

/* ---- privileges (the LUID is the bit number, spec 00 §2) ------------------ */

#define PMM_PRIV_MAX 64
#define PMM_SE_CREATE_TOKEN		2
#define PMM_SE_ASSIGN_PRIMARY_TOKEN	3
#define PMM_SE_LOCK_MEMORY		4
#define PMM_SE_INCREASE_QUOTA		5
#define PMM_SE_MACHINE_ACCOUNT		6
#define PMM_SE_TCB			7
#define PMM_SE_SECURITY			8
#define PMM_SE_TAKE_OWNERSHIP		9
#define PMM_SE_LOAD_DRIVER		10
#define PMM_SE_SYSTEM_PROFILE		11
#define PMM_SE_SYSTEMTIME		12
#define PMM_SE_PROFILE_SINGLE_PROCESS	13
#define PMM_SE_INCREASE_BASE_PRIORITY	14
#define PMM_SE_CREATE_PAGEFILE		15
#define PMM_SE_CREATE_PERMANENT		16
#define PMM_SE_BACKUP			17
#define PMM_SE_RESTORE			18
#define PMM_SE_SHUTDOWN			19
#define PMM_SE_DEBUG			20
#define PMM_SE_AUDIT			21
#define PMM_SE_SYSTEM_ENVIRONMENT	22
#define PMM_SE_CHANGE_NOTIFY		23
#define PMM_SE_REMOTE_SHUTDOWN		24
#define PMM_SE_UNDOCK			25
#define PMM_SE_SYNC_AGENT		26
#define PMM_SE_ENABLE_DELEGATION	27
#define PMM_SE_MANAGE_VOLUME		28
#define PMM_SE_IMPERSONATE		29
#define PMM_SE_CREATE_GLOBAL		30
#define PMM_SE_TRUSTED_CRED_MAN_ACCESS	31
#define PMM_SE_RELABEL			32
#define PMM_SE_INCREASE_WORKING_SET	33
#define PMM_SE_TIME_ZONE		34
#define PMM_SE_CREATE_SYMBOLIC_LINK	35
#define PMM_SE_CREATE_JOB		62
#define PMM_SE_BIND_PRIVILEGED_PORT	63

/* AdjustPrivileges attributes (KACS_IOC_ADJUST_PRIVS) */
#define PMM_SE_PRIVILEGE_ENABLED	0x00000002u
#define PMM_SE_PRIVILEGE_REMOVED	0x00000004u
#define PMM_PRIV_RESET_ALL_DEFAULTS	0x80000000u

/* Mandatory integrity levels (RIDs of S-1-16-x). */
#define PMM_IL_UNTRUSTED 0x0000
#define PMM_IL_LOW	 0x1000
#define PMM_IL_MEDIUM	 0x2000
#define PMM_IL_HIGH	 0x3000
#define PMM_IL_SYSTEM	 0x4000

/**
 * pmm_privilege_name() - catalog name of privilege @luid ("SeTcbPrivilege")
 * @luid: bit number 0..63
 * Return: the name, or NULL when the bit holds no catalog privilege.
 */
PMM_API const char *pmm_privilege_name(unsigned int luid);

/**
 * pmm_privilege_lookup() - the LUID of a catalog privilege name
 * @name: e.g. "SeLockMemoryPrivilege"
 * Return: 2..63, or -ENOENT.
 */
PMM_API int pmm_privilege_lookup(const char *name);

/**
 * pmm_privilege_catalog_mask() - every bit that holds a catalog privilege
 */
PMM_API uint64_t pmm_privilege_catalog_mask(void);

/**
 * pmm_privilege_issuable_mask() - the catalog privileges a token minted by
 * pmm_token_create() may hold on @sim: the catalog less the privileges the
 * profile reserves (authd refuses those, spec 00 §2)
 * @sim: the machine; NULL gives 0
 */
PMM_API uint64_t pmm_privilege_issuable_mask(struct pmm_sim *sim);

/* ---- access rights and DACL entries (spec 00 §6) ------------------------ */

/* Process rights (KACS v0.22 §5.3); 0x4, 0x8, 0x80, 0x100 are unused. */
#define PMM_PROCESS_TERMINATE		0x00000001u
#define PMM_PROCESS_SIGNAL		0x00000002u
#define PMM_PROCESS_VM_READ		0x00000010u
#define PMM_PROCESS_VM_WRITE		0x00000020u
#define PMM_PROCESS_DUP_HANDLE		0x00000040u
#define PMM_PROCESS_SET_INFORMATION	0x00000200u
#define PMM_PROCESS_QUERY_INFORMATION	0x00000400u
#define PMM_PROCESS_SUSPEND_RESUME	0x00000800u
#define PMM_PROCESS_QUERY_LIMITED	0x00001000u
#define PMM_PROCESS_ALL_ACCESS		0x001F1FFFu

/* Standard and generic rights, common to every object type. */
#define PMM_DELETE			0x00010000u
#define PMM_READ_CONTROL		0x00020000u
#define PMM_WRITE_DAC			0x00040000u
#define PMM_WRITE_OWNER			0x00080000u
#define PMM_SYNCHRONIZE			0x00100000u
#define PMM_GENERIC_ALL			0x10000000u
#define PMM_GENERIC_EXECUTE		0x20000000u
#define PMM_GENERIC_WRITE		0x40000000u
#define PMM_GENERIC_READ		0x80000000u

#define PMM_ACE_ALLOW	0
#define PMM_ACE_DENY	1

/**
 * struct pmm_ace - one entry of a DACL (a process's, pmm_process_set_dacl();
 * a file's, pmm_file_create() and pmm_file_set_dacl() in peiosmm/fs.h)
 * @type:      PMM_ACE_ALLOW or PMM_ACE_DENY
 * @principal: a user or group name ("alice", "Everyone", "Administrators",
 *             "SYSTEM", "Users") or a SID string ("S-1-5-18")
 * @mask:      rights of the object type (PMM_PROCESS_* or PMM_FILE_*), the
 *             standard rights, and PMM_GENERIC_* bits, which are mapped by
 *             the object type's generic mapping when access is checked
 *
 * Entries are read in order and the first that names a right for one of
 * the caller's SIDs decides it (Windows's DACL walk), so deny entries go
 * first in a canonical DACL.
 */
struct pmm_ace {
	int type;
	const char *principal;
	uint32_t mask;
};

/**
 * struct pmm_token_config - what a new token is minted with
 * @user:       symbolic user name; each name maps to its own deterministic
 *              SID; "SYSTEM" is S-1-5-18; NULL = "user"
 * @groups:     symbolic group names ("Administrators" is S-1-5-32-544,
 *              "Everyone" S-1-1-0 is implied), NULL-terminated; may be NULL
 * @integrity:  PMM_IL_*; 0 means PMM_IL_UNTRUSTED, so set it
 * @privileges: privileges present (and enabled unless in @disabled);
 *              only catalog bits are accepted
 * @disabled:   present but not enabled by default; must be within
 *              @privileges | the default-granted ones
 * @no_default_privileges: do not add the default-granted privileges
 *              (SeChangeNotify, SeCreateSymbolicLink), as FilterToken can
 */
struct pmm_token_config {
	const char *user;
	const char *const *groups;
	uint32_t integrity;
	uint64_t privileges;
	uint64_t disabled;
	bool no_default_privileges;
};

/**
 * struct pmm_token_privs - the four privilege masks of a token (spec 00 §3)
 */
struct pmm_token_privs {
	uint64_t present;
	uint64_t enabled;
	uint64_t enabled_by_default;
	uint64_t used;
};

/**
 * struct pmm_priv_adjust - one entry of an AdjustPrivileges request
 * @luid:       privilege bit 0..63
 * @attributes: 0 (disable), PMM_SE_PRIVILEGE_ENABLED, PMM_SE_PRIVILEGE_REMOVED,
 *              or PMM_PRIV_RESET_ALL_DEFAULTS with @luid 0 as the only entry
 */
struct pmm_priv_adjust {
	uint32_t luid;
	uint32_t attributes;
};

/**
 * pmm_token_create() - mint a token (as authd would)
 * @sim: the machine
 * @cfg: what the token carries
 * @out: receives a reference; drop it with pmm_token_put()
 * Return: 0, -EINVAL for an invalid @cfg, -ENOMEM.
 */
PMM_API int pmm_token_create(struct pmm_sim *sim,
			     const struct pmm_token_config *cfg,
			     struct pmm_token **out);

/**
 * pmm_token_system() - a new reference to the machine's SYSTEM token
 * @sim: the machine
 *
 * SYSTEM (S-1-5-18, integrity System) holds every catalog privilege, present
 * and enabled.  Drop the reference with pmm_token_put().
 */
PMM_API struct pmm_token *pmm_token_system(struct pmm_sim *sim);

/**
 * pmm_token_duplicate() - DuplicateToken: a new token with the same masks
 * @tok: source
 * @out: receives the copy (all four masks copied exactly, spec 00 rule 11)
 * Return: 0 or -ENOMEM.
 */
PMM_API int pmm_token_duplicate(struct pmm_token *tok, struct pmm_token **out);

/**
 * pmm_token_filter() - FilterToken: a copy with the privileges in @remove
 * removed
 * @tok:    source
 * @remove: privilege bits to remove (absent ones are ignored)
 * @out:    receives the new token
 * Return: 0 or -ENOMEM.
 */
PMM_API int pmm_token_filter(struct pmm_token *tok, uint64_t remove,
			     struct pmm_token **out);

/**
 * pmm_token_get() - take another reference to @tok
 * @tok: the token
 * Return: @tok.
 */
PMM_API struct pmm_token *pmm_token_get(struct pmm_token *tok);

/**
 * pmm_token_put() - drop a reference; the last one frees the token
 * @tok: the token, or NULL (no-op)
 */
PMM_API void pmm_token_put(struct pmm_token *tok);

/**
 * pmm_token_privileges() - read the four privilege masks
 * @tok: the token
 * @out: receives them
 */
PMM_API void pmm_token_privileges(const struct pmm_token *tok,
				  struct pmm_token_privs *out);

/**
 * pmm_token_modified_id() - counter bumped by every AdjustPrivileges
 * @tok: the token
 */
PMM_API uint64_t pmm_token_modified_id(const struct pmm_token *tok);

/**
 * pmm_token_integrity() - the token's mandatory integrity level (PMM_IL_*)
 * @tok: the token
 */
PMM_API uint32_t pmm_token_integrity(const struct pmm_token *tok);

/**
 * pmm_token_adjust_privileges() - AdjustPrivileges (KACS_IOC_ADJUST_PRIVS)
 * @tok:     the token
 * @adj:     entries, validated all before any is applied
 * @count:   1..64
 * @previous_enabled: if not NULL, receives the enabled mask before the call
 *
 * Validation follows KACS v0.22: duplicates, unknown attribute bits,
 * ENABLED|REMOVED together, enabling an absent privilege, or the reset
 * sentinel beside other entries make the whole call fail.  Disabling or
 * removing an absent privilege is a no-op.  A successful call that changes
 * a mask bumps the modified id.
 *
 * Return: 0, or -EINVAL with the token unchanged.
 */
PMM_API int pmm_token_adjust_privileges(struct pmm_token *tok,
					const struct pmm_priv_adjust *adj,
					unsigned int count,
					uint64_t *previous_enabled);

/**
 * pmm_token_privilege_check() - the kernel's privilege check (spec 00 §4)
 * @tok:  the effective token
 * @luid: the privilege
 *
 * True when @luid is present and enabled; then its used bit is set.  A
 * failed check marks nothing.
 */
PMM_API bool pmm_token_privilege_check(struct pmm_token *tok,
				       unsigned int luid);

/**
 * pmm_capable() - security_capable() through the KACS switchboard
 * @tok: the effective token
 * @cap: Linux capability number (CAP_IPC_LOCK = 14, ...)
 *
 * ALLOW-class capabilities are always granted, DENY-class and unknown
 * numbers never, PRIVILEGE-class ones iff the mapped privilege passes
 * pmm_token_privilege_check() (spec 00 §4.5, rule 15).
 */
PMM_API bool pmm_capable(struct pmm_token *tok, int cap);

/* ---- processes and threads ------------------------------------------------ */

/* Resource limits we model; values are Linux's RLIMIT_* numbers. */
#define PMM_RLIMIT_DATA		2
#define PMM_RLIMIT_STACK	3
#define PMM_RLIMIT_NOFILE	7
#define PMM_RLIMIT_MEMLOCK	8
#define PMM_RLIMIT_AS		9
#define PMM_RLIMIT_NLIMITS	16
#define PMM_RLIM_INFINITY	(~(uint64_t)0)

/** struct pmm_rlimit - one soft/hard limit pair */
struct pmm_rlimit {
	uint64_t cur;
	uint64_t max;
};

/**
 * struct pmm_process_config - a process started from nothing (as peinit
 * would start a service)
 * @token:         primary token (the process takes its own reference);
 *                 NULL = a token for user "user", medium integrity,
 *                 default privileges only
 * @pip_type:      PIP type: 0 None, 512 Protected, 1024 Isolated
 * @pip_trust:     PIP trust level
 * @rlim:          limits; entries whose @rlim_set bit is clear take the
 *                 Linux defaults (RLIMIT_MEMLOCK 8 MiB, RLIMIT_STACK 8 MiB
 *                 soft / unlimited hard, others unlimited, NOFILE 1024/4096)
 * @rlim_set:      bit r set = @rlim[r] is given
 * @oom_score_adj: -1000..1000
 * @comm:          command name (15 bytes kept), NULL = "proc"
 */
struct pmm_process_config {
	struct pmm_token *token;
	uint32_t pip_type;
	uint32_t pip_trust;
	struct pmm_rlimit rlim[PMM_RLIMIT_NLIMITS];
	uint32_t rlim_set;
	int oom_score_adj;
	const char *comm;
};

/**
 * pmm_process_config_init() - defaults for pmm_process_create()
 * @cfg: to fill
 */
PMM_API void pmm_process_config_init(struct pmm_process_config *cfg);

/**
 * pmm_process_create() - start a process with one thread
 * @sim: the machine
 * @cfg: as described above
 * @pid: receives the new pid (pids are allocated deterministically from
 *       1 upward, skipping ones in use, wrapping at pid_max 4194304)
 * Return: 0, -EINVAL, -EAGAIN (no free pid), -ENOMEM.
 */
PMM_API int pmm_process_create(struct pmm_sim *sim,
			       const struct pmm_process_config *cfg,
			       pmm_pid_t *pid);

/**
 * pmm_thread_create() - add a thread to the process of @tid (clone with
 * CLONE_THREAD); it shares the primary token and does not impersonate
 * @sim: the machine
 * @tid: any thread of the process
 * @out: receives the new thread's tid
 * Return: 0, -ESRCH, -EAGAIN, -ENOMEM.
 */
PMM_API int pmm_thread_create(struct pmm_sim *sim, pmm_pid_t tid,
			      pmm_pid_t *out);

/**
 * pmm_fork() - fork the process of thread @tid
 * @sim:   the machine
 * @tid:   the calling thread
 * @child: receives the child's pid
 *
 * The child gets a deep copy of the parent's primary token (never an
 * impersonation token), a new default process SD owned by the parent's
 * primary user, the parent's PIP, rlimits and oom_score_adj.
 *
 * Return: 0, -ESRCH, -EAGAIN, -ENOMEM.
 */
PMM_API int pmm_fork(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t *child);

/**
 * pmm_exit() - exit_group() of the process of @tid
 * @sim:  the machine
 * @tid:  the calling thread
 * @code: exit status
 * Return: 0 or -ESRCH.
 */
PMM_API int pmm_exit(struct pmm_sim *sim, pmm_pid_t tid, int code);

/**
 * pmm_kill() - kill(@target, @sig) by thread @tid
 * @sim:    the machine
 * @tid:    the calling thread
 * @target: the process; @sig 0 only probes
 * @sig:    0, or a signal number 1..64; SIGKILL and other terminating
 *          signals end the target (this model has no handlers)
 *
 * Cross-process signals pass the two-check rule: PROCESS_TERMINATE (or
 * PROCESS_SIGNAL / PROCESS_SUSPEND_RESUME by signal class, PROCESS_QUERY_LIMITED
 * for signal 0) on the target's SD, and PIP dominance.
 *
 * Return: 0, -EINVAL, -ESRCH, -EPERM.
 */
PMM_API int pmm_kill(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target,
		     int sig);

/**
 * pmm_impersonate() - make thread @tid run on @tok until pmm_revert()
 * @sim: the machine
 * @tid: the thread
 * @tok: the impersonation token (the thread takes a reference)
 *
 * Needs SeImpersonatePrivilege on the process's primary token unless @tok
 * is for the same user at no higher integrity (a token may always
 * impersonate itself down), as the KACS impersonation rule states.
 *
 * Return: 0, -ESRCH, -EPERM.
 */
PMM_API int pmm_impersonate(struct pmm_sim *sim, pmm_pid_t tid,
			    struct pmm_token *tok);

/**
 * pmm_revert() - end thread @tid's impersonation (no-op when not impersonating)
 * @sim: the machine
 * @tid: the thread
 * Return: 0 or -ESRCH.
 */
PMM_API int pmm_revert(struct pmm_sim *sim, pmm_pid_t tid);

/**
 * pmm_adjust_privileges() - AdjustPrivileges on a process's primary token,
 * called by thread @tid
 * @sim:    the machine
 * @tid:    the calling thread
 * @target: the process whose token is adjusted; 0 = the caller's own
 * @adj:    entries, see pmm_token_adjust_privileges()
 * @count:  number of entries
 * @previous_enabled: may be NULL
 *
 * Another process's token needs PROCESS_QUERY_INFORMATION on it (two-check
 * rule) and TOKEN_ADJUST_PRIVILEGES on the token.
 *
 * Return: 0, -ESRCH, -EACCES, -EINVAL.
 */
PMM_API int pmm_adjust_privileges(struct pmm_sim *sim, pmm_pid_t tid,
				  pmm_pid_t target,
				  const struct pmm_priv_adjust *adj,
				  unsigned int count,
				  uint64_t *previous_enabled);

/**
 * pmm_prlimit() - prlimit64(@target, @resource, @new, @old) by thread @tid
 * @sim:      the machine
 * @tid:      the calling thread
 * @target:   0 = the caller's process
 * @resource: a PMM_RLIMIT_* number below PMM_RLIMIT_NLIMITS
 * @newlim:   NULL = read only
 * @oldlim:   NULL = do not return the old value
 *
 * Raising a hard limit needs SeIncreaseQuotaPrivilege (CAP_SYS_RESOURCE);
 * cur > max is -EINVAL; another process needs PROCESS_SET_INFORMATION
 * (change) or PROCESS_QUERY_INFORMATION (read) plus PIP dominance.
 *
 * Return: 0, -EINVAL, -EPERM, -ESRCH.
 */
PMM_API int pmm_prlimit(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target,
			int resource, const struct pmm_rlimit *newlim,
			struct pmm_rlimit *oldlim);

/**
 * pmm_process_set_dacl() - kacs_set_sd() on a process: replace the DACL of
 * @target's process security descriptor, as thread @tid
 * @sim:     the machine
 * @tid:     the calling thread
 * @target:  the process; 0 = the caller's own
 * @aces:    the new DACL, in order (may be NULL when @nr_aces is 0)
 * @nr_aces: its length, at most 64; 0 makes the DACL empty: nothing is
 *           granted to anyone (SeDebugPrivilege still passes the SD check)
 *
 * Needs WRITE_DAC from an AccessCheck of the caller's effective token
 * against the target's SD (MIC included), even on the caller's own
 * process: the default SD grants it to the process's own user through the
 * DACL, and owners get no implicit rights (spec 00 §6).  SeDebugPrivilege,
 * enabled, passes that check instead; another process also needs PIP
 * dominance, which nothing bypasses.  The owner, group and mandatory label
 * are kept; the rights of each ACE are PMM_PROCESS_*, the standard rights
 * and PMM_GENERIC_* bits (mapped as spec 00 §6 says).  Operations on one's
 * own process stay ungated whatever the DACL says (spec 00 rule 35),
 * except /proc/self per the proc_self_bypass behaviour row.
 *
 * Return: 0; -EINVAL for a NULL @sim, a negative @target, more than 64
 * entries, a bad @type, a right outside PMM_PROCESS_ALL_ACCESS and the
 * generic bits, or a bad principal; -ESRCH for a dead @tid or no live
 * @target; -EACCES when refused; -ENOMEM.  On failure nothing changes
 * (but a SeDebugPrivilege that passed the SD check stays marked used when
 * PIP then refuses, spec 00 rule 17).
 */
PMM_API int pmm_process_set_dacl(struct pmm_sim *sim, pmm_pid_t tid,
				 pmm_pid_t target, const struct pmm_ace *aces,
				 unsigned int nr_aces);

/**
 * pmm_process_token() - the primary token of process @pid (borrowed)
 * @sim: the machine
 * @pid: a live process
 * Return: the token, valid until the process exits or installs another;
 * NULL when there is no such process.
 */
PMM_API struct pmm_token *pmm_process_token(struct pmm_sim *sim,
					    pmm_pid_t pid);

/**
 * pmm_thread_effective_token() - the token thread @tid's checks use: its
 * impersonation token, or the process's primary token (borrowed)
 * @sim: the machine
 * @tid: a live thread
 * Return: the token, or NULL when there is no such thread.
 */
PMM_API struct pmm_token *pmm_thread_effective_token(struct pmm_sim *sim,
						     pmm_pid_t tid);

/**
 * pmm_sched_setaffinity() - sched_setaffinity(2): the CPUs thread @target
 * may run on; a thread outside them moves to the first one it may use.
 * New threads and forked children inherit their creator's mask and start
 * on the next allowed CPU in turn (the simulator's deterministic stand-in
 * for the load balancer).  Where a thread runs decides the local node of
 * its page allocations (pmm_set_placement()).
 * @sim:    the machine
 * @tid:    the calling thread
 * @target: a thread id, or 0 for the caller
 * @mask:   CPU bits (bit n of word n / 64 = CPU n); offline CPUs are ignored
 * @nwords: words in @mask
 *
 * Another process's thread needs what the gate sched_setaffinity_other
 * says (Peios: SeIncreaseBasePriorityPrivilege and
 * PROCESS_SET_INFORMATION; Linux: the same owner or CAP_SYS_NICE).
 *
 * Return: 0, -EINVAL (no online CPU in @mask), -EPERM, -ESRCH, -EFAULT.
 */
PMM_API int pmm_sched_setaffinity(struct pmm_sim *sim, pmm_pid_t tid,
				  pmm_pid_t target, const uint64_t *mask,
				  unsigned int nwords);

/**
 * pmm_sched_getaffinity() - sched_getaffinity(2)
 * @sim:    the machine
 * @tid:    the calling thread
 * @target: a thread id, or 0 for the caller
 * @mask:   receives the mask
 * @nwords: room in @mask, at least enough for every CPU id (-EINVAL)
 * Return: the bytes of the kernel's mask written, or a negative errno.
 */
PMM_API int pmm_sched_getaffinity(struct pmm_sim *sim, pmm_pid_t tid,
				  pmm_pid_t target, uint64_t *mask,
				  unsigned int nwords);

/**
 * pmm_sched_getcpu() - the CPU thread @tid runs on (getcpu(2))
 * @sim: the machine
 * @tid: the thread
 * Return: the CPU, or -EINVAL / -ESRCH.
 */
PMM_API int pmm_sched_getcpu(struct pmm_sim *sim, pmm_pid_t tid);

/**
 * pmm_prctl() - prctl(@option, @a2, @a3, @a4, @a5) by thread @tid
 * @sim:    the machine
 * @tid:    the calling thread
 * @option: PR_* number (Linux values)
 * @a2: second argument, and so on
 *
 * Implemented: PR_SET_DUMPABLE (4: 0 or 1; a PIP-protected process cannot
 * become dumpable, spec 00 §9, rule 33), PR_GET_DUMPABLE (3).  The memory
 * options of later features (PR_SET_VMA, PR_SET_MEMORY_MERGE, ...) arrive
 * with them; until then, and for options outside the memory subsystem,
 * the call returns -EINVAL as Linux does for an option it does not know.
 *
 * Return: >= 0 as the option defines, or -EINVAL, -EPERM, -ESRCH.
 */
PMM_API int pmm_prctl(struct pmm_sim *sim, pmm_pid_t tid, int option,
		      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/** enum pmm_process_state - how a process stands */
enum pmm_process_state {
	PMM_PROC_NONE,		/* never existed, or its pid was reused */
	PMM_PROC_ALIVE,
	PMM_PROC_EXITED,	/* exit() */
	PMM_PROC_KILLED,	/* a signal or the OOM killer */
};

/**
 * pmm_process_state() - the state of process @pid
 * @sim: the machine
 * @pid: a pid
 * @code: if not NULL, receives the exit code or killing signal
 */
PMM_API enum pmm_process_state pmm_process_state(struct pmm_sim *sim,
						 pmm_pid_t pid, int *code);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_TASK_H */
