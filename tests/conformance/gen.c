// SPDX-License-Identifier: MIT
/*
 * gen.c - the seeded generator of address-space call sequences.
 *
 * Every op is drawn from one xoshiro256** stream seeded with the run's
 * seed, and only from it: the same seed, op count, feature mask and invalid
 * rate give the same sequence on every machine.  Valid ranges lie inside the
 * window: [pg, pg + pages) with pg + pages <= CONF_WINDOW_PAGES, and a
 * mremap never grows past the window's end.  With probability
 * invalid_permille / 1000 an op gets one deliberately bad argument
 * (misaligned address, zero or wrapping length, unknown flag or prot bits,
 * unknown advice, bad name, an address past TASK_SIZE); the bad values are
 * chosen so that the kernel rejects them without touching anything outside
 * the window.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>

#include "conf.h"
#include "rng.h"

#define RNG_STREAM	0xc0f0c0f0ull

/* Names for PR_SET_VMA_ANON_NAME; the last two are rejected (EINVAL). */
const char *const conf_names[] = {
	"a", "b", "heap", "", "with space", "x.y-z_0:1",
	"0123456789012345678901234567890123456789"
	"012345678901234567890123456789012345678",	/* 79: the longest */
	"bad[name",
	"0123456789012345678901234567890123456789"
	"0123456789012345678901234567890123456789",	/* 80: too long */
};
const int conf_nr_names = (int)(sizeof(conf_names) / sizeof(conf_names[0]));
#define NR_VALID_NAMES	(conf_nr_names - 2)

/* Absolute addresses every call must reject (47-bit TASK_SIZE host). */
static const uint64_t bad_addrs[] = {
	0x7ffffffff000ull,	/* the last page: end past TASK_SIZE_MAX */
	0x800000000000ull,	/* 1 << 47 */
	0xffff800000000000ull,	/* kernel half */
	1ull << 57,		/* past even a 5-level TASK_SIZE */
};

static const int32_t flag_advices[] = {
	MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_DONTFORK, MADV_DOFORK,
	MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_DONTDUMP, MADV_DODUMP,
	MADV_HUGEPAGE, MADV_NOHUGEPAGE,
};

/* Never 100/101 (HWPOISON, SOFT_OFFLINE): root may use them. */
static const int32_t bad_advices[] = { 5, 6, 7, 60, 99, 1000, -1 };

static uint64_t below(struct pmm_rng *r, uint64_t n)
{
	return pmm_rng_below(r, n);
}

static bool chance(struct pmm_rng *r, unsigned int permille)
{
	return below(r, 1000) < permille;
}

static void win(struct conf_addr *a, uint32_t pg)
{
	a->kind = CONF_ADDR_WIN;
	a->pg = pg;
}

/* A range inside the window: mostly short, sometimes long. */
static void draw_range(struct pmm_rng *r, uint32_t max_pages, uint32_t *pg,
		       uint32_t *pages)
{
	uint32_t cap = below(r, 4) == 0 ? 64 : 16;

	if (cap > max_pages)
		cap = max_pages;
	*pages = 1 + (uint32_t)below(r, cap);
	*pg = (uint32_t)below(r, CONF_WINDOW_PAGES - *pages + 1);
}

/*
 * The generator's guess of which window pages are mapped: it follows the
 * ops, not their results (those are unknown here), which is enough to aim
 * most calls at mappings rather than holes.
 */
struct gen_map {
	uint8_t mapped[CONF_WINDOW_PAGES];
};

static void map_set(struct gen_map *m, uint32_t pg, uint64_t len, uint8_t v)
{
	uint64_t end = pg + (len + CONF_PAGE - 1) / CONF_PAGE;

	for (uint64_t i = pg; i < end && i < CONF_WINDOW_PAGES; i++)
		m->mapped[i] = v;
}

/*
 * A range starting on a (probably) mapped page; three times in four it
 * stays inside that page's mapped run, else it may cross holes.
 */
static void draw_mapped(struct pmm_rng *r, const struct gen_map *m,
			uint32_t max_pages, uint32_t *pg, uint32_t *pages)
{
	uint32_t start = (uint32_t)below(r, CONF_WINDOW_PAGES), i, run;

	draw_range(r, max_pages, pg, pages);
	for (i = 0; i < CONF_WINDOW_PAGES; i++)
		if (m->mapped[(start + i) % CONF_WINDOW_PAGES])
			break;
	if (i == CONF_WINDOW_PAGES)
		return;
	*pg = (start + i) % CONF_WINDOW_PAGES;
	for (run = 0; *pg + run < CONF_WINDOW_PAGES; run++)
		if (!m->mapped[*pg + run])
			break;
	if (below(r, 4) && *pages > run)
		*pages = 1 + (uint32_t)below(r, run);
	if (*pg + *pages > CONF_WINDOW_PAGES)
		*pages = CONF_WINDOW_PAGES - *pg;
}

static uint64_t draw_len(struct pmm_rng *r, uint32_t pages)
{
	uint64_t len = (uint64_t)pages * CONF_PAGE;

	/* An unaligned length is valid: the kernel rounds it up. */
	if (chance(r, 50))
		len -= 1 + below(r, CONF_PAGE - 1);
	return len;
}

static uint32_t draw_prot(struct pmm_rng *r)
{
	return (uint32_t)below(r, 8);	/* every READ/WRITE/EXEC mix */
}

static void gen_mmap(struct pmm_rng *r, struct conf_op *op)
{
	uint32_t pg, pages, place = (uint32_t)below(r, 100);
	uint32_t type = (uint32_t)below(r, 10);

	op->kind = CONF_MMAP;
	draw_range(r, CONF_WINDOW_PAGES, &pg, &pages);
	op->len = draw_len(r, pages);
	op->prot = draw_prot(r);
	op->flags = MAP_ANONYMOUS;
	op->flags |= type < 6 ? MAP_PRIVATE :
		     type < 9 ? MAP_SHARED : CONF_MAP_SHARED_VALIDATE;
	if (place < 45) {
		op->flags |= MAP_FIXED;
		win(&op->addr, pg);
	} else if (place < 70) {
		op->flags |= CONF_MAP_FIXED_NOREPLACE;
		win(&op->addr, pg);
	} else if (place < 95) {
		win(&op->addr, pg);		/* a hint */
	} else {
		op->addr.kind = CONF_ADDR_NULL;
	}
	if (chance(r, 100))
		op->flags |= MAP_NORESERVE;
}

static void gen_mremap(struct pmm_rng *r, const struct gen_map *m,
		       struct conf_op *op)
{
	uint32_t pg, pages, new_pages, npg, mode = (uint32_t)below(r, 100);

	op->kind = CONF_MREMAP;
	draw_mapped(r, m, 8, &pg, &pages);
	win(&op->addr, pg);
	op->len = draw_len(r, pages);
	if (mode < 30 || (mode >= 60 && mode < 65)) {
		/* In place or MAYMOVE: growing stays inside the window. */
		uint32_t room = CONF_WINDOW_PAGES - pg;

		new_pages = 1 + (uint32_t)below(r, room < 32 ? room : 32);
		op->len2 = draw_len(r, new_pages);
		op->flags = mode < 30 ? 0 : MREMAP_MAYMOVE;
		return;
	}
	if (mode < 60) {
		op->flags = MREMAP_MAYMOVE | MREMAP_FIXED;
		draw_range(r, 32, &npg, &new_pages);
		op->len2 = draw_len(r, new_pages);
		win(&op->addr2, npg);
		if (chance(r, 100))	/* old 0: duplicate a shared one */
			op->len = 0;
		return;
	}
	if (mode < 85) {
		/* MAYMOVE, not FIXED; old 0 duplicates a shared mapping. */
		op->flags = MREMAP_MAYMOVE;
		op->len2 = op->len;
		if (chance(r, 300))
			op->len = 0;
		return;
	}
	/* DONTUNMAP: old and new sizes equal, optionally to a fixed place. */
	op->flags = MREMAP_MAYMOVE | CONF_MREMAP_DONTUNMAP;
	op->len2 = op->len;
	if (chance(r, 500)) {
		op->flags |= MREMAP_FIXED;
		npg = (uint32_t)below(r, CONF_WINDOW_PAGES - pages + 1);
		win(&op->addr2, npg);
	}
}

static void gen_madvise(struct pmm_rng *r, const struct gen_map *m,
			struct conf_op *op, unsigned int features)
{
	int32_t extra[4];
	int nr_extra = 0;
	uint64_t n = sizeof(flag_advices) / sizeof(flag_advices[0]);
	uint64_t i;
	uint32_t pg, pages;

	op->kind = CONF_MADVISE;
	draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
	win(&op->addr, pg);
	op->len = draw_len(r, pages);
	if (features & CONF_F_KSM) {
		extra[nr_extra++] = MADV_MERGEABLE;
		extra[nr_extra++] = MADV_UNMERGEABLE;
	}
	if (features & CONF_F_GUARD) {
		extra[nr_extra++] = CONF_MADV_GUARD_INSTALL;
		extra[nr_extra++] = CONF_MADV_GUARD_REMOVE;
	}
	i = below(r, n + (uint64_t)nr_extra);
	op->arg = i < n ? flag_advices[i] : extra[i - n];
}

/* Spoil one argument of a generated op so that the kernel rejects it. */
static void make_invalid(struct pmm_rng *r, struct conf_op *op)
{
	uint32_t how = (uint32_t)below(r, 5);

	op->invalid = 1;
	switch (how) {
	case 0:		/* misaligned address */
		if (op->addr.kind != CONF_ADDR_WIN)
			win(&op->addr, (uint32_t)below(r, CONF_WINDOW_PAGES));
		op->addr.mis = (uint16_t)(1 + below(r, CONF_PAGE - 1));
		break;
	case 1:		/* zero length */
		if (op->kind == CONF_MREMAP && chance(r, 500))
			op->len2 = 0;
		else
			op->len = 0;
		break;
	case 2:		/* addr + len wraps (base >= 4096) */
		op->len = chance(r, 500) ? ~0ull : 0ull - CONF_PAGE;
		if (op->kind == CONF_MREMAP && chance(r, 500)) {
			op->len2 = op->len;
			op->len = CONF_PAGE;
		}
		break;
	case 3:		/* unknown flags, prot bits, advice, name */
		switch (op->kind) {
		case CONF_MMAP: {
			static const uint32_t bits[] = {
				0x200000, 0x800000, 0x1000000,
			};
			static const uint32_t types[] = { 0x0, 0x04, 0x0f };
			uint32_t what = (uint32_t)below(r, 4);

			if (what == 0) {
				op->flags = (op->flags & ~0x0fu) |
					    CONF_MAP_SHARED_VALIDATE;
				op->flags |= bits[below(r, 3)];
			} else if (what == 1) {
				op->flags = (op->flags & ~0x0fu) |
					    types[below(r, 3)];
			} else if (what == 2) {
				op->flags &= ~(uint32_t)MAP_ANONYMOUS;
			} else {
				op->prot |= 0x10u << below(r, 4);
			}
			break;
		}
		case CONF_MPROTECT: {
			static const uint32_t bits[] = {
				0x10, 0x20, 0x100000, PROT_GROWSDOWN,
			};

			op->prot |= bits[below(r, 4)];
			break;
		}
		case CONF_MREMAP:
			if (chance(r, 500))
				op->flags |= chance(r, 500) ? 8u : 0x40u;
			else if (chance(r, 500))
				op->flags = MREMAP_FIXED; /* no MAYMOVE */
			else
				op->flags = MREMAP_MAYMOVE |
					    CONF_MREMAP_DONTUNMAP;
			if (op->addr2.kind != CONF_ADDR_WIN)
				win(&op->addr2, (uint32_t)below(r, 128));
			if ((op->flags & CONF_MREMAP_DONTUNMAP) &&
			    op->len2 == op->len)
				op->len2 += CONF_PAGE;
			break;
		case CONF_MADVISE:
			op->arg = bad_advices[below(r, sizeof(bad_advices) /
						       sizeof(bad_advices[0]))];
			break;
		case CONF_MSEAL:
			op->flags = chance(r, 500) ? 1u : 0x80000000u;
			break;
		case CONF_SET_NAME:
			op->arg = NR_VALID_NAMES + (int32_t)below(r, 2);
			break;
		default:	/* MUNMAP: no flags; misalign instead */
			op->addr.mis = (uint16_t)(1 + below(r, CONF_PAGE - 1));
			break;
		}
		break;
	default: {	/* an absolute address past TASK_SIZE */
		struct conf_addr *a = &op->addr;

		if (op->kind == CONF_MREMAP && (op->flags & MREMAP_FIXED) &&
		    chance(r, 500))
			a = &op->addr2;
		memset(a, 0, sizeof(*a));
		a->kind = CONF_ADDR_ABS;
		a->abs = bad_addrs[below(r, sizeof(bad_addrs) /
					    sizeof(bad_addrs[0]))];
		if (op->kind == CONF_MMAP) {
			op->flags &= ~(uint32_t)CONF_MAP_FIXED_NOREPLACE;
			op->flags |= MAP_FIXED;
		}
		break;
	}
	}
}

/* Follow a valid op in the generator's guess of the mapped pages. */
static void map_update(struct gen_map *m, const struct conf_op *op)
{
	if (op->invalid || op->addr.kind != CONF_ADDR_WIN)
		return;
	switch (op->kind) {
	case CONF_MMAP:
		map_set(m, op->addr.pg, op->len, 1);
		break;
	case CONF_MUNMAP:
		map_set(m, op->addr.pg, op->len, 0);
		break;
	case CONF_MREMAP:
		if (op->flags & MREMAP_FIXED) {
			if (!(op->flags & CONF_MREMAP_DONTUNMAP))
				map_set(m, op->addr.pg, op->len, 0);
			map_set(m, op->addr2.pg, op->len2, 1);
		} else if (op->len2 > op->len) {
			map_set(m, op->addr.pg, op->len2, 1);
		} else {
			map_set(m, op->addr.pg, op->len, 0);
			map_set(m, op->addr.pg, op->len2, 1);
		}
		break;
	default:
		break;
	}
}

/*
 * Page-level ops (CONF_F_TOUCH).  Touch ranges start anywhere in a page
 * (misaligned on purpose) and may run past the window's end into the
 * PROT_NONE guard after it, where they fault.
 */
static void gen_touch_range(struct pmm_rng *r, const struct gen_map *m,
			    struct conf_op *op)
{
	uint32_t pg, pages;

	draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
	win(&op->addr, pg);
	if (chance(r, 300))
		op->addr.mis = (uint16_t)below(r, CONF_PAGE);
	op->len = (uint64_t)pages * CONF_PAGE;
	if (chance(r, 300))
		op->len -= below(r, CONF_PAGE);
	if (chance(r, 30))	/* cross the window's end */
		op->len += (uint64_t)(1 + below(r, 4)) * CONF_PAGE;
	if (chance(r, 10))
		op->len = 0;
}

static void gen_page_op(struct pmm_rng *r, const struct gen_map *m,
			const struct conf_gen_params *p, struct conf_op *op)
{
	uint32_t k = (uint32_t)below(r, 1000), pg, pages;

	/* 850..: DONTNEED, WILLNEED; 910..: POPULATE_READ/WRITE;
	 * 960..: FREE; 980..: REMOVE */
	if (!(p->features & CONF_F_POPULATE) && k >= 910 && k < 960)
		k = (uint32_t)below(r, 910);
	if (!(p->features & CONF_F_LAZYFREE) && k >= 960 && k < 980)
		k = (uint32_t)below(r, 910);
	if (!(p->features & CONF_F_REMOVE) && k >= 980)
		k = (uint32_t)below(r, 910);
	if (k < 330) {
		op->kind = CONF_LOAD;
		gen_touch_range(r, m, op);
	} else if (k < 680) {
		op->kind = CONF_STORE;
		gen_touch_range(r, m, op);
		op->arg = (int32_t)below(r, 256);
	} else if (k < 800) {
		op->kind = CONF_MINCORE;
		draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		op->len = draw_len(r, pages);
		if (chance(r, p->invalid_permille))
			make_invalid(r, op);
		return;
	} else if (k < 850) {
		op->kind = CONF_FORK_CHECK;
		gen_touch_range(r, m, op);
		op->arg = 1 + (int32_t)below(r, 255);
		return;
	} else {
		op->kind = CONF_MADVISE;
		draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		op->len = draw_len(r, pages);
		if (k < 890)
			op->arg = MADV_DONTNEED;
		else if (k < 910)
			op->arg = MADV_WILLNEED;
		else if (k < 935)
			op->arg = CONF_MADV_POPULATE_READ;
		else if (k < 960)
			op->arg = CONF_MADV_POPULATE_WRITE;
		else if (k < 980)
			op->arg = MADV_FREE;
		else
			op->arg = MADV_REMOVE;
		if (chance(r, p->invalid_permille))
			make_invalid(r, op);
		return;
	}
	if (chance(r, p->invalid_permille)) {
		/* a bad absolute address: the first byte faults */
		op->invalid = 1;
		memset(&op->addr, 0, sizeof(op->addr));
		op->addr.kind = CONF_ADDR_ABS;
		op->addr.abs = bad_addrs[below(r, sizeof(bad_addrs) /
						 sizeof(bad_addrs[0]))];
		op->len = 1 + below(r, 2 * CONF_PAGE);
	}
}

/* Seals are forever: only in the window's last SEAL_PAGES pages. */
#define SEAL_PAGES	32u

static void gen_one(struct pmm_rng *r, struct gen_map *m,
		    const struct conf_gen_params *p, struct conf_op *op)
{
	uint32_t k = (uint32_t)below(r, 1000), pg, pages;

	memset(op, 0, sizeof(*op));
	/* Only with TOUCH does this draw happen: sequences drawn without it
	 * are those of before. */
	if ((p->features & CONF_F_TOUCH) && chance(r, 250)) {
		gen_page_op(r, m, p, op);
		return;
	}
	/* Likewise MLOCK: without it, sequences are what they were. */
	if ((p->features & CONF_F_MLOCK) && chance(r, 60)) {
		op->kind = CONF_MLOCK;
		draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		op->len = draw_len(r, pages);
		op->arg = (int32_t)below(r, 3);
		if (chance(r, p->invalid_permille)) {
			if (chance(r, 250)) {
				op->invalid = 1;
				op->arg = 3;
			} else {
				make_invalid(r, op);
			}
		}
		return;
	}
	/* Likewise REMOTE: the process reads and writes itself the way a
	 * debugger would, through process_vm_* and /proc/self/mem. */
	if ((p->features & CONF_F_REMOTE) && (p->features & CONF_F_TOUCH) &&
	    chance(r, 40)) {
		op->kind = CONF_REMOTE;
		draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		if (chance(r, 250))
			op->addr.mis = (uint16_t)below(r, CONF_PAGE);
		op->len = 1 + below(r, 3 * CONF_PAGE);
		op->arg = (int32_t)below(r, 4);
		op->flags = (uint32_t)below(r, 256);
		return;
	}
	if (!(p->features & CONF_F_MSEAL) && k >= 995)
		k = (uint32_t)below(r, 995);
	if (!(p->features & CONF_F_ANON_NAME) && k >= 910 && k < 995)
		k = (uint32_t)below(r, 910);
	if (!(p->features & CONF_F_MREMAP) && k >= 630 && k < 750)
		k = 750 + (uint32_t)below(r, 160);

	if (k < 300) {
		gen_mmap(r, op);
	} else if (k < 430) {
		op->kind = CONF_MUNMAP;
		if (below(r, 2))
			draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		else
			draw_range(r, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		op->len = draw_len(r, pages);
	} else if (k < 630) {
		op->kind = CONF_MPROTECT;
		draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		op->len = draw_len(r, pages);
		op->prot = draw_prot(r);
	} else if (k < 750) {
		gen_mremap(r, m, op);
	} else if (k < 910) {
		gen_madvise(r, m, op, p->features);
	} else if (k < 995) {
		op->kind = CONF_SET_NAME;
		draw_mapped(r, m, CONF_WINDOW_PAGES, &pg, &pages);
		win(&op->addr, pg);
		op->len = draw_len(r, pages);
		op->arg = chance(r, 100) ? -1 :
			  (int32_t)below(r, (uint64_t)NR_VALID_NAMES);
	} else {
		op->kind = CONF_MSEAL;
		pages = 1 + (uint32_t)below(r, 3);
		pg = CONF_WINDOW_PAGES - SEAL_PAGES +
		     (uint32_t)below(r, SEAL_PAGES - pages + 1);
		win(&op->addr, pg);
		op->len = (uint64_t)pages * CONF_PAGE;
	}
	if (chance(r, p->invalid_permille))
		make_invalid(r, op);
	map_update(m, op);
}

void conf_gen(const struct conf_gen_params *p, struct conf_op *ops)
{
	struct gen_map m = { { 0 } };
	struct pmm_rng r;

	pmm_rng_seed(&r, p->seed, RNG_STREAM);
	for (size_t i = 0; i < p->n_ops; i++)
		gen_one(&r, &m, p, &ops[i]);
}

/* FNV-1a, 64 bits. */
uint64_t conf_hash(uint64_t h, const void *p, size_t n)
{
	const uint8_t *c = p;

	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* One page of a view of the window: its fault, or its bytes. */
uint64_t conf_view_page(uint64_t h, int signo, int code, const uint8_t *page)
{
	uint8_t tag[2] = { (uint8_t)signo, (uint8_t)code };

	h = conf_hash(h, tag, sizeof(tag));
	return signo ? h : conf_hash(h, page, CONF_PAGE);
}

uint64_t conf_outcome(int signo, int code, uint64_t done)
{
	return (uint64_t)(uint8_t)signo << 56 | (uint64_t)(uint8_t)code << 48 |
	       (done & 0xffffffffffffull);
}

void conf_sig_result(struct conf_result *r, int signo, int code,
		     uint64_t saddr, uint64_t base)
{
	r->kind = CONF_RET_SIG;
	r->signo = (uint8_t)signo;
	r->code = (uint8_t)code;
	if (saddr >= base - CONF_WINDOW_BYTES &&
	    saddr < base + 2 * CONF_WINDOW_BYTES) {
		r->val = (int64_t)(saddr - base);
	} else {
		r->val = (int64_t)saddr;
		r->abs = 1;
	}
}

/*
 * A call's result, the same for both backends: failed with @err (non-zero),
 * else @ret as a number, or as an address in or out of the window when the
 * call returns one (@addr_ret).
 */
void conf_call_result(struct conf_result *r, int64_t ret, int err,
		      bool addr_ret, uint64_t base)
{
	memset(r, 0, sizeof(*r));
	if (err) {
		r->kind = CONF_RET_ERR;
		r->err = err;
	} else if (!addr_ret) {
		r->kind = CONF_RET_INT;
		r->val = ret;
	} else if ((uint64_t)ret >= base &&
		   (uint64_t)ret - base < CONF_WINDOW_BYTES) {
		r->kind = CONF_RET_WIN;
		r->val = (int64_t)((uint64_t)ret - base);
	} else {
		r->kind = CONF_RET_OUTSIDE;
	}
}

uint64_t conf_addr_resolve(const struct conf_addr *a, uint64_t base)
{
	switch (a->kind) {
	case CONF_ADDR_WIN:
		return base + (uint64_t)a->pg * CONF_PAGE + a->mis;
	case CONF_ADDR_ABS:
		return a->abs;
	default:
		return 0;
	}
}

const char *conf_kind_name(unsigned int kind)
{
	static const char *const names[CONF_NR_KINDS] = {
		"mmap", "munmap", "mprotect", "mremap", "madvise", "mseal",
		"set_anon_name", "mlock", "load", "store", "mincore",
		"fork_check", "remote",
	};

	return kind < CONF_NR_KINDS ? names[kind] : "?";
}

/* Bounded appending: never overruns, and always leaves a terminated string. */
struct sbuf {
	char *p;
	size_t size, len;
};

__attribute__((format(printf, 2, 3)))
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
}

static void fmt_addr(struct sbuf *b, const struct conf_addr *a)
{
	if (a->kind == CONF_ADDR_NULL)
		sb_printf(b, "NULL");
	else if (a->kind == CONF_ADDR_ABS)
		sb_printf(b, "0x%" PRIx64, a->abs);
	else if (a->mis)
		sb_printf(b, "w+%up+%u", a->pg, a->mis);
	else
		sb_printf(b, "w+%up", a->pg);
}

static void fmt_prot(struct sbuf *b, uint32_t prot)
{
	sb_printf(b, "%c%c%c", prot & PROT_READ ? 'r' : '-',
		  prot & PROT_WRITE ? 'w' : '-', prot & PROT_EXEC ? 'x' : '-');
	if (prot & ~7u)
		sb_printf(b, "|0x%x", prot & ~7u);
}

static void fmt_bits(struct sbuf *b, uint32_t v, const uint32_t *bits,
		     const char *const *names, int n)
{
	bool first = true;

	for (int i = 0; i < n; i++) {
		if (!(v & bits[i]))
			continue;
		sb_printf(b, "%s%s", first ? "" : "|", names[i]);
		v &= ~bits[i];
		first = false;
	}
	if (v || first)
		sb_printf(b, "%s0x%x", first ? "" : "|", v);
}

static void fmt_mmap_flags(struct sbuf *b, uint32_t flags)
{
	static const uint32_t bits[] = {
		MAP_ANONYMOUS, MAP_FIXED, CONF_MAP_FIXED_NOREPLACE,
		MAP_NORESERVE,
	};
	static const char *const names[] = {
		"ANON", "FIXED", "FIXED_NOREPLACE", "NORESERVE",
	};
	static const char *const types[16] = {
		[MAP_SHARED] = "SHARED", [MAP_PRIVATE] = "PRIVATE",
		[CONF_MAP_SHARED_VALIDATE] = "SHARED_VALIDATE",
	};
	uint32_t t = flags & 0x0f;

	if (types[t])
		sb_printf(b, "%s|", types[t]);
	else
		sb_printf(b, "type%u|", t);
	fmt_bits(b, flags & ~0x0fu, bits, names, 4);
}

int conf_op_format(const struct conf_op *op, char *buf, size_t size)
{
	static const uint32_t mr_bits[] = {
		MREMAP_MAYMOVE, MREMAP_FIXED, CONF_MREMAP_DONTUNMAP,
	};
	static const char *const mr_names[] = {
		"MAYMOVE", "FIXED", "DONTUNMAP",
	};
	struct sbuf b = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	sb_printf(&b, "%s(", conf_kind_name(op->kind));
	fmt_addr(&b, &op->addr);
	sb_printf(&b, ", 0x%" PRIx64, op->len);
	switch (op->kind) {
	case CONF_MMAP:
		sb_printf(&b, ", ");
		fmt_prot(&b, op->prot);
		sb_printf(&b, ", ");
		fmt_mmap_flags(&b, op->flags);
		break;
	case CONF_MPROTECT:
		sb_printf(&b, ", ");
		fmt_prot(&b, op->prot);
		break;
	case CONF_MREMAP:
		sb_printf(&b, ", 0x%" PRIx64 ", ", op->len2);
		fmt_bits(&b, op->flags, mr_bits, mr_names, 3);
		if (op->flags & MREMAP_FIXED) {
			sb_printf(&b, ", ");
			fmt_addr(&b, &op->addr2);
		}
		break;
	case CONF_MADVISE:
		sb_printf(&b, ", %d", op->arg);
		break;
	case CONF_MSEAL:
		sb_printf(&b, ", 0x%x", op->flags);
		break;
	case CONF_MLOCK: {
		static const char *const how[] = {
			"mlock", "mlock2 ONFAULT", "munlock", "mlock2 0x2",
		};

		sb_printf(&b, ", %s", how[op->arg & 3]);
		break;
	}
	case CONF_STORE:
	case CONF_FORK_CHECK:
		sb_printf(&b, ", 0x%02x", (unsigned int)op->arg & 0xff);
		break;
	case CONF_REMOTE: {
		static const char *const how[] = {
			"process_vm_readv", "process_vm_writev",
			"pread /proc/self/mem", "pwrite /proc/self/mem",
		};

		sb_printf(&b, ", %s", how[op->arg & 3]);
		if (op->arg & 1)
			sb_printf(&b, ", 0x%02x", op->flags & 0xff);
		break;
	}
	case CONF_SET_NAME:
		if (op->arg < 0 || op->arg >= conf_nr_names)
			sb_printf(&b, ", NULL");
		else
			sb_printf(&b, ", \"%.12s%s\"", conf_names[op->arg],
				  strlen(conf_names[op->arg]) > 12 ? "..." :
								     "");
		break;
	default:
		break;
	}
	sb_printf(&b, ")%s", op->invalid ? " [invalid]" : "");
	return (int)b.len;
}
