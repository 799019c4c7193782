// SPDX-License-Identifier: MIT
/*
 * itree.c - the red-black interval tree of itree.h.  Rotations and the
 * fix-ups are the textbook ones (parent pointers, NULL leaves); after each
 * structural change the subtree_last of every node whose children changed
 * is recomputed bottom-up.
 */
#include "itree.h"

static uint64_t sub_last(const struct itree_node *n)
{
	return n ? n->subtree_last : 0;
}

static void recompute(struct itree_node *n)
{
	uint64_t m = n->last;

	if (n->left && sub_last(n->left) > m)
		m = n->left->subtree_last;
	if (n->right && sub_last(n->right) > m)
		m = n->right->subtree_last;
	n->subtree_last = m;
}

static void propagate(struct itree_node *n)
{
	for (; n; n = n->parent)
		recompute(n);
}

static void set_child(struct itree_root *r, struct itree_node *parent,
		      struct itree_node *old, struct itree_node *new)
{
	if (!parent)
		r->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

static void rotate_left(struct itree_root *r, struct itree_node *x)
{
	struct itree_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	set_child(r, x->parent, x, y);
	y->left = x;
	x->parent = y;
	recompute(x);
	recompute(y);
}

static void rotate_right(struct itree_root *r, struct itree_node *x)
{
	struct itree_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	set_child(r, x->parent, x, y);
	y->right = x;
	x->parent = y;
	recompute(x);
	recompute(y);
}

void itree_insert(struct itree_root *r, struct itree_node *n)
{
	struct itree_node **link = &r->root, *parent = NULL;

	while (*link) {
		parent = *link;
		link = n->start < parent->start ? &parent->left : &parent->right;
	}
	n->left = n->right = NULL;
	n->parent = parent;
	n->red = true;
	n->subtree_last = n->last;
	*link = n;
	r->nr++;
	propagate(parent);
	while (n->parent && n->parent->red) {
		struct itree_node *p = n->parent, *g = p->parent, *u;

		if (p == g->left) {
			u = g->right;
			if (u && u->red) {
				p->red = false;
				u->red = false;
				g->red = true;
				n = g;
				continue;
			}
			if (n == p->right) {
				n = p;
				rotate_left(r, n);
				p = n->parent;
			}
			p->red = false;
			g->red = true;
			rotate_right(r, g);
		} else {
			u = g->left;
			if (u && u->red) {
				p->red = false;
				u->red = false;
				g->red = true;
				n = g;
				continue;
			}
			if (n == p->left) {
				n = p;
				rotate_right(r, n);
				p = n->parent;
			}
			p->red = false;
			g->red = true;
			rotate_left(r, g);
		}
	}
	r->root->red = false;
}

static void erase_fixup(struct itree_root *r, struct itree_node *x,
			struct itree_node *parent)
{
	while (x != r->root && (!x || !x->red)) {
		struct itree_node *w;

		if (x == parent->left) {
			w = parent->right;
			if (w->red) {
				w->red = false;
				parent->red = true;
				rotate_left(r, parent);
				w = parent->right;
			}
			if ((!w->left || !w->left->red) &&
			    (!w->right || !w->right->red)) {
				w->red = true;
				x = parent;
				parent = x->parent;
			} else {
				if (!w->right || !w->right->red) {
					w->left->red = false;
					w->red = true;
					rotate_right(r, w);
					w = parent->right;
				}
				w->red = parent->red;
				parent->red = false;
				if (w->right)
					w->right->red = false;
				rotate_left(r, parent);
				x = r->root;
				break;
			}
		} else {
			w = parent->left;
			if (w->red) {
				w->red = false;
				parent->red = true;
				rotate_right(r, parent);
				w = parent->left;
			}
			if ((!w->left || !w->left->red) &&
			    (!w->right || !w->right->red)) {
				w->red = true;
				x = parent;
				parent = x->parent;
			} else {
				if (!w->left || !w->left->red) {
					w->right->red = false;
					w->red = true;
					rotate_left(r, w);
					w = parent->left;
				}
				w->red = parent->red;
				parent->red = false;
				if (w->left)
					w->left->red = false;
				rotate_right(r, parent);
				x = r->root;
				break;
			}
		}
	}
	if (x)
		x->red = false;
}

void itree_remove(struct itree_root *r, struct itree_node *z)
{
	struct itree_node *y = z, *x, *xparent, *from;
	bool y_red = y->red;

	if (!z->left || !z->right) {
		x = z->left ? z->left : z->right;
		xparent = z->parent;
		if (x)
			x->parent = xparent;
		set_child(r, z->parent, z, x);
		from = xparent;
	} else {
		y = z->right;
		while (y->left)
			y = y->left;
		y_red = y->red;
		x = y->right;
		if (y->parent == z) {
			xparent = y;
		} else {
			xparent = y->parent;
			xparent->left = x;
			if (x)
				x->parent = xparent;
			y->right = z->right;
			z->right->parent = y;
		}
		y->left = z->left;
		z->left->parent = y;
		y->parent = z->parent;
		set_child(r, z->parent, z, y);
		y->red = z->red;
		from = xparent;
	}
	r->nr--;
	propagate(from);
	if (!y_red)
		erase_fixup(r, x, xparent);
	z->left = z->right = z->parent = NULL;
}

/* The leftmost node of the subtree at @n overlapping [a, b]. */
static struct itree_node *subtree_first(struct itree_node *n, uint64_t a,
					uint64_t b)
{
	while (n) {
		if (n->left && n->left->subtree_last >= a) {
			n = n->left;
			continue;
		}
		if (n->start > b)
			return NULL;
		if (n->last >= a)
			return n;
		if (n->right && n->right->subtree_last >= a)
			n = n->right;
		else
			return NULL;
	}
	return NULL;
}

struct itree_node *itree_first(const struct itree_root *r, uint64_t a,
			       uint64_t b)
{
	if (!r->root || r->root->subtree_last < a)
		return NULL;
	return subtree_first(r->root, a, b);
}

struct itree_node *itree_next(struct itree_node *n, uint64_t a, uint64_t b)
{
	for (;;) {
		struct itree_node *prev;

		if (n->right && n->right->subtree_last >= a) {
			struct itree_node *f = subtree_first(n->right, a, b);

			if (f)
				return f;
		}
		/* up until we come from a left child */
		do {
			prev = n;
			n = n->parent;
			if (!n)
				return NULL;
		} while (n->right == prev);
		if (n->start > b)
			return NULL;
		if (n->last >= a)
			return n;
	}
}

static int check(const struct itree_node *n, uint64_t lo, bool *ok)
{
	int bl, br;
	uint64_t m;

	if (!n)
		return 1;
	if (n->start < lo || n->last < n->start)
		*ok = false;
	if (n->red && ((n->left && n->left->red) ||
		       (n->right && n->right->red)))
		*ok = false;
	if ((n->left && n->left->parent != n) ||
	    (n->right && n->right->parent != n))
		*ok = false;
	m = n->last;
	if (n->left && n->left->subtree_last > m)
		m = n->left->subtree_last;
	if (n->right && n->right->subtree_last > m)
		m = n->right->subtree_last;
	if (m != n->subtree_last)
		*ok = false;
	bl = check(n->left, lo, ok);
	br = check(n->right, n->start, ok);
	if (bl != br)
		*ok = false;
	return bl + !n->red;
}

bool itree_consistent(const struct itree_root *r)
{
	bool ok = true;

	if (r->root && (r->root->red || r->root->parent))
		return false;
	check(r->root, 0, &ok);
	return ok;
}
