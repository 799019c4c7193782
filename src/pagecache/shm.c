// SPDX-License-Identifier: MIT
/*
 * shm.c - System V shared memory (Linux ipc/shm.c, ipc/util.c) with the
 * Peios security model (spec 03 §8): shmget, shmat, shmdt, shmctl and
 * /proc/sysvipc/shm.
 *
 * A segment is a shmem object (vm_shmem_file_setup(): charged to the
 * commit like shared anonymous memory) in a table indexed as Linux's IPC
 * IDR: cyclic index allocation below max(in_use * 3 / 2, 64), ids
 * (seq << 15) + index, the sequence number bumped when an index at or
 * below the last one is reused.  Each shmat opens a file on the object
 * (Linux's per-attach shm file) and maps it shared; the VMAs hold it, so
 * fork inherits attachments and exit, exec and munmap drop them through
 * the ordinary VMA teardown.  shm_nattch counts the VMAs mapping the
 * object (Linux counts vm_ops->open/close, i.e. VMAs too: a split
 * attachment counts twice).  A segment removed while attached is marked
 * SHM_DEST, loses its key and goes when the last attachment file does.
 *
 * What each call needs from the segment's SD is a behaviour row per
 * operation (sysv_shm_*): the SysV IPC page in peios, the KACS v0.22
 * hooks in peios-kacs, the mode bits (Linux's ipcperms()) in linux.
 *
 * Not modelled: IPC namespaces, kernel.shm_rmid_forced, SHM_HUGETLB
 * segments (the hugetlb pool is empty: -ENOMEM after the privilege
 * check), PIP trust-label ACEs on segments, and the VMA open/close
 * updates of shm_lpid and the times at fork and exit (only shmat and
 * shmdt update them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <peiosmm/ipc.h>

#include "kernel/kernel.h"
#include "pagecache/fs.h"
#include "proc/render.h"
#include "vm/uapi.h"
#include "vm/vm.h"

#define SHMMIN		1
#define SHM_MIN_CYCLE	64		/* RADIX_TREE_MAP_SIZE */
#define SHM_SEQ_MAX	(0x7fffffff >> SHM_IPCMNI_SHIFT)
#define SHM_MODE_BITS	0777u

void shm_init(struct pmm_sim *sim)
{
	memset(&sim->shm, 0, sizeof(sim->shm));
	sim->shm.last_idx = -1;
}

static int64_t now_sec(const struct pmm_sim *sim)
{
	return (int64_t)(sim->now / 1000000000ull);
}

static bool seg_granted(struct pmm_sim *sim, struct task *t,
			const struct shm_seg *seg, uint32_t want)
{
	if (!want || !t)
		return true;
	return sd_access_check(seg->sd, task_effective_token(t), want,
			       sec_value(&sim->sec, GATE_MIC_ENFORCE) != 0);
}

/* The rights one rwx triplet of the mode gives (the IPC page's model). */
static uint32_t mode_rights(unsigned int bits)
{
	uint32_t r = 0;

	if (bits & 4)
		r |= IPC_READ_DATA | IPC_READ_ATTRIBUTES | READ_CONTROL |
		     SYNCHRONIZE;
	if (bits & 2)
		r |= IPC_WRITE_DATA;
	if ((bits & 6) == 6)
		r |= IPC_WRITE_ATTRIBUTES;	/* "full" */
	return r;
}

/* ipcperms() of shmget's requested bits, as rights. */
static uint32_t requested_rights(int shmflg)
{
	return ((shmflg & 0444) ? IPC_READ_DATA : 0) |
	       ((shmflg & 0222) ? IPC_WRITE_DATA : 0);
}

/*
 * The segment SD for @owner/@group: the KACS default DACL (creator,
 * Administrators, SYSTEM: GENERIC_ALL) or one made from @mode.
 */
static int seg_build_sd(struct pmm_sim *sim, const struct sid *owner,
			const struct sid *group, unsigned int mode,
			struct sd **out)
{
	long how = sec_value(&sim->sec, GATE_SYSV_SHM_MODE_DACL);
	struct sid system, admins, everyone;
	uint32_t owner_rights;
	struct sd *sd;
	int err;

	sid_system(&system);
	sid_administrators(&admins);
	sid_everyone(&everyone);
	err = sd_create(&sim->alloc, &sec_ipc_mapping, owner, group, &sd);
	if (err)
		return err;
	if (how == GATE_SYSV_DACL_KACS) {
		err = sd_add_ace(sd, SEC_ACE_ALLOW, owner, GENERIC_ALL);
		if (!err)
			err = sd_add_ace(sd, SEC_ACE_ALLOW, &admins, GENERIC_ALL);
		if (!err)
			err = sd_add_ace(sd, SEC_ACE_ALLOW, &system, GENERIC_ALL);
		goto out;
	}
	/* the IPC page: the owner has everything; Linux: the owner's bits,
	 * and what only an owner may do (IPC_SET, IPC_RMID) */
	owner_rights = how == GATE_SYSV_DACL_MODE ? GENERIC_ALL :
		       mode_rights((mode >> 6) & 7) | DELETE | WRITE_DAC |
		       WRITE_OWNER;
	err = sd_add_ace(sd, SEC_ACE_ALLOW, owner, owner_rights);
	if (!err && mode_rights((mode >> 3) & 7))
		err = sd_add_ace(sd, SEC_ACE_ALLOW, group,
				 mode_rights((mode >> 3) & 7));
	if (!err && mode_rights(mode & 7))
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &everyone,
				 mode_rights(mode & 7));
	if (!err && how == GATE_SYSV_DACL_MODE_ROOT) {
		err = sd_add_ace(sd, SEC_ACE_ALLOW, &system, GENERIC_ALL);
		if (!err)
			err = sd_add_ace(sd, SEC_ACE_ALLOW, &admins, GENERIC_ALL);
	}
out:
	if (err) {
		sd_free(sd);
		return err;
	}
	*out = sd;
	return 0;
}

/* The live segment at @idx, or NULL. */
static struct shm_seg *seg_at(struct pmm_sim *sim, long idx)
{
	if (idx < 0 || (unsigned long)idx >= sim->shm.nr_slots)
		return NULL;
	return sim->shm.slots[idx];
}

/* shm_obtain_object_check(): by id, the sequence number must match. */
static struct shm_seg *seg_by_id(struct pmm_sim *sim, int id)
{
	struct shm_seg *seg;

	if (id < 0)
		return NULL;
	seg = seg_at(sim, id & (SHM_IPCMNI - 1));
	return seg && seg->id == id ? seg : NULL;
}

static struct shm_seg *seg_by_key(struct pmm_sim *sim, int32_t key)
{
	for (unsigned int i = 0; i < sim->shm.nr_slots; i++) {
		struct shm_seg *seg = sim->shm.slots[i];

		if (seg && seg->key == key)
			return seg;
	}
	return NULL;
}

static uint64_t seg_nattch(const struct shm_seg *seg)
{
	struct itree_node *n;
	uint64_t nr = 0;

	itree_for_each(n, &seg->file->i_mmap, 0, UINT64_MAX)
		nr++;
	return nr;
}

static int seg_max_idx(const struct pmm_sim *sim)
{
	for (unsigned int i = sim->shm.nr_slots; i > 0; i--)
		if (sim->shm.slots[i - 1])
			return (int)i - 1;
	return 0;
}

static int slots_grow(struct pmm_sim *sim, unsigned int need)
{
	unsigned int n = sim->shm.nr_slots ? sim->shm.nr_slots : SHM_MIN_CYCLE;
	struct shm_seg **s;

	if (need <= sim->shm.nr_slots)
		return 0;
	while (n < need)
		n *= 2;
	s = pmm_zalloc(&sim->alloc, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (sim->shm.nr_slots) {
		memcpy(s, sim->shm.slots, sim->shm.nr_slots * sizeof(*s));
		pmm_free(&sim->alloc, sim->shm.slots,
			 sim->shm.nr_slots * sizeof(*s));
	}
	sim->shm.slots = s;
	sim->shm.nr_slots = n;
	return 0;
}

/* idr_alloc_cyclic(0, max) from the cursor: the index, or -ENOSPC. */
static int idx_alloc(struct pmm_sim *sim)
{
	unsigned int max = sim->shm.in_use * 3 / 2, i;
	int err;

	if (max < SHM_MIN_CYCLE)
		max = SHM_MIN_CYCLE;
	if (max > SHM_IPCMNI)
		max = SHM_IPCMNI;
	err = slots_grow(sim, max);
	if (err)
		return err;
	for (i = sim->shm.next_idx; i < max; i++)
		if (!sim->shm.slots[i])
			return (int)i;
	for (i = 0; i < max && i < sim->shm.next_idx; i++)
		if (!sim->shm.slots[i])
			return (int)i;
	return -ENOSPC;
}

/* shm_destroy(): the segment leaves the table; its object goes with
 * the last mapping. */
static void seg_destroy(struct pmm_sim *sim, struct shm_seg *seg)
{
	struct vm_file *f = seg->file;

	sim->shm.slots[seg->idx] = NULL;
	sim->shm.in_use--;
	sim->shm.shm_tot -= seg->pages;
	if (seg->mode & PMM_SHM_LOCKED)
		vm_shmem_set_unevictable(sim, f, false);
	f->shm_seg = NULL;
	sd_free(seg->sd);
	PMM_TRACE(sim, ipc_shm_destroy, EV_S64("shmid", seg->id));
	pmm_free(&sim->alloc, seg, sizeof(*seg));
	vm_file_put(sim, f);
}

void shm_file_release(struct pmm_sim *sim, struct shm_seg *seg)
{
	PMM_BUG_ON(!seg->nr_files);
	if (--seg->nr_files == 0 && (seg->mode & PMM_SHM_DEST))
		seg_destroy(sim, seg);
}

/* newseg() */
static int newseg(struct pmm_sim *sim, struct task *t, int32_t key,
		  uint64_t size, int shmflg)
{
	struct pmm_token *tok = task_effective_token(t);
	uint64_t numpages, shmall;
	struct shm_seg *seg;
	struct vm_file *f;
	struct vm_ctx c;
	char name[32];
	bool noreserve;
	int idx, err;

	if (size < SHMMIN ||
	    size > sysctl_get_u64(&sim->sysctl, SYSCTL_KERNEL_SHMMAX))
		return -EINVAL;
	if (size > UINT64_MAX - (PAGE_SIZE - 1))
		return -ENOSPC;
	numpages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	shmall = sysctl_get_u64(&sim->sysctl, SYSCTL_KERNEL_SHMALL);
	if (sim->shm.shm_tot + numpages < sim->shm.shm_tot ||
	    sim->shm.shm_tot + numpages > shmall)
		return -ENOSPC;
	if (shmflg & PMM_SHM_HUGETLB) {
		unsigned int shift = ((unsigned int)shmflg >> 26) & 0x3f;

		if (shift && shift != 21 && shift != 30)
			return -EINVAL;
		/* can_do_hugetlb_shm(), then an empty pool */
		err = task_gate(sim, GATE_SHM_HUGETLB, t, NULL);
		return err ? err : -ENOMEM;
	}
	seg = pmm_zalloc(&sim->alloc, sizeof(*seg));
	if (!seg)
		return -ENOMEM;
	err = seg_build_sd(sim, &tok->user, &tok->primary_group,
			   (unsigned int)shmflg & SHM_MODE_BITS, &seg->sd);
	if (err)
		goto out_free;
	noreserve = (shmflg & PMM_SHM_NORESERVE) &&
		    sysctl_get(&sim->sysctl, SYSCTL_VM_OVERCOMMIT_MEMORY) != 2;
	snprintf(name, sizeof(name), "/SYSV%08x (deleted)", (uint32_t)key);
	vm_ctx_init(&c, sim, t);
	f = vm_shmem_file_setup(&c, name, size, noreserve, &err);
	if (!f)
		goto out_sd;
	/* ipc_addid() */
	err = -ENOSPC;
	if (sim->shm.in_use >=
	    (unsigned int)sysctl_get(&sim->sysctl, SYSCTL_KERNEL_SHMMNI))
		goto out_file;
	idx = idx_alloc(sim);
	if (idx < 0) {
		err = idx;
		goto out_file;
	}
	if (idx <= sim->shm.last_idx && ++sim->shm.seq >= SHM_SEQ_MAX)
		sim->shm.seq = 0;
	sim->shm.last_idx = idx;
	sim->shm.next_idx = (unsigned int)idx + 1;
	seg->idx = (unsigned int)idx;
	seg->seq = sim->shm.seq;
	seg->id = (int)((seg->seq << SHM_IPCMNI_SHIFT) + (unsigned int)idx);
	seg->key = key;
	seg->mode = (uint32_t)shmflg & SHM_MODE_BITS;
	seg->segsz = size;
	seg->file = f;
	f->shm_seg = seg;
	seg->uid = seg->cuid = sid_to_uid(&tok->user);
	seg->gid = seg->cgid = sid_to_uid(&tok->primary_group);
	seg->cpid = t->proc->pid;
	seg->ctime = now_sec(sim);
	seg->pages = numpages;
	sim->shm.slots[idx] = seg;
	sim->shm.in_use++;
	sim->shm.shm_tot += numpages;
	PMM_TRACE(sim, ipc_shm_create, EV_S64("pid", t->proc->pid),
		  EV_S64("shmid", seg->id), EV_S64("key", key),
		  EV_U64("size", size));
	return seg->id;
out_file:
	vm_file_put(sim, f);
out_sd:
	sd_free(seg->sd);
out_free:
	pmm_free(&sim->alloc, seg, sizeof(*seg));
	return err;
}

int pmm_shmget(struct pmm_sim *sim, pmm_pid_t tid, int32_t key,
	       uint64_t size, int shmflg)
{
	struct shm_seg *seg;
	struct task *t;
	uint32_t want;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (key == PMM_IPC_PRIVATE)
		return newseg(sim, t, key, size, shmflg);
	seg = seg_by_key(sim, key);
	if (!seg)
		return (shmflg & PMM_IPC_CREAT) ?
		       newseg(sim, t, key, size, shmflg) : -ENOENT;
	if ((shmflg & (PMM_IPC_CREAT | PMM_IPC_EXCL)) ==
	    (PMM_IPC_CREAT | PMM_IPC_EXCL))
		return -EEXIST;
	/* shm_more_checks(), then ipc_check_perms() */
	if (seg->segsz < size)
		return -EINVAL;
	want = (uint32_t)sec_value(&sim->sec, GATE_SYSV_SHM_GET_RIGHT);
	if (sec_value(&sim->sec, GATE_SYSV_SHM_GET_MODE_CHECK))
		want |= requested_rights(shmflg);
	if (!seg_granted(sim, t, seg, want))
		return -EACCES;
	return seg->id;
}

/* A new open file of @seg for one attachment (do_shmat()'s shm file). */
static struct file *attach_file(struct pmm_sim *sim, struct shm_seg *seg,
				bool write)
{
	struct file *f = pmm_zalloc(&sim->alloc, sizeof(*f));

	if (!f)
		return NULL;
	f->ref = 1;
	f->kind = FILE_REGULAR;
	f->inode = vm_file_get(seg->file);
	f->f_flags = write ? PMM_O_RDWR : PMM_O_RDONLY;
	f->f_mode = FMODE_READ | (write ? FMODE_WRITE : 0);
	/* the segment's own checks are done: FACS has nothing to add */
	f->granted = FILE_READ_DATA | FILE_EXECUTE |
		     (write ? FILE_WRITE_DATA : 0);
	seg->nr_files++;
	return f;
}

int pmm_shmat(struct pmm_sim *sim, pmm_pid_t tid, int shmid,
	      uint64_t shmaddr, int shmflg, uint64_t *addr)
{
	bool write = !(shmflg & PMM_SHM_RDONLY);
	uint32_t prot, flags = MAP_SHARED, want;
	uint64_t a = shmaddr, size;
	struct shm_seg *seg;
	struct file *filp;
	struct vm_ctx c;
	struct task *t;
	int64_t r;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (!t->proc->mm)
		return -ESRCH;
	if (!addr || shmid < 0)
		return -EINVAL;
	if (a) {
		if (a & (PMM_SHMLBA - 1)) {
			if (!(shmflg & PMM_SHM_RND))
				return -EINVAL;
			a &= ~(uint64_t)(PMM_SHMLBA - 1);
			if (!a && (shmflg & PMM_SHM_REMAP))
				return -EINVAL;
		}
		flags |= MAP_FIXED;
	} else if (shmflg & PMM_SHM_REMAP) {
		return -EINVAL;
	}
	prot = PROT_READ | (write ? PROT_WRITE : 0) |
	       ((shmflg & PMM_SHM_EXEC) ? PROT_EXEC : 0);
	want = IPC_READ_DATA | (write ? IPC_WRITE_DATA : 0);
	seg = seg_by_id(sim, shmid);
	if (!seg)
		return -EINVAL;
	if (!seg_granted(sim, t, seg, want))
		return -EACCES;
	if ((seg->mode & PMM_SHM_DEST) &&
	    !sec_value(&sim->sec, GATE_SYSV_SHM_ATTACH_REMOVED))
		return -EIDRM;
	size = seg->segsz;
	vm_ctx_init(&c, sim, t);
	if ((flags & MAP_FIXED) && !(shmflg & PMM_SHM_REMAP) &&
	    (a + size < a ||
	     vma_find_intersection(c.mm, a, a + PAGE_ALIGN(size))))
		return -EINVAL;
	filp = attach_file(sim, seg, write);
	if (!filp)
		return -ENOMEM;
	r = vm_file_mmap_check(&c, filp, prot, true, (prot & PROT_EXEC) != 0);
	if (!r)
		r = vm_do_mmap(&c, a, size, prot, flags, 0, filp);
	if (r >= 0) {
		struct vma *v = vma_find(c.mm, (uint64_t)r);

		seg->atime = now_sec(sim);
		seg->lpid = t->proc->pid;
		/* do_mmap()'s populate: a locked mapping is faulted in */
		if (v && (v->vm_flags & VM_LOCKED) &&
		    !(v->vm_flags & VM_LOCKONFAULT))
			(void)vm_populate(&c, (uint64_t)r,
					  (uint64_t)r + PAGE_ALIGN(size),
					  VM_POP_LOCK);
		*addr = (uint64_t)r;
		PMM_TRACE(sim, ipc_shm_attach, EV_S64("pid", t->proc->pid),
			  EV_S64("shmid", shmid), EV_U64("addr", r));
	}
	/* the VMA holds the file now; a failed attach drops it, and with
	 * it a segment removed meanwhile (shm_may_destroy()) */
	file_put(sim, filp);
	return r < 0 ? (int)r : 0;
}

static bool is_attachment(const struct vma *v)
{
	return v->vm_file && v->vm_file->shm_seg && v->vm_filp &&
	       v->vm_filp->inode == v->vm_file;
}

int pmm_shmdt(struct pmm_sim *sim, pmm_pid_t tid, uint64_t shmaddr)
{
	struct shm_seg *seg = NULL;
	const struct file *filp = NULL;
	struct vma *v, *next;
	uint64_t size = 0;
	struct vm_ctx c;
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (!t->proc->mm)
		return -ESRCH;
	if (shmaddr & ~PAGE_MASK)
		return -EINVAL;
	vm_ctx_init(&c, sim, t);
	/* the first attachment VMA that starts where its offset says the
	 * attachment began, at or above @shmaddr */
	for (v = vma_find(c.mm, shmaddr); v; v = next) {
		next = vma_next(v);
		if (is_attachment(v) &&
		    (vma_start(v) - shmaddr) / PAGE_SIZE == v->vm_pgoff) {
			uint64_t s = vma_start(v), e = vma_end(v);

			seg = v->vm_file->shm_seg;
			filp = v->vm_filp;
			size = PAGE_ALIGN(v->vm_file->size);
			err = vm_do_munmap(&c, s, e - s);
			if (err)
				return err;
			v = next ? vma_find(c.mm, s) : NULL;
			break;
		}
	}
	if (!filp)
		return -EINVAL;
	/* then the rest of the same attachment within its size; @filp may
	 * be gone with its last VMA, so it is only compared */
	while (v && vma_end(v) - shmaddr <= size) {
		next = vma_next(v);
		if (is_attachment(v) && v->vm_filp == filp &&
		    (vma_start(v) - shmaddr) / PAGE_SIZE == v->vm_pgoff) {
			uint64_t s = vma_start(v), e = vma_end(v);

			err = vm_do_munmap(&c, s, e - s);
			if (err)
				return err;
			v = vma_find(c.mm, s);
			continue;
		}
		v = next;
	}
	/* shm_close(): the segment may have gone with the attachment */
	for (unsigned int i = 0; i < sim->shm.nr_slots; i++)
		if (sim->shm.slots[i] == seg) {
			seg->dtime = now_sec(sim);
			seg->lpid = t->proc->pid;
		}
	PMM_TRACE(sim, ipc_shm_detach, EV_S64("pid", t->proc->pid),
		  EV_U64("addr", shmaddr));
	return 0;
}

static void fill_ds(struct pmm_sim *sim, const struct shm_seg *seg,
		    struct pmm_shmid_ds *ds)
{
	(void)sim;
	memset(ds, 0, sizeof(*ds));
	ds->shm_perm.key = seg->key;
	ds->shm_perm.uid = seg->uid;
	ds->shm_perm.gid = seg->gid;
	ds->shm_perm.cuid = seg->cuid;
	ds->shm_perm.cgid = seg->cgid;
	ds->shm_perm.mode = seg->mode;
	ds->shm_perm.seq = seg->seq;
	ds->shm_segsz = seg->segsz;
	ds->shm_atime = seg->atime;
	ds->shm_dtime = seg->dtime;
	ds->shm_ctime = seg->ctime;
	ds->shm_cpid = seg->cpid;
	ds->shm_lpid = seg->lpid;
	ds->shm_nattch = seg_nattch(seg);
}

/* The pages @user has locked through SHM_LOCK (user_shm_lock()'s count). */
static uint64_t user_shm_locked(struct pmm_sim *sim, const struct sid *user)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < sim->shm.nr_slots; i++) {
		struct shm_seg *seg = sim->shm.slots[i];

		if (seg && (seg->mode & PMM_SHM_LOCKED) &&
		    sid_eq(&seg->lock_user, user))
			n += seg->pages;
	}
	return n;
}

static int shm_lock(struct pmm_sim *sim, struct task *t, struct shm_seg *seg,
		    bool lock)
{
	enum pmm_profile prof = sim_profile(sim);
	struct pmm_token *tok = task_effective_token(t);
	uint64_t limit = t->proc->rlim[PMM_RLIMIT_MEMLOCK].cur;
	int err;

	/* Linux: CAP_IPC_LOCK, else the owner with a non-zero limit */
	if (!sec_value(&sim->sec, GATE_SYSV_SHM_LOCK_CAP_BYPASS) ||
	    task_gate(sim, GATE_SHM_LOCK_OVER_QUOTA, t, NULL)) {
		if (!seg_granted(sim, t, seg,
				 (uint32_t)sec_value(&sim->sec,
						     GATE_SYSV_SHM_LOCK_RIGHT)))
			return -(int)sec_value(&sim->sec,
					       GATE_SYSV_SHM_OWNER_ERRNO);
		if (lock && !limit &&
		    gate_value(&sim->sec, GATE_MLOCK_ZERO_LIMIT_EPERM, prof))
			return -EPERM;
	}
	/* security_shm_shmctl(): KACS wants SeLockMemoryPrivilege too */
	err = task_gate(sim, GATE_SHM_LOCK, t, NULL);
	if (err)
		return err;
	if (!lock) {
		if (seg->mode & PMM_SHM_LOCKED) {
			seg->mode &= ~(uint32_t)PMM_SHM_LOCKED;
			vm_shmem_set_unevictable(sim, seg->file, false);
		}
		return 0;
	}
	if (seg->mode & PMM_SHM_LOCKED)
		return 0;
	/* user_shm_lock(): the user's locked segments against the limit */
	if (limit != PMM_RLIM_INFINITY &&
	    user_shm_locked(sim, &tok->user) + seg->pages >
	    limit >> PAGE_SHIFT) {
		err = task_gate(sim, GATE_SHM_LOCK_OVER_QUOTA, t, NULL);
		if (err)
			return err;
	}
	seg->mode |= PMM_SHM_LOCKED;
	seg->lock_user = tok->user;
	vm_shmem_set_unevictable(sim, seg->file, true);
	return 0;
}

static int shm_set(struct pmm_sim *sim, struct task *t, struct shm_seg *seg,
		   const struct pmm_shmid_ds *ds)
{
	uint32_t mode = ds->shm_perm.mode & SHM_MODE_BITS;
	struct sd *sd;
	int err;

	if (!seg_granted(sim, t, seg,
			 (uint32_t)sec_value(&sim->sec, GATE_SYSV_SHM_SET_RIGHT)))
		return -(int)sec_value(&sim->sec, GATE_SYSV_SHM_OWNER_ERRNO);
	if ((ds->shm_perm.uid != seg->uid || ds->shm_perm.gid != seg->gid) &&
	    sec_value(&sim->sec, GATE_SYSV_SHM_SET_OWNER_EINVAL))
		return -EINVAL;
	/* the IPC page: a mode change rewrites the DACL; KACS v0.22 SDs are
	 * immutable, the mode is only shown */
	if (sec_value(&sim->sec, GATE_SYSV_SHM_MODE_DACL) !=
	    GATE_SYSV_DACL_KACS) {
		err = seg_build_sd(sim, &seg->sd->owner, &seg->sd->group, mode,
				   &sd);
		if (err)
			return err;
		sd_free(seg->sd);
		seg->sd = sd;
	}
	seg->uid = ds->shm_perm.uid;
	seg->gid = ds->shm_perm.gid;
	seg->mode = (seg->mode & ~SHM_MODE_BITS) | mode;
	seg->ctime = now_sec(sim);
	return 0;
}

int pmm_shmctl(struct pmm_sim *sim, pmm_pid_t tid, int shmid, int cmd,
	       union pmm_shmctl_buf *buf)
{
	struct shm_seg *seg;
	struct task *t;
	uint32_t want;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	cmd &= ~0x100;			/* IPC_64 */
	switch (cmd) {
	case PMM_IPC_INFO:
		if (!buf)
			return -EFAULT;
		memset(&buf->info, 0, sizeof(buf->info));
		buf->info.shmmax = sysctl_get_u64(&sim->sysctl,
						  SYSCTL_KERNEL_SHMMAX);
		buf->info.shmall = sysctl_get_u64(&sim->sysctl,
						  SYSCTL_KERNEL_SHMALL);
		buf->info.shmmin = SHMMIN;
		buf->info.shmmni = buf->info.shmseg =
			(uint64_t)sysctl_get(&sim->sysctl, SYSCTL_KERNEL_SHMMNI);
		return seg_max_idx(sim);
	case PMM_SHM_INFO:
		if (!buf)
			return -EFAULT;
		memset(&buf->shm_info, 0, sizeof(buf->shm_info));
		buf->shm_info.used_ids = (int32_t)sim->shm.in_use;
		buf->shm_info.shm_tot = sim->shm.shm_tot;
		for (unsigned int i = 0; i < sim->shm.nr_slots; i++)
			if (sim->shm.slots[i])
				buf->shm_info.shm_rss +=
					sim->shm.slots[i]->file->nr_pages;
		return seg_max_idx(sim);
	case PMM_SHM_STAT:
	case PMM_SHM_STAT_ANY:
	case PMM_IPC_STAT:
		seg = cmd == PMM_IPC_STAT ? seg_by_id(sim, shmid) :
		      seg_at(sim, shmid);
		if (!seg)
			return -EINVAL;
		want = (uint32_t)sec_value(&sim->sec, cmd == PMM_SHM_STAT_ANY ?
					   GATE_SYSV_SHM_STAT_ANY_RIGHT :
					   GATE_SYSV_SHM_STAT_RIGHT);
		if (!seg_granted(sim, t, seg, want))
			return -EACCES;
		if (!buf)
			return -EFAULT;
		fill_ds(sim, seg, &buf->ds);
		return cmd == PMM_IPC_STAT ? 0 : seg->id;
	case PMM_IPC_SET:
		if (!buf)
			return -EFAULT;
		seg = seg_by_id(sim, shmid);
		return seg ? shm_set(sim, t, seg, &buf->ds) : -EINVAL;
	case PMM_IPC_RMID:
		seg = seg_by_id(sim, shmid);
		if (!seg)
			return -EINVAL;
		if (!seg_granted(sim, t, seg, DELETE))
			return -(int)sec_value(&sim->sec,
					       GATE_SYSV_SHM_OWNER_ERRNO);
		PMM_TRACE(sim, ipc_shm_rmid, EV_S64("pid", t->proc->pid),
			  EV_S64("shmid", seg->id));
		if (seg->nr_files) {
			/* do_shm_rmid(): goes with the last attachment */
			seg->mode |= PMM_SHM_DEST;
			seg->key = PMM_IPC_PRIVATE;
		} else {
			seg_destroy(sim, seg);
		}
		return 0;
	case PMM_SHM_LOCK:
	case PMM_SHM_UNLOCK:
		seg = seg_by_id(sim, shmid);
		if (!seg)
			return -EINVAL;
		return shm_lock(sim, t, seg, cmd == PMM_SHM_LOCK);
	default:
		return -EINVAL;
	}
}

/* ---- /proc/sysvipc/shm ------------------------------------------------------ */

void shm_proc_render(struct pmm_sim *sim, struct task *t, struct seqbuf *sb)
{
	uint32_t want = (uint32_t)sec_value(&sim->sec,
					    GATE_SYSV_SHM_PROC_FILTER_RIGHT);

	seq_puts(sb, "       key      shmid perms                  size  cpid"
		 "  lpid nattch   uid   gid  cuid  cgid      atime      dtime"
		 "      ctime                   rss                  swap\n");
	for (unsigned int i = 0; i < sim->shm.nr_slots; i++) {
		const struct shm_seg *seg = sim->shm.slots[i];

		if (!seg || !seg_granted(sim, t, seg, want))
			continue;
		seq_printf(sb, "%10d %10d  %4o %21llu %5u %5u  %5llu %5u %5u "
			   "%5u %5u %10lld %10lld %10lld %21llu %21llu\n",
			   seg->key, seg->id, seg->mode,
			   (unsigned long long)seg->segsz,
			   (unsigned int)seg->cpid, (unsigned int)seg->lpid,
			   (unsigned long long)seg_nattch(seg), seg->uid,
			   seg->gid, seg->cuid, seg->cgid,
			   (long long)seg->atime, (long long)seg->dtime,
			   (long long)seg->ctime,
			   (unsigned long long)seg->file->nr_pages * PAGE_SIZE,
			   0ull);
	}
}

/* ---- the machine ------------------------------------------------------------- */

void shm_fini(struct pmm_sim *sim)
{
	for (unsigned int i = 0; i < sim->shm.nr_slots; i++) {
		struct shm_seg *seg = sim->shm.slots[i];

		if (seg)
			seg_destroy(sim, seg);
	}
	if (sim->shm.slots)
		pmm_free(&sim->alloc, sim->shm.slots,
			 sim->shm.nr_slots * sizeof(*sim->shm.slots));
	shm_init(sim);
}

/* The distinct attachment files among the VMAs mapping @seg. */
static unsigned long seg_files(const struct shm_seg *seg)
{
	struct itree_node *n, *m;
	unsigned long nr = 0;

	itree_for_each(n, &seg->file->i_mmap, 0, UINT64_MAX) {
		const struct vma *v = pmm_container_of(n, struct vma, shared);
		bool seen = false;

		itree_for_each(m, &seg->file->i_mmap, 0, UINT64_MAX) {
			const struct vma *w = pmm_container_of(m, struct vma,
							       shared);

			if (m == n)
				break;
			if (w->vm_filp == v->vm_filp)
				seen = true;
		}
		nr += !seen;
	}
	return nr;
}

bool shm_consistent(struct pmm_sim *sim, char *msg, size_t size)
{
	unsigned int in_use = 0;
	uint64_t tot = 0;

	for (unsigned int i = 0; i < sim->shm.nr_slots; i++) {
		const struct shm_seg *seg = sim->shm.slots[i];
		uint64_t nattch;

		if (!seg)
			continue;
		in_use++;
		tot += seg->pages;
		nattch = seg_nattch(seg);
		if (seg->idx != i || ((unsigned int)seg->id & (SHM_IPCMNI - 1)) != i ||
		    (unsigned int)seg->id >> SHM_IPCMNI_SHIFT != seg->seq)
			return pmm_wrong(msg, size, "shm: slot %u holds id %d",
					 i, seg->id);
		if (!seg->file || seg->file->shm_seg != seg || !seg->sd ||
		    !seg->file->shmem)
			return pmm_wrong(msg, size,
					 "shm: id %d lost its object", seg->id);
		if (seg->pages != PAGE_ALIGN(seg->segsz) >> PAGE_SHIFT ||
		    (seg->file->charged && seg->file->charged != seg->pages))
			return pmm_wrong(msg, size,
					 "shm: id %d charges %llu pages of %llu",
					 seg->id,
					 (unsigned long long)seg->file->charged,
					 (unsigned long long)seg->pages);
		if (seg_files(seg) != seg->nr_files)
			return pmm_wrong(msg, size,
					 "shm: id %d: %lu attachment files, %lu mapped (nattch %llu)",
					 seg->id, seg->nr_files, seg_files(seg),
					 (unsigned long long)nattch);
		if ((seg->mode & PMM_SHM_DEST) && !nattch)
			return pmm_wrong(msg, size,
					 "shm: id %d removed but not destroyed",
					 seg->id);
		if (!(seg->mode & PMM_SHM_LOCKED) != !seg->file->unevictable)
			return pmm_wrong(msg, size,
					 "shm: id %d lock flag and mapping disagree",
					 seg->id);
	}
	if (in_use != sim->shm.in_use || tot != sim->shm.shm_tot)
		return pmm_wrong(msg, size,
				 "shm: %u segments of %llu pages, counted %u of %llu",
				 sim->shm.in_use,
				 (unsigned long long)sim->shm.shm_tot, in_use,
				 (unsigned long long)tot);
	return true;
}
