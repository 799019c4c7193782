/* SPDX-License-Identifier: MIT */
/*
 * rng.h - deterministic random streams.
 *
 * xoshiro256** seeded through splitmix64.  Each subsystem owns its own
 * stream, derived from the machine seed and the stream's number, so an extra
 * draw in one subsystem never shifts another's numbers.
 */
#ifndef PMM_BASE_RNG_H
#define PMM_BASE_RNG_H

#include <stdint.h>

__extension__ typedef unsigned __int128 pmm_u128;

struct pmm_rng {
	uint64_t s[4];
};

static inline uint64_t pmm_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline void pmm_rng_seed(struct pmm_rng *r, uint64_t seed,
				uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ull);

	for (int i = 0; i < 4; i++)
		r->s[i] = pmm_splitmix64(&x);
}

static inline uint64_t pmm_rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t pmm_rng_next(struct pmm_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = pmm_rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = pmm_rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, bound) without modulo bias (Lemire); bound 0 gives 0. */
static inline uint64_t pmm_rng_below(struct pmm_rng *r, uint64_t bound)
{
	pmm_u128 m;
	uint64_t lo;

	if (bound == 0)
		return 0;
	m = (pmm_u128)pmm_rng_next(r) * bound;
	lo = (uint64_t)m;
	if (lo < bound) {
		uint64_t thresh = -bound % bound;

		while (lo < thresh) {
			m = (pmm_u128)pmm_rng_next(r) * bound;
			lo = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

#endif /* PMM_BASE_RNG_H */
