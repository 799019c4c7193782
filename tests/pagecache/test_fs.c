// SPDX-License-Identifier: MIT
/*
 * test_fs.c - the file layer through the public API (peiosmm/fs.h): bad
 * input to every call (refused calls change nothing), open(2) semantics
 * (lowest descriptor, O_CREAT/O_EXCL/O_TRUNC/O_DIRECTORY/O_TMPFILE/O_PATH,
 * RLIMIT_NOFILE, close-on-exec, fork sharing the open file description),
 * the FACS legacy open (spec 03 §2a) and the granted-mask table of spec 02
 * §9 (rules 17-21) against profile linux, TLP and LSV (spec 02 §6.1, rule
 * 22), page content through the page cache, read(2) into the caller's
 * memory as a kernel access (spec 14 rule 22), and /proc files opened as
 * descriptors (spec 01 rule 20).
 *
 * Address map of every test that needs one:
 *
 *   UBUF  0x100000000000  the caller's buffers (anonymous)
 *   BASE  0x200000000000  file mappings
 *   HOLE  0x300000000000  never mapped
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fx_sim.h"

#define PROT_R		0x1u
#define PROT_W		0x2u
#define PROT_X		0x4u
#define MAP_SHARED	0x01u
#define MAP_PRIVATE	0x02u
#define MAP_FIXED	0x10u
#define MAP_ANON	0x20u
#define PG		4096ull
#define UBUF		0x100000000000ull
#define BASE		0x200000000000ull
#define HOLE		0x300000000000ull

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define RO		PMM_O_RDONLY
#define RW		PMM_O_RDWR
#define WO		PMM_O_WRONLY

/* ---- helpers ------------------------------------------------------------- */

static void sim_ok(struct pmm_sim *sim)
{
	char msg[512];
	int err = pmm_sim_check(sim, msg, sizeof(msg));

	if (err)
		print_error("pmm_sim_check: %s\n", msg);
	assert_int_equal(err, 0);
}

static const struct pmm_ace acl_everyone_all[] = {
	{ PMM_ACE_ALLOW, "Everyone", PMM_FILE_ALL_ACCESS },
};

/* A file; @aces NULL: everyone may do anything with it. */
static void mkfile(struct pmm_sim *sim, const char *path, uint64_t size,
		   enum pmm_file_content content, uint64_t seed,
		   const struct pmm_ace *aces, unsigned int nr)
{
	struct pmm_file_config fc = {
		.path = path,
		.size = size,
		.content = content,
		.seed = seed,
		.aces = aces ? aces : acl_everyone_all,
		.nr_aces = aces ? nr : 1,
	};

	assert_int_equal(pmm_file_create(sim, &fc), 0);
}

/* A process of @user at @il (the token reference is dropped). */
static pmm_pid_t user_process(struct pmm_sim *sim, const char *user,
			      uint32_t il)
{
	struct pmm_token *tok = fx_token(sim, user, 0, il);
	pmm_pid_t pid = fx_process(sim, tok);

	pmm_token_put(tok);
	return pid;
}

static void map_anon(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		     uint64_t len, uint32_t prot)
{
	assert_int_equal(pmm_mmap(sim, pid, addr, len, prot,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)addr);
}

static void map_file_at(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
			uint64_t len, uint32_t prot, uint32_t type, int fd,
			uint64_t off, int line)
{
	int64_t r = pmm_mmap(sim, pid, addr, len, prot, type | MAP_FIXED, fd,
			     off);

	if (r != (int64_t)addr)
		fail_msg("line %d: mmap of fd %d gave %lld", line, fd,
			 (long long)r);
}

#define map_file(sim, pid, addr, len, prot, type, fd, off)		\
	map_file_at(sim, pid, addr, len, prot, type, fd, off, __LINE__)

/* Store @len bytes of @src at @addr in @pid (no signal allowed). */
static void poke(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		 const void *src, uint64_t len)
{
	struct pmm_access_result r;

	assert_int_equal(pmm_access(sim, pid, addr, len, PMM_ACCESS_WRITE,
				    (void *)src, &r), 0);
	assert_int_equal(r.status, 0);
}

/* Load @len bytes at @addr in @pid into @dst (no signal allowed). */
static void peek(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		 void *dst, uint64_t len)
{
	struct pmm_access_result r;

	assert_int_equal(pmm_access(sim, pid, addr, len, PMM_ACCESS_READ, dst,
				    &r), 0);
	assert_int_equal(r.status, 0);
}

/* The signal a one-byte access of @kind at @addr raises (0: none). */
static int touch(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr, int kind,
		 struct pmm_access_result *r)
{
	assert_int_equal(pmm_access(sim, pid, addr, 1, kind, NULL, r), 0);
	return r->status ? r->signo : 0;
}

static void assert_sigbus(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
			  int kind)
{
	struct pmm_access_result r;

	assert_int_equal(touch(sim, pid, addr, kind, &r), PMM_SIGBUS);
	assert_int_equal(r.code, PMM_BUS_ADRERR);
	assert_int_equal(r.addr, addr);
}

/*
 * @len bytes of the file of @fd at @off, by pread into the caller's
 * buffer at UBUF (mapped by the caller); returns what pread returned.
 */
static int64_t file_bytes(struct pmm_sim *sim, pmm_pid_t pid, int fd,
			  int64_t off, uint8_t *out, uint64_t len)
{
	int64_t n = pmm_pread(sim, pid, fd, UBUF, len, off);

	if (n > 0)
		peek(sim, pid, UBUF, out, (uint64_t)n);
	return n;
}

/* Write @len bytes of @src into the file of @fd at @off, through UBUF. */
static void file_put(struct pmm_sim *sim, pmm_pid_t pid, int fd, int64_t off,
		     const void *src, uint64_t len)
{
	poke(sim, pid, UBUF, src, len);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, len, off),
			 (int64_t)len);
}

static bool all_bytes(const uint8_t *b, uint64_t n, uint8_t v)
{
	for (uint64_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

/* /proc/<pid>/maps as pmm_proc_read renders it (unchecked). */
static void maps_of(struct pmm_sim *sim, pmm_pid_t pid, char *buf,
		    size_t size)
{
	char path[64];
	long n;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	n = pmm_proc_read(sim, 0, path, buf, size);
	assert_true(n >= 0 && (size_t)n < size);
}

/* A fresh open gets descriptor @fd (and is closed again). */
static void next_fd_is(struct pmm_sim *sim, pmm_pid_t pid, const char *path,
		       int fd)
{
	assert_int_equal(pmm_open(sim, pid, path, RO, 0), fd);
	assert_int_equal(pmm_close(sim, pid, fd), 0);
}

static const struct pmm_ace acl_alice_all[] = {
	{ PMM_ACE_ALLOW, "alice", PMM_FILE_ALL_ACCESS },
};

/* ---- 1. bad input -------------------------------------------------------- */

static void test_fs_file_create_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	static char longpath[4200], longname[300];
	struct pmm_ace bad_type = { 2, "alice", PMM_FILE_READ_DATA };
	struct pmm_ace bad_sid = { PMM_ACE_ALLOW, "S-1-x", PMM_FILE_READ_DATA };
	struct pmm_ace no_sid = { PMM_ACE_ALLOW, NULL, PMM_FILE_READ_DATA };
	struct pmm_ace empty_sid = { PMM_ACE_ALLOW, "", PMM_FILE_READ_DATA };
	struct pmm_ace bad_mask = { PMM_ACE_ALLOW, "alice", 0x01000000u };
	struct pmm_ace many[65];
	struct pmm_file_config fc = { .path = "/data/f", .size = PG };
	const char *bad_paths[] = {
		"data/f", "", "/", "//", "/data/./f", "/data/../f", "/.",
		"/data/f/", "/proc/f", "/proc", "/proc/", "/proc/self/maps",
	};
	char before[4096], after[4096];

	memset(longpath, 0, sizeof(longpath));
	longpath[0] = '/';
	memset(longpath + 1, 'a', 4096);	/* 4097 bytes: too long */
	for (size_t i = 2; i < 4096; i += 100)
		longpath[i] = '/';
	longname[0] = '/';
	memset(longname + 1, 'n', 256);	/* one name of 256 bytes */
	maps_of(sim, pid, before, sizeof(before));

	assert_int_equal(pmm_file_create(NULL, &fc), -EINVAL);
	assert_int_equal(pmm_file_create(sim, NULL), -EINVAL);
	fc.path = NULL;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(bad_paths); i++) {
		fc.path = bad_paths[i];
		assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	}
	fc.path = longpath;
	assert_int_equal(pmm_file_create(sim, &fc), -ENAMETOOLONG);
	fc.path = longname;
	assert_int_equal(pmm_file_create(sim, &fc), -ENAMETOOLONG);
	fc.path = "/data/f";
	fc.content = (enum pmm_file_content)7;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.content = PMM_CONTENT_ZERO;
	fc.size = (uint64_t)INT64_MAX + 1;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.size = PG;
	fc.mode = 010000;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.mode = 0;
	fc.owner = "";
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.owner = "S-1-5-bogus";
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.owner = NULL;
	fc.nr_aces = 1;
	fc.aces = &bad_type;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.aces = &bad_sid;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.aces = &no_sid;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.aces = &empty_sid;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.aces = &bad_mask;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	for (size_t i = 0; i < 65; i++)
		many[i] = (struct pmm_ace){ PMM_ACE_ALLOW, "Everyone",
					    PMM_FILE_GENERIC_READ };
	fc.aces = many;
	fc.nr_aces = 65;
	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);

	/* nothing was created by any of them */
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), -ENOENT);
	fc.nr_aces = 64;		/* the limit itself is fine */
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	assert_int_equal(pmm_file_create(sim, &fc), -EEXIST);
	fc.path = "//data///f";	/* the same name spelled otherwise */
	assert_int_equal(pmm_file_create(sim, &fc), -EEXIST);
	next_fd_is(sim, pid, "/data/f", 0);
	maps_of(sim, pid, after, sizeof(after));
	assert_string_equal(before, after);
	sim_ok(sim);
}

static void test_fs_file_set_dacl_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t alice = user_process(sim, "alice", PMM_IL_MEDIUM), dead;
	struct pmm_ace bad_type = { 5, "alice", PMM_FILE_READ_DATA };
	struct pmm_ace bad_mask = { PMM_ACE_ALLOW, "alice", 0x02000000u };
	struct pmm_ace bad_sid = { PMM_ACE_ALLOW, "S-1-", PMM_FILE_READ_DATA };
	/* what each refused call would have set: alice loses everything */
	struct pmm_ace deny[2] = {
		{ PMM_ACE_DENY, "alice", PMM_FILE_ALL_ACCESS },
		{ PMM_ACE_ALLOW, "alice", PMM_FILE_ALL_ACCESS },
	};
	struct pmm_ace many[65];

	mkfile(sim, "/data/f", PG, PMM_CONTENT_ZERO, 0, acl_alice_all, 1);
	assert_int_equal(pmm_fork(sim, alice, &dead), 0);
	assert_int_equal(pmm_exit(sim, dead, 0), 0);

	assert_int_equal(pmm_file_set_dacl(NULL, alice, "/data/f", deny, 1),
			 -EINVAL);
	assert_int_equal(pmm_file_set_dacl(sim, dead, "/data/f", deny, 1),
			 -ESRCH);
	assert_int_equal(pmm_file_set_dacl(sim, 99999, "/data/f", deny, 1),
			 -ESRCH);
	assert_int_equal(pmm_file_set_dacl(sim, -1, "/data/f", deny, 1),
			 -ESRCH);
	assert_true(pmm_file_set_dacl(sim, alice, NULL, deny, 1) < 0);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "data/f", deny, 1),
			 -EINVAL);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/../data/f",
					   deny, 1), -EINVAL);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/./f", deny, 1),
			 -EINVAL);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f/", deny, 1),
			 -ENOTDIR);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/g", deny, 1),
			 -ENOENT);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", NULL, 1),
			 -EINVAL);
	/* a bad entry anywhere refuses the whole DACL */
	deny[1] = bad_type;
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", deny, 2),
			 -EINVAL);
	deny[1] = bad_mask;
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", deny, 2),
			 -EINVAL);
	deny[1] = bad_sid;
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", deny, 2),
			 -EINVAL);
	for (size_t i = 0; i < 65; i++)
		many[i] = deny[0];
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", many, 65),
			 -EINVAL);
	/* the DACL is as before: alice still opens for writing */
	next_fd_is(sim, alice, "/data/f", 0);
	assert_int_equal(pmm_open(sim, alice, "/data/f", RW, 0), 0);
	assert_int_equal(pmm_close(sim, alice, 0), 0);
	/* and the good call does take */
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", many, 64),
			 0);
	assert_int_equal(pmm_open(sim, alice, "/data/f", RO, 0), -EACCES);
	sim_ok(sim);
}

static void test_fs_set_tlp_prefixes_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	static char longp[4200];
	const char *ok[] = { "/opt/app" };
	const char *bad[][2] = {
		{ "/opt/app", NULL }, { "/opt/app", "opt" },
		{ "/opt/app", "/opt/" }, { "/opt/app", "/" },
		{ "/opt/app", "" }, { "/opt/app", longp },
	};
	int fd_opt, fd_usr;

	memset(longp, 'p', 4096);
	longp[0] = '/';
	mkfile(sim, "/opt/app/x.so", PG, PMM_CONTENT_ZERO, 0, NULL, 0);
	mkfile(sim, "/usr/lib/y.so", PG, PMM_CONTENT_ZERO, 0, NULL, 0);
	assert_int_equal(pmm_set_mitigations(sim, pid, 0, PMM_MIT_TLP), 0);
	fd_opt = pmm_open(sim, pid, "/opt/app/x.so", RO, 0);
	fd_usr = pmm_open(sim, pid, "/usr/lib/y.so", RO, 0);
	assert_true(fd_opt >= 0 && fd_usr >= 0);

	assert_int_equal(pmm_set_tlp_prefixes(NULL, ok, 1), -EINVAL);
	assert_int_equal(pmm_set_tlp_prefixes(sim, NULL, 1), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(pmm_set_tlp_prefixes(sim, bad[i], 2), -EINVAL);
	/* the built-in list still holds: /usr/lib yes, /opt/app no */
	assert_int_equal(pmm_mmap(sim, pid, BASE, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, fd_opt, 0), -EACCES);
	map_file(sim, pid, BASE, PG, PROT_R | PROT_X, MAP_PRIVATE, fd_usr, 0);
	assert_int_equal(pmm_munmap(sim, pid, BASE, PG), 0);
	/* a good list replaces it */
	assert_int_equal(pmm_set_tlp_prefixes(sim, ok, 1), 0);
	map_file(sim, pid, BASE, PG, PROT_R | PROT_X, MAP_PRIVATE, fd_opt, 0);
	assert_int_equal(pmm_mmap(sim, pid, BASE + PG, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, fd_usr, 0),
			 -EACCES);
	sim_ok(sim);
}

static void test_fs_open_close_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), dead;
	static char longpath[4200], longname[300];
	char before[4096], after[4096];

	memset(longpath, 'a', 4100);
	longpath[0] = '/';
	longname[0] = '/';
	memset(longname + 1, 'n', 256);
	mkfile(sim, "/data/f", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	assert_int_equal(pmm_fork(sim, pid, &dead), 0);
	assert_int_equal(pmm_exit(sim, dead, 0), 0);
	maps_of(sim, pid, before, sizeof(before));

	assert_int_equal(pmm_open(NULL, pid, "/data/f", RO, 0), -EINVAL);
	assert_int_equal(pmm_open(sim, dead, "/data/f", RO, 0), -ESRCH);
	assert_int_equal(pmm_open(sim, 424242, "/data/f", RO, 0), -ESRCH);
	assert_int_equal(pmm_open(sim, pid, NULL, RO, 0), -EFAULT);
	assert_int_equal(pmm_open(sim, pid, "", RO, 0), -ENOENT);
	assert_int_equal(pmm_open(sim, pid, "data/f", RO, 0), -EINVAL);
	assert_int_equal(pmm_open(sim, pid, "data/f", RO | PMM_O_CREAT, 0644),
			 -EINVAL);
	assert_int_equal(pmm_open(sim, pid, longpath, RO, 0), -ENAMETOOLONG);
	assert_int_equal(pmm_open(sim, pid, longname, RO | PMM_O_CREAT, 0),
			 -ENAMETOOLONG);
	assert_int_equal(pmm_open(sim, pid, "/data/./f", RO, 0), -EINVAL);
	assert_int_equal(pmm_open(sim, pid, "/data/../data/f", RO, 0),
			 -EINVAL);
	assert_int_equal(pmm_open(sim, pid, "/data/f/", RO, 0), -ENOTDIR);
	assert_int_equal(pmm_open(sim, pid, "/data/g/", RW | PMM_O_CREAT, 0),
			 -EISDIR);
	assert_int_equal(pmm_open(sim, pid, "/proc/nosuchfile", RO, 0),
			 -ENOENT);
	assert_int_equal(pmm_open(sim, pid, "/proc/999999/maps", RO, 0),
			 -ENOENT);
	/* no file came of the O_CREAT attempts */
	assert_int_equal(pmm_open(sim, pid, "/data/g", RO, 0), -ENOENT);
	assert_int_equal(pmm_open(sim, pid, "/n", RO, 0), -ENOENT);

	assert_int_equal(pmm_close(NULL, pid, 0), -EINVAL);
	assert_int_equal(pmm_close(sim, dead, 0), -ESRCH);
	assert_int_equal(pmm_close(sim, pid, 0), -EBADF);
	assert_int_equal(pmm_close(sim, pid, -1), -EBADF);
	assert_int_equal(pmm_close(sim, pid, 1 << 30), -EBADF);
	/* the descriptor table is untouched: the next open gets 0 */
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 0);
	assert_int_equal(pmm_close(sim, dead, 0), -ESRCH);
	assert_int_equal(pmm_close(sim, pid, 0), 0);
	assert_int_equal(pmm_close(sim, pid, 0), -EBADF);
	maps_of(sim, pid, after, sizeof(after));
	assert_string_equal(before, after);
	sim_ok(sim);
}

static void test_fs_rw_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), dead;
	uint8_t orig[2 * PG], now[2 * PG], b[8];
	struct pmm_mm_layout lay;
	char before[4096], after[4096];
	int fd, ro, wo, pfd;

	mkfile(sim, "/data/f", 2 * PG, PMM_CONTENT_SEED, 3, NULL, 0);
	map_anon(sim, pid, UBUF, 2 * PG, PROT_R | PROT_W);
	assert_int_equal(pmm_mm_layout(sim, pid, &lay), 0);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	ro = pmm_open(sim, pid, "/data/f", RO, 0);
	wo = pmm_open(sim, pid, "/data/f", WO, 0);
	pfd = pmm_open(sim, pid, "/proc/self/maps", RO, 0);
	assert_int_equal(fd, 0);
	assert_int_equal(ro, 1);
	assert_int_equal(wo, 2);
	assert_int_equal(pfd, 3);
	assert_int_equal(file_bytes(sim, pid, fd, 0, orig, 2 * PG),
			 (int64_t)(2 * PG));
	assert_false(all_bytes(orig, PG, 0));
	/* position 5 on fd */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 5), 5);
	assert_int_equal(pmm_fork(sim, pid, &dead), 0);
	assert_int_equal(pmm_exit(sim, dead, 0), 0);
	maps_of(sim, pid, before, sizeof(before));

	/* no machine, a dead or unknown thread */
	assert_int_equal(pmm_read(NULL, pid, fd, UBUF, 1), -EINVAL);
	assert_int_equal(pmm_write(NULL, pid, fd, UBUF, 1), -EINVAL);
	assert_int_equal(pmm_pread(NULL, pid, fd, UBUF, 1, 0), -EINVAL);
	assert_int_equal(pmm_pwrite(NULL, pid, fd, UBUF, 1, 0), -EINVAL);
	assert_int_equal(pmm_ftruncate(NULL, pid, fd, 0), -EINVAL);
	assert_int_equal(pmm_read(sim, dead, fd, UBUF, 1), -ESRCH);
	assert_int_equal(pmm_write(sim, dead, fd, UBUF, 1), -ESRCH);
	assert_int_equal(pmm_pread(sim, dead, fd, UBUF, 1, 0), -ESRCH);
	assert_int_equal(pmm_pwrite(sim, dead, fd, UBUF, 1, 0), -ESRCH);
	assert_int_equal(pmm_ftruncate(sim, dead, fd, 0), -ESRCH);
	assert_int_equal(pmm_read(sim, 777777, fd, UBUF, 1), -ESRCH);
	assert_int_equal(pmm_ftruncate(sim, 777777, fd, 0), -ESRCH);
	/* bad descriptors */
	for (int bad = -1; bad <= 1 << 20; bad = bad < 0 ? 9 : bad << 4) {
		assert_int_equal(pmm_read(sim, pid, bad, UBUF, 1), -EBADF);
		assert_int_equal(pmm_write(sim, pid, bad, UBUF, 1), -EBADF);
		assert_int_equal(pmm_pread(sim, pid, bad, UBUF, 1, 0), -EBADF);
		assert_int_equal(pmm_pwrite(sim, pid, bad, UBUF, 1, 0), -EBADF);
		assert_int_equal(pmm_ftruncate(sim, pid, bad, 0), -EBADF);
	}
	/* the access mode */
	assert_int_equal(pmm_read(sim, pid, wo, UBUF, 1), -EBADF);
	assert_int_equal(pmm_pread(sim, pid, wo, UBUF, 1, 0), -EBADF);
	assert_int_equal(pmm_write(sim, pid, ro, UBUF, 1), -EBADF);
	assert_int_equal(pmm_pwrite(sim, pid, ro, UBUF, 1, 0), -EBADF);
	assert_int_equal(pmm_ftruncate(sim, pid, ro, 0), -EINVAL);
	assert_int_equal(pmm_ftruncate(sim, pid, pfd, 0), -EINVAL);
	/* negative offsets and lengths: EINVAL before the descriptor is
	 * looked at (ksys_pread64(), do_sys_ftruncate()) */
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, -1), -EINVAL);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, 1, -1), -EINVAL);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, INT64_MIN), -EINVAL);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, -1), -EINVAL);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, INT64_MIN), -EINVAL);
	assert_int_equal(pmm_pread(sim, pid, 99, UBUF, 1, -1), -EINVAL);
	assert_int_equal(pmm_pwrite(sim, pid, 99, UBUF, 1, -1), -EINVAL);
	assert_int_equal(pmm_ftruncate(sim, pid, 99, -1), -EINVAL);
	/* count > INT64_MAX: vfs_read()/vfs_write() test access_ok() on the
	 * buffer before rw_verify_area() sees the count, so EFAULT */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, (uint64_t)INT64_MAX + 1),
			 -EFAULT);
	assert_int_equal(pmm_write(sim, pid, fd, UBUF, UINT64_MAX), -EFAULT);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, UINT64_MAX, 0), -EFAULT);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF,
				    (uint64_t)INT64_MAX + 1, 0), -EFAULT);
	/* a buffer past the user address space (access_ok()) */
	assert_int_equal(pmm_read(sim, pid, fd, lay.task_size, 1), -EFAULT);
	assert_int_equal(pmm_read(sim, pid, fd, lay.task_size - 1, 2), -EFAULT);
	assert_int_equal(pmm_write(sim, pid, fd, lay.task_size, 1), -EFAULT);
	assert_int_equal(pmm_pread(sim, pid, fd, UINT64_MAX - 3, 1, 0),
			 -EFAULT);
	assert_int_equal(pmm_pwrite(sim, pid, fd, 1ull << 63, 1, 0), -EFAULT);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, UINT64_MAX >> 1, 0),
			 -EFAULT);
	/* the ftruncate above refused: the file is intact */
	assert_int_equal(file_bytes(sim, pid, fd, 0, now, 2 * PG),
			 (int64_t)(2 * PG));
	assert_memory_equal(orig, now, 2 * PG);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, 2 * PG), 0);
	/* fd's position is still 5 */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, sizeof(b)),
			 (int64_t)sizeof(b));
	peek(sim, pid, UBUF, b, sizeof(b));
	assert_memory_equal(b, orig + 5, sizeof(b));
	/* the table still has 0-3 and nothing else */
	next_fd_is(sim, pid, "/data/f", 4);
	maps_of(sim, pid, after, sizeof(after));
	assert_string_equal(before, after);
	sim_ok(sim);
}

/* ---- 2. open semantics --------------------------------------------------- */

static void test_fs_open_lowest_fd_creat_excl(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;

	mkfile(sim, "/data/f", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 1);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 2);
	assert_int_equal(pmm_close(sim, pid, 1), 0);
	assert_int_equal(pmm_close(sim, pid, 0), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 1);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 3);

	/* ENOENT without O_CREAT; O_CREAT makes an empty file */
	assert_int_equal(pmm_open(sim, pid, "/data/new", RW, 0), -ENOENT);
	assert_int_equal(pmm_open(sim, pid, "/data/new",
				  RW | PMM_O_CREAT | PMM_O_EXCL, 0600), 4);
	assert_int_equal(pmm_read(sim, pid, 4, UBUF, 10), 0);
	assert_int_equal(pmm_pread(sim, pid, 4, UBUF, 10, 0), 0);
	/* it exists now: O_EXCL refuses, plain O_CREAT opens it */
	assert_int_equal(pmm_open(sim, pid, "/data/new",
				  RW | PMM_O_CREAT | PMM_O_EXCL, 0600),
			 -EEXIST);
	assert_int_equal(pmm_open(sim, pid, "/data/f",
				  RO | PMM_O_CREAT | PMM_O_EXCL, 0600),
			 -EEXIST);
	assert_int_equal(pmm_open(sim, pid, "/data/new", RW | PMM_O_CREAT, 0),
			 5);
	/* a file made by pmm_file_create() cannot be made again */
	{
		struct pmm_file_config fc = { .path = "/data/new", .size = 1 };

		assert_int_equal(pmm_file_create(sim, &fc), -EEXIST);
	}
	/* the two descriptors name one file */
	poke(sim, pid, UBUF, "abc", 3);
	assert_int_equal(pmm_write(sim, pid, 4, UBUF, 3), 3);
	poke(sim, pid, UBUF, "\0\0\0", 3);
	assert_int_equal(pmm_read(sim, pid, 5, UBUF, 10), 3);
	{
		char b[3];

		peek(sim, pid, UBUF, b, 3);
		assert_memory_equal(b, "abc", 3);
	}
	/* the name outlives its descriptors: reopened, it has the bytes */
	assert_int_equal(pmm_close(sim, pid, 4), 0);
	assert_int_equal(pmm_close(sim, pid, 5), 0);
	sim_ok(sim);
	assert_int_equal(pmm_open(sim, pid, "/data/new", RO, 0), 4);
	assert_int_equal(pmm_pread(sim, pid, 4, UBUF, 10, 0), 3);
	assert_int_equal(pmm_check(sim, pid, UBUF + 2, 1, 'c', &r), 1);
	assert_int_equal(pmm_close(sim, pid, 4), 0);
	/* and a created file nobody ever holds open again stays too */
	assert_int_equal(pmm_open(sim, pid, "/data/new2", WO | PMM_O_CREAT,
				  0600), 4);
	assert_int_equal(pmm_write(sim, pid, 4, UBUF, 3), 3);
	assert_int_equal(pmm_close(sim, pid, 4), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/new2", RO | PMM_O_CREAT |
				  PMM_O_EXCL, 0600), -EEXIST);
	sim_ok(sim);
}

static void test_fs_open_trunc_sigbus(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;
	uint8_t b[16];
	int fd;

	mkfile(sim, "/data/f", 2 * PG, PMM_CONTENT_SEED, 9, NULL, 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	assert_int_equal(fd, 0);
	map_file(sim, pid, BASE, 2 * PG, PROT_R | PROT_W, MAP_SHARED, fd, 0);
	map_file(sim, pid, BASE + 4 * PG, 2 * PG, PROT_R | PROT_W, MAP_PRIVATE,
		 fd, 0);
	/* fault both in, with a private copy of page 1 */
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_READ, &r), 0);
	assert_int_equal(touch(sim, pid, BASE + PG, PMM_ACCESS_WRITE, &r), 0);
	assert_int_equal(touch(sim, pid, BASE + 4 * PG, PMM_ACCESS_READ, &r),
			 0);
	assert_int_equal(pmm_fill(sim, pid, BASE + 5 * PG, 8, 0x77, &r), 0);

	assert_int_equal(pmm_open(sim, pid, "/data/f", RW | PMM_O_TRUNC, 0), 1);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, sizeof(b), 0), 0);
	/* every page is past the end now: SIGBUS, BUS_ADRERR */
	assert_sigbus(sim, pid, BASE, PMM_ACCESS_READ);
	assert_sigbus(sim, pid, BASE + PG + 9, PMM_ACCESS_WRITE);
	assert_sigbus(sim, pid, BASE + 4 * PG, PMM_ACCESS_READ);
	assert_sigbus(sim, pid, BASE + 5 * PG, PMM_ACCESS_READ);
	/* the mappings stay */
	{
		struct pmm_vma_info vi;

		assert_int_equal(pmm_vma_query(sim, pid, BASE + PG, &vi), 0);
		assert_int_equal(vi.start, BASE);
	}
	/* growing the file again: zeroes, no signal */
	assert_int_equal(pmm_ftruncate(sim, pid, fd, 2 * PG), 0);
	assert_int_equal(pmm_check(sim, pid, BASE, 2 * PG, 0, &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE + 4 * PG, 2 * PG, 0, &r), 1);
	sim_ok(sim);
}

static void test_fs_open_directory_tmpfile_path(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	long nr_vmas;
	int fd;

	mkfile(sim, "/data/f", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	nr_vmas = pmm_vma_count(sim, pid);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO | PMM_O_DIRECTORY, 0),
			 -ENOTDIR);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RW | PMM_O_TMPFILE,
				  0600), -ENOTDIR);
	assert_int_equal(pmm_open(sim, pid, "/data/nodir", RW | PMM_O_TMPFILE,
				  0600), -ENOENT);
	assert_int_equal(pmm_open(sim, pid, "/data/nodir", RO, 0), -ENOENT);
	/* build_open_flags(): O_CREAT | O_DIRECTORY (Linux 6.4), a
	 * read-only O_TMPFILE; before the path is looked at */
	assert_int_equal(pmm_open(sim, pid, "/data/g",
				  RW | PMM_O_CREAT | PMM_O_DIRECTORY, 0600),
			 -EINVAL);
	assert_int_equal(pmm_open(sim, pid, "/data/f",
				  RW | PMM_O_CREAT | PMM_O_DIRECTORY, 0600),
			 -EINVAL);
	assert_int_equal(pmm_open(sim, pid, NULL, RO | PMM_O_TMPFILE, 0600),
			 -EINVAL);
	assert_int_equal(pmm_open(sim, pid, "/data/nodir",
				  RO | PMM_O_TMPFILE, 0600), -EINVAL);
	assert_int_equal(pmm_open(sim, pid, "/data/g", RO, 0), -ENOENT);
	/* no descriptor was used by the refused opens */
	fd = pmm_open(sim, pid, "/data/f", RO | PMM_O_PATH, 0);
	assert_int_equal(fd, 0);
	/* O_PATH: the descriptor exists but reads, writes, mmaps nothing */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 1), -EBADF);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, 0), -EBADF);
	assert_int_equal(pmm_write(sim, pid, fd, UBUF, 1), -EBADF);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, 0), -EBADF);
	assert_int_equal(pmm_mmap(sim, pid, BASE, PG, PROT_R,
				  MAP_PRIVATE | MAP_FIXED, fd, 0), -EBADF);
	assert_int_equal(pmm_mmap(sim, pid, BASE, PG, PROT_R,
				  MAP_SHARED | MAP_FIXED, fd, 0), -EBADF);
	assert_int_equal(pmm_vma_count(sim, pid), nr_vmas);
	/* O_PATH with write access and O_TRUNC asked: still nothing */
	assert_int_equal(pmm_open(sim, pid, "/data/f",
				  RW | PMM_O_TRUNC | PMM_O_PATH, 0), 1);
	assert_int_equal(pmm_write(sim, pid, 1, UBUF, 1), -EBADF);
	assert_int_equal(pmm_ftruncate(sim, pid, 1, 0), -EBADF);
	/* the file kept its size */
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 2);
	assert_int_equal(pmm_pread(sim, pid, 2, UBUF, 2 * PG, 0), (int64_t)PG);
	/* O_PATH does not create */
	assert_int_equal(pmm_open(sim, pid, "/data/h",
				  RW | PMM_O_CREAT | PMM_O_PATH, 0600),
			 -ENOENT);
	assert_int_equal(pmm_close(sim, pid, 0), 0);
	sim_ok(sim);
}

static void test_fs_open_rlimit_nofile_emfile(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_rlimit lim = { 3, 4096 }, old;

	mkfile(sim, "/data/f", PG, PMM_CONTENT_ZERO, 0, NULL, 0);
	assert_int_equal(pmm_prlimit(sim, pid, 0, PMM_RLIMIT_NOFILE, NULL,
				     &old), 0);
	assert_int_equal(old.cur, 1024);
	assert_int_equal(pmm_prlimit(sim, pid, 0, PMM_RLIMIT_NOFILE, &lim,
				     NULL), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), i);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), -EMFILE);
	/* EMFILE before the name is looked at, and before O_CREAT makes it */
	assert_int_equal(pmm_open(sim, pid, "/data/new", RW | PMM_O_CREAT, 0),
			 -EMFILE);
	assert_int_equal(pmm_close(sim, pid, 1), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/new", RO, 0), -ENOENT);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 1);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), -EMFILE);
	/* a lower limit leaves open descriptors alone but refuses new ones */
	lim.cur = 1;
	assert_int_equal(pmm_prlimit(sim, pid, 0, PMM_RLIMIT_NOFILE, &lim,
				     NULL), 0);
	assert_int_equal(pmm_close(sim, pid, 2), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), -EMFILE);
	assert_int_equal(pmm_close(sim, pid, 0), 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 0);
	sim_ok(sim);
}

static void test_fs_open_cloexec_exec(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), child;
	struct pmm_image img = { .name = "/usr/bin/prog", .text = 4 * PG,
				 .data = PG };

	mkfile(sim, "/data/f", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO | PMM_O_CLOEXEC, 0),
			 0);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RO, 0), 1);
	assert_int_equal(pmm_open(sim, pid, "/data/f", RW | PMM_O_CLOEXEC, 0),
			 2);
	assert_int_equal(pmm_open(sim, pid, "/proc/self/maps",
				  RO | PMM_O_CLOEXEC, 0), 3);
	/* the flag survives fork; exec in the child closes the child's */
	assert_int_equal(pmm_fork(sim, pid, &child), 0);
	assert_int_equal(pmm_exec(sim, child, &img), 0);
	map_anon(sim, child, UBUF, PG, PROT_R | PROT_W);
	assert_int_equal(pmm_read(sim, child, 0, UBUF, 1), -EBADF);
	assert_int_equal(pmm_read(sim, child, 1, UBUF, 1), 1);
	assert_int_equal(pmm_read(sim, child, 2, UBUF, 1), -EBADF);
	assert_int_equal(pmm_read(sim, child, 3, UBUF, 1), -EBADF);
	assert_int_equal(pmm_close(sim, child, 0), -EBADF);
	next_fd_is(sim, child, "/data/f", 0);
	/* the parent keeps all four */
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	for (int fd = 0; fd < 4; fd++)
		assert_int_equal(pmm_read(sim, pid, fd, UBUF, 1), 1);
	assert_int_equal(pmm_exec(sim, pid, &img), 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	assert_int_equal(pmm_read(sim, pid, 0, UBUF, 1), -EBADF);
	/* descriptor 1 survived exec with its position: one byte read by
	 * the child and one by the parent, through the one description */
	assert_int_equal(pmm_read(sim, pid, 1, UBUF, 2 * PG),
			 (int64_t)(PG - 2));
	assert_int_equal(pmm_close(sim, pid, 2), -EBADF);
	assert_int_equal(pmm_close(sim, pid, 3), -EBADF);
	sim_ok(sim);
}

static void test_fs_fork_shares_open_file_description(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), child;
	uint8_t all[3 * PG], b[64];
	int fd, other;

	mkfile(sim, "/data/f", 3 * PG, PMM_CONTENT_SEED, 5, NULL, 0);
	map_anon(sim, pid, UBUF, 3 * PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	other = pmm_open(sim, pid, "/data/f", RO, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, all, 3 * PG),
			 (int64_t)(3 * PG));
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 100), 100);
	assert_int_equal(pmm_fork(sim, pid, &child), 0);
	/* the child reads on from 100 and moves the parent's position */
	assert_int_equal(pmm_read(sim, child, fd, UBUF, 50), 50);
	peek(sim, child, UBUF, b, 50);
	assert_memory_equal(b, all + 100, 50);
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 10), 10);
	peek(sim, pid, UBUF, b, 10);
	assert_memory_equal(b, all + 150, 10);
	/* pread moves no one */
	assert_int_equal(pmm_pread(sim, child, fd, UBUF, 20, 1000), 20);
	assert_int_equal(pmm_read(sim, child, fd, UBUF, 4), 4);
	peek(sim, child, UBUF, b, 4);
	assert_memory_equal(b, all + 160, 4);
	/* a separate open has its own position */
	assert_int_equal(pmm_read(sim, child, other, UBUF, 4), 4);
	peek(sim, child, UBUF, b, 4);
	assert_memory_equal(b, all, 4);
	/* a write in the child moves the shared position too */
	poke(sim, child, UBUF, "WXYZ", 4);
	assert_int_equal(pmm_write(sim, child, fd, UBUF, 4), 4);
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 4), 4);
	peek(sim, pid, UBUF, b, 4);
	assert_memory_equal(b, all + 168, 4);
	assert_int_equal(pmm_pread(sim, pid, other, UBUF, 4, 164), 4);
	peek(sim, pid, UBUF, b, 4);
	assert_memory_equal(b, "WXYZ", 4);
	/* closing in the child, or its exit, leaves the parent's open */
	assert_int_equal(pmm_close(sim, child, fd), 0);
	assert_int_equal(pmm_read(sim, child, fd, UBUF, 1), -EBADF);
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 4), 4);
	peek(sim, pid, UBUF, b, 4);
	assert_memory_equal(b, all + 172, 4);
	assert_int_equal(pmm_exit(sim, child, 0), 0);
	assert_int_equal(pmm_read(sim, pid, other, UBUF, 4), 4);
	sim_ok(sim);
}

/* ---- 3. FACS ------------------------------------------------------------- */

#define CORE_R	(PMM_FILE_READ_DATA | PMM_FILE_READ_ATTRIBUTES)

/* Can @pid open @path with @flags? (the descriptor is closed again) */
static int try_open(struct pmm_sim *sim, pmm_pid_t pid, const char *path,
		    uint32_t flags)
{
	int fd = pmm_open(sim, pid, path, flags, 0);

	if (fd >= 0)
		assert_int_equal(pmm_close(sim, pid, fd), 0);
	return fd < 0 ? fd : 0;
}

/* spec 03 §2a: the legacy open's core rights, each needed. */
static void test_fs_spec03_legacy_open_core_rights(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t alice = user_process(sim, "alice", PMM_IL_MEDIUM);
	const struct {
		uint32_t allowed;
		uint32_t flags;
		int want;
	} cases[] = {
		{ CORE_R, RO, 0 },
		{ PMM_FILE_READ_DATA, RO, -EACCES },
		{ PMM_FILE_READ_ATTRIBUTES, RO, -EACCES },
		{ CORE_R, RW, -EACCES },
		{ CORE_R | PMM_FILE_WRITE_DATA, RW, 0 },
		{ PMM_FILE_WRITE_DATA | PMM_FILE_READ_ATTRIBUTES, RW, -EACCES },
		{ PMM_FILE_READ_DATA | PMM_FILE_WRITE_DATA, RW, -EACCES },
		{ PMM_FILE_WRITE_DATA | PMM_FILE_READ_ATTRIBUTES, WO, 0 },
		{ PMM_FILE_WRITE_DATA, WO, -EACCES },
		{ PMM_FILE_APPEND_DATA | PMM_FILE_READ_ATTRIBUTES, WO,
		  -EACCES },
		/* O_APPEND asks for APPEND_DATA, not WRITE_DATA */
		{ PMM_FILE_APPEND_DATA | PMM_FILE_READ_ATTRIBUTES,
		  WO | PMM_O_APPEND, 0 },
		{ PMM_FILE_WRITE_DATA | PMM_FILE_READ_ATTRIBUTES,
		  WO | PMM_O_APPEND, -EACCES },
		{ CORE_R | PMM_FILE_APPEND_DATA, RW | PMM_O_APPEND, 0 },
		/* O_TRUNC asks for WRITE_DATA, whatever the access mode */
		{ CORE_R, RO | PMM_O_TRUNC, -EACCES },
		{ CORE_R | PMM_FILE_WRITE_DATA, RO | PMM_O_TRUNC, 0 },
		{ PMM_FILE_APPEND_DATA | PMM_FILE_READ_ATTRIBUTES,
		  WO | PMM_O_APPEND | PMM_O_TRUNC, -EACCES },
		/* the generic bits map to the file rights */
		{ PMM_FILE_GENERIC_READ, RO, 0 },
		{ PMM_FILE_GENERIC_READ, RW, -EACCES },
		{ PMM_FILE_GENERIC_READ | PMM_FILE_GENERIC_WRITE, RW, 0 },
		{ 0x80000000u /* GENERIC_READ */, RO, 0 },
		{ 0x10000000u /* GENERIC_ALL */, RW | PMM_O_TRUNC, 0 },
		{ 0, RO, -EACCES },
	};
	uint8_t b[8];

	map_anon(sim, alice, UBUF, PG, PROT_R | PROT_W);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pmm_ace ace = { PMM_ACE_ALLOW, "alice",
				       cases[i].allowed };
		char path[32];

		snprintf(path, sizeof(path), "/data/f%zu", i);
		mkfile(sim, path, PG, PMM_CONTENT_SEED, 11, &ace, 1);
		if (try_open(sim, alice, path, cases[i].flags) != cases[i].want)
			fail_msg("case %zu: open(%#o) with %#x gave %d", i,
				 cases[i].flags, cases[i].allowed,
				 try_open(sim, alice, path, cases[i].flags));
		/* a refused O_TRUNC truncated nothing */
		if (cases[i].want && (cases[i].allowed & PMM_FILE_READ_DATA) &&
		    (cases[i].allowed & PMM_FILE_READ_ATTRIBUTES)) {
			int fd = pmm_open(sim, alice, path, RO, 0);

			assert_true(fd >= 0);
			assert_int_equal(pmm_pread(sim, alice, fd, UBUF, 8,
						   PG - 8), 8);
			peek(sim, alice, UBUF, b, 8);
			assert_int_equal(pmm_close(sim, alice, fd), 0);
		}
	}
	/* an empty DACL grants nothing, even to the owner of the process */
	mkfile(sim, "/data/empty", PG, PMM_CONTENT_ZERO, 0,
	       (const struct pmm_ace *)b, 0);
	assert_int_equal(try_open(sim, alice, "/data/empty", RO), -EACCES);
	/* no descriptor leaked from the refusals */
	next_fd_is(sim, alice, "/data/f0", 0);
	sim_ok(sim);
}

static void test_fs_legacy_open_deny_ace_wins(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t alice = user_process(sim, "alice", PMM_IL_MEDIUM);
	pmm_pid_t bob = user_process(sim, "bob", PMM_IL_MEDIUM);
	const struct pmm_ace deny_first[] = {
		{ PMM_ACE_DENY, "alice", PMM_FILE_WRITE_DATA },
		{ PMM_ACE_ALLOW, "Everyone", PMM_FILE_ALL_ACCESS },
	};
	const struct pmm_ace deny_read[] = {
		{ PMM_ACE_DENY, "Everyone", PMM_FILE_READ_ATTRIBUTES },
		{ PMM_ACE_ALLOW, "alice", PMM_FILE_ALL_ACCESS },
	};

	mkfile(sim, "/data/a", PG, PMM_CONTENT_ZERO, 0, deny_first, 2);
	mkfile(sim, "/data/b", PG, PMM_CONTENT_ZERO, 0, deny_read, 2);
	assert_int_equal(try_open(sim, alice, "/data/a", RO), 0);
	assert_int_equal(try_open(sim, alice, "/data/a", RW), -EACCES);
	assert_int_equal(try_open(sim, alice, "/data/a", WO), -EACCES);
	assert_int_equal(try_open(sim, alice, "/data/a", RO | PMM_O_TRUNC),
			 -EACCES);
	/* only WRITE_DATA is denied: appending is allowed */
	assert_int_equal(try_open(sim, alice, "/data/a", WO | PMM_O_APPEND), 0);
	assert_int_equal(try_open(sim, bob, "/data/a", RW), 0);
	/* a deny of a right every open asks for refuses every open */
	assert_int_equal(try_open(sim, alice, "/data/b", RO), -EACCES);
	assert_int_equal(try_open(sim, alice, "/data/b", WO | PMM_O_APPEND),
			 -EACCES);
	assert_int_equal(try_open(sim, bob, "/data/b", RO), -EACCES);
	sim_ok(sim);
}

/*
 * spec 02 §9, rules 17, 18, 19, 21: mmap and mprotect of a descriptor are
 * checked against the mask granted at open.  @peios says what the profile
 * decides: in linux only f_mode counts (facs_use_time 0).
 */
static void mmap_table(struct pmm_sim *sim, bool peios)
{
	pmm_pid_t alice = user_process(sim, "alice", PMM_IL_MEDIUM);
	const int facs = peios ? -EACCES : 0;
	const struct pmm_ace append_only[] = {
		{ PMM_ACE_ALLOW, "alice",
		  CORE_R | PMM_FILE_APPEND_DATA | PMM_FILE_EXECUTE },
	};
	const struct pmm_ace no_read[] = {
		{ PMM_ACE_ALLOW, "alice", PMM_FILE_READ_ATTRIBUTES |
		  PMM_FILE_WRITE_DATA | PMM_FILE_APPEND_DATA },
	};
	const struct pmm_ace no_exec[] = {
		{ PMM_ACE_ALLOW, "alice", PMM_FILE_GENERIC_READ |
		  PMM_FILE_GENERIC_WRITE },
	};
	const struct pmm_ace exec[] = {
		{ PMM_ACE_ALLOW, "alice", CORE_R | PMM_FILE_EXECUTE },
	};
	struct pmm_file_config fc = {
		.path = "/data/noexec", .size = 4 * PG, .mode = 0755,
		.aces = no_exec, .nr_aces = 1,
	};
	char before[8192], after[8192];
	int app, nr, nx, ex, ro;

	mkfile(sim, "/data/append", 4 * PG, PMM_CONTENT_SEED, 1, append_only,
	       1);
	mkfile(sim, "/data/noread", 4 * PG, PMM_CONTENT_SEED, 1, no_read, 1);
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	fc.path = "/data/exec";
	fc.mode = 0600;
	fc.aces = exec;
	assert_int_equal(pmm_file_create(sim, &fc), 0);

	app = pmm_open(sim, alice, "/data/append", RW | PMM_O_APPEND, 0);
	nr = pmm_open(sim, alice, "/data/noread", WO, 0);
	nx = pmm_open(sim, alice, "/data/noexec", RW, 0);
	ex = pmm_open(sim, alice, "/data/exec", RO, 0);
	ro = pmm_open(sim, alice, "/data/append", RO, 0);
	assert_true(app >= 0 && nr >= 0 && nx >= 0 && ex >= 0 && ro >= 0);
	maps_of(sim, alice, before, sizeof(before));

	/* rule 17: PROT_READ needs FILE_READ_DATA; so does the VFS (an
	 * O_WRONLY descriptor), in both profiles */
	assert_int_equal(pmm_mmap(sim, alice, BASE, PG, PROT_R,
				  MAP_SHARED | MAP_FIXED, nr, 0), -EACCES);
	assert_int_equal(pmm_mmap(sim, alice, BASE, PG, PROT_R,
				  MAP_PRIVATE | MAP_FIXED, nr, 0), -EACCES);
	/* rule 18: APPEND_DATA is not WRITE_DATA for a shared writable
	 * mapping; a private one is copy-on-write and reads only */
	assert_int_equal(pmm_mmap(sim, alice, BASE, PG, PROT_R | PROT_W,
				  MAP_SHARED | MAP_FIXED, app, 0),
			 peios ? -EACCES : (int64_t)BASE);
	if (!peios)
		assert_int_equal(pmm_munmap(sim, alice, BASE, PG), 0);
	maps_of(sim, alice, after, sizeof(after));
	assert_string_equal(before, after);
	map_file(sim, alice, BASE, PG, PROT_R | PROT_W, MAP_PRIVATE, app, 0);
	/* rule 19: PROT_EXEC needs FILE_EXECUTE; the mode's x bits do not
	 * count either way */
	assert_int_equal(pmm_mmap(sim, alice, BASE + PG, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, nx, 0),
			 peios ? -EACCES : (int64_t)(BASE + PG));
	if (!peios)
		assert_int_equal(pmm_munmap(sim, alice, BASE + PG, PG), 0);
	map_file(sim, alice, BASE + PG, PG, PROT_R | PROT_X, MAP_PRIVATE, ex,
		 0);
	/* a shared writable mapping of a read-only descriptor: the VFS */
	assert_int_equal(pmm_mmap(sim, alice, BASE + 2 * PG, PG,
				  PROT_R | PROT_W, MAP_SHARED | MAP_FIXED, ro,
				  0), -EACCES);
	/* rule 21: mprotect checks the bits asked for anew */
	map_file(sim, alice, BASE + 2 * PG, PG, PROT_R, MAP_SHARED, app, 0);
	map_file(sim, alice, BASE + 3 * PG, PG, PROT_R, MAP_SHARED, ro, 0);
	map_file(sim, alice, BASE + 4 * PG, PG, PROT_R, MAP_PRIVATE, nx, 0);
	map_file(sim, alice, BASE + 5 * PG, PG, PROT_R, MAP_SHARED, nx, 0);
	maps_of(sim, alice, before, sizeof(before));
	assert_int_equal(pmm_mprotect(sim, alice, BASE + 2 * PG, PG,
				      PROT_R | PROT_W), facs);
	/* no VM_MAYWRITE: refused in every profile */
	assert_int_equal(pmm_mprotect(sim, alice, BASE + 3 * PG, PG,
				      PROT_R | PROT_W), -EACCES);
	assert_int_equal(pmm_mprotect(sim, alice, BASE + 4 * PG, PG,
				      PROT_R | PROT_X), facs);
	if (peios) {
		maps_of(sim, alice, after, sizeof(after));
		assert_string_equal(before, after);
	}
	/* what the descriptor was granted, mprotect may ask for */
	assert_int_equal(pmm_mprotect(sim, alice, BASE + 5 * PG, PG,
				      PROT_R | PROT_W), 0);
	assert_int_equal(pmm_mprotect(sim, alice, BASE + 4 * PG, PG,
				      PROT_R | PROT_W), 0);
	assert_int_equal(pmm_mprotect(sim, alice, BASE + PG, PG, PROT_R), 0);
	assert_int_equal(pmm_mprotect(sim, alice, BASE + PG, PG,
				      PROT_R | PROT_X), 0);
	/* ftruncate: the size is data (spec 03 §2a) */
	assert_int_equal(pmm_ftruncate(sim, alice, app, 4 * PG), facs);
	assert_int_equal(pmm_ftruncate(sim, alice, nx, 4 * PG), 0);
	sim_ok(sim);
}

static void test_fs_spec02_rules17_21_mmap_granted_mask(void **state)
{
	mmap_table(*state, true);
}

static void test_fs_spec02_rules17_21_linux_checks_f_mode(void **state)
{
	mmap_table(*state, false);
}

/* spec 02 rule 6: code loaded from a file is never writable: WXP lets it. */
static void test_fs_spec02_rule6_wxp_file_exec(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	int fd;

	mkfile(sim, "/usr/lib/libc.so", 2 * PG, PMM_CONTENT_SEED, 2, NULL, 0);
	assert_int_equal(pmm_set_mitigations(sim, pid, 0, PMM_MIT_WXP), 0);
	fd = pmm_open(sim, pid, "/usr/lib/libc.so", RO, 0);
	assert_int_equal(fd, 0);
	map_file(sim, pid, BASE, 2 * PG, PROT_R | PROT_X, MAP_PRIVATE, fd, 0);
	assert_int_equal(pmm_mmap(sim, pid, BASE + 4 * PG, PG,
				  PROT_R | PROT_W | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, fd, 0), -EACCES);
	assert_int_equal(pmm_mprotect(sim, pid, BASE, PG, PROT_R | PROT_W),
			 -EACCES);
	sim_ok(sim);
}

/* spec 02 rule 20: the granted mask is a snapshot taken at open. */
static void test_fs_spec02_rule20_snapshot(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t alice = user_process(sim, "alice", PMM_IL_MEDIUM), child;
	const struct pmm_ace read_only[] = {
		{ PMM_ACE_ALLOW, "alice", PMM_FILE_GENERIC_READ | 0x00040000u },
	};
	struct pmm_access_result r;
	int fd;

	mkfile(sim, "/data/f", 2 * PG, PMM_CONTENT_SEED, 4, acl_alice_all, 1);
	map_anon(sim, alice, UBUF, PG, PROT_R | PROT_W);
	fd = pmm_open(sim, alice, "/data/f", RW, 0);
	assert_int_equal(fd, 0);
	/* alice keeps WRITE_DAC (0x40000) but nothing else to write with */
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", read_only, 1),
			 0);
	assert_int_equal(try_open(sim, alice, "/data/f", RW), -EACCES);
	assert_int_equal(try_open(sim, alice, "/data/f", RO | PMM_O_TRUNC),
			 -EACCES);
	assert_int_equal(try_open(sim, alice, "/data/f", RO), 0);
	/* the descriptor opened before still maps and writes */
	map_file(sim, alice, BASE, 2 * PG, PROT_R | PROT_W, MAP_SHARED, fd, 0);
	assert_int_equal(pmm_mprotect(sim, alice, BASE, PG, PROT_R), 0);
	assert_int_equal(pmm_mprotect(sim, alice, BASE, PG, PROT_R | PROT_W),
			 0);
	assert_int_equal(pmm_fill(sim, alice, BASE, 4, 0x42, &r), 0);
	assert_int_equal(r.status, 0);
	poke(sim, alice, UBUF, "q", 1);
	assert_int_equal(pmm_pwrite(sim, alice, fd, UBUF, 1, 10), 1);
	assert_int_equal(pmm_ftruncate(sim, alice, fd, 2 * PG), 0);
	/* and so does a child's copy of it */
	assert_int_equal(pmm_fork(sim, alice, &child), 0);
	map_file(sim, child, BASE + 4 * PG, PG, PROT_R | PROT_W, MAP_SHARED,
		 fd, 0);
	assert_int_equal(pmm_check(sim, child, BASE + 4 * PG, 4, 0x42, &r), 1);
	/* an empty DACL is a DACL: a new open is refused */
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", NULL, 0), 0);
	assert_int_equal(try_open(sim, alice, "/data/f", RO), -EACCES);
	assert_int_equal(pmm_mprotect(sim, child, BASE + 4 * PG, PG, PROT_R),
			 0);
	assert_int_equal(pmm_mprotect(sim, child, BASE + 4 * PG, PG,
				      PROT_R | PROT_W), 0);
	sim_ok(sim);
}

static void test_fs_set_dacl_needs_write_dac(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t alice = user_process(sim, "alice", PMM_IL_MEDIUM);
	pmm_pid_t bob = user_process(sim, "bob", PMM_IL_MEDIUM);
	const struct pmm_ace acl[] = {
		{ PMM_ACE_ALLOW, "alice", PMM_FILE_ALL_ACCESS },
		{ PMM_ACE_ALLOW, "bob", PMM_FILE_GENERIC_READ |
		  PMM_FILE_GENERIC_WRITE },
	};
	const struct pmm_ace bob_all[] = {
		{ PMM_ACE_ALLOW, "bob", PMM_FILE_ALL_ACCESS },
	};

	mkfile(sim, "/data/f", PG, PMM_CONTENT_ZERO, 0, acl, 2);
	/* bob may read and write the data, not the DACL */
	assert_int_equal(try_open(sim, bob, "/data/f", RW), 0);
	assert_int_equal(pmm_file_set_dacl(sim, bob, "/data/f", bob_all, 1),
			 -EACCES);
	assert_int_equal(try_open(sim, alice, "/data/f", RW), 0);
	/* alice may; then bob holds everything and alice nothing */
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", bob_all, 1),
			 0);
	assert_int_equal(try_open(sim, alice, "/data/f", RO), -EACCES);
	assert_int_equal(pmm_file_set_dacl(sim, alice, "/data/f", acl, 2),
			 -EACCES);
	assert_int_equal(pmm_file_set_dacl(sim, bob, "/data/f", acl, 2), 0);
	assert_int_equal(try_open(sim, alice, "/data/f", RW), 0);
	sim_ok(sim);
}

/* ---- 4. TLP and LSV ------------------------------------------------------ */

/* spec 02 rule 22, §6.1: TLP. */
static void test_fs_spec02_rule22_tlp(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), plain = fx_process(sim, NULL);
	const char *home[] = { "/home/u", "/srv" };
	int in, out, near;

	mkfile(sim, "/usr/lib/libok.so", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	mkfile(sim, "/home/u/x.so", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	mkfile(sim, "/usr/libx/y.so", PG, PMM_CONTENT_SEED, 1, NULL, 0);
	assert_int_equal(pmm_set_mitigations(sim, pid, 0, PMM_MIT_TLP), 0);
	in = pmm_open(sim, pid, "/usr/lib/libok.so", RO, 0);
	out = pmm_open(sim, pid, "/home/u/x.so", RO, 0);
	near = pmm_open(sim, pid, "/usr/libx/y.so", RO, 0);
	assert_true(in >= 0 && out >= 0 && near >= 0);

	map_file(sim, pid, BASE, PG, PROT_R | PROT_X, MAP_PRIVATE, in, 0);
	assert_int_equal(pmm_mmap(sim, pid, BASE + PG, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, out, 0), -EACCES);
	assert_int_equal(pmm_mmap(sim, pid, BASE + PG, PG, PROT_X,
				  MAP_SHARED | MAP_FIXED, out, 0), -EACCES);
	/* a prefix matches whole path components only */
	assert_int_equal(pmm_mmap(sim, pid, BASE + PG, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, near, 0), -EACCES);
	/* no execution asked: TLP does not look */
	map_file(sim, pid, BASE + PG, PG, PROT_R, MAP_PRIVATE, out, 0);
	/* mprotect gaining execution is checked too */
	assert_int_equal(pmm_mprotect(sim, pid, BASE + PG, PG, PROT_R | PROT_X),
			 -EACCES);
	/* anonymous memory is not TLP's business */
	map_anon(sim, pid, BASE + 2 * PG, PG, PROT_R | PROT_X);
	/* another process without TLP maps it */
	assert_int_equal(pmm_open(sim, plain, "/home/u/x.so", RO, 0), 0);
	map_file(sim, plain, BASE, PG, PROT_R | PROT_X, MAP_PRIVATE, 0, 0);

	/* a new list: /home/u yes, /usr/lib no longer */
	assert_int_equal(pmm_set_tlp_prefixes(sim, home, 2), 0);
	assert_int_equal(pmm_mprotect(sim, pid, BASE + PG, PG, PROT_R | PROT_X),
			 0);
	map_file(sim, pid, BASE + 3 * PG, PG, PROT_R | PROT_X, MAP_PRIVATE,
		 out, 0);
	assert_int_equal(pmm_mmap(sim, pid, BASE + 4 * PG, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, in, 0), -EACCES);
	/* an existing executable mapping stays; re-asking what it has
	 * gains nothing and is not checked */
	assert_int_equal(pmm_mprotect(sim, pid, BASE, PG, PROT_R | PROT_X), 0);
	assert_int_equal(pmm_mprotect(sim, pid, BASE, PG, PROT_R), 0);
	assert_int_equal(pmm_mprotect(sim, pid, BASE, PG, PROT_R | PROT_X),
			 -EACCES);
	/* an empty list approves nothing */
	assert_int_equal(pmm_set_tlp_prefixes(sim, NULL, 0), 0);
	assert_int_equal(pmm_mmap(sim, pid, BASE + 4 * PG, PG, PROT_R | PROT_X,
				  MAP_PRIVATE | MAP_FIXED, out, 0), -EACCES);
	sim_ok(sim);
}

/* spec 02 rule 22, §6.1: LSV against the process's pip_trust. */
static void test_fs_spec02_rule22_lsv(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_process_config pc;
	struct pmm_file_config fc = { .size = PG, .content = PMM_CONTENT_SEED };
	const struct {
		const char *path;
		bool signed_;
		uint32_t trust;
		int64_t want;
	} files[] = {
		{ "/usr/lib/unsigned.so", false, 0, -EACCES },
		{ "/usr/lib/low.so", true, 99, -EACCES },
		{ "/usr/lib/equal.so", true, 100, 0 },
		{ "/usr/lib/high.so", true, 5000, 0 },
	};
	pmm_pid_t pid;

	pmm_process_config_init(&pc);
	pc.pip_trust = 100;
	assert_int_equal(pmm_process_create(sim, &pc, &pid), 0);
	assert_int_equal(pmm_set_mitigations(sim, pid, 0, PMM_MIT_LSV), 0);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		uint64_t a = BASE + 2 * i * PG;
		int fd;

		fc.path = files[i].path;
		fc.signed_ = files[i].signed_;
		fc.sig_trust = files[i].trust;
		assert_int_equal(pmm_file_create(sim, &fc), 0);
		fd = pmm_open(sim, pid, files[i].path, RO, 0);
		assert_true(fd >= 0);
		assert_int_equal(pmm_mmap(sim, pid, a, PG, PROT_R | PROT_X,
					  MAP_PRIVATE | MAP_FIXED, fd, 0),
				 files[i].want ? files[i].want : (int64_t)a);
		/* reading is always allowed; gaining execution is checked */
		map_file(sim, pid, a + PG, PG, PROT_R, MAP_PRIVATE, fd, 0);
		assert_int_equal(pmm_mprotect(sim, pid, a + PG, PG,
					      PROT_R | PROT_X),
				 (int)files[i].want);
	}
	/* LSV leaves anonymous memory alone */
	map_anon(sim, pid, HOLE, PG, PROT_R | PROT_X);
	/* a file's signature trust is not the only way to fail: with both
	 * TLP and LSV, a signed file outside the prefixes is refused */
	fc.path = "/opt/signed.so";
	fc.signed_ = true;
	fc.sig_trust = 1000;
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	assert_int_equal(pmm_set_mitigations(sim, pid, 0, PMM_MIT_TLP), 0);
	{
		int fd = pmm_open(sim, pid, "/opt/signed.so", RO, 0);

		assert_true(fd >= 0);
		assert_int_equal(pmm_mmap(sim, pid, BASE + 20 * PG, PG,
					  PROT_R | PROT_X,
					  MAP_PRIVATE | MAP_FIXED, fd, 0),
				 -EACCES);
	}
	sim_ok(sim);
}

/* ---- 5. page content through the page cache ------------------------------ */

static void test_fs_pwrite_seen_by_shared_mapping(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	uint8_t b[16];
	int fd;

	mkfile(sim, "/data/f", 2 * PG, PMM_CONTENT_ZERO, 0, NULL, 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	/* written before the mapping exists, across the page boundary */
	file_put(sim, pid, fd, PG - 3, "hello", 5);
	map_file(sim, pid, BASE, 2 * PG, PROT_R, MAP_SHARED, fd, 0);
	peek(sim, pid, BASE + PG - 3, b, 5);
	assert_memory_equal(b, "hello", 5);
	/* written after the page is mapped */
	file_put(sim, pid, fd, 100, "world", 5);
	peek(sim, pid, BASE + 100, b, 5);
	assert_memory_equal(b, "world", 5);
	/* write(2) at the position, then the position moved */
	poke(sim, pid, UBUF, "ab", 2);
	assert_int_equal(pmm_write(sim, pid, fd, UBUF, 2), 2);
	assert_int_equal(pmm_write(sim, pid, fd, UBUF, 2), 2);
	peek(sim, pid, BASE, b, 5);
	assert_memory_equal(b, "abab", 5);
	sim_ok(sim);
}

static void test_fs_shared_store_seen_by_pread_and_other_process(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), b = fx_process(sim, NULL);
	struct pmm_access_result r;
	uint8_t buf[16];
	int fa, fb;

	mkfile(sim, "/data/f", 4 * PG, PMM_CONTENT_SEED, 8, NULL, 0);
	map_anon(sim, a, UBUF, PG, PROT_R | PROT_W);
	map_anon(sim, b, UBUF, PG, PROT_R | PROT_W);
	fa = pmm_open(sim, a, "/data/f", RW, 0);
	fb = pmm_open(sim, b, "/data/f", RW, 0);
	map_file(sim, a, BASE, 4 * PG, PROT_R | PROT_W, MAP_SHARED, fa, 0);
	/* b maps at another address and offset */
	map_file(sim, b, BASE + 16 * PG, 2 * PG, PROT_R | PROT_W, MAP_SHARED,
		 fb, 2 * PG);
	assert_int_equal(pmm_fill(sim, a, BASE + 2 * PG + 7, 9, 0xab, &r), 0);
	assert_int_equal(r.status, 0);
	assert_int_equal(pmm_pread(sim, a, fa, UBUF, 9, 2 * PG + 7), 9);
	peek(sim, a, UBUF, buf, 9);
	assert_true(all_bytes(buf, 9, 0xab));
	assert_int_equal(pmm_pread(sim, b, fb, UBUF, 9, 2 * PG + 7), 9);
	assert_int_equal(pmm_check(sim, b, UBUF, 9, 0xab, &r), 1);
	assert_int_equal(pmm_check(sim, b, BASE + 16 * PG + 7, 9, 0xab, &r), 1);
	/* and back: b's store, a's load */
	assert_int_equal(pmm_fill(sim, b, BASE + 17 * PG, 3, 0xcd, &r), 0);
	assert_int_equal(pmm_check(sim, a, BASE + 3 * PG, 3, 0xcd, &r), 1);
	/* nothing lost when every process has gone but the file stays */
	assert_int_equal(pmm_exit(sim, a, 0), 0);
	assert_int_equal(pmm_munmap(sim, b, BASE + 16 * PG, 2 * PG), 0);
	assert_int_equal(pmm_pread(sim, b, fb, UBUF, 3, 3 * PG), 3);
	assert_int_equal(pmm_check(sim, b, UBUF, 3, 0xcd, &r), 1);
	assert_int_equal(pmm_close(sim, b, fb), 0);
	assert_int_equal(pmm_exit(sim, b, 0), 0);
	{
		pmm_pid_t c = fx_process(sim, NULL);
		int fc = pmm_open(sim, c, "/data/f", RO, 0);

		map_file(sim, c, BASE, 4 * PG, PROT_R, MAP_SHARED, fc, 0);
		assert_int_equal(pmm_check(sim, c, BASE + 2 * PG + 7, 9, 0xab,
					   &r), 1);
		assert_int_equal(pmm_check(sim, c, BASE + 3 * PG, 3, 0xcd,
					   &r), 1);
	}
	sim_ok(sim);
}

static void test_fs_private_store_not_seen(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), other = fx_process(sim, NULL);
	struct pmm_access_result r;
	uint8_t orig[PG], now[PG];
	int fd, fo;

	mkfile(sim, "/data/f", 2 * PG, PMM_CONTENT_SEED, 6, NULL, 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	fo = pmm_open(sim, other, "/data/f", RO, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, orig, PG), (int64_t)PG);
	map_file(sim, pid, BASE, 2 * PG, PROT_R | PROT_W, MAP_PRIVATE, fd, 0);
	map_file(sim, pid, BASE + 4 * PG, 2 * PG, PROT_R, MAP_SHARED, fd, 0);
	map_file(sim, other, BASE, PG, PROT_R, MAP_SHARED, fo, 0);
	/* read first (the page cache page is mapped), then store */
	peek(sim, pid, BASE, now, PG);
	assert_memory_equal(orig, now, PG);
	assert_int_equal(pmm_fill(sim, pid, BASE + 10, 20, 0xee, &r), 0);
	assert_int_equal(pmm_check(sim, pid, BASE + 10, 20, 0xee, &r), 1);
	assert_int_equal(file_bytes(sim, pid, fd, 0, now, PG), (int64_t)PG);
	assert_memory_equal(orig, now, PG);
	peek(sim, pid, BASE + 4 * PG, now, PG);
	assert_memory_equal(orig, now, PG);
	peek(sim, other, BASE, now, PG);
	assert_memory_equal(orig, now, PG);
	/* a later pwrite changes the file, not the private copy */
	file_put(sim, pid, fd, 10, "zz", 2);
	assert_int_equal(pmm_check(sim, pid, BASE + 10, 2, 0xee, &r), 1);
	assert_int_equal(pmm_check(sim, other, BASE + 10, 1, 'z', &r), 1);
	/* but an untouched private page still reads the page cache */
	file_put(sim, pid, fd, PG + 1, "yy", 2);
	assert_int_equal(pmm_check(sim, pid, BASE + PG + 1, 2, 'y', &r), 1);
	sim_ok(sim);
}

static void test_fs_bulk_content_by_seed(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	static uint8_t s7a[3 * PG], s7b[3 * PG], s8[3 * PG], z[3 * PG];
	static uint8_t r1[3 * PG], r2[3 * PG];
	struct pmm_file_config fc = { .path = "/data/r1", .size = 3 * PG,
				      .content = PMM_CONTENT_RANDOM };
	int fd;

	mkfile(sim, "/data/s7a", 3 * PG, PMM_CONTENT_SEED, 7, NULL, 0);
	mkfile(sim, "/data/s7b", 3 * PG, PMM_CONTENT_SEED, 7, NULL, 0);
	mkfile(sim, "/data/s8", 3 * PG, PMM_CONTENT_SEED, 8, NULL, 0);
	mkfile(sim, "/data/z", 3 * PG, PMM_CONTENT_ZERO, 7, NULL, 0);
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	fc.path = "/data/r2";
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	map_anon(sim, pid, UBUF, 3 * PG, PROT_R | PROT_W);

	/* one by pread, one through a mapping: the same bytes */
	fd = pmm_open(sim, pid, "/data/s7a", RO, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, s7a, 3 * PG),
			 (int64_t)(3 * PG));
	fd = pmm_open(sim, pid, "/data/s7b", RO, 0);
	map_file(sim, pid, BASE, 3 * PG, PROT_R, MAP_PRIVATE, fd, 0);
	peek(sim, pid, BASE, s7b, 3 * PG);
	fd = pmm_open(sim, pid, "/data/s8", RO, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, s8, 3 * PG),
			 (int64_t)(3 * PG));
	fd = pmm_open(sim, pid, "/data/z", RO, 0);
	map_file(sim, pid, BASE + 4 * PG, 3 * PG, PROT_R, MAP_SHARED, fd, 0);
	peek(sim, pid, BASE + 4 * PG, z, 3 * PG);
	fd = pmm_open(sim, pid, "/data/r1", RO, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, r1, 3 * PG),
			 (int64_t)(3 * PG));
	fd = pmm_open(sim, pid, "/data/r2", RO, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, r2, 3 * PG),
			 (int64_t)(3 * PG));

	assert_memory_equal(s7a, s7b, 3 * PG);
	for (int p = 0; p < 3; p++) {
		/* each page holds content, different from page to page */
		assert_false(all_bytes(s7a + p * PG, PG, 0));
		assert_memory_not_equal(s7a + p * PG, s8 + p * PG, PG);
		assert_memory_not_equal(r1 + p * PG, r2 + p * PG, PG);
		assert_memory_not_equal(r1 + p * PG, s7a + p * PG, PG);
	}
	assert_memory_not_equal(s7a, s7a + PG, PG);
	assert_true(all_bytes(z, 3 * PG, 0));
	sim_ok(sim);
}

/* The tail of the last page past i_size reads zero; past it, SIGBUS. */
static void test_fs_tail_past_i_size(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	static uint8_t b[2 * PG];
	int fd;

	mkfile(sim, "/data/f", PG + 100, PMM_CONTENT_SEED, 12, NULL, 0);
	map_anon(sim, pid, UBUF, 2 * PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RO, 0);
	map_file(sim, pid, BASE, 4 * PG, PROT_R, MAP_SHARED, fd, 0);
	peek(sim, pid, BASE, b, 2 * PG);
	assert_false(all_bytes(b + PG, 100, 0));
	assert_true(all_bytes(b + PG + 100, PG - 100, 0));
	assert_sigbus(sim, pid, BASE + 2 * PG, PMM_ACCESS_READ);
	assert_sigbus(sim, pid, BASE + 3 * PG + 17, PMM_ACCESS_READ);
	/* read stops at i_size */
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 2 * PG, 0),
			 (int64_t)(PG + 100));
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 2 * PG, PG + 99), 1);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 2 * PG, PG + 100), 0);
	/* rw_verify_area(): pos + count past the largest offset is EINVAL */
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, INT64_MAX), -EINVAL);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, INT64_MAX - 1), 0);
	sim_ok(sim);
}

static void test_fs_ftruncate_shrink_and_extend(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), child;
	static uint8_t orig[3 * PG], b[3 * PG];
	struct pmm_access_result r;
	int fd;

	mkfile(sim, "/data/f", 3 * PG, PMM_CONTENT_SEED, 13, NULL, 0);
	map_anon(sim, pid, UBUF, 3 * PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, orig, 3 * PG),
			 (int64_t)(3 * PG));
	/*
	 * BASE        shared, 3 pages, all faulted in
	 * BASE + 4PG  private, 3 pages: a private copy of pages 0 and 2,
	 *             page 1 read only
	 */
	map_file(sim, pid, BASE, 3 * PG, PROT_R | PROT_W, MAP_SHARED, fd, 0);
	map_file(sim, pid, BASE + 4 * PG, 3 * PG, PROT_R | PROT_W, MAP_PRIVATE,
		 fd, 0);
	peek(sim, pid, BASE, b, 3 * PG);
	assert_int_equal(pmm_fill(sim, pid, BASE + 4 * PG, 8, 0x61, &r), 0);
	peek(sim, pid, BASE + 5 * PG, b, PG);
	assert_int_equal(pmm_fill(sim, pid, BASE + 6 * PG, 8, 0x62, &r), 0);
	/* a forked child holds the private copies too */
	assert_int_equal(pmm_fork(sim, pid, &child), 0);

	assert_int_equal(pmm_ftruncate(sim, pid, fd, PG + 50), 0);
	/* past the new end: SIGBUS, in the private copy too */
	assert_sigbus(sim, pid, BASE + 2 * PG, PMM_ACCESS_READ);
	assert_sigbus(sim, pid, BASE + 6 * PG, PMM_ACCESS_READ);
	assert_sigbus(sim, pid, BASE + 6 * PG, PMM_ACCESS_WRITE);
	assert_sigbus(sim, child, BASE + 6 * PG + 1, PMM_ACCESS_READ);
	assert_sigbus(sim, child, BASE + 2 * PG, PMM_ACCESS_READ);
	/* before it: the head of the last page kept, its tail zero */
	peek(sim, pid, BASE + PG, b, PG);
	assert_memory_equal(b, orig + PG, 50);
	assert_true(all_bytes(b + 50, PG - 50, 0));
	peek(sim, pid, BASE + 5 * PG, b, PG);
	assert_memory_equal(b, orig + PG, 50);
	assert_true(all_bytes(b + 50, PG - 50, 0));
	/* a private copy wholly before the end stays */
	assert_int_equal(pmm_check(sim, pid, BASE + 4 * PG, 8, 0x61, &r), 1);
	assert_int_equal(pmm_check(sim, child, BASE + 4 * PG, 8, 0x61, &r), 1);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 3 * PG, 0),
			 (int64_t)(PG + 50));

	/* re-extending: zeroes where the data was */
	assert_int_equal(pmm_ftruncate(sim, pid, fd, 3 * PG), 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, b, 3 * PG),
			 (int64_t)(3 * PG));
	assert_memory_equal(b, orig, PG + 50);
	assert_true(all_bytes(b + PG + 50, 2 * PG - 50, 0));
	assert_int_equal(pmm_check(sim, pid, BASE + PG + 50, 2 * PG - 50, 0,
				   &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE + 6 * PG, PG, 0, &r), 1);
	assert_int_equal(pmm_check(sim, child, BASE + 6 * PG, PG, 0, &r), 1);
	/* to a page boundary and to zero */
	assert_int_equal(pmm_ftruncate(sim, pid, fd, PG), 0);
	assert_sigbus(sim, pid, BASE + PG, PMM_ACCESS_READ);
	peek(sim, pid, BASE, b, PG);
	assert_memory_equal(b, orig, PG);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, 0), 0);
	assert_sigbus(sim, pid, BASE, PMM_ACCESS_READ);
	/* now the private copy of page 0 lies past the end too */
	assert_sigbus(sim, pid, BASE + 4 * PG + 1, PMM_ACCESS_READ);
	assert_sigbus(sim, child, BASE + 4 * PG, PMM_ACCESS_READ);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 1, 0), 0);
	sim_ok(sim);
}

static void test_fs_write_past_end_extends(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	static uint8_t b[4 * PG];
	struct pmm_access_result r;
	int fd, ap;

	mkfile(sim, "/data/f", 100, PMM_CONTENT_SEED, 14, NULL, 0);
	map_anon(sim, pid, UBUF, 4 * PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	map_file(sim, pid, BASE, 4 * PG, PROT_R, MAP_SHARED, fd, 0);
	assert_sigbus(sim, pid, BASE + 3 * PG, PMM_ACCESS_READ);
	file_put(sim, pid, fd, 3 * PG + 5, "xyz", 3);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 4 * PG, 0),
			 (int64_t)(3 * PG + 8));
	peek(sim, pid, UBUF, b, 3 * PG + 8);
	assert_false(all_bytes(b, 100, 0));
	assert_true(all_bytes(b + 100, 3 * PG + 5 - 100, 0));
	assert_memory_equal(b + 3 * PG + 5, "xyz", 3);
	/* the mapping sees the new page now */
	assert_int_equal(pmm_check(sim, pid, BASE + 3 * PG + 5, 1, 'x', &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE + 3 * PG + 8, PG - 8, 0, &r),
			 1);
	/* O_APPEND writes at the end, pwrite's offset notwithstanding */
	ap = pmm_open(sim, pid, "/data/f", WO | PMM_O_APPEND, 0);
	poke(sim, pid, UBUF, "AB", 2);
	assert_int_equal(pmm_write(sim, pid, ap, UBUF, 2), 2);
	assert_int_equal(pmm_pwrite(sim, pid, ap, UBUF, 1, 0), 1);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 8, 3 * PG + 5), 6);
	peek(sim, pid, UBUF, b, 6);
	assert_memory_equal(b, "xyzABA", 6);
	sim_ok(sim);
}

/*
 * The largest file the file system holds (PMM_FILE_MAX_SIZE): its last
 * page is as good as its first; past it writes and ftruncate fail with
 * EFBIG and mappings raise SIGBUS (the page cache must never be asked for
 * a page it cannot index: that was an OOM kill of the faulting process).
 */
static void test_fs_max_file_size(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	const uint64_t max = PMM_FILE_MAX_SIZE;
	struct pmm_file_config fc = {
		.path = "/data/big", .size = max + 1,
		.content = PMM_CONTENT_SEED, .seed = 3,
		.aces = acl_everyone_all, .nr_aces = 1,
	};
	struct pmm_access_result r;
	uint8_t b[8], m[8];
	int fd, code;

	assert_int_equal(pmm_file_create(sim, &fc), -EINVAL);
	fc.size = max;
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/big", RW, 0);
	assert_int_equal(fd, 0);
	/* the last page reads its content by pread and through a mapping */
	assert_int_equal(file_bytes(sim, pid, fd, (int64_t)max - 8, b, 8), 8);
	map_file(sim, pid, BASE, 2 * PG, PROT_R, MAP_SHARED, fd, max - PG);
	peek(sim, pid, BASE + PG - 8, m, 8);
	assert_memory_equal(b, m, 8);
	assert_false(all_bytes(m, 8, 0));
	/* one page further: SIGBUS, and the process lives on */
	assert_sigbus(sim, pid, BASE + PG, PMM_ACCESS_READ);
	assert_int_equal(pmm_process_state(sim, pid, &code), PMM_PROC_ALIVE);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 8, (int64_t)max), 0);
	/* writes stop at the limit */
	poke(sim, pid, UBUF, "abcd", 4);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, 4, (int64_t)max - 2),
			 2);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, 4, (int64_t)max),
			 -EFBIG);
	/* rw_verify_area() comes before the size limit */
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, 4, INT64_MAX), -EINVAL);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF, 4, INT64_MAX - 4),
			 -EFBIG);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, (int64_t)max + 1), -EFBIG);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, INT64_MAX), -EFBIG);
	/* and the refused ones changed nothing */
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 8, (int64_t)max), 0);
	assert_int_equal(file_bytes(sim, pid, fd, (int64_t)max - 4, b, 8), 4);
	assert_memory_equal(b, m + 4, 2);
	assert_memory_equal(b + 2, "ab", 2);
	assert_int_equal(pmm_check(sim, pid, BASE + PG - 2, 1, 'a', &r), 1);
	/* an empty file grows to the limit, not past it */
	assert_int_equal(pmm_ftruncate(sim, pid, fd, 0), 0);
	assert_int_equal(pmm_ftruncate(sim, pid, fd, (int64_t)max), 0);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 8, (int64_t)max - 1), 1);
	assert_int_equal(pmm_check(sim, pid, UBUF, 1, 0, &r), 1);
	sim_ok(sim);
}

/* ---- 6. read(2) into the caller's memory --------------------------------- */

static void test_fs_read_into_bad_buffer_efault(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	static uint8_t orig[2 * PG], b[2 * PG];
	struct pmm_access_result r;
	int fd;

	mkfile(sim, "/data/f", 2 * PG, PMM_CONTENT_SEED, 15, NULL, 0);
	/* UBUF + PG is a hole */
	map_anon(sim, pid, UBUF, PG, PROT_R | PROT_W);
	map_anon(sim, pid, UBUF + 4 * PG, PG, PROT_R);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, orig, PG), (int64_t)PG);

	assert_int_equal(pmm_read(sim, pid, fd, HOLE, 10), -EFAULT);
	assert_int_equal(pmm_read(sim, pid, fd, UBUF + 4 * PG, 10), -EFAULT);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF + 4 * PG, 10, 0),
			 -EFAULT);
	assert_int_equal(pmm_check(sim, pid, UBUF + 4 * PG, PG, 0, &r), 1);
	/* nothing was read: the position is still 0 */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 16), 16);
	peek(sim, pid, UBUF, b, 16);
	assert_memory_equal(b, orig, 16);
	/* a partial copy: the bytes before the first bad page */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF + PG - 100, 1000), 100);
	peek(sim, pid, UBUF + PG - 100, b, 100);
	assert_memory_equal(b, orig + 16, 100);
	assert_int_equal(pmm_read(sim, pid, fd, UBUF, 4), 4);
	peek(sim, pid, UBUF, b, 4);
	assert_memory_equal(b, orig + 116, 4);
	/* write(2) from a bad buffer writes nothing, or the good part */
	assert_int_equal(pmm_pwrite(sim, pid, fd, HOLE, 10, 0), -EFAULT);
	assert_int_equal(pmm_write(sim, pid, fd, HOLE, 10), -EFAULT);
	assert_int_equal(pmm_fill(sim, pid, UBUF + PG - 3, 3, 0x5c, &r), 0);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF + PG - 3, 50, 0), 3);
	assert_int_equal(file_bytes(sim, pid, fd, 0, b, PG), (int64_t)PG);
	assert_true(all_bytes(b, 3, 0x5c));
	assert_memory_equal(b + 3, orig + 3, PG - 3);
	/* a PROT_NONE buffer and a guard page refuse too */
	assert_int_equal(pmm_mprotect(sim, pid, UBUF + 4 * PG, PG, 0), 0);
	assert_int_equal(pmm_write(sim, pid, fd, UBUF + 4 * PG, 1), -EFAULT);
	assert_int_equal(pmm_read(sim, pid, fd, UBUF + 4 * PG, 1), -EFAULT);
	sim_ok(sim);
}

/* spec 14 rule 22: a kernel access honours the thread's PKRU. */
static void test_fs_spec14_rule22_read_honours_pkru(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), t2;
	struct pmm_access_result r;
	uint8_t orig[8], b[8];
	int64_t pkru;
	int fd, k;

	mkfile(sim, "/data/f", PG, PMM_CONTENT_SEED, 16, NULL, 0);
	map_anon(sim, pid, UBUF, 2 * PG, PROT_R | PROT_W);
	fd = pmm_open(sim, pid, "/data/f", RW, 0);
	assert_int_equal(file_bytes(sim, pid, fd, 0, orig, 8), 8);
	assert_int_equal(pmm_fill(sim, pid, UBUF + PG, 8, 0x11, &r), 0);
	assert_int_equal(pmm_thread_create(sim, pid, &t2), 0);
	k = pmm_pkey_alloc(sim, pid, 0, PMM_PKEY_DISABLE_ACCESS);
	assert_true(k > 0);
	assert_int_equal(pmm_pkey_mprotect(sim, pid, UBUF + PG, PG,
					   PROT_R | PROT_W, k), 0);
	/* access-disabled in pid's PKRU: read(2) into it fails, unwritten */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF + PG, 1), -EFAULT);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF + PG, 8, 0), -EFAULT);
	/* and write(2) from it too (the copy reads it) */
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF + PG, 8, 0), -EFAULT);
	/* a partial copy stops at the key's page */
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF + PG - 2, 8, 0), 2);
	/* PKRU is per thread: t2's came from pid's before the key was
	 * allocated, whose default access-disables every key but 0 */
	assert_int_equal(pmm_pread(sim, t2, fd, UBUF + PG, 4, 0), -EFAULT);
	pkru = pmm_rdpkru(sim, t2);
	assert_true(pkru >= 0);
	assert_int_equal(pmm_wrpkru(sim, t2, (uint32_t)pkru & ~(3u << (2 * k))),
			 0);
	assert_int_equal(pmm_pread(sim, t2, fd, UBUF + PG, 4, 0), 4);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF + PG, 4, 0), -EFAULT);
	assert_int_equal(pmm_check(sim, t2, UBUF + PG + 4, 4, 0x11, &r), 1);
	/* write-disable: read(2) into it refused, write(2) from it allowed */
	pkru = pmm_rdpkru(sim, pid);
	assert_true(pkru >= 0);
	assert_int_equal(pmm_wrpkru(sim, pid, ((uint32_t)pkru &
					      ~(3u << (2 * k))) |
				    (PMM_PKEY_DISABLE_WRITE << (2 * k))), 0);
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF + PG + 4, 4, 0), -EFAULT);
	assert_int_equal(pmm_pwrite(sim, pid, fd, UBUF + PG + 4, 4, 100), 4);
	assert_int_equal(pmm_wrpkru(sim, pid, (uint32_t)pkru &
				    ~(3u << (2 * k))), 0);
	peek(sim, pid, UBUF + PG, b, 8);
	assert_memory_equal(b, orig, 4);
	assert_true(all_bytes(b + 4, 4, 0x11));
	assert_int_equal(pmm_pread(sim, pid, fd, UBUF, 4, 100), 4);
	assert_int_equal(pmm_check(sim, pid, UBUF, 4, 0x11, &r), 1);
	/* the position never moved: read(2) starts at 0 */
	assert_int_equal(pmm_read(sim, pid, fd, UBUF + PG, 8), 8);
	peek(sim, pid, UBUF + PG, b, 8);
	assert_memory_equal(b, orig, 8);
	sim_ok(sim);
}

/* ---- 7. /proc through open ----------------------------------------------- */

/* spec 01 rule 20: /proc/<pid>/mem by access mode. */
static void test_fs_spec01_rule20_proc_mem_open(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t target = user_process(sim, "alice", PMM_IL_MEDIUM);
	pmm_pid_t same = user_process(sim, "alice", PMM_IL_MEDIUM);
	pmm_pid_t low = user_process(sim, "alice", PMM_IL_LOW);
	pmm_pid_t bob = user_process(sim, "bob", PMM_IL_MEDIUM);
	struct pmm_access_result r;
	char path[64];
	uint8_t b[8];
	int fd, rfd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)target);
	map_anon(sim, target, UBUF, PG, PROT_R | PROT_W);
	map_anon(sim, same, UBUF, PG, PROT_R | PROT_W);
	map_anon(sim, low, UBUF, PG, PROT_R | PROT_W);
	assert_int_equal(pmm_fill(sim, target, UBUF + 64, 8, 0x3c, &r), 0);

	/* another user: no right at all */
	assert_int_equal(pmm_open(sim, bob, path, RO, 0), -EACCES);
	assert_int_equal(pmm_open(sim, bob, path, WO, 0), -EACCES);
	assert_int_equal(pmm_open(sim, bob, path, RW, 0), -EACCES);
	/* the same user at low integrity: the label lets reads through
	 * (no-write-up), so O_RDONLY opens, O_RDWR needs both rights */
	rfd = pmm_open(sim, low, path, RO, 0);
	assert_int_equal(rfd, 0);
	assert_int_equal(pmm_open(sim, low, path, WO, 0), -EACCES);
	assert_int_equal(pmm_open(sim, low, path, RW, 0), -EACCES);
	assert_int_equal(pmm_pread(sim, low, rfd, UBUF, 8, (int64_t)UBUF + 64),
			 8);
	assert_int_equal(pmm_check(sim, low, UBUF, 8, 0x3c, &r), 1);
	assert_int_equal(pmm_pwrite(sim, low, rfd, UBUF, 8, (int64_t)UBUF),
			 -EBADF);
	/* the owner's user: both */
	fd = pmm_open(sim, same, path, RW, 0);
	assert_int_equal(fd, 0);
	assert_int_equal(pmm_pread(sim, same, fd, UBUF, 8, (int64_t)UBUF + 64),
			 8);
	peek(sim, same, UBUF, b, 8);
	assert_true(all_bytes(b, 8, 0x3c));
	poke(sim, same, UBUF, "peios-mm", 8);
	assert_int_equal(pmm_pwrite(sim, same, fd, UBUF, 8,
				    (int64_t)UBUF + 200), 8);
	peek(sim, target, UBUF + 200, b, 8);
	assert_memory_equal(b, "peios-mm", 8);
	/* an unmapped address of the target: nothing moves */
	assert_int_equal(pmm_pread(sim, same, fd, UBUF, 8, (int64_t)HOLE),
			 -EIO);
	/* /proc files cannot be mapped */
	assert_int_equal(pmm_mmap(sim, same, BASE, PG, PROT_R,
				  MAP_PRIVATE | MAP_FIXED, fd, 0), -ENODEV);
	/* the target gone: end of file */
	assert_int_equal(pmm_exit(sim, target, 0), 0);
	assert_int_equal(pmm_pread(sim, same, fd, UBUF, 8, (int64_t)UBUF), 0);
	sim_ok(sim);
}

static void test_fs_proc_text_file_open(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t target = fx_process(sim, NULL);
	pmm_pid_t reader = fx_process(sim, NULL);
	static char want[8192], got[8192];
	char path[64];
	long n;
	int fd;

	mkfile(sim, "/usr/lib/libz.so", 2 * PG, PMM_CONTENT_SEED, 1, NULL, 0);
	fd = pmm_open(sim, target, "/usr/lib/libz.so", RO, 0);
	map_file(sim, target, BASE, 2 * PG, PROT_R, MAP_PRIVATE, fd, 0);
	map_anon(sim, target, UBUF, PG, PROT_R | PROT_W);
	map_anon(sim, reader, UBUF, 4 * PG, PROT_R | PROT_W);
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)target);
	n = pmm_proc_read(sim, reader, path, want, sizeof(want));
	assert_true(n > 0 && (size_t)n < sizeof(want));
	assert_non_null(strstr(want, "/usr/lib/libz.so"));
	/* the sizing read (no buffer) counts the padded name column too */
	assert_int_equal(pmm_proc_read(sim, reader, path, NULL, 0), n);

	fd = pmm_open(sim, reader, path, RO, 0);
	assert_int_equal(fd, 0);
	/* read(2) in two pieces, then end of file */
	assert_int_equal(pmm_read(sim, reader, fd, UBUF, 10), 10);
	assert_int_equal(pmm_read(sim, reader, fd, UBUF + 10, 4 * PG - 10),
			 n - 10);
	assert_int_equal(pmm_read(sim, reader, fd, UBUF, 10), 0);
	memset(got, 0, sizeof(got));
	peek(sim, reader, UBUF, got, (uint64_t)n);
	assert_string_equal(got, want);
	/* pread at an offset */
	assert_int_equal(pmm_pread(sim, reader, fd, UBUF, 5, 3), 5);
	peek(sim, reader, UBUF, got, 5);
	assert_memory_equal(got, want + 3, 5);
	/* rendered at each read: a new mapping shows */
	map_anon(sim, target, HOLE, PG, PROT_R);
	assert_true(pmm_pread(sim, reader, fd, UBUF, 4 * PG, 0) > n);
	/* read only: not for writing, not mappable */
	assert_int_equal(pmm_open(sim, reader, path, RW, 0), -EACCES);
	assert_int_equal(pmm_write(sim, reader, fd, UBUF, 1), -EBADF);
	assert_int_equal(pmm_mmap(sim, reader, BASE, PG, PROT_R,
				  MAP_PRIVATE | MAP_FIXED, fd, 0), -ENODEV);
	sim_ok(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fs_file_create_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_file_set_dacl_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_set_tlp_prefixes_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_open_close_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_rw_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_open_lowest_fd_creat_excl,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_open_trunc_sigbus,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_open_directory_tmpfile_path,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_open_rlimit_nofile_emfile,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_open_cloexec_exec,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_fork_shares_open_file_description,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec03_legacy_open_core_rights,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec03_legacy_open_core_rights,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_legacy_open_deny_ace_wins,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rules17_21_mmap_granted_mask,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rules17_21_mmap_granted_mask,
			fx_sim_setup_kacs, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rules17_21_linux_checks_f_mode,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rule6_wxp_file_exec,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rule20_snapshot,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_set_dacl_needs_write_dac,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rule22_tlp,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec02_rule22_lsv,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_pwrite_seen_by_shared_mapping,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_shared_store_seen_by_pread_and_other_process,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_private_store_not_seen,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_bulk_content_by_seed,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_tail_past_i_size,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_ftruncate_shrink_and_extend,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_write_past_end_extends,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_max_file_size,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_read_into_bad_buffer_efault,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec14_rule22_read_honours_pkru,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec14_rule22_read_honours_pkru,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_spec01_rule20_proc_mem_open,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fs_proc_text_file_open,
			fx_sim_setup, fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
