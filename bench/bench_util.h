/* SPDX-License-Identifier: MIT */
/*
 * bench_util.h - what every benchmark program needs: a monotonic clock in
 * nanoseconds and a comparator for sorting samples to take a median.
 */
#ifndef PMM_BENCH_UTIL_H
#define PMM_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#endif /* PMM_BENCH_UTIL_H */
