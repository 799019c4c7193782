// SPDX-License-Identifier: MIT
/*
 * test_conf.c - unit tests of the conformance harness itself: the generator
 * is a pure function of its parameters and keeps valid ranges inside the
 * window; maps lines (anonymous, named, shared, file, [stack], smaps
 * attribute lines) parse, and window entries normalise to base-independent
 * text; the host backend gives identical traces for one sequence run at
 * two different bases.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "conf.h"

#define N_OPS	3000

static struct conf_op *gen(uint64_t seed, unsigned int features)
{
	struct conf_gen_params p = {
		.seed = seed, .n_ops = N_OPS, .features = features,
		.invalid_permille = 80,
	};
	struct conf_op *ops = malloc(N_OPS * sizeof(*ops));

	assert_non_null(ops);
	memset(ops, 0xa5, N_OPS * sizeof(*ops));	/* gen must zero */
	conf_gen(&p, ops);
	return ops;
}

static void test_gen_deterministic(void **state)
{
	struct conf_op *a = gen(42, CONF_F_ALL), *b = gen(42, CONF_F_ALL);
	struct conf_op *c = gen(43, CONF_F_ALL);

	(void)state;
	assert_memory_equal(a, b, N_OPS * sizeof(*a));
	assert_true(memcmp(a, c, N_OPS * sizeof(*a)) != 0);
	free(a);
	free(b);
	free(c);
}

static void test_gen_features(void **state)
{
	struct conf_op *ops = gen(7, 0);
	unsigned int kinds[CONF_NR_KINDS] = { 0 };

	(void)state;
	for (int i = 0; i < N_OPS; i++) {
		kinds[ops[i].kind]++;
		if (ops[i].kind == CONF_MADVISE && !ops[i].invalid) {
			assert_int_not_equal(ops[i].arg, MADV_MERGEABLE);
			assert_int_not_equal(ops[i].arg, MADV_UNMERGEABLE);
			assert_int_not_equal(ops[i].arg,
					     CONF_MADV_GUARD_INSTALL);
			assert_int_not_equal(ops[i].arg,
					     CONF_MADV_GUARD_REMOVE);
		}
	}
	assert_int_equal(kinds[CONF_MSEAL], 0);
	assert_int_equal(kinds[CONF_SET_NAME], 0);
	assert_int_equal(kinds[CONF_MREMAP], 0);
	for (int k = 0; k < CONF_MSEAL; k++)
		assert_true(k == CONF_MREMAP || kinds[k] > 0);
	for (int k = CONF_LOAD; k < CONF_NR_KINDS; k++)
		assert_int_equal(kinds[k], 0);
	free(ops);

	/* Without TOUCH, a sequence is what it was before TOUCH existed
	 * (hashes of the generator of commit dc0f483), and the optional
	 * advices change nothing without it. */
	{
		static const struct { unsigned int f; uint64_t h; } golden[] = {
			{ 0, 0x0e951a467f2dc20eull },
			{ 0x1f, 0xfcada79cc6f7fc60ull },
		};

		for (size_t g = 0; g < 2; g++) {
			struct conf_op *o = gen(11, golden[g].f);

			assert_true(conf_hash(CONF_HASH_INIT, o,
					      N_OPS * sizeof(*o)) ==
				    golden[g].h);
			free(o);
		}
	}
	{
		struct conf_op *a = gen(11, CONF_F_ALL & ~CONF_F_TOUCH);
		struct conf_op *b = gen(11, CONF_F_ALL & ~(CONF_F_TOUCH |
							   CONF_F_LAZYFREE |
							   CONF_F_REMOVE |
							   CONF_F_POPULATE));

		assert_memory_equal(a, b, N_OPS * sizeof(*a));
		for (int i = 0; i < N_OPS; i++) {
			assert_true(a[i].kind < CONF_LOAD);
			if (a[i].kind == CONF_MADVISE) {
				assert_int_not_equal(a[i].arg, MADV_DONTNEED);
				assert_int_not_equal(a[i].arg, MADV_FREE);
			}
		}
		free(a);
		free(b);
	}

	/* TOUCH without the optional advices draws none of them. */
	ops = gen(7, CONF_F_TOUCH);
	for (int i = 0; i < N_OPS; i++) {
		if (ops[i].kind != CONF_MADVISE || ops[i].invalid)
			continue;
		assert_int_not_equal(ops[i].arg, MADV_FREE);
		assert_int_not_equal(ops[i].arg, MADV_REMOVE);
		assert_int_not_equal(ops[i].arg, CONF_MADV_POPULATE_READ);
		assert_int_not_equal(ops[i].arg, CONF_MADV_POPULATE_WRITE);
	}
	free(ops);

	memset(kinds, 0, sizeof(kinds));
	ops = gen(7, CONF_F_ALL);
	for (int i = 0; i < N_OPS; i++)
		kinds[ops[i].kind]++;
	for (int k = 0; k < CONF_NR_KINDS; k++)
		assert_true(kinds[k] > 0);
	free(ops);
}

static void check_in_window(const struct conf_addr *a, uint64_t len)
{
	uint64_t pages = (len + CONF_PAGE - 1) / CONF_PAGE;

	assert_int_equal(a->kind, CONF_ADDR_WIN);
	assert_int_equal(a->mis, 0);
	assert_true(a->pg + pages <= CONF_WINDOW_PAGES);
}

/* Ops not marked invalid never reach outside the window. */
static void test_gen_valid_in_window(void **state)
{
	unsigned int invalid = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		struct conf_op *ops = gen(seed, CONF_F_ALL);

		for (int i = 0; i < N_OPS; i++) {
			const struct conf_op *op = &ops[i];

			if (op->invalid) {
				invalid++;
				continue;
			}
			if (op->kind == CONF_MMAP) {
				if (op->addr.kind != CONF_ADDR_NULL)
					check_in_window(&op->addr, op->len);
				assert_true(op->len > 0);
				continue;
			}
			if (op->kind == CONF_LOAD || op->kind == CONF_STORE ||
			    op->kind == CONF_FORK_CHECK ||
			    op->kind == CONF_REMOTE) {
				/* anywhere in a page; at most into the
				 * guard after the window */
				assert_int_equal(op->addr.kind, CONF_ADDR_WIN);
				assert_true(op->addr.pg < CONF_WINDOW_PAGES);
				assert_true(op->addr.pg * CONF_PAGE +
					    op->addr.mis + op->len <=
					    2 * CONF_WINDOW_BYTES);
				continue;
			}
			check_in_window(&op->addr, op->len);
			if (op->kind != CONF_MREMAP)
				continue;
			if (op->flags & MREMAP_FIXED)
				check_in_window(&op->addr2, op->len2);
			else	/* growth in place stays inside */
				check_in_window(&op->addr, op->len2);
		}
		free(ops);
	}
	/* About 8% of 15,000. */
	assert_in_range(invalid, 900, 1500);
}

static void test_op_format(void **state)
{
	struct conf_op op = { 0 };
	char buf[256];

	(void)state;
	op.kind = CONF_MMAP;
	op.addr.kind = CONF_ADDR_WIN;
	op.addr.pg = 3;
	op.len = 0x2000;
	op.prot = PROT_READ | PROT_WRITE;
	op.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	conf_op_format(&op, buf, sizeof(buf));
	assert_string_equal(buf, "mmap(w+3p, 0x2000, rw-, PRIVATE|ANON|FIXED)");

	/* A tiny buffer truncates but stays terminated. */
	conf_op_format(&op, buf, 8);
	assert_string_equal(buf, "mmap(w+");
}

static void parse(const char *line, struct conf_vma *v)
{
	assert_int_equal(conf_maps_parse_line(line, strlen(line), v), 0);
}

static void test_maps_parse(void **state)
{
	struct conf_vma v;

	(void)state;
	parse("7f1234560000-7f1234563000 rw-p 00000000 00:00 0 ", &v);
	assert_int_equal(v.start, 0x7f1234560000ull);
	assert_int_equal(v.end, 0x7f1234563000ull);
	assert_string_equal(v.perms, "rw-p");
	assert_int_equal(v.offset, 0);
	assert_int_equal(v.inode, 0);
	assert_int_equal(v.name_len, 0);

	parse("300000000000-300000002000 r-xp 300000000000 00:00 0"
	      "                          [anon:foo bar]", &v);
	assert_string_equal(v.perms, "r-xp");
	assert_int_equal(v.offset, 0x300000000000ull);
	assert_int_equal(v.name_len, strlen("[anon:foo bar]"));
	assert_memory_equal(v.name, "[anon:foo bar]", v.name_len);

	parse("7ffd1c0e2000-7ffd1c103000 rw-p 00000000 00:00 0"
	      "                          [stack]", &v);
	assert_memory_equal(v.name, "[stack]", v.name_len);

	parse("7f0a2c028000-7f0a2c1bd000 rwxs 00028000 fd:01 1311234"
	      "                    /usr/lib/x86_64-linux-gnu/libc.so.6", &v);
	assert_string_equal(v.perms, "rwxs");
	assert_int_equal(v.dev_major, 0xfd);
	assert_int_equal(v.dev_minor, 1);
	assert_int_equal(v.inode, 1311234);
	assert_int_equal(v.offset, 0x28000);

	parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0"
	      "                  [vsyscall]", &v);
	assert_int_equal(v.end, 0xffffffffff601000ull);

	/* smaps attribute lines and junk are not entries. */
	assert_int_equal(conf_maps_parse_line("AnonHugePages:         0 kB",
					      27, &v), -1);
	assert_int_equal(conf_maps_parse_line("VmFlags: rd wr mr mw me ac",
					      26, &v), -1);
	assert_int_equal(conf_maps_parse_line("1000-2000 rw-q 0 00:00 0",
					      24, &v), -1);
	assert_int_equal(conf_maps_parse_line("2000-1000 rw-p 0 00:00 0",
					      24, &v), -1);
	assert_int_equal(conf_maps_parse_line("", 0, &v), -1);
}

/* The same layout at two bases, as smaps prints it. */
static const char smaps_fmt[] =
	"%llx-%llx ---s 00000000 00:01 %u                        "
	"/dev/zero (deleted)\n"
	"Size:               1024 kB\n"
	"VmFlags: sh mr mw me ms sd \n"
	"%llx-%llx rw-p %08llx 00:00 0                          "
	"[anon:foo]\n"
	"Rss:                   8 kB\n"
	"Pss:                   8 kB\n"
	"Shared_Clean:          0 kB\n"
	"Private_Dirty:         8 kB\n"
	"Anonymous:             8 kB\n"
	"LazyFree:              4 kB\n"
	"AnonHugePages:          0 kB\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"%llx-%llx r--s 00002000 00:01 %u                        "
	"[anon_shmem:x]\n"
	"Rss:                   0 kB\n"
	"VmFlags: rd sh mr mw me ms sd \n"
	"%llx-%llx r--s 00000000 00:01 %u                        "
	"/dev/zero (deleted)\n"
	"VmFlags: rd sh mr mw me ms sd \n"
	"%llx-%llx rw-p 00000000 00:00 0                          [stack]\n"
	"VmFlags: rd wr mr mw me gd ac \n";

static char *smaps_at(unsigned long long base, unsigned int ino)
{
	unsigned long long w = CONF_WINDOW_BYTES, p = CONF_PAGE;
	char *buf = malloc(4096);

	assert_non_null(buf);
	snprintf(buf, 4096, smaps_fmt, base - w, base, ino + 7,
		 base + 2 * p, base + 5 * p, base + 2 * p,
		 base + 5 * p, base + 6 * p, ino,
		 base + 6 * p, base + 8 * p, ino + 1,
		 0x7ffd1c0e2000ull, 0x7ffd1c103000ull);
	return buf;
}

static void test_maps_normalise(void **state)
{
	char *s1 = smaps_at(0x300000000000ull, 100);
	char *s2 = smaps_at(0x7f0000200000ull, 555);
	size_t l1, l2;
	char *n1 = conf_maps_normalise(s1, 0x300000000000ull,
				       CONF_WINDOW_BYTES, &l1);
	char *n2 = conf_maps_normalise(s2, 0x7f0000200000ull,
				       CONF_WINDOW_BYTES, &l2);

	(void)state;
	assert_non_null(n1);
	assert_non_null(n2);
	assert_string_equal(n1,
		"002-005 rw-p w+2 00:00 0 [anon:foo] | Rss:8 Pss:8"
		" Private_Dirty:8 Anonymous:8 | rd wr mr mw me ac sd\n"
		"005-006 r--s 0x2000 00:01 i1 [anon_shmem:x]"
		" | - | rd sh mr mw me ms sd\n"
		"006-008 r--s 0x0 00:01 i2 /dev/zero (deleted)"
		" | rd sh mr mw me ms sd\n");
	assert_int_equal(l1, strlen(n1));
	assert_string_equal(n1, n2);

	/* Plain maps (no VmFlags), and an entry straddling the window. */
	free(n1);
	n1 = conf_maps_normalise("2ff000000000-300000003000 rw-p 00000000 "
				 "00:00 0\n", 0x300000000000ull,
				 CONF_WINDOW_BYTES, &l1);
	assert_non_null(n1);
	assert_string_equal(n1, "<000-003 rw-p 0x0 00:00 0\n");

	/* Nothing in the window: an empty text, not NULL. */
	free(n2);
	n2 = conf_maps_normalise("", 0x300000000000ull, CONF_WINDOW_BYTES,
				 &l2);
	assert_non_null(n2);
	assert_int_equal(l2, 0);
	free(n1);
	free(n2);
	free(s1);
	free(s2);
}

/* The host at two bases: identical traces once normalised. */
static void test_host_twice(void **state)
{
	struct conf_gen_params p = {
		.seed = 99, .n_ops = 300, .features = conf_host_probe(),
		.invalid_permille = 100,
	};
	struct conf_op ops[300];
	struct conf_trace a, b;
	struct conf_cmp cmp;

	(void)state;
	conf_gen(&p, ops);
	assert_int_equal(conf_host_backend.run(ops, 300, &a), 0);
	assert_int_equal(conf_host_alt_backend.run(ops, 300, &b), 0);
	assert_int_equal(a.n, 300);
	conf_compare(ops, 300, &a, &b, "host", &cmp);
	assert_true(cmp.first_result == SIZE_MAX);
	assert_false(cmp.maps_differ);
	assert_false(a.flags & CONF_TRACE_FALLBACK_BASE);
	assert_false(b.flags & CONF_TRACE_FALLBACK_BASE);
	assert_true(a.base != b.base);
	assert_true(a.maps_len > 0);
	conf_trace_free(&a);
	conf_trace_free(&b);
}

static struct conf_op op_win(unsigned int kind, uint32_t pg, uint16_t mis,
			     uint64_t len)
{
	struct conf_op op;

	memset(&op, 0, sizeof(op));
	op.kind = (uint8_t)kind;
	op.addr.kind = CONF_ADDR_WIN;
	op.addr.pg = pg;
	op.addr.mis = mis;
	op.len = len;
	return op;
}

/*
 * Touches by hand, on the host and on the simulator: a guard page faults
 * SIGSEGV/SEGV_MAPERR at its first byte, PROT_NONE SEGV_ACCERR, a hole
 * SEGV_MAPERR, the guard after the window ACCERR; a store then a load
 * reads the stored bytes; mincore sees the stored pages; after a
 * FORK_CHECK the parent of a private mapping still reads its own bytes.
 */
static void test_touch_by_hand(void **state)
{
	struct conf_op ops[16];
	struct conf_trace a, b;
	struct conf_cmp cmp;
	uint64_t bytes;
	size_t n = 0;

	(void)state;
	ops[n] = op_win(CONF_MMAP, 0, 0, 8 * CONF_PAGE);	/* 0 */
	ops[n].prot = PROT_READ | PROT_WRITE;
	ops[n++].flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	ops[n] = op_win(CONF_MADVISE, 2, 0, CONF_PAGE);		/* 1 */
	ops[n++].arg = CONF_MADV_GUARD_INSTALL;
	ops[n] = op_win(CONF_STORE, 0, 100, 3 * CONF_PAGE);	/* 2 */
	ops[n++].arg = 0x5a;
	ops[n++] = op_win(CONF_LOAD, 0, 100, 100);		/* 3 */
	ops[n++] = op_win(CONF_MINCORE, 0, 0, 8 * CONF_PAGE);	/* 4 */
	ops[n] = op_win(CONF_MPROTECT, 4, 0, CONF_PAGE);	/* 5 */
	ops[n++].prot = PROT_NONE;
	ops[n++] = op_win(CONF_LOAD, 3, 7, 2 * CONF_PAGE);	/* 6 */
	ops[n++] = op_win(CONF_LOAD, 8, 0, CONF_PAGE);		/* 7 */
	ops[n] = op_win(CONF_STORE, 0, 0, 2 * CONF_PAGE);	/* 8 */
	ops[n++].arg = 0x11;
	ops[n] = op_win(CONF_FORK_CHECK, 0, 0, 2 * CONF_PAGE);	/* 9 */
	ops[n++].arg = 0x22;
	ops[n++] = op_win(CONF_LOAD, 0, 0, CONF_PAGE);		/* 10 */
	ops[n] = op_win(CONF_MMAP, 250, 0, 6 * CONF_PAGE);	/* 11 */
	ops[n].prot = PROT_READ;
	ops[n++].flags = MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED;
	ops[n++] = op_win(CONF_LOAD, 255, 0, 2 * CONF_PAGE);	/* 12 */
	assert_true(n <= sizeof(ops) / sizeof(ops[0]));

	assert_int_equal(conf_host_backend.run(ops, n, &a), 0);
	assert_int_equal(conf_sim_backend.run(ops, n, &b), 0);
	conf_compare(ops, n, &a, &b, "sim", &cmp);
	if (cmp.first_result != SIZE_MAX || cmp.maps_differ)
		conf_report(stderr, ops, n, &a, &b, "host", "sim", &cmp);
	assert_true(cmp.first_result == SIZE_MAX);
	assert_false(cmp.maps_differ);

	/* the store stops at the guard page, on its first byte */
	assert_int_equal(a.res[2].kind, CONF_RET_SIG);
	assert_int_equal(a.res[2].signo, SIGSEGV);
	assert_int_equal(a.res[2].code, 1);		/* SEGV_MAPERR */
	assert_int_equal(a.res[2].val, 2 * CONF_PAGE);
	assert_int_equal(a.res[2].done, 2 * CONF_PAGE - 100);
	/* the load reads the stored bytes */
	assert_int_equal(a.res[3].kind, CONF_RET_INT);
	{
		uint8_t x[100];

		memset(x, 0x5a, sizeof(x));
		bytes = conf_hash(CONF_HASH_INIT, x, sizeof(x));
		assert_true(a.res[3].sum == bytes);
	}
	/* pages 0 and 1 resident, the guard and the rest not */
	assert_int_equal(a.res[4].kind, CONF_RET_INT);
	assert_true(a.res[4].aux[0] == 3);
	/* page 3 reads (zero page), PROT_NONE page 4 faults ACCERR */
	assert_int_equal(a.res[6].kind, CONF_RET_SIG);
	assert_int_equal(a.res[6].code, 2);		/* SEGV_ACCERR */
	assert_int_equal(a.res[6].val, 4 * CONF_PAGE);
	assert_int_equal(a.res[6].done, CONF_PAGE - 7);
	/* a hole: MAPERR */
	assert_int_equal(a.res[7].kind, CONF_RET_SIG);
	assert_int_equal(a.res[7].code, 1);
	/* the parent still reads 0x11 after the child stored 0x22 */
	assert_int_equal(a.res[9].kind, CONF_RET_INT);
	assert_true(a.res[9].aux[0] == conf_outcome(0, 0, 2 * CONF_PAGE));
	assert_true(a.res[9].aux[2] == conf_outcome(0, 0, 2 * CONF_PAGE));
	{
		static uint8_t x[2 * 4096];

		memset(x, 0x11, sizeof(x));
		assert_true(a.res[9].aux[1] ==
			    conf_hash(CONF_HASH_INIT, x, sizeof(x)));
	}
	/* the last page of the window reads, the guard after it: ACCERR */
	assert_int_equal(a.res[12].kind, CONF_RET_SIG);
	assert_int_equal(a.res[12].code, 2);
	assert_int_equal(a.res[12].val, CONF_WINDOW_BYTES);
	assert_int_equal(a.res[12].abs, 0);
	conf_trace_free(&a);
	conf_trace_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gen_deterministic),
		cmocka_unit_test(test_gen_features),
		cmocka_unit_test(test_gen_valid_in_window),
		cmocka_unit_test(test_op_format),
		cmocka_unit_test(test_maps_parse),
		cmocka_unit_test(test_maps_normalise),
		cmocka_unit_test(test_host_twice),
		cmocka_unit_test(test_touch_by_hand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
