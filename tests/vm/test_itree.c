// SPDX-License-Identifier: MIT
/*
 * test_itree.c - the interval tree of src/base/itree.h against a
 * brute-force list: random inserts and removals of overlapping intervals,
 * every stabbing and range query compared, the tree checked throughout.
 */
#include <stdlib.h>
#include <string.h>

#include "fx_sim.h"
#include "itree.h"

#define N 512

static uint64_t rnd(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return *x >> 20;
}

static void test_itree_model(void **state)
{
	struct itree_root r = ITREE_ROOT_INIT;
	struct itree_node *nodes = calloc(N, sizeof(*nodes));
	bool *in = calloc(N, sizeof(*in));
	uint64_t x = fx_seed() | 1;

	(void)state;
	assert_non_null(nodes);
	for (int step = 0; step < 200000; step++) {
		int i = (int)(rnd(&x) % N);

		if (in[i]) {
			itree_remove(&r, &nodes[i]);
			in[i] = false;
		} else {
			nodes[i].start = rnd(&x) % 1000;
			nodes[i].last = nodes[i].start + rnd(&x) % 50;
			itree_insert(&r, &nodes[i]);
			in[i] = true;
		}
		if (step % 97 == 0) {
			uint64_t a = rnd(&x) % 1100, b = a + rnd(&x) % 30;
			unsigned int want = 0, got = 0;
			struct itree_node *n;
			uint64_t prev = 0;

			assert_true(itree_consistent(&r));
			for (int j = 0; j < N; j++)
				if (in[j] && nodes[j].start <= b &&
				    nodes[j].last >= a)
					want++;
			itree_for_each(n, &r, a, b) {
				assert_true(n->start <= b && n->last >= a);
				assert_true(n->start >= prev);
				prev = n->start;
				got++;
			}
			assert_int_equal(got, want);
		}
	}
	free(nodes);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_itree_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
