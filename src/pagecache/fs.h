/* SPDX-License-Identifier: MIT */
/*
 * fs.h - files of the simulated machine: the name space (path -> inode),
 * open file descriptions with their FACS granted mask, and each process's
 * descriptor table.
 *
 * An inode is the VM layer's struct vm_file (its page cache, i_mmap and
 * size live there); this layer adds the name, the security descriptor,
 * the signature and the on-disk content.  struct file is Linux's open file
 * description: what fork shares, what a VMA keeps (vma->vm_filp), and what
 * the use-time checks read (KACS FACS §11.4: a snapshot taken at open).
 */
#ifndef PMM_PAGECACHE_FS_H
#define PMM_PAGECACHE_FS_H

#include <stdbool.h>
#include <stdint.h>

#include <peiosmm/fs.h>

#include "rbtree.h"

struct pmm_sim;
struct process;
struct task;
struct vm_file;
struct vm_ctx;
struct sd;

/* f_mode bits (include/linux/fs.h) */
#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u

enum file_kind {
	FILE_REGULAR,		/* an inode of the file system */
	FILE_PROC,		/* a /proc text file, rendered when read */
	FILE_PROC_MEM,		/* /proc/<pid>/mem: the target fixed at open */
};

/**
 * struct file - an open file description (Linux's struct file)
 * @ref:     descriptors and VMAs holding it
 * @kind:    what it is open on
 * @inode:   FILE_REGULAR: the inode (a reference)
 * @pid:     FILE_PROC_MEM: the target process
 * @f_flags: the open(2) flags that stay (O_APPEND, O_ACCMODE, ...)
 * @f_mode:  FMODE_READ / FMODE_WRITE
 * @granted: the FACS granted mask stamped at open (FILE_* rights)
 * @pos:     the file position
 * @path:    FILE_PROC: the path, rendered again at each read
 */
struct file {
	unsigned long ref;
	enum file_kind kind;
	struct vm_file *inode;
	int pid;
	uint32_t f_flags;
	uint32_t f_mode;
	uint32_t granted;
	uint64_t pos;
	char *path;
};

/**
 * struct fdtable - a process's descriptors (files_struct + fdtable): an
 * array indexed by descriptor, grown by doubling, with the close-on-exec
 * bits beside it
 * @fd:      @size slots, NULL when free
 * @cloexec: one bit per slot
 * @size:    slots allocated
 * @nr:      descriptors open
 */
struct fdtable {
	struct file **fd;
	uint64_t *cloexec;
	unsigned int size;
	unsigned int nr;
};

/**
 * struct fs_state - the machine's file system: every named inode by path
 * @by_path: struct vm_file.fs_node, ordered by path
 * @nr:      inodes in it
 * @tlp:     TLP's approved prefixes, NUL separated, ending with an empty
 *           string; NULL for the built-in list
 */
struct fs_state {
	struct rb_root by_path;
	unsigned long nr;
	char *tlp;
	size_t tlp_size;
};

void fs_fini(struct pmm_sim *sim);
bool fs_consistent(struct pmm_sim *sim, char *msg, size_t size);

/* The inode at @path, or NULL. */
struct vm_file *fs_lookup(struct pmm_sim *sim, const char *path);

struct file *file_get(struct file *f);
void file_put(struct pmm_sim *sim, struct file *f);
/* The open file of descriptor @fd of @p, or NULL. */
struct file *fd_lookup(const struct process *p, int fd);

/* fork: @dst shares every open file of @src.  0 or -ENOMEM (@dst empty). */
int fdtable_copy(struct pmm_sim *sim, struct fdtable *dst,
		 const struct fdtable *src);
/* exit: close everything; exec: close the close-on-exec descriptors. */
void fdtable_close_all(struct pmm_sim *sim, struct fdtable *t);
void fdtable_close_on_exec(struct pmm_sim *sim, struct fdtable *t);

/*
 * The KACS mapping checks (spec 02 §6.1, §9): TLP, whether @inode's path
 * lies under an approved prefix; LSV, whether it is signed at or above
 * @trust.
 */
/*
 * can_do_file_pageout(): whether the calling thread of @c owns @f or may
 * write it (file_permission(MAY_WRITE): the SD grants FILE_WRITE_DATA).
 */
bool fs_may_write_file(struct vm_ctx *c, const struct vm_file *f);

bool fs_tlp_approved(struct pmm_sim *sim, const struct vm_file *inode);
bool fs_lsv_approved(const struct vm_file *inode, uint32_t trust);

/* ---- provided by src/proc/proc.c ---------------------------------------------- */

/*
 * The checks of open(2) on a /proc path for reading and/or writing:
 * 1 for /proc/<pid>/mem (the target's pid in *@mem_pid), 0 for a file
 * rendered when read, or a negative errno.
 */
int proc_file_open(struct pmm_sim *sim, struct task *t, const char *path,
		   bool read, bool write, int *mem_pid);

#endif /* PMM_PAGECACHE_FS_H */
