/* SPDX-License-Identifier: MIT */
/*
 * scn.h - front end of the scenario language (SCENARIO.md), shared by the
 * tools. It owns the syntax only: scn_parse() turns a whole *.scn file into
 * an array of statements (directives, ticks, calls, checks) with source line
 * numbers, scn_expr_eval() evaluates an expression tree through callbacks
 * for $variables and process names, and the scn_*_lookup() functions map
 * the symbolic constants, errno names, signals and si_codes to their Linux
 * x86-64 values. Nothing here knows the simulator; the executor in tools/
 * walks the statements and gives them meaning.
 *
 * All memory of a script belongs to it: every pointer reached from a
 * struct scn_script stays valid until scn_script_free(). Strings are
 * NUL-terminated unless a length is given next to them.
 */
#ifndef PEIOSMM_TOOLS_SCN_H
#define PEIOSMM_TOOLS_SCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits that keep the parser bounded in time and memory on any input. */
#define SCN_MAX_LINE		65536	/* bytes in a line, after continuation */
#define SCN_MAX_DEPTH		64	/* nesting of '(' and unary '-' */
#define SCN_MAX_EXPR_NODES	1024	/* nodes in one expression tree */
#define SCN_MAX_ARGS		16	/* arguments of one call */
#define SCN_MAX_WORDS		64	/* words of one directive or event */
#define SCN_MAX_TID		65535	/* largest thread number in PROC.TID */
#define SCN_MAX_STMTS		(1u << 20)	/* statements in one file */
#define SCN_MAX_BLOCK_LINES	(1u << 20)	/* lines in one <<TAG block */

/*
 * Directive names. Adding a directive is one line here: X(ENUM, name)
 * gives SCN_DIR_ENUM and the keyword "name".
 */
#define SCN_DIRECTIVES(X)			\
	X(MACHINE, machine)			\
	X(NODE, node)				\
	X(DISTANCE, distance)			\
	X(SWAPDEV, swapdev)			\
	X(FILE, file)				\
	X(SYSCTL, sysctl)			\
	X(TOKEN, token)				\
	X(PROCESS, process)			\
	X(IMAGE, image)

enum scn_directive_kind {
#define SCN_DIR_ENUM_(e, n) SCN_DIR_##e,
	SCN_DIRECTIVES(SCN_DIR_ENUM_)
#undef SCN_DIR_ENUM_
	SCN_DIR_NR
};

/* ---------------------------------------------------------------------- */
/* Expressions                                                            */
/* ---------------------------------------------------------------------- */

enum scn_expr_kind {
	SCN_EXPR_INT,		/* integer literal: @val, @text as written */
	SCN_EXPR_CONST,		/* known constant: @text its name, @val */
	SCN_EXPR_NAME,		/* other identifier (process/token name): @text */
	SCN_EXPR_VAR,		/* $variable: @text the name without '$' */
	SCN_EXPR_STR,		/* string literal: @text decoded bytes, @len */
	SCN_EXPR_NODEMASK,	/* node mask [0,2-3]: @val, bit N = node N */
	SCN_EXPR_NEG,		/* -@lhs */
	SCN_EXPR_OR,		/* @lhs | @rhs */
	SCN_EXPR_ADD,		/* @lhs + @rhs */
	SCN_EXPR_SUB,		/* @lhs - @rhs */
	SCN_EXPR_MUL,		/* @lhs * @rhs */
};

struct scn_expr {
	enum scn_expr_kind kind;
	unsigned int line;		/* source line, for messages */
	uint64_t val;			/* INT, CONST, NODEMASK value */
	const char *text;		/* INT/CONST/NAME/VAR/STR, else NULL */
	size_t len;			/* bytes in @text (STR may hold NULs) */
	const struct scn_expr *lhs;	/* operand of NEG, left of binary */
	const struct scn_expr *rhs;	/* right operand of binary */
};

/*
 * struct scn_eval_ctx - how scn_expr_eval() resolves what the parser cannot.
 * Each callback returns 0 and sets *out, or -1 when the name is unknown; a
 * NULL callback knows no names. All fields may be zero.
 */
struct scn_eval_ctx {
	const char *file;	/* file name for messages, NULL: "<input>" */
	void *priv;		/* passed to the callbacks */
	int (*lookup_var)(void *priv, const char *name, int64_t *out);
	int (*lookup_name)(void *priv, const char *name, int64_t *out);
};

/**
 * scn_expr_eval() - Evaluate an expression to a 64-bit integer.
 * @e: the expression.
 * @ctx: callbacks for $variables and names that are not constants; may
 *       be NULL.
 * @out: result; arithmetic wraps modulo 2^64 (two's complement).
 * @err: receives "FILE:LINE: message" on failure; may be NULL.
 * @errsz: size of @err.
 *
 * A string has no integer value and is an error here: the executor passes
 * a top-level SCN_EXPR_STR argument as bytes (@text, @len) instead.
 *
 * Return: 0, or -1 for an unset variable, an unknown name or a string.
 */
int scn_expr_eval(const struct scn_expr *e, const struct scn_eval_ctx *ctx,
		  int64_t *out, char *err, size_t errsz);

/**
 * scn_expr_print() - Write an expression back in scenario syntax.
 * @e: the expression.
 * @buf: destination, always NUL-terminated when @size > 0.
 * @size: size of @buf.
 *
 * Operators are printed without spaces and with only the parentheses the
 * precedence needs ("$buf+4K", "(1+2)*3"); literals keep their spelling.
 *
 * Return: the length of the full text, as snprintf() does.
 */
size_t scn_expr_print(const struct scn_expr *e, char *buf, size_t size);

/* ---------------------------------------------------------------------- */
/* Statements                                                             */
/* ---------------------------------------------------------------------- */

/* A positional word of a directive ("0", "/dev/vdb", "pie"). */
struct scn_word {
	const char *text;	/* the word, quotes removed */
	bool is_int;		/* @text is an integer (scn_parse_int()) */
	int64_t ival;		/* its value when @is_int */
};

/* A key=value word of a directive or an event check. */
struct scn_opt {
	const char *key;	/* text before the first '=' */
	const char *value;	/* raw text after it, quotes removed; may be "" */
	bool is_int;		/* @value is an integer (scn_parse_int()) */
	int64_t ival;		/* its value when @is_int */
	const char *const *items;	/* @value split at every ',' */
	size_t nr_items;	/* 0 when @value is "" */
	const struct scn_expr *expr;	/* events only: @value as an
					 * expression, NULL if it is not one */
};

struct scn_directive {
	enum scn_directive_kind kind;
	const char *name;		/* keyword, "machine" ... */
	const struct scn_word *words;	/* positional words, in order */
	size_t nr_words;
	const struct scn_opt *opts;	/* key=value words, in order */
	size_t nr_opts;			/* keys are unique */
};

enum scn_expect_kind {
	SCN_EXPECT_ANY,		/* "= ?" or no "= EXPECT" at all */
	SCN_EXPECT_VALUE,	/* "= EXPR": exactly @value */
	SCN_EXPECT_BIND,	/* "= $var": success, bind result to @name */
	SCN_EXPECT_ERRNO,	/* "= -1 ERRNO (text)": fail with @err */
	SCN_EXPECT_SIGNAL,	/* "= SIGSEGV [SEGV_ACCERR]": a touch faults */
	SCN_EXPECT_KILLED,	/* "= KILLED": the caller was killed */
	SCN_EXPECT_NAME,	/* "= B": an identifier that is no constant;
				 * a new process name after fork() */
};

struct scn_expect {
	enum scn_expect_kind kind;
	const struct scn_expr *value;	/* VALUE */
	const char *name;	/* BIND: variable without '$'; NAME: the name */
	int err;		/* ERRNO: positive errno number */
	const char *err_text;	/* ERRNO: text in parentheses, or NULL */
	int sig;		/* SIGNAL: signal number */
	bool has_si_code;	/* SIGNAL: an si_code was given */
	int si_code;		/* SIGNAL: its value */
};

struct scn_call {
	const char *proc;	/* process name before ':' */
	unsigned int tid;	/* thread number, 1 (main thread) by default */
	bool tid_given;		/* written as PROC.TID */
	const char *name;	/* call name, "mmap" */
	const struct scn_expr *const *args;	/* arguments, in order */
	size_t nr_args;		/* 0 .. SCN_MAX_ARGS */
	struct scn_expect expect;
};

enum scn_cmp {
	SCN_CMP_EQ,		/* == */
	SCN_CMP_NE,		/* != */
	SCN_CMP_LT,		/* < */
	SCN_CMP_LE,		/* <= */
	SCN_CMP_GT,		/* > */
	SCN_CMP_GE,		/* >= */
};

/* One piece of a block line: literal text, or a ${EXPR} substitution. */
struct scn_seg {
	const char *text;		/* literal text when @expr is NULL;
					 * not NUL-terminated */
	size_t len;			/* bytes in @text */
	const struct scn_expr *expr;	/* ${EXPR}: print as %08llx */
};

/* One line of an "expect PATH <<TAG" block. */
struct scn_block_line {
	unsigned int line;		/* source line of this block line */
	const char *text;		/* raw text, without line end */
	bool ellipsis;			/* the line is "..." (blanks ignored) */
	const struct scn_seg *segs;	/* @text cut at each ${EXPR} */
	size_t nr_segs;			/* 0 for an empty line */
};

enum scn_check_kind {
	SCN_CHECK_BLOCK,	/* expect [as C] PATH <<TAG ... TAG */
	SCN_CHECK_FIELD,	/* expect [as C] PATH FIELD OP VALUE */
	SCN_CHECK_VALUE,	/* expect [as C] PATH OP VALUE */
	SCN_CHECK_EVENT,	/* expect event NAME [key=value ...] */
	SCN_CHECK_KILLED,	/* expect killed NAME */
};

struct scn_check {
	enum scn_check_kind kind;
	const char *as_proc;	/* BLOCK/FIELD/VALUE: "as C", or NULL */
	unsigned int as_tid;	/* thread of @as_proc, 1 by default */
	const char *path;	/* BLOCK/FIELD/VALUE: raw path, names unresolved */
	const char *field;	/* FIELD: raw field name ("Active(anon)") */
	enum scn_cmp op;	/* FIELD/VALUE */
	const struct scn_expr *value;	/* FIELD/VALUE */
	bool value_kb;		/* FIELD/VALUE: "kB" followed: units of 1024 */
	const char *tag;	/* BLOCK: the heredoc tag */
	const struct scn_block_line *lines;	/* BLOCK: body lines */
	size_t nr_lines;
	const char *name;	/* EVENT: event name; KILLED: process name */
	const struct scn_opt *opts;	/* EVENT: key=value fields */
	size_t nr_opts;
};

enum scn_stmt_kind {
	SCN_STMT_DIRECTIVE,
	SCN_STMT_TICK,
	SCN_STMT_CALL,
	SCN_STMT_CHECK,
};

struct scn_stmt {
	enum scn_stmt_kind kind;
	unsigned int line;	/* first source line of the statement */
	union {
		struct scn_directive directive;	/* DIRECTIVE */
		uint64_t tick_ns;		/* TICK: duration in ns */
		struct scn_call call;		/* CALL */
		struct scn_check check;		/* CHECK */
	};
};

struct scn_script {
	const char *file;		/* name given to scn_parse() */
	const struct scn_stmt *stmts;	/* statements in source order */
	size_t nr_stmts;
	struct scn_arena *arena;	/* private: owns all the memory */
};

/**
 * scn_parse() - Parse a whole scenario file.
 * @filename: name used in messages ("t.scn"); NULL means "<input>".
 * @text: the file contents, need not be NUL-terminated; NULL if @len is 0.
 * @len: bytes in @text.
 * @out: receives the script on success, NULL on failure.
 * @err: receives "FILE:LINE: what was expected there" on failure; may be
 *       NULL.
 * @errsz: size of @err.
 *
 * A UTF-8 byte order mark at the start is skipped.
 *
 * Context: never aborts; time and memory are linear in @len.
 * Return: 0, or -1 for a malformed file or "out of memory".
 */
int scn_parse(const char *filename, const char *text, size_t len,
	      struct scn_script **out, char *err, size_t errsz);

/**
 * scn_script_free() - Free a script and everything it points to.
 * @s: the script; NULL is a no-op.
 */
void scn_script_free(struct scn_script *s);

/**
 * scn_directive_name() - Keyword of a directive kind.
 * @kind: the kind.
 *
 * Return: "machine" ..., or NULL for an out-of-range @kind.
 */
const char *scn_directive_name(enum scn_directive_kind kind);

/**
 * scn_opt_find() - Find an option by key.
 * @opts: the options of a directive or event.
 * @nr: how many.
 * @key: the key.
 *
 * Return: the option, or NULL if @key is absent.
 */
const struct scn_opt *scn_opt_find(const struct scn_opt *opts, size_t nr,
				   const char *key);

/**
 * scn_cmp_name() - Spelling of a comparison.
 * @op: the comparison.
 *
 * Return: "==", "!=", "<", "<=", ">" or ">=", or "?" if out of range.
 */
const char *scn_cmp_name(enum scn_cmp op);

/**
 * scn_cmp_holds() - Apply a comparison to two signed values.
 * @op: the comparison.
 * @lhs: the value read (left side).
 * @rhs: the expected value (right side).
 *
 * Return: true if "@lhs @op @rhs" holds.
 */
bool scn_cmp_holds(enum scn_cmp op, int64_t lhs, int64_t rhs);

/* ---------------------------------------------------------------------- */
/* Word helpers for directive values                                      */
/* ---------------------------------------------------------------------- */

/**
 * scn_parse_int() - Parse a whole word as an integer.
 * @text: "-1000", "64K", "0x1000", "0o17", "2G".
 * @out: the value; values of 2^63 and above wrap to negative.
 *
 * Return: 0, or -1 if @text is not an integer or overflows 64 bits.
 */
int scn_parse_int(const char *text, int64_t *out);

/**
 * scn_parse_range() - Parse "N" or "N-M" (N <= M), e.g. cpus=0-3.
 * @text: the word.
 * @lo: first number.
 * @hi: last number (= @lo for "N").
 *
 * Return: 0, or -1 if @text is not such a range.
 */
int scn_parse_range(const char *text, uint64_t *lo, uint64_t *hi);

/**
 * scn_parse_duration() - Parse a duration such as "500ms", "2s", "10us".
 * @text: the word; units ns, us, ms, s.
 * @ns: the duration in nanoseconds.
 *
 * Return: 0, or -1 if @text is not a duration or overflows 64 bits.
 */
int scn_parse_duration(const char *text, uint64_t *ns);

/* ---------------------------------------------------------------------- */
/* Constant tables                                                        */
/* ---------------------------------------------------------------------- */

/**
 * scn_const_lookup() - Value of a symbolic constant (PROT_READ, SIGKILL,
 * SeLockMemoryPrivilege, PAGE_SIZE, NULL, ...).
 * @name: the name, case-sensitive.
 * @val: its Linux x86-64 (or Peios) value.
 *
 * Return: 0, or -1 if @name is not a constant.
 */
int scn_const_lookup(const char *name, int64_t *val);

/**
 * scn_const_at() - Walk the constant table (signals excluded) in order.
 * @i: index from 0.
 * @name: receives the name.
 * @val: receives the value.
 *
 * Return: 0, or -1 when @i is past the end.
 */
int scn_const_at(size_t i, const char **name, int64_t *val);

/**
 * scn_errno_lookup() - Number of an errno name (ENOMEM, ENOTSUP, ...).
 * @name: the name.
 * @err: the positive errno number.
 *
 * Return: 0, or -1 if @name is not an errno name.
 */
int scn_errno_lookup(const char *name, int *err);

/**
 * scn_errno_name() - Canonical name of an errno number (EAGAIN, not
 * EWOULDBLOCK; EOPNOTSUPP, not ENOTSUP).
 * @err: positive errno number.
 *
 * Return: the name, or NULL if @err is unknown.
 */
const char *scn_errno_name(int err);

/**
 * scn_errno_text() - strerror()-like text of an errno number.
 * @err: positive errno number.
 *
 * Return: "Cannot allocate memory" ..., or NULL if @err is unknown.
 */
const char *scn_errno_text(int err);

/**
 * scn_errno_at() - Walk the errno table (aliases included) by name.
 * @i: index from 0.
 * @name: receives the name.
 * @err: receives the number.
 *
 * Return: 0, or -1 when @i is past the end.
 */
int scn_errno_at(size_t i, const char **name, int *err);

/**
 * scn_signal_lookup() - Number of a signal name (SIGSEGV, SIGIOT, ...).
 * @name: the name.
 * @sig: the signal number.
 *
 * Return: 0, or -1 if @name is not a signal.
 */
int scn_signal_lookup(const char *name, int *sig);

/**
 * scn_signal_name() - Canonical name of a signal number.
 * @sig: the number.
 *
 * Return: "SIGSEGV" ..., or NULL if @sig is unknown.
 */
const char *scn_signal_name(int sig);

/**
 * scn_sicode_lookup() - Value of an si_code name valid for a signal:
 * the signal's own codes (SEGV_ACCERR for SIGSEGV) or a generic SI_* one.
 * @sig: the signal number.
 * @name: the si_code name.
 * @code: its value.
 *
 * Return: 0, or -1 if @name is no si_code of @sig.
 */
int scn_sicode_lookup(int sig, const char *name, int *code);

/**
 * scn_sicode_name() - Name of an si_code value of a signal.
 * @sig: the signal number.
 * @code: the si_code.
 *
 * Return: "SEGV_ACCERR" ..., or NULL if unknown for @sig.
 */
const char *scn_sicode_name(int sig, int code);

#endif /* PEIOSMM_TOOLS_SCN_H */
