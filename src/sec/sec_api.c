// SPDX-License-Identifier: MIT
/*
 * sec_api.c - the public token calls that need the machine: minting a token
 * (authd's role, with the profile's reserved-privilege rule) and handing
 * out the machine's SYSTEM token.  Everything else of the public token API
 * needs no machine and lives in token.c.
 */
#include <errno.h>

#include "kernel/kernel.h"
#include "sec/sec.h"

/*
 * authd refuses to issue tokens containing reserved privileges (spec 00
 * §2).  Which bits are reserved is the token_reserved_privileges row: the
 * v0.20 catalog less SeCreatePagefile in peios (the swap page's privilege,
 * spec 07 §3), KACS v0.22 in peios-kacs, none in linux (there is no authd).
 * The SYSTEM token is made by the kernel, not authd, and holds them all.
 */
int pmm_token_create(struct pmm_sim *sim, const struct pmm_token_config *cfg,
		     struct pmm_token **out)
{
	uint64_t reserved;

	if (!sim || !cfg || !out)
		return -EINVAL;
	reserved = (uint64_t)sec_value(&sim->sec,
				       GATE_TOKEN_RESERVED_PRIVILEGES);
	if (cfg->privileges & reserved)
		return -EINVAL;
	return token_create(&sim->alloc, cfg, out);
}

struct pmm_token *pmm_token_system(struct pmm_sim *sim)
{
	if (!sim)
		return NULL;
	return pmm_token_get(sim->sec.system);
}

uint64_t pmm_privilege_issuable_mask(struct pmm_sim *sim)
{
	if (!sim)
		return 0;
	return pmm_privilege_catalog_mask() &
	       ~(uint64_t)sec_value(&sim->sec, GATE_TOKEN_RESERVED_PRIVILEGES);
}
