// SPDX-License-Identifier: MIT
/*
 * test_overcommit.c - the overcommit policy (src/oom/overcommit.c, spec 06
 * §3, rules 3-8): oom_enough_memory() at its boundaries in each of the
 * three modes, the admin and user reserves, the commit limit from
 * overcommit_ratio and overcommit_kbytes (and the same number in
 * /proc/meminfo), Linux's wrap-around for out-of-range tunables, bad
 * input, and the hook the machine installs (through the public API).
 *
 * The fixture machine has 2 x 64 MiB: totalram = 32768 pages, no swap,
 * no hugetlb pool.  Every charge a test makes directly is given back
 * before teardown, whose pmm_sim_check() compares Committed_AS with the
 * mms.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fx_sim.h"
#include "kernel/kernel.h"
#include "oom/oom.h"

#define RAM_PAGES	32768ull
#define PG		4096ull
#define PROT_RW		0x3u
#define MAP_PRIV_ANON	0x22u	/* MAP_PRIVATE | MAP_ANONYMOUS */

static void set(struct pmm_sim *sim, const char *name, const char *value)
{
	assert_int_equal(pmm_sysctl_set(sim, name, value), 0);
}

static uint64_t committed(const struct pmm_sim *sim)
{
	return sim->vm.committed;
}

/* Strict mode with both reserves off: allowed == the commit limit. */
static void strict_no_reserves(struct pmm_sim *sim)
{
	set(sim, "vm.admin_reserve_kbytes", "0");
	set(sim, "vm.user_reserve_kbytes", "0");
	set(sim, "vm.overcommit_memory", "2");
}

/* Charge @pages and expect @want; a granted charge is given back. */
static void try_charge(struct pmm_sim *sim, const struct pmm_mm *mm,
		       int64_t pages, bool admin, int want)
{
	uint64_t before = committed(sim);

	assert_int_equal(oom_enough_memory(sim, mm, pages, admin), want);
	if (want) {
		assert_int_equal(committed(sim), before);
		return;
	}
	assert_int_equal(committed(sim), before + (uint64_t)pages);
	vm_unacct_memory(sim, pages);
}

static long meminfo_kb(struct pmm_sim *sim, const char *field)
{
	char buf[8192], *p;

	assert_true(pmm_proc_read(sim, 0, "/proc/meminfo", buf, sizeof(buf)) > 0);
	p = strstr(buf, field);
	assert_non_null(p);
	return strtol(p + strlen(field), NULL, 10);
}

/* Rules 7, 8: the limit, and /proc/meminfo shows the very same number. */
static void test_overcommit_commit_limit(void **state)
{
	struct pmm_sim *sim = *state;

	assert_int_equal(oom_commit_limit(sim), RAM_PAGES / 2);
	assert_int_equal(meminfo_kb(sim, "CommitLimit:"), RAM_PAGES / 2 * 4);
	set(sim, "vm.overcommit_ratio", "100");
	assert_int_equal(oom_commit_limit(sim), RAM_PAGES);
	set(sim, "vm.overcommit_ratio", "33");
	assert_int_equal(oom_commit_limit(sim), RAM_PAGES * 33 / 100);
	assert_int_equal(meminfo_kb(sim, "CommitLimit:"), RAM_PAGES * 33 / 100 * 4);
	set(sim, "vm.overcommit_ratio", "0");
	assert_int_equal(oom_commit_limit(sim), 0);
	/* kbytes wins when set, rounded down to pages, and zeroes the ratio */
	set(sim, "vm.overcommit_kbytes", "1003");
	assert_int_equal(oom_commit_limit(sim), 250);
	assert_int_equal(meminfo_kb(sim, "CommitLimit:"), 1000);
	set(sim, "vm.overcommit_kbytes", "3");
	assert_int_equal(oom_commit_limit(sim), 0);
	/* a ratio write zeroes kbytes again */
	set(sim, "vm.overcommit_ratio", "50");
	assert_int_equal(oom_commit_limit(sim), RAM_PAGES / 2);
	/* overcommit_ratio has no bounds: unsigned long * int, as Linux */
	set(sim, "vm.overcommit_ratio", "-1");
	assert_int_equal(oom_commit_limit(sim), (0 - RAM_PAGES) / 100);
	set(sim, "vm.overcommit_ratio", "50");
}

/* Rule 3: mode 1 grants anything, charging it in full. */
static void test_overcommit_always(void **state)
{
	struct pmm_sim *sim = *state;

	set(sim, "vm.overcommit_memory", "1");
	try_charge(sim, NULL, 0, false, 0);
	try_charge(sim, NULL, 1000 * (int64_t)RAM_PAGES, false, 0);
	try_charge(sim, NULL, INT64_MAX / 2, false, 0);
	/* even past everything already committed */
	assert_int_equal(oom_enough_memory(sim, NULL, 2 * RAM_PAGES, false), 0);
	try_charge(sim, NULL, 2 * RAM_PAGES, false, 0);
	vm_unacct_memory(sim, 2 * RAM_PAGES);
}

/* Rules 4, 5: mode 0 refuses a single request above RAM + swap only. */
static void test_overcommit_guess(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_mm mm;

	memset(&mm, 0, sizeof(mm));
	mm.total_vm = 1ull << 40;	/* no reserve in mode 0 */
	assert_int_equal(sysctl_get(&sim->sysctl, SYSCTL_VM_OVERCOMMIT_MEMORY),
			 OVERCOMMIT_GUESS);
	try_charge(sim, &mm, RAM_PAGES, false, 0);
	try_charge(sim, &mm, RAM_PAGES + 1, false, -ENOMEM);
	try_charge(sim, &mm, INT64_MAX, true, -ENOMEM);
	try_charge(sim, NULL, 0, false, 0);
	/* what is committed already does not count */
	assert_int_equal(oom_enough_memory(sim, &mm, RAM_PAGES, false), 0);
	try_charge(sim, &mm, RAM_PAGES, false, 0);
	try_charge(sim, &mm, RAM_PAGES + 1, true, -ENOMEM);
	vm_unacct_memory(sim, RAM_PAGES);
	/* the limit and its ratio play no part */
	set(sim, "vm.overcommit_ratio", "0");
	try_charge(sim, &mm, RAM_PAGES, false, 0);
	set(sim, "vm.overcommit_ratio", "50");
}

/* Rule 6: mode 2, Committed_AS with the charge must stay below allowed. */
static void test_overcommit_never_boundary(void **state)
{
	struct pmm_sim *sim = *state;
	uint64_t limit = RAM_PAGES / 2;

	strict_no_reserves(sim);
	try_charge(sim, NULL, (int64_t)limit, false, -ENOMEM);
	try_charge(sim, NULL, (int64_t)limit - 1, false, 0);
	try_charge(sim, NULL, 0, false, 0);
	/* step up to one below the limit, then nothing more fits */
	assert_int_equal(oom_enough_memory(sim, NULL, (int64_t)limit - 2,
					   false), 0);
	try_charge(sim, NULL, 2, false, -ENOMEM);
	try_charge(sim, NULL, 1, false, 0);
	assert_int_equal(oom_enough_memory(sim, NULL, 1, false), 0);
	assert_int_equal(committed(sim), limit - 1);
	try_charge(sim, NULL, 1, true, -ENOMEM);
	/* at the limit even an empty charge is refused (6.x asks anyway) */
	__vm_acct_memory(sim, 1);
	try_charge(sim, NULL, 0, true, -ENOMEM);
	vm_unacct_memory(sim, (int64_t)limit);
	assert_int_equal(committed(sim), 0);
	/* the limit is read at each charge */
	set(sim, "vm.overcommit_ratio", "100");
	try_charge(sim, NULL, (int64_t)RAM_PAGES - 1, false, 0);
	try_charge(sim, NULL, (int64_t)RAM_PAGES, false, -ENOMEM);
	set(sim, "vm.overcommit_kbytes", "40");	/* 10 pages */
	try_charge(sim, NULL, 9, false, 0);
	try_charge(sim, NULL, 10, false, -ENOMEM);
	set(sim, "vm.overcommit_ratio", "50");
}

/* §3.1: the admin reserve is kept back from callers without the privilege. */
static void test_overcommit_admin_reserve(void **state)
{
	struct pmm_sim *sim = *state;
	uint64_t limit = RAM_PAGES / 2;

	strict_no_reserves(sim);
	set(sim, "vm.admin_reserve_kbytes", "4003");	/* 1000 pages */
	try_charge(sim, NULL, (int64_t)(limit - 1000), false, -ENOMEM);
	try_charge(sim, NULL, (int64_t)(limit - 1001), false, 0);
	try_charge(sim, NULL, (int64_t)(limit - 1), true, 0);
	try_charge(sim, NULL, (int64_t)limit, true, -ENOMEM);
	/* a reserve as large as the limit shuts out everyone unprivileged */
	set(sim, "vm.admin_reserve_kbytes", "65536");	/* 16384 pages */
	try_charge(sim, NULL, 0, false, -ENOMEM);
	try_charge(sim, NULL, 1, false, -ENOMEM);
	try_charge(sim, NULL, (int64_t)(limit - 1), true, 0);
	/* larger still: allowed goes negative, as Linux's long does */
	set(sim, "vm.admin_reserve_kbytes", "18446744073709551615");
	try_charge(sim, NULL, 0, false, -ENOMEM);
	try_charge(sim, NULL, 1, true, 0);
}

/* §3.1: each mm leaves min(total_vm / 32, user reserve) to the others. */
static void test_overcommit_user_reserve(void **state)
{
	struct pmm_sim *sim = *state;
	uint64_t limit = RAM_PAGES / 2;
	struct pmm_mm mm;

	memset(&mm, 0, sizeof(mm));
	strict_no_reserves(sim);
	set(sim, "vm.user_reserve_kbytes", "4000");	/* 1000 pages */
	mm.total_vm = 3200;				/* / 32 = 100 */
	try_charge(sim, &mm, (int64_t)(limit - 100), false, -ENOMEM);
	try_charge(sim, &mm, (int64_t)(limit - 101), false, 0);
	/* the privilege does not lift the user reserve */
	try_charge(sim, &mm, (int64_t)(limit - 100), true, -ENOMEM);
	/* total_vm / 32 rounds down */
	mm.total_vm = 3231;
	try_charge(sim, &mm, (int64_t)(limit - 101), false, 0);
	mm.total_vm = 3232;
	try_charge(sim, &mm, (int64_t)(limit - 101), false, -ENOMEM);
	/* the smaller of the two: here the reserve */
	mm.total_vm = 1ull << 30;
	try_charge(sim, &mm, (int64_t)(limit - 1000), false, -ENOMEM);
	try_charge(sim, &mm, (int64_t)(limit - 1001), false, 0);
	/* no mm, no user reserve */
	try_charge(sim, NULL, (int64_t)(limit - 1), false, 0);
	/* both reserves add up */
	set(sim, "vm.admin_reserve_kbytes", "400");	/* 100 pages */
	mm.total_vm = 3200;
	try_charge(sim, &mm, (int64_t)(limit - 200), false, -ENOMEM);
	try_charge(sim, &mm, (int64_t)(limit - 201), false, 0);
	try_charge(sim, &mm, (int64_t)(limit - 101), true, 0);
	/* the reserves count in mode 2 only */
	set(sim, "vm.overcommit_memory", "0");
	try_charge(sim, &mm, (int64_t)RAM_PAGES, false, 0);
}

/* Out-of-range tunables wrap as the kernel's unsigned long does. */
static void test_overcommit_never_wraps(void **state)
{
	struct pmm_sim *sim = *state;

	strict_no_reserves(sim);
	/* ratio -1: (RAM * ULONG_MAX) / 100, a huge positive limit */
	set(sim, "vm.overcommit_ratio", "-1");
	try_charge(sim, NULL, 1000 * (int64_t)RAM_PAGES, false, 0);
	/* ratio -100: (2^64 - 100 * RAM) / 100 still fits in a long */
	set(sim, "vm.overcommit_ratio", "-100");
	try_charge(sim, NULL, 1000 * (int64_t)RAM_PAGES, false, 0);
	/* kbytes near ULONG_MAX: >> 2 is positive as a long */
	set(sim, "vm.overcommit_kbytes", "18446744073709551615");
	try_charge(sim, NULL, INT64_MAX / 4, false, 0);
	set(sim, "vm.overcommit_ratio", "50");
}

/* Bad input is refused with -EINVAL and changes nothing. */
static void test_overcommit_bad_input(void **state)
{
	struct pmm_sim *sim = *state;

	assert_int_equal(oom_enough_memory(NULL, NULL, 1, false), -EINVAL);
	for (int mode = 0; mode <= 2; mode++) {
		char v[2] = { (char)('0' + mode), 0 };

		set(sim, "vm.overcommit_memory", v);
		try_charge(sim, NULL, -1, false, -EINVAL);
		try_charge(sim, NULL, INT64_MIN, true, -EINVAL);
	}
	/* the sysctl itself refuses modes other than 0, 1, 2 (rule 2) */
	assert_int_equal(pmm_sysctl_set(sim, "vm.overcommit_memory", "3"),
			 -EINVAL);
	assert_int_equal(pmm_sysctl_set(sim, "vm.overcommit_memory", "-1"),
			 -EINVAL);
	assert_int_equal(sysctl_get(&sim->sysctl, SYSCTL_VM_OVERCOMMIT_MEMORY),
			 2);
}

/*
 * The machine installs the policy: mmap through the public API is refused
 * at the limit, and the admin reserve follows the caller's token (gate row
 * overcommit_admin_reserve: CAP_SYS_ADMIN -> SeTcbPrivilege).
 */
static void test_overcommit_hook_installed(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tcb = fx_token(sim, "svc", PRIV(PMM_SE_TCB),
					 PMM_IL_MEDIUM);
	pmm_pid_t u = fx_process(sim, NULL), t = fx_process(sim, tcb);
	uint64_t limit = RAM_PAGES / 2;
	int64_t a, b;

	assert_non_null(sim->vm.enough_memory);
	strict_no_reserves(sim);
	set(sim, "vm.admin_reserve_kbytes", "400");	/* 100 pages */
	assert_int_equal(pmm_mmap(sim, u, 0, (limit - 100) * PG, PROT_RW,
				  MAP_PRIV_ANON, -1, 0), -ENOMEM);
	assert_int_equal(committed(sim), 0);
	a = pmm_mmap(sim, u, 0, (limit - 101) * PG, PROT_RW, MAP_PRIV_ANON,
		     -1, 0);
	assert_true(a > 0);
	assert_int_equal(pmm_mmap(sim, u, 0, PG, PROT_RW, MAP_PRIV_ANON, -1, 0),
			 -ENOMEM);
	b = pmm_mmap(sim, t, 0, 100 * PG, PROT_RW, MAP_PRIV_ANON, -1, 0);
	assert_true(b > 0);
	assert_int_equal(committed(sim), limit - 1);
	assert_int_equal(pmm_mmap(sim, t, 0, PG, PROT_RW, MAP_PRIV_ANON, -1, 0),
			 -ENOMEM);
	assert_int_equal(meminfo_kb(sim, "Committed_AS:"), (limit - 1) * 4);
	assert_int_equal(pmm_munmap(sim, u, (uint64_t)a, (limit - 101) * PG), 0);
	assert_int_equal(pmm_munmap(sim, t, (uint64_t)b, 100 * PG), 0);
	assert_int_equal(committed(sim), 0);
	pmm_token_put(tcb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overcommit_commit_limit,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_always,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_guess,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_never_boundary,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_admin_reserve,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_user_reserve,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_never_wraps,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_hook_installed,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_hook_installed,
			fx_sim_setup_kacs, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_overcommit_hook_installed,
			fx_sim_setup_linux, fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
