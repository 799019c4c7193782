// SPDX-License-Identifier: MIT
/*
 * test_access.c - security descriptors, AccessCheck with mandatory
 * integrity, PIP dominance and the two-check rule (spec 00 §6-§9; rules
 * 17, 21-24, 31 (SD part), 34 (PIP part), 35, 36).
 *
 * Each test builds its machine state with sec_init() on a bare allocator
 * and checks that nothing is left in it at the end.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fx_sec.h"

#define BIT(n) (1ull << (n))


static struct pmm_token *mint(struct fx_sec *fx, const char *user,
			      const char *const *groups, uint32_t il,
			      uint64_t privs)
{
	return fx_sec_mint(fx, user, groups, il, privs, 0);
}

/* A process: its token, default SD and PIP, as the lead's struct process. */
struct proc {
	struct pmm_token *tok;
	struct sd *sd;
	uint32_t pip_type, pip_trust;
};

static void proc_init(struct fx_sec *fx, struct proc *p, struct pmm_token *tok,
		      uint32_t pip_type, uint32_t pip_trust)
{
	p->tok = tok;
	p->pip_type = pip_type;
	p->pip_trust = pip_trust;
	assert_int_equal(sd_create_process_default(&fx->a, tok, tok, &p->sd), 0);
}

static void proc_fini(struct proc *p)
{
	sd_free(p->sd);
	pmm_token_put(p->tok);
}

/* @p acting (optionally through an impersonation token @eff) */
static struct sec_subject subj_of(const struct proc *p, struct pmm_token *eff)
{
	return (struct sec_subject){
		.effective = eff ? eff : p->tok, .primary = p->tok,
		.pip_type = p->pip_type, .pip_trust = p->pip_trust,
		.identity = p,
	};
}

static struct sec_target tgt_of(const struct proc *p)
{
	return (struct sec_target){
		.sd = p->sd, .pip_type = p->pip_type, .pip_trust = p->pip_trust,
		.identity = p,
	};
}

static int access2(struct fx_sec *fx, const struct proc *caller,
		   struct pmm_token *eff, const struct proc *target,
		   uint32_t want)
{
	struct sec_subject s = subj_of(caller, eff);
	struct sec_target t = tgt_of(target);

	return sec_process_access(&fx->sec, &s, &t, want, EACCES);
}

static uint64_t used_of(const struct pmm_token *tok)
{
	struct pmm_token_privs p;

	pmm_token_privileges(tok, &p);
	return p.used;
}

/* ---- AccessCheck --------------------------------------------------------- */

static void test_access_empty_and_null_dacl(void **state)
{
	struct fx_sec *fx = *state;
	struct pmm_token *alice = mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0);
	struct pmm_token *sys = token_create_system(&fx->a);
	struct sd *sd;

	assert_int_equal(sd_create(&fx->a, &sec_process_mapping, &alice->user,
				   &alice->primary_group, &sd), 0);
	/* a new SD has an empty DACL: nothing, for anyone */
	assert_true(sd_max_allowed(sd, alice, true) == 0);
	assert_false(sd_access_check(sd, sys, PROCESS_QUERY_LIMITED, true));
	assert_false(sd_access_check(sd, alice, READ_CONTROL, true));
	/* desired 0 asks for nothing */
	assert_true(sd_access_check(sd, alice, 0, true));
	/* NULL DACL: everything */
	sd_set_dacl_null(sd);
	assert_true(sd_max_allowed(sd, alice, true) == PROCESS_ALL_ACCESS);
	assert_true(sd_access_check(sd, alice, GENERIC_ALL, true));
	/* back to empty */
	sd_set_dacl_empty(sd);
	assert_false(sd_access_check(sd, sys, PROCESS_VM_READ, true));
	/* fail closed without a token or an SD */
	assert_false(sd_access_check(sd, NULL, PROCESS_VM_READ, true));
	assert_false(sd_access_check(NULL, alice, PROCESS_VM_READ, true));
	sd_free(sd);
	sd_free(NULL);
	pmm_token_put(alice);
	pmm_token_put(sys);
}

/* The DACL is walked in order; the first ACE naming a right decides it. */
static void test_access_dacl_order_and_all_bits(void **state)
{
	struct fx_sec *fx = *state;
	const char *const staff[] = { "staff", NULL };
	struct pmm_token *alice = mint(fx, "alice", staff, PMM_IL_MEDIUM, 0);
	struct pmm_token *bob = mint(fx, "bob", NULL, PMM_IL_MEDIUM, 0);
	struct sid s_staff, s_alice, s_every, s_auth;
	struct sd *sd;

	assert_int_equal(sid_from_name("staff", &s_staff), 0);
	assert_int_equal(sid_from_name("alice", &s_alice), 0);
	sid_everyone(&s_every);
	sid_authenticated_users(&s_auth);
	assert_int_equal(sd_create(&fx->a, &sec_process_mapping, &s_alice,
				   &s_alice, &sd), 0);
	/* DENY staff VM_WRITE; ALLOW alice GENERIC_ALL; ALLOW Everyone QUERY_LIMITED */
	assert_int_equal(sd_add_ace(sd, SEC_ACE_ALLOW, &s_alice, GENERIC_ALL), 0);
	assert_int_equal(sd_add_ace(sd, SEC_ACE_ALLOW, &s_every,
				    PROCESS_QUERY_LIMITED), 0);
	assert_int_equal(sd_insert_ace(sd, 0, SEC_ACE_DENY, &s_staff,
				       PROCESS_VM_WRITE), 0);
	assert_int_equal(sd->nr_aces, 3);
	assert_int_equal(sd->aces[0].type, SEC_ACE_DENY);
	/* deny before allow: one denied bit denies the whole request */
	assert_false(sd_access_check(sd, alice, PROCESS_VM_WRITE, true));
	assert_false(sd_access_check(sd, alice,
				     PROCESS_VM_READ | PROCESS_VM_WRITE, true));
	assert_true(sd_access_check(sd, alice, PROCESS_VM_READ, true));
	assert_true(sd_max_allowed(sd, alice, true) ==
		    (PROCESS_ALL_ACCESS & ~PROCESS_VM_WRITE));
	/* Everyone: only QUERY_LIMITED; all requested bits must be granted */
	assert_true(sd_access_check(sd, bob, PROCESS_QUERY_LIMITED, true));
	assert_false(sd_access_check(sd, bob, PROCESS_QUERY_LIMITED |
					      PROCESS_QUERY_INFORMATION, true));
	/* an ALLOW before a DENY of the same right wins (Windows order) */
	assert_int_equal(sd_insert_ace(sd, 0, SEC_ACE_ALLOW, &s_auth,
				       PROCESS_VM_WRITE), 0);
	assert_true(sd_access_check(sd, alice, PROCESS_VM_WRITE, true));
	assert_true(sd_access_check(sd, bob, PROCESS_VM_WRITE, true));
	/* generic bits in the request are mapped */
	assert_false(sd_access_check(sd, bob, GENERIC_READ, true));
	assert_true(sd_access_check(sd, alice, GENERIC_READ | GENERIC_WRITE |
					       GENERIC_EXECUTE, true));
	assert_int_equal(sd_add_ace(sd, 7, &s_every, 0), -EINVAL);
	assert_int_equal(sd_insert_ace(sd, 99, SEC_ACE_ALLOW, &s_every, 0),
			 -EINVAL);
	sd_free(sd);
	pmm_token_put(alice);
	pmm_token_put(bob);
}

/* Spec 00 §6 generic mapping for processes. */
static void test_access_process_generic_mapping(void **state)
{
	const struct sec_generic_mapping *m = &sec_process_mapping;

	(void)state;
	assert_true(sd_map_generic(m, GENERIC_READ) ==
		    (PROCESS_QUERY_INFORMATION | PROCESS_VM_READ | READ_CONTROL));
	assert_true(sd_map_generic(m, GENERIC_WRITE) ==
		    (PROCESS_SET_INFORMATION | PROCESS_VM_WRITE | WRITE_DAC));
	assert_true(sd_map_generic(m, GENERIC_EXECUTE) ==
		    (PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME |
		     PROCESS_QUERY_LIMITED));
	assert_true(sd_map_generic(m, GENERIC_ALL) == 0x001F1FFF);
	assert_true(sd_map_generic(m, PROCESS_SIGNAL | GENERIC_READ) ==
		    (PROCESS_SIGNAL | m->read));
	assert_true(sd_map_generic(m, MAXIMUM_ALLOWED) == 0);
}

/* Rule 31 (SD part): the v0.22 template, from the tokens, never a copy. */
static void test_access_rule31_default_process_sd(void **state)
{
	struct fx_sec *fx = *state;
	struct pmm_token *alice = mint(fx, "alice", NULL, PMM_IL_HIGH, 0);
	struct pmm_token *bob = mint(fx, "bob", NULL, PMM_IL_MEDIUM, 0);
	struct sid admins, system, every;
	struct sd *sd, *sd2;

	sid_administrators(&admins);
	sid_system(&system);
	sid_everyone(&every);
	assert_int_equal(sd_create_process_default(&fx->a, alice, alice, &sd), 0);
	assert_true(sid_eq(&sd->owner, &alice->user));
	assert_true(sid_eq(&sd->group, &alice->primary_group));
	assert_true(sd->dacl_present);
	assert_int_equal(sd->nr_aces, 4);
	assert_true(sid_eq(&sd->aces[0].sid, &alice->user));
	assert_true(sd->aces[0].mask == GENERIC_ALL);
	assert_true(sid_eq(&sd->aces[1].sid, &admins));
	assert_true(sd->aces[1].mask == GENERIC_ALL);
	assert_true(sid_eq(&sd->aces[2].sid, &system));
	assert_true(sd->aces[2].mask == GENERIC_ALL);
	assert_true(sid_eq(&sd->aces[3].sid, &every));
	assert_true(sd->aces[3].mask == PROCESS_QUERY_LIMITED);
	for (int i = 0; i < 4; i++)
		assert_int_equal(sd->aces[i].type, SEC_ACE_ALLOW);
	assert_true(sd->has_label);
	assert_int_equal(sd->label_il, PMM_IL_HIGH);
	assert_int_equal(sd->label_policy, SEC_POLICY_NO_WRITE_UP);
	/* self, Administrators, SYSTEM: everything; others: basic info only */
	assert_true(sd_max_allowed(sd, alice, true) == PROCESS_ALL_ACCESS);
	assert_true(sd_max_allowed(sd, bob, false) == PROCESS_QUERY_LIMITED);

	/* Customising the parent's SD does not reach the next default SD. */
	sd_set_dacl_empty(sd);
	assert_int_equal(sd_create_process_default(&fx->a, alice, alice, &sd2), 0);
	assert_int_equal(sd2->nr_aces, 4);
	sd_free(sd2);
	/* Installing a token of another user regenerates it for that user,
	 * still owned by the creator (spec 00 §6 lifecycle). */
	assert_int_equal(sd_create_process_default(&fx->a, alice, bob, &sd2), 0);
	assert_true(sid_eq(&sd2->owner, &alice->user));
	assert_true(sid_eq(&sd2->aces[0].sid, &bob->user));
	assert_int_equal(sd2->label_il, PMM_IL_MEDIUM);
	sd_free(sd2);
	sd_free(sd);
	pmm_token_put(alice);
	pmm_token_put(bob);
}

static void test_access_sd_dup_and_alloc_failure(void **state)
{
	struct fx_sec *fx = *state;
	struct pmm_token *alice = mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0);
	struct sd *sd, *copy;
	struct sid every;
	uint64_t live;

	sid_everyone(&every);
	assert_int_equal(sd_create_process_default(&fx->a, alice, alice, &sd), 0);
	assert_int_equal(sd_dup(sd, &copy), 0);
	sd_set_dacl_empty(copy);
	assert_int_equal(sd->nr_aces, 4);		/* deep copy */
	assert_true(sd_access_check(sd, alice, PROCESS_VM_READ, true));
	assert_false(sd_access_check(copy, alice, PROCESS_VM_READ, true));
	sd_free(copy);
	/* a failed ACE allocation leaves the SD as it was */
	live = fx->a.live_objs;
	fx->a.fail_nth = fx->a.nr_allocs + 1;
	assert_int_equal(sd_add_ace(sd, SEC_ACE_ALLOW, &every, 1), -ENOMEM);
	assert_int_equal(sd->nr_aces, 4);
	fx->a.fail_nth = fx->a.nr_allocs + 1;
	assert_int_equal(sd_dup(sd, &copy), -ENOMEM);
	fx->a.fail_nth = fx->a.nr_allocs + 2;		/* the ACE array */
	assert_int_equal(sd_dup(sd, &copy), -ENOMEM);
	for (unsigned long n = 1; n <= 5; n++) {	/* every step of the template */
		struct sd *tmp = NULL;

		fx->a.fail_nth = fx->a.nr_allocs + n;
		if (sd_create_process_default(&fx->a, alice, alice, &tmp) == 0)
			sd_free(tmp);
	}
	fx->a.fail_nth = 0;
	assert_int_equal(fx->a.live_objs, live);
	sd_free(sd);
	pmm_token_put(alice);
}

/* ---- MIC (spec 00 §6, conflict 7) ---------------------------------------- */

static void test_access_mic_lower_caller(void **state)
{
	struct fx_sec *fx = *state;
	struct sid s_every;
	struct pmm_token *med = mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0);
	struct pmm_token *high = mint(fx, "alice", NULL, PMM_IL_HIGH, 0);
	const struct pmm_token_config nopol = { .user = "alice",
						.integrity = PMM_IL_LOW };
	struct pmm_token *low_nopolicy;
	struct sd *sd;
	uint32_t g;

	sid_everyone(&s_every);
	assert_int_equal(token_create_ex(&fx->a, &nopol, 0, &low_nopolicy), 0);
	assert_int_equal(sd_create(&fx->a, &sec_process_mapping, &high->user,
				   &high->primary_group, &sd), 0);
	assert_int_equal(sd_add_ace(sd, SEC_ACE_ALLOW, &s_every, GENERIC_ALL), 0);
	sd_set_label(sd, PMM_IL_HIGH, SEC_POLICY_NO_WRITE_UP);

	g = sd_max_allowed(sd, med, true);
	/* read- and execute-mapped rights, READ_CONTROL, SYNCHRONIZE stay */
	assert_true(g == (PROCESS_QUERY_INFORMATION | PROCESS_VM_READ |
			  READ_CONTROL | PROCESS_TERMINATE |
			  PROCESS_SUSPEND_RESUME | PROCESS_QUERY_LIMITED |
			  SYNCHRONIZE));
	assert_false(sd_access_check(sd, med, PROCESS_VM_WRITE, true));
	assert_false(sd_access_check(sd, med, PROCESS_SET_INFORMATION, true));
	assert_false(sd_access_check(sd, med, WRITE_DAC, true));
	assert_false(sd_access_check(sd, med, PROCESS_SIGNAL, true));
	assert_false(sd_access_check(sd, med, PROCESS_DUP_HANDLE, true));
	assert_false(sd_access_check(sd, med, WRITE_OWNER | DELETE, true));
	assert_true(sd_access_check(sd, med, PROCESS_TERMINATE, true));
	/* no MIC: equal or higher integrity, policy without NO_WRITE_UP,
	 * mic off, or no label */
	assert_true(sd_max_allowed(sd, high, true) == PROCESS_ALL_ACCESS);
	assert_true(sd_max_allowed(sd, low_nopolicy, true) == PROCESS_ALL_ACCESS);
	assert_true(sd_max_allowed(sd, med, false) == PROCESS_ALL_ACCESS);
	/* NO_READ_UP / NO_EXECUTE_UP labels take those too */
	sd_set_label(sd, PMM_IL_HIGH, SEC_POLICY_NO_WRITE_UP | SEC_LABEL_NO_READ_UP);
	assert_false(sd_access_check(sd, med, PROCESS_VM_READ, true));
	assert_true(sd_access_check(sd, med, PROCESS_TERMINATE | READ_CONTROL, true));
	sd_set_label(sd, PMM_IL_HIGH, SEC_POLICY_NO_WRITE_UP |
				      SEC_LABEL_NO_EXECUTE_UP);
	assert_false(sd_access_check(sd, med, PROCESS_TERMINATE, true));
	assert_true(sd_access_check(sd, med, PROCESS_VM_READ, true));
	sd_clear_label(sd);
	assert_true(sd_max_allowed(sd, med, true) == PROCESS_ALL_ACCESS);
	sd_free(sd);
	pmm_token_put(med);
	pmm_token_put(high);
	pmm_token_put(low_nopolicy);
}

/* ---- PIP (spec 00 §9) ---------------------------------------------------- */

/* Rule 22 (PIP part) and spec 01 rule 24. */
static void test_access_rule22_pip_dominance(void **state)
{
	(void)state;
	assert_true(pip_dominates(512, 8192, 512, 4096));
	assert_false(pip_dominates(512, 4096, 512, 8192));
	assert_false(pip_dominates(1024, 0, 512, 4096));	/* trust axis */
	assert_false(pip_dominates(512, 4096, 1024, 0));	/* type axis */
	assert_true(pip_dominates(0, 0, 0, 8192));	/* unprotected target */
	assert_true(pip_dominates(0, 0, 0, 0));
	assert_true(pip_dominates(512, 1024, 512, 1024));
	assert_false(pip_dominates(0, 8192, 512, 0));
}

/* Rule 22 through the two-check rule, with the SD granting VM_READ. */
static void test_access_rule22_two_check_pip(void **state)
{
	struct fx_sec *fx = *state;
	struct proc hi, mid, iso;

	proc_init(fx, &hi, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 512, 8192);
	proc_init(fx, &mid, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 512, 4096);
	proc_init(fx, &iso, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 1024, 0);
	assert_int_equal(access2(fx, &hi, NULL, &mid, PROCESS_VM_READ), 0);
	assert_int_equal(access2(fx, &mid, NULL, &hi, PROCESS_VM_READ), -EACCES);
	assert_int_equal(access2(fx, &iso, NULL, &mid, PROCESS_VM_READ), -EACCES);
	proc_fini(&hi);
	proc_fini(&mid);
	proc_fini(&iso);
}

/* Rule 17: SeDebug passes the SD check and is used even when PIP denies. */
static void test_access_rule17_sedebug_used_despite_pip(void **state)
{
	struct fx_sec *fx = *state;
	struct proc dbg, prot, plain;

	proc_init(fx, &dbg, mint(fx, "dave", NULL, PMM_IL_MEDIUM,
				 BIT(PMM_SE_DEBUG)), 0, 0);
	proc_init(fx, &prot, mint(fx, "svc", NULL, PMM_IL_MEDIUM, 0), 512, 4096);
	proc_init(fx, &plain, mint(fx, "bob", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	assert_int_equal(access2(fx, &dbg, NULL, &prot, PROCESS_VM_READ), -EACCES);
	assert_true(used_of(dbg.tok) & BIT(PMM_SE_DEBUG));
	/* rule 18: without SeDebug, a failed SD check records nothing */
	assert_int_equal(access2(fx, &plain, NULL, &prot, PROCESS_VM_READ), -EACCES);
	assert_true(used_of(plain.tok) == 0);
	proc_fini(&dbg);
	proc_fini(&prot);
	proc_fini(&plain);
}

/* Rule 21: Administrators read any PIP-None process, never a protected one. */
static void test_access_rule21_admin_vs_pip(void **state)
{
	struct fx_sec *fx = *state;
	const char *const admins[] = { "Administrators", NULL };
	struct proc adm, adm_dbg, other, prot;

	proc_init(fx, &adm, mint(fx, "root", admins, PMM_IL_HIGH, 0), 0, 0);
	proc_init(fx, &adm_dbg, mint(fx, "root", admins, PMM_IL_HIGH,
				     BIT(PMM_SE_DEBUG)), 0, 0);
	proc_init(fx, &other, mint(fx, "bob", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	proc_init(fx, &prot, mint(fx, "svc", NULL, PMM_IL_MEDIUM, 0), 512, 8192);
	assert_int_equal(access2(fx, &adm, NULL, &other, PROCESS_VM_READ), 0);
	assert_int_equal(access2(fx, &adm, NULL, &prot, PROCESS_VM_READ), -EACCES);
	assert_int_equal(access2(fx, &adm_dbg, NULL, &prot, PROCESS_VM_READ),
			 -EACCES);
	proc_fini(&adm);
	proc_fini(&adm_dbg);
	proc_fini(&other);
	proc_fini(&prot);
}

/* Rules 23, 24: MIC strips VM_WRITE up-integrity; SeDebug skips MIC, not PIP. */
static void test_access_rule23_rule24_mic_and_sedebug(void **state)
{
	struct fx_sec *fx = *state;
	struct proc med, high, med_dbg, high_prot;

	proc_init(fx, &med, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	proc_init(fx, &high, mint(fx, "alice", NULL, PMM_IL_HIGH, 0), 0, 0);
	proc_init(fx, &med_dbg, mint(fx, "alice", NULL, PMM_IL_MEDIUM,
				     BIT(PMM_SE_DEBUG)), 0, 0);
	proc_init(fx, &high_prot, mint(fx, "alice", NULL, PMM_IL_HIGH, 0), 512, 1024);
	assert_int_equal(access2(fx, &med, NULL, &high, PROCESS_VM_WRITE), -EACCES);
	assert_int_equal(access2(fx, &med, NULL, &high, PROCESS_VM_READ), 0);
	assert_int_equal(access2(fx, &high, NULL, &med, PROCESS_VM_WRITE), 0);
	assert_int_equal(access2(fx, &med_dbg, NULL, &high, PROCESS_VM_WRITE), 0);
	assert_int_equal(access2(fx, &med_dbg, NULL, &high_prot, PROCESS_VM_WRITE),
			 -EACCES);
	proc_fini(&med);
	proc_fini(&high);
	proc_fini(&med_dbg);
	proc_fini(&high_prot);
}

/* Rule 34 (PIP part): impersonating SYSTEM does not raise PIP. */
static void test_access_rule34_impersonation_keeps_pip(void **state)
{
	struct fx_sec *fx = *state;
	struct proc caller, prot;

	proc_init(fx, &caller, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	proc_init(fx, &prot, mint(fx, "svc", NULL, PMM_IL_MEDIUM, 0), 512, 1024);
	assert_int_equal(access2(fx, &caller, fx->sec.system, &prot,
				 PROCESS_VM_READ), -EACCES);
	/* the SYSTEM token did pass check (1): SeDebug was used */
	assert_true(used_of(fx->sec.system) & BIT(PMM_SE_DEBUG));
	proc_fini(&caller);
	proc_fini(&prot);
}

/* Rule 35 (the KACS rule, the peios-kacs and linux default): one's own
 * process needs no rights, whatever its SD says. */
static void test_access_rule35_self_needs_no_rights(void **state)
{
	struct fx_sec *fx = *state;
	struct proc p;
	struct sid s_alice;

	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "value=1"), 0);
	proc_init(fx, &p, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 512, 1024);
	s_alice = p.tok->user;
	assert_int_equal(sd_insert_ace(p.sd, 0, SEC_ACE_DENY, &s_alice,
				       GENERIC_ALL), 0);
	assert_int_equal(access2(fx, &p, NULL, &p, PROCESS_VM_READ |
						   PROCESS_VM_WRITE), 0);
	proc_fini(&p);
}

/*
 * Rule 36: /proc/self/mem with an SD denying the owner everything succeeds
 * under the self-bypass rule; with the address-space page's option it is
 * EACCES, and an impersonating thread is checked with the client's token.
 */
static void test_access_rule36_self_bypass_option(void **state)
{
	struct fx_sec *fx = *state;
	struct pmm_token *client = mint(fx, "bob", NULL, PMM_IL_MEDIUM, 0);
	struct proc p;

	proc_init(fx, &p, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	/* default SD, impersonating bob: bypassed under the KACS rule */
	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "value=1"), 0);
	assert_int_equal(access2(fx, &p, client, &p, PROCESS_VM_READ), 0);
	/* the address-space page's rule */
	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "value=0"), 0);
	assert_int_equal(access2(fx, &p, NULL, &p, PROCESS_VM_READ), 0);
	assert_int_equal(access2(fx, &p, client, &p, PROCESS_VM_READ), -EACCES);
	sd_set_dacl_empty(p.sd);
	assert_int_equal(access2(fx, &p, NULL, &p, PROCESS_VM_READ), -EACCES);
	/* back to the peios default, the page's rule: still checked */
	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "default"), 0);
	assert_int_equal(access2(fx, &p, NULL, &p, PROCESS_VM_READ), -EACCES);
	assert_int_equal(gate_override(&fx->sec, "proc_self_bypass", "value=1"), 0);
	assert_int_equal(access2(fx, &p, NULL, &p, PROCESS_VM_READ), 0);
	/* __sec_process_access states the rule directly */
	{
		struct sec_subject s = subj_of(&p, NULL);
		struct sec_target t = tgt_of(&p);

		assert_int_equal(__sec_process_access(&fx->sec, &s, &t,
						      PROCESS_VM_READ, EPERM,
						      false), -EPERM);
		assert_int_equal(__sec_process_access(&fx->sec, &s, &t,
						      PROCESS_VM_READ, EPERM,
						      true), 0);
	}
	proc_fini(&p);
	pmm_token_put(client);
}

/* The two-check rule fails closed and uses the errno it is given. */
static void test_access_fail_closed(void **state)
{
	struct fx_sec *fx = *state;
	struct proc a, b;
	struct sec_subject s;
	struct sec_target t;

	proc_init(fx, &a, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	proc_init(fx, &b, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	s = subj_of(&a, NULL);
	t = tgt_of(&b);
	assert_int_equal(sec_process_access(&fx->sec, &s, &t, PROCESS_VM_READ,
					    EPERM), 0);
	s.effective = NULL;
	assert_int_equal(sec_process_access(&fx->sec, &s, &t, PROCESS_VM_READ,
					    EPERM), -EPERM);
	s = subj_of(&a, NULL);
	t.sd = NULL;
	assert_int_equal(sec_process_access(&fx->sec, &s, &t, PROCESS_VM_READ,
					    ESRCH), -ESRCH);
	assert_int_equal(sec_process_access(&fx->sec, &s, NULL, PROCESS_VM_READ,
					    EACCES), -EACCES);
	/* NULL identities are never "the same process" */
	t = tgt_of(&b);
	s.identity = NULL;
	t.identity = NULL;
	sd_set_dacl_empty(b.sd);
	assert_int_equal(sec_process_access(&fx->sec, &s, &t, PROCESS_VM_READ,
					    EACCES), -EACCES);
	proc_fini(&a);
	proc_fini(&b);
}

/* linux profile: no MIC (mic_enforce 0). */
static void test_access_linux_profile_has_no_mic(void **state)
{
	struct fx_sec *fx = *state;
	struct proc med, high;

	proc_init(fx, &med, mint(fx, "alice", NULL, PMM_IL_MEDIUM, 0), 0, 0);
	proc_init(fx, &high, mint(fx, "alice", NULL, PMM_IL_HIGH, 0), 0, 0);
	assert_int_equal(access2(fx, &med, NULL, &high, PROCESS_VM_WRITE), 0);
	proc_fini(&med);
	proc_fini(&high);
}

static void test_access_sec_init_failures(void **state)
{
	struct pmm_allocator a = { 0 };
	struct sec_state sec;

	(void)state;
	assert_int_equal(sec_init(&sec, &a, PMM_PROFILE_NR), -EINVAL);
	for (uint64_t n = 1; n < 16; n++) {
		a.fail_nth = a.nr_allocs + n;
		if (sec_init(&sec, &a, PMM_PROFILE_PEIOS) == 0) {
			sec_fini(&sec);
			break;
		}
		assert_int_equal(a.live_objs, 0);
	}
	a.fail_nth = 0;
	assert_int_equal(a.live_objs, 0);
	memset(&sec, 0, sizeof(sec));
	sec_fini(&sec);				/* safe on a zeroed state */
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_sec_setup, fx_sec_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_access_empty_and_null_dacl),
		T(test_access_dacl_order_and_all_bits),
		T(test_access_process_generic_mapping),
		T(test_access_rule31_default_process_sd),
		T(test_access_sd_dup_and_alloc_failure),
		T(test_access_mic_lower_caller),
		T(test_access_rule22_pip_dominance),
		T(test_access_rule22_two_check_pip),
		T(test_access_rule17_sedebug_used_despite_pip),
		T(test_access_rule21_admin_vs_pip),
		T(test_access_rule23_rule24_mic_and_sedebug),
		T(test_access_rule34_impersonation_keeps_pip),
		T(test_access_rule35_self_needs_no_rights),
		T(test_access_rule36_self_bypass_option),
		T(test_access_fail_closed),
		cmocka_unit_test_setup_teardown(test_access_linux_profile_has_no_mic,
						fx_sec_setup_linux, fx_sec_teardown),
		cmocka_unit_test(test_access_sec_init_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
