/* SPDX-License-Identifier: MIT */
/*
 * peiosmm/proc.h - /proc and /sys files of the simulated machine, rendered in
 * the exact Linux text formats so existing parsers work on them.
 *
 * A read names the calling thread: reads of another process's files pass the
 * process security descriptor and PIP rules (spec 00 §7, spec 01) and fail
 * as the kernel's open() would.  Thread 0 reads as the kernel, with no checks
 * (what scenario `expect` lines use).
 */
#ifndef PEIOSMM_PROC_H
#define PEIOSMM_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "task.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * pmm_proc_read() - read a whole /proc or /sys file
 * @sim:  the machine
 * @tid:  the reading thread, or 0 for an unchecked kernel read
 * @path: "/proc/meminfo", "/proc/42/status", "/proc/self/maps",
 *        "/proc/sys/vm/swappiness", "/sys/devices/system/node/node0/meminfo"
 * @buf:  destination; always NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Binary files (pagemap) are returned as bytes; the return value tells
 * their length.
 *
 * Return: the full length of the file (which may exceed @size, like
 * snprintf), -ENOENT for a path that does not exist, -EACCES / -EPERM when
 * the security rules deny the open, -ESRCH for a thread that does not exist,
 * -EINVAL for a malformed path.
 */
PMM_API long pmm_proc_read(struct pmm_sim *sim, pmm_pid_t tid,
			   const char *path, char *buf, size_t size);

/**
 * pmm_proc_pread() - read @size bytes of a /proc or /sys file from @off
 * @sim:  the machine
 * @tid:  the reading thread, or 0 for an unchecked kernel read
 * @path: as pmm_proc_read(); "/proc/<pid>/pagemap" is read this way: 8
 *        bytes per virtual page (@off and @size multiples of 8), the PFN
 *        bits zero unless the reader holds SeTcbPrivilege (CAP_SYS_ADMIN)
 * @buf:  destination
 * @size: bytes wanted
 * @off:  file offset
 * Return: the bytes read (0 at the end), or the errors of pmm_proc_read();
 * -EINVAL for a misaligned pagemap read.
 */
PMM_API long pmm_proc_pread(struct pmm_sim *sim, pmm_pid_t tid,
			    const char *path, void *buf, size_t size,
			    uint64_t off);

/**
 * pmm_proc_pwrite() - write @len bytes at @off: "/proc/<pid>/mem" (the
 * offset is the address; PROCESS_VM_WRITE on the target, spec 01 rule 20);
 * other files take @off 0 and behave as pmm_proc_write()
 * @sim:  the machine
 * @tid:  the writing thread, or 0 for an unchecked kernel write
 * @path: the file
 * @data: bytes
 * @len:  how many
 * @off:  file offset
 * Return: bytes written, -EIO (nothing could be written there), or the
 * errors of pmm_proc_write().
 */
PMM_API long pmm_proc_pwrite(struct pmm_sim *sim, pmm_pid_t tid,
			     const char *path, const void *data, size_t len,
			     uint64_t off);

/**
 * pmm_proc_write() - write to a /proc or /sys file
 * @sim:  the machine
 * @tid:  the writing thread, or 0 for an unchecked kernel write
 * @path: e.g. "/proc/sys/vm/overcommit_memory", "/proc/42/oom_score_adj"
 * @data: bytes written
 * @len:  how many
 *
 * Return: @len on success, or -ENOENT, -EACCES, -EPERM, -EINVAL; a failed
 * write changes nothing.
 */
PMM_API long pmm_proc_write(struct pmm_sim *sim, pmm_pid_t tid,
			    const char *path, const char *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_PROC_H */
