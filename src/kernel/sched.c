// SPDX-License-Identifier: MIT
/*
 * sched.c - the virtual clock and the daemon queue.
 *
 * Daemons (kswapd, ksmd, khugepaged, writeback, the OOM reaper, kdamond) are
 * work items on a binary min-heap ordered by (due time, queue sequence), so
 * items due at the same instant run in the order they were queued and a run
 * is reproducible.  Time moves only in pmm_sim_advance(): nothing happens
 * between calls.
 */
#include <errno.h>
#include <stdio.h>

#include "kernel/kernel.h"

static bool work_before(const struct sim_work *a, const struct sim_work *b)
{
	if (a->due != b->due)
		return a->due < b->due;
	return a->seq < b->seq;
}

static void heap_set(struct sim_sched *s, size_t i, struct sim_work *w)
{
	s->heap[i] = w;
	w->slot = (long)i;
}

static void sift_up(struct sim_sched *s, size_t i)
{
	struct sim_work *w = s->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!work_before(w, s->heap[parent]))
			break;
		heap_set(s, i, s->heap[parent]);
		i = parent;
	}
	heap_set(s, i, w);
}

static void sift_down(struct sim_sched *s, size_t i)
{
	struct sim_work *w = s->heap[i];

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct sim_work *best = w;

		if (l < s->nr && work_before(s->heap[l], best)) {
			m = l;
			best = s->heap[l];
		}
		if (r < s->nr && work_before(s->heap[r], best))
			m = r;
		if (m == i)
			break;
		heap_set(s, i, s->heap[m]);
		i = m;
	}
	heap_set(s, i, w);
}

static void heap_remove(struct sim_sched *s, size_t i)
{
	struct sim_work *w = s->heap[i];

	w->slot = -1;
	if (--s->nr == i)
		return;
	heap_set(s, i, s->heap[s->nr]);
	sift_down(s, i);
	sift_up(s, (size_t)s->heap[i]->slot);
}

/**
 * sched_queue() - run @w at virtual time @due (re-queues if already queued)
 * Return: 0 or -ENOMEM (then @w is not queued, or stays where it was).
 */
int sched_queue(struct pmm_sim *sim, struct sim_work *w, uint64_t due)
{
	struct sim_sched *s = &sim->sched;

	if (w->slot >= 0)
		heap_remove(s, (size_t)w->slot);
	if (s->nr == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;
		struct sim_work **h;

		h = pmm_realloc(&sim->alloc, s->heap, s->cap * sizeof(*h),
				ncap * sizeof(*h));
		if (!h)
			return -ENOMEM;
		s->heap = h;
		s->cap = ncap;
	}
	w->due = due < sim->now ? sim->now : due;
	w->seq = s->next_seq++;
	s->heap[s->nr] = w;
	w->slot = (long)s->nr;
	s->nr++;
	sift_up(s, s->nr - 1);
	return 0;
}

void sched_cancel(struct pmm_sim *sim, struct sim_work *w)
{
	if (w->slot >= 0)
		heap_remove(&sim->sched, (size_t)w->slot);
}

int pmm_sim_advance(struct pmm_sim *sim, uint64_t ns)
{
	uint64_t end;

	if (!sim)
		return -EINVAL;
	if (ns > UINT64_MAX - sim->now)
		return -EOVERFLOW;
	end = sim->now + ns;
	while (sim->sched.nr && sim->sched.heap[0]->due <= end) {
		struct sim_work *w = sim->sched.heap[0];

		heap_remove(&sim->sched, 0);
		if (w->due > sim->now)
			sim->now = w->due;
		w->fn(sim, w);
	}
	sim->now = end;
	return 0;
}

bool sched_consistent(const struct pmm_sim *sim, char *msg, size_t size)
{
	const struct sim_sched *s = &sim->sched;

	for (size_t i = 0; i < s->nr; i++) {
		const struct sim_work *w = s->heap[i];

		if (w->slot != (long)i) {
			snprintf(msg, size, "sched: item %zu has slot %ld", i,
				 w->slot);
			return false;
		}
		if (i && work_before(w, s->heap[(i - 1) / 2])) {
			snprintf(msg, size, "sched: heap order broken at %zu",
				 i);
			return false;
		}
		if (w->due < sim->now) {
			snprintf(msg, size, "sched: '%s' due %llu in the past",
				 w->name ? w->name : "?",
				 (unsigned long long)w->due);
			return false;
		}
	}
	return true;
}
