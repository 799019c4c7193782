// SPDX-License-Identifier: MIT
/*
 * vma_tree.c - the augmented red-black tree of VMA intervals: insert,
 * remove, in-place bound updates, find_vma lookups, the free-gap searches
 * of vm_unmapped_area() and the consistency checker.
 *
 * DOC: Overview
 *
 * The red-black code is the textbook (CLRS) one without sentinels, with
 * the colour kept in bit 0 of the parent pointer as <linux/rbtree.h> does.
 * Each node caches rb_subtree_gap, the largest "gap before a node" in its
 * subtree, where the gap before a node is vma_start_gap(node) -
 * vma_end_gap(node->vm_prev) (or vma_start_gap(node) for the first).  The
 * gap above the last node is kept apart in highest_vm_end, as Linux did.
 *
 * The cache stays right by three rules:
 *  - a rotation keeps the set of nodes below the top position, so the new
 *    top takes the old top's value and only the old top is recomputed;
 *  - a node whose own gap changed (new bounds, new prev) is recomputed and
 *    the change walked up until an ancestor's value stays the same;
 *  - after a removal splices nodes, the path from the splice point to the
 *    root is recomputed in full, before any rebalancing rotation.
 *
 * The prev/next thread makes neighbours O(1) and each gap O(1) to compute,
 * so every operation is O(log n).  The searches are Linux's unmapped_area()
 * and unmapped_area_topdown() of v4.12..v6.0, with start_gap as in v6.8.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "bug.h"
#include "vm/vma_tree.h"

#define RB_RED	 0
#define RB_BLACK 1

static inline struct vma_node *rb_parent(const struct vma_node *n)
{
	return (struct vma_node *)(n->rb_parent_color & ~(uintptr_t)1);
}

static inline bool rb_is_black(const struct vma_node *n)
{
	return !n || (n->rb_parent_color & 1);	/* NULL leaves are black */
}

static inline bool rb_is_red(const struct vma_node *n)
{
	return !rb_is_black(n);
}

static inline void rb_set_parent(struct vma_node *n, struct vma_node *p)
{
	n->rb_parent_color = (uintptr_t)p | (n->rb_parent_color & 1);
}

static inline void rb_set_color(struct vma_node *n, int color)
{
	n->rb_parent_color = (n->rb_parent_color & ~(uintptr_t)1) |
			     (uintptr_t)color;
}

static inline void rb_set_parent_color(struct vma_node *n,
				       struct vma_node *p, int color)
{
	n->rb_parent_color = (uintptr_t)p | (uintptr_t)color;
}

/* ---- augmentation ---- */

static inline uint64_t own_gap(const struct vma_node *n)
{
	uint64_t gap = vma_start_gap(n), prev_end;

	/*
	 * As in Linux, a VM_GROWSDOWN above a VM_GROWSUP gets both guards
	 * between them here, though expanding would need only one.
	 */
	if (n->vm_prev) {
		prev_end = vma_end_gap(n->vm_prev);
		gap = gap > prev_end ? gap - prev_end : 0;
	}
	return gap;
}

static inline uint64_t compute_subtree_gap(const struct vma_node *n)
{
	uint64_t max = own_gap(n);

	if (n->rb_left && n->rb_left->rb_subtree_gap > max)
		max = n->rb_left->rb_subtree_gap;
	if (n->rb_right && n->rb_right->rb_subtree_gap > max)
		max = n->rb_right->rb_subtree_gap;
	return max;
}

/* Recompute @n and its ancestors until one keeps its value. */
static void gap_propagate(struct vma_node *n)
{
	while (n) {
		uint64_t gap = compute_subtree_gap(n);

		if (gap == n->rb_subtree_gap)
			break;
		n->rb_subtree_gap = gap;
		n = rb_parent(n);
	}
}

/* Recompute @n and every ancestor (after a splice changed the shape). */
static void gap_propagate_full(struct vma_node *n)
{
	for (; n; n = rb_parent(n))
		n->rb_subtree_gap = compute_subtree_gap(n);
}

/* ---- rotations ---- */

static inline void change_child(struct vma_tree *t, struct vma_node *old,
				struct vma_node *new, struct vma_node *parent)
{
	if (!parent)
		t->root = new;
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
static void rotate_left(struct vma_tree *t, struct vma_node *x)
{
	struct vma_node *y = x->rb_right, *p = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	rb_set_parent(y, p);
	change_child(t, x, y, p);
	y->rb_left = x;
	rb_set_parent(x, y);
	y->rb_subtree_gap = x->rb_subtree_gap;	/* same set of nodes */
	x->rb_subtree_gap = compute_subtree_gap(x);
}

static void rotate_right(struct vma_tree *t, struct vma_node *x)
{
	struct vma_node *y = x->rb_left, *p = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	rb_set_parent(y, p);
	change_child(t, x, y, p);
	y->rb_right = x;
	rb_set_parent(x, y);
	y->rb_subtree_gap = x->rb_subtree_gap;
	x->rb_subtree_gap = compute_subtree_gap(x);
}

/* ---- insert ---- */

static void insert_fixup(struct vma_tree *t, struct vma_node *n)
{
	struct vma_node *p, *g, *u;

	while ((p = rb_parent(n)) && rb_is_red(p)) {
		g = rb_parent(p);	/* a red parent is never the root */
		if (p == g->rb_left) {
			u = g->rb_right;
			if (rb_is_red(u)) {
				rb_set_color(p, RB_BLACK);
				rb_set_color(u, RB_BLACK);
				rb_set_color(g, RB_RED);
				n = g;
				continue;
			}
			if (n == p->rb_right) {
				rotate_left(t, p);
				n = p;
				p = rb_parent(n);
			}
			rb_set_color(p, RB_BLACK);
			rb_set_color(g, RB_RED);
			rotate_right(t, g);
		} else {
			u = g->rb_left;
			if (rb_is_red(u)) {
				rb_set_color(p, RB_BLACK);
				rb_set_color(u, RB_BLACK);
				rb_set_color(g, RB_RED);
				n = g;
				continue;
			}
			if (n == p->rb_left) {
				rotate_right(t, p);
				n = p;
				p = rb_parent(n);
			}
			rb_set_color(p, RB_BLACK);
			rb_set_color(g, RB_RED);
			rotate_left(t, g);
		}
	}
	rb_set_color(t->root, RB_BLACK);
}

void vma_tree_insert(struct vma_tree *t, struct vma_node *n)
{
	struct vma_node *parent = NULL, *cur = t->root, *prev, *next;
	bool left = false;

	PMM_VM_BUG_ON(n->vm_start >= n->vm_end);
	while (cur) {
		parent = cur;
		left = n->vm_start < cur->vm_start;
		cur = left ? cur->rb_left : cur->rb_right;
	}
	if (!parent)
		prev = next = NULL;
	else if (left)
		next = parent, prev = parent->vm_prev;
	else
		prev = parent, next = parent->vm_next;
	PMM_VM_BUG_ON(prev && prev->vm_end > n->vm_start);
	PMM_VM_BUG_ON(next && n->vm_end > next->vm_start);

	/* Thread into the list first: the gaps are computed through it. */
	n->vm_prev = prev;
	n->vm_next = next;
	if (prev)
		prev->vm_next = n;
	else
		t->first = n;
	if (next) {
		next->vm_prev = n;
		gap_propagate(next);	/* @n not in the tree yet */
	} else {
		t->last = n;
		t->highest_vm_end = vma_end_gap(n);
	}

	rb_set_parent_color(n, parent, RB_RED);
	n->rb_left = n->rb_right = NULL;
	n->rb_subtree_gap = own_gap(n);
	if (!parent)
		t->root = n;
	else if (left)
		parent->rb_left = n;
	else
		parent->rb_right = n;
	gap_propagate(parent);
	insert_fixup(t, n);
	t->nr_nodes++;
}

/* ---- remove ---- */

static void remove_fixup(struct vma_tree *t, struct vma_node *x,
			 struct vma_node *p)
{
	struct vma_node *w;

	while (x != t->root && rb_is_black(x)) {
		if (x == p->rb_left) {
			w = p->rb_right;
			if (rb_is_red(w)) {
				rb_set_color(w, RB_BLACK);
				rb_set_color(p, RB_RED);
				rotate_left(t, p);
				w = p->rb_right;
			}
			if (rb_is_black(w->rb_left) && rb_is_black(w->rb_right)) {
				rb_set_color(w, RB_RED);
				x = p;
				p = rb_parent(x);
				continue;
			}
			if (rb_is_black(w->rb_right)) {
				rb_set_color(w->rb_left, RB_BLACK);
				rb_set_color(w, RB_RED);
				rotate_right(t, w);
				w = p->rb_right;
			}
			rb_set_color(w, rb_is_black(p) ? RB_BLACK : RB_RED);
			rb_set_color(p, RB_BLACK);
			rb_set_color(w->rb_right, RB_BLACK);
			rotate_left(t, p);
		} else {
			w = p->rb_left;
			if (rb_is_red(w)) {
				rb_set_color(w, RB_BLACK);
				rb_set_color(p, RB_RED);
				rotate_right(t, p);
				w = p->rb_left;
			}
			if (rb_is_black(w->rb_left) && rb_is_black(w->rb_right)) {
				rb_set_color(w, RB_RED);
				x = p;
				p = rb_parent(x);
				continue;
			}
			if (rb_is_black(w->rb_left)) {
				rb_set_color(w->rb_right, RB_BLACK);
				rb_set_color(w, RB_RED);
				rotate_left(t, w);
				w = p->rb_left;
			}
			rb_set_color(w, rb_is_black(p) ? RB_BLACK : RB_RED);
			rb_set_color(p, RB_BLACK);
			rb_set_color(w->rb_left, RB_BLACK);
			rotate_right(t, p);
		}
		x = t->root;
		break;
	}
	if (x)
		rb_set_color(x, RB_BLACK);
}

void vma_tree_remove(struct vma_tree *t, struct vma_node *z)
{
	struct vma_node *prev = z->vm_prev, *next = z->vm_next;
	struct vma_node *y, *x, *xp;
	bool black;

	PMM_VM_BUG_ON(t->nr_nodes == 0);
	/* Unthread first; @next's gap now reaches down to @prev. */
	if (prev)
		prev->vm_next = next;
	else
		t->first = next;
	if (next) {
		next->vm_prev = prev;
	} else {
		t->last = prev;
		t->highest_vm_end = prev ? vma_end_gap(prev) : 0;
	}

	/* @y is the node that leaves its position: @z, or its successor. */
	y = (z->rb_left && z->rb_right) ? next : z;
	x = y->rb_left ? y->rb_left : y->rb_right;
	xp = rb_parent(y);
	black = rb_is_black(y);
	if (y != z) {
		if (xp == z) {
			xp = y;		/* y was z's right child; x stays below */
		} else {
			xp->rb_left = x;	/* a successor is a left child */
			if (x)
				rb_set_parent(x, xp);
			y->rb_right = z->rb_right;
			rb_set_parent(z->rb_right, y);
		}
		y->rb_left = z->rb_left;
		rb_set_parent(z->rb_left, y);
		y->rb_parent_color = z->rb_parent_color;
		change_child(t, z, y, rb_parent(z));
	} else {
		if (x)
			rb_set_parent(x, xp);
		change_child(t, z, x, xp);
	}
	/* The splice point's path holds y's new place: recompute it all. */
	gap_propagate_full(xp);
	if (next)
		gap_propagate(next);
	if (black)
		remove_fixup(t, x, xp);
	t->nr_nodes--;
	z->rb_parent_color = 0;
	z->rb_left = z->rb_right = z->vm_prev = z->vm_next = NULL;
}

void vma_tree_update_bounds(struct vma_tree *t, struct vma_node *n)
{
	PMM_VM_BUG_ON(n->vm_start >= n->vm_end);
	PMM_VM_BUG_ON(n->vm_prev && n->vm_prev->vm_end > n->vm_start);
	PMM_VM_BUG_ON(n->vm_next && n->vm_end > n->vm_next->vm_start);
	gap_propagate(n);
	if (n->vm_next)
		gap_propagate(n->vm_next);
	else
		t->highest_vm_end = vma_end_gap(n);
}

/* ---- lookup ---- */

struct vma_node *vma_tree_find(const struct vma_tree *t, uint64_t addr)
{
	struct vma_node *n = t->root, *found = NULL;

	while (n) {
		if (n->vm_end > addr) {
			found = n;
			if (n->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return found;
}

struct vma_node *vma_tree_find_prev(const struct vma_tree *t, uint64_t addr,
				    struct vma_node **pprev)
{
	struct vma_node *n = vma_tree_find(t, addr);

	*pprev = n ? n->vm_prev : t->last;
	return n;
}

struct vma_node *vma_tree_find_intersection(const struct vma_tree *t,
					    uint64_t start, uint64_t end)
{
	struct vma_node *n = vma_tree_find(t, start);

	PMM_VM_BUG_ON(start >= end);
	return n && n->vm_start < end ? n : NULL;
}

/* ---- free-gap search: Linux v4.12..v6.0 mm/mmap.c, start_gap from 6.8 ---- */

int vma_tree_unmapped_area_bottomup(const struct vma_tree *t,
				    const struct vma_unmapped_area_info *info,
				    uint64_t *addr)
{
	/*
	 * Look for a node right after a suitable gap:
	 * - gap_start = vma_end_gap(node->vm_prev) <= high_limit - length
	 * - gap_end   = vma_start_gap(node)        >= low_limit + length
	 * - gap_end - gap_start >= length
	 */
	struct vma_node *n;
	uint64_t length, low_limit, high_limit, gap_start, gap_end;

	/* Adjust search length to account for worst case alignment overhead */
	length = info->length + info->align_mask;
	if (length < info->length)
		return -ENOMEM;
	if (length + info->start_gap < length)
		return -ENOMEM;
	length += info->start_gap;

	/* Adjust search limits by the desired length */
	if (info->high_limit < length)
		return -ENOMEM;
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		return -ENOMEM;
	low_limit = info->low_limit + length;

	/* Check if the root looks promising */
	n = t->root;
	if (!n || n->rb_subtree_gap < length)
		goto check_highest;

	for (;;) {
		/* Visit left subtree if it looks promising */
		gap_end = vma_start_gap(n);
		if (gap_end >= low_limit && n->rb_left &&
		    n->rb_left->rb_subtree_gap >= length) {
			n = n->rb_left;
			continue;
		}
		gap_start = n->vm_prev ? vma_end_gap(n->vm_prev) : 0;
check_current:
		/* Check if the current node has a suitable gap */
		if (gap_start > high_limit)
			return -ENOMEM;
		if (gap_end >= low_limit && gap_end > gap_start &&
		    gap_end - gap_start >= length)
			goto found;

		/* Visit right subtree if it looks promising */
		if (n->rb_right && n->rb_right->rb_subtree_gap >= length) {
			n = n->rb_right;
			continue;
		}

		/* Go back up to find the next candidate node */
		for (;;) {
			struct vma_node *from = n;

			n = rb_parent(n);
			if (!n)
				goto check_highest;
			if (from == n->rb_left) {
				gap_start = vma_end_gap(n->vm_prev);
				gap_end = vma_start_gap(n);
				goto check_current;
			}
		}
	}

check_highest:
	/* Check the highest gap, which does not precede any node */
	gap_start = t->highest_vm_end;
	gap_end = UINT64_MAX;	/* only for the check below */
	if (gap_start > high_limit)
		return -ENOMEM;

found:
	/* We found a suitable gap.  Clip it with the original low_limit. */
	if (gap_start < info->low_limit)
		gap_start = info->low_limit;

	/* Leave start_gap below, then align (6.8's order) */
	gap_start += info->start_gap;
	gap_start += (info->align_offset - gap_start) & info->align_mask;

	PMM_VM_BUG_ON(gap_start + info->length > info->high_limit);
	PMM_VM_BUG_ON(gap_start + info->length > gap_end);
	*addr = gap_start;
	return 0;
}

int vma_tree_unmapped_area_topdown(const struct vma_tree *t,
				   const struct vma_unmapped_area_info *info,
				   uint64_t *addr)
{
	struct vma_node *n;
	uint64_t length, low_limit, high_limit, gap_start, gap_end;

	/* Adjust search length to account for worst case alignment overhead */
	length = info->length + info->align_mask;
	if (length < info->length)
		return -ENOMEM;
	if (length + info->start_gap < length)
		return -ENOMEM;
	length += info->start_gap;

	/* Adjust search limits by the desired length */
	gap_end = info->high_limit;
	if (gap_end < length)
		return -ENOMEM;
	high_limit = gap_end - length;
	if (info->low_limit > high_limit)
		return -ENOMEM;
	low_limit = info->low_limit + length;

	/* Check the highest gap, which does not precede any node */
	gap_start = t->highest_vm_end;
	if (gap_start <= high_limit)
		goto found_highest;

	/* Check if the root looks promising */
	n = t->root;
	if (!n || n->rb_subtree_gap < length)
		return -ENOMEM;

	for (;;) {
		/* Visit right subtree if it looks promising */
		gap_start = n->vm_prev ? vma_end_gap(n->vm_prev) : 0;
		if (gap_start <= high_limit && n->rb_right &&
		    n->rb_right->rb_subtree_gap >= length) {
			n = n->rb_right;
			continue;
		}
check_current:
		/* Check if the current node has a suitable gap */
		gap_end = vma_start_gap(n);
		if (gap_end < low_limit)
			return -ENOMEM;
		if (gap_start <= high_limit && gap_end > gap_start &&
		    gap_end - gap_start >= length)
			goto found;

		/* Visit left subtree if it looks promising */
		if (n->rb_left && n->rb_left->rb_subtree_gap >= length) {
			n = n->rb_left;
			continue;
		}

		/* Go back up to find the next candidate node */
		for (;;) {
			struct vma_node *from = n;

			n = rb_parent(n);
			if (!n)
				return -ENOMEM;
			if (from == n->rb_right) {
				gap_start = n->vm_prev ?
					vma_end_gap(n->vm_prev) : 0;
				goto check_current;
			}
		}
	}

found:
	/* We found a suitable gap.  Clip it with the original high_limit. */
	if (gap_end > info->high_limit)
		gap_end = info->high_limit;

found_highest:
	/* Compute the highest gap address at the desired alignment */
	gap_end -= info->length;
	gap_end -= (gap_end - info->align_offset) & info->align_mask;

	PMM_VM_BUG_ON(gap_end < info->low_limit);
	PMM_VM_BUG_ON(gap_end < gap_start);
	*addr = gap_end;
	return 0;
}

int vma_tree_unmapped_area(const struct vma_tree *t,
			   const struct vma_unmapped_area_info *info,
			   uint64_t *addr)
{
	if (info->flags & VMA_UNMAPPED_AREA_TOPDOWN)
		return vma_tree_unmapped_area_topdown(t, info, addr);
	return vma_tree_unmapped_area_bottomup(t, info, addr);
}

/* ---- consistency ---- */

PMM_PRINTF(3, 4)
static bool report(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (msg && size) {
		va_start(ap, fmt);
		vsnprintf(msg, size, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* In-order successor through the tree links only (not the thread). */
static const struct vma_node *rb_next_node(const struct vma_node *n)
{
	const struct vma_node *p;

	if (n->rb_right) {
		n = n->rb_right;
		while (n->rb_left)
			n = n->rb_left;
		return n;
	}
	while ((p = rb_parent(n)) && n == p->rb_right)
		n = p;
	return p;
}

bool vma_tree_consistent(const struct vma_tree *t, char *msg, size_t size)
{
	const struct vma_node *n, *listed, *prev = NULL;
	unsigned long count = 0;
	long black_height = -1;

	if (msg && size)
		msg[0] = '\0';
	if (!t->root) {
		if (t->first || t->last || t->nr_nodes || t->highest_vm_end)
			return report(msg, size,
				      "empty tree: first %p last %p nr %lu "
				      "highest_vm_end %#" PRIx64,
				      (void *)t->first, (void *)t->last,
				      t->nr_nodes, t->highest_vm_end);
		return true;
	}
	if (rb_parent(t->root))
		return report(msg, size, "root has a parent");
	if (rb_is_red(t->root))
		return report(msg, size, "root is red");

	n = t->root;
	while (n->rb_left)
		n = n->rb_left;
	listed = t->first;
	for (; n; prev = n, n = rb_next_node(n)) {
		uint64_t gap;

		count++;
		if (count > t->nr_nodes)
			return report(msg, size, "more than nr_nodes %lu nodes",
				      t->nr_nodes);
		if (n != listed)
			return report(msg, size,
				      "node %lu [%#" PRIx64 ",%#" PRIx64
				      ") differs from the list's %p",
				      count, n->vm_start, n->vm_end,
				      (const void *)listed);
		if (n->vm_prev != prev)
			return report(msg, size,
				      "[%#" PRIx64 ",%#" PRIx64 ") bad vm_prev",
				      n->vm_start, n->vm_end);
		listed = n->vm_next;
		if (n->vm_start >= n->vm_end)
			return report(msg, size,
				      "empty interval [%#" PRIx64 ",%#" PRIx64 ")",
				      n->vm_start, n->vm_end);
		if (prev && prev->vm_end > n->vm_start)
			return report(msg, size,
				      "[%#" PRIx64 ",%#" PRIx64
				      ") overlaps or precedes [%#" PRIx64
				      ",%#" PRIx64 ")",
				      n->vm_start, n->vm_end, prev->vm_start,
				      prev->vm_end);
		if ((n->rb_left && rb_parent(n->rb_left) != n) ||
		    (n->rb_right && rb_parent(n->rb_right) != n))
			return report(msg, size,
				      "[%#" PRIx64 ",%#" PRIx64
				      ") child with a wrong parent",
				      n->vm_start, n->vm_end);
		if (rb_is_red(n) && (rb_is_red(n->rb_left) ||
				     rb_is_red(n->rb_right)))
			return report(msg, size,
				      "[%#" PRIx64 ",%#" PRIx64
				      ") red node with a red child",
				      n->vm_start, n->vm_end);
		if (!n->rb_left || !n->rb_right) {
			long bh = 0;
			const struct vma_node *a;

			for (a = n; a; a = rb_parent(a))
				bh += rb_is_black(a);
			if (black_height < 0)
				black_height = bh;
			else if (bh != black_height)
				return report(msg, size,
					      "[%#" PRIx64 ",%#" PRIx64
					      ") black height %ld, not %ld",
					      n->vm_start, n->vm_end, bh,
					      black_height);
		}
		gap = compute_subtree_gap(n);
		if (gap != n->rb_subtree_gap)
			return report(msg, size,
				      "[%#" PRIx64 ",%#" PRIx64
				      ") rb_subtree_gap %#" PRIx64
				      ", should be %#" PRIx64,
				      n->vm_start, n->vm_end,
				      n->rb_subtree_gap, gap);
	}
	if (listed)
		return report(msg, size, "list longer than the tree");
	if (t->last != prev)
		return report(msg, size, "last is not the highest node");
	if (count != t->nr_nodes)
		return report(msg, size, "%lu nodes, nr_nodes says %lu", count,
			      t->nr_nodes);
	if (t->highest_vm_end != vma_end_gap(prev))
		return report(msg, size,
			      "highest_vm_end %#" PRIx64 ", should be %#" PRIx64,
			      t->highest_vm_end, vma_end_gap(prev));
	return true;
}

void vma_tree_assert_consistent(const struct vma_tree *t)
{
	char msg[256];

	if (!PMM_DEBUG_VM)
		return;
	if (!vma_tree_consistent(t, msg, sizeof(msg))) {
		fprintf(stderr, "vma_tree: %s\n", msg);
		PMM_BUG();
	}
}
