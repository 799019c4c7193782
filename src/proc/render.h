/* SPDX-License-Identifier: MIT */
/*
 * render.h - the text builder every /proc and /sys renderer writes into,
 * and the renderers of the physical-memory files.
 *
 * struct seqbuf has seq_file's printing semantics and snprintf's size
 * semantics: output goes into @buf as long as it fits, @buf stays
 * NUL-terminated (when @size > 0), and @len counts the full length of the
 * text even past @size, so a caller can size a second attempt exactly.
 */
#ifndef PMM_PROC_RENDER_H
#define PMM_PROC_RENDER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "peiosmm/sim.h"
#include "compiler.h"

/**
 * struct seqbuf - a text being rendered
 * @buf:  destination (may be NULL when @size is 0)
 * @size: size of @buf
 * @len:  length of the full text so far (may exceed @size)
 */
struct seqbuf {
	char *buf;
	size_t size, len;
};

static inline void seqbuf_init(struct seqbuf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	if (buf && size)
		buf[0] = '\0';
}

/* The text did not fit (with its NUL) in the buffer. */
static inline bool seq_has_overflowed(const struct seqbuf *sb)
{
	return sb->len >= sb->size;
}

static inline void seq_write(struct seqbuf *sb, const void *data, size_t n)
{
	if (sb->len < sb->size) {
		size_t room = sb->size - sb->len - 1;
		size_t k = n < room ? n : room;

		memcpy(sb->buf + sb->len, data, k);
		sb->buf[sb->len + k] = '\0';
	}
	sb->len += n;
}

static inline void seq_puts(struct seqbuf *sb, const char *s)
{
	seq_write(sb, s, strlen(s));
}

static inline void seq_putc(struct seqbuf *sb, char c)
{
	seq_write(sb, &c, 1);
}

PMM_PRINTF(2, 0)
static inline void seq_vprintf(struct seqbuf *sb, const char *fmt, va_list ap)
{
	char *dst = NULL;
	size_t room = 0;
	int n;

	if (sb->len < sb->size) {
		dst = sb->buf + sb->len;
		room = sb->size - sb->len;
	}
	n = vsnprintf(dst, room, fmt, ap);
	if (n > 0)
		sb->len += (size_t)n;
}

PMM_PRINTF(2, 3)
static inline void seq_printf(struct seqbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(sb, fmt, ap);
	va_end(ap);
}

/* ---- physical-memory files ----------------------------------------------- */

struct numa_state;

/* VmallocTotal of x86-64 with 4-level and 5-level paging (32 TiB, 12800 TiB).
 */
#define MEMINFO_VMALLOC_TOTAL_KB_L4 34359738367ul
#define MEMINFO_VMALLOC_TOTAL_KB_L5 13743895347199ul

/**
 * struct meminfo_node_extra - per-node hugetlb pool (default huge page size)
 * @hugepages_total: pages in the node's pool
 * @hugepages_free:  free pages of it
 * @hugepages_surp:  surplus pages of it
 */
struct meminfo_node_extra {
	unsigned long hugepages_total;
	unsigned long hugepages_free;
	unsigned long hugepages_surp;
};

/**
 * struct meminfo_extra - figures physical memory does not own
 * @buffers:          block-device page cache (Buffers), pages
 * @swap_total:       swap space, pages
 * @swap_free:        free swap, pages
 * @zswap_bytes:      zswap pool size, bytes
 * @zswapped:         pages stored in zswap
 * @commit_limit:     vm_commit_limit(), pages
 * @committed_as:     committed address space, pages
 * @vmalloc_total_kb: 0 for MEMINFO_VMALLOC_TOTAL_KB_L4
 * @vmalloc_used:     pages
 * @percpu:           pages
 * @hugepages_total:  default-size hugetlb pool: pages
 * @hugepages_free:   free of them
 * @hugepages_rsvd:   reserved of them
 * @hugepages_surp:   surplus of them
 * @hugepagesize_kb:  default huge page size; 0 for 2048
 * @hugetlb_kb:       all hugetlb pools of every size, kB
 * @node:             per-node hugetlb pools, for nodeN/meminfo
 *
 * Everything the vm counters hold (LRU sizes, anon, file, shmem, slab,
 * page tables, mlock, ...) is read from the nodes' and zones' vm_stat
 * instead, so per-node files agree with /proc/meminfo.  A NULL pointer
 * means all zero.
 */
struct meminfo_extra {
	unsigned long buffers;
	unsigned long swap_total;
	unsigned long swap_free;
	unsigned long zswap_bytes;
	unsigned long zswapped;
	unsigned long commit_limit;
	unsigned long committed_as;
	unsigned long vmalloc_total_kb;
	unsigned long vmalloc_used;
	unsigned long percpu;
	unsigned long hugepages_total;
	unsigned long hugepages_free;
	unsigned long hugepages_rsvd;
	unsigned long hugepages_surp;
	unsigned long hugepagesize_kb;
	unsigned long hugetlb_kb;
	struct meminfo_node_extra node[PMM_MAX_NODES];
};

/*
 * The files follow Linux 6.18 on x86-64 built with CONFIG_NUMA, ZSWAP,
 * TRANSPARENT_HUGEPAGE, HUGETLB_PAGE, ZONE_DEVICE and without MEMORY_FAILURE,
 * CMA, UNACCEPTED_MEMORY (the configuration of the reference host kernel).
 */

/* ---- provided by meminfo.c: ---------------------------------------------- */

/**
 * meminfo_render() - /proc/meminfo
 * @ns:    physical memory
 * @extra: the other subsystems' figures, or NULL
 * @sb:    output
 */
void meminfo_render(const struct numa_state *ns,
		    const struct meminfo_extra *extra, struct seqbuf *sb);

/* ---- provided by buddyinfo.c: -------------------------------------------- */

/**
 * buddyinfo_render() - /proc/buddyinfo
 * @ns: physical memory
 * @sb: output
 */
void buddyinfo_render(const struct numa_state *ns, struct seqbuf *sb);

/* ---- provided by zoneinfo.c: --------------------------------------------- */

/**
 * zoneinfo_render() - /proc/zoneinfo
 * @ns: physical memory
 * @sb: output
 *
 * "pagesets" prints each online CPU's per-CPU list of the zone: count and
 * the auto-tuned high (0 until the CPU first uses the zone, as on Linux),
 * batch, high_min and high_max; the vm stats threshold follows Linux's
 * formula.
 */
void zoneinfo_render(const struct numa_state *ns, struct seqbuf *sb);

/* ---- provided by node_meminfo.c: ----------------------------------------- */

/**
 * node_meminfo_render() - /sys/devices/system/node/node@nid/meminfo
 * @ns:    physical memory
 * @extra: the other subsystems' figures, or NULL
 * @nid:   a node id of @ns
 * @sb:    output
 */
void node_meminfo_render(const struct numa_state *ns,
			 const struct meminfo_extra *extra, int nid,
			 struct seqbuf *sb);

/* vmstat.c */
void vmstat_render(struct pmm_sim *sim, struct seqbuf *sb);

#endif /* PMM_PROC_RENDER_H */
