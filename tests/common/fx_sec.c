// SPDX-License-Identifier: MIT
/*
 * fx_sec.c - the security tests' fixture (see fx_sec.h).
 */
#include <string.h>

#include "fx_sec.h"

int fx_sec_setup_profile(void **state, enum pmm_profile profile)
{
	static struct fx_sec fx;

	memset(&fx, 0, sizeof(fx));
	if (sec_init(&fx.sec, &fx.a, profile))
		return -1;
	*state = &fx;
	return 0;
}

int fx_sec_setup(void **state)
{
	return fx_sec_setup_profile(state, PMM_PROFILE_PEIOS);
}

int fx_sec_setup_kacs(void **state)
{
	return fx_sec_setup_profile(state, PMM_PROFILE_PEIOS_KACS);
}

int fx_sec_setup_linux(void **state)
{
	return fx_sec_setup_profile(state, PMM_PROFILE_LINUX);
}

int fx_sec_teardown(void **state)
{
	struct fx_sec *fx = *state;

	sec_fini(&fx->sec);
	return fx->a.live_objs == 0 && fx->a.live_bytes == 0 ? 0 : -1;
}

struct pmm_token *fx_sec_mint(struct fx_sec *fx, const char *user,
			      const char *const *groups, uint32_t integrity,
			      uint64_t privs, uint64_t disabled)
{
	const struct pmm_token_config cfg = {
		.user = user, .groups = groups, .integrity = integrity,
		.privileges = privs, .disabled = disabled,
	};
	struct pmm_token *tok = NULL;

	assert_int_equal(token_create(&fx->a, &cfg, &tok), 0);
	return tok;
}
