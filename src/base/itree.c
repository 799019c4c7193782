// SPDX-License-Identifier: MIT
/*
 * itree.c - the interval tree of itree.h on the augmented red-black tree of
 * rbtree.h: the aggregate is the largest @last below a node, and the
 * queries are those of Linux's interval_tree_generic.h.
 */
#include "compiler.h"
#include "itree.h"

/* The node of a non-NULL tree link. */
static inline struct itree_node *it_of(const struct rb_node *rb)
{
	return pmm_container_of(rb, struct itree_node, rb);
}

/* The largest @last in the subtree at @n; 0 when empty. */
static inline uint64_t sub_last(const struct rb_node *n)
{
	return n ? n->rb_augmented : 0;
}

static uint64_t compute_last(const struct rb_node *rb)
{
	uint64_t m = it_of(rb)->last;

	if (sub_last(rb->rb_left) > m)
		m = rb->rb_left->rb_augmented;
	if (sub_last(rb->rb_right) > m)
		m = rb->rb_right->rb_augmented;
	return m;
}

void itree_insert(struct itree_root *r, struct itree_node *n)
{
	struct rb_node **link = &r->tree.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = n->start < it_of(parent)->start ? &parent->rb_left :
							     &parent->rb_right;
	}
	rb_insert_augmented(&r->tree, &n->rb, parent, link, compute_last);
	r->nr++;
}

void itree_remove(struct itree_root *r, struct itree_node *n)
{
	rb_erase_augmented(&r->tree, &n->rb, NULL, compute_last);
	r->nr--;
}

/* Whether some interval in the subtree at @n ends at or after @a. */
static inline bool reaches(const struct rb_node *n, uint64_t a)
{
	return n && n->rb_augmented >= a;
}

/* The leftmost node of the subtree at @rb overlapping [a, b]. */
static struct itree_node *subtree_first(const struct rb_node *rb, uint64_t a,
					uint64_t b)
{
	while (rb) {
		struct itree_node *n = it_of(rb);

		if (reaches(rb->rb_left, a)) {
			rb = rb->rb_left;
			continue;
		}
		if (n->start > b)
			return NULL;
		if (n->last >= a)
			return n;
		if (!reaches(rb->rb_right, a))
			return NULL;
		rb = rb->rb_right;
	}
	return NULL;
}

struct itree_node *itree_first(const struct itree_root *r, uint64_t a,
			       uint64_t b)
{
	if (!reaches(r->tree.rb_node, a))
		return NULL;
	return subtree_first(r->tree.rb_node, a, b);
}

struct itree_node *itree_next(struct itree_node *n, uint64_t a, uint64_t b)
{
	const struct rb_node *rb = &n->rb, *prev;

	for (;;) {
		if (reaches(rb->rb_right, a)) {
			n = subtree_first(rb->rb_right, a, b);
			if (n)
				return n;
		}
		/* up until we come from a left child */
		do {
			prev = rb;
			rb = rb_parent(rb);
			if (!rb)
				return NULL;
		} while (rb->rb_right == prev);
		n = it_of(rb);
		if (n->start > b)
			return NULL;
		if (n->last >= a)
			return n;
	}
}

bool itree_consistent(const struct itree_root *r)
{
	const struct rb_node *rb, *bad;
	unsigned long count = 0;
	uint64_t lo = 0;

	if (rb_check(&r->tree, compute_last, &bad))
		return false;
	for (rb = rb_first(&r->tree); rb; rb = rb_next(rb), count++) {
		const struct itree_node *n = it_of(rb);

		if (n->start < lo || n->last < n->start)
			return false;
		lo = n->start;
	}
	return count == r->nr;
}
