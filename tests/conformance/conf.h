/* SPDX-License-Identifier: MIT */
/*
 * conf.h - the differential conformance harness (issue 3, item 7).
 *
 * A seeded generator draws a sequence of address-space calls (mmap, munmap,
 * mprotect, mremap, madvise flag advices, mseal, PR_SET_VMA_ANON_NAME) whose
 * address arguments are offsets in pages from the base of a reserved window,
 * so the same sequence runs at any base address.  A few arguments are
 * absolute and invalid on purpose (an address past TASK_SIZE) and must fail.
 * With CONF_F_TOUCH (issue 4) the sequence also touches memory: volatile
 * byte loads and stores of a range (the outcome: none, or the signal,
 * si_code and si_addr; the bytes loaded, hashed), mincore(2) (the errno
 * and the vector), FORK_CHECK (a fork whose child stores a byte over a
 * range and reads the whole window, after which the parent reads the
 * range again) and the page advices MADV_DONTNEED / WILLNEED, with
 * MADV_POPULATE_*, MADV_FREE and MADV_REMOVE behind their own bits.
 * With CONF_F_MLOCK it also locks and unlocks ranges (mlock, mlock2 with
 * MLOCK_ONFAULT, munlock; spec 13): the sim's process has the host
 * child's RLIMIT_MEMLOCK, and CAP_IPC_LOCK when the host runs as root.
 * With CONF_F_REMOTE (and TOUCH) the process also reads and writes itself
 * the way a debugger does, through process_vm_readv/writev and
 * /proc/self/mem (get_user_pages(), with FOLL_FORCE for the latter): the
 * byte count or errno, and the bytes read, hashed.
 * A backend runs a sequence and hands back a trace: every call's result,
 * normalised (addresses as window offsets, or "outside the window"), and
 * the final /proc/<pid>/smaps entries inside the window, rewritten with
 * window-relative addresses, VmFlags and the page figures (Rss, Pss,
 * Shared_*, Private_*, Referenced, Anonymous, ...).  Two traces of the
 * same sequence are then compared call for call.
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
#define CONF_NR_MLOCK2_X86_64		325
#define CONF_PR_SET_VMA			0x53564d41
#define CONF_PR_SET_VMA_ANON_NAME	0
#define CONF_MADV_POPULATE_READ		22
#define CONF_MADV_POPULATE_WRITE	23

/* Si codes a touch reports (x86-64 values). */
#define CONF_SI_KERNEL			0x80

enum conf_kind {
	CONF_MMAP,
	CONF_MUNMAP,
	CONF_MPROTECT,
	CONF_MREMAP,
	CONF_MADVISE,
	CONF_MSEAL,
	CONF_SET_NAME,		/* prctl(PR_SET_VMA_ANON_NAME) */
	CONF_MLOCK,		/* mlock, mlock2(MLOCK_ONFAULT), munlock */
	CONF_LOAD,		/* volatile byte loads of a range */
	CONF_STORE,		/* volatile byte stores of a range */
	CONF_MINCORE,		/* mincore(2) */
	CONF_FORK_CHECK,	/* fork, store in the child, read in both */
	CONF_REMOTE,		/* process_vm_readv/writev, /proc/self/mem */
	CONF_NR_KINDS,
};

/* Host (or backend) features the generator may use. */
enum conf_feature {
	CONF_F_KSM		= 1u << 0,	/* MADV_(UN)MERGEABLE */
	CONF_F_GUARD		= 1u << 1,	/* MADV_GUARD_* */
	CONF_F_MSEAL		= 1u << 2,	/* mseal(2) */
	CONF_F_ANON_NAME	= 1u << 3,	/* PR_SET_VMA_ANON_NAME */
	CONF_F_MREMAP		= 1u << 4,	/* mremap(2) (to bisect) */
	CONF_F_TOUCH		= 1u << 5,	/* LOAD, STORE, MINCORE,
						 * FORK_CHECK, MADV_DONTNEED,
						 * MADV_WILLNEED */
	CONF_F_LAZYFREE		= 1u << 6,	/* MADV_FREE (with TOUCH) */
	CONF_F_REMOVE		= 1u << 7,	/* MADV_REMOVE (with TOUCH) */
	CONF_F_POPULATE		= 1u << 8,	/* MADV_POPULATE_* (w. TOUCH) */
	CONF_F_MLOCK		= 1u << 9,	/* mlock, mlock2, munlock */
	CONF_F_REMOTE		= 1u << 10,	/* REMOTE (with TOUCH) */
	CONF_F_ALL		= 0x7ffu,
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
 *	MLOCK		addr, len, arg (0 mlock, 1 mlock2(MLOCK_ONFAULT),
 *			2 munlock, 3 mlock2 with an unknown flag)
 *	LOAD		addr (may be misaligned), len
 *	STORE		addr (may be misaligned), len, arg (the byte)
 *	MINCORE		addr, len
 *	FORK_CHECK	addr (may be misaligned), len, arg (the byte)
 *	REMOTE		addr (may be misaligned), len, arg (0
 *			process_vm_readv, 1 process_vm_writev, 2 pread and
 *			3 pwrite of /proc/self/mem), flags (the byte written):
 *			the process on itself, through get_user_pages()
 *
 * Touches (LOAD, STORE, FORK_CHECK) are made one byte at a time with
 * volatile accesses, in ascending order; a touch never reaches past the
 * PROT_NONE guard that follows the window (it faults there at the latest),
 * so its length is at most 2 windows.  Invalid touches start at one of the
 * absolute bad addresses and fault at once.
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
	CONF_RET_SIG,		/* a touch faulted: signo, code, val (si_addr) */
};

/* How many pages of a mincore vector a result keeps. */
#define CONF_VEC_PAGES		(2 * CONF_WINDOW_PAGES)

/*
 * The result of one op.  Address-space calls fill val, err and kind only.
 *
 *	LOAD		INT 0 or SIG; done: bytes loaded before the fault;
 *			sum: conf_hash() of those bytes
 *	STORE		INT 0 or SIG; done: bytes stored before the fault
 *	MINCORE		INT 0 or ERR; sum: conf_hash() of the vector (first
 *			CONF_VEC_PAGES bytes, prefilled with 0xee, so a
 *			partial copy-out shows); aux[0..3]: bit 0 of the
 *			first 256 bytes, one bit per page (for messages)
 *	FORK_CHECK	INT 0 (ERR: fork failed); sum: the child's view of
 *			the window after its store (conf_view_page());
 *			aux[0]: the child's store outcome, aux[1]: hash of
 *			the parent's reading of the range after the child
 *			exited, aux[2]: that reading's outcome
 *			(conf_outcome())
 *
 * For SIG, val is si_addr - base when si_addr lies within the reserved
 * three windows [base - W, base + 2W) (abs == 0), and the raw si_addr
 * otherwise (abs == 1: the bad absolute addresses, and 0 for SI_KERNEL).
 */
struct conf_result {
	int64_t val;
	int32_t err;
	uint8_t kind;		/* enum conf_ret_kind */
	uint8_t signo;		/* SIG */
	uint8_t code;		/* SIG: si_code (SI_KERNEL is 0x80) */
	uint8_t abs;		/* SIG: val is absolute */
	uint64_t done;
	uint64_t sum;
	uint64_t aux[4];
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

/* Hashes both backends compute the same way (gen.c). */
#define CONF_HASH_INIT		0xcbf29ce484222325ull
uint64_t conf_hash(uint64_t h, const void *p, size_t n);
uint64_t conf_view_page(uint64_t h, int signo, int code, const uint8_t *page);
uint64_t conf_outcome(int signo, int code, uint64_t done);
void conf_sig_result(struct conf_result *r, int signo, int code,
		     uint64_t saddr, uint64_t base);
void conf_call_result(struct conf_result *r, int64_t ret, int err,
		      bool addr_ret, uint64_t base);

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
