// SPDX-License-Identifier: MIT
/*
 * filemap.c - read(2), write(2), pread64(2), pwrite64(2) and ftruncate(2):
 * the file side goes through the page cache that file mappings share, the
 * user side is a kernel access to the caller's memory (copy_to_user /
 * copy_from_user: pages are faulted in, PKRU is honoured, and the copy
 * stops at the first page it cannot reach).
 */
#include <errno.h>
#include <string.h>

#include <peiosmm/fs.h>
#include <peiosmm/proc.h>

#include "kernel/kernel.h"
#include "pagecache/fs.h"
#include "vm/vm.h"

#define MAX_RW_COUNT	((uint64_t)(INT32_MAX & ~(PAGE_SIZE - 1)))
/* the file system's s_maxbytes: no file outgrows its page cache */
#define FS_MAXBYTES	PMM_FILE_MAX_SIZE
_Static_assert(FS_MAXBYTES <= VM_PAGECACHE_MAX_BYTES,
	       "a file's pages must all fit in the page cache");
#define CHUNK		PAGE_SIZE

/*
 * Move @n bytes between the caller's memory at @addr and @kbuf; returns
 * the bytes moved before the first fault.
 */
static uint64_t user_copy(struct vm_ctx *c, uint64_t addr, uint8_t *kbuf,
			  uint64_t n, bool to_user)
{
	struct pmm_access_result res;

	if (!c->mm)
		return 0;
	if (to_user)
		vm_access(c, addr, n, PMM_ACCESS_WRITE, kbuf, NULL, 0, &res);
	else
		vm_access(c, addr, n, PMM_ACCESS_READ, NULL, kbuf, 0, &res);
	return res.status ? res.done : n;
}

/* The caller's descriptor @fd and its thread. */
static int rw_enter(struct pmm_sim *sim, pmm_pid_t tid, int fd,
		    struct task **t, struct file **f)
{
	int err = task_caller(sim, tid, t);

	if (err)
		return err;
	*f = fd_lookup((*t)->proc, fd);
	/* fdget_pos(): an O_PATH descriptor is no descriptor here */
	if (!*f || (!(*f)->f_mode && ((*f)->f_flags & PMM_O_PATH)))
		return -EBADF;
	return 0;
}

/* rw_verify_area() and access_ok() */
/*
 * vfs_read()/vfs_write(): access_ok() on the buffer first, then
 * rw_verify_area(): a negative count, or a position and count that run
 * past the largest offset, are EINVAL for a regular file.
 */
static int rw_verify(const struct vm_ctx *c, uint64_t buf, uint64_t count,
		     uint64_t pos)
{
	if (!c->mm || buf > c->mm->task_size || count > c->mm->task_size - buf)
		return -EFAULT;
	if (count > (uint64_t)INT64_MAX || pos + count > (uint64_t)INT64_MAX)
		return -EINVAL;
	return 0;
}

/*
 * The start of read(2)/write(2): the descriptor open for @fmode, the
 * buffer and the range checked, the count clamped (MAX_RW_COUNT), the
 * position (*@ppos, or the file's for NULL).
 */
static int rw_begin(struct pmm_sim *sim, pmm_pid_t tid, int fd, uint32_t fmode,
		    uint64_t buf, uint64_t *count, const uint64_t *ppos,
		    struct vm_ctx *c, struct task **t, struct file **f,
		    uint64_t *pos)
{
	int err = rw_enter(sim, tid, fd, t, f);

	if (err)
		return err;
	if (!((*f)->f_mode & fmode))
		return -EBADF;
	vm_ctx_init(c, sim, *t);
	*pos = ppos ? *ppos : (*f)->pos;
	err = rw_verify(c, buf, *count, *pos);
	if (err)
		return err;
	if (*count > MAX_RW_COUNT)
		*count = MAX_RW_COUNT;
	return 0;
}

/* One chunk from the file at @pos into @kbuf: bytes, 0 at the end. */
static long file_read_chunk(struct pmm_sim *sim, struct task *t,
			    struct file *f, uint8_t *kbuf, uint64_t n,
			    uint64_t pos)
{
	struct process *p;
	int err;

	switch (f->kind) {
	case FILE_PROC_MEM:
		p = process_lookup(sim, f->pid);
		if (!p || !p->mm)
			return 0;		/* the mm is gone: EOF */
		return vm_mem_rw(sim, p, pos, kbuf, (size_t)n, false);
	case FILE_PROC:
		return pmm_proc_pread(sim, t->tid, f->path, kbuf, (size_t)n,
				      pos);
	default:
		if (pos >= f->inode->size)
			return 0;
		if (n > f->inode->size - pos)
			n = f->inode->size - pos;
		err = vm_pagecache_rw(sim, f->inode, pos, kbuf, n, false);
		return err ? err : (long)n;
	}
}

static int64_t do_read(struct pmm_sim *sim, pmm_pid_t tid, int fd,
		       uint64_t buf, uint64_t count, uint64_t *ppos,
		       bool positional)
{
	uint8_t kbuf[CHUNK];
	uint64_t done = 0, pos;
	struct vm_ctx c;
	struct file *f;
	struct task *t;
	int err;

	err = rw_begin(sim, tid, fd, FMODE_READ, buf, &count,
		       positional ? ppos : NULL, &c, &t, &f, &pos);
	if (err)
		return err;
	while (done < count) {
		uint64_t n = count - done < CHUNK ? count - done : CHUNK;
		long got = file_read_chunk(sim, t, f, kbuf, n, pos + done);
		uint64_t put;

		if (got < 0) {
			if (!done)
				return got;
			break;
		}
		if (!got)
			break;
		put = user_copy(&c, buf + done, kbuf, (uint64_t)got, true);
		done += put;
		if (put < (uint64_t)got) {
			if (!done)
				return -EFAULT;
			break;
		}
		if ((uint64_t)got < n)
			break;
	}
	if (!positional)
		f->pos = pos + done;
	return (int64_t)done;
}

/* One chunk from @kbuf into the file at @pos: bytes written. */
static long file_write_chunk(struct pmm_sim *sim, struct task *t,
			     struct file *f, uint8_t *kbuf, uint64_t n,
			     uint64_t pos)
{
	struct vm_file *inode = f->inode;
	struct process *p;
	uint64_t old;
	int err;

	switch (f->kind) {
	case FILE_PROC_MEM:
		p = process_lookup(sim, f->pid);
		if (!p || !p->mm)
			return 0;
		return vm_mem_rw(sim, p, pos, kbuf, (size_t)n, true);
	case FILE_PROC:
		return pmm_proc_pwrite(sim, t->tid, f->path, kbuf, (size_t)n,
				       pos);
	default:
		/* generic_write_check_limits() */
		if (pos >= FS_MAXBYTES)
			return -EFBIG;
		if (n > FS_MAXBYTES - pos)
			n = FS_MAXBYTES - pos;
		/* the file grows first: pages past the data read as zero;
		 * a copy that fails takes the growth back */
		old = inode->size;
		if (pos + n > inode->size)
			inode->size = pos + n;
		err = vm_pagecache_rw(sim, inode, pos, kbuf, n, true);
		if (err && inode->size != old)
			(void)vm_truncate_pagecache(sim, inode, old);
		return err ? err : (long)n;
	}
}

static int64_t do_write(struct pmm_sim *sim, pmm_pid_t tid, int fd,
			uint64_t buf, uint64_t count, uint64_t *ppos,
			bool positional)
{
	uint8_t kbuf[CHUNK];
	uint64_t done = 0, pos;
	struct vm_ctx c;
	struct file *f;
	struct task *t;
	int err;

	err = rw_begin(sim, tid, fd, FMODE_WRITE, buf, &count,
		       positional ? ppos : NULL, &c, &t, &f, &pos);
	if (err)
		return err;
	/* O_APPEND writes at the end, pwrite too (Linux: pwrite(2) BUGS) */
	if (f->kind == FILE_REGULAR && (f->f_flags & PMM_O_APPEND))
		pos = f->inode->size;
	while (done < count) {
		uint64_t n = count - done < CHUNK ? count - done : CHUNK;
		uint64_t got = user_copy(&c, buf + done, kbuf, n, false);
		long put;

		if (!got) {
			if (!done)
				return -EFAULT;
			break;
		}
		put = file_write_chunk(sim, t, f, kbuf, got, pos + done);
		if (put < 0) {
			if (!done)
				return put;
			break;
		}
		done += (uint64_t)put;
		if ((uint64_t)put < n)
			break;
	}
	if (!positional)
		f->pos = pos + done;
	return (int64_t)done;
}

int64_t pmm_read(struct pmm_sim *sim, pmm_pid_t tid, int fd, uint64_t buf,
		 uint64_t count)
{
	return do_read(sim, tid, fd, buf, count, NULL, false);
}

int64_t pmm_write(struct pmm_sim *sim, pmm_pid_t tid, int fd, uint64_t buf,
		  uint64_t count)
{
	return do_write(sim, tid, fd, buf, count, NULL, false);
}

/*
 * ksys_pread64(), ksys_pwrite64() and do_sys_ftruncate() refuse a negative
 * offset or length before they look the descriptor up: -EINVAL even for a
 * bad descriptor.  Only the caller's thread is checked first (-ESRCH).
 */
static int check_offset(struct pmm_sim *sim, pmm_pid_t tid, int64_t off)
{
	struct task *t;
	int err = task_caller(sim, tid, &t);

	if (err)
		return err;
	return off < 0 ? -EINVAL : 0;
}

int64_t pmm_pread(struct pmm_sim *sim, pmm_pid_t tid, int fd, uint64_t buf,
		  uint64_t count, int64_t off)
{
	uint64_t pos = (uint64_t)off;
	int err = check_offset(sim, tid, off);

	if (err)
		return err;
	return do_read(sim, tid, fd, buf, count, &pos, true);
}

int64_t pmm_pwrite(struct pmm_sim *sim, pmm_pid_t tid, int fd, uint64_t buf,
		   uint64_t count, int64_t off)
{
	uint64_t pos = (uint64_t)off;
	int err = check_offset(sim, tid, off);

	if (err)
		return err;
	return do_write(sim, tid, fd, buf, count, &pos, true);
}

int pmm_ftruncate(struct pmm_sim *sim, pmm_pid_t tid, int fd, int64_t length)
{
	struct file *f;
	struct task *t;
	int err;

	err = check_offset(sim, tid, length);
	if (!err)
		err = rw_enter(sim, tid, fd, &t, &f);
	if (err)
		return err;
	/* do_ftruncate(): a regular file open for writing */
	if (f->kind != FILE_REGULAR || !(f->f_mode & FMODE_WRITE))
		return -EINVAL;
	/* FACS: the size is data (spec 03 §2a, rule 6) */
	if (gate_value(&sim->sec, GATE_FACS_USE_TIME, sim_profile(sim)) &&
	    !(f->granted & FILE_WRITE_DATA))
		return -EACCES;
	/* inode_newsize_ok(): no bigger than s_maxbytes */
	if ((uint64_t)length > FS_MAXBYTES)
		return -EFBIG;
	return vm_truncate_pagecache(sim, f->inode, (uint64_t)length);
}
