// SPDX-License-Identifier: MIT
/*
 * test_model.c - the randomized model test of the page level with files
 * and swap:
 * random mmap (anonymous private and shared, and a file shared and
 * private) / munmap / mprotect / fork / exit / store / check / DONTNEED /
 * mlock / munlock / MADV_COLD / MADV_PAGEOUT / MADV_REMOVE / move_pages
 * (between the two nodes, shared pages too) over several
 * processes that share one file, each op checked against a reference of
 * what every page must read ("nothing lost": private copies, the page
 * cache, pages paged out and read back, holes punched), and
 * pmm_sim_check() every 1024 ops (rmap, mlock counts, the page cache).
 * A 64-page swap area takes what MADV_PAGEOUT swaps out until it is full.
 * The seed is printed (PMM_TEST_SEED replays it); PMM_MODEL_OPS sets the
 * number of ops (default 200,000); PMM_MODEL_TRACE=1 prints each op and
 * PMM_MODEL_WATCH=PID:PAGE the model's state of one page after each.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fx_sim.h"

#define PROT_R		0x1u
#define PROT_W		0x2u
#define MAP_SHARED	0x01u
#define MAP_PRIVATE	0x02u
#define MAP_FIXED	0x10u
#define MAP_ANON	0x20u
#define MADV_DONTNEED	4
#define MADV_REMOVE	9
#define MADV_COLD	20
#define MADV_PAGEOUT	21
#define PG		4096ull
#define BASE		0x200000000000ull
#define NPROC		4
#define MW		48	/* pages of the window, and of the file */
#define NOBJ		64

enum { UNMAPPED, ANON_PRIVATE, ANON_SHARED, FILE_SHARED, FILE_PRIVATE };

struct mpage {
	int state;
	uint32_t prot;
	bool locked;		/* in a VM_LOCKED range */
	bool cow;		/* FILE_PRIVATE: a private copy (reads val) */
	uint8_t val;		/* ANON_PRIVATE, or a FILE_PRIVATE copy */
	int obj;		/* ANON_SHARED: the object */
	int index;		/* ANON_SHARED, FILE_*: the page in it */
};

struct mproc {
	pmm_pid_t pid;
	int fd;
	struct mpage pg[MW];
};

struct model {
	struct mproc p[NPROC];
	int nproc;
	uint8_t obj[NOBJ][MW];
	int nobj;
	uint8_t file[MW];	/* the byte every byte of file page i holds */
};

static uint64_t rnd(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return *x >> 17;
}

/* What a read of @p gives: 0 and the byte, or the si_code of the fault. */
static int expect_read(const struct model *m, const struct mpage *p,
		       uint8_t *val)
{
	switch (p->state) {
	case UNMAPPED:
		return PMM_SEGV_MAPERR;
	case ANON_PRIVATE:
		*val = p->val;
		break;
	case ANON_SHARED:
		*val = m->obj[p->obj][p->index];
		break;
	case FILE_SHARED:
		*val = m->file[p->index];
		break;
	default:
		*val = p->cow ? p->val : m->file[p->index];
		break;
	}
	return p->prot ? 0 : PMM_SEGV_ACCERR;
}

static void verify(struct pmm_sim *sim, const struct model *m, int i,
		   unsigned int pg, long step)
{
	const struct mproc *mp = &m->p[i];
	struct pmm_access_result r;
	uint8_t want = 0;
	int code = expect_read(m, &mp->pg[pg], &want);
	int got = pmm_check(sim, mp->pid, BASE + pg * PG, PG, want, &r);

	if (code) {
		if (got != 0 || r.status != PMM_ACCESS_SIGNAL || r.code != code)
			fail_msg("step %ld: pid %d page %u: expected si_code %d, got %d/%d",
				 step, mp->pid, pg, code, got, r.code);
	} else if (got != 1) {
		uint8_t b = 0;

		(void)pmm_access(sim, mp->pid, r.addr, 1, PMM_ACCESS_READ, &b,
				 &r);
		if (getenv("PMM_MODEL_TRACE")) {
			static char maps[65536];
			char path[64];
			long l;

			snprintf(path, sizeof(path), "/proc/%d/smaps", mp->pid);
			l = pmm_proc_read(sim, 0, path, maps, sizeof(maps));
			if (l > 0)
				fprintf(stderr, "%.*s", (int)l, maps);
		}
		fail_msg("step %ld: pid %d page %u (state %d, cow %d, index %d, locked %d) reads 0x%02x, not 0x%02x",
			 step, mp->pid, pg, mp->pg[pg].state, mp->pg[pg].cow,
			 mp->pg[pg].index, mp->pg[pg].locked, b, want);
	}
}

/* Are all of [pg, pg + n) mapped, and is any of them locked? */
static bool all_mapped(const struct mproc *mp, unsigned int pg, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++)
		if (!mp->pg[pg + k].state)
			return false;
	return true;
}

static bool any_locked(const struct mproc *mp, unsigned int pg, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++)
		if (mp->pg[pg + k].state && mp->pg[pg + k].locked)
			return true;
	return false;
}

/* madvise()'s answer over a range: a locked VMA is EINVAL at once, a
 * hole ENOMEM once the walk is done. */
static int madvise_want(const struct mproc *mp, unsigned int pg,
			unsigned int n, bool locked_einval)
{
	if (locked_einval && any_locked(mp, pg, n))
		return -EINVAL;
	return all_mapped(mp, pg, n) ? 0 : -ENOMEM;
}

static void op_mmap(struct pmm_sim *sim, struct model *m, struct mproc *mp,
		    unsigned int pg, unsigned int n, uint64_t *x)
{
	unsigned int kind = (unsigned int)(rnd(x) % 4);
	uint32_t prot = rnd(x) % 3 ? PROT_R | PROT_W : PROT_R;
	bool file = kind >= 2, shared = kind == 1 || kind == 2;
	unsigned int fpg = file ? (unsigned int)(rnd(x) % (MW - n + 1)) : 0;
	int64_t a;

	if (kind == 1 && m->nobj == NOBJ)
		return;
	a = pmm_mmap(sim, mp->pid, BASE + pg * PG, n * PG, prot,
		     (shared ? MAP_SHARED : MAP_PRIVATE) |
		     (file ? 0 : MAP_ANON) | MAP_FIXED, file ? mp->fd : -1,
		     fpg * PG);
	assert_int_equal(a, (int64_t)(BASE + pg * PG));
	if (kind == 1)
		memset(m->obj[m->nobj], 0, MW);
	for (unsigned int k = 0; k < n; k++) {
		struct mpage *p = &mp->pg[pg + k];

		memset(p, 0, sizeof(*p));
		p->state = kind == 0 ? ANON_PRIVATE : kind == 1 ? ANON_SHARED :
			   kind == 2 ? FILE_SHARED : FILE_PRIVATE;
		p->prot = prot;
		p->obj = kind == 1 ? m->nobj : 0;
		p->index = (int)(file ? fpg + k : k);
	}
	if (kind == 1)
		m->nobj++;
}

static void op_store(struct pmm_sim *sim, struct model *m, struct mproc *mp,
		     unsigned int pg, uint8_t v)
{
	struct mpage *p = &mp->pg[pg];
	struct pmm_access_result r;
	int code = !p->state ? PMM_SEGV_MAPERR :
		   !(p->prot & PROT_W) ? PMM_SEGV_ACCERR : 0;

	if (getenv("PMM_MODEL_TRACE"))
		fprintf(stderr, "  store 0x%02x to pid %d page %u\n", v, mp->pid,
			pg);
	assert_int_equal(pmm_fill(sim, mp->pid, BASE + pg * PG, PG, v, &r), 0);
	assert_int_equal(r.status ? r.code : 0, code);
	if (code)
		return;
	switch (p->state) {
	case ANON_PRIVATE:
		p->val = v;
		break;
	case ANON_SHARED:
		m->obj[p->obj][p->index] = v;
		break;
	case FILE_SHARED:
		m->file[p->index] = v;
		if (getenv("PMM_MODEL_TRACE"))
			fprintf(stderr, "  file[%d] = 0x%02x by %d\n", p->index,
				v, mp->pid);
		break;
	default:
		p->cow = true;
		p->val = v;
		break;
	}
}

/* MADV_REMOVE on a shared file range punches a hole: the file reads zero
 * there, and every private copy of those pages, in every process, goes
 * (truncate_pagecache_range() unmaps even COWed pages). */
static void op_remove(struct pmm_sim *sim, struct model *m, struct mproc *mp,
		      unsigned int pg, unsigned int n)
{
	int got;

	/* only ranges it applies to: mapped shared and writable, unlocked */
	if (!all_mapped(mp, pg, n) || any_locked(mp, pg, n))
		return;
	for (unsigned int k = 0; k < n; k++)
		if (mp->pg[pg + k].state != FILE_SHARED ||
		    !(mp->pg[pg + k].prot & PROT_W))
			return;
	got = pmm_madvise(sim, mp->pid, BASE + pg * PG, n * PG, MADV_REMOVE);
	if (got)
		fail_msg("MADV_REMOVE of pages %u-%u: %d", pg, pg + n - 1, got);
	for (unsigned int k = 0; k < n; k++) {
		int idx = mp->pg[pg + k].index;

		m->file[idx] = 0;
		for (int i = 0; i < m->nproc; i++)
			for (unsigned int q = 0; q < MW; q++)
				if (m->p[i].pg[q].state == FILE_PRIVATE &&
				    m->p[i].pg[q].index == idx)
					m->p[i].pg[q].cow = false;
	}
}

static void test_model_files(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_file_config fc = {
		.path = "/data/model", .size = MW * PG,
		.content = PMM_CONTENT_ZERO, .owner = "alice",
	};
	struct pmm_token *tok = fx_token(sim, "alice",
					 PRIV(PMM_SE_LOCK_MEMORY) |
					 PRIV(PMM_SE_INCREASE_BASE_PRIORITY),
					 PMM_IL_MEDIUM);
	struct model *m = calloc(1, sizeof(*m));
	uint64_t seed = fx_seed(), x = seed | 1;
	const char *env = getenv("PMM_MODEL_OPS");
	long ops = env ? atol(env) : 200000;
	char msg[256];

	/* a small swap area: MADV_PAGEOUT sends anonymous pages (and
	 * private copies of file pages) there until it is full */
	struct pmm_swapdev_config sc = { .path = "/dev/vdb", .size = 64 * PG };

	assert_non_null(m);
	assert_int_equal(pmm_swapdev_create(sim, &sc), 0);
	assert_int_equal(pmm_file_create(sim, &fc), 0);
	m->nproc = 1;
	m->p[0].pid = fx_process(sim, tok);
	pmm_token_put(tok);	/* the process holds its own reference */
	m->p[0].fd = pmm_open(sim, m->p[0].pid, fc.path, PMM_O_RDWR, 0);
	assert_true(m->p[0].fd >= 0);
	for (long step = 0; step < ops; step++) {
		int i = (int)(rnd(&x) % (uint64_t)m->nproc);
		struct mproc *mp = &m->p[i];
		unsigned int op = (unsigned int)(rnd(&x) % 100);
		unsigned int pg = (unsigned int)(rnd(&x) % MW);
		unsigned int n = 1 + (unsigned int)(rnd(&x) % 6);

		if (pg + n > MW)
			n = MW - pg;
		if (getenv("PMM_MODEL_TRACE"))
			fprintf(stderr, "%ld: pid %d op %u pg %u n %u\n", step,
				mp->pid, op, pg, n);
		if (op < 10) {
			op_mmap(sim, m, mp, pg, n, &x);
		} else if (op < 15) {		/* munmap */
			assert_int_equal(pmm_munmap(sim, mp->pid, BASE + pg * PG,
						    n * PG), 0);
			for (unsigned int k = 0; k < n; k++)
				mp->pg[pg + k].state = UNMAPPED;
		} else if (op < 21) {		/* mprotect */
			static const uint32_t prots[] = { 0, PROT_R, PROT_R | PROT_W };
			uint32_t prot = prots[rnd(&x) % 3];
			int want = all_mapped(mp, pg, n) ? 0 : -ENOMEM;
			unsigned int k;

			assert_int_equal(pmm_mprotect(sim, mp->pid, BASE + pg * PG,
						      n * PG, prot), want);
			/* the pages before the first hole change; a locked
			 * private one becoming writable is copied now */
			for (k = 0; k < n && mp->pg[pg + k].state; k++) {
				struct mpage *p = &mp->pg[pg + k];

				if (p->locked && p->state == FILE_PRIVATE &&
				    !p->cow && !(p->prot & PROT_W) &&
				    (prot & PROT_W)) {
					p->cow = true;
					p->val = m->file[p->index];
				}
				p->prot = prot;
			}
		} else if (op < 24) {		/* MADV_DONTNEED */
			int want = madvise_want(mp, pg, n, true);

			assert_int_equal(pmm_madvise(sim, mp->pid, BASE + pg * PG,
						     n * PG, MADV_DONTNEED), want);
			/* the walk goes in address order over holes, and
			 * stops at the first locked VMA */
			for (unsigned int k = 0; k < n; k++) {
				struct mpage *p = &mp->pg[pg + k];

				if (p->state && p->locked)
					break;
				if (p->state == ANON_PRIVATE)
					p->val = 0;
				else if (p->state == FILE_PRIVATE)
					p->cow = false;
			}
		} else if (op < 28) {		/* mlock / munlock */
			bool lock = rnd(&x) % 2, populate = lock;
			int want = 0;

			if (!all_mapped(mp, pg, n))
				continue;
			/* __mm_populate() stops at a PROT_NONE VMA: EFAULT,
			 * reported as ENOMEM; the range is locked all the same
			 * and the VMAs before it are populated */
			for (unsigned int k = 0; lock && k < n; k++)
				if (!mp->pg[pg + k].prot) {
					want = -ENOMEM;
					break;
				}
			assert_int_equal(lock ? pmm_mlock(sim, mp->pid, BASE + pg * PG,
							  n * PG) :
					 pmm_munlock(sim, mp->pid, BASE + pg * PG,
						     n * PG), want);
			for (unsigned int k = 0; k < n; k++) {
				struct mpage *p = &mp->pg[pg + k];

				if (!p->prot)
					populate = false;
				/* every mlock populates its range, locked
				 * before or not: a private writable file page
				 * is copied now (FOLL_WRITE) */
				if (populate && p->state == FILE_PRIVATE &&
				    !p->cow && (p->prot & PROT_W)) {
					p->cow = true;
					p->val = m->file[p->index];
				}
				p->locked = lock;
			}
		} else if (op < 32) {		/* MADV_COLD / MADV_PAGEOUT */
			int advice = rnd(&x) % 2 ? MADV_PAGEOUT : MADV_COLD;

			assert_int_equal(pmm_madvise(sim, mp->pid, BASE + pg * PG,
						     n * PG, advice),
					 madvise_want(mp, pg, n, true));
		} else if (op < 34) {
			op_remove(sim, m, mp, pg, n);
		} else if (op < 35) {		/* move_pages, shared ones too */
			uint64_t addrs[6];
			int nodes[6], status[6];
			int node = (int)(rnd(&x) % 2);

			for (unsigned int k = 0; k < n; k++) {
				addrs[k] = BASE + (pg + k) * PG;
				nodes[k] = node;
			}
			assert_int_equal(pmm_move_pages(sim, mp->pid, 0, n, addrs,
							nodes, status,
							PMM_MPOL_MF_MOVE_ALL), 0);
			for (unsigned int k = 0; k < n; k++)
				if (mp->pg[pg + k].state && status[k] != node &&
				    status[k] != -ENOENT && status[k] != -EFAULT)
					fail_msg("step %ld: move_pages status %d",
						 step, status[k]);
		} else if (op < 36 && m->nproc < NPROC) {	/* fork */
			struct mproc *c = &m->p[m->nproc];

			assert_int_equal(pmm_fork(sim, mp->pid, &c->pid), 0);
			memcpy(c->pg, mp->pg, sizeof(c->pg));
			c->fd = mp->fd;
			/* locks are inherited in peios (spec 13 rule 17) */
			m->nproc++;
		} else if (op < 37 && m->nproc > 1) {		/* exit */
			assert_int_equal(pmm_exit(sim, mp->pid, 0), 0);
			m->p[i] = m->p[m->nproc - 1];
			m->nproc--;
			continue;
		} else if (op < 70) {
			op_store(sim, m, mp, pg, (uint8_t)rnd(&x));
		} else {
			verify(sim, m, i, pg, step);
		}
		if (getenv("PMM_MODEL_WATCH")) {
			int wpid, wpg;

			if (sscanf(getenv("PMM_MODEL_WATCH"), "%d:%d", &wpid,
				   &wpg) == 2)
				for (int q = 0; q < m->nproc; q++)
					if (m->p[q].pid == wpid)
						fprintf(stderr, "   watch: state %d prot %u cow %d locked %d val %02x idx %d\n",
							m->p[q].pg[wpg].state,
							m->p[q].pg[wpg].prot,
							m->p[q].pg[wpg].cow,
							m->p[q].pg[wpg].locked,
							m->p[q].pg[wpg].val,
							m->p[q].pg[wpg].index);
		}
		if (step % 1024 == 0 &&
		    pmm_sim_check(sim, msg, sizeof(msg)))
			fail_msg("step %ld: %s", step, msg);
	}
	for (int i = 0; i < m->nproc; i++)
		for (unsigned int pg = 0; pg < MW; pg++)
			verify(sim, m, i, pg, ops);
	if (pmm_sim_check(sim, msg, sizeof(msg)))
		fail_msg("end: %s", msg);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_model_files, fx_sim_setup,
						fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
