// SPDX-License-Identifier: MIT
/*
 * expr.c - expression trees of the scenario language: the recursive-descent
 * parser (precedence '*' above '+' '-' above '|', unary '-', parentheses),
 * the evaluator with 64-bit wrapping arithmetic, and the printer that
 * writes a tree back in scenario syntax for messages. Atoms are integers,
 * constants resolved at parse time, names and $variables resolved at
 * evaluation time through struct scn_eval_ctx, strings and node masks.
 *
 * Parsing is bounded: nesting depth SCN_MAX_DEPTH keeps recursion short,
 * SCN_MAX_EXPR_NODES keeps the evaluator's and printer's recursion (one
 * frame per tree level) short too.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct eparse {
	struct lexer *lx;
	struct scn_arena *a;
	bool *kb;		/* where to report a trailing "kB", or NULL */
	bool seen_kb;		/* a "kB" ended the expression */
	unsigned int depth;	/* open '(' and unary '-' */
	unsigned int nodes;	/* nodes allocated so far */
};

/* Binary operators; a higher @prec binds tighter. */
static const struct binop {
	enum tok_kind tok;
	enum scn_expr_kind kind;
	int prec;
	const char *text;
} binops[] = {
	{ TOK_PIPE, SCN_EXPR_OR, 1, "|" },
	{ TOK_PLUS, SCN_EXPR_ADD, 2, "+" },
	{ TOK_MINUS, SCN_EXPR_SUB, 2, "-" },
	{ TOK_STAR, SCN_EXPR_MUL, 3, "*" },
};

#define PREC_NEG	4
#define PREC_ATOM	5

static const struct binop *binop_by_tok(enum tok_kind tok)
{
	size_t i;

	for (i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
		if (binops[i].tok == tok)
			return &binops[i];
	return NULL;
}

static const struct binop *binop_by_kind(enum scn_expr_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
		if (binops[i].kind == kind)
			return &binops[i];
	return NULL;
}

static struct scn_expr *new_node(struct eparse *ep, enum scn_expr_kind kind)
{
	struct scn_expr *e;

	if (++ep->nodes > SCN_MAX_EXPR_NODES) {
		lex_error(ep->lx, "expression too long (more than %d terms)",
			  SCN_MAX_EXPR_NODES);
		return NULL;
	}
	e = arena_alloc(ep->a, sizeof(*e));
	if (!e) {
		lex_oom(ep->lx);
		return NULL;
	}
	e->kind = kind;
	e->line = ep->lx->line;
	return e;
}

/* Give @e a NUL-terminated copy of @s[0..n). */
static int set_text(struct eparse *ep, struct scn_expr *e, const char *s,
		    size_t n)
{
	char *d = arena_strndup(ep->a, s, n);

	if (!d)
		return lex_oom(ep->lx);
	e->text = d;
	e->len = n;
	return 0;
}

static int parse_binary(struct eparse *ep, int min_prec,
			const struct scn_expr **out);

static int enter(struct eparse *ep)
{
	if (++ep->depth > SCN_MAX_DEPTH)
		return lex_error(ep->lx, "expression nested too deeply (more than %d levels)",
				 SCN_MAX_DEPTH);
	return 0;
}

static int parse_primary(struct eparse *ep, const struct scn_expr **out)
{
	const char *prev = ep->lx->last;
	size_t prev_len = ep->lx->last_len;
	char buf[LEX_DESC_MAX], buf2[LEX_DESC_MAX];
	struct scn_expr *e;
	struct token t;
	int64_t v;
	char *s;

	if (lex_next(ep->lx, &t))
		return -1;
	switch (t.kind) {
	case TOK_NUM:
		if (t.unit == UNIT_KB && ep->kb) {
			ep->seen_kb = true;
			*ep->kb = true;
		} else if (t.unit == UNIT_KB) {
			return lex_error(ep->lx,
				"'kB' is only allowed after the value of an expect check");
		} else if (t.unit != UNIT_NONE) {
			return lex_error(ep->lx,
				"bad number %s (a duration is only allowed after 'tick')",
				lex_describe(t.text, t.len, buf, sizeof(buf)));
		}
		e = new_node(ep, SCN_EXPR_INT);
		if (!e || set_text(ep, e, t.text,
				   t.unit == UNIT_KB ? t.len - 2 : t.len))
			return -1;
		e->val = t.val;
		break;
	case TOK_IDENT:
		if (!const_lookup_n(t.text, t.len, &v)) {
			e = new_node(ep, SCN_EXPR_CONST);
			if (e)
				e->val = (uint64_t)v;
		} else {
			e = new_node(ep, SCN_EXPR_NAME);
		}
		if (!e || set_text(ep, e, t.text, t.len))
			return -1;
		break;
	case TOK_VAR:
		e = new_node(ep, SCN_EXPR_VAR);
		if (!e || set_text(ep, e, t.text + 1, t.len - 1))
			return -1;
		break;
	case TOK_STR:
		e = new_node(ep, SCN_EXPR_STR);
		if (!e)
			return -1;
		s = arena_alloc(ep->a, t.len);	/* decoded is shorter by 2+ */
		if (!s)
			return lex_oom(ep->lx);
		e->len = lex_string(&t, s);
		e->text = s;
		break;
	case TOK_MASK:
		e = new_node(ep, SCN_EXPR_NODEMASK);
		if (!e)
			return -1;
		e->val = t.val;
		break;
	case TOK_LPAREN:
		if (enter(ep) || parse_binary(ep, 1, out))
			return -1;
		ep->depth--;
		if (lex_next(ep->lx, &t))
			return -1;
		if (t.kind == TOK_RPAREN)
			return 0;
		if (t.kind == TOK_EOL)
			return lex_error(ep->lx, "expected ')' to close '('");
		return lex_error(ep->lx, "expected ')' to close '(', got %s",
				 lex_describe(t.text, t.len, buf, sizeof(buf)));
	default:
		lex_describe(t.text, t.len, buf, sizeof(buf));
		if (!prev)
			return lex_error(ep->lx, "expected an expression, got %s", buf);
		return lex_error(ep->lx, "expected an expression after %s, got %s",
				 lex_describe(prev, prev_len, buf2, sizeof(buf2)),
				 buf);
	}
	*out = e;
	return 0;
}

static int parse_unary(struct eparse *ep, const struct scn_expr **out)
{
	const struct scn_expr *operand;
	struct scn_expr *e;
	struct token t;

	if (lex_peek(ep->lx, &t))
		return -1;
	if (t.kind != TOK_MINUS)
		return parse_primary(ep, out);
	lex_next(ep->lx, &t);
	if (enter(ep) || parse_unary(ep, &operand))
		return -1;
	ep->depth--;
	e = new_node(ep, SCN_EXPR_NEG);
	if (!e)
		return -1;
	e->lhs = operand;
	*out = e;
	return 0;
}

/* Precedence climbing; binary operators are left-associative. */
static int parse_binary(struct eparse *ep, int min_prec,
			const struct scn_expr **out)
{
	const struct scn_expr *lhs, *rhs;
	const struct binop *op;
	struct scn_expr *e;
	struct token t;

	if (parse_unary(ep, &lhs))
		return -1;
	while (!ep->seen_kb) {		/* "kB" ends the expression */
		if (lex_peek(ep->lx, &t))
			return -1;
		op = binop_by_tok(t.kind);
		if (!op || op->prec < min_prec)
			break;
		lex_next(ep->lx, &t);
		if (parse_binary(ep, op->prec + 1, &rhs))
			return -1;
		e = new_node(ep, op->kind);
		if (!e)
			return -1;
		e->lhs = lhs;
		e->rhs = rhs;
		lhs = e;
	}
	*out = lhs;
	return 0;
}

int expr_parse(struct lexer *lx, struct scn_arena *a, bool *kb,
	       const struct scn_expr **out)
{
	struct eparse ep = { .lx = lx, .a = a, .kb = kb };

	if (kb)
		*kb = false;
	return parse_binary(&ep, 1, out);
}

/* ---------------------------------------------------------------------- */

struct eval {
	const struct scn_eval_ctx *ctx;
	char *err;
	size_t errsz;
};

static int eval_error(const struct eval *ev, const struct scn_expr *e,
		      const char *fmt, ...) SCN_PRINTF(3, 4);

static int eval_error(const struct eval *ev, const struct scn_expr *e,
		      const char *fmt, ...)
{
	const char *file = ev->ctx && ev->ctx->file ? ev->ctx->file : "<input>";
	va_list ap;
	int n;

	if (!ev->err || !ev->errsz)
		return -1;
	n = snprintf(ev->err, ev->errsz, "%s:%u: ", file, e->line);
	if (n >= 0 && (size_t)n < ev->errsz) {
		va_start(ap, fmt);
		vsnprintf(ev->err + n, ev->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int eval_u64(const struct eval *ev, const struct scn_expr *e,
		    uint64_t *out)
{
	const struct scn_eval_ctx *ctx = ev->ctx;
	uint64_t l, r = 0;
	int64_t v;

	switch (e->kind) {
	case SCN_EXPR_INT:
	case SCN_EXPR_CONST:
	case SCN_EXPR_NODEMASK:
		*out = e->val;
		return 0;
	case SCN_EXPR_VAR:
		if (!ctx || !ctx->lookup_var ||
		    ctx->lookup_var(ctx->priv, e->text, &v))
			return eval_error(ev, e, "variable '$%.64s' is not set",
					  e->text);
		*out = (uint64_t)v;
		return 0;
	case SCN_EXPR_NAME:
		if (!ctx || !ctx->lookup_name ||
		    ctx->lookup_name(ctx->priv, e->text, &v))
			return eval_error(ev, e,
					  "unknown constant or process '%.64s'",
					  e->text);
		*out = (uint64_t)v;
		return 0;
	case SCN_EXPR_STR:
		return eval_error(ev, e, "expected a number, got a string");
	case SCN_EXPR_NEG:
		if (eval_u64(ev, e->lhs, &l))
			return -1;
		*out = 0 - l;
		return 0;
	case SCN_EXPR_OR:
	case SCN_EXPR_ADD:
	case SCN_EXPR_SUB:
	case SCN_EXPR_MUL:
		if (eval_u64(ev, e->lhs, &l) || eval_u64(ev, e->rhs, &r))
			return -1;
		break;
	}
	switch (e->kind) {
	case SCN_EXPR_OR:
		*out = l | r;
		return 0;
	case SCN_EXPR_ADD:
		*out = l + r;
		return 0;
	case SCN_EXPR_SUB:
		*out = l - r;
		return 0;
	case SCN_EXPR_MUL:
		*out = l * r;
		return 0;
	default:
		return eval_error(ev, e, "bad expression");
	}
}

int scn_expr_eval(const struct scn_expr *e, const struct scn_eval_ctx *ctx,
		  int64_t *out, char *err, size_t errsz)
{
	struct eval ev = { .ctx = ctx, .err = err, .errsz = errsz };
	uint64_t v = 0;

	if (err && errsz)
		err[0] = '\0';
	if (eval_u64(&ev, e, &v))
		return -1;
	/* two's complement without implementation-defined conversion */
	*out = v <= INT64_MAX ? (int64_t)v : -(int64_t)(UINT64_MAX - v) - 1;
	return 0;
}

/* ---------------------------------------------------------------------- */

struct out {
	char *buf;
	size_t size;
	size_t n;		/* length of the full text so far */
};

static void put(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, o->n++)
		if (o->n + 1 < o->size)
			o->buf[o->n] = s[i];
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static int prec_of(const struct scn_expr *e)
{
	const struct binop *op = binop_by_kind(e->kind);

	if (op)
		return op->prec;
	return e->kind == SCN_EXPR_NEG ? PREC_NEG : PREC_ATOM;
}

static void print_string(struct out *o, const struct scn_expr *e)
{
	static const char plain[] = "\n\t\r\\\"";
	static const char esc[] = "ntr\\\"";
	char tmp[8];
	const char *p;
	size_t i, k;

	put(o, "\"", 1);
	for (i = 0; i < e->len; i += k) {
		unsigned char c = (unsigned char)e->text[i];

		k = 1;
		p = c ? strchr(plain, c) : NULL;
		if (p) {
			tmp[0] = '\\';
			tmp[1] = esc[p - plain];
			put(o, tmp, 2);
		} else if (c >= 0x20 && c < 0x7f) {
			put(o, (const char *)&c, 1);
		} else if (c >= 0x80 && (k = lex_utf8_len(
				(const unsigned char *)e->text + i, e->len - i))) {
			put(o, e->text + i, k);		/* valid UTF-8 stays text */
		} else {
			k = 1;
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			put_str(o, tmp);
		}
	}
	put(o, "\"", 1);
}

static void print_mask(struct out *o, uint64_t m)
{
	char tmp[16];
	unsigned int lo, hi;
	bool first = true;

	put(o, "[", 1);
	for (lo = 0; lo < 64; lo = hi + 1) {
		if (!(m >> lo & 1)) {
			hi = lo;
			continue;
		}
		for (hi = lo; hi < 63 && (m >> (hi + 1) & 1); hi++)
			;
		if (hi > lo)
			snprintf(tmp, sizeof(tmp), "%s%u-%u", first ? "" : ",",
				 lo, hi);
		else
			snprintf(tmp, sizeof(tmp), "%s%u", first ? "" : ",", lo);
		put_str(o, tmp);
		first = false;
	}
	put(o, "]", 1);
}

static void print_expr(struct out *o, const struct scn_expr *e);

static void print_operand(struct out *o, const struct scn_expr *e, bool paren)
{
	if (paren)
		put(o, "(", 1);
	print_expr(o, e);
	if (paren)
		put(o, ")", 1);
}

static void print_expr(struct out *o, const struct scn_expr *e)
{
	int prec = prec_of(e);

	switch (e->kind) {
	case SCN_EXPR_INT:
	case SCN_EXPR_CONST:
	case SCN_EXPR_NAME:
		put(o, e->text, e->len);
		break;
	case SCN_EXPR_VAR:
		put(o, "$", 1);
		put(o, e->text, e->len);
		break;
	case SCN_EXPR_STR:
		print_string(o, e);
		break;
	case SCN_EXPR_NODEMASK:
		print_mask(o, e->val);
		break;
	case SCN_EXPR_NEG:
		put(o, "-", 1);
		print_operand(o, e->lhs, prec_of(e->lhs) < PREC_NEG);
		break;
	default:
		/* left-associative: only the right side needs equal-prec parens */
		print_operand(o, e->lhs, prec_of(e->lhs) < prec);
		put_str(o, binop_by_kind(e->kind)->text);
		print_operand(o, e->rhs, prec_of(e->rhs) <= prec);
		break;
	}
}

size_t scn_expr_print(const struct scn_expr *e, char *buf, size_t size)
{
	struct out o = { .buf = buf, .size = size };

	print_expr(&o, e);
	if (size)
		buf[o.n < size ? o.n : size - 1] = '\0';
	return o.n;
}
