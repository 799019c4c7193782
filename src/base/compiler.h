/* SPDX-License-Identifier: MIT */
/*
 * compiler.h - compiler attributes and small helpers every file may use.
 */
#ifndef PMM_BASE_COMPILER_H
#define PMM_BASE_COMPILER_H

#include <stddef.h>

#define PMM_LIKELY(x)	 __builtin_expect(!!(x), 1)
#define PMM_UNLIKELY(x)	 __builtin_expect(!!(x), 0)
#define PMM_MUST_CHECK	 __attribute__((warn_unused_result))
#define PMM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define PMM_NORETURN	 _Noreturn
#define PMM_UNUSED	 __attribute__((unused))

#define PMM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PMM_MIN(a, b)	  ((a) < (b) ? (a) : (b))
#define PMM_MAX(a, b)	  ((a) > (b) ? (a) : (b))
#define PMM_DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define pmm_container_of(ptr, type, member)                                  \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif /* PMM_BASE_COMPILER_H */
