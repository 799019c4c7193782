// SPDX-License-Identifier: MIT
/*
 * test_gate.c - the gate and behaviour table: completeness, names, the
 * per-profile differences of spec/README.md, every requirement kind through
 * gate_check(), used-bit recording, key SDs, overrides (valid ones, the
 * text form round trip, and invalid ones leaving the table unchanged), and
 * the cross-process rules that are pure mechanism (spec 00 rules 19, 20,
 * 25, 26, 29; spec 07 rule 5; spec 12 rule 20; spec 13 rules 2-5).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fx_sec.h"

#define BIT(n) (1ull << (n))


static struct pmm_token *mint(struct fx_sec *fx, const char *user,
			      const char *const *groups, uint64_t privs,
			      uint64_t disabled)
{
	return fx_sec_mint(fx, user, groups, PMM_IL_MEDIUM, privs, disabled);
}

static uint64_t used_of(const struct pmm_token *tok)
{
	struct pmm_token_privs p;

	pmm_token_privileges(tok, &p);
	return p.used;
}

struct proc {
	struct pmm_token *tok;
	struct sd *sd;
	uint32_t pip_type, pip_trust;
};

static void proc_init(struct fx_sec *fx, struct proc *p, struct pmm_token *tok,
		      uint32_t pip_type)
{
	p->tok = tok;
	p->pip_type = pip_type;
	p->pip_trust = pip_type ? 4096 : 0;
	assert_int_equal(sd_create_process_default(&fx->a, tok, tok, &p->sd), 0);
}

static void proc_fini(struct proc *p)
{
	sd_free(p->sd);
	pmm_token_put(p->tok);
}

/* Gate @id for process @c acting on process @t (NULL: on itself). */
static int gate(struct fx_sec *fx, enum gate_id id, const struct proc *c,
		const struct proc *t)
{
	const struct sec_subject s = {
		.effective = c->tok, .primary = c->tok,
		.pip_type = c->pip_type, .pip_trust = c->pip_trust,
		.identity = c,
	};
	struct sec_target tg;

	if (!t)
		return gate_check(&fx->sec, id, &s, NULL);
	tg = (struct sec_target){ .sd = t->sd, .pip_type = t->pip_type,
				  .pip_trust = t->pip_trust, .identity = t };
	return gate_check(&fx->sec, id, &s, &tg);
}

static bool entry_eq(const struct gate_req *x, const struct gate_req *y)
{
	return x->kind == y->kind && x->priv == y->priv && x->cap == y->cap &&
	       x->key == y->key && x->record == y->record &&
	       x->right == y->right && x->err == y->err &&
	       x->priv_err == y->priv_err && x->value == y->value;
}

static bool table_is_compiled(const struct sec_state *sec)
{
	for (unsigned int i = 0; i < GATE_NR; i++)
		for (unsigned int p = 0; p < PMM_PROFILE_NR; p++)
			if (!entry_eq(gate_req(sec, i, p), &gate_row(i)->req[p]))
				return false;
	return true;
}

/* ---- the table itself ---------------------------------------------------- */

/* Every row: its id, a unique name, a reference, a sound entry per profile. */
static void test_gate_table_complete(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < GATE_NR; i++) {
		const struct gate_row *row = gate_row(i);

		assert_int_equal(row->id, i);
		assert_non_null(row->name);
		assert_true(row->name[0] != '\0');
		assert_non_null(row->ref);
		assert_non_null(strstr(row->ref, "spec") ? row->ref :
				   strstr(row->ref, "sysctl.h"));
		assert_ptr_equal(gate_lookup_name(row->name), row);
		for (unsigned int j = 0; j < i; j++)
			assert_string_not_equal(gate_row(j)->name, row->name);
		for (unsigned int p = 0; p < PMM_PROFILE_NR; p++) {
			const struct gate_req *r = &row->req[p];

			if (row->flags & GATE_F_VALUE) {
				assert_int_equal(r->kind, GATE_VALUE);
				continue;
			}
			assert_true(r->kind < GATE_KIND_NR);
			assert_int_not_equal(r->kind, GATE_VALUE);
			if (r->kind != GATE_NONE) {
				assert_true(r->err > 0 && r->err < 4096);
				assert_non_null(gate_errno_name(r->err));
			}
			if (r->kind == GATE_PRIV || r->kind == GATE_RIGHT_OR_PRIV ||
			    r->kind == GATE_PRIV_AND_RIGHT ||
			    r->kind == GATE_RIGHT_AND_PRIV) {
				assert_true((r->priv >= 0) != (r->cap >= 0));
				if (r->priv >= 0)
					assert_non_null(pmm_privilege_name(
						(unsigned int)r->priv));
				else
					assert_non_null(gate_capability_name(r->cap));
			}
			if (r->kind != GATE_PRIV && r->kind != GATE_NONE &&
			    r->kind != GATE_DENY)
				assert_true(r->right != 0);
			if (r->kind == GATE_KEY)
				assert_true(r->key < SEC_KEY_NR);
		}
		/* a /proc row is a right row */
		if (row->flags & GATE_F_PROC)
			assert_false(row->flags & GATE_F_VALUE);
	}
	assert_null(gate_lookup_name("no_such_gate"));
	assert_null(gate_lookup_name(NULL));
}

/* The rows the brief and spec 00 §7, §10 name all exist. */
static void test_gate_named_rows_exist(void **state)
{
	static const char *const names[] = {
		"mlock_over_quota", "mmap_min_addr", "swapon", "sysctl_write",
		"oom_score_adj_lower", "pagemap_pfn", "proc_maps_read",
		"proc_smaps_read", "proc_status_read", "proc_mem_read",
		"proc_mem_write", "process_vm_readv", "process_vm_writev",
		"process_madvise", "migrate_pages_other", "move_pages_other",
		"process_mrelease", "oom_score_adj_write_other",
		"oom_score_adj_read", "oom_score_read", "prlimit_read_other",
		"prlimit_write_other", "rlimit_raise_hard", "kill",
		"adjust_privileges_other", "userfaultfd_kernel",
		"ksm_sysctl_write", "shm_lock", "swapoff", "pidfd_open",
		"pidfd_getfd", "open_process_token", "proc_clear_refs_write",
		"proc_ksm_stat_read", "damon_read_other", "proc_pagemap_read",
		"wx_enforce", "map_sealable_required", "map_uninitialized_einval",
		"proc_self_bypass", "memfd_noexec_default_seal",
		"oom_score_adj_ratchet",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!gate_lookup_name(names[i]))
			fail_msg("no row \"%s\"", names[i]);
	}
}

/* Print the whole table (TAP comments): the reference in the report. */
static void test_gate_print_table(void **state)
{
	char buf[256];

	(void)state;
	for (unsigned int i = 0; i < GATE_NR; i++) {
		const struct gate_row *row = gate_row(i);

		printf("# %-36s", row->name);
		for (unsigned int p = 0; p < PMM_PROFILE_NR; p++) {
			gate_describe(row, &row->req[p], buf, sizeof(buf));
			printf(" | %s", buf);
		}
		printf(" | %s\n", row->ref);
	}
}

/* spec/README.md's examples of profile differences, and spec 13 §3. */
static void test_gate_profile_differences(void **state)
{
	const struct gate_req *p, *k, *l;

	(void)state;
	p = gate_req(NULL, GATE_SWAPON, PMM_PROFILE_PEIOS);
	k = gate_req(NULL, GATE_SWAPON, PMM_PROFILE_PEIOS_KACS);
	l = gate_req(NULL, GATE_SWAPON, PMM_PROFILE_LINUX);
	assert_int_equal(p->priv, PMM_SE_CREATE_PAGEFILE);
	assert_int_equal(k->priv, PMM_SE_TCB);
	assert_int_equal(l->cap, 21);			/* CAP_SYS_ADMIN */
	assert_true(p->err == EPERM && k->err == EPERM && l->err == EPERM);

	assert_true(gate_req(NULL, GATE_MIGRATE_PAGES_OTHER, PMM_PROFILE_PEIOS)->right ==
		    PROCESS_VM_WRITE);
	assert_true(gate_req(NULL, GATE_MIGRATE_PAGES_OTHER,
			     PMM_PROFILE_PEIOS_KACS)->right == PROCESS_SET_INFORMATION);
	assert_int_equal(gate_req(NULL, GATE_OOM_SCORE_ADJ_LOWER,
				  PMM_PROFILE_PEIOS)->priv, PMM_SE_TCB);
	assert_int_equal(gate_req(NULL, GATE_OOM_SCORE_ADJ_LOWER,
				  PMM_PROFILE_PEIOS_KACS)->priv, PMM_SE_INCREASE_QUOTA);
	assert_int_equal(gate_req(NULL, GATE_OOM_SCORE_ADJ_LOWER,
				  PMM_PROFILE_LINUX)->cap, 24);	/* CAP_SYS_RESOURCE */
	/* the page checks /proc/self (spec 01 rule 27); KACS and Linux skip */
	assert_int_equal(gate_value(NULL, GATE_PROC_SELF_BYPASS, PMM_PROFILE_PEIOS), 0);
	assert_int_equal(gate_value(NULL, GATE_PROC_SELF_BYPASS,
				    PMM_PROFILE_PEIOS_KACS), 1);
	assert_int_equal(gate_value(NULL, GATE_PROC_SELF_BYPASS, PMM_PROFILE_LINUX), 1);
	assert_int_equal(gate_req(NULL, GATE_MLOCK_OVER_QUOTA, PMM_PROFILE_PEIOS)->err,
			 EAGAIN);
	assert_int_equal(gate_req(NULL, GATE_MLOCK_OVER_QUOTA,
				  PMM_PROFILE_PEIOS_KACS)->err, EAGAIN);
	assert_int_equal(gate_req(NULL, GATE_MLOCK_OVER_QUOTA, PMM_PROFILE_LINUX)->err,
			 ENOMEM);
	assert_int_equal(gate_req(NULL, GATE_PROCESS_VM_READV, PMM_PROFILE_LINUX)->err,
			 EPERM);
	assert_int_equal(gate_value(NULL, GATE_WX_ENFORCE, PMM_PROFILE_PEIOS), 1);
	assert_int_equal(gate_value(NULL, GATE_WX_ENFORCE, PMM_PROFILE_LINUX), 0);
	assert_int_equal(gate_value(NULL, GATE_MAP_SEALABLE_REQUIRED,
				    PMM_PROFILE_PEIOS_KACS), 1);
	assert_int_equal(gate_value(NULL, GATE_MAP_UNINITIALIZED_EINVAL,
				    PMM_PROFILE_LINUX), 0);
	assert_int_equal(gate_value(NULL, GATE_OOM_SCORE_ADJ_RATCHET,
				    PMM_PROFILE_LINUX), 0);
	assert_int_equal(gate_value(NULL, GATE_MIC_ENFORCE, PMM_PROFILE_LINUX), 0);
	/* the reserved-privilege rows follow the catalogs (spec 00 §2) */
	assert_true((uint64_t)gate_value(NULL, GATE_TOKEN_RESERVED_PRIVILEGES,
					 PMM_PROFILE_PEIOS_KACS) ==
		    token_catalog_reserved_mask(true));
	assert_true((uint64_t)gate_value(NULL, GATE_TOKEN_RESERVED_PRIVILEGES,
					 PMM_PROFILE_PEIOS) ==
		    (token_catalog_reserved_mask(false) &
		     ~BIT(PMM_SE_CREATE_PAGEFILE)));
	assert_int_equal(gate_value(NULL, GATE_TOKEN_RESERVED_PRIVILEGES,
				    PMM_PROFILE_LINUX), 0);
	assert_true(token_catalog_reserved_mask(true) & BIT(PMM_SE_CREATE_PAGEFILE));
	assert_false(token_catalog_reserved_mask(true) & BIT(PMM_SE_SYSTEM_PROFILE));
	assert_true(token_catalog_reserved_mask(false) & BIT(PMM_SE_SYSTEM_PROFILE));
}

/* ---- gate_check by kind -------------------------------------------------- */

/* spec 13 rules 2-5 and spec 00 rule 18 through the mlock gate. */
static void test_gate_priv_mlock_over_quota(void **state)
{
	struct fx_sec *fx = *state;
	struct proc none, on, off;

	proc_init(fx, &none, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &on, mint(fx, "alice", NULL, BIT(PMM_SE_LOCK_MEMORY), 0), 0);
	proc_init(fx, &off, mint(fx, "alice", NULL, BIT(PMM_SE_LOCK_MEMORY),
				 BIT(PMM_SE_LOCK_MEMORY)), 0);
	assert_int_equal(gate(fx, GATE_MLOCK_OVER_QUOTA, &none, NULL), -EAGAIN);
	assert_int_equal(gate(fx, GATE_MLOCK_OVER_QUOTA, &off, NULL), -EAGAIN);
	assert_int_equal(gate(fx, GATE_MLOCK_OVER_QUOTA, &on, NULL), 0);
	assert_true(used_of(on.tok) == BIT(PMM_SE_LOCK_MEMORY));
	assert_true(used_of(off.tok) == 0);
	assert_true(used_of(none.tok) == 0);
	/* no effective token: fail closed */
	assert_int_equal(gate_check_token(&fx->sec, GATE_MLOCK_OVER_QUOTA, NULL),
			 -EAGAIN);
	proc_fini(&none);
	proc_fini(&on);
	proc_fini(&off);
}

/* linux profile: the capability path, Linux's errno. */
static void test_gate_linux_capability_path(void **state)
{
	struct fx_sec *fx = *state;
	struct proc none, on;

	proc_init(fx, &none, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &on, mint(fx, "alice", NULL, BIT(PMM_SE_LOCK_MEMORY), 0), 0);
	assert_int_equal(gate(fx, GATE_MLOCK_OVER_QUOTA, &none, NULL), -ENOMEM);
	assert_int_equal(gate(fx, GATE_MAP_LOCKED_OVER_QUOTA, &none, NULL), -EAGAIN);
	assert_int_equal(gate(fx, GATE_MLOCK_OVER_QUOTA, &on, NULL), 0);
	assert_true(used_of(on.tok) == BIT(PMM_SE_LOCK_MEMORY));
	/* root-owned file: SeTcb stands in for uid 0, use is not recorded */
	proc_fini(&on);
	proc_init(fx, &on, mint(fx, "alice", NULL, BIT(PMM_SE_TCB), 0), 0);
	assert_int_equal(gate(fx, GATE_SYSCTL_WRITE, &on, NULL), 0);
	assert_true(used_of(on.tok) == 0);
	assert_int_equal(gate(fx, GATE_SYSCTL_WRITE, &none, NULL), -EACCES);
	assert_int_equal(gate(fx, GATE_SWAPON, &on, NULL), 0);
	assert_true(used_of(on.tok) == BIT(PMM_SE_TCB));
	proc_fini(&none);
	proc_fini(&on);
}

/* spec 07 rule 5: SeTcb alone is refused by the page, accepted by the catalog. */
static void test_gate_swapon_peios_vs_kacs(void **state)
{
	struct fx_sec *fx = *state;
	struct proc tcb, pf;

	proc_init(fx, &tcb, mint(fx, "alice", NULL, BIT(PMM_SE_TCB), 0), 0);
	proc_init(fx, &pf, mint(fx, "alice", NULL, BIT(PMM_SE_CREATE_PAGEFILE), 0), 0);
	if (fx->sec.profile == PMM_PROFILE_PEIOS) {
		assert_int_equal(gate(fx, GATE_SWAPON, &tcb, NULL), -EPERM);
		assert_int_equal(gate(fx, GATE_SWAPON, &pf, NULL), 0);
		/* spec 07 rules 20-21: remote swap also needs SeTcb */
		assert_int_equal(gate(fx, GATE_SWAPON_REMOTE, &pf, NULL), -EPERM);
	} else {
		assert_int_equal(gate(fx, GATE_SWAPON, &tcb, NULL), 0);
		assert_int_equal(gate(fx, GATE_SWAPON, &pf, NULL), -EPERM);
	}
	assert_int_equal(gate(fx, GATE_SWAPON_REMOTE, &tcb, NULL), 0);
	proc_fini(&tcb);
	proc_fini(&pf);
}

/* Key gates: the registry-key SD, TCB-tier writers (spec 12 rules 5, 6, 20). */
static void test_gate_key_sd(void **state)
{
	struct fx_sec *fx = *state;
	const char *const admins[] = { "Administrators", NULL };
	struct proc user, admin, sys;
	struct sd *closed;
	struct sid s;

	proc_init(fx, &user, mint(fx, "alice", NULL, BIT(PMM_SE_TCB), 0), 0);
	proc_init(fx, &admin, mint(fx, "root", admins, 0, 0), 0);
	proc_init(fx, &sys, pmm_token_get(fx->sec.system), 0);
	assert_int_equal(gate(fx, GATE_KSM_SYSCTL_WRITE, &user, NULL), -EACCES);
	assert_int_equal(gate(fx, GATE_KSM_SYSCTL_WRITE, &admin, NULL), 0);
	assert_int_equal(gate(fx, GATE_KSM_SYSCTL_WRITE, &sys, NULL), 0);
	assert_int_equal(gate(fx, GATE_SYSCTL_WRITE, &user, NULL), -EACCES);
	assert_int_equal(gate(fx, GATE_SYSCTL_READ_RESTRICTED, &admin, NULL), 0);
	/* a fortress image: the KSM key denies every write, even SYSTEM's */
	sid_system(&s);
	assert_int_equal(sd_create(&fx->a, &sec_key_mapping, &s, &s, &closed), 0);
	assert_int_equal(sec_set_key_sd(&fx->sec, sec_key_lookup("ksm"), closed), 0);
	assert_int_equal(gate(fx, GATE_KSM_SYSCTL_WRITE, &sys, NULL), -EACCES);
	assert_int_equal(gate(fx, GATE_SYSCTL_WRITE, &sys, NULL), 0);
	assert_int_equal(sec_set_key_sd(&fx->sec, SEC_KEY_NR, closed), -EINVAL);
	assert_int_equal(sec_key_lookup("nope"), -ENOENT);
	assert_string_equal(sec_key_name(SEC_KEY_DAMON), "damon");
	assert_null(sec_key_name(SEC_KEY_NR));
	proc_fini(&user);
	proc_fini(&admin);
	proc_fini(&sys);
}

/*
 * Spec 00 rule 19: /proc/<B>/mem read: same user yes, another user EACCES,
 * SeDebug yes.  Rule 20: process_vm_readv EPERM until the DACL grants
 * PROCESS_VM_READ; writev needs PROCESS_VM_WRITE as well.
 */
static void test_gate_rule19_rule20_memory_access(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, b, a2, dbg;
	struct sid s_alice;

	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &a2, mint(fx, "bob", NULL, 0, 0), 0);
	proc_init(fx, &dbg, mint(fx, "dave", NULL, BIT(PMM_SE_DEBUG), 0), 0);
	assert_int_equal(gate(fx, GATE_PROC_MEM_READ, &a2, &b), 0);
	assert_int_equal(gate(fx, GATE_PROC_MEM_READ, &a, &b), -EACCES);
	assert_int_equal(gate(fx, GATE_PROC_MEM_READ, &dbg, &b), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_VM_READV, &a, &b), -EPERM);
	/* grant alice PROCESS_VM_READ on b */
	s_alice = a.tok->user;
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &s_alice, PROCESS_VM_READ), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_VM_READV, &a, &b), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_VM_WRITEV, &a, &b), -EPERM);
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &s_alice, PROCESS_VM_WRITE), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_VM_WRITEV, &a, &b), 0);
	proc_fini(&a);
	proc_fini(&b);
	proc_fini(&a2);
	proc_fini(&dbg);
}

/* Spec 00 rule 25: process_madvise needs VM_WRITE; VM_READ is not enough. */
static void test_gate_rule25_process_madvise(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, b;
	struct sid alice;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	alice = a.tok->user;
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice, PROCESS_VM_READ), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &a, &b), -EACCES);
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice, PROCESS_VM_WRITE), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &a, &b), 0);
	b.pip_type = 512;
	b.pip_trust = 1024;
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &a, &b), -EACCES);
	proc_fini(&a);
	proc_fini(&b);
}

/* Spec 00 rule 26: cross-process migration per profile; self never gated. */
static void test_gate_rule26_migrate_pages(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, b;
	struct sid alice;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	alice = a.tok->user;
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice,
				    fx->sec.profile == PMM_PROFILE_PEIOS ?
				    PROCESS_SET_INFORMATION : PROCESS_VM_WRITE), 0);
	assert_int_equal(gate(fx, GATE_MIGRATE_PAGES_OTHER, &a, &b), -EPERM);
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice,
				    fx->sec.profile == PMM_PROFILE_PEIOS ?
				    PROCESS_VM_WRITE : PROCESS_SET_INFORMATION), 0);
	assert_int_equal(gate(fx, GATE_MIGRATE_PAGES_OTHER, &a, &b), 0);
	assert_int_equal(gate(fx, GATE_MOVE_PAGES_OTHER, &a, &b), 0);
	/* own pid: neither SD nor PIP, even a protected self with a closed SD */
	sd_set_dacl_empty(a.sd);
	a.pip_type = 512;
	assert_int_equal(gate(fx, GATE_MIGRATE_PAGES_OTHER, &a, &a), 0);
	assert_int_equal(gate(fx, GATE_MIGRATE_PAGES_OTHER, &a, NULL), 0);
	/* ... and without PIP dominance, never */
	b.pip_type = 512;
	b.pip_trust = 8192;
	a.pip_type = 0;
	assert_int_equal(gate(fx, GATE_MIGRATE_PAGES_OTHER, &a, &b), -EPERM);
	proc_fini(&a);
	proc_fini(&b);
}

/* Spec 00 rule 29: prlimit on another process; self needs neither right. */
static void test_gate_rule29_prlimit(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, b;
	struct sid alice;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	alice = a.tok->user;
	assert_int_equal(gate(fx, GATE_PRLIMIT_READ_OTHER, &a, &b), -EPERM);
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &a, &b), -EPERM);
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice,
				    PROCESS_QUERY_INFORMATION), 0);
	assert_int_equal(gate(fx, GATE_PRLIMIT_READ_OTHER, &a, &b), 0);
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &a, &b), -EPERM);
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice,
				    PROCESS_SET_INFORMATION), 0);
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &a, &b), 0);
	sd_set_dacl_empty(a.sd);
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &a, &a), 0);
	proc_fini(&a);
	proc_fini(&b);
}

/* linux: "same owner or CAP_SYS_RESOURCE" (RIGHT_OR_PRIV); CAP_SYS_PTRACE
 * (SeDebugPrivilege) is no owner match (spec 13 rule 23). */
static void test_gate_linux_right_or_privilege(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, q, b, dbg;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &q, mint(fx, "carol", NULL, BIT(PMM_SE_INCREASE_QUOTA), 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	proc_init(fx, &dbg, mint(fx, "dave", NULL, BIT(PMM_SE_DEBUG), 0), 0);
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &a, &b), -EPERM);
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &q, &b), 0);
	assert_true(used_of(q.tok) == BIT(PMM_SE_INCREASE_QUOTA));
	assert_int_equal(gate(fx, GATE_PRLIMIT_WRITE_OTHER, &dbg, &b), -EPERM);
	assert_int_equal(gate(fx, GATE_PRLIMIT_READ_OTHER, &dbg, &b), -EPERM);
	assert_true(used_of(dbg.tok) == 0);
	proc_fini(&a);
	proc_fini(&q);
	proc_fini(&b);
	proc_fini(&dbg);
}

/* linux process_madvise: PTRACE_MODE_READ first (EACCES), then CAP_SYS_NICE (EPERM). */
static void test_gate_linux_right_and_privilege(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, a_nice, b, stranger;

	proc_init(fx, &a, mint(fx, "bob", NULL, 0, 0), 0);
	proc_init(fx, &a_nice, mint(fx, "bob", NULL,
				    BIT(PMM_SE_INCREASE_BASE_PRIORITY), 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	proc_init(fx, &stranger, mint(fx, "eve", NULL,
				      BIT(PMM_SE_INCREASE_BASE_PRIORITY), 0), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &stranger, &b), -EACCES);
	assert_true(used_of(stranger.tok) == 0);	/* never reached capable() */
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &a, &b), -EPERM);
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &a_nice, &b), 0);
	assert_int_equal(gate(fx, GATE_PROCESS_MADVISE, &a, &a), 0);	/* self */
	proc_fini(&a);
	proc_fini(&a_nice);
	proc_fini(&b);
	proc_fini(&stranger);
}

/* PRIV_AND_RIGHT: cross-process affinity (spec 05 rule 26). */
static void test_gate_privilege_and_right(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, a_nice, b;
	struct sid alice;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &a_nice, mint(fx, "alice", NULL,
				    BIT(PMM_SE_INCREASE_BASE_PRIORITY), 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	alice = a.tok->user;
	assert_int_equal(gate(fx, GATE_SCHED_SETAFFINITY_OTHER, &a, &b), -EPERM);
	assert_int_equal(gate(fx, GATE_SCHED_SETAFFINITY_OTHER, &a_nice, &b), -EPERM);
	assert_int_equal(sd_add_ace(b.sd, SEC_ACE_ALLOW, &alice,
				    PROCESS_SET_INFORMATION), 0);
	assert_int_equal(gate(fx, GATE_SCHED_SETAFFINITY_OTHER, &a, &b), -EPERM);
	assert_int_equal(gate(fx, GATE_SCHED_SETAFFINITY_OTHER, &a_nice, &b), 0);
	assert_int_equal(gate(fx, GATE_SCHED_SETAFFINITY_OTHER, &a, &a), 0);
	proc_fini(&a);
	proc_fini(&a_nice);
	proc_fini(&b);
}

/* /proc rows follow proc_self_bypass for the caller itself; others do not. */
static void test_gate_proc_rows_and_self_bypass(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	sd_set_dacl_empty(a.sd);
	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "value=1"), 0);
	assert_int_equal(gate(fx, GATE_PROC_MEM_READ, &a, &a), 0);
	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "value=0"), 0);
	assert_int_equal(gate(fx, GATE_PROC_MEM_READ, &a, &a), -EACCES);
	assert_int_equal(gate(fx, GATE_PROC_MAPS_READ, &a, &a), -EACCES);
	assert_int_equal(gate(fx, GATE_PROCESS_VM_READV, &a, &a), 0);
	assert_int_equal(gate(fx, GATE_PROC_MEM_READ, &a, NULL), 0);
	proc_fini(&a);
}

/* Spec 01 rule 17: maps per profile with the default SD (Everyone: QUERY_LIMITED). */
static void test_gate_proc_maps_per_profile(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, b;
	int want = fx->sec.profile == PMM_PROFILE_PEIOS ? 0 : -EACCES;

	proc_init(fx, &a, mint(fx, "alice", NULL, 0, 0), 0);
	proc_init(fx, &b, mint(fx, "bob", NULL, 0, 0), 0);
	assert_int_equal(gate(fx, GATE_PROC_MAPS_READ, &a, &b), want);
	assert_int_equal(gate(fx, GATE_PROC_NUMA_MAPS_READ, &a, &b), want);
	assert_int_equal(gate(fx, GATE_PROC_SMAPS_READ, &a, &b), -EACCES);
	proc_fini(&a);
	proc_fini(&b);
}

/* ---- overrides ----------------------------------------------------------- */

static void test_gate_override_changes_one_machine(void **state)
{
	struct fx_sec *fx = *state;
	struct proc tcb, none;

	proc_init(fx, &tcb, mint(fx, "alice", NULL, BIT(PMM_SE_TCB), 0), 0);
	proc_init(fx, &none, mint(fx, "alice", NULL, 0, 0), 0);
	assert_int_equal(gate(fx, GATE_SWAPON, &tcb, NULL), -EPERM);
	assert_int_equal(gate_override(&fx->sec, "swapon",
				       "privilege=SeTcbPrivilege errno=EPERM"), 0);
	assert_int_equal(gate(fx, GATE_SWAPON, &tcb, NULL), 0);
	assert_false(table_is_compiled(&fx->sec));
	assert_int_equal(fx->sec.nr_overrides, 1);
	/* the compiled table is untouched */
	assert_int_equal(gate_row(GATE_SWAPON)->req[PMM_PROFILE_PEIOS].priv,
			 PMM_SE_CREATE_PAGEFILE);
	assert_int_equal(gate_override(&fx->sec, "swapon", "default"), 0);
	assert_true(table_is_compiled(&fx->sec));
	/* deny, none, errno only, other profiles */
	assert_int_equal(gate_override(&fx->sec, "mmap_min_addr",
				       "kind=deny errno=EACCES"), 0);
	assert_int_equal(gate(fx, GATE_MMAP_MIN_ADDR, &tcb, NULL), -EACCES);
	assert_int_equal(gate_override(&fx->sec, "mmap_min_addr", "kind=none"), 0);
	assert_int_equal(gate(fx, GATE_MMAP_MIN_ADDR, &none, NULL), 0);
	assert_int_equal(gate_override(&fx->sec, "mlock_over_quota", "errno=ENOMEM"), 0);
	assert_int_equal(gate(fx, GATE_MLOCK_OVER_QUOTA, &none, NULL), -ENOMEM);
	assert_int_equal(gate_override(&fx->sec, "mlock_over_quota",
				       "profile=linux cap=CAP_SYS_ADMIN"), 0);
	assert_int_equal(gate_req(&fx->sec, GATE_MLOCK_OVER_QUOTA,
				  PMM_PROFILE_LINUX)->cap, 21);
	assert_int_equal(gate_req(&fx->sec, GATE_MLOCK_OVER_QUOTA,
				  PMM_PROFILE_PEIOS)->priv, PMM_SE_LOCK_MEMORY);
	/* aliases of names in no catalog (spec/README.md rule 1) */
	assert_int_equal(gate_override(&fx->sec, "process_mrelease",
				       "right=PROCESS_SET_QUOTA"), 0);
	assert_true(gate_req(&fx->sec, GATE_PROCESS_MRELEASE, fx->sec.profile)->right ==
		    PROCESS_SET_INFORMATION);
	assert_int_equal(gate_override(&fx->sec, "proc_maps_read",
				       "right=PROCESS_QUERY_LIMITED_INFORMATION"), 0);
	/* kind= keeps the right and adds the privilege part */
	assert_int_equal(gate_override(&fx->sec, "kill",
				       "kind=privilege_and_right "
				       "privilege=SeDebugPrivilege priv_errno=EACCES"),
			 0);
	assert_int_equal(gate_req(&fx->sec, GATE_KILL, fx->sec.profile)->kind,
			 GATE_PRIV_AND_RIGHT);
	assert_true(gate_req(&fx->sec, GATE_KILL, fx->sec.profile)->right ==
		    PROCESS_TERMINATE);
	assert_true(gate_req(&fx->sec, GATE_KILL, fx->sec.profile)->record);
	/* then a right alone keeps that kind; a privilege alone on a right
	 * row makes a privilege row */
	assert_int_equal(gate_override(&fx->sec, "kill", "right=PROCESS_SIGNAL"), 0);
	assert_int_equal(gate_req(&fx->sec, GATE_KILL, fx->sec.profile)->kind,
			 GATE_PRIV_AND_RIGHT);
	assert_int_equal(gate_override(&fx->sec, "kill_probe",
				       "privilege=SeTcbPrivilege"), 0);
	assert_int_equal(gate_req(&fx->sec, GATE_KILL_PROBE, fx->sec.profile)->kind,
			 GATE_PRIV);
	assert_true(gate_req(&fx->sec, GATE_KILL_PROBE, fx->sec.profile)->right == 0);
	assert_int_equal(gate_override(&fx->sec, "sysctl_write",
				       "right=KEY_SET_VALUE|KEY_QUERY_VALUE"), 0);
	assert_int_equal(gate_req(&fx->sec, GATE_SYSCTL_WRITE, fx->sec.profile)->kind,
			 GATE_KEY);
	/* behaviour rows */
	assert_int_equal(gate_override(&fx->sec, "wx_rule", "value=2"), 0);
	assert_int_equal(sec_value(&fx->sec, GATE_WX_RULE), GATE_WX_HISTORY);
	assert_int_equal(gate_override(&fx->sec, "aslr_stack_range",
				       "profile=linux value=0x1000"), 0);
	assert_int_equal(gate_value(&fx->sec, GATE_ASLR_STACK_RANGE,
				    PMM_PROFILE_LINUX), 4096);
	assert_int_equal(gate_override(&fx->sec, "aslr_stack_range", "value=-5"), 0);
	assert_int_equal(sec_value(&fx->sec, GATE_ASLR_STACK_RANGE), -5);
	proc_fini(&tcb);
	proc_fini(&none);
}

/* Invalid overrides: an error, and the table exactly as it was. */
static void test_gate_override_rejects_and_keeps_table(void **state)
{
	static const struct {
		const char *row, *text;
		int err;
	} bad[] = {
		{ "no_such_row", "value=1", -ENOENT },
		{ NULL, "value=1", -ENOENT },
		{ "swapon", "privilege=SeBogusPrivilege", -EINVAL },
		{ "swapon", "privilege=0", -EINVAL },		/* not in the catalog */
		{ "swapon", "privilege=64", -EINVAL },
		{ "swapon", "errno=0", -EINVAL },
		{ "swapon", "errno=4096", -EINVAL },
		{ "swapon", "errno=EWHATEVER", -EINVAL },
		{ "swapon", "value=1", -EINVAL },		/* not a behaviour row */
		{ "swapon", "kind=value", -EINVAL },
		{ "swapon", "kind=bogus", -EINVAL },
		{ "swapon", "privilege=SeTcbPrivilege cap=CAP_SYS_ADMIN", -EINVAL },
		{ "swapon", "cap=CAP_NOPE", -EINVAL },
		{ "swapon", "cap=41", -EINVAL },
		{ "swapon", "kind=right", -EINVAL },		/* no right */
		{ "swapon", "record=2", -EINVAL },
		{ "swapon", "privilege=SeTcbPrivilege garbage", -EINVAL },
		{ "swapon", "frobnicate=1", -EINVAL },
		{ "swapon", "profile=windows", -EINVAL },
		{ "kill", "right=0", -EINVAL },
		{ "kill", "right=PROCESS_NOPE", -EINVAL },
		{ "kill", "key=nope", -EINVAL },
		{ "kill", "kind=privilege", -EINVAL },	/* no privilege given */
		{ "proc_self_bypass", "privilege=SeTcbPrivilege", -EINVAL },
		{ "proc_self_bypass", "errno=EPERM", -EINVAL },
		{ "proc_self_bypass", "value=", -EINVAL },
		{ "proc_self_bypass", "value=12abc", -EINVAL },
		{ "proc_self_bypass", "value=99999999999999999999999", -EINVAL },
	};
	struct fx_sec *fx = *state;
	char long_text[600];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = gate_override(&fx->sec, bad[i].row, bad[i].text);

		if (err != bad[i].err)
			fail_msg("%s \"%s\": %d, expected %d", bad[i].row,
				 bad[i].text, err, bad[i].err);
		assert_true(table_is_compiled(&fx->sec));
		assert_int_equal(fx->sec.nr_overrides, 0);
	}
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	assert_int_equal(gate_override(&fx->sec, "swapon", long_text), -EINVAL);
	assert_int_equal(gate_override(&fx->sec, "swapon", NULL), -EINVAL);
	assert_int_equal(gate_override(NULL, "swapon", "default"), -EINVAL);
	assert_true(table_is_compiled(&fx->sec));
}

/* gate_describe() text fed back to gate_override() gives the same entry. */
static void test_gate_describe_round_trip(void **state)
{
	static const char *const pnames[] = { "peios", "peios-kacs", "linux" };
	struct fx_sec *fx = *state;
	char text[320], desc[256];

	for (unsigned int i = 0; i < GATE_NR; i++) {
		const struct gate_row *row = gate_row(i);

		for (unsigned int p = 0; p < PMM_PROFILE_NR; p++) {
			size_t n = gate_describe(row, &row->req[p], desc,
						 sizeof(desc));

			assert_true(n < sizeof(desc));
			snprintf(text, sizeof(text), "profile=%s %s", pnames[p],
				 desc);
			if (gate_override(&fx->sec, row->name, text))
				fail_msg("%s: \"%s\" rejected", row->name, text);
			if (!entry_eq(gate_req(&fx->sec, i, p), &row->req[p]))
				fail_msg("%s: \"%s\" does not round-trip",
					 row->name, text);
		}
	}
	assert_true(table_is_compiled(&fx->sec));
	/* a short buffer still gets the full length and a terminator */
	assert_int_equal(gate_describe(gate_row(GATE_SWAPON),
				       gate_req(NULL, GATE_SWAPON, PMM_PROFILE_PEIOS),
				       desc, 5), strlen("kind=privilege "
					"privilege=SeCreatePagefilePrivilege "
					"errno=EPERM record=1"));
	assert_string_equal(desc, "kind");
}

static void test_gate_names_tables(void **state)
{
	(void)state;
	assert_string_equal(gate_capability_name(14), "CAP_IPC_LOCK");
	assert_string_equal(gate_capability_name(40), "CAP_CHECKPOINT_RESTORE");
	assert_null(gate_capability_name(41));
	assert_null(gate_capability_name(-1));
	assert_string_equal(gate_errno_name(EAGAIN), "EAGAIN");
	assert_null(gate_errno_name(4000));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_sec_setup, fx_sec_teardown)
/* the same test under another profile, named after it in the TAP output */
#define TK(f) { #f "_kacs", f, fx_sec_setup_kacs, fx_sec_teardown, NULL }
#define TL(f) { #f "_linux", f, fx_sec_setup_linux, fx_sec_teardown, NULL }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_table_complete),
		cmocka_unit_test(test_gate_named_rows_exist),
		cmocka_unit_test(test_gate_print_table),
		cmocka_unit_test(test_gate_profile_differences),
		cmocka_unit_test(test_gate_names_tables),
		T(test_gate_priv_mlock_over_quota),
		TK(test_gate_priv_mlock_over_quota),
		TL(test_gate_linux_capability_path),
		T(test_gate_swapon_peios_vs_kacs),
		TK(test_gate_swapon_peios_vs_kacs),
		T(test_gate_key_sd),
		TK(test_gate_key_sd),
		T(test_gate_rule19_rule20_memory_access),
		TK(test_gate_rule19_rule20_memory_access),
		T(test_gate_rule25_process_madvise),
		T(test_gate_rule26_migrate_pages),
		TK(test_gate_rule26_migrate_pages),
		T(test_gate_rule29_prlimit),
		TL(test_gate_linux_right_or_privilege),
		TL(test_gate_linux_right_and_privilege),
		T(test_gate_privilege_and_right),
		T(test_gate_proc_rows_and_self_bypass),
		T(test_gate_proc_maps_per_profile),
		TK(test_gate_proc_maps_per_profile),
		TL(test_gate_proc_maps_per_profile),
		T(test_gate_override_changes_one_machine),
		T(test_gate_override_rejects_and_keeps_table),
		TL(test_gate_override_rejects_and_keeps_table),
		T(test_gate_describe_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
