// SPDX-License-Identifier: MIT
/*
 * rbtree.c - the augmented red-black tree of rbtree.h.
 *
 * The balancing is the textbook (CLRS) one without sentinels.  The
 * aggregates stay right by three rules:
 *  - a rotation keeps the set of nodes below the top position, so the new
 *    top takes the old top's aggregate and only the old top is recomputed;
 *  - a new leaf is computed and the change walked up until an ancestor's
 *    aggregate stays the same;
 *  - after a removal splices nodes, the path from the splice point to the
 *    root is recomputed in full, then the caller's dirty node walked up,
 *    both before any rebalancing rotation.
 */
#include "rbtree.h"

#define RB_RED	 0
#define RB_BLACK 1

static inline void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->rb_parent_color = (uintptr_t)p | (n->rb_parent_color & 1);
}

static inline void set_color(struct rb_node *n, int color)
{
	n->rb_parent_color = (n->rb_parent_color & ~(uintptr_t)1) |
			     (uintptr_t)color;
}

static inline void change_child(struct rb_root *r, struct rb_node *old,
				struct rb_node *new, struct rb_node *parent)
{
	if (!parent)
		r->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 *      x                y
 *     / \              / \
 *    a   y     ->     x   c
 *       / \          / \
 *      b   c        a   b
 */
static void rotate_left(struct rb_root *r, struct rb_node *x,
			rb_compute_fn *compute)
{
	struct rb_node *y = x->rb_right, *p = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		set_parent(y->rb_left, x);
	set_parent(y, p);
	change_child(r, x, y, p);
	y->rb_left = x;
	set_parent(x, y);
	y->rb_augmented = x->rb_augmented;	/* same set of nodes */
	x->rb_augmented = compute(x);
}

static void rotate_right(struct rb_root *r, struct rb_node *x,
			 rb_compute_fn *compute)
{
	struct rb_node *y = x->rb_left, *p = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		set_parent(y->rb_right, x);
	set_parent(y, p);
	change_child(r, x, y, p);
	y->rb_right = x;
	set_parent(x, y);
	y->rb_augmented = x->rb_augmented;
	x->rb_augmented = compute(x);
}

/* rotate_left() when @left, else rotate_right(). */
static inline void rotate(struct rb_root *r, struct rb_node *x, bool left,
			  rb_compute_fn *compute)
{
	if (left)
		rotate_left(r, x, compute);
	else
		rotate_right(r, x, compute);
}

void rb_propagate(struct rb_node *n, rb_compute_fn *compute)
{
	while (n) {
		uint64_t v = compute(n);

		if (v == n->rb_augmented)
			break;
		n->rb_augmented = v;
		n = rb_parent(n);
	}
}

/* ---- insert ---- */

/*
 * The two mirror cases of CLRS share one body: @pl says whether the parent
 * is its parent's left child, and "near"/"far" are taken from that side.
 */
static void insert_fixup(struct rb_root *r, struct rb_node *n,
			 rb_compute_fn *compute)
{
	struct rb_node *p, *g, *u;

	while ((p = rb_parent(n)) && rb_is_red(p)) {
		bool pl;

		g = rb_parent(p);	/* a red parent is never the root */
		pl = p == g->rb_left;
		u = pl ? g->rb_right : g->rb_left;
		if (rb_is_red(u)) {
			set_color(p, RB_BLACK);
			set_color(u, RB_BLACK);
			set_color(g, RB_RED);
			n = g;
			continue;
		}
		if (n == (pl ? p->rb_right : p->rb_left)) {
			rotate(r, p, pl, compute);
			n = p;
			p = rb_parent(n);
		}
		set_color(p, RB_BLACK);
		set_color(g, RB_RED);
		rotate(r, g, !pl, compute);
	}
	set_color(r->rb_node, RB_BLACK);
}

void rb_insert_augmented(struct rb_root *r, struct rb_node *n,
			 struct rb_node *parent, struct rb_node **link,
			 rb_compute_fn *compute)
{
	n->rb_parent_color = (uintptr_t)parent | RB_RED;
	n->rb_left = n->rb_right = NULL;
	*link = n;
	n->rb_augmented = compute(n);
	rb_propagate(parent, compute);
	insert_fixup(r, n, compute);
}

/* ---- erase ---- */

static void erase_fixup(struct rb_root *r, struct rb_node *x,
			struct rb_node *p, rb_compute_fn *compute)
{
	while (x != r->rb_node && rb_is_black(x)) {
		bool xl = x == p->rb_left;
		struct rb_node *w = xl ? p->rb_right : p->rb_left;

		if (rb_is_red(w)) {
			set_color(w, RB_BLACK);
			set_color(p, RB_RED);
			rotate(r, p, xl, compute);
			w = xl ? p->rb_right : p->rb_left;
		}
		if (rb_is_black(w->rb_left) && rb_is_black(w->rb_right)) {
			set_color(w, RB_RED);
			x = p;
			p = rb_parent(x);
			continue;
		}
		if (rb_is_black(xl ? w->rb_right : w->rb_left)) {
			set_color(xl ? w->rb_left : w->rb_right, RB_BLACK);
			set_color(w, RB_RED);
			rotate(r, w, !xl, compute);
			w = xl ? p->rb_right : p->rb_left;
		}
		set_color(w, rb_is_black(p) ? RB_BLACK : RB_RED);
		set_color(p, RB_BLACK);
		set_color(xl ? w->rb_right : w->rb_left, RB_BLACK);
		rotate(r, p, xl, compute);
		x = r->rb_node;
		break;
	}
	if (x)
		set_color(x, RB_BLACK);
}

void rb_erase_augmented(struct rb_root *r, struct rb_node *z,
			struct rb_node *dirty, rb_compute_fn *compute)
{
	struct rb_node *y, *x, *xp;
	bool black;

	/* @y is the node that leaves its position: @z, or its successor. */
	y = z;
	if (z->rb_left && z->rb_right)
		for (y = z->rb_right; y->rb_left; y = y->rb_left)
			;
	x = y->rb_left ? y->rb_left : y->rb_right;
	xp = rb_parent(y);
	black = rb_is_black(y);
	if (y != z) {
		if (xp == z) {
			xp = y;	/* y was z's right child; x stays below */
		} else {
			xp->rb_left = x;  /* a successor is a left child */
			if (x)
				set_parent(x, xp);
			y->rb_right = z->rb_right;
			set_parent(z->rb_right, y);
		}
		y->rb_left = z->rb_left;
		set_parent(z->rb_left, y);
		y->rb_parent_color = z->rb_parent_color;
		change_child(r, z, y, rb_parent(z));
	} else {
		if (x)
			set_parent(x, xp);
		change_child(r, z, x, xp);
	}
	/* The splice point's path holds y's new place: recompute it all. */
	for (struct rb_node *a = xp; a; a = rb_parent(a))
		a->rb_augmented = compute(a);
	rb_propagate(dirty, compute);
	if (black)
		erase_fixup(r, x, xp, compute);
	z->rb_parent_color = 0;
	z->rb_left = z->rb_right = NULL;
}

/* ---- walk and check ---- */

struct rb_node *rb_next(const struct rb_node *n)
{
	const struct rb_node *p;

	if (n->rb_right) {
		n = n->rb_right;
		while (n->rb_left)
			n = n->rb_left;
		return (struct rb_node *)n;
	}
	while ((p = rb_parent(n)) && n == p->rb_right)
		n = p;
	return (struct rb_node *)p;
}

/* No red-black tree of 2^64 nodes is deeper (2 log2(n + 1)). */
#define RB_MAX_DEPTH 128

const char *rb_check(const struct rb_root *r, rb_compute_fn *compute,
		     const struct rb_node **bad)
{
	/*
	 * Depth first through the child links with a bounded stack, so that a
	 * damaged tree (a cycle, a wrong parent) cannot make the walk run on:
	 * each entry is a node and the black nodes from the root down to it.
	 */
	struct {
		const struct rb_node *n;
		long blacks;
	} stack[RB_MAX_DEPTH + 1];
	long leaf_blacks = -1;
	int sp = 0;

	*bad = NULL;
	if (!r->rb_node)
		return NULL;
	if (rb_parent(r->rb_node))
		return "root has a parent";
	if (rb_is_red(r->rb_node))
		return "root is red";
	stack[sp].n = r->rb_node;
	stack[sp++].blacks = 1;
	while (sp) {
		const struct rb_node *n = stack[--sp].n;
		long blacks = stack[sp].blacks;
		const struct rb_node *kids[2] = { n->rb_left, n->rb_right };

		*bad = n;
		if (rb_is_red(n) && (rb_is_red(kids[0]) || rb_is_red(kids[1])))
			return "red node with a red child";
		if (!kids[0] || !kids[1]) {
			if (leaf_blacks < 0)
				leaf_blacks = blacks;
			else if (blacks != leaf_blacks)
				return "black height differs";
		}
		if (compute(n) != n->rb_augmented)
			return "stale aggregate";
		for (int i = 0; i < 2; i++) {
			if (!kids[i])
				continue;
			if (rb_parent(kids[i]) != n)
				return "child with a wrong parent";
			if (sp == RB_MAX_DEPTH)
				return "deeper than a red-black tree can be";
			stack[sp].n = kids[i];
			stack[sp++].blacks = blacks + rb_is_black(kids[i]);
		}
	}
	*bad = NULL;
	return NULL;
}
