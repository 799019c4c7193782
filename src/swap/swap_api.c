// SPDX-License-Identifier: MIT
/*
 * swap_api.c - the public swap calls: swapon(2) and swapoff(2) as
 * sys_swapon()/sys_swapoff() order their checks, mkswap(8)'s header
 * write, and the boot-time swap devices of a machine (pmm_swapdev_create(),
 * what a scenario's swapdev line makes).
 */
#include <errno.h>
#include <string.h>

#include <peiosmm/fs.h>
#include <peiosmm/swap.h>

#include "kernel/kernel.h"
#include "pagecache/fs.h"
#include "swap/swap.h"
#include "vm/vm.h"

_Static_assert(PMM_SWAP_FLAG_PREFER == SWAP_FLAG_PREFER &&
	       PMM_SWAP_FLAG_DISCARD_PAGES == SWAP_FLAG_DISCARD_PAGES,
	       "public and internal swap flags agree");

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The header mkswap writes for a file of @pages pages. */
static void make_header(uint8_t *hdr, const struct vm_file *f,
			uint64_t pages)
{
	uint64_t x = f->ino * 0x9e3779b97f4a7c15ull;

	memset(hdr, 0, PAGE_SIZE);
	put_le32(hdr + SWAP_HDR_VERSION_OFF, 1);
	put_le32(hdr + SWAP_HDR_LAST_PAGE_OFF,
		 (uint32_t)(pages - 1 > UINT32_MAX ? UINT32_MAX : pages - 1));
	put_le32(hdr + SWAP_HDR_NR_BAD_OFF, 0);
	/* a UUID, deterministic (from the inode) */
	for (int i = 0; i < 16; i += 8) {
		uint64_t r = pmm_splitmix64(&x);

		memcpy(hdr + SWAP_HDR_NR_BAD_OFF + 4 + i, &r, 8);
	}
	memcpy(hdr + SWAP_HDR_MAGIC_OFF, SWAP_HDR_MAGIC, SWAP_HDR_MAGIC_LEN);
}

static int write_header(struct pmm_sim *sim, struct vm_file *f)
{
	uint8_t hdr[PAGE_SIZE];

	make_header(hdr, f, f->size >> PAGE_SHIFT);
	return vm_pagecache_rw(sim, f, 0, hdr, PAGE_SIZE, true);
}

/*
 * The part of sys_swapon() after the permission check, for @f: claim it,
 * read the header (read_swap_header()) and size the area.
 */
static int swapon_inode(struct pmm_sim *sim, struct vm_file *f, int flags)
{
	bool partition = swap_is_bdev(sim, f);
	uint8_t hdr[PAGE_SIZE];
	uint64_t max;
	int err;

	/* claim_swapfile() */
	if (swap_find_inode(sim, f))
		return -EBUSY;
	if (!partition && !f->regular)
		return -EINVAL;
	/* a swap file must have every block (generic_swapfile_activate()) */
	if (!partition && (f->data_size < f->size ||
			   itree_first(&f->holes, 0, UINT64_MAX)))
		return -EINVAL;
	if (f->size < PAGE_SIZE)
		return -EINVAL;
	err = vm_pagecache_rw(sim, f, 0, hdr, PAGE_SIZE, false);
	if (err)
		return err == -EIO ? -EINVAL : err;
	if (memcmp(hdr + SWAP_HDR_MAGIC_OFF, SWAP_HDR_MAGIC,
		   SWAP_HDR_MAGIC_LEN) ||
	    get_le32(hdr + SWAP_HDR_VERSION_OFF) != 1)
		return -EINVAL;
	/* the header's last page, within the file or device */
	max = (uint64_t)get_le32(hdr + SWAP_HDR_LAST_PAGE_OFF) + 1;
	if (max > f->size >> PAGE_SHIFT)
		max = f->size >> PAGE_SHIFT;
	if (max < 2)
		return -EINVAL;		/* "Empty swap-file" */
	err = swap_activate(sim, f, partition, max, flags);
	if (!err)
		PMM_TRACE(sim, swap_on, EV_STR("path", f->path),
			  EV_U64("pages", max - 1),
			  EV_S64("prio", swap_find_inode(sim, f)->prio));
	return err;
}

int pmm_swapon(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
	       int flags)
{
	struct vm_file *f;
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	task_set_current(sim, t);
	if ((unsigned int)flags & ~(unsigned int)SWAP_FLAGS_VALID)
		return -EINVAL;
	err = task_gate(sim, GATE_SWAPON, t, NULL);
	if (err)
		return err;
	if (sim->swap.nr_active >= MAX_SWAPFILES)
		return -EPERM;		/* alloc_swap_info() */
	if (!path)
		return -EFAULT;
	f = fs_lookup(sim, path);
	if (!f)
		return -ENOENT;
	return swapon_inode(sim, f, flags);
}

int pmm_swapoff(struct pmm_sim *sim, pmm_pid_t tid, const char *path)
{
	struct swap_info *si;
	struct vm_file *f;
	struct vm_ctx c;
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	task_set_current(sim, t);
	err = task_gate(sim, GATE_SWAPOFF, t, NULL);
	if (err)
		return err;
	if (!path)
		return -EFAULT;
	f = fs_lookup(sim, path);
	if (!f)
		return -ENOENT;
	si = swap_find_inode(sim, f);
	if (!si)
		return -EINVAL;
	/* security_vm_enough_memory_mm(current->mm, p->pages): the commit
	 * must still fit once the area's pages leave CommitLimit */
	vm_ctx_init(&c, sim, t);
	if (vm_acct_memory(&c, (int64_t)si->pages))
		return -ENOMEM;
	vm_unacct_memory(sim, (int64_t)si->pages);
	err = vm_swap_unuse(sim, si->type);	/* try_to_unuse() */
	if (err)
		return err;
	PMM_TRACE(sim, swap_off, EV_STR("path", f->path),
		  EV_U64("pages", si->pages));
	swap_deactivate(sim, si);
	return 0;
}

int pmm_mkswap(struct pmm_sim *sim, pmm_pid_t tid, const char *path)
{
	struct vm_file *f;
	struct task *t;
	int fd, err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (!path)
		return -EFAULT;
	/* mkswap opens the file for writing: FACS decides */
	fd = pmm_open(sim, tid, path, PMM_O_WRONLY, 0);
	if (fd < 0)
		return fd;
	f = fd_lookup(t->proc, fd)->inode;
	if (swap_find_inode(sim, f))
		err = -EBUSY;
	else if (f->size >> PAGE_SHIFT < SWAP_MIN_PAGES)
		err = -EINVAL;
	else
		err = write_header(sim, f);
	pmm_close(sim, tid, fd);
	return err;
}

int pmm_swapdev_create(struct pmm_sim *sim,
		       const struct pmm_swapdev_config *cfg)
{
	struct pmm_file_config fc = { 0 };
	struct vm_file *f;
	int err;

	if (!sim || !cfg || !cfg->path || cfg->path[0] != '/' ||
	    cfg->size >> PAGE_SHIFT < SWAP_MIN_PAGES ||
	    (cfg->prefer && (cfg->prio < 0 || cfg->prio > SWAP_FLAG_PRIO_MASK)))
		return -EINVAL;
	if (sim->swap.nr_active >= MAX_SWAPFILES)
		return -EPERM;
	fc.path = cfg->path;
	fc.size = cfg->size & PAGE_MASK;
	fc.content = PMM_CONTENT_ZERO;
	err = pmm_file_create(sim, &fc);
	if (err)
		return err;
	f = fs_lookup(sim, cfg->path);
	if (!f)
		return -EINVAL;		/* a path pmm_file_create() canonicalised */
	if (!cfg->file) {
		err = swap_add_bdev(sim, f, cfg->latency_ns);
		if (err)
			return err;
	}
	err = write_header(sim, f);
	if (err)
		return err;
	/* peinit's swapon, on the SYSTEM token */
	return swapon_inode(sim, f, cfg->prefer ? SWAP_FLAG_PREFER | cfg->prio :
					       0);
}
