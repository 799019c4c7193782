// SPDX-License-Identifier: MIT
/*
 * compare.c - compare two traces of one call sequence, and the table of
 * expected divergences.
 *
 * Results are compared op by op (kind, value or window offset, errno); the
 * first difference not excused by conf_expected_table stops the walk.  The
 * final window maps texts are compared byte for byte.
 *
 * Expected divergences: one row per known, accepted difference between the
 * host kernel and another backend, with the reason in words.  A row names
 * the backend it concerns (NULL: any), the call (-1: any) and a predicate
 * over the op and both results; a divergence a row matches is counted and
 * the walk goes on.  Only differences that leave both address spaces alike
 * may be excused this way (say, a different errno for a rejected call);
 * one that changes the state would make every later comparison noise.
 * The table is empty: in the linux profile the simulator must agree with
 * the host on everything.  Example of a row:
 *
 *	{ "sim", CONF_MADVISE, match_guard_on_shmem,
 *	  "guard regions on shmem need 6.15+; the profile models 6.12" },
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

const struct conf_expected conf_expected_table[] = {
	{ .reason = NULL },	/* end of table */
};

void conf_trace_free(struct conf_trace *t)
{
	free(t->res);
	free(t->maps);
	t->res = NULL;
	t->maps = NULL;
	t->n = 0;
	t->maps_len = 0;
}

static bool same_result(const struct conf_result *a,
			const struct conf_result *b)
{
	if (a->kind != b->kind || a->done != b->done || a->sum != b->sum ||
	    memcmp(a->aux, b->aux, sizeof(a->aux)))
		return false;
	switch (a->kind) {
	case CONF_RET_ERR:
		return a->err == b->err;
	case CONF_RET_OUTSIDE:
		return true;
	case CONF_RET_SIG:
		return a->signo == b->signo && a->code == b->code &&
		       a->abs == b->abs && a->val == b->val;
	default:
		return a->val == b->val;
	}
}

static bool excused(const struct conf_op *op, const struct conf_result *ra,
		    const struct conf_result *rb, const char *other)
{
	for (const struct conf_expected *e = conf_expected_table; e->reason;
	     e++) {
		if (e->backend && (!other || strcmp(e->backend, other)))
			continue;
		if (e->kind >= 0 && e->kind != op->kind)
			continue;
		if (e->match && e->match(op, ra, rb))
			return true;
	}
	return false;
}

void conf_compare(const struct conf_op *ops, size_t n,
		  const struct conf_trace *a, const struct conf_trace *b,
		  const char *other_backend, struct conf_cmp *cmp)
{
	memset(cmp, 0, sizeof(*cmp));
	cmp->first_result = SIZE_MAX;
	for (size_t i = 0; i < n && i < a->n && i < b->n; i++) {
		if (same_result(&a->res[i], &b->res[i]))
			continue;
		if (excused(&ops[i], &a->res[i], &b->res[i], other_backend)) {
			cmp->expected++;
			continue;
		}
		cmp->first_result = i;
		break;
	}
	if (cmp->first_result == SIZE_MAX && (a->n != n || b->n != n))
		cmp->first_result = a->n < b->n ? a->n : b->n;
	cmp->maps_differ = a->maps_len != b->maps_len ||
			   memcmp(a->maps, b->maps, a->maps_len) != 0;
}

static const char *errno_name(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EOVERFLOW: return "EOVERFLOW";
	default: return NULL;
	}
}

static const char *sig_name(int signo, int code)
{
	if (signo == 11 && code == 1)
		return "SIGSEGV/MAPERR";
	if (signo == 11 && code == 2)
		return "SIGSEGV/ACCERR";
	if (signo == 11 && code == 4)
		return "SIGSEGV/PKUERR";
	if (signo == 11 && code == CONF_SI_KERNEL)
		return "SIGSEGV/SI_KERNEL";
	if (signo == 7 && code == 2)
		return "SIGBUS/ADRERR";
	if (signo == 7 && code == 3)
		return "SIGBUS/OBJERR";
	return NULL;
}

static int fmt_outcome(char *buf, size_t size, uint64_t o)
{
	int signo = (int)(o >> 56), code = (int)(o >> 48 & 0xff);
	const char *s = sig_name(signo, code);

	o &= 0xffffffffffffull;
	if (!signo)
		return snprintf(buf, size, "ok %#" PRIx64, o);
	if (s)
		return snprintf(buf, size, "%s after %#" PRIx64, s, o);
	return snprintf(buf, size, "sig %d/%d after %#" PRIx64, signo, code,
			o);
}

/* The extra figures of a page-level result. */
static void format_extra(const struct conf_result *r, char *buf, size_t size)
{
	int n;

	if (!r->done && !r->sum && !r->aux[0] && !r->aux[1] && !r->aux[2] &&
	    !r->aux[3]) {
		if (size)
			buf[0] = '\0';
		return;
	}
	n = snprintf(buf, size, " [done %#" PRIx64 " sum %016" PRIx64, r->done,
		     r->sum);
	if (n < 0 || (size_t)n >= size)
		return;
	if (r->aux[0] >> 48 || r->aux[2]) {	/* fork_check */
		n += snprintf(buf + n, size - (size_t)n, " child store ");
		if ((size_t)n < size)
			n += fmt_outcome(buf + n, size - (size_t)n, r->aux[0]);
		if ((size_t)n < size)
			n += snprintf(buf + n, size - (size_t)n,
				      ", parent read %016" PRIx64 " ",
				      r->aux[1]);
		if ((size_t)n < size)
			n += fmt_outcome(buf + n, size - (size_t)n, r->aux[2]);
	} else if (r->aux[0] || r->aux[1] || r->aux[2] || r->aux[3]) {
		n += snprintf(buf + n, size - (size_t)n,
			      " vec %016" PRIx64 "%016" PRIx64 "%016" PRIx64
			      "%016" PRIx64, r->aux[3], r->aux[2], r->aux[1],
			      r->aux[0]);
	}
	if (n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "]");
}

void conf_result_format(const struct conf_result *r, char *buf, size_t size)
{
	const char *e;
	size_t n;

	switch (r->kind) {
	case CONF_RET_ERR:
		e = errno_name(r->err);
		if (e)
			snprintf(buf, size, "-1 %s", e);
		else
			snprintf(buf, size, "-1 errno %d", r->err);
		break;
	case CONF_RET_WIN:
		snprintf(buf, size, "w+%" PRIu64 "p%s",
			 (uint64_t)r->val / CONF_PAGE,
			 r->val % (int64_t)CONF_PAGE ? " (misaligned!)" : "");
		break;
	case CONF_RET_OUTSIDE:
		snprintf(buf, size, "outside");
		break;
	case CONF_RET_SIG:
		e = sig_name(r->signo, r->code);
		if (e)
			snprintf(buf, size, "%s", e);
		else
			snprintf(buf, size, "sig %d code %d", r->signo,
				 r->code);
		n = strlen(buf);
		if (r->abs)
			snprintf(buf + n, size - n, " at %#" PRIx64,
				 (uint64_t)r->val);
		else if (r->val >= 0)
			snprintf(buf + n, size - n, " at w+%" PRId64 "p+%" PRId64,
				 r->val / (int64_t)CONF_PAGE,
				 r->val % (int64_t)CONF_PAGE);
		else
			snprintf(buf + n, size - n, " at w-%#" PRIx64,
				 (uint64_t)-r->val);
		break;
	default:
		snprintf(buf, size, "%" PRId64, r->val);
		break;
	}
	n = strlen(buf);
	if (n < size)
		format_extra(r, buf + n, size - n);
}

static void print_maps(FILE *f, const char *name, const char *maps,
		       const char *other)
{
	const char *s = maps;

	fprintf(f, "  maps (%s), '!' marks lines the other lacks:\n", name);
	if (!*s)
		fprintf(f, "    (empty)\n");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);
		bool found = false;

		for (const char *o = other; *o;) {
			const char *onl = strchr(o, '\n');
			size_t olen = onl ? (size_t)(onl - o) + 1 : strlen(o);

			if (olen == len && !memcmp(o, s, len)) {
				found = true;
				break;
			}
			o += olen;
		}
		fprintf(f, "  %c %.*s%s", found ? ' ' : '!', (int)len, s,
			nl ? "" : "\n");
		s += len;
	}
}

/*
 * Print the ops up to and including the first divergence with their
 * results, then both maps if they differ.
 */
void conf_report(FILE *f, const struct conf_op *ops, size_t n,
		 const struct conf_trace *a, const struct conf_trace *b,
		 const char *name_a, const char *name_b,
		 const struct conf_cmp *cmp)
{
	size_t last = cmp->first_result != SIZE_MAX ? cmp->first_result :
			n ? n - 1 : 0;
	char op[256], ra[256], rb[256];

	if (a->flags & CONF_TRACE_FALLBACK_BASE)
		fprintf(f, "  note: %s ran at a kernel-chosen base\n", name_a);
	if (b->flags & CONF_TRACE_FALLBACK_BASE)
		fprintf(f, "  note: %s ran at a kernel-chosen base\n", name_b);
	for (size_t i = 0; i < n && i <= last; i++) {
		conf_op_format(&ops[i], op, sizeof(op));
		if (i >= a->n || i >= b->n) {
			fprintf(f, "  #%zu %s -> (missing)\n", i, op);
			continue;
		}
		conf_result_format(&a->res[i], ra, sizeof(ra));
		conf_result_format(&b->res[i], rb, sizeof(rb));
		if (i == cmp->first_result)
			fprintf(f, "=> #%zu %s -> %s: %s, %s: %s\n", i, op,
				name_a, ra, name_b, rb);
		else
			fprintf(f, "  #%zu %s -> %s\n", i, op, ra);
	}
	if (cmp->first_result != SIZE_MAX)
		fprintf(f, "first divergence: result of op #%zu\n",
			cmp->first_result);
	if (cmp->maps_differ) {
		fprintf(f, "maps differ after op #%zu:\n", last);
		print_maps(f, name_a, a->maps, b->maps);
		print_maps(f, name_b, b->maps, a->maps);
	}
}
