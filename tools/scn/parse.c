// SPDX-License-Identifier: MIT
/*
 * parse.c - statements of the scenario language (SCENARIO.md §1-5). It
 * reads the file one physical line at a time, rejects bytes that are not
 * text (NUL, control characters, invalid UTF-8) and overlong lines, joins
 * '\' continuations into a logical line, and dispatches on the first word:
 * "PROC[.TID]:" is a call, "tick" and "expect" are themselves, a name from
 * SCN_DIRECTIVES is a directive. "expect PATH <<TAG" then takes the raw
 * lines up to TAG. Everything a script holds comes from one arena, so
 * freeing is one walk and an error path never leaks.
 *
 * Paths, fields, directive words and the "(text)" after an errno are read
 * as raw text from the lexer's position; everything else is tokens.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------------- */
/* Arena                                                                  */
/* ---------------------------------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
#define SCN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCN_ASAN 1
#endif
#endif
#ifndef SCN_ASAN
#define SCN_ASAN 0
#endif

#define CHUNK_SIZE 16384	/* bytes of a chunk for small objects */

struct scn_chunk {
	struct scn_chunk *next;
	size_t size;		/* bytes in @data */
	size_t used;
	max_align_t data[];
};

struct scn_arena {
	struct scn_chunk *head;	/* the chunk being filled */
};

struct scn_arena *arena_create(void)
{
	return calloc(1, sizeof(struct scn_arena));
}

void arena_destroy(struct scn_arena *a)
{
	struct scn_chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

/* A chunk of @size bytes, linked after the head if @behind, else as head. */
static struct scn_chunk *chunk_new(struct scn_arena *a, size_t size,
				   bool behind)
{
	struct scn_chunk *c = malloc(sizeof(*c) + size);

	if (!c)
		return NULL;
	c->size = size;
	c->used = 0;
	if (behind && a->head) {
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
	}
	return c;
}

void *arena_alloc(struct scn_arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	struct scn_chunk *c = a->head;
	unsigned char *p;
	size_t need;

	if (size > SIZE_MAX / 4)
		return NULL;
#if SCN_ASAN
	/* one chunk per object, so an overflow hits ASan's redzone */
	(void)align;
	need = size;
	c = chunk_new(a, need, false);
#else
	need = (size + align - 1) / align * align;
	if (need > CHUNK_SIZE / 4)	/* big: keep filling the head */
		c = chunk_new(a, need, true);
	else if (!c || c->size - c->used < need)
		c = chunk_new(a, CHUNK_SIZE, false);
#endif
	if (!c)
		return NULL;
	p = (unsigned char *)c->data + c->used;
	c->used += need;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct scn_arena *a, const char *s, size_t n)
{
	char *d = n < SIZE_MAX ? arena_alloc(a, n + 1) : NULL;

	if (d && n)
		memcpy(d, s, n);
	return d;
}

/* Return @old with room for one more element, or a larger copy; NULL: OOM. */
static void *arena_grow(struct scn_arena *a, void *old, size_t nr, size_t *cap,
			size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *n;

	if (nr < *cap)
		return old;
	if (ncap > SIZE_MAX / 4 / elem)
		return NULL;
	n = arena_alloc(a, ncap * elem);
	if (!n)
		return NULL;
	if (nr)
		memcpy(n, old, nr * elem);
	*cap = ncap;
	return n;
}

/* ---------------------------------------------------------------------- */
/* Small tables and helpers                                               */
/* ---------------------------------------------------------------------- */

static const char *const directive_names[SCN_DIR_NR] = {
#define SCN_DIR_NAME_(e, n) [SCN_DIR_##e] = #n,
	SCN_DIRECTIVES(SCN_DIR_NAME_)
#undef SCN_DIR_NAME_
};

static const char *const cmp_names[] = {
	[SCN_CMP_EQ] = "==", [SCN_CMP_NE] = "!=", [SCN_CMP_LT] = "<",
	[SCN_CMP_LE] = "<=", [SCN_CMP_GT] = ">", [SCN_CMP_GE] = ">=",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *scn_directive_name(enum scn_directive_kind kind)
{
	return (unsigned int)kind < SCN_DIR_NR ? directive_names[kind] : NULL;
}

const char *scn_cmp_name(enum scn_cmp op)
{
	return (unsigned int)op < ARRAY_SIZE(cmp_names) ? cmp_names[op] : "?";
}

bool scn_cmp_holds(enum scn_cmp op, int64_t lhs, int64_t rhs)
{
	switch (op) {
	case SCN_CMP_EQ: return lhs == rhs;
	case SCN_CMP_NE: return lhs != rhs;
	case SCN_CMP_LT: return lhs < rhs;
	case SCN_CMP_LE: return lhs <= rhs;
	case SCN_CMP_GT: return lhs > rhs;
	case SCN_CMP_GE: return lhs >= rhs;
	}
	return false;
}

const struct scn_opt *scn_opt_find(const struct scn_opt *opts, size_t nr,
				   const char *key)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(opts[i].key, key))
			return &opts[i];
	return NULL;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(s, w, n);
}

static bool tok_is(const struct token *t, const char *w)
{
	return t->kind == TOK_IDENT && word_is(t->text, t->len, w);
}

static bool is_path_char(int c)
{
	return lex_is_name(c) || (c && strchr("./-+:@%~", c));
}

static bool is_op_char(int c)
{
	return c && strchr("=!<>", c);
}

/* The character at the lexer's position, 0 at the end of the line. */
static int peek_char(const struct lexer *lx)
{
	return lx->pos < lx->len ? (unsigned char)lx->s[lx->pos] : 0;
}

/* The non-blank run at the lexer's position, for messages. */
static const char *describe_word(const struct lexer *lx, char *buf)
{
	size_t end = lx->pos;

	if (lex_at_eol(lx))
		return lex_describe(NULL, 0, buf, LEX_DESC_MAX);
	while (end < lx->len && !lex_is_blank(lx->s[end]))
		end++;
	return lex_describe(lx->s + lx->pos, end - lx->pos, buf, LEX_DESC_MAX);
}

static const char *describe_tok(const struct token *t, char *buf)
{
	return lex_describe(t->text, t->len, buf, LEX_DESC_MAX);
}

/* Mark @s[0..n) as the last thing consumed, for "after 'X'" messages. */
static void set_last(struct lexer *lx, const char *s, size_t n)
{
	lx->last = s;
	lx->last_len = n;
}

/* ---------------------------------------------------------------------- */
/* Lines                                                                  */
/* ---------------------------------------------------------------------- */

struct parser {
	const char *file;
	const char *text;	/* the whole input */
	size_t len;
	size_t pos;		/* start of the next physical line */
	unsigned int lineno;	/* number of the last physical line read */
	char *line;		/* logical line, SCN_MAX_LINE bytes */
	char *word;		/* scratch for one directive word, as large */
	struct scn_arena *arena;
	struct scn_stmt *stmts;
	size_t nr_stmts;
	size_t cap_stmts;
	char *err;
	size_t errsz;
};

static int perr(struct parser *p, unsigned int line, const char *fmt, ...)
	SCN_PRINTF(3, 4);

static int perr(struct parser *p, unsigned int line, const char *fmt, ...)
{
	struct lexer lx;
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lex_init(&lx, NULL, 0, p->file, line, p->err, p->errsz);
	return lex_error(&lx, "%s", msg);
}

static int check_bytes(struct parser *p, const unsigned char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (s[i] == 0)
			return perr(p, p->lineno, "NUL byte in input");
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return perr(p, p->lineno,
				    "control character 0x%02x in input", s[i]);
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = lex_utf8_len(s + i, n - i);
		if (!k)
			return perr(p, p->lineno, "invalid UTF-8 in input");
		i += k;
	}
	return 0;
}

/* Next physical line without its end: 1, 0 at the end of input, -1 error. */
static int read_physical(struct parser *p, const char **line, size_t *n)
{
	const char *s = p->text + p->pos, *nl;
	size_t rest = p->len - p->pos, len;

	if (p->pos >= p->len)
		return 0;
	if (p->lineno == UINT_MAX)
		return perr(p, p->lineno, "too many lines");
	nl = memchr(s, '\n', rest);
	len = nl ? (size_t)(nl - s) : rest;
	p->pos += nl ? len + 1 : len;
	p->lineno++;
	if (len && s[len - 1] == '\r')
		len--;
	if (len > SCN_MAX_LINE)
		return perr(p, p->lineno, "line too long (limit %d bytes)",
			    SCN_MAX_LINE);
	if (check_bytes(p, (const unsigned char *)s, len))
		return -1;
	*line = s;
	*n = len;
	return 1;
}

/*
 * Whether @s[0..*n) ends in a continuation '\'; if so, drop it from *n.
 * A '\' inside a '#' comment does not count: the comment ends the line.
 * *@in_str says whether the line starts inside a continued string and
 * receives whether the next one does.
 */
static bool continues(const char *s, size_t *n, bool *in_str)
{
	bool esc = false;
	size_t i, end;

	for (i = 0; i < *n; i++) {
		if (*in_str) {
			if (esc)
				esc = false;
			else if (s[i] == '\\')
				esc = true;
			else if (s[i] == '"')
				*in_str = false;
		} else if (s[i] == '"') {
			*in_str = true;
		} else if (s[i] == '#') {
			return false;
		}
	}
	if (*in_str) {
		if (esc)	/* the string goes on, as in C */
			(*n)--;
		return esc;
	}
	for (end = *n; end > 0 && lex_is_blank(s[end - 1]); end--)
		;
	if (!end || s[end - 1] != '\\')
		return false;
	*n = end - 1;
	return true;
}

/* Next logical line into p->line: 1, 0 at the end of input, -1 error. */
static int read_logical(struct parser *p, size_t *n, unsigned int *first)
{
	bool more, in_str = false;
	size_t len, total = 0;
	const char *s;
	int r;

	r = read_physical(p, &s, &len);
	if (r <= 0)
		return r;
	*first = p->lineno;
	for (;;) {
		more = continues(s, &len, &in_str);
		if (len > SCN_MAX_LINE - total)
			return perr(p, *first, "line too long (limit %d bytes)",
				    SCN_MAX_LINE);
		memcpy(p->line + total, s, len);
		total += len;
		if (!more)
			break;
		r = read_physical(p, &s, &len);
		if (r < 0)
			return -1;
		if (!r)
			break;
	}
	*n = total;
	return 1;
}

/* ---------------------------------------------------------------------- */
/* Statements                                                             */
/* ---------------------------------------------------------------------- */

static const char *pdup(struct parser *p, struct lexer *lx, const char *s,
			size_t n)
{
	char *d = arena_strndup(p->arena, s, n);

	if (!d)
		lex_oom(lx);
	return d;
}

static const void *pmemdup(struct parser *p, struct lexer *lx,
			   const void *src, size_t n, size_t elem, int *err)
{
	void *d;

	*err = 0;
	if (!n)
		return NULL;
	d = arena_alloc(p->arena, n * elem);
	if (!d) {
		*err = lex_oom(lx);
		return NULL;
	}
	memcpy(d, src, n * elem);
	return d;
}

static struct scn_stmt *new_stmt(struct parser *p, struct lexer *lx)
{
	struct scn_stmt *st;
	void *n;

	if (p->nr_stmts >= SCN_MAX_STMTS) {
		lex_error(lx, "too many statements (limit %u)", SCN_MAX_STMTS);
		return NULL;
	}
	n = arena_grow(p->arena, p->stmts, p->nr_stmts, &p->cap_stmts,
		       sizeof(*st));
	if (!n) {
		lex_oom(lx);
		return NULL;
	}
	p->stmts = n;
	st = &p->stmts[p->nr_stmts++];
	memset(st, 0, sizeof(*st));
	st->line = lx->line;
	return st;
}

/* ".TID" after a process name; the '.' is the next token. */
static int parse_tid(struct lexer *lx, unsigned int *tid)
{
	struct token t;
	char buf[LEX_DESC_MAX];

	if (lex_next(lx, &t) || lex_next(lx, &t))
		return -1;
	if (t.kind != TOK_NUM || t.unit != UNIT_NONE || t.val < 1 ||
	    t.val > SCN_MAX_TID)
		return lex_error(lx, "expected a thread number (1-%d) after '.', got %s",
				 SCN_MAX_TID, describe_tok(&t, buf));
	*tid = (unsigned int)t.val;
	return 0;
}

/* Directive words and event fields */

struct words {
	struct scn_word words[SCN_MAX_WORDS];
	struct scn_opt opts[SCN_MAX_WORDS];
	size_t nr_words;
	size_t nr_opts;
};

static bool is_key(const char *s, size_t n)
{
	size_t i;

	if (!n || !lex_is_alpha(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!lex_is_name(s[i]) && s[i] != '.')
			return false;
	return true;
}

static int make_opt(struct parser *p, struct lexer *lx, struct scn_opt *o,
		    const char *w, size_t eq, size_t n, bool event)
{
	const char *val = w + eq + 1;
	size_t vlen = n - eq - 1, i, k, start;
	const char **items;
	const struct scn_expr *e;
	struct lexer sub;
	struct token t;

	o->key = pdup(p, lx, w, eq);
	o->value = pdup(p, lx, val, vlen);
	if (!o->key || !o->value)
		return -1;
	val = o->value;		/* the arena copy outlives p->word */
	o->is_int = !lex_int(val, vlen, &o->ival);
	if (vlen) {
		for (o->nr_items = 1, i = 0; i < vlen; i++)
			o->nr_items += val[i] == ',';
		items = arena_alloc(p->arena, o->nr_items * sizeof(*items));
		if (!items)
			return lex_oom(lx);
		for (i = start = k = 0; i <= vlen; i++) {
			if (i < vlen && val[i] != ',')
				continue;
			items[k] = pdup(p, lx, val + start, i - start);
			if (!items[k++])
				return -1;
			start = i + 1;
		}
		o->items = items;
	}
	if (event) {
		/* quietly: a value that is no expression keeps expr NULL */
		lex_init(&sub, val, vlen, lx->file, lx->line, NULL, 0);
		if (!expr_parse(&sub, p->arena, NULL, &e) && !lex_next(&sub, &t) &&
		    t.kind == TOK_EOL)
			o->expr = e;
		else if (sub.oom)
			return lex_oom(lx);
	}
	return 0;
}

/*
 * Blank-separated words up to the end of the line. A word may contain
 * "quoted" parts (C escapes, blanks and '#' allowed inside); it is an
 * option when it starts with KEY= (KEY: a letter, then letters, digits,
 * '_', '.'). Events take options only.
 */
static int parse_words(struct parser *p, struct lexer *lx, bool event,
		       struct words *w)
{
	size_t start, n, eq, i;
	char buf[LEX_DESC_MAX];
	struct scn_word *word;
	bool quoted;
	int c;

	for (;;) {
		lex_skip_blank(lx);
		if (lex_at_eol(lx))
			return 0;
		if (w->nr_words + w->nr_opts >= SCN_MAX_WORDS)
			return lex_error(lx, "too many words (limit %d)",
					 SCN_MAX_WORDS);
		start = lx->pos;
		n = 0;
		eq = SIZE_MAX;
		quoted = false;
		while ((c = peek_char(lx)) && !lex_is_blank(c) && c != '#') {
			if (c == '"') {
				if (lex_scan_string(lx, lx->s, lx->len, &lx->pos,
						    p->word, &n))
					return -1;
				quoted = true;
				continue;
			}
			if (c == '=' && eq == SIZE_MAX && !quoted)
				eq = n;
			p->word[n++] = (char)c;
			lx->pos++;
		}
		set_last(lx, lx->s + start, lx->pos - start);
		lex_describe(lx->s + start, lx->pos - start, buf, sizeof(buf));
		if (memchr(p->word, '\0', n))
			return lex_error(lx, "a NUL byte (\\0) is not allowed in %s",
					 buf);
		if (eq != SIZE_MAX && is_key(p->word, eq)) {
			for (i = 0; i < w->nr_opts; i++)
				if (word_is(p->word, eq, w->opts[i].key))
					return lex_error(lx, "duplicate key %s",
							 lex_describe(p->word, eq, buf,
								      sizeof(buf)));
			if (make_opt(p, lx, &w->opts[w->nr_opts++], p->word, eq,
				     n, event))
				return -1;
			continue;
		}
		if (event)
			return lex_error(lx, "expected key=value, got %s", buf);
		word = &w->words[w->nr_words++];
		word->text = pdup(p, lx, p->word, n);
		if (!word->text)
			return -1;
		word->is_int = !lex_int(word->text, n, &word->ival);
	}
}

static int parse_directive(struct parser *p, struct lexer *lx,
			   enum scn_directive_kind kind, struct scn_stmt *st)
{
	struct scn_directive *d = &st->directive;
	struct words *w;
	int err;

	st->kind = SCN_STMT_DIRECTIVE;
	d->kind = kind;
	d->name = directive_names[kind];
	w = calloc(1, sizeof(*w));
	if (!w)
		return lex_oom(lx);
	err = parse_words(p, lx, false, w);
	if (!err) {
		d->nr_words = w->nr_words;
		d->words = pmemdup(p, lx, w->words, w->nr_words,
				   sizeof(w->words[0]), &err);
	}
	if (!err) {
		d->nr_opts = w->nr_opts;
		d->opts = pmemdup(p, lx, w->opts, w->nr_opts,
				  sizeof(w->opts[0]), &err);
	}
	free(w);
	return err;
}

static int parse_tick(struct lexer *lx, struct scn_stmt *st)
{
	char buf[LEX_DESC_MAX];
	struct token t, u;
	enum num_unit unit;
	uint64_t mult;

	if (lex_next(lx, &t))
		return -1;
	unit = t.unit;
	if (t.kind == TOK_NUM && unit == UNIT_NONE) {
		if (lex_peek(lx, &u))
			return -1;
		if (u.kind == TOK_IDENT) {
			unit = lex_unit(u.text, u.len);
			if (unit != UNIT_NONE)
				lex_next(lx, &u);
		}
	}
	mult = lex_unit_ns(unit);
	if (t.kind != TOK_NUM || !mult)
		return lex_error(lx,
			"expected a duration like 500ms (ns, us, ms, s) after 'tick', got %s",
			describe_tok(&t, buf));
	if (t.val > UINT64_MAX / mult)
		return lex_error(lx, "duration %s does not fit in 64 bits of nanoseconds",
				 describe_tok(&t, buf));
	st->kind = SCN_STMT_TICK;
	st->tick_ns = t.val * mult;
	return lex_expect_eol(lx);
}

/* Calls */

static int parse_signal(struct lexer *lx, struct scn_expect *ex, int sig)
{
	char buf[LEX_DESC_MAX];
	struct token t;

	ex->kind = SCN_EXPECT_SIGNAL;
	ex->sig = sig;
	if (lex_next(lx, &t))
		return -1;
	if (t.kind == TOK_EOL)
		return 0;
	if (sicode_lookup_n(sig, t.text, t.len, &ex->si_code))
		return lex_error(lx, "unknown si_code %s for %s",
				 describe_tok(&t, buf), scn_signal_name(sig));
	ex->has_si_code = true;
	return lex_expect_eol(lx);
}

/* "-1 ERRNO [(text)]" after the ERRNO token @t. */
static int parse_errno(struct parser *p, struct lexer *lx,
		       struct scn_expect *ex, const struct token *t)
{
	char buf[LEX_DESC_MAX];
	const char *open, *close;

	if (errno_lookup_n(t->text, t->len, &ex->err))
		return lex_error(lx, "unknown errno name %s",
				 describe_tok(t, buf));
	ex->kind = SCN_EXPECT_ERRNO;
	lex_skip_blank(lx);
	if (peek_char(lx) == '(') {
		open = lx->s + lx->pos + 1;
		close = memchr(open, ')', lx->len - lx->pos - 1);
		if (!close)
			return lex_error(lx, "expected ')' to close the errno text");
		ex->err_text = pdup(p, lx, open, (size_t)(close - open));
		if (!ex->err_text)
			return -1;
		lx->pos = (size_t)(close - lx->s) + 1;
		set_last(lx, close, 1);
	}
	return lex_expect_eol(lx);
}

/* What follows "=" on a call line. */
static int parse_expect_value(struct parser *p, struct lexer *lx,
			      struct scn_expect *ex)
{
	size_t pos = lx->pos, last_len = lx->last_len;
	const char *last = lx->last;
	char buf[LEX_DESC_MAX];
	struct token t, u, v;
	int64_t val;
	int sig;

	if (lex_next(lx, &t))
		return -1;
	switch (t.kind) {
	case TOK_EOL:
		return lex_error(lx,
			"expected a value, $var, -1 ERRNO, ?, a signal or KILLED after '='");
	case TOK_QUESTION:
		ex->kind = SCN_EXPECT_ANY;
		return lex_expect_eol(lx);
	case TOK_IDENT:
		if (lex_peek(lx, &u))
			return -1;
		if (tok_is(&t, "KILLED") && u.kind == TOK_EOL) {
			ex->kind = SCN_EXPECT_KILLED;
			return 0;
		}
		if (!signal_lookup_n(t.text, t.len, &sig) &&
		    (u.kind == TOK_EOL || u.kind == TOK_IDENT))
			return parse_signal(lx, ex, sig);
		if (u.kind == TOK_IDENT)
			return lex_error(lx, "unknown signal %s",
					 describe_tok(&t, buf));
		if (u.kind == TOK_EOL && const_lookup_n(t.text, t.len, &val)) {
			ex->kind = SCN_EXPECT_NAME;
			ex->name = pdup(p, lx, t.text, t.len);
			return ex->name ? 0 : -1;
		}
		break;
	case TOK_VAR:
		if (lex_peek(lx, &u))
			return -1;
		if (u.kind == TOK_EOL) {
			ex->kind = SCN_EXPECT_BIND;
			ex->name = pdup(p, lx, t.text + 1, t.len - 1);
			return ex->name ? 0 : -1;
		}
		break;
	case TOK_MINUS:
		if (lex_next(lx, &u))
			return -1;
		if (u.kind == TOK_NUM && u.unit == UNIT_NONE && u.val == 1) {
			if (lex_peek(lx, &v))
				return -1;
			if (v.kind == TOK_IDENT) {
				lex_next(lx, &v);
				return parse_errno(p, lx, ex, &v);
			}
		}
		break;
	default:
		break;
	}
	lx->pos = pos;
	lx->last = last;
	lx->last_len = last_len;
	ex->kind = SCN_EXPECT_VALUE;
	if (expr_parse(lx, p->arena, NULL, &ex->value))
		return -1;
	return lex_expect_eol(lx);
}

static int parse_call(struct parser *p, struct lexer *lx,
		      const struct token *proc, struct scn_stmt *st)
{
	const struct scn_expr *args[SCN_MAX_ARGS];
	char buf[LEX_DESC_MAX], buf2[LEX_DESC_MAX];
	struct scn_call *c = &st->call;
	struct token t;
	size_t nr = 0;
	int err;

	st->kind = SCN_STMT_CALL;
	c->tid = 1;
	c->proc = pdup(p, lx, proc->text, proc->len);
	if (!c->proc)
		return -1;
	if (lex_peek(lx, &t))
		return -1;
	if (t.kind == TOK_DOT) {
		if (parse_tid(lx, &c->tid))
			return -1;
		c->tid_given = true;
	}
	if (lex_next(lx, &t))
		return -1;
	if (t.kind != TOK_COLON)
		return lex_error(lx, "expected ':' after the process name, got %s",
				 describe_tok(&t, buf));
	if (lex_next(lx, &t))
		return -1;
	if (t.kind != TOK_IDENT)
		return lex_error(lx, "expected a call name after ':', got %s",
				 describe_tok(&t, buf));
	c->name = pdup(p, lx, t.text, t.len);
	if (!c->name)
		return -1;
	if (lex_next(lx, &t))
		return -1;
	if (t.kind != TOK_LPAREN)
		return lex_error(lx, "expected '(' after %s, got %s",
				 lex_describe(c->name, strlen(c->name), buf2,
					      sizeof(buf2)),
				 describe_tok(&t, buf));
	if (lex_peek(lx, &t))
		return -1;
	if (t.kind == TOK_RPAREN)
		lex_next(lx, &t);
	while (t.kind != TOK_RPAREN) {
		if (nr == SCN_MAX_ARGS)
			return lex_error(lx, "too many arguments (limit %d)",
					 SCN_MAX_ARGS);
		if (expr_parse(lx, p->arena, NULL, &args[nr++]) ||
		    lex_next(lx, &t))
			return -1;
		if (t.kind == TOK_EOL)
			return lex_error(lx, "expected ')' after argument %zu", nr);
		if (t.kind != TOK_COMMA && t.kind != TOK_RPAREN)
			return lex_error(lx, "expected ',' or ')' after argument %zu, got %s",
					 nr, describe_tok(&t, buf));
	}
	c->nr_args = nr;
	c->args = pmemdup(p, lx, args, nr, sizeof(args[0]), &err);
	if (err || lex_next(lx, &t))
		return -1;
	if (t.kind == TOK_EOL) {
		c->expect.kind = SCN_EXPECT_ANY;
		return 0;
	}
	if (t.kind != TOK_ASSIGN)
		return lex_error(lx, "expected '=' or end of line after ')', got %s",
				 describe_tok(&t, buf));
	return parse_expect_value(p, lx, &c->expect);
}

/* Checks */

/* The ${EXPR} substitutions of a block line. */
static int parse_segs(struct parser *p, struct scn_block_line *bl, size_t n)
{
	const char *s = bl->text, *close;
	char buf[LEX_DESC_MAX];
	struct scn_seg *segs;
	struct lexer sub;
	struct token t;
	size_t i, lit = 0, nr = 0, max = 1;

	for (i = 0; i + 1 < n; i++)
		max += s[i] == '$' && s[i + 1] == '{' ? 2 : 0;
	segs = arena_alloc(p->arena, max * sizeof(*segs));
	if (!segs)
		return perr(p, bl->line, "out of memory");
	for (i = 0; i < n; i++) {
		if (s[i] != '$' || i + 1 >= n || s[i + 1] != '{')
			continue;
		close = memchr(s + i + 2, '}', n - i - 2);
		if (!close)
			return perr(p, bl->line, "expected '}' to close '${'");
		if (i > lit) {
			segs[nr].text = s + lit;
			segs[nr++].len = i - lit;
		}
		lex_init(&sub, s + i + 2, (size_t)(close - s) - i - 2, p->file,
			 bl->line, p->err, p->errsz);
		set_last(&sub, s + i, 2);
		if (expr_parse(&sub, p->arena, NULL, &segs[nr++].expr) ||
		    lex_next(&sub, &t))
			return -1;
		if (t.kind != TOK_EOL)
			return lex_error(&sub,
				"expected '}' after the expression in '${...}', got %s",
				describe_tok(&t, buf));
		i = (size_t)(close - s);
		lit = i + 1;
	}
	if (lit < n) {
		segs[nr].text = s + lit;
		segs[nr++].len = n - lit;
	}
	bl->segs = segs;
	bl->nr_segs = nr;
	return 0;
}

static bool is_tag_line(const char *s, size_t n, const char *tag)
{
	while (n && lex_is_blank(*s)) {
		s++;
		n--;
	}
	while (n && lex_is_blank(s[n - 1]))
		n--;
	return word_is(s, n, tag);
}

/* "<<TAG" and the lines up to TAG. */
static int parse_block(struct parser *p, struct lexer *lx, struct scn_check *ck)
{
	struct scn_block_line *lines = NULL, *bl;
	size_t start, n, nr = 0, cap = 0;
	char buf[LEX_DESC_MAX];
	const char *s;
	void *grown;
	int r;

	lx->pos += 2;
	lex_skip_blank(lx);
	for (start = lx->pos; lex_is_name(peek_char(lx)); lx->pos++)
		;
	if (lx->pos == start)
		return lex_error(lx, "expected a tag after '<<', got %s",
				 describe_word(lx, buf));
	ck->kind = SCN_CHECK_BLOCK;
	ck->tag = pdup(p, lx, lx->s + start, lx->pos - start);
	if (!ck->tag)
		return -1;
	set_last(lx, lx->s + start, lx->pos - start);
	if (lex_expect_eol(lx))
		return -1;
	for (;;) {
		r = read_physical(p, &s, &n);
		if (r < 0)
			return -1;
		if (!r)
			return lex_error(lx,
				"unterminated block: expected a line %s before end of file",
				lex_describe(ck->tag, strlen(ck->tag), buf,
					     sizeof(buf)));
		if (is_tag_line(s, n, ck->tag))
			break;
		if (nr >= SCN_MAX_BLOCK_LINES)
			return perr(p, p->lineno, "too many lines in block (limit %u)",
				    SCN_MAX_BLOCK_LINES);
		grown = arena_grow(p->arena, lines, nr, &cap, sizeof(*lines));
		if (!grown)
			return perr(p, p->lineno, "out of memory");
		lines = grown;
		bl = &lines[nr++];
		memset(bl, 0, sizeof(*bl));
		bl->line = p->lineno;
		bl->text = arena_strndup(p->arena, s, n);
		if (!bl->text)
			return perr(p, p->lineno, "out of memory");
		bl->ellipsis = is_tag_line(s, n, "...");
		if (parse_segs(p, bl, n))
			return -1;
	}
	ck->lines = lines;
	ck->nr_lines = nr;
	return 0;
}

/* PATH, then <<TAG, or [FIELD] OP VALUE. */
static int parse_path_check(struct parser *p, struct lexer *lx,
			    struct scn_check *ck)
{
	static const struct { const char *text; enum scn_cmp op; } cmps[] = {
		{ "==", SCN_CMP_EQ }, { "!=", SCN_CMP_NE }, { "<", SCN_CMP_LT },
		{ "<=", SCN_CMP_LE }, { ">", SCN_CMP_GT }, { ">=", SCN_CMP_GE },
	};
	char buf[LEX_DESC_MAX], buf2[LEX_DESC_MAX];
	size_t start = lx->pos, i;
	struct token t;
	int c;

	while (is_path_char(peek_char(lx)))
		lx->pos++;
	ck->path = pdup(p, lx, lx->s + start, lx->pos - start);
	if (!ck->path)
		return -1;
	set_last(lx, lx->s + start, lx->pos - start);
	c = peek_char(lx);
	if (c && !lex_is_blank(c) && c != '#' && !is_op_char(c))
		return lex_error(lx, "unexpected character %s in path",
				 lex_describe(lx->s + lx->pos, 1, buf, sizeof(buf)));
	lex_skip_blank(lx);
	if (lx->pos + 1 < lx->len && !memcmp(lx->s + lx->pos, "<<", 2))
		return parse_block(p, lx, ck);
	if (lex_at_eol(lx))
		return lex_error(lx, "expected a field, a comparison or '<<TAG' after %s",
				 lex_describe(ck->path, strlen(ck->path), buf,
					      sizeof(buf)));
	ck->kind = SCN_CHECK_VALUE;
	if (!is_op_char(peek_char(lx))) {
		ck->kind = SCN_CHECK_FIELD;
		start = lx->pos;
		while ((c = peek_char(lx)) && !lex_is_blank(c) && c != '#' &&
		       !is_op_char(c))
			lx->pos++;
		ck->field = pdup(p, lx, lx->s + start, lx->pos - start);
		if (!ck->field)
			return -1;
		set_last(lx, lx->s + start, lx->pos - start);
		lex_skip_blank(lx);
	}
	for (start = lx->pos; is_op_char(peek_char(lx)); lx->pos++)
		;
	for (i = 0; i < ARRAY_SIZE(cmps); i++)
		if (word_is(lx->s + start, lx->pos - start, cmps[i].text))
			break;
	if (i == ARRAY_SIZE(cmps)) {
		lex_describe(lx->last, lx->last_len, buf2, sizeof(buf2));
		if (lx->pos > start)
			lex_describe(lx->s + start, lx->pos - start, buf,
				     sizeof(buf));
		else
			describe_word(lx, buf);
		return lex_error(lx, "expected a comparison (== != < <= > >=) after %s, got %s",
				 buf2, buf);
	}
	ck->op = cmps[i].op;
	set_last(lx, lx->s + start, lx->pos - start);
	if (expr_parse(lx, p->arena, &ck->value_kb, &ck->value))
		return -1;
	if (!ck->value_kb) {
		if (lex_peek(lx, &t))
			return -1;
		if (tok_is(&t, "kB")) {
			lex_next(lx, &t);
			ck->value_kb = true;
		}
	}
	return lex_expect_eol(lx);
}

static int parse_expect(struct parser *p, struct lexer *lx,
			struct scn_stmt *st)
{
	struct scn_check *ck = &st->check;
	char buf[LEX_DESC_MAX];
	struct words *w;
	struct token t;
	int err;

	st->kind = SCN_STMT_CHECK;
	ck->as_tid = 1;
	lex_skip_blank(lx);
	if (peek_char(lx) == '/')
		return parse_path_check(p, lx, ck);
	if (lex_next(lx, &t))
		return -1;
	if (tok_is(&t, "event") || tok_is(&t, "killed")) {
		ck->kind = tok_is(&t, "event") ? SCN_CHECK_EVENT
					       : SCN_CHECK_KILLED;
		if (lex_next(lx, &t))
			return -1;
		if (t.kind != TOK_IDENT)
			return lex_error(lx, "expected %s after '%s', got %s",
					 ck->kind == SCN_CHECK_EVENT ?
					 "an event name" : "a process name",
					 ck->kind == SCN_CHECK_EVENT ?
					 "event" : "killed",
					 describe_tok(&t, buf));
		ck->name = pdup(p, lx, t.text, t.len);
		if (!ck->name)
			return -1;
		if (ck->kind == SCN_CHECK_KILLED)
			return lex_expect_eol(lx);
		w = calloc(1, sizeof(*w));
		if (!w)
			return lex_oom(lx);
		err = parse_words(p, lx, true, w);
		if (!err) {
			ck->nr_opts = w->nr_opts;
			ck->opts = pmemdup(p, lx, w->opts, w->nr_opts,
					   sizeof(w->opts[0]), &err);
		}
		free(w);
		return err;
	}
	if (!tok_is(&t, "as"))
		return lex_error(lx,
			"expected a path, 'as', 'event' or 'killed' after 'expect', got %s",
			describe_tok(&t, buf));
	if (lex_next(lx, &t))
		return -1;
	if (t.kind != TOK_IDENT)
		return lex_error(lx, "expected a process name after 'as', got %s",
				 describe_tok(&t, buf));
	ck->as_proc = pdup(p, lx, t.text, t.len);
	if (!ck->as_proc)
		return -1;
	lex_skip_blank(lx);
	if (peek_char(lx) == '.' && parse_tid(lx, &ck->as_tid))
		return -1;
	lex_skip_blank(lx);
	if (peek_char(lx) != '/')
		return lex_error(lx,
			"expected a path starting with '/' after the process name, got %s",
			describe_word(lx, buf));
	return parse_path_check(p, lx, ck);
}

static int parse_line(struct parser *p, size_t n, unsigned int line)
{
	char buf[LEX_DESC_MAX];
	struct scn_stmt *st;
	struct lexer lx;
	struct token t;
	size_t k;
	int c;

	lex_init(&lx, p->line, n, p->file, line, p->err, p->errsz);
	if (lex_next(&lx, &t))
		return -1;
	if (t.kind == TOK_EOL)
		return 0;
	st = new_stmt(p, &lx);
	if (!st)
		return -1;
	if (t.kind != TOK_IDENT)
		return lex_error(&lx,
			"expected a directive, 'PROC: CALL(...)', 'tick' or 'expect', got %s",
			describe_tok(&t, buf));
	lex_skip_blank(&lx);
	c = peek_char(&lx);
	if (c == ':' || c == '.')
		return parse_call(p, &lx, &t, st);
	if (tok_is(&t, "tick"))
		return parse_tick(&lx, st);
	if (tok_is(&t, "expect"))
		return parse_expect(p, &lx, st);
	for (k = 0; k < SCN_DIR_NR; k++)
		if (tok_is(&t, directive_names[k]))
			return parse_directive(p, &lx, (enum scn_directive_kind)k,
					       st);
	return lex_error(&lx, "unknown directive %s", describe_tok(&t, buf));
}

int scn_parse(const char *filename, const char *text, size_t len,
	      struct scn_script **out, char *err, size_t errsz)
{
	struct parser p = {
		.file = filename ? filename : "<input>",
		.text = text,
		.len = text ? len : 0,
		.err = err,
		.errsz = errsz,
	};
	struct scn_script *s = NULL;
	unsigned int line = 0;
	size_t n = 0;
	int r = -1;

	if (err && errsz)
		err[0] = '\0';
	*out = NULL;
	p.arena = arena_create();
	p.line = malloc(SCN_MAX_LINE);
	p.word = malloc(SCN_MAX_LINE);
	if (p.arena)
		s = arena_alloc(p.arena, sizeof(*s));
	if (s)
		s->file = arena_strndup(p.arena, p.file, strlen(p.file));
	if (!s || !s->file || !p.line || !p.word) {
		perr(&p, 0, "out of memory");
		goto out;
	}
	s->arena = p.arena;
	if (p.len >= 3 && !memcmp(p.text, "\xef\xbb\xbf", 3))
		p.pos = 3;	/* byte order mark */
	while ((r = read_logical(&p, &n, &line)) > 0)
		if (parse_line(&p, n, line)) {
			r = -1;
			break;
		}
	if (!r) {
		s->stmts = p.stmts;
		s->nr_stmts = p.nr_stmts;
		*out = s;
		p.arena = NULL;
	}
out:
	free(p.line);
	free(p.word);
	arena_destroy(p.arena);
	return r ? -1 : 0;
}

void scn_script_free(struct scn_script *s)
{
	if (s)
		arena_destroy(s->arena);
}
