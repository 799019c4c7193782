// SPDX-License-Identifier: MIT
/*
 * bench_alloc.c - speed and host cost of physical memory: order-0
 * alloc+free (the same frame over and over, and a 1 GiB batch), a mixed
 * order workload, creating a 1 TiB machine, and host bytes per frame in
 * use.  Host malloc/free of 4 KiB runs in the same process as the peer of
 * the order-0 cases.  Every case is warmed up once, then timed RUNS times;
 * one key=value line per case reports the median and the best run, and
 * the goal where the issue sets one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

#include "numa/numa.h"
#include "rng.h"

#define RUNS 5

static inline void no_opt(void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

static void init_machine(struct numa_state *ns, struct pmm_allocator *a,
			 unsigned int nr_nodes, uint64_t bytes_per_node)
{
	struct pmm_sim_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.nr_nodes = nr_nodes;
	cfg.page_size = PMM_PAGE_SIZE;
	for (unsigned int i = 0; i < nr_nodes; i++) {
		cfg.node[i].ram_bytes = bytes_per_node;
		cfg.node[i].cpus[0] = 1ull << i;
	}
	if (numa_init(ns, &cfg, a)) {
		fprintf(stderr, "bench_alloc: numa_init failed\n");
		exit(1);
	}
}

static struct pmm_page *must_alloc(struct numa_state *ns, unsigned int order,
				   int nid, unsigned int gfp)
{
	int err;
	struct pmm_page *p = page_alloc(ns, 0, order, nid, ~0ull, gfp, &err);

	if (!p) {
		fprintf(stderr, "bench_alloc: page_alloc failed: %d\n", err);
		exit(1);
	}
	return p;
}

typedef double (*run_fn)(void *arg, uint64_t *ops);

/* Warm up once, run RUNS times, report median and best ns per op. */
static void measure(const char *name, run_fn fn, void *arg, double goal_ns)
{
	double ns[RUNS];
	uint64_t ops = 0;

	fn(arg, &ops);
	for (int i = 0; i < RUNS; i++)
		ns[i] = fn(arg, &ops);
	qsort(ns, RUNS, sizeof(ns[0]), cmp_double);
	printf("bench=alloc case=%s ops=%llu ns_per_op=%.2f "
	       "best_ns_per_op=%.2f",
	       name, (unsigned long long)ops, ns[RUNS / 2], ns[0]);
	if (goal_ns > 0)
		printf(" goal_ns=%.0f met=%s", goal_ns,
		       ns[RUNS / 2] <= goal_ns ? "yes" : "no");
	printf("\n");
	fflush(stdout);
}

/* ---- order 0: the same frame over and over ---- */

struct pingpong {
	struct numa_state *ns;
	uint64_t n;
};

static double sim_pingpong(void *arg, uint64_t *ops)
{
	struct pingpong *pp = arg;
	uint64_t t0 = now_ns();

	for (uint64_t i = 0; i < pp->n; i++) {
		struct pmm_page *p = must_alloc(pp->ns, 0, 0, GFP_MOVABLE);

		no_opt(p);
		page_free(pp->ns, 0, p, 0);
	}
	*ops = pp->n;
	return (double)(now_ns() - t0) / (double)pp->n;
}

static double host_pingpong(void *arg, uint64_t *ops)
{
	struct pingpong *pp = arg;
	uint64_t t0 = now_ns();

	for (uint64_t i = 0; i < pp->n; i++) {
		void *p = malloc(4096);

		no_opt(p);
		free(p);
	}
	*ops = pp->n;
	return (double)(now_ns() - t0) / (double)pp->n;
}

/* ---- order 0: 1 GiB worth allocated, then freed ---- */

struct batch {
	struct numa_state *ns;
	void **slots;
	uint64_t n;
};

static double sim_batch(void *arg, uint64_t *ops)
{
	struct batch *b = arg;
	uint64_t t0 = now_ns();

	for (uint64_t i = 0; i < b->n; i++)
		b->slots[i] = must_alloc(b->ns, 0, 0, GFP_MOVABLE);
	for (uint64_t i = 0; i < b->n; i++)
		page_free(b->ns, 0, b->slots[i], 0);
	*ops = b->n;
	return (double)(now_ns() - t0) / (double)b->n;
}

static double host_batch(void *arg, uint64_t *ops)
{
	struct batch *b = arg;
	uint64_t t0 = now_ns();

	for (uint64_t i = 0; i < b->n; i++) {
		b->slots[i] = malloc(4096);
		no_opt(b->slots[i]);
	}
	for (uint64_t i = 0; i < b->n; i++)
		free(b->slots[i]);
	*ops = b->n;
	return (double)(now_ns() - t0) / (double)b->n;
}

/* Run a short case several times, so it takes long enough to time. */
struct repeat {
	run_fn fn;
	void *arg;
	unsigned int times;
};

static double run_repeat(void *arg, uint64_t *ops)
{
	struct repeat *r = arg;
	double sum = 0;
	uint64_t n = 0, total = 0;

	for (unsigned int i = 0; i < r->times; i++) {
		sum += r->fn(r->arg, &n);
		total += n;
	}
	*ops = total;
	return sum / r->times;
}

/* ---- mixed orders: a seeded stream of allocations and frees ---- */

#define MIXED_SLOTS 65536

struct mixed {
	struct numa_state *ns;
	struct pmm_page *page[MIXED_SLOTS];
	uint8_t order[MIXED_SLOTS];
	uint64_t n;
	uint64_t pages;
};

/*
 * 70% order 0, 10% order 1..3, 10% order 4..8, 10% order 9 (THP size);
 * each step frees a random live block with probability 1/2 (always when
 * the slot table is full), else allocates into a random slot.
 */
static unsigned int mixed_order(struct pmm_rng *rng)
{
	uint64_t r = pmm_rng_below(rng, 10);

	if (r < 7)
		return 0;
	if (r < 8)
		return 1 + (unsigned int)pmm_rng_below(rng, 3);
	if (r < 9)
		return 4 + (unsigned int)pmm_rng_below(rng, 5);
	return 9;
}

static double sim_mixed(void *arg, uint64_t *ops)
{
	struct mixed *m = arg;
	struct pmm_rng rng;
	uint64_t live = 0, t0;

	pmm_rng_seed(&rng, 1, 0);
	memset(m->page, 0, sizeof(m->page));
	m->pages = 0;
	t0 = now_ns();
	for (uint64_t i = 0; i < m->n; i++) {
		uint64_t slot = pmm_rng_below(&rng, MIXED_SLOTS);

		if (m->page[slot]) {
			page_free(m->ns, 0, m->page[slot], m->order[slot]);
			m->page[slot] = NULL;
			live--;
		} else {
			unsigned int order = mixed_order(&rng);
			int err;

			m->page[slot] = page_alloc(m->ns, 0, order, 0, ~0ull,
						   GFP_MOVABLE, &err);
			m->order[slot] = (uint8_t)order;
			if (m->page[slot]) {
				live++;
				m->pages += 1ull << order;
			}
		}
	}
	*ops = m->n;
	t0 = now_ns() - t0;
	for (uint64_t s = 0; s < MIXED_SLOTS; s++) {
		if (m->page[s])
			page_free(m->ns, 0, m->page[s], m->order[s]);
	}
	(void)live;
	return (double)t0 / (double)m->n;
}

/* ---- creating a 1 TiB machine ---- */

static void bench_create_1tib(void)
{
	double ms[RUNS];
	uint64_t bytes = 0, fini_ns = 0;

	for (int i = -1; i < RUNS; i++) {
		struct pmm_allocator a = { 0 };
		struct numa_state ns;
		uint64_t t0 = now_ns(), t1;

		init_machine(&ns, &a, 2, 512ull << 30);
		t1 = now_ns();
		bytes = a.live_bytes;
		numa_fini(&ns);
		fini_ns = now_ns() - t1;
		if (i >= 0)
			ms[i] = (double)(t1 - t0) / 1e6;
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp_double);
	printf("bench=alloc case=create_1tib nodes=2 ms=%.3f best_ms=%.3f "
	       "goal_ms=50 host_bytes=%llu goal_bytes=%llu fini_us=%.1f "
	       "met=%s\n",
	       ms[RUNS / 2], ms[0], (unsigned long long)bytes, 64ull << 20,
	       (double)fini_ns / 1e3,
	       ms[RUNS / 2] < 50 && bytes < (64ull << 20) ? "yes" : "no");
}

/* ---- host bytes per frame in use ---- */

static void bench_bytes_per_frame(void)
{
	struct pmm_allocator a = { 0 };
	struct numa_state ns;
	const uint64_t frames = 4ull << 18; /* 4 GiB in use */
	struct pmm_page **held = malloc(frames * sizeof(*held));
	uint64_t base, dense, sparse_frames = 0;

	if (!held)
		exit(1);
	init_machine(&ns, &a, 2, 8ull << 30);
	base = a.live_bytes;
	for (uint64_t i = 0; i < frames; i++)
		held[i] = must_alloc(&ns, 0, (int)(i & 1), GFP_MOVABLE);
	dense = a.live_bytes - base;
	printf("bench=alloc case=bytes_per_frame frames=%llu host_bytes=%llu "
	       "bytes_per_frame=%.2f struct_page=%zu goal_bytes=64 met=%s\n",
	       (unsigned long long)frames, (unsigned long long)dense,
	       (double)dense / (double)frames, sizeof(struct pmm_page),
	       (double)dense / (double)frames <= 64 ? "yes" : "no");
	for (uint64_t i = 0; i < frames; i++)
		page_free(&ns, 0, held[i], 0);
	numa_trim_sections(&ns);

	/* worst case: one frame in use per section (metadata is per section) */
	for (pmm_pfn_t pfn = 1ull << 20; pfn < ns.max_pfn;
	     pfn += PAGES_PER_SECTION) {
		if (numa_materialize_pfn(&ns, pfn))
			exit(1);
		sparse_frames++;
	}
	printf("bench=alloc case=bytes_per_frame_sparse frames=%llu "
	       "host_bytes=%llu bytes_per_frame=%.0f "
	       "note=one_frame_per_128MiB_section\n",
	       (unsigned long long)sparse_frames,
	       (unsigned long long)(a.live_bytes - base),
	       (double)(a.live_bytes - base) / (double)sparse_frames);
	numa_fini(&ns);
	free(held);
}

int main(void)
{
	struct pmm_allocator a = { 0 };
	struct numa_state ns;
	struct pingpong pp;
	struct batch b;
	struct mixed *m;

	init_machine(&ns, &a, 2, 4ull << 30);

	pp.ns = &ns;
	pp.n = 10000000;
	measure("order0_pingpong", sim_pingpong, &pp, 30);
	measure("order0_pingpong_peer_host_malloc_4k", host_pingpong, &pp, 0);

	b.ns = &ns;
	b.n = 1ull << 18; /* 1 GiB of frames */
	b.slots = malloc(b.n * sizeof(void *));
	if (!b.slots)
		return 1;
	/* 16 MiB: the 128 KiB of struct pmm_page stay in cache (CPU cost) */
	{
		struct batch small = { .ns = &ns, .slots = b.slots,
				       .n = 1ull << 12 };
		struct repeat rep = { .fn = sim_batch, .arg = &small,
				      .times = 64 };

		measure("order0_batch_16m", run_repeat, &rep, 30);
		rep.fn = host_batch;
		measure("order0_batch_16m_peer_host_malloc_4k", run_repeat,
			&rep, 0);
	}
	/* 1 GiB: 8 MiB of struct pmm_page, so mostly cache misses */
	measure("order0_batch_1g", sim_batch, &b, 30);
	measure("order0_batch_1g_peer_host_malloc_4k", host_batch, &b, 0);
	free(b.slots);

	m = calloc(1, sizeof(*m));
	if (!m)
		return 1;
	m->ns = &ns;
	m->n = 4000000;
	measure("mixed_orders", sim_mixed, m, 0);
	printf("bench=alloc case=mixed_orders_volume pages_allocated=%llu\n",
	       (unsigned long long)m->pages);
	free(m);

	{
		char msg[256];

		if (!numa_consistent(&ns, msg, sizeof(msg))) {
			fprintf(stderr, "bench_alloc: %s\n", msg);
			return 1;
		}
	}
	numa_fini(&ns);

	bench_create_1tib();
	bench_bytes_per_frame();
	return 0;
}
