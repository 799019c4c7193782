// SPDX-License-Identifier: MIT
/*
 * vma_tree.c - the VMA intervals on the augmented red-black tree of
 * base/rbtree.h: insert, remove, in-place bound updates, find_vma lookups,
 * the free-gap searches of vm_unmapped_area() and the consistency checker.
 *
 * DOC: Overview
 *
 * Each node's aggregate is rb_subtree_gap, the largest "gap before a node"
 * in its subtree, where the gap before a node is vma_start_gap(node) -
 * vma_end_gap(node->vm_prev) (or vma_start_gap(node) for the first).  The
 * gap above the last node is kept apart in highest_vm_end, as Linux did.
 * A node's own gap follows its bounds and its vm_prev's, so whenever either
 * changes the node's value is propagated before the tree changes shape.
 *
 * The prev/next thread makes neighbours O(1) and each gap O(1) to compute,
 * so every operation is O(log n).  The searches are Linux's unmapped_area()
 * and unmapped_area_topdown() of v4.12..v6.0, with start_gap as in v6.8.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "bug.h"
#include "vm/vma_tree.h"

/* The node of a non-NULL tree link. */
static inline struct vma_node *vnode(const struct rb_node *rb)
{
	return pmm_container_of(rb, struct vma_node, rb);
}

static inline struct vma_node *vparent(const struct vma_node *n)
{
	struct rb_node *p = rb_parent(&n->rb);

	return p ? vnode(p) : NULL;
}

/* rb_subtree_gap of a possibly empty subtree. */
static inline uint64_t subtree_gap(const struct rb_node *n)
{
	return n ? n->rb_augmented : 0;
}

/* Whether the subtree at @sub holds a gap of at least @length. */
static inline bool promising(const struct rb_node *sub, uint64_t length)
{
	return sub && sub->rb_augmented >= length;
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

static uint64_t compute_subtree_gap(const struct rb_node *rb)
{
	uint64_t max = own_gap(vnode(rb));

	if (subtree_gap(rb->rb_left) > max)
		max = rb->rb_left->rb_augmented;
	if (subtree_gap(rb->rb_right) > max)
		max = rb->rb_right->rb_augmented;
	return max;
}

static inline void gap_propagate(struct vma_node *n)
{
	if (n)
		rb_propagate(&n->rb, compute_subtree_gap);
}

/* ---- insert, remove, update ---- */

void vma_tree_insert(struct vma_tree *t, struct vma_node *n)
{
	struct rb_node **link = &t->rb.rb_node, *parent = NULL;
	struct vma_node *prev, *next;
	bool left = false;

	PMM_VM_BUG_ON(n->vm_start >= n->vm_end);
	while (*link) {
		parent = *link;
		left = n->vm_start < vnode(parent)->vm_start;
		link = left ? &parent->rb_left : &parent->rb_right;
	}
	if (!parent)
		prev = next = NULL;
	else if (left)
		next = vnode(parent), prev = next->vm_prev;
	else
		prev = vnode(parent), next = prev->vm_next;
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
	rb_insert_augmented(&t->rb, &n->rb, parent, link, compute_subtree_gap);
	t->nr_nodes++;
}

void vma_tree_remove(struct vma_tree *t, struct vma_node *z)
{
	struct vma_node *prev = z->vm_prev, *next = z->vm_next;

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
	rb_erase_augmented(&t->rb, &z->rb, next ? &next->rb : NULL,
			   compute_subtree_gap);
	t->nr_nodes--;
	z->vm_prev = z->vm_next = NULL;
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
	const struct rb_node *rb = t->rb.rb_node;
	struct vma_node *found = NULL;

	while (rb) {
		struct vma_node *n = vnode(rb);

		if (n->vm_end > addr) {
			found = n;
			if (n->vm_start <= addr)
				break;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
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

/*
 * The length a gap needs at worst (alignment slack and start_gap included)
 * and the window it narrows the search to: a fitting gap starts at or below
 * @high and ends at or above @low.  -ENOMEM when a sum overflows or the
 * window is empty.
 */
static int search_window(const struct vma_unmapped_area_info *info,
			 uint64_t *length, uint64_t *low, uint64_t *high)
{
	uint64_t len = info->length + info->align_mask;

	if (len < info->length || len + info->start_gap < len)
		return -ENOMEM;
	len += info->start_gap;
	if (info->high_limit < len)
		return -ENOMEM;
	*high = info->high_limit - len;
	if (info->low_limit > *high)
		return -ENOMEM;
	*low = info->low_limit + len;
	*length = len;
	return 0;
}

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

	if (search_window(info, &length, &low_limit, &high_limit))
		return -ENOMEM;

	/* Check if the root looks promising */
	if (!promising(t->rb.rb_node, length))
		goto check_highest;
	n = vnode(t->rb.rb_node);

	for (;;) {
		/* Visit left subtree if it looks promising */
		gap_end = vma_start_gap(n);
		if (gap_end >= low_limit && promising(n->rb.rb_left, length)) {
			n = vnode(n->rb.rb_left);
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
		if (promising(n->rb.rb_right, length)) {
			n = vnode(n->rb.rb_right);
			continue;
		}

		/* Go back up to find the next candidate node */
		for (;;) {
			struct vma_node *from = n;

			n = vparent(n);
			if (!n)
				goto check_highest;
			if (&from->rb == n->rb.rb_left) {
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

	if (search_window(info, &length, &low_limit, &high_limit))
		return -ENOMEM;
	gap_end = info->high_limit;

	/* Check the highest gap, which does not precede any node */
	gap_start = t->highest_vm_end;
	if (gap_start <= high_limit)
		goto found_highest;

	/* Check if the root looks promising */
	if (!promising(t->rb.rb_node, length))
		return -ENOMEM;
	n = vnode(t->rb.rb_node);

	for (;;) {
		/* Visit right subtree if it looks promising */
		gap_start = n->vm_prev ? vma_end_gap(n->vm_prev) : 0;
		if (gap_start <= high_limit &&
		    promising(n->rb.rb_right, length)) {
			n = vnode(n->rb.rb_right);
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
		if (promising(n->rb.rb_left, length)) {
			n = vnode(n->rb.rb_left);
			continue;
		}

		/* Go back up to find the next candidate node */
		for (;;) {
			struct vma_node *from = n;

			n = vparent(n);
			if (!n)
				return -ENOMEM;
			if (&from->rb == n->rb.rb_right) {
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

bool vma_tree_consistent(const struct vma_tree *t, char *msg, size_t size)
{
	const struct vma_node *n, *prev = NULL;
	const struct rb_node *rb, *bad;
	unsigned long count = 0;
	const char *why;

	if (msg && size)
		msg[0] = '\0';
	/* The thread first: the gaps are computed through it. */
	for (n = t->first; n; prev = n, n = n->vm_next) {
		if (++count > t->nr_nodes)
			return pmm_wrong(msg, size,
					 "more than nr_nodes %lu nodes",
					 t->nr_nodes);
		if (n->vm_prev != prev)
			return pmm_wrong(msg, size,
					 "[%#" PRIx64 ",%#" PRIx64
					 ") bad vm_prev",
					 n->vm_start, n->vm_end);
		if (n->vm_start >= n->vm_end)
			return pmm_wrong(msg, size,
					 "empty interval [%#" PRIx64 ",%#"
					 PRIx64 ")", n->vm_start, n->vm_end);
		if (prev && prev->vm_end > n->vm_start)
			return pmm_wrong(msg, size,
					 "[%#" PRIx64 ",%#" PRIx64
					 ") overlaps or precedes [%#" PRIx64
					 ",%#" PRIx64 ")",
					 n->vm_start, n->vm_end,
					 prev->vm_start, prev->vm_end);
	}
	if (t->last != prev)
		return pmm_wrong(msg, size, "last is not the highest node");
	if (count != t->nr_nodes)
		return pmm_wrong(msg, size, "%lu nodes, nr_nodes says %lu",
				 count, t->nr_nodes);
	if (t->highest_vm_end != (prev ? vma_end_gap(prev) : 0))
		return pmm_wrong(msg, size,
				 "highest_vm_end %#" PRIx64
				 ", should be %#" PRIx64, t->highest_vm_end,
				 prev ? vma_end_gap(prev) : 0);

	/* Then the tree's shape and gaps, then its order against the thread. */
	why = rb_check(&t->rb, compute_subtree_gap, &bad);
	if (why && !bad)
		return pmm_wrong(msg, size, "%s", why);
	if (why)
		return pmm_wrong(msg, size,
				 "[%#" PRIx64 ",%#" PRIx64 ") %s "
				 "(rb_subtree_gap %#" PRIx64 ", computed %#"
				 PRIx64 ")",
				 vnode(bad)->vm_start, vnode(bad)->vm_end, why,
				 bad->rb_augmented, compute_subtree_gap(bad));
	n = t->first;
	for (rb = rb_first(&t->rb); rb; rb = rb_next(rb), n = n->vm_next)
		if (vnode(rb) != n)
			return pmm_wrong(msg, size,
					 "tree node [%#" PRIx64 ",%#" PRIx64
					 ") where the list has %p",
					 vnode(rb)->vm_start,
					 vnode(rb)->vm_end, (const void *)n);
	if (n)
		return pmm_wrong(msg, size, "list longer than the tree");
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
