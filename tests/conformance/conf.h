/* SPDX-License-Identifier: MIT */
/*
 * conf.h - the differential conformance harness (issue 3, item 7).
 *
 * A seeded generator draws a sequence of address-space calls (mmap, munmap,
 * mprotect, mremap, madvise flag advices, mseal, PR_SET_VMA_ANON_NAME) whose
 * address arguments are offsets in pages from the base of a reserved window,
 * so the same sequence runs at any base address.  A few arguments are
 * absolute and invalid on purpose (an address past TASK_SIZE) and must fail.
 * A backend runs a sequence and hands back a trace: every call's result,
 * normalised (addresses as window offsets, or "outside the window"), and
 * the final /proc/<pid>/smaps entries inside the window, rewritten with
 * window-relative addresses.  Two traces of the same sequence are then
 * compared call for call.
 *
 * The window seen by a backend: WINDOW pages, empty, with a PROT_NONE
 * MAP_SHARED anonymous mapping of WINDOW pages on each side (a guard that
 * never merges with anything inside), far from every other mapping.  Valid
 * calls never touch anything outside [base, base + WINDOW pages); mappings
 * the kernel places itself (a hint that does not fit, mremap MAYMOVE) may
 * land outside, and only their "outside" result is compared.
 */
#ifndef PMM_TESTS_CONF_H
#define PMM_TESTS_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONF_PAGE		((uint64_t)4096)
#define CONF_WINDOW_PAGES	256u
#define CONF_WINDOW_BYTES	((uint64_t)CONF_WINDOW_PAGES * CONF_PAGE)

/* Constants the build host's headers may lack (values of Linux 6.18). */
#define CONF_MAP_FIXED_NOREPLACE	0x100000
#define CONF_MAP_SHARED_VALIDATE	0x03
#define CONF_MREMAP_DONTUNMAP		4
#define CONF_MADV_GUARD_INSTALL		102
#define CONF_MADV_GUARD_REMOVE		103
#define CONF_NR_MSEAL_X86_64		462
#define CONF_PR_SET_VMA			0x53564d41
#define CONF_PR_SET_VMA_ANON_NAME	0

enum conf_kind {
	CONF_MMAP,
	CONF_MUNMAP,
	CONF_MPROTECT,
	CONF_MREMAP,
	CONF_MADVISE,
	CONF_MSEAL,
	CONF_SET_NAME,		/* prctl(PR_SET_VMA_ANON_NAME) */
	CONF_NR_KINDS,
};

/* Host (or backend) features the generator may use. */
enum conf_feature {
	CONF_F_KSM		= 1u << 0,	/* MADV_(UN)MERGEABLE */
	CONF_F_GUARD		= 1u << 1,	/* MADV_GUARD_* */
	CONF_F_MSEAL		= 1u << 2,	/* mseal(2) */
	CONF_F_ANON_NAME	= 1u << 3,	/* PR_SET_VMA_ANON_NAME */
	CONF_F_MREMAP		= 1u << 4,	/* mremap(2) (to bisect) */
	CONF_F_ALL		= 0x1fu,
};

enum conf_addr_kind {
	CONF_ADDR_WIN,		/* base + pg * CONF_PAGE + mis */
	CONF_ADDR_ABS,		/* abs, as is (deliberately invalid) */
	CONF_ADDR_NULL,		/* 0: no hint */
};

struct conf_addr {
	uint64_t abs;		/* CONF_ADDR_ABS only */
	uint32_t pg;		/* CONF_ADDR_WIN: offset from base, pages */
	uint16_t mis;		/* bytes past the page (misaligned) */
	uint8_t kind;		/* enum conf_addr_kind */
};

/*
 * One call.  Lengths are absolute byte counts (they do not depend on the
 * base): multiples of CONF_PAGE, sometimes not (the kernel rounds up), 0,
 * or large enough that addr + len wraps.  Unused fields are zero, and the
 * generator zeroes whole structs, so sequences compare with memcmp().
 *
 *	MMAP		addr (hint or FIXED target), len, prot, flags
 *	MUNMAP		addr, len
 *	MPROTECT	addr, len, prot
 *	MREMAP		addr, len (old), len2 (new), flags, addr2 (new)
 *	MADVISE		addr, len, arg (advice)
 *	MSEAL		addr, len, flags
 *	SET_NAME	addr, len, arg (index in conf_names, -1: NULL)
 */
struct conf_op {
	struct conf_addr addr;
	struct conf_addr addr2;
	uint64_t len;
	uint64_t len2;
	uint32_t prot;
	uint32_t flags;
	int32_t arg;
	uint8_t kind;		/* enum conf_kind */
	uint8_t invalid;	/* the generator meant it to fail (a hint) */
};

enum conf_ret_kind {
	CONF_RET_INT,		/* val: the return value (0 on success) */
	CONF_RET_WIN,		/* val: the address - base, in bytes */
	CONF_RET_OUTSIDE,	/* an address outside the window */
	CONF_RET_ERR,		/* failed: err is the errno */
};

struct conf_result {
	int64_t val;
	int32_t err;
	uint8_t kind;		/* enum conf_ret_kind */
};

enum conf_trace_flags {
	CONF_TRACE_FALLBACK_BASE = 1u << 0,	/* fixed base was taken */
};

/* What a backend hands back.  Owned by the caller: conf_trace_free(). */
struct conf_trace {
	struct conf_result *res;	/* n results, one per op */
	size_t n;
	char *maps;			/* normalised lines */
	size_t maps_len;
	uint64_t base;			/* for messages only */
	uint32_t flags;			/* enum conf_trace_flags */
	char err[160];			/* why run() failed */
};

/*
 * A backend.  run() executes the n ops over a fresh window and fills *out
 * (0), or explains a harness failure in out->err (-1); a call failing is
 * not a harness failure.  features() says which optional calls it models.
 */
struct conf_backend {
	const char *name;
	unsigned int (*features)(void);
	int (*run)(const struct conf_op *ops, size_t n, struct conf_trace *out);
};

extern const struct conf_backend conf_host_backend;
extern const struct conf_backend conf_host_alt_backend;
extern const struct conf_backend conf_sim_backend;

/* gen.c */
struct conf_gen_params {
	uint64_t seed;
	size_t n_ops;
	unsigned int features;		/* enum conf_feature mask */
	unsigned int invalid_permille;	/* ops drawn invalid, in 1000 */
};

extern const char *const conf_names[];
extern const int conf_nr_names;

void conf_gen(const struct conf_gen_params *p, struct conf_op *ops);
int conf_op_format(const struct conf_op *op, char *buf, size_t size);
const char *conf_kind_name(unsigned int kind);
uint64_t conf_addr_resolve(const struct conf_addr *a, uint64_t base);

/* maps.c */
struct conf_vma {
	uint64_t start, end, offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[5];
	const char *name;		/* into the parsed line; "" if none */
	size_t name_len;
};

int conf_maps_parse_line(const char *line, size_t len, struct conf_vma *v);
char *conf_maps_normalise(const char *smaps, uint64_t base, uint64_t size,
			  size_t *out_len);

/* compare.c */
struct conf_expected {
	const char *backend;	/* the other backend; NULL: any */
	int kind;		/* enum conf_kind, or -1 for any call */
	bool (*match)(const struct conf_op *op, const struct conf_result *ra,
		      const struct conf_result *rb);
	const char *reason;	/* NULL ends the table */
};

extern const struct conf_expected conf_expected_table[];

struct conf_cmp {
	size_t first_result;	/* first diverging op, SIZE_MAX: none */
	bool maps_differ;
	size_t expected;	/* divergences excused by the table */
};

void conf_result_format(const struct conf_result *r, char *buf, size_t size);
void conf_compare(const struct conf_op *ops, size_t n,
		  const struct conf_trace *a, const struct conf_trace *b,
		  const char *other_backend, struct conf_cmp *cmp);
void conf_report(FILE *f, const struct conf_op *ops, size_t n,
		 const struct conf_trace *a, const struct conf_trace *b,
		 const char *name_a, const char *name_b,
		 const struct conf_cmp *cmp);
void conf_trace_free(struct conf_trace *t);

/* host.c */
unsigned int conf_host_probe(void);

#endif /* PMM_TESTS_CONF_H */
