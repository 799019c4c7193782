/* SPDX-License-Identifier: MIT */
/**
 * DOC: peiosmm/fs.h - files and file descriptors
 *
 * The simulated machine has one file system of named regular files.  Each
 * file has a size, on-disk content (zeroes, or bulk content named by a
 * seed), a Peios security descriptor, and optionally a signature (what LSV
 * checks).  A process opens files with the legacy open(2) flags; FACS
 * turns the flags into the rights that must all be granted by the file's
 * SD and stamps the granted mask on the descriptor (spec 02 §9, spec 03
 * §2a), which every later mmap/mprotect of it is checked against.  Reads
 * and writes go through the page cache that file mappings share.
 *
 * All calls return 0 or a non-negative count, or a negative errno, and
 * change nothing when they fail on bad input.
 */
#ifndef PEIOSMM_FS_H
#define PEIOSMM_FS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"
#include "task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* open(2) flags, x86-64 Linux values */
#define PMM_O_RDONLY	00u
#define PMM_O_WRONLY	01u
#define PMM_O_RDWR	02u
#define PMM_O_ACCMODE	03u
#define PMM_O_CREAT	0100u
#define PMM_O_EXCL	0200u
#define PMM_O_NOCTTY	0400u
#define PMM_O_TRUNC	01000u
#define PMM_O_APPEND	02000u
#define PMM_O_NONBLOCK	04000u
#define PMM_O_DSYNC	010000u
#define PMM_O_DIRECT	040000u
#define PMM_O_LARGEFILE	0100000u
#define PMM_O_DIRECTORY	0200000u
#define PMM_O_NOFOLLOW	0400000u
#define PMM_O_NOATIME	01000000u
#define PMM_O_CLOEXEC	02000000u
#define PMM_O_SYNC	04010000u
#define PMM_O_PATH	010000000u
#define PMM_O_TMPFILE	020200000u

/* File access rights (FACS, Windows values) */
#define PMM_FILE_READ_DATA		0x0001u
#define PMM_FILE_WRITE_DATA		0x0002u
#define PMM_FILE_APPEND_DATA		0x0004u
#define PMM_FILE_READ_EA		0x0008u
#define PMM_FILE_WRITE_EA		0x0010u
#define PMM_FILE_EXECUTE		0x0020u
#define PMM_FILE_DELETE_CHILD		0x0040u
#define PMM_FILE_READ_ATTRIBUTES	0x0080u
#define PMM_FILE_WRITE_ATTRIBUTES	0x0100u
#define PMM_FILE_ALL_ACCESS		0x001F01FFu
#define PMM_FILE_GENERIC_READ		0x00120089u
#define PMM_FILE_GENERIC_WRITE		0x00120116u
#define PMM_FILE_GENERIC_EXECUTE	0x001200A0u

/*
 * The largest file (the file system's s_maxbytes): 512 GiB, as far as the
 * simulated page cache indexes.  Writes and ftruncate past it fail with
 * -EFBIG, as on a Linux file system with a smaller s_maxbytes.
 */
#define PMM_FILE_MAX_SIZE	(1ull << 39)

/* What a file holds before anything writes it. */
enum pmm_file_content {
	PMM_CONTENT_RANDOM,	/* bulk content drawn from the machine's seed */
	PMM_CONTENT_ZERO,	/* all zero bytes */
	PMM_CONTENT_SEED,	/* bulk content named by a seed: equal seeds,
				 * equal bytes at equal offsets */
};

/*
 * A file's DACL is a list of struct pmm_ace (peiosmm/task.h) whose @mask
 * holds PMM_FILE_* bits, the standard rights and PMM_GENERIC_* bits mapped
 * as for files (FILE_GENERIC_*, FILE_ALL_ACCESS).
 */

/**
 * struct pmm_file_config - a file to create
 * @path:      absolute path, at most 4095 bytes, no "." or ".." parts
 * @size:      size in bytes, at most PMM_FILE_MAX_SIZE
 * @content:   the initial content
 * @seed:      for PMM_CONTENT_SEED
 * @owner:     owner principal; NULL is SYSTEM
 * @mode:      the POSIX mode bits shown for the file (0 means 0644); FACS
 *             does not read them (spec 02 rule 19)
 * @aces:      the DACL, in order; NULL gives the default: the owner,
 *             SYSTEM and Administrators FILE_ALL_ACCESS, Everyone
 *             FILE_GENERIC_READ | FILE_GENERIC_EXECUTE
 * @nr_aces:   entries in @aces (at most 64)
 * @signed_:   the file carries a valid Peios signature
 * @sig_trust: the trust level of its signer (compared with the process's
 *             pip_trust by LSV)
 */
struct pmm_file_config {
	const char *path;
	uint64_t size;
	enum pmm_file_content content;
	uint64_t seed;
	const char *owner;
	uint32_t mode;
	const struct pmm_ace *aces;
	unsigned int nr_aces;
	bool signed_;
	uint32_t sig_trust;
};

/**
 * pmm_file_create() - create a file on the simulated file system
 * @sim: the machine
 * @cfg: the file
 *
 * Return: 0; -EINVAL for a bad path, principal, ACE, content kind or
 * size; -ENAMETOOLONG; -EEXIST when the path exists; -ENOMEM.
 */
PMM_API int pmm_file_create(struct pmm_sim *sim,
			    const struct pmm_file_config *cfg);

/**
 * pmm_file_set_dacl() - replace a file's DACL (SetFileSecurity), as
 * thread @tid: needs WRITE_DAC on the file.  Descriptors already open keep
 * the mask they were granted (spec 02 rule 20).
 * @sim:     the machine
 * @tid:     the calling thread
 * @path:    the file
 * @aces:    the new DACL
 * @nr_aces: its length (0 makes it empty: nothing is granted)
 *
 * Return: 0, -ENOENT, -EACCES, -EINVAL, -ESRCH, -ENOMEM.
 */
PMM_API int pmm_file_set_dacl(struct pmm_sim *sim, pmm_pid_t tid,
			      const char *path, const struct pmm_ace *aces,
			      unsigned int nr_aces);

/**
 * pmm_set_tlp_prefixes() - the path prefixes the TLP mitigation approves
 * for executable mappings (spec 02 §6.1)
 * @sim:      the machine
 * @prefixes: absolute directory paths; a file is approved when its path
 *            starts with one followed by '/'
 * @nr:       how many (0 approves nothing)
 *
 * The default list is /usr/bin, /usr/sbin, /usr/lib, /usr/lib64,
 * /usr/libexec, /bin, /sbin, /lib, /lib64.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
PMM_API int pmm_set_tlp_prefixes(struct pmm_sim *sim,
				 const char *const *prefixes, unsigned int nr);

/**
 * pmm_open() - open(2) as thread @tid
 * @sim:   the machine
 * @tid:   the calling thread
 * @path:  a file's path, or /proc/<pid>/<file> (also /proc/self/...)
 * @flags: PMM_O_* flags
 * @mode:  the mode of a file O_CREAT makes (shown, not enforced)
 *
 * FACS legacy open: the access mode asks for FILE_READ_DATA (read),
 * FILE_WRITE_DATA (write) or FILE_APPEND_DATA (write with O_APPEND), each
 * with FILE_READ_ATTRIBUTES, and O_TRUNC for FILE_WRITE_DATA; all must be
 * granted by the file's SD (else -EACCES).  The other rights the SD
 * allows (FILE_EXECUTE, READ_CONTROL, ...) join the granted mask silently.
 * A /proc/<pid>/mem open is checked for PROCESS_VM_READ and/or
 * PROCESS_VM_WRITE by the access mode (spec 01 rule 20).
 *
 * Return: the lowest free descriptor, or -ENOENT, -EACCES, -EEXIST,
 * -ENOTDIR, -EINVAL, -EMFILE (RLIMIT_NOFILE), -ENAMETOOLONG, -ESRCH,
 * -ENOMEM.
 */
PMM_API int pmm_open(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		     uint32_t flags, uint32_t mode);

/**
 * pmm_close() - close(2)
 * @sim: the machine
 * @tid: the calling thread
 * @fd:  the descriptor
 * Return: 0, -EBADF, -ESRCH.
 */
PMM_API int pmm_close(struct pmm_sim *sim, pmm_pid_t tid, int fd);

/**
 * pmm_read() - read(2) into the caller's memory at @buf
 * @sim:   the machine
 * @tid:   the calling thread
 * @fd:    a descriptor open for reading
 * @buf:   a user address of the caller
 * @count: bytes
 *
 * The copy is a kernel access to the caller's memory: it faults pages in,
 * honours the thread's PKRU (spec 14 rule 22) and stops at the first page
 * it cannot write.
 *
 * As in Linux, a buffer range outside the user address space is -EFAULT
 * before anything else is looked at, then a position and count running
 * past the largest file offset are -EINVAL.
 *
 * Return: the bytes read (0 at end of file); -EFAULT when nothing could
 * be copied, -EBADF, -EINVAL, -ESRCH.
 */
PMM_API int64_t pmm_read(struct pmm_sim *sim, pmm_pid_t tid, int fd,
			 uint64_t buf, uint64_t count);

/**
 * pmm_write() - write(2) from the caller's memory at @buf; O_APPEND
 * writes at the end of the file
 * @sim:   the machine
 * @tid:   the calling thread
 * @fd:    a descriptor open for writing
 * @buf:   a user address of the caller
 * @count: bytes
 * Return: the bytes written (cut short at PMM_FILE_MAX_SIZE); -EFAULT,
 * -EBADF, -EINVAL, -EFBIG (at or past PMM_FILE_MAX_SIZE), -ENOMEM, -ESRCH.
 */
PMM_API int64_t pmm_write(struct pmm_sim *sim, pmm_pid_t tid, int fd,
			  uint64_t buf, uint64_t count);

/**
 * pmm_pread() - pread64(2): read(2) at @off without moving the position
 * @sim:   the machine
 * @tid:   the calling thread
 * @fd:    a descriptor open for reading
 * @buf:   a user address of the caller
 * @count: bytes
 * @off:   file offset (negative: -EINVAL)
 * Return: as pmm_read().
 */
PMM_API int64_t pmm_pread(struct pmm_sim *sim, pmm_pid_t tid, int fd,
			  uint64_t buf, uint64_t count, int64_t off);

/**
 * pmm_pwrite() - pwrite64(2)
 * @sim:   the machine
 * @tid:   the calling thread
 * @fd:    a descriptor open for writing
 * @buf:   a user address of the caller
 * @count: bytes
 * @off:   file offset (negative: -EINVAL)
 * Return: as pmm_write().
 */
PMM_API int64_t pmm_pwrite(struct pmm_sim *sim, pmm_pid_t tid, int fd,
			   uint64_t buf, uint64_t count, int64_t off);

/**
 * pmm_ftruncate() - ftruncate(2): set the file's size.  Shrinking drops
 * the page cache past the new end and unmaps it from every mapping
 * (private copies too), so later accesses there raise SIGBUS; the rest
 * of the last page reads as zeroes.
 * @sim:    the machine
 * @tid:    the calling thread
 * @fd:     a descriptor open for writing
 * @length: the new size
 * Return: 0, -EBADF, -EINVAL (negative length, not open for writing),
 * -EACCES (no FILE_WRITE_DATA granted), -EFBIG (@length past
 * PMM_FILE_MAX_SIZE), -ESRCH.
 */
PMM_API int pmm_ftruncate(struct pmm_sim *sim, pmm_pid_t tid, int fd,
			  int64_t length);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_FS_H */
