/* SPDX-License-Identifier: MIT */
/*
 * itree.h - an intrusive interval tree: a red-black tree (rbtree.h) of
 * closed intervals [start, last] ordered by start, each node augmented with
 * the largest @last of its subtree (Linux's interval_tree_generic.h, as
 * anon_vma->rb_root and address_space->i_mmap use it).  Intervals may
 * overlap; a stabbing query visits every node containing a point in
 * O(log n + k).
 */
#ifndef PMM_BASE_ITREE_H
#define PMM_BASE_ITREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rbtree.h"

struct itree_node {
	struct rb_node rb;		/* rb_augmented: the subtree's last */
	uint64_t start, last;		/* set by the caller before insert */
};

struct itree_root {
	struct rb_root tree;
	unsigned long nr;
};

#define ITREE_ROOT_INIT { RB_ROOT_INIT, 0 }

void itree_insert(struct itree_root *r, struct itree_node *n);
void itree_remove(struct itree_root *r, struct itree_node *n);

/* The first node (lowest start) overlapping [a, b], or NULL. */
struct itree_node *itree_first(const struct itree_root *r, uint64_t a,
			       uint64_t b);
/* The next node after @n overlapping [a, b], or NULL. */
struct itree_node *itree_next(struct itree_node *n, uint64_t a, uint64_t b);

/* Check colours, links, order, the augmentation and the count; false on
 * the first fault. */
bool itree_consistent(const struct itree_root *r);

#define itree_for_each(n, r, a, b)                                           \
	for ((n) = itree_first((r), (a), (b)); (n);                          \
	     (n) = itree_next((n), (a), (b)))

#endif /* PMM_BASE_ITREE_H */
