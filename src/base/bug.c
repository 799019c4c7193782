// SPDX-License-Identifier: MIT
/*
 * bug.c - the one place that aborts: internal corruption only.  Prints the
 * failed expression, file:line and, with libunwind, a backtrace.  Also the
 * report of a consistency checker, which does not abort.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "bug.h"

#if PMM_HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>

static void print_backtrace(void)
{
	unw_context_t ctx;
	unw_cursor_t cur;
	char name[256];
	unw_word_t off;
	int depth = 0;

	if (unw_getcontext(&ctx) || unw_init_local(&cur, &ctx))
		return;
	while (unw_step(&cur) > 0 && depth++ < 64) {
		if (unw_get_proc_name(&cur, name, sizeof(name), &off))
			snprintf(name, sizeof(name), "?");
		fprintf(stderr, "  #%d %s+0x%lx\n", depth, name,
			(unsigned long)off);
	}
}
#else
static void print_backtrace(void)
{
	fprintf(stderr, "  (no backtrace: built without libunwind)\n");
}
#endif

void pmm_bug(const char *file, int line, const char *expr)
{
	fprintf(stderr, "peiosmm: BUG at %s:%d: %s\n", file, line, expr);
	print_backtrace();
	fflush(stderr);
	abort();
}

void pmm_warn(const char *file, int line, const char *expr)
{
	fprintf(stderr, "peiosmm: WARNING at %s:%d: %s\n", file, line, expr);
}

bool pmm_wrong(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (msg && size) {
		va_start(ap, fmt);
		vsnprintf(msg, size, fmt, ap);
		va_end(ap);
	}
	return false;
}
