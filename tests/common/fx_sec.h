/* SPDX-License-Identifier: MIT */
/*
 * fx_sec.h - fixture for the security unit tests: a bare allocator and a
 * sec_state per test (no machine), and a teardown that fails on any leak.
 */
#ifndef PMM_TESTS_FX_SEC_H
#define PMM_TESTS_FX_SEC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sec/sec.h"

struct fx_sec {
	struct pmm_allocator a;
	struct sec_state sec;
};

int fx_sec_setup_profile(void **state, enum pmm_profile profile);
int fx_sec_setup(void **state);		/* peios */
int fx_sec_setup_kacs(void **state);
int fx_sec_setup_linux(void **state);
/* sec_fini(), then fail if the allocator still holds anything. */
int fx_sec_teardown(void **state);

/* Mint a token in @fx's allocator; asserts success. */
struct pmm_token *fx_sec_mint(struct fx_sec *fx, const char *user,
			      const char *const *groups, uint32_t integrity,
			      uint64_t privs, uint64_t disabled);

#endif /* PMM_TESTS_FX_SEC_H */
