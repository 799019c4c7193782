// SPDX-License-Identifier: MIT
/*
 * sid.c - security identifiers: comparison, text form in both directions,
 * the well-known SIDs, and the deterministic mapping from the symbolic
 * account names tokens are configured with to SIDs.
 *
 * Ordinary names become accounts of the simulated machine's domain,
 * S-1-5-21-<m1>-<m2>-<m3>-<rid>.  m1..m3 come from a fixed machine id and
 * the rid from a stable hash of the case-folded name, so "alice" is the same
 * SID in every machine, every run and every build.  There is no account
 * database: two names could in principle hash to one rid (2^31 - 1000
 * values); the tests pin the SIDs of the names they use.
 */
#include <errno.h>
#include <string.h>

#include "sec/sec.h"

/* The fixed machine identity the domain sub-authorities derive from. */
static const char machine_id[] = "peiosmm simulated machine";

#define SID_RID_FIRST 1000u	/* first rid of an ordinary account */

static char fold(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* FNV-1a, 32 bit, over the ASCII case-folded bytes of @s, from @h. */
static uint32_t fnv1a(uint32_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)fold(*s);
		h *= 16777619u;
	}
	return h;
}

#define FNV_BASIS 2166136261u

static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (fold(*a) != fold(*b))
			return false;
	return *a == *b;
}

static void sid_set(struct sid *out, uint64_t authority, unsigned int n,
		    const uint32_t *sub)
{
	memset(out, 0, sizeof(*out));
	out->authority = authority;
	out->nr_sub = (uint8_t)n;
	memcpy(out->sub, sub, n * sizeof(*sub));
}

bool sid_eq(const struct sid *a, const struct sid *b)
{
	return sid_cmp(a, b) == 0;
}

int sid_cmp(const struct sid *a, const struct sid *b)
{
	unsigned int n = PMM_MIN(a->nr_sub, b->nr_sub);

	if (a->authority != b->authority)
		return a->authority < b->authority ? -1 : 1;
	for (unsigned int i = 0; i < n; i++)
		if (a->sub[i] != b->sub[i])
			return a->sub[i] < b->sub[i] ? -1 : 1;
	if (a->nr_sub != b->nr_sub)
		return a->nr_sub < b->nr_sub ? -1 : 1;
	return 0;
}

/* ---- text form ----------------------------------------------------------- */

struct strbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 1 < sb->size)
		sb->buf[sb->len] = c;
	sb->len++;
}

static void sb_putu(struct strbuf *sb, uint64_t v, unsigned int base,
		    unsigned int min_digits)
{
	char tmp[24];
	unsigned int n = 0;

	do {
		unsigned int d = (unsigned int)(v % base);

		tmp[n++] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
		v /= base;
	} while (v);
	while (n < min_digits)
		tmp[n++] = '0';
	while (n)
		sb_putc(sb, tmp[--n]);
}

static size_t sb_finish(struct strbuf *sb)
{
	if (sb->size)
		sb->buf[PMM_MIN(sb->len, sb->size - 1)] = '\0';
	return sb->len;
}

size_t sid_to_string(const struct sid *sid, char *buf, size_t size)
{
	struct strbuf sb = { buf, size, 0 };

	sb_putc(&sb, 'S');
	sb_putc(&sb, '-');
	sb_putc(&sb, '1');
	sb_putc(&sb, '-');
	if (sid->authority >> 32) {
		sb_putc(&sb, '0');
		sb_putc(&sb, 'x');
		sb_putu(&sb, sid->authority, 16, 12);
	} else {
		sb_putu(&sb, sid->authority, 10, 1);
	}
	for (unsigned int i = 0; i < sid->nr_sub; i++) {
		sb_putc(&sb, '-');
		sb_putu(&sb, sid->sub[i], 10, 1);
	}
	return sb_finish(&sb);
}

/* Parse an unsigned decimal (or 0x hex) number up to @max; advance *@p. */
static int parse_num(const char **p, uint64_t max, uint64_t *out)
{
	const char *s = *p;
	unsigned int base = 10;
	uint64_t v = 0;
	bool any = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && fold(*s) >= 'a' && fold(*s) <= 'f')
			d = (unsigned int)(fold(*s) - 'a' + 10);
		else
			break;
		if (v > (max - d) / base)
			return -EINVAL;
		v = v * base + d;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

int sid_parse(const char *text, struct sid *out)
{
	const char *p = text;
	struct sid sid;
	uint64_t v;

	if (!text || fold(p[0]) != 's' || p[1] != '-')
		return -EINVAL;
	p += 2;
	if (parse_num(&p, 255, &v) || v != 1 || *p != '-')
		return -EINVAL;
	p++;
	memset(&sid, 0, sizeof(sid));
	if (parse_num(&p, 0xFFFFFFFFFFFFull, &sid.authority))
		return -EINVAL;
	while (*p == '-') {
		if (sid.nr_sub == SID_MAX_SUB_AUTHORITIES)
			return -EINVAL;
		p++;
		if (parse_num(&p, UINT32_MAX, &v))
			return -EINVAL;
		sid.sub[sid.nr_sub++] = (uint32_t)v;
	}
	if (*p || sid.nr_sub == 0)
		return -EINVAL;
	*out = sid;
	return 0;
}

/* ---- well-known SIDs ----------------------------------------------------- */

void sid_system(struct sid *out)
{
	sid_set(out, 5, 1, (const uint32_t[]){ 18 });
}

void sid_everyone(struct sid *out)
{
	sid_set(out, 1, 1, (const uint32_t[]){ 0 });
}

void sid_authenticated_users(struct sid *out)
{
	sid_set(out, 5, 1, (const uint32_t[]){ 11 });
}

void sid_administrators(struct sid *out)
{
	sid_set(out, 5, 2, (const uint32_t[]){ 32, 544 });
}

void sid_users(struct sid *out)
{
	sid_set(out, 5, 2, (const uint32_t[]){ 32, 545 });
}

void sid_integrity(uint32_t level, struct sid *out)
{
	sid_set(out, 16, 1, (const uint32_t[]){ level });
}

void sid_machine_domain_rid(uint32_t rid, struct sid *out)
{
	uint32_t sub[5];

	sub[0] = 21;
	for (unsigned int i = 0; i < 3; i++)
		sub[1 + i] = fnv1a(FNV_BASIS ^ (0x9E3779B9u * (i + 1)),
				   machine_id);
	sub[4] = rid;
	sid_set(out, 5, 5, sub);
}

/* Names that are not accounts of the machine's domain. */
static const struct {
	const char *name;
	uint8_t authority;
	uint8_t nr_sub;
	uint32_t sub[2];
} well_known[] = {
	{ "SYSTEM", 5, 1, { 18 } },
	{ "NT AUTHORITY\\SYSTEM", 5, 1, { 18 } },
	{ "LocalSystem", 5, 1, { 18 } },
	{ "LOCAL SERVICE", 5, 1, { 19 } },
	{ "NETWORK SERVICE", 5, 1, { 20 } },
	{ "Everyone", 1, 1, { 0 } },
	{ "Authenticated Users", 5, 1, { 11 } },
	{ "Administrators", 5, 2, { 32, 544 } },
	{ "BUILTIN\\Administrators", 5, 2, { 32, 544 } },
	{ "Users", 5, 2, { 32, 545 } },
	{ "BUILTIN\\Users", 5, 2, { 32, 545 } },
	{ "Guests", 5, 2, { 32, 546 } },
};

int sid_from_name(const char *name, struct sid *out)
{
	uint32_t rid;

	if (!name || !*name)
		return -EINVAL;
	if (fold(name[0]) == 's' && name[1] == '-')
		return sid_parse(name, out);
	for (size_t i = 0; i < PMM_ARRAY_SIZE(well_known); i++) {
		if (name_eq(name, well_known[i].name)) {
			sid_set(out, well_known[i].authority,
				well_known[i].nr_sub, well_known[i].sub);
			return 0;
		}
	}
	rid = SID_RID_FIRST +
	      fnv1a(FNV_BASIS, name) % (0x80000000u - SID_RID_FIRST);
	sid_machine_domain_rid(rid, out);
	return 0;
}

uint32_t sid_to_uid(const struct sid *sid)
{
	struct sid system;

	sid_system(&system);
	if (sid_eq(sid, &system) || sid->nr_sub == 0)
		return 0;
	return sid->sub[sid->nr_sub - 1];
}
