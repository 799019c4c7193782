// SPDX-License-Identifier: MIT
/*
 * bench_vma_tree.c - cost of the VMA interval tree at 100 and at 100,000
 * intervals: insert, remove, find_vma and the free-gap search, bottom-up
 * and top-down.  Issue 3's goal: at 100,000 VMAs each operation costs at
 * most twice what it costs at 100.  The layout is a seeded run of 1..16
 * page intervals separated by 1..16 page holes; every case is warmed up
 * once, then timed RUNS times over about OPS operations, and one key=value
 * line per case reports the median and the best run.  A "ratio" line per
 * case compares the two sizes against the goal.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rng.h"
#include "vm/vma_tree.h"

#define RUNS  5
#define OPS   (1u << 19)
#define BATCH 64u		/* nodes pulled out and put back per round */
#define PG    4096ull
#define NEAR  256u		/* intervals a "near" case stays within */

/* Stands in for the future struct vma: the node plus some payload. */
struct fake_vma {
	struct vma_node node;
	uint64_t payload[8];
};

struct setup {
	struct vma_tree t;
	struct fake_vma *v;
	uint32_t n;
	uint64_t top;		/* end of the highest interval */
	uint64_t *probe;	/* addresses the current case looks up */
	uint32_t *pick;		/* node indexes, distinct per batch */
	uint64_t *probe_far, *probe_near;
	uint32_t *pick_far, *pick_near;
};

static inline void no_opt(const void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void *must(void *p)
{
	if (!p) {
		fprintf(stderr, "bench_vma_tree: out of memory\n");
		exit(1);
	}
	return p;
}

/* Insert in random order so the tree sees rotations of every kind. */
static void shuffled_insert(struct setup *s, struct pmm_rng *rng)
{
	uint32_t *order = must(calloc(s->n, sizeof(*order)));

	for (uint32_t i = 0; i < s->n; i++)
		order[i] = i;
	for (uint32_t i = s->n; i > 1; i--) {
		uint32_t j = (uint32_t)pmm_rng_below(rng, i), tmp = order[i - 1];

		order[i - 1] = order[j];
		order[j] = tmp;
	}
	for (uint32_t i = 0; i < s->n; i++)
		vma_tree_insert(&s->t, &s->v[order[i]].node);
	free(order);
}

static void build(struct setup *s, uint32_t n, uint64_t seed)
{
	struct pmm_rng rng;
	uint64_t addr = 0x10000000ull;

	memset(s, 0, sizeof(*s));
	vma_tree_init(&s->t);
	pmm_rng_seed(&rng, seed, n);
	s->n = n;
	s->v = must(calloc(n, sizeof(*s->v)));
	for (uint32_t i = 0; i < n; i++) {
		addr += (1 + pmm_rng_below(&rng, 16)) * PG;
		s->v[i].node.vm_start = addr;
		addr += (1 + pmm_rng_below(&rng, 16)) * PG;
		s->v[i].node.vm_end = addr;
	}
	s->top = addr;
	s->pick_far = must(calloc(OPS, sizeof(*s->pick_far)));
	s->pick_near = must(calloc(OPS, sizeof(*s->pick_near)));
	s->probe_far = must(calloc(OPS, sizeof(*s->probe_far)));
	s->probe_near = must(calloc(OPS, sizeof(*s->probe_near)));
	shuffled_insert(s, &rng);
	/*
	 * far:  every batch and probe anywhere in the tree (cache-cold);
	 * near: a batch is BATCH neighbours, probes stay within NEAR
	 *       intervals of a spot that moves every 4096 operations, as
	 *       faults and mmap/munmap of one region do.
	 */
	for (uint32_t b = 0; b < OPS / BATCH; b++) {
		uint32_t base = (uint32_t)pmm_rng_below(&rng, n);
		uint32_t stride = n / BATCH;

		for (uint32_t k = 0; k < BATCH; k++) {
			s->pick_far[b * BATCH + k] = (base + k * stride) % n;
			s->pick_near[b * BATCH + k] = (base + k) % n;
		}
	}
	for (uint32_t i = 0, spot = 0; i < OPS; i++) {
		uint32_t w = n < NEAR ? n : NEAR;
		const struct vma_node *lo, *hi;

		if (i % 4096 == 0)
			spot = (uint32_t)pmm_rng_below(&rng, n - w + 1);
		lo = &s->v[spot].node;
		hi = &s->v[spot + w - 1].node;
		s->probe_far[i] = 0x10000000ull +
				  pmm_rng_below(&rng, s->top - 0x10000000ull);
		s->probe_near[i] = lo->vm_start +
				   pmm_rng_below(&rng, hi->vm_end - lo->vm_start);
	}
}

static void teardown(struct setup *s)
{
	free(s->probe_far);
	free(s->probe_near);
	free(s->pick_far);
	free(s->pick_near);
	free(s->v);
}

typedef double (*run_fn)(struct setup *s);

/* Remove a batch of distinct nodes, then put them back; time one half. */
static double run_remove_insert(struct setup *s, bool time_insert)
{
	uint64_t spent = 0;

	for (uint32_t b = 0; b < OPS / BATCH; b++) {
		const uint32_t *pk = &s->pick[b * BATCH];
		uint64_t t0 = now_ns(), t1, t2;

		for (uint32_t k = 0; k < BATCH; k++)
			vma_tree_remove(&s->t, &s->v[pk[k]].node);
		t1 = now_ns();
		for (uint32_t k = 0; k < BATCH; k++)
			vma_tree_insert(&s->t, &s->v[pk[k]].node);
		t2 = now_ns();
		spent += time_insert ? t2 - t1 : t1 - t0;
	}
	return (double)spent / (double)(OPS / BATCH * BATCH);
}

static double run_insert(struct setup *s)
{
	return run_remove_insert(s, true);
}

static double run_remove(struct setup *s)
{
	return run_remove_insert(s, false);
}

static double run_find(struct setup *s)
{
	uint64_t t0 = now_ns();

	for (uint32_t i = 0; i < OPS; i++)
		no_opt(vma_tree_find(&s->t, s->probe[i]));
	return (double)(now_ns() - t0) / OPS;
}

/*
 * Search a window starting at a random address for 1..32 pages; the tree
 * holds holes of up to 16 pages, so longer requests walk further.
 */
static double run_gap(struct setup *s, unsigned int flags)
{
	struct vma_unmapped_area_info info = { .flags = flags };
	uint64_t sum = 0, t0 = now_ns();

	for (uint32_t i = 0; i < OPS; i++) {
		uint64_t a = 0;

		info.length = (1 + (s->probe[i] >> 12) % 16) * PG;
		if (flags) {
			info.low_limit = 0;
			info.high_limit = s->probe[i] & ~(PG - 1);
		} else {
			info.low_limit = s->probe[i] & ~(PG - 1);
			info.high_limit = 1ull << 47;
		}
		if (vma_tree_unmapped_area(&s->t, &info, &a) == 0)
			sum += a;
	}
	no_opt(&sum);
	return (double)(now_ns() - t0) / OPS;
}

static double run_gap_bottomup(struct setup *s)
{
	return run_gap(s, 0);
}

static double run_gap_topdown(struct setup *s)
{
	return run_gap(s, VMA_UNMAPPED_AREA_TOPDOWN);
}

static double measure(const char *name, run_fn fn, bool near,
		      struct setup *s)
{
	double ns[RUNS];
	char msg[256];

	s->pick = near ? s->pick_near : s->pick_far;
	s->probe = near ? s->probe_near : s->probe_far;
	fn(s);				/* warm-up */
	for (int i = 0; i < RUNS; i++)
		ns[i] = fn(s);
	if (!vma_tree_consistent(&s->t, msg, sizeof(msg))) {
		fprintf(stderr, "bench_vma_tree: %s left the tree broken: %s\n",
			name, msg);
		exit(1);
	}
	qsort(ns, RUNS, sizeof(ns[0]), cmp_double);
	printf("bench=vma_tree case=%s access=%s n=%u ns_per_op=%.2f "
	       "best_ns_per_op=%.2f\n",
	       name, near ? "near" : "far", s->n, ns[RUNS / 2], ns[0]);
	fflush(stdout);
	return ns[RUNS / 2];
}

int main(void)
{
	static const struct {
		const char *name;
		run_fn fn;
	} cases[] = {
		{ "insert", run_insert },
		{ "remove", run_remove },
		{ "find", run_find },
		{ "gap_bottomup", run_gap_bottomup },
		{ "gap_topdown", run_gap_topdown },
	};
	static const uint32_t sizes[] = { 100, 100000 };	/* >= BATCH */
	double ns[2][2][PMM_ARRAY_SIZE(cases)];

	for (unsigned int z = 0; z < 2; z++) {
		struct setup s;

		build(&s, sizes[z], 1);
		for (unsigned int near = 0; near < 2; near++)
			for (unsigned int c = 0; c < PMM_ARRAY_SIZE(cases); c++)
				ns[z][near][c] = measure(cases[c].name,
							 cases[c].fn, near, &s);
		teardown(&s);
	}
	for (unsigned int near = 0; near < 2; near++) {
		for (unsigned int c = 0; c < PMM_ARRAY_SIZE(cases); c++) {
			double ratio = ns[1][near][c] / ns[0][near][c];

			printf("bench=vma_tree case=%s access=%s "
			       "ratio_100k_vs_100=%.2f goal=2.00 met=%s\n",
			       cases[c].name, near ? "near" : "far", ratio,
			       ratio <= 2.0 ? "yes" : "no");
		}
	}
	return 0;	/* timing is noisy: report, never fail the run */
}
