// SPDX-License-Identifier: MIT
/*
 * bench_fault.c - the page-level paths against the host kernel: the same
 * touches run on real memory in this process and with pmm_access() and
 * pmm_fill() on a simulated machine (linux profile, 4 GiB, one exec'd
 * process).
 *
 * Cases (the cost is ns per touch; the rate is touches per second):
 *   demand_fault      the first write to each page of a fresh N-page
 *                     private anonymous RW mapping, one byte per page.
 *                     Host: mmap(MAP_PRIVATE|MAP_ANONYMOUS) with
 *                     MADV_NOHUGEPAGE (4 KiB faults, as the simulator
 *                     makes), a volatile one-byte store per page, munmap.
 *                     Sim: pmm_mmap, then per page either pmm_fill() of one
 *                     byte ("bytes": the page's 4 KiB buffer is
 *                     materialised, as the host clears a frame) or
 *                     pmm_access(WRITE, buf NULL) of one byte ("fp": the
 *                     page gets new unrecorded content, a fingerprint).
 *                     Issue goal: the simulator at least 10 M faults/s and
 *                     20x the host.
 *   cow_fault         after a fork, the child's first write to each page
 *                     of an N-page region the parent populated before the
 *                     fork, one byte per page.  Host: a real fork(); the
 *                     child times its own stores and reports the time and
 *                     its minor-fault count through a pipe (the fork itself
 *                     and the parent's wait are not timed).  Sim: pmm_fork,
 *                     the child's touches timed, pmm_exit.  "bytes": the
 *                     parent stored real bytes (materialised pages, copied
 *                     4 KiB at a time, as the host copies); "fp": parent
 *                     and child store unrecorded content.  No stated goal.
 *   resident_load     1- and 8-byte loads of pages already mapped readable
 *                     and writable (the TLB-hit path on the host; the
 *                     simulator walks its VMA tree and page tables every
 *                     time), over a 64-page working set.  Host: volatile
 *                     loads, done by the hardware with no kernel entry, so
 *                     the ratio says how far the simulator is from the
 *                     CPU, not from the kernel.  Sim: pmm_access(READ)
 *                     into a 1- or 8-byte buffer (the simulator's TLB
 *                     holds the 64 pages), on pages whose every byte was
 *                     stored ("page": a materialised 4 KiB buffer), on
 *                     pages with one stored byte ("bytes": an overlay on
 *                     zeroes) and on fingerprint pages ("fp").  Goal: at
 *                     least 100 M loads/s (1-byte, materialised).
 *   bytes_per_page    the machine's allocator live bytes before and after
 *                     pmm_access(WRITE, buf NULL) of one byte to each page
 *                     of a fresh N-page mapping, divided by N (page tables
 *                     included).  Measured twice: "cold" as the first thing
 *                     the machine does, where the lazily allocated struct
 *                     pmm_page arrays of 128 MiB sections land in the delta
 *                     too (shown apart as memmap_bytes), and "warm" after
 *                     the other cases, as on a machine that has run a
 *                     while (the goal, at most 64 bytes, is judged there).
 *
 * Every timed loop is warmed up once, then timed RUNS times; one key=value
 * line per case gives the median and best of both sides and the host/sim
 * speedup.  Every simulated touch is checked (return 0, status 0, all bytes
 * done), the fault counts of both sides are checked against N
 * (pmm_mm_stats() min_flt and RSS; the host's ru_minflt), the contents are
 * read back with pmm_check(), and pmm_sim_check() runs at the end.
 * --quick: N = 2048, fewer runs and loads, as a smoke test.  --only CASE
 * (demand, cow, load, bytes) runs one case (and the bytes measurements,
 * which are cheap), to profile the simulator's side of it alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <peiosmm/peiosmm.h>
#include <peiosmm/vm.h>

#include "bench_util.h"

#include "kernel/kernel.h"	/* sim->alloc, sim->numa: the host bytes */

#define PG		4096ull
#define BASE		0x250000000000ull	/* demand-fault region */
#define COW_BYTES	0x260000000000ull	/* cow, materialised pages */
#define COW_FP		0x270000000000ull	/* cow, fingerprint pages */
#define RES_BYTES	0x280000000000ull	/* resident, materialised */
#define RES_FP		0x290000000000ull	/* resident, fingerprint */
#define RES_PAGE	0x2a0000000000ull	/* resident, materialised */
#define BYTES_BASE	0x2a0000000000ull	/* bytes per page */
#define RW		(PROT_READ | PROT_WRITE)
#define MAP_ANON_PRIV	(MAP_PRIVATE | MAP_ANONYMOUS)
#define WS_PAGES	64u			/* resident working set */
#define FAULT_RATE_GOAL	10e6
#define SPEEDUP_GOAL	20.0
#define LOAD_RATE_GOAL	100e6
#define BYTES_GOAL	64.0

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

static unsigned int runs = 7;
static uint64_t npages = 16384;		/* 64 MiB */
static uint64_t nloads = 1u << 24;

/* ---- helpers ---- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench_fault: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void *must(void *p)
{
	if (!p)
		die("out of memory");
	return p;
}

struct result {
	double med, best;	/* ns per touch */
};

static struct result summarise(double *ns)
{
	struct result r;

	qsort(ns, runs, sizeof(ns[0]), cmp_double);
	r.med = ns[runs / 2];
	r.best = ns[0];
	return r;
}

static long host_minflt(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		die("host: getrusage: %s", strerror(errno));
	return ru.ru_minflt;
}

/* ---- the machine ---- */

static struct pmm_sim *sim;
static pmm_pid_t pid;

static void access_must(const char *call, pmm_pid_t tid, int ret,
			const struct pmm_access_result *r, uint64_t a,
			uint64_t len)
{
	if (ret != 0 || r->status != 0 || r->done != len)
		die("sim: %s(tid %d, 0x%llx, %llu) returned %d status %d "
		    "signo %d code %d addr 0x%llx done %llu", call, tid,
		    (unsigned long long)a, (unsigned long long)len, ret,
		    r->status, r->signo, r->code, (unsigned long long)r->addr,
		    (unsigned long long)r->done);
}

static void sim_map(pmm_pid_t tid, uint64_t a, uint64_t n)
{
	int64_t r = pmm_mmap(sim, tid, a, n * PG, RW,
			     MAP_ANON_PRIV | MAP_FIXED_NOREPLACE, -1, 0);

	if (r != (int64_t)a)
		die("sim: pmm_mmap(0x%llx, %llu pages) returned %lld",
		    (unsigned long long)a, (unsigned long long)n,
		    (long long)r);
}

static void sim_unmap(pmm_pid_t tid, uint64_t a, uint64_t n)
{
	int r = pmm_munmap(sim, tid, a, n * PG);

	if (r)
		die("sim: pmm_munmap(0x%llx) returned %d",
		    (unsigned long long)a, r);
}

static struct pmm_mm_stats sim_stats(pmm_pid_t p)
{
	struct pmm_mm_stats st;
	int r = pmm_mm_stats(sim, p, &st);

	if (r)
		die("sim: pmm_mm_stats(%d) returned %d", p, r);
	return st;
}

/* One byte stored at the start of each of @n pages from @a. */
static void sim_touch_bytes(pmm_pid_t tid, uint64_t a, uint64_t n,
			    uint8_t v)
{
	struct pmm_access_result r;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t p = a + i * PG;

		access_must("pmm_fill", tid, pmm_fill(sim, tid, p, 1, v, &r),
			    &r, p, 1);
	}
}

static void sim_touch_fp(pmm_pid_t tid, uint64_t a, uint64_t n)
{
	struct pmm_access_result r;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t p = a + i * PG;

		access_must("pmm_access(WRITE, NULL)", tid,
			    pmm_access(sim, tid, p, 1, PMM_ACCESS_WRITE, NULL,
				       &r),
			    &r, p, 1);
	}
}

/* Does the byte at the start of pages 0, n/2 and n-1 read @v? */
static void sim_expect(pmm_pid_t tid, uint64_t a, uint64_t n, uint8_t v,
		       const char *what)
{
	const uint64_t pick[3] = { 0, n / 2, n - 1 };
	struct pmm_access_result r;

	for (unsigned int i = 0; i < 3; i++) {
		uint64_t p = a + pick[i] * PG;
		int ret = pmm_check(sim, tid, p, 1, v, &r);

		if (ret != 1)
			die("sim: %s: pmm_check(tid %d, 0x%llx, 0x%02x) "
			    "returned %d (status %d)", what, tid,
			    (unsigned long long)p, v, ret, r.status);
	}
}

static void make_machine(void)
{
	struct pmm_sim_config cfg;
	struct pmm_process_config pc;
	struct pmm_image img = {
		.name = "/usr/bin/bench_fault",
		.text = 256 * PG,
		.data = 16 * PG,
		.bss = 16 * PG,
		.pie = true,
	};
	int err;

	pmm_sim_config_init(&cfg);
	cfg.profile = PMM_PROFILE_LINUX;
	cfg.seed = 1;
	err = pmm_sim_config_split_ram(&cfg, 1, 4ull << 30, 4);
	if (err)
		die("sim: pmm_sim_config_split_ram: %d", err);
	err = pmm_sim_create(&cfg, &sim);
	if (err)
		die("sim: pmm_sim_create: %d", err);
	pmm_process_config_init(&pc);
	pc.comm = "bench_fault";
	err = pmm_process_create(sim, &pc, &pid);
	if (err)
		die("sim: pmm_process_create: %d", err);
	err = pmm_exec(sim, pid, &img);
	if (err)
		die("sim: pmm_exec(%d): %d (%s)", pid, err, strerror(-err));
}

/* ---- demand faults ---- */

enum { V_BYTES, V_FP, NR_VARIANTS };
static const char *const variant_name[NR_VARIANTS] = { "bytes", "fp" };

static double host_demand_once(void)
{
	size_t len = npages * PG;
	uint8_t *p = mmap(NULL, len, RW, MAP_ANON_PRIV, -1, 0);
	uint64_t t0, t1;
	long f0, f1;

	if (p == MAP_FAILED)
		die("host: mmap(%zu): %s", len, strerror(errno));
	if (madvise(p, len, MADV_NOHUGEPAGE))
		die("host: madvise(MADV_NOHUGEPAGE): %s", strerror(errno));
	f0 = host_minflt();
	t0 = now_ns();
	for (uint64_t i = 0; i < npages; i++)
		((volatile uint8_t *)p)[i * PG] = (uint8_t)(i | 1);
	t1 = now_ns();
	f1 = host_minflt();
	if ((uint64_t)(f1 - f0) < npages)
		die("host: %llu first writes made %ld minor faults",
		    (unsigned long long)npages, f1 - f0);
	if (munmap(p, len))
		die("host: munmap: %s", strerror(errno));
	return (double)(t1 - t0) / (double)npages;
}

static double sim_demand_once(int variant)
{
	struct pmm_mm_stats s0, s1;
	uint64_t t0, t1;

	sim_map(pid, BASE, npages);
	s0 = sim_stats(pid);
	t0 = now_ns();
	if (variant == V_BYTES)
		sim_touch_bytes(pid, BASE, npages, 0x5a);
	else
		sim_touch_fp(pid, BASE, npages);
	t1 = now_ns();
	s1 = sim_stats(pid);
	if (s1.min_flt - s0.min_flt != npages ||
	    s1.rss_anon - s0.rss_anon != npages)
		die("sim: %llu first writes made %llu faults, %llu anon pages",
		    (unsigned long long)npages,
		    (unsigned long long)(s1.min_flt - s0.min_flt),
		    (unsigned long long)(s1.rss_anon - s0.rss_anon));
	if (variant == V_BYTES)
		sim_expect(pid, BASE, npages, 0x5a, "demand_fault");
	sim_unmap(pid, BASE, npages);
	return (double)(t1 - t0) / (double)npages;
}

/* ---- copy-on-write faults ---- */

struct cow_msg {
	uint64_t ns;
	long faults;
};

static uint8_t *host_cow_region;

static double host_cow_once(void)
{
	struct cow_msg m;
	int fd[2], status;
	pid_t child;
	ssize_t got;

	if (pipe(fd))
		die("host: pipe: %s", strerror(errno));
	fflush(stdout);
	child = fork();
	if (child < 0)
		die("host: fork: %s", strerror(errno));
	if (child == 0) {
		volatile uint8_t *p = host_cow_region;
		long f0 = host_minflt();
		uint64_t t0 = now_ns();

		for (uint64_t i = 0; i < npages; i++)
			p[i * PG] = 0xc3;
		m.ns = now_ns() - t0;
		m.faults = host_minflt() - f0;
		if (write(fd[1], &m, sizeof(m)) != (ssize_t)sizeof(m))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	got = read(fd[0], &m, sizeof(m));
	close(fd[0]);
	if (waitpid(child, &status, 0) != child)
		die("host: waitpid: %s", strerror(errno));
	if (got != (ssize_t)sizeof(m) || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die("host: the COW child failed (status 0x%x)", status);
	if ((uint64_t)m.faults < npages)
		die("host: %llu COW writes made %ld minor faults",
		    (unsigned long long)npages, m.faults);
	if (host_cow_region[0] != 0x3c ||
	    host_cow_region[(npages - 1) * PG] != 0x3c)
		die("host: the child's writes reached the parent");
	return (double)m.ns / (double)npages;
}

static double sim_cow_once(int variant)
{
	uint64_t a = variant == V_BYTES ? COW_BYTES : COW_FP;
	struct pmm_mm_stats s0, s1;
	pmm_pid_t child;
	uint64_t t0, t1;
	int err;

	err = pmm_fork(sim, pid, &child);
	if (err)
		die("sim: pmm_fork(%d): %d", pid, err);
	s0 = sim_stats(child);
	t0 = now_ns();
	if (variant == V_BYTES)
		sim_touch_bytes(child, a, npages, 0xc3);
	else
		sim_touch_fp(child, a, npages);
	t1 = now_ns();
	s1 = sim_stats(child);
	if (s1.min_flt - s0.min_flt != npages)
		die("sim: %llu COW writes made %llu faults",
		    (unsigned long long)npages,
		    (unsigned long long)(s1.min_flt - s0.min_flt));
	if (variant == V_BYTES) {
		sim_expect(child, a, npages, 0xc3, "cow_fault child");
		sim_expect(pid, a, npages, 0x3c, "cow_fault parent");
	}
	err = pmm_exit(sim, child, 0);
	if (err)
		die("sim: pmm_exit(%d): %d", child, err);
	return (double)(t1 - t0) / (double)npages;
}

/* ---- resident loads ---- */

/* The i-th load: page i % 64 of the working set, offsets walking on. */
static inline uint64_t load_off(uint64_t i, unsigned int size)
{
	return ((i & (WS_PAGES - 1)) << 12) +
	       ((((i / WS_PAGES) * size) & (PG - 1)) & ~(uint64_t)(size - 1));
}

static uint8_t *host_res_region;
static volatile uint64_t sink;

static double host_load_once(unsigned int size)
{
	const uint8_t *p = host_res_region;
	uint64_t t0, sum = 0;

	t0 = now_ns();
	if (size == 1)
		for (uint64_t i = 0; i < nloads; i++)
			sum += *(const volatile uint8_t *)(p + load_off(i, 1));
	else
		for (uint64_t i = 0; i < nloads; i++)
			sum += *(const volatile uint64_t *)(p + load_off(i, 8));
	sink = sum;
	return (double)(now_ns() - t0) / (double)nloads;
}

static double sim_load_once(int variant, unsigned int size)
{
	uint64_t a = variant == V_BYTES ? RES_BYTES :
		     variant == V_FP ? RES_FP : RES_PAGE;
	struct pmm_access_result r;
	uint64_t t0, sum = 0;
	uint8_t buf[8];

	/*
	 * The loaded bytes are consumed byte-wise: the simulator stores them
	 * one at a time, and a wider load of them would stall on store
	 * forwarding in this loop, not in the simulator.
	 */
	t0 = now_ns();
	for (uint64_t i = 0; i < nloads; i++) {
		uint64_t p = a + load_off(i, size);
		int ret = pmm_access(sim, pid, p, size, PMM_ACCESS_READ, buf,
				     &r);

		if (__builtin_expect(ret || r.status || r.done != size, 0))
			access_must("pmm_access(READ)", pid, ret, &r, p, size);
		sum += buf[0] + buf[size - 1];
	}
	sink = sum;
	return (double)(now_ns() - t0) / (double)nloads;
}

/* ---- bytes per page ---- */

struct bytes_result {
	uint64_t bytes, objs, memmap;
	double per_page;
};

static struct bytes_result measure_bytes(void)
{
	struct bytes_result b;
	uint64_t b0, o0, m0;
	struct pmm_mm_stats s0, s1;

	sim_map(pid, BYTES_BASE, npages);
	s0 = sim_stats(pid);
	b0 = sim->alloc.live_bytes;
	o0 = sim->alloc.live_objs;
	m0 = sim->numa.nr_materialized;
	sim_touch_fp(pid, BYTES_BASE, npages);
	b.bytes = sim->alloc.live_bytes - b0;
	b.objs = sim->alloc.live_objs - o0;
	b.memmap = (sim->numa.nr_materialized - m0) * PAGES_PER_SECTION *
		   sizeof(struct pmm_page);
	s1 = sim_stats(pid);
	if (s1.rss_anon - s0.rss_anon != npages)
		die("sim: %llu writes made %llu anon pages",
		    (unsigned long long)npages,
		    (unsigned long long)(s1.rss_anon - s0.rss_anon));
	b.per_page = (double)b.bytes / (double)npages;
	sim_unmap(pid, BYTES_BASE, npages);
	return b;
}

/* ---- output ---- */

static void print_pair(const char *kase, const char *variant, uint64_t n,
		       struct result h, struct result m, const char *unit,
		       double rate_goal, double speedup_goal)
{
	double sim_rate = 1e9 / m.med, host_rate = 1e9 / h.med;
	double speedup = h.med / m.med;

	printf("bench=fault case=%s variant=%s n=%llu runs=%u "
	       "host_ns=%.2f host_best=%.2f host_%s_per_s=%.0f "
	       "sim_ns=%.2f sim_best=%.2f sim_%s_per_s=%.0f "
	       "speedup_host_over_sim=%.3f",
	       kase, variant, (unsigned long long)n, runs, h.med, h.best, unit,
	       host_rate, m.med, m.best, unit,
	       sim_rate, speedup);
	if (rate_goal > 0)
		printf(" goal_sim_%s_per_s=%.0f", unit, rate_goal);
	if (speedup_goal > 0)
		printf(" goal_speedup=%.0f", speedup_goal);
	if (rate_goal > 0 || speedup_goal > 0)
		printf(" met=%s",
		       (rate_goal <= 0 || sim_rate >= rate_goal) &&
				       (speedup_goal <= 0 ||
					speedup >= speedup_goal) ?
			       "yes" : "no");
	printf("\n");
	fflush(stdout);
}

static void print_bytes(const char *when, struct bytes_result b,
			bool judged)
{
	printf("bench=fault case=bytes_per_page when=%s n=%llu host_bytes=%llu "
	       "host_objs=%llu memmap_bytes=%llu bytes_per_page=%.1f "
	       "bytes_per_page_without_memmap=%.1f",
	       when, (unsigned long long)npages, (unsigned long long)b.bytes,
	       (unsigned long long)b.objs, (unsigned long long)b.memmap,
	       b.per_page, (double)(b.bytes - b.memmap) / (double)npages);
	if (judged)
		printf(" goal_bytes=%.0f met=%s", BYTES_GOAL,
		       b.per_page <= BYTES_GOAL ? "yes" : "no");
	printf("\n");
	fflush(stdout);
}

/* ---- the cases ---- */

static double *ns;

typedef double (*once_fn)(int arg);

static struct result timed(once_fn fn, int arg)
{
	fn(arg);	/* warm-up */
	for (unsigned int i = 0; i < runs; i++)
		ns[i] = fn(arg);
	return summarise(ns);
}

static double host_demand_arg(int arg)
{
	(void)arg;
	return host_demand_once();
}

static double host_cow_arg(int arg)
{
	(void)arg;
	return host_cow_once();
}

static double host_load_arg(int size)
{
	return host_load_once((unsigned int)size);
}

static int load_size;

static double sim_load_arg(int variant)
{
	return sim_load_once(variant, (unsigned int)load_size);
}

/* the materialised pages of the load case: sim_load_once()'s third kind */
#define V_PAGE NR_VARIANTS

static void case_demand(void)
{
	struct result h = timed(host_demand_arg, 0), m[NR_VARIANTS];

	for (int v = 0; v < NR_VARIANTS; v++)
		m[v] = timed(sim_demand_once, v);
	for (int v = 0; v < NR_VARIANTS; v++)
		print_pair("demand_fault", variant_name[v], npages, h, m[v],
			   "faults", FAULT_RATE_GOAL, SPEEDUP_GOAL);
}

static void case_cow(void)
{
	size_t len = npages * PG;
	struct result h, m[NR_VARIANTS];

	host_cow_region = mmap(NULL, len, RW, MAP_ANON_PRIV, -1, 0);
	if (host_cow_region == MAP_FAILED)
		die("host: mmap(%zu): %s", len, strerror(errno));
	if (madvise(host_cow_region, len, MADV_NOHUGEPAGE))
		die("host: madvise(MADV_NOHUGEPAGE): %s", strerror(errno));
	for (uint64_t i = 0; i < npages; i++)
		host_cow_region[i * PG] = 0x3c;
	h = timed(host_cow_arg, 0);
	if (munmap(host_cow_region, len))
		die("host: munmap: %s", strerror(errno));

	sim_map(pid, COW_BYTES, npages);
	sim_touch_bytes(pid, COW_BYTES, npages, 0x3c);
	sim_map(pid, COW_FP, npages);
	sim_touch_fp(pid, COW_FP, npages);
	for (int v = 0; v < NR_VARIANTS; v++)
		m[v] = timed(sim_cow_once, v);
	sim_unmap(pid, COW_BYTES, npages);
	sim_unmap(pid, COW_FP, npages);
	for (int v = 0; v < NR_VARIANTS; v++)
		print_pair("cow_fault", variant_name[v], npages, h, m[v],
			   "faults", 0, 0);
}

static void case_load(void)
{
	struct result h, m[NR_VARIANTS];

	host_res_region = mmap(NULL, WS_PAGES * PG, RW, MAP_ANON_PRIV, -1, 0);
	if (host_res_region == MAP_FAILED)
		die("host: mmap: %s", strerror(errno));
	for (uint64_t i = 0; i < WS_PAGES * PG; i++)
		host_res_region[i] = (uint8_t)(i * 7);
	sim_map(pid, RES_BYTES, WS_PAGES);
	sim_touch_bytes(pid, RES_BYTES, WS_PAGES, 0x77);
	sim_map(pid, RES_FP, WS_PAGES);
	sim_touch_fp(pid, RES_FP, WS_PAGES);
	sim_map(pid, RES_PAGE, WS_PAGES);
	for (uint64_t i = 0; i < WS_PAGES; i++) {
		struct pmm_access_result r;
		uint64_t p = RES_PAGE + i * PG;

		access_must("pmm_fill", pid, pmm_fill(sim, pid, p, PG, 0x55, &r),
			    &r, p, PG);
	}
	for (load_size = 1; load_size <= 8; load_size += 7) {
		struct result mp;
		char kind[16];

		h = timed(host_load_arg, load_size);
		for (int v = 0; v < NR_VARIANTS; v++)
			m[v] = timed(sim_load_arg, v);
		mp = timed(sim_load_arg, V_PAGE);
		snprintf(kind, sizeof(kind), "page_%dbyte", load_size);
		print_pair("resident_load", kind, nloads, h, mp, "loads",
			   load_size == 1 ? LOAD_RATE_GOAL : 0, 0);
		for (int v = 0; v < NR_VARIANTS; v++) {
			snprintf(kind, sizeof(kind), "%s_%dbyte",
				 variant_name[v], load_size);
			print_pair("resident_load", kind, nloads, h, m[v],
				   "loads", 0, 0);
		}
	}
	sim_expect(pid, RES_PAGE, WS_PAGES, 0x55, "resident_load");
	sim_unmap(pid, RES_PAGE, WS_PAGES);
	sim_expect(pid, RES_BYTES, WS_PAGES, 0x77, "resident_load");
	sim_unmap(pid, RES_BYTES, WS_PAGES);
	sim_unmap(pid, RES_FP, WS_PAGES);
	if (munmap(host_res_region, WS_PAGES * PG))
		die("host: munmap: %s", strerror(errno));
}

/* ---- main ---- */

static const char *const case_names[] = { "demand", "cow", "load", "bytes" };

int main(int argc, char **argv)
{
	struct bytes_result cold, warm;
	const char *only = NULL;
	char msg[512];
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			runs = 3;
			npages = 2048;
			nloads = 1u << 18;
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [--quick] "
				"[--only demand|cow|load|bytes]\n", argv[0]);
			return 2;
		}
	}
	if (only) {
		bool known = false;

		for (unsigned int i = 0; i < PMM_ARRAY_SIZE(case_names); i++)
			known |= !strcmp(only, case_names[i]);
		if (!known) {
			fprintf(stderr, "bench_fault: unknown case %s\n", only);
			return 2;
		}
	}
	ns = must(calloc(runs, sizeof(*ns)));
	make_machine();

	/* bytes per page, cold: the first pages the machine hands out */
	cold = measure_bytes();
	if (!only || !strcmp(only, "demand"))
		case_demand();		/* (1) */
	if (!only || !strcmp(only, "cow"))
		case_cow();		/* (2) */
	if (!only || !strcmp(only, "load"))
		case_load();		/* (3) */
	warm = measure_bytes();		/* (4) */
	if (!only || !strcmp(only, "bytes")) {
		print_bytes("cold", cold, false);
		print_bytes("warm", warm, true);
	}

	err = pmm_sim_check(sim, msg, sizeof(msg));
	printf("bench=fault case=sim_check result=%s%s%s\n",
	       err ? "failed" : "ok", err ? " msg=" : "", err ? msg : "");
	pmm_sim_destroy(sim);
	free(ns);
	return err ? 1 : 0;	/* timing is noisy: only a broken machine fails */
}
