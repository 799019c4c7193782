// SPDX-License-Identifier: MIT
/*
 * consts.c - the name tables of the scenario language: symbolic constants
 * with their Linux x86-64 values (and the Peios token, privilege and access
 * right values of spec/00-security-model.md), errno names with strerror()
 * texts, signals and si_codes. The tables are hand-kept, sorted static
 * arrays: names are found by binary search, numbers by a linear walk.
 * tests/scn checks the order and that no name is defined twice.
 *
 * Values come from the uapi headers (asm-generic/mman-common.h, mman.h,
 * fcntl.h, mempolicy.h, userfaultfd.h, prctl.h, capability.h) and were
 * checked against this machine's headers where they define them; newer
 * ones (MADV_GUARD_*, MAP_DROPPABLE, UFFDIO_MOVE/POISON, MPOL_WEIGHTED_
 * INTERLEAVE, PR_*_MDWE, PR_*_MEMORY_MERGE, MFD_EXEC, F_SEAL_EXEC,
 * MAP_ABOVE4G) follow current Linux. KACS_MIT_* are the PSB mitigation
 * bits of KACS v0.22 §5.2 (spec 02 §3a). UFFDIO_* ioctl numbers are _IOWR/_IOR(0xAA, nr, struct)
 * as x86-64 computes them. MAP_SEALABLE is not in mainline uapi: 0x8000000
 * is the value of the Linux 6.8-era mseal patch that Peios keeps (to be
 * confirmed by the lead).
 */
#include <string.h>

#include "internal.h"

struct named_const {
	const char *name;	/* first member: see find_name() */
	int64_t val;
};

/* Sorted by strcmp(); signals live in signals[] below. */
static const struct named_const consts[] = {
	{ "ACCESS_SYSTEM_SECURITY", 0x01000000 },
	{ "CAP_AUDIT_CONTROL", 30 },
	{ "CAP_AUDIT_READ", 37 },
	{ "CAP_AUDIT_WRITE", 29 },
	{ "CAP_BLOCK_SUSPEND", 36 },
	{ "CAP_BPF", 39 },
	{ "CAP_CHECKPOINT_RESTORE", 40 },
	{ "CAP_CHOWN", 0 },
	{ "CAP_DAC_OVERRIDE", 1 },
	{ "CAP_DAC_READ_SEARCH", 2 },
	{ "CAP_FOWNER", 3 },
	{ "CAP_FSETID", 4 },
	{ "CAP_IPC_LOCK", 14 },
	{ "CAP_IPC_OWNER", 15 },
	{ "CAP_KILL", 5 },
	{ "CAP_LAST_CAP", 40 },
	{ "CAP_LEASE", 28 },
	{ "CAP_LINUX_IMMUTABLE", 9 },
	{ "CAP_MAC_ADMIN", 33 },
	{ "CAP_MAC_OVERRIDE", 32 },
	{ "CAP_MKNOD", 27 },
	{ "CAP_NET_ADMIN", 12 },
	{ "CAP_NET_BIND_SERVICE", 10 },
	{ "CAP_NET_BROADCAST", 11 },
	{ "CAP_NET_RAW", 13 },
	{ "CAP_PERFMON", 38 },
	{ "CAP_SETFCAP", 31 },
	{ "CAP_SETGID", 6 },
	{ "CAP_SETPCAP", 8 },
	{ "CAP_SETUID", 7 },
	{ "CAP_SYSLOG", 34 },
	{ "CAP_SYS_ADMIN", 21 },
	{ "CAP_SYS_BOOT", 22 },
	{ "CAP_SYS_CHROOT", 18 },
	{ "CAP_SYS_MODULE", 16 },
	{ "CAP_SYS_NICE", 23 },
	{ "CAP_SYS_PACCT", 20 },
	{ "CAP_SYS_PTRACE", 19 },
	{ "CAP_SYS_RAWIO", 17 },
	{ "CAP_SYS_RESOURCE", 24 },
	{ "CAP_SYS_TIME", 25 },
	{ "CAP_SYS_TTY_CONFIG", 26 },
	{ "CAP_WAKE_ALARM", 35 },
	{ "CLONE_CHILD_CLEARTID", 0x00200000 },
	{ "CLONE_CHILD_SETTID", 0x01000000 },
	{ "CLONE_DETACHED", 0x00400000 },
	{ "CLONE_FILES", 0x00000400 },
	{ "CLONE_FS", 0x00000200 },
	{ "CLONE_IO", 0x80000000 },
	{ "CLONE_NEWCGROUP", 0x02000000 },
	{ "CLONE_NEWIPC", 0x08000000 },
	{ "CLONE_NEWNET", 0x40000000 },
	{ "CLONE_NEWNS", 0x00020000 },
	{ "CLONE_NEWPID", 0x20000000 },
	{ "CLONE_NEWUSER", 0x10000000 },
	{ "CLONE_NEWUTS", 0x04000000 },
	{ "CLONE_PARENT", 0x00008000 },
	{ "CLONE_PARENT_SETTID", 0x00100000 },
	{ "CLONE_PIDFD", 0x00001000 },
	{ "CLONE_PTRACE", 0x00002000 },
	{ "CLONE_SETTLS", 0x00080000 },
	{ "CLONE_SIGHAND", 0x00000800 },
	{ "CLONE_SYSVSEM", 0x00040000 },
	{ "CLONE_THREAD", 0x00010000 },
	{ "CLONE_UNTRACED", 0x00800000 },
	{ "CLONE_VFORK", 0x00004000 },
	{ "CLONE_VM", 0x00000100 },
	{ "DELETE", 0x00010000 },
	{ "FD_CLOEXEC", 1 },
	{ "FILE_ALL_ACCESS", 0x001F01FF },
	{ "FILE_APPEND_DATA", 0x0004 },
	{ "FILE_DELETE_CHILD", 0x0040 },
	{ "FILE_EXECUTE", 0x0020 },
	{ "FILE_GENERIC_EXECUTE", 0x001200A0 },
	{ "FILE_GENERIC_READ", 0x00120089 },
	{ "FILE_GENERIC_WRITE", 0x00120116 },
	{ "FILE_READ_ATTRIBUTES", 0x0080 },
	{ "FILE_READ_DATA", 0x0001 },
	{ "FILE_READ_EA", 0x0008 },
	{ "FILE_WRITE_ATTRIBUTES", 0x0100 },
	{ "FILE_WRITE_DATA", 0x0002 },
	{ "FILE_WRITE_EA", 0x0010 },
	{ "F_ADD_SEALS", 1033 },
	{ "F_DUPFD", 0 },
	{ "F_DUPFD_CLOEXEC", 1030 },
	{ "F_GETFD", 1 },
	{ "F_GETFL", 3 },
	{ "F_GETLEASE", 1025 },
	{ "F_GETLK", 5 },
	{ "F_GETOWN", 9 },
	{ "F_GETPIPE_SZ", 1032 },
	{ "F_GET_SEALS", 1034 },
	{ "F_NOTIFY", 1026 },
	{ "F_SEAL_EXEC", 0x0020 },
	{ "F_SEAL_FUTURE_WRITE", 0x0010 },
	{ "F_SEAL_GROW", 0x0004 },
	{ "F_SEAL_SEAL", 0x0001 },
	{ "F_SEAL_SHRINK", 0x0002 },
	{ "F_SEAL_WRITE", 0x0008 },
	{ "F_SETFD", 2 },
	{ "F_SETFL", 4 },
	{ "F_SETLEASE", 1024 },
	{ "F_SETLK", 6 },
	{ "F_SETLKW", 7 },
	{ "F_SETOWN", 8 },
	{ "F_SETPIPE_SZ", 1031 },
	{ "GENERIC_ALL", 0x10000000 },
	{ "GENERIC_EXECUTE", 0x20000000 },
	{ "GENERIC_READ", 0x80000000 },
	{ "GENERIC_WRITE", 0x40000000 },
	{ "IPC_CREAT", 00001000 },
	{ "IPC_EXCL", 00002000 },
	{ "IPC_INFO", 3 },
	{ "IPC_NOWAIT", 00004000 },
	{ "IPC_PRIVATE", 0 },
	{ "IPC_RMID", 0 },
	{ "IPC_SET", 1 },
	{ "IPC_STAT", 2 },
	{ "KACS_MIT_ALL", 0x3ff },
	{ "KACS_MIT_CFI", 0x008 },
	{ "KACS_MIT_CFIB", 0x080 },
	{ "KACS_MIT_CFIF", 0x040 },
	{ "KACS_MIT_LSV", 0x004 },
	{ "KACS_MIT_NO_CHILD", 0x020 },
	{ "KACS_MIT_PIE", 0x100 },
	{ "KACS_MIT_SML", 0x200 },
	{ "KACS_MIT_TLP", 0x002 },
	{ "KACS_MIT_UI_ACCESS", 0x010 },
	{ "KACS_MIT_WXP", 0x001 },
	{ "KACS_PRIV_RESET_ALL_DEFAULTS", 0x80000000 },
	{ "MADV_COLD", 20 },
	{ "MADV_COLLAPSE", 25 },
	{ "MADV_DODUMP", 17 },
	{ "MADV_DOFORK", 11 },
	{ "MADV_DONTDUMP", 16 },
	{ "MADV_DONTFORK", 10 },
	{ "MADV_DONTNEED", 4 },
	{ "MADV_DONTNEED_LOCKED", 24 },
	{ "MADV_FREE", 8 },
	{ "MADV_GUARD_INSTALL", 102 },
	{ "MADV_GUARD_REMOVE", 103 },
	{ "MADV_HUGEPAGE", 14 },
	{ "MADV_HWPOISON", 100 },
	{ "MADV_KEEPONFORK", 19 },
	{ "MADV_MERGEABLE", 12 },
	{ "MADV_NOHUGEPAGE", 15 },
	{ "MADV_NORMAL", 0 },
	{ "MADV_PAGEOUT", 21 },
	{ "MADV_POPULATE_READ", 22 },
	{ "MADV_POPULATE_WRITE", 23 },
	{ "MADV_RANDOM", 1 },
	{ "MADV_REMOVE", 9 },
	{ "MADV_SEQUENTIAL", 2 },
	{ "MADV_SOFT_OFFLINE", 101 },
	{ "MADV_UNMERGEABLE", 13 },
	{ "MADV_WILLNEED", 3 },
	{ "MADV_WIPEONFORK", 18 },
	{ "MAP_32BIT", 0x40 },
	{ "MAP_ABOVE4G", 0x80 }, /* Linux 6.6 */
	{ "MAP_ANON", 0x20 },
	{ "MAP_ANONYMOUS", 0x20 },
	{ "MAP_DENYWRITE", 0x0800 },
	{ "MAP_DROPPABLE", 0x08 }, /* Linux 6.11 */
	{ "MAP_EXECUTABLE", 0x1000 },
	{ "MAP_FILE", 0 },
	{ "MAP_FIXED", 0x10 },
	{ "MAP_FIXED_NOREPLACE", 0x100000 },
	{ "MAP_GROWSDOWN", 0x0100 },
	{ "MAP_HUGETLB", 0x40000 },
	{ "MAP_HUGE_16GB", (34LL << 26) },
	{ "MAP_HUGE_16KB", (14 << 26) },
	{ "MAP_HUGE_16MB", (24 << 26) },
	{ "MAP_HUGE_1GB", (30 << 26) },
	{ "MAP_HUGE_1MB", (20 << 26) },
	{ "MAP_HUGE_256MB", (28 << 26) },
	{ "MAP_HUGE_2GB", (31 << 26) },
	{ "MAP_HUGE_2MB", (21 << 26) },
	{ "MAP_HUGE_32MB", (25 << 26) },
	{ "MAP_HUGE_512KB", (19 << 26) },
	{ "MAP_HUGE_512MB", (29 << 26) },
	{ "MAP_HUGE_64KB", (16 << 26) },
	{ "MAP_HUGE_8MB", (23 << 26) },
	{ "MAP_HUGE_MASK", 0x3f },
	{ "MAP_HUGE_SHIFT", 26 },
	{ "MAP_LOCKED", 0x2000 },
	{ "MAP_NONBLOCK", 0x10000 },
	{ "MAP_NORESERVE", 0x4000 },
	{ "MAP_POPULATE", 0x8000 },
	{ "MAP_PRIVATE", 0x02 },
	{ "MAP_SEALABLE", 0x8000000 }, /* Peios; see above */
	{ "MAP_SHARED", 0x01 },
	{ "MAP_SHARED_VALIDATE", 0x03 },
	{ "MAP_STACK", 0x20000 },
	{ "MAP_SYNC", 0x80000 },
	{ "MAP_TYPE", 0x0f },
	{ "MAP_UNINITIALIZED", 0x4000000 },
	{ "MAXIMUM_ALLOWED", 0x02000000 },
	{ "MCL_CURRENT", 1 },
	{ "MCL_FUTURE", 2 },
	{ "MCL_ONFAULT", 4 },
	{ "MFD_ALLOW_SEALING", 0x0002 },
	{ "MFD_CLOEXEC", 0x0001 },
	{ "MFD_EXEC", 0x0010 },
	{ "MFD_HUGETLB", 0x0004 },
	{ "MFD_HUGE_1GB", (30 << 26) },
	{ "MFD_HUGE_2MB", (21 << 26) },
	{ "MFD_HUGE_MASK", 0x3f },
	{ "MFD_HUGE_SHIFT", 26 },
	{ "MFD_NOEXEC_SEAL", 0x0008 },
	{ "MLOCK_ONFAULT", 0x01 },
	{ "MPOL_BIND", 2 },
	{ "MPOL_DEFAULT", 0 },
	{ "MPOL_F_ADDR", (1 << 1) },
	{ "MPOL_F_MEMS_ALLOWED", (1 << 2) },
	{ "MPOL_F_NODE", (1 << 0) },
	{ "MPOL_F_NUMA_BALANCING", (1 << 13) },
	{ "MPOL_F_RELATIVE_NODES", (1 << 14) },
	{ "MPOL_F_STATIC_NODES", (1 << 15) },
	{ "MPOL_INTERLEAVE", 3 },
	{ "MPOL_LOCAL", 4 },
	{ "MPOL_MF_MOVE", (1 << 1) },
	{ "MPOL_MF_MOVE_ALL", (1 << 2) },
	{ "MPOL_MF_STRICT", (1 << 0) },
	{ "MPOL_MODE_FLAGS", (0x7 << 13) },
	{ "MPOL_PREFERRED", 1 },
	{ "MPOL_PREFERRED_MANY", 5 },
	{ "MPOL_WEIGHTED_INTERLEAVE", 6 },
	{ "MREMAP_DONTUNMAP", 4 },
	{ "MREMAP_FIXED", 2 },
	{ "MREMAP_MAYMOVE", 1 },
	{ "MS_ASYNC", 1 },
	{ "MS_INVALIDATE", 2 },
	{ "MS_SYNC", 4 },
	{ "NULL", 0 },
	{ "O_ACCMODE", 00000003 },
	{ "O_APPEND", 00002000 },
	{ "O_CLOEXEC", 02000000 },
	{ "O_CREAT", 00000100 },
	{ "O_DIRECT", 00040000 },
	{ "O_DIRECTORY", 00200000 },
	{ "O_DSYNC", 00010000 },
	{ "O_EXCL", 00000200 },
	{ "O_LARGEFILE", 00100000 }, /* kernel value; glibc says 0 */
	{ "O_NOATIME", 01000000 },
	{ "O_NOCTTY", 00000400 },
	{ "O_NOFOLLOW", 00400000 },
	{ "O_NONBLOCK", 00004000 },
	{ "O_PATH", 010000000 },
	{ "O_RDONLY", 00000000 },
	{ "O_RDWR", 00000002 },
	{ "O_SYNC", 04010000 },
	{ "O_TMPFILE", 020200000 },
	{ "O_TRUNC", 00001000 },
	{ "O_WRONLY", 00000001 },
	{ "PAGE_SIZE", 4096 }, /* the simulated base page */
	{ "PKEY_ACCESS_MASK", 0x3 },
	{ "PKEY_DISABLE_ACCESS", 0x1 },
	{ "PKEY_DISABLE_WRITE", 0x2 },
	{ "POSIX_FADV_DONTNEED", 4 },
	{ "POSIX_FADV_NOREUSE", 5 },
	{ "POSIX_FADV_NORMAL", 0 },
	{ "POSIX_FADV_RANDOM", 1 },
	{ "POSIX_FADV_SEQUENTIAL", 2 },
	{ "POSIX_FADV_WILLNEED", 3 },
	{ "PROCESS_ALL_ACCESS", 0x001F1FFF },
	{ "PROCESS_DUP_HANDLE", 0x0040 },
	{ "PROCESS_QUERY_INFORMATION", 0x0400 },
	{ "PROCESS_QUERY_LIMITED", 0x1000 },
	{ "PROCESS_QUERY_LIMITED_INFORMATION", 0x1000 },
	{ "PROCESS_SET_INFORMATION", 0x0200 },
	{ "PROCESS_SIGNAL", 0x0002 },
	{ "PROCESS_SUSPEND_RESUME", 0x0800 },
	{ "PROCESS_TERMINATE", 0x0001 },
	{ "PROCESS_VM_READ", 0x0010 },
	{ "PROCESS_VM_WRITE", 0x0020 },
	{ "PROT_EXEC", 0x4 },
	{ "PROT_GROWSDOWN", 0x01000000 },
	{ "PROT_GROWSUP", 0x02000000 },
	{ "PROT_NONE", 0x0 },
	{ "PROT_READ", 0x1 },
	{ "PROT_SEM", 0x8 },
	{ "PROT_WRITE", 0x2 },
	{ "PR_GET_DUMPABLE", 3 },
	{ "PR_GET_MDWE", 66 },
	{ "PR_GET_MEMORY_MERGE", 68 },
	{ "PR_GET_NAME", 16 },
	{ "PR_GET_NO_NEW_PRIVS", 39 },
	{ "PR_GET_TAGGED_ADDR_CTRL", 56 },
	{ "PR_GET_THP_DISABLE", 42 },
	{ "PR_MCE_KILL", 33 },
	{ "PR_MCE_KILL_CLEAR", 0 },
	{ "PR_MCE_KILL_DEFAULT", 2 },
	{ "PR_MCE_KILL_EARLY", 1 },
	{ "PR_MCE_KILL_GET", 34 },
	{ "PR_MCE_KILL_LATE", 0 },
	{ "PR_MCE_KILL_SET", 1 },
	{ "PR_MDWE_NO_INHERIT", 2 },
	{ "PR_MDWE_REFUSE_EXEC_GAIN", 1 },
	{ "PR_SET_DUMPABLE", 4 },
	{ "PR_SET_MDWE", 65 },
	{ "PR_SET_MEMORY_MERGE", 67 },
	{ "PR_SET_MM", 35 },
	{ "PR_SET_NAME", 15 },
	{ "PR_SET_NO_NEW_PRIVS", 38 },
	{ "PR_SET_TAGGED_ADDR_CTRL", 55 },
	{ "PR_SET_THP_DISABLE", 41 },
	{ "PR_SET_VMA", 0x53564d41 },
	{ "PR_SET_VMA_ANON_NAME", 0 },
	{ "PR_TAGGED_ADDR_ENABLE", 1 },
	{ "P_ALL", 0 },
	{ "P_PGID", 2 },
	{ "P_PID", 1 },
	{ "P_PIDFD", 3 },
	{ "READ_CONTROL", 0x00020000 },
	{ "RLIMIT_AS", 9 },
	{ "RLIMIT_CORE", 4 },
	{ "RLIMIT_CPU", 0 },
	{ "RLIMIT_DATA", 2 },
	{ "RLIMIT_FSIZE", 1 },
	{ "RLIMIT_LOCKS", 10 },
	{ "RLIMIT_MEMLOCK", 8 },
	{ "RLIMIT_MSGQUEUE", 12 },
	{ "RLIMIT_NICE", 13 },
	{ "RLIMIT_NOFILE", 7 },
	{ "RLIMIT_NPROC", 6 },
	{ "RLIMIT_RSS", 5 },
	{ "RLIMIT_RTPRIO", 14 },
	{ "RLIMIT_RTTIME", 15 },
	{ "RLIMIT_SIGPENDING", 11 },
	{ "RLIMIT_STACK", 3 },
	{ "RLIM_INFINITY", -1 }, /* ~0UL */
	{ "SEEK_CUR", 1 },
	{ "SEEK_DATA", 3 },
	{ "SEEK_END", 2 },
	{ "SEEK_HOLE", 4 },
	{ "SEEK_SET", 0 },
	{ "SE_PRIVILEGE_ENABLED", 0x00000002 },
	{ "SE_PRIVILEGE_REMOVED", 0x00000004 },
	{ "SHM_DEST", 01000 },
	{ "SHM_EXEC", 0100000 },
	{ "SHM_HUGETLB", 04000 },
	{ "SHM_HUGE_1GB", (30 << 26) },
	{ "SHM_HUGE_2MB", (21 << 26) },
	{ "SHM_HUGE_SHIFT", 26 },
	{ "SHM_INFO", 14 },
	{ "SHM_LOCK", 11 },
	{ "SHM_LOCKED", 02000 },
	{ "SHM_NORESERVE", 010000 },
	{ "SHM_RDONLY", 010000 },
	{ "SHM_REMAP", 040000 },
	{ "SHM_RND", 020000 },
	{ "SHM_STAT", 13 },
	{ "SHM_STAT_ANY", 15 },
	{ "SHM_UNLOCK", 12 },
	{ "SWAP_FLAG_DISCARD", 0x10000 },
	{ "SWAP_FLAG_DISCARD_ONCE", 0x20000 },
	{ "SWAP_FLAG_DISCARD_PAGES", 0x40000 },
	{ "SWAP_FLAG_PREFER", 0x8000 },
	{ "SWAP_FLAG_PRIO_MASK", 0x7fff },
	{ "SWAP_FLAG_PRIO_SHIFT", 0 },
	{ "SYNCHRONIZE", 0x00100000 },
	{ "S_IRGRP", 040 },
	{ "S_IROTH", 04 },
	{ "S_IRUSR", 0400 },
	{ "S_IRWXG", 070 },
	{ "S_IRWXO", 07 },
	{ "S_IRWXU", 0700 },
	{ "S_IWGRP", 020 },
	{ "S_IWOTH", 02 },
	{ "S_IWUSR", 0200 },
	{ "S_IXGRP", 010 },
	{ "S_IXOTH", 01 },
	{ "S_IXUSR", 0100 },
	{ "SeAssignPrimaryTokenPrivilege", 3 },
	{ "SeAuditPrivilege", 21 },
	{ "SeBackupPrivilege", 17 },
	{ "SeBindPrivilegedPortPrivilege", 63 },
	{ "SeChangeNotifyPrivilege", 23 },
	{ "SeCreateGlobalPrivilege", 30 },
	{ "SeCreateJobPrivilege", 62 },
	{ "SeCreatePagefilePrivilege", 15 },
	{ "SeCreatePermanentPrivilege", 16 },
	{ "SeCreateSymbolicLinkPrivilege", 35 },
	{ "SeCreateTokenPrivilege", 2 },
	{ "SeDebugPrivilege", 20 },
	{ "SeEnableDelegationPrivilege", 27 },
	{ "SeImpersonatePrivilege", 29 },
	{ "SeIncreaseBasePriorityPrivilege", 14 },
	{ "SeIncreaseQuotaPrivilege", 5 },
	{ "SeIncreaseWorkingSetPrivilege", 33 },
	{ "SeLoadDriverPrivilege", 10 },
	{ "SeLockMemoryPrivilege", 4 },
	{ "SeMachineAccountPrivilege", 6 },
	{ "SeManageVolumePrivilege", 28 },
	{ "SeProfileSingleProcessPrivilege", 13 },
	{ "SeRelabelPrivilege", 32 },
	{ "SeRemoteShutdownPrivilege", 24 },
	{ "SeRestorePrivilege", 18 },
	{ "SeSecurityPrivilege", 8 },
	{ "SeShutdownPrivilege", 19 },
	{ "SeSyncAgentPrivilege", 26 },
	{ "SeSystemEnvironmentPrivilege", 22 },
	{ "SeSystemProfilePrivilege", 11 },
	{ "SeSystemtimePrivilege", 12 },
	{ "SeTakeOwnershipPrivilege", 9 },
	{ "SeTcbPrivilege", 7 },
	{ "SeTimeZonePrivilege", 34 },
	{ "SeTrustedCredManAccessPrivilege", 31 },
	{ "SeUndockPrivilege", 25 },
	{ "TOKEN_ADJUST_PRIVILEGES", 0x0020 },
	{ "UFFDIO_API", 0xc018aa3f },
	{ "UFFDIO_CONTINUE", 0xc020aa07 },
	{ "UFFDIO_CONTINUE_MODE_DONTWAKE", 0x1 },
	{ "UFFDIO_CONTINUE_MODE_WP", 0x2 },
	{ "UFFDIO_COPY", 0xc028aa03 },
	{ "UFFDIO_COPY_MODE_DONTWAKE", 0x1 },
	{ "UFFDIO_COPY_MODE_WP", 0x2 },
	{ "UFFDIO_MOVE", 0xc028aa05 },
	{ "UFFDIO_MOVE_MODE_ALLOW_SRC_HOLES", 0x2 },
	{ "UFFDIO_MOVE_MODE_DONTWAKE", 0x1 },
	{ "UFFDIO_POISON", 0xc020aa08 },
	{ "UFFDIO_POISON_MODE_DONTWAKE", 0x1 },
	{ "UFFDIO_REGISTER", 0xc020aa00 },
	{ "UFFDIO_REGISTER_MODE_MINOR", 0x4 },
	{ "UFFDIO_REGISTER_MODE_MISSING", 0x1 },
	{ "UFFDIO_REGISTER_MODE_WP", 0x2 },
	{ "UFFDIO_UNREGISTER", 0x8010aa01 },
	{ "UFFDIO_WAKE", 0x8010aa02 },
	{ "UFFDIO_WRITEPROTECT", 0xc018aa06 },
	{ "UFFDIO_WRITEPROTECT_MODE_DONTWAKE", 0x2 },
	{ "UFFDIO_WRITEPROTECT_MODE_WP", 0x1 },
	{ "UFFDIO_ZEROPAGE", 0xc020aa04 },
	{ "UFFDIO_ZEROPAGE_MODE_DONTWAKE", 0x1 },
	{ "UFFD_API", 0xAA },
	{ "UFFD_FEATURE_EVENT_FORK", (1 << 1) },
	{ "UFFD_FEATURE_EVENT_REMAP", (1 << 2) },
	{ "UFFD_FEATURE_EVENT_REMOVE", (1 << 3) },
	{ "UFFD_FEATURE_EVENT_UNMAP", (1 << 6) },
	{ "UFFD_FEATURE_EXACT_ADDRESS", (1 << 11) },
	{ "UFFD_FEATURE_MINOR_HUGETLBFS", (1 << 9) },
	{ "UFFD_FEATURE_MINOR_SHMEM", (1 << 10) },
	{ "UFFD_FEATURE_MISSING_HUGETLBFS", (1 << 4) },
	{ "UFFD_FEATURE_MISSING_SHMEM", (1 << 5) },
	{ "UFFD_FEATURE_MOVE", (1 << 16) },
	{ "UFFD_FEATURE_PAGEFAULT_FLAG_WP", (1 << 0) },
	{ "UFFD_FEATURE_POISON", (1 << 14) },
	{ "UFFD_FEATURE_SIGBUS", (1 << 7) },
	{ "UFFD_FEATURE_THREAD_ID", (1 << 8) },
	{ "UFFD_FEATURE_WP_ASYNC", (1 << 15) },
	{ "UFFD_FEATURE_WP_HUGETLBFS_SHMEM", (1 << 12) },
	{ "UFFD_FEATURE_WP_UNPOPULATED", (1 << 13) },
	{ "UFFD_USER_MODE_ONLY", 1 },
	{ "WRITE_DAC", 0x00040000 },
	{ "WRITE_OWNER", 0x00080000 },
};

struct errno_ent {
	const char *name;	/* first member: see find_name() */
	int num;
	bool alias;		/* EWOULDBLOCK, EDEADLOCK, ENOTSUP */
	const char *text;	/* glibc strerror() */
};

/* Sorted by strcmp(). */
static const struct errno_ent errnos[] = {
	{ "E2BIG", 7, false, "Argument list too long" },
	{ "EACCES", 13, false, "Permission denied" },
	{ "EADDRINUSE", 98, false, "Address already in use" },
	{ "EADDRNOTAVAIL", 99, false, "Cannot assign requested address" },
	{ "EADV", 68, false, "Advertise error" },
	{ "EAFNOSUPPORT", 97, false, "Address family not supported by protocol" },
	{ "EAGAIN", 11, false, "Resource temporarily unavailable" },
	{ "EALREADY", 114, false, "Operation already in progress" },
	{ "EBADE", 52, false, "Invalid exchange" },
	{ "EBADF", 9, false, "Bad file descriptor" },
	{ "EBADFD", 77, false, "File descriptor in bad state" },
	{ "EBADMSG", 74, false, "Bad message" },
	{ "EBADR", 53, false, "Invalid request descriptor" },
	{ "EBADRQC", 56, false, "Invalid request code" },
	{ "EBADSLT", 57, false, "Invalid slot" },
	{ "EBFONT", 59, false, "Bad font file format" },
	{ "EBUSY", 16, false, "Device or resource busy" },
	{ "ECANCELED", 125, false, "Operation canceled" },
	{ "ECHILD", 10, false, "No child processes" },
	{ "ECHRNG", 44, false, "Channel number out of range" },
	{ "ECOMM", 70, false, "Communication error on send" },
	{ "ECONNABORTED", 103, false, "Software caused connection abort" },
	{ "ECONNREFUSED", 111, false, "Connection refused" },
	{ "ECONNRESET", 104, false, "Connection reset by peer" },
	{ "EDEADLK", 35, false, "Resource deadlock avoided" },
	{ "EDEADLOCK", 35, true, "Resource deadlock avoided" },
	{ "EDESTADDRREQ", 89, false, "Destination address required" },
	{ "EDOM", 33, false, "Numerical argument out of domain" },
	{ "EDOTDOT", 73, false, "RFS specific error" },
	{ "EDQUOT", 122, false, "Disk quota exceeded" },
	{ "EEXIST", 17, false, "File exists" },
	{ "EFAULT", 14, false, "Bad address" },
	{ "EFBIG", 27, false, "File too large" },
	{ "EHOSTDOWN", 112, false, "Host is down" },
	{ "EHOSTUNREACH", 113, false, "No route to host" },
	{ "EHWPOISON", 133, false, "Memory page has hardware error" },
	{ "EIDRM", 43, false, "Identifier removed" },
	{ "EILSEQ", 84, false, "Invalid or incomplete multibyte or wide character" },
	{ "EINPROGRESS", 115, false, "Operation now in progress" },
	{ "EINTR", 4, false, "Interrupted system call" },
	{ "EINVAL", 22, false, "Invalid argument" },
	{ "EIO", 5, false, "Input/output error" },
	{ "EISCONN", 106, false, "Transport endpoint is already connected" },
	{ "EISDIR", 21, false, "Is a directory" },
	{ "EISNAM", 120, false, "Is a named type file" },
	{ "EKEYEXPIRED", 127, false, "Key has expired" },
	{ "EKEYREJECTED", 129, false, "Key was rejected by service" },
	{ "EKEYREVOKED", 128, false, "Key has been revoked" },
	{ "EL2HLT", 51, false, "Level 2 halted" },
	{ "EL2NSYNC", 45, false, "Level 2 not synchronized" },
	{ "EL3HLT", 46, false, "Level 3 halted" },
	{ "EL3RST", 47, false, "Level 3 reset" },
	{ "ELIBACC", 79, false, "Can not access a needed shared library" },
	{ "ELIBBAD", 80, false, "Accessing a corrupted shared library" },
	{ "ELIBEXEC", 83, false, "Cannot exec a shared library directly" },
	{ "ELIBMAX", 82, false, "Attempting to link in too many shared libraries" },
	{ "ELIBSCN", 81, false, ".lib section in a.out corrupted" },
	{ "ELNRNG", 48, false, "Link number out of range" },
	{ "ELOOP", 40, false, "Too many levels of symbolic links" },
	{ "EMEDIUMTYPE", 124, false, "Wrong medium type" },
	{ "EMFILE", 24, false, "Too many open files" },
	{ "EMLINK", 31, false, "Too many links" },
	{ "EMSGSIZE", 90, false, "Message too long" },
	{ "EMULTIHOP", 72, false, "Multihop attempted" },
	{ "ENAMETOOLONG", 36, false, "File name too long" },
	{ "ENAVAIL", 119, false, "No XENIX semaphores available" },
	{ "ENETDOWN", 100, false, "Network is down" },
	{ "ENETRESET", 102, false, "Network dropped connection on reset" },
	{ "ENETUNREACH", 101, false, "Network is unreachable" },
	{ "ENFILE", 23, false, "Too many open files in system" },
	{ "ENOANO", 55, false, "No anode" },
	{ "ENOBUFS", 105, false, "No buffer space available" },
	{ "ENOCSI", 50, false, "No CSI structure available" },
	{ "ENODATA", 61, false, "No data available" },
	{ "ENODEV", 19, false, "No such device" },
	{ "ENOENT", 2, false, "No such file or directory" },
	{ "ENOEXEC", 8, false, "Exec format error" },
	{ "ENOKEY", 126, false, "Required key not available" },
	{ "ENOLCK", 37, false, "No locks available" },
	{ "ENOLINK", 67, false, "Link has been severed" },
	{ "ENOMEDIUM", 123, false, "No medium found" },
	{ "ENOMEM", 12, false, "Cannot allocate memory" },
	{ "ENOMSG", 42, false, "No message of desired type" },
	{ "ENONET", 64, false, "Machine is not on the network" },
	{ "ENOPKG", 65, false, "Package not installed" },
	{ "ENOPROTOOPT", 92, false, "Protocol not available" },
	{ "ENOSPC", 28, false, "No space left on device" },
	{ "ENOSR", 63, false, "Out of streams resources" },
	{ "ENOSTR", 60, false, "Device not a stream" },
	{ "ENOSYS", 38, false, "Function not implemented" },
	{ "ENOTBLK", 15, false, "Block device required" },
	{ "ENOTCONN", 107, false, "Transport endpoint is not connected" },
	{ "ENOTDIR", 20, false, "Not a directory" },
	{ "ENOTEMPTY", 39, false, "Directory not empty" },
	{ "ENOTNAM", 118, false, "Not a XENIX named type file" },
	{ "ENOTRECOVERABLE", 131, false, "State not recoverable" },
	{ "ENOTSOCK", 88, false, "Socket operation on non-socket" },
	{ "ENOTSUP", 95, true, "Operation not supported" },
	{ "ENOTTY", 25, false, "Inappropriate ioctl for device" },
	{ "ENOTUNIQ", 76, false, "Name not unique on network" },
	{ "ENXIO", 6, false, "No such device or address" },
	{ "EOPNOTSUPP", 95, false, "Operation not supported" },
	{ "EOVERFLOW", 75, false, "Value too large for defined data type" },
	{ "EOWNERDEAD", 130, false, "Owner died" },
	{ "EPERM", 1, false, "Operation not permitted" },
	{ "EPFNOSUPPORT", 96, false, "Protocol family not supported" },
	{ "EPIPE", 32, false, "Broken pipe" },
	{ "EPROTO", 71, false, "Protocol error" },
	{ "EPROTONOSUPPORT", 93, false, "Protocol not supported" },
	{ "EPROTOTYPE", 91, false, "Protocol wrong type for socket" },
	{ "ERANGE", 34, false, "Numerical result out of range" },
	{ "EREMCHG", 78, false, "Remote address changed" },
	{ "EREMOTE", 66, false, "Object is remote" },
	{ "EREMOTEIO", 121, false, "Remote I/O error" },
	{ "ERESTART", 85, false, "Interrupted system call should be restarted" },
	{ "ERFKILL", 132, false, "Operation not possible due to RF-kill" },
	{ "EROFS", 30, false, "Read-only file system" },
	{ "ESHUTDOWN", 108, false, "Cannot send after transport endpoint shutdown" },
	{ "ESOCKTNOSUPPORT", 94, false, "Socket type not supported" },
	{ "ESPIPE", 29, false, "Illegal seek" },
	{ "ESRCH", 3, false, "No such process" },
	{ "ESRMNT", 69, false, "Srmount error" },
	{ "ESTALE", 116, false, "Stale file handle" },
	{ "ESTRPIPE", 86, false, "Streams pipe error" },
	{ "ETIME", 62, false, "Timer expired" },
	{ "ETIMEDOUT", 110, false, "Connection timed out" },
	{ "ETOOMANYREFS", 109, false, "Too many references: cannot splice" },
	{ "ETXTBSY", 26, false, "Text file busy" },
	{ "EUCLEAN", 117, false, "Structure needs cleaning" },
	{ "EUNATCH", 49, false, "Protocol driver not attached" },
	{ "EUSERS", 87, false, "Too many users" },
	{ "EWOULDBLOCK", 11, true, "Resource temporarily unavailable" },
	{ "EXDEV", 18, false, "Invalid cross-device link" },
	{ "EXFULL", 54, false, "Exchange full" },
};

struct signal_ent {
	const char *name;
	int num;
};

/* By number; an alias follows its canonical name. */
static const struct signal_ent signals[] = {
	{ "SIGHUP", 1 },
	{ "SIGINT", 2 },
	{ "SIGQUIT", 3 },
	{ "SIGILL", 4 },
	{ "SIGTRAP", 5 },
	{ "SIGABRT", 6 },
	{ "SIGIOT", 6 },
	{ "SIGBUS", 7 },
	{ "SIGFPE", 8 },
	{ "SIGKILL", 9 },
	{ "SIGUSR1", 10 },
	{ "SIGSEGV", 11 },
	{ "SIGUSR2", 12 },
	{ "SIGPIPE", 13 },
	{ "SIGALRM", 14 },
	{ "SIGTERM", 15 },
	{ "SIGSTKFLT", 16 },
	{ "SIGCHLD", 17 },
	{ "SIGCONT", 18 },
	{ "SIGSTOP", 19 },
	{ "SIGTSTP", 20 },
	{ "SIGTTIN", 21 },
	{ "SIGTTOU", 22 },
	{ "SIGURG", 23 },
	{ "SIGXCPU", 24 },
	{ "SIGXFSZ", 25 },
	{ "SIGVTALRM", 26 },
	{ "SIGPROF", 27 },
	{ "SIGWINCH", 28 },
	{ "SIGIO", 29 },
	{ "SIGPOLL", 29 },
	{ "SIGPWR", 30 },
	{ "SIGSYS", 31 },
	{ "SIGRTMIN", 32 },	/* kernel values; glibc reserves 32 and 33 */
	{ "SIGRTMAX", 64 },
};

enum { NR_SIGILL = 4, NR_SIGBUS = 7, NR_SIGSEGV = 11 };

struct sicode_ent {
	int sig;		/* 0: valid for every signal */
	const char *name;
	int code;
};

static const struct sicode_ent sicodes[] = {
	{ 0, "SI_USER", 0 },
	{ 0, "SI_KERNEL", 0x80 },
	{ 0, "SI_QUEUE", -1 },
	{ 0, "SI_TIMER", -2 },
	{ 0, "SI_MESGQ", -3 },
	{ 0, "SI_ASYNCIO", -4 },
	{ 0, "SI_SIGIO", -5 },
	{ 0, "SI_TKILL", -6 },
	{ NR_SIGSEGV, "SEGV_MAPERR", 1 },
	{ NR_SIGSEGV, "SEGV_ACCERR", 2 },
	{ NR_SIGSEGV, "SEGV_BNDERR", 3 },
	{ NR_SIGSEGV, "SEGV_PKUERR", 4 },
	{ NR_SIGSEGV, "SEGV_ACCADI", 5 },
	{ NR_SIGSEGV, "SEGV_ADIDERR", 6 },
	{ NR_SIGSEGV, "SEGV_ADIPERR", 7 },
	{ NR_SIGSEGV, "SEGV_MTEAERR", 8 },
	{ NR_SIGSEGV, "SEGV_MTESERR", 9 },
	{ NR_SIGSEGV, "SEGV_CPERR", 10 },
	{ NR_SIGILL, "ILL_ILLOPC", 1 },	/* WRPKRU/RDPKRU without pkeys: #UD */
	{ NR_SIGILL, "ILL_ILLOPN", 2 },
	{ NR_SIGILL, "ILL_ILLADR", 3 },
	{ NR_SIGILL, "ILL_ILLTRP", 4 },
	{ NR_SIGILL, "ILL_PRVOPC", 5 },
	{ NR_SIGILL, "ILL_PRVREG", 6 },
	{ NR_SIGILL, "ILL_COPROC", 7 },
	{ NR_SIGILL, "ILL_BADSTK", 8 },
	{ NR_SIGBUS, "BUS_ADRALN", 1 },
	{ NR_SIGBUS, "BUS_ADRERR", 2 },
	{ NR_SIGBUS, "BUS_OBJERR", 3 },
	{ NR_SIGBUS, "BUS_MCEERR_AR", 4 },
	{ NR_SIGBUS, "BUS_MCEERR_AO", 5 },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* strcmp() of @name against the unterminated @s[0..n). */
static int name_cmp(const char *name, const char *s, size_t n)
{
	int r = strncmp(name, s, n);

	return r ? r : name[n] != '\0';
}

/*
 * Binary search of a table sorted by its first member, a name; returns
 * the index or -1.
 */
static long find_name(const void *base, size_t nr, size_t size, const char *s,
		      size_t n)
{
	size_t lo = 0, hi = nr, mid;
	const char *name;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		name = *(const char *const *)(const void *)
			((const char *)base + mid * size);
		r = name_cmp(name, s, n);
		if (!r)
			return (long)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int signal_lookup_n(const char *s, size_t n, int *sig)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(signals); i++) {
		if (!name_cmp(signals[i].name, s, n)) {
			*sig = signals[i].num;
			return 0;
		}
	}
	return -1;
}

int const_lookup_n(const char *s, size_t n, int64_t *val)
{
	long i = find_name(consts, ARRAY_SIZE(consts), sizeof(consts[0]), s, n);
	int sig;

	if (i >= 0) {
		*val = consts[i].val;
		return 0;
	}
	if (!signal_lookup_n(s, n, &sig)) {
		*val = sig;
		return 0;
	}
	return -1;
}

int scn_const_lookup(const char *name, int64_t *val)
{
	return const_lookup_n(name, strlen(name), val);
}

int scn_const_at(size_t i, const char **name, int64_t *val)
{
	if (i >= ARRAY_SIZE(consts))
		return -1;
	*name = consts[i].name;
	*val = consts[i].val;
	return 0;
}

int errno_lookup_n(const char *s, size_t n, int *err)
{
	long i = find_name(errnos, ARRAY_SIZE(errnos), sizeof(errnos[0]), s, n);

	if (i < 0)
		return -1;
	*err = errnos[i].num;
	return 0;
}

int scn_errno_lookup(const char *name, int *err)
{
	return errno_lookup_n(name, strlen(name), err);
}

static const struct errno_ent *errno_by_num(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].num == err && !errnos[i].alias)
			return &errnos[i];
	return NULL;
}

const char *scn_errno_name(int err)
{
	const struct errno_ent *e = errno_by_num(err);

	return e ? e->name : NULL;
}

const char *scn_errno_text(int err)
{
	const struct errno_ent *e = errno_by_num(err);

	return e ? e->text : NULL;
}

int scn_errno_at(size_t i, const char **name, int *err)
{
	if (i >= ARRAY_SIZE(errnos))
		return -1;
	*name = errnos[i].name;
	*err = errnos[i].num;
	return 0;
}

int scn_signal_lookup(const char *name, int *sig)
{
	return signal_lookup_n(name, strlen(name), sig);
}

const char *scn_signal_name(int sig)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(signals); i++)
		if (signals[i].num == sig)
			return signals[i].name;
	return NULL;
}

int sicode_lookup_n(int sig, const char *s, size_t n, int *code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sicodes); i++) {
		if ((sicodes[i].sig == sig || !sicodes[i].sig) &&
		    !name_cmp(sicodes[i].name, s, n)) {
			*code = sicodes[i].code;
			return 0;
		}
	}
	return -1;
}

int scn_sicode_lookup(int sig, const char *name, int *code)
{
	return sicode_lookup_n(sig, name, strlen(name), code);
}

const char *scn_sicode_name(int sig, int code)
{
	size_t i;

	/* the signal's own codes first: SEGV_* before the generic SI_* */
	for (i = 0; i < ARRAY_SIZE(sicodes); i++)
		if (sicodes[i].sig == sig && sicodes[i].code == code)
			return sicodes[i].name;
	for (i = 0; i < ARRAY_SIZE(sicodes); i++)
		if (!sicodes[i].sig && sicodes[i].code == code)
			return sicodes[i].name;
	return NULL;
}
