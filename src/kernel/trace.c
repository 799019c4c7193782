// SPDX-License-Identifier: MIT
/*
 * trace.c - events: numbering, delivery to the sink, and the JSON-lines
 * form the CLI writes.  Every event gets a sequence number whether or not a
 * sink is installed, so event numbers do not depend on who is listening.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel.h"

void trace_emit(struct pmm_sim *sim, const char *name,
		const struct pmm_event_field *fields, unsigned int nr)
{
	struct pmm_event ev;

	PMM_BUG_ON(nr > PMM_EVENT_MAX_FIELDS);
	ev.seq = sim->event_seq++;
	if (!sim->sink)
		return;
	ev.name = name;
	ev.time_ns = sim->now;
	ev.nr_fields = nr;
	memcpy(ev.fields, fields, nr * sizeof(*fields));
	sim->sink(sim->sink_arg, &ev);
}

struct jbuf {
	char *buf;
	size_t size, len;
};

static void jput(struct jbuf *j, const char *s, size_t n)
{
	if (j->len < j->size) {
		size_t room = j->size - j->len - 1;

		memcpy(j->buf + j->len, s, n < room ? n : room);
		j->buf[j->len + (n < room ? n : room)] = '\0';
	}
	j->len += n;
}

static void jputs(struct jbuf *j, const char *s)
{
	jput(j, s, strlen(s));
}

static void jstr(struct jbuf *j, const char *s)
{
	char esc[8];

	jput(j, "\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			jput(j, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			jput(j, esc, 6);
		} else {
			jput(j, (const char *)&c, 1);
		}
	}
	jput(j, "\"", 1);
}

size_t pmm_event_format_json(const struct pmm_event *ev, char *buf,
			     size_t size)
{
	struct jbuf j = { .buf = buf, .size = buf ? size : 0 };
	char num[32];

	if (j.size)
		buf[0] = '\0';
	if (!ev)
		return 0;
	snprintf(num, sizeof(num), "%" PRIu64, ev->seq);
	jputs(&j, "{\"seq\":");
	jputs(&j, num);
	snprintf(num, sizeof(num), "%" PRIu64, ev->time_ns);
	jputs(&j, ",\"t\":");
	jputs(&j, num);
	jputs(&j, ",\"event\":");
	jstr(&j, ev->name);
	for (unsigned int i = 0; i < ev->nr_fields && i < PMM_EVENT_MAX_FIELDS;
	     i++) {
		const struct pmm_event_field *f = &ev->fields[i];

		jputs(&j, ",");
		jstr(&j, f->key);
		jputs(&j, ":");
		switch (f->type) {
		case PMM_EVENT_U64:
			snprintf(num, sizeof(num), "%" PRIu64, f->v.u);
			jputs(&j, num);
			break;
		case PMM_EVENT_S64:
			snprintf(num, sizeof(num), "%" PRId64, f->v.s);
			jputs(&j, num);
			break;
		case PMM_EVENT_STR:
			jstr(&j, f->v.str);
			break;
		}
	}
	jputs(&j, "}");
	return j.len;
}
