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
#include "sec/sec.h"

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

/**
 * struct shm_state - the machine's SysV shared memory (Linux's shm_ids of
 * the one IPC namespace)
 * @slots:    segments by index (the ids' IDR), NULL when free
 * @nr_slots: slots allocated (grown by doubling up to kernel.shmmni's
 *            ceiling, IPCMNI)
 * @in_use:   segments in the table
 * @last_idx: index of the last allocation (-1 before the first)
 * @next_idx: where the cyclic allocation looks first (idr_alloc_cyclic)
 * @seq:      the current sequence number of new ids
 * @shm_tot:  pages of every segment (checked against kernel.shmall)
 */
struct shm_state {
	struct shm_seg **slots;
	unsigned int nr_slots;
	unsigned int in_use;
	int last_idx;
	unsigned int next_idx;
	unsigned int seq;
	uint64_t shm_tot;
};

/* IPCMNI (without ipcmni_extend): ids are (seq << 15) + index */
#define SHM_IPCMNI_SHIFT	15
#define SHM_IPCMNI		(1u << SHM_IPCMNI_SHIFT)

/**
 * struct shm_seg - a SysV shared memory segment (shmid_kernel)
 * @idx, @id:   its index in the table and its id
 * @seq:        the sequence number in @id
 * @key:        the key; IPC_PRIVATE once removed while attached
 * @mode:       the permission bits and SHM_DEST, SHM_LOCKED
 * @segsz:      size in bytes
 * @file:       the shmem object (one reference); file->shm_seg points back
 * @sd:         the KACS security descriptor
 * @uid..@cgid: what ipc_perm shows (computed from the SD at creation;
 *              IPC_SET may change uid and gid where the profile lets it)
 * @cpid, @lpid: creator, last shmat/shmdt
 * @atime, @dtime, @ctime: seconds of virtual time
 * @nr_files:   open files of attachments: each shmat opens one, which its
 *              VMAs (and their forked and split copies) hold; the
 *              segment may go once none is left (shm_may_destroy())
 * @pages:      pages charged to kernel.shmall
 * @lock_user:  SHM_LOCKED: the user the lock is charged to (Linux's
 *              ucounts of the locker)
 */
struct shm_seg {
	unsigned int idx;
	int id;
	unsigned int seq;
	int32_t key;
	uint32_t mode;
	uint64_t segsz;
	struct vm_file *file;
	struct sd *sd;
	uint32_t uid, gid, cuid, cgid;
	int cpid, lpid;
	int64_t atime, dtime, ctime;
	unsigned long nr_files;
	uint64_t pages;
	struct sid lock_user;
};

struct seqbuf;

/* ---- provided by shm.c: SysV shared memory -------------------------------- */

void shm_init(struct pmm_sim *sim);
void shm_fini(struct pmm_sim *sim);
bool shm_consistent(struct pmm_sim *sim, char *msg, size_t size);
/* The last open file of an attachment of @seg went (shm_close()). */
void shm_file_release(struct pmm_sim *sim, struct shm_seg *seg);
/* /proc/sysvipc/shm as read by @t (NULL: the kernel, which sees all). */
void shm_proc_render(struct pmm_sim *sim, struct task *t, struct seqbuf *sb);

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
