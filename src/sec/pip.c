// SPDX-License-Identifier: MIT
/*
 * pip.c - Process Integrity Protection dominance (spec 00 §9, KACS v0.22
 * §8.1).  PIP is a property of the process (its PSB), never of a token, so
 * impersonation cannot change it, and no privilege bypasses it: this is the
 * second, unconditional half of the two-check rule.
 */
#include "sec/sec.h"

bool pip_dominates(uint32_t caller_type, uint32_t caller_trust,
		   uint32_t target_type, uint32_t target_trust)
{
	/* an unprotected target is dominated by everyone */
	if (target_type == PIP_TYPE_NONE)
		return true;
	return caller_type >= target_type && caller_trust >= target_trust;
}
