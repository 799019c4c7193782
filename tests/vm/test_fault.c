// SPDX-License-Identifier: MIT
/*
 * test_fault.c - the page level: demand paging (spec 01 rules 3-4), the
 * zero page, copy-on-write across fork, shared anonymous memory, stack
 * growth (spec 01 rules 10-11), guard regions (spec 02 rule 25), DONTNEED
 * (rule 24), page tables freed by munmap, exit returning every frame, and
 * the randomized model test of issue 4: random mmap/munmap/mprotect/fork/
 * exit/store/check/madvise/mlock/munlock and writes through /proc/self/mem
 * (FOLL_FORCE) over several processes, checked
 * after every op against a reference of what each page must read and
 * which pages are locked (seed printed; the count of ops comes from
 * PMM_MODEL_OPS, default 10^6), in the linux profile and in peios, where
 * a child keeps its parent's locks (spec 13 rule 17).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fx_sim.h"

#define PROT_R	0x1u
#define PROT_W	0x2u
#define MAP_SHARED	0x01u
#define MAP_PRIVATE	0x02u
#define MAP_FIXED	0x10u
#define MAP_ANON	0x20u
#define MAP_GROWSDOWN	0x100u
#define MAP_POPULATE	0x8000u
#define MAP_FIXED_NOREPLACE 0x100000u
#define MADV_DONTNEED	4
#define MADV_GUARD_INSTALL 102
#define MADV_GUARD_REMOVE 103
#define PG	4096ull
#define BASE	0x200000000000ull

static uint64_t rnd(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return *x >> 17;
}

static uint64_t rss_pages(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct pmm_mm_stats st;

	assert_int_equal(pmm_mm_stats(sim, pid, &st), 0);
	return st.rss_anon + st.rss_file + st.rss_shmem;
}

static int touch(struct pmm_sim *sim, pmm_pid_t pid, uint64_t a, int kind,
		 struct pmm_access_result *r)
{
	assert_int_equal(pmm_access(sim, pid, a, 1, kind, NULL, r), 0);
	return r->status ? r->code : 0;
}

/* spec 01 rules 3-4: mapping costs nothing; a write costs one page. */
static void test_spec01_rules3_4_demand_paging(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;
	uint8_t b[16];

	/* 1 GiB on a 128 MiB machine: more than RAM + swap in one request,
	 * which overcommit mode 0 refuses (spec 06 rule 5); mode 1 lets the
	 * mapping through, and it still costs nothing until touched. */
	assert_int_equal(pmm_sysctl_set(sim, "vm.overcommit_memory", "1"), 0);
	assert_int_equal(pmm_mmap(sim, pid, BASE, 1ull << 30, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(rss_pages(sim, pid), 0);
	/* a read maps the zero page: still nothing resident */
	assert_int_equal(pmm_access(sim, pid, BASE + 5000, sizeof(b),
				    PMM_ACCESS_READ, b, &r), 0);
	assert_int_equal(r.status, 0);
	for (size_t i = 0; i < sizeof(b); i++)
		assert_int_equal(b[i], 0);
	assert_int_equal(rss_pages(sim, pid), 0);
	assert_int_equal(pmm_fill(sim, pid, BASE + 123, 1, 0x5a, &r), 0);
	assert_int_equal(rss_pages(sim, pid), 1);
	/* the byte and only the byte changed */
	assert_int_equal(pmm_check(sim, pid, BASE + 123, 1, 0x5a, &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE, 123, 0, &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE + 124, PG - 124, 0, &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE, 124, 0, &r), 0);
	assert_int_equal(r.addr, BASE + 123);
	/* the zero-page read above upgraded by a write: still one page each */
	assert_int_equal(pmm_fill(sim, pid, BASE + 5000, 1, 1, &r), 0);
	assert_int_equal(rss_pages(sim, pid), 2);
}

/* fork: copy-on-write private memory, shared anonymous memory. */
static void test_fork_cow_and_shared(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), b;
	struct pmm_access_result r;

	assert_int_equal(pmm_mmap(sim, a, BASE, 4 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(pmm_mmap(sim, a, BASE + 8 * PG, 4 * PG, PROT_R | PROT_W,
				  MAP_SHARED | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)(BASE + 8 * PG));
	assert_int_equal(pmm_fill(sim, a, BASE, 4 * PG, 0x11, &r), 0);
	assert_int_equal(pmm_fill(sim, a, BASE + 8 * PG, PG, 0x22, &r), 0);
	assert_int_equal(pmm_fork(sim, a, &b), 0);
	/* the child sees the parent's bytes, shares the frames */
	assert_int_equal(pmm_check(sim, b, BASE, 4 * PG, 0x11, &r), 1);
	assert_int_equal(rss_pages(sim, b), 4);
	/* a write in either copies; the other keeps its bytes */
	assert_int_equal(pmm_fill(sim, b, BASE + PG, 1, 0x33, &r), 0);
	assert_int_equal(pmm_check(sim, a, BASE + PG, 1, 0x11, &r), 1);
	assert_int_equal(pmm_check(sim, b, BASE + PG, 1, 0x33, &r), 1);
	assert_int_equal(pmm_fill(sim, a, BASE + 2 * PG, 1, 0x44, &r), 0);
	assert_int_equal(pmm_check(sim, b, BASE + 2 * PG, 1, 0x11, &r), 1);
	/* shared memory is one object: both see a store */
	assert_int_equal(pmm_fill(sim, b, BASE + 8 * PG + 7, 1, 0x55, &r), 0);
	assert_int_equal(pmm_check(sim, a, BASE + 8 * PG + 7, 1, 0x55, &r), 1);
	assert_int_equal(pmm_exit(sim, b, 0), 0);
	assert_int_equal(pmm_check(sim, a, BASE + 8 * PG + 7, 1, 0x55, &r), 1);
	assert_int_equal(pmm_check(sim, a, BASE, PG, 0x11, &r), 1);
}

/* spec 01 rules 10-11 and spec 15 rule 25: stack growth. */
static void test_spec01_rules10_11_stack(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_process_config pc;
	struct pmm_access_result r;
	struct pmm_vma_info vi;
	uint64_t top = BASE + (64ull << 20), s;
	pmm_pid_t pid;

	pmm_process_config_init(&pc);
	pc.rlim[PMM_RLIMIT_STACK] = (struct pmm_rlimit){ 1ull << 20, 1ull << 20 };
	pc.rlim_set = 1u << PMM_RLIMIT_STACK;
	assert_int_equal(pmm_process_create(sim, &pc, &pid), 0);
	s = top - 4 * PG;
	assert_int_equal(pmm_mmap(sim, pid, s, 4 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED | MAP_GROWSDOWN,
				  -1, 0), (int64_t)s);
	/* a store 16 pages below grows the VMA down to it */
	assert_int_equal(touch(sim, pid, s - 16 * PG, PMM_ACCESS_WRITE, &r), 0);
	assert_int_equal(pmm_vma_query(sim, pid, s - 16 * PG, &vi), 0);
	assert_int_equal(vi.start, s - 16 * PG);
	/* beyond RLIMIT_STACK (1 MiB) it fails (rule 11) */
	assert_int_equal(touch(sim, pid, top - (1ull << 20) - PG,
			       PMM_ACCESS_READ, &r), PMM_SEGV_MAPERR);
	/* an accessible mapping 400 pages below: growth that keeps the
	 * 256-page gap succeeds, growth into the gap fails (rule 10) */
	assert_int_equal(pmm_mmap(sim, pid, s - 16 * PG - 401 * PG, PG, PROT_R,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)(s - 417 * PG));
	assert_int_equal(touch(sim, pid, s - 16 * PG - 100 * PG,
			       PMM_ACCESS_READ, &r), 0);
	assert_int_equal(touch(sim, pid, s - 16 * PG - 200 * PG,
			       PMM_ACCESS_READ, &r), PMM_SEGV_MAPERR);
}

/* spec 02 rules 24-25: DONTNEED zeroes; guard pages fault and use no
 * memory; the markers survive DONTNEED and go with GUARD_REMOVE. */
static void test_spec02_rules24_25_dontneed_guard(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;
	char maps[512];

	assert_int_equal(pmm_mmap(sim, pid, BASE, 4 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED | MAP_POPULATE,
				  -1, 0), (int64_t)BASE);
	assert_int_equal(rss_pages(sim, pid), 4);	/* spec 02 rule 14 */
	assert_int_equal(pmm_fill(sim, pid, BASE, 4 * PG, 0x7f, &r), 0);
	assert_int_equal(pmm_madvise(sim, pid, BASE, PG, MADV_DONTNEED), 0);
	assert_int_equal(pmm_check(sim, pid, BASE, PG, 0, &r), 1);
	assert_int_equal(pmm_madvise(sim, pid, BASE + PG, PG, MADV_GUARD_INSTALL), 0);
	/* page 0 reads the zero page (not RSS); page 1's frame is gone */
	assert_int_equal(rss_pages(sim, pid), 2);
	assert_int_equal(touch(sim, pid, BASE + PG + 8, PMM_ACCESS_READ, &r),
			 PMM_SEGV_MAPERR);
	assert_int_equal(r.signo, PMM_SIGSEGV);
	assert_int_equal(pmm_madvise(sim, pid, BASE, 2 * PG, MADV_DONTNEED), 0);
	assert_int_equal(touch(sim, pid, BASE + PG, PMM_ACCESS_WRITE, &r),
			 PMM_SEGV_MAPERR);
	/* maps still shows one rw-p VMA */
	assert_true(pmm_proc_read(sim, 0, "/proc/1/maps", maps, sizeof(maps)) > 0);
	assert_string_equal(maps,
		"200000000000-200000004000 rw-p 00000000 00:00 0 \n");
	assert_int_equal(pmm_madvise(sim, pid, BASE + PG, PG, MADV_GUARD_REMOVE), 0);
	assert_int_equal(pmm_check(sim, pid, BASE + PG, PG, 0, &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE + 2 * PG, 2 * PG, 0x7f, &r), 1);
}

/* munmap frees the tables no VMA needs; exit returns every frame. */
static uint64_t meminfo_kb(struct pmm_sim *sim, const char *key)
{
	char mi[8192], *p;

	assert_true(pmm_proc_read(sim, 0, "/proc/meminfo", mi, sizeof(mi)) > 0);
	p = strstr(mi, key);
	assert_non_null(p);
	return strtoull(p + strlen(key), NULL, 10);
}

static void test_tables_and_exit(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;
	struct pmm_mm_stats st;

	assert_int_equal(pmm_mmap(sim, pid, BASE, 64 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(pmm_fill(sim, pid, BASE, 64 * PG, 9, &r), 0);
	assert_int_equal(pmm_mm_stats(sim, pid, &st), 0);
	assert_int_equal(st.rss_anon, 64);
	assert_int_equal(st.pgtables_bytes, 3 * PG);	/* PUD, PMD, PTE */
	assert_int_equal(meminfo_kb(sim, "AnonPages:"), 256);
	assert_int_equal(meminfo_kb(sim, "PageTables:"), 16);	/* + the PGD */
	assert_int_equal(pmm_munmap(sim, pid, BASE, 64 * PG), 0);
	assert_int_equal(pmm_mm_stats(sim, pid, &st), 0);
	assert_int_equal(st.rss_anon, 0);
	assert_int_equal(st.pgtables_bytes, 0);
	assert_int_equal(st.hiwater_rss, 64);
	assert_int_equal(meminfo_kb(sim, "AnonPages:"), 0);
	assert_int_equal(pmm_fill(sim, pid, BASE, 1, 9, &r), 0);
	assert_int_equal(r.code, PMM_SEGV_MAPERR);
	assert_int_equal(pmm_mmap(sim, pid, BASE, 4 * PG, PROT_R | PROT_W,
				  MAP_SHARED | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(pmm_fill(sim, pid, BASE, 4 * PG, 9, &r), 0);
	assert_int_equal(meminfo_kb(sim, "Shmem:"), 16);
	assert_int_equal(pmm_exit(sim, pid, 0), 0);
	assert_int_equal(meminfo_kb(sim, "AnonPages:"), 0);
	assert_int_equal(meminfo_kb(sim, "Shmem:"), 0);
	assert_int_equal(meminfo_kb(sim, "PageTables:"), 0);
}

/* A general-protection fault is not a page fault (spec 01 rule 2). */
static void test_spec01_rule2_noncanonical(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;

	assert_int_equal(touch(sim, pid, 0x0000800000000000ull, PMM_ACCESS_READ,
			       &r), PMM_SI_KERNEL);
	assert_int_equal(touch(sim, pid, 0x00007fffffff0000ull, PMM_ACCESS_READ,
			       &r), PMM_SEGV_MAPERR);
	assert_int_equal(pmm_access(sim, pid, 0, 1, 7, NULL, &r), -EINVAL);
	assert_int_equal(pmm_access(sim, pid, 0, 1, PMM_ACCESS_READ, NULL, NULL),
			 -EINVAL);
	assert_int_equal(pmm_access(sim, 999, 0, 1, PMM_ACCESS_READ, NULL, &r),
			 -ESRCH);
}

/* spec 13: the mlock family, quota and privilege, populate, inheritance. */
static uint64_t vmlck(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct pmm_mm_stats st;

	assert_int_equal(pmm_mm_stats(sim, pid, &st), 0);
	return st.locked_vm;
}

static void test_spec13_mlock(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_process_config pc;
	struct pmm_token *lk = fx_token(sim, "svc", PRIV(PMM_SE_LOCK_MEMORY),
					PMM_IL_HIGH);
	struct pmm_token_privs tp;
	struct pmm_access_result r;
	pmm_pid_t u, p, child;
	uint8_t vec[8];
	int quota_err = pmm_sim_profile(sim) == PMM_PROFILE_LINUX ? -ENOMEM :
								   -EAGAIN;

	pmm_process_config_init(&pc);
	pc.rlim[PMM_RLIMIT_MEMLOCK] = (struct pmm_rlimit){ 4 * PG, 4 * PG };
	pc.rlim_set = 1u << PMM_RLIMIT_MEMLOCK;
	assert_int_equal(pmm_process_create(sim, &pc, &u), 0);
	pc.token = lk;
	assert_int_equal(pmm_process_create(sim, &pc, &p), 0);
	for (int i = 0; i < 2; i++) {
		pmm_pid_t pid = i ? p : u;

		assert_int_equal(pmm_mmap(sim, pid, BASE, 8 * PG, PROT_R | PROT_W,
					  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
				 (int64_t)BASE);
	}
	/* rules 1, 6: under the quota, unprivileged; pages resident */
	assert_int_equal(pmm_mlock(sim, u, BASE, PG), 0);
	assert_int_equal(vmlck(sim, u), 1);
	assert_int_equal(pmm_mincore(sim, u, BASE, 2 * PG, vec), 0);
	assert_int_equal(vec[0], 1);
	assert_int_equal(vec[1], 0);
	/* rule 19: locking again costs nothing */
	assert_int_equal(pmm_mlock(sim, u, BASE, PG), 0);
	assert_int_equal(vmlck(sim, u), 1);
	/* rules 2, 21: over the quota, nothing locked */
	assert_int_equal(pmm_mlock(sim, u, BASE + PG, 4 * PG), quota_err);
	assert_int_equal(vmlck(sim, u), 1);
	/* rules 3, 5: the privilege lifts it and is marked used */
	pmm_token_privileges(lk, &tp);
	assert_false(tp.used & PRIV(PMM_SE_LOCK_MEMORY));
	assert_int_equal(pmm_mlock(sim, p, BASE, PG), 0);
	pmm_token_privileges(lk, &tp);
	assert_false(tp.used & PRIV(PMM_SE_LOCK_MEMORY));
	assert_int_equal(pmm_mlock(sim, p, BASE, 8 * PG), 0);
	pmm_token_privileges(lk, &tp);
	assert_true(tp.used & PRIV(PMM_SE_LOCK_MEMORY));
	assert_int_equal(vmlck(sim, p), 8);
	/* rule 7: on-fault locks populate nothing */
	assert_int_equal(pmm_munlock(sim, u, BASE, 8 * PG), 0);	/* rule 13 */
	assert_int_equal(vmlck(sim, u), 0);
	assert_int_equal(pmm_mlock2(sim, u, BASE + 4 * PG, 2 * PG, 1), 0);
	assert_int_equal(pmm_mincore(sim, u, BASE + 4 * PG, 2 * PG, vec), 0);
	assert_int_equal(vec[0] | vec[1], 0);
	assert_int_equal(vmlck(sim, u), 2);
	assert_int_equal(pmm_mlock2(sim, u, BASE, PG, 2), -EINVAL);	/* rule 8 */
	/* rules 11, 20 */
	assert_int_equal(pmm_mlockall(sim, u, PMM_MCL_ONFAULT), -EINVAL);
	assert_int_equal(pmm_mlockall(sim, u, 0), -EINVAL);
	assert_int_equal(pmm_mlock(sim, u, BASE + 16 * PG, PG), -ENOMEM);
	/* rule 10: MCL_FUTURE locks later mappings, within the quota */
	assert_int_equal(pmm_mlockall(sim, u, PMM_MCL_FUTURE), 0);
	assert_int_equal(pmm_mmap(sim, u, BASE + 32 * PG, PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)(BASE + 32 * PG));
	assert_int_equal(vmlck(sim, u), 3);
	assert_int_equal(pmm_mmap(sim, u, BASE + 40 * PG, 4 * PG, PROT_R,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 -EAGAIN);
	/* rule 17 (Peios) / Linux: what a fork child inherits */
	assert_int_equal(pmm_fork(sim, u, &child), 0);
	assert_int_equal(vmlck(sim, child),
			 pmm_sim_profile(sim) == PMM_PROFILE_LINUX ? 0 : 3);
	/* rule 14: munlockall clears MCL_FUTURE */
	assert_int_equal(pmm_munlockall(sim, u), 0);
	assert_int_equal(vmlck(sim, u), 0);
	assert_int_equal(pmm_mmap(sim, u, BASE + 48 * PG, PG, PROT_R,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)(BASE + 48 * PG));
	assert_int_equal(vmlck(sim, u), 0);
	/* rule 15: munmap of a locked mapping */
	assert_int_equal(pmm_mlock(sim, p, BASE, PG), 0);
	assert_int_equal(pmm_munmap(sim, p, BASE, 8 * PG), 0);
	assert_int_equal(vmlck(sim, p), 0);
	/* rule 9: MCL_CURRENT locks what is mapped now only */
	assert_int_equal(pmm_mlockall(sim, p, PMM_MCL_CURRENT), 0);
	assert_int_equal(pmm_mmap(sim, p, BASE, PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(vmlck(sim, p), 0);
	(void)r;
	pmm_token_put(lk);
}

/* spec 14: protection keys. */
static void test_spec14_pkeys(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), t2, child;
	struct pmm_access_result r;
	int keys[16], k;
	int64_t pkru;

	/* rules 1-5 */
	for (int i = 0; i < 15; i++) {
		keys[i] = pmm_pkey_alloc(sim, pid, 0, 0);
		assert_true(keys[i] >= 1 && keys[i] <= 15);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(keys[i], keys[j]);
	}
	assert_int_equal(pmm_pkey_alloc(sim, pid, 0, 0), -ENOSPC);
	assert_int_equal(pmm_pkey_free(sim, pid, keys[3]), 0);
	assert_int_equal(pmm_pkey_alloc(sim, pid, 0, 0), keys[3]);
	for (int i = 0; i < 15; i++)
		assert_int_equal(pmm_pkey_free(sim, pid, keys[i]), 0);
	assert_int_equal(pmm_pkey_alloc(sim, pid, 1, 0), -EINVAL);
	assert_int_equal(pmm_pkey_alloc(sim, pid, 0, 4), -EINVAL);
	assert_int_equal(pmm_pkey_free(sim, pid, 7), -EINVAL);
	if (pmm_sim_profile(sim) == PMM_PROFILE_LINUX) {
		/* x86 Linux lets key 0 go, and hands it out again */
		assert_int_equal(pmm_pkey_free(sim, pid, 0), 0);
		assert_int_equal(pmm_pkey_alloc(sim, pid, 0, 0), 0);
	} else {
		assert_int_equal(pmm_pkey_free(sim, pid, 0), -EINVAL);
	}
	/* rules 6-9 */
	assert_int_equal(pmm_mmap(sim, pid, BASE, 2 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE, PG, PROT_R | PROT_W, 9),
			 -EINVAL);
	k = pmm_pkey_alloc(sim, pid, 0, PMM_PKEY_DISABLE_ACCESS);
	assert_true(k > 0);
	assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE, PG, PROT_R | PROT_W, k), 0);
	assert_int_equal(touch(sim, pid, BASE + 5, PMM_ACCESS_READ, &r),
			 PMM_SEGV_PKUERR);
	assert_int_equal(r.pkey, k);
	assert_int_equal(r.addr, BASE + 5);
	/* rule 13: key 0 pages are not affected */
	assert_int_equal(touch(sim, pid, BASE + PG, PMM_ACCESS_READ, &r), 0);
	pkru = pmm_rdpkru(sim, pid);
	assert_true(pkru >= 0);
	assert_int_equal(pmm_wrpkru(sim, pid, (uint32_t)pkru & ~(3u << (2 * k))), 0);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_WRITE, &r), 0);
	/* rule 8: write-disable */
	assert_int_equal(pmm_wrpkru(sim, pid, ((uint32_t)pkru & ~(3u << (2 * k))) |
				    (PMM_PKEY_DISABLE_WRITE << (2 * k))), 0);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_READ, &r), 0);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_WRITE, &r),
			 PMM_SEGV_PKUERR);
	/* rules 10-12: PKRU is per thread, copied at creation */
	assert_int_equal(pmm_thread_create(sim, pid, &t2), 0);
	assert_int_equal(pmm_rdpkru(sim, t2), pmm_rdpkru(sim, pid));
	assert_int_equal(pmm_wrpkru(sim, t2, 0), 0);
	assert_int_equal(touch(sim, t2, BASE, PMM_ACCESS_WRITE, &r), 0);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_WRITE, &r),
			 PMM_SEGV_PKUERR);
	pkru = pmm_rdpkru(sim, t2);
	assert_true(pmm_pkey_alloc(sim, pid, 0, PMM_PKEY_DISABLE_WRITE) > 0);
	assert_int_equal(pmm_rdpkru(sim, t2), pkru);
	/* rule 14: an open key does not relax the protection */
	assert_int_equal(pmm_pkey_mprotect(sim, t2, BASE + PG, PG, PROT_R, k), 0);
	assert_int_equal(touch(sim, t2, BASE + PG, PMM_ACCESS_WRITE, &r),
			 PMM_SEGV_ACCERR);
	/* rule 15: instruction fetches ignore the key */
	assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE + PG, PG,
					   PROT_R | 0x4u, k), 0);
	assert_int_equal(pmm_wrpkru(sim, pid, (uint32_t)pmm_rdpkru(sim, pid) |
				    (PMM_PKEY_DISABLE_ACCESS << (2 * k))), 0);
	assert_int_equal(touch(sim, pid, BASE + PG, PMM_ACCESS_EXEC, &r), 0);
	assert_int_equal(touch(sim, pid, BASE + PG, PMM_ACCESS_READ, &r),
			 PMM_SEGV_PKUERR);
	/* rules 17-18: fork copies tags and PKRU; allocations part ways */
	assert_int_equal(pmm_fork(sim, pid, &child), 0);
	assert_int_equal(pmm_rdpkru(sim, child), pmm_rdpkru(sim, pid));
	assert_int_equal(touch(sim, child, BASE, PMM_ACCESS_WRITE, &r),
			 PMM_SEGV_PKUERR);
	assert_int_equal(pmm_pkey_free(sim, child, k), 0);
	assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE, PG, PROT_R, k), 0);
	/* rule 16: sealed regions refuse a new tag; WRPKRU still works */
	/* rule 19: exec resets keys and PKRU */
	{
		static const struct pmm_image img = {
			.name = "/usr/bin/x", .text = 4096, .pie = true,
		};

		assert_int_equal(pmm_exec(sim, pid, &img), 0);
		assert_int_equal(pmm_rdpkru(sim, pid), 0x55555554);
		assert_int_equal(pmm_mmap(sim, pid, BASE, PG, PROT_R,
					  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
				 (int64_t)BASE);
		assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE, PG, PROT_R, k),
				 -EINVAL);
	}
}

/* x86: PROT_EXEC alone takes the execute-only key; reads fault. */
static void test_exec_only_key(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;

	assert_int_equal(pmm_mmap(sim, pid, BASE, PG, 0x4u,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_READ, &r),
			 PMM_SEGV_PKUERR);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_EXEC, &r), 0);
	/* 14 keys left for the user */
	for (int i = 0; i < 14; i++)
		assert_true(pmm_pkey_alloc(sim, pid, 0, 0) > 0);
	assert_int_equal(pmm_pkey_alloc(sim, pid, 0, 0), -ENOSPC);
	/* no longer exec-only: back to key 0, readable */
	assert_int_equal(pmm_mprotect(sim, pid, BASE, PG, PROT_R | 0x4u), 0);
	assert_int_equal(touch(sim, pid, BASE, PMM_ACCESS_READ, &r), 0);
}

/* rule 21: no pkey hardware */
static void test_spec14_rule21_nohw(void **state)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *sim;
	pmm_pid_t pid;
	char msg[128];

	(void)state;
	for (int prof = 0; prof < 2; prof++) {
		pmm_sim_config_init(&cfg);
		cfg.no_pkeys = true;
		cfg.profile = prof ? PMM_PROFILE_LINUX : PMM_PROFILE_PEIOS;
		assert_int_equal(pmm_sim_create(&cfg, &sim), 0);
		pid = fx_process(sim, NULL);
		assert_int_equal(pmm_pkey_alloc(sim, pid, 0, 0),
				 prof ? -ENOSPC : -ENOSYS);
		assert_int_equal(pmm_pkey_free(sim, pid, 1),
				 prof ? -EINVAL : -ENOSYS);
		assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE, PG, PROT_R, 1),
				 prof ? -EINVAL : -ENOSYS);
		assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
		pmm_sim_destroy(sim);
	}
}

/* Page contents are exact at byte level through every representation:
 * bulk, a few stored bytes over it, the materialised page, COW copies. */
static void test_content_bytes(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL), child;
	static uint8_t ref[4 * 4096], got[4 * 4096];
	struct pmm_access_result r;
	uint64_t x = fx_seed() | 1;

	assert_int_equal(pmm_mmap(sim, pid, BASE, 4 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	memset(ref, 0, sizeof(ref));
	/* page 3 gets unrecorded bulk content first */
	assert_int_equal(pmm_access(sim, pid, BASE + 3 * PG, 1, PMM_ACCESS_WRITE,
				    NULL, &r), 0);
	assert_int_equal(pmm_access(sim, pid, BASE + 3 * PG, PG, PMM_ACCESS_READ,
				    ref + 3 * PG, &r), 0);
	for (int step = 0; step < 4000; step++) {
		uint64_t off = rnd(&x) % sizeof(ref);
		uint64_t n = 1 + rnd(&x) % (step % 50 ? 6 : 300);
		uint8_t buf[300];

		if (off + n > sizeof(ref))
			n = sizeof(ref) - off;
		for (uint64_t i = 0; i < n; i++)
			buf[i] = (uint8_t)rnd(&x);
		assert_int_equal(pmm_access(sim, pid, BASE + off, n,
					    PMM_ACCESS_WRITE, buf, &r), 0);
		assert_int_equal(r.status, 0);
		memcpy(ref + off, buf, n);
		if (step % 200 == 0) {
			assert_int_equal(pmm_access(sim, pid, BASE, sizeof(got),
						    PMM_ACCESS_READ, got, &r), 0);
			assert_memory_equal(got, ref, sizeof(ref));
		}
		if (step == 1000) {
			/* a COW copy keeps every byte, on both sides */
			assert_int_equal(pmm_fork(sim, pid, &child), 0);
			assert_int_equal(pmm_fill(sim, child, BASE + 5, 1, 0xee, &r), 0);
			assert_int_equal(pmm_access(sim, child, BASE + 6, PG - 6,
						    PMM_ACCESS_READ, got + 6, &r), 0);
			assert_memory_equal(got + 6, ref + 6, PG - 6);
		}
	}
	assert_int_equal(pmm_access(sim, pid, BASE, sizeof(got), PMM_ACCESS_READ,
				    got, &r), 0);
	assert_memory_equal(got, ref, sizeof(ref));
}

/* Every page-level entry point refuses a bad caller or argument with an
 * errno and leaves the machine as it was. */
static void test_bad_input_page_level(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t pid = fx_process(sim, NULL);
	struct pmm_access_result r;
	struct pmm_mm_stats st0, st1;
	struct pmm_iovec iv = { BASE, PG };
	uint8_t vec[4], buf[16];

	assert_int_equal(pmm_mmap(sim, pid, BASE, 2 * PG, PROT_R | PROT_W,
				  MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0),
			 (int64_t)BASE);
	assert_int_equal(pmm_fill(sim, pid, BASE, 1, 7, &r), 0);
	assert_int_equal(pmm_mm_stats(sim, pid, &st0), 0);
	assert_int_equal(pmm_access(NULL, pid, BASE, 1, PMM_ACCESS_READ, buf, &r), -EINVAL);
	assert_int_equal(pmm_access(sim, 4242, BASE, 1, PMM_ACCESS_READ, buf, &r), -ESRCH);
	assert_int_equal(pmm_access(sim, pid, BASE, 1ull << 41, PMM_ACCESS_READ, NULL, &r), -EINVAL);
	assert_int_equal(pmm_fill(sim, pid, BASE, 1, 1, NULL), -EINVAL);
	assert_int_equal(pmm_check(NULL, pid, BASE, 1, 0, &r), -EINVAL);
	assert_int_equal(pmm_mincore(sim, pid, BASE + 1, PG, vec), -EINVAL);
	assert_int_equal(pmm_mincore(sim, pid, BASE, PG, NULL), -EFAULT);
	assert_int_equal(pmm_mincore(sim, 4242, BASE, PG, vec), -ESRCH);
	assert_int_equal(pmm_mlock2(sim, pid, BASE, PG, 2), -EINVAL);
	assert_int_equal(pmm_mlock(NULL, pid, BASE, PG), -EINVAL);
	assert_int_equal(pmm_mlockall(sim, pid, 8), -EINVAL);
	assert_int_equal(pmm_munlockall(sim, 4242), -ESRCH);
	assert_int_equal(pmm_pkey_alloc(sim, pid, 1, 0), -EINVAL);
	assert_int_equal(pmm_pkey_free(sim, pid, 16), -EINVAL);
	assert_int_equal(pmm_pkey_mprotect(sim, pid, BASE, PG, PROT_R, 3), -EINVAL);
	assert_int_equal(pmm_wrpkru(NULL, pid, 0), -EINVAL);
	assert_int_equal(pmm_rdpkru(sim, 4242), -ESRCH);
	assert_int_equal(pmm_process_vm_readv(sim, pid, pid, &iv, 1, &iv, 1, 1), -EINVAL);
	assert_int_equal(pmm_process_vm_readv(sim, pid, pid, &iv, 1025, &iv, 1, 0), -EINVAL);
	assert_int_equal(pmm_process_vm_readv(sim, pid, pid, NULL, 1, &iv, 1, 0), -EFAULT);
	assert_int_equal(pmm_process_vm_writev(sim, pid, 4242, &iv, 1, &iv, 1, 0), -ESRCH);
	assert_int_equal(pmm_proc_pread(sim, 0, "/proc/1/pagemap", buf, 12, 0), -EINVAL);
	assert_int_equal(pmm_proc_pread(sim, 0, "/proc/1/pagemap", buf, 8, 4), -EINVAL);
	assert_int_equal(pmm_proc_pread(NULL, 0, "/proc/1/mem", buf, 8, BASE), -EINVAL);
	assert_int_equal(pmm_proc_pwrite(sim, 0, "/proc/1/mem", NULL, 8, BASE), -EINVAL);
	assert_int_equal(pmm_proc_pwrite(sim, 0, "/proc/meminfo", "x", 1, 4), -EINVAL);
	assert_int_equal(pmm_mm_stats(sim, pid, NULL), -EINVAL);
	assert_int_equal(pmm_mm_stats(sim, 4242, &st1), -ESRCH);
	/* nothing changed */
	assert_int_equal(pmm_mm_stats(sim, pid, &st1), 0);
	assert_memory_equal(&st0, &st1, sizeof(st0));
	assert_int_equal(pmm_vma_count(sim, pid), 1);
	assert_int_equal(pmm_check(sim, pid, BASE, 1, 7, &r), 1);
	assert_int_equal(pmm_check(sim, pid, BASE + 1, 2 * PG - 1, 0, &r), 1);
}

/* ---- the model test ----------------------------------------------------- */

#define NPROC	4
#define MW	48
#define NOBJ	64

struct mpage {
	int state;		/* 0 unmapped, 1 private, 2 shared */
	uint32_t prot;
	bool locked;		/* in a VM_LOCKED VMA */
	uint8_t val;		/* private: the byte every byte holds */
	int obj, index;		/* shared: object and page in it */
};


struct mproc {
	pmm_pid_t pid;
	struct mpage pg[MW];
};

struct model {
	struct mproc p[NPROC];
	int nproc;
	uint8_t obj[NOBJ][MW];
	int nobj;
};


static int expect_read(const struct model *m, const struct mpage *p,
		       uint8_t *val)
{
	if (!p->state)
		return PMM_SEGV_MAPERR;
	if (!p->prot)
		return PMM_SEGV_ACCERR;
	*val = p->state == 1 ? p->val : m->obj[p->obj][p->index];
	return 0;
}

static void model_verify(struct pmm_sim *sim, struct model *m, int i,
			 unsigned int pg)
{
	struct mproc *mp = &m->p[i];
	struct pmm_access_result r;
	uint8_t want = 0;
	int code = expect_read(m, &mp->pg[pg], &want);
	int got = pmm_check(sim, mp->pid, BASE + pg * PG, PG, want, &r);

	if (code) {
		assert_int_equal(got, 0);
		assert_int_equal(r.status, PMM_ACCESS_SIGNAL);
		assert_int_equal(r.code, code);
	} else {
		assert_int_equal(got, 1);
	}
}


/* VmLck of each process against the pages the model has locked. */
static void model_verify_locks(struct pmm_sim *sim, const struct model *m)
{
	for (int i = 0; i < m->nproc; i++) {
		char path[64], buf[4096];
		const char *l;
		unsigned long kb = 0, want = 0;
		long len;

		for (unsigned int pg = 0; pg < MW; pg++)
			want += m->p[i].pg[pg].state && m->p[i].pg[pg].locked;
		snprintf(path, sizeof(path), "/proc/%d/status", (int)m->p[i].pid);
		len = pmm_proc_read(sim, 0, path, buf, sizeof(buf) - 1);
		assert_true(len > 0);
		buf[len] = '\0';
		l = strstr(buf, "VmLck:");
		assert_non_null(l);
		assert_int_equal(sscanf(l, "VmLck: %lu kB", &kb), 1);
		assert_int_equal(kb, want * (PG >> 10));
	}
}

static void test_model(void **state)
{
	struct pmm_sim *sim = *state;
	struct model *m = calloc(1, sizeof(*m));
	uint64_t seed = fx_seed(), x = seed | 1;
	const char *env = getenv("PMM_MODEL_OPS");
	long ops = env ? atol(env) : 1000000;
	/* spec 13 rule 17: a Peios child keeps its parent's locks */
	bool keeps_locks = pmm_sim_profile(sim) != PMM_PROFILE_LINUX;
	char msg[256];

	assert_non_null(m);
	m->nproc = 1;
	m->p[0].pid = fx_process(sim, NULL);
	for (long step = 0; step < ops; step++) {
		int i = (int)(rnd(&x) % (uint64_t)m->nproc);
		struct mproc *mp = &m->p[i];
		unsigned int op = (unsigned int)(rnd(&x) % 100);
		unsigned int pg = (unsigned int)(rnd(&x) % MW);
		unsigned int n = 1 + (unsigned int)(rnd(&x) % 6);
		struct pmm_access_result r;

		if (pg + n > MW)
			n = MW - pg;
		if (op < 10) {			/* mmap, private or shared */
			bool shared = rnd(&x) % 4 == 0 && m->nobj < NOBJ;
			uint32_t prot = rnd(&x) % 3 ? PROT_R | PROT_W : PROT_R;
			int64_t a = pmm_mmap(sim, mp->pid, BASE + pg * PG, n * PG,
					     prot, (shared ? MAP_SHARED : MAP_PRIVATE) |
					     MAP_ANON | MAP_FIXED, -1, 0);

			assert_int_equal(a, (int64_t)(BASE + pg * PG));
			if (shared)
				memset(m->obj[m->nobj], 0, MW);
			for (unsigned int k = 0; k < n; k++) {
				struct mpage *p = &mp->pg[pg + k];

				p->state = shared ? 2 : 1;
				p->prot = prot;
				p->locked = false;
				p->val = 0;
				p->obj = shared ? m->nobj : 0;
				p->index = (int)k;
			}
			if (shared)
				m->nobj++;
		} else if (op < 16) {		/* munmap */
			assert_int_equal(pmm_munmap(sim, mp->pid, BASE + pg * PG,
						    n * PG), 0);
			for (unsigned int k = 0; k < n; k++) {
				mp->pg[pg + k].state = 0;
				mp->pg[pg + k].locked = false;
			}
		} else if (op < 24) {		/* mprotect */
			static const uint32_t prots[] = { 0, PROT_R, PROT_R | PROT_W };
			uint32_t prot = prots[rnd(&x) % 3];
			int want = 0, got;
			unsigned int k;

			got = pmm_mprotect(sim, mp->pid, BASE + pg * PG, n * PG, prot);
			for (k = 0; k < n; k++) {
				if (!mp->pg[pg + k].state) {
					want = -ENOMEM;
					break;
				}
				mp->pg[pg + k].prot = prot;
			}
			assert_int_equal(got, want);
		} else if (op < 27) {		/* MADV_DONTNEED */
			int want = 0, got;

			/* madvise_walk_vmas(): a hole is ENOMEM at the end; a
			 * locked VMA is EINVAL at once, the VMAs before it
			 * done (can_madv_lru_vma()) */
			got = pmm_madvise(sim, mp->pid, BASE + pg * PG, n * PG,
					  MADV_DONTNEED);
			for (unsigned int k = 0; k < n; k++) {
				struct mpage *p = &mp->pg[pg + k];

				if (!p->state) {
					want = -ENOMEM;
				} else if (p->locked) {
					want = -EINVAL;
					break;
				} else if (p->state == 1) {
					p->val = 0;
				}
			}
			assert_int_equal(got, want);
		} else if (op < 29 && m->nproc < NPROC) {	/* fork */
			struct mproc *c = &m->p[m->nproc];

			assert_int_equal(pmm_fork(sim, mp->pid, &c->pid), 0);
			memcpy(c->pg, mp->pg, sizeof(c->pg));
			for (unsigned int k = 0; k < MW; k++)
				c->pg[k].locked &= keeps_locks;
			m->nproc++;
		} else if (op < 30 && m->nproc > 1) {		/* exit */
			assert_int_equal(pmm_exit(sim, mp->pid, 0), 0);
			m->p[i] = m->p[m->nproc - 1];
			m->nproc--;
			continue;
		} else if (op < 64) {		/* a page through /proc/self/mem */
			struct mpage *p = &mp->pg[pg];
			uint8_t v = (uint8_t)rnd(&x), buf[PG];
			/* mem_rw() with FOLL_FORCE: a private mapping takes the
			 * write whatever its protection (a private copy), a
			 * shared one only with PROT_WRITE; a hole is EIO */
			bool ok = p->state == 1 ||
				  (p->state == 2 && (p->prot & PROT_W));

			memset(buf, v, sizeof(buf));
			assert_int_equal(pmm_proc_pwrite(sim, mp->pid,
							 "/proc/self/mem", buf,
							 PG, BASE + pg * PG),
					 ok ? (long)PG : -EIO);
			if (ok && p->state == 1)
				p->val = v;
			else if (ok)
				m->obj[p->obj][p->index] = v;
		} else if (op < 67) {		/* store a page */
			struct mpage *p = &mp->pg[pg];
			uint8_t v = (uint8_t)rnd(&x);
			int code = !p->state ? PMM_SEGV_MAPERR :
				   !(p->prot & PROT_W) ? PMM_SEGV_ACCERR : 0;

			assert_int_equal(pmm_fill(sim, mp->pid, BASE + pg * PG, PG,
						  v, &r), 0);
			assert_int_equal(r.status ? r.code : 0, code);
			if (!code) {
				if (p->state == 1)
					p->val = v;
				else
					m->obj[p->obj][p->index] = v;
			}
		} else if (op < 70) {		/* mlock / munlock */
			bool lock = rnd(&x) % 2, holes = false;
			int want = 0;

			for (unsigned int k = 0; k < n; k++) {
				if (!mp->pg[pg + k].state)
					holes = true;
				/* __mm_populate() fails at a PROT_NONE VMA:
				 * EFAULT, reported as ENOMEM; all stay locked */
				else if (lock && !mp->pg[pg + k].prot)
					want = -ENOMEM;
			}
			if (holes)
				continue;
			assert_int_equal(lock ? pmm_mlock(sim, mp->pid,
							  BASE + pg * PG, n * PG) :
					 pmm_munlock(sim, mp->pid, BASE + pg * PG,
						     n * PG), want);
			for (unsigned int k = 0; k < n; k++)
				mp->pg[pg + k].locked = lock;
		} else {			/* check a page */
			model_verify(sim, m, i, pg);
		}
		if (step % 4096 == 0) {
			assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
			model_verify_locks(sim, m);
		}
	}
	model_verify_locks(sim, m);
	for (int i = 0; i < m->nproc; i++)
		for (unsigned int pg = 0; pg < MW; pg++)
			model_verify(sim, m, i, pg);
	assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spec01_rules3_4_demand_paging,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_fork_cow_and_shared,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec01_rules10_11_stack,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec02_rules24_25_dontneed_guard,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_tables_and_exit,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec01_rule2_noncanonical,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec13_mlock,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec13_mlock,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec14_pkeys,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_spec14_pkeys,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_exec_only_key,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test(test_spec14_rule21_nohw),
		cmocka_unit_test_setup_teardown(test_content_bytes,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_page_level,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_model,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_model,
			fx_sim_setup, fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
