// SPDX-License-Identifier: MIT
/*
 * test_sec_api.c - the public token calls that take a machine: authd's
 * reserved-privilege rule per profile (spec 00 §2, the
 * token_reserved_privileges row) and the machine's SYSTEM token (rule 10).
 * Unlike the other sec tests this one needs the whole library.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <peiosmm/peiosmm.h>

#define BIT(n) (1ull << (n))

static struct pmm_sim *machine(enum pmm_profile profile)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *sim = NULL;

	pmm_sim_config_init(&cfg);
	cfg.profile = profile;
	assert_int_equal(pmm_sim_create(&cfg, &sim), 0);
	return sim;
}

static int mint(struct pmm_sim *sim, uint64_t privs)
{
	const struct pmm_token_config cfg = { .user = "alice",
					      .integrity = PMM_IL_MEDIUM,
					      .privileges = privs };
	struct pmm_token *tok = NULL;
	int err = pmm_token_create(sim, &cfg, &tok);

	pmm_token_put(tok);
	return err;
}

/* authd refuses reserved privileges; which are reserved depends on the profile. */
static void test_sec_api_reserved_privileges_per_profile(void **state)
{
	struct pmm_sim *peios = machine(PMM_PROFILE_PEIOS);
	struct pmm_sim *kacs = machine(PMM_PROFILE_PEIOS_KACS);
	struct pmm_sim *linux_ = machine(PMM_PROFILE_LINUX);

	(void)state;
	/* the swap page's privilege is real in peios, reserved in KACS */
	assert_int_equal(mint(peios, BIT(PMM_SE_CREATE_PAGEFILE)), 0);
	assert_int_equal(mint(kacs, BIT(PMM_SE_CREATE_PAGEFILE)), -EINVAL);
	/* SeSystemProfile: reserved in the v0.20 catalog, standalone in v0.22 */
	assert_int_equal(mint(peios, BIT(PMM_SE_SYSTEM_PROFILE)), -EINVAL);
	assert_int_equal(mint(kacs, BIT(PMM_SE_SYSTEM_PROFILE)), 0);
	/* reserved in both catalogs */
	assert_int_equal(mint(peios, BIT(PMM_SE_TIME_ZONE)), -EINVAL);
	assert_int_equal(mint(kacs, BIT(PMM_SE_INCREASE_WORKING_SET)), -EINVAL);
	/* linux has no authd: every catalog privilege (a root token) */
	assert_int_equal(mint(linux_, pmm_privilege_catalog_mask()), 0);
	/* ordinary privileges everywhere; a non-catalog bit nowhere */
	assert_int_equal(mint(peios, BIT(PMM_SE_LOCK_MEMORY) | BIT(PMM_SE_TCB)), 0);
	assert_int_equal(mint(linux_, BIT(0)), -EINVAL);
	assert_int_equal(pmm_token_create(NULL, NULL, NULL), -EINVAL);
	pmm_sim_destroy(peios);
	pmm_sim_destroy(kacs);
	pmm_sim_destroy(linux_);
}

/* Rule 10 through the public API: SYSTEM holds every catalog privilege. */
static void test_sec_api_rule10_system_token(void **state)
{
	struct pmm_sim *sim = machine(PMM_PROFILE_PEIOS_KACS);
	struct pmm_token *sys = pmm_token_system(sim);
	struct pmm_token *again = pmm_token_system(sim);
	struct pmm_token_privs p;

	(void)state;
	assert_non_null(sys);
	assert_ptr_equal(sys, again);		/* one SYSTEM token per machine */
	pmm_token_privileges(sys, &p);
	assert_true(p.present == pmm_privilege_catalog_mask());
	assert_true(p.enabled == p.present);
	assert_int_equal(pmm_token_integrity(sys), PMM_IL_SYSTEM);
	assert_true(pmm_capable(sys, 21));	/* CAP_SYS_ADMIN */
	assert_null(pmm_token_system(NULL));
	pmm_token_put(sys);
	pmm_token_put(again);
	pmm_sim_destroy(sim);			/* asserts nothing leaked */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sec_api_reserved_privileges_per_profile),
		cmocka_unit_test(test_sec_api_rule10_system_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
