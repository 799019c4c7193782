// SPDX-License-Identifier: MIT
/*
 * fuzz_scn.c - libFuzzer target for the scenario front end (tools/scn). It
 * parses the input as a scenario file, then evaluates and prints every
 * expression the parser built (call arguments and expectations, check
 * values, ${...} substitutions, event fields) and checks that printing is
 * faithful: the printed text parses back to a tree that prints and
 * evaluates the same. Variables are bound to fixed values; names starting
 * with 'x' are unknown, so both outcomes of evaluation are exercised.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int lookup(void *priv, const char *name, int64_t *out)
{
	(void)priv;
	if (name[0] == 'x')
		return -1;
	*out = (int64_t)strlen(name) * 4096 + name[0];
	return 0;
}

static const struct scn_eval_ctx ctx = {
	.file = "fuzz.scn",
	.lookup_var = lookup,
	.lookup_name = lookup,
};

static int eval(const struct scn_expr *e, int64_t *v)
{
	char err[128];

	return scn_expr_eval(e, &ctx, v, err, sizeof(err));
}

static void check_expr(const struct scn_expr *e)
{
	static char text[3 * SCN_MAX_LINE], again[3 * SCN_MAX_LINE];
	const struct scn_call *c;
	struct scn_script *s;
	int64_t v1 = 0, v2 = 0;
	int r1, r2;
	size_t n;

	if (!e)
		return;
	r1 = eval(e, &v1);
	n = scn_expr_print(e, text + 5, sizeof(text) - 8);
	if (n + 16 > SCN_MAX_LINE)
		return;		/* escapes may make it longer than a line */
	memcpy(text, "A: f(", 5);
	memcpy(text + 5 + n, ")\n", 2);
	if (scn_parse("rt", text, n + 7, &s, NULL, 0))
		__builtin_trap();	/* printed text must parse */
	c = &s->stmts[0].call;
	if (s->nr_stmts != 1 || c->nr_args != 1)
		__builtin_trap();
	scn_expr_print(c->args[0], again, sizeof(again));
	r2 = eval(c->args[0], &v2);
	if (strncmp(text + 5, again, n) || again[n] || r1 != r2 || v1 != v2)
		__builtin_trap();
	scn_script_free(s);
}

static void check_opts(const struct scn_opt *opts, size_t nr)
{
	uint64_t lo, hi;
	size_t i;

	for (i = 0; i < nr; i++) {
		check_expr(opts[i].expr);
		(void)scn_parse_range(opts[i].value, &lo, &hi);
		(void)scn_parse_duration(opts[i].value, &lo);
	}
}

static void check_stmt(const struct scn_stmt *st)
{
	const struct scn_check *ck = &st->check;
	const struct scn_call *c = &st->call;
	size_t i, k;

	switch (st->kind) {
	case SCN_STMT_DIRECTIVE:
		if (!scn_directive_name(st->directive.kind))
			__builtin_trap();
		check_opts(st->directive.opts, st->directive.nr_opts);
		break;
	case SCN_STMT_TICK:
		break;
	case SCN_STMT_CALL:
		for (i = 0; i < c->nr_args; i++)
			check_expr(c->args[i]);
		check_expr(c->expect.value);
		if (c->expect.kind == SCN_EXPECT_ERRNO &&
		    !scn_errno_name(c->expect.err))
			__builtin_trap();
		if (c->expect.kind == SCN_EXPECT_SIGNAL &&
		    (!scn_signal_name(c->expect.sig) ||
		     (c->expect.has_si_code &&
		      !scn_sicode_name(c->expect.sig, c->expect.si_code))))
			__builtin_trap();
		break;
	case SCN_STMT_CHECK:
		check_expr(ck->value);
		check_opts(ck->opts, ck->nr_opts);
		for (i = 0; i < ck->nr_lines; i++)
			for (k = 0; k < ck->lines[i].nr_segs; k++)
				check_expr(ck->lines[i].segs[k].expr);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scn_script *s;
	char err[256];
	size_t i;

	if (scn_parse("fuzz.scn", (const char *)data, size, &s, err,
		      sizeof(err))) {
		if (strncmp(err, "fuzz.scn:", 9))
			__builtin_trap();	/* every error names its place */
		return 0;
	}
	for (i = 0; i < s->nr_stmts; i++)
		check_stmt(&s->stmts[i]);
	scn_script_free(s);
	return 0;
}
