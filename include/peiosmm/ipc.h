/* SPDX-License-Identifier: MIT */
/**
 * DOC: peiosmm/ipc.h - System V shared memory
 *
 * shmget(2), shmat(2), shmdt(2) and shmctl(2) of the simulated machine
 * (spec 03 §8).  A segment is a shmem object in a machine-wide table,
 * named by an id and optionally a key; it carries a KACS security
 * descriptor that every call is checked against.  What each call needs
 * depends on the machine's profile (the sysv_shm_* rows of the gate
 * table): peios follows the SysV IPC page (a DACL made from the mode
 * bits), peios-kacs the KACS v0.22 hooks (a fixed DACL: creator,
 * Administrators, SYSTEM; the IPC_* rights), linux the mode bits.
 *
 * An attached segment is a shared mapping of the object, shown in
 * /proc/<pid>/maps as "/SYSV<key in 8 hex digits> (deleted)"; fork
 * inherits attachments, exit and exec detach them.  /proc/sysvipc/shm
 * lists the segments in Linux's format.
 *
 * All calls return a non-negative result or a negative errno, and change
 * nothing when they fail.
 */
#ifndef PEIOSMM_IPC_H
#define PEIOSMM_IPC_H

#include <stdint.h>

#include "sim.h"
#include "task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* shmget(2) and shmctl(2) flags and commands, x86-64 Linux values */
#define PMM_IPC_PRIVATE		0
#define PMM_IPC_CREAT		01000
#define PMM_IPC_EXCL		02000
#define PMM_IPC_RMID		0
#define PMM_IPC_SET		1
#define PMM_IPC_STAT		2
#define PMM_IPC_INFO		3
#define PMM_SHM_HUGETLB		04000
#define PMM_SHM_NORESERVE	010000
#define PMM_SHM_RDONLY		010000
#define PMM_SHM_RND		020000
#define PMM_SHM_REMAP		040000
#define PMM_SHM_EXEC		0100000
#define PMM_SHM_LOCK		11
#define PMM_SHM_UNLOCK		12
#define PMM_SHM_STAT		13
#define PMM_SHM_INFO		14
#define PMM_SHM_STAT_ANY	15
/* shm_perm.mode bits besides the permission bits */
#define PMM_SHM_DEST		01000
#define PMM_SHM_LOCKED		02000
/* SHMLBA on x86-64: the page size */
#define PMM_SHMLBA		4096

/**
 * struct pmm_ipc_perm - struct ipc64_perm
 * @key:  the key (IPC_PRIVATE once removed)
 * @uid:  owner's uid, @gid: owner's group
 * @cuid: creator's uid, @cgid: creator's group
 * @mode: permission bits plus PMM_SHM_DEST and PMM_SHM_LOCKED
 * @seq:  the slot's sequence number
 *
 * The uids are those the simulator shows for SIDs: 0 for SYSTEM, else the
 * last sub-authority (as /proc/<pid>/status).
 */
struct pmm_ipc_perm {
	int32_t key;
	uint32_t uid, gid, cuid, cgid;
	uint32_t mode;
	uint32_t seq;
};

/**
 * struct pmm_shmid_ds - struct shmid64_ds
 * @shm_perm:   permissions
 * @shm_segsz:  size in bytes
 * @shm_atime:  last attach, @shm_dtime: last detach, @shm_ctime: last
 *              change: seconds of the machine's virtual clock
 * @shm_cpid:   creator, @shm_lpid: last shmat/shmdt
 * @shm_nattch: attachments (mappings of the segment)
 */
struct pmm_shmid_ds {
	struct pmm_ipc_perm shm_perm;
	uint64_t shm_segsz;
	int64_t shm_atime, shm_dtime, shm_ctime;
	int32_t shm_cpid, shm_lpid;
	uint64_t shm_nattch;
};

/** struct pmm_shminfo - IPC_INFO: the limits (kernel.shm* sysctls) */
struct pmm_shminfo {
	uint64_t shmmax, shmmin, shmmni, shmseg, shmall;
};

/**
 * struct pmm_shm_info - SHM_INFO: what is in use
 * @used_ids: segments
 * @shm_tot:  their pages
 * @shm_rss:  pages resident, @shm_swp: pages swapped
 * @swap_attempts, @swap_successes: always 0 (as Linux)
 */
struct pmm_shm_info {
	int32_t used_ids;
	uint64_t shm_tot, shm_rss, shm_swp;
	uint64_t swap_attempts, swap_successes;
};

/** union pmm_shmctl_buf - the buffer of pmm_shmctl(), by command */
union pmm_shmctl_buf {
	struct pmm_shmid_ds ds;		/* IPC_STAT, SHM_STAT*, IPC_SET */
	struct pmm_shminfo info;	/* IPC_INFO */
	struct pmm_shm_info shm_info;	/* SHM_INFO */
};

/**
 * pmm_shmget() - shmget(2) as thread @tid
 * @sim:    the machine
 * @tid:    the calling thread
 * @key:    a key, or PMM_IPC_PRIVATE for a new unnamed segment
 * @size:   bytes (a new segment: 1..kernel.shmmax)
 * @shmflg: PMM_IPC_CREAT, PMM_IPC_EXCL, PMM_SHM_NORESERVE,
 *          PMM_SHM_HUGETLB and the mode bits (0777)
 *
 * A new segment is charged to the commit like shared anonymous memory
 * (unless PMM_SHM_NORESERVE outside strict overcommit).
 *
 * Return: the segment id; -ENOENT, -EEXIST, -EINVAL (size), -ENOSPC
 * (kernel.shmmni, kernel.shmall), -EACCES, -EPERM (SHM_HUGETLB), -ENOMEM,
 * -ESRCH.
 */
PMM_API int pmm_shmget(struct pmm_sim *sim, pmm_pid_t tid, int32_t key,
		       uint64_t size, int shmflg);

/**
 * pmm_shmat() - shmat(2)
 * @sim:     the machine
 * @tid:     the calling thread
 * @shmid:   the segment
 * @shmaddr: where (0: the kernel chooses); PMM_SHM_RND rounds it down to
 *           PMM_SHMLBA, else it must be aligned
 * @shmflg:  PMM_SHM_RDONLY, PMM_SHM_RND, PMM_SHM_REMAP, PMM_SHM_EXEC
 * @addr:    receives the address attached at
 *
 * Return: 0; -EINVAL, -EIDRM, -EACCES, -ENOMEM, -ESRCH.
 */
PMM_API int pmm_shmat(struct pmm_sim *sim, pmm_pid_t tid, int shmid,
		      uint64_t shmaddr, int shmflg, uint64_t *addr);

/**
 * pmm_shmdt() - shmdt(2): detach the segment attached at @shmaddr
 * @sim:     the machine
 * @tid:     the calling thread
 * @shmaddr: the address shmat() returned
 * Return: 0; -EINVAL when no attachment starts there, -ESRCH.
 */
PMM_API int pmm_shmdt(struct pmm_sim *sim, pmm_pid_t tid, uint64_t shmaddr);

/**
 * pmm_shmctl() - shmctl(2)
 * @sim:   the machine
 * @tid:   the calling thread
 * @shmid: the segment (an index for SHM_STAT and SHM_STAT_ANY; ignored
 *         by IPC_INFO and SHM_INFO)
 * @cmd:   PMM_IPC_STAT, PMM_IPC_SET, PMM_IPC_RMID, PMM_IPC_INFO,
 *         PMM_SHM_INFO, PMM_SHM_STAT, PMM_SHM_STAT_ANY, PMM_SHM_LOCK,
 *         PMM_SHM_UNLOCK
 * @buf:   in (IPC_SET: mode, uid, gid) or out; NULL where the command
 *         needs one is -EFAULT
 *
 * Return: 0; for IPC_INFO and SHM_INFO the highest index in use; for
 * SHM_STAT* the segment's id; -EINVAL, -EIDRM, -EACCES, -EPERM, -EFAULT,
 * -EAGAIN or -ENOMEM (SHM_LOCK past the lock quota), -ESRCH.
 */
PMM_API int pmm_shmctl(struct pmm_sim *sim, pmm_pid_t tid, int shmid, int cmd,
		       union pmm_shmctl_buf *buf);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_IPC_H */
