// SPDX-License-Identifier: MIT
/*
 * test_scn_parse.c - unit tests of the scenario front end (tools/scn): every
 * example of SCENARIO.md parses into the expected statements, each kind of
 * malformed input gets its exact "FILE:LINE: ..." message, expressions
 * evaluate and print back as written, and the constant tables are sorted,
 * unique and hold the Linux x86-64 values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

#define BUF_ADDR INT64_C(0x7f0000000000)

/* $buf is BUF_ADDR, $k is 3; processes A and B have pids 100 and 101. */
static int lookup_var(void *priv, const char *name, int64_t *out)
{
	(void)priv;
	if (!strcmp(name, "buf"))
		*out = BUF_ADDR;
	else if (!strcmp(name, "k"))
		*out = 3;
	else
		return -1;
	return 0;
}

static int lookup_name(void *priv, const char *name, int64_t *out)
{
	(void)priv;
	if (!strcmp(name, "A"))
		*out = 100;
	else if (!strcmp(name, "B"))
		*out = 101;
	else
		return -1;
	return 0;
}

static const struct scn_eval_ctx ctx = {
	.file = "t.scn",
	.lookup_var = lookup_var,
	.lookup_name = lookup_name,
};

static struct scn_script *parse_ok(const char *text)
{
	struct scn_script *s;
	char err[256];

	if (scn_parse("t.scn", text, strlen(text), &s, err, sizeof(err))) {
		print_error("unexpected parse error: %s\n", err);
		fail();
	}
	return s;
}

static void parse_fails_n(const char *text, size_t len, const char *msg)
{
	struct scn_script *s = (struct scn_script *)1;
	char err[256];

	assert_int_equal(scn_parse("t.scn", text, len, &s, err, sizeof(err)),
			 -1);
	assert_null(s);
	assert_string_equal(err, msg);
}

static void parse_fails(const char *text, const char *msg)
{
	parse_fails_n(text, strlen(text), msg);
}

/* The only statement of @text, which must be a call. */
static struct scn_script *one_call(const char *text,
				   const struct scn_call **call)
{
	struct scn_script *s = parse_ok(text);

	assert_int_equal(s->nr_stmts, 1);
	assert_int_equal(s->stmts[0].kind, SCN_STMT_CALL);
	*call = &s->stmts[0].call;
	return s;
}

static int64_t eval(const struct scn_expr *e)
{
	char err[256];
	int64_t v;

	if (scn_expr_eval(e, &ctx, &v, err, sizeof(err))) {
		print_error("unexpected eval error: %s\n", err);
		fail();
	}
	return v;
}

static const char *print(const struct scn_expr *e)
{
	static char buf[256];

	scn_expr_print(e, buf, sizeof(buf));
	return buf;
}

/* Evaluate the single argument of "A: f(@expr)". */
static int64_t eval_text(const char *expr)
{
	const struct scn_call *c;
	struct scn_script *s;
	char line[256];
	int64_t v;

	snprintf(line, sizeof(line), "A: f(%s)\n", expr);
	s = one_call(line, &c);
	assert_int_equal(c->nr_args, 1);
	v = eval(c->args[0]);
	scn_script_free(s);
	return v;
}

/* ---------------------------------------------------------------------- */

static void test_scn_parse_directives(void **state)
{
	static const char text[] =
		"machine ram=8G nodes=2 page=4K cpus=8 seed=42 profile=peios-kacs\n"
		"node 0 ram=4G cpus=0-3          # optional per-node sizes\n"
		"distance 0 1 21                 # NUMA distance\n"
		"swapdev /dev/vdb size=2G prio=-1 kind=partition latency=100us\n"
		"file /data/a.bin size=10M content=seed:7\n"
		"sysctl vm.overcommit_memory=2\n"
		"token admin user=alice groups=Administrators,Users integrity=high \\\n"
		"      privileges=SeLockMemoryPrivilege,SeDebugPrivilege "
		"disabled=SeDebugPrivilege\n"
		"process A token=admin pip=Protected/1024 rlimit.memlock=64K "
		"oom_score_adj=0 exec=prog\n"
		"process B fork=A                # B is created as a fork of A\n"
		"image prog text=64K data=16K bss=8K pie\n";
	struct scn_script *s = parse_ok(text);
	const struct scn_directive *d;
	const struct scn_opt *o;
	uint64_t lo, hi;

	(void)state;
	assert_int_equal(s->nr_stmts, 10);

	d = &s->stmts[0].directive;
	assert_int_equal(s->stmts[0].kind, SCN_STMT_DIRECTIVE);
	assert_int_equal(d->kind, SCN_DIR_MACHINE);
	assert_string_equal(d->name, "machine");
	assert_int_equal(d->nr_words, 0);
	assert_int_equal(d->nr_opts, 6);
	o = scn_opt_find(d->opts, d->nr_opts, "ram");
	assert_non_null(o);
	assert_true(o->is_int);
	assert_int_equal(o->ival, INT64_C(8) << 30);
	o = scn_opt_find(d->opts, d->nr_opts, "profile");
	assert_string_equal(o->value, "peios-kacs");
	assert_false(o->is_int);
	assert_null(scn_opt_find(d->opts, d->nr_opts, "swap"));

	d = &s->stmts[1].directive;
	assert_int_equal(d->kind, SCN_DIR_NODE);
	assert_int_equal(d->nr_words, 1);
	assert_true(d->words[0].is_int);
	assert_int_equal(d->words[0].ival, 0);
	o = scn_opt_find(d->opts, d->nr_opts, "cpus");
	assert_string_equal(o->value, "0-3");
	assert_false(o->is_int);
	assert_int_equal(scn_parse_range(o->value, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 3);

	d = &s->stmts[2].directive;
	assert_int_equal(d->kind, SCN_DIR_DISTANCE);
	assert_int_equal(d->nr_words, 3);
	assert_int_equal(d->words[2].ival, 21);

	d = &s->stmts[3].directive;
	assert_int_equal(d->kind, SCN_DIR_SWAPDEV);
	assert_string_equal(d->words[0].text, "/dev/vdb");
	assert_false(d->words[0].is_int);
	assert_int_equal(scn_opt_find(d->opts, d->nr_opts, "prio")->ival, -1);
	assert_string_equal(scn_opt_find(d->opts, d->nr_opts, "latency")->value,
			    "100us");

	d = &s->stmts[4].directive;
	assert_int_equal(d->kind, SCN_DIR_FILE);
	assert_string_equal(d->words[0].text, "/data/a.bin");
	assert_string_equal(d->opts[1].key, "content");
	assert_string_equal(d->opts[1].value, "seed:7");

	d = &s->stmts[5].directive;
	assert_int_equal(d->kind, SCN_DIR_SYSCTL);
	assert_int_equal(d->nr_words, 0);
	assert_string_equal(d->opts[0].key, "vm.overcommit_memory");
	assert_int_equal(d->opts[0].ival, 2);

	/* continued over two lines: one statement at its first line */
	assert_int_equal(s->stmts[6].line, 7);
	d = &s->stmts[6].directive;
	assert_int_equal(d->kind, SCN_DIR_TOKEN);
	assert_string_equal(d->words[0].text, "admin");
	o = scn_opt_find(d->opts, d->nr_opts, "privileges");
	assert_int_equal(o->nr_items, 2);
	assert_string_equal(o->items[0], "SeLockMemoryPrivilege");
	assert_string_equal(o->items[1], "SeDebugPrivilege");
	assert_int_equal(scn_opt_find(d->opts, d->nr_opts, "groups")->nr_items,
			 2);

	assert_int_equal(s->stmts[7].line, 9);
	d = &s->stmts[7].directive;
	assert_int_equal(d->kind, SCN_DIR_PROCESS);
	assert_string_equal(scn_opt_find(d->opts, d->nr_opts, "pip")->value,
			    "Protected/1024");
	o = scn_opt_find(d->opts, d->nr_opts, "rlimit.memlock");
	assert_int_equal(o->ival, 65536);

	d = &s->stmts[8].directive;
	assert_string_equal(d->words[0].text, "B");
	assert_string_equal(d->opts[0].key, "fork");
	assert_string_equal(d->opts[0].value, "A");

	d = &s->stmts[9].directive;
	assert_int_equal(d->kind, SCN_DIR_IMAGE);
	assert_int_equal(d->nr_words, 2);
	assert_string_equal(d->words[0].text, "prog");
	assert_string_equal(d->words[1].text, "pie");
	assert_int_equal(d->nr_opts, 3);
	scn_script_free(s);
}

static void test_scn_parse_directive_words(void **state)
{
	struct scn_script *s = parse_ok(
		"token t groups= privileges=ALL \"a b\"=c user=\"x y#z\"\n"
		"process A rlimit.as=unlimited oom_score_adj=-1000\n");
	const struct scn_directive *d = &s->stmts[0].directive;
	const struct scn_opt *o;

	(void)state;
	o = scn_opt_find(d->opts, d->nr_opts, "groups");
	assert_string_equal(o->value, "");
	assert_int_equal(o->nr_items, 0);
	/* a quoted part before '=' makes a positional word */
	assert_int_equal(d->nr_words, 2);
	assert_string_equal(d->words[1].text, "a b=c");
	assert_string_equal(scn_opt_find(d->opts, d->nr_opts, "user")->value,
			    "x y#z");
	d = &s->stmts[1].directive;
	assert_false(scn_opt_find(d->opts, d->nr_opts, "rlimit.as")->is_int);
	assert_int_equal(scn_opt_find(d->opts, d->nr_opts,
				      "oom_score_adj")->ival, -1000);
	scn_script_free(s);
}

static void test_scn_parse_directive_names(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < SCN_DIR_NR; k++)
		assert_non_null(scn_directive_name((enum scn_directive_kind)k));
	assert_string_equal(scn_directive_name(SCN_DIR_IMAGE), "image");
	assert_null(scn_directive_name(SCN_DIR_NR));
}

static void test_scn_parse_call_examples(void **state)
{
	struct scn_script *s = parse_ok(
		"A: mmap(NULL, 1M, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $buf\n"
		"A: mprotect($buf+4K, 4K, PROT_READ) = 0\n"
		"A: mlock($buf, 8K) = -1 EPERM (Operation not permitted)\n"
		"A.2: pkey_alloc(0, PKEY_DISABLE_WRITE) = $k      # thread 2 of process A\n"
		"A.2: impersonate(admin) = 0\n"
		"A.2: revert() = 0\n"
		"A: fork() = B\n"
		"B: exit(0)\n"
		"A: kill(B, SIGKILL)\n"
		"C: read_proc(\"/proc/A/maps\") = -1 EACCES\n"
		"A: write_proc(\"/proc/sys/vm/overcommit_memory\", \"2\") = 1\n"
		"A: check($buf, 4K, 0xAB) = 0\n");
	const struct scn_call *c;

	(void)state;
	assert_int_equal(s->nr_stmts, 12);

	c = &s->stmts[0].call;
	assert_string_equal(c->proc, "A");
	assert_int_equal(c->tid, 1);
	assert_false(c->tid_given);
	assert_string_equal(c->name, "mmap");
	assert_int_equal(c->nr_args, 6);
	assert_int_equal(c->args[0]->kind, SCN_EXPR_CONST);
	assert_int_equal(eval(c->args[0]), 0);
	assert_int_equal(eval(c->args[1]), 1 << 20);
	assert_int_equal(eval(c->args[2]), 3);
	assert_int_equal(eval(c->args[3]), 0x22);
	assert_int_equal(eval(c->args[4]), -1);
	assert_int_equal(c->expect.kind, SCN_EXPECT_BIND);
	assert_string_equal(c->expect.name, "buf");

	c = &s->stmts[1].call;
	assert_int_equal(eval(c->args[0]), BUF_ADDR + 4096);
	assert_int_equal(c->expect.kind, SCN_EXPECT_VALUE);
	assert_int_equal(eval(c->expect.value), 0);

	c = &s->stmts[2].call;
	assert_int_equal(c->expect.kind, SCN_EXPECT_ERRNO);
	assert_int_equal(c->expect.err, 1);
	assert_string_equal(c->expect.err_text, "Operation not permitted");

	c = &s->stmts[3].call;
	assert_int_equal(c->tid, 2);
	assert_true(c->tid_given);
	assert_int_equal(c->expect.kind, SCN_EXPECT_BIND);
	assert_string_equal(c->expect.name, "k");

	c = &s->stmts[4].call;
	assert_int_equal(c->args[0]->kind, SCN_EXPR_NAME);
	assert_string_equal(c->args[0]->text, "admin");

	c = &s->stmts[5].call;
	assert_int_equal(c->nr_args, 0);

	c = &s->stmts[6].call;
	assert_int_equal(c->expect.kind, SCN_EXPECT_NAME);
	assert_string_equal(c->expect.name, "B");

	c = &s->stmts[7].call;
	assert_int_equal(c->expect.kind, SCN_EXPECT_ANY);

	c = &s->stmts[8].call;
	assert_int_equal(eval(c->args[0]), 101);
	assert_int_equal(eval(c->args[1]), 9);
	assert_int_equal(c->expect.kind, SCN_EXPECT_ANY);

	c = &s->stmts[9].call;
	assert_int_equal(c->args[0]->kind, SCN_EXPR_STR);
	assert_string_equal(c->args[0]->text, "/proc/A/maps");
	assert_int_equal(c->args[0]->len, 12);
	assert_int_equal(c->expect.kind, SCN_EXPECT_ERRNO);
	assert_int_equal(c->expect.err, 13);
	assert_null(c->expect.err_text);

	c = &s->stmts[11].call;
	assert_int_equal(eval(c->args[2]), 0xab);
	scn_script_free(s);
}

static void test_scn_parse_touch_examples(void **state)
{
	struct scn_script *s = parse_ok(
		"A: load($buf, 4K) = 0\n"
		"A: store($buf+100, 1, 0xAB) = 0           # byte value stored\n"
		"A: exec($code) = SIGSEGV SEGV_ACCERR\n"
		"A: store($ro, 8, 1) = SIGSEGV SEGV_ACCERR\n"
		"A: load($gone, 1) = SIGSEGV SEGV_MAPERR\n"
		"A: load($hole, 1) = SIGBUS BUS_ADRERR\n"
		"A: store($p, 1, 0) = SIGSEGV SEGV_PKUERR\n"
		"A: load($p, 1) = SIGSEGV\n"
		"A: load($p, 1) = KILLED\n");
	const struct scn_expect *ex;

	(void)state;
	assert_int_equal(s->nr_stmts, 9);
	ex = &s->stmts[2].call.expect;
	assert_int_equal(ex->kind, SCN_EXPECT_SIGNAL);
	assert_int_equal(ex->sig, 11);
	assert_true(ex->has_si_code);
	assert_int_equal(ex->si_code, 2);
	assert_int_equal(s->stmts[4].call.expect.si_code, 1);
	ex = &s->stmts[5].call.expect;
	assert_int_equal(ex->sig, 7);
	assert_int_equal(ex->si_code, 2);
	assert_int_equal(s->stmts[6].call.expect.si_code, 4);
	ex = &s->stmts[7].call.expect;
	assert_int_equal(ex->kind, SCN_EXPECT_SIGNAL);
	assert_false(ex->has_si_code);
	assert_int_equal(s->stmts[8].call.expect.kind, SCN_EXPECT_KILLED);
	scn_script_free(s);
}

static void test_scn_parse_expect_forms(void **state)
{
	static const struct {
		const char *text;
		enum scn_expect_kind kind;
	} cases[] = {
		{ "A: f() = ?\n", SCN_EXPECT_ANY },
		{ "A: f()\n", SCN_EXPECT_ANY },
		{ "A: f() = $v\n", SCN_EXPECT_BIND },
		{ "A: f() = $v + 0\n", SCN_EXPECT_VALUE },
		{ "A: f() = ($v)\n", SCN_EXPECT_VALUE },
		{ "A: f() = -1\n", SCN_EXPECT_VALUE },
		{ "A: f() = -1 ENOMEM\n", SCN_EXPECT_ERRNO },
		{ "A: f() = -1 ENOTSUP (Operation not supported)\n",
		  SCN_EXPECT_ERRNO },
		{ "A: f() = -2\n", SCN_EXPECT_VALUE },
		{ "A: f() = worker2\n", SCN_EXPECT_NAME },
		{ "A: f() = PROT_READ\n", SCN_EXPECT_VALUE },
		{ "A: f() = NULL\n", SCN_EXPECT_VALUE },
		{ "A: f() = B + 1\n", SCN_EXPECT_VALUE },
		{ "A: f() = SIGBUS BUS_MCEERR_AR\n", SCN_EXPECT_SIGNAL },
		{ "A: f() = SIGSEGV|0\n", SCN_EXPECT_VALUE },
		{ "A: f() = KILLED\n", SCN_EXPECT_KILLED },
	};
	const struct scn_call *c;
	struct scn_script *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = one_call(cases[i].text, &c);
		if (c->expect.kind != cases[i].kind) {
			print_error("%s: kind %d\n", cases[i].text,
				    (int)c->expect.kind);
			fail();
		}
		scn_script_free(s);
	}
	s = one_call("A: f() = -1 ENOTSUP (Operation not supported)\n", &c);
	assert_int_equal(c->expect.err, 95);
	assert_string_equal(scn_errno_name(c->expect.err), "EOPNOTSUPP");
	scn_script_free(s);
	s = one_call("A: f() = NULL\n", &c);
	assert_int_equal(eval(c->expect.value), 0);
	scn_script_free(s);
}

static void test_scn_parse_tick(void **state)
{
	struct scn_script *s = parse_ok(
		"tick 500ms          # daemons run as due\n"
		"tick 2s\n"
		"tick 10 us\n"
		"tick 7ns\n"
		"tick 0x10ms\n");

	(void)state;
	assert_int_equal(s->nr_stmts, 5);
	assert_int_equal(s->stmts[0].kind, SCN_STMT_TICK);
	assert_int_equal(s->stmts[0].tick_ns, 500000000);
	assert_int_equal(s->stmts[1].tick_ns, 2000000000);
	assert_int_equal(s->stmts[2].tick_ns, 10000);
	assert_int_equal(s->stmts[3].tick_ns, 7);
	assert_int_equal(s->stmts[4].tick_ns, 16000000);
	scn_script_free(s);
}

static void test_scn_parse_check_examples(void **state)
{
	struct scn_script *s = parse_ok(
		"expect /proc/meminfo MemFree >= 3G\n"
		"expect /proc/A/status VmLck == 8 kB\n"
		"expect /proc/vmstat pswpout > 0\n"
		"expect /sys/kernel/mm/ksm/pages_sharing == 100\n"
		"expect event oom_kill victim=B\n"
		"expect killed B\n"
		"expect as C /proc/A/oom_score != 0\n"
		"expect /proc/meminfo Active(anon) < 1M\n"
		"expect /proc/A/status VmRSS <= 8kB\n"
		"expect as C.2 /proc/self/status VmLck==0\n");
	const struct scn_check *ck;

	(void)state;
	assert_int_equal(s->nr_stmts, 10);
	assert_int_equal(s->stmts[0].kind, SCN_STMT_CHECK);
	ck = &s->stmts[0].check;
	assert_int_equal(ck->kind, SCN_CHECK_FIELD);
	assert_null(ck->as_proc);
	assert_string_equal(ck->path, "/proc/meminfo");
	assert_string_equal(ck->field, "MemFree");
	assert_int_equal(ck->op, SCN_CMP_GE);
	assert_int_equal(eval(ck->value), INT64_C(3) << 30);
	assert_false(ck->value_kb);

	ck = &s->stmts[1].check;
	assert_string_equal(ck->path, "/proc/A/status");
	assert_int_equal(ck->op, SCN_CMP_EQ);
	assert_int_equal(eval(ck->value), 8);
	assert_true(ck->value_kb);

	assert_int_equal(s->stmts[2].check.op, SCN_CMP_GT);

	ck = &s->stmts[3].check;
	assert_int_equal(ck->kind, SCN_CHECK_VALUE);
	assert_null(ck->field);
	assert_int_equal(eval(ck->value), 100);

	ck = &s->stmts[4].check;
	assert_int_equal(ck->kind, SCN_CHECK_EVENT);
	assert_string_equal(ck->name, "oom_kill");
	assert_int_equal(ck->nr_opts, 1);
	assert_string_equal(ck->opts[0].key, "victim");
	assert_string_equal(ck->opts[0].value, "B");
	assert_non_null(ck->opts[0].expr);
	assert_int_equal(eval(ck->opts[0].expr), 101);

	ck = &s->stmts[5].check;
	assert_int_equal(ck->kind, SCN_CHECK_KILLED);
	assert_string_equal(ck->name, "B");

	ck = &s->stmts[6].check;
	assert_string_equal(ck->as_proc, "C");
	assert_int_equal(ck->as_tid, 1);
	assert_int_equal(ck->op, SCN_CMP_NE);

	ck = &s->stmts[7].check;
	assert_string_equal(ck->field, "Active(anon)");
	assert_int_equal(ck->op, SCN_CMP_LT);

	ck = &s->stmts[8].check;
	assert_int_equal(ck->op, SCN_CMP_LE);
	assert_true(ck->value_kb);
	assert_int_equal(eval(ck->value), 8);

	ck = &s->stmts[9].check;
	assert_string_equal(ck->as_proc, "C");
	assert_int_equal(ck->as_tid, 2);
	assert_string_equal(ck->path, "/proc/self/status");
	assert_string_equal(ck->field, "VmLck");
	scn_script_free(s);
}

static void test_scn_parse_event_fields(void **state)
{
	struct scn_script *s = parse_ok(
		"expect event oom_kill victim=B pid=$k order=9 comm=\"a b\" "
		"reason=cgroup-limit\n"
		"expect event ksm_merge\n");
	const struct scn_check *ck = &s->stmts[0].check;

	(void)state;
	assert_int_equal(ck->nr_opts, 5);
	assert_int_equal(eval(ck->opts[1].expr), 3);
	assert_int_equal(eval(ck->opts[2].expr), 9);
	assert_string_equal(ck->opts[3].value, "a b");
	assert_null(ck->opts[3].expr);
	/* "cgroup-limit" is an expression (cgroup minus limit); kept raw too */
	assert_string_equal(ck->opts[4].value, "cgroup-limit");
	assert_int_equal(s->stmts[1].check.nr_opts, 0);
	scn_script_free(s);
}

static void test_scn_parse_heredoc_segments(void **state)
{
	struct scn_script *s = parse_ok(
		"machine ram=1G\n"
		"expect /proc/A/maps <<EOF\n"
		"7f0000000000-7f0000100000 rw-p 00000000 00:00 0\n"
		"${$buf}-${$buf+4K} rw-p 00000000 00:00 0\n"
		"...\n"
		"\n"
		"cost $5 ${PAGE_SIZE*2}\n"
		"  EOF  \n"
		"expect as B /proc/B/maps <<END\n"
		"END\n"
		"tick 1s\n");
	const struct scn_block_line *l;
	const struct scn_check *ck;

	(void)state;
	assert_int_equal(s->nr_stmts, 4);
	ck = &s->stmts[1].check;
	assert_int_equal(s->stmts[1].line, 2);
	assert_int_equal(ck->kind, SCN_CHECK_BLOCK);
	assert_string_equal(ck->path, "/proc/A/maps");
	assert_string_equal(ck->tag, "EOF");
	assert_int_equal(ck->nr_lines, 5);

	l = &ck->lines[0];
	assert_int_equal(l->line, 3);
	assert_false(l->ellipsis);
	assert_int_equal(l->nr_segs, 1);
	assert_null(l->segs[0].expr);
	assert_int_equal(l->segs[0].len, strlen(l->text));

	l = &ck->lines[1];
	assert_int_equal(l->line, 4);
	assert_string_equal(l->text, "${$buf}-${$buf+4K} rw-p 00000000 00:00 0");
	assert_int_equal(l->nr_segs, 4);
	assert_int_equal(eval(l->segs[0].expr), BUF_ADDR);
	assert_int_equal(l->segs[1].len, 1);
	assert_memory_equal(l->segs[1].text, "-", 1);
	assert_int_equal(eval(l->segs[2].expr), BUF_ADDR + 4096);
	assert_string_equal(print(l->segs[2].expr), "$buf+4K");
	assert_int_equal(l->segs[3].len, strlen(" rw-p 00000000 00:00 0"));

	assert_true(ck->lines[2].ellipsis);
	assert_int_equal(ck->lines[3].nr_segs, 0);

	l = &ck->lines[4];
	assert_int_equal(l->nr_segs, 2);
	assert_int_equal(l->segs[0].len, strlen("cost $5 "));
	assert_int_equal(eval(l->segs[1].expr), 8192);

	ck = &s->stmts[2].check;
	assert_string_equal(ck->as_proc, "B");
	assert_int_equal(ck->nr_lines, 0);
	assert_int_equal(s->stmts[3].line, 11);
	scn_script_free(s);
}

static void test_scn_parse_strings_and_masks(void **state)
{
	const struct scn_call *c;
	struct scn_script *s = one_call(
		"A: f(\"a\\n\\t\\\\\\\"\\x41\\101\\0z\", [0,2-3], [], [ 63 ], "
		"[1-1, 5])\n", &c);

	(void)state;
	assert_int_equal(c->args[0]->kind, SCN_EXPR_STR);
	assert_int_equal(c->args[0]->len, 9);
	assert_memory_equal(c->args[0]->text, "a\n\t\\\"AA\0z", 9);
	assert_string_equal(print(c->args[0]), "\"a\\n\\t\\\\\\\"AA\\x00z\"");
	assert_int_equal(c->args[1]->kind, SCN_EXPR_NODEMASK);
	assert_int_equal(eval(c->args[1]), 0xd);
	assert_string_equal(print(c->args[1]), "[0,2-3]");
	assert_int_equal(eval(c->args[2]), 0);
	assert_string_equal(print(c->args[2]), "[]");
	assert_int_equal((uint64_t)eval(c->args[3]), UINT64_C(1) << 63);
	assert_int_equal(eval(c->args[4]), 0x22);
	assert_string_equal(print(c->args[4]), "[1,5]");
	scn_script_free(s);
}

static void test_scn_parse_lines(void **state)
{
	struct scn_script *s;

	(void)state;
	s = parse_ok("");
	assert_int_equal(s->nr_stmts, 0);
	assert_string_equal(s->file, "t.scn");
	scn_script_free(s);

	s = parse_ok("# only a comment\n\n   \t\n# another\n");
	assert_int_equal(s->nr_stmts, 0);
	scn_script_free(s);

	/* CRLF, no final newline, a '\' in a comment does not continue */
	s = parse_ok("tick 1s\r\n# not continued \\\ntick 2s");
	assert_int_equal(s->nr_stmts, 2);
	assert_int_equal(s->stmts[1].line, 3);
	scn_script_free(s);

	/* continuation joins without a blank, inside strings too */
	s = parse_ok("\nA: f(1\\\n,2, \"ab\\\ncd\") \\   \n  = 0\ntick 1s\n");
	assert_int_equal(s->nr_stmts, 2);
	assert_int_equal(s->stmts[0].line, 2);
	assert_int_equal(s->stmts[0].call.nr_args, 3);
	assert_string_equal(s->stmts[0].call.args[2]->text, "abcd");
	assert_int_equal(s->stmts[1].line, 6);
	scn_script_free(s);

	/* a byte order mark is skipped */
	s = parse_ok("\xef\xbb\xbftick 1s\n");
	assert_int_equal(s->nr_stmts, 1);
	scn_script_free(s);

	/* a process may be named like a keyword */
	s = parse_ok("tick: f()\nexpect.2: f()\n");
	assert_string_equal(s->stmts[0].call.proc, "tick");
	assert_int_equal(s->stmts[1].call.tid, 2);
	scn_script_free(s);

	/* UTF-8 in strings and comments is text */
	s = parse_ok("A: f(\"h\xc3\xa9\") # caf\xc3\xa9\n");
	assert_int_equal(s->stmts[0].call.args[0]->len, 3);
	scn_script_free(s);
}

static void test_scn_expr_eval_precedence(void **state)
{
	(void)state;
	assert_int_equal(eval_text("64K"), 65536);
	assert_int_equal(eval_text("2M"), 2 << 20);
	assert_int_equal(eval_text("1G"), 1 << 30);
	assert_int_equal(eval_text("1T"), INT64_C(1) << 40);
	assert_int_equal(eval_text("0x1000"), 4096);
	assert_int_equal(eval_text("0X10K"), 16 << 10);
	assert_int_equal(eval_text("0o17"), 15);
	assert_int_equal(eval_text("010"), 10);
	assert_int_equal(eval_text("$buf+4K"), BUF_ADDR + 4096);
	assert_int_equal(eval_text("(1+2)*3"), 9);
	assert_int_equal(eval_text("1+2*3"), 7);
	assert_int_equal(eval_text("PROT_READ|PROT_WRITE"), 3);
	assert_int_equal(eval_text("1|2+4"), 7);
	assert_int_equal(eval_text("8|1*2"), 10);
	assert_int_equal(eval_text("10-2-3"), 5);
	assert_int_equal(eval_text("-$k*2"), -6);
	assert_int_equal(eval_text("--5"), 5);
	assert_int_equal(eval_text("2-(3-4)"), 3);
	assert_int_equal(eval_text("PAGE_SIZE*$k"), 3 * 4096);
	assert_int_equal(eval_text("0xffffffffffffffff"), -1);
	assert_int_equal(eval_text("0xffffffffffffffff+1"), 0);
	assert_int_equal(eval_text("0x7fffffffffffffff+1"), INT64_MIN);
	assert_int_equal(eval_text("0x8000000000000000*2"), 0);
	assert_int_equal(eval_text("-0x8000000000000000"), INT64_MIN);
	assert_int_equal(eval_text("MAP_HUGETLB|MAP_HUGE_2MB"),
			 0x40000 | (21 << 26));
	assert_int_equal(eval_text("SIGKILL"), 9);
	assert_int_equal(eval_text("A"), 100);
	assert_int_equal(eval_text("[1]|[2]"), 6);
}

static void test_scn_expr_print_round_trip(void **state)
{
	static const char *const exprs[] = {
		"$buf+4K", "(1+2)*3", "1+2*3", "PROT_READ|PROT_WRITE",
		"1-(2-3)", "1-2-3", "-(1+2)", "--1", "-$k", "(1|2)*3",
		"0x1000", "0o17", "[0,2-3]", "\"x\"", "A|B", "1*(2*3)",
	};
	const struct scn_call *c;
	struct scn_script *s;
	char line[128], small[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		snprintf(line, sizeof(line), "A: f(%s)\n", exprs[i]);
		s = one_call(line, &c);
		assert_string_equal(print(c->args[0]), exprs[i]);
		scn_script_free(s);
	}
	/* extra parentheses go, truncation keeps the full length */
	s = one_call("A: f(((1)+(2*3)))\n", &c);
	assert_string_equal(print(c->args[0]), "1+2*3");
	assert_int_equal(scn_expr_print(c->args[0], small, sizeof(small)), 5);
	assert_string_equal(small, "1+2");
	scn_script_free(s);
}

static void test_scn_expr_eval_errors(void **state)
{
	const struct scn_call *c;
	struct scn_script *s;
	char err[256];
	int64_t v;

	(void)state;
	s = one_call("\n\nA: f(PROT_REED|1, $nope, \"s\", 1+X)\n", &c);
	assert_int_equal(scn_expr_eval(c->args[0], &ctx, &v, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "t.scn:3: unknown constant or process 'PROT_REED'");
	assert_int_equal(scn_expr_eval(c->args[1], &ctx, &v, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "t.scn:3: variable '$nope' is not set");
	assert_int_equal(scn_expr_eval(c->args[2], &ctx, &v, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "t.scn:3: expected a number, got a string");
	/* no context: names are unknown, file is "<input>" */
	assert_int_equal(scn_expr_eval(c->args[3], NULL, &v, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "<input>:3: unknown constant or process 'X'");
	assert_int_equal(scn_expr_eval(c->args[3], NULL, &v, NULL, 0), -1);
	scn_script_free(s);
}

static void test_scn_parse_error_messages(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		/* numbers */
		{ "A: f(12abc)\n", "t.scn:1: bad number '12abc'" },
		{ "A: f(0x)\n", "t.scn:1: bad number '0x'" },
		{ "A: f(0o8)\n", "t.scn:1: bad number '0o8'" },
		{ "A: f(1.5)\n", "t.scn:1: bad number '1.5'" },
		{ "A: f(99999999999999999999)\n",
		  "t.scn:1: number '99999999999999999999' does not fit in 64 bits" },
		{ "A: f(0x10000000000000000)\n",
		  "t.scn:1: number '0x10000000000000000' does not fit in 64 bits" },
		{ "A: f(16777216T)\n",
		  "t.scn:1: number '16777216T' does not fit in 64 bits" },
		{ "A: f(500ms)\n",
		  "t.scn:1: bad number '500ms' (a duration is only allowed after 'tick')" },
		{ "A: f(8kB)\n",
		  "t.scn:1: 'kB' is only allowed after the value of an expect check" },
		/* strings */
		{ "\nA: write(\"abc)\n",
		  "t.scn:2: unterminated string: expected '\"' before end of line" },
		{ "A: f(\"\\q\")\n", "t.scn:1: unknown escape '\\q' in string" },
		{ "A: f(\"\\400\")\n", "t.scn:1: octal escape out of range in string" },
		{ "A: f(\"\\xg\")\n",
		  "t.scn:1: expected hex digits after '\\x' in string" },
		/* node masks */
		{ "A: f([0,64])\n", "t.scn:1: node 64 out of range 0-63 in node mask" },
		{ "A: f([3-1])\n",
		  "t.scn:1: bad node range 3-1 in node mask: first is larger" },
		{ "A: f([0,2\n", "t.scn:1: expected ']' to close the node mask" },
		{ "A: f([a])\n",
		  "t.scn:1: expected a node number in node mask, got 'a'" },
		{ "A: f([1;2])\n",
		  "t.scn:1: expected ',' or ']' in node mask, got ';'" },
		/* calls */
		{ "A: mmap(NULL, 4K\n", "t.scn:1: expected ')' after argument 2" },
		{ "A: mmap(NULL 4K)\n",
		  "t.scn:1: expected ',' or ')' after argument 1, got '4K'" },
		{ "A: f(1,)\n", "t.scn:1: expected an expression after ',', got ')'" },
		{ "A: f(\n", "t.scn:1: expected an expression after '(', got end of line" },
		{ "A: f((1)\n", "t.scn:1: expected ')' after argument 1" },
		{ "A: f((1 2))\n", "t.scn:1: expected ')' to close '(', got '2'" },
		{ "A: f(1+)\n", "t.scn:1: expected an expression after '+', got ')'" },
		{ "A: f(1 << 2)\n",
		  "t.scn:1: expected ',' or ')' after argument 1, got '<<'" },
		{ "A: f(/proc/x)\n",
		  "t.scn:1: unexpected '/': a path in a call is a string, \"/proc/...\"" },
		{ "A: f(1 ! 2)\n", "t.scn:1: unexpected character '!'" },
		{ "A: f($)\n", "t.scn:1: expected a variable name after '$'" },
		{ "A: munmap($b, 4K) = 0 xyz\n", "t.scn:1: expected end of line, got 'xyz'" },
		{ "A: f() 0\n", "t.scn:1: expected '=' or end of line after ')', got '0'" },
		{ "A: f() =\n",
		  "t.scn:1: expected a value, $var, -1 ERRNO, ?, a signal or KILLED after '='" },
		{ "A: f() = -1 ENOMEMORY\n", "t.scn:1: unknown errno name 'ENOMEMORY'" },
		{ "A: f() = -1 EPERM (Operation\n",
		  "t.scn:1: expected ')' to close the errno text" },
		{ "A: f() = -1 EPERM (x) y\n", "t.scn:1: expected end of line, got 'y'" },
		{ "A: f() = SIGSEGV BUS_ADRERR\n",
		  "t.scn:1: unknown si_code 'BUS_ADRERR' for SIGSEGV" },
		{ "A: f() = SIGFOO SEGV_MAPERR\n", "t.scn:1: unknown signal 'SIGFOO'" },
		{ "A: f() = ? 1\n", "t.scn:1: expected end of line, got '1'" },
		{ "A.0: f()\n",
		  "t.scn:1: expected a thread number (1-65535) after '.', got '0'" },
		{ "A.2 f()\n", "t.scn:1: expected ':' after the process name, got 'f'" },
		{ "A: 1()\n", "t.scn:1: expected a call name after ':', got '1'" },
		{ "A: f\n", "t.scn:1: expected '(' after 'f', got end of line" },
		{ "A: f(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)\n",
		  "t.scn:1: too many arguments (limit 16)" },
		/* statements */
		{ "foo bar\n", "t.scn:1: unknown directive 'foo'" },
		{ "123\n",
		  "t.scn:1: expected a directive, 'PROC: CALL(...)', 'tick' or "
		  "'expect', got '123'" },
		{ "tick 5\n",
		  "t.scn:1: expected a duration like 500ms (ns, us, ms, s) after 'tick', got '5'" },
		{ "tick 1.5s\n", "t.scn:1: bad number '1.5s'" },
		{ "tick 18446744073709551615s\n",
		  "t.scn:1: duration '18446744073709551615s' does not fit in "
		  "64 bits of nanoseconds" },
		{ "machine ram=1G ram=2G\n", "t.scn:1: duplicate key 'ram'" },
		{ "machine a=\"\\0\"\n",
		  "t.scn:1: a NUL byte (\\0) is not allowed in 'a=\"\\0\"'" },
		{ "machine ram=\"1G\n",
		  "t.scn:1: unterminated string: expected '\"' before end of line" },
		/* checks */
		{ "expect /proc/meminfo MemFree => 3G\n",
		  "t.scn:1: expected a comparison (== != < <= > >=) after 'MemFree', got '=>'" },
		{ "expect /proc/A/status VmLck\n",
		  "t.scn:1: expected a comparison (== != < <= > >=) after "
		  "'VmLck', got end of line" },
		{ "expect /proc/A/oom_score = 1\n",
		  "t.scn:1: expected a comparison (== != < <= > >=) after "
		  "'/proc/A/oom_score', got '='" },
		{ "expect /proc/x a b\n",
		  "t.scn:1: expected a comparison (== != < <= > >=) after 'a', got 'b'" },
		{ "expect /proc/meminfo\n",
		  "t.scn:1: expected a field, a comparison or '<<TAG' after '/proc/meminfo'" },
		{ "expect /proc/x\"y\n", "t.scn:1: unexpected character '\"' in path" },
		{ "expect /proc/x == \n",
		  "t.scn:1: expected an expression after '==', got end of line" },
		{ "expect /proc/x == 8 kB kB\n", "t.scn:1: expected end of line, got 'kB'" },
		{ "expect /proc/x == 8kB + 1\n", "t.scn:1: expected end of line, got '+'" },
		{ "expect proc\n",
		  "t.scn:1: expected a path, 'as', 'event' or 'killed' after "
		  "'expect', got 'proc'" },
		{ "expect as 1\n", "t.scn:1: expected a process name after 'as', got '1'" },
		{ "expect as C proc\n",
		  "t.scn:1: expected a path starting with '/' after the process name, got 'proc'" },
		{ "expect event\n",
		  "t.scn:1: expected an event name after 'event', got end of line" },
		{ "expect event x y\n", "t.scn:1: expected key=value, got 'y'" },
		{ "expect killed\n",
		  "t.scn:1: expected a process name after 'killed', got end of line" },
		{ "expect killed B C\n", "t.scn:1: expected end of line, got 'C'" },
		{ "expect /x <<\n", "t.scn:1: expected a tag after '<<', got end of line" },
		{ "expect /x <<EOF junk\n", "t.scn:1: expected end of line, got 'junk'" },
		/* heredocs */
		{ "machine ram=1G\nexpect /proc/A/maps <<EOF\nfoo\nEOFX\n",
		  "t.scn:2: unterminated block: expected a line 'EOF' before end of file" },
		{ "expect /x <<EOF\nok\n${$buf\nEOF\n",
		  "t.scn:3: expected '}' to close '${'" },
		{ "expect /x <<EOF\nok\nok\n${}\nEOF\n",
		  "t.scn:4: expected an expression after '${', got end of line" },
		{ "expect /x <<EOF\n${1 2}\nEOF\n",
		  "t.scn:2: expected '}' after the expression in '${...}', got '2'" },
		{ "expect /x <<EOF\n${(1}\nEOF\n",
		  "t.scn:2: expected ')' to close '('" },
		{ "expect /x <<EOF\nok\x01\nEOF\n",
		  "t.scn:2: control character 0x01 in input" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		parse_fails(cases[i].text, cases[i].msg);
}

static void test_scn_parse_binary_garbage(void **state)
{
	static const char nul[] = "tick 1s\nA: f(\0)\n";
	char *big;
	size_t i;

	(void)state;
	parse_fails_n(nul, sizeof(nul) - 1, "t.scn:2: NUL byte in input");
	parse_fails("A: f(\x01)\n", "t.scn:1: control character 0x01 in input");
	parse_fails("# \x7f\n", "t.scn:1: control character 0x7f in input");
	parse_fails("tick 1s\rtick 2s\n", "t.scn:1: control character 0x0d in input");
	parse_fails("# \xff\xfe\n", "t.scn:1: invalid UTF-8 in input");
	parse_fails("# \xc0\xaf\n", "t.scn:1: invalid UTF-8 in input");	/* overlong */
	parse_fails("# \xed\xa0\x80\n", "t.scn:1: invalid UTF-8 in input");	/* surrogate */
	parse_fails("# \xe2\x82\n", "t.scn:1: invalid UTF-8 in input");	/* cut */
	parse_fails("A: f(\xc3\xa9)\n", "t.scn:1: unexpected character '\xc3\xa9'");
	parse_fails("\n\n\x7f" "ELF\x02\x01\x01", "t.scn:3: control character 0x7f in input");

	/* one line of SCN_MAX_LINE bytes is fine, one more byte is not */
	big = malloc(2 * SCN_MAX_LINE + 16);
	assert_non_null(big);
	memset(big, ' ', SCN_MAX_LINE);
	memcpy(big, "tick 1s", 7);
	big[SCN_MAX_LINE] = '\n';
	big[SCN_MAX_LINE + 1] = '\0';
	scn_script_free(parse_ok(big));
	big[SCN_MAX_LINE] = ' ';
	big[SCN_MAX_LINE + 1] = '\n';
	big[SCN_MAX_LINE + 2] = '\0';
	parse_fails(big, "t.scn:1: line too long (limit 65536 bytes)");

	/* ... also when continuation lines add up */
	for (i = 0; i < 2 * SCN_MAX_LINE; i += 1024) {
		memset(big + i, ' ', 1024);
		memcpy(big + i + 1021, "\\\n", 2);
	}
	memcpy(big, "\ntick 1s", 8);
	strcpy(big + 2 * SCN_MAX_LINE, "\n");
	parse_fails(big, "t.scn:2: line too long (limit 65536 bytes)");
	free(big);
}

static void test_scn_parse_limits(void **state)
{
	char *text = malloc(8192);
	const struct scn_call *c;
	struct scn_script *s;
	char err[256];
	size_t n;
	int i;

	(void)state;
	assert_non_null(text);
	/* SCN_MAX_DEPTH parentheses parse; one more does not */
	n = (size_t)sprintf(text, "A: f(");
	for (i = 0; i < SCN_MAX_DEPTH; i++)
		text[n++] = '(';
	text[n++] = '1';
	for (i = 0; i < SCN_MAX_DEPTH; i++)
		text[n++] = ')';
	strcpy(text + n, ")\n");
	s = one_call(text, &c);
	assert_int_equal(eval(c->args[0]), 1);
	scn_script_free(s);
	memmove(text + 6, text + 5, strlen(text + 5) + 1);
	memmove(text + strlen(text) - 1, ")\n", 3);
	parse_fails(text, "t.scn:1: expression nested too deeply (more than 64 levels)");

	/* unary minus counts too */
	n = (size_t)sprintf(text, "A: f(");
	for (i = 0; i <= SCN_MAX_DEPTH; i++)
		text[n++] = '-';
	strcpy(text + n, "1)\n");
	parse_fails(text, "t.scn:1: expression nested too deeply (more than 64 levels)");

	/* a long flat chain is bounded by the node count */
	n = (size_t)sprintf(text, "A: f(1");
	for (i = 0; i < SCN_MAX_EXPR_NODES / 2 - 1; i++)
		n += (size_t)sprintf(text + n, "+1");
	strcpy(text + n, ")\n");
	s = one_call(text, &c);
	assert_int_equal(eval(c->args[0]), SCN_MAX_EXPR_NODES / 2);
	scn_script_free(s);
	n = (size_t)sprintf(text, "A: f(1");
	for (i = 0; i < SCN_MAX_EXPR_NODES; i++)
		n += (size_t)sprintf(text + n, "+1");
	strcpy(text + n, ")\n");
	parse_fails(text, "t.scn:1: expression too long (more than 1024 terms)");

	/* SCN_MAX_ARGS arguments parse */
	s = one_call("A: f(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16)\n", &c);
	assert_int_equal(c->nr_args, SCN_MAX_ARGS);
	scn_script_free(s);

	/* too many directive words */
	n = (size_t)sprintf(text, "image x");
	for (i = 0; i < SCN_MAX_WORDS; i++)
		n += (size_t)sprintf(text + n, " k%d=1", i);
	strcpy(text + n, "\n");
	parse_fails(text, "t.scn:1: too many words (limit 64)");

	/* err may be NULL; a NULL file name reads "<input>" */
	assert_int_equal(scn_parse("t", "foo\n", 4, &s, NULL, 0), -1);
	assert_int_equal(scn_parse(NULL, "foo\n", 4, &s, err, sizeof(err)), -1);
	assert_string_equal(err, "<input>:1: unknown directive 'foo'");
	assert_int_equal(scn_parse(NULL, NULL, 0, &s, err, sizeof(err)), 0);
	assert_int_equal(s->nr_stmts, 0);
	scn_script_free(s);
	scn_script_free(NULL);
	free(text);
}

static void test_scn_consts_sorted_unique(void **state)
{
	const char *name, *prev = NULL;
	int64_t val, v2;
	size_t i;
	int err, sig;

	(void)state;
	for (i = 0; !scn_const_at(i, &name, &val); i++) {
		if (prev && strcmp(prev, name) >= 0) {
			print_error("constants out of order: %s, %s\n", prev, name);
			fail();
		}
		assert_int_equal(scn_const_lookup(name, &v2), 0);
		assert_int_equal(v2, val);
		/* names are unique across tables */
		assert_int_not_equal(scn_signal_lookup(name, &sig), 0);
		assert_int_not_equal(scn_errno_lookup(name, &err), 0);
		prev = name;
	}
	assert_true(i > 400);

	prev = NULL;
	for (i = 0; !scn_errno_at(i, &name, &err); i++) {
		if (prev && strcmp(prev, name) >= 0) {
			print_error("errnos out of order: %s, %s\n", prev, name);
			fail();
		}
		assert_int_equal(scn_errno_lookup(name, &sig), 0);
		assert_int_equal(sig, err);
		assert_non_null(scn_errno_name(err));
		assert_non_null(scn_errno_text(err));
		prev = name;
	}
	assert_int_equal(i, 134);
	/* every number 1..133 is an errno */
	for (err = 1; err <= 133; err++)
		if (err != 41 && err != 58)	/* unused on Linux */
			assert_non_null(scn_errno_name(err));
}

static void test_scn_consts_values(void **state)
{
	static const struct {
		const char *name;
		int64_t val;
	} cases[] = {
		{ "NULL", 0 }, { "PAGE_SIZE", 4096 },
		{ "PROT_READ", 1 }, { "PROT_EXEC", 4 },
		{ "MAP_SHARED_VALIDATE", 3 }, { "MAP_DROPPABLE", 8 },
		{ "MAP_ANONYMOUS", 0x20 }, { "MAP_32BIT", 0x40 },
		{ "MAP_FIXED_NOREPLACE", 0x100000 }, { "MAP_HUGE_SHIFT", 26 },
		{ "MAP_HUGE_1GB", INT64_C(30) << 26 },
		{ "MAP_UNINITIALIZED", 0x4000000 }, { "MAP_SEALABLE", 0x8000000 },
		{ "MREMAP_DONTUNMAP", 4 }, { "MADV_DONTNEED", 4 },
		{ "MADV_FREE", 8 }, { "MADV_COLD", 20 }, { "MADV_COLLAPSE", 25 },
		{ "MADV_HWPOISON", 100 }, { "MADV_GUARD_INSTALL", 102 },
		{ "MADV_GUARD_REMOVE", 103 }, { "MS_SYNC", 4 },
		{ "MCL_ONFAULT", 4 }, { "MLOCK_ONFAULT", 1 },
		{ "MPOL_BIND", 2 }, { "MPOL_PREFERRED_MANY", 5 },
		{ "MPOL_WEIGHTED_INTERLEAVE", 6 },
		{ "MPOL_F_STATIC_NODES", 1 << 15 },
		{ "MPOL_F_RELATIVE_NODES", 1 << 14 },
		{ "MPOL_F_NUMA_BALANCING", 1 << 13 }, { "MPOL_MF_MOVE_ALL", 4 },
		{ "PKEY_DISABLE_WRITE", 2 }, { "O_RDWR", 2 },
		{ "O_CLOEXEC", 02000000 }, { "O_TMPFILE", 020200000 },
		{ "O_DIRECT", 040000 }, { "F_ADD_SEALS", 1033 },
		{ "F_SEAL_FUTURE_WRITE", 0x10 }, { "F_SEAL_EXEC", 0x20 },
		{ "MFD_NOEXEC_SEAL", 8 }, { "MFD_EXEC", 0x10 },
		{ "POSIX_FADV_DONTNEED", 4 }, { "SEEK_HOLE", 4 },
		{ "SWAP_FLAG_PREFER", 0x8000 }, { "UFFD_USER_MODE_ONLY", 1 },
		{ "UFFDIO_API", 0xc018aa3f }, { "UFFDIO_REGISTER", 0xc020aa00 },
		{ "UFFDIO_UNREGISTER", 0x8010aa01 }, { "UFFDIO_COPY", 0xc028aa03 },
		{ "UFFDIO_MOVE", 0xc028aa05 }, { "UFFDIO_POISON", 0xc020aa08 },
		{ "UFFDIO_REGISTER_MODE_MINOR", 4 },
		{ "UFFD_FEATURE_MOVE", 1 << 16 },
		{ "PR_SET_VMA", 0x53564d41 }, { "PR_SET_VMA_ANON_NAME", 0 },
		{ "PR_SET_MEMORY_MERGE", 67 }, { "PR_GET_MDWE", 66 },
		{ "PR_SET_THP_DISABLE", 41 }, { "PR_MDWE_REFUSE_EXEC_GAIN", 1 },
		{ "RLIMIT_MEMLOCK", 8 }, { "RLIMIT_AS", 9 }, { "RLIM_INFINITY", -1 },
		{ "IPC_CREAT", 01000 }, { "SHM_LOCK", 11 }, { "SHM_HUGETLB", 04000 },
		{ "CLONE_VM", 0x100 }, { "P_PIDFD", 3 },
		{ "SE_PRIVILEGE_ENABLED", 2 }, { "SE_PRIVILEGE_REMOVED", 4 },
		{ "KACS_PRIV_RESET_ALL_DEFAULTS", 0x80000000 },
		{ "SeCreateTokenPrivilege", 2 }, { "SeLockMemoryPrivilege", 4 },
		{ "SeTcbPrivilege", 7 }, { "SeDebugPrivilege", 20 },
		{ "SeCreateSymbolicLinkPrivilege", 35 },
		{ "SeBindPrivilegedPortPrivilege", 63 },
		{ "PROCESS_TERMINATE", 1 }, { "PROCESS_VM_WRITE", 0x20 },
		{ "PROCESS_QUERY_LIMITED", 0x1000 },
		{ "PROCESS_ALL_ACCESS", 0x1f1fff }, { "READ_CONTROL", 0x20000 },
		{ "GENERIC_READ", 0x80000000 }, { "GENERIC_ALL", 0x10000000 },
		{ "CAP_CHOWN", 0 }, { "CAP_IPC_LOCK", 14 },
		{ "CAP_CHECKPOINT_RESTORE", 40 },
		{ "SIGKILL", 9 }, { "SIGSEGV", 11 }, { "SIGBUS", 7 },
	};
	size_t i;
	int64_t v;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (scn_const_lookup(cases[i].name, &v) || v != cases[i].val) {
			print_error("%s\n", cases[i].name);
			fail();
		}
	}
	assert_int_equal(scn_const_lookup("PROT_REED", &v), -1);
	assert_int_equal(scn_const_lookup("", &v), -1);
	assert_int_equal(scn_const_lookup("ENOMEM", &v), -1);
	assert_int_equal(scn_const_lookup("SEGV_ACCERR", &v), -1);
}

static void test_scn_errno_lookup(void **state)
{
	int err;

	(void)state;
	assert_int_equal(scn_errno_lookup("ENOMEM", &err), 0);
	assert_int_equal(err, 12);
	assert_string_equal(scn_errno_text(12), "Cannot allocate memory");
	assert_int_equal(scn_errno_lookup("EWOULDBLOCK", &err), 0);
	assert_int_equal(err, 11);
	assert_string_equal(scn_errno_name(11), "EAGAIN");
	assert_int_equal(scn_errno_lookup("ENOTSUP", &err), 0);
	assert_string_equal(scn_errno_name(err), "EOPNOTSUPP");
	assert_int_equal(scn_errno_lookup("EDEADLOCK", &err), 0);
	assert_string_equal(scn_errno_name(err), "EDEADLK");
	assert_int_equal(scn_errno_lookup("EHWPOISON", &err), 0);
	assert_int_equal(err, 133);
	assert_int_equal(scn_errno_lookup("ENOKEY", &err), 0);
	assert_int_equal(err, 126);
	assert_int_equal(scn_errno_lookup("ETXTBSY", &err), 0);
	assert_int_equal(err, 26);
	assert_string_equal(scn_errno_text(1), "Operation not permitted");
	assert_int_equal(scn_errno_lookup("EFOO", &err), -1);
	assert_null(scn_errno_name(0));
	assert_null(scn_errno_name(134));
	assert_null(scn_errno_text(-1));
}

static void test_scn_signal_sicode_lookup(void **state)
{
	int sig, code;

	(void)state;
	assert_int_equal(scn_signal_lookup("SIGSEGV", &sig), 0);
	assert_int_equal(sig, 11);
	assert_int_equal(scn_signal_lookup("SIGIOT", &sig), 0);
	assert_string_equal(scn_signal_name(sig), "SIGABRT");
	assert_int_equal(scn_signal_lookup("SEGV", &sig), -1);
	assert_null(scn_signal_name(0));

	assert_int_equal(scn_sicode_lookup(11, "SEGV_MAPERR", &code), 0);
	assert_int_equal(code, 1);
	assert_int_equal(scn_sicode_lookup(11, "SEGV_PKUERR", &code), 0);
	assert_int_equal(code, 4);
	assert_int_equal(scn_sicode_lookup(7, "BUS_MCEERR_AO", &code), 0);
	assert_int_equal(code, 5);
	assert_int_equal(scn_sicode_lookup(7, "SEGV_MAPERR", &code), -1);
	assert_int_equal(scn_sicode_lookup(9, "SI_KERNEL", &code), 0);
	assert_int_equal(code, 0x80);
	assert_string_equal(scn_sicode_name(11, 2), "SEGV_ACCERR");
	assert_string_equal(scn_sicode_name(7, 3), "BUS_OBJERR");
	assert_string_equal(scn_sicode_name(7, 0), "SI_USER");
	assert_null(scn_sicode_name(7, 42));
}

static void test_scn_word_helpers(void **state)
{
	uint64_t lo, hi, ns;
	int64_t v;

	(void)state;
	assert_int_equal(scn_parse_int("64K", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(scn_parse_int("-1000", &v), 0);
	assert_int_equal(v, -1000);
	assert_int_equal(scn_parse_int("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(scn_parse_int("0o17", &v), 0);
	assert_int_equal(v, 15);
	assert_int_equal(scn_parse_int("0xffffffffffffffff", &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(scn_parse_int("unlimited", &v), -1);
	assert_int_equal(scn_parse_int("", &v), -1);
	assert_int_equal(scn_parse_int("-", &v), -1);
	assert_int_equal(scn_parse_int("5ms", &v), -1);
	assert_int_equal(scn_parse_int("1K ", &v), -1);
	assert_int_equal(scn_parse_int("99999999999999999999", &v), -1);

	assert_int_equal(scn_parse_range("0-3", &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 3);
	assert_int_equal(scn_parse_range("5", &lo, &hi), 0);
	assert_int_equal(lo, 5);
	assert_int_equal(hi, 5);
	assert_int_equal(scn_parse_range("3-1", &lo, &hi), -1);
	assert_int_equal(scn_parse_range("1-", &lo, &hi), -1);
	assert_int_equal(scn_parse_range("-1", &lo, &hi), -1);

	assert_int_equal(scn_parse_duration("500ms", &ns), 0);
	assert_int_equal(ns, 500000000);
	assert_int_equal(scn_parse_duration("3us", &ns), 0);
	assert_int_equal(ns, 3000);
	assert_int_equal(scn_parse_duration("3", &ns), -1);
	assert_int_equal(scn_parse_duration("3kB", &ns), -1);
	assert_int_equal(scn_parse_duration("99999999999s", &ns), -1);

	assert_string_equal(scn_cmp_name(SCN_CMP_LE), "<=");
	assert_true(scn_cmp_holds(SCN_CMP_LT, -1, 0));
	assert_true(scn_cmp_holds(SCN_CMP_GE, 5, 5));
	assert_false(scn_cmp_holds(SCN_CMP_NE, 5, 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scn_parse_directives),
		cmocka_unit_test(test_scn_parse_directive_words),
		cmocka_unit_test(test_scn_parse_directive_names),
		cmocka_unit_test(test_scn_parse_call_examples),
		cmocka_unit_test(test_scn_parse_touch_examples),
		cmocka_unit_test(test_scn_parse_expect_forms),
		cmocka_unit_test(test_scn_parse_tick),
		cmocka_unit_test(test_scn_parse_check_examples),
		cmocka_unit_test(test_scn_parse_event_fields),
		cmocka_unit_test(test_scn_parse_heredoc_segments),
		cmocka_unit_test(test_scn_parse_strings_and_masks),
		cmocka_unit_test(test_scn_parse_lines),
		cmocka_unit_test(test_scn_expr_eval_precedence),
		cmocka_unit_test(test_scn_expr_print_round_trip),
		cmocka_unit_test(test_scn_expr_eval_errors),
		cmocka_unit_test(test_scn_parse_error_messages),
		cmocka_unit_test(test_scn_parse_binary_garbage),
		cmocka_unit_test(test_scn_parse_limits),
		cmocka_unit_test(test_scn_consts_sorted_unique),
		cmocka_unit_test(test_scn_consts_values),
		cmocka_unit_test(test_scn_errno_lookup),
		cmocka_unit_test(test_scn_signal_sicode_lookup),
		cmocka_unit_test(test_scn_word_helpers),
	};

	return cmocka_run_group_tests_name("scn_parse", tests, NULL, NULL);
}
