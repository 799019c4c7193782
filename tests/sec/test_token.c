// SPDX-License-Identifier: MIT
/*
 * test_token.c - SIDs, the privilege catalog, minting, DuplicateToken,
 * FilterToken, AdjustPrivileges, the privilege check and the capability
 * switchboard (spec 00 §2-§4; rules 1-13, 15, 18).
 *
 * Every test works on a bare, zero-initialised allocator and ends with
 * nothing live in it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sec/sec.h"

#define BIT(n) (1ull << (n))

/* Pinned SIDs of two account names (sid.c: machine id + FNV-1a). */
#define PINNED_ALICE_SID "S-1-5-21-89912505-1789515600-1686669083-119675831"
#define PINNED_BOB_SID   "S-1-5-21-89912505-1789515600-1686669083-113682596"

static struct pmm_token *mint(struct pmm_allocator *a, const char *user,
			      uint64_t privs, uint64_t disabled)
{
	const struct pmm_token_config cfg = {
		.user = user,
		.integrity = PMM_IL_MEDIUM,
		.privileges = privs,
		.disabled = disabled,
	};
	struct pmm_token *tok = NULL;

	assert_int_equal(token_create(a, &cfg, &tok), 0);
	return tok;
}

static void privs_of(const struct pmm_token *tok, struct pmm_token_privs *p)
{
	pmm_token_privileges(tok, p);
}

static void assert_privs_equal(const struct pmm_token_privs *x,
			       const struct pmm_token_privs *y)
{
	assert_true(x->present == y->present);
	assert_true(x->enabled == y->enabled);
	assert_true(x->enabled_by_default == y->enabled_by_default);
	assert_true(x->used == y->used);
}

static const char *sid_str(const struct sid *s, char *buf)
{
	sid_to_string(s, buf, SID_STRING_MAX);
	return buf;
}

/* ---- SIDs ---------------------------------------------------------------- */

static void test_token_sid_well_known(void **state)
{
	char buf[SID_STRING_MAX];
	struct sid s;

	(void)state;
	assert_int_equal(sid_from_name("SYSTEM", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-18");
	assert_int_equal(sid_from_name("system", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-18");
	assert_int_equal(sid_from_name("Administrators", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-32-544");
	assert_int_equal(sid_from_name("BUILTIN\\Administrators", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-32-544");
	assert_int_equal(sid_from_name("Users", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-32-545");
	assert_int_equal(sid_from_name("Everyone", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-1-0");
	assert_int_equal(sid_from_name("Authenticated Users", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-11");
	sid_integrity(PMM_IL_HIGH, &s);
	assert_string_equal(sid_str(&s, buf), "S-1-16-12288");
}

/* Symbolic names map to fixed SIDs: same name, same SID, every run. */
static void test_token_sid_deterministic(void **state)
{
	char buf[SID_STRING_MAX];
	struct sid a1, a2, upper, b, dom;

	(void)state;
	assert_int_equal(sid_from_name("alice", &a1), 0);
	assert_int_equal(sid_from_name("alice", &a2), 0);
	assert_int_equal(sid_from_name("ALICE", &upper), 0);
	assert_int_equal(sid_from_name("bob", &b), 0);
	assert_true(sid_eq(&a1, &a2));
	assert_true(sid_eq(&a1, &upper));	/* account names fold case */
	assert_false(sid_eq(&a1, &b));
	/* S-1-5-21-<machine: 3 sub-authorities>-<rid >= 1000> */
	assert_int_equal(a1.authority, 5);
	assert_int_equal(a1.nr_sub, 5);
	assert_int_equal(a1.sub[0], 21);
	assert_true(a1.sub[4] >= 1000 && a1.sub[4] < 0x80000000u);
	assert_memory_equal(a1.sub, b.sub, 4 * sizeof(uint32_t));
	sid_machine_domain_rid(513, &dom);
	assert_memory_equal(a1.sub, dom.sub, 4 * sizeof(uint32_t));
	/* Pinned: a change here changes every stored scenario's SIDs. */
	assert_string_equal(sid_str(&a1, buf), PINNED_ALICE_SID);
	assert_string_equal(sid_str(&b, buf), PINNED_BOB_SID);
}

static void test_token_sid_parse_and_format(void **state)
{
	char buf[SID_STRING_MAX];
	struct sid s, t;

	(void)state;
	assert_int_equal(sid_parse("S-1-5-21-1-2-3-1001", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-5-21-1-2-3-1001");
	assert_int_equal(sid_from_name("s-1-19-512-8192", &t), 0);
	assert_string_equal(sid_str(&t, buf), "S-1-19-512-8192");
	/* authorities of 2^32 and more print in hex, as Windows does */
	assert_int_equal(sid_parse("S-1-0x100000000-7", &s), 0);
	assert_string_equal(sid_str(&s, buf), "S-1-0x000100000000-7");
	assert_int_equal(sid_parse(buf, &t), 0);
	assert_true(sid_eq(&s, &t));
	/* the length is returned even when the buffer is short */
	assert_int_equal(sid_to_string(&t, buf, 4), strlen("S-1-0x000100000000-7"));
	assert_string_equal(buf, "S-1");

	assert_int_equal(sid_parse("S-1-5", &s), -EINVAL);	/* no sub */
	assert_int_equal(sid_parse("S-2-5-18", &s), -EINVAL);
	assert_int_equal(sid_parse("S-1-5-18-", &s), -EINVAL);
	assert_int_equal(sid_parse("S-1-5-4294967296", &s), -EINVAL);
	assert_int_equal(sid_parse("S-1-5-1-2-3-4-5-6-7-8-9", &s), -EINVAL);
	assert_int_equal(sid_parse("X-1-5-18", &s), -EINVAL);
	assert_int_equal(sid_from_name("", &s), -EINVAL);
	assert_int_equal(sid_from_name(NULL, &s), -EINVAL);
	/* a total order */
	assert_int_equal(sid_parse("S-1-5-18", &s), 0);
	assert_int_equal(sid_parse("S-1-5-18-1", &t), 0);
	assert_true(sid_cmp(&s, &t) < 0 && sid_cmp(&t, &s) > 0);
	assert_int_equal(sid_cmp(&s, &s), 0);
}

/* ---- the catalog --------------------------------------------------------- */

static void test_token_catalog(void **state)
{
	uint64_t cat = pmm_privilege_catalog_mask();

	(void)state;
	assert_string_equal(pmm_privilege_name(PMM_SE_LOCK_MEMORY),
			    "SeLockMemoryPrivilege");
	assert_string_equal(pmm_privilege_name(PMM_SE_BIND_PRIVILEGED_PORT),
			    "SeBindPrivilegedPortPrivilege");
	assert_null(pmm_privilege_name(0));
	assert_null(pmm_privilege_name(1));
	assert_null(pmm_privilege_name(36));
	assert_null(pmm_privilege_name(64));
	assert_int_equal(pmm_privilege_lookup("SeTcbPrivilege"), PMM_SE_TCB);
	assert_int_equal(pmm_privilege_lookup("setcbprivilege"), PMM_SE_TCB);
	assert_int_equal(pmm_privilege_lookup("SeNoSuchPrivilege"), -ENOENT);
	assert_int_equal(pmm_privilege_lookup(NULL), -ENOENT);
	/* bits 2..35, 62, 63 (spec 00 §2) */
	assert_true(cat == (((BIT(36) - 1) & ~3ull) | BIT(62) | BIT(63)));
	for (unsigned int i = 0; i < PMM_PRIV_MAX; i++)
		assert_true(!!(cat & BIT(i)) == !!pmm_privilege_name(i));
}

/* ---- minting ------------------------------------------------------------- */

static void test_token_create_validates_config(void **state)
{
	struct pmm_allocator a = { 0 };
	const char *too_many[TOKEN_MAX_GROUPS + 2];
	const char *bad_group[] = { "S-1-bogus", NULL };
	struct pmm_token_config cfg = { .user = "alice" };
	struct pmm_token *tok = NULL;

	(void)state;
	cfg.privileges = BIT(0);		/* not a catalog bit */
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	cfg.privileges = BIT(40);
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	cfg.privileges = BIT(PMM_SE_TCB);
	cfg.disabled = BIT(PMM_SE_DEBUG);	/* not among the privileges */
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	cfg.disabled = BIT(PMM_SE_CHANGE_NOTIFY); /* a default one: fine */
	assert_int_equal(token_create(&a, &cfg, &tok), 0);
	pmm_token_put(tok);
	cfg.no_default_privileges = true;	/* ... unless not added */
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	cfg.no_default_privileges = false;
	cfg.disabled = 0;
	cfg.integrity = PMM_IL_SYSTEM + 1;
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	cfg.integrity = PMM_IL_LOW;
	cfg.user = "";
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	cfg.user = "alice";
	cfg.groups = bad_group;
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	for (int i = 0; i < TOKEN_MAX_GROUPS + 1; i++)
		too_many[i] = "Users";
	too_many[TOKEN_MAX_GROUPS + 1] = NULL;
	cfg.groups = too_many;
	assert_int_equal(token_create(&a, &cfg, &tok), -EINVAL);
	assert_int_equal(token_create(&a, NULL, &tok), -EINVAL);
	assert_int_equal(token_create_ex(&a, &cfg, 0x80, &tok), -EINVAL);
	assert_int_equal(a.live_objs, 0);
}

static void test_token_groups_and_identity(void **state)
{
	struct pmm_allocator a = { 0 };
	const char *groups[] = { "Administrators", "staff", "Administrators", NULL };
	const struct pmm_token_config cfg = {
		.user = "alice", .groups = groups, .integrity = PMM_IL_HIGH,
	};
	struct sid s, dom_none;
	struct pmm_token *tok, *def, *sys;

	(void)state;
	assert_int_equal(token_create(&a, &cfg, &tok), 0);
	/* Administrators, staff, Everyone, Authenticated Users: deduplicated */
	assert_int_equal(tok->nr_groups, 4);
	sid_administrators(&s);
	assert_true(token_is_member(tok, &s));
	sid_everyone(&s);
	assert_true(token_is_member(tok, &s));
	sid_authenticated_users(&s);
	assert_true(token_is_member(tok, &s));
	assert_int_equal(sid_from_name("staff", &s), 0);
	assert_true(token_is_member(tok, &s));
	assert_int_equal(sid_from_name("alice", &s), 0);
	assert_true(token_is_member(tok, &s));		/* the user itself */
	assert_true(sid_eq(&tok->user, &s));
	sid_users(&s);
	assert_false(token_is_member(tok, &s));
	sid_machine_domain_rid(513, &dom_none);
	assert_true(sid_eq(&tok->primary_group, &dom_none));
	assert_int_equal(pmm_token_integrity(tok), PMM_IL_HIGH);
	assert_int_equal(tok->mandatory_policy, SEC_POLICY_DEFAULT);

	/* NULL user is "user"; SYSTEM gets no Authenticated Users */
	def = mint(&a, NULL, 0, 0);
	assert_int_equal(sid_from_name("user", &s), 0);
	assert_true(sid_eq(&def->user, &s));
	sys = token_create_system(&a);
	assert_non_null(sys);
	sid_authenticated_users(&s);
	assert_false(token_is_member(sys, &s));
	sid_everyone(&s);
	assert_true(token_is_member(sys, &s));
	pmm_token_put(tok);
	pmm_token_put(def);
	pmm_token_put(sys);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 9: authd's ordinary token: 23 and 35, none of 4, 5, 7, 20. */
static void test_token_rule09_default_granted(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", 0, 0);
	const struct pmm_token_config bare = { .user = "bob",
					       .no_default_privileges = true };
	struct pmm_token_privs p;
	struct pmm_token *none;

	(void)state;
	privs_of(tok, &p);
	assert_true(p.present == (BIT(PMM_SE_CHANGE_NOTIFY) |
				  BIT(PMM_SE_CREATE_SYMBOLIC_LINK)));
	assert_true(p.enabled == p.present);
	assert_true(p.enabled_by_default == p.present);
	assert_true(p.used == 0);
	for (unsigned int b = 0; b < 64; b++)
		if (b == PMM_SE_LOCK_MEMORY || b == PMM_SE_INCREASE_QUOTA ||
		    b == PMM_SE_TCB || b == PMM_SE_DEBUG)
			assert_false(token_privilege_test(tok, b));
	assert_int_equal(token_create(&a, &bare, &none), 0);
	privs_of(none, &p);
	assert_true(p.present == 0);
	pmm_token_put(none);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 10: SYSTEM holds every catalog privilege, present and enabled. */
static void test_token_rule10_system_token(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *sys = token_create_system(&a);
	char buf[SID_STRING_MAX];
	struct pmm_token_privs p;

	(void)state;
	assert_non_null(sys);
	privs_of(sys, &p);
	assert_true(p.present == pmm_privilege_catalog_mask());
	assert_true(p.enabled == p.present);
	assert_true(p.enabled_by_default == p.present);
	assert_true(p.used == 0);
	assert_true(token_privilege_test(sys, PMM_SE_LOCK_MEMORY));
	assert_true(token_privilege_test(sys, PMM_SE_INCREASE_QUOTA));
	assert_true(token_privilege_test(sys, PMM_SE_TCB));
	assert_true(token_privilege_test(sys, PMM_SE_DEBUG));
	assert_true(token_privilege_test(sys, PMM_SE_CREATE_PAGEFILE));
	assert_string_equal(sid_str(&sys->user, buf), "S-1-5-18");
	assert_int_equal(pmm_token_integrity(sys), PMM_IL_SYSTEM);
	assert_int_equal(sys->mandatory_policy,
			 SEC_POLICY_NO_WRITE_UP | SEC_POLICY_NEW_PROCESS_MIN);
	pmm_token_put(sys);
	assert_int_equal(a.live_objs, 0);
}

/* ---- the privilege check ------------------------------------------------- */

/* Rule 1: present but disabled fails every check until enabled. */
static void test_token_rule01_disabled_fails_until_enabled(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_LOCK_MEMORY),
				     BIT(PMM_SE_LOCK_MEMORY));
	const struct pmm_priv_adjust en = { PMM_SE_LOCK_MEMORY,
					    PMM_SE_PRIVILEGE_ENABLED };
	struct pmm_token_privs p;

	(void)state;
	assert_false(token_privilege_check(tok, PMM_SE_LOCK_MEMORY));
	assert_false(pmm_capable(tok, 14));		/* CAP_IPC_LOCK */
	assert_int_equal(pmm_token_adjust_privileges(tok, &en, 1, NULL), 0);
	assert_true(pmm_token_privilege_check(tok, PMM_SE_LOCK_MEMORY));
	privs_of(tok, &p);
	assert_true(p.used == BIT(PMM_SE_LOCK_MEMORY));
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 18: a failed check sets no used bit (absent, disabled, bad luid). */
static void test_token_rule18_failed_check_marks_nothing(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_TCB), BIT(PMM_SE_TCB));
	struct pmm_token_privs p;
	uint64_t mid = pmm_token_modified_id(tok);

	(void)state;
	assert_false(token_privilege_check(tok, PMM_SE_DEBUG));	/* absent */
	assert_false(token_privilege_check(tok, PMM_SE_TCB));	/* disabled */
	assert_false(token_privilege_check(tok, 64));
	assert_false(token_privilege_check(NULL, PMM_SE_TCB));	/* fail closed */
	assert_false(token_capable(tok, 21, true));		/* CAP_SYS_ADMIN */
	privs_of(tok, &p);
	assert_true(p.used == 0);
	assert_true(pmm_token_modified_id(tok) == mid);
	/* a passing test without recording marks nothing either */
	assert_true(token_privilege_test(tok, PMM_SE_CHANGE_NOTIFY));
	privs_of(tok, &p);
	assert_true(p.used == 0);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* ---- AdjustPrivileges ---------------------------------------------------- */

/* Rule 2: enabling an absent privilege is EINVAL and changes nothing. */
static void test_token_rule02_enable_absent_einval(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_TCB), 0);
	const struct pmm_priv_adjust en = { PMM_SE_LOCK_MEMORY,
					    PMM_SE_PRIVILEGE_ENABLED };
	struct pmm_token_privs before, after;
	uint64_t prev = 0xdead, mid = pmm_token_modified_id(tok);

	(void)state;
	privs_of(tok, &before);
	assert_int_equal(token_adjust_privileges(tok, &en, 1, &prev), -EINVAL);
	privs_of(tok, &after);
	assert_privs_equal(&before, &after);
	assert_true(prev == 0xdead);		/* untouched on failure */
	assert_true(pmm_token_modified_id(tok) == mid);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 3: one invalid entry among valid ones: nothing changes. */
static void test_token_rule03_all_or_nothing(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice",
				     BIT(PMM_SE_TCB) | BIT(PMM_SE_DEBUG) |
				     BIT(PMM_SE_LOCK_MEMORY),
				     BIT(PMM_SE_LOCK_MEMORY));
	const struct pmm_priv_adjust bad[][3] = {
		/* enabling an absent privilege */
		{ { PMM_SE_TCB, 0 }, { PMM_SE_LOCK_MEMORY, PMM_SE_PRIVILEGE_ENABLED },
		  { PMM_SE_INCREASE_QUOTA, PMM_SE_PRIVILEGE_ENABLED } },
		/* a duplicate */
		{ { PMM_SE_TCB, 0 }, { PMM_SE_DEBUG, PMM_SE_PRIVILEGE_REMOVED },
		  { PMM_SE_TCB, PMM_SE_PRIVILEGE_ENABLED } },
		/* an unknown attribute bit */
		{ { PMM_SE_TCB, 0 }, { PMM_SE_DEBUG, 0 },
		  { PMM_SE_LOCK_MEMORY, 0x1 } },
		/* ENABLED|REMOVED */
		{ { PMM_SE_TCB, 0 }, { PMM_SE_DEBUG, 0 },
		  { PMM_SE_LOCK_MEMORY, PMM_SE_PRIVILEGE_ENABLED |
					PMM_SE_PRIVILEGE_REMOVED } },
		/* luid out of range */
		{ { PMM_SE_TCB, 0 }, { PMM_SE_DEBUG, 0 }, { 64, 0 } },
		/* the reset sentinel beside other entries */
		{ { PMM_SE_TCB, 0 }, { PMM_SE_DEBUG, 0 },
		  { 0, PMM_PRIV_RESET_ALL_DEFAULTS } },
	};
	struct pmm_token_privs before, after;
	uint64_t mid = pmm_token_modified_id(tok);

	(void)state;
	privs_of(tok, &before);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(token_adjust_privileges(tok, bad[i], 3, NULL),
				 -EINVAL);
		privs_of(tok, &after);
		assert_privs_equal(&before, &after);
		assert_true(pmm_token_modified_id(tok) == mid);
	}
	/* count 0 and count > 64 */
	assert_int_equal(token_adjust_privileges(tok, bad[0], 0, NULL), -EINVAL);
	assert_int_equal(token_adjust_privileges(tok, bad[0], 65, NULL), -EINVAL);
	assert_int_equal(pmm_token_adjust_privileges(tok, NULL, 1, NULL), -EINVAL);
	assert_int_equal(pmm_token_adjust_privileges(NULL, bad[0], 1, NULL), -EINVAL);
	/* the first two entries alone are fine */
	assert_int_equal(token_adjust_privileges(tok, bad[1], 2, NULL), 0);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 4: removal clears three masks for good and keeps used. */
static void test_token_rule04_remove_keeps_used(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_LOCK_MEMORY), 0);
	const struct pmm_priv_adjust rm = { PMM_SE_LOCK_MEMORY,
					    PMM_SE_PRIVILEGE_REMOVED };
	const struct pmm_priv_adjust en = { PMM_SE_LOCK_MEMORY,
					    PMM_SE_PRIVILEGE_ENABLED };
	struct pmm_token_privs p;

	(void)state;
	assert_true(token_privilege_check(tok, PMM_SE_LOCK_MEMORY));
	assert_int_equal(token_adjust_privileges(tok, &rm, 1, NULL), 0);
	privs_of(tok, &p);
	assert_false(p.present & BIT(PMM_SE_LOCK_MEMORY));
	assert_false(p.enabled & BIT(PMM_SE_LOCK_MEMORY));
	assert_false(p.enabled_by_default & BIT(PMM_SE_LOCK_MEMORY));
	assert_true(p.used & BIT(PMM_SE_LOCK_MEMORY));
	assert_int_equal(token_adjust_privileges(tok, &en, 1, NULL), -EINVAL);
	assert_false(token_privilege_check(tok, PMM_SE_LOCK_MEMORY));
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 5: disabling or removing an absent privilege succeeds, changes nothing. */
static void test_token_rule05_absent_disable_remove_noop(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", 0, 0);
	const struct pmm_priv_adjust adj[] = {
		{ PMM_SE_TCB, 0 },
		{ PMM_SE_DEBUG, PMM_SE_PRIVILEGE_REMOVED },
		{ 0, 0 },			/* not even a catalog bit */
		{ 63, PMM_SE_PRIVILEGE_REMOVED },
	};
	struct pmm_token_privs before, after;
	uint64_t mid = pmm_token_modified_id(tok), prev = 0;

	(void)state;
	privs_of(tok, &before);
	assert_int_equal(token_adjust_privileges(tok, adj, 4, &prev), 0);
	privs_of(tok, &after);
	assert_privs_equal(&before, &after);
	assert_true(prev == before.enabled);
	assert_true(pmm_token_modified_id(tok) == mid);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 6: the reset sentinel alone restores defaults, not removed ones. */
static void test_token_rule06_reset_all_defaults(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice",
				     BIT(PMM_SE_TCB) | BIT(PMM_SE_DEBUG) |
				     BIT(PMM_SE_LOCK_MEMORY),
				     BIT(PMM_SE_DEBUG));
	const struct pmm_priv_adjust changes[] = {
		{ PMM_SE_TCB, 0 },
		{ PMM_SE_DEBUG, PMM_SE_PRIVILEGE_ENABLED },
		{ PMM_SE_LOCK_MEMORY, PMM_SE_PRIVILEGE_REMOVED },
	};
	const struct pmm_priv_adjust reset = { 0, PMM_PRIV_RESET_ALL_DEFAULTS };
	const struct pmm_priv_adjust reset_luid = { 4, PMM_PRIV_RESET_ALL_DEFAULTS };
	const struct pmm_priv_adjust reset_en = {
		0, PMM_PRIV_RESET_ALL_DEFAULTS | PMM_SE_PRIVILEGE_ENABLED };
	const struct pmm_priv_adjust reset_and[] = {
		{ 0, PMM_PRIV_RESET_ALL_DEFAULTS }, { PMM_SE_TCB, 0 } };
	struct pmm_token_privs p;

	(void)state;
	assert_int_equal(token_adjust_privileges(tok, changes, 3, NULL), 0);
	assert_int_equal(token_adjust_privileges(tok, &reset_luid, 1, NULL), -EINVAL);
	assert_int_equal(token_adjust_privileges(tok, &reset_en, 1, NULL), -EINVAL);
	assert_int_equal(token_adjust_privileges(tok, reset_and, 2, NULL), -EINVAL);
	assert_int_equal(token_adjust_privileges(tok, &reset, 1, NULL), 0);
	privs_of(tok, &p);
	assert_true(p.enabled == p.enabled_by_default);
	assert_true(p.enabled & BIT(PMM_SE_TCB));
	assert_false(p.enabled & BIT(PMM_SE_DEBUG));
	assert_false(p.present & BIT(PMM_SE_LOCK_MEMORY));	/* stays removed */
	assert_false(p.enabled & BIT(PMM_SE_LOCK_MEMORY));
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 7: previous_enabled and modified_id; marking used does not bump it. */
static void test_token_rule07_previous_enabled_modified_id(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_TCB), BIT(PMM_SE_TCB));
	const struct pmm_priv_adjust en = { PMM_SE_TCB, PMM_SE_PRIVILEGE_ENABLED };
	const struct pmm_priv_adjust dis = { PMM_SE_TCB, 0 };
	struct pmm_token_privs p;
	uint64_t before, prev = 0, mid = pmm_token_modified_id(tok);

	(void)state;
	privs_of(tok, &p);
	before = p.enabled;
	assert_int_equal(token_adjust_privileges(tok, &en, 1, &prev), 0);
	assert_true(prev == before);
	assert_true(pmm_token_modified_id(tok) == mid + 1);
	assert_true(token_privilege_check(tok, PMM_SE_TCB));
	assert_true(pmm_capable(tok, 21));
	assert_true(pmm_token_modified_id(tok) == mid + 1);
	assert_int_equal(token_adjust_privileges(tok, &dis, 1, &prev), 0);
	assert_true(prev == (before | BIT(PMM_SE_TCB)));
	assert_true(pmm_token_modified_id(tok) == mid + 2);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 8: no path sets a present bit after creation. */
static void test_token_rule08_no_runtime_grant(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_TCB), 0);
	const uint32_t attrs[] = { 0, PMM_SE_PRIVILEGE_ENABLED,
				   PMM_SE_PRIVILEGE_REMOVED,
				   PMM_PRIV_RESET_ALL_DEFAULTS };
	struct pmm_token *copy;
	struct pmm_token_privs p;
	uint64_t present;

	(void)state;
	privs_of(tok, &p);
	present = p.present;
	for (unsigned int b = 0; b < 64; b++) {
		for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			const struct pmm_priv_adjust e = { b, attrs[i] };

			(void)token_adjust_privileges(tok, &e, 1, NULL);
			privs_of(tok, &p);
			assert_true((p.present & ~present) == 0);
			present = p.present;
		}
	}
	/* FilterToken and DuplicateToken never add either */
	assert_int_equal(pmm_token_filter(tok, 0, &copy), 0);
	privs_of(copy, &p);
	assert_true((p.present & ~present) == 0);
	pmm_token_put(copy);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rules 11 and 12: DuplicateToken copies all four masks; copies are independent. */
static void test_token_rule11_rule12_duplicate(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice",
				     BIT(PMM_SE_TCB) | BIT(PMM_SE_DEBUG) |
				     BIT(PMM_SE_LOCK_MEMORY),
				     BIT(PMM_SE_DEBUG));
	const struct pmm_priv_adjust rm = { PMM_SE_LOCK_MEMORY,
					    PMM_SE_PRIVILEGE_REMOVED };
	const struct pmm_priv_adjust dis = { PMM_SE_TCB, 0 };
	const struct pmm_priv_adjust en = { PMM_SE_DEBUG, PMM_SE_PRIVILEGE_ENABLED };
	struct pmm_token_privs p, c;
	struct pmm_token *copy;

	(void)state;
	assert_true(token_privilege_check(tok, PMM_SE_LOCK_MEMORY));
	assert_true(token_privilege_check(tok, PMM_SE_TCB));
	assert_int_equal(token_adjust_privileges(tok, &rm, 1, NULL), 0);
	assert_int_equal(pmm_token_duplicate(tok, &copy), 0);
	assert_ptr_not_equal(copy, tok);
	privs_of(tok, &p);
	privs_of(copy, &c);
	assert_privs_equal(&p, &c);			/* rule 11 */
	assert_true(sid_eq(&tok->user, &copy->user));
	assert_int_equal(copy->nr_groups, tok->nr_groups);
	/* rule 12: independent both ways */
	assert_int_equal(token_adjust_privileges(copy, &dis, 1, NULL), 0);
	assert_true(token_privilege_test(tok, PMM_SE_TCB));
	assert_int_equal(token_adjust_privileges(tok, &en, 1, NULL), 0);
	assert_false(token_privilege_test(copy, PMM_SE_DEBUG));
	assert_int_equal(pmm_token_duplicate(NULL, &copy), -EINVAL);
	pmm_token_put(copy);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

/* Rule 13: one token object behind two references sees one state. */
static void test_token_rule13_shared_reference(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *t1 = mint(&a, "alice", BIT(PMM_SE_TCB), 0);
	struct pmm_token *t2 = pmm_token_get(t1);	/* a second thread */
	const struct pmm_priv_adjust dis = { PMM_SE_TCB, 0 };

	(void)state;
	assert_int_equal(token_adjust_privileges(t1, &dis, 1, NULL), 0);
	assert_false(token_privilege_check(t2, PMM_SE_TCB));
	pmm_token_put(t1);
	assert_int_equal(a.live_objs, 1);		/* t2 still holds it */
	pmm_token_put(t2);
	pmm_token_put(NULL);
	assert_int_equal(a.live_objs, 0);
}

/* FilterToken removes privileges from three masks, keeps used. */
static void test_token_filter(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *tok = mint(&a, "alice", BIT(PMM_SE_TCB), 0);
	struct pmm_token_privs p;
	struct pmm_token *f;

	(void)state;
	assert_true(token_privilege_check(tok, PMM_SE_TCB));
	assert_int_equal(pmm_token_filter(tok, BIT(PMM_SE_TCB) |
				      BIT(PMM_SE_CHANGE_NOTIFY) | BIT(PMM_SE_DEBUG),
				      &f), 0);
	privs_of(f, &p);
	assert_true(p.present == BIT(PMM_SE_CREATE_SYMBOLIC_LINK));
	assert_true(p.enabled == p.present);
	assert_true(p.enabled_by_default == p.present);
	assert_true(p.used == BIT(PMM_SE_TCB));
	assert_true(token_privilege_test(tok, PMM_SE_TCB));	/* source intact */
	assert_int_equal(pmm_token_filter(NULL, 0, &f), -EINVAL);
	pmm_token_put(f);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
}

static void test_token_duplicate_integrity_and_impersonation(void **state)
{
	struct pmm_allocator a = { 0 };
	struct pmm_token *high, *low, *same, *bob;
	const struct pmm_token_config hc = { .user = "alice",
					     .integrity = PMM_IL_HIGH };

	(void)state;
	assert_int_equal(token_create(&a, &hc, &high), 0);
	assert_int_equal(token_duplicate_integrity(high, PMM_IL_MEDIUM, &low), 0);
	assert_int_equal(pmm_token_integrity(low), PMM_IL_MEDIUM);
	assert_int_equal(token_duplicate_integrity(high, PMM_IL_SYSTEM, &same), 0);
	assert_int_equal(pmm_token_integrity(same), PMM_IL_HIGH);	/* never raised */
	bob = mint(&a, "bob", 0, 0);
	/* same user at no higher integrity: no SeImpersonate needed */
	assert_true(token_may_impersonate_without_privilege(high, low));
	assert_true(token_may_impersonate_without_privilege(high, same));
	assert_false(token_may_impersonate_without_privilege(low, high));
	assert_false(token_may_impersonate_without_privilege(high, bob));
	pmm_token_put(high);
	pmm_token_put(low);
	pmm_token_put(same);
	pmm_token_put(bob);
	assert_int_equal(a.live_objs, 0);
}

/* ---- the switchboard (spec 00 §4.5, rule 15) ----------------------------- */

static void test_token_rule15_capability_switchboard(void **state)
{
	static const struct {
		int cap;
		unsigned int priv;
	} maps[] = {
		{ 14, PMM_SE_LOCK_MEMORY }, { 24, PMM_SE_INCREASE_QUOTA },
		{ 17, PMM_SE_TCB }, { 21, PMM_SE_TCB }, { 19, PMM_SE_DEBUG },
		{ 23, PMM_SE_INCREASE_BASE_PRIORITY }, { 10, PMM_SE_BIND_PRIVILEGED_PORT },
		{ 16, PMM_SE_LOAD_DRIVER }, { 22, PMM_SE_SHUTDOWN },
		{ 29, PMM_SE_AUDIT }, { 30, PMM_SE_SECURITY },
	};
	struct pmm_allocator a = { 0 };
	struct pmm_token *none = mint(&a, "alice", 0, 0);
	struct pmm_token *sys = token_create_system(&a);
	struct pmm_token_privs p;

	(void)state;
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		struct pmm_token *t = mint(&a, "bob", BIT(maps[i].priv), 0);
		struct pmm_token *d = mint(&a, "bob", BIT(maps[i].priv),
					   BIT(maps[i].priv));

		assert_true(pmm_capable(t, maps[i].cap));
		privs_of(t, &p);
		assert_true(p.used == BIT(maps[i].priv));
		assert_false(pmm_capable(d, maps[i].cap));	/* disabled */
		assert_false(pmm_capable(none, maps[i].cap));
		assert_true(token_capability_privileges(maps[i].cap) ==
			    BIT(maps[i].priv));
		pmm_token_put(t);
		pmm_token_put(d);
	}
	/* ALLOW class: always, even with no privilege at all */
	for (int cap = 0; cap <= 7; cap++)
		assert_true(pmm_capable(none, cap));
	assert_true(pmm_capable(none, 11));
	assert_true(pmm_capable(none, 15));
	assert_true(pmm_capable(none, 28));
	/* DENY class: never, even for SYSTEM */
	assert_false(pmm_capable(sys, 8));
	assert_false(pmm_capable(sys, 31));
	assert_false(pmm_capable(sys, 32));
	/* unknown numbers fail closed */
	assert_false(pmm_capable(sys, 41));
	assert_false(pmm_capable(sys, -1));
	assert_false(pmm_capable(sys, 1000));
	assert_false(pmm_capable(NULL, 1));
	assert_true(token_capability_privileges(1) == 0);
	privs_of(none, &p);
	assert_true(p.used == 0);
	pmm_token_put(none);
	pmm_token_put(sys);
	assert_int_equal(a.live_objs, 0);
}

/* CAP_PERFMON: the v0.22 OR-map (conflict 3); the granting one is recorded. */
static void test_token_perfmon_or_map(void **state)
{
	const unsigned int privs[] = { PMM_SE_SYSTEM_PROFILE,
				       PMM_SE_PROFILE_SINGLE_PROCESS,
				       PMM_SE_LOAD_DRIVER };
	struct pmm_allocator a = { 0 };
	struct pmm_token *none = mint(&a, "alice", 0, 0), *two;
	struct pmm_token_privs p;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct pmm_token *t = mint(&a, "alice", BIT(privs[i]), 0);

		assert_true(pmm_capable(t, 38));
		privs_of(t, &p);
		assert_true(p.used == BIT(privs[i]));
		pmm_token_put(t);
	}
	assert_false(pmm_capable(none, 38));
	two = mint(&a, "alice", BIT(PMM_SE_PROFILE_SINGLE_PROCESS) |
			       BIT(PMM_SE_LOAD_DRIVER), 0);
	assert_true(pmm_capable(two, 38));
	privs_of(two, &p);
	assert_true(p.used == BIT(PMM_SE_PROFILE_SINGLE_PROCESS));
	pmm_token_put(two);
	pmm_token_put(none);
	assert_int_equal(a.live_objs, 0);
}

/* Every allocation failure leaves nothing behind. */
static void test_token_alloc_failure(void **state)
{
	struct pmm_allocator a = { 0 };
	const struct pmm_token_config cfg = { .user = "alice" };
	struct pmm_token *tok = NULL, *copy = NULL;

	(void)state;
	a.fail_nth = 1;
	assert_int_equal(token_create(&a, &cfg, &tok), -ENOMEM);
	a.fail_nth = 2;
	assert_null(token_create_system(&a));
	a.fail_nth = 0;
	assert_int_equal(token_create(&a, &cfg, &tok), 0);
	a.fail_nth = a.nr_allocs + 1;
	assert_int_equal(token_duplicate(tok, &copy), -ENOMEM);
	assert_int_equal(token_filter(tok, 0, &copy), 0);	/* next one works */
	pmm_token_put(copy);
	pmm_token_put(tok);
	assert_int_equal(a.live_objs, 0);
	assert_int_equal(a.live_bytes, 0);
}

static void test_token_public_accessors_null_safe(void **state)
{
	struct pmm_token_privs p;

	(void)state;
	memset(&p, 0xff, sizeof(p));
	pmm_token_privileges(NULL, &p);
	assert_true(p.present == 0 && p.used == 0);
	pmm_token_privileges(NULL, NULL);
	assert_true(pmm_token_modified_id(NULL) == 0);
	assert_int_equal(pmm_token_integrity(NULL), 0);
	assert_null(pmm_token_get(NULL));
	assert_false(pmm_token_privilege_check(NULL, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_sid_well_known),
		cmocka_unit_test(test_token_sid_deterministic),
		cmocka_unit_test(test_token_sid_parse_and_format),
		cmocka_unit_test(test_token_catalog),
		cmocka_unit_test(test_token_create_validates_config),
		cmocka_unit_test(test_token_groups_and_identity),
		cmocka_unit_test(test_token_rule09_default_granted),
		cmocka_unit_test(test_token_rule10_system_token),
		cmocka_unit_test(test_token_rule01_disabled_fails_until_enabled),
		cmocka_unit_test(test_token_rule18_failed_check_marks_nothing),
		cmocka_unit_test(test_token_rule02_enable_absent_einval),
		cmocka_unit_test(test_token_rule03_all_or_nothing),
		cmocka_unit_test(test_token_rule04_remove_keeps_used),
		cmocka_unit_test(test_token_rule05_absent_disable_remove_noop),
		cmocka_unit_test(test_token_rule06_reset_all_defaults),
		cmocka_unit_test(test_token_rule07_previous_enabled_modified_id),
		cmocka_unit_test(test_token_rule08_no_runtime_grant),
		cmocka_unit_test(test_token_rule11_rule12_duplicate),
		cmocka_unit_test(test_token_rule13_shared_reference),
		cmocka_unit_test(test_token_filter),
		cmocka_unit_test(test_token_duplicate_integrity_and_impersonation),
		cmocka_unit_test(test_token_rule15_capability_switchboard),
		cmocka_unit_test(test_token_perfmon_or_map),
		cmocka_unit_test(test_token_alloc_failure),
		cmocka_unit_test(test_token_public_accessors_null_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
