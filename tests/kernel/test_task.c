// SPDX-License-Identifier: MIT
/*
 * test_task.c - processes and threads: pids, fork, exit, kill, threads and
 * impersonation, rlimits and prlimit, AdjustPrivileges through a process,
 * kacs_set_sd on a process SD (spec 00 rules 12, 13, 14 (token part), 29,
 * 30, 32; §6 "Lifecycle").
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

/* ---- pmm_process_set_dacl(): kacs_set_sd on a process SD ------------------ */

static bool sd_same(const struct sd *x, const struct sd *y)
{
	if (!sid_eq(&x->owner, &y->owner) || !sid_eq(&x->group, &y->group) ||
	    x->mapping != y->mapping || x->dacl_present != y->dacl_present ||
	    x->has_label != y->has_label || x->label_il != y->label_il ||
	    x->label_policy != y->label_policy || x->nr_aces != y->nr_aces)
		return false;
	for (unsigned int i = 0; i < x->nr_aces; i++)
		if (x->aces[i].type != y->aces[i].type ||
		    x->aces[i].mask != y->aces[i].mask ||
		    !sid_eq(&x->aces[i].sid, &y->aces[i].sid))
			return false;
	return true;
}

/* What another user may do to process @pid: read its status (QUERY_INFORMATION). */
static long status_read(struct pmm_sim *sim, pmm_pid_t reader, pmm_pid_t pid)
{
	char path[32], buf[4096];

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	return pmm_proc_read(sim, reader, path, buf, sizeof(buf));
}

/*
 * Every way pmm_process_set_dacl() can fail leaves the process SD exactly
 * as it was: the same object, the same owner, group, label and entries,
 * and the same answer to another user's access.
 */
static void test_task_process_set_dacl_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *alice = fx_token(sim, "alice", 0, PMM_IL_MEDIUM);
	struct pmm_token *alice_low = fx_token(sim, "alice", 0, PMM_IL_LOW);
	struct pmm_token *bob = fx_token(sim, "bob", 0, PMM_IL_MEDIUM);
	struct pmm_token *dbg = fx_token(sim, "dave", PRIV(PMM_SE_DEBUG),
					 PMM_IL_MEDIUM);
	const struct pmm_ace grant_bob = { PMM_ACE_ALLOW, "bob",
					   PMM_PROCESS_QUERY_INFORMATION };
	struct pmm_ace two[2] = { grant_bob, grant_bob }, many[65];
	static const uint32_t bad_masks[] = {
		0x00002000u,		/* above the process rights */
		0x00200000u,		/* above the standard rights */
		0x01000000u,		/* ACCESS_SYSTEM_SECURITY */
		0x02000000u,		/* MAXIMUM_ALLOWED */
		0x04000000u,
	};
	static const char *const bad_principals[] = { NULL, "", "S-1-x",
						      "S-1-5-x-1" };
	pmm_pid_t a = fx_process(sim, alice), b = fx_process(sim, bob);
	pmm_pid_t d = fx_process(sim, dbg), z = fx_process(sim, alice), t2;
	struct process *pa = process_lookup(sim, a), *pp;
	struct pmm_process_config pc;
	struct pmm_token_privs privs;
	struct sd *orig = pa->sd, *snap = NULL, *psnap = NULL;
	pmm_pid_t prot;
	int err;

	assert_int_equal(pmm_thread_create(sim, a, &t2), 0);
	assert_int_equal(pmm_exit(sim, z, 0), 0);		/* a zombie */
	pmm_process_config_init(&pc);
	pc.token = alice;
	pc.pip_type = 512;
	pc.pip_trust = 4096;
	assert_int_equal(pmm_process_create(sim, &pc, &prot), 0);
	pp = process_lookup(sim, prot);
	assert_int_equal(sd_dup(pa->sd, &snap), 0);
	assert_int_equal(sd_dup(pp->sd, &psnap), 0);
	assert_int_equal(status_read(sim, b, a), -EACCES);

#define UNCHANGED()                                                          \
	do {                                                                 \
		assert_ptr_equal(pa->sd, orig);                              \
		assert_true(sd_same(pa->sd, snap));                          \
		assert_int_equal(status_read(sim, b, a), -EACCES);           \
	} while (0)

	/* the machine, the caller, the target */
	assert_int_equal(pmm_process_set_dacl(NULL, a, 0, &grant_bob, 1), -EINVAL);
	assert_int_equal(pmm_process_set_dacl(sim, 99999, a, &grant_bob, 1), -ESRCH);
	assert_int_equal(pmm_process_set_dacl(sim, -1, a, &grant_bob, 1), -ESRCH);
	assert_int_equal(pmm_process_set_dacl(sim, 0, a, &grant_bob, 1), -ESRCH);
	assert_int_equal(pmm_process_set_dacl(sim, z, a, &grant_bob, 1), -ESRCH);
	assert_int_equal(pmm_process_set_dacl(sim, a, -1, &grant_bob, 1), -EINVAL);
	assert_int_equal(pmm_process_set_dacl(sim, a, INT32_MIN, &grant_bob, 1),
			 -EINVAL);
	assert_int_equal(pmm_process_set_dacl(sim, a, 99999, &grant_bob, 1), -ESRCH);
	assert_int_equal(pmm_process_set_dacl(sim, a, z, &grant_bob, 1), -ESRCH);
	assert_int_equal(pmm_process_set_dacl(sim, a, t2, &grant_bob, 1), -ESRCH);
	UNCHANGED();

	/* the list: its length, then every entry, wherever the bad one is */
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, NULL, 1), -EINVAL);
	for (size_t i = 0; i < 65; i++)
		many[i] = grant_bob;
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, many, 65), -EINVAL);
	two[1].type = 2;
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, two, 2), -EINVAL);
	two[1].type = -1;
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, two, 2), -EINVAL);
	two[1] = grant_bob;
	for (size_t i = 0; i < PMM_ARRAY_SIZE(bad_masks); i++) {
		two[1].mask = PMM_PROCESS_VM_READ | bad_masks[i];
		assert_int_equal(pmm_process_set_dacl(sim, a, 0, two, 2), -EINVAL);
	}
	two[1] = grant_bob;
	for (size_t i = 0; i < PMM_ARRAY_SIZE(bad_principals); i++) {
		two[1].principal = bad_principals[i];
		assert_int_equal(pmm_process_set_dacl(sim, a, 0, two, 2), -EINVAL);
		assert_int_equal(pmm_process_set_dacl(sim, b, a, two, 2), -EINVAL);
	}
	two[1] = grant_bob;
	UNCHANGED();

	/* refusals: no WRITE_DAC for bob; MIC strips it from a lower-IL
	 * thread of a itself; PIP stops SeDebug (whose use is recorded) */
	assert_int_equal(pmm_process_set_dacl(sim, b, a, &grant_bob, 1), -EACCES);
	assert_int_equal(pmm_impersonate(sim, t2, alice_low), 0);
	assert_int_equal(pmm_process_set_dacl(sim, t2, 0, &grant_bob, 1), -EACCES);
	assert_int_equal(pmm_process_set_dacl(sim, t2, a, &grant_bob, 1), -EACCES);
	assert_int_equal(pmm_revert(sim, t2), 0);
	assert_int_equal(pmm_process_set_dacl(sim, d, prot, &grant_bob, 1),
			 -EACCES);
	pmm_token_privileges(dbg, &privs);
	assert_true(privs.used & PRIV(PMM_SE_DEBUG));
	assert_true(sd_same(pp->sd, psnap));
	UNCHANGED();

	/* out of memory at every allocation the call makes */
	for (uint64_t n = 1;; n++) {
		sim->alloc.fail_nth = sim->alloc.nr_allocs + n;
		err = pmm_process_set_dacl(sim, a, 0, two, 2);
		sim->alloc.fail_nth = 0;
		if (!err)
			break;
		assert_int_equal(err, -ENOMEM);
		assert_true(n < 8);
		UNCHANGED();
	}
#undef UNCHANGED
	/* the good call took: bob reads the status, the label is kept */
	assert_ptr_not_equal(pa->sd, orig);
	assert_true(status_read(sim, b, a) > 0);
	assert_true(sid_eq(&pa->sd->owner, &snap->owner));
	assert_true(sid_eq(&pa->sd->group, &snap->group));
	assert_true(pa->sd->has_label);
	assert_int_equal(pa->sd->label_il, PMM_IL_MEDIUM);
	assert_int_equal(pa->sd->label_policy, snap->label_policy);
	assert_int_equal(pa->sd->nr_aces, 2);
	sd_free(snap);
	sd_free(psnap);
	pmm_token_put(alice);
	pmm_token_put(alice_low);
	pmm_token_put(bob);
	pmm_token_put(dbg);
}

/*
 * WRITE_DAC decides, on one's own process too: once the owner's DACL no
 * longer grants it, the owner cannot change it back; SeDebugPrivilege and
 * an Administrator (GENERIC_ALL in the default SD) can on another process;
 * an empty DACL grants nothing, not even the probe Everyone had.
 */
static void test_task_process_set_dacl_write_dac(void **state)
{
	struct pmm_sim *sim = *state;
	static const char *const admins[] = { "Administrators", NULL };
	const struct pmm_token_config ac = { .user = "root", .groups = admins,
					     .integrity = PMM_IL_HIGH };
	struct pmm_token *alice = fx_token(sim, "alice", 0, PMM_IL_MEDIUM);
	struct pmm_token *bob = fx_token(sim, "bob", 0, PMM_IL_MEDIUM);
	struct pmm_token *dbg = fx_token(sim, "dave", PRIV(PMM_SE_DEBUG),
					 PMM_IL_MEDIUM);
	struct pmm_token *admin = NULL;
	const struct pmm_ace no_write_dac = {
		PMM_ACE_ALLOW, "alice", PMM_PROCESS_ALL_ACCESS & ~PMM_WRITE_DAC
	};
	const struct pmm_ace all_alice = { PMM_ACE_ALLOW, "alice",
					   PMM_GENERIC_ALL };
	const struct pmm_ace deny_all[2] = {
		{ PMM_ACE_DENY, "Everyone", PMM_PROCESS_ALL_ACCESS },
		{ PMM_ACE_ALLOW, "alice", PMM_GENERIC_ALL },
	};
	struct pmm_token_privs privs;
	pmm_pid_t a, b, d, r;

	assert_int_equal(pmm_token_create(sim, &ac, &admin), 0);
	a = fx_process(sim, alice);
	b = fx_process(sim, bob);
	d = fx_process(sim, dbg);
	r = fx_process(sim, admin);

	assert_int_equal(pmm_process_set_dacl(sim, a, 0, &no_write_dac, 1), 0);
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, &all_alice, 1), -EACCES);
	assert_int_equal(pmm_process_set_dacl(sim, a, a, &all_alice, 1), -EACCES);
	/* an Administrator's rights came from the old DACL: gone now */
	assert_int_equal(pmm_process_set_dacl(sim, r, a, &all_alice, 1), -EACCES);
	/* SeDebug passes the SD check and is marked used */
	assert_int_equal(pmm_process_set_dacl(sim, d, a, &all_alice, 1), 0);
	pmm_token_privileges(dbg, &privs);
	assert_true(privs.used & PRIV(PMM_SE_DEBUG));
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, &all_alice, 1), 0);
	/* an Administrator on another user's default SD */
	assert_int_equal(pmm_process_set_dacl(sim, r, b, &all_alice, 1), 0);
	assert_int_equal(pmm_process_set_dacl(sim, b, 0, &all_alice, 1), -EACCES);
	/* deny first wins over the later allow; owners get nothing implicit */
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, deny_all, 2), 0);
	assert_int_equal(pmm_process_set_dacl(sim, a, 0, &all_alice, 1), -EACCES);
	assert_int_equal(pmm_process_set_dacl(sim, d, a, NULL, 0), 0);
	assert_int_equal(process_lookup(sim, a)->sd->nr_aces, 0);
	assert_true(process_lookup(sim, a)->sd->dacl_present);
	assert_int_equal(pmm_kill(sim, b, a, 0), -EPERM);	/* no QUERY_LIMITED */
	assert_int_equal(pmm_kill(sim, d, a, 0), 0);		/* SeDebug */
	pmm_token_put(alice);
	pmm_token_put(bob);
	pmm_token_put(dbg);
	pmm_token_put(admin);
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
		T(test_task_process_set_dacl_bad_input),
		T(test_task_process_set_dacl_write_dac),
		T(test_task_pid_wraps_to_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
