/* SPDX-License-Identifier: MIT */
/**
 * DOC: peiosmm/swap.h - swap areas: swapon(2), swapoff(2), mkswap(8)
 *
 * A swap area is a block device of the machine (made with
 * pmm_swapdev_create()) or a regular file of its file system, either
 * carrying the SWAPSPACE2 header mkswap writes into its first page.
 * Activating and removing an area is gated by the gate table's swapon and
 * swapoff rows (SeCreatePagefilePrivilege in the peios profile,
 * SeTcbPrivilege in peios-kacs, CAP_SYS_ADMIN through the switchboard in
 * linux; spec 07 §3, §11); writing the header needs only write access to
 * the file.  Active areas show in /proc/swaps, in SwapTotal/SwapFree of
 * /proc/meminfo and in CommitLimit.
 *
 * All calls return 0 or a negative errno, and change nothing when they
 * fail on bad input.
 */
#ifndef PEIOSMM_SWAP_H
#define PEIOSMM_SWAP_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"
#include "task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* swapon(2) flags, Linux values */
#define PMM_SWAP_FLAG_PREFER		0x8000
#define PMM_SWAP_FLAG_PRIO_MASK		0x7fff
#define PMM_SWAP_FLAG_PRIO_SHIFT	0
#define PMM_SWAP_FLAG_DISCARD		0x10000
#define PMM_SWAP_FLAG_DISCARD_ONCE	0x20000
#define PMM_SWAP_FLAG_DISCARD_PAGES	0x40000

/**
 * pmm_swapon() - swapon(2) as thread @tid
 * @sim:   the machine
 * @tid:   the calling thread
 * @path:  a block device made by pmm_swapdev_create(), or a regular file
 * @flags: PMM_SWAP_FLAG_*; with PMM_SWAP_FLAG_PREFER the area's priority
 *         is @flags & PMM_SWAP_FLAG_PRIO_MASK, else it gets the next
 *         default priority (-2, -3, ... in activation order)
 *
 * Return: 0; -EINVAL for an unknown flag bit, a file with holes, a path
 * that is no regular file or block device, or a missing or bad swap
 * header; -EPERM without the swapon privilege or with MAX_SWAPFILES areas
 * active; -EFAULT for a NULL @path; -ENOENT; -EBUSY when the path is an
 * active area already; -ESRCH; -ENOMEM.
 */
PMM_API int pmm_swapon(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		       int flags);

/**
 * pmm_swapoff() - swapoff(2) as thread @tid: every page of the area is
 * brought back into memory first
 * @sim:  the machine
 * @tid:  the calling thread
 * @path: an active area
 *
 * Return: 0; -EPERM without the swapoff privilege; -EFAULT; -ENOENT;
 * -EINVAL when @path is not an active area; -ENOMEM when the commit
 * charge would no longer fit the smaller CommitLimit (the overcommit
 * policy refuses charging the area's size) or when memory cannot hold
 * the pages (those brought in so far stay in; the area stays active);
 * -ESRCH.
 */
PMM_API int pmm_swapoff(struct pmm_sim *sim, pmm_pid_t tid, const char *path);

/**
 * pmm_mkswap() - what mkswap(8) run by thread @tid does: write a version 1
 * swap header (SWAPSPACE2) covering the whole file into its first page,
 * through the page cache
 * @sim:  the machine
 * @tid:  the calling thread; needs FILE_WRITE_DATA on the file, nothing
 *        more (spec 07 rule 4)
 * @path: the file or block device
 *
 * Return: 0; -EFAULT; -EINVAL when the file is smaller than 10 pages (40
 * KiB, mkswap's minimum); -EBUSY for an active swap area; the errors of
 * pmm_open() for write; -ENOMEM.
 */
PMM_API int pmm_mkswap(struct pmm_sim *sim, pmm_pid_t tid, const char *path);

/**
 * struct pmm_swapdev_config - a swap device present at boot
 * @path:       the device node (a partition) or file to create
 * @size:       bytes; rounded down to pages; at least 10 pages
 * @file:       a swap file on the file system instead of a partition
 * @prefer:     activate with priority @prio (else the default priority)
 * @prio:       0 .. 32767 when @prefer
 * @latency_ns: the device's access latency (recorded; no cost model yet)
 */
struct pmm_swapdev_config {
	const char *path;
	uint64_t size;
	bool file;
	bool prefer;
	int prio;
	uint64_t latency_ns;
};

/**
 * pmm_swapdev_create() - create a swap device (a block device node, or a
 * swap file owned by SYSTEM), mkswap it and activate it as peinit does at
 * boot (swapon on the SYSTEM token, spec 07 §4.1)
 * @sim: the machine
 * @cfg: the device
 *
 * Return: 0; -EINVAL for a bad path, size or priority; -EEXIST when the
 * path exists; -EPERM with MAX_SWAPFILES areas active; -ENOMEM.
 */
PMM_API int pmm_swapdev_create(struct pmm_sim *sim,
			       const struct pmm_swapdev_config *cfg);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_SWAP_H */
