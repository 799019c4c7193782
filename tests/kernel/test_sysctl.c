// SPDX-License-Identifier: MIT
/*
 * test_sysctl.c - unit tests of the memory sysctl table (kernel/sysctl.c).
 *
 * This file owns the checks that every row of kernel/sysctl_table.h is
 * sane, that text is parsed and printed exactly as Linux's /proc/sys
 * handlers do, that paired sysctls reset each other, that computed defaults
 * follow the kernel's formulas (hand-computed values below), and one test
 * per Peios default a spec states, named after the spec rule.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/compiler.h"
#include "kernel/sysctl.h"

/* ---- helpers ------------------------------------------------------------- */

static struct sysctl_state state(enum pmm_profile profile)
{
	struct sysctl_state st;

	assert_int_equal(sysctl_state_init(&st, profile, NULL), 0);
	return st;
}

static int wr(struct sysctl_state *st, enum sysctl_id id, const char *s)
{
	return sysctl_write(st, id, s, strlen(s));
}

/* the /proc/sys text, asserting it fits */
static const char *rd(const struct sysctl_state *st, enum sysctl_id id,
		      char *buf, size_t size)
{
	long n = sysctl_read(st, id, buf, size);

	assert_true(n >= 0);
	assert_true((size_t)n < size);
	return buf;
}

static void assert_text(const struct sysctl_state *st, enum sysctl_id id,
			const char *want)
{
	char buf[128];

	assert_string_equal(rd(st, id, buf, sizeof(buf)), want);
}

static void assert_consistent(const struct sysctl_state *st)
{
	char msg[160];

	if (!sysctl_consistent(st, msg, sizeof(msg)))
		fail_msg("inconsistent: %s", msg);
}

/* ---- the table ----------------------------------------------------------- */

static void test_sysctl_name_lookup_roundtrip(void **unused PMM_UNUSED)
{
	unsigned int i;

	for (i = 0; i < NR_SYSCTL; i++) {
		const char *name = sysctl_name((enum sysctl_id)i);

		assert_non_null(name);
		assert_int_equal(sysctl_lookup(name), (int)i);
	}
	assert_null(sysctl_name(NR_SYSCTL));
	assert_null(sysctl_desc(NR_SYSCTL));
}

static void test_sysctl_table_defaults_within_bounds(void **unused PMM_UNUSED)
{
	unsigned int i, p;

	for (p = 0; p < PMM_PROFILE_NR; p++) {
		struct sysctl_state st = state((enum pmm_profile)p);

		assert_consistent(&st);
	}
	for (i = 0; i < NR_SYSCTL; i++) {
		const struct sysctl_desc *d = sysctl_desc((enum sysctl_id)i);

		assert_true(d->mode == 0644 || d->mode == 0600 ||
			    d->mode == 0200);
		assert_true(d->gate < SYSCTL_GATE_NR);
		assert_true(d->hook < SYSCTL_HOOK_NR);
		assert_true(d->profiles != 0);
		assert_non_null(d->ref);
		assert_true(!strncmp(d->name, "vm.", 3) ||
			    !strncmp(d->name, "kernel.", 7));
	}
}

static void test_sysctl_lookup_dotted_name(void **unused PMM_UNUSED)
{
	assert_int_equal(sysctl_lookup("vm.swappiness"), SYSCTL_VM_SWAPPINESS);
	assert_int_equal(sysctl_lookup("vm.page-cluster"),
			 SYSCTL_VM_PAGE_CLUSTER);
	assert_int_equal(sysctl_lookup("kernel.numa_balancing"),
			 SYSCTL_KERNEL_NUMA_BALANCING);
	assert_int_equal(sysctl_lookup("kernel.randomize_va_space"),
			 SYSCTL_KERNEL_RANDOMIZE_VA_SPACE);
}

static void test_sysctl_lookup_proc_path_form(void **unused PMM_UNUSED)
{
	assert_int_equal(sysctl_lookup("vm/swappiness"), SYSCTL_VM_SWAPPINESS);
	assert_int_equal(sysctl_lookup("/proc/sys/vm/swappiness"),
			 SYSCTL_VM_SWAPPINESS);
	assert_int_equal(sysctl_lookup("/proc/sys/kernel/shmmax"),
			 SYSCTL_KERNEL_SHMMAX);
	assert_int_equal(sysctl_lookup("/proc/sys/vm/drop_caches"),
			 SYSCTL_VM_DROP_CACHES);
}

static void test_sysctl_lookup_unknown_is_enoent(void **unused PMM_UNUSED)
{
	static const char *const bad[] = {
		"",
		"vm",
		"vm.",
		"swappiness",
		"vm.swappines",
		"vm.swappinessX",
		"Vm.swappiness",
		"proc/sys/vm/swappiness",
		"/proc/sys/",
		"vm..swappiness",
		"vm/page_cluster",
		"kernel.swappiness",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sysctl_lookup(bad[i]), -ENOENT);
	assert_int_equal(sysctl_lookup(NULL), -ENOENT);
}

/* spec 15 rule 27; 01 §5: a boot parameter only, no runtime knob */
static void
test_sysctl_no_stack_guard_gap_spec15_rule27(void **unused PMM_UNUSED)
{
	assert_int_equal(sysctl_lookup("vm.stack_guard_gap"), -ENOENT);
	assert_int_equal(sysctl_lookup("kernel.stack_guard_gap"), -ENOENT);
	assert_int_equal(sysctl_lookup("/proc/sys/vm/stack_guard_gap"),
			 -ENOENT);
}

static void test_sysctl_gate_classes(void **unused PMM_UNUSED)
{
	unsigned int i;

	assert_int_equal(sysctl_gate_class(SYSCTL_VM_MMAP_MIN_ADDR),
			 SYSCTL_GATE_KEY_RAWIO);
	assert_int_equal(sysctl_gate_class(SYSCTL_KERNEL_NUMA_BALANCING),
			 SYSCTL_GATE_KEY_SYSADMIN);
	assert_int_equal(sysctl_gate_class(SYSCTL_VM_MEMFD_NOEXEC),
			 SYSCTL_GATE_KEY_SYSADMIN);
	for (i = 0; i < NR_SYSCTL; i++) {
		if (i == SYSCTL_VM_MMAP_MIN_ADDR ||
		    i == SYSCTL_KERNEL_NUMA_BALANCING ||
		    i == SYSCTL_VM_MEMFD_NOEXEC)
			continue;
		assert_int_equal(sysctl_gate_class((enum sysctl_id)i),
				 SYSCTL_GATE_KEY);
	}
}

static void test_sysctl_hooks(void **unused PMM_UNUSED)
{
	assert_int_equal(sysctl_hook(SYSCTL_VM_MIN_FREE_KBYTES),
			 SYSCTL_HOOK_WATERMARKS);
	assert_int_equal(sysctl_hook(SYSCTL_VM_WATERMARK_SCALE_FACTOR),
			 SYSCTL_HOOK_WATERMARKS);
	assert_int_equal(sysctl_hook(SYSCTL_VM_LOWMEM_RESERVE_RATIO),
			 SYSCTL_HOOK_LOWMEM_RESERVE);
	assert_int_equal(sysctl_hook(SYSCTL_VM_DROP_CACHES),
			 SYSCTL_HOOK_DROP_CACHES);
	assert_int_equal(sysctl_hook(SYSCTL_VM_COMPACT_MEMORY),
			 SYSCTL_HOOK_COMPACT);
	assert_int_equal(sysctl_hook(SYSCTL_VM_NR_HUGEPAGES),
			 SYSCTL_HOOK_HUGEPAGES);
	assert_int_equal(sysctl_hook(SYSCTL_VM_NR_OVERCOMMIT_HUGEPAGES),
			 SYSCTL_HOOK_HUGEPAGES);
	assert_int_equal(sysctl_hook(SYSCTL_VM_OVERCOMMIT_MEMORY),
			 SYSCTL_HOOK_OVERCOMMIT);
	assert_int_equal(sysctl_hook(SYSCTL_VM_DIRTY_BYTES), SYSCTL_HOOK_DIRTY);
	assert_int_equal(sysctl_hook(SYSCTL_KERNEL_NUMA_BALANCING),
			 SYSCTL_HOOK_NUMA_BALANCING);
	assert_int_equal(sysctl_hook(SYSCTL_VM_USERFAULTFD_POLICY),
			 SYSCTL_HOOK_USERFAULTFD);
	assert_int_equal(sysctl_hook(SYSCTL_VM_SWAPPINESS), SYSCTL_HOOK_NONE);
}

static void test_sysctl_file_modes(void **unused PMM_UNUSED)
{
	assert_int_equal(sysctl_desc(SYSCTL_VM_DROP_CACHES)->mode, 0200);
	assert_int_equal(sysctl_desc(SYSCTL_VM_COMPACT_MEMORY)->mode, 0200);
	assert_int_equal(sysctl_desc(SYSCTL_VM_MMAP_RND_BITS)->mode, 0600);
	assert_int_equal(sysctl_desc(SYSCTL_VM_MMAP_RND_COMPAT_BITS)->mode,
			 0600);
	assert_int_equal(sysctl_desc(SYSCTL_VM_SWAPPINESS)->mode, 0644);
}

/* ---- parsing ------------------------------------------------------------- */

static void test_sysctl_swappiness_bounds_linux(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "200"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 200);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "0"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 0);
	/* spec 07 rule 23: 201 fails EINVAL */
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "201"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "-1"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 0);
	assert_true(st.user_set[SYSCTL_VM_SWAPPINESS]);
}

static void
test_sysctl_bad_value_leaves_value_unchanged(void **unused PMM_UNUSED)
{
	static const char *const bad[] = {
		"abc",
		"6x",
		"+5",
		"--5",
		"-",
		"5\r",
		"0x",
		"09",
		" ",
		"\n",
		"99999999999999999999999",
		"1.5",
		"5\0",
	};
	struct sysctl_state st = state(PMM_PROFILE_LINUX);
	unsigned int i;

	assert_int_equal(wr(&st, SYSCTL_VM_MAX_MAP_COUNT, "1000"), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = strlen(bad[i]);

		if (i == sizeof(bad) / sizeof(bad[0]) - 1)
			len = 2; /* "5" and an embedded NUL */
		assert_int_equal(
			sysctl_write(&st, SYSCTL_VM_MAX_MAP_COUNT, bad[i], len),
			-EINVAL);
		assert_int_equal(sysctl_get(&st, SYSCTL_VM_MAX_MAP_COUNT),
				 1000);
	}
	assert_consistent(&st);
}

static void test_sysctl_parse_whitespace_and_newline(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "42\n"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 42);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, " \t\n\v\f\r43 \n"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 43);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "44\t"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 44);
	/* the kernel's isspace() includes Latin-1 NBSP before a number */
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS,
			    "\xa0"
			    "45"),
			 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 45);
	/* only ' ', '\t', '\n' may follow a number */
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "46\r\n"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "46\v"), -EINVAL);
	/* white space only */
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, " \n"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 45);
}

static void
test_sysctl_zero_length_write_changes_nothing(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(sysctl_write(&st, SYSCTL_VM_SWAPPINESS, "", 0), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 60);
	assert_int_equal(sysctl_write(&st, SYSCTL_VM_SWAPPINESS, NULL, 0), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 60);
}

static void test_sysctl_parse_base_prefixes(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);
	enum sysctl_id id = SYSCTL_VM_OVERCOMMIT_RATIO; /* no bounds */

	/* base 0, as the kernel's strtoul: hex, octal, decimal */
	assert_int_equal(wr(&st, id, "0x10"), 0);
	assert_int_equal(sysctl_get(&st, id), 16);
	assert_int_equal(wr(&st, id, "0XfF"), 0);
	assert_int_equal(sysctl_get(&st, id), 255);
	assert_int_equal(wr(&st, id, "010"), 0);
	assert_int_equal(sysctl_get(&st, id), 8);
	assert_int_equal(wr(&st, id, "-0x10"), 0);
	assert_int_equal(sysctl_get(&st, id), -16);
	assert_int_equal(wr(&st, id, "-010"), 0);
	assert_int_equal(sysctl_get(&st, id), -8);
	assert_int_equal(wr(&st, id, "0"), 0);
	assert_int_equal(sysctl_get(&st, id), 0);
	/* 8 is no octal digit; "0x" without a hex digit is octal 0 + 'x' */
	assert_int_equal(wr(&st, id, "08"), -EINVAL);
	assert_int_equal(wr(&st, id, "0xg"), -EINVAL);
	assert_int_equal(wr(&st, id, "0x"), -EINVAL);
	assert_int_equal(sysctl_get(&st, id), 0);
}

static void test_sysctl_parse_extra_values_ignored(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	/* Linux consumes "5 " and ignores the rest of the write */
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "5 6"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 5);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "7 garbage"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 7);
	assert_int_equal(wr(&st, SYSCTL_VM_SWAPPINESS, "7garbage"), -EINVAL);
}

static void test_sysctl_parse_int_range(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	/* overcommit_ratio has no bounds but the int's */
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "2147483647"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), INT_MAX);
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "-2147483648"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), INT_MIN);
	assert_text(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "-2147483648\n");
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "2147483648"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "-2147483649"),
			 -EINVAL);
	/* 21 characters are refused even when the value is small */
	assert_int_equal(
		wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "000000000000000000050"),
		-EINVAL);
	assert_int_equal(
		wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "00000000000000000050"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), 40);
}

static void test_sysctl_ulong_rejects_negative(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_KBYTES, "-1"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_KBYTES, "-0"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), 50);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_SHMMAX, "18446744073709551615"),
			 0);
	assert_true(sysctl_get_u64(&st, SYSCTL_KERNEL_SHMMAX) == UINT64_MAX);
	assert_int_equal(sysctl_get(&st, SYSCTL_KERNEL_SHMMAX), INT64_MAX);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_SHMMAX, "18446744073709551616"),
			 -EINVAL);
	assert_text(&st, SYSCTL_KERNEL_SHMMAX, "18446744073709551615\n");
}

static void test_sysctl_write_truncated_at_page_size(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);
	char text[SYSCTL_WRITE_MAX + 8];

	/* Linux looks at PAGE_SIZE - 1 bytes: the number is never seen */
	memset(text, ' ', sizeof(text));
	memcpy(text + SYSCTL_WRITE_MAX, "7\n", 2);
	assert_int_equal(sysctl_write(&st, SYSCTL_VM_SWAPPINESS, text,
				      SYSCTL_WRITE_MAX + 2),
			 -EINVAL);
	memcpy(text + SYSCTL_WRITE_MAX - 1, "7\n", 2);
	assert_int_equal(sysctl_write(&st, SYSCTL_VM_SWAPPINESS, text,
				      SYSCTL_WRITE_MAX + 1),
			 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 7);
}

static void test_sysctl_jiffies_seconds(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_text(&st, SYSCTL_VM_STAT_INTERVAL, "1\n");
	assert_int_equal(wr(&st, SYSCTL_VM_LAPTOP_MODE, "-5"), 0);
	assert_text(&st, SYSCTL_VM_LAPTOP_MODE, "-5\n");
	/* INT_MAX / HZ with HZ = 1000 */
	assert_int_equal(wr(&st, SYSCTL_VM_LAPTOP_MODE, "2147483"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_LAPTOP_MODE, "2147484"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_LAPTOP_MODE), 2147483);
}

/* ---- reads --------------------------------------------------------------- */

static void test_sysctl_read_format_int(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_text(&st, SYSCTL_VM_SWAPPINESS, "60\n");
	assert_text(&st, SYSCTL_KERNEL_SHMMAX, "18446744073692774399\n");
	assert_text(&st, SYSCTL_KERNEL_SHMALL, "18446744073692774399\n");
	assert_text(&st, SYSCTL_KERNEL_SHMMNI, "4096\n");
	assert_text(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "Node\n");
}

static void test_sysctl_read_format_vector(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_text(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO,
		    "256\t256\t32\t0\t0\n");
	assert_int_equal(wr(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "1 2 3 4 5\n"),
			 0);
	assert_text(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "1\t2\t3\t4\t5\n");
	/* fewer values change only the leading elements */
	assert_int_equal(wr(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "9\t8"), 0);
	assert_text(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "9\t8\t3\t4\t5\n");
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO), 9);
	assert_int_equal(sysctl_get_vec(&st, 4), 5);
	assert_int_equal(sysctl_get_vec(&st, SYSCTL_NR_ZONES), 0);
	assert_consistent(&st);
}

static void
test_sysctl_read_returns_full_length_like_snprintf(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);
	char buf[4];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(
		sysctl_read(&st, SYSCTL_KERNEL_SHMMAX, buf, sizeof(buf)), 21);
	assert_string_equal(buf, "184");
	assert_int_equal(sysctl_read(&st, SYSCTL_VM_SWAPPINESS, NULL, 0), 3);
	assert_int_equal(
		sysctl_read(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, NULL, 0),
		(long)strlen("256\t256\t32\t0\t0\n"));
}

/* ---- write-only sysctls -------------------------------------------------- */

/* spec 08 §7, rules 21-25 */
static void
test_sysctl_drop_caches_write_only_spec08_rule24(void **unused PMM_UNUSED)
{
	unsigned int p;

	for (p = 0; p < PMM_PROFILE_NR; p++) {
		struct sysctl_state st = state((enum pmm_profile)p);
		char buf[16];

		assert_int_equal(sysctl_read(&st, SYSCTL_VM_DROP_CACHES, buf,
					     sizeof(buf)),
				 -EACCES);
		assert_int_equal(wr(&st, SYSCTL_VM_DROP_CACHES, "0"), -EINVAL);
		assert_int_equal(wr(&st, SYSCTL_VM_DROP_CACHES, "5"), -EINVAL);
		assert_int_equal(sysctl_get(&st, SYSCTL_VM_DROP_CACHES), 0);
		assert_int_equal(wr(&st, SYSCTL_VM_DROP_CACHES, "3\n"), 0);
		assert_int_equal(sysctl_get(&st, SYSCTL_VM_DROP_CACHES), 3);
		assert_int_equal(wr(&st, SYSCTL_VM_DROP_CACHES, "4"), 0);
		assert_int_equal(sysctl_get(&st, SYSCTL_VM_DROP_CACHES), 4);
		assert_consistent(&st);
	}
}

static void
test_sysctl_compact_memory_accepts_only_one(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(sysctl_read(&st, SYSCTL_VM_COMPACT_MEMORY, NULL, 0),
			 -EACCES);
	/* an empty write re-checks the stored value, still 0 */
	assert_int_equal(sysctl_write(&st, SYSCTL_VM_COMPACT_MEMORY, "", 0),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_COMPACT_MEMORY, "2"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_COMPACT_MEMORY, "0"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_COMPACT_MEMORY, "1\n"), 0);
	assert_int_equal(sysctl_write(&st, SYSCTL_VM_COMPACT_MEMORY, "", 0), 0);
	assert_consistent(&st);
}

/* ---- paired sysctls ------------------------------------------------------ */

/* spec 06 rule 2 */
static void
test_sysctl_overcommit_memory_bounds_spec06_rule2(void **unused PMM_UNUSED)
{
	unsigned int p;

	for (p = 0; p < PMM_PROFILE_NR; p++) {
		struct sysctl_state st = state((enum pmm_profile)p);

		assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_MEMORY, "3"),
				 -EINVAL);
		assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_MEMORY, "-1"),
				 -EINVAL);
		assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_MEMORY),
				 0);
		assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_MEMORY, "2"), 0);
		assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_MEMORY),
				 2);
	}
}

/* spec 06 rule 8 */
static void
test_sysctl_overcommit_kbytes_ratio_spec06_rule8(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_KBYTES, "1048576"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_KBYTES), 1048576);
	assert_consistent(&st);
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "80"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_KBYTES), 0);
	/* writing 0 kbytes still zeroes the ratio (any successful write) */
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_KBYTES, "0"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), 0);
	/* a failed write resets nothing */
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "50"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_OVERCOMMIT_KBYTES, "x"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OVERCOMMIT_RATIO), 50);
	assert_consistent(&st);
}

static void test_sysctl_dirty_ratio_bytes_exclusive(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	/* dirty_bytes: at least 2 pages; 0 is not writable */
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BYTES, "0"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BYTES, "8191"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_RATIO), 20);
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BYTES, "8192"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_RATIO), 0);
	assert_consistent(&st);
	/* rewriting the same ratio (0) keeps the bytes */
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_RATIO, "0"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BYTES), 8192);
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_RATIO, "30"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BYTES), 0);
	/* more than UINT_MAX pages: -ERANGE (Linux >= 6.10), unchanged */
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BYTES, "17592186040320"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BYTES, "17592186040321"),
			 -ERANGE);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BYTES),
			 17592186040320LL);
	assert_consistent(&st);
}

static void test_sysctl_dirty_background_pair(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BACKGROUND_BYTES, "0"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BACKGROUND_BYTES, "1"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BACKGROUND_RATIO), 0);
	/* any successful ratio write resets the bytes, even to the same 0 */
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BACKGROUND_RATIO, "0"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BACKGROUND_BYTES), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_DIRTY_BACKGROUND_RATIO, "101"),
			 -EINVAL);
	assert_int_equal(
		wr(&st, SYSCTL_VM_DIRTY_BACKGROUND_BYTES, "17592186040321"),
		-ERANGE);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BACKGROUND_RATIO), 0);
	assert_consistent(&st);
}

/* ---- sysctls with their own handler -------------------------------------- */

static void test_sysctl_lowmem_reserve_never_fails(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	/* values < 1 become 0 */
	assert_int_equal(wr(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "-5 7"), 0);
	assert_text(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "0\t7\t32\t0\t0\n");
	/* Linux's handler ignores the parse error: leading values stay */
	assert_int_equal(wr(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "11 abc 13"),
			 0);
	assert_text(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "11\t7\t32\t0\t0\n");
	assert_int_equal(wr(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "garbage"), 0);
	assert_text(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, "11\t7\t32\t0\t0\n");
	assert_consistent(&st);
}

static void
test_sysctl_numa_zonelist_order_first_letter(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "node"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "Default\n"),
			 0);
	assert_int_equal(wr(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "n"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "zone"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, " node"),
			 -EINVAL);
	assert_int_equal(
		sysctl_write(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "", 0),
		-EINVAL);
	assert_text(&st, SYSCTL_VM_NUMA_ZONELIST_ORDER, "Node\n");
}

static void test_sysctl_numa_balancing_bounds(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	/* the handler's extra2 is SYSCTL_FOUR */
	assert_int_equal(wr(&st, SYSCTL_KERNEL_NUMA_BALANCING, "3"), 0);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_NUMA_BALANCING, "4"), 0);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_NUMA_BALANCING, "5"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_NUMA_BALANCING, "-1"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_KERNEL_NUMA_BALANCING), 4);
}

static void test_sysctl_other_linux_bounds(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(wr(&st, SYSCTL_VM_WATERMARK_SCALE_FACTOR, "0"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_WATERMARK_SCALE_FACTOR, "3000"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_WATERMARK_SCALE_FACTOR, "3001"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_MMAP_RND_BITS, "27"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_MMAP_RND_BITS, "32"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_MMAP_RND_BITS, "33"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_MMAP_RND_COMPAT_BITS, "16"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_MMAP_RND_COMPAT_BITS, "7"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_PAGE_CLUSTER, "31"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_PAGE_CLUSTER, "32"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_PANIC_ON_OOM, "2"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_PANIC_ON_OOM, "3"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_MAX_MAP_COUNT, "-1"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_SHMMNI, "32768"), 0);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_SHMMNI, "32769"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_VFS_CACHE_PRESSURE_DENOM, "99"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_EXTFRAG_THRESHOLD, "1001"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_COMPACTION_PROACTIVENESS, "101"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_DEFRAG_MODE, "2"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_UNPRIVILEGED_USERFAULTFD, "2"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_UNPRIVILEGED_USERFAULTFD, "1"), 0);
	/* plain proc_dointvec: any int, even nonsense */
	assert_int_equal(wr(&st, SYSCTL_KERNEL_RANDOMIZE_VA_SPACE, "5"), 0);
	assert_int_equal(wr(&st, SYSCTL_KERNEL_RANDOMIZE_VA_SPACE, "-1"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_MMAP_MIN_ADDR, "4096"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MMAP_MIN_ADDR), 4096);
	assert_consistent(&st);
}

/* init pid namespace: since Linux 6.6 the value can be lowered again */
static void test_sysctl_memfd_noexec_bounds(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_int_equal(wr(&st, SYSCTL_VM_MEMFD_NOEXEC, "2"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_MEMFD_NOEXEC, "0"), 0);
	assert_int_equal(wr(&st, SYSCTL_VM_MEMFD_NOEXEC, "3"), -EINVAL);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MEMFD_NOEXEC), 0);
}

/* ---- profiles ------------------------------------------------------------ */

/* spec 10 §6: the Peios policy knob replaces vm.unprivileged_userfaultfd */
static void test_sysctl_userfaultfd_knob_per_profile(void **unused PMM_UNUSED)
{
	struct sysctl_state peios = state(PMM_PROFILE_PEIOS);
	struct sysctl_state lx = state(PMM_PROFILE_LINUX);
	char buf[32];

	assert_false(sysctl_present(SYSCTL_VM_UNPRIVILEGED_USERFAULTFD,
				    PMM_PROFILE_PEIOS));
	assert_false(sysctl_present(SYSCTL_VM_UNPRIVILEGED_USERFAULTFD,
				    PMM_PROFILE_PEIOS_KACS));
	assert_false(sysctl_present(SYSCTL_VM_USERFAULTFD_POLICY,
				    PMM_PROFILE_LINUX));
	assert_int_equal(sysctl_lookup_profile("vm.unprivileged_userfaultfd",
					       PMM_PROFILE_PEIOS),
			 -ENOENT);
	assert_int_equal(sysctl_lookup_profile("vm.userfaultfd_policy",
					       PMM_PROFILE_LINUX),
			 -ENOENT);
	assert_int_equal(sysctl_lookup_profile("vm/userfaultfd_policy",
					       PMM_PROFILE_PEIOS_KACS),
			 SYSCTL_VM_USERFAULTFD_POLICY);
	assert_int_equal(wr(&peios, SYSCTL_VM_UNPRIVILEGED_USERFAULTFD, "1"),
			 -ENOENT);
	assert_int_equal(sysctl_read(&peios, SYSCTL_VM_UNPRIVILEGED_USERFAULTFD,
				     buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(wr(&lx, SYSCTL_VM_USERFAULTFD_POLICY, "disabled"),
			 -ENOENT);
	assert_int_equal(sysctl_set(&lx, SYSCTL_VM_USERFAULTFD_POLICY, 0),
			 -ENOENT);
	/* mainline default since 5.11 */
	assert_text(&lx, SYSCTL_VM_UNPRIVILEGED_USERFAULTFD, "0\n");
}

/* spec 10 rule 1 */
static void
test_sysctl_userfaultfd_policy_default_spec10_rule1(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_text(&st, SYSCTL_VM_USERFAULTFD_POLICY, "user-mode-only\n");
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_USERFAULTFD_POLICY),
			 SYSCTL_UFFD_USER_MODE_ONLY);
	st = state(PMM_PROFILE_PEIOS_KACS);
	assert_text(&st, SYSCTL_VM_USERFAULTFD_POLICY, "user-mode-only\n");
}

/* spec 10 rule 8 */
static void
test_sysctl_userfaultfd_policy_values_spec10_rule8(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_int_equal(wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, "unrestricted"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, "Disabled"),
			 -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, "1"), -EINVAL);
	assert_int_equal(wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, ""), -EINVAL);
	assert_text(&st, SYSCTL_VM_USERFAULTFD_POLICY, "user-mode-only\n");
	assert_int_equal(wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, " disabled\n"),
			 0);
	assert_text(&st, SYSCTL_VM_USERFAULTFD_POLICY, "disabled\n");
	assert_int_equal(
		wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, "privileged-only"), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_USERFAULTFD_POLICY),
			 SYSCTL_UFFD_PRIVILEGED_ONLY);
	/* no ratchet: the knob may go back to the default */
	assert_int_equal(
		wr(&st, SYSCTL_VM_USERFAULTFD_POLICY, "user-mode-only"), 0);
	assert_consistent(&st);
}

/* spec 03 §3 flag table and rule 11: memfds are noexec-sealed by default */
static void
test_sysctl_memfd_noexec_default_spec03_rule11(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MEMFD_NOEXEC), 1);
	st = state(PMM_PROFILE_PEIOS_KACS);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MEMFD_NOEXEC), 1);
	st = state(PMM_PROFILE_LINUX);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MEMFD_NOEXEC), 0);
}

/* spec 06 rule 1 */
static void
test_sysctl_overcommit_defaults_spec06_rule1(void **unused PMM_UNUSED)
{
	unsigned int p;

	for (p = 0; p < PMM_PROFILE_NR; p++) {
		struct sysctl_state st = state((enum pmm_profile)p);

		assert_text(&st, SYSCTL_VM_OVERCOMMIT_MEMORY, "0\n");
		assert_text(&st, SYSCTL_VM_OVERCOMMIT_RATIO, "50\n");
		assert_text(&st, SYSCTL_VM_PANIC_ON_OOM, "0\n");
		assert_text(&st, SYSCTL_VM_OVERCOMMIT_KBYTES, "0\n");
	}
}

/* spec 07 rule 23 */
static void
test_sysctl_swappiness_default_spec07_rule23(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_int_equal(sysctl_get(&st, SYSCTL_VM_SWAPPINESS), 60);
}

/* spec 08 rules 15 and 16 */
static void
test_sysctl_dirty_defaults_spec08_rules15_16(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_RATIO), 20);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BACKGROUND_RATIO), 10);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_EXPIRE_CENTISECS),
			 3000);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_WRITEBACK_CENTISECS),
			 500);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BYTES), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTY_BACKGROUND_BYTES), 0);
}

/* spec 01 rule 9; 09 §1.1 */
static void
test_sysctl_randomize_va_space_default_spec01_rule9(void **unused PMM_UNUSED)
{
	unsigned int p;

	for (p = 0; p < PMM_PROFILE_NR; p++) {
		struct sysctl_state st = state((enum pmm_profile)p);

		assert_int_equal(
			sysctl_get(&st, SYSCTL_KERNEL_RANDOMIZE_VA_SPACE), 2);
	}
}

/* spec 15 rule 12; 01 rule 13 */
static void
test_sysctl_mmap_min_addr_default_spec15_rule12(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_text(&st, SYSCTL_VM_MMAP_MIN_ADDR, "65536\n");
}

/* spec 15 rule 18; 01 rule 15 */
static void
test_sysctl_max_map_count_default_spec15_rule18(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_PEIOS);

	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MAX_MAP_COUNT), 65530);
}

static void test_sysctl_other_linux_defaults(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_int_equal(sysctl_get(&st, SYSCTL_VM_WATERMARK_SCALE_FACTOR), 10);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_WATERMARK_BOOST_FACTOR),
			 15000);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MMAP_RND_BITS), 28);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MMAP_RND_COMPAT_BITS), 8);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_VFS_CACHE_PRESSURE), 100);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_DIRTYTIME_EXPIRE_SECONDS),
			 43200);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_COMPACTION_PROACTIVENESS),
			 20);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_EXTFRAG_THRESHOLD), 500);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_OOM_DUMP_TASKS), 1);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_NR_HUGEPAGES), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_ZONE_RECLAIM_MODE), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_KERNEL_PANIC), 0);
	/* the kernel's static initialisers, without a machine */
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MIN_FREE_KBYTES), 1024);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_USER_RESERVE_KBYTES),
			 131072);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_ADMIN_RESERVE_KBYTES), 8192);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_PAGE_CLUSTER), 3);
	assert_int_equal(sysctl_get(&st, SYSCTL_KERNEL_NUMA_BALANCING), 0);
}

static void test_sysctl_state_init_rejects_bad_profile(void **unused PMM_UNUSED)
{
	struct sysctl_state st;

	assert_int_equal(sysctl_state_init(&st, PMM_PROFILE_NR, NULL), -EINVAL);
}

/* ---- computed defaults --------------------------------------------------- */

static void test_sysctl_min_free_kbytes_formula(void **unused PMM_UNUSED)
{
	/* 8 GiB: sqrt(8388608 * 16) = sqrt(134217728) = 11585.2 */
	assert_int_equal(sysctl_min_free_kbytes_default(8ULL << 20), 11585);
	/* 1 TiB: sqrt(2^30 * 16) = 2^17 */
	assert_int_equal(sysctl_min_free_kbytes_default(1ULL << 30), 131072);
	/* 4 TiB: exactly the ceiling 2^18 */
	assert_int_equal(sysctl_min_free_kbytes_default(1ULL << 32), 262144);
	/* 16 TiB: 2^19, clamped */
	assert_int_equal(sysctl_min_free_kbytes_default(1ULL << 34), 262144);
	/* 16 MiB: sqrt(262144) = 512 */
	assert_int_equal(sysctl_min_free_kbytes_default(16384), 512);
	/* 1 MiB: sqrt(16384) = 128; 512 KiB: 90, raised to 128 */
	assert_int_equal(sysctl_min_free_kbytes_default(1024), 128);
	assert_int_equal(sysctl_min_free_kbytes_default(512), 128);
	assert_int_equal(sysctl_min_free_kbytes_default(UINT64_MAX), 262144);
}

static void test_sysctl_min_free_kbytes_thp_raise(void **unused PMM_UNUSED)
{
	/* 8 GiB, zones DMA+DMA32+Normal: 512*3*2 + 512*3*9 = 16896 pages */
	assert_int_equal(sysctl_thp_min_free_kbytes(11585, 3, 2097152), 67584);
	/* 1 GiB, DMA+DMA32: 11264 pages, under 5 % (13107) */
	assert_int_equal(sysctl_thp_min_free_kbytes(4096, 2, 262144), 45056);
	/* 64 MiB: capped at 5 % = 819 pages */
	assert_int_equal(sysctl_thp_min_free_kbytes(1024, 2, 16384), 3276);
	/* never lowers */
	assert_int_equal(sysctl_thp_min_free_kbytes(100000, 3, 2097152),
			 100000);
}

static void test_sysctl_reserve_defaults(void **unused PMM_UNUSED)
{
	/* 8 GiB free: 1/32 = 262144 KiB, capped */
	assert_true(sysctl_user_reserve_kbytes_default(8ULL << 20) == 131072);
	assert_true(sysctl_admin_reserve_kbytes_default(8ULL << 20) == 8192);
	/* 64 MiB free: 65536 / 32 = 2048 */
	assert_true(sysctl_user_reserve_kbytes_default(65536) == 2048);
	assert_true(sysctl_admin_reserve_kbytes_default(65536) == 2048);
}

static void test_sysctl_page_cluster_default(void **unused PMM_UNUSED)
{
	assert_int_equal(sysctl_page_cluster_default(15ULL << 20), 2);
	assert_int_equal(sysctl_page_cluster_default(16ULL << 20), 3);
	assert_int_equal(sysctl_page_cluster_default(1ULL << 30), 3);
}

static void test_sysctl_state_init_from_machine(void **unused PMM_UNUSED)
{
	struct sysctl_machine m = {
		.ram_bytes = 8ULL << 30,
		.nr_nodes = 2,
	};
	struct sysctl_state st;

	assert_int_equal(sysctl_state_init(&st, PMM_PROFILE_LINUX, &m), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MIN_FREE_KBYTES), 11585);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_USER_RESERVE_KBYTES),
			 131072);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_ADMIN_RESERVE_KBYTES), 8192);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_PAGE_CLUSTER), 3);
	assert_int_equal(sysctl_get(&st, SYSCTL_KERNEL_NUMA_BALANCING), 1);
	assert_consistent(&st);

	m.nr_nodes = 1;
	m.thp_enabled = true;
	m.nr_lowmem_zones = 3;
	m.free_bytes = 32ULL << 20;
	assert_int_equal(sysctl_state_init(&st, PMM_PROFILE_PEIOS, &m), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MIN_FREE_KBYTES), 67584);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_USER_RESERVE_KBYTES), 1024);
	assert_int_equal(sysctl_get(&st, SYSCTL_KERNEL_NUMA_BALANCING), 0);
	/* ZONE_MOVABLE does not count toward min_free_kbytes */
	m.thp_enabled = false;
	m.lowmem_bytes = 1ULL << 30;
	assert_int_equal(sysctl_state_init(&st, PMM_PROFILE_PEIOS, &m), 0);
	assert_int_equal(sysctl_get(&st, SYSCTL_VM_MIN_FREE_KBYTES), 4096);
}

/* ---- bookkeeping and consistency ----------------------------------------- */

static void
test_sysctl_min_free_kbytes_write_marks_user_set(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	assert_false(st.user_set[SYSCTL_VM_MIN_FREE_KBYTES]);
	assert_int_equal(wr(&st, SYSCTL_VM_MIN_FREE_KBYTES, "-1"), -EINVAL);
	assert_false(st.user_set[SYSCTL_VM_MIN_FREE_KBYTES]);
	assert_int_equal(wr(&st, SYSCTL_VM_MIN_FREE_KBYTES, "65536"), 0);
	assert_true(st.user_set[SYSCTL_VM_MIN_FREE_KBYTES]);
}

static void test_sysctl_set_for_bookkeeping(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);

	/* the pool fell short of the 100 pages asked for */
	assert_int_equal(wr(&st, SYSCTL_VM_NR_HUGEPAGES, "100"), 0);
	assert_int_equal(sysctl_set_u64(&st, SYSCTL_VM_NR_HUGEPAGES, 37), 0);
	assert_text(&st, SYSCTL_VM_NR_HUGEPAGES, "37\n");
	/* type and bounds are checked */
	assert_int_equal(sysctl_set(&st, SYSCTL_VM_NR_HUGEPAGES, 1), -EINVAL);
	assert_int_equal(sysctl_set_u64(&st, SYSCTL_VM_SWAPPINESS, 1), -EINVAL);
	assert_int_equal(sysctl_set(&st, SYSCTL_VM_SWAPPINESS, 201), -EINVAL);
	assert_int_equal(sysctl_set(&st, SYSCTL_VM_SWAPPINESS, 10), 0);
	assert_int_equal(sysctl_set(&st, SYSCTL_VM_LOWMEM_RESERVE_RATIO, 1),
			 -EINVAL);
	assert_int_equal(sysctl_set(&st, SYSCTL_VM_DROP_CACHES, 0), 0);
	assert_consistent(&st);
}

static void test_sysctl_consistent_detects_corruption(void **unused PMM_UNUSED)
{
	struct sysctl_state st = state(PMM_PROFILE_LINUX);
	char msg[160];

	st.val[SYSCTL_VM_SWAPPINESS] = 500;
	assert_false(sysctl_consistent(&st, msg, sizeof(msg)));
	assert_string_equal(msg, "vm.swappiness: value 500 outside [0, 200]");
	st = state(PMM_PROFILE_LINUX);
	st.val[SYSCTL_VM_OVERCOMMIT_KBYTES] = 4;
	assert_false(sysctl_consistent(&st, NULL, 0));
	st = state(PMM_PROFILE_LINUX);
	st.lowmem_reserve_ratio[3] = -1;
	assert_false(sysctl_consistent(&st, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "vm.lowmem_reserve_ratio"));
	st = state(PMM_PROFILE_LINUX);
	st.val[SYSCTL_VM_USERFAULTFD_POLICY] = 3;
	assert_false(sysctl_consistent(&st, msg, sizeof(msg)));
	/* a short buffer still gets a terminated prefix */
	st = state(PMM_PROFILE_LINUX);
	st.val[SYSCTL_VM_SWAPPINESS] = 500;
	assert_false(sysctl_consistent(&st, msg, 5));
	assert_string_equal(msg, "vm.s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysctl_name_lookup_roundtrip),
		cmocka_unit_test(test_sysctl_table_defaults_within_bounds),
		cmocka_unit_test(test_sysctl_lookup_dotted_name),
		cmocka_unit_test(test_sysctl_lookup_proc_path_form),
		cmocka_unit_test(test_sysctl_lookup_unknown_is_enoent),
		cmocka_unit_test(test_sysctl_no_stack_guard_gap_spec15_rule27),
		cmocka_unit_test(test_sysctl_gate_classes),
		cmocka_unit_test(test_sysctl_hooks),
		cmocka_unit_test(test_sysctl_file_modes),
		cmocka_unit_test(test_sysctl_swappiness_bounds_linux),
		cmocka_unit_test(test_sysctl_bad_value_leaves_value_unchanged),
		cmocka_unit_test(test_sysctl_parse_whitespace_and_newline),
		cmocka_unit_test(test_sysctl_zero_length_write_changes_nothing),
		cmocka_unit_test(test_sysctl_parse_base_prefixes),
		cmocka_unit_test(test_sysctl_parse_extra_values_ignored),
		cmocka_unit_test(test_sysctl_parse_int_range),
		cmocka_unit_test(test_sysctl_ulong_rejects_negative),
		cmocka_unit_test(test_sysctl_write_truncated_at_page_size),
		cmocka_unit_test(test_sysctl_jiffies_seconds),
		cmocka_unit_test(test_sysctl_read_format_int),
		cmocka_unit_test(test_sysctl_read_format_vector),
		cmocka_unit_test(
			test_sysctl_read_returns_full_length_like_snprintf),
		cmocka_unit_test(
			test_sysctl_drop_caches_write_only_spec08_rule24),
		cmocka_unit_test(test_sysctl_compact_memory_accepts_only_one),
		cmocka_unit_test(
			test_sysctl_overcommit_memory_bounds_spec06_rule2),
		cmocka_unit_test(
			test_sysctl_overcommit_kbytes_ratio_spec06_rule8),
		cmocka_unit_test(test_sysctl_dirty_ratio_bytes_exclusive),
		cmocka_unit_test(test_sysctl_dirty_background_pair),
		cmocka_unit_test(test_sysctl_lowmem_reserve_never_fails),
		cmocka_unit_test(test_sysctl_numa_zonelist_order_first_letter),
		cmocka_unit_test(test_sysctl_numa_balancing_bounds),
		cmocka_unit_test(test_sysctl_other_linux_bounds),
		cmocka_unit_test(test_sysctl_memfd_noexec_bounds),
		cmocka_unit_test(test_sysctl_userfaultfd_knob_per_profile),
		cmocka_unit_test(
			test_sysctl_userfaultfd_policy_default_spec10_rule1),
		cmocka_unit_test(
			test_sysctl_userfaultfd_policy_values_spec10_rule8),
		cmocka_unit_test(
			test_sysctl_memfd_noexec_default_spec03_rule11),
		cmocka_unit_test(test_sysctl_overcommit_defaults_spec06_rule1),
		cmocka_unit_test(test_sysctl_swappiness_default_spec07_rule23),
		cmocka_unit_test(test_sysctl_dirty_defaults_spec08_rules15_16),
		cmocka_unit_test(
			test_sysctl_randomize_va_space_default_spec01_rule9),
		cmocka_unit_test(
			test_sysctl_mmap_min_addr_default_spec15_rule12),
		cmocka_unit_test(
			test_sysctl_max_map_count_default_spec15_rule18),
		cmocka_unit_test(test_sysctl_other_linux_defaults),
		cmocka_unit_test(test_sysctl_state_init_rejects_bad_profile),
		cmocka_unit_test(test_sysctl_min_free_kbytes_formula),
		cmocka_unit_test(test_sysctl_min_free_kbytes_thp_raise),
		cmocka_unit_test(test_sysctl_reserve_defaults),
		cmocka_unit_test(test_sysctl_page_cluster_default),
		cmocka_unit_test(test_sysctl_state_init_from_machine),
		cmocka_unit_test(
			test_sysctl_min_free_kbytes_write_marks_user_set),
		cmocka_unit_test(test_sysctl_set_for_bookkeeping),
		cmocka_unit_test(test_sysctl_consistent_detects_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
