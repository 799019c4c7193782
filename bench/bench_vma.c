// SPDX-License-Identifier: MIT
/*
 * bench_vma.c - the address-space calls against the host kernel: the same
 * op sequences run with real syscalls in this process and with pmm_mmap()
 * and friends on a simulated machine (linux profile, one exec'd process).
 *
 * Cases (one pair = two calls, both checked; the cost is ns per pair):
 *   mmap_munmap       mmap of one private anonymous RW page with
 *                     MAP_FIXED_NOREPLACE, then munmap of it
 *   mprotect_split_merge  on a 3-page RW mapping, mprotect of the middle
 *                     page to PROT_READ (1 VMA -> 3), then back to
 *                     PROT_READ|PROT_WRITE (3 -> 1)
 * Layout: n "slots" of STRIDE pages from BASE; slot i holds one 3-page RW
 * private anonymous VMA (never touched) and a hole: the mprotect case hits
 * the middle page of a slot's VMA, the mmap case the page at SLOT_MMAP_PG,
 * two pages clear of the VMA on either side, so nothing merges but what
 * the case means to merge.  n = 1 gives the headline figures (issue goal:
 * the simulator at least 20x faster than the host); n = 100 and 100,000
 * the scaling (goal: the simulator's cost at 100k at most 2x its cost at
 * 100), with the slot picked at random per pair ("random") or always the
 * middle one ("local").  The host bytes the machine holds per VMA come from
 * its allocator (goal: at most 256).
 *
 * Host VMAs: the host run at 100,000 slots needs vm.max_map_count above
 * 100,000; as root the bench raises it to 200,000 and restores it on the
 * way out, otherwise it skips that run and says so.  BASE is far from
 * where the kernel places anything by itself (mmap_base is near 0x7f...,
 * ASan's allocator at 0x6000...).
 *
 * Every case is warmed up once, then timed RUNS times over OPS pairs; one
 * key=value line per case gives the median and best of both sides and the
 * host/sim speedup.  --quick: fewer runs and pairs and 10,000 slots for the
 * large case (under the default max_map_count), as a smoke test.  Every
 * call's result is checked (a failing call aborts the bench), and
 * pmm_sim_check() runs on the machine at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <peiosmm/peiosmm.h>
#include <peiosmm/vm.h>

#include "bench_util.h"

#include "kernel/kernel.h"	/* sim->alloc: the machine's host bytes */
#include "rng.h"

#define PG		4096ull
#define BASE		0x250000000000ull
#define STRIDE_PG	8ull		/* pages per slot */
#define STRIDE		(STRIDE_PG * PG)
#define SLOT_VMA_PG	3ull		/* the slot's RW VMA: pages 0..2 */
#define SLOT_MMAP_PG	5ull		/* the mmap case's page */
#define RW		(PROT_READ | PROT_WRITE)
#define MAP_ANON_PRIV	(MAP_PRIVATE | MAP_ANONYMOUS)
#define HOST_MAP_COUNT	200000
#define SPEEDUP_GOAL	20.0
#define SCALE_GOAL	2.0
#define BYTES_GOAL	256.0

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static unsigned int runs = 5;
static uint32_t ops = 1u << 16;
static uint32_t n_big = 100000;

/* ---- host vm.max_map_count: raised if need be, restored on every exit ---- */

static const char map_count_path[] = "/proc/sys/vm/max_map_count";
static char saved_map_count[32];
static volatile sig_atomic_t map_count_raised;

static void restore_map_count(void)
{
	int fd;

	if (!map_count_raised)
		return;
	fd = open(map_count_path, O_WRONLY);
	if (fd >= 0) {
		if (write(fd, saved_map_count, strlen(saved_map_count)) < 0) {
			/* nothing more to do on the way out */
		}
		close(fd);
	}
	map_count_raised = 0;
}

static void on_signal(int sig)
{
	restore_map_count();
	signal(sig, SIG_DFL);
	raise(sig);
}

static long read_map_count(void)
{
	char buf[32] = { 0 };
	int fd = open(map_count_path, O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return r > 0 ? strtol(buf, NULL, 10) : -1;
}

/* Make room for @need host VMAs: true when there is. */
static bool host_map_count_at_least(long need)
{
	long cur = read_map_count();
	char val[32];
	int fd;
	ssize_t w;

	if (cur >= need)
		return true;
	if (cur < 0)
		return false;
	snprintf(saved_map_count, sizeof(saved_map_count), "%ld\n", cur);
	snprintf(val, sizeof(val), "%d\n", HOST_MAP_COUNT);
	fd = open(map_count_path, O_WRONLY);
	if (fd < 0)
		return false;
	map_count_raised = 1;
	w = write(fd, val, strlen(val));
	close(fd);
	if (w < 0) {
		map_count_raised = 0;
		return false;
	}
	return read_map_count() >= need;
}

/* ---- helpers ---- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench_vma: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	restore_map_count();
	exit(1);
}

static void *must(void *p)
{
	if (!p)
		die("out of memory");
	return p;
}

static uint64_t slot_addr(uint32_t i)
{
	return BASE + (uint64_t)i * STRIDE;
}

/* ---- the two sides ---- */

struct side {
	const char *name;
	bool host;
	struct pmm_sim *sim;	/* sim side */
	pmm_pid_t pid;
};

static void sim_must(const char *call, long long ret, long long want,
		     uint64_t a)
{
	if (ret != want)
		die("sim: %s(0x%llx) returned %lld (%s), expected %lld", call,
		    (unsigned long long)a, ret,
		    ret < 0 ? strerror((int)-ret) : "-", want);
}

static void host_must(const char *call, long long ret, long long want,
		      uint64_t a)
{
	if (ret != want)
		die("host: %s(0x%llx) returned %lld (%s), expected %lld", call,
		    (unsigned long long)a, ret, strerror(errno), want);
}

static void do_mmap(struct side *s, uint64_t a, uint64_t len)
{
	const uint32_t fl = MAP_ANON_PRIV | MAP_FIXED_NOREPLACE;

	if (s->host) {
		void *p = mmap((void *)a, len, RW, (int)fl, -1, 0);

		host_must("mmap", p == MAP_FAILED ? -1 : (long long)(uintptr_t)p,
			  (long long)a, a);
	} else {
		sim_must("pmm_mmap",
			 pmm_mmap(s->sim, s->pid, a, len, RW, fl, -1, 0),
			 (long long)a, a);
	}
}

static void do_munmap(struct side *s, uint64_t a, uint64_t len)
{
	if (s->host)
		host_must("munmap", munmap((void *)a, len), 0, a);
	else
		sim_must("pmm_munmap", pmm_munmap(s->sim, s->pid, a, len), 0,
			 a);
}

static void do_mprotect(struct side *s, uint64_t a, uint64_t len,
			uint32_t prot)
{
	if (s->host)
		host_must(prot == RW ? "mprotect(RW)" : "mprotect(R)",
			  mprotect((void *)a, len, (int)prot), 0, a);
	else
		sim_must(prot == RW ? "pmm_mprotect(RW)" : "pmm_mprotect(R)",
			 pmm_mprotect(s->sim, s->pid, a, len, prot), 0, a);
}

/* Lines of /proc/self/maps: the host's map_count. */
static long host_vma_count(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		die("host: cannot open /proc/self/maps: %s", strerror(errno));
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static long vma_count(struct side *s)
{
	long n;

	if (s->host)
		return host_vma_count();
	n = pmm_vma_count(s->sim, s->pid);
	if (n < 0)
		die("sim: pmm_vma_count(%d) returned %ld", s->pid, n);
	return n;
}

/* ---- the cases ---- */

struct work {
	uint32_t n;		/* slots */
	const uint32_t *slot;	/* ops entries: the slot each pair hits */
};

typedef void (*pair_fn)(struct side *s, uint64_t slot);

static void pair_mmap_munmap(struct side *s, uint64_t slot)
{
	uint64_t a = slot + SLOT_MMAP_PG * PG;

	do_mmap(s, a, PG);
	do_munmap(s, a, PG);
}

static void pair_mprotect(struct side *s, uint64_t slot)
{
	uint64_t a = slot + PG;

	do_mprotect(s, a, PG, PROT_READ);
	do_mprotect(s, a, PG, RW);
}

static double run_pairs(struct side *s, pair_fn fn, const struct work *w)
{
	uint64_t t0 = now_ns();

	for (uint32_t i = 0; i < ops; i++)
		fn(s, slot_addr(w->slot[i]));
	return (double)(now_ns() - t0) / ops;
}

struct result {
	double med, best;
};

static struct result measure(struct side *s, pair_fn fn,
			     const struct work *w)
{
	double *ns = must(calloc(runs, sizeof(*ns)));
	struct result r;

	run_pairs(s, fn, w);	/* warm-up */
	for (unsigned int i = 0; i < runs; i++)
		ns[i] = run_pairs(s, fn, w);
	qsort(ns, runs, sizeof(ns[0]), cmp_double);
	r.med = ns[runs / 2];
	r.best = ns[0];
	free(ns);
	return r;
}

/*
 * One pair by hand with the VMA counts checked at each step, so the timed
 * loops are known to split and merge (or map and unmap) as meant.
 */
static void check_shapes(struct side *s, uint32_t slot)
{
	uint64_t a = slot_addr(slot);
	long base = vma_count(s), c;

	do_mprotect(s, a + PG, PG, PROT_READ);
	if ((c = vma_count(s)) != base + 2)
		die("%s: mprotect(R) of a middle page left %ld VMAs, not %ld",
		    s->name, c, base + 2);
	do_mprotect(s, a + PG, PG, RW);
	if ((c = vma_count(s)) != base)
		die("%s: mprotect(RW) back left %ld VMAs, not %ld (no merge)",
		    s->name, c, base);
	do_mmap(s, a + SLOT_MMAP_PG * PG, PG);
	if ((c = vma_count(s)) != base + 1)
		die("%s: mmap in a hole left %ld VMAs, not %ld", s->name, c,
		    base + 1);
	do_munmap(s, a + SLOT_MMAP_PG * PG, PG);
	if ((c = vma_count(s)) != base)
		die("%s: munmap left %ld VMAs, not %ld", s->name, c, base);
}

static void build_slots(struct side *s, uint32_t n)
{
	long before = vma_count(s), after;

	for (uint32_t i = 0; i < n; i++)
		do_mmap(s, slot_addr(i), SLOT_VMA_PG * PG);
	after = vma_count(s);
	if (after != before + n)
		die("%s: %u slots made %ld VMAs, not %u", s->name, n,
		    after - before, n);
}

static void free_slots(struct side *s, uint32_t n)
{
	do_munmap(s, BASE, (uint64_t)n * STRIDE);
}

/* The host's span must be free: claim it whole, then give it back. */
static void host_probe_span(uint32_t n)
{
	uint64_t len = (uint64_t)n * STRIDE;
	void *p = mmap((void *)BASE, len, PROT_NONE,
		       MAP_ANON_PRIV | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1,
		       0);

	if (p == MAP_FAILED || (uint64_t)(uintptr_t)p != BASE)
		die("host: [0x%llx, +0x%llx) is not free: %s",
		    (unsigned long long)BASE, (unsigned long long)len,
		    p == MAP_FAILED ? strerror(errno) : "placed elsewhere");
	if (munmap(p, len))
		die("host: munmap of the probe: %s", strerror(errno));
}

/* ---- the machine ---- */

static struct pmm_sim *make_machine(pmm_pid_t *pid)
{
	struct pmm_sim_config cfg;
	struct pmm_process_config pc;
	struct pmm_image img = {
		.name = "/usr/bin/bench_vma",
		.text = 256 * PG,
		.data = 16 * PG,
		.bss = 16 * PG,
		.pie = true,
	};
	struct pmm_sim *sim = NULL;
	int err;

	pmm_sim_config_init(&cfg);
	cfg.profile = PMM_PROFILE_LINUX;
	cfg.seed = 1;
	err = pmm_sim_config_split_ram(&cfg, 1, 16ull << 30, 4);
	if (err)
		die("sim: pmm_sim_config_split_ram: %d", err);
	err = pmm_sim_create(&cfg, &sim);
	if (err)
		die("sim: pmm_sim_create: %d", err);
	err = pmm_sysctl_set(sim, "vm.max_map_count", "200000");
	if (err)
		die("sim: pmm_sysctl_set(vm.max_map_count, 200000): %d", err);
	pmm_process_config_init(&pc);
	pc.comm = "bench_vma";
	err = pmm_process_create(sim, &pc, pid);
	if (err)
		die("sim: pmm_process_create: %d", err);
	err = pmm_exec(sim, *pid, &img);
	if (err)
		die("sim: pmm_exec(%d): %d (%s)", *pid, err, strerror(-err));
	return sim;
}

/* ---- main ---- */

enum { C_MMAP, C_MPROT, NR_CASES };
enum { A_RANDOM, A_LOCAL, NR_ACCESS };

static const char *const case_name[NR_CASES] = {
	"mmap_munmap", "mprotect_split_merge"
};
static const pair_fn case_fn[NR_CASES] = {
	pair_mmap_munmap, pair_mprotect
};
static const char *const access_name[NR_ACCESS] = { "random", "local" };

/* [size][access][case][side]: size 0 = n 1, 1 = n 100, 2 = n big */
static struct result res[3][NR_ACCESS][NR_CASES][2];
static bool have[3][2];

static void print_case(unsigned int z, uint32_t n, unsigned int acc,
		       unsigned int c)
{
	const struct result *h = &res[z][acc][c][0], *m = &res[z][acc][c][1];

	printf("bench=vma case=%s n=%u access=%s pairs=%u", case_name[c], n,
	       z == 0 ? "fixed" : access_name[acc], ops);
	if (have[z][0])
		printf(" host_ns_per_pair=%.1f host_best=%.1f", h->med,
		       h->best);
	else
		printf(" host_ns_per_pair=skipped");
	printf(" sim_ns_per_pair=%.1f sim_best=%.1f", m->med, m->best);
	if (have[z][0])
		printf(" speedup_host_over_sim=%.1f", h->med / m->med);
	if (z == 0 && have[z][0])
		printf(" goal_speedup=%.0f met=%s", SPEEDUP_GOAL,
		       h->med / m->med >= SPEEDUP_GOAL ? "yes" : "no");
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGSEGV, SIGBUS, SIGABRT };
	uint32_t sizes[3] = { 1, 100, 0 };
	struct side host = { .name = "host", .host = true };
	struct side simside = { .name = "sim", .host = false };
	uint32_t *slot[NR_ACCESS];
	struct pmm_rng rng;
	uint64_t bytes0 = 0, bytes_big = 0, objs0 = 0, objs_big = 0;
	char msg[512];
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			runs = 3;
			ops = 2048;
			n_big = 10000;
		} else {
			fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
			return 2;
		}
	}
	sizes[2] = n_big;
	for (unsigned int i = 0; i < PMM_ARRAY_SIZE(sigs); i++)
		signal(sigs[i], on_signal);

	simside.sim = make_machine(&simside.pid);
	for (unsigned int a = 0; a < NR_ACCESS; a++)
		slot[a] = must(calloc(ops, sizeof(uint32_t)));

	for (unsigned int z = 0; z < 3; z++) {
		uint32_t n = sizes[z];
		unsigned int nacc = z == 0 ? 1 : NR_ACCESS;
		struct work w[NR_ACCESS];

		pmm_rng_seed(&rng, 1, n);
		for (uint32_t i = 0; i < ops; i++) {
			slot[A_RANDOM][i] = (uint32_t)pmm_rng_below(&rng, n);
			slot[A_LOCAL][i] = n / 2;
		}
		for (unsigned int a = 0; a < NR_ACCESS; a++)
			w[a] = (struct work){ .n = n, .slot = slot[a] };

		/* the host: as many VMAs as n plus its own, and splits */
		have[z][0] = true;
		if (n > 60000 &&
		    !host_map_count_at_least((long)n + 10000)) {
			have[z][0] = false;
			printf("bench=vma note=host_skipped n=%u "
			       "reason=vm.max_map_count_%ld_below_%u_and_"
			       "cannot_raise\n", n, read_map_count(), n + 10000);
		}
		if (have[z][0]) {
			host_probe_span(n);
			build_slots(&host, n);
			check_shapes(&host, n / 2);
			for (unsigned int a = 0; a < nacc; a++)
				for (unsigned int c = 0; c < NR_CASES; c++)
					res[z][a][c][0] =
						measure(&host, case_fn[c], &w[a]);
			free_slots(&host, n);
		}

		/* the machine */
		if (z == 2) {
			bytes0 = simside.sim->alloc.live_bytes;
			objs0 = simside.sim->alloc.live_objs;
		}
		build_slots(&simside, n);
		if (z == 2) {
			bytes_big = simside.sim->alloc.live_bytes;
			objs_big = simside.sim->alloc.live_objs;
		}
		check_shapes(&simside, n / 2);
		for (unsigned int a = 0; a < nacc; a++)
			for (unsigned int c = 0; c < NR_CASES; c++)
				res[z][a][c][1] =
					measure(&simside, case_fn[c], &w[a]);
		have[z][1] = true;
		err = pmm_sim_check(simside.sim, msg, sizeof(msg));
		if (err)
			die("sim: pmm_sim_check at n=%u: %d: %s", n, err, msg);
		free_slots(&simside, n);

		for (unsigned int a = 0; a < nacc; a++)
			for (unsigned int c = 0; c < NR_CASES; c++)
				print_case(z, n, a, c);
	}
	restore_map_count();

	for (unsigned int a = 0; a < NR_ACCESS; a++) {
		for (unsigned int c = 0; c < NR_CASES; c++) {
			double rs = res[2][a][c][1].med / res[1][a][c][1].med;

			printf("bench=vma case=%s access=%s "
			       "sim_ratio_%u_vs_100=%.2f goal=%.2f met=%s",
			       case_name[c], access_name[a], n_big, rs,
			       SCALE_GOAL, rs <= SCALE_GOAL ? "yes" : "no");
			if (have[2][0] && have[1][0])
				printf(" host_ratio_%u_vs_100=%.2f", n_big,
				       res[2][a][c][0].med /
					       res[1][a][c][0].med);
			printf("\n");
		}
	}
	{
		double per = (double)(bytes_big - bytes0) / n_big;

		printf("bench=vma case=host_bytes_per_vma n=%u host_bytes=%llu "
		       "host_objs=%llu bytes_per_vma=%.1f goal_bytes=%.0f "
		       "met=%s\n",
		       n_big, (unsigned long long)(bytes_big - bytes0),
		       (unsigned long long)(objs_big - objs0), per, BYTES_GOAL,
		       per <= BYTES_GOAL ? "yes" : "no");
	}

	err = pmm_sim_check(simside.sim, msg, sizeof(msg));
	printf("bench=vma case=sim_check result=%s%s%s\n",
	       err ? "failed" : "ok", err ? " msg=" : "", err ? msg : "");
	pmm_sim_destroy(simside.sim);
	for (unsigned int a = 0; a < NR_ACCESS; a++)
		free(slot[a]);
	return err ? 1 : 0;	/* timing is noisy: only a broken machine fails */
}
