/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the only door to the host allocator.
 *
 * Every host byte a machine uses is counted in its struct pmm_allocator, so
 * pmm_sim_destroy() can report leaks and benchmarks can report host bytes
 * per simulated object.  Sizes are passed back on free (jemalloc's sized
 * deallocation) which also lets the counters stay exact.  Tests can make
 * the Nth allocation fail to exercise every unwind path.
 */
#ifndef PMM_BASE_ALLOC_H
#define PMM_BASE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

struct pmm_allocator {
	uint64_t live_bytes;	/* requested bytes not yet freed */
	uint64_t peak_bytes;	/* high-water mark of live_bytes */
	uint64_t live_objs;	/* allocations not yet freed */
	uint64_t nr_allocs;	/* allocations attempted, failed ones too */
	uint64_t fail_nth;	/* 0 = off; else allocation number N fails */
};

PMM_MUST_CHECK void *pmm_alloc(struct pmm_allocator *a, size_t size);
PMM_MUST_CHECK void *pmm_zalloc(struct pmm_allocator *a, size_t size);
PMM_MUST_CHECK void *pmm_calloc(struct pmm_allocator *a, size_t n,
				size_t size);
/* Resize; on failure returns NULL and @p is untouched. */
PMM_MUST_CHECK void *pmm_realloc(struct pmm_allocator *a, void *p,
				 size_t old_size, size_t new_size);
void pmm_free(struct pmm_allocator *a, void *p, size_t size);
PMM_MUST_CHECK char *pmm_strdup(struct pmm_allocator *a, const char *s);
void pmm_strfree(struct pmm_allocator *a, char *s);

#endif /* PMM_BASE_ALLOC_H */
