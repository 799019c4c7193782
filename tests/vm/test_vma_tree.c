// SPDX-License-Identifier: MIT
/*
 * test_vma_tree.c - the VMA interval tree: lookups at every boundary,
 * neighbours, bound updates, the free-gap searches of vm_unmapped_area()
 * (alignment, limits, start_gap, stack guards, ENOMEM and overflow), and
 * a model test that runs seeded random operations against a sorted array
 * searched linearly.  The tree allocates nothing (nodes live in the test's
 * arrays), so there is nothing to leak; removing everything must leave an
 * empty, consistent tree and unlinked nodes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fx_sim.h"
#include "pmm_config.h"
#include "rng.h"
#include "vm/vma_tree.h"

#define PG 4096ull

static void check(const struct vma_tree *t)
{
	char msg[256];

	if (!vma_tree_consistent(t, msg, sizeof(msg)))
		fail_msg("vma_tree inconsistent: %s", msg);
}

static void add(struct vma_tree *t, struct vma_node *n, uint64_t start,
		uint64_t end, uint64_t guard_below, uint64_t guard_above)
{
	memset(n, 0, sizeof(*n));
	n->vm_start = start;
	n->vm_end = end;
	n->vm_guard_below = guard_below;
	n->vm_guard_above = guard_above;
	vma_tree_insert(t, n);
	check(t);
}

static int search(const struct vma_tree *t, unsigned int flags,
		  uint64_t length, uint64_t low, uint64_t high,
		  uint64_t align_mask, uint64_t align_offset, uint64_t *addr)
{
	struct vma_unmapped_area_info info = {
		.flags = flags, .length = length, .low_limit = low,
		.high_limit = high, .align_mask = align_mask,
		.align_offset = align_offset,
	};

	*addr = 0xdeadull;
	return vma_tree_unmapped_area(t, &info, addr);
}

#define TD VMA_UNMAPPED_AREA_TOPDOWN

static void test_vma_tree_empty(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node dummy, *prev = &dummy;
	uint64_t a;

	check(&t);
	assert_null(vma_tree_find(&t, 0));
	assert_null(vma_tree_find_prev(&t, 123, &prev));
	assert_null(prev);
	assert_null(vma_tree_first(&t));
	assert_null(vma_tree_last(&t));
	assert_int_equal(search(&t, 0, PG, 0x1000, 1ull << 47, 0, 0, &a), 0);
	assert_int_equal(a, 0x1000);
	assert_int_equal(search(&t, TD, PG, 0x1000, 1ull << 47, 0, 0, &a), 0);
	assert_int_equal(a, (1ull << 47) - PG);
}

/*
 *  0x10000  0x20000  0x30000  0x40000  0x50000
 *     [ A ----)        [ B ----)[ C ----)
 */
static void test_vma_tree_find_at_boundaries(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[3], *prev, *it;
	int i = 0;

	add(&t, &n[2], 0x40000, 0x50000, 0, 0);
	add(&t, &n[0], 0x10000, 0x20000, 0, 0);
	add(&t, &n[1], 0x30000, 0x40000, 0, 0);
	assert_int_equal(vma_tree_nr(&t), 3);
	assert_ptr_equal(vma_tree_find(&t, 0), &n[0]);	/* below the first */
	assert_ptr_equal(vma_tree_find(&t, 0x10000), &n[0]);
	assert_ptr_equal(vma_tree_find(&t, 0x1ffff), &n[0]);
	assert_ptr_equal(vma_tree_find(&t, 0x20000), &n[1]);	/* addr == end */
	assert_ptr_equal(vma_tree_find(&t, 0x2ffff), &n[1]);
	assert_ptr_equal(vma_tree_find(&t, 0x3ffff), &n[1]);
	assert_ptr_equal(vma_tree_find(&t, 0x40000), &n[2]);
	assert_ptr_equal(vma_tree_find(&t, 0x4ffff), &n[2]);
	assert_null(vma_tree_find(&t, 0x50000));		/* above the last */
	assert_null(vma_tree_find(&t, UINT64_MAX));

	assert_ptr_equal(vma_tree_find_prev(&t, 0x20000, &prev), &n[1]);
	assert_ptr_equal(prev, &n[0]);
	assert_ptr_equal(vma_tree_find_prev(&t, 0x5, &prev), &n[0]);
	assert_null(prev);
	assert_null(vma_tree_find_prev(&t, 0x50000, &prev));
	assert_ptr_equal(prev, &n[2]);

	assert_null(vma_tree_find_intersection(&t, 0x20000, 0x30000));
	assert_null(vma_tree_find_intersection(&t, 0, 0x10000));
	assert_ptr_equal(vma_tree_find_intersection(&t, 0x20000, 0x30001),
			 &n[1]);
	assert_ptr_equal(vma_tree_find_intersection(&t, 0x4ffff, 0x60000),
			 &n[2]);
	assert_ptr_equal(vma_tree_find_intersection(&t, 0, UINT64_MAX), &n[0]);
	assert_null(vma_tree_find_intersection(&t, 0x50000, UINT64_MAX));

	assert_ptr_equal(vma_tree_first(&t), &n[0]);
	assert_ptr_equal(vma_tree_last(&t), &n[2]);
	assert_null(vma_tree_prev(&n[0]));
	assert_ptr_equal(vma_tree_next(&n[0]), &n[1]);
	assert_ptr_equal(vma_tree_prev(&n[2]), &n[1]);
	assert_null(vma_tree_next(&n[2]));
	vma_tree_for_each(it, &t)
		assert_ptr_equal(it, &n[i++]);
	assert_int_equal(i, 3);
}

static void test_vma_tree_remove_relinks_neighbours(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[3], *it, *tmp;
	uint64_t a;

	add(&t, &n[0], 0x10000, 0x20000, 0, 0);
	add(&t, &n[1], 0x20000, 0x30000, 0, 0);
	add(&t, &n[2], 0x30000, 0x40000, 0, 0);
	/* No room below 0x40000 for 2 pages. */
	assert_int_equal(search(&t, 0, 2 * PG, 0x10000, 0x40000, 0, 0, &a),
			 -ENOMEM);
	vma_tree_remove(&t, &n[1]);
	check(&t);
	assert_ptr_equal(vma_tree_next(&n[0]), &n[2]);
	assert_ptr_equal(vma_tree_prev(&n[2]), &n[0]);
	assert_ptr_equal(vma_tree_find(&t, 0x20000), &n[2]);
	assert_int_equal(search(&t, 0, 0x10000, 0x10000, 0x40000, 0, 0, &a), 0);
	assert_int_equal(a, 0x20000);
	assert_int_equal(search(&t, TD, 0x10000, 0, 0x40000, 0, 0, &a), 0);
	assert_int_equal(a, 0x20000);
	vma_tree_remove(&t, &n[2]);
	check(&t);
	assert_ptr_equal(vma_tree_last(&t), &n[0]);
	assert_int_equal(t.highest_vm_end, 0x20000);
	add(&t, &n[1], 0x20000, 0x30000, 0, 0);
	vma_tree_for_each_safe(it, tmp, &t) {
		vma_tree_remove(&t, it);
		check(&t);
	}
	assert_int_equal(vma_tree_nr(&t), 0);
	assert_null(t.rb.rb_node);
	assert_null(n[0].vm_next);
	assert_null(n[1].vm_prev);
}

/*
 * 0        0x100000  0x180000      0x400000    0x480000
 * |  free  [ A ------)    free     [ B --------)   free ...
 */
static void test_vma_tree_gap_search_alignment_and_limits(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[2];
	const uint64_t huge = 0x200000 - PG;	/* 2 MiB alignment mask */
	uint64_t a;

	add(&t, &n[0], 0x100000, 0x180000, 0, 0);
	add(&t, &n[1], 0x400000, 0x480000, 0, 0);
	/* Bottom-up: the lowest gap, from low_limit. */
	assert_int_equal(search(&t, 0, 0x100000, 0, 1ull << 40, 0, 0, &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(search(&t, 0, 0x100000, PG, 1ull << 40, 0, 0, &a), 0);
	assert_int_equal(a, 0x180000);
	/* Aligned to 2 MiB the worst case needs 0x2ff000: only the top. */
	assert_int_equal(search(&t, 0, 0x100000, PG, 1ull << 40, huge, 0, &a),
			 0);
	assert_int_equal(a, 0x600000);
	/* One page, 2 MiB aligned: gap_start 0x180000 rounds up. */
	assert_int_equal(search(&t, 0, PG, PG, 1ull << 40, huge, 0, &a), 0);
	assert_int_equal(a, 0x200000);
	/* align_offset 0x10000: 0x180000 -> 0x210000. */
	assert_int_equal(search(&t, 0, PG, PG, 1ull << 40, huge, 0x10000, &a),
			 0);
	assert_int_equal(a, 0x210000);
	/* Worst-case alignment must fit: 0x280000 + 0x1ff000 > 0x280000. */
	assert_int_equal(search(&t, 0, 0x280000, PG, 1ull << 40, huge, 0, &a),
			 0);
	assert_int_equal(a, 0x600000);
	assert_int_equal(search(&t, 0, 0x280000, PG, 1ull << 40, 0, 0, &a), 0);
	assert_int_equal(a, 0x180000);
	/* high_limit: the gap must end below it. */
	assert_int_equal(search(&t, 0, 0x280000, PG, 0x400000, 0, 0, &a), 0);
	assert_int_equal(a, 0x180000);
	assert_int_equal(search(&t, 0, 0x280000, PG, 0x3ff000, 0, 0, &a),
			 -ENOMEM);

	/* Top-down: the highest gap, ending at high_limit. */
	assert_int_equal(search(&t, TD, 0x100000, 0, 1ull << 40, 0, 0, &a), 0);
	assert_int_equal(a, (1ull << 40) - 0x100000);
	assert_int_equal(search(&t, TD, 0x100000, 0, 0x400000, 0, 0, &a), 0);
	assert_int_equal(a, 0x300000);
	assert_int_equal(search(&t, TD, 0x100000, 0, 0x400000, huge, 0, &a),
			 -ENOMEM);
	assert_int_equal(search(&t, TD, PG, 0, 0x400000, huge, 0, &a), 0);
	assert_int_equal(a, 0x200000);
	assert_int_equal(search(&t, TD, PG, 0, 0x400000, huge, 0x10000, &a), 0);
	assert_int_equal(a, 0x210000);
	/* high_limit inside B: the gap below B is clipped, not B's top. */
	assert_int_equal(search(&t, TD, 0x10000, 0, 0x450000, 0, 0, &a), 0);
	assert_int_equal(a, 0x3f0000);
	/* Below A only, from low_limit 0. */
	assert_int_equal(search(&t, TD, 0x100000, 0, 0x180000, 0, 0, &a), 0);
	assert_int_equal(a, 0);
	/* low_limit above the only fitting gap. */
	assert_int_equal(search(&t, TD, 0x100000, PG, 0x180000, 0, 0, &a),
			 -ENOMEM);
}

static void test_vma_tree_start_gap_leaves_room_below(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[2];
	struct vma_unmapped_area_info info = {
		.length = 0x10000, .low_limit = 0, .high_limit = 1ull << 40,
		.start_gap = 0x8000,
	};
	uint64_t a;

	add(&t, &n[0], 0x100000, 0x110000, 0, 0);
	add(&t, &n[1], 0x118000, 0x200000, 0, 0);
	info.low_limit = 0x100000;
	assert_int_equal(vma_tree_unmapped_area(&t, &info, &a), 0);
	assert_int_equal(a, 0x208000);		/* 0x8000 gap is too small */
	info.flags = TD;
	info.high_limit = 0x300000;
	assert_int_equal(vma_tree_unmapped_area(&t, &info, &a), 0);
	assert_int_equal(a, 0x2f0000);
	info.high_limit = 0x218000;
	assert_int_equal(vma_tree_unmapped_area(&t, &info, &a), 0);
	assert_int_equal(a, 0x208000);
	info.high_limit = 0x217000;
	assert_int_equal(vma_tree_unmapped_area(&t, &info, &a), -ENOMEM);
}

/*
 *  0x100000 0x200000        0x300000   0x400000   0x500000
 *  [ A -----)     free      |<-guard-->[ stack ---)
 */
static void test_vma_tree_guard_gap_below_stack(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node a_node, stack, up;
	uint64_t a;

	add(&t, &a_node, 0x100000, 0x200000, 0, 0);
	add(&t, &stack, 0x400000, 0x500000, 0x100000, 0);
	assert_int_equal(vma_start_gap(&stack), 0x300000);
	/* Exactly the gap left by the guard fits, one page more does not. */
	assert_int_equal(search(&t, 0, 0x100000, 0x100000, 1ull << 40, 0, 0,
				&a), 0);
	assert_int_equal(a, 0x200000);
	assert_int_equal(search(&t, 0, 0x101000, 0x100000, 1ull << 40, 0, 0,
				&a), 0);
	assert_int_equal(a, 0x500000);
	assert_int_equal(search(&t, TD, 0x100000, 0x100000, 0x500000, 0, 0,
				&a), 0);
	assert_int_equal(a, 0x200000);	/* not 0x300000: guard */
	assert_int_equal(search(&t, TD, 0x101000, 0x100000, 0x500000, 0, 0,
				&a), -ENOMEM);

	/* Growing the guard in place shrinks the gap to nothing. */
	stack.vm_guard_below = 0x200000;
	vma_tree_update_bounds(&t, &stack);
	check(&t);
	assert_int_equal(search(&t, TD, PG, 0x100000, 0x500000, 0, 0, &a),
			 -ENOMEM);
	/* A guard larger than vm_start clamps at 0. */
	stack.vm_guard_below = 0x1000000;
	vma_tree_update_bounds(&t, &stack);
	check(&t);
	assert_int_equal(vma_start_gap(&stack), 0);
	stack.vm_guard_below = 0x100000;
	vma_tree_update_bounds(&t, &stack);

	/* A grows-up interval's guard is above it, and counts at the top. */
	add(&t, &up, 0x600000, 0x700000, 0, 0x100000);
	assert_int_equal(t.highest_vm_end, 0x800000);
	assert_int_equal(search(&t, 0, PG, 0x600000, 1ull << 40, 0, 0, &a), 0);
	assert_int_equal(a, 0x800000);
	assert_int_equal(search(&t, TD, PG, 0, 0x800000, 0, 0, &a), 0);
	assert_int_equal(a, 0x5ff000);
	up.vm_guard_above = UINT64_MAX;	/* overflow clamps at -PAGE_SIZE */
	vma_tree_update_bounds(&t, &up);
	check(&t);
	assert_int_equal(vma_end_gap(&up), VMA_TREE_END_GAP_MAX);
	assert_int_equal(search(&t, 0, PG, 0x600000, UINT64_MAX, 0, 0, &a),
			 -ENOMEM);
}

static void test_vma_tree_enomem_and_overflow(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n;
	uint64_t a;

	add(&t, &n, 0, 1ull << 47, 0, 0);
	assert_int_equal(search(&t, 0, PG, 0, 1ull << 47, 0, 0, &a), -ENOMEM);
	assert_int_equal(search(&t, TD, PG, 0, 1ull << 47, 0, 0, &a), -ENOMEM);
	assert_int_equal(a, 0xdeadull);			/* untouched */
	assert_int_equal(search(&t, TD, PG, 0, (1ull << 47) + PG, 0, 0, &a), 0);
	assert_int_equal(a, 1ull << 47);
	/* length + align_mask overflows */
	assert_int_equal(search(&t, 0, UINT64_MAX - PG, 0, UINT64_MAX,
				2 * PG, 0, &a), -ENOMEM);
	assert_int_equal(search(&t, TD, UINT64_MAX - PG, 0, UINT64_MAX,
				2 * PG, 0, &a), -ENOMEM);
	/* high_limit < length, and low_limit > high_limit - length */
	assert_int_equal(search(&t, 0, 2 * PG, 0, PG, 0, 0, &a), -ENOMEM);
	assert_int_equal(search(&t, TD, 2 * PG, 0, PG, 0, 0, &a), -ENOMEM);
	assert_int_equal(search(&t, 0, PG, 1ull << 48, (1ull << 48) + PG - 1,
				0, 0, &a), -ENOMEM);
	assert_int_equal(search(&t, TD, PG, 1ull << 48, (1ull << 48) + PG - 1,
				0, 0, &a), -ENOMEM);
	assert_int_equal(search(&t, 0, 0, 0, 1ull << 48, UINT64_MAX, 0, &a),
			 -ENOMEM);
}

static void test_vma_tree_update_bounds_moves_gaps(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[3];
	uint64_t a;

	add(&t, &n[0], 0x10000, 0x20000, 0, 0);
	add(&t, &n[1], 0x30000, 0x40000, 0, 0);
	add(&t, &n[2], 0x60000, 0x70000, 0, 0);
	assert_int_equal(search(&t, 0, 0x20000, 0x10000, 0x70000, 0, 0, &a), 0);
	assert_int_equal(a, 0x40000);
	/* vma_adjust: n[1] grows up to 0x50000, n[0] shrinks to 0x18000. */
	n[1].vm_end = 0x50000;
	vma_tree_update_bounds(&t, &n[1]);
	check(&t);
	assert_int_equal(search(&t, 0, 0x20000, 0x10000, 0x70000, 0, 0, &a),
			 -ENOMEM);
	n[0].vm_end = 0x18000;
	n[1].vm_start = 0x18000;
	vma_tree_update_bounds(&t, &n[0]);
	vma_tree_update_bounds(&t, &n[1]);
	check(&t);
	assert_ptr_equal(vma_tree_find(&t, 0x18000), &n[1]);
	assert_ptr_equal(vma_tree_find(&t, 0x17fff), &n[0]);
	n[2].vm_end = 0x90000;
	vma_tree_update_bounds(&t, &n[2]);
	check(&t);
	assert_int_equal(t.highest_vm_end, 0x90000);
	assert_int_equal(search(&t, TD, 0x10000, 0, 0x90000, 0, 0, &a), 0);
	assert_int_equal(a, 0x50000);
}

static void expect_inconsistent(const struct vma_tree *t, const char *what)
{
	char msg[256];

	assert_false(vma_tree_consistent(t, msg, sizeof(msg)));
	if (!strstr(msg, what))
		fail_msg("expected \"%s\" in \"%s\"", what, msg);
}

static void test_vma_tree_consistent_reports_first_violation(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[7];
	uint64_t saved;

	for (int i = 0; i < 7; i++)
		add(&t, &n[i], 0x10000 * (2 * i + 1), 0x10000 * (2 * i + 2), 0,
		    0);
	saved = t.rb.rb_node->rb_augmented;
	t.rb.rb_node->rb_augmented = saved + 1;
	expect_inconsistent(&t, "rb_subtree_gap");
	t.rb.rb_node->rb_augmented = saved;
	t.rb.rb_node->rb_parent_color &= ~(uintptr_t)1;	/* paint the root red */
	expect_inconsistent(&t, "root is red");
	t.rb.rb_node->rb_parent_color |= 1;
	n[3].vm_end = n[4].vm_start + 1;
	expect_inconsistent(&t, "overlaps");
	n[3].vm_end = n[4].vm_start - 0x10000;
	t.nr_nodes++;
	expect_inconsistent(&t, "nr_nodes");
	t.nr_nodes--;
	t.highest_vm_end++;
	expect_inconsistent(&t, "highest_vm_end");
	t.highest_vm_end--;
	check(&t);
}

/* Under debug_vm (the only build that runs this), overlap is a PMM_BUG. */
static PMM_UNUSED void test_vma_tree_overlapping_insert_is_a_bug(void **state)
{
	struct vma_tree t = VMA_TREE_INIT;
	struct vma_node n[2];
	int status;
	pid_t pid;

	add(&t, &n[0], 0x10000, 0x20000, 0, 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		memset(&n[1], 0, sizeof(n[1]));
		n[1].vm_start = 0x1f000;
		n[1].vm_end = 0x30000;
		vma_tree_insert(&t, &n[1]);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- model: the tree against a sorted array searched linearly ---- */

struct ref {
	uint64_t s, e, gb, ga;
	struct vma_node *node;
};

struct model {
	struct vma_tree t;
	struct pmm_rng rng;
	struct vma_node *pool;
	struct vma_node **free_nodes;
	unsigned int nr_free;
	struct ref *a;
	unsigned int n, cap;
	uint64_t space;		/* addresses in [0, space) */
};

static uint64_t r_start_gap(const struct ref *r)
{
	return r->s > r->gb ? r->s - r->gb : 0;
}

static uint64_t r_end_gap(const struct ref *r)
{
	return r->e + r->ga;	/* the model keeps far from overflow */
}

/* Index of the first interval with s >= addr. */
static unsigned int ref_lower(const struct model *m, uint64_t addr)
{
	unsigned int lo = 0, hi = m->n;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (m->a[mid].s < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First interval with e > addr, by a linear scan. */
static int ref_find(const struct model *m, uint64_t addr)
{
	for (unsigned int i = 0; i < m->n; i++)
		if (m->a[i].e > addr)
			return (int)i;
	return -1;
}

/*
 * The model keeps every guard zone empty of other intervals, so gap starts
 * and ends rise with the address and the lowest (highest) fitting gap is
 * what Linux's pruned walk finds.
 */
static bool ref_fits(const struct model *m, unsigned int i, const struct ref *r)
{
	const struct ref *p = i ? &m->a[i - 1] : NULL;
	const struct ref *nx = i < m->n ? &m->a[i] : NULL;

	if (r->s >= r->e || r->e > m->space)
		return false;
	if (p && (p->e + p->ga > r->s || p->e + r->gb > r->s))
		return false;
	if (nx && (r->e + r->ga > nx->s || r->e + nx->gb > nx->s))
		return false;
	return true;
}

static int ref_unmapped(const struct model *m,
			const struct vma_unmapped_area_info *info,
			uint64_t *addr)
{
	uint64_t length, low_limit, high_limit, gs, ge;

	length = info->length + info->align_mask;
	if (length < info->length || length + info->start_gap < length)
		return -ENOMEM;
	length += info->start_gap;
	if (info->high_limit < length)
		return -ENOMEM;
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		return -ENOMEM;
	low_limit = info->low_limit + length;

	if (!(info->flags & TD)) {
		for (unsigned int i = 0; i <= m->n; i++) {
			gs = i ? r_end_gap(&m->a[i - 1]) : 0;
			ge = i < m->n ? r_start_gap(&m->a[i]) : UINT64_MAX;
			if (gs > high_limit)
				continue;
			if (i < m->n && !(ge >= low_limit && ge > gs &&
					  ge - gs >= length))
				continue;
			gs = gs < info->low_limit ? info->low_limit : gs;
			gs += info->start_gap;
			gs += (info->align_offset - gs) & info->align_mask;
			*addr = gs;
			return 0;
		}
		return -ENOMEM;
	}
	for (unsigned int i = m->n + 1; i-- > 0;) {
		gs = i ? r_end_gap(&m->a[i - 1]) : 0;
		if (i == m->n) {
			ge = info->high_limit;
			if (gs > high_limit)
				continue;
		} else {
			ge = r_start_gap(&m->a[i]);
			if (!(ge >= low_limit && gs <= high_limit && ge > gs &&
			      ge - gs >= length))
				continue;
			ge = ge > info->high_limit ? info->high_limit : ge;
		}
		ge -= info->length;
		ge -= (ge - info->align_offset) & info->align_mask;
		*addr = ge;
		return 0;
	}
	return -ENOMEM;
}

static void model_check_result(const struct model *m,
			       const struct vma_unmapped_area_info *info,
			       uint64_t a)
{
	uint64_t lo = a - info->start_gap, hi = a + info->length;

	assert_true(lo >= info->low_limit);
	assert_true(hi <= info->high_limit);
	assert_int_equal((a - info->align_offset) & info->align_mask, 0);
	for (unsigned int i = 0; i < m->n; i++)
		assert_false(r_start_gap(&m->a[i]) < hi &&
			     lo < r_end_gap(&m->a[i]));
}

static uint64_t rnd(struct model *m, uint64_t bound)
{
	return pmm_rng_below(&m->rng, bound);
}

static bool model_insert(struct model *m)
{
	struct ref r = { 0 };
	unsigned int i;

	if (!m->nr_free)
		return false;
	r.s = rnd(m, m->space / PG) * PG;
	r.e = r.s + (1 + (rnd(m, 8) ? rnd(m, 16) : rnd(m, 512))) * PG;
	if (!rnd(m, 8))
		r.gb = (1 + rnd(m, 64)) * PG;
	else if (!rnd(m, 16))
		r.ga = (1 + rnd(m, 64)) * PG;
	i = ref_lower(m, r.s);
	if (!ref_fits(m, i, &r))
		return false;
	r.node = m->free_nodes[--m->nr_free];
	memset(r.node, 0, sizeof(*r.node));
	r.node->vm_start = r.s;
	r.node->vm_end = r.e;
	r.node->vm_guard_below = r.gb;
	r.node->vm_guard_above = r.ga;
	vma_tree_insert(&m->t, r.node);
	memmove(&m->a[i + 1], &m->a[i], (m->n - i) * sizeof(m->a[0]));
	m->a[i] = r;
	m->n++;
	return true;
}

static void model_remove(struct model *m)
{
	unsigned int i = (unsigned int)rnd(m, m->n);
	struct vma_node *node = m->a[i].node;

	vma_tree_remove(&m->t, node);
	m->free_nodes[m->nr_free++] = node;
	memmove(&m->a[i], &m->a[i + 1], (m->n - i - 1) * sizeof(m->a[0]));
	m->n--;
}

static void model_adjust(struct model *m)
{
	unsigned int i = (unsigned int)rnd(m, m->n);
	struct ref r = m->a[i], *p = i ? &m->a[i - 1] : NULL;
	struct ref *nx = i + 1 < m->n ? &m->a[i + 1] : NULL;
	uint64_t lo = p ? p->e + PMM_MAX(p->ga, r.gb) : 0;
	uint64_t hi = nx ? nx->s - PMM_MAX(nx->gb, r.ga) : m->space;

	if (lo >= hi)
		return;
	r.s = lo + rnd(m, (hi - lo) / PG) * PG;
	r.e = r.s + (1 + rnd(m, (hi - r.s) / PG)) * PG;
	if (r.e > hi)
		return;
	/* lo and hi keep both neighbours' and our own guard zones empty. */
	m->a[i] = r;
	r.node->vm_start = r.s;
	r.node->vm_end = r.e;
	vma_tree_update_bounds(&m->t, r.node);
}

static void model_lookup(struct model *m)
{
	uint64_t addr = rnd(m, m->space + 4 * PG), end;
	int i = ref_find(m, addr);
	struct vma_node *prev, *got = vma_tree_find_prev(&m->t, addr, &prev);

	assert_ptr_equal(got, i < 0 ? NULL : m->a[i].node);
	if (i > 0)
		assert_ptr_equal(prev, m->a[i - 1].node);
	else if (i == 0)
		assert_null(prev);
	else
		assert_ptr_equal(prev, m->n ? m->a[m->n - 1].node : NULL);
	if (got) {
		assert_ptr_equal(vma_tree_prev(got), prev);
		assert_ptr_equal(vma_tree_next(got),
				 (unsigned int)i + 1 < m->n ? m->a[i + 1].node
							    : NULL);
	}
	end = addr + 1 + rnd(m, 64 * PG);
	got = vma_tree_find_intersection(&m->t, addr, end);
	assert_ptr_equal(got, i >= 0 && m->a[i].s < end ? m->a[i].node : NULL);
}

static bool model_search(struct model *m)
{
	struct vma_unmapped_area_info info = { 0 };
	uint64_t a = 0, b = 0;
	int rc, want;

	info.flags = rnd(m, 2) ? TD : 0;
	info.length = (1 + (rnd(m, 4) ? rnd(m, 16) : rnd(m, 1024))) * PG;
	if (!rnd(m, 16))
		info.length = 1 + rnd(m, 64 * PG);	/* unaligned */
	else if (!rnd(m, 8))
		info.length = (1 + rnd(m, m->space / PG / 16)) * PG;
	if (rnd(m, 3) == 0) {
		unsigned int k = (unsigned int)rnd(m, 10);

		info.align_mask = ((1ull << k) - 1) * PG;
		info.align_offset = rnd(m, 1024) * PG;
	}
	if (!rnd(m, 8))
		info.start_gap = rnd(m, 32) * PG;
	switch (rnd(m, 4)) {
	case 0:			/* the whole space */
		info.low_limit = 0;
		info.high_limit = m->space;
		break;
	case 1:			/* above the top too */
		info.low_limit = rnd(m, m->space);
		info.high_limit = m->space + rnd(m, m->space);
		break;
	default:		/* a random window */
		info.low_limit = rnd(m, m->space);
		info.high_limit = info.low_limit + rnd(m, m->space / 4);
		break;
	}
	/* Page-aligned limits, as Linux's callers pass them. */
	info.low_limit &= ~(PG - 1);
	info.high_limit &= ~(PG - 1);
	if (!rnd(m, 64))
		info.high_limit = UINT64_MAX - rnd(m, 4 * PG);
	rc = vma_tree_unmapped_area(&m->t, &info, &a);
	want = ref_unmapped(m, &info, &b);
	if (rc != want || (rc == 0 && a != b))
		fail_msg("%s len %#llx low %#llx high %#llx mask %#llx off "
			 "%#llx start_gap %#llx: tree %d %#llx, ref %d %#llx",
			 info.flags ? "topdown" : "bottomup",
			 (unsigned long long)info.length,
			 (unsigned long long)info.low_limit,
			 (unsigned long long)info.high_limit,
			 (unsigned long long)info.align_mask,
			 (unsigned long long)info.align_offset,
			 (unsigned long long)info.start_gap, rc,
			 (unsigned long long)a, want, (unsigned long long)b);
	if (rc == 0)
		model_check_result(m, &info, a);
	return rc == 0;
}

static void run_model(const char *name, unsigned long ops, unsigned int cap,
		      uint64_t space, unsigned long check_every)
{
	struct model m = { .cap = cap, .space = space };
	uint64_t seed = fx_seed();
	unsigned long nr_search = 0, nr_found = 0, nr_ins = 0, nr_rm = 0;
	unsigned int max_n = 0;

	print_message("# %s seed=%llu ops=%lu\n", name,
		      (unsigned long long)seed, ops);
	vma_tree_init(&m.t);
	pmm_rng_seed(&m.rng, seed, 0x766d);
	m.pool = calloc(cap, sizeof(*m.pool));
	m.free_nodes = calloc(cap, sizeof(*m.free_nodes));
	m.a = calloc(cap, sizeof(*m.a));
	assert_non_null(m.pool);
	assert_non_null(m.free_nodes);
	assert_non_null(m.a);
	for (unsigned int i = 0; i < cap; i++)
		m.free_nodes[m.nr_free++] = &m.pool[cap - 1 - i];

	for (unsigned long op = 0; op < ops; op++) {
		uint64_t dice = rnd(&m, 100);

		if (dice < 35 && m.n < cap) {
			nr_ins += model_insert(&m);
			max_n = PMM_MAX(max_n, m.n);
		} else if (dice < 60 && m.n) {
			model_remove(&m);
			nr_rm++;
		} else if (dice < 70 && m.n) {
			model_adjust(&m);
		} else if (dice < 82) {
			model_lookup(&m);
		} else {
			nr_found += model_search(&m);
			nr_search++;
		}
		assert_int_equal(vma_tree_nr(&m.t), m.n);
		if ((op + 1) % check_every == 0)
			check(&m.t);
	}
	check(&m.t);
	print_message("# %s: %lu inserts, %lu removes, at most %u intervals, "
		      "%lu searches (%lu found, the rest -ENOMEM)\n",
		      name, nr_ins, nr_rm, max_n, nr_search, nr_found);
	while (m.n)
		model_remove(&m);
	check(&m.t);
	assert_null(m.t.rb.rb_node);
	free(m.a);
	free(m.free_nodes);
	free(m.pool);
}

/* Small and crowded: ENOMEM is common; check after every operation. */
static void test_vma_tree_model_every_op(void **state)
{
	run_model("model_every_op", 20000, 400, 8192 * PG, 1);
}

/* 10^5 operations over up to 3000 intervals; check every 100. */
static void test_vma_tree_model_100k_ops(void **state)
{
	run_model("model_100k_ops", 100000, 3000, (1ull << 20) * PG, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vma_tree_empty),
		cmocka_unit_test(test_vma_tree_find_at_boundaries),
		cmocka_unit_test(test_vma_tree_remove_relinks_neighbours),
		cmocka_unit_test(test_vma_tree_gap_search_alignment_and_limits),
		cmocka_unit_test(test_vma_tree_start_gap_leaves_room_below),
		cmocka_unit_test(test_vma_tree_guard_gap_below_stack),
		cmocka_unit_test(test_vma_tree_enomem_and_overflow),
		cmocka_unit_test(test_vma_tree_update_bounds_moves_gaps),
		cmocka_unit_test(test_vma_tree_consistent_reports_first_violation),
#if PMM_DEBUG_VM	/* cmocka's TAP skip reads as a failure to meson */
		cmocka_unit_test(test_vma_tree_overlapping_insert_is_a_bug),
#endif
		cmocka_unit_test(test_vma_tree_model_every_op),
		cmocka_unit_test(test_vma_tree_model_100k_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
