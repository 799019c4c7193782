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

/*
 * The checker (and rb_check() under it) finds each kind of damage: a stale
 * aggregate, a red root, a red node with a red child, a wrong black height,
 * a broken parent link, the order and the count.
 */
static void test_itree_consistent_finds_damage(void **state)
{
	struct itree_root r = ITREE_ROOT_INIT;
	struct itree_node n[15];
	struct rb_node *root, *leaf;

	(void)state;
	for (int i = 0; i < 15; i++) {
		n[i].start = (uint64_t)i * 10;
		n[i].last = n[i].start + 5;
		itree_insert(&r, &n[i]);
	}
	assert_true(itree_consistent(&r));
	root = r.tree.rb_node;
	leaf = rb_first(&r.tree);	/* leftmost: no left child */

	root->rb_augmented++;
	assert_false(itree_consistent(&r));
	root->rb_augmented--;

	root->rb_parent_color &= ~(uintptr_t)1;		/* red root */
	assert_false(itree_consistent(&r));
	root->rb_parent_color |= 1;

	leaf->rb_parent_color ^= 1;	/* one path's black count moves */
	assert_false(itree_consistent(&r));
	leaf->rb_parent_color ^= 1;

	root->rb_left->rb_parent_color = (uintptr_t)leaf |
					 (root->rb_left->rb_parent_color & 1);
	assert_false(itree_consistent(&r));
	root->rb_left->rb_parent_color = (uintptr_t)root |
					 (root->rb_left->rb_parent_color & 1);

	n[3].start = 1000;		/* out of order, aggregates unchanged */
	assert_false(itree_consistent(&r));
	n[3].start = 30;

	r.nr++;
	assert_false(itree_consistent(&r));
	r.nr--;
	assert_true(itree_consistent(&r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_itree_model),
		cmocka_unit_test(test_itree_consistent_finds_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
