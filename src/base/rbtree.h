/* SPDX-License-Identifier: MIT */
/*
 * rbtree.h - an intrusive red-black tree whose every node caches one
 * 64-bit aggregate of its subtree, as <linux/rbtree_augmented.h> does.
 *
 * The tree owns balance, colours and the aggregate's upkeep; the user owns
 * the order (it finds the link, then calls rb_insert_augmented()) and says
 * how one node's aggregate follows from its own data and its children's
 * rb_augmented (an rb_compute_fn).  The VMA tree keeps the largest free gap
 * this way (mm_rb's rb_subtree_gap), the interval trees of the reverse map
 * the largest interval end (interval_tree_generic.h's subtree_last).
 *
 * The colour lives in bit 0 of the parent pointer, NULL leaves are black.
 */
#ifndef PMM_BASE_RBTREE_H
#define PMM_BASE_RBTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rb_node {
	/* What a descent reads comes first. */
	struct rb_node *rb_left;
	struct rb_node *rb_right;
	uintptr_t rb_parent_color;	/* parent | colour bit (1 = black) */
	uint64_t rb_augmented;		/* the subtree's aggregate */
};

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT_INIT { NULL }

/*
 * A node's aggregate, from its own data and its children's rb_augmented
 * only (e.g. the largest of its own value and theirs): a rotation then
 * keeps the aggregate of the subtree's top position unchanged.
 */
typedef uint64_t rb_compute_fn(const struct rb_node *n);

static inline struct rb_node *rb_parent(const struct rb_node *n)
{
	return (struct rb_node *)(n->rb_parent_color & ~(uintptr_t)1);
}

static inline bool rb_is_black(const struct rb_node *n)
{
	return !n || (n->rb_parent_color & 1);
}

static inline bool rb_is_red(const struct rb_node *n)
{
	return !rb_is_black(n);
}

/**
 * rb_first() - The lowest node of @r in tree order.
 * @r: the tree.
 *
 * Return: the leftmost node, or NULL when @r is empty.
 */
static inline struct rb_node *rb_first(const struct rb_root *r)
{
	struct rb_node *n = r->rb_node;

	if (n)
		while (n->rb_left)
			n = n->rb_left;
	return n;
}

/**
 * rb_next() - The node after @n in tree order.
 * @n: a linked node.
 *
 * Return: the in-order successor, or NULL after the last node.
 */
struct rb_node *rb_next(const struct rb_node *n);

/**
 * rb_insert_augmented() - Link @n at @link below @parent and rebalance.
 * @r: the tree.
 * @n: the new node; its own data is set, its links are not.
 * @parent: the node @link belongs to, or NULL when @link is &@r->rb_node.
 * @link: the empty child pointer the caller's descent ended at.
 * @compute: how a node's aggregate is made.
 *
 * @n's aggregate and its ancestors' are brought up to date first, so the
 * rebalancing rotations start from a sound tree.  O(log n).
 */
void rb_insert_augmented(struct rb_root *r, struct rb_node *n,
			 struct rb_node *parent, struct rb_node **link,
			 rb_compute_fn *compute);

/**
 * rb_erase_augmented() - Unlink @n and rebalance.
 * @r: the tree.
 * @n: a linked node; its links are cleared.
 * @dirty: a node whose own value the caller's change moved (the VMA after
 *         @n, whose gap now reaches down past @n), or NULL.
 * @compute: how a node's aggregate is made.
 *
 * Every other node's aggregate must be sound on entry.  @dirty is brought
 * up to date after the splice and before the rebalancing, where it costs
 * least: when @dirty took @n's place it is already done.  O(log n).
 */
void rb_erase_augmented(struct rb_root *r, struct rb_node *n,
			struct rb_node *dirty, rb_compute_fn *compute);

/**
 * rb_propagate() - Recompute @n's aggregate and its ancestors'.
 * @n: the node whose own data changed, or NULL (nothing to do).
 * @compute: how a node's aggregate is made.
 *
 * Stops at the first ancestor whose aggregate stays the same, which is
 * right when @n is the only node whose own value changed.
 */
void rb_propagate(struct rb_node *n, rb_compute_fn *compute);

/**
 * rb_check() - Check the colours, links and aggregates of @r.
 * @r: the tree.
 * @compute: how a node's aggregate is made.
 * @bad: set to the node found at fault, or NULL for a fault of the root.
 *
 * The order is the user's to check.  O(n), no recursion, and safe on a
 * damaged tree: the walk follows child links only, to a bounded depth.
 *
 * Return: NULL when sound, else what is wrong ("root is red", ...).
 */
const char *rb_check(const struct rb_root *r, rb_compute_fn *compute,
		     const struct rb_node **bad);

#endif /* PMM_BASE_RBTREE_H */
