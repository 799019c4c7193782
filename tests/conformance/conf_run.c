// SPDX-License-Identifier: MIT
/*
 * conf_run.c - the differential conformance driver.
 *
 *	conf_run [--seed N | --seeds A-B | --fresh] [--ops M]
 *		 [--backend-a NAME] [--backend-b NAME] [--invalid PERMILLE]
 *		 [--features MASK | --force-features MASK] [--no-rerun]
 *		 [--dump] [--list]
 *
 * For each seed it generates M ops (gen.c) for the features both backends
 * have, runs them on backend A and backend B, and compares the traces
 * (compare.c).  On a result divergence it prints the ops up to it; when
 * only the final maps differ it bisects on the prefix length to find the
 * first op after which they differ.  Before that, both backends run the
 * sequence once more: a divergence that does not reproduce (the host
 * kernel did not repeat itself) is printed as FLAKY with both runs'
 * results, and the seed counts as agreeing (--no-rerun: as diverging).
 * --features narrows the features both backends have; --force-features
 * uses the mask as given (to look at what a backend does not claim to
 * model).  The seed is always printed, so a
 * failure reproduces with --seed.  Exit status 0 when every seed agrees.
 *
 * A new backend (the simulator in the linux profile) is a
 * struct conf_backend in its own file, listed in backends[] below.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "conf.h"

static const struct conf_backend *const backends[] = {
	&conf_host_backend,
	&conf_host_alt_backend,
	&conf_sim_backend,
};

struct opts {
	uint64_t seed_lo, seed_hi;
	size_t n_ops;
	const char *name_a, *name_b;
	unsigned int invalid_permille;
	long features;			/* -1: probe */
	bool force;			/* features as given, unprobed */
	bool no_rerun;			/* a divergence is final at once */
	bool dump;
};

struct stats {
	uint64_t ok, err, outside, sig, invalid_drawn;
	uint64_t seeds, agree, diverged, expected, flaky;
};

static const struct conf_backend *find_backend(const char *name)
{
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int run_both(const struct conf_backend *a, const struct conf_backend *b,
		    const struct conf_op *ops, size_t n, struct conf_trace *ta,
		    struct conf_trace *tb, double *ms_a, double *ms_b)
{
	double t0 = now_ms();

	if (a->run(ops, n, ta)) {
		fprintf(stderr, "conf_run: backend %s: %s\n", a->name, ta->err);
		return -1;
	}
	*ms_a = now_ms() - t0;
	t0 = now_ms();
	if (b->run(ops, n, tb)) {
		fprintf(stderr, "conf_run: backend %s: %s\n", b->name, tb->err);
		conf_trace_free(ta);
		return -1;
	}
	*ms_b = now_ms() - t0;
	return 0;
}

/* The shortest prefix after which the maps differ (hi differs). */
static size_t bisect_maps(const struct conf_backend *a,
			  const struct conf_backend *b,
			  const struct conf_op *ops, size_t hi)
{
	size_t lo = 0;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		struct conf_trace ta, tb;
		struct conf_cmp cmp;
		double x, y;

		if (run_both(a, b, ops, mid, &ta, &tb, &x, &y))
			return hi;
		conf_compare(ops, mid, &ta, &tb, b->name, &cmp);
		if (cmp.maps_differ || cmp.first_result != SIZE_MAX)
			hi = mid;
		else
			lo = mid;
		conf_trace_free(&ta);
		conf_trace_free(&tb);
	}
	return hi;
}

static size_t count_lines(const char *s)
{
	size_t k = 0;

	for (; *s; s++)
		k += *s == '\n';
	return k;
}

static void dump(const struct conf_op *ops, size_t n,
		 const struct conf_trace *t)
{
	char op[256], r[256];

	for (size_t i = 0; i < n; i++) {
		conf_op_format(&ops[i], op, sizeof(op));
		conf_result_format(&t->res[i], r, sizeof(r));
		printf("  #%zu %s -> %s\n", i, op, r);
	}
	printf("  maps:\n%s", t->maps);
}

/* The first op whose results differ between two runs of one backend. */
static size_t first_self_difference(const struct conf_op *ops, size_t n,
				    const struct conf_trace *x,
				    const struct conf_trace *y)
{
	struct conf_cmp c;

	conf_compare(ops, n, x, y, NULL, &c);
	if (c.first_result != SIZE_MAX)
		return c.first_result;
	return c.maps_differ ? n : SIZE_MAX;
}

/*
 * A divergence is checked by running both backends once more: if they
 * then agree, one of them did not reproduce its own first run (the host
 * kernel is not perfectly deterministic: a background agent may touch
 * the window's pages), and the seed counts as agreeing, flaky, with the
 * evidence printed.  Returns true in that case.
 */
static bool rerun_agrees(const struct conf_backend *a,
			 const struct conf_backend *b,
			 const struct conf_op *ops, size_t n,
			 const struct conf_trace *ta,
			 const struct conf_trace *tb,
			 const struct conf_cmp *cmp, uint64_t seed)
{
	struct conf_trace ta2, tb2;
	struct conf_cmp c2;
	double x, y;
	size_t da, db, k = cmp->first_result;
	char op[256], r1[256], r2[256];
	bool agree;

	if (run_both(a, b, ops, n, &ta2, &tb2, &x, &y))
		return false;
	conf_compare(ops, n, &ta2, &tb2, b->name, &c2);
	agree = c2.first_result == SIZE_MAX && !c2.maps_differ;
	if (agree) {
		da = first_self_difference(ops, n, ta, &ta2);
		db = first_self_difference(ops, n, tb, &tb2);
		printf("seed %" PRIu64 ": FLAKY, agrees on a rerun; the first "
		       "run diverged at %s%zu\n", seed,
		       k == SIZE_MAX ? "the maps after op #" : "op #",
		       k == SIZE_MAX ? n - 1 : k);
		for (int side = 0; side < 2; side++) {
			const struct conf_trace *t1 = side ? tb : ta;
			const struct conf_trace *t2 = side ? &tb2 : &ta2;
			size_t d = side ? db : da;

			if (d == SIZE_MAX)
				continue;
			if (d == n) {
				printf("  %s did not reproduce its maps\n",
				       side ? b->name : a->name);
				continue;
			}
			conf_op_format(&ops[d], op, sizeof(op));
			conf_result_format(&t1->res[d], r1, sizeof(r1));
			conf_result_format(&t2->res[d], r2, sizeof(r2));
			printf("  %s did not reproduce op #%zu %s: run 1: %s, "
			       "run 2: %s\n", side ? b->name : a->name, d, op,
			       r1, r2);
		}
	}
	conf_trace_free(&ta2);
	conf_trace_free(&tb2);
	return agree;
}

static int run_seed(const struct opts *o, const struct conf_backend *a,
		    const struct conf_backend *b, unsigned int features,
		    uint64_t seed, struct stats *st)
{
	struct conf_gen_params p = {
		.seed = seed, .n_ops = o->n_ops, .features = features,
		.invalid_permille = o->invalid_permille,
	};
	struct conf_op *ops = calloc(o->n_ops ? o->n_ops : 1, sizeof(*ops));
	struct conf_trace ta, tb;
	struct conf_cmp cmp;
	double ms_a, ms_b;
	int ret = 0;

	st->seeds++;
	if (!ops) {
		fprintf(stderr, "conf_run: out of memory\n");
		return -1;
	}
	conf_gen(&p, ops);
	if (run_both(a, b, ops, o->n_ops, &ta, &tb, &ms_a, &ms_b)) {
		printf("seed %" PRIu64 ": harness failure\n", seed);
		free(ops);
		st->diverged++;
		return -1;
	}
	for (size_t i = 0; i < o->n_ops; i++) {
		st->invalid_drawn += ops[i].invalid;
		st->ok += ta.res[i].kind == CONF_RET_INT ||
			  ta.res[i].kind == CONF_RET_WIN;
		st->err += ta.res[i].kind == CONF_RET_ERR;
		st->outside += ta.res[i].kind == CONF_RET_OUTSIDE;
		st->sig += ta.res[i].kind == CONF_RET_SIG;
	}
	conf_compare(ops, o->n_ops, &ta, &tb, b->name, &cmp);
	st->expected += cmp.expected;
	if (o->dump)
		dump(ops, o->n_ops, &ta);
	if (cmp.first_result == SIZE_MAX && !cmp.maps_differ) {
		printf("seed %" PRIu64 ": agree (%zu ops, %s %.1f ms, "
		       "%s %.1f ms, %zu expected, %zu window lines)\n", seed,
		       o->n_ops, a->name, ms_a, b->name, ms_b, cmp.expected,
		       count_lines(ta.maps));
		st->agree++;
		goto out;
	}
	if (!o->no_rerun &&
	    rerun_agrees(a, b, ops, o->n_ops, &ta, &tb, &cmp, seed)) {
		st->agree++;
		st->flaky++;
		goto out;
	}
	ret = -1;
	st->diverged++;
	printf("seed %" PRIu64 ": DIVERGES (%s vs %s, %zu ops)\n", seed,
	       a->name, b->name, o->n_ops);
	if (cmp.first_result == SIZE_MAX) {
		/* Only the maps differ: find the first op that makes them. */
		size_t k = bisect_maps(a, b, ops, o->n_ops);

		conf_trace_free(&ta);
		conf_trace_free(&tb);
		if (run_both(a, b, ops, k, &ta, &tb, &ms_a, &ms_b))
			goto out_free;
		conf_compare(ops, k, &ta, &tb, b->name, &cmp);
		conf_report(stdout, ops, k, &ta, &tb, a->name, b->name, &cmp);
	} else {
		conf_report(stdout, ops, o->n_ops, &ta, &tb, a->name, b->name,
			    &cmp);
	}
out:
	conf_trace_free(&ta);
	conf_trace_free(&tb);
out_free:
	free(ops);
	return ret;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: conf_run [--seed N | --seeds A-B | --fresh] [--ops M]\n"
		"                [--backend-a NAME] [--backend-b NAME]\n"
		"                [--invalid PERMILLE] [--features MASK |\n"
		"                --force-features MASK]\n"
		"                [--no-rerun] [--dump] [--list]\n");
	exit(2);
}

static uint64_t parse_u64(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		usage();
	return v;
}

static void print_features(unsigned int f)
{
	printf("features:%s%s%s%s%s%s%s%s%s%s%s%s\n",
	       f & CONF_F_MREMAP ? " mremap" : "",
	       f & CONF_F_KSM ? " ksm" : "",
	       f & CONF_F_GUARD ? " guard" : "",
	       f & CONF_F_MSEAL ? " mseal" : "",
	       f & CONF_F_ANON_NAME ? " anon_name" : "",
	       f & CONF_F_TOUCH ? " touch" : "",
	       f & CONF_F_LAZYFREE ? " lazyfree" : "",
	       f & CONF_F_REMOVE ? " remove" : "",
	       f & CONF_F_POPULATE ? " populate" : "",
	       f & CONF_F_MLOCK ? " mlock" : "",
	       f & CONF_F_REMOTE ? " remote" : "",
	       f ? "" : " (none)");
}

int main(int argc, char **argv)
{
	struct opts o = {
		.seed_lo = 1, .seed_hi = 1, .n_ops = 2000,
		.name_a = "host", .name_b = "host", .invalid_permille = 80,
		.features = -1,
	};
	const struct conf_backend *a, *b;
	struct stats st = { 0 };
	unsigned int features;
	double t0 = now_ms();

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--dump")) {
			o.dump = true;
			continue;
		}
		if (!strcmp(arg, "--no-rerun")) {
			o.no_rerun = true;
			continue;
		}
		if (!strcmp(arg, "--list")) {
			for (size_t k = 0;
			     k < sizeof(backends) / sizeof(backends[0]); k++)
				printf("%s\n", backends[k]->name);
			return 0;
		}
		if (!strcmp(arg, "--fresh")) {
			uint64_t s;

			if (getrandom(&s, sizeof(s), 0) != sizeof(s))
				s = (uint64_t)now_ms();
			o.seed_lo = o.seed_hi = s >> 1;
			continue;
		}
		if (!val)
			usage();
		i++;
		if (!strcmp(arg, "--seed")) {
			o.seed_lo = o.seed_hi = parse_u64(val);
		} else if (!strcmp(arg, "--seeds")) {
			char lo[32];
			const char *dash = strchr(val, '-');

			if (!dash || (size_t)(dash - val) >= sizeof(lo))
				usage();
			memcpy(lo, val, (size_t)(dash - val));
			lo[dash - val] = '\0';
			o.seed_lo = parse_u64(lo);
			o.seed_hi = parse_u64(dash + 1);
			if (o.seed_hi < o.seed_lo)
				usage();
		} else if (!strcmp(arg, "--ops")) {
			o.n_ops = (size_t)parse_u64(val);
		} else if (!strcmp(arg, "--backend-a")) {
			o.name_a = val;
		} else if (!strcmp(arg, "--backend-b")) {
			o.name_b = val;
		} else if (!strcmp(arg, "--invalid")) {
			o.invalid_permille = (unsigned int)parse_u64(val);
			if (o.invalid_permille > 1000)
				usage();
		} else if (!strcmp(arg, "--features")) {
			o.features = (long)(parse_u64(val) & CONF_F_ALL);
		} else if (!strcmp(arg, "--force-features")) {
			o.features = (long)(parse_u64(val) & CONF_F_ALL);
			o.force = true;
		} else {
			usage();
		}
	}
	a = find_backend(o.name_a);
	b = find_backend(o.name_b);
	if (!a || !b) {
		fprintf(stderr, "conf_run: unknown backend %s\n",
			a ? o.name_b : o.name_a);
		return 2;
	}
	features = a->features() & b->features();
	if (o.force)
		features = (unsigned int)o.features;
	else if (o.features >= 0)
		features &= (unsigned int)o.features;
	printf("conf_run: %s vs %s, seeds %" PRIu64 "..%" PRIu64
	       ", %zu ops each, window %u pages, invalid %u/1000\n",
	       a->name, b->name, o.seed_lo, o.seed_hi, o.n_ops,
	       CONF_WINDOW_PAGES, o.invalid_permille);
	print_features(features);
	for (uint64_t s = o.seed_lo;; s++) {
		run_seed(&o, a, b, features, s, &st);
		if (s == o.seed_hi)
			break;
	}
	printf("summary: %" PRIu64 "/%" PRIu64 " seeds agree (%" PRIu64
	       " on a rerun), %" PRIu64
	       " diverge, %" PRIu64 " expected divergences; %s results: %"
	       PRIu64 " ok, %" PRIu64 " errors, %" PRIu64 " outside, %"
	       PRIu64 " signals; %" PRIu64 " ops drawn invalid; %.2f s\n",
	       st.agree, st.seeds, st.flaky, st.diverged, st.expected, a->name,
	       st.ok,
	       st.err, st.outside, st.sig, st.invalid_drawn,
	       (now_ms() - t0) / 1e3);
	return st.diverged ? 1 : 0;
}
