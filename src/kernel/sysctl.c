// SPDX-License-Identifier: MIT
/*
 * kernel/sysctl.c - values, defaults, /proc/sys parsing and printing of the
 * memory sysctls.
 *
 * This file owns the descriptor array built from kernel/sysctl_table.h, the
 * computed Linux defaults (min_free_kbytes, the overcommit reserves,
 * page-cluster, numa_balancing), a faithful copy of the kernel's number
 * parser (proc_get_long() with base-0 strtoul and its trailer rules), the
 * per-sysctl write quirks (paired resets, lowmem_reserve_ratio's silent
 * handler, compact_memory's "only 1", numa_zonelist_order's first-letter
 * check, the dirty-bytes -ERANGE) and the consistency check.  It holds no
 * state of its own: everything lives in the caller's struct sysctl_state.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "base/compiler.h"
#include "kernel/sysctl.h"

#define SYSCTL_ROW(id_, name_, type_, mode_, ldef_, pdef_, min_, max_,       \
		   gate_, hook_, prof_, flags_, ref_)                        \
	[SYSCTL_##id_] = {                                                   \
		.name = (name_),                                             \
		.type = SYSCTL_T_##type_,                                    \
		.mode = (mode_),                                             \
		.def = {                                                     \
			[PMM_PROFILE_PEIOS] = (uint64_t)(pdef_),             \
			[PMM_PROFILE_PEIOS_KACS] = (uint64_t)(pdef_),        \
			[PMM_PROFILE_LINUX] = (uint64_t)(ldef_),             \
		},                                                           \
		.min = (uint64_t)(min_),                                     \
		.max = (uint64_t)(max_),                                     \
		.gate = SYSCTL_GATE_##gate_,                                 \
		.hook = SYSCTL_HOOK_##hook_,                                 \
		.profiles = SYSCTL_PROF_##prof_,                             \
		.flags = (flags_),                                           \
		.ref = (ref_),                                               \
	},
static const struct sysctl_desc sysctl_descs[NR_SYSCTL] = {
#include "kernel/sysctl_table.h"
};
#undef SYSCTL_ROW

/* Linux's sysctl_lowmem_reserve_ratio[] on x86-64 with ZONE_DEVICE. */
static const int32_t lowmem_reserve_default[SYSCTL_NR_ZONES] = {
	256, 256, 32, 0, 0
};

static const char *const zonelist_words[] = { "Node" };
static const char *const uffd_words[] = {
	[SYSCTL_UFFD_USER_MODE_ONLY] = "user-mode-only",
	[SYSCTL_UFFD_PRIVILEGED_ONLY] = "privileged-only",
	[SYSCTL_UFFD_DISABLED] = "disabled",
};

static const char *const *string_words(enum sysctl_id id, size_t *n)
{
	switch (id) {
	case SYSCTL_VM_NUMA_ZONELIST_ORDER:
		*n = PMM_ARRAY_SIZE(zonelist_words);
		return zonelist_words;
	case SYSCTL_VM_USERFAULTFD_POLICY:
		*n = PMM_ARRAY_SIZE(uffd_words);
		return uffd_words;
	default:
		*n = 0;
		return NULL;
	}
}

/* ---- raw values ---------------------------------------------------------- */

/* Two's complement uint64_t -> int64_t without implementation-defined
 * conversion. */
static int64_t u2s(uint64_t u)
{
	if (u <= (uint64_t)INT64_MAX)
		return (int64_t)u;
	return -(int64_t)(UINT64_MAX - u) - 1;
}

static bool type_is_unsigned(enum sysctl_type t)
{
	return t == SYSCTL_T_ULONG;
}

static bool raw_in_bounds(const struct sysctl_desc *d, uint64_t raw)
{
	if (type_is_unsigned(d->type))
		return raw >= d->min && raw <= d->max;
	return u2s(raw) >= u2s(d->min) && u2s(raw) <= u2s(d->max);
}

const struct sysctl_desc *sysctl_desc(enum sysctl_id id)
{
	if ((unsigned int)id >= NR_SYSCTL)
		return NULL;
	return &sysctl_descs[id];
}

const char *sysctl_name(enum sysctl_id id)
{
	const struct sysctl_desc *d = sysctl_desc(id);

	return d ? d->name : NULL;
}

bool sysctl_present(enum sysctl_id id, enum pmm_profile profile)
{
	const struct sysctl_desc *d = sysctl_desc(id);

	if (!d || (unsigned int)profile >= PMM_PROFILE_NR)
		return false;
	return d->profiles & (1u << profile);
}

enum sysctl_gate_class sysctl_gate_class(enum sysctl_id id)
{
	return sysctl_descs[id].gate;
}

enum sysctl_hook_kind sysctl_hook(enum sysctl_id id)
{
	return sysctl_descs[id].hook;
}

/* ---- computed defaults --------------------------------------------------- */

/* floor(sqrt(x)), bit by bit like the kernel's int_sqrt() */
static uint64_t isqrt64(uint64_t x)
{
	uint64_t r = 0, b = UINT64_C(1) << 62;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

int sysctl_min_free_kbytes_default(uint64_t lowmem_kbytes)
{
	uint64_t v;

	if (lowmem_kbytes > UINT64_MAX / 16)
		return 262144;
	v = isqrt64(lowmem_kbytes * 16);
	if (v < 128)
		v = 128;
	if (v > 262144)
		v = 262144;
	return (int)v;
}

int sysctl_thp_min_free_kbytes(int min_free_kbytes, unsigned int nr_zones,
			       uint64_t lowmem_pages)
{
	/* 2 free pageblocks per zone, plus MIGRATE_PCPTYPES^2 per zone */
	uint64_t rec = (uint64_t)SYSCTL_PAGEBLOCK_PAGES * nr_zones * 2 +
		       (uint64_t)SYSCTL_PAGEBLOCK_PAGES * nr_zones * 3 * 3;

	if (rec > lowmem_pages / 20)
		rec = lowmem_pages / 20;
	rec <<= 2; /* 4 KiB pages to KiB */
	if (rec > (uint64_t)INT_MAX)
		rec = INT_MAX;
	if (min_free_kbytes < 0 || rec > (uint64_t)min_free_kbytes)
		return (int)rec;
	return min_free_kbytes;
}

uint64_t sysctl_user_reserve_kbytes_default(uint64_t free_kbytes)
{
	return PMM_MIN(free_kbytes / 32, UINT64_C(1) << 17);
}

uint64_t sysctl_admin_reserve_kbytes_default(uint64_t free_kbytes)
{
	return PMM_MIN(free_kbytes / 32, UINT64_C(1) << 13);
}

int sysctl_page_cluster_default(uint64_t ram_bytes)
{
	return (ram_bytes >> 20) < 16 ? 2 : 3;
}

int sysctl_state_init(struct sysctl_state *st, enum pmm_profile profile,
		      const struct sysctl_machine *m)
{
	unsigned int i;

	if ((unsigned int)profile >= PMM_PROFILE_NR)
		return -EINVAL;

	memset(st, 0, sizeof(*st));
	st->profile = profile;
	for (i = 0; i < NR_SYSCTL; i++)
		st->val[i] = sysctl_descs[i].def[profile];
	memcpy(st->lowmem_reserve_ratio, lowmem_reserve_default,
	       sizeof(st->lowmem_reserve_ratio));
	st->val[SYSCTL_VM_LOWMEM_RESERVE_RATIO] =
		(uint64_t)(int64_t)st->lowmem_reserve_ratio[0];

	if (m) {
		uint64_t ram = m->ram_bytes;
		uint64_t lowmem = m->lowmem_bytes ? m->lowmem_bytes : ram;
		uint64_t free = m->free_bytes ? m->free_bytes : ram;
		int min_free = sysctl_min_free_kbytes_default(lowmem >> 10);

		if (m->thp_enabled && m->nr_lowmem_zones)
			min_free = sysctl_thp_min_free_kbytes(
				min_free, m->nr_lowmem_zones,
				lowmem / PMM_PAGE_SIZE);
		st->val[SYSCTL_VM_MIN_FREE_KBYTES] = (uint64_t)min_free;
		st->val[SYSCTL_VM_USER_RESERVE_KBYTES] =
			sysctl_user_reserve_kbytes_default(free >> 10);
		st->val[SYSCTL_VM_ADMIN_RESERVE_KBYTES] =
			sysctl_admin_reserve_kbytes_default(free >> 10);
		st->val[SYSCTL_VM_PAGE_CLUSTER] =
			(uint64_t)sysctl_page_cluster_default(ram);
		st->val[SYSCTL_KERNEL_NUMA_BALANCING] = m->nr_nodes > 1;
	}
	return 0;
}

/* ---- names --------------------------------------------------------------- */

/* "vm.swappiness" matches "vm.swappiness" and "vm/swappiness" */
static bool name_matches(const char *dotted, const char *q)
{
	for (; *dotted && *q; dotted++, q++) {
		if (*dotted == '.') {
			if (*q != '.' && *q != '/')
				return false;
		} else if (*dotted != *q) {
			return false;
		}
	}
	return *dotted == *q;
}

int sysctl_lookup(const char *name)
{
	static const char prefix[] = "/proc/sys/";
	unsigned int i;

	if (!name)
		return -ENOENT;
	if (!strncmp(name, prefix, sizeof(prefix) - 1))
		name += sizeof(prefix) - 1;
	for (i = 0; i < NR_SYSCTL; i++)
		if (name_matches(sysctl_descs[i].name, name))
			return (int)i;
	return -ENOENT;
}

int sysctl_lookup_profile(const char *name, enum pmm_profile profile)
{
	int id = sysctl_lookup(name);

	if (id < 0 || !sysctl_present((enum sysctl_id)id, profile))
		return -ENOENT;
	return id;
}

/* ---- the kernel's number parser ------------------------------------------ */

/* the kernel's isspace(): \t \n \v \f \r, space, and Latin-1 NBSP */
static bool k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* proc_wspace_sep: what may follow a number */
static bool k_is_trailer(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool k_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned int k_digit(unsigned char c)
{
	if (k_isdigit(c))
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;
}

struct cursor {
	const char *p;
	size_t left;
};

static void skip_spaces(struct cursor *c)
{
	while (c->left && k_isspace((unsigned char)*c->p)) {
		c->p++;
		c->left--;
	}
}

/* strtoul_lenient(): base 0; 0 on success, -ERANGE on overflow */
static int strtoul_lenient(const char **sp, uint64_t *res)
{
	const char *s = *sp;
	unsigned int base = 10, v;
	uint64_t r = 0;
	bool ovf = false;

	if (s[0] == '0') {
		if ((s[1] | 0x20) == 'x' && k_digit((unsigned char)s[2]) < 16) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	for (; (v = k_digit((unsigned char)*s)) < base; s++) {
		if (r > (UINT64_MAX - v) / base)
			ovf = true;
		r = r * base + v;
	}
	if (ovf)
		return -ERANGE;
	*sp = s;
	*res = r;
	return 0;
}

#define TMPBUFLEN 22

/* proc_get_long(): one number with an optional '-' sign */
static int get_long(struct cursor *c, uint64_t *val, bool *neg)
{
	char tmp[TMPBUFLEN];
	const char *q = tmp;
	size_t n = c->left, used;

	if (!n)
		return -EINVAL;
	if (n > TMPBUFLEN - 1)
		n = TMPBUFLEN - 1;
	memcpy(tmp, c->p, n);
	tmp[n] = '\0';

	*neg = false;
	if (*q == '-' && c->left > 1) {
		*neg = true;
		q++;
	}
	if (!k_isdigit((unsigned char)*q))
		return -EINVAL;
	if (strtoul_lenient(&q, val))
		return -EINVAL;

	used = (size_t)(q - tmp);
	/* 21 characters might be a truncated number: refuse */
	if (used == TMPBUFLEN - 1)
		return -EINVAL;
	if (used < c->left && !k_is_trailer((unsigned char)tmp[used]))
		return -EINVAL;
	c->p += used;
	c->left -= used;
	return 0;
}

/*
 * The write loop of __do_proc_dointvec() for int, jiffies and int-vector
 * sysctls: parse up to @n values into @out.  *@np is how many were parsed
 * and bounds-checked before an error (Linux has already stored those).
 */
static int parse_ints(const struct sysctl_desc *d, const char *text,
		      size_t len, int64_t *out, unsigned int n,
		      unsigned int *np)
{
	struct cursor c = { text, PMM_MIN(len, (size_t)SYSCTL_WRITE_MAX) };
	int64_t lo = u2s(d->min), hi = u2s(d->max);
	unsigned int i = 0;
	int err = 0;

	while (c.left && i < n) {
		uint64_t lval;
		bool neg;
		int64_t v;

		skip_spaces(&c);
		if (!c.left)
			break;
		err = get_long(&c, &lval, &neg);
		if (err)
			break;
		if (d->type == SYSCTL_T_JIFFIES) {
			/* do_proc_dointvec_jiffies_conv() */
			if (lval > (uint64_t)(INT_MAX / SYSCTL_HZ)) {
				err = -EINVAL;
				break;
			}
		} else if (neg ? lval > (uint64_t)INT_MAX + 1 :
				 lval > (uint64_t)INT_MAX) {
			/* do_proc_dointvec_conv() */
			err = -EINVAL;
			break;
		}
		v = neg ? -(int64_t)lval : (int64_t)lval;
		if (v < lo || v > hi) {
			err = -EINVAL;
			break;
		}
		out[i++] = v;
	}
	*np = i;
	if (!i && !err)
		err = -EINVAL; /* white space only */
	return err;
}

/* __do_proc_doulongvec_minmax() for one unsigned long */
static int parse_ulong(const struct sysctl_desc *d, const char *text,
		       size_t len, uint64_t *out)
{
	struct cursor c = { text, PMM_MIN(len, (size_t)SYSCTL_WRITE_MAX) };
	uint64_t v;
	bool neg;

	skip_spaces(&c);
	if (!c.left)
		return -EINVAL;
	if (get_long(&c, &v, &neg) || neg)
		return -EINVAL;
	if (v < d->min || v > d->max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* a word of a string sysctl: up to the first '\n' or NUL, blanks trimmed */
static int parse_word(enum sysctl_id id, const char *text, size_t len,
		      uint64_t *out)
{
	const char *const *words;
	size_t n, i, end = 0, start;

	words = string_words(id, &n);
	while (end < len && text[end] != '\n' && text[end] != '\0')
		end++;
	start = 0;
	while (start < end && k_isspace((unsigned char)text[start]))
		start++;
	while (end > start && k_isspace((unsigned char)text[end - 1]))
		end--;
	for (i = 0; i < n; i++) {
		if (strlen(words[i]) == end - start &&
		    !memcmp(words[i], text + start, end - start)) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- writes -------------------------------------------------------------- */

static void store(struct sysctl_state *st, enum sysctl_id id, uint64_t raw)
{
	st->val[id] = raw;
	st->user_set[id] = true;
}

/* 4 KiB pages of a dirty limit in bytes must fit an unsigned int */
static bool dirty_bytes_too_big(uint64_t bytes)
{
	return PMM_DIV_ROUND_UP(bytes, (uint64_t)PMM_PAGE_SIZE) > UINT_MAX;
}

static int write_int(struct sysctl_state *st, enum sysctl_id id,
		     const struct sysctl_desc *d, const char *text, size_t len)
{
	int64_t v, old = u2s(st->val[id]);
	unsigned int n;
	int err;

	err = parse_ints(d, text, len, &v, 1, &n);
	if (err)
		return err;

	switch (id) {
	case SYSCTL_VM_OVERCOMMIT_RATIO:
		/* overcommit_ratio_handler() */
		st->val[SYSCTL_VM_OVERCOMMIT_KBYTES] = 0;
		break;
	case SYSCTL_VM_DIRTY_RATIO:
		/* dirty_ratio_handler(): only a change resets the bytes */
		if (v != old)
			st->val[SYSCTL_VM_DIRTY_BYTES] = 0;
		break;
	case SYSCTL_VM_DIRTY_BACKGROUND_RATIO:
		st->val[SYSCTL_VM_DIRTY_BACKGROUND_BYTES] = 0;
		break;
	default:
		break;
	}
	store(st, id, (uint64_t)v);
	return 0;
}

static int write_ulong(struct sysctl_state *st, enum sysctl_id id,
		       const struct sysctl_desc *d, const char *text,
		       size_t len)
{
	uint64_t v, old = st->val[id];
	int err;

	err = parse_ulong(d, text, len, &v);
	if (err)
		return err;

	switch (id) {
	case SYSCTL_VM_OVERCOMMIT_KBYTES:
		/* overcommit_kbytes_handler() */
		st->val[SYSCTL_VM_OVERCOMMIT_RATIO] = 0;
		break;
	case SYSCTL_VM_DIRTY_BYTES:
		/* dirty_bytes_handler(): checked and reset only on a change */
		if (v != old) {
			if (dirty_bytes_too_big(v))
				return -ERANGE;
			st->val[SYSCTL_VM_DIRTY_RATIO] = 0;
		}
		break;
	case SYSCTL_VM_DIRTY_BACKGROUND_BYTES:
		if (dirty_bytes_too_big(v))
			return -ERANGE;
		st->val[SYSCTL_VM_DIRTY_BACKGROUND_RATIO] = 0;
		break;
	default:
		break;
	}
	store(st, id, v);
	return 0;
}

/*
 * lowmem_reserve_ratio_sysctl_handler() ignores what proc_dointvec_minmax()
 * returns: the values parsed before an error stay, every value < 1 becomes
 * 0, and the write succeeds.
 */
static int write_lowmem_reserve(struct sysctl_state *st, enum sysctl_id id,
				const struct sysctl_desc *d, const char *text,
				size_t len)
{
	int64_t v[SYSCTL_NR_ZONES];
	unsigned int n, i;

	(void)parse_ints(d, text, len, v, SYSCTL_NR_ZONES, &n);
	for (i = 0; i < n; i++)
		st->lowmem_reserve_ratio[i] = (int32_t)v[i];
	for (i = 0; i < SYSCTL_NR_ZONES; i++)
		if (st->lowmem_reserve_ratio[i] < 1)
			st->lowmem_reserve_ratio[i] = 0;
	store(st, id, (uint64_t)(int64_t)st->lowmem_reserve_ratio[0]);
	return 0;
}

static int write_string(struct sysctl_state *st, enum sysctl_id id,
			const char *text, size_t len)
{
	uint64_t idx;

	if (id == SYSCTL_VM_NUMA_ZONELIST_ORDER) {
		/* __parse_numa_zonelist_order(): the first byte only; the
		 * value stays "Node" */
		char c = len ? text[0] : '\0';

		if (c != 'd' && c != 'D' && c != 'n' && c != 'N')
			return -EINVAL;
		st->user_set[id] = true;
		return 0;
	}
	if (parse_word(id, text, len, &idx))
		return -EINVAL;
	store(st, id, idx);
	return 0;
}

int sysctl_write(struct sysctl_state *st, enum sysctl_id id, const char *text,
		 size_t len)
{
	const struct sysctl_desc *d = sysctl_desc(id);

	if (!d || !sysctl_present(id, st->profile))
		return -ENOENT;
	if (!(d->mode & 0222))
		return -EACCES;
	if (!text)
		len = 0;

	if (d->type == SYSCTL_T_STRING)
		return write_string(st, id, text, len);
	if (!len) {
		/* the numeric handlers return 0 for an empty write; the
		 * compaction handler then re-checks the stored value */
		if (id == SYSCTL_VM_COMPACT_MEMORY && st->val[id] != 1)
			return -EINVAL;
		return 0;
	}

	switch (d->type) {
	case SYSCTL_T_ULONG:
		return write_ulong(st, id, d, text, len);
	case SYSCTL_T_INTVEC:
		return write_lowmem_reserve(st, id, d, text, len);
	default:
		return write_int(st, id, d, text, len);
	}
}

/* ---- reads --------------------------------------------------------------- */

struct sbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void sb_putc(struct sbuf *sb, char c)
{
	if (sb->len + 1 < sb->size)
		sb->buf[sb->len] = c;
	sb->len++;
}

static void sb_puts(struct sbuf *sb, const char *s)
{
	while (*s)
		sb_putc(sb, *s++);
}

static void sb_putu(struct sbuf *sb, uint64_t v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		sb_putc(sb, tmp[--n]);
}

static void sb_puts64(struct sbuf *sb, int64_t v)
{
	if (v < 0) {
		sb_putc(sb, '-');
		sb_putu(sb, (uint64_t)-(v + 1) + 1);
	} else {
		sb_putu(sb, (uint64_t)v);
	}
}

static void sb_finish(struct sbuf *sb)
{
	if (sb->size)
		sb->buf[PMM_MIN(sb->len, sb->size - 1)] = '\0';
}

static void sb_value(struct sbuf *sb, const struct sysctl_desc *d,
		     uint64_t raw)
{
	if (type_is_unsigned(d->type))
		sb_putu(sb, raw);
	else
		sb_puts64(sb, u2s(raw));
}

long sysctl_read(const struct sysctl_state *st, enum sysctl_id id, char *buf,
		 size_t size)
{
	const struct sysctl_desc *d = sysctl_desc(id);
	struct sbuf sb = { buf, buf ? size : 0, 0 };
	const char *const *words;
	size_t n;
	unsigned int i;

	if (!d || !sysctl_present(id, st->profile))
		return -ENOENT;
	if (!(d->mode & 0444))
		return -EACCES;

	switch (d->type) {
	case SYSCTL_T_INTVEC:
		for (i = 0; i < SYSCTL_NR_ZONES; i++) {
			if (i)
				sb_putc(&sb, '\t');
			sb_puts64(&sb, st->lowmem_reserve_ratio[i]);
		}
		break;
	case SYSCTL_T_STRING:
		words = string_words(id, &n);
		if (st->val[id] < n)
			sb_puts(&sb, words[st->val[id]]);
		break;
	default:
		sb_value(&sb, d, st->val[id]);
		break;
	}
	sb_putc(&sb, '\n');
	sb_finish(&sb);
	return (long)sb.len;
}

int64_t sysctl_get(const struct sysctl_state *st, enum sysctl_id id)
{
	const struct sysctl_desc *d = sysctl_desc(id);
	uint64_t raw;

	if (!d)
		return 0;
	raw = st->val[id];
	if (type_is_unsigned(d->type))
		return raw > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)raw;
	return u2s(raw);
}

uint64_t sysctl_get_u64(const struct sysctl_state *st, enum sysctl_id id)
{
	if ((unsigned int)id >= NR_SYSCTL)
		return 0;
	return st->val[id];
}

int32_t sysctl_get_vec(const struct sysctl_state *st, unsigned int i)
{
	if (i >= SYSCTL_NR_ZONES)
		return 0;
	return st->lowmem_reserve_ratio[i];
}

/* ---- bookkeeping stores -------------------------------------------------- */

static int set_raw(struct sysctl_state *st, enum sysctl_id id, uint64_t raw,
		   bool want_unsigned)
{
	const struct sysctl_desc *d = sysctl_desc(id);

	if (!d || !sysctl_present(id, st->profile))
		return -ENOENT;
	if (d->type == SYSCTL_T_INTVEC ||
	    type_is_unsigned(d->type) != want_unsigned)
		return -EINVAL;
	if (!raw_in_bounds(d, raw) && !((d->flags & SYSCTL_F_ZERO_OK) && !raw))
		return -EINVAL;
	st->val[id] = raw;
	return 0;
}

int sysctl_set(struct sysctl_state *st, enum sysctl_id id, int64_t v)
{
	return set_raw(st, id, (uint64_t)v, false);
}

int sysctl_set_u64(struct sysctl_state *st, enum sysctl_id id, uint64_t v)
{
	return set_raw(st, id, v, true);
}

/* ---- consistency --------------------------------------------------------- */

static bool fail(char *msg, size_t size, const char *name, const char *what)
{
	struct sbuf sb = { msg, msg ? size : 0, 0 };

	sb_puts(&sb, name);
	sb_puts(&sb, ": ");
	sb_puts(&sb, what);
	sb_finish(&sb);
	return false;
}

static bool fail_range(char *msg, size_t size, const struct sysctl_desc *d,
		       uint64_t raw)
{
	struct sbuf sb = { msg, msg ? size : 0, 0 };

	sb_puts(&sb, d->name);
	sb_puts(&sb, ": value ");
	sb_value(&sb, d, raw);
	sb_puts(&sb, " outside [");
	sb_value(&sb, d, d->min);
	sb_puts(&sb, ", ");
	sb_value(&sb, d, d->max);
	sb_puts(&sb, "]");
	sb_finish(&sb);
	return false;
}

bool sysctl_consistent(const struct sysctl_state *st, char *msg, size_t size)
{
	static const struct {
		enum sysctl_id bytes, ratio;
	} pairs[] = {
		{ SYSCTL_VM_OVERCOMMIT_KBYTES, SYSCTL_VM_OVERCOMMIT_RATIO },
		{ SYSCTL_VM_DIRTY_BYTES, SYSCTL_VM_DIRTY_RATIO },
		{ SYSCTL_VM_DIRTY_BACKGROUND_BYTES,
		  SYSCTL_VM_DIRTY_BACKGROUND_RATIO },
	};
	unsigned int i;

	if ((unsigned int)st->profile >= PMM_PROFILE_NR)
		return fail(msg, size, "sysctl", "bad profile");

	for (i = 0; i < NR_SYSCTL; i++) {
		const struct sysctl_desc *d = &sysctl_descs[i];
		uint64_t raw = st->val[i];
		unsigned int z;

		if (d->type == SYSCTL_T_INTVEC) {
			for (z = 0; z < SYSCTL_NR_ZONES; z++)
				if (st->lowmem_reserve_ratio[z] < 0)
					return fail(msg, size, d->name,
						    "negative element");
			if (u2s(raw) != st->lowmem_reserve_ratio[0])
				return fail(msg, size, d->name,
					    "value is not element 0");
			continue;
		}
		if (!raw_in_bounds(d, raw) &&
		    !((d->flags & SYSCTL_F_ZERO_OK) && !raw))
			return fail_range(msg, size, d, raw);
	}
	for (i = 0; i < PMM_ARRAY_SIZE(pairs); i++)
		if (st->val[pairs[i].bytes] && st->val[pairs[i].ratio])
			return fail(msg, size,
				    sysctl_descs[pairs[i].bytes].name,
				    "non-zero together with its ratio");
	if (msg && size)
		msg[0] = '\0';
	return true;
}
