// SPDX-License-Identifier: MIT
/*
 * alloc.c - counted host allocation (jemalloc's mallocx/sdallocx when built
 * with it, libc otherwise) with Nth-allocation failure injection.
 */
#include <stdlib.h>
#include <string.h>

#include "pmm_config.h"
#include "alloc.h"
#include "bug.h"

#if PMM_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#define host_alloc(n)		mallocx((n), 0)
#define host_zalloc(n)		mallocx((n), MALLOCX_ZERO)
#define host_realloc(p, o, n)	rallocx((p), (n), 0)
#define host_free(p, n)		sdallocx((p), (n), 0)
#else
#define host_alloc(n)		malloc(n)
#define host_zalloc(n)		calloc(1, (n))
#define host_realloc(p, o, n)	realloc((p), (n))
#define host_free(p, n)		free(p)
#endif

static bool inject_failure(struct pmm_allocator *a)
{
	a->nr_allocs++;
	return a->fail_nth && a->nr_allocs == a->fail_nth;
}

static void account(struct pmm_allocator *a, size_t size)
{
	a->live_bytes += size;
	a->live_objs++;
	if (a->live_bytes > a->peak_bytes)
		a->peak_bytes = a->live_bytes;
}

void *pmm_alloc(struct pmm_allocator *a, size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if (inject_failure(a))
		return NULL;
	p = host_alloc(size);
	if (p)
		account(a, size);
	return p;
}

void *pmm_zalloc(struct pmm_allocator *a, size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if (inject_failure(a))
		return NULL;
	p = host_zalloc(size);
	if (p)
		account(a, size);
	return p;
}

void *pmm_calloc(struct pmm_allocator *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return pmm_zalloc(a, n * size);
}

void *pmm_realloc(struct pmm_allocator *a, void *p, size_t old_size,
		  size_t new_size)
{
	void *q;

	if (!p)
		return pmm_alloc(a, new_size);
	if (new_size == 0)
		new_size = 1;
	if (old_size == 0)
		old_size = 1;
	if (inject_failure(a))
		return NULL;
	q = host_realloc(p, old_size, new_size);
	if (!q)
		return NULL;
	a->live_bytes += new_size;
	a->live_bytes -= old_size;
	if (a->live_bytes > a->peak_bytes)
		a->peak_bytes = a->live_bytes;
	return q;
}

void pmm_free(struct pmm_allocator *a, void *p, size_t size)
{
	if (!p)
		return;
	if (size == 0)
		size = 1;
	PMM_BUG_ON(a->live_objs == 0 || a->live_bytes < size);
	a->live_bytes -= size;
	a->live_objs--;
	host_free(p, size);
}

char *pmm_strdup(struct pmm_allocator *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = pmm_alloc(a, n);

	if (d)
		memcpy(d, s, n);
	return d;
}

void pmm_strfree(struct pmm_allocator *a, char *s)
{
	if (s)
		pmm_free(a, s, strlen(s) + 1);
}
