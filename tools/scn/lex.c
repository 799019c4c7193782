// SPDX-License-Identifier: MIT
/*
 * lex.c - tokens of one logical scenario line (SCENARIO.md §1): names,
 * $variables, integers with 0x/0o prefixes, K/M/G/T suffixes and the
 * units kB/ns/us/ms/s, strings with C escapes, node masks, operators and
 * '#' comments. It also owns the "FILE:LINE: message" error format and the
 * word helpers scn_parse_int(), scn_parse_range() and scn_parse_duration().
 * Every byte it sees has already been checked by parse.c: no NULs, no
 * control characters but tab, valid UTF-8.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const struct {
	const char *name;
	enum num_unit unit;
	uint64_t ns;		/* nanoseconds per unit, 0: not a duration */
} units[] = {
	{ "kB", UNIT_KB, 0 },
	{ "ns", UNIT_NS, 1 },
	{ "us", UNIT_US, 1000 },
	{ "ms", UNIT_MS, 1000000 },
	{ "s", UNIT_S, 1000000000 },
};

void lex_init(struct lexer *lx, const char *s, size_t len, const char *file,
	      unsigned int line, char *err, size_t errsz)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->len = len;
	lx->file = file;
	lx->line = line;
	lx->err = err;
	lx->errsz = errsz;
}

int lex_error(struct lexer *lx, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (lx->failed)
		return -1;
	lx->failed = true;
	if (!lx->err || !lx->errsz)
		return -1;
	if (lx->line)
		n = snprintf(lx->err, lx->errsz, "%s:%u: ", lx->file, lx->line);
	else
		n = snprintf(lx->err, lx->errsz, "%s: ", lx->file);
	if (n >= 0 && (size_t)n < lx->errsz) {
		va_start(ap, fmt);
		vsnprintf(lx->err + n, lx->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int lex_oom(struct lexer *lx)
{
	if (!lx->failed)
		lx->oom = true;
	return lex_error(lx, "out of memory");
}

const char *lex_describe(const char *s, size_t n, char *buf, size_t size)
{
	const size_t max = 32;

	if (n == 0) {
		snprintf(buf, size, "end of line");
	} else if (n <= max) {
		snprintf(buf, size, "'%.*s'", (int)n, s);
	} else {
		/* do not cut a UTF-8 sequence in two */
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		snprintf(buf, size, "'%.*s...'", (int)n, s);
	}
	return buf;
}

/* Bytes of a valid UTF-8 sequence at @s (no overlongs, surrogates), or 0. */
size_t lex_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t k, i;

	if (c >= 0xc2 && c <= 0xdf)
		k = 2;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return k;
}

/* Bytes of the character at @s[0] (lines are valid UTF-8), at most @n. */
static size_t char_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	return k < n ? k : n;
}

/* Describe the character at @pos, or "end of line". */
static const char *describe_char(const struct lexer *lx, size_t pos, char *buf)
{
	if (pos >= lx->len || lx->s[pos] == '#')
		return lex_describe(NULL, 0, buf, LEX_DESC_MAX);
	return lex_describe(lx->s + pos, char_len(lx->s + pos, lx->len - pos),
			    buf, LEX_DESC_MAX);
}

void lex_skip_blank(struct lexer *lx)
{
	while (lx->pos < lx->len && lex_is_blank(lx->s[lx->pos]))
		lx->pos++;
}

bool lex_at_eol(const struct lexer *lx)
{
	return lx->pos >= lx->len || lx->s[lx->pos] == '#';
}

static int digit_value(int c)
{
	if (lex_is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int lex_number(const char *s, size_t len, uint64_t *val, enum num_unit *unit)
{
	unsigned int base = 10, shift = 0;
	size_t p = 0, start, i;
	uint64_t v = 0;
	bool over = false;

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		p = 2;
	} else if (len >= 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		p = 2;
	}
	for (start = p; p < len; p++) {
		unsigned int d = (unsigned int)digit_value((unsigned char)s[p]);

		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			over = true;
		v = v * base + d;
	}
	if (p == start)
		return -1;

	*unit = UNIT_NONE;
	if (len - p == 1) {
		switch (s[p]) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		case 'T': shift = 40; break;
		}
	}
	if (!shift && len > p) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].name) == len - p &&
			    !memcmp(units[i].name, s + p, len - p))
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -1;
		*unit = units[i].unit;
	}
	if (over || (shift && v > (UINT64_MAX >> shift)))
		return -2;
	*val = v << shift;
	return 0;
}

enum num_unit lex_unit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && !memcmp(units[i].name, s, n))
			return units[i].unit;
	return UNIT_NONE;
}

uint64_t lex_unit_ns(enum num_unit unit)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (units[i].unit == unit)
			return units[i].ns;
	return 0;
}

int lex_scan_string(struct lexer *lx, const char *s, size_t len, size_t *pos,
		    char *out, size_t *outlen)
{
	size_t p = *pos + 1, k;
	unsigned int v;
	unsigned char c;

	for (;;) {
		if (p >= len)
			goto unterminated;
		c = (unsigned char)s[p++];
		if (c == '"')
			break;
		if (c == '\\') {
			if (p >= len)
				goto unterminated;
			c = (unsigned char)s[p++];
			switch (c) {
			case 'n': v = '\n'; break;
			case 't': v = '\t'; break;
			case 'r': v = '\r'; break;
			case 'a': v = '\a'; break;
			case 'b': v = '\b'; break;
			case 'f': v = '\f'; break;
			case 'v': v = '\v'; break;
			case '\\': case '"': case '\'': case '?': v = c; break;
			case 'x':
				for (v = 0, k = 0; k < 2 && p < len &&
				     digit_value((unsigned char)s[p]) < 16; k++)
					v = v * 16 + (unsigned int)digit_value(
						(unsigned char)s[p++]);
				if (!k)
					return lex_error(lx,
						"expected hex digits after '\\x' in string");
				break;
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7':
				for (v = c - '0', k = 1; k < 3 && p < len &&
				     s[p] >= '0' && s[p] <= '7'; k++)
					v = v * 8 + (unsigned int)(s[p++] - '0');
				if (v > 0xff)
					return lex_error(lx,
						"octal escape out of range in string");
				break;
			default:
				k = char_len(s + p - 1, len - p + 1);
				return lex_error(lx, "unknown escape '\\%.*s' in string",
						 (int)k, s + p - 1);
			}
			c = (unsigned char)v;
		}
		if (out)
			out[(*outlen)++] = (char)c;
	}
	*pos = p;
	return 0;
unterminated:
	return lex_error(lx, "unterminated string: expected '\"' before end of line");
}

size_t lex_string(const struct token *t, char *out)
{
	struct lexer lx;
	size_t pos = 0, n = 0;

	lex_init(&lx, t->text, t->len, "", 0, NULL, 0);
	lex_scan_string(&lx, t->text, t->len, &pos, out, &n);
	return n;
}

/* One node number of a mask at @lx->s[*pp]. */
static int mask_node(struct lexer *lx, size_t *pp, uint64_t *node)
{
	size_t p = *pp, start = p;
	uint64_t v = 0;
	char buf[LEX_DESC_MAX];

	if (p >= lx->len || !lex_is_digit(lx->s[p]))
		return lex_error(lx, "expected a node number in node mask, got %s",
				 describe_char(lx, p, buf));
	for (; p < lx->len && lex_is_digit(lx->s[p]); p++)
		if (v < 1000)
			v = v * 10 + (uint64_t)(lx->s[p] - '0');
	if (v > 63)
		return lex_error(lx, "node %.*s%s out of range 0-63 in node mask",
				 (int)(p - start > 20 ? 20 : p - start),
				 lx->s + start, p - start > 20 ? "..." : "");
	*node = v;
	*pp = p;
	return 0;
}

static void skip_blank_at(const struct lexer *lx, size_t *p)
{
	while (*p < lx->len && lex_is_blank(lx->s[*p]))
		(*p)++;
}

/* A node mask "[0,2-3]"; @lx->s[*pp] is the '['. */
static int scan_mask(struct lexer *lx, size_t *pp, uint64_t *mask)
{
	size_t p = *pp + 1;
	uint64_t m = 0, lo, hi, n;
	char buf[LEX_DESC_MAX];

	skip_blank_at(lx, &p);
	if (p < lx->len && lx->s[p] == ']') {
		*pp = p + 1;
		*mask = 0;
		return 0;
	}
	for (;;) {
		skip_blank_at(lx, &p);
		if (mask_node(lx, &p, &lo))
			return -1;
		hi = lo;
		skip_blank_at(lx, &p);
		if (p < lx->len && lx->s[p] == '-') {
			p++;
			skip_blank_at(lx, &p);
			if (mask_node(lx, &p, &hi))
				return -1;
			if (lo > hi)
				return lex_error(lx,
					"bad node range %u-%u in node mask: first is larger",
					(unsigned int)lo, (unsigned int)hi);
			skip_blank_at(lx, &p);
		}
		for (n = lo; n <= hi; n++)
			m |= (uint64_t)1 << n;
		if (p < lx->len && lx->s[p] == ',') {
			p++;
			continue;
		}
		if (p < lx->len && lx->s[p] == ']')
			break;
		if (p >= lx->len || lx->s[p] == '#')
			return lex_error(lx, "expected ']' to close the node mask");
		return lex_error(lx, "expected ',' or ']' in node mask, got %s",
				 describe_char(lx, p, buf));
	}
	*pp = p + 1;
	*mask = m;
	return 0;
}

/* Operators of one or two characters, longest first. */
static const struct {
	const char *text;
	enum tok_kind kind;
	enum scn_cmp cmp;
} ops[] = {
	{ "==", TOK_CMP, SCN_CMP_EQ },
	{ "!=", TOK_CMP, SCN_CMP_NE },
	{ "<=", TOK_CMP, SCN_CMP_LE },
	{ ">=", TOK_CMP, SCN_CMP_GE },
	{ "<<", TOK_SHIFT, 0 },
	{ "<", TOK_CMP, SCN_CMP_LT },
	{ ">", TOK_CMP, SCN_CMP_GT },
	{ "=", TOK_ASSIGN, 0 },
	{ "(", TOK_LPAREN, 0 },
	{ ")", TOK_RPAREN, 0 },
	{ ",", TOK_COMMA, 0 },
	{ ":", TOK_COLON, 0 },
	{ ".", TOK_DOT, 0 },
	{ "?", TOK_QUESTION, 0 },
	{ "+", TOK_PLUS, 0 },
	{ "-", TOK_MINUS, 0 },
	{ "*", TOK_STAR, 0 },
	{ "|", TOK_PIPE, 0 },
};

int lex_next(struct lexer *lx, struct token *t)
{
	const char *s = lx->s;
	size_t start, p, i, n;
	char buf[LEX_DESC_MAX];
	int r;

	if (lx->failed)
		return -1;
	lex_skip_blank(lx);
	memset(t, 0, sizeof(*t));
	start = lx->pos;
	t->text = s + start;
	if (lex_at_eol(lx)) {
		t->kind = TOK_EOL;
		return 0;
	}
	p = start + 1;
	if (lex_is_alpha(s[start])) {
		while (p < lx->len && lex_is_name(s[p]))
			p++;
		t->kind = TOK_IDENT;
	} else if (lex_is_digit(s[start])) {
		/* take the whole word, so "12abc" and "1.5s" fail as one */
		while (p < lx->len && (lex_is_name(s[p]) ||
		       (s[p] == '.' && p + 1 < lx->len && lex_is_digit(s[p + 1]))))
			p++;
		r = lex_number(s + start, p - start, &t->val, &t->unit);
		if (r)
			lex_describe(s + start, p - start, buf, sizeof(buf));
		if (r == -1)
			return lex_error(lx, "bad number %s", buf);
		if (r == -2)
			return lex_error(lx, "number %s does not fit in 64 bits", buf);
		t->kind = TOK_NUM;
	} else if (s[start] == '$') {
		while (p < lx->len && lex_is_name(s[p]))
			p++;
		if (p == start + 1)
			return lex_error(lx, "expected a variable name after '$'");
		t->kind = TOK_VAR;
	} else if (s[start] == '"') {
		p = start;
		if (lex_scan_string(lx, s, lx->len, &p, NULL, NULL))
			return -1;
		t->kind = TOK_STR;
	} else if (s[start] == '[') {
		p = start;
		if (scan_mask(lx, &p, &t->val))
			return -1;
		t->kind = TOK_MASK;
	} else {
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			n = strlen(ops[i].text);
			if (n <= lx->len - start && !memcmp(s + start, ops[i].text, n))
				break;
		}
		if (i == sizeof(ops) / sizeof(ops[0])) {
			if (s[start] == '/')
				return lex_error(lx,
				"unexpected '/': a path in a call is a string, \"/proc/...\"");
			return lex_error(lx, "unexpected character %s",
					 describe_char(lx, start, buf));
		}
		p = start + n;
		t->kind = ops[i].kind;
		t->val = ops[i].cmp;
	}
	t->len = p - start;
	lx->pos = p;
	lx->last = t->text;
	lx->last_len = t->len;
	return 0;
}

int lex_peek(struct lexer *lx, struct token *t)
{
	size_t pos = lx->pos, last_len = lx->last_len;
	const char *last = lx->last;

	if (lex_next(lx, t))
		return -1;
	lx->pos = pos;
	lx->last = last;
	lx->last_len = last_len;
	return 0;
}

int lex_expect_eol(struct lexer *lx)
{
	struct token t;
	char buf[LEX_DESC_MAX];

	if (lex_next(lx, &t))
		return -1;
	if (t.kind == TOK_EOL)
		return 0;
	return lex_error(lx, "expected end of line, got %s",
			 lex_describe(t.text, t.len, buf, sizeof(buf)));
}

int lex_int(const char *s, size_t n, int64_t *out)
{
	bool neg = n > 0 && s[0] == '-';
	enum num_unit unit;
	uint64_t v;

	if (neg) {
		s++;
		n--;
	}
	if (!n || !lex_is_digit(s[0]) || lex_number(s, n, &v, &unit) ||
	    unit != UNIT_NONE)
		return -1;
	if (neg)
		v = 0 - v;
	*out = v <= INT64_MAX ? (int64_t)v : -(int64_t)(UINT64_MAX - v) - 1;
	return 0;
}

int scn_parse_int(const char *text, int64_t *out)
{
	return lex_int(text, strlen(text), out);
}

/* A non-negative integer without unit, @s[0..n). */
static int parse_uint(const char *s, size_t n, uint64_t *out)
{
	enum num_unit unit;

	if (!n || !lex_is_digit(s[0]) || lex_number(s, n, out, &unit) ||
	    unit != UNIT_NONE)
		return -1;
	return 0;
}

int scn_parse_range(const char *text, uint64_t *lo, uint64_t *hi)
{
	size_t n = strlen(text);
	const char *dash = memchr(text, '-', n);

	if (!dash) {
		if (parse_uint(text, n, lo))
			return -1;
		*hi = *lo;
		return 0;
	}
	if (parse_uint(text, (size_t)(dash - text), lo) ||
	    parse_uint(dash + 1, n - (size_t)(dash - text) - 1, hi) || *lo > *hi)
		return -1;
	return 0;
}

int scn_parse_duration(const char *text, uint64_t *ns)
{
	enum num_unit unit;
	uint64_t v, mult;

	if (!lex_is_digit(text[0]) || lex_number(text, strlen(text), &v, &unit))
		return -1;
	mult = lex_unit_ns(unit);
	if (!mult || v > UINT64_MAX / mult)
		return -1;
	*ns = v * mult;
	return 0;
}
