// SPDX-License-Identifier: MIT
/*
 * gate.c - the gate and behaviour table (DESIGN.md "Security"): for every
 * security-gated operation and every Peios-vs-Linux behaviour, what each
 * semantic profile requires or means, with the spec reference; plus the
 * check that runs a gate, per-machine overrides and their text form.
 *
 * DOC: Overview
 *
 * The compiled table below is the single place where profiles differ.
 * peios follows each memory-management page as written, peios-kacs lets
 * the KACS v0.22 spec win where the two disagree, linux is mainline Linux
 * with every capable() answered by the KACS switchboard (a token holding
 * every privilege is root).  Where a Linux check is DAC on uid rather than
 * a capability (kill, prlimit, /proc files owned by the target's uid), the
 * linux entry uses the process right the default SD grants to the same
 * user, Administrators and SYSTEM, as the model of "same owner or root";
 * where Linux needs euid 0 (root-owned sysctl and sysfs files) it uses
 * SeTcbPrivilege without recording use, as the stand-in for uid 0.
 *
 * sec_init() copies the table into the machine (struct sec_state.gates),
 * so gate_override() changes one machine and the compiled rows stay the
 * reference that tests and "default" go back to.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bug.h"
#include "sec/sec.h"

/* Linux capability numbers (include/uapi/linux/capability.h). */
enum {
	LCAP_IPC_LOCK = 14,
	LCAP_SYS_RAWIO = 17,
	LCAP_SYS_PTRACE = 19,
	LCAP_SYS_ADMIN = 21,
	LCAP_SYS_NICE = 23,
	LCAP_SYS_RESOURCE = 24,
};

static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

const char *gate_capability_name(int cap)
{
	if (cap < 0 || (size_t)cap >= PMM_ARRAY_SIZE(cap_names))
		return NULL;
	return cap_names[cap];
}

static const struct {
	const char *name;
	int err;
} errno_names[] = {
	{ "EPERM", EPERM },	{ "ENOENT", ENOENT },	{ "ESRCH", ESRCH },
	{ "EINTR", EINTR },	{ "EIO", EIO },		{ "E2BIG", E2BIG },
	{ "EBADF", EBADF },	{ "EAGAIN", EAGAIN },	{ "ENOMEM", ENOMEM },
	{ "EACCES", EACCES },	{ "EFAULT", EFAULT },	{ "EBUSY", EBUSY },
	{ "EEXIST", EEXIST },	{ "ENODEV", ENODEV },	{ "EINVAL", EINVAL },
	{ "ENOSPC", ENOSPC },	{ "ENOSYS", ENOSYS },
	{ "EOPNOTSUPP", EOPNOTSUPP },
};

const char *gate_errno_name(int err)
{
	for (size_t i = 0; i < PMM_ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return NULL;
}

/* ---- the table ----------------------------------------------------------- */

/* The row names, from GATE_LIST, as addressable constants. */
#define GATE_NAME_(id, name) static const char gate_name_##id[] = name;
GATE_LIST(GATE_NAME_)
#undef GATE_NAME_

#define E_NONE		{ .kind = GATE_NONE, .priv = -1, .cap = -1 }
#define E_PRIV(p, e)	{ .kind = GATE_PRIV, .priv = (p), .cap = -1,         \
			  .record = true, .err = (e) }
#define E_CAP(c, e)	{ .kind = GATE_PRIV, .priv = -1, .cap = (c),         \
			  .record = true, .err = (e) }
/* capable() with CAP_OPT_NOAUDIT: asked on every call, never recorded */
#define E_CAP_NOAUDIT(c, e)                                                  \
			{ .kind = GATE_PRIV, .priv = -1, .cap = (c),         \
			  .record = false, .err = (e) }
/* linux: a root-owned file (euid 0 = SeTcb stand-in, no capable() call) */
#define E_ROOT(e)	{ .kind = GATE_PRIV, .priv = PMM_SE_TCB, .cap = -1,  \
			  .record = false, .err = (e) }
#define E_RIGHT(r, e)	{ .kind = GATE_RIGHT, .priv = -1, .cap = -1,         \
			  .right = (r), .err = (e) }
#define E_KEY(k, r, e)	{ .kind = GATE_KEY, .priv = -1, .cap = -1,           \
			  .key = (k), .right = (r), .err = (e) }
#define E_RIGHT_OR_CAP(r, c, e)                                              \
			{ .kind = GATE_RIGHT_OR_PRIV, .priv = -1, .cap = (c), \
			  .record = true, .right = (r), .err = (e) }
#define E_PRIV_AND_RIGHT(p, pe, r, e)                                        \
			{ .kind = GATE_PRIV_AND_RIGHT, .priv = (p), .cap = -1, \
			  .record = true, .right = (r), .err = (e),          \
			  .priv_err = (pe) }
#define E_RIGHT_AND_CAP(r, e, c, ce)                                         \
			{ .kind = GATE_RIGHT_AND_PRIV, .priv = -1, .cap = (c), \
			  .record = true, .right = (r), .err = (e),          \
			  .priv_err = (ce) }
#define E_VAL(v)	{ .kind = GATE_VALUE, .priv = -1, .cap = -1,         \
			  .value = (v) }

/* ROW(ID, flags, "spec ref", peios, peios-kacs, linux) */
#define ROW(id_, flags_, ref_, ...)                                          \
	[GATE_##id_] = {                                                     \
		.id = GATE_##id_, .name = gate_name_##id_,                   \
		.flags = (flags_), .ref = (ref_),                            \
		.req = { __VA_ARGS__ },                                      \
	}
_Static_assert(PMM_PROFILE_PEIOS == 0 && PMM_PROFILE_PEIOS_KACS == 1 &&
		       PMM_PROFILE_LINUX == 2 && PMM_PROFILE_NR == 3,
	       "ROW() lists the entries in enum pmm_profile order");
#define SAME(e) e, e, e
#define VALUE_ROW(id_, ref_, p_, k_, l_)                                     \
	ROW(id_, GATE_F_VALUE, ref_, E_VAL(p_), E_VAL(k_), E_VAL(l_))

#define PROC GATE_F_PROC

#define QLIM	PROCESS_QUERY_LIMITED
#define QINFO	PROCESS_QUERY_INFORMATION
#define SETINF	PROCESS_SET_INFORMATION
#define VMR	PROCESS_VM_READ
#define VMW	PROCESS_VM_WRITE

/* Reserved privileges authd refuses (spec 00 §2): see the row below. */
#define B(n) (1L << (n))
#define RESERVED_V022                                                        \
	(B(PMM_SE_CREATE_PAGEFILE) | B(PMM_SE_CREATE_PERMANENT) |            \
	 B(PMM_SE_SYSTEM_ENVIRONMENT) | B(PMM_SE_UNDOCK) |                   \
	 B(PMM_SE_MANAGE_VOLUME) | B(PMM_SE_CREATE_GLOBAL) |                 \
	 B(PMM_SE_TRUSTED_CRED_MAN_ACCESS) | B(PMM_SE_INCREASE_WORKING_SET) | \
	 B(PMM_SE_TIME_ZONE))
#define RESERVED_V020                                                        \
	(RESERVED_V022 | B(PMM_SE_SYSTEM_PROFILE) | B(PMM_SE_CREATE_JOB))
#define RESERVED_PEIOS (RESERVED_V020 & ~B(PMM_SE_CREATE_PAGEFILE))

static const struct gate_row table[GATE_NR] = {
	/* ---- privilege gates on the caller's own operation --------------- */

	/* Peios: EAGAIN past the quota; Linux mlock/mlock2/mlockall: ENOMEM
	 * (EPERM for a zero limit: mlock_zero_limit_eperm). */
	ROW(MLOCK_OVER_QUOTA, 0,
	    "spec 00 §10; spec 13 §3, rules 2-5, 21; Linux mm/mlock.c",
	    E_PRIV(PMM_SE_LOCK_MEMORY, EAGAIN),
	    E_PRIV(PMM_SE_LOCK_MEMORY, EAGAIN),
	    E_CAP(LCAP_IPC_LOCK, ENOMEM)),
	/* MAP_LOCKED and MCL_FUTURE growth past the limit: EAGAIN in Linux too */
	ROW(MAP_LOCKED_OVER_QUOTA, 0,
	    "spec 02 §4, rule 15; spec 13 rules 10, 12",
	    E_PRIV(PMM_SE_LOCK_MEMORY, EAGAIN),
	    E_PRIV(PMM_SE_LOCK_MEMORY, EAGAIN),
	    E_CAP(LCAP_IPC_LOCK, EAGAIN)),
	/* SHM_LOCK itself: the IPC page uses the mlock quota (shm_lock_over_quota
	 * then applies); KACS v0.22 always needs the privilege (plus
	 * IPC_WRITE_ATTRIBUTES on the segment SD, checked by the caller). */
	ROW(SHM_LOCK, 0, "spec 03 §8, §8b, §9 item 2, rule 30; spec 13 rule 24",
	    E_NONE,
	    E_PRIV(PMM_SE_LOCK_MEMORY, EPERM),
	    E_NONE),
	ROW(SHM_LOCK_OVER_QUOTA, 0, "spec 03 §8; Linux ipc/shm.c user_shm_lock",
	    E_PRIV(PMM_SE_LOCK_MEMORY, EAGAIN),
	    E_PRIV(PMM_SE_LOCK_MEMORY, EAGAIN),
	    E_CAP(LCAP_IPC_LOCK, ENOMEM)),
	ROW(SHM_HUGETLB, 0, "spec 03 §8 (Linux); spec 04 §6 (Linux)",
	    E_PRIV(PMM_SE_LOCK_MEMORY, EPERM),
	    E_PRIV(PMM_SE_LOCK_MEMORY, EPERM),
	    E_CAP(LCAP_IPC_LOCK, EPERM)),
	ROW(RLIMIT_RAISE_HARD, 0, "spec 00 §5, rule 30; spec 13 rule 22",
	    E_PRIV(PMM_SE_INCREASE_QUOTA, EPERM),
	    E_PRIV(PMM_SE_INCREASE_QUOTA, EPERM),
	    E_CAP(LCAP_SYS_RESOURCE, EPERM)),
	ROW(MMAP_MIN_ADDR, 0,
	    "spec 00 §10; spec 01 rule 13; spec 15 §3, rules 13-14",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_RAWIO, EPERM)),
	/* Refusal is not an error: the PFN bits read as zero. */
	ROW(PAGEMAP_PFN, 0, "spec 00 §10, rule 27; spec 01 §9, rules 18-19",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_ADMIN, EPERM)),
	/* Consulted for any decrease (ratchet) or below oom_score_adj_min
	 * (Linux): see oom_score_adj_ratchet.  Errno not stated: EACCES as
	 * Linux (spec 06 §6). */
	ROW(OOM_SCORE_ADJ_LOWER, 0,
	    "spec 06 §6, §10 item 1, rules 14-17, 22; spec 00 §10",
	    E_PRIV(PMM_SE_TCB, EACCES),
	    E_PRIV(PMM_SE_INCREASE_QUOTA, EACCES),
	    E_CAP(LCAP_SYS_RESOURCE, EACCES)),
	/* The admin reserve of strict overcommit: cap_vm_enough_memory()
	 * asks CAP_SYS_ADMIN without auditing on every commit charge, so the
	 * privilege is not marked used.  Refusal is not an error: the
	 * reserve is subtracted from what the caller may commit. */
	ROW(OVERCOMMIT_ADMIN_RESERVE, 0,
	    "spec 06 §3.1 (Linux; SeTcb by the switchboard), rule 6",
	    SAME(E_CAP_NOAUDIT(LCAP_SYS_ADMIN, ENOMEM))),
	/* userfaultfd() without UFFD_USER_MODE_ONLY under the default
	 * user-mode-only policy; the page's SeTcb (the switchboard would give
	 * SeDebug for Linux's CAP_SYS_PTRACE) */
	ROW(USERFAULTFD_KERNEL, 0, "spec 10 §6, §10 item 1, rules 3-6; spec 00 §10",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_PTRACE, EPERM)),
	ROW(UFFD_EVENT_FORK, 0, "spec 10 §10 item 2, rule 14",
	    E_CAP(LCAP_SYS_PTRACE, EPERM),
	    E_CAP(LCAP_SYS_PTRACE, EPERM),
	    E_CAP(LCAP_SYS_PTRACE, EPERM)),
	/* The swap page's dedicated privilege vs the catalog's "folded into
	 * SeTcb" (conflict 14; spec 07 §11 item 1). */
	ROW(SWAPON, 0, "spec 07 §3, §11 item 1, rules 1, 3, 5; spec 00 §11 #14",
	    E_PRIV(PMM_SE_CREATE_PAGEFILE, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_ADMIN, EPERM)),
	ROW(SWAPOFF, 0, "spec 07 §3, §11 item 1, rule 2",
	    E_PRIV(PMM_SE_CREATE_PAGEFILE, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_ADMIN, EPERM)),
	/* network-backed swapon, checked after swapon */
	ROW(SWAPON_REMOTE, 0, "spec 07 §9, §11 item 3, rules 20-21",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_NONE),
	ROW(ZRAM_CREATE, 0, "spec 07 rule 22; spec 00 §2 (SeTcb row)",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_ROOT(EACCES)),
	ROW(MADV_HWPOISON, 0, "spec 02 §5 (Linux: MADV_HWPOISON, MADV_SOFT_OFFLINE)",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_ADMIN, EPERM)),
	ROW(MBIND_MOVE_ALL, 0, "spec 05 §3, §9 item 2, rule 10",
	    E_PRIV(PMM_SE_INCREASE_BASE_PRIORITY, EPERM),
	    E_PRIV(PMM_SE_INCREASE_BASE_PRIORITY, EPERM),
	    E_CAP(LCAP_SYS_NICE, EPERM)),
	ROW(MOVE_PAGES_MOVE_ALL, 0, "spec 05 §5 (Linux), §9 item 2",
	    E_PRIV(PMM_SE_INCREASE_BASE_PRIORITY, EPERM),
	    E_PRIV(PMM_SE_INCREASE_BASE_PRIORITY, EPERM),
	    E_CAP(LCAP_SYS_NICE, EPERM)),
	/* migrate_pages: shared pages move only with it (refusal = not moved) */
	ROW(MIGRATE_SHARED_PAGES, 0, "spec 05 §5 (Linux), §9 item 2",
	    E_PRIV(PMM_SE_INCREASE_BASE_PRIORITY, EPERM),
	    E_PRIV(PMM_SE_INCREASE_BASE_PRIORITY, EPERM),
	    E_CAP(LCAP_SYS_NICE, EPERM)),
	ROW(NODE_RECLAIM, 0, "spec 05 §7, rule 25",
	    E_PRIV(PMM_SE_INCREASE_QUOTA, EPERM),
	    E_PRIV(PMM_SE_INCREASE_QUOTA, EPERM),
	    E_ROOT(EACCES)),
	/* checked on the primary token (spec 00 §4 item 1) */
	ROW(IMPERSONATE, 0, "spec 00 §2 (bit 29), §4 item 1",
	    SAME(E_PRIV(PMM_SE_IMPERSONATE, EPERM))),

	/* ---- registry-key objects (ksyncd-applied tunables) -------------- */

	ROW(SYSCTL_WRITE, 0,
	    "spec 06 §11; spec 08 §7, rule 21; spec 10 §7, rule 9; spec 04 rule 24; "
	    "spec 05 rule 24; spec 07 rule 24; spec 15 rule 17",
	    E_KEY(SEC_KEY_VM_SYSCTL, KEY_SET_VALUE, EACCES),
	    E_KEY(SEC_KEY_VM_SYSCTL, KEY_SET_VALUE, EACCES),
	    E_ROOT(EACCES)),
	/* vm.mmap_min_addr: the handler's own capable(CAP_SYS_RAWIO) */
	ROW(SYSCTL_WRITE_RAWIO, 0, "spec 15 §3 (Linux); kernel/sysctl.h",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_RAWIO, EPERM)),
	/* kernel.numa_balancing, vm.memfd_noexec: capable(CAP_SYS_ADMIN) */
	ROW(SYSCTL_WRITE_SYSADMIN, 0, "kernel/sysctl.h (Linux handlers)",
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_PRIV(PMM_SE_TCB, EPERM),
	    E_CAP(LCAP_SYS_ADMIN, EPERM)),
	/* mode 0600 sysctls (vm.mmap_rnd_bits) */
	ROW(SYSCTL_READ_RESTRICTED, 0, "kernel/sysctl.h (read gates)",
	    E_KEY(SEC_KEY_VM_SYSCTL, KEY_QUERY_VALUE, EACCES),
	    E_KEY(SEC_KEY_VM_SYSCTL, KEY_QUERY_VALUE, EACCES),
	    E_ROOT(EACCES)),
	ROW(KSM_SYSCTL_WRITE, 0, "spec 12 §5, §9, rules 5-6, 20; spec 00 §10",
	    E_KEY(SEC_KEY_KSM, KEY_SET_VALUE, EACCES),
	    E_KEY(SEC_KEY_KSM, KEY_SET_VALUE, EACCES),
	    E_ROOT(EACCES)),
	ROW(MM_SYSFS_WRITE, 0, "spec 04 §2a, §9 item 4, rule 24",
	    E_KEY(SEC_KEY_MM_SYSFS, KEY_SET_VALUE, EACCES),
	    E_KEY(SEC_KEY_MM_SYSFS, KEY_SET_VALUE, EACCES),
	    E_ROOT(EACCES)),
	ROW(DAMON_CONTROL, 0, "spec 15 §2, rule 11",
	    E_KEY(SEC_KEY_DAMON, KEY_SET_VALUE, EACCES),
	    E_KEY(SEC_KEY_DAMON, KEY_SET_VALUE, EACCES),
	    E_ROOT(EACCES)),

	/* ---- cross-process: the two-check rule --------------------------- */

	/* page: PROCESS_QUERY_LIMITED(_INFORMATION); KACS §5.3 table:
	 * QUERY_INFORMATION; Linux: PTRACE_MODE_READ -> VM_READ (conflict 11) */
	ROW(PROC_MAPS_READ, PROC,
	    "spec 01 §9, §11 item 1, rule 17; spec 00 §7, §11 #11",
	    E_RIGHT(QLIM, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(VMR, EACCES)),
	ROW(PROC_NUMA_MAPS_READ, PROC, "spec 05 §2, §9 item 4, rule 22",
	    E_RIGHT(QLIM, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(VMR, EACCES)),
	ROW(PROC_SMAPS_READ, PROC, "spec 01 §9, §11 item 2, rule 16; spec 00 §7",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(VMR, EACCES)),
	ROW(PROC_PAGEMAP_READ, PROC, "spec 01 §9, rule 18; spec 00 §7, rule 27",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(VMR, EACCES)),
	/* Linux opens /proc/pid/mem with PTRACE_MODE_ATTACH (conflict 12) */
	ROW(PROC_MEM_READ, PROC, "spec 00 §7, §11 #12, rule 19; spec 01 rules 20-21",
	    E_RIGHT(VMR, EACCES),
	    E_RIGHT(VMR, EACCES),
	    E_RIGHT(VMW, EACCES)),
	ROW(PROC_MEM_WRITE, PROC, "spec 00 §7; spec 01 rule 20",
	    SAME(E_RIGHT(VMW, EACCES))),
	ROW(PROC_STATUS_READ, PROC, "spec 01 §9 (KACS §8.2 list), rule 26",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_NONE),
	ROW(PROC_CMDLINE_READ, PROC, "spec 01 §9 (KACS §8.2 list), rule 26",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_NONE),
	/* stat, statm, comm, wchan */
	ROW(PROC_STAT_READ, PROC, "spec 01 §9 (KACS §8.2 list), rule 26",
	    E_RIGHT(QLIM, EACCES),
	    E_RIGHT(QLIM, EACCES),
	    E_NONE),
	ROW(PROC_ENVIRON_READ, PROC, "spec 01 §9 (KACS v0.20 ptrace list)",
	    SAME(E_RIGHT(VMR, EACCES))),
	ROW(PROC_FD_LIST, PROC, "spec 03 §3, §9 item 5",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(VMR, EACCES)),
	ROW(OOM_SCORE_READ, PROC, "spec 06 §9, §10 item 3, rule 24; spec 00 §11 #15",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QLIM, EACCES),
	    E_NONE),
	ROW(OOM_SCORE_ADJ_READ, PROC, "spec 06 §9, rule 24",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_NONE),
	/* PROCESS_SET_QUOTA "or equivalent" -> PROCESS_SET_INFORMATION
	 * (spec/README.md rule 1); linux: the file is owned by the target */
	ROW(OOM_SCORE_ADJ_WRITE_OTHER, PROC,
	    "spec 06 §6, §10 item 2, rules 20-21; spec 00 §7",
	    SAME(E_RIGHT(SETINF, EACCES))),
	ROW(PROC_CLEAR_REFS_WRITE, PROC, "spec 01 §9, rule 26; spec 00 §7",
	    SAME(E_RIGHT(SETINF, EACCES))),
	ROW(PROC_KSM_STAT_READ, PROC, "spec 12 rule 19; spec 00 §7",
	    SAME(E_RIGHT(QINFO, EACCES))),
	ROW(DAMON_READ_OTHER, 0, "spec 15 §2, rule 10; spec 00 §7",
	    E_RIGHT(QINFO, EACCES),
	    E_RIGHT(QINFO, EACCES),
	    E_ROOT(EACCES)),
	/* Linux: PTRACE_MODE_ATTACH_REALCREDS for both; EACCES -> EPERM */
	ROW(PROCESS_VM_READV, 0, "spec 02 §6, §11 item 4, rule 29; spec 00 rule 20",
	    E_RIGHT(VMR, EPERM),
	    E_RIGHT(VMR, EPERM),
	    E_RIGHT(VMW, EPERM)),
	ROW(PROCESS_VM_WRITEV, 0, "spec 02 §6, rule 30; spec 00 rule 20",
	    SAME(E_RIGHT(VMW, EPERM))),
	/* Linux: PTRACE_MODE_READ_FSCREDS (EACCES), then CAP_SYS_NICE (EPERM) */
	ROW(PROCESS_MADVISE, 0,
	    "spec 02 §6, §11 item 4, rule 31; spec 07 rule 28; spec 00 rule 25",
	    E_RIGHT(VMW, EACCES),
	    E_RIGHT(VMW, EACCES),
	    E_RIGHT_AND_CAP(VMR, EACCES, LCAP_SYS_NICE, EPERM)),
	/* NUMA page: VM_WRITE; KACS security_task_movememory: SET_INFORMATION;
	 * Linux: PTRACE_MODE_READ_REALCREDS -> VM_READ, EPERM (conflict 10) */
	ROW(MIGRATE_PAGES_OTHER, 0,
	    "spec 05 §5, §9 item 1, rule 14; spec 00 §7, §11 #10, rule 26",
	    E_RIGHT(VMW, EPERM),
	    E_RIGHT(SETINF, EPERM),
	    E_RIGHT(VMR, EPERM)),
	ROW(MOVE_PAGES_OTHER, 0, "spec 05 §5, §9 item 1, rule 14; spec 00 §11 #10",
	    E_RIGHT(VMW, EPERM),
	    E_RIGHT(SETINF, EPERM),
	    E_RIGHT(VMR, EPERM)),
	/* mainline checks nothing beyond holding the pidfd */
	ROW(PROCESS_MRELEASE, 0, "spec 15 §1, rules 5-7; spec 06 §10 item 10",
	    E_RIGHT(SETINF, EACCES),
	    E_RIGHT(SETINF, EACCES),
	    E_NONE),
	ROW(PTRACE_ATTACH, 0, "spec 00 §6, §7 (PTRACE_MODE_ATTACH)",
	    SAME(E_RIGHT(VMW, EPERM))),
	ROW(PTRACE_READ, 0, "spec 00 §6, §7 (PTRACE_MODE_READ)",
	    SAME(E_RIGHT(VMR, EPERM))),
	ROW(PIDFD_OPEN, 0, "spec 00 §7; spec 02 §6",
	    E_RIGHT(QLIM, EACCES),
	    E_RIGHT(QLIM, EACCES),
	    E_NONE),
	ROW(PIDFD_GETFD, 0, "spec 00 §7; spec 03 §3",
	    E_RIGHT(PROCESS_DUP_HANDLE, EACCES),
	    E_RIGHT(PROCESS_DUP_HANDLE, EACCES),
	    E_RIGHT(VMW, EPERM)),
	ROW(OPEN_PROCESS_TOKEN, 0, "spec 00 §6, §7",
	    SAME(E_RIGHT(QINFO, EACCES))),
	/* plus TOKEN_ADJUST_PRIVILEGES on the token (not modelled) */
	ROW(ADJUST_PRIVILEGES_OTHER, 0, "spec 00 §3",
	    SAME(E_RIGHT(QINFO, EACCES))),
	/* Linux check_prlimit_permission(): same uid, or CAP_SYS_RESOURCE */
	ROW(PRLIMIT_READ_OTHER, 0, "spec 00 §5, rule 29; spec 13 §8",
	    E_RIGHT(QINFO, EPERM),
	    E_RIGHT(QINFO, EPERM),
	    E_RIGHT_OR_CAP(QINFO, LCAP_SYS_RESOURCE, EPERM)),
	ROW(PRLIMIT_WRITE_OTHER, 0, "spec 00 §5, rule 29; spec 13 rule 23",
	    E_RIGHT(SETINF, EPERM),
	    E_RIGHT(SETINF, EPERM),
	    E_RIGHT_OR_CAP(SETINF, LCAP_SYS_RESOURCE, EPERM)),
	/* terminating signals; Linux: same uid (or root) for every signal */
	ROW(KILL, 0, "spec 00 §6 (PROCESS_TERMINATE); task.h pmm_kill",
	    SAME(E_RIGHT(PROCESS_TERMINATE, EPERM))),
	ROW(KILL_SIGNAL, 0, "spec 00 §6 (PROCESS_SIGNAL)",
	    E_RIGHT(PROCESS_SIGNAL, EPERM),
	    E_RIGHT(PROCESS_SIGNAL, EPERM),
	    E_RIGHT(PROCESS_TERMINATE, EPERM)),
	ROW(KILL_SUSPEND, 0, "spec 00 §6 (PROCESS_SUSPEND_RESUME)",
	    E_RIGHT(PROCESS_SUSPEND_RESUME, EPERM),
	    E_RIGHT(PROCESS_SUSPEND_RESUME, EPERM),
	    E_RIGHT(PROCESS_TERMINATE, EPERM)),
	ROW(KILL_PROBE, 0, "spec 00 §6 (kill(pid, 0): PROCESS_QUERY_LIMITED)",
	    E_RIGHT(QLIM, EPERM),
	    E_RIGHT(QLIM, EPERM),
	    E_RIGHT(PROCESS_TERMINATE, EPERM)),
	/* kacs_set_psb on another process (WXP etc.) */
	ROW(SET_PSB_OTHER, 0, "spec 02 §3a, rule 10",
	    SAME(E_RIGHT(SETINF, EACCES))),
	/* Linux sched_setaffinity(): same owner or CAP_SYS_NICE */
	ROW(SCHED_SETAFFINITY_OTHER, 0, "spec 05 §6, rule 26; spec 00 §8",
	    E_PRIV_AND_RIGHT(PMM_SE_INCREASE_BASE_PRIORITY, EPERM, SETINF, EPERM),
	    E_PRIV_AND_RIGHT(PMM_SE_INCREASE_BASE_PRIORITY, EPERM, SETINF, EPERM),
	    E_RIGHT_OR_CAP(SETINF, LCAP_SYS_NICE, EPERM)),
	/* Linux: a uffd only ever registers its creator's mm */
	ROW(UFFD_REGISTER_OTHER, 0, "spec 10 §8, rule 25",
	    E_RIGHT(VMW, EPERM),
	    E_RIGHT(VMW, EPERM),
	    E_NONE),

	/* ---- behaviour rows (peios, peios-kacs, linux) ------------------- */

	/* 1: the caller's own process skips the two-check rule (KACS spec,
	 * Linux's ptrace structure); 0: the address-space page as written,
	 * /proc/self is checked against the effective token (spec 01 §9,
	 * rule 27; spec/README.md names this a peios-kacs difference) */
	VALUE_ROW(PROC_SELF_BYPASS,
		  "spec 00 §11 #17, rules 35-36; spec 01 §9, §11 item 3, rule 27",
		  0, 1, 1),
	/* v0.22 default-SD label and MIC; Linux has none */
	VALUE_ROW(MIC_ENFORCE, "spec 00 §6, §11 #4, rules 23-24; spec 01 rule 31",
		  1, 1, 0),
	/* authd refuses tokens with reserved privileges; peios: the swap page
	 * makes SeCreatePagefile (15) a real privilege; linux: no authd */
	VALUE_ROW(TOKEN_RESERVED_PRIVILEGES, "spec 00 §2, §11 #1, #14; spec 07 §3",
		  RESERVED_PEIOS, RESERVED_V022, 0),
	/* W^X active for a new process by default (page) vs opt-in WXP */
	VALUE_ROW(WX_ENFORCE, "spec 02 §3, §11 item 1", 1, 0, 0),
	VALUE_ROW(WX_RULE, "spec 02 §3a, §11 item 2, rule 5",
		  GATE_WX_CURRENT, GATE_WX_HISTORY, GATE_WX_MDWE),
	VALUE_ROW(WXP_ENABLE_REFUSED_IF_WX, "spec 02 §3a, §11 item 3, rule 9",
		  1, 1, 0),
	VALUE_ROW(MAP_SEALABLE_REQUIRED, "spec 11 §6, rule 3; spec 02 §11 item 6",
		  1, 1, 0),
	VALUE_ROW(MAP_UNINITIALIZED_EINVAL,
		  "spec 15 §7, rule 28; spec 02 §11 item 7, rule 13", 1, 1, 0),
	/* A call refused by a seal changes nothing (spec 11 §3 note, rule 7);
	 * Linux 6.11+ checks each VMA as it goes and keeps what it did. */
	VALUE_ROW(MSEAL_PRECHECK, "spec 11 §3 note, rules 4, 7", 1, 1, 0),
	/* KACS FACS use-time: mmap/mprotect of a file are checked against the
	 * granted mask stamped on the fd at open; Linux checks f_mode only. */
	VALUE_ROW(FACS_USE_TIME,
		  "spec 02 §9, rules 17-21; spec 03 §2a, rules 6, 26",
		  1, 1, 0),
	VALUE_ROW(MLOCK_ZERO_LIMIT_EPERM, "spec 13 §3 (Linux errno note)",
		  0, 0, 1),
	VALUE_ROW(MLOCK_FORK_INHERIT, "spec 13 §5, rule 17", 1, 1, 0),
	VALUE_ROW(MLOCK_FUTURE_FORK_INHERIT, "spec 13 §5 note (a)", 1, 1, 0),
	VALUE_ROW(MEMFD_NOEXEC_DEFAULT_SEAL, "spec 03 §3, rule 12", 1, 1, 0),
	VALUE_ROW(MEMFD_NOEXEC_SEAL_BLOCKS_EXEC_MMAP, "spec 03 §3, §9 item 6, rule 12",
		  1, 1, 0),
	VALUE_ROW(MEMFD_SECRET_SHARED_WRITE_DENIED,
		  "spec 03 §5; spec 13 §7; spec 00 §11 #16", 1, 1, 0),
	VALUE_ROW(MEMFD_SECRET_REQUIRES_SHARED, "spec 03 §5 (Linux)", 0, 0, 1),
	VALUE_ROW(MEMFD_SECRET_IMPLICIT_LOCK, "spec 03 §5; spec 13 §7 (Linux)",
		  0, 0, 1),
	VALUE_ROW(OOM_SCORE_ADJ_RATCHET, "spec 06 §6, §10 item 6, rules 14-16",
		  1, 1, 0),
	VALUE_ROW(OOM_SCORE_ADJ_FANOUT_FAIL, "spec 06 §10 item 4, rule 23", 0, 1, 0),
	VALUE_ROW(COMMIT_CHARGE_ON_TOUCH,
		  "spec 02 §7, §11 item 5; spec 06 §10 item 7", 1, 1, 0),
	VALUE_ROW(MAP_NORESERVE_STRICT_HONOURED, "spec 06 §10 item 8, rule 10",
		  1, 1, 0),
	VALUE_ROW(ASLR_LEVEL1_RANDOMIZES_PIE, "spec 01 §4, rule 7; spec 09 §10 item 2",
		  0, 0, 1),
	/* bytes: Peios 8 MiB / 1 GiB; Linux x86-64 16 GiB (STACK_RND_MASK)
	 * and 0 = 2^vm.mmap_rnd_bits pages (28 by default: 1 TiB) */
	VALUE_ROW(ASLR_STACK_RANGE, "spec 01 §4, rule 8; spec 09 §10 item 3, rule 24",
		  8L << 20, 8L << 20, 16L << 30),
	VALUE_ROW(ASLR_MMAP_RANGE, "spec 01 §4, rule 8; spec 09 §10 item 3, rule 24",
		  1L << 30, 1L << 30, 0),
	VALUE_ROW(UFFD_USER_MODE_KERNEL_FAULT_EFAULT, "spec 10 §10 item 4, rule 22",
		  0, 0, 1),
	VALUE_ROW(UFFD_EVENTS_BLOCK, "spec 10 §10 item 5", 0, 0, 1),
	VALUE_ROW(THP_HINT_SURVIVES_EXEC, "spec 04 §9 item 2", 1, 1, 0),
	VALUE_ROW(KSM_SKIP_HUGE, "spec 12 §8 (Peios: hugepage regions not scanned)",
		  1, 1, 0),
	VALUE_ROW(PKEY_FREE0_EINVAL, "spec 14 §12 table", 1, 1, 0),
	VALUE_ROW(PKEYS_NOHW_ENOSYS, "spec 14 §11 note", 1, 1, 0),
	/* IPC page: DACL from the mode bits; KACS v0.22: fixed default DACL;
	 * Linux: the mode bits, root (SYSTEM, Administrators) passing all */
	VALUE_ROW(SYSV_SHM_MODE_DACL, "spec 03 §8, §8b, §9 item 1, rule 28",
		  GATE_SYSV_DACL_MODE, GATE_SYSV_DACL_KACS,
		  GATE_SYSV_DACL_MODE_ROOT),
	/* The right shmget() of an existing key needs on the segment SD
	 * (security_shm_associate: KACS IPC_READ_ATTRIBUTES; the IPC page
	 * and Linux check only the mode bits the caller asks for, below) */
	VALUE_ROW(SYSV_SHM_GET_RIGHT, "spec 03 §8b, rule 28",
		  0, IPC_READ_ATTRIBUTES, 0),
	/* ipcperms() on shmget's requested mode bits (r: IPC_READ_DATA,
	 * w: IPC_WRITE_DATA); KACS: the hook decides alone */
	VALUE_ROW(SYSV_SHM_GET_MODE_CHECK, "spec 03 §8a, §8b (Linux ipcperms)",
		  1, 0, 1),
	/* IPC_STAT, SHM_STAT: IPC page READ_CONTROL, KACS
	 * IPC_READ_ATTRIBUTES, Linux S_IRUGO (the read bit) */
	VALUE_ROW(SYSV_SHM_STAT_RIGHT, "spec 03 §8a, §8b, rule 29",
		  READ_CONTROL, IPC_READ_ATTRIBUTES, IPC_READ_DATA),
	/* SHM_STAT_ANY skips ipcperms() but not the KACS hook */
	VALUE_ROW(SYSV_SHM_STAT_ANY_RIGHT, "spec 03 §8b (Linux SHM_STAT_ANY)",
		  0, IPC_READ_ATTRIBUTES, 0),
	/* IPC_SET: IPC page WRITE_DAC, KACS IPC_WRITE_ATTRIBUTES, Linux
	 * owner or creator (WRITE_DAC: only the owner's ACE has it) */
	VALUE_ROW(SYSV_SHM_SET_RIGHT, "spec 03 §8a, §8b, rule 31",
		  WRITE_DAC, IPC_WRITE_ATTRIBUTES, WRITE_DAC),
	/* SHM_LOCK/SHM_UNLOCK: IPC page SHM_CONTROL (IPC_WRITE_ATTRIBUTES),
	 * KACS IPC_WRITE_ATTRIBUTES, Linux owner or creator */
	VALUE_ROW(SYSV_SHM_LOCK_RIGHT, "spec 03 §8a, §8b, rule 30; spec 13 rule 24",
		  IPC_WRITE_ATTRIBUTES, IPC_WRITE_ATTRIBUTES, WRITE_DAC),
	/* Linux: CAP_IPC_LOCK skips the owner check of SHM_LOCK */
	VALUE_ROW(SYSV_SHM_LOCK_CAP_BYPASS, "spec 03 §8 (Linux ipc/shm.c)",
		  0, 0, 1),
	/* errno of a refused IPC_SET, IPC_RMID, SHM_LOCK right: the KACS
	 * hooks' EACCES; Linux's owner check gives EPERM */
	VALUE_ROW(SYSV_SHM_OWNER_ERRNO, "spec 03 §8b (Linux note), rule 29",
		  EACCES, EACCES, EPERM),
	/* IPC_SET changing uid/gid: IPC page EINVAL (and v0.22 SDs cannot be
	 * modified); Linux changes the owner */
	VALUE_ROW(SYSV_SHM_SET_OWNER_EINVAL, "spec 03 §8a, §8b, rule 31", 1, 1, 0),
	/* shmat of a segment marked for destruction (IPC_RMID while
	 * attached): IPC page EIDRM; Linux allows it until the last detach */
	VALUE_ROW(SYSV_SHM_ATTACH_REMOVED, "spec 03 §8a, rule 33", 0, 0, 1),
	/* /proc/sysvipc/shm lists only the segments granting this right
	 * (IPC page: READ_CONTROL; KACS is silent; Linux lists all) */
	VALUE_ROW(SYSV_SHM_PROC_FILTER_RIGHT, "spec 03 §8a, rule 32",
		  READ_CONTROL, READ_CONTROL, 0),
};

const struct gate_row *gate_row(enum gate_id id)
{
	PMM_BUG_ON((unsigned int)id >= GATE_NR);
	return &table[id];
}

const struct gate_row *gate_lookup_name(const char *name)
{
	if (!name)
		return NULL;
	for (unsigned int i = 0; i < GATE_NR; i++)
		if (table[i].name && !strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

/* ---- the machine's copy -------------------------------------------------- */

static struct gate_req *sec_req(struct sec_state *sec, enum gate_id id,
				enum pmm_profile profile)
{
	return &sec->gates[(size_t)id * PMM_PROFILE_NR + profile];
}

int gate_table_init(struct sec_state *sec)
{
	sec->gates = pmm_calloc(sec->alloc, (size_t)GATE_NR * PMM_PROFILE_NR,
				sizeof(*sec->gates));
	if (!sec->gates)
		return -ENOMEM;
	for (unsigned int i = 0; i < GATE_NR; i++)
		for (unsigned int p = 0; p < PMM_PROFILE_NR; p++)
			*sec_req(sec, i, p) = table[i].req[p];
	return 0;
}

void gate_table_fini(struct sec_state *sec)
{
	if (!sec->gates)
		return;
	pmm_free(sec->alloc, sec->gates,
		 (size_t)GATE_NR * PMM_PROFILE_NR * sizeof(*sec->gates));
	sec->gates = NULL;
}

const struct gate_req *gate_req(const struct sec_state *sec, enum gate_id id,
				enum pmm_profile profile)
{
	PMM_BUG_ON((unsigned int)id >= GATE_NR ||
		   (unsigned int)profile >= PMM_PROFILE_NR);
	if (sec && sec->gates)
		return &sec->gates[(size_t)id * PMM_PROFILE_NR + profile];
	return &table[id].req[profile];
}

long gate_value(const struct sec_state *sec, enum gate_id id,
		enum pmm_profile profile)
{
	const struct gate_req *r = gate_req(sec, id, profile);

	if (PMM_NEVER(r->kind != GATE_VALUE))
		return 0;
	return r->value;
}

/* ---- checking ------------------------------------------------------------ */

static bool kind_has_priv(unsigned int kind)
{
	return kind == GATE_PRIV || kind == GATE_RIGHT_OR_PRIV ||
	       kind == GATE_PRIV_AND_RIGHT || kind == GATE_RIGHT_AND_PRIV;
}

static bool kind_has_right(unsigned int kind)
{
	return kind == GATE_RIGHT || kind == GATE_RIGHT_OR_PRIV ||
	       kind == GATE_PRIV_AND_RIGHT || kind == GATE_RIGHT_AND_PRIV;
}

/* The privilege part, on the effective token; NULL fails closed. */
static bool priv_passes(const struct gate_req *r, struct pmm_token *tok)
{
	if (!tok)
		return false;
	if (r->cap >= 0)
		return token_capable(tok, r->cap, r->record);
	if (r->priv >= 0)
		return r->record ? token_privilege_check(tok, (unsigned int)r->priv) :
				   token_privilege_test(tok, (unsigned int)r->priv);
	return false;
}

static int priv_errno(const struct gate_req *r)
{
	return r->priv_err ? r->priv_err : r->err;
}

int gate_check(struct sec_state *sec, enum gate_id id,
	       const struct sec_subject *subj, const struct sec_target *target)
{
	const struct gate_row *row = gate_row(id);
	const struct gate_req *r = gate_req(sec, id, sec->profile);
	struct pmm_token *tok = subj ? subj->effective : NULL;
	bool self_exempt, local = !target;
	int err;

	if (PMM_NEVER(r->kind == GATE_VALUE))
		return -EINVAL;
	if (kind_has_right(r->kind) && target && subj && subj->identity &&
	    subj->identity == target->identity) {
		/* Own process: not a process-boundary operation (spec 00 §7),
		 * but /proc/self follows the proc_self_bypass switch. */
		self_exempt = !(row->flags & GATE_F_PROC) ||
			      sec_value(sec, GATE_PROC_SELF_BYPASS);
		local = self_exempt;
	}

	switch (r->kind) {
	case GATE_NONE:
		return 0;
	case GATE_DENY:
		return -r->err;
	case GATE_PRIV:
		return priv_passes(r, tok) ? 0 : -r->err;
	case GATE_KEY:
		if (r->key >= SEC_KEY_NR || !sec->key_sd[r->key])
			return -r->err;
		return sd_access_check(sec->key_sd[r->key], tok, r->right,
				       sec_value(sec, GATE_MIC_ENFORCE) != 0) ?
			       0 : -r->err;
	case GATE_RIGHT:
		if (local)
			return 0;
		return __sec_process_access(sec, subj, target, r->right, r->err,
					    false);
	case GATE_RIGHT_OR_PRIV:
		if (local)
			return 0;
		err = sec_process_owner_access(sec, subj, target, r->right,
					       r->err);
		if (!err || priv_passes(r, tok))
			return 0;
		return err;
	case GATE_PRIV_AND_RIGHT:
		if (local)
			return 0;
		if (!priv_passes(r, tok))
			return -priv_errno(r);
		return __sec_process_access(sec, subj, target, r->right, r->err,
					    false);
	case GATE_RIGHT_AND_PRIV:
		if (local)
			return 0;
		err = __sec_process_access(sec, subj, target, r->right, r->err,
					   false);
		if (err)
			return err;
		return priv_passes(r, tok) ? 0 : -priv_errno(r);
	default:
		PMM_BUG();
	}
}

int gate_check_token(struct sec_state *sec, enum gate_id id,
		     struct pmm_token *tok)
{
	const struct sec_subject subj = { .effective = tok, .primary = tok };

	return gate_check(sec, id, &subj, NULL);
}

/* ---- the text form ------------------------------------------------------- */

static const char *const kind_names[GATE_KIND_NR] = {
	[GATE_NONE] = "none",
	[GATE_PRIV] = "privilege",
	[GATE_RIGHT] = "right",
	[GATE_RIGHT_OR_PRIV] = "right_or_privilege",
	[GATE_PRIV_AND_RIGHT] = "privilege_and_right",
	[GATE_RIGHT_AND_PRIV] = "right_and_privilege",
	[GATE_KEY] = "key",
	[GATE_DENY] = "deny",
	[GATE_VALUE] = "value",
};

/* Single-bit names first (describe uses them), then composites, aliases. */
#define RN_PROC  0x1	/* describe as a process right */
#define RN_KEY   0x2	/* describe as a key right */
#define RN_BOTH  (RN_PROC | RN_KEY)
static const struct {
	const char *name;
	uint32_t mask;
	unsigned int describe;
} right_names[] = {
	{ "PROCESS_TERMINATE", PROCESS_TERMINATE, RN_PROC },
	{ "PROCESS_SIGNAL", PROCESS_SIGNAL, RN_PROC },
	{ "PROCESS_VM_READ", PROCESS_VM_READ, RN_PROC },
	{ "PROCESS_VM_WRITE", PROCESS_VM_WRITE, RN_PROC },
	{ "PROCESS_DUP_HANDLE", PROCESS_DUP_HANDLE, RN_PROC },
	{ "PROCESS_SET_INFORMATION", PROCESS_SET_INFORMATION, RN_PROC },
	{ "PROCESS_QUERY_INFORMATION", PROCESS_QUERY_INFORMATION, RN_PROC },
	{ "PROCESS_SUSPEND_RESUME", PROCESS_SUSPEND_RESUME, RN_PROC },
	{ "PROCESS_QUERY_LIMITED", PROCESS_QUERY_LIMITED, RN_PROC },
	{ "KEY_QUERY_VALUE", KEY_QUERY_VALUE, RN_KEY },
	{ "KEY_SET_VALUE", KEY_SET_VALUE, RN_KEY },
	{ "KEY_CREATE_SUB_KEY", KEY_CREATE_SUB_KEY, RN_KEY },
	{ "KEY_ENUMERATE_SUB_KEYS", KEY_ENUMERATE_SUB_KEYS, RN_KEY },
	{ "KEY_NOTIFY", KEY_NOTIFY, RN_KEY },
	{ "KEY_CREATE_LINK", KEY_CREATE_LINK, RN_KEY },
	{ "DELETE", DELETE, RN_BOTH },
	{ "READ_CONTROL", READ_CONTROL, RN_BOTH },
	{ "WRITE_DAC", WRITE_DAC, RN_BOTH },
	{ "WRITE_OWNER", WRITE_OWNER, RN_BOTH },
	{ "SYNCHRONIZE", SYNCHRONIZE, RN_BOTH },
	{ "GENERIC_ALL", GENERIC_ALL, RN_BOTH },
	{ "GENERIC_EXECUTE", GENERIC_EXECUTE, RN_BOTH },
	{ "GENERIC_WRITE", GENERIC_WRITE, RN_BOTH },
	{ "GENERIC_READ", GENERIC_READ, RN_BOTH },
	{ "PROCESS_ALL_ACCESS", PROCESS_ALL_ACCESS, 0 },
	{ "KEY_READ", KEY_READ, 0 },
	{ "KEY_WRITE", KEY_WRITE, 0 },
	{ "KEY_ALL_ACCESS", KEY_ALL_ACCESS, 0 },
	/* names in no catalog (spec/README.md rule 1) */
	{ "PROCESS_SET_QUOTA", PROCESS_SET_INFORMATION, 0 },
	{ "PROCESS_QUERY_LIMITED_INFORMATION", PROCESS_QUERY_LIMITED, 0 },
};

struct sb {
	char *buf;
	size_t size;
	size_t len;
};

static void sb_puts(struct sb *sb, const char *s)
{
	for (; *s; s++) {
		if (sb->len + 1 < sb->size)
			sb->buf[sb->len] = *s;
		sb->len++;
	}
}

static void sb_putnum(struct sb *sb, long v, bool hex)
{
	char tmp[24];
	unsigned int n = 0;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;

	if (v < 0)
		sb_puts(sb, "-");
	if (hex)
		sb_puts(sb, "0x");
	do {
		unsigned int d = (unsigned int)(u % (hex ? 16 : 10));

		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		u /= hex ? 16 : 10;
	} while (u);
	while (n) {
		char c[2] = { tmp[--n], 0 };

		sb_puts(sb, c);
	}
}

static void sb_field(struct sb *sb, const char *key)
{
	if (sb->len)
		sb_puts(sb, " ");
	sb_puts(sb, key);
	sb_puts(sb, "=");
}

static void sb_errno(struct sb *sb, const char *key, int err)
{
	const char *n = gate_errno_name(err);

	sb_field(sb, key);
	if (n)
		sb_puts(sb, n);
	else
		sb_putnum(sb, err, false);
}

static void sb_rights(struct sb *sb, uint32_t mask, unsigned int ctx)
{
	bool first = true;

	for (size_t i = 0; i < PMM_ARRAY_SIZE(right_names); i++) {
		if (!(right_names[i].describe & ctx) ||
		    !(mask & right_names[i].mask))
			continue;
		if (!first)
			sb_puts(sb, "|");
		sb_puts(sb, right_names[i].name);
		mask &= ~right_names[i].mask;
		first = false;
	}
	if (mask || first) {
		if (!first)
			sb_puts(sb, "|");
		sb_putnum(sb, (long)mask, true);
	}
}

size_t gate_describe(const struct gate_row *row, const struct gate_req *r,
		     char *buf, size_t size)
{
	struct sb sb = { buf, size, 0 };

	if (row->flags & GATE_F_VALUE || r->kind == GATE_VALUE) {
		sb_field(&sb, "value");
		sb_putnum(&sb, r->value, false);
		goto out;
	}
	sb_field(&sb, "kind");
	sb_puts(&sb, r->kind < GATE_KIND_NR ? kind_names[r->kind] : "?");
	if (r->kind == GATE_KEY) {
		sb_field(&sb, "key");
		sb_puts(&sb, sec_key_name(r->key) ? sec_key_name(r->key) : "?");
	}
	if (kind_has_right(r->kind) || r->kind == GATE_KEY) {
		sb_field(&sb, "right");
		sb_rights(&sb, r->right, r->kind == GATE_KEY ? RN_KEY : RN_PROC);
	}
	if (kind_has_priv(r->kind)) {
		if (r->cap >= 0) {
			sb_field(&sb, "cap");
			sb_puts(&sb, gate_capability_name(r->cap) ?
					     gate_capability_name(r->cap) : "?");
		} else {
			sb_field(&sb, "privilege");
			sb_puts(&sb, r->priv >= 0 && pmm_privilege_name(
							     (unsigned int)r->priv) ?
					     pmm_privilege_name((unsigned int)r->priv) :
					     "?");
		}
	}
	if (r->kind != GATE_NONE)
		sb_errno(&sb, "errno", r->err);
	if ((r->kind == GATE_PRIV_AND_RIGHT || r->kind == GATE_RIGHT_AND_PRIV) &&
	    r->priv_err)
		sb_errno(&sb, "priv_errno", r->priv_err);
	if (kind_has_priv(r->kind)) {
		sb_field(&sb, "record");
		sb_puts(&sb, r->record ? "1" : "0");
	}
out:
	if (sb.size)
		sb.buf[PMM_MIN(sb.len, sb.size - 1)] = '\0';
	return sb.len;
}

/* ---- parsing overrides --------------------------------------------------- */

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_errno(const char *s, int16_t *out)
{
	long v;

	for (size_t i = 0; i < PMM_ARRAY_SIZE(errno_names); i++) {
		if (!strcmp(s, errno_names[i].name)) {
			*out = (int16_t)errno_names[i].err;
			return true;
		}
	}
	if (!parse_long(s, 1, 4095, &v))
		return false;
	*out = (int16_t)v;
	return true;
}

static bool parse_rights(char *s, uint32_t *out)
{
	uint32_t m = 0;
	char *save = NULL;

	for (char *w = strtok_r(s, "|", &save); w; w = strtok_r(NULL, "|", &save)) {
		bool found = false;
		long v;

		for (size_t i = 0; i < PMM_ARRAY_SIZE(right_names); i++) {
			if (!strcmp(w, right_names[i].name)) {
				m |= right_names[i].mask;
				found = true;
				break;
			}
		}
		if (!found) {
			if (!parse_long(w, 0, UINT32_MAX, &v))
				return false;
			m |= (uint32_t)v;
		}
	}
	*out = m;
	return true;
}

static bool parse_priv(const char *s, int8_t *out)
{
	long v;
	int luid = pmm_privilege_lookup(s);

	if (luid < 0) {
		if (!parse_long(s, 0, PMM_PRIV_MAX - 1, &v) ||
		    !pmm_privilege_name((unsigned int)v))
			return false;
		luid = (int)v;
	}
	*out = (int8_t)luid;
	return true;
}

static bool parse_cap(const char *s, int8_t *out)
{
	long v;

	for (size_t i = 0; i < PMM_ARRAY_SIZE(cap_names); i++) {
		if (!strcmp(s, cap_names[i])) {
			*out = (int8_t)i;
			return true;
		}
	}
	if (!parse_long(s, 0, (long)PMM_ARRAY_SIZE(cap_names) - 1, &v))
		return false;
	*out = (int8_t)v;
	return true;
}

/* Clear what @r's kind does not use, so one entry has one text form. */
static void req_normalize(struct gate_req *r)
{
	if (!kind_has_priv(r->kind)) {
		r->priv = -1;
		r->cap = -1;
		r->record = false;
	}
	if (!kind_has_right(r->kind) && r->kind != GATE_KEY)
		r->right = 0;
	if (r->kind != GATE_KEY)
		r->key = 0;
	if (r->kind != GATE_PRIV_AND_RIGHT && r->kind != GATE_RIGHT_AND_PRIV)
		r->priv_err = 0;
	if (r->kind == GATE_NONE)
		r->err = 0;
	if (r->kind != GATE_VALUE)
		r->value = 0;
}

static bool req_valid(const struct gate_req *r)
{
	if (r->kind >= GATE_KIND_NR || r->kind == GATE_VALUE)
		return false;
	if (r->kind != GATE_NONE && (r->err < 1 || r->err > 4095))
		return false;
	if (r->priv_err < 0 || r->priv_err > 4095)
		return false;
	if (kind_has_priv(r->kind)) {
		if ((r->priv >= 0) == (r->cap >= 0))
			return false;
		if (r->priv >= 0 && !pmm_privilege_name((unsigned int)r->priv))
			return false;
		if (r->cap >= 0 && !gate_capability_name(r->cap))
			return false;
	}
	if ((kind_has_right(r->kind) || r->kind == GATE_KEY) && !r->right)
		return false;
	if (r->kind == GATE_KEY && r->key >= SEC_KEY_NR)
		return false;
	return true;
}

#define OVR_TEXT_MAX 512

/* As pmm_profile_name(); kept here so src/sec does not need the machine. */
static const char *const profile_names[PMM_PROFILE_NR] = {
	[PMM_PROFILE_PEIOS] = "peios",
	[PMM_PROFILE_PEIOS_KACS] = "peios-kacs",
	[PMM_PROFILE_LINUX] = "linux",
};

struct ovr_parse {
	int profile;		/* -1: the machine's */
	bool reset;		/* "default" */
	int kind;		/* -1: not given */
	bool has_priv, has_cap, has_right, has_key, has_err, has_priv_err;
	bool has_record, has_value;
	int8_t priv, cap;
	uint8_t key;
	bool record;
	uint32_t right;
	int16_t err, priv_err;
	long value;
};

static int ovr_word(struct ovr_parse *o, char *w)
{
	char *v = strchr(w, '=');
	long n;

	if (!v) {
		if (!strcmp(w, "default")) {
			o->reset = true;
			return 0;
		}
		return -EINVAL;
	}
	*v++ = '\0';
	if (!strcmp(w, "kind")) {
		for (int k = 0; k < GATE_KIND_NR; k++)
			if (k != GATE_VALUE && !strcmp(v, kind_names[k]))
				o->kind = k;
		return o->kind >= 0 ? 0 : -EINVAL;
	}
	if (!strcmp(w, "privilege") || !strcmp(w, "priv")) {
		o->has_priv = true;
		return parse_priv(v, &o->priv) ? 0 : -EINVAL;
	}
	if (!strcmp(w, "cap")) {
		o->has_cap = true;
		return parse_cap(v, &o->cap) ? 0 : -EINVAL;
	}
	if (!strcmp(w, "right")) {
		o->has_right = true;
		return parse_rights(v, &o->right) && o->right ? 0 : -EINVAL;
	}
	if (!strcmp(w, "key")) {
		int k = sec_key_lookup(v);

		o->has_key = true;
		o->key = (uint8_t)(k < 0 ? 0 : k);
		return k < 0 ? -EINVAL : 0;
	}
	if (!strcmp(w, "errno")) {
		o->has_err = true;
		return parse_errno(v, &o->err) ? 0 : -EINVAL;
	}
	if (!strcmp(w, "priv_errno")) {
		o->has_priv_err = true;
		return parse_errno(v, &o->priv_err) ? 0 : -EINVAL;
	}
	if (!strcmp(w, "record")) {
		if (!parse_long(v, 0, 1, &n))
			return -EINVAL;
		o->has_record = true;
		o->record = n != 0;
		return 0;
	}
	if (!strcmp(w, "value")) {
		o->has_value = true;
		return parse_long(v, LONG_MIN, LONG_MAX, &o->value) ? 0 : -EINVAL;
	}
	if (!strcmp(w, "profile")) {
		for (int p = 0; p < PMM_PROFILE_NR; p++)
			if (!strcmp(v, profile_names[p]))
				o->profile = p;
		return o->profile >= 0 ? 0 : -EINVAL;
	}
	return -EINVAL;
}

/* The kind an override without kind= gives (gate.h, gate_override()). */
static unsigned int ovr_infer_kind(const struct ovr_parse *o, unsigned int cur)
{
	bool priv = o->has_priv || o->has_cap;
	bool combo = cur == GATE_RIGHT_OR_PRIV || cur == GATE_PRIV_AND_RIGHT ||
		     cur == GATE_RIGHT_AND_PRIV;

	if (o->has_key)
		return GATE_KEY;
	if (combo && (priv || o->has_right))
		return cur;
	if (priv && o->has_right)
		return GATE_PRIV_AND_RIGHT;
	if (priv)
		return GATE_PRIV;
	if (o->has_right)
		return cur == GATE_KEY ? GATE_KEY : GATE_RIGHT;
	return cur;
}

static int ovr_apply(const struct gate_row *row, const struct ovr_parse *o,
		     const struct gate_req *cur, enum pmm_profile profile,
		     struct gate_req *out)
{
	struct gate_req r = o->reset ? row->req[profile] : *cur;
	bool had_priv = kind_has_priv(r.kind);

	if (row->flags & GATE_F_VALUE) {
		if (o->kind >= 0 || o->has_priv || o->has_cap || o->has_right ||
		    o->has_key || o->has_err || o->has_priv_err || o->has_record)
			return -EINVAL;
		if (o->has_value)
			r.value = o->value;
		*out = r;
		return 0;
	}
	if (o->has_value)
		return -EINVAL;
	r.kind = (uint8_t)(o->kind >= 0 ? (unsigned int)o->kind :
					  ovr_infer_kind(o, r.kind));
	if (o->has_priv) {
		r.priv = o->priv;
		r.cap = -1;
	}
	if (o->has_cap) {
		r.cap = o->cap;
		r.priv = -1;
	}
	if (o->has_priv && o->has_cap)
		return -EINVAL;
	if (kind_has_priv(r.kind) && !had_priv)
		r.record = true;
	if (o->has_record)
		r.record = o->record;
	if (o->has_right)
		r.right = o->right;
	if (o->has_key)
		r.key = o->key;
	if (o->has_err)
		r.err = o->err;
	if (o->has_priv_err)
		r.priv_err = o->priv_err;
	req_normalize(&r);
	if (!req_valid(&r))
		return -EINVAL;
	*out = r;
	return 0;
}

int gate_override(struct sec_state *sec, const char *name, const char *text)
{
	struct ovr_parse o = { .profile = -1, .kind = -1 };
	const struct gate_row *row;
	char copy[OVR_TEXT_MAX];
	enum pmm_profile profile;
	struct gate_req r;
	char *save = NULL;
	size_t len;
	int err;

	if (!sec || !sec->gates || !text)
		return -EINVAL;
	row = gate_lookup_name(name);
	if (!row)
		return -ENOENT;
	len = strlen(text);
	if (len >= sizeof(copy))
		return -EINVAL;
	memcpy(copy, text, len + 1);
	for (char *w = strtok_r(copy, " \t\n,", &save); w;
	     w = strtok_r(NULL, " \t\n,", &save)) {
		err = ovr_word(&o, w);
		if (err)
			return err;
	}
	profile = o.profile >= 0 ? (enum pmm_profile)o.profile : sec->profile;
	err = ovr_apply(row, &o, sec_req(sec, row->id, profile), profile, &r);
	if (err)
		return err;
	*sec_req(sec, row->id, profile) = r;	/* the only change */
	sec->nr_overrides++;
	return 0;
}
