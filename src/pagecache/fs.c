// SPDX-License-Identifier: MIT
/*
 * fs.c - the simulated file system: named regular files with a security
 * descriptor (an RB tree by path, the dcache's job), the FACS legacy open
 * (KACS §11.3: open flags -> core rights that must all be granted, the
 * other rights the SD allows stamped on the descriptor too), open file
 * descriptions shared by fork, and each process's descriptor table.
 *
 * Not modelled: directories (no FILE_ADD_FILE / traverse checks; O_CREAT
 * makes the file under any path), a working directory (paths are
 * absolute), links, unlink, and the backup/restore privileges.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <peiosmm/fs.h>

#include "kernel/kernel.h"
#include "pagecache/fs.h"
#include "vm/vm.h"

#define FS_PATH_MAX	4096		/* PATH_MAX, with the NUL */
#define FS_NAME_MAX	255
#define FS_DEV_MAJOR	0xfe		/* the root file system, as images */
#define FS_DEFAULT_MODE	0644
#define FS_MAXBYTES	PMM_FILE_MAX_SIZE	/* s_maxbytes */

/* Rights the legacy open adds silently when the SD allows them. */
#define FACS_COMPAT_RIGHTS (FILE_READ_EA | FILE_WRITE_EA | FILE_EXECUTE |   \
			    FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES |   \
			    READ_CONTROL | WRITE_DAC | WRITE_OWNER |         \
			    SYNCHRONIZE)

/* open(2) flags that stay on the open file (do_dentry_open()) */
#define O_KEPT_MASK	(~(PMM_O_CREAT | PMM_O_EXCL | PMM_O_NOCTTY | PMM_O_TRUNC))
/* O_PATH keeps only these (build_open_flags()) */
#define O_PATH_FLAGS	(PMM_O_DIRECTORY | PMM_O_NOFOLLOW | PMM_O_PATH |      \
			 PMM_O_CLOEXEC)

static uint64_t fs_compute(const struct rb_node *n)
{
	(void)n;
	return 0;
}

static struct vm_file *node_file(const struct rb_node *n)
{
	return n ? pmm_container_of(n, struct vm_file, fs_node) : NULL;
}

struct vm_file *fs_lookup(struct pmm_sim *sim, const char *path)
{
	struct rb_node *n = sim->fs.by_path.rb_node;

	while (n) {
		int c = strcmp(path, node_file(n)->path);

		if (!c)
			return node_file(n);
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static void fs_link(struct pmm_sim *sim, struct vm_file *f)
{
	struct rb_node **link = &sim->fs.by_path.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = strcmp(f->path, node_file(parent)->path) < 0 ?
		       &parent->rb_left : &parent->rb_right;
	}
	rb_insert_augmented(&sim->fs.by_path, &f->fs_node, parent, link,
			    fs_compute);
	f->linked = true;
	sim->fs.nr++;
}

/*
 * The canonical form of @path in @out: absolute, repeated slashes folded,
 * no "." or ".." (no working directory or links are modelled).  *@dir is
 * set when the path ends in a slash.
 */
static int path_canon(const char *path, char *out, bool *dir)
{
	size_t o = 0, len;

	if (!path)
		return -EFAULT;
	len = strnlen(path, FS_PATH_MAX);
	if (len == FS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!len)
		return -ENOENT;
	if (path[0] != '/')
		return -EINVAL;
	*dir = path[len - 1] == '/';
	for (size_t i = 0; i < len;) {
		size_t j;

		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			break;
		for (j = i; j < len && path[j] != '/'; j++)
			;
		if (j - i > FS_NAME_MAX)
			return -ENAMETOOLONG;
		if ((j - i == 1 && path[i] == '.') ||
		    (j - i == 2 && path[i] == '.' && path[i + 1] == '.'))
			return -EINVAL;
		out[o++] = '/';
		memcpy(out + o, path + i, j - i);
		o += j - i;
		i = j;
	}
	if (!o)
		return -EISDIR;		/* "/" is the root directory */
	out[o] = '\0';
	return 0;
}

/* @owner's file SD with exactly the DACL @aces (empty: nothing granted). */
static int build_sd(struct pmm_sim *sim, const struct sid *owner,
		    const struct pmm_ace *aces, unsigned int nr,
		    struct sd **out)
{
	struct sid system;

	sid_system(&system);
	return sd_create_from_aces(&sim->alloc, &sec_file_mapping,
				   FILE_VALID_RIGHTS, owner, &system, aces, nr,
				   out);
}

/* A new unlinked inode for @path (the caller links it). */
static struct vm_file *inode_new(struct pmm_sim *sim, const char *path,
				 uint64_t size, struct sd *sd)
{
	struct vm_file *f = vm_file_create(sim, path, FS_DEV_MAJOR, 0,
					   ++sim->vm.next_shmem_ino, size,
					   false);

	if (!f)
		return NULL;
	f->regular = true;
	f->sd = sd;
	f->mode = FS_DEFAULT_MODE;
	f->data_size = size;
	return f;
}

int pmm_file_create(struct pmm_sim *sim, const struct pmm_file_config *cfg)
{
	char path[FS_PATH_MAX];
	struct sid owner;
	struct vm_file *f;
	struct sd *sd;
	bool dir;
	int err;

	if (!sim || !cfg)
		return -EINVAL;
	err = path_canon(cfg->path, path, &dir);
	if (err)
		return err == -EFAULT || err == -ENOENT || err == -EISDIR ?
		       -EINVAL : err;
	if (dir || !strncmp(path, "/proc/", 6) || !strcmp(path, "/proc"))
		return -EINVAL;
	if (cfg->size > FS_MAXBYTES || cfg->mode > 07777 ||
	    (unsigned int)cfg->content > PMM_CONTENT_SEED)
		return -EINVAL;
	if (cfg->owner)
		err = sid_from_name(cfg->owner, &owner);
	else
		sid_system(&owner);
	if (err)
		return err;
	if (fs_lookup(sim, path))
		return -EEXIST;
	if (cfg->aces)
		err = build_sd(sim, &owner, cfg->aces, cfg->nr_aces, &sd);
	else
		err = sd_create_file_default(&sim->alloc, &owner, true, &sd);
	if (err)
		return err;
	f = inode_new(sim, path, cfg->size, sd);
	if (!f) {
		sd_free(sd);
		return -ENOMEM;
	}
	if (cfg->mode)
		f->mode = cfg->mode;
	f->is_signed = cfg->signed_;
	f->sig_trust = cfg->signed_ ? cfg->sig_trust : 0;
	switch (cfg->content) {
	case PMM_CONTENT_ZERO:
		f->seed = 0;
		break;
	case PMM_CONTENT_SEED: {
		uint64_t x = cfg->seed ^ 0x5eed5eed5eed5eedull;

		f->seed = pmm_splitmix64(&x) | 1;
		break;
	}
	default:
		f->seed = pmm_rng_next(&sim->rng[RNG_MISC]) | 1;
		break;
	}
	fs_link(sim, f);
	PMM_TRACE(sim, fs_create, EV_STR("path", f->path),
		  EV_U64("size", f->size));
	return 0;
}

int pmm_file_set_dacl(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		      const struct pmm_ace *aces, unsigned int nr_aces)
{
	char canon[FS_PATH_MAX];
	struct vm_file *f;
	struct sd *sd;
	struct task *t;
	bool dir;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	err = path_canon(path, canon, &dir);
	if (err)
		return err;
	f = fs_lookup(sim, canon);
	if (!f)
		return -ENOENT;
	if (dir)
		return -ENOTDIR;
	/* an empty DACL is a DACL: nothing is granted */
	err = sd_replace_dacl(f->sd, FILE_VALID_RIGHTS, aces, nr_aces, &sd);
	if (err)
		return err;
	if (!sd_access_check(f->sd, task_effective_token(t), WRITE_DAC,
			     sec_value(&sim->sec, GATE_MIC_ENFORCE) != 0)) {
		sd_free(sd);
		return -EACCES;
	}
	sd_free(f->sd);
	f->sd = sd;
	return 0;
}

bool fs_may_write_file(struct vm_ctx *c, const struct vm_file *f)
{
	const struct pmm_token *tok;

	if (!f->regular || !f->sd)
		return false;	/* images: the system's binaries */
	if (!c->task)
		return true;	/* the kernel itself */
	tok = task_effective_token(c->task);
	/* inode_owner_or_capable(), then the write permission */
	return sid_eq(&f->sd->owner, &tok->user) ||
	       sd_access_check(f->sd, (struct pmm_token *)tok, FILE_WRITE_DATA,
			       sec_value(&c->sim->sec, GATE_MIC_ENFORCE) != 0);
}

/* ---- TLP and LSV ---------------------------------------------------------------- */

static const char tlp_default[] =
	"/usr/bin\0/usr/sbin\0/usr/lib\0/usr/lib64\0/usr/libexec\0"
	"/bin\0/sbin\0/lib\0/lib64\0";

int pmm_set_tlp_prefixes(struct pmm_sim *sim, const char *const *prefixes,
			 unsigned int nr)
{
	size_t size = 1, o = 0;
	char *buf;

	if (!sim || (nr && !prefixes))
		return -EINVAL;
	for (unsigned int i = 0; i < nr; i++) {
		size_t n = prefixes[i] ? strnlen(prefixes[i], FS_PATH_MAX) : 0;

		if (n < 2 || n == FS_PATH_MAX || prefixes[i][0] != '/' ||
		    prefixes[i][n - 1] == '/')
			return -EINVAL;
		size += n + 1;
	}
	buf = pmm_alloc(&sim->alloc, size);
	if (!buf)
		return -ENOMEM;
	for (unsigned int i = 0; i < nr; i++) {
		size_t n = strlen(prefixes[i]) + 1;

		memcpy(buf + o, prefixes[i], n);
		o += n;
	}
	buf[o] = '\0';
	if (sim->fs.tlp)
		pmm_free(&sim->alloc, sim->fs.tlp, sim->fs.tlp_size);
	sim->fs.tlp = buf;
	sim->fs.tlp_size = size;
	return 0;
}

bool fs_tlp_approved(struct pmm_sim *sim, const struct vm_file *inode)
{
	const char *p = sim->fs.tlp ? sim->fs.tlp : tlp_default;

	/* an unlinked file or shared memory has no path to approve; an
	 * image is its binary on the root file system */
	if (inode->shmem || (inode->regular && !inode->linked))
		return false;
	for (; *p; p += strlen(p) + 1) {
		size_t n = strlen(p);

		if (!strncmp(inode->path, p, n) && inode->path[n] == '/')
			return true;
	}
	return false;
}

bool fs_lsv_approved(const struct vm_file *inode, uint32_t trust)
{
	return inode->is_signed && inode->sig_trust >= trust;
}

/* ---- open files and descriptor tables ------------------------------------------- */

struct file *file_get(struct file *f)
{
	if (f)
		f->ref++;
	return f;
}

void file_put(struct pmm_sim *sim, struct file *f)
{
	if (!f || --f->ref)
		return;
	if (f->inode && f->inode->shm_seg)
		shm_file_release(sim, f->inode->shm_seg);
	vm_file_put(sim, f->inode);
	if (f->path)
		pmm_free(&sim->alloc, f->path, strlen(f->path) + 1);
	pmm_free(&sim->alloc, f, sizeof(*f));
}

struct file *fd_lookup(const struct process *p, int fd)
{
	if (!p || fd < 0 || (unsigned int)fd >= p->files.size)
		return NULL;
	return p->files.fd[fd];
}

static size_t bits_words(unsigned int n)
{
	return (n + 63) / 64;
}

/* Make room for descriptor @fd (expand_fdtable()): sizes double. */
static int fdtable_expand(struct pmm_sim *sim, struct fdtable *t,
			  unsigned int fd)
{
	unsigned int size = t->size ? t->size : 64;
	struct file **nfd;
	uint64_t *ncl;

	if (fd < t->size)
		return 0;
	while (size <= fd)
		size *= 2;
	nfd = pmm_zalloc(&sim->alloc, size * sizeof(*nfd));
	ncl = pmm_zalloc(&sim->alloc, bits_words(size) * sizeof(*ncl));
	if (!nfd || !ncl) {
		if (nfd)
			pmm_free(&sim->alloc, nfd, size * sizeof(*nfd));
		if (ncl)
			pmm_free(&sim->alloc, ncl, bits_words(size) * sizeof(*ncl));
		return -ENOMEM;
	}
	if (t->size) {
		memcpy(nfd, t->fd, t->size * sizeof(*nfd));
		memcpy(ncl, t->cloexec, bits_words(t->size) * sizeof(*ncl));
		pmm_free(&sim->alloc, t->fd, t->size * sizeof(*nfd));
		pmm_free(&sim->alloc, t->cloexec,
			 bits_words(t->size) * sizeof(*ncl));
	}
	t->fd = nfd;
	t->cloexec = ncl;
	t->size = size;
	return 0;
}

/* The lowest free descriptor below @limit, room made (alloc_fd()). */
static int fd_alloc(struct pmm_sim *sim, struct fdtable *t, uint64_t limit)
{
	unsigned int fd = 0;
	int err;

	while (fd < t->size && t->fd[fd])
		fd++;
	if (fd >= limit || fd >= (1u << 20))	/* fs.nr_open */
		return -EMFILE;
	err = fdtable_expand(sim, t, fd);
	return err ? err : (int)fd;
}

static void fd_install(struct fdtable *t, int fd, struct file *f, bool cloexec)
{
	t->fd[fd] = f;
	if (cloexec)
		t->cloexec[fd / 64] |= 1ull << (fd % 64);
	else
		t->cloexec[fd / 64] &= ~(1ull << (fd % 64));
	t->nr++;
}

static void fd_release(struct pmm_sim *sim, struct fdtable *t, int fd)
{
	struct file *f = t->fd[fd];

	t->fd[fd] = NULL;
	t->cloexec[fd / 64] &= ~(1ull << (fd % 64));
	t->nr--;
	file_put(sim, f);
}

int fdtable_copy(struct pmm_sim *sim, struct fdtable *dst,
		 const struct fdtable *src)
{
	int err;

	PMM_BUG_ON(dst->size);
	if (!src->nr)
		return 0;
	err = fdtable_expand(sim, dst, src->size - 1);
	if (err)
		return err;
	for (unsigned int i = 0; i < src->size; i++)
		dst->fd[i] = file_get(src->fd[i]);
	memcpy(dst->cloexec, src->cloexec,
	       bits_words(src->size) * sizeof(*dst->cloexec));
	dst->nr = src->nr;
	return 0;
}

void fdtable_close_all(struct pmm_sim *sim, struct fdtable *t)
{
	for (unsigned int i = 0; i < t->size; i++)
		if (t->fd[i])
			fd_release(sim, t, (int)i);
	if (t->size) {
		pmm_free(&sim->alloc, t->fd, t->size * sizeof(*t->fd));
		pmm_free(&sim->alloc, t->cloexec,
			 bits_words(t->size) * sizeof(*t->cloexec));
	}
	memset(t, 0, sizeof(*t));
}

void fdtable_close_on_exec(struct pmm_sim *sim, struct fdtable *t)
{
	for (unsigned int i = 0; i < t->size; i++)
		if (t->fd[i] && (t->cloexec[i / 64] & (1ull << (i % 64))))
			fd_release(sim, t, (int)i);
}

/* ---- open and close ------------------------------------------------------------ */

static struct file *file_alloc(struct pmm_sim *sim, enum file_kind kind,
			       uint32_t flags)
{
	struct file *f = pmm_zalloc(&sim->alloc, sizeof(*f));

	if (!f)
		return NULL;
	f->ref = 1;
	f->kind = kind;
	f->f_flags = flags & O_KEPT_MASK;
	/* OPEN_FMODE(): access mode 0 reads, 1 writes, 2 both, 3 neither */
	f->f_mode = (flags + 1) & PMM_O_ACCMODE;
	return f;
}

/* The FACS core rights of a legacy open with @flags (spec 03 §2a). */
static uint32_t facs_core_rights(uint32_t flags)
{
	uint32_t acc = flags & PMM_O_ACCMODE, r = FILE_READ_ATTRIBUTES;

	if (acc != PMM_O_WRONLY)
		r |= FILE_READ_DATA;
	if (acc != PMM_O_RDONLY)
		r |= (flags & PMM_O_APPEND) ? FILE_APPEND_DATA : FILE_WRITE_DATA;
	if (flags & PMM_O_TRUNC)
		r |= FILE_WRITE_DATA;
	return r;
}

/* open(2) of a /proc path: the proc layer checks what the mode asks. */
static struct file *open_proc(struct pmm_sim *sim, struct task *t,
			      const char *path, uint32_t flags, int *err)
{
	struct file *f = file_alloc(sim, FILE_PROC, flags);
	char resolved[FS_PATH_MAX + 16];
	int pid;

	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = proc_file_open(sim, t, path, (f->f_mode & FMODE_READ) != 0,
			      (f->f_mode & FMODE_WRITE) != 0, &pid);
	if (*err < 0)
		goto fail;
	if (*err == 1) {
		f->kind = FILE_PROC_MEM;
		f->pid = pid;
	} else {
		/* the open binds /proc/self to the opener's pid */
		if (!strncmp(path, "/proc/self/", 11) || !strcmp(path, "/proc/self"))
			snprintf(resolved, sizeof(resolved), "/proc/%d%s",
				 (int)t->proc->pid, path + 10);
		else
			snprintf(resolved, sizeof(resolved), "%s", path);
		f->path = pmm_alloc(&sim->alloc, strlen(resolved) + 1);
		if (!f->path) {
			*err = -ENOMEM;
			goto fail;
		}
		memcpy(f->path, resolved, strlen(resolved) + 1);
	}
	*err = 0;
	return f;
fail:
	pmm_free(&sim->alloc, f, sizeof(*f));
	return NULL;
}

/* open(2) of a file: lookup or O_CREAT, the FACS check, O_TRUNC. */
static struct file *open_regular(struct pmm_sim *sim, struct task *t,
				 const char *path, uint32_t flags,
				 uint32_t mode, int *err)
{
	bool mic = sec_value(&sim->sec, GATE_MIC_ENFORCE) != 0;
	struct pmm_token *tok = task_effective_token(t);
	struct vm_file *inode, *created = NULL;
	char canon[FS_PATH_MAX];
	uint32_t core, max;
	struct file *f;
	bool dir;

	*err = path_canon(path, canon, &dir);
	if (*err)
		return NULL;
	inode = fs_lookup(sim, canon);
	if ((flags & PMM_O_TMPFILE) == PMM_O_TMPFILE) {
		/* O_TMPFILE names a directory: files are not one */
		*err = inode ? -ENOTDIR : -ENOENT;
		return NULL;
	}
	if (!inode) {
		struct sd *sd;

		if (!(flags & PMM_O_CREAT) || (flags & PMM_O_PATH)) {
			*err = -ENOENT;
			return NULL;
		}
		if (dir) {
			*err = -EISDIR;
			return NULL;
		}
		/* the creator's file: the inherited default of a private
		 * directory (owner, SYSTEM, Administrators) */
		*err = sd_create_file_default(&sim->alloc, &tok->user, false,
					      &sd);
		if (*err)
			return NULL;
		created = inode_new(sim, canon, 0, sd);
		if (!created) {
			sd_free(sd);
			*err = -ENOMEM;
			return NULL;
		}
		created->mode = mode & 07777;
		created->seed = 0;
		inode = created;
	} else if ((flags & (PMM_O_CREAT | PMM_O_EXCL)) ==
		   (PMM_O_CREAT | PMM_O_EXCL)) {
		*err = -EEXIST;
		return NULL;
	}
	if (dir || (flags & PMM_O_DIRECTORY)) {
		*err = -ENOTDIR;
		goto fail;
	}
	f = file_alloc(sim, FILE_REGULAR, flags);
	if (!f) {
		*err = -ENOMEM;
		goto fail;
	}
	if (flags & PMM_O_PATH) {
		/* no access is asked for and none is granted */
		f->f_mode = 0;
		f->f_flags = flags & O_PATH_FLAGS;
		f->inode = vm_file_get(inode);
		return f;
	}
	core = facs_core_rights(flags);
	max = sd_max_allowed(inode->sd, tok, mic);
	if (!created && (max & core) != core) {
		pmm_free(&sim->alloc, f, sizeof(*f));
		*err = -EACCES;
		return NULL;
	}
	f->granted = core | (max & FACS_COMPAT_RIGHTS);
	if ((flags & PMM_O_TRUNC) && inode->size) {
		*err = vm_truncate_pagecache(sim, inode, 0);
		if (*err) {
			pmm_free(&sim->alloc, f, sizeof(*f));
			goto fail;
		}
	}
	/* a new inode's first reference is its name's; the open file
	 * takes its own, as it does of an inode found by name */
	if (created)
		fs_link(sim, created);
	f->inode = vm_file_get(inode);
	return f;
fail:
	if (created)
		vm_file_put(sim, created);
	return NULL;
}

int pmm_open(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
	     uint32_t flags, uint32_t mode)
{
	struct file *f;
	struct task *t;
	int err, fd;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (flags & PMM_O_PATH)
		flags &= O_PATH_FLAGS;
	/* build_open_flags(), before the name is even fetched: O_CREAT
	 * never makes a directory (Linux 6.4), and O_TMPFILE's unnamed
	 * file must be opened for writing */
	if ((flags & (PMM_O_CREAT | PMM_O_DIRECTORY)) ==
	    (PMM_O_CREAT | PMM_O_DIRECTORY))
		return -EINVAL;
	if ((flags & PMM_O_TMPFILE) == PMM_O_TMPFILE &&
	    (flags & PMM_O_ACCMODE) == PMM_O_RDONLY)
		return -EINVAL;
	/* getname(): the name is fetched before a descriptor is taken */
	if (!path)
		return -EFAULT;
	if (strnlen(path, FS_PATH_MAX) == FS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!*path)
		return -ENOENT;
	fd = fd_alloc(sim, &t->proc->files,
		      t->proc->rlim[PMM_RLIMIT_NOFILE].cur);
	if (fd < 0)
		return fd;
	if (!strncmp(path, "/proc/", 6) && !(flags & PMM_O_PATH))
		f = open_proc(sim, t, path, flags, &err);
	else
		f = open_regular(sim, t, path, flags, mode, &err);
	if (!f)
		return err;
	fd_install(&t->proc->files, fd, f, flags & PMM_O_CLOEXEC);
	return fd;
}

int pmm_close(struct pmm_sim *sim, pmm_pid_t tid, int fd)
{
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (!fd_lookup(t->proc, fd))
		return -EBADF;
	fd_release(sim, &t->proc->files, fd);
	return 0;
}

/* ---- the machine ------------------------------------------------------------- */

void fs_fini(struct pmm_sim *sim)
{
	struct rb_node *n;

	/* unlink each file before it goes: rb_next() from a node climbs
	 * through ancestors an in-order walk would already have freed */
	while ((n = rb_first(&sim->fs.by_path))) {
		struct vm_file *f = node_file(n);

		rb_erase_augmented(&sim->fs.by_path, n, NULL, fs_compute);
		f->linked = false;
		vm_file_put(sim, f);
	}
	sim->fs.nr = 0;
	if (sim->fs.tlp)
		pmm_free(&sim->alloc, sim->fs.tlp, sim->fs.tlp_size);
	sim->fs.tlp = NULL;
}

bool fs_consistent(struct pmm_sim *sim, char *msg, size_t size)
{
	const struct vm_file *prev = NULL;
	unsigned long nr = 0;
	const struct rb_node *bad;
	const char *why;

	why = rb_check(&sim->fs.by_path, fs_compute, &bad);
	if (why)
		return pmm_wrong(msg, size, "fs: name tree: %s", why);
	for (struct rb_node *n = rb_first(&sim->fs.by_path); n; n = rb_next(n)) {
		const struct vm_file *f = node_file(n);

		if (!f->regular || !f->linked || !f->ref || !f->sd)
			return pmm_wrong(msg, size, "fs: %s is not a linked file",
					 f->path);
		if (prev && strcmp(prev->path, f->path) >= 0)
			return pmm_wrong(msg, size, "fs: %s out of order after %s",
					 f->path, prev->path);
		if (!itree_consistent(&f->holes))
			return pmm_wrong(msg, size, "fs: %s: hole tree damaged",
					 f->path);
		if (f->data_size > f->size)
			return pmm_wrong(msg, size, "fs: %s has data past its size",
					 f->path);
		prev = f;
		nr++;
	}
	if (nr != sim->fs.nr)
		return pmm_wrong(msg, size, "fs: %lu files linked, %lu counted",
				 nr, sim->fs.nr);
	return true;
}
