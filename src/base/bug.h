/* SPDX-License-Identifier: MIT */
/*
 * bug.h - assertions on internal state.
 *
 * A caller's mistake never reaches these: the API edge validates and returns
 * -errno.  PMM_BUG_ON is always on; PMM_VM_BUG_ON and PMM_VM_WARN_ON_ONCE are
 * compiled in every build but only fire with -Ddebug_vm=true, so they cannot
 * rot.  PMM_ALWAYS/PMM_NEVER assert under debug_vm and still branch in
 * release (SQLite's idiom for "cannot happen, but stay safe if it does").
 */
#ifndef PMM_BASE_BUG_H
#define PMM_BASE_BUG_H

#include <stdbool.h>
#include <stddef.h>

#include "pmm_config.h"
#include "compiler.h"

PMM_NORETURN void pmm_bug(const char *file, int line, const char *expr);
void pmm_warn(const char *file, int line, const char *expr);

/*
 * pmm_wrong() - Say what a consistency checker found wrong: format it into
 * @msg (when @msg is not NULL and @size is not 0) and return false, so that
 * a checker can end with "return pmm_wrong(msg, size, ...);".
 */
PMM_PRINTF(3, 4)
bool pmm_wrong(char *msg, size_t size, const char *fmt, ...);

#define PMM_BUG_ON(c)                                                        \
	do {                                                                 \
		if (PMM_UNLIKELY(c))                                         \
			pmm_bug(__FILE__, __LINE__, #c);                     \
	} while (0)
#define PMM_BUG() pmm_bug(__FILE__, __LINE__, "BUG")
#define PMM_VM_BUG_ON(c)                                                     \
	do {                                                                 \
		if (PMM_DEBUG_VM && PMM_UNLIKELY(c))                         \
			pmm_bug(__FILE__, __LINE__, #c);                     \
	} while (0)
#define PMM_VM_WARN_ON_ONCE(c)                                               \
	do {                                                                 \
		static bool warned_;                                         \
		if (PMM_DEBUG_VM && PMM_UNLIKELY(c) && !warned_) {           \
			warned_ = true;                                      \
			pmm_warn(__FILE__, __LINE__, #c);                    \
		}                                                            \
	} while (0)

static inline bool pmm_always_(bool c, const char *file, int line,
			       const char *expr)
{
	if (PMM_DEBUG_VM && !c)
		pmm_bug(file, line, expr);
	return c;
}
#define PMM_ALWAYS(c) pmm_always_(!!(c), __FILE__, __LINE__, "ALWAYS(" #c ")")
#define PMM_NEVER(c)  (!pmm_always_(!(c), __FILE__, __LINE__, "NEVER(" #c ")"))

#endif /* PMM_BASE_BUG_H */
