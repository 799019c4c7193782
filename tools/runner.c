// SPDX-License-Identifier: MIT
/*
 * runner.c - the scenario executor: machine and principal directives, call
 * lines with every expectation form, tick, and the expect checks of
 * SCENARIO.md, on top of the public API only.
 *
 * The machine is created lazily, at the first statement that is not
 * `machine`, `node` or `distance`, so those three may come in any order
 * after `machine`.  Names (processes, tokens, $variables) live in small
 * arrays searched linearly: a scenario has tens of them, not thousands.
 *
 * A call returns an outcome (a value or an errno, a signal, or "killed"),
 * which is compared with the line's expectation.  Calls that belong to
 * features not built yet stop the run with "call not supported yet"
 * (status 2), never with a made-up answer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <peiosmm/peiosmm.h>
#include <peiosmm/ipc.h>
#include <peiosmm/vm.h>

#include "runner.h"
#include "scn.h"

#define MAX_NAMES 4096

struct name_pid {
	char *name;
	pmm_pid_t pid;		/* process: its pid; thread: its tid */
	unsigned int tidnum;	/* threads: the N of PROC.N */
};

struct name_tok {
	char *name;
	struct pmm_token *tok;
};

struct name_val {
	char *name;
	int64_t val;
};

/* An `image` directive: a binary for exec= and execve(). */
struct name_img {
	char *name;
	char *path;		/* "/usr/bin/NAME", what maps shows */
	struct pmm_image img;
};

struct ev_rec {
	char *name;
	unsigned int nr;
	char *key[PMM_EVENT_MAX_FIELDS];
	char *sval[PMM_EVENT_MAX_FIELDS];	/* value as text */
	bool is_num[PMM_EVENT_MAX_FIELDS];
	int64_t nval[PMM_EVENT_MAX_FIELDS];
};

/* move_pages(): pages per call (the arguments fit SCN_MAX_ARGS) */
#define MOVE_MAX ((SCN_MAX_ARGS - 3) / 2)

struct runner {
	const char *file;
	const struct run_opts *o;
	unsigned int line;		/* statement being run */

	struct pmm_sim_config cfg;
	bool have_machine;		/* `machine` seen */
	bool node_set[PMM_MAX_NODES];
	uint64_t total_ram;
	unsigned int total_cpus;
	struct pmm_sim *sim;

	struct name_pid procs[MAX_NAMES];
	size_t nr_procs;
	struct name_pid threads[MAX_NAMES];	/* name = process name */
	size_t nr_threads;
	struct name_tok toks[MAX_NAMES];
	size_t nr_toks;
	struct name_val vars[MAX_NAMES];
	size_t nr_vars;
	struct name_img imgs[MAX_NAMES];
	size_t nr_imgs;
	const struct scn_opt *tlp;	/* machine tlp=, applied at creation */
	const char *placement;		/* machine placement= */
	int move_status[MOVE_MAX];	/* the last move_pages() statuses */
	unsigned long move_count;

	struct ev_rec *ev;
	size_t nr_ev, cap_ev;
	size_t ev_cursor;		/* events before this were matched */

	char *buf;			/* /proc read buffer */
	size_t bufsize;

	union pmm_shmctl_buf shmbuf;	/* shmctl()'s buffer (shm_buf()) */
};

/* A call's result: a value, or an errno, a signal, or the caller killed. */
struct outcome {
	enum { OUT_VALUE, OUT_ERRNO, OUT_SIGNAL, OUT_KILLED } kind;
	int64_t val;
	int err;
	int sig, si_code;
	bool has_addr;		/* SIGNAL raised by a touch: si_addr known */
	uint64_t addr;		/* its si_addr */
	char detail[192];	/* extra words for a failure ("" for none) */
	bool hex;		/* VALUE is a 64-bit bit pattern: print in hex */
	const char *show;	/* -v: text the call read (read_proc ...) */
	size_t show_len;
};

/* ---- messages -------------------------------------------------------------- */

#define PRINTF_LIKE __attribute__((format(printf, 2, 3)))
static PRINTF_LIKE int malformed(struct runner *r, const char *fmt, ...);
static PRINTF_LIKE int failed(struct runner *r, const char *fmt, ...);

static int vreport(struct runner *r, enum run_status st, const char *fmt,
		   va_list ap)
{
	fprintf(r->o->out, "%s:%u: ", r->file, r->line);
	vfprintf(r->o->out, fmt, ap);
	fputc('\n', r->o->out);
	return st;
}

static int malformed(struct runner *r, const char *fmt, ...)
{
	va_list ap;
	int st;

	va_start(ap, fmt);
	st = vreport(r, RUN_MALFORMED, fmt, ap);
	va_end(ap);
	return st;
}

static int failed(struct runner *r, const char *fmt, ...)
{
	va_list ap;
	int st;

	va_start(ap, fmt);
	st = vreport(r, RUN_FAILED, fmt, ap);
	va_end(ap);
	return st;
}

static void outcome_print(const struct outcome *oc, char *buf, size_t size)
{
	switch (oc->kind) {
	case OUT_VALUE:
		if (oc->hex)
			snprintf(buf, size, "0x%" PRIx64, (uint64_t)oc->val);
		else if (oc->val >= 0 && oc->val >= (1ll << 32))
			snprintf(buf, size, "0x%" PRIx64, (uint64_t)oc->val);
		else
			snprintf(buf, size, "%" PRId64, oc->val);
		break;
	case OUT_ERRNO:
		snprintf(buf, size, "-1 %s (%s)",
			 scn_errno_name(oc->err) ? scn_errno_name(oc->err) : "E?",
			 scn_errno_text(oc->err) ? scn_errno_text(oc->err) : "?");
		break;
	case OUT_SIGNAL: {
		const char *code = scn_sicode_name(oc->sig, oc->si_code);

		int n = snprintf(buf, size, "%s%s%s",
			 scn_signal_name(oc->sig) ? scn_signal_name(oc->sig) : "SIG?",
			 code ? " " : "", code ? code : "");

		if (!code && n >= 0 && (size_t)n < size)
			snprintf(buf + n, size - (size_t)n, " %d", oc->si_code);
		n = (int)strlen(buf);
		if (oc->has_addr && (size_t)n < size)
			snprintf(buf + n, size - (size_t)n, " at 0x%" PRIx64,
				 oc->addr);
		break;
	}
	case OUT_KILLED:
		snprintf(buf, size, "KILLED");
		break;
	}
}

/* ---- names ------------------------------------------------------------------- */

static bool valid_name(const char *s)
{
	if (!s || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static struct name_pid *proc_find(struct runner *r, const char *name)
{
	for (size_t i = 0; i < r->nr_procs; i++)
		if (!strcmp(r->procs[i].name, name))
			return &r->procs[i];
	return NULL;
}

static struct name_tok *tok_find(struct runner *r, const char *name)
{
	for (size_t i = 0; i < r->nr_toks; i++)
		if (!strcmp(r->toks[i].name, name))
			return &r->toks[i];
	return NULL;
}

static struct name_img *img_find(struct runner *r, const char *name)
{
	for (size_t i = 0; i < r->nr_imgs; i++)
		if (!strcmp(r->imgs[i].name, name))
			return &r->imgs[i];
	return NULL;
}

static struct name_val *var_find(struct runner *r, const char *name)
{
	for (size_t i = 0; i < r->nr_vars; i++)
		if (!strcmp(r->vars[i].name, name))
			return &r->vars[i];
	return NULL;
}

static int var_set(struct runner *r, const char *name, int64_t val)
{
	struct name_val *v = var_find(r, name);

	if (v) {
		v->val = val;
		return 0;
	}
	if (r->nr_vars == MAX_NAMES)
		return malformed(r, "too many variables (at most %d)", MAX_NAMES);
	r->vars[r->nr_vars].name = strdup(name);
	if (!r->vars[r->nr_vars].name)
		return malformed(r, "out of memory");
	r->vars[r->nr_vars++].val = val;
	return 0;
}

static int proc_add(struct runner *r, const char *name, pmm_pid_t pid)
{
	if (r->nr_procs == MAX_NAMES || r->nr_threads == MAX_NAMES)
		return malformed(r, "too many processes (at most %d)", MAX_NAMES);
	r->procs[r->nr_procs].name = strdup(name);
	r->threads[r->nr_threads].name = strdup(name);
	if (!r->procs[r->nr_procs].name || !r->threads[r->nr_threads].name)
		return malformed(r, "out of memory");
	r->procs[r->nr_procs++].pid = pid;
	r->threads[r->nr_threads].pid = pid;
	r->threads[r->nr_threads++].tidnum = 1;
	return 0;
}

/* Extension names usable in expressions (see docs/scenario-extensions.md). */
static const struct {
	const char *name;
	int64_t val;
} ext_consts[] = {
	{ "TOKEN_PRESENT", 0 },
	{ "TOKEN_ENABLED", 1 },
	{ "TOKEN_ENABLED_BY_DEFAULT", 2 },
	{ "TOKEN_USED", 3 },
	{ "RLIM_INFINITY", -1 },
	/* /proc/PID/pagemap entry bits (Documentation/admin-guide/mm/pagemap.rst) */
	{ "PM_SOFT_DIRTY", 1ll << 55 },
	{ "PM_MMAP_EXCLUSIVE", 1ll << 56 },
	{ "PM_UFFD_WP", 1ll << 57 },
	{ "PM_GUARD_REGION", 1ll << 58 },
	{ "PM_FILE", 1ll << 61 },
	{ "PM_SWAP", 1ll << 62 },
	{ "PM_PRESENT", (int64_t)(1ull << 63) },
	{ "PM_PFN_MASK", (1ll << 55) - 1 },
};

static int lookup_var_cb(void *priv, const char *name, int64_t *out)
{
	struct name_val *v = var_find(priv, name);

	if (!v)
		return -1;
	*out = v->val;
	return 0;
}

static int lookup_name_cb(void *priv, const char *name, int64_t *out)
{
	struct runner *r = priv;
	struct name_pid *p = proc_find(r, name);
	int luid;

	if (p) {
		*out = p->pid;
		return 0;
	}
	for (size_t i = 0; i < sizeof(ext_consts) / sizeof(ext_consts[0]); i++)
		if (!strcmp(ext_consts[i].name, name)) {
			*out = ext_consts[i].val;
			return 0;
		}
	luid = pmm_privilege_lookup(name);
	if (luid >= 0) {
		*out = luid;
		return 0;
	}
	return -1;
}

static int eval(struct runner *r, const struct scn_expr *e, int64_t *out)
{
	const struct scn_eval_ctx ctx = {
		.file = r->file,
		.priv = r,
		.lookup_var = lookup_var_cb,
		.lookup_name = lookup_name_cb,
	};
	char err[512];

	if (scn_expr_eval(e, &ctx, out, err, sizeof(err))) {
		fprintf(r->o->out, "%s\n", err);
		return RUN_MALFORMED;
	}
	return 0;
}

/* ---- the machine --------------------------------------------------------------- */

static int opt_int(struct runner *r, const struct scn_opt *o, int64_t *v)
{
	if (!o->is_int)
		return malformed(r, "expected an integer for %s=, got '%s'",
				 o->key, o->value);
	*v = o->ival;
	return 0;
}

static int cpus_parse(struct runner *r, const struct scn_opt *o, uint64_t *mask)
{
	for (size_t i = 0; i < o->nr_items; i++) {
		uint64_t lo, hi;

		if (scn_parse_range(o->items[i], &lo, &hi) || hi >= PMM_MAX_CPUS)
			return malformed(r, "expected CPU numbers 0-%d like 0-3,8 for cpus=, got '%s'",
					 PMM_MAX_CPUS - 1, o->value);
		for (uint64_t c = lo; c <= hi; c++)
			mask[c / 64] |= 1ull << (c % 64);
	}
	return 0;
}

static int dir_machine(struct runner *r, const struct scn_directive *d)
{
	int64_t nodes = 1, cpus = -1, v = 0;
	int err;

	if (r->have_machine)
		return malformed(r, "only one machine line is allowed");
	if (d->nr_words)
		return malformed(r, "expected key=value options after 'machine', got '%s'",
				 d->words[0].text);
	pmm_sim_config_init(&r->cfg);
	r->total_ram = 0;
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];

		if (!strcmp(o->key, "ram")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			r->total_ram = (uint64_t)v;
		} else if (!strcmp(o->key, "nodes")) {
			if ((err = opt_int(r, o, &nodes)))
				return err;
		} else if (!strcmp(o->key, "cpus")) {
			if ((err = opt_int(r, o, &cpus)))
				return err;
		} else if (!strcmp(o->key, "seed")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			r->cfg.seed = (uint64_t)v;
		} else if (!strcmp(o->key, "page")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v != PMM_PAGE_SIZE)
				return malformed(r, "only page=4K is modelled, got '%s'",
						 o->value);
		} else if (!strcmp(o->key, "profile")) {
			int p = pmm_profile_from_name(o->value);

			if (p < 0)
				return malformed(r, "expected profile=peios|peios-kacs|linux, got '%s'",
						 o->value);
			r->cfg.profile = p;
		} else if (!strcmp(o->key, "la57")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			r->cfg.la57 = v != 0;
		} else if (!strcmp(o->key, "pkeys")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			r->cfg.no_pkeys = v == 0;
		} else if (!strcmp(o->key, "embedded")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v != 0 && v != 1)
				return malformed(r, "expected embedded=0|1, got '%s'",
						 o->value);
			r->cfg.embedded = v == 1;
		} else if (!strcmp(o->key, "placement")) {
			if (!pmm_placement_find(o->value))
				return malformed(r, "expected placement=local|interleave, got '%s'",
						 o->value);
			r->placement = o->value;
		} else if (!strcmp(o->key, "mseal")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v != 0 && v != 1)
				return malformed(r, "expected mseal=0|1, got '%s'",
						 o->value);
			r->cfg.no_mseal = v == 0;
		} else if (!strcmp(o->key, "tlp")) {
			for (size_t k = 0; k < o->nr_items; k++) {
				size_t n = strlen(o->items[k]);

				if (n < 2 || o->items[k][0] != '/' ||
				    o->items[k][n - 1] == '/')
					return malformed(r, "expected tlp=DIR[,DIR...] with absolute directory paths, got '%s'",
							 o->value);
			}
			r->tlp = o;
		} else {
			return malformed(r, "unknown machine option '%s' (expected ram, nodes, page, cpus, seed, profile, la57, pkeys, mseal, embedded, tlp, placement)",
					 o->key);
		}
	}
	if (r->o->profile >= 0)
		r->cfg.profile = r->o->profile;
	if (!scn_opt_find(d->opts, d->nr_opts, "ram"))
		return malformed(r, "machine needs ram=SIZE");
	if (nodes < 1 || nodes > PMM_MAX_NODES)
		return malformed(r, "nodes= must be 1..%d", PMM_MAX_NODES);
	if (cpus < 0)
		cpus = 4 * nodes;
	if (cpus > PMM_MAX_CPUS)
		return malformed(r, "cpus= must be 0..%d", PMM_MAX_CPUS);
	if (pmm_sim_config_split_ram(&r->cfg, (unsigned int)nodes, r->total_ram,
				     (unsigned int)cpus))
		return malformed(r, "ram=%s cannot be split into %" PRId64
				 " nodes of whole 4 KiB pages",
				 scn_opt_find(d->opts, d->nr_opts, "ram")->value, nodes);
	r->total_cpus = (unsigned int)cpus;
	r->have_machine = true;
	return 0;
}

static int dir_node(struct runner *r, const struct scn_directive *d)
{
	struct pmm_node_config *n;
	int64_t id, v = 0;
	int err;

	if (d->nr_words != 1 || !d->words[0].is_int)
		return malformed(r, "expected 'node N ram=SIZE [cpus=LIST] [movable=SIZE]'");
	id = d->words[0].ival;
	if (id < 0 || id >= (int64_t)r->cfg.nr_nodes)
		return malformed(r, "node %" PRId64 " does not exist (machine has %u nodes)",
				 id, r->cfg.nr_nodes);
	n = &r->cfg.node[id];
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];

		if (!strcmp(o->key, "ram")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v <= 0 || v % PMM_PAGE_SIZE)
				return malformed(r, "ram= must be a positive multiple of 4K");
			n->ram_bytes = (uint64_t)v;
			r->node_set[id] = true;
		} else if (!strcmp(o->key, "cpus")) {
			/* Listed CPUs move to this node. */
			uint64_t mask[PMM_MAX_CPUS / 64] = { 0 };

			if ((err = cpus_parse(r, o, mask)))
				return err;
			for (unsigned int k = 0; k < r->cfg.nr_nodes; k++)
				for (int w = 0; w < PMM_MAX_CPUS / 64; w++)
					r->cfg.node[k].cpus[w] &= ~mask[w];
			memcpy(n->cpus, mask, sizeof(mask));
		} else if (!strcmp(o->key, "movable")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v < 0)
				return malformed(r, "movable= must not be negative");
			n->movable_bytes = (uint64_t)v;
		} else {
			return malformed(r, "unknown node option '%s' (expected ram, cpus, movable)",
					 o->key);
		}
	}
	return 0;
}

static int dir_distance(struct runner *r, const struct scn_directive *d)
{
	int64_t a, b, dist;

	if (d->nr_words != 3 || !d->words[0].is_int || !d->words[1].is_int ||
	    !d->words[2].is_int || d->nr_opts)
		return malformed(r, "expected 'distance NODE NODE DISTANCE'");
	a = d->words[0].ival;
	b = d->words[1].ival;
	dist = d->words[2].ival;
	if (a < 0 || b < 0 || a >= (int64_t)r->cfg.nr_nodes ||
	    b >= (int64_t)r->cfg.nr_nodes)
		return malformed(r, "distance names a node the machine does not have");
	if (a == b ? dist != PMM_NODE_DISTANCE_LOCAL : (dist <= 10 || dist > 254))
		return malformed(r, "distance must be 10 for a node to itself and 11..254 between nodes");
	r->cfg.distance[a][b] = (uint8_t)dist;
	r->cfg.distance[b][a] = (uint8_t)dist;
	return 0;
}

static void event_sink(void *arg, const struct pmm_event *ev);

/* Nodes without node= lines share what the explicit ones left. */
static int machine_create(struct runner *r)
{
	uint64_t fixed = 0, rest_pages;
	unsigned int nfree = 0, k = 0;
	int err;

	if (r->sim)
		return 0;
	if (!r->have_machine)
		return malformed(r, "expected a 'machine' line before this one");
	for (unsigned int n = 0; n < r->cfg.nr_nodes; n++) {
		if (r->node_set[n])
			fixed += r->cfg.node[n].ram_bytes;
		else
			nfree++;
	}
	if (nfree) {
		if (fixed >= r->total_ram)
			return malformed(r, "node ram= lines leave nothing for the other %u nodes",
					 nfree);
		rest_pages = (r->total_ram - fixed) / PMM_PAGE_SIZE;
		for (unsigned int n = 0; n < r->cfg.nr_nodes; n++) {
			if (r->node_set[n])
				continue;
			r->cfg.node[n].ram_bytes =
				(rest_pages / nfree + (k < rest_pages % nfree)) *
				PMM_PAGE_SIZE;
			k++;
		}
	}
	err = pmm_sim_create(&r->cfg, &r->sim);
	if (err)
		return malformed(r, "the machine is invalid (%s): check ram, node and distance lines",
				 scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	pmm_sim_set_event_sink(r->sim, event_sink, r);
	if (r->placement)
		(void)pmm_set_placement(r->sim, pmm_placement_find(r->placement),
					NULL);
	if (r->tlp && pmm_set_tlp_prefixes(r->sim, (const char *const *)r->tlp->items,
					   (unsigned int)r->tlp->nr_items))
		return malformed(r, "expected tlp=DIR[,DIR...] with absolute directory paths, got '%s'",
				 r->tlp->value);
	if (r->o->verbose) {
		fprintf(r->o->out, "%s:%u: machine: %u node%s, %" PRIu64
			" MiB, %u CPUs, profile %s, seed %" PRIu64 "\n",
			r->file, r->line, r->cfg.nr_nodes,
			r->cfg.nr_nodes > 1 ? "s" : "", r->total_ram >> 20,
			r->total_cpus, pmm_profile_name(r->cfg.profile),
			r->cfg.seed);
	}
	return 0;
}

static int dir_sysctl(struct runner *r, const struct scn_directive *d)
{
	if (d->nr_words || d->nr_opts != 1)
		return malformed(r, "expected 'sysctl NAME=VALUE'");
	switch (pmm_sysctl_set(r->sim, d->opts[0].key, d->opts[0].value)) {
	case 0:
		return 0;
	case -ENOENT:
		return malformed(r, "unknown sysctl '%s'", d->opts[0].key);
	default:
		return malformed(r, "invalid value '%s' for sysctl %s",
				 d->opts[0].value, d->opts[0].key);
	}
}

static const struct {
	const char *name;
	uint32_t il;
} integrities[] = {
	{ "untrusted", PMM_IL_UNTRUSTED }, { "low", PMM_IL_LOW },
	{ "medium", PMM_IL_MEDIUM },	   { "high", PMM_IL_HIGH },
	{ "system", PMM_IL_SYSTEM },
};

static int priv_list(struct runner *r, const struct scn_opt *o, uint64_t *mask)
{
	for (size_t i = 0; i < o->nr_items; i++) {
		int luid;

		if (!strcmp(o->items[i], "ALL")) {
			*mask |= pmm_privilege_issuable_mask(r->sim);
			continue;
		}
		luid = pmm_privilege_lookup(o->items[i]);
		if (luid < 0)
			return malformed(r, "unknown privilege '%s' in %s=",
					 o->items[i], o->key);
		*mask |= 1ull << luid;
	}
	return 0;
}

static int dir_token(struct runner *r, const struct scn_directive *d)
{
	struct pmm_token_config tc = { .user = NULL,
				       .integrity = PMM_IL_MEDIUM };
	const char *groups[65];
	struct pmm_token *tok;
	size_t ng = 0;
	int err;

	if (d->nr_words != 1 || !valid_name(d->words[0].text))
		return malformed(r, "expected 'token NAME [user=..] [groups=..] [integrity=..] [privileges=..] [disabled=..]'");
	if (tok_find(r, d->words[0].text))
		return malformed(r, "token '%s' is already declared", d->words[0].text);
	if (r->nr_toks == MAX_NAMES)
		return malformed(r, "too many tokens");
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];

		if (!strcmp(o->key, "user")) {
			tc.user = o->value;
		} else if (!strcmp(o->key, "groups")) {
			if (o->nr_items > 64)
				return malformed(r, "at most 64 groups");
			for (size_t g = 0; g < o->nr_items; g++)
				groups[ng++] = o->items[g];
		} else if (!strcmp(o->key, "integrity")) {
			size_t k;

			for (k = 0; k < sizeof(integrities) / sizeof(integrities[0]); k++)
				if (!strcmp(o->value, integrities[k].name))
					break;
			if (k == sizeof(integrities) / sizeof(integrities[0]))
				return malformed(r, "expected integrity=untrusted|low|medium|high|system, got '%s'",
						 o->value);
			tc.integrity = integrities[k].il;
		} else if (!strcmp(o->key, "privileges")) {
			if ((err = priv_list(r, o, &tc.privileges)))
				return err;
		} else if (!strcmp(o->key, "disabled")) {
			if ((err = priv_list(r, o, &tc.disabled)))
				return err;
		} else {
			return malformed(r, "unknown token option '%s' (expected user, groups, integrity, privileges, disabled)",
					 o->key);
		}
	}
	groups[ng] = NULL;
	tc.groups = groups;
	if (!tc.user)
		tc.user = d->words[0].text;
	err = pmm_token_create(r->sim, &tc, &tok);
	if (err)
		return malformed(r, "the token is invalid (%s): disabled= must name present privileges",
				 scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	r->toks[r->nr_toks].name = strdup(d->words[0].text);
	if (!r->toks[r->nr_toks].name) {
		pmm_token_put(tok);
		return malformed(r, "out of memory");
	}
	r->toks[r->nr_toks++].tok = tok;
	return 0;
}

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "memlock", PMM_RLIMIT_MEMLOCK }, { "as", PMM_RLIMIT_AS },
	{ "data", PMM_RLIMIT_DATA },	   { "stack", PMM_RLIMIT_STACK },
	{ "nofile", PMM_RLIMIT_NOFILE },
};

static int pip_parse(struct runner *r, const char *v, uint32_t *type,
		     uint32_t *trust)
{
	static const struct {
		const char *name;
		uint32_t type;
	} types[] = { { "none", 0 }, { "None", 0 }, { "Protected", 512 },
		      { "Isolated", 1024 } };
	const char *slash = strchr(v, '/');
	char head[32];
	int64_t n;

	if (!strcmp(v, "none")) {
		*type = *trust = 0;
		return 0;
	}
	if (!slash || (size_t)(slash - v) >= sizeof(head))
		goto bad;
	memcpy(head, v, (size_t)(slash - v));
	head[slash - v] = '\0';
	if (scn_parse_int(slash + 1, &n) || n < 0 || n > UINT32_MAX)
		goto bad;
	*trust = (uint32_t)n;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(head, types[i].name)) {
			*type = types[i].type;
			return 0;
		}
	if (scn_parse_int(head, &n) || n < 0 || n > UINT32_MAX)
		goto bad;
	*type = (uint32_t)n;
	return 0;
bad:
	return malformed(r, "expected pip=Protected/N, Isolated/N, TYPE/TRUST or none, got '%s'",
			 v);
}

static int dir_process(struct runner *r, const struct scn_directive *d)
{
	struct pmm_process_config pc;
	const char *name, *fork_of = NULL;
	struct name_img *exec_img = NULL;
	pmm_pid_t pid;
	int err;

	pmm_process_config_init(&pc);
	if (d->nr_words != 1 || !valid_name(d->words[0].text))
		return malformed(r, "expected 'process NAME [token=..] [pip=..] [rlimit.X=..] [oom_score_adj=..] [exec=IMAGE]' or 'process NAME fork=PARENT'");
	name = d->words[0].text;
	if (proc_find(r, name))
		return malformed(r, "process '%s' already exists", name);
	pc.comm = name;
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];
		int64_t v = 0;

		if (!strcmp(o->key, "token")) {
			struct name_tok *t = tok_find(r, o->value);

			if (!t)
				return malformed(r, "unknown token '%s' (declare it with a token line first)",
						 o->value);
			pc.token = t->tok;
		} else if (!strcmp(o->key, "pip")) {
			if ((err = pip_parse(r, o->value, &pc.pip_type, &pc.pip_trust)))
				return err;
		} else if (!strcmp(o->key, "oom_score_adj")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v < -1000 || v > 1000)
				return malformed(r, "oom_score_adj must be -1000..1000");
			pc.oom_score_adj = (int)v;
		} else if (!strncmp(o->key, "rlimit.", 7)) {
			size_t k;
			uint64_t lim;

			for (k = 0; k < sizeof(rlimit_names) / sizeof(rlimit_names[0]); k++)
				if (!strcmp(o->key + 7, rlimit_names[k].name))
					break;
			if (k == sizeof(rlimit_names) / sizeof(rlimit_names[0]))
				return malformed(r, "unknown limit '%s' (expected rlimit.memlock, as, data, stack, nofile)",
						 o->key);
			if (!strcmp(o->value, "unlimited")) {
				lim = PMM_RLIM_INFINITY;
			} else {
				if ((err = opt_int(r, o, &v)))
					return err;
				if (v < 0)
					return malformed(r, "%s must not be negative", o->key);
				lim = (uint64_t)v;
			}
			pc.rlim[rlimit_names[k].resource] =
				(struct pmm_rlimit){ lim, lim };
			pc.rlim_set |= 1u << rlimit_names[k].resource;
		} else if (!strcmp(o->key, "fork")) {
			fork_of = o->value;
		} else if (!strcmp(o->key, "exec")) {
			exec_img = img_find(r, o->value);
			if (!exec_img)
				return malformed(r, "unknown image '%s' (declare it with an image line first)",
						 o->value);
		} else {
			return malformed(r, "unknown process option '%s' (expected token, pip, rlimit.NAME, oom_score_adj, exec, fork)",
					 o->key);
		}
	}
	if (fork_of) {
		struct name_pid *parent = proc_find(r, fork_of);

		if (d->nr_opts != 1)
			return malformed(r, "'process NAME fork=PARENT' takes no other option");
		if (!parent)
			return malformed(r, "unknown process '%s'", fork_of);
		err = pmm_fork(r->sim, parent->pid, &pid);
		if (err)
			return malformed(r, "fork of %s failed: %s", fork_of,
					 scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	} else {
		err = pmm_process_create(r->sim, &pc, &pid);
		if (err)
			return malformed(r, "cannot create process %s: %s", name,
					 scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	}
	if ((err = proc_add(r, name, pid)))
		return err;
	if (exec_img) {
		/* the main thread's tid is the pid */
		err = pmm_exec(r->sim, pid, &exec_img->img);
		if (err)
			return malformed(r, "exec of image %s in %s failed: %s",
					 exec_img->name, name,
					 scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	}
	return 0;
}

/*
 * image NAME text=SIZE [data=SIZE] [bss=SIZE] [pie] [base=ADDR]
 *       [seal_system=0|1]
 * The binary is /usr/bin/NAME.  seal_system defaults to the loader policy
 * of the profile: on in peios and peios-kacs (spec 11 §8), off in linux
 * (mainline without CONFIG_MSEAL_SYSTEM_MAPPINGS).
 */
static int dir_image(struct runner *r, const struct scn_directive *d)
{
	struct name_img *im;
	struct pmm_image img = { 0 };
	const char *name;
	char *path;
	size_t n;
	int err;

	if (d->nr_words < 1 || d->nr_words > 2 || !valid_name(d->words[0].text) ||
	    (d->nr_words == 2 && strcmp(d->words[1].text, "pie")))
		return malformed(r, "expected 'image NAME text=SIZE [data=SIZE] [bss=SIZE] [pie] [base=ADDR] [seal_system=0|1]'");
	name = d->words[0].text;
	if (img_find(r, name))
		return malformed(r, "image '%s' is already declared", name);
	if (r->nr_imgs == MAX_NAMES)
		return malformed(r, "too many images (at most %d)", MAX_NAMES);
	img.pie = d->nr_words == 2;
	img.seal_system_mappings = r->cfg.profile != PMM_PROFILE_LINUX;
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];
		int64_t v = 0;

		if ((err = opt_int(r, o, &v)))
			return err;
		if (!strcmp(o->key, "text") || !strcmp(o->key, "data") ||
		    !strcmp(o->key, "bss") || !strcmp(o->key, "base")) {
			if (v < 0)
				return malformed(r, "%s= must not be negative", o->key);
			if (!strcmp(o->key, "text"))
				img.text = (uint64_t)v;
			else if (!strcmp(o->key, "data"))
				img.data = (uint64_t)v;
			else if (!strcmp(o->key, "bss"))
				img.bss = (uint64_t)v;
			else
				img.link_base = (uint64_t)v;
		} else if (!strcmp(o->key, "seal_system")) {
			if (v != 0 && v != 1)
				return malformed(r, "seal_system= must be 0 or 1");
			img.seal_system_mappings = v;
		} else {
			return malformed(r, "unknown image option '%s' (expected text, data, bss, base, seal_system)",
					 o->key);
		}
	}
	if (!img.text)
		return malformed(r, "image needs text=SIZE (more than 0)");
	if (img.pie && img.link_base)
		return malformed(r, "base= is the load address of a non-PIE image; a pie image has none");
	n = strlen(name) + sizeof("/usr/bin/");
	path = malloc(n);
	if (!path)
		return malformed(r, "out of memory");
	snprintf(path, n, "/usr/bin/%s", name);
	im = &r->imgs[r->nr_imgs];
	im->name = strdup(name);
	if (!im->name) {
		free(path);
		return malformed(r, "out of memory");
	}
	im->path = path;
	im->img = img;
	im->img.name = path;
	r->nr_imgs++;
	return 0;
}

/*
 * Rights in a scenario: FILE_READ_DATA|FILE_EXECUTE, PROCESS_VM_READ,
 * GENERIC_READ, a number, or 0.
 */
static int parse_rights(const char *text, uint32_t *out)
{
	char buf[256], *save = NULL, *tok;
	int64_t v;

	*out = 0;
	if (strlen(text) >= sizeof(buf) || !*text)
		return -1;
	strcpy(buf, text);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		if (scn_const_lookup(tok, &v) && scn_parse_int(tok, &v))
			return -1;
		if (v < 0 || v > UINT32_MAX)
			return -1;
		*out |= (uint32_t)v;
	}
	return 0;
}

/*
 * ACEs from "PRINCIPAL:RIGHTS" items (allow= and deny= of a file line, the
 * arguments of set_file_dacl() and set_process_dacl()): deny entries
 * first, as a canonical DACL orders them.  Returns the count, or -1 with
 * *@bad the item at fault.
 */
static int parse_aces(const char *const *items, size_t nr, int type,
		      struct pmm_ace *aces, int have, int max, char *names,
		      size_t names_size, const char **bad)
{
	size_t used = 0;

	for (int i = 0; i < have; i++)
		used += strlen(aces[i].principal) + 1;
	for (size_t i = 0; i < nr; i++) {
		const char *colon = strrchr(items[i], ':');
		size_t n = colon ? (size_t)(colon - items[i]) : 0;

		*bad = items[i];
		if (!colon || !n || have >= max || used + n + 1 > names_size)
			return -1;
		memcpy(names + used, items[i], n);
		names[used + n] = '\0';
		aces[have].type = type;
		aces[have].principal = names + used;
		if (parse_rights(colon + 1, &aces[have].mask))
			return -1;
		used += n + 1;
		have++;
	}
	return have;
}

#define MAX_ACES 64

static int dir_file(struct runner *r, const struct scn_directive *d)
{
	struct pmm_file_config cfg = { 0 };
	struct pmm_ace aces[MAX_ACES];
	char names[4096];
	const struct scn_opt *allow = NULL, *deny = NULL;
	const char *bad;
	int nr = 0, err;

	if (d->nr_words != 1 || d->words[0].text[0] != '/')
		return malformed(r, "expected 'file /PATH size=SIZE [content=random|zero|seed:N] [owner=USER] [mode=OCTAL] [allow=P:RIGHTS,...] [deny=P:RIGHTS,...] [signed=TRUST]'");
	cfg.path = d->words[0].text;
	cfg.content = PMM_CONTENT_RANDOM;
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];
		int64_t v = 0;

		if (!strcmp(o->key, "size") || !strcmp(o->key, "signed")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v < 0 || (o->key[0] == 's' && o->key[1] == 'i' &&
				      v > UINT32_MAX))
				return malformed(r, "%s= is out of range", o->key);
			if (!strcmp(o->key, "size")) {
				cfg.size = (uint64_t)v;
			} else {
				cfg.signed_ = true;
				cfg.sig_trust = (uint32_t)v;
			}
		} else if (!strcmp(o->key, "content")) {
			if (!strcmp(o->value, "random"))
				cfg.content = PMM_CONTENT_RANDOM;
			else if (!strcmp(o->value, "zero"))
				cfg.content = PMM_CONTENT_ZERO;
			else if (!strncmp(o->value, "seed:", 5) &&
				 !scn_parse_int(o->value + 5, &v) && v >= 0) {
				cfg.content = PMM_CONTENT_SEED;
				cfg.seed = (uint64_t)v;
			} else {
				return malformed(r, "expected content=random|zero|seed:N, got '%s'",
						 o->value);
			}
		} else if (!strcmp(o->key, "owner")) {
			cfg.owner = o->value;
		} else if (!strcmp(o->key, "mode")) {
			char *end;
			unsigned long m = strtoul(o->value, &end, 8);

			if (!*o->value || *end || m > 07777 || !m)
				return malformed(r, "expected mode=OCTAL (like 0755), got '%s'",
						 o->value);
			cfg.mode = (uint32_t)m;
		} else if (!strcmp(o->key, "allow")) {
			allow = o;
		} else if (!strcmp(o->key, "deny")) {
			deny = o;
		} else {
			return malformed(r, "unknown file option '%s' (expected size, content, owner, mode, allow, deny, signed)",
					 o->key);
		}
	}
	if (!scn_opt_find(d->opts, d->nr_opts, "size"))
		return malformed(r, "file needs size=SIZE");
	if (deny && (nr = parse_aces(deny->items, deny->nr_items, PMM_ACE_DENY,
				     aces, 0, MAX_ACES, names, sizeof(names),
				     &bad)) < 0)
		return malformed(r, "expected deny=PRINCIPAL:RIGHTS[,...], got '%s'", bad);
	if (allow && (nr = parse_aces(allow->items, allow->nr_items,
				      PMM_ACE_ALLOW, aces, nr, MAX_ACES, names,
				      sizeof(names), &bad)) < 0)
		return malformed(r, "expected allow=PRINCIPAL:RIGHTS[,...], got '%s'", bad);
	if (allow || deny) {
		cfg.aces = aces;
		cfg.nr_aces = (unsigned int)nr;
	}
	err = pmm_file_create(r->sim, &cfg);
	if (err == -EEXIST)
		return malformed(r, "file '%s' is already declared", cfg.path);
	if (err)
		return malformed(r, "file '%s' cannot be created (%s): check the path, owner= and the principals",
				 cfg.path, scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	return 0;
}

/*
 * swapdev PATH size=SIZE [prio=N] [kind=partition|file] [latency=DURATION]:
 * a swap device present at boot, mkswap'd and activated as peinit does
 * (with priority N when given, else the next default priority).
 */
static int dir_swapdev(struct runner *r, const struct scn_directive *d)
{
	struct pmm_swapdev_config cfg = { 0 };
	int err;

	if (d->nr_words != 1 || d->words[0].text[0] != '/')
		return malformed(r, "expected 'swapdev /PATH size=SIZE [prio=N] [kind=partition|file] [latency=DURATION]'");
	cfg.path = d->words[0].text;
	for (size_t i = 0; i < d->nr_opts; i++) {
		const struct scn_opt *o = &d->opts[i];
		int64_t v = 0;

		if (!strcmp(o->key, "size")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v < 10 * 4096 || v > (int64_t)PMM_FILE_MAX_SIZE)
				return malformed(r, "size= must be from 40K (mkswap's minimum) to %" PRIu64 " bytes",
						 (uint64_t)PMM_FILE_MAX_SIZE);
			cfg.size = (uint64_t)v;
		} else if (!strcmp(o->key, "prio")) {
			if ((err = opt_int(r, o, &v)))
				return err;
			if (v < 0 || v > 32767)
				return malformed(r, "prio= must be 0..32767, got %" PRId64, v);
			cfg.prefer = true;
			cfg.prio = (int)v;
		} else if (!strcmp(o->key, "kind")) {
			if (!strcmp(o->value, "partition"))
				cfg.file = false;
			else if (!strcmp(o->value, "file"))
				cfg.file = true;
			else
				return malformed(r, "expected kind=partition|file, got '%s'",
						 o->value);
		} else if (!strcmp(o->key, "latency")) {
			if (scn_parse_duration(o->value, &cfg.latency_ns))
				return malformed(r, "expected a duration like 100us for latency=, got '%s'",
						 o->value);
		} else {
			return malformed(r, "unknown swapdev option '%s' (expected size, prio, kind, latency)",
					 o->key);
		}
	}
	if (!cfg.size)
		return malformed(r, "swapdev needs size=SIZE");
	err = pmm_swapdev_create(r->sim, &cfg);
	if (err == -EEXIST)
		return malformed(r, "'%s' is already declared", cfg.path);
	if (err)
		return malformed(r, "swap device '%s' cannot be set up (%s)",
				 cfg.path, scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	return 0;
}

static int run_directive(struct runner *r, const struct scn_directive *d)
{
	int err;

	switch (d->kind) {
	case SCN_DIR_MACHINE:
		if (r->sim)
			return malformed(r, "'machine' must come first");
		return dir_machine(r, d);
	case SCN_DIR_NODE:
		if (!r->have_machine || r->sim)
			return malformed(r, "'node' lines come right after 'machine'");
		return dir_node(r, d);
	case SCN_DIR_DISTANCE:
		if (!r->have_machine || r->sim)
			return malformed(r, "'distance' lines come right after 'machine'");
		return dir_distance(r, d);
	default:
		break;
	}
	if ((err = machine_create(r)))
		return err;
	switch (d->kind) {
	case SCN_DIR_SYSCTL:
		return dir_sysctl(r, d);
	case SCN_DIR_TOKEN:
		return dir_token(r, d);
	case SCN_DIR_PROCESS:
		return dir_process(r, d);
	case SCN_DIR_IMAGE:
		return dir_image(r, d);
	case SCN_DIR_FILE:
		return dir_file(r, d);
	case SCN_DIR_SWAPDEV:
		return dir_swapdev(r, d);
	default:
		return malformed(r, "unknown directive '%s'", d->name);
	}
}

/* ---- events ------------------------------------------------------------------------- */

static void event_sink(void *arg, const struct pmm_event *ev)
{
	struct runner *r = arg;
	struct ev_rec *e;
	char num[32];

	if (r->o->events) {
		size_t n = pmm_event_format_json(ev, NULL, 0);
		char *line = malloc(n + 1);

		if (line) {
			pmm_event_format_json(ev, line, n + 1);
			fprintf(r->o->events, "%s\n", line);
			free(line);
		}
	}
	if (r->nr_ev == r->cap_ev) {
		size_t ncap = r->cap_ev ? 2 * r->cap_ev : 64;
		struct ev_rec *ne = realloc(r->ev, ncap * sizeof(*ne));

		if (!ne)
			return;	/* the event is lost; an expect on it fails */
		r->ev = ne;
		r->cap_ev = ncap;
	}
	e = &r->ev[r->nr_ev++];
	memset(e, 0, sizeof(*e));
	e->name = strdup(ev->name);
	e->nr = ev->nr_fields;
	for (unsigned int i = 0; i < ev->nr_fields; i++) {
		const struct pmm_event_field *f = &ev->fields[i];

		e->key[i] = strdup(f->key);
		switch (f->type) {
		case PMM_EVENT_U64:
			snprintf(num, sizeof(num), "%" PRIu64, f->v.u);
			e->is_num[i] = true;
			e->nval[i] = (int64_t)f->v.u;
			e->sval[i] = strdup(num);
			break;
		case PMM_EVENT_S64:
			snprintf(num, sizeof(num), "%" PRId64, f->v.s);
			e->is_num[i] = true;
			e->nval[i] = f->v.s;
			e->sval[i] = strdup(num);
			break;
		case PMM_EVENT_STR:
			e->sval[i] = strdup(f->v.str ? f->v.str : "");
			break;
		}
	}
}

static void events_free(struct runner *r)
{
	for (size_t i = 0; i < r->nr_ev; i++) {
		free(r->ev[i].name);
		for (unsigned int k = 0; k < r->ev[i].nr; k++) {
			free(r->ev[i].key[k]);
			free(r->ev[i].sval[k]);
		}
	}
	free(r->ev);
}

/* ---- /proc access --------------------------------------------------------------------- */

/* Replace path components that name a process with its pid. */
static int path_resolve(struct runner *r, const char *in, char *out, size_t size)
{
	size_t o = 0;

	while (*in) {
		const char *end = strchr(in, '/');
		size_t n = end ? (size_t)(end - in) : strlen(in);
		char comp[256];
		struct name_pid *p;

		if (n >= sizeof(comp))
			return malformed(r, "path component too long");
		memcpy(comp, in, n);
		comp[n] = '\0';
		p = n ? proc_find(r, comp) : NULL;
		if (p)
			snprintf(comp, sizeof(comp), "%d", p->pid);
		o += (size_t)snprintf(out + o, o < size ? size - o : 0, "%s%s",
				      comp, end ? "/" : "");
		if (o >= size)
			return malformed(r, "path too long");
		in += n + (end ? 1 : 0);
	}
	return 0;
}

/* Read a whole file into r->buf; returns length or -errno. */
static long proc_read_all(struct runner *r, pmm_pid_t tid, const char *path)
{
	long n;

	for (;;) {
		n = pmm_proc_read(r->sim, tid, path, r->buf, r->bufsize);
		if (n < 0 || (size_t)n < r->bufsize)
			return n;
		{
			size_t ns = (size_t)n + 4096;
			char *nb = realloc(r->buf, ns);

			if (!nb)
				return -ENOMEM;
			r->buf = nb;
			r->bufsize = ns;
		}
	}
}

/* ---- calls ----------------------------------------------------------------------------- */

struct call_ctx {
	struct runner *r;
	const struct scn_call *c;
	pmm_pid_t tid;		/* calling thread */
	pmm_pid_t pid;		/* its process */
	int64_t a[SCN_MAX_ARGS];	/* integer values of the arguments */
	bool is_int[SCN_MAX_ARGS];
};

typedef int (*call_fn)(struct call_ctx *cx, struct outcome *oc);

static void set_ret(struct outcome *oc, long ret)
{
	if (ret < 0) {
		oc->kind = OUT_ERRNO;
		oc->err = (int)-ret;
	} else {
		oc->kind = OUT_VALUE;
		oc->val = ret;
	}
}

static int want_string(struct call_ctx *cx, size_t i, const char **s)
{
	const struct scn_expr *e = cx->c->args[i];

	if (e->kind != SCN_EXPR_STR)
		return malformed(cx->r, "argument %zu of %s() must be a string",
				 i + 1, cx->c->name);
	if (memchr(e->text, '\0', e->len))
		return malformed(cx->r, "argument %zu of %s() contains a NUL byte",
				 i + 1, cx->c->name);
	*s = e->text;
	return 0;
}

static int want_name(struct call_ctx *cx, size_t i, const char **s)
{
	const struct scn_expr *e = cx->c->args[i];

	if (e->kind != SCN_EXPR_NAME && e->kind != SCN_EXPR_CONST)
		return malformed(cx->r, "argument %zu of %s() must be a name",
				 i + 1, cx->c->name);
	*s = e->text;
	return 0;
}

static int call_fork(struct call_ctx *cx, struct outcome *oc)
{
	const struct scn_expect *x = &cx->c->expect;
	pmm_pid_t child;
	int err;

	if (x->kind == SCN_EXPECT_NAME && proc_find(cx->r, x->name))
		return malformed(cx->r, "process '%s' already exists", x->name);
	err = pmm_fork(cx->r->sim, cx->tid, &child);
	set_ret(oc, err ? err : child);
	if (!err && x->kind == SCN_EXPECT_NAME)
		return proc_add(cx->r, x->name, child);
	return 0;
}

static int call_exit(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_exit(cx->r->sim, cx->tid, (int)cx->a[0]));
	return 0;
}

static int call_kill(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_kill(cx->r->sim, cx->tid, (pmm_pid_t)cx->a[0],
			     (int)cx->a[1]));
	return 0;
}

static int call_impersonate(struct call_ctx *cx, struct outcome *oc)
{
	struct name_tok *t;
	const char *name = NULL;
	int err;

	if ((err = want_name(cx, 0, &name)))
		return err;
	t = tok_find(cx->r, name);
	if (!t)
		return malformed(cx->r, "unknown token '%s'", name);
	set_ret(oc, pmm_impersonate(cx->r->sim, cx->tid, t->tok));
	return 0;
}

static int call_revert(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_revert(cx->r->sim, cx->tid));
	return 0;
}

/*
 * The binary per-process files: /proc/PID/mem (0) and /proc/PID/pagemap (1),
 * or -1 for any other path.  Their contents are read at an offset
 * (pread_proc, pagemap), never rendered whole.
 */
enum { PROC_BIN_NONE = -1, PROC_BIN_MEM, PROC_BIN_PAGEMAP };

static int proc_binary_kind(const char *path)
{
	const char *s, *slash;

	if (strncmp(path, "/proc/", 6))
		return PROC_BIN_NONE;
	s = path + 6;
	slash = strchr(s, '/');
	if (!slash || slash == s)
		return PROC_BIN_NONE;
	if (!strcmp(slash + 1, "mem"))
		return PROC_BIN_MEM;
	if (!strcmp(slash + 1, "pagemap"))
		return PROC_BIN_PAGEMAP;
	return PROC_BIN_NONE;
}

/*
 * read_proc(PATH): the length of the file, or -1 ERRNO when the open is
 * refused.  /proc/PID/mem has no length (stat shows 0) and its offset is
 * an address: read_proc only opens it and returns 0 (what a 0-byte read
 * gives); /proc/PID/pagemap returns the length a whole read would give
 * (8 bytes per page of the user address space) without reading it.
 */
static int call_read_proc(struct call_ctx *cx, struct outcome *oc)
{
	char path[4096];
	const char *p = NULL;
	long n;
	int err;

	if ((err = want_string(cx, 0, &p)) ||
	    (err = path_resolve(cx->r, p, path, sizeof(path))))
		return err;
	switch (proc_binary_kind(path)) {
	case PROC_BIN_MEM:
		n = pmm_proc_pread(cx->r->sim, cx->tid, path, cx->r->buf, 0, 0);
		/* the gate passed; a 0-byte read of mem is 0 bytes (Linux) */
		if (n == -EIO)
			n = 0;
		set_ret(oc, n);
		return 0;
	case PROC_BIN_PAGEMAP:
		set_ret(oc, pmm_proc_read(cx->r->sim, cx->tid, path, NULL, 0));
		return 0;
	default:
		break;
	}
	n = proc_read_all(cx->r, cx->tid, path);
	set_ret(oc, n);
	if (n > 0) {
		oc->show = cx->r->buf;
		oc->show_len = (size_t)n;
	}
	return 0;
}

static int call_write_proc(struct call_ctx *cx, struct outcome *oc)
{
	char path[4096];
	const char *p = NULL;
	int err;

	if ((err = want_string(cx, 0, &p)) ||
	    (err = path_resolve(cx->r, p, path, sizeof(path))))
		return err;
	if (cx->c->args[1]->kind != SCN_EXPR_STR)
		return malformed(cx->r, "argument 2 of write_proc() must be a string");
	if (proc_binary_kind(path) == PROC_BIN_MEM) {
		/* open for writing (the gate), then write at offset 0 */
		set_ret(oc, pmm_proc_pwrite(cx->r->sim, cx->tid, path,
					    cx->c->args[1]->text,
					    cx->c->args[1]->len, 0));
		return 0;
	}
	set_ret(oc, pmm_proc_write(cx->r->sim, cx->tid, path,
				   cx->c->args[1]->text, cx->c->args[1]->len));
	return 0;
}

/*
 * prctl options of memory features not built yet stop the run rather than
 * answer wrongly: PR_SET_THP_DISABLE/GET (41, 42), PR_SET_MDWE/GET (65, 66),
 * PR_SET_MEMORY_MERGE/GET (67, 68).
 */
static const int64_t later_prctl[] = { 41, 42, 65, 66, 67, 68 };

#define PR_SET_VMA_		0x53564d41
#define PR_SET_VMA_ANON_NAME_	0

/*
 * prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, addr, len, "name" | NULL): the
 * fifth argument is a string (it stays raw in the call table) or an
 * integer 0 / NULL to clear the name.
 */
static int prctl_set_vma(struct call_ctx *cx, struct outcome *oc)
{
	const struct scn_expr *e;
	const char *name = NULL;
	int64_t v;
	int err;

	if (cx->c->nr_args != 5)
		return malformed(cx->r, "prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, ADDR, LEN, \"name\"|NULL) takes 5 arguments, got %zu",
				 cx->c->nr_args);
	if (cx->a[1] != PR_SET_VMA_ANON_NAME_) {
		set_ret(oc, -EINVAL);	/* the only PR_SET_VMA sub-option */
		return 0;
	}
	e = cx->c->args[4];
	if (e->kind == SCN_EXPR_STR) {
		if ((err = want_string(cx, 4, &name)))
			return err;
	} else {
		if ((err = eval(cx->r, e, &v)))
			return err;
		if (v != 0)
			return malformed(cx->r, "argument 5 of prctl(PR_SET_VMA, ...) must be a string or NULL");
	}
	set_ret(oc, pmm_set_vma_anon_name(cx->r->sim, cx->tid, (uint64_t)cx->a[2],
					  (uint64_t)cx->a[3], name));
	return 0;
}

static int call_prctl(struct call_ctx *cx, struct outcome *oc)
{
	int64_t opt = cx->a[0];
	uint64_t args[4] = { 0 };
	int err;

	if (opt == PR_SET_VMA_)
		return prctl_set_vma(cx, oc);
	/* argument 5 is raw (for PR_SET_VMA's name): a number everywhere else */
	if (cx->c->nr_args == 5) {
		if (cx->c->args[4]->kind == SCN_EXPR_STR)
			return malformed(cx->r, "argument 5 of prctl() must be a number, not a string");
		if ((err = eval(cx->r, cx->c->args[4], &cx->a[4])))
			return err;
		cx->is_int[4] = true;
	}
	for (size_t i = 1; i < cx->c->nr_args; i++)
		args[i - 1] = (uint64_t)cx->a[i];
	for (size_t i = 0; i < sizeof(later_prctl) / sizeof(later_prctl[0]); i++)
		if (opt == later_prctl[i])
			return malformed(cx->r, "call not supported yet: prctl option %" PRId64,
					 opt);
	set_ret(oc, pmm_prctl(cx->r->sim, cx->tid, (int)opt, args[0], args[1],
			      args[2], args[3]));
	return 0;
}

/* ---- address-space calls (peiosmm/vm.h) ---- */

/* Argument @i as a 32-bit flag word; a wider value is a malformed line. */
static int want_u32(struct call_ctx *cx, size_t i, uint32_t *out)
{
	int64_t v = cx->a[i];

	if (v < INT32_MIN || v > (int64_t)UINT32_MAX)
		return malformed(cx->r, "argument %zu of %s() must fit in 32 bits, got 0x%" PRIx64,
				 i + 1, cx->c->name, (uint64_t)v);
	*out = (uint32_t)v;
	return 0;
}

static int call_mmap(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t prot = 0, flags = 0;
	int err;

	if ((err = want_u32(cx, 2, &prot)) || (err = want_u32(cx, 3, &flags)))
		return err;
	if (cx->a[4] < INT32_MIN || cx->a[4] > INT32_MAX)
		return malformed(cx->r, "argument 5 of mmap() (fd) must fit in an int");
	set_ret(oc, pmm_mmap(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			     (uint64_t)cx->a[1], prot, flags, (int)cx->a[4],
			     (uint64_t)cx->a[5]));
	return 0;
}

/* A file path argument: /proc paths may name processes (/proc/A/mem). */
static int want_path(struct call_ctx *cx, size_t i, char *out, size_t size)
{
	const char *p = NULL;
	int err;

	if ((err = want_string(cx, i, &p)))
		return err;
	if (!strncmp(p, "/proc/", 6))
		return path_resolve(cx->r, p, out, size);
	if (strlen(p) >= size)
		return malformed(cx->r, "path too long");
	strcpy(out, p);
	return 0;
}

static int want_fd(struct call_ctx *cx, size_t i, int *fd)
{
	if (cx->a[i] < INT32_MIN || cx->a[i] > INT32_MAX)
		return malformed(cx->r, "argument %zu of %s() (fd) must fit in an int",
				 i + 1, cx->c->name);
	*fd = (int)cx->a[i];
	return 0;
}

static int call_swapon(struct call_ctx *cx, struct outcome *oc)
{
	char path[4096];
	uint32_t flags = 0;
	int err;

	if ((err = want_path(cx, 0, path, sizeof(path))) ||
	    (err = want_u32(cx, 1, &flags)))
		return err;
	set_ret(oc, pmm_swapon(cx->r->sim, cx->tid, path, (int)flags));
	return 0;
}

static int call_swapoff(struct call_ctx *cx, struct outcome *oc)
{
	char path[4096];
	int err;

	if ((err = want_path(cx, 0, path, sizeof(path))))
		return err;
	set_ret(oc, pmm_swapoff(cx->r->sim, cx->tid, path));
	return 0;
}

/* mkswap("PATH"): what mkswap(8) run by the caller does */
static int call_mkswap(struct call_ctx *cx, struct outcome *oc)
{
	char path[4096];
	int err;

	if ((err = want_path(cx, 0, path, sizeof(path))))
		return err;
	set_ret(oc, pmm_mkswap(cx->r->sim, cx->tid, path));
	return 0;
}

static int call_open(struct call_ctx *cx, struct outcome *oc)
{
	char path[4096];
	uint32_t flags = 0, mode = 0;
	int err;

	if ((err = want_path(cx, 0, path, sizeof(path))) ||
	    (err = want_u32(cx, 1, &flags)) ||
	    (cx->c->nr_args > 2 && (err = want_u32(cx, 2, &mode))))
		return err;
	set_ret(oc, pmm_open(cx->r->sim, cx->tid, path, flags, mode));
	return 0;
}

static int call_close(struct call_ctx *cx, struct outcome *oc)
{
	int fd = -1, err;

	if ((err = want_fd(cx, 0, &fd)))
		return err;
	set_ret(oc, pmm_close(cx->r->sim, cx->tid, fd));
	return 0;
}

/* read, write, pread, pwrite: (FD, BUF, COUNT[, OFFSET]) */
static int call_rw(struct call_ctx *cx, struct outcome *oc)
{
	const char *n = cx->c->name;
	bool pos = n[0] == 'p', wr = n[pos] == 'w';
	int fd = -1, err;
	int64_t r;

	if ((err = want_fd(cx, 0, &fd)))
		return err;
	if (pos && wr)
		r = pmm_pwrite(cx->r->sim, cx->tid, fd, (uint64_t)cx->a[1],
			       (uint64_t)cx->a[2], cx->a[3]);
	else if (pos)
		r = pmm_pread(cx->r->sim, cx->tid, fd, (uint64_t)cx->a[1],
			      (uint64_t)cx->a[2], cx->a[3]);
	else if (wr)
		r = pmm_write(cx->r->sim, cx->tid, fd, (uint64_t)cx->a[1],
			      (uint64_t)cx->a[2]);
	else
		r = pmm_read(cx->r->sim, cx->tid, fd, (uint64_t)cx->a[1],
			     (uint64_t)cx->a[2]);
	set_ret(oc, r);
	return 0;
}

static int call_ftruncate(struct call_ctx *cx, struct outcome *oc)
{
	int fd = -1, err;

	if ((err = want_fd(cx, 0, &fd)))
		return err;
	set_ret(oc, pmm_ftruncate(cx->r->sim, cx->tid, fd, cx->a[1]));
	return 0;
}

/*
 * The DACL arguments of set_file_dacl() and set_process_dacl(): argument
 * @first is the allowed "P:RIGHTS,..." list, the optional next one the
 * denied list; deny entries go first, as in a file's allow=/deny=.
 */
struct dacl_args {
	struct pmm_ace aces[MAX_ACES];
	char names[4096];
	char lists[2][1024];
	const char *items[2][MAX_ACES];
	size_t nr_items[2];
};

static int want_dacl(struct call_ctx *cx, size_t first, struct dacl_args *d,
		     unsigned int *nr_aces)
{
	const char *bad;
	int nr = 0, err;

	d->nr_items[0] = d->nr_items[1] = 0;
	for (size_t k = first; k < cx->c->nr_args; k++) {
		const char *text = NULL;
		char *save = NULL, *tok, *list = d->lists[k - first];
		size_t *n = &d->nr_items[k - first];

		if ((err = want_string(cx, k, &text)))
			return err;
		if (strlen(text) >= sizeof(d->lists[0]))
			return malformed(cx->r, "argument %zu of %s() is too long",
					 k + 1, cx->c->name);
		strcpy(list, text);
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (*n == MAX_ACES)
				return malformed(cx->r, "at most %d entries", MAX_ACES);
			d->items[k - first][(*n)++] = tok;
		}
	}
	if (cx->c->nr_args > first + 1 &&
	    (nr = parse_aces(d->items[1], d->nr_items[1], PMM_ACE_DENY, d->aces,
			     0, MAX_ACES, d->names, sizeof(d->names), &bad)) < 0)
		return malformed(cx->r, "expected PRINCIPAL:RIGHTS, got '%s'", bad);
	if ((nr = parse_aces(d->items[0], d->nr_items[0], PMM_ACE_ALLOW, d->aces,
			     nr, MAX_ACES, d->names, sizeof(d->names), &bad)) < 0)
		return malformed(cx->r, "expected PRINCIPAL:RIGHTS, got '%s'", bad);
	*nr_aces = (unsigned int)nr;
	return 0;
}

/* set_file_dacl(PATH, "P:RIGHTS,...", ["P:RIGHTS,..." denied]) */
static int call_set_file_dacl(struct call_ctx *cx, struct outcome *oc)
{
	struct dacl_args d;
	char path[4096];
	unsigned int nr = 0;
	int err;

	if ((err = want_path(cx, 0, path, sizeof(path))))
		return err;
	if ((err = want_dacl(cx, 1, &d, &nr)))
		return err;
	set_ret(oc, pmm_file_set_dacl(cx->r->sim, cx->tid, path, d.aces, nr));
	return 0;
}

static int call_munmap(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_munmap(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			       (uint64_t)cx->a[1]));
	return 0;
}

static int call_mprotect(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t prot = 0;
	int err;

	if ((err = want_u32(cx, 2, &prot)))
		return err;
	set_ret(oc, pmm_mprotect(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
				 (uint64_t)cx->a[1], prot));
	return 0;
}

static int call_mremap(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t flags = 0;
	int err;

	if ((err = want_u32(cx, 3, &flags)))
		return err;
	set_ret(oc, pmm_mremap(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			       (uint64_t)cx->a[1], (uint64_t)cx->a[2], flags,
			       cx->c->nr_args == 5 ? (uint64_t)cx->a[4] : 0));
	return 0;
}

/* The raw system call: the break after the call, never an errno. */
static int call_brk(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_brk(cx->r->sim, cx->tid, (uint64_t)cx->a[0]));
	return 0;
}

static int call_madvise(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t advice = 0;
	int err;

	if ((err = want_u32(cx, 2, &advice)))
		return err;
	set_ret(oc, pmm_madvise(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
				(uint64_t)cx->a[1], (int)advice));
	return 0;
}

static int call_mseal(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_mseal(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			      (uint64_t)cx->a[1], (uint64_t)cx->a[2]));
	return 0;
}

static int call_remap_file_pages(struct call_ctx *cx, struct outcome *oc)
{
	int r = pmm_remap_file_pages(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
				     (uint64_t)cx->a[1], (uint64_t)cx->a[2],
				     (uint64_t)cx->a[3], (uint64_t)cx->a[4]);

	set_ret(oc, r);
	return 0;
}

static int call_msync(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t flags = 0;
	int err;

	if ((err = want_u32(cx, 2, &flags)))
		return err;
	set_ret(oc, pmm_msync(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			      (uint64_t)cx->a[1], (int)flags));
	return 0;
}

/* A PID argument kept raw: `self` is the caller's process, else a number
 * or a process name. */
static int want_pid(struct call_ctx *cx, size_t i, pmm_pid_t *pid)
{
	const struct scn_expr *e = cx->c->args[i];
	int64_t v;
	int err;

	if (e->kind == SCN_EXPR_NAME && !strcmp(e->text, "self")) {
		*pid = cx->pid;
		return 0;
	}
	if (e->kind == SCN_EXPR_STR)
		return malformed(cx->r, "argument %zu of %s() must be a process, not a string",
				 i + 1, cx->c->name);
	if ((err = eval(cx->r, e, &v)))
		return err;
	if (v < INT32_MIN || v > INT32_MAX)
		return malformed(cx->r, "argument %zu of %s() is not a pid", i + 1,
				 cx->c->name);
	*pid = (pmm_pid_t)v;
	return 0;
}

/* set_process_dacl(PID, "P:RIGHTS,...", ["P:RIGHTS,..." denied]) */
static int call_set_process_dacl(struct call_ctx *cx, struct outcome *oc)
{
	struct dacl_args d;
	pmm_pid_t pid = 0;
	unsigned int nr = 0;
	int err;

	if ((err = want_pid(cx, 0, &pid)))
		return err;
	if ((err = want_dacl(cx, 1, &d, &nr)))
		return err;
	set_ret(oc, pmm_process_set_dacl(cx->r->sim, cx->tid, pid, d.aces, nr));
	return 0;
}

/* set_mitigations(PID, FLAGS): kacs_set_psb() (spec 02 §3a) */
static int call_set_mitigations(struct call_ctx *cx, struct outcome *oc)
{
	pmm_pid_t pid = 0;
	uint64_t flags = (uint64_t)cx->a[1];
	int err;

	if ((err = want_pid(cx, 0, &pid)))
		return err;
	/* any bit above 32 is an unknown bit: EINVAL as a wider word gives */
	set_ret(oc, pmm_set_mitigations(cx->r->sim, cx->tid, pid,
					flags > UINT32_MAX ? UINT32_MAX :
							     (uint32_t)flags));
	return 0;
}

static int call_get_mitigations(struct call_ctx *cx, struct outcome *oc)
{
	pmm_pid_t pid = 0;
	int err;

	if ((err = want_pid(cx, 0, &pid)))
		return err;
	set_ret(oc, pmm_get_mitigations(cx->r->sim, pid));
	return 0;
}

/* execve(IMAGE): the calling thread execs an `image` */
static int call_execve(struct call_ctx *cx, struct outcome *oc)
{
	struct name_img *im;
	const char *name = NULL;
	int err;

	if ((err = want_name(cx, 0, &name)))
		return err;
	im = img_find(cx->r, name);
	if (!im)
		return malformed(cx->r, "unknown image '%s' (declare it with an image line first)",
				 name);
	set_ret(oc, pmm_exec(cx->r->sim, cx->tid, &im->img));
	return 0;
}

/* A uint64_t field of a struct the API fills, by name. */
struct u64_field {
	const char *name;
	size_t off;
};

#define U64F(type, f) { #f, offsetof(type, f) }

static const struct u64_field layout_fields[] = {
	U64F(struct pmm_mm_layout, task_size),
	U64F(struct pmm_mm_layout, mmap_base),
	U64F(struct pmm_mm_layout, mmap_legacy_base),
	U64F(struct pmm_mm_layout, stack_top),
	U64F(struct pmm_mm_layout, start_stack),
	U64F(struct pmm_mm_layout, start_code),
	U64F(struct pmm_mm_layout, end_code),
	U64F(struct pmm_mm_layout, start_data),
	U64F(struct pmm_mm_layout, end_data),
	U64F(struct pmm_mm_layout, start_brk),
	U64F(struct pmm_mm_layout, brk),
	U64F(struct pmm_mm_layout, vdso),
};

static const struct u64_field stats_fields[] = {
	U64F(struct pmm_mm_stats, rss_anon),
	U64F(struct pmm_mm_stats, rss_file),
	U64F(struct pmm_mm_stats, rss_shmem),
	U64F(struct pmm_mm_stats, swap_ents),
	U64F(struct pmm_mm_stats, hiwater_rss),
	U64F(struct pmm_mm_stats, hiwater_vm),
	U64F(struct pmm_mm_stats, total_vm),
	U64F(struct pmm_mm_stats, locked_vm),
	U64F(struct pmm_mm_stats, pinned_vm),
	U64F(struct pmm_mm_stats, data_vm),
	U64F(struct pmm_mm_stats, stack_vm),
	U64F(struct pmm_mm_stats, exec_vm),
	U64F(struct pmm_mm_stats, pgtables_bytes),
	U64F(struct pmm_mm_stats, min_flt),
	U64F(struct pmm_mm_stats, maj_flt),
};

/*
 * CALL(FIELD[, PID]): the named field of what @fill (pmm_mm_layout() or
 * pmm_mm_stats()) gives for the process (default: the caller's).
 */
static int call_u64_field(struct call_ctx *cx, struct outcome *oc,
			  const char *what, const struct u64_field *fields,
			  size_t nr, void *obj,
			  int (*fill)(struct pmm_sim *, pmm_pid_t, void *))
{
	const char *f = NULL;
	pmm_pid_t pid = cx->pid;
	char names[512];
	size_t k, len = 0;
	int err;

	if ((err = want_name(cx, 0, &f)))
		return err;
	for (k = 0; k < nr; k++)
		if (!strcmp(f, fields[k].name))
			break;
	if (k == nr) {
		for (size_t i = 0; i < nr && len < sizeof(names); i++)
			len += (size_t)snprintf(names + len, sizeof(names) - len,
						"%s%s", i ? ", " : "",
						fields[i].name);
		return malformed(cx->r, "unknown %s field '%s' (expected %s)",
				 what, f, names);
	}
	if (cx->c->nr_args == 2 && (err = want_pid(cx, 1, &pid)))
		return err;
	err = fill(cx->r->sim, pid, obj);
	if (err) {
		set_ret(oc, err);
		return 0;
	}
	oc->kind = OUT_VALUE;
	oc->val = (int64_t)*(const uint64_t *)((const char *)obj +
					       fields[k].off);
	return 0;
}

static int fill_layout(struct pmm_sim *sim, pmm_pid_t pid, void *obj)
{
	return pmm_mm_layout(sim, pid, obj);
}

static int fill_stats(struct pmm_sim *sim, pmm_pid_t pid, void *obj)
{
	return pmm_mm_stats(sim, pid, obj);
}

/* mm_layout(FIELD[, PID]): one field of the layout of a process */
static int call_mm_layout(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_mm_layout l;

	memset(&l, 0, sizeof(l));
	return call_u64_field(cx, oc, "layout", layout_fields,
			      sizeof(layout_fields) / sizeof(layout_fields[0]), &l, fill_layout);
}

/* vma_count([PID]): the number of VMAs (map_count) */
static int call_vma_count(struct call_ctx *cx, struct outcome *oc)
{
	pmm_pid_t pid = cx->pid;
	int err;

	if (cx->c->nr_args == 1 && (err = want_pid(cx, 0, &pid)))
		return err;
	set_ret(oc, pmm_vma_count(cx->r->sim, pid));
	return 0;
}

/* ---- memory touches (peiosmm/vm.h "touching memory") ---- */

/*
 * Arguments @ai and @li as a range: [ADDR, ADDR + LEN) must not wrap past
 * 2^64.  A length of 0 touches nothing (result 0).
 */
static int want_range(struct call_ctx *cx, size_t ai, size_t li,
		      uint64_t *addr, uint64_t *len)
{
	*addr = (uint64_t)cx->a[ai];
	*len = (uint64_t)cx->a[li];
	if (*len && *addr + (*len - 1) < *addr)
		return malformed(cx->r, "%s(): range 0x%" PRIx64 " + 0x%" PRIx64 " wraps past the end of the address space",
				 cx->c->name, *addr, *len);
	return 0;
}

/* Argument @i as a byte value 0..255. */
static int want_byte(struct call_ctx *cx, size_t i, uint8_t *out)
{
	int64_t v = cx->a[i];

	if (v < 0 || v > 255)
		return malformed(cx->r, "argument %zu of %s() must be a byte value 0..255, got %" PRId64,
				 i + 1, cx->c->name, v);
	*out = (uint8_t)v;
	return 0;
}

/*
 * The outcome of an access: 0, a signal at an address, or KILLED.  A
 * negative return of the API (-EINVAL, -ESRCH) is an access the simulator
 * cannot make: a malformed line, since a touch has no errno.
 */
static int set_access(struct call_ctx *cx, struct outcome *oc, int ret,
		      const struct pmm_access_result *res)
{
	if (ret < 0)
		return malformed(cx->r, "%s(): the simulator refused the access: %s",
				 cx->c->name, scn_errno_name(-ret) ?
				 scn_errno_name(-ret) : "?");
	switch (res->status) {
	case 0:
		oc->kind = OUT_VALUE;
		oc->val = 0;
		break;
	case PMM_ACCESS_SIGNAL:
		oc->kind = OUT_SIGNAL;
		oc->sig = res->signo;
		oc->si_code = res->code;
		oc->has_addr = true;
		oc->addr = res->addr;
		break;
	case PMM_ACCESS_KILLED:
		oc->kind = OUT_KILLED;
		break;
	default:
		return malformed(cx->r, "%s(): the simulator gave an unknown access status %d",
				 cx->c->name, res->status);
	}
	return 0;
}

/* load(ADDR, LEN): the CPU reads LEN bytes */
static int call_load(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_access_result res = { 0 };
	uint64_t addr, len;
	int err;

	if ((err = want_range(cx, 0, 1, &addr, &len)))
		return err;
	err = pmm_access(cx->r->sim, cx->tid, addr, len, PMM_ACCESS_READ,
			 NULL, &res);
	return set_access(cx, oc, err, &res);
}

/* store(ADDR, LEN, VALUE): the CPU writes LEN copies of the byte VALUE */
static int call_store(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_access_result res = { 0 };
	uint64_t addr, len;
	uint8_t v = 0;
	int err;

	if ((err = want_range(cx, 0, 1, &addr, &len)) ||
	    (err = want_byte(cx, 2, &v)))
		return err;
	err = pmm_fill(cx->r->sim, cx->tid, addr, len, v, &res);
	return set_access(cx, oc, err, &res);
}

/* exec(ADDR[, LEN]): the CPU fetches instructions (1 byte by default) */
static int call_exec(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_access_result res = { 0 };
	uint64_t addr = (uint64_t)cx->a[0], len = 1;
	int err;

	if (cx->c->nr_args == 2 && (err = want_range(cx, 0, 1, &addr, &len)))
		return err;
	err = pmm_access(cx->r->sim, cx->tid, addr, len, PMM_ACCESS_EXEC,
			 NULL, &res);
	return set_access(cx, oc, err, &res);
}

/* The first byte of [@addr, @addr + @len) that does not read @v, for the
 * failure message of check().  The check faulted the pages in already. */
static void check_first_diff(struct call_ctx *cx, struct outcome *oc,
			     uint64_t addr, uint64_t len, uint8_t v)
{
	static uint8_t chunk[65536];
	struct pmm_access_result res;
	uint64_t off = 0;

	while (off < len) {
		uint64_t n = len - off < sizeof(chunk) ? len - off :
							  sizeof(chunk);

		memset(&res, 0, sizeof(res));
		if (pmm_access(cx->r->sim, cx->tid, addr + off, n,
			       PMM_ACCESS_READ, chunk, &res) < 0 || res.status)
			break;
		for (uint64_t i = 0; i < n; i++)
			if (chunk[i] != v) {
				snprintf(oc->detail, sizeof(oc->detail),
					 "the byte at 0x%" PRIx64 " (offset %" PRIu64 ") reads 0x%02x, expected 0x%02x",
					 addr + off + i, off + i, chunk[i], v);
				return;
			}
		off += n;
	}
	snprintf(oc->detail, sizeof(oc->detail), "a byte does not read 0x%02x",
		 v);
}

/*
 * check(ADDR, LEN, VALUE): 0 when every byte reads back VALUE, 1 when one
 * does not (the first differing byte goes into the failure message), or
 * the signal a read raised.
 */
static int call_check(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_access_result res = { 0 };
	uint64_t addr, len;
	uint8_t v = 0;
	int ret, err;

	if ((err = want_range(cx, 0, 1, &addr, &len)) ||
	    (err = want_byte(cx, 2, &v)))
		return err;
	ret = pmm_check(cx->r->sim, cx->tid, addr, len, v, &res);
	if (ret < 0 || res.status)
		return set_access(cx, oc, ret < 0 ? ret : 0, &res);
	oc->kind = OUT_VALUE;
	oc->val = ret == 1 ? 0 : 1;
	if (ret != 1)
		check_first_diff(cx, oc, addr, len, v);
	return 0;
}

/* mm_stats(FIELD[, PID]): one counter of pmm_mm_stats() */
static int call_mm_stats(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_mm_stats st;

	memset(&st, 0, sizeof(st));
	return call_u64_field(cx, oc, "mm_stats", stats_fields,
			      sizeof(stats_fields) / sizeof(stats_fields[0]), &st, fill_stats);
}

/* Evaluate raw argument @i as a number (a string is a malformed line). */
static int want_num(struct call_ctx *cx, size_t i)
{
	if (cx->c->args[i]->kind == SCN_EXPR_STR)
		return malformed(cx->r, "argument %zu of %s() must be a number, not a string",
				 i + 1, cx->c->name);
	cx->is_int[i] = true;
	return eval(cx->r, cx->c->args[i], &cx->a[i]);
}

/* ---- SysV shared memory (spec 03 §8) ---- */

/* Argument @i as a 32-bit int (a key_t may be written as 0xdeadbeef) */
static int want_i32(struct call_ctx *cx, size_t i, int *out)
{
	if (cx->a[i] < INT32_MIN || cx->a[i] > (int64_t)UINT32_MAX)
		return malformed(cx->r, "argument %zu of %s() must fit in 32 bits",
				 i + 1, cx->c->name);
	*out = (int)(int32_t)(uint32_t)(uint64_t)cx->a[i];
	return 0;
}

/* shmget(KEY, SIZE, SHMFLG) */
static int call_shmget(struct call_ctx *cx, struct outcome *oc)
{
	int key = 0, flg = 0, err;

	if ((err = want_i32(cx, 0, &key)) || (err = want_i32(cx, 2, &flg)))
		return err;
	set_ret(oc, pmm_shmget(cx->r->sim, cx->tid, key, (uint64_t)cx->a[1],
			       flg));
	return 0;
}

/* shmat(SHMID, SHMADDR, SHMFLG): the address, bound with = $var */
static int call_shmat(struct call_ctx *cx, struct outcome *oc)
{
	int id = 0, flg = 0, err;
	uint64_t addr = 0;

	if ((err = want_i32(cx, 0, &id)) || (err = want_i32(cx, 2, &flg)))
		return err;
	err = pmm_shmat(cx->r->sim, cx->tid, id, (uint64_t)cx->a[1], flg,
			&addr);
	set_ret(oc, err ? err : (long)addr);
	return 0;
}

static int call_shmdt(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_shmdt(cx->r->sim, cx->tid, (uint64_t)cx->a[0]));
	return 0;
}

/* shmctl(SHMID, CMD[, BUF]): BUF NULL passes none, else the runner's */
static int call_shmctl(struct call_ctx *cx, struct outcome *oc)
{
	int id = 0, cmd = 0, err;
	bool null = cx->c->nr_args > 2 && cx->a[2] == 0;

	if ((err = want_i32(cx, 0, &id)) || (err = want_i32(cx, 1, &cmd)))
		return err;
	set_ret(oc, pmm_shmctl(cx->r->sim, cx->tid, id, cmd,
			       null ? NULL : &cx->r->shmbuf));
	return 0;
}

struct shm_field {
	const char *name;
	size_t off, size;
	bool is_signed;
};

static const struct shm_field shm_fields[] = {
	{ "key", offsetof(union pmm_shmctl_buf, ds.shm_perm.key), 4, true },
	{ "uid", offsetof(union pmm_shmctl_buf, ds.shm_perm.uid), 4, false },
	{ "gid", offsetof(union pmm_shmctl_buf, ds.shm_perm.gid), 4, false },
	{ "cuid", offsetof(union pmm_shmctl_buf, ds.shm_perm.cuid), 4, false },
	{ "cgid", offsetof(union pmm_shmctl_buf, ds.shm_perm.cgid), 4, false },
	{ "mode", offsetof(union pmm_shmctl_buf, ds.shm_perm.mode), 4, false },
	{ "seq", offsetof(union pmm_shmctl_buf, ds.shm_perm.seq), 4, false },
	{ "shm_segsz", offsetof(union pmm_shmctl_buf, ds.shm_segsz), 8, false },
	{ "shm_atime", offsetof(union pmm_shmctl_buf, ds.shm_atime), 8, true },
	{ "shm_dtime", offsetof(union pmm_shmctl_buf, ds.shm_dtime), 8, true },
	{ "shm_ctime", offsetof(union pmm_shmctl_buf, ds.shm_ctime), 8, true },
	{ "shm_cpid", offsetof(union pmm_shmctl_buf, ds.shm_cpid), 4, true },
	{ "shm_lpid", offsetof(union pmm_shmctl_buf, ds.shm_lpid), 4, true },
	{ "shm_nattch", offsetof(union pmm_shmctl_buf, ds.shm_nattch), 8, false },
	{ "shmmax", offsetof(union pmm_shmctl_buf, info.shmmax), 8, false },
	{ "shmmin", offsetof(union pmm_shmctl_buf, info.shmmin), 8, false },
	{ "shmmni", offsetof(union pmm_shmctl_buf, info.shmmni), 8, false },
	{ "shmseg", offsetof(union pmm_shmctl_buf, info.shmseg), 8, false },
	{ "shmall", offsetof(union pmm_shmctl_buf, info.shmall), 8, false },
	{ "used_ids", offsetof(union pmm_shmctl_buf, shm_info.used_ids), 4, true },
	{ "shm_tot", offsetof(union pmm_shmctl_buf, shm_info.shm_tot), 8, false },
	{ "shm_rss", offsetof(union pmm_shmctl_buf, shm_info.shm_rss), 8, false },
	{ "shm_swp", offsetof(union pmm_shmctl_buf, shm_info.shm_swp), 8, false },
};

static int want_shm_field(struct call_ctx *cx, const struct shm_field **out)
{
	const char *f = NULL;
	int err;

	if ((err = want_name(cx, 0, &f)))
		return err;
	for (size_t k = 0; k < sizeof(shm_fields) / sizeof(shm_fields[0]); k++)
		if (!strcmp(f, shm_fields[k].name)) {
			*out = &shm_fields[k];
			return 0;
		}
	return malformed(cx->r, "unknown shmctl buffer field '%s'", f);
}

/* shm_buf(FIELD): a field of what the last shmctl() left in the buffer */
static int call_shm_buf(struct call_ctx *cx, struct outcome *oc)
{
	const char *p = (const char *)&cx->r->shmbuf;
	const struct shm_field *f = NULL;
	int err;

	if ((err = want_shm_field(cx, &f)))
		return err;
	oc->kind = OUT_VALUE;
	if (f->size == 4) {
		uint32_t v;

		memcpy(&v, p + f->off, 4);
		oc->val = f->is_signed ? (int64_t)(int32_t)v : (int64_t)v;
	} else {
		uint64_t v;

		memcpy(&v, p + f->off, 8);
		oc->val = (int64_t)v;
	}
	return 0;
}

/* shm_buf_set(FIELD, VALUE): change the buffer (for IPC_SET); = 0 */
static int call_shm_buf_set(struct call_ctx *cx, struct outcome *oc)
{
	char *p = (char *)&cx->r->shmbuf;
	const struct shm_field *f = NULL;
	int err;

	if ((err = want_shm_field(cx, &f)) || (err = want_num(cx, 1)))
		return err;
	if (f->size == 4) {
		int v = 0;

		if ((err = want_i32(cx, 1, &v)))
			return err;
		memcpy(p + f->off, &v, 4);
	} else {
		memcpy(p + f->off, &cx->a[1], 8);
	}
	set_ret(oc, 0);
	return 0;
}

/* ---- locking memory (spec 13) ---- */

static int call_mlock(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_mlock(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			      (uint64_t)cx->a[1]));
	return 0;
}

static int call_mlock2(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t flags = 0;
	int err;

	if ((err = want_u32(cx, 2, &flags)))
		return err;
	set_ret(oc, pmm_mlock2(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
			       (uint64_t)cx->a[1], flags));
	return 0;
}

static int call_munlock(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_munlock(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
				(uint64_t)cx->a[1]));
	return 0;
}

static int call_mlockall(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t flags = 0;
	int err;

	if ((err = want_u32(cx, 0, &flags)))
		return err;
	set_ret(oc, pmm_mlockall(cx->r->sim, cx->tid, (int)flags));
	return 0;
}

static int call_munlockall(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_munlockall(cx->r->sim, cx->tid));
	return 0;
}

/*
 * mincore(ADDR, LEN[, VEC]) into the runner's vector; resident() counts
 * the pages it marks.  VEC NULL (0) is a NULL vector (EFAULT for LEN > 0,
 * as Linux); any other value stands for a valid vector.  The vector of the
 * last mincore() or resident() call is kept in r->buf.
 */
#define MINCORE_MAX_LEN (1ull << 40)	/* 2^28 pages: the vector fits */

static int do_mincore(struct call_ctx *cx, uint64_t addr, uint64_t len,
		      bool null_vec, long *ret)
{
	struct runner *r = cx->r;
	uint64_t pages = (len + PMM_PAGE_SIZE - 1) / PMM_PAGE_SIZE;

	if (len > MINCORE_MAX_LEN)
		return malformed(r, "%s(): LEN 0x%" PRIx64 " is larger than the runner's vector (at most 1T)",
				 cx->c->name, len);
	if (!null_vec && pages > r->bufsize) {
		char *nb = realloc(r->buf, (size_t)pages);

		if (!nb)
			return malformed(r, "out of memory");
		r->buf = nb;
		r->bufsize = (size_t)pages;
	}
	*ret = pmm_mincore(r->sim, cx->tid, addr, len,
			   null_vec ? NULL : (uint8_t *)r->buf);
	return 0;
}

static int call_mincore(struct call_ctx *cx, struct outcome *oc)
{
	bool null_vec = cx->c->nr_args == 3 && cx->a[2] == 0;
	long ret = 0;
	int err;

	if ((err = do_mincore(cx, (uint64_t)cx->a[0], (uint64_t)cx->a[1],
			      null_vec, &ret)))
		return err;
	set_ret(oc, ret);
	return 0;
}

/* resident(ADDR, LEN): the pages mincore() reports resident, or -1 ERRNO */
static int call_resident(struct call_ctx *cx, struct outcome *oc)
{
	uint64_t len = (uint64_t)cx->a[1];
	uint64_t pages = (len + PMM_PAGE_SIZE - 1) / PMM_PAGE_SIZE, n = 0;
	long ret = 0;
	int err;

	if ((err = do_mincore(cx, (uint64_t)cx->a[0], len, false, &ret)))
		return err;
	if (ret < 0) {
		set_ret(oc, ret);
		return 0;
	}
	for (uint64_t i = 0; i < pages; i++)
		n += cx->r->buf[i] & 1;
	oc->kind = OUT_VALUE;
	oc->val = (int64_t)n;
	return 0;
}

/* ---- protection keys (spec 14) ---- */

/* Argument @i as an int (a pkey); a wider value is a malformed line. */
static int want_int(struct call_ctx *cx, size_t i, int *out)
{
	int64_t v = cx->a[i];

	if (v < INT32_MIN || v > INT32_MAX)
		return malformed(cx->r, "argument %zu of %s() must fit in an int, got %" PRId64,
				 i + 1, cx->c->name, v);
	*out = (int)v;
	return 0;
}

static int call_pkey_alloc(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t flags = 0, rights = 0;
	int err;

	if ((err = want_u32(cx, 0, &flags)) || (err = want_u32(cx, 1, &rights)))
		return err;
	set_ret(oc, pmm_pkey_alloc(cx->r->sim, cx->tid, flags, rights));
	return 0;
}

static int call_pkey_free(struct call_ctx *cx, struct outcome *oc)
{
	int k = 0, err;

	if ((err = want_int(cx, 0, &k)))
		return err;
	set_ret(oc, pmm_pkey_free(cx->r->sim, cx->tid, k));
	return 0;
}

static int call_pkey_mprotect(struct call_ctx *cx, struct outcome *oc)
{
	uint32_t prot = 0;
	int k = 0, err;

	if ((err = want_u32(cx, 2, &prot)) || (err = want_int(cx, 3, &k)))
		return err;
	set_ret(oc, pmm_pkey_mprotect(cx->r->sim, cx->tid, (uint64_t)cx->a[0],
				      (uint64_t)cx->a[1], prot, k));
	return 0;
}

/* WRPKRU/RDPKRU on a CPU without pkeys: #UD, SIGILL ILL_ILLOPN (x86). */
#define SIGILL_		4
#define ILL_ILLOPN_	2

static void set_insn(struct outcome *oc, int64_t ret)
{
	if (ret == -EINVAL) {
		oc->kind = OUT_SIGNAL;
		oc->sig = SIGILL_;
		oc->si_code = ILL_ILLOPN_;
		return;
	}
	set_ret(oc, (long)ret);
}

/* wrpkru(VALUE): the instruction on the calling thread; 0 */
static int call_wrpkru(struct call_ctx *cx, struct outcome *oc)
{
	int64_t v = cx->a[0];

	if (v < 0 || v > (int64_t)UINT32_MAX)
		return malformed(cx->r, "argument 1 of wrpkru() must be a 32-bit PKRU value, got 0x%" PRIx64,
				 (uint64_t)v);
	set_insn(oc, pmm_wrpkru(cx->r->sim, cx->tid, (uint32_t)v));
	return 0;
}

/* rdpkru(): the calling thread's PKRU */
static int call_rdpkru(struct call_ctx *cx, struct outcome *oc)
{
	set_insn(oc, pmm_rdpkru(cx->r->sim, cx->tid));
	if (oc->kind == OUT_VALUE)
		oc->hex = true;
	return 0;
}

/* ---- another process's memory (spec 02 §6) ---- */

/*
 * process_vm_readv(PID, LADDR, LLEN, RADDR, RLEN, FLAGS) and _writev: one
 * iovec on each side.  The long form gives counts and pairs:
 * process_vm_readv(PID, NL, LADDR1, LLEN1, ..., NR, RADDR1, RLEN1, ...,
 * FLAGS), at most 16 arguments in all.
 */
static int call_process_vm(struct call_ctx *cx, struct outcome *oc, bool write)
{
	struct pmm_iovec lv[8], rv[8];
	unsigned long nl, nr;
	size_t n = cx->c->nr_args, i;
	pmm_pid_t pid = 0;
	int64_t flags;
	int err;

	if ((err = want_pid(cx, 0, &pid)))
		return err;
	for (i = 1; i < n; i++)
		if ((err = want_num(cx, i)))
			return err;
	if (n == 6) {
		nl = nr = 1;
		lv[0] = (struct pmm_iovec){ (uint64_t)cx->a[1], (uint64_t)cx->a[2] };
		rv[0] = (struct pmm_iovec){ (uint64_t)cx->a[3], (uint64_t)cx->a[4] };
		flags = cx->a[5];
	} else {
		size_t k = 1;

		if (cx->a[k] < 0 || (size_t)cx->a[k] > 7 ||
		    k + 1 + 2 * (size_t)cx->a[k] >= n)
			goto bad;
		nl = (unsigned long)cx->a[k];
		for (i = 0; i < nl; i++)
			lv[i] = (struct pmm_iovec){ (uint64_t)cx->a[k + 1 + 2 * i],
						    (uint64_t)cx->a[k + 2 + 2 * i] };
		k += 1 + 2 * nl;
		if (cx->a[k] < 0 || (size_t)cx->a[k] > 7 ||
		    k + 1 + 2 * (size_t)cx->a[k] != n - 1)
			goto bad;
		nr = (unsigned long)cx->a[k];
		for (i = 0; i < nr; i++)
			rv[i] = (struct pmm_iovec){ (uint64_t)cx->a[k + 1 + 2 * i],
						    (uint64_t)cx->a[k + 2 + 2 * i] };
		flags = cx->a[n - 1];
	}
	set_ret(oc, write ?
		pmm_process_vm_writev(cx->r->sim, cx->tid, pid, lv, nl, rv, nr,
				      (unsigned long)flags) :
		pmm_process_vm_readv(cx->r->sim, cx->tid, pid, lv, nl, rv, nr,
				     (unsigned long)flags));
	return 0;
bad:
	return malformed(cx->r, "expected %s(PID, LADDR, LLEN, RADDR, RLEN, FLAGS) or %s(PID, NL, LADDR, LLEN, ..., NR, RADDR, RLEN, ..., FLAGS)",
			 cx->c->name, cx->c->name);
}

/* sched_setaffinity(TID, MASK): TID 0 (or self) is the caller; MASK the
 * first 64 CPUs' bits */
static int call_sched_setaffinity(struct call_ctx *cx, struct outcome *oc)
{
	pmm_pid_t target = 0;
	uint64_t mask;
	int err;

	if ((err = want_pid(cx, 0, &target)) || (err = want_num(cx, 1)))
		return err;
	if (target == cx->pid)
		target = 0;
	mask = (uint64_t)cx->a[1];
	set_ret(oc, pmm_sched_setaffinity(cx->r->sim, cx->tid, target, &mask,
					  1));
	return 0;
}

static int call_sched_getcpu(struct call_ctx *cx, struct outcome *oc)
{
	set_ret(oc, pmm_sched_getcpu(cx->r->sim, cx->tid));
	return 0;
}

/*
 * move_pages(PID, COUNT, ADDR..., NODE..., FLAGS) moves, and
 * move_pages(PID, COUNT, ADDR..., NULL, FLAGS) asks; move_status(I) is
 * the status of page I of the last call (at most MOVE_MAX pages).
 */

static int call_move_pages(struct call_ctx *cx, struct outcome *oc)
{
	size_t na = cx->c->nr_args;
	uint64_t pages[MOVE_MAX];
	int nodes[MOVE_MAX], status[MOVE_MAX];
	pmm_pid_t pid = 0;
	bool query;
	int64_t n;
	int err;

	if ((err = want_pid(cx, 0, &pid)))
		return err;
	for (size_t i = 1; i < na; i++)
		if ((err = want_num(cx, i)))
			return err;
	n = cx->a[1];
	if (n < 0 || n > MOVE_MAX)
		return malformed(cx->r, "move_pages(): COUNT must be 0..%d", MOVE_MAX);
	query = na == (size_t)n + 4 &&
		cx->c->args[2 + n]->kind == SCN_EXPR_CONST &&
		!strcmp(cx->c->args[2 + n]->text, "NULL");
	if (!query && na != 2 * (size_t)n + 3)
		return malformed(cx->r, "expected move_pages(PID, COUNT, ADDR..., NODE... or NULL, FLAGS)");
	for (int64_t i = 0; i < n; i++) {
		pages[i] = (uint64_t)cx->a[2 + i];
		if (!query) {
			if (cx->a[2 + n + i] < INT32_MIN ||
			    cx->a[2 + n + i] > INT32_MAX)
				return malformed(cx->r, "move_pages(): a node must fit in an int");
			nodes[i] = (int)cx->a[2 + n + i];
		}
		status[i] = 0;
	}
	if (cx->a[na - 1] < INT32_MIN || cx->a[na - 1] > INT32_MAX)
		return malformed(cx->r, "move_pages(): FLAGS must fit in an int");
	set_ret(oc, pmm_move_pages(cx->r->sim, cx->tid, pid, (unsigned long)n,
				   pages, query ? NULL : nodes, status,
				   (int)cx->a[na - 1]));
	memcpy(cx->r->move_status, status, sizeof(status));
	cx->r->move_count = (unsigned long)n;
	return 0;
}

static int call_move_status(struct call_ctx *cx, struct outcome *oc)
{
	if (cx->a[0] < 0 || (uint64_t)cx->a[0] >= cx->r->move_count)
		return malformed(cx->r, "move_status(I): I must name a page of the last move_pages() call");
	oc->kind = OUT_VALUE;
	oc->val = cx->r->move_status[cx->a[0]];
	return 0;
}

/* migrate_pages(PID, MAXNODE, OLD, NEW): node masks of the first 64 nodes */
static int call_migrate_pages(struct call_ctx *cx, struct outcome *oc)
{
	pmm_pid_t pid = 0;
	uint64_t from, to;
	int err;

	if ((err = want_pid(cx, 0, &pid)) || (err = want_num(cx, 1)) ||
	    (err = want_num(cx, 2)) || (err = want_num(cx, 3)))
		return err;
	from = (uint64_t)cx->a[2];
	to = (uint64_t)cx->a[3];
	set_ret(oc, pmm_migrate_pages(cx->r->sim, cx->tid, pid,
				      (unsigned long)cx->a[1], &from, &to));
	return 0;
}

/* process_madvise(PID, ADDR, LEN[, ADDR, LEN ...], ADVICE, FLAGS) */
static int call_process_madvise(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_iovec v[8];
	size_t n = cx->c->nr_args, nv = (n - 3) / 2;
	pmm_pid_t pid = 0;
	int err;

	if ((err = want_pid(cx, 0, &pid)))
		return err;
	for (size_t i = 1; i < n; i++)
		if ((err = want_num(cx, i)))
			return err;
	if (n < 5 || (n - 3) % 2 || nv > 6)
		return malformed(cx->r, "expected process_madvise(PID, ADDR, LEN[, ADDR, LEN ...], ADVICE, FLAGS) with at most 6 ranges");
	if (cx->a[n - 2] < INT32_MIN || cx->a[n - 2] > INT32_MAX ||
	    cx->a[n - 1] < 0 || cx->a[n - 1] > UINT32_MAX)
		return malformed(cx->r, "process_madvise(): ADVICE must fit in an int and FLAGS in 32 bits");
	for (size_t i = 0; i < nv; i++)
		v[i] = (struct pmm_iovec){ (uint64_t)cx->a[1 + 2 * i],
					   (uint64_t)cx->a[2 + 2 * i] };
	set_ret(oc, pmm_process_madvise(cx->r->sim, cx->tid, pid, v, nv,
					(int)cx->a[n - 2],
					(unsigned int)cx->a[n - 1]));
	return 0;
}

static int call_process_vm_readv(struct call_ctx *cx, struct outcome *oc)
{
	return call_process_vm(cx, oc, false);
}

static int call_process_vm_writev(struct call_ctx *cx, struct outcome *oc)
{
	return call_process_vm(cx, oc, true);
}

/* ---- /proc files at an offset ---- */

#define PREAD_PROC_MAX (16u << 20)

/* pread_proc(PATH, OFFSET, LEN): the bytes read, or -1 ERRNO */
static int call_pread_proc(struct call_ctx *cx, struct outcome *oc)
{
	struct runner *r = cx->r;
	char path[4096];
	const char *p = NULL;
	uint64_t len = (uint64_t)cx->a[2];
	long n;
	int err;

	if ((err = want_string(cx, 0, &p)) ||
	    (err = path_resolve(r, p, path, sizeof(path))))
		return err;
	if ((err = want_num(cx, 1)) || (err = want_num(cx, 2)))
		return err;
	len = (uint64_t)cx->a[2];
	if (len > PREAD_PROC_MAX)
		return malformed(r, "pread_proc(): LEN must be at most 16M, got 0x%" PRIx64,
				 len);
	if (len > r->bufsize) {
		char *nb = realloc(r->buf, (size_t)len);

		if (!nb)
			return malformed(r, "out of memory");
		r->buf = nb;
		r->bufsize = (size_t)len;
	}
	n = pmm_proc_pread(r->sim, cx->tid, path, r->buf, (size_t)len,
			   (uint64_t)cx->a[1]);
	set_ret(oc, n);
	if (n > 0 && proc_binary_kind(path) == PROC_BIN_NONE) {
		oc->show = r->buf;
		oc->show_len = (size_t)n;
	}
	return 0;
}

/*
 * pwrite_proc(PATH, OFFSET, "bytes") or pwrite_proc(PATH, OFFSET, LEN,
 * VALUE) (LEN copies of the byte VALUE, as store()): the bytes written, or
 * -1 ERRNO.  For /proc/PID/mem the offset is the address.
 */
static int call_pwrite_proc(struct call_ctx *cx, struct outcome *oc)
{
	struct runner *r = cx->r;
	char path[4096];
	const char *p = NULL;
	const void *data;
	char *fill = NULL;
	uint64_t len;
	int err;

	if ((err = want_string(cx, 0, &p)) ||
	    (err = path_resolve(r, p, path, sizeof(path))) ||
	    (err = want_num(cx, 1)))
		return err;
	if (cx->c->nr_args == 3) {
		if (cx->c->args[2]->kind != SCN_EXPR_STR)
			return malformed(r, "argument 3 of pwrite_proc(PATH, OFFSET, \"bytes\") must be a string");
		data = cx->c->args[2]->text;
		len = cx->c->args[2]->len;
	} else {
		uint8_t v = 0;

		if (cx->c->args[2]->kind == SCN_EXPR_STR ||
		    cx->c->args[3]->kind == SCN_EXPR_STR)
			return malformed(r, "pwrite_proc(PATH, OFFSET, LEN, VALUE) takes numbers after the path");
		if ((err = want_num(cx, 2)) || (err = want_num(cx, 3)) ||
		    (err = want_byte(cx, 3, &v)))
			return err;
		len = (uint64_t)cx->a[2];
		if (len > PREAD_PROC_MAX)
			return malformed(r, "pwrite_proc(): LEN must be at most 16M, got 0x%" PRIx64,
					 len);
		fill = malloc(len ? (size_t)len : 1);
		if (!fill)
			return malformed(r, "out of memory");
		memset(fill, v, (size_t)len);
		data = fill;
	}
	set_ret(oc, pmm_proc_pwrite(r->sim, cx->tid, path, data, (size_t)len,
				    (uint64_t)cx->a[1]));
	free(fill);
	return 0;
}

/*
 * pagemap(PID, ADDR): the 64-bit /proc/PID/pagemap entry of the page of
 * ADDR, read by the calling thread (the open gate and the PFN rule apply);
 * pagemap_bits() keeps bits 55-63 (the flags), pagemap_pfn() bits 0-54;
 * page_pfn() reads as the kernel (no gate, the PFN always shown) and
 * returns bits 0-54.
 */
#define PM_PFN_MASK_ ((1ull << 55) - 1)

enum pm_part { PM_ALL, PM_BITS, PM_PFN, PM_KERNEL_PFN };

static int pagemap_call(struct call_ctx *cx, struct outcome *oc,
			enum pm_part part)
{
	uint64_t addr, e = 0;
	pmm_pid_t pid = 0;
	char path[64];
	long n;
	int err;

	if ((err = want_pid(cx, 0, &pid)) || (err = want_num(cx, 1)))
		return err;
	addr = (uint64_t)cx->a[1];
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	n = pmm_proc_pread(cx->r->sim, part == PM_KERNEL_PFN ? 0 : cx->tid,
			   path, &e, sizeof(e), (addr / PMM_PAGE_SIZE) * 8);
	if (n == -ENOENT && part == PM_KERNEL_PFN)
		return malformed(cx->r, "%s(): no process %d", cx->c->name,
				 (int)pid);
	if (n < 0) {
		set_ret(oc, n);
		return 0;
	}
	if (n != sizeof(e))
		return malformed(cx->r, "%s(): 0x%" PRIx64 " is past the end of the pagemap (the user address space)",
				 cx->c->name, addr);
	if (part == PM_BITS)
		e &= ~PM_PFN_MASK_;
	else if (part == PM_PFN || part == PM_KERNEL_PFN)
		e &= PM_PFN_MASK_;
	oc->kind = OUT_VALUE;
	oc->val = (int64_t)e;
	oc->hex = part == PM_ALL || part == PM_BITS;
	return 0;
}

static int call_pagemap(struct call_ctx *cx, struct outcome *oc)
{
	return pagemap_call(cx, oc, PM_ALL);
}

static int call_pagemap_bits(struct call_ctx *cx, struct outcome *oc)
{
	return pagemap_call(cx, oc, PM_BITS);
}

static int call_pagemap_pfn(struct call_ctx *cx, struct outcome *oc)
{
	return pagemap_call(cx, oc, PM_PFN);
}

static int call_page_pfn(struct call_ctx *cx, struct outcome *oc)
{
	return pagemap_call(cx, oc, PM_KERNEL_PFN);
}

/* adjust_privileges(PRIV, ATTR, ...) on the caller's own primary token. */
static int adjust(struct call_ctx *cx, struct outcome *oc, size_t first,
		  pmm_pid_t target)
{
	struct pmm_priv_adjust adj[SCN_MAX_ARGS / 2];
	size_t n = 0;

	if ((cx->c->nr_args - first) % 2 || cx->c->nr_args == first)
		return malformed(cx->r, "%s() takes pairs of PRIVILEGE, ATTRIBUTES",
				 cx->c->name);
	for (size_t i = first; i < cx->c->nr_args; i += 2, n++) {
		adj[n].luid = (uint32_t)cx->a[i];
		adj[n].attributes = (uint32_t)cx->a[i + 1];
		if (cx->a[i] < 0 || cx->a[i] > UINT32_MAX ||
		    cx->a[i + 1] < 0 || cx->a[i + 1] > UINT32_MAX)
			adj[n].luid = UINT32_MAX;	/* invalid: EINVAL */
	}
	set_ret(oc, pmm_adjust_privileges(cx->r->sim, cx->tid, target, adj,
					  (unsigned int)n, NULL));
	return 0;
}

static int call_adjust_privileges(struct call_ctx *cx, struct outcome *oc)
{
	return adjust(cx, oc, 0, 0);
}

static int call_adjust_process_privileges(struct call_ctx *cx,
					  struct outcome *oc)
{
	return adjust(cx, oc, 1, (pmm_pid_t)cx->a[0]);
}

static int call_privilege_check(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_token *t = pmm_thread_effective_token(cx->r->sim, cx->tid);

	if (cx->a[0] < 0 || cx->a[0] >= PMM_PRIV_MAX) {
		set_ret(oc, -EINVAL);
		return 0;
	}
	set_ret(oc, pmm_token_privilege_check(t, (unsigned int)cx->a[0]));
	return 0;
}

static int call_capable(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_token *t = pmm_thread_effective_token(cx->r->sim, cx->tid);

	set_ret(oc, pmm_capable(t, (int)cx->a[0]));
	return 0;
}

static int call_token_has(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_token *t = pmm_thread_effective_token(cx->r->sim, cx->tid);
	struct pmm_token_privs p;
	uint64_t m;

	if (cx->a[1] < 0 || cx->a[1] >= PMM_PRIV_MAX) {
		set_ret(oc, -EINVAL);
		return 0;
	}
	pmm_token_privileges(t, &p);
	switch (cx->a[0]) {
	case 0: m = p.present; break;
	case 1: m = p.enabled; break;
	case 2: m = p.enabled_by_default; break;
	case 3: m = p.used; break;
	default:
		set_ret(oc, -EINVAL);
		return 0;
	}
	set_ret(oc, (m >> cx->a[1]) & 1);
	return 0;
}

static int call_token_modified_id(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_token *t = pmm_thread_effective_token(cx->r->sim, cx->tid);

	set_ret(oc, (long)pmm_token_modified_id(t));
	return 0;
}

/* prlimit(PID, RES) reads the soft limit; prlimit(PID, RES, CUR, MAX) sets. */
static int call_prlimit(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_rlimit nl, old;
	long err;

	if (cx->c->nr_args == 2) {
		err = pmm_prlimit(cx->r->sim, cx->tid, (pmm_pid_t)cx->a[0],
				  (int)cx->a[1], NULL, &old);
		if (err)
			set_ret(oc, err);
		else {
			oc->kind = OUT_VALUE;
			oc->val = (int64_t)old.cur;
		}
		return 0;
	}
	if (cx->c->nr_args != 4)
		return malformed(cx->r, "prlimit() takes (PID, RESOURCE) or (PID, RESOURCE, CUR, MAX)");
	nl.cur = (uint64_t)cx->a[2];
	nl.max = (uint64_t)cx->a[3];
	set_ret(oc, pmm_prlimit(cx->r->sim, cx->tid, (pmm_pid_t)cx->a[0],
				(int)cx->a[1], &nl, NULL));
	return 0;
}

static int call_setrlimit(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_rlimit nl = { (uint64_t)cx->a[1], (uint64_t)cx->a[2] };

	set_ret(oc, pmm_prlimit(cx->r->sim, cx->tid, 0, (int)cx->a[0], &nl,
				NULL));
	return 0;
}

static int call_getrlimit(struct call_ctx *cx, struct outcome *oc)
{
	struct pmm_rlimit old;
	long err = pmm_prlimit(cx->r->sim, cx->tid, 0, (int)cx->a[0], NULL,
			       &old);

	if (err)
		set_ret(oc, err);
	else {
		oc->kind = OUT_VALUE;
		oc->val = (int64_t)(cx->a[1] ? old.max : old.cur);
	}
	return 0;
}

/*
 * The call table.  min/max argument counts; fn NULL = a call of the core set
 * (SCENARIO.md §3) or a touch whose feature is not built yet.  `raw` marks
 * arguments evaluated by the handler itself (strings, token names).
 */
static const struct call_def {
	const char *name;
	unsigned char min, max;
	call_fn fn;
	uint16_t raw;		/* bit i: argument i is not evaluated */
} calls[] = {
	{ "adjust_privileges", 2, 16, call_adjust_privileges, 0 },
	{ "adjust_process_privileges", 3, 15, call_adjust_process_privileges, 0 },
	{ "brk", 1, 1, call_brk, 0 },
	{ "capable", 1, 1, call_capable, 0 },
	{ "check", 3, 3, call_check, 0 },
	{ "close", 1, 1, call_close, 0 },
	{ "exec", 1, 2, call_exec, 0 },
	{ "execve", 1, 1, call_execve, 1 },
	{ "exit", 1, 1, call_exit, 0 },
	{ "fadvise", 4, 4, NULL, 0 },
	{ "fcntl", 2, 3, NULL, 0 },
	{ "fork", 0, 0, call_fork, 0 },
	{ "fsync", 1, 1, NULL, 0 },
	{ "ftruncate", 2, 2, call_ftruncate, 0 },
	{ "get_mempolicy", 5, 5, NULL, 0 },
	{ "get_mitigations", 1, 1, call_get_mitigations, 1 },
	{ "getrlimit", 1, 2, call_getrlimit, 0 },
	{ "impersonate", 1, 1, call_impersonate, 1 },
	{ "ioctl", 2, 3, NULL, 0 },
	{ "kill", 2, 2, call_kill, 0 },
	{ "load", 2, 2, call_load, 0 },
	{ "madvise", 3, 3, call_madvise, 0 },
	{ "mbind", 6, 6, NULL, 0 },
	{ "memfd_create", 2, 2, NULL, 0 },
	{ "migrate_pages", 4, 4, call_migrate_pages, 0xf },
	{ "mincore", 2, 3, call_mincore, 0 },
	{ "mkswap", 1, 1, call_mkswap, 1 },
	{ "mlock", 2, 2, call_mlock, 0 },
	{ "mlock2", 3, 3, call_mlock2, 0 },
	{ "mlockall", 1, 1, call_mlockall, 0 },
	{ "mm_layout", 1, 2, call_mm_layout, 3 },
	{ "mm_stats", 1, 2, call_mm_stats, 3 },
	{ "mmap", 6, 6, call_mmap, 0 },
	{ "move_pages", 4, 2 * MOVE_MAX + 3, call_move_pages, 0xffff },
	{ "move_status", 1, 1, call_move_status, 0 },
	{ "mprotect", 3, 3, call_mprotect, 0 },
	{ "mremap", 4, 5, call_mremap, 0 },
	{ "mseal", 3, 3, call_mseal, 0 },
	{ "msync", 3, 3, call_msync, 0 },
	{ "munlock", 2, 2, call_munlock, 0 },
	{ "munlockall", 0, 0, call_munlockall, 0 },
	{ "munmap", 2, 2, call_munmap, 0 },
	{ "open", 2, 3, call_open, 1 },
	{ "page_pfn", 2, 2, call_page_pfn, 3 },
	{ "pagemap", 2, 2, call_pagemap, 3 },
	{ "pagemap_bits", 2, 2, call_pagemap_bits, 3 },
	{ "pagemap_pfn", 2, 2, call_pagemap_pfn, 3 },
	{ "pkey_alloc", 2, 2, call_pkey_alloc, 0 },
	{ "pkey_free", 1, 1, call_pkey_free, 0 },
	{ "pkey_mprotect", 4, 4, call_pkey_mprotect, 0 },
	{ "prctl", 1, 5, call_prctl, 1u << 4 },
	{ "pread", 4, 4, call_rw, 0 },
	{ "pread_proc", 3, 3, call_pread_proc, 7 },
	{ "privilege_check", 1, 1, call_privilege_check, 0 },
	{ "prlimit", 2, 4, call_prlimit, 0 },
	{ "process_madvise", 5, 15, call_process_madvise, 0xffff },
	{ "process_mrelease", 2, 2, NULL, 0 },
	{ "process_vm_readv", 6, 16, call_process_vm_readv, 0xffff },
	{ "process_vm_writev", 6, 16, call_process_vm_writev, 0xffff },
	{ "pwrite", 4, 4, call_rw, 0 },
	{ "pwrite_proc", 3, 4, call_pwrite_proc, 15 },
	{ "rdpkru", 0, 0, call_rdpkru, 0 },
	{ "read", 3, 3, call_rw, 0 },
	{ "read_proc", 1, 1, call_read_proc, 1 },
	{ "readahead", 3, 3, NULL, 0 },
	{ "remap_file_pages", 5, 5, call_remap_file_pages, 0 },
	{ "resident", 2, 2, call_resident, 0 },
	{ "revert", 0, 0, call_revert, 0 },
	{ "sched_getcpu", 0, 0, call_sched_getcpu, 0 },
	{ "sched_setaffinity", 2, 2, call_sched_setaffinity, 3 },
	{ "set_file_dacl", 2, 3, call_set_file_dacl, 7 },
	{ "set_mempolicy", 3, 3, NULL, 0 },
	{ "set_mitigations", 2, 2, call_set_mitigations, 1 },
	{ "set_process_dacl", 2, 3, call_set_process_dacl, 7 },
	{ "setrlimit", 3, 3, call_setrlimit, 0 },
	{ "shm_buf", 1, 1, call_shm_buf, 1 },
	{ "shm_buf_set", 2, 2, call_shm_buf_set, 3 },
	{ "shm_open", 3, 3, NULL, 0 },
	{ "shm_unlink", 1, 1, NULL, 0 },
	{ "shmat", 3, 3, call_shmat, 0 },
	{ "shmctl", 2, 3, call_shmctl, 0 },
	{ "shmdt", 1, 1, call_shmdt, 0 },
	{ "shmget", 3, 3, call_shmget, 0 },
	{ "store", 3, 3, call_store, 0 },
	{ "swapoff", 1, 1, call_swapoff, 1 },
	{ "swapon", 2, 2, call_swapon, 1 },
	{ "token_has", 2, 2, call_token_has, 0 },
	{ "token_modified_id", 0, 0, call_token_modified_id, 0 },
	{ "userfaultfd", 1, 1, NULL, 0 },
	{ "vma_count", 0, 1, call_vma_count, 1 },
	{ "write", 3, 3, call_rw, 0 },
	{ "write_proc", 2, 2, call_write_proc, 3 },
	{ "wrpkru", 1, 1, call_wrpkru, 0 },
};

static const struct call_def *call_find(const char *name)
{
	size_t lo = 0, hi = sizeof(calls) / sizeof(calls[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, calls[mid].name);

		if (!c)
			return &calls[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The thread PROC.TID, created on first use of a new TID. */
static int resolve_thread(struct runner *r, const struct scn_call *c,
			  pmm_pid_t *tid, pmm_pid_t *pid, bool *dead)
{
	struct name_pid *p = proc_find(r, c->proc);
	int err;

	*dead = false;
	if (!p)
		return malformed(r, "unknown process '%s' (declare it with a process line or fork() = %s)",
				 c->proc, c->proc);
	*pid = p->pid;
	if (pmm_process_state(r->sim, p->pid, NULL) != PMM_PROC_ALIVE) {
		*dead = true;
		*tid = p->pid;
		return 0;
	}
	for (size_t i = 0; i < r->nr_threads; i++)
		if (!strcmp(r->threads[i].name, c->proc) &&
		    r->threads[i].tidnum == c->tid) {
			*tid = r->threads[i].pid;
			return 0;
		}
	if (r->nr_threads == MAX_NAMES)
		return malformed(r, "too many threads");
	err = pmm_thread_create(r->sim, p->pid, tid);
	if (err)
		return malformed(r, "cannot create thread %s.%u: %s", c->proc,
				 c->tid, scn_errno_name(-err) ? scn_errno_name(-err) : "?");
	r->threads[r->nr_threads].name = strdup(c->proc);
	if (!r->threads[r->nr_threads].name)
		return malformed(r, "out of memory");
	r->threads[r->nr_threads].pid = *tid;
	r->threads[r->nr_threads++].tidnum = c->tid;
	return 0;
}

static void print_call(struct runner *r, const struct scn_call *c,
		       const struct outcome *oc)
{
	char res[128], arg[256];

	fprintf(r->o->out, "%s:%u: %s", r->file, r->line, c->proc);
	if (c->tid_given)
		fprintf(r->o->out, ".%u", c->tid);
	fprintf(r->o->out, ": %s(", c->name);
	for (size_t i = 0; i < c->nr_args; i++) {
		scn_expr_print(c->args[i], arg, sizeof(arg));
		fprintf(r->o->out, "%s%s", i ? ", " : "", arg);
	}
	outcome_print(oc, res, sizeof(res));
	fprintf(r->o->out, ") = %s\n", res);
}

static void expect_print(const struct scn_expect *x, int64_t val, bool hex,
			 char *buf, size_t size)
{
	switch (x->kind) {
	case SCN_EXPECT_ANY:
		snprintf(buf, size, "?");
		break;
	case SCN_EXPECT_VALUE:
	case SCN_EXPECT_NAME:
		/* as outcome_print(): addresses and bit patterns in hex */
		if (hex || val >= (1ll << 32))
			snprintf(buf, size, "0x%" PRIx64, (uint64_t)val);
		else
			snprintf(buf, size, "%" PRId64, val);
		break;
	case SCN_EXPECT_BIND:
		snprintf(buf, size, "success ($%s)", x->name);
		break;
	case SCN_EXPECT_ERRNO:
		snprintf(buf, size, "-1 %s", scn_errno_name(x->err) ?
					   scn_errno_name(x->err) : "E?");
		break;
	case SCN_EXPECT_SIGNAL: {
		const char *code = x->has_si_code ?
			scn_sicode_name(x->sig, x->si_code) : NULL;

		snprintf(buf, size, "%s%s%s", scn_signal_name(x->sig),
			 code ? " " : "", code ? code : "");
		break;
	}
	case SCN_EXPECT_KILLED:
		snprintf(buf, size, "KILLED");
		break;
	}
}

static int run_call(struct runner *r, const struct scn_call *c)
{
	const struct call_def *def = call_find(c->name);
	struct call_ctx cx = { .r = r, .c = c };
	struct outcome oc = { 0 };
	const struct scn_expect *x = &c->expect;
	int64_t want = 0;
	bool match, dead;
	int err;

	if (!def)
		return malformed(r, "unknown call '%s'", c->name);
	if (!def->fn)
		return malformed(r, "call not supported yet: %s", c->name);
	if (c->nr_args < def->min || c->nr_args > def->max)
		return malformed(r, "%s() takes %u to %u arguments, got %zu",
				 c->name, def->min, def->max, c->nr_args);
	if ((err = machine_create(r)))
		return err;
	if ((err = resolve_thread(r, c, &cx.tid, &cx.pid, &dead)))
		return err;
	for (size_t i = 0; i < c->nr_args; i++) {
		if (def->raw & (1u << i))
			continue;
		if (c->args[i]->kind == SCN_EXPR_STR)
			return malformed(r, "argument %zu of %s() must be a number, not a string",
					 i + 1, c->name);
		if ((err = eval(r, c->args[i], &cx.a[i])))
			return err;
		cx.is_int[i] = true;
	}
	if (dead) {
		int code;

		if (pmm_process_state(r->sim, cx.pid, &code) != PMM_PROC_KILLED)
			return malformed(r, "process %s has exited and cannot make calls",
					 c->proc);
		oc.kind = OUT_KILLED;
	} else if ((err = def->fn(&cx, &oc))) {
		return err;
	}
	if (r->o->verbose) {
		print_call(r, c, &oc);
		/* -v shows what read_proc read, like strace -v shows data */
		if (oc.show && oc.show_len)
			fprintf(r->o->out, "%.*s%s", (int)oc.show_len, oc.show,
				oc.show[oc.show_len - 1] != '\n' ? "\n" : "");
	}

	switch (x->kind) {
	case SCN_EXPECT_ANY:
		match = true;
		break;
	case SCN_EXPECT_VALUE:
		if ((err = eval(r, x->value, &want)))
			return err;
		match = (oc.kind == OUT_VALUE && oc.val == want) ||
			(oc.kind == OUT_ERRNO && want == -1);
		break;
	case SCN_EXPECT_NAME:
		if (!strcmp(c->name, "fork")) {
			match = oc.kind == OUT_VALUE;
			break;
		}
		if (lookup_name_cb(r, x->name, &want))
			return malformed(r, "unknown name '%s'", x->name);
		match = oc.kind == OUT_VALUE && oc.val == want;
		break;
	case SCN_EXPECT_BIND:
		match = oc.kind == OUT_VALUE;
		if (match && (err = var_set(r, x->name, oc.val)))
			return err;
		break;
	case SCN_EXPECT_ERRNO:
		match = oc.kind == OUT_ERRNO && oc.err == x->err;
		break;
	case SCN_EXPECT_SIGNAL:
		match = oc.kind == OUT_SIGNAL && oc.sig == x->sig &&
			(!x->has_si_code || oc.si_code == x->si_code);
		break;
	case SCN_EXPECT_KILLED:
		match = oc.kind == OUT_KILLED;
		break;
	default:
		match = false;
	}
	if (!match) {
		char exp[128], got[128];

		expect_print(x, want, oc.hex, exp, sizeof(exp));
		outcome_print(&oc, got, sizeof(got));
		return failed(r, "%s(): expected %s, got %s%s%s%s", c->name, exp,
			      got, oc.detail[0] ? " (" : "", oc.detail,
			      oc.detail[0] ? ")" : "");
	}
	return 0;
}

/* ---- checks -------------------------------------------------------------------------------- */

static bool expr_has_size_suffix(const struct scn_expr *e)
{
	size_t n;

	if (!e)
		return false;
	if (e->kind == SCN_EXPR_INT && e->text) {
		n = strlen(e->text);
		if (n && strchr("KMGT", e->text[n - 1]) &&
		    !(n > 2 && e->text[0] == '0' && (e->text[1] == 'x' || e->text[1] == 'X')))
			return true;
	}
	return expr_has_size_suffix(e->lhs) || expr_has_size_suffix(e->rhs);
}

/* Which thread reads: `as C[.N]` or the kernel (0). */
static int check_reader(struct runner *r, const struct scn_check *k,
			pmm_pid_t *tid)
{
	struct scn_call fake = { .proc = k->as_proc, .tid = k->as_tid };
	pmm_pid_t pid;
	bool dead;
	int err;

	*tid = 0;
	if (!k->as_proc)
		return 0;
	if ((err = resolve_thread(r, &fake, tid, &pid, &dead)))
		return err;
	if (dead)
		return malformed(r, "process %s is not alive", k->as_proc);
	return 0;
}

static int check_read(struct runner *r, const struct scn_check *k, long *len)
{
	char path[4096];
	pmm_pid_t tid;
	int err;

	if ((err = check_reader(r, k, &tid)) ||
	    (err = path_resolve(r, k->path, path, sizeof(path))))
		return err;
	*len = proc_read_all(r, tid, path);
	if (*len == -ENOENT)
		return malformed(r, "no such file: %s", k->path);
	if (*len < 0)
		return failed(r, "expected to read %s, got -1 %s", k->path,
			      scn_errno_name((int)-*len) ? scn_errno_name((int)-*len) : "E?");
	return 0;
}

static size_t rtrim(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

struct line {
	const char *s;
	size_t n;
};

/* Split text at newlines (a final newline does not start an empty line). */
static size_t split_lines(const char *text, size_t len, struct line **out)
{
	size_t nr = 0, cap = 16;
	struct line *v = malloc(cap * sizeof(*v));
	size_t i = 0;

	while (v && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		if (nr == cap) {
			struct line *nv = realloc(v, 2 * cap * sizeof(*v));

			if (!nv) {
				free(v);
				v = NULL;
				break;
			}
			v = nv;
			cap *= 2;
		}
		v[nr].s = text + i;
		v[nr++].n = rtrim(text + i, n);
		i += n + 1;
	}
	*out = v;
	return v ? nr : (size_t)-1;
}

/* Does expected[ei..] match actual[ai..]? "..." matches any run of lines. */
static bool block_match(const struct line *exp, const bool *ell, size_t ne,
			const struct line *act, size_t na, unsigned char *memo,
			size_t ei, size_t ai)
{
	unsigned char *m = &memo[ei * (na + 1) + ai];
	bool res;

	if (*m)
		return *m == 2;
	if (ei == ne)
		res = ai == na;
	else if (ell[ei])
		res = block_match(exp, ell, ne, act, na, memo, ei + 1, ai) ||
		      (ai < na && block_match(exp, ell, ne, act, na, memo, ei, ai + 1));
	else
		res = ai < na && exp[ei].n == act[ai].n &&
		      !memcmp(exp[ei].s, act[ai].s, act[ai].n) &&
		      block_match(exp, ell, ne, act, na, memo, ei + 1, ai + 1);
	*m = res ? 2 : 1;
	return res;
}

static int check_block(struct runner *r, const struct scn_check *k)
{
	struct line *exp = NULL, *act = NULL;
	char *text = NULL, *actual = NULL;
	size_t tlen = 0, tcap = 0, na;
	unsigned char *memo = NULL;
	bool *ell = NULL, ok;
	long len;
	int err;

	if ((err = check_read(r, k, &len)))
		return err;
	actual = malloc((size_t)len + 1);
	exp = calloc(k->nr_lines + 1, sizeof(*exp));
	ell = calloc(k->nr_lines + 1, sizeof(*ell));
	if (!actual || !exp || !ell) {
		err = malformed(r, "out of memory");
		goto out;
	}
	memcpy(actual, r->buf, (size_t)len);
	/* Render the expected lines into one buffer, then point into it. */
	for (int pass = 0; pass < 2; pass++) {
		tlen = 0;
		for (size_t i = 0; i < k->nr_lines; i++) {
			const struct scn_block_line *bl = &k->lines[i];
			size_t start = tlen;

			ell[i] = bl->ellipsis;
			for (size_t s = 0; s < bl->nr_segs; s++) {
				char hex[32];
				const char *p = bl->segs[s].text;
				size_t n = bl->segs[s].len;

				if (bl->segs[s].expr) {
					int64_t v;

					r->line = bl->line;
					if ((err = eval(r, bl->segs[s].expr, &v)))
						goto out;
					n = (size_t)snprintf(hex, sizeof(hex), "%08" PRIx64,
							     (uint64_t)v);
					p = hex;
				}
				if (pass)
					memcpy(text + tlen, p, n);
				tlen += n;
			}
			if (pass) {
				exp[i].s = text + start;
				exp[i].n = rtrim(text + start, tlen - start);
			}
		}
		if (!pass) {
			tcap = tlen + 1;
			text = malloc(tcap);
			if (!text) {
				err = malformed(r, "out of memory");
				goto out;
			}
		}
	}
	na = split_lines(actual, (size_t)len, &act);
	if (na == (size_t)-1) {
		err = malformed(r, "out of memory");
		goto out;
	}
	memo = calloc((k->nr_lines + 1) * (na + 1), 1);
	if (!memo) {
		err = malformed(r, "out of memory");
		goto out;
	}
	ok = block_match(exp, ell, k->nr_lines, act, na, memo, 0, 0);
	err = 0;
	if (!ok) {
		err = failed(r, "expected %s to match the block below, got the text after it",
			     k->path);
		fprintf(r->o->out, "--- expected\n");
		for (size_t i = 0; i < k->nr_lines; i++)
			fprintf(r->o->out, "%.*s\n", (int)exp[i].n, exp[i].s);
		fprintf(r->o->out, "--- got\n%.*s--- end\n", (int)len, actual);
	}
out:
	free(memo);
	free(act);
	free(text);
	free(exp);
	free(ell);
	free(actual);
	return err;
}

/* Parse "123", "123 kB", "0x1f" at @s; returns 0 and sets @v, @kb. */
static int parse_num(const char *s, int64_t *v, bool *kb)
{
	char *end;
	long long x;

	while (*s == ' ' || *s == '\t')
		s++;
	errno = 0;
	x = strtoll(s, &end, 0);
	if (end == s || errno)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	*kb = !strncmp(end, "kB", 2);
	*v = x;
	return 0;
}

static int check_compare(struct runner *r, const struct scn_check *k,
			 int64_t got, bool got_kb, const char *what)
{
	int64_t want, lhs, rhs;
	int err;

	if ((err = eval(r, k->value, &want)))
		return err;
	lhs = got;
	rhs = want;
	if (got_kb) {
		if (!k->value_kb && expr_has_size_suffix(k->value))
			lhs = got * 1024;	/* both in bytes */
	} else if (k->value_kb) {
		rhs = want * 1024;
	}
	if (!scn_cmp_holds(k->op, lhs, rhs)) {
		char exp[256];

		scn_expr_print(k->value, exp, sizeof(exp));
		return failed(r, "expected %s %s %s%s, got %" PRId64 "%s", what,
			      scn_cmp_name(k->op), exp, k->value_kb ? " kB" : "",
			      got, got_kb ? " kB" : "");
	}
	return 0;
}

static int check_field(struct runner *r, const struct scn_check *k)
{
	size_t flen = strlen(k->field);
	const char *p;
	char what[512];
	long len;
	int err;

	if ((err = check_read(r, k, &len)))
		return err;
	snprintf(what, sizeof(what), "%s %s", k->path, k->field);
	for (p = r->buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *s = p;
		int64_t v;
		bool kb;

		while (*s == ' ' || *s == '\t')
			s++;
		if (strncmp(s, k->field, flen))
			continue;
		s += flen;
		if (*s == ':')
			s++;
		else if (*s != ' ' && *s != '\t')
			continue;
		if (parse_num(s, &v, &kb))
			return failed(r, "field %s of %s is not a number", k->field,
				      k->path);
		return check_compare(r, k, v, kb, what);
	}
	return failed(r, "expected a field %s in %s, there is none", k->field,
		      k->path);
}

static int check_value(struct runner *r, const struct scn_check *k)
{
	int64_t v;
	long len;
	bool kb;
	int err;

	if ((err = check_read(r, k, &len)))
		return err;
	if (parse_num(r->buf, &v, &kb))
		return failed(r, "expected %s to hold a number, got '%.40s'",
			      k->path, r->buf);
	return check_compare(r, k, v, kb, k->path);
}

static bool event_matches(struct runner *r, const struct ev_rec *e,
			  const struct scn_check *k)
{
	if (!e->name || strcmp(e->name, k->name))
		return false;
	for (size_t i = 0; i < k->nr_opts; i++) {
		const struct scn_opt *o = &k->opts[i];
		bool found = false;

		for (unsigned int f = 0; f < e->nr && !found; f++) {
			int64_t v;

			if (!e->key[f] || strcmp(e->key[f], o->key))
				continue;
			if (e->sval[f] && !strcmp(e->sval[f], o->value))
				found = true;
			else if (e->is_num[f] && o->expr) {
				const struct scn_eval_ctx ctx = {
					.file = r->file, .priv = r,
					.lookup_var = lookup_var_cb,
					.lookup_name = lookup_name_cb,
				};

				found = !scn_expr_eval(o->expr, &ctx, &v, NULL, 0) &&
					v == e->nval[f];
			}
			if (!found)
				return false;
		}
		if (!found)
			return false;
	}
	return true;
}

static int check_event(struct runner *r, const struct scn_check *k)
{
	for (size_t i = r->ev_cursor; i < r->nr_ev; i++) {
		if (event_matches(r, &r->ev[i], k)) {
			r->ev_cursor = i + 1;
			return 0;
		}
	}
	failed(r, "expected an event %s with the given fields after the last matched one, found none",
	       k->name);
	fprintf(r->o->out, "--- events since the last match (%zu)\n",
		r->nr_ev - r->ev_cursor);
	for (size_t i = r->ev_cursor; i < r->nr_ev; i++) {
		fprintf(r->o->out, "%s", r->ev[i].name);
		for (unsigned int f = 0; f < r->ev[i].nr; f++)
			fprintf(r->o->out, " %s=%s", r->ev[i].key[f],
				r->ev[i].sval[f]);
		fputc('\n', r->o->out);
	}
	return RUN_FAILED;
}

static int check_killed(struct runner *r, const struct scn_check *k)
{
	struct name_pid *p = proc_find(r, k->name);
	enum pmm_process_state st;

	if (!p)
		return malformed(r, "unknown process '%s'", k->name);
	st = pmm_process_state(r->sim, p->pid, NULL);
	if (st != PMM_PROC_KILLED)
		return failed(r, "expected %s to have been killed, it is %s",
			      k->name, st == PMM_PROC_ALIVE ? "alive" : "exited");
	return 0;
}

static int run_check(struct runner *r, const struct scn_check *k)
{
	int err;

	if ((err = machine_create(r)))
		return err;
	switch (k->kind) {
	case SCN_CHECK_BLOCK:
		return check_block(r, k);
	case SCN_CHECK_FIELD:
		return check_field(r, k);
	case SCN_CHECK_VALUE:
		return check_value(r, k);
	case SCN_CHECK_EVENT:
		return check_event(r, k);
	case SCN_CHECK_KILLED:
		return check_killed(r, k);
	}
	return malformed(r, "unknown check");
}

/* ---- driver ------------------------------------------------------------------------------------ */

/* Tear down; an invariant violated at the end fails the scenario. */
static bool runner_fini(struct runner *r)
{
	bool ok = true;
	char msg[512];

	if (r->sim && pmm_sim_check(r->sim, msg, sizeof(msg))) {
		fprintf(r->o->out, "%s: internal error: invariant violated: %s\n",
			r->file, msg);
		ok = false;
	}
	for (size_t i = 0; i < r->nr_toks; i++) {
		pmm_token_put(r->toks[i].tok);
		free(r->toks[i].name);
	}
	for (size_t i = 0; i < r->nr_procs; i++)
		free(r->procs[i].name);
	for (size_t i = 0; i < r->nr_threads; i++)
		free(r->threads[i].name);
	for (size_t i = 0; i < r->nr_vars; i++)
		free(r->vars[i].name);
	for (size_t i = 0; i < r->nr_imgs; i++) {
		free(r->imgs[i].name);
		free(r->imgs[i].path);
	}
	pmm_sim_destroy(r->sim);
	events_free(r);
	free(r->buf);
	return ok;
}

enum run_status run_scenario_text(const char *file, const char *text,
				  size_t len, const struct run_opts *opts)
{
	struct scn_script *scr;
	struct runner *r;
	char err[1024];
	int st = RUN_PASSED;

	if (scn_parse(file, text, len, &scr, err, sizeof(err))) {
		fprintf(opts->out, "%s\n", err);
		return RUN_MALFORMED;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		scn_script_free(scr);
		fprintf(opts->out, "%s: out of memory\n", file);
		return RUN_MALFORMED;
	}
	r->file = file;
	r->o = opts;
	r->bufsize = 16384;
	r->buf = malloc(r->bufsize);
	if (!r->buf) {
		st = RUN_MALFORMED;
		goto out;
	}
	for (size_t i = 0; i < scr->nr_stmts && st == RUN_PASSED; i++) {
		const struct scn_stmt *s = &scr->stmts[i];

		r->line = s->line;
		switch (s->kind) {
		case SCN_STMT_DIRECTIVE:
			st = run_directive(r, &s->directive);
			break;
		case SCN_STMT_TICK:
			st = machine_create(r);
			if (!st && pmm_sim_advance(r->sim, s->tick_ns))
				st = malformed(r, "tick would overflow the 64-bit clock");
			break;
		case SCN_STMT_CALL:
			st = run_call(r, &s->call);
			break;
		case SCN_STMT_CHECK:
			st = run_check(r, &s->check);
			break;
		}
	}
	if (st == RUN_PASSED && !r->have_machine) {
		r->line = 1;
		st = malformed(r, "expected a 'machine' line");
	}
	if (st == RUN_PASSED)
		st = machine_create(r);
out:
	if (!runner_fini(r) && st == RUN_PASSED)
		st = RUN_FAILED;
	free(r);
	scn_script_free(scr);
	return st;
}

enum run_status run_scenario_file(const char *path, const struct run_opts *opts)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0;
	enum run_status st;

	if (!f) {
		fprintf(opts->out, "%s: cannot open: %s\n", path, strerror(errno));
		return RUN_MALFORMED;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			char *nt;

			cap = cap ? 2 * cap : 65536;
			if (cap > (64u << 20)) {
				fprintf(opts->out, "%s: larger than 64 MiB\n", path);
				free(text);
				fclose(f);
				return RUN_MALFORMED;
			}
			nt = realloc(text, cap);
			if (!nt) {
				free(text);
				fclose(f);
				fprintf(opts->out, "%s: out of memory\n", path);
				return RUN_MALFORMED;
			}
			text = nt;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	st = run_scenario_text(path, text, len, opts);
	free(text);
	return st;
}
