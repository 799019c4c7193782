// SPDX-License-Identifier: MIT
/*
 * maps.c - parse /proc/<pid>/maps and smaps entries and rewrite those inside
 * the window so that two runs at different base addresses compare equal.
 *
 * A normalised line is
 *
 *	SSS-EEE perms OFFSET MAJ:MIN INODE NAME | VMFLAGS
 *
 * with SSS and EEE the page offsets (hex) of the entry from the window base
 * (clipped to the window; a leading '<' or trailing '>' marks a clipped
 * side), OFFSET "w+N" when the file offset lies inside the window (the
 * pgoff of a private anonymous mapping is its first address, so it moves
 * with the base) and the raw hex byte offset otherwise, INODE "0" or "iK"
 * where K numbers the distinct non-zero inodes in order of appearance (a
 * shared anonymous mapping's shmem inode differs from run to run), NAME as
 * the kernel prints it ("[anon:x]", "/dev/zero (deleted)", ...) and
 * VMFLAGS the smaps "VmFlags:" list when the input is smaps.  When the
 * input is smaps with page figures, they come before VMFLAGS:
 *
 *	SSS-EEE perms OFFSET MAJ:MIN INODE NAME | FIGURES | VMFLAGS
 *
 * FIGURES being the non-zero ones of conf_figures[] ("Rss:8 Pss:8
 * Private_Dirty:8 Anonymous:8", in kB), or "-" when all are zero.  Those
 * figures depend on the entry alone (no KernelPageSize, no THP, no KSM,
 * no swap in the window), so they are exact.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse hex digits at *i; at least one, at most 16. */
static int parse_hex(const char *s, size_t len, size_t *i, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;
	int d;

	while (*i < len && (d = hexval(s[*i])) >= 0) {
		if (++n > 16)
			return -1;
		v = v << 4 | (uint64_t)d;
		(*i)++;
	}
	*out = v;
	return n ? 0 : -1;
}

static int parse_dec(const char *s, size_t len, size_t *i, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (++n > 20)
			return -1;
		v = v * 10 + (uint64_t)(s[*i] - '0');
		(*i)++;
	}
	*out = v;
	return n ? 0 : -1;
}

static int expect(const char *s, size_t len, size_t *i, char c)
{
	if (*i >= len || s[*i] != c)
		return -1;
	(*i)++;
	return 0;
}

/*
 * One maps line ("start-end perms offset maj:min inode [name]"), without
 * its '\n'.  Returns 0, or -1 if the line is not a maps entry (an smaps
 * attribute line, say).
 */
int conf_maps_parse_line(const char *line, size_t len, struct conf_vma *v)
{
	uint64_t maj, min;
	size_t i = 0;

	memset(v, 0, sizeof(*v));
	if (parse_hex(line, len, &i, &v->start) || expect(line, len, &i, '-') ||
	    parse_hex(line, len, &i, &v->end) || expect(line, len, &i, ' '))
		return -1;
	if (len - i < 5 || line[i + 4] != ' ')
		return -1;
	for (int k = 0; k < 4; k++) {
		static const char ok[4][3] = {
			"r-", "w-", "x-", "ps",
		};
		char c = line[i + k];

		if (c != ok[k][0] && c != ok[k][1])
			return -1;
		v->perms[k] = c;
	}
	v->perms[4] = '\0';
	i += 5;
	if (parse_hex(line, len, &i, &v->offset) ||
	    expect(line, len, &i, ' ') ||
	    parse_hex(line, len, &i, &maj) || expect(line, len, &i, ':') ||
	    parse_hex(line, len, &i, &min) || expect(line, len, &i, ' ') ||
	    parse_dec(line, len, &i, &v->inode))
		return -1;
	if (v->start > v->end || maj > 0xfff || min > 0xfffff)
		return -1;
	v->dev_major = (unsigned int)maj;
	v->dev_minor = (unsigned int)min;
	if (i < len && line[i] != ' ')
		return -1;
	while (i < len && line[i] == ' ')
		i++;
	v->name = line + i;
	v->name_len = len - i;
	return 0;
}

struct obuf {
	char *p;
	size_t len, cap;
	bool oom;
};

__attribute__((format(printf, 2, 3)))
static void ob_printf(struct obuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

#define MAX_INODES	(CONF_WINDOW_PAGES + 1)

/*
 * The smaps page figures kept, in the order the kernel prints them.  Not
 * LazyFree: MADV_FREE hands its folios to a per-CPU batch
 * (folio_mark_lazyfree()) and they count as lazyfree only once that batch
 * is drained, which depends on what else the CPU does.
 */
static const char *const conf_figures[] = {
	"Rss", "Pss", "Pss_Dirty", "Shared_Clean", "Shared_Dirty",
	"Private_Clean", "Private_Dirty", "Referenced", "Anonymous",
	"Swap", "Locked",
};
#define NR_FIGURES	(sizeof(conf_figures) / sizeof(conf_figures[0]))

struct figures {
	uint64_t v[NR_FIGURES];
	bool seen;
};

/* "Name:   123 kB": keep it if it is one of conf_figures[]. */
static void figure_line(struct figures *f, const char *s, size_t len)
{
	for (size_t k = 0; k < NR_FIGURES; k++) {
		size_t n = strlen(conf_figures[k]), i = n + 1;
		uint64_t v;

		if (len <= n || strncmp(s, conf_figures[k], n) || s[n] != ':')
			continue;
		while (i < len && s[i] == ' ')
			i++;
		if (parse_dec(s, len, &i, &v))
			return;
		f->v[k] = v;
		f->seen = true;
		return;
	}
}

static void figures_flush(struct obuf *b, struct figures *f);

/*
 * Rewrite the entries of a maps or smaps text that overlap
 * [base, base + size).  Returns a malloc'd, NUL-terminated text (possibly
 * empty) and its length, or NULL when out of memory.
 */
char *conf_maps_normalise(const char *smaps, uint64_t base, uint64_t size,
			  size_t *out_len)
{
	uint64_t inodes[MAX_INODES];
	unsigned int nr_inodes = 0;
	struct obuf b = { 0 };
	struct figures fig = { { 0 }, false };
	bool open = false;	/* a window line awaits its VmFlags / '\n' */
	const char *s = smaps;

	ob_printf(&b, "%s", "");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		struct conf_vma v;

		if (!conf_maps_parse_line(s, len, &v)) {
			uint64_t st, en, ino = 0;

			if (open) {
				figures_flush(&b, &fig);
				ob_printf(&b, "\n");
			}
			open = false;
			if (v.end <= base || v.start >= base + size)
				goto next;
			st = v.start < base ? base : v.start;
			en = v.end > base + size ? base + size : v.end;
			if (v.inode) {
				unsigned int k;

				for (k = 0; k < nr_inodes; k++)
					if (inodes[k] == v.inode)
						break;
				if (k == nr_inodes && nr_inodes < MAX_INODES)
					inodes[nr_inodes++] = v.inode;
				ino = k + 1;
			}
			ob_printf(&b, "%s%03" PRIx64 "-%03" PRIx64 "%s %s ",
				  v.start < base ? "<" : "",
				  (st - base) / CONF_PAGE,
				  (en - base) / CONF_PAGE,
				  v.end > base + size ? ">" : "", v.perms);
			if (v.offset >= base && v.offset < base + size)
				ob_printf(&b, "w+%" PRIx64,
					  (v.offset - base) / CONF_PAGE);
			else
				ob_printf(&b, "0x%" PRIx64, v.offset);
			ob_printf(&b, " %02x:%02x ", v.dev_major, v.dev_minor);
			if (ino)
				ob_printf(&b, "i%" PRIu64, ino);
			else
				ob_printf(&b, "0");
			if (v.name_len)
				ob_printf(&b, " %.*s", (int)v.name_len, v.name);
			open = true;
		} else if (open && len >= 8 && !strncmp(s, "VmFlags:", 8)) {
			size_t i = 8;

			while (i < len && s[i] == ' ')
				i++;
			while (len > i && s[len - 1] == ' ')
				len--;
			figures_flush(&b, &fig);
			ob_printf(&b, " | %.*s\n", (int)(len - i), s + i);
			open = false;
		} else if (open) {
			figure_line(&fig, s, len);
		}
next:
		if (!nl)
			break;
		s = nl + 1;
	}
	if (open) {
		figures_flush(&b, &fig);
		ob_printf(&b, "\n");
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*out_len = b.len;
	return b.p;
}

static void figures_flush(struct obuf *b, struct figures *f)
{
	bool any = false;

	if (!f->seen)
		return;
	ob_printf(b, " |");
	for (size_t k = 0; k < NR_FIGURES; k++) {
		if (!f->v[k])
			continue;
		ob_printf(b, " %s:%" PRIu64, conf_figures[k], f->v[k]);
		any = true;
	}
	if (!any)
		ob_printf(b, " -");
	memset(f, 0, sizeof(*f));
}
