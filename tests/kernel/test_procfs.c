// SPDX-License-Identifier: MIT
/*
 * test_procfs.c - the /proc and /sys dispatcher (src/proc/proc.c): lookup,
 * bad input, the per-file gates, oom_score_adj and sysctl writes.
 */
#include <errno.h>
#include <string.h>

#include "fx_sim.h"

static void test_procfs_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	char buf[64];
	pmm_pid_t a = fx_process(sim, NULL);

	assert_int_equal(pmm_proc_read(NULL, 0, "/proc/meminfo", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(pmm_proc_read(sim, 0, NULL, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/meminfo", NULL, 10), -EINVAL);
	assert_int_equal(pmm_proc_read(sim, 0, "proc/meminfo", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/nothing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/self/status", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/0042/status", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/99999999999/status", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/1/nothing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_read(sim, 77, "/proc/meminfo", buf, sizeof(buf)), -ESRCH);
	assert_int_equal(pmm_proc_read(sim, 0, "/sys/devices/system/node/node2/meminfo", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_read(sim, 0, "/sys/devices/system/node/node1/meminfo2", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pmm_proc_write(sim, a, "/proc/1/status", "x", 1), -EACCES);
	assert_int_equal(pmm_proc_write(sim, a, "/proc/meminfo", "x", 1), -EACCES);
	assert_int_equal(pmm_proc_write(sim, 0, "/proc/sys/vm/swappiness", NULL, 3), -EINVAL);
}

/* The length is returned in full even when the buffer is short (snprintf). */
static void test_procfs_short_buffer_reports_full_length(void **state)
{
	struct pmm_sim *sim = *state;
	char small[8], big[8192];
	long n = pmm_proc_read(sim, 0, "/proc/meminfo", big, sizeof(big));

	assert_true(n > 1000);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/meminfo", small, sizeof(small)), n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/meminfo", NULL, 0), n);
	assert_memory_equal(small, big, sizeof(small) - 1);
}

static void test_procfs_status_and_limits_text(void **state)
{
	struct pmm_sim *sim = *state;
	char buf[4096];
	pmm_pid_t a = fx_process(sim, NULL), t;

	assert_int_equal(pmm_thread_create(sim, a, &t), 0);
	assert_true(pmm_proc_read(sim, a, "/proc/self/status", buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "Name:\tproc\n"));
	assert_non_null(strstr(buf, "\nPid:\t1\nPPid:\t0\n"));
	assert_non_null(strstr(buf, "\nThreads:\t2\n"));
	/* an empty address space: task_mem() lines, all zero */
	assert_non_null(strstr(buf, "\nVmSize:\t       0 kB\nVmLck:\t       0 kB\n"));
	assert_non_null(strstr(buf, "\nVmRSS:\t       0 kB\nRssAnon:\t       0 kB\n"));
	assert_non_null(strstr(buf, "\nHugetlbPages:\t       0 kB\nCoreDumping:\t0\n"));
	assert_true(pmm_proc_read(sim, 0, "/proc/1/limits", buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf,
		"Max locked memory         8388608              8388608              bytes     \n"));
	assert_non_null(strstr(buf,
		"Max address space         unlimited            unlimited            bytes     \n"));
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/1/maps", buf, sizeof(buf)), 0);
}

/*
 * oom_score_adj: raising is free, lowering below the floor needs the
 * oom_score_adj_lower gate (SeTcb in peios), a bad value changes nothing,
 * another user's process needs PROCESS_SET_INFORMATION.
 */
static void test_procfs_oom_score_adj_write(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tcb = fx_token(sim, "root", PRIV(PMM_SE_TCB), PMM_IL_HIGH);
	struct pmm_token *bob = fx_token(sim, "bob", 0, PMM_IL_MEDIUM);
	pmm_pid_t a = fx_process(sim, NULL), r = fx_process(sim, tcb);
	pmm_pid_t b = fx_process(sim, bob);
	char buf[32];

	assert_int_equal(pmm_proc_write(sim, a, "/proc/self/oom_score_adj", "500\n", 4), 4);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/1/oom_score_adj", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "500\n");
	assert_int_equal(pmm_proc_write(sim, a, "/proc/self/oom_score_adj", "-1", 2), -EACCES);
	assert_int_equal(pmm_proc_write(sim, a, "/proc/self/oom_score_adj", "1001", 4), -EINVAL);
	assert_int_equal(pmm_proc_write(sim, a, "/proc/self/oom_score_adj", "12x", 3), -EINVAL);
	assert_int_equal(pmm_proc_write(sim, a, "/proc/self/oom_score_adj", "", 0), -EINVAL);
	assert_int_equal(pmm_proc_read(sim, 0, "/proc/1/oom_score_adj", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "500\n");
	assert_int_equal(pmm_proc_write(sim, r, "/proc/self/oom_score_adj", "-1000", 5), 5);
	assert_int_equal(pmm_proc_write(sim, b, "/proc/1/oom_score_adj", "900", 3), -EACCES);
	pmm_token_put(tcb);
	pmm_token_put(bob);
}

/* min_free_kbytes writes recompute the zone watermarks (Linux sysctl handler). */
static void test_procfs_min_free_kbytes_moves_watermarks(void **state)
{
	struct pmm_sim *sim = *state;
	char before[16384], after[16384];

	assert_true(pmm_proc_read(sim, 0, "/proc/zoneinfo", before, sizeof(before)) > 0);
	assert_int_equal(pmm_proc_write(sim, 0, "/proc/sys/vm/min_free_kbytes", "8192", 4), 4);
	assert_true(pmm_proc_read(sim, 0, "/proc/zoneinfo", after, sizeof(after)) > 0);
	assert_string_not_equal(before, after);
	assert_int_equal(pmm_proc_write(sim, 0, "/proc/sys/vm/min_free_kbytes", "-5", 2), -EINVAL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_sim_setup, fx_sim_teardown)
	const struct CMUnitTest tests[] = {
		T(test_procfs_bad_input),
		T(test_procfs_short_buffer_reports_full_length),
		T(test_procfs_status_and_limits_text),
		T(test_procfs_oom_score_adj_write),
		T(test_procfs_min_free_kbytes_moves_watermarks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
