/* SPDX-License-Identifier: MIT */
/*
 * vma_tree.h - the address-ordered set of an mm's VMAs: an intrusive
 * red-black tree (base/rbtree.h) of non-overlapping half-open intervals
 * [vm_start, vm_end), threaded by a prev/next list and augmented with each
 * subtree's largest free gap, as Linux's mm_rb with rb_subtree_gap was before the maple tree
 * (v4.12..v6.0).  It owns ordering, lookup (find_vma semantics), neighbours
 * and the free-gap search of vm_unmapped_area(), bottom-up and top-down.
 * It allocates nothing: a struct vma_node lives inside the caller's object.
 *
 * Gaps are measured between vma_end_gap(prev) and vma_start_gap(next): a
 * node's @vm_guard_below (stack_guard_gap for a VM_GROWSDOWN stack) and
 * @vm_guard_above (VM_GROWSUP) widen it, as vm_start_gap()/vm_end_gap() do.
 *
 *   prev                     gap                          node
 *   [vm_start, vm_end)|<--------------------->|<-guard->[vm_start, vm_end)
 *                  end_gap(prev)         start_gap(node)
 *
 * Kept nearly dependency-free so a test can take this module alone.
 */
#ifndef PMM_VM_VMA_TREE_H
#define PMM_VM_VMA_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler.h"
#include "rbtree.h"

/* vm_end_gap() clamps an overflowing end to -PAGE_SIZE, as Linux does. */
#define VMA_TREE_END_GAP_MAX (~(uint64_t)4095)

/*
 * One interval.  Set by caller before vma_tree_insert(): vm_start, vm_end,
 * vm_guard_below, vm_guard_above (0 unless a stack).  The rest is set by the
 * implementation; do not set it.  After changing any of the four caller
 * fields of a linked node, call vma_tree_update_bounds().
 */
struct vma_node {
	/* A descent reads the bounds and the child links: 32 bytes. */
	uint64_t vm_start;		/* first address */
	uint64_t vm_end;		/* first address after */
	/* rb.rb_augmented is rb_subtree_gap: the largest gap before any node
	 * below. */
	struct rb_node rb;
	uint64_t vm_guard_below;	/* no gap use in [start - this, start) */
	uint64_t vm_guard_above;	/* no gap use in [end, end + this) */
	struct vma_node *vm_prev;	/* address order; NULL at the ends */
	struct vma_node *vm_next;
};

struct vma_tree {
	struct rb_root rb;
	struct vma_node *first;		/* lowest interval, O(1) */
	struct vma_node *last;		/* highest interval, O(1) */
	uint64_t highest_vm_end;	/* vma_end_gap(last), 0 when empty */
	unsigned long nr_nodes;
};

#define VMA_TREE_INIT { RB_ROOT_INIT, NULL, NULL, 0, 0 }

/* struct vma_unmapped_area_info.flags */
#define VMA_UNMAPPED_AREA_TOPDOWN 1u

/*
 * The request of Linux's vm_unmapped_area(); all fields set by caller.
 * Returns an address a with low_limit <= a - start_gap, a + length <=
 * high_limit, (a - align_offset) & align_mask == 0, where [a - start_gap,
 * a + length) touches no interval nor any interval's guard.
 */
struct vma_unmapped_area_info {
	unsigned int flags;	/* VMA_UNMAPPED_AREA_TOPDOWN or 0 */
	uint64_t length;	/* bytes wanted */
	uint64_t low_limit;	/* lowest address the area may use */
	uint64_t high_limit;	/* the area must end at or below this */
	uint64_t align_mask;	/* e.g. huge page size - page size, or 0 */
	uint64_t align_offset;	/* wanted address modulo the alignment */
	uint64_t start_gap;	/* free room wanted below the area (6.8+) */
};

/**
 * vma_start_gap() - Lowest address the gap before @n may not reach.
 * @n: a node.
 *
 * Return: @n->vm_start less its guard, clamped at 0 (Linux vm_start_gap()).
 */
static inline uint64_t vma_start_gap(const struct vma_node *n)
{
	uint64_t s = n->vm_start - n->vm_guard_below;

	return s > n->vm_start ? 0 : s;
}

/**
 * vma_end_gap() - First address the gap after @n may use.
 * @n: a node.
 *
 * Return: @n->vm_end plus its guard, clamped at VMA_TREE_END_GAP_MAX on
 * overflow (Linux vm_end_gap()).
 */
static inline uint64_t vma_end_gap(const struct vma_node *n)
{
	uint64_t e = n->vm_end + n->vm_guard_above;

	return e < n->vm_end ? VMA_TREE_END_GAP_MAX : e;
}

/**
 * vma_tree_init() - Make @t an empty tree.
 * @t: the tree.
 */
static inline void vma_tree_init(struct vma_tree *t)
{
	*t = (struct vma_tree)VMA_TREE_INIT;
}

/**
 * vma_tree_first() - The lowest interval.
 * @t: the tree.
 *
 * Return: the node, or NULL when @t is empty.  O(1).
 */
static inline struct vma_node *vma_tree_first(const struct vma_tree *t)
{
	return t->first;
}

/**
 * vma_tree_last() - The highest interval.
 * @t: the tree.
 *
 * Return: the node, or NULL when @t is empty.  O(1).
 */
static inline struct vma_node *vma_tree_last(const struct vma_tree *t)
{
	return t->last;
}

/**
 * vma_tree_next() - The interval right above @n.
 * @n: a linked node.
 *
 * Return: the node, or NULL if @n is the last.  O(1).
 */
static inline struct vma_node *vma_tree_next(const struct vma_node *n)
{
	return n->vm_next;
}

/**
 * vma_tree_prev() - The interval right below @n.
 * @n: a linked node.
 *
 * Return: the node, or NULL if @n is the first.  O(1).
 */
static inline struct vma_node *vma_tree_prev(const struct vma_node *n)
{
	return n->vm_prev;
}

/**
 * vma_tree_nr() - Number of intervals in @t.
 * @t: the tree.
 *
 * Return: the count.
 */
static inline unsigned long vma_tree_nr(const struct vma_tree *t)
{
	return t->nr_nodes;
}

/* In-order walk; @n must not be removed inside the body (use _safe). */
#define vma_tree_for_each(n, t)                                              \
	for ((n) = (t)->first; (n); (n) = (n)->vm_next)
#define vma_tree_for_each_safe(n, tmp, t)                                    \
	for ((n) = (t)->first; (n) && ((tmp) = (n)->vm_next, 1); (n) = (tmp))

/**
 * vma_tree_insert() - Link @n, whose caller fields are set, into @t.
 * @t: the tree.
 * @n: an unlinked node with vm_start < vm_end.
 *
 * Context: the caller guarantees [vm_start, vm_end) overlaps no interval in
 * @t (checked under debug_vm).  Cannot fail; O(log n).
 */
void vma_tree_insert(struct vma_tree *t, struct vma_node *n);

/**
 * vma_tree_remove() - Unlink @n from @t (Linux's erase).
 * @t: the tree.
 * @n: a node linked in @t; its caller fields are left as they were.
 *
 * Context: cannot fail; O(log n).
 */
void vma_tree_remove(struct vma_tree *t, struct vma_node *n);

/**
 * vma_tree_update_bounds() - Refresh @t after @n's bounds or guards changed.
 * @t: the tree.
 * @n: a linked node whose vm_start, vm_end or guards the caller changed.
 *
 * As vma_adjust() does, the caller may move @n's bounds in place while it
 * stays between its neighbours (checked under debug_vm).  When two
 * neighbours change together, change both, then call this for both.
 * Context: cannot fail; O(log n).
 */
void vma_tree_update_bounds(struct vma_tree *t, struct vma_node *n);

/**
 * vma_tree_find() - Linux find_vma(): the first interval with vm_end > @addr.
 * @t: the tree.
 * @addr: any address.
 *
 * Return: the interval containing @addr, else the next one above, else
 * NULL.  O(log n).
 */
struct vma_node *vma_tree_find(const struct vma_tree *t, uint64_t addr);

/**
 * vma_tree_find_prev() - Linux find_vma_prev().
 * @t: the tree.
 * @addr: any address.
 * @pprev: set to the interval before the result (the last interval when the
 *         result is NULL; NULL when there is none).
 *
 * Return: as vma_tree_find().  O(log n).
 */
struct vma_node *vma_tree_find_prev(const struct vma_tree *t, uint64_t addr,
				    struct vma_node **pprev);

/**
 * vma_tree_find_intersection() - The lowest interval meeting [@start, @end).
 * @t: the tree.
 * @start: first address.
 * @end: first address after; @start < @end.
 *
 * Return: the node, or NULL when the range is free.  O(log n).
 */
struct vma_node *vma_tree_find_intersection(const struct vma_tree *t,
					    uint64_t start, uint64_t end);

/**
 * vma_tree_unmapped_area() - Linux vm_unmapped_area(): find a free range.
 * @t: the tree.
 * @info: the request; VMA_UNMAPPED_AREA_TOPDOWN in @info->flags picks the
 *        highest fitting gap, else the lowest.
 * @addr: set to the start of the range on success.
 *
 * Return: 0, or -ENOMEM when nothing fits or a length overflows.  O(log n).
 */
PMM_MUST_CHECK int vma_tree_unmapped_area(const struct vma_tree *t,
					  const struct vma_unmapped_area_info *info,
					  uint64_t *addr);

/**
 * vma_tree_unmapped_area_bottomup() - Linux unmapped_area(): lowest gap.
 * @t: the tree.
 * @info: the request (flags ignored).
 * @addr: set to the start of the range on success.
 *
 * Return: 0 or -ENOMEM.  O(log n).
 */
PMM_MUST_CHECK int
vma_tree_unmapped_area_bottomup(const struct vma_tree *t,
				const struct vma_unmapped_area_info *info,
				uint64_t *addr);

/**
 * vma_tree_unmapped_area_topdown() - Linux unmapped_area_topdown(): highest
 * gap.
 * @t: the tree.
 * @info: the request (flags ignored).
 * @addr: set to the start of the range on success.
 *
 * Return: 0 or -ENOMEM.  O(log n).
 */
PMM_MUST_CHECK int
vma_tree_unmapped_area_topdown(const struct vma_tree *t,
			       const struct vma_unmapped_area_info *info,
			       uint64_t *addr);

/**
 * vma_tree_consistent() - Recompute and check everything about @t.
 * @t: the tree.
 * @msg: receives the first violation found (may be NULL).
 * @size: size of @msg.
 *
 * Checks parent links, colours and black height, in-order sequence against
 * the prev/next list, first/last, ordering and no overlap, every node's
 * rb_subtree_gap, highest_vm_end and the count.  O(n), no recursion.
 *
 * Return: true if consistent.
 */
bool vma_tree_consistent(const struct vma_tree *t, char *msg, size_t size);

/**
 * vma_tree_assert_consistent() - PMM_BUG with the report unless consistent.
 * @t: the tree.
 *
 * Context: dead code unless debug_vm.  O(n): the tree's own mutators
 * do not call it (they check locally); higher layers call it at checkpoints.
 */
void vma_tree_assert_consistent(const struct vma_tree *t);

#endif /* PMM_VM_VMA_TREE_H */
