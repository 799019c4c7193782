// SPDX-License-Identifier: MIT
/*
 * test_shm.c - SysV shared memory through the public API (peiosmm/ipc.h):
 * bad input to every call (a refused call changes nothing: the table,
 * the commit charge and the address space stay as they were), and the
 * object lifecycles: a segment outliving its creator, attachments
 * inherited by fork and dropped by exit and shmdt, IPC_RMID while
 * attached, and a machine destroyed with segments still in use (the
 * allocator's leak check in pmm_sim_destroy()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fx_sim.h"

#define PG		4096ull
#define BASE		0x200000000000ull

static void sim_ok(struct pmm_sim *sim)
{
	char msg[512];
	int err = pmm_sim_check(sim, msg, sizeof(msg));

	if (err)
		print_error("pmm_sim_check: %s\n", msg);
	assert_int_equal(err, 0);
}

static int used_ids(struct pmm_sim *sim, pmm_pid_t pid)
{
	union pmm_shmctl_buf b;

	assert_true(pmm_shmctl(sim, pid, 0, PMM_SHM_INFO, &b) >= 0);
	return b.shm_info.used_ids;
}

static uint64_t committed_kb(struct pmm_sim *sim)
{
	char buf[4096], *p;

	assert_true(pmm_proc_read(sim, 0, "/proc/meminfo", buf,
				  sizeof(buf)) > 0);
	p = strstr(buf, "Committed_AS:");
	assert_non_null(p);
	return strtoull(p + 13, NULL, 10);
}

static uint64_t nattch(struct pmm_sim *sim, pmm_pid_t pid, int id)
{
	union pmm_shmctl_buf b;

	assert_int_equal(pmm_shmctl(sim, pid, id, PMM_IPC_STAT, &b), 0);
	return b.ds.shm_nattch;
}

/* ---- bad input -------------------------------------------------------------- */

static void test_shm_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL);
	union pmm_shmctl_buf b;
	uint64_t addr = 0, c0;
	int id;

	id = pmm_shmget(sim, a, 0x77, 3 * PG, PMM_IPC_CREAT | 0600);
	assert_true(id >= 0);
	c0 = committed_kb(sim);

	assert_int_equal(pmm_shmget(NULL, a, 1, PG, PMM_IPC_CREAT), -EINVAL);
	assert_int_equal(pmm_shmget(sim, 9999, 1, PG, PMM_IPC_CREAT), -ESRCH);
	assert_int_equal(pmm_shmget(sim, a, 2, 0, PMM_IPC_CREAT), -EINVAL);
	assert_int_equal(pmm_shmget(sim, a, 2, UINT64_MAX, PMM_IPC_CREAT),
			 -EINVAL);
	assert_int_equal(pmm_shmget(sim, a, 0x77, 4 * PG, 0), -EINVAL);

	assert_int_equal(pmm_shmat(NULL, a, id, 0, 0, &addr), -EINVAL);
	assert_int_equal(pmm_shmat(sim, 9999, id, 0, 0, &addr), -ESRCH);
	assert_int_equal(pmm_shmat(sim, a, id, 0, 0, NULL), -EINVAL);
	assert_int_equal(pmm_shmat(sim, a, -1, 0, 0, &addr), -EINVAL);
	assert_int_equal(pmm_shmat(sim, a, id + 1, 0, 0, &addr), -EINVAL);
	assert_int_equal(pmm_shmat(sim, a, id, BASE + 1, 0, &addr), -EINVAL);
	assert_int_equal(pmm_shmat(sim, a, id, 0, PMM_SHM_REMAP, &addr),
			 -EINVAL);
	assert_int_equal(pmm_shmat(sim, a, id, PG - 1,
				   PMM_SHM_RND | PMM_SHM_REMAP, &addr),
			 -EINVAL);
	/* past the user address space */
	assert_true(pmm_shmat(sim, a, id, 1ull << 62, 0, &addr) < 0);
	assert_int_equal(addr, 0);

	assert_int_equal(pmm_shmdt(NULL, a, BASE), -EINVAL);
	assert_int_equal(pmm_shmdt(sim, 9999, BASE), -ESRCH);
	assert_int_equal(pmm_shmdt(sim, a, BASE + 1), -EINVAL);
	assert_int_equal(pmm_shmdt(sim, a, BASE), -EINVAL);

	assert_int_equal(pmm_shmctl(NULL, a, id, PMM_IPC_STAT, &b), -EINVAL);
	assert_int_equal(pmm_shmctl(sim, 9999, id, PMM_IPC_STAT, &b), -ESRCH);
	assert_int_equal(pmm_shmctl(sim, a, -1, PMM_IPC_STAT, &b), -EINVAL);
	assert_int_equal(pmm_shmctl(sim, a, id, -1, &b), -EINVAL);
	assert_int_equal(pmm_shmctl(sim, a, id, 77, &b), -EINVAL);
	assert_int_equal(pmm_shmctl(sim, a, id, PMM_IPC_STAT, NULL), -EFAULT);
	assert_int_equal(pmm_shmctl(sim, a, id, PMM_IPC_SET, NULL), -EFAULT);
	assert_int_equal(pmm_shmctl(sim, a, 0, PMM_IPC_INFO, NULL), -EFAULT);
	assert_int_equal(pmm_shmctl(sim, a, 0, PMM_SHM_INFO, NULL), -EFAULT);
	assert_int_equal(pmm_shmctl(sim, a, 63, PMM_SHM_STAT, &b), -EINVAL);
	assert_int_equal(pmm_shmctl(sim, a, id + 1, PMM_IPC_RMID, NULL),
			 -EINVAL);
	assert_int_equal(pmm_shmctl(sim, a, id + 1, PMM_SHM_LOCK, NULL),
			 -EINVAL);

	/* nothing changed */
	assert_int_equal(used_ids(sim, a), 1);
	assert_int_equal(committed_kb(sim), c0);
	assert_int_equal(nattch(sim, a, id), 0);
	sim_ok(sim);
}

/* ---- lifecycles ------------------------------------------------------------- */

static void test_shm_outlives_creator(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), b = fx_process(sim, NULL);
	struct pmm_access_result r;
	uint64_t addr;
	int id;

	id = pmm_shmget(sim, a, 0x99, 2 * PG, PMM_IPC_CREAT | 0666);
	assert_true(id >= 0);
	assert_int_equal(pmm_shmat(sim, a, id, 0, 0, &addr), 0);
	assert_int_equal(pmm_fill(sim, a, addr, 2 * PG, 0xcd, &r), 0);
	assert_int_equal(pmm_exit(sim, a, 0), 0);
	sim_ok(sim);
	/* not removed: it keeps its pages for the next process */
	assert_int_equal(pmm_shmget(sim, b, 0x99, 0, 0), id);
	assert_int_equal(pmm_shmat(sim, b, id, 0, PMM_SHM_RDONLY, &addr), 0);
	assert_int_equal(pmm_check(sim, b, addr, 2 * PG, 0xcd, &r), 1);
	assert_int_equal(nattch(sim, b, id), 1);
	sim_ok(sim);
}

static void test_shm_fork_and_rmid(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), child;
	struct pmm_access_result r;
	uint64_t addr, c0 = committed_kb(sim);
	int id;

	id = pmm_shmget(sim, a, PMM_IPC_PRIVATE, 4 * PG, 0600);
	assert_true(id >= 0);
	assert_int_equal(committed_kb(sim), c0 + 16);
	assert_int_equal(pmm_shmat(sim, a, id, BASE, 0, &addr), 0);
	assert_int_equal(addr, BASE);
	assert_int_equal(pmm_fork(sim, a, &child), 0);
	assert_int_equal(nattch(sim, a, id), 2);
	assert_int_equal(pmm_shmctl(sim, a, id, PMM_IPC_RMID, NULL), 0);
	sim_ok(sim);
	assert_int_equal(pmm_fill(sim, child, BASE, 4 * PG, 0x11, &r), 0);
	assert_int_equal(pmm_check(sim, a, BASE, 4 * PG, 0x11, &r), 1);
	assert_int_equal(pmm_shmdt(sim, a, BASE), 0);
	sim_ok(sim);
	assert_int_equal(used_ids(sim, a), 1);
	assert_int_equal(committed_kb(sim), c0 + 16);
	assert_int_equal(pmm_exit(sim, child, 0), 0);
	assert_int_equal(used_ids(sim, a), 0);
	assert_int_equal(committed_kb(sim), c0);
	assert_int_equal(pmm_shmctl(sim, a, id, PMM_IPC_STAT, &(union
			 pmm_shmctl_buf){ .ds = { .shm_segsz = 0 } }), -EINVAL);
	sim_ok(sim);
}

/* The machine goes with segments attached, removed-but-attached, locked. */
static void test_shm_destroy_machine_in_use(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tok = fx_token(sim, "locker", PRIV(4),
					 PMM_IL_MEDIUM);
	pmm_pid_t a = fx_process(sim, tok), child;
	struct pmm_access_result r;
	uint64_t addr;
	int x, y;

	x = pmm_shmget(sim, a, 1, 3 * PG, PMM_IPC_CREAT | 0600);
	y = pmm_shmget(sim, a, 2, 5 * PG, PMM_IPC_CREAT | 0600);
	assert_true(x >= 0 && y >= 0);
	assert_int_equal(pmm_shmat(sim, a, x, 0, 0, &addr), 0);
	assert_int_equal(pmm_fill(sim, a, addr, 3 * PG, 1, &r), 0);
	assert_int_equal(pmm_shmat(sim, a, y, 0, 0, &addr), 0);
	assert_int_equal(pmm_fill(sim, a, addr, PG, 1, &r), 0);
	assert_int_equal(pmm_shmctl(sim, a, x, PMM_SHM_LOCK, NULL), 0);
	assert_int_equal(pmm_shmctl(sim, a, y, PMM_IPC_RMID, NULL), 0);
	assert_int_equal(pmm_fork(sim, a, &child), 0);
	sim_ok(sim);
	pmm_token_put(tok);
	/* fx_sim_teardown() checks and destroys: nothing may leak */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shm_bad_input,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_bad_input,
			fx_sim_setup_kacs, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_bad_input,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_outlives_creator,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_fork_and_rmid,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_fork_and_rmid,
			fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_destroy_machine_in_use,
			fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_shm_destroy_machine_in_use,
			fx_sim_setup_kacs, fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
