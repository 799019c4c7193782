// SPDX-License-Identifier: MIT
/*
 * test_task.c - processes and threads: pids, fork, exit, kill, threads and
 * impersonation, rlimits and prlimit, AdjustPrivileges through a process
 * (spec 00 rules 12, 13, 14 (token part), 29, 30, 32).
 */
#include <errno.h>
#include <string.h>

#include "fx_sim.h"
#include "kernel/kernel.h"

static const struct pmm_priv_adjust enable_lock = { PMM_SE_LOCK_MEMORY,
						    PMM_SE_PRIVILEGE_ENABLED };
static const struct pmm_priv_adjust disable_lock = { PMM_SE_LOCK_MEMORY, 0 };

static void test_task_pids_sequential_and_state(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), b = fx_process(sim, NULL), t;
	int code = -1;

	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(pmm_thread_create(sim, a, &t), 0);
	assert_int_equal(t, 3);		/* threads share the pid space */
	assert_int_equal(pmm_process_state(sim, a, NULL), PMM_PROC_ALIVE);
	assert_int_equal(pmm_process_state(sim, t, NULL), PMM_PROC_NONE);
	assert_int_equal(pmm_exit(sim, t, 7), 0);	/* exit_group from a thread */
	assert_int_equal(pmm_process_state(sim, a, &code), PMM_PROC_EXITED);
	assert_int_equal(code, 7);
	/* The zombie keeps pid 1 and its dead thread's tid is free again. */
	assert_int_equal(fx_process(sim, NULL), 4);
	assert_int_equal(pmm_exit(sim, a, 0), -ESRCH);
	assert_int_equal(pmm_process_state(sim, 99, NULL), PMM_PROC_NONE);
}

/* Spec 00 rule 12: after fork the two primary tokens are independent. */
static void test_task_rule12_fork_deep_copies_token(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tok = fx_token(sim, "alice", PRIV(PMM_SE_LOCK_MEMORY),
					 PMM_IL_MEDIUM);
	struct pmm_token_privs pp, cp;
	pmm_pid_t a = fx_process(sim, tok), b;

	pmm_token_put(tok);
	assert_int_equal(pmm_fork(sim, a, &b), 0);
	assert_ptr_not_equal(pmm_process_token(sim, a),
			     pmm_process_token(sim, b));
	assert_int_equal(pmm_adjust_privileges(sim, b, 0, &disable_lock, 1, NULL), 0);
	pmm_token_privileges(pmm_process_token(sim, a), &pp);
	pmm_token_privileges(pmm_process_token(sim, b), &cp);
	assert_true(pp.enabled & PRIV(PMM_SE_LOCK_MEMORY));
	assert_false(cp.enabled & PRIV(PMM_SE_LOCK_MEMORY));
	assert_int_equal(pmm_adjust_privileges(sim, a, 0, &disable_lock, 1, NULL), 0);
	assert_int_equal(pmm_adjust_privileges(sim, b, 0, &enable_lock, 1, NULL), 0);
	pmm_token_privileges(pmm_process_token(sim, a), &pp);
	pmm_token_privileges(pmm_process_token(sim, b), &cp);
	assert_false(pp.enabled & PRIV(PMM_SE_LOCK_MEMORY));
	assert_true(cp.enabled & PRIV(PMM_SE_LOCK_MEMORY));
}

/* Spec 00 rule 13: primary-token adjustments are seen by every thread. */
static void test_task_rule13_threads_share_primary_token(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tok = fx_token(sim, "alice", PRIV(PMM_SE_LOCK_MEMORY),
					 PMM_IL_MEDIUM);
	pmm_pid_t a = fx_process(sim, tok), t2;

	assert_int_equal(pmm_thread_create(sim, a, &t2), 0);
	assert_ptr_equal(pmm_thread_effective_token(sim, t2),
			 pmm_process_token(sim, a));
	assert_int_equal(pmm_adjust_privileges(sim, a, 0, &disable_lock, 1, NULL), 0);
	assert_false(pmm_token_privilege_check(pmm_thread_effective_token(sim, t2),
					       PMM_SE_LOCK_MEMORY));
	assert_int_equal(pmm_adjust_privileges(sim, t2, 0, &enable_lock, 1, NULL), 0);
	assert_true(pmm_token_privilege_check(pmm_thread_effective_token(sim, a),
					      PMM_SE_LOCK_MEMORY));
	pmm_token_put(tok);
}

/*
 * Spec 00 rule 14 (token part) and §4: an impersonating thread's checks use
 * the impersonation token; other threads keep the primary; revert ends it.
 */
static void test_task_rule14_impersonation_is_per_thread(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *server = fx_token(sim, "svc",
		PRIV(PMM_SE_LOCK_MEMORY) | PRIV(PMM_SE_IMPERSONATE), PMM_IL_HIGH);
	struct pmm_token *client = fx_token(sim, "bob", 0, PMM_IL_MEDIUM);
	pmm_pid_t a = fx_process(sim, server), t2;

	assert_int_equal(pmm_thread_create(sim, a, &t2), 0);
	assert_int_equal(pmm_impersonate(sim, t2, client), 0);
	assert_ptr_equal(pmm_thread_effective_token(sim, t2), client);
	assert_ptr_equal(pmm_thread_effective_token(sim, a), server);
	assert_false(pmm_token_privilege_check(pmm_thread_effective_token(sim, t2),
					       PMM_SE_LOCK_MEMORY));
	assert_true(pmm_token_privilege_check(pmm_thread_effective_token(sim, a),
					      PMM_SE_LOCK_MEMORY));
	assert_int_equal(pmm_revert(sim, t2), 0);
	assert_ptr_equal(pmm_thread_effective_token(sim, t2), server);
	pmm_token_put(server);
	pmm_token_put(client);
}

/* SeImpersonatePrivilege is needed to impersonate another user's token. */
static void test_task_impersonate_other_user_needs_privilege(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *plain = fx_token(sim, "carol", 0, PMM_IL_MEDIUM);
	struct pmm_token *admin = fx_token(sim, "root", PRIV(PMM_SE_TCB),
					   PMM_IL_HIGH);
	pmm_pid_t a = fx_process(sim, plain);

	assert_int_equal(pmm_impersonate(sim, a, admin), -EPERM);
	assert_ptr_equal(pmm_thread_effective_token(sim, a), plain);
	assert_int_equal(pmm_impersonate(sim, 999, admin), -ESRCH);
	assert_int_equal(pmm_impersonate(sim, a, NULL), -EINVAL);
	pmm_token_put(plain);
	pmm_token_put(admin);
}

/* Spec 00 rule 30: raising one's own hard RLIMIT_MEMLOCK needs SeIncreaseQuota. */
static void test_task_rule30_raise_hard_limit(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tok = fx_token(sim, "alice", PRIV(PMM_SE_INCREASE_QUOTA),
					 PMM_IL_MEDIUM);
	const struct pmm_priv_adjust off = { PMM_SE_INCREASE_QUOTA, 0 };
	const struct pmm_priv_adjust on = { PMM_SE_INCREASE_QUOTA,
					    PMM_SE_PRIVILEGE_ENABLED };
	struct pmm_rlimit old, big = { 16 << 20, 16 << 20 };
	struct pmm_rlimit lower = { 1 << 20, 4 << 20 };
	struct pmm_token_privs p;
	pmm_pid_t a = fx_process(sim, tok);

	pmm_token_put(tok);
	assert_int_equal(pmm_prlimit(sim, a, 0, PMM_RLIMIT_MEMLOCK, NULL, &old), 0);
	assert_int_equal(old.cur, 8 << 20);	/* Linux default MLOCK_LIMIT */
	assert_int_equal(old.max, 8 << 20);
	assert_int_equal(pmm_adjust_privileges(sim, a, 0, &off, 1, NULL), 0);
	assert_int_equal(pmm_prlimit(sim, a, 0, PMM_RLIMIT_MEMLOCK, &big, NULL), -EPERM);
	pmm_token_privileges(pmm_process_token(sim, a), &p);
	assert_false(p.used & PRIV(PMM_SE_INCREASE_QUOTA));	/* rule 18 */
	assert_int_equal(pmm_adjust_privileges(sim, a, 0, &on, 1, NULL), 0);
	assert_int_equal(pmm_prlimit(sim, a, 0, PMM_RLIMIT_MEMLOCK, &big, &old), 0);
	assert_int_equal(old.max, 8 << 20);
	pmm_token_privileges(pmm_process_token(sim, a), &p);
	assert_true(p.used & PRIV(PMM_SE_INCREASE_QUOTA));
	/* Lowering needs nothing; soft above hard is EINVAL and changes nothing. */
	assert_int_equal(pmm_prlimit(sim, a, 0, PMM_RLIMIT_MEMLOCK, &lower, NULL), 0);
	assert_int_equal(pmm_prlimit(sim, a, 0, PMM_RLIMIT_MEMLOCK,
				     &(struct pmm_rlimit){ 5 << 20, 4 << 20 }, NULL),
			 -EINVAL);
	assert_int_equal(pmm_prlimit(sim, a, 0, PMM_RLIMIT_MEMLOCK, NULL, &old), 0);
	assert_int_equal(old.cur, 1 << 20);
	assert_int_equal(old.max, 4 << 20);
	assert_int_equal(pmm_prlimit(sim, a, 0, 99, NULL, &old), -EINVAL);
}

/*
 * Spec 00 rule 29: prlimit on another process needs PROCESS_SET_INFORMATION
 * (change) or PROCESS_QUERY_INFORMATION (read); on oneself, nothing.
 */
static void test_task_rule29_prlimit_other_process(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *alice = fx_token(sim, "alice", 0, PMM_IL_MEDIUM);
	struct pmm_token *bob = fx_token(sim, "bob", 0, PMM_IL_MEDIUM);
	struct pmm_rlimit r = { 1 << 20, 1 << 20 }, old;
	pmm_pid_t a = fx_process(sim, alice), a2 = fx_process(sim, alice);
	pmm_pid_t b = fx_process(sim, bob);

	assert_int_equal(pmm_prlimit(sim, b, a, PMM_RLIMIT_MEMLOCK, NULL, &old), -EPERM);
	assert_int_equal(pmm_prlimit(sim, b, a, PMM_RLIMIT_MEMLOCK, &r, NULL), -EPERM);
	/* Same user: the default SD grants the process's own user GENERIC_ALL. */
	assert_int_equal(pmm_prlimit(sim, a2, a, PMM_RLIMIT_MEMLOCK, &r, NULL), 0);
	assert_int_equal(pmm_prlimit(sim, b, b, PMM_RLIMIT_MEMLOCK, NULL, &old), 0);
	assert_int_equal(pmm_prlimit(sim, b, 4242, PMM_RLIMIT_MEMLOCK, NULL, &old), -ESRCH);
	pmm_token_put(alice);
	pmm_token_put(bob);
}

/* Spec 00 rule 32 (fork part): fork copies PIP; rlimits and oom_score_adj too. */
static void test_task_rule32_fork_copies_pip(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_process_config pc;
	struct pmm_rlimit r;
	pmm_pid_t a, b;

	pmm_process_config_init(&pc);
	pc.pip_type = 512;
	pc.pip_trust = 4096;
	pc.oom_score_adj = 300;
	pc.rlim[PMM_RLIMIT_MEMLOCK] = (struct pmm_rlimit){ 65536, 65536 };
	pc.rlim_set = 1u << PMM_RLIMIT_MEMLOCK;
	assert_int_equal(pmm_process_create(sim, &pc, &a), 0);
	assert_int_equal(pmm_fork(sim, a, &b), 0);
	{
		struct process *p = process_lookup(sim, b);

		assert_non_null(p);
		assert_int_equal(p->pip_type, 512);
		assert_int_equal(p->pip_trust, 4096);
		assert_int_equal(p->oom_score_adj, 300);
		assert_int_equal(p->ppid, a);
		assert_false(p->dumpable);
	}
	assert_int_equal(pmm_prlimit(sim, b, 0, PMM_RLIMIT_MEMLOCK, NULL, &r), 0);
	assert_int_equal(r.cur, 65536);
}

static void test_task_process_create_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_process_config pc;
	pmm_pid_t pid = -7;

	pmm_process_config_init(&pc);
	pc.oom_score_adj = 1001;
	assert_int_equal(pmm_process_create(sim, &pc, &pid), -EINVAL);
	pmm_process_config_init(&pc);
	pc.rlim_set = 1u << PMM_RLIMIT_AS;
	pc.rlim[PMM_RLIMIT_AS] = (struct pmm_rlimit){ 10, 5 };
	assert_int_equal(pmm_process_create(sim, &pc, &pid), -EINVAL);
	pc.rlim_set = 1u << 20;
	assert_int_equal(pmm_process_create(sim, &pc, &pid), -EINVAL);
	assert_int_equal(pmm_process_create(sim, NULL, &pid), -EINVAL);
	assert_int_equal(pid, -7);
	assert_int_equal(sim->nr_processes, 0);
	assert_int_equal(pmm_fork(sim, 12, &pid), -ESRCH);
	assert_int_equal(pmm_thread_create(sim, 12, &pid), -ESRCH);
}

/*
 * kill: SIGKILL of another user's process is denied (no PROCESS_TERMINATE
 * for Everyone in the default SD); the owner and SeDebug holders may.
 */
static void test_task_kill_gated_by_process_sd(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *alice = fx_token(sim, "alice", 0, PMM_IL_MEDIUM);
	struct pmm_token *bob = fx_token(sim, "bob", 0, PMM_IL_MEDIUM);
	struct pmm_token *dbg = fx_token(sim, "dave", PRIV(PMM_SE_DEBUG),
					 PMM_IL_MEDIUM);
	pmm_pid_t a = fx_process(sim, alice), b = fx_process(sim, bob);
	pmm_pid_t d = fx_process(sim, dbg), a2 = fx_process(sim, alice);
	int code;

	assert_int_equal(pmm_kill(sim, b, a, 9), -EPERM);
	assert_int_equal(pmm_kill(sim, b, a, 0), 0);	/* QUERY_LIMITED: Everyone */
	assert_int_equal(pmm_process_state(sim, a, NULL), PMM_PROC_ALIVE);
	assert_int_equal(pmm_kill(sim, d, a, 15), 0);
	assert_int_equal(pmm_process_state(sim, a, &code), PMM_PROC_KILLED);
	assert_int_equal(code, 15);
	assert_int_equal(pmm_kill(sim, a2, a2, 17), 0);	/* SIGCHLD: ignored */
	assert_int_equal(pmm_process_state(sim, a2, NULL), PMM_PROC_ALIVE);
	assert_int_equal(pmm_kill(sim, a2, a2, 65), -EINVAL);
	assert_int_equal(pmm_kill(sim, a2, 777, 9), -ESRCH);
	pmm_token_put(alice);
	pmm_token_put(bob);
	pmm_token_put(dbg);
}

/* The pid space wraps to RESERVED_PIDS and skips pids still in use. */
static void test_task_pid_wraps_to_reserved(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), b;

	sim->pids.last_pid = PID_MAX_DEFAULT - 1;
	b = fx_process(sim, NULL);
	assert_int_equal(b, RESERVED_PIDS);
	assert_int_equal(a, 1);
	assert_int_equal(pmm_exit(sim, b, 0), 0);
	sim->pids.last_pid = PID_MAX_DEFAULT - 1;
	assert_int_equal(fx_process(sim, NULL), RESERVED_PIDS + 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_sim_setup, fx_sim_teardown)
	const struct CMUnitTest tests[] = {
		T(test_task_pids_sequential_and_state),
		T(test_task_rule12_fork_deep_copies_token),
		T(test_task_rule13_threads_share_primary_token),
		T(test_task_rule14_impersonation_is_per_thread),
		T(test_task_impersonate_other_user_needs_privilege),
		T(test_task_rule30_raise_hard_limit),
		T(test_task_rule29_prlimit_other_process),
		T(test_task_rule32_fork_copies_pip),
		T(test_task_process_create_bad_input),
		T(test_task_kill_gated_by_process_sd),
		T(test_task_pid_wraps_to_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
