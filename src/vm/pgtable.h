/* SPDX-License-Identifier: MIT */
/*
 * vm/pgtable.h - page tables and page contents (issue 4).
 *
 * Each mm has x86-64 page tables: 4 levels (5 with la57) of 512-entry
 * tables.  Every table is also a simulated frame taken from the buddy
 * allocator (counted in NR_PAGETABLE and VmPTE).  Upper tables keep, beside
 * the 512 entries, the host pointers of their children, so a walk never
 * translates frame numbers.  A leaf entry is a PTE in the x86 format: the
 * frame number and the hardware bits; a non-present entry that is not
 * zero is a marker (guard region) or a swap entry, told apart by bit 8;
 * a migration entry is a swap entry of one of the types past the swap
 * areas'.  Leaf entries live at the PTE level only: PMD and PUD leaves
 * (_PAGE_PSE) come with their first user, the huge pages.
 *
 * Page contents (spec issue 4 item 7): the owner word of a mapped frame
 * (page->private) is 0 for all-zero bytes, an odd fingerprint for bulk
 * content generated from it, or a pointer to a materialised 4 KiB buffer
 * once a byte is stored.  Every byte of any page can be read back exactly.
 */
#ifndef PMM_VM_PGTABLE_H
#define PMM_VM_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rng.h"

#include "swap/swap.h"
#include "vm/vm.h"

struct pmm_page;

typedef uint64_t pte_t;

#define PTRS_PER_TABLE	512
#define PTE_PRESENT	(1ull << 0)
#define PTE_RW		(1ull << 1)
#define PTE_USER	(1ull << 2)
#define PTE_ACCESSED	(1ull << 5)
#define PTE_DIRTY	(1ull << 6)
#define PTE_SPECIAL	(1ull << 9)	/* software: the zero page */
#define PTE_UFFD_WP	(1ull << 10)
#define PTE_SOFT_DIRTY	(1ull << 11)
/* software (an ignored bit): the entry counts in its page's mlock_count */
#define PTE_SW_MLOCK	(1ull << 52)
#define PTE_PFN_MASK	0x000ffffffffff000ull
#define PTE_PKEY_SHIFT	59
#define PTE_NX		(1ull << 63)

/* Non-present, non-zero entries: markers (Linux's pte markers). */
#define PTE_MARKER		(1ull << 1)
#define PTE_MARKER_GUARD	(1ull << 8)

static inline bool pte_none(pte_t p)
{
	return !p;
}

static inline bool pte_present(pte_t p)
{
	return p & PTE_PRESENT;
}

static inline bool pte_is_guard(pte_t p)
{
	return !pte_present(p) && (p & PTE_MARKER) && (p & PTE_MARKER_GUARD);
}

/*
 * Swap entries in x86-64's format (arch/x86/include/asm/pgtable_64.h):
 *
 *   | TYPE (59-63) | ~OFFSET (9-58) | 0 (8) | 0 0 0 0 | E (3) | 0 0 | P=0 |
 *
 * The offset is stored inverted; bit 8 (PROTNONE) is never set, which
 * is what sets a guard marker (bits 1 and 8) apart.  E remembers that the
 * page was exclusive to this entry when it was unmapped
 * (_PAGE_SWP_EXCLUSIVE); fork clears it in both entries.
 */
#define SWP_TYPE_BITS		5
#define SWP_OFFSET_FIRST_BIT	9
#define SWP_OFFSET_SHIFT	(SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS)
#define PTE_SWP_EXCLUSIVE	(1ull << 3)

static inline bool pte_is_swap(pte_t p)
{
	return !pte_none(p) && !pte_present(p) && !(p & PTE_MARKER_GUARD) &&
	       (p >> (64 - SWP_TYPE_BITS)) < SWP_MIGRATION_READ;
}

/*
 * A migration entry: a swap-format entry of a migration type whose
 * offset is the frame being moved.  It exists while vm_migrate_page()
 * runs; nothing else ever sees one.
 */
static inline bool pte_is_migration(pte_t p)
{
	return !pte_none(p) && !pte_present(p) && !(p & PTE_MARKER_GUARD) &&
	       (p >> (64 - SWP_TYPE_BITS)) >= SWP_MIGRATION_READ;
}

static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	return (~swp_offset(e) << SWP_OFFSET_SHIFT >> SWP_TYPE_BITS) |
	       ((uint64_t)swp_type(e) << (64 - SWP_TYPE_BITS));
}

static inline swp_entry_t pte_to_swp_entry(pte_t p)
{
	return swp_entry((unsigned int)(p >> (64 - SWP_TYPE_BITS)),
			 ~p << SWP_TYPE_BITS >> SWP_OFFSET_SHIFT);
}

static inline uint64_t pte_pfn(pte_t p)
{
	return (p & PTE_PFN_MASK) >> PAGE_SHIFT;
}

/* A leaf table: 512 PTEs and the frame holding it. */
struct pt_leaf {
	pte_t e[PTRS_PER_TABLE];
	struct pmm_page *frame;
	unsigned int nr_used;		/* non-none entries */
};

/* An upper table (PGD, P4D, PUD, PMD): entries and child pointers. */
struct pt_upper {
	pte_t e[PTRS_PER_TABLE];
	void *child[PTRS_PER_TABLE];
	struct pmm_page *frame;
	unsigned int nr_used;
};

/* ---- the page-level state of a frame (struct pmm_page extension) -------- */

/*
 * page->private of a mapped frame: 0 all zero; odd: a fingerprint; a
 * pointer with bit 1 set: a struct content_ext (bulk content plus the few
 * bytes stored since); any other pointer: the materialised 4 KiB buffer.
 */
#define CONTENT_IS_FP(w)	((w) & 1)
#define CONTENT_IS_EXT(w)	(((w) & 3) == 2)
#define CONTENT_EXT_MAX		64	/* stored bytes before materialising */

/* Bytes stored over a bulk base, sorted by offset, one entry a byte. */
struct content_ext {
	uint64_t base;			/* 0 or an odd fingerprint */
	uint32_t n;
	struct { uint16_t off; uint8_t val; } e[CONTENT_EXT_MAX];
};

static inline struct content_ext *content_ext(uint64_t w)
{
	return (struct content_ext *)(uintptr_t)(w & ~(uint64_t)3);
}

uint8_t content_byte(uint64_t word, unsigned int off);

/* The bulk bytes [off, off + n) of zero or fingerprint content @w. */
static inline void content_read_bulk(uint64_t w, unsigned int off,
				     uint8_t *out, unsigned int n)
{
	if (!w) {
		if (n > 16) {
			memset(out, 0, n);
			return;
		}
		/* a load's few bytes: no library call */
		for (unsigned int i = 0; i < n; i++)
			out[i] = 0;
		return;
	}
	for (unsigned int i = 0; i < n;) {
		uint64_t x = w ^ ((uint64_t)((off + i) >> 3) *
				  0x9e3779b97f4a7c15ull);
		unsigned int b = (off + i) & 7;

		x = pmm_splitmix64(&x);
		for (; b < 8 && i < n; b++, i++)
			out[i] = (uint8_t)(x >> (b * 8));
	}
}

/* The bytes [off, off + n) of a page whose content word is @w. */
static inline void content_read(uint64_t w, unsigned int off, uint8_t *out,
				unsigned int n)
{
	if (!w || CONTENT_IS_FP(w)) {
		content_read_bulk(w, off, out, n);
	} else if (CONTENT_IS_EXT(w)) {
		const struct content_ext *x = content_ext(w);

		content_read_bulk(x->base, off, out, n);
		for (uint32_t i = 0; i < x->n; i++)
			if (x->e[i].off >= off && x->e[i].off < off + n)
				out[x->e[i].off - off] = x->e[i].val;
	} else {
		memcpy(out, (const uint8_t *)(uintptr_t)w + off, n);
	}
}

#endif /* PMM_VM_PGTABLE_H */
