/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of the scenario front end share and the
 * tools do not see: the arena every script allocates from, the lexer's
 * token stream over one logical line, the expression parser entry, and
 * length-delimited versions of the constant lookups (tokens are not
 * NUL-terminated).
 */
#ifndef PEIOSMM_TOOLS_SCN_INTERNAL_H
#define PEIOSMM_TOOLS_SCN_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scn.h"

#if defined(__GNUC__) || defined(__clang__)
#define SCN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SCN_PRINTF(f, a)
#endif

/* provided by parse.c: a bump allocator freed all at once */

struct scn_arena *arena_create(void);
void arena_destroy(struct scn_arena *a);
/* Zeroed memory aligned for any type, or NULL when out of memory. */
void *arena_alloc(struct scn_arena *a, size_t size);
/* Copy @n bytes and a NUL. */
char *arena_strndup(struct scn_arena *a, const char *s, size_t n);

/* provided by lex.c */

enum tok_kind {
	TOK_EOL,	/* end of line or a '#' comment */
	TOK_IDENT,	/* letter, then letters, digits, '_' */
	TOK_VAR,	/* $name; @text includes the '$' */
	TOK_NUM,	/* integer with optional suffix or unit: @val, @unit */
	TOK_STR,	/* "..." validated; decode with lex_string() */
	TOK_MASK,	/* [0,2-3]: @val */
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COMMA,
	TOK_COLON,
	TOK_DOT,
	TOK_ASSIGN,	/* = */
	TOK_QUESTION,
	TOK_PLUS,
	TOK_MINUS,
	TOK_STAR,
	TOK_PIPE,
	TOK_CMP,	/* == != < <= > >=: @val is an enum scn_cmp */
	TOK_SHIFT,	/* << (only valid as a heredoc, read raw) */
};

/* What follows the digits of a number. */
enum num_unit {
	UNIT_NONE,
	UNIT_KB,	/* "kB" as in /proc/meminfo */
	UNIT_NS,
	UNIT_US,
	UNIT_MS,
	UNIT_S,
};

struct token {
	enum tok_kind kind;
	const char *text;	/* raw text in the line */
	size_t len;		/* 0 for TOK_EOL */
	uint64_t val;		/* TOK_NUM, TOK_MASK, TOK_CMP */
	enum num_unit unit;	/* TOK_NUM */
};

/*
 * A lexer walks one logical line. The parser may also read raw text from
 * @pos (paths, fields, directive words); lex_skip_blank() and @pos are the
 * interface for that. Errors are "FILE:LINE: msg" in @err; only the first
 * is kept.
 */
struct lexer {
	const char *s;		/* the line, not NUL-terminated */
	size_t len;
	size_t pos;		/* next byte to read */
	const char *file;
	unsigned int line;
	const char *last;	/* last token consumed, for "after 'X'" */
	size_t last_len;
	char *err;		/* NULL: errors are not reported */
	size_t errsz;
	bool failed;		/* an error was reported */
	bool oom;		/* ... and it was "out of memory" */
};

#define LEX_DESC_MAX 48	/* room for a lex_describe() result */

void lex_init(struct lexer *lx, const char *s, size_t len, const char *file,
	      unsigned int line, char *err, size_t errsz);
int lex_error(struct lexer *lx, const char *fmt, ...) SCN_PRINTF(2, 3);
int lex_oom(struct lexer *lx);
/* Describe @s[0..n) for a message: "'xyz'" or "end of line". */
const char *lex_describe(const char *s, size_t n, char *buf, size_t size);
int lex_next(struct lexer *lx, struct token *t);
int lex_peek(struct lexer *lx, struct token *t);
void lex_skip_blank(struct lexer *lx);
bool lex_at_eol(const struct lexer *lx);
/* Error "expected end of line, got X" unless the line is done. */
int lex_expect_eol(struct lexer *lx);
/* Decode a TOK_STR into @out (room for t->len bytes); returns its length. */
size_t lex_string(const struct token *t, char *out);
/*
 * Scan a string starting at the '"' at @s[*pos]; on success *pos is past
 * the closing quote. With @out, decoded bytes are appended at @out[*outlen].
 */
int lex_scan_string(struct lexer *lx, const char *s, size_t len, size_t *pos,
		    char *out, size_t *outlen);
/* Parse a number word; returns 0, -1 bad, -2 overflow. */
int lex_number(const char *s, size_t len, uint64_t *val, enum num_unit *unit);
/* Bytes of a valid UTF-8 sequence at @s (no overlongs, surrogates), or 0. */
size_t lex_utf8_len(const unsigned char *s, size_t n);
/* The unit spelled @s[0..n) ("ms"), or UNIT_NONE. */
enum num_unit lex_unit(const char *s, size_t n);
/* Nanoseconds per @unit, 0 if it is not a duration unit. */
uint64_t lex_unit_ns(enum num_unit unit);
/* An optionally negative integer word, as scn_parse_int(). */
int lex_int(const char *s, size_t n, int64_t *out);

static inline bool lex_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool lex_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool lex_is_name(int c)
{
	return lex_is_alpha(c) || lex_is_digit(c) || c == '_';
}

static inline bool lex_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* provided by expr.c */

/*
 * Parse one expression from @lx. With @kb non-NULL a trailing "kB" glued
 * to the last number ("8kB") is accepted and sets *@kb; otherwise it is an
 * error. Stops before the first token that cannot continue the expression.
 */
int expr_parse(struct lexer *lx, struct scn_arena *a, bool *kb,
	       const struct scn_expr **out);

/* provided by consts.c: lookups of names that are not NUL-terminated */

int const_lookup_n(const char *s, size_t n, int64_t *val);
int errno_lookup_n(const char *s, size_t n, int *err);
int signal_lookup_n(const char *s, size_t n, int *sig);
int sicode_lookup_n(int sig, const char *s, size_t n, int *code);

#endif /* PEIOSMM_TOOLS_SCN_INTERNAL_H */
