// SPDX-License-Identifier: MIT
/*
 * proc.c - the /proc and /sys namespace: path lookup, the security gate of
 * each file, and dispatch to the renderers.  Reads by thread 0 are the
 * kernel's own (scenario `expect` lines) and skip every check.
 *
 * Per-process files sit behind the two-check rule (spec 00 §7) through the
 * gate row named in their table entry; PIP non-dominance denies every file
 * of a protected target (spec 00 rule 28).  `maps` and `smaps` render the
 * process's VMAs (vm/maps.c); the page-level smaps figures and the status
 * Vm* lines come with page tables.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <peiosmm/proc.h>

#include "kernel/kernel.h"
#include "oom/oom.h"
#include "proc/render.h"
#include "sec/gate.h"

#define CAP_SYS_RESOURCE 24	/* Linux capability number */

/* ---- per-process files -------------------------------------------------------- */

/* The uid a Linux interface shows for a token (sid_to_uid()). */
static uint32_t token_uid(const struct pmm_token *tok)
{
	return sid_to_uid(&tok->user);
}

/* CapPrm/CapEff: what the KACS switchboard grants, without marking use. */
static uint64_t token_capability_mask(struct pmm_token *tok)
{
	uint64_t m = 0;

	for (int cap = 0; cap <= 40; cap++)
		if (token_capable(tok, cap, false))
			m |= 1ull << cap;
	return m;
}

/*
 * A bitmap of @nbits bits whose @n low bits are set, in Linux's "%*pb"
 * format: 32-bit groups, highest first, separated by commas.
 */
static void seq_lowmask(struct seqbuf *sb, unsigned int n, unsigned int nbits)
{
	unsigned int groups = nbits ? (nbits + 31) / 32 : 1;

	for (unsigned int g = groups; g-- > 0;) {
		unsigned int lo = g * 32;
		uint32_t w = n >= lo + 32 ? 0xffffffffu :
			     n > lo ? (uint32_t)((1ull << (n - lo)) - 1) : 0;

		if (g == groups - 1)
			seq_printf(sb, "%0*x", (int)((nbits - lo + 3) / 4 < 8 ?
						     (nbits - lo + 3) / 4 : 8), w);
		else
			seq_printf(sb, ",%08x", w);
	}
}

/* task_mem(): the Vm* lines, and what follows them for a task with an mm */
static void render_task_mem(struct seqbuf *sb, const struct pmm_mm *mm)
{
	uint64_t rss = mm->rss_anon + mm->rss_file + mm->rss_shmem;
	uint64_t hvm = mm->hiwater_vm > mm->total_vm ? mm->hiwater_vm :
						       mm->total_vm;
	uint64_t hrss = mm->hiwater_rss > rss ? mm->hiwater_rss : rss;
	uint64_t text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
	uint64_t lib;

	if (text > mm->exec_vm << PAGE_SHIFT)
		text = mm->exec_vm << PAGE_SHIFT;
	lib = (mm->exec_vm << PAGE_SHIFT) - text;
#define KB(p) ((unsigned long long)(p) << (PAGE_SHIFT - 10))
	seq_printf(sb, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\n", KB(hvm),
		   KB(mm->total_vm));
	seq_printf(sb, "VmLck:\t%8llu kB\nVmPin:\t%8llu kB\n",
		   KB(mm->locked_vm), KB(mm->pinned_vm));
	seq_printf(sb, "VmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n", KB(hrss),
		   KB(rss));
	seq_printf(sb, "RssAnon:\t%8llu kB\nRssFile:\t%8llu kB\n"
		       "RssShmem:\t%8llu kB\n", KB(mm->rss_anon),
		   KB(mm->rss_file), KB(mm->rss_shmem));
	seq_printf(sb, "VmData:\t%8llu kB\nVmStk:\t%8llu kB\n",
		   KB(mm->data_vm), KB(mm->stack_vm));
	seq_printf(sb, "VmExe:\t%8llu kB\nVmLib:\t%8llu kB\n",
		   (unsigned long long)text >> 10, (unsigned long long)lib >> 10);
	seq_printf(sb, "VmPTE:\t%8llu kB\nVmSwap:\t%8llu kB\n",
		   (unsigned long long)mm->pgtables_bytes >> 10,
		   KB(mm->swap_ents));
	seq_printf(sb, "HugetlbPages:\t%8u kB\n", 0u);
#undef KB
	seq_printf(sb, "CoreDumping:\t0\nTHP_enabled:\t%d\n",
		   !(mm->def_flags & VM_NOHUGEPAGE));
	seq_printf(sb, "untag_mask:\t0xffffffffffffffff\n");
}

static void render_status(struct pmm_sim *sim, struct process *p,
			  struct seqbuf *sb)
{
	uint32_t uid = token_uid(p->token);
	unsigned int ncpu = 0;

	for (unsigned int n = 0; n < sim->cfg.nr_nodes; n++)
		for (int w = 0; w < PMM_MAX_CPUS / 64; w++)
			ncpu += (unsigned int)__builtin_popcountll(sim->cfg.node[n].cpus[w]);
	seq_printf(sb, "Name:\t%s\n", p->comm);
	seq_printf(sb, "Umask:\t0022\n");
	seq_printf(sb, "State:\tS (sleeping)\n");
	seq_printf(sb, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   p->pid, p->pid, p->ppid);
	seq_printf(sb, "Uid:\t%u\t%u\t%u\t%u\n", uid, uid, uid, uid);
	seq_printf(sb, "Gid:\t%u\t%u\t%u\t%u\n", uid, uid, uid, uid);
	seq_printf(sb, "FDSize:\t64\nGroups:\t\n");
	seq_printf(sb, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   p->pid, p->pid, p->pid, p->pid);
	seq_printf(sb, "Kthread:\t0\n");
	if (p->mm)
		render_task_mem(sb, p->mm);
	seq_printf(sb, "Threads:\t%u\n", p->nr_threads);
	seq_printf(sb, "SigQ:\t0/%" PRIu64 "\n", p->rlim[11].cur);
	seq_printf(sb, "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
		       "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"
		       "SigCgt:\t0000000000000000\n");
	{
		/* Capabilities are cosmetic under KACS: what the switchboard grants. */
		uint64_t caps = token_capability_mask(p->token);

		seq_printf(sb, "CapInh:\t0000000000000000\nCapPrm:\t%016" PRIx64
			       "\nCapEff:\t%016" PRIx64 "\nCapBnd:\t000001ffffffffff\n"
			       "CapAmb:\t0000000000000000\n", caps, caps);
	}
	seq_printf(sb, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_printf(sb, "Speculation_Store_Bypass:\tthread vulnerable\n"
		       "SpeculationIndirectBranch:\tconditional enabled\n");
	seq_printf(sb, "Cpus_allowed:\t");
	seq_lowmask(sb, ncpu, ncpu);
	seq_printf(sb, "\nCpus_allowed_list:\t");
	if (ncpu > 1)
		seq_printf(sb, "0-%u", ncpu - 1);
	else
		seq_printf(sb, "0");
	seq_printf(sb, "\nMems_allowed:\t");
	/* MAX_NUMNODES of a distribution kernel: CONFIG_NODES_SHIFT=10 */
	seq_lowmask(sb, sim->cfg.nr_nodes, 1024);
	seq_printf(sb, "\nMems_allowed_list:\t");
	if (sim->cfg.nr_nodes > 1)
		seq_printf(sb, "0-%u", sim->cfg.nr_nodes - 1);
	else
		seq_printf(sb, "0");
	seq_printf(sb, "\nvoluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
}

/* fs/proc/base.c proc_pid_limits(): the fixed-width table. */
static void render_limits(struct pmm_sim *sim, struct process *p,
			  struct seqbuf *sb)
{
	static const struct {
		const char *name;
		const char *unit;
	} lim[PMM_RLIMIT_NLIMITS] = {
		{ "Max cpu time", "seconds" },	  { "Max file size", "bytes" },
		{ "Max data size", "bytes" },	  { "Max stack size", "bytes" },
		{ "Max core file size", "bytes" }, { "Max resident set", "bytes" },
		{ "Max processes", "processes" }, { "Max open files", "files" },
		{ "Max locked memory", "bytes" }, { "Max address space", "bytes" },
		{ "Max file locks", "locks" },	  { "Max pending signals", "signals" },
		{ "Max msgqueue size", "bytes" }, { "Max nice priority", NULL },
		{ "Max realtime priority", NULL }, { "Max realtime timeout", "us" },
	};

	(void)sim;
	seq_printf(sb, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
		   "Hard Limit", "Units");
	for (int i = 0; i < PMM_RLIMIT_NLIMITS; i++) {
		const struct pmm_rlimit *r = &p->rlim[i];

		seq_printf(sb, "%-25s ", lim[i].name);
		if (r->cur == PMM_RLIM_INFINITY)
			seq_printf(sb, "%-20s ", "unlimited");
		else
			seq_printf(sb, "%-20" PRIu64 " ", r->cur);
		if (r->max == PMM_RLIM_INFINITY)
			seq_printf(sb, "%-20s ", "unlimited");
		else
			seq_printf(sb, "%-20" PRIu64 " ", r->max);
		if (lim[i].unit)
			seq_printf(sb, "%-10s\n", lim[i].unit);
		else
			seq_printf(sb, "\n");
	}
}

static void render_comm(struct pmm_sim *sim, struct process *p,
			struct seqbuf *sb)
{
	(void)sim;
	seq_printf(sb, "%s\n", p->comm);
}

static void render_oom_score_adj(struct pmm_sim *sim, struct process *p,
				 struct seqbuf *sb)
{
	(void)sim;
	seq_printf(sb, "%d\n", p->oom_score_adj);
}

static void render_maps(struct pmm_sim *sim, struct process *p,
			struct seqbuf *sb)
{
	vm_show_maps(sim, sb, p->mm, false);
}

static void render_smaps(struct pmm_sim *sim, struct process *p,
			 struct seqbuf *sb)
{
	vm_show_maps(sim, sb, p->mm, true);
}

/* proc_pid_statm() */
static void render_statm(struct pmm_sim *sim, struct process *p,
			 struct seqbuf *sb)
{
	const struct pmm_mm *mm = p->mm;
	uint64_t text, shared, rss;

	(void)sim;
	if (!mm) {
		seq_puts(sb, "0 0 0 0 0 0 0\n");
		return;
	}
	shared = mm->rss_file + mm->rss_shmem;
	rss = shared + mm->rss_anon;
	text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >>
	       PAGE_SHIFT;
	seq_printf(sb, "%llu %llu %llu %llu 0 %llu 0\n",
		   (unsigned long long)mm->total_vm, (unsigned long long)rss,
		   (unsigned long long)shared, (unsigned long long)text,
		   (unsigned long long)(mm->data_vm + mm->stack_vm));
}

/*
 * pagemap_read(): 8 bytes per virtual page from @off.  The PFN bits need
 * SeTcbPrivilege (CAP_SYS_ADMIN) of the reader at open (spec 01 rules
 * 18-19); the other bits are always there.  @whole: pmm_proc_read()
 * semantics (the full length is returned).
 */
static long pagemap_read(struct pmm_sim *sim, struct task *t, struct process *p,
			 void *buf, size_t size, uint64_t off, bool whole)
{
	struct sec_subject subj;
	uint64_t end, n = 0, *out = buf;
	bool show_pfn;

	if (!p->mm)
		return 0;
	if ((off % 8) || (size % 8 && !whole))
		return -EINVAL;
	show_pfn = true;		/* the kernel's own read */
	if (t) {
		task_subject(t, &subj);
		show_pfn = !gate_check(&sim->sec, GATE_PAGEMAP_PFN, &subj, NULL);
	}
	end = (p->mm->task_size >> PAGE_SHIFT) * 8;
	for (uint64_t o = off; o + 8 <= end && n + 8 <= size; o += 8, n += 8)
		out[n / 8] = vm_pagemap_entry(sim, p->mm, (o / 8) << PAGE_SHIFT,
					      show_pfn);
	return whole ? (long)end : (long)n;
}

/*
 * do_task_stat() of Linux 6.x for the whole process: 52 fields.  What the
 * simulator has no model of reads as a process that never ran: times,
 * signals, the tty, the arguments and environment (arg_start..env_end 0,
 * as cmdline is empty).  The code, stack and data addresses, wchan and
 * the exit code need a PTRACE_MODE_READ reader (@permitted), otherwise
 * they read 1 (code) or 0, as in Linux.
 */
static void render_task_stat(struct pmm_sim *sim, struct process *p,
			     bool permitted, struct seqbuf *sb)
{
	const struct pmm_mm *mm = p->mm;
	const struct pmm_rlimit *rss_lim = &p->rlim[5];	/* RLIMIT_RSS */
	/* starttime in USER_HZ (100) ticks */
	unsigned long long start = p->start_time / 10000000;

	(void)sim;
	/* flags: PF_RANDOMIZE (0x00400000) when the last exec randomised */
	seq_printf(sb, "%d (%s) S %d %d %d 0 -1 %u", p->pid, p->comm, p->ppid,
		   p->pid, p->pid, mm && mm->randomize ? 0x00400000u : 0u);
	seq_printf(sb, " %llu 0 %llu 0 0 0 0 0 20 0 %u 0 %llu",
		   (unsigned long long)(mm ? mm->min_flt : 0),
		   (unsigned long long)(mm ? mm->maj_flt : 0), p->nr_threads,
		   start);
	seq_printf(sb, " %llu %llu %" PRIu64,
		   (unsigned long long)(mm ? mm->total_vm << PAGE_SHIFT : 0),
		   (unsigned long long)(mm ? mm->rss_anon + mm->rss_file +
						     mm->rss_shmem : 0),
		   rss_lim->cur);
	seq_printf(sb, " %llu %llu %llu 0 0 0 0 0 0 %d 0 0 17 0 0 0 0 0 0",
		   !mm ? 0ull : permitted ? (unsigned long long)mm->start_code : 1,
		   !mm ? 0ull : permitted ? (unsigned long long)mm->end_code : 1,
		   (unsigned long long)(mm && permitted ? mm->start_stack : 0),
		   permitted && p->nr_threads < 2);		/* wchan */
	if (mm && permitted)
		seq_printf(sb, " %llu %llu %llu 0 0 0 0",
			   (unsigned long long)mm->start_data,
			   (unsigned long long)mm->end_data,
			   (unsigned long long)mm->start_brk);
	else
		seq_puts(sb, " 0 0 0 0 0 0 0");
	seq_printf(sb, " %d\n", permitted ? p->exit_code : 0);
}

static void render_stat(struct pmm_sim *sim, struct process *p,
			struct seqbuf *sb)
{
	render_task_stat(sim, p, true, sb);
}

/* No arguments are modelled: an empty argv (arg_start == arg_end). */
static void render_cmdline(struct pmm_sim *sim, struct process *p,
			   struct seqbuf *sb)
{
	(void)sim;
	(void)p;
	(void)sb;
}

/* Write-only (mode 0200): no read operation. */
static void render_write_only(struct pmm_sim *sim, struct process *p,
			      struct seqbuf *sb)
{
	(void)sim;
	(void)p;
	(void)sb;
}

/* Binary: mem is read and written at an offset that is an address. */
static void render_mem(struct pmm_sim *sim, struct process *p,
		       struct seqbuf *sb)
{
	(void)sim;
	(void)p;
	(void)sb;
}

/* Binary: pagemap is read through pmm_proc_pread(). */
static void render_binary(struct pmm_sim *sim, struct process *p,
			  struct seqbuf *sb)
{
	(void)sim;
	(void)p;
	(void)sb;
}

static void render_smaps_rollup(struct pmm_sim *sim, struct process *p,
				struct seqbuf *sb)
{
	vm_show_smaps_rollup(sim, sb, p->mm);
}

static void render_numa_maps(struct pmm_sim *sim, struct process *p,
			     struct seqbuf *sb)
{
	vm_show_numa_maps(sim, sb, p->mm);
}

static const struct pid_file {
	const char *name;
	enum gate_id gate;	/* the right the open needs (two-check rule) */
	void (*render)(struct pmm_sim *, struct process *, struct seqbuf *);
} pid_files[] = {
	{ "clear_refs", GATE_PROC_CLEAR_REFS_WRITE, render_write_only },
	{ "cmdline", GATE_PROC_CMDLINE_READ, render_cmdline },
	{ "comm", GATE_PROC_STAT_READ, render_comm },
	{ "limits", GATE_PROC_STATUS_READ, render_limits },
	{ "maps", GATE_PROC_MAPS_READ, render_maps },
	{ "mem", GATE_PROC_MEM_READ, render_mem },
	/* proc_maps_open(PTRACE_MODE_READ), as maps */
	{ "numa_maps", GATE_PROC_MAPS_READ, render_numa_maps },
	{ "oom_score_adj", GATE_OOM_SCORE_ADJ_READ, render_oom_score_adj },
	{ "pagemap", GATE_PROC_PAGEMAP_READ, render_binary },
	{ "smaps", GATE_PROC_SMAPS_READ, render_smaps },
	{ "smaps_rollup", GATE_PROC_SMAPS_READ, render_smaps_rollup },
	{ "stat", GATE_PROC_STAT_READ, render_stat },
	{ "statm", GATE_PROC_STAT_READ, render_statm },
	{ "status", GATE_PROC_STATUS_READ, render_status },
};

/* ---- system-wide files ----------------------------------------------------------- */

static void render_meminfo(struct pmm_sim *sim, struct seqbuf *sb)
{
	struct meminfo_extra x;

	memset(&x, 0, sizeof(x));
	x.commit_limit = (unsigned long)oom_commit_limit(sim);
	x.committed_as = sim->vm.committed;
	x.swap_total = (unsigned long)sim->swap.total_pages;
	x.swap_free = (unsigned long)sim->swap.free_pages;
	meminfo_render(&sim->numa, &x, sb);
}

/*
 * swap_show(): one line per active area in type order, the path escaped
 * as seq_file_path() does (" \t\n\\" as octal) and padded to 40 columns.
 */
static void render_swaps(struct pmm_sim *sim, struct seqbuf *sb)
{
	seq_printf(sb, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (unsigned int t = 0; t < MAX_SWAPFILES; t++) {
		const struct swap_info *si = sim->swap.si[t];
		unsigned long bytes, inuse;
		size_t len = 0;

		if (!si)
			continue;
		for (const char *p = si->inode->path; *p; p++) {
			if (strchr(" \t\n\\", *p)) {
				seq_printf(sb, "\\%03o", (unsigned char)*p);
				len += 4;
			} else {
				seq_printf(sb, "%c", *p);
				len++;
			}
		}
		bytes = (unsigned long)si->pages << (PAGE_SHIFT - 10);
		inuse = (unsigned long)si->inuse << (PAGE_SHIFT - 10);
		seq_printf(sb, "%*s%s\t%lu\t%s%lu\t%s%d\n",
			   len < 40 ? (int)(40 - len) : 1, " ",
			   si->partition ? "partition" : "file\t", bytes,
			   bytes < 10000000 ? "\t" : "", inuse,
			   inuse < 10000000 ? "\t" : "", si->prio);
	}
}

static void render_buddyinfo(struct pmm_sim *sim, struct seqbuf *sb)
{
	buddyinfo_render(&sim->numa, sb);
}

static void render_zoneinfo(struct pmm_sim *sim, struct seqbuf *sb)
{
	zoneinfo_render(&sim->numa, sb);
}

static const struct sys_file {
	const char *path;
	void (*render)(struct pmm_sim *, struct seqbuf *);
} sys_files[] = {
	{ "/proc/buddyinfo", render_buddyinfo },
	{ "/proc/meminfo", render_meminfo },
	{ "/proc/swaps", render_swaps },
	{ "/proc/vmstat", vmstat_render },
	{ "/proc/zoneinfo", render_zoneinfo },
};

/* ---- lookup ---------------------------------------------------------------------- */

enum proc_kind { PK_SYS, PK_PID, PK_SYSCTL, PK_NODE_MEMINFO, PK_SYSVIPC_SHM };

struct proc_path {
	enum proc_kind kind;
	const struct sys_file *sys;
	const struct pid_file *pf;
	struct process *proc;
	int sysctl;
	int node;
};

static bool parse_uint(const char *s, size_t n, long max, long *out)
{
	long v = 0;

	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

static int lookup(struct pmm_sim *sim, struct task *caller, const char *path,
		  struct proc_path *pp)
{
	static const char node_pfx[] = "/sys/devices/system/node/node";

	memset(pp, 0, sizeof(*pp));
	if (path[0] != '/')
		return -EINVAL;
	for (size_t i = 0; i < PMM_ARRAY_SIZE(sys_files); i++)
		if (!strcmp(path, sys_files[i].path)) {
			pp->kind = PK_SYS;
			pp->sys = &sys_files[i];
			return 0;
		}
	if (!strcmp(path, "/proc/sysvipc/shm")) {
		pp->kind = PK_SYSVIPC_SHM;
		return 0;
	}
	if (!strncmp(path, "/proc/sys/", 10)) {
		int id = sysctl_lookup_profile(path, sim_profile(sim));

		if (id < 0)
			return -ENOENT;
		pp->kind = PK_SYSCTL;
		pp->sysctl = id;
		return 0;
	}
	if (!strncmp(path, node_pfx, sizeof(node_pfx) - 1)) {
		const char *s = path + sizeof(node_pfx) - 1;
		const char *slash = strchr(s, '/');
		long nid;

		if (!slash || strcmp(slash, "/meminfo") ||
		    !parse_uint(s, (size_t)(slash - s), PMM_MAX_NODES - 1, &nid) ||
		    nid >= (long)sim->cfg.nr_nodes)
			return -ENOENT;
		pp->kind = PK_NODE_MEMINFO;
		pp->node = (int)nid;
		return 0;
	}
	if (!strncmp(path, "/proc/", 6)) {
		const char *s = path + 6;
		const char *slash = strchr(s, '/');
		long pid;

		if (!slash)
			return -ENOENT;
		if ((size_t)(slash - s) == 4 && !strncmp(s, "self", 4)) {
			if (!caller)
				return -ENOENT;	/* the kernel has no self */
			pp->proc = caller->proc;
		} else if (parse_uint(s, (size_t)(slash - s), PID_MAX_DEFAULT - 1,
				      &pid)) {
			pp->proc = process_lookup(sim, (pmm_pid_t)pid);
			if (!pp->proc)
				return -ENOENT;
		} else {
			return -ENOENT;
		}
		for (size_t i = 0; i < PMM_ARRAY_SIZE(pid_files); i++)
			if (!strcmp(slash + 1, pid_files[i].name)) {
				pp->kind = PK_PID;
				pp->pf = &pid_files[i];
				return 0;
			}
		return -ENOENT;
	}
	return -ENOENT;
}

static int caller_task(struct pmm_sim *sim, pmm_pid_t tid, struct task **out)
{
	*out = NULL;
	if (tid == 0)
		return 0;
	*out = task_live(sim, tid);
	if (!*out)
		return -ESRCH;
	task_set_current(sim, *out);
	return 0;
}

static int pid_gate(struct pmm_sim *sim, struct task *t, enum gate_id gate,
		    struct process *target)
{
	struct sec_subject subj;
	struct sec_target tgt;

	if (!t)
		return 0;
	task_subject(t, &subj);
	process_target(target, &tgt);
	return gate_check(&sim->sec, gate, &subj, &tgt);
}

static enum gate_id sysctl_write_gate(enum sysctl_id id)
{
	switch (sysctl_gate_class(id)) {
	case SYSCTL_GATE_KEY_RAWIO:
		return GATE_SYSCTL_WRITE_RAWIO;
	case SYSCTL_GATE_KEY_SYSADMIN:
		return GATE_SYSCTL_WRITE_SYSADMIN;
	default:
		return GATE_SYSCTL_WRITE;
	}
}

static int own_gate(struct pmm_sim *sim, struct task *t, enum gate_id gate)
{
	struct sec_subject subj;

	if (!t)
		return 0;
	task_subject(t, &subj);
	return gate_check(&sim->sec, gate, &subj, NULL);
}

/* What every read and write starts with: the arguments, the caller, the
 * file. */
static int proc_open(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		     bool buf_ok, struct task **t, struct proc_path *pp)
{
	int err;

	if (!sim || !path || !buf_ok)
		return -EINVAL;
	if ((err = caller_task(sim, tid, t)))
		return err;
	return lookup(sim, *t, path, pp);
}

long pmm_proc_read(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		   char *buf, size_t size)
{
	struct seqbuf sb = { .buf = buf, .size = buf ? size : 0 };
	struct proc_path pp;
	struct task *t;
	int err;

	if ((err = proc_open(sim, tid, path, buf || !size, &t, &pp)))
		return err;
	if (sb.size)
		sb.buf[0] = '\0';
	switch (pp.kind) {
	case PK_SYS:
		pp.sys->render(sim, &sb);
		break;
	case PK_NODE_MEMINFO:
		node_meminfo_render(&sim->numa, NULL, pp.node, &sb);
		break;
	case PK_SYSVIPC_SHM:
		/* filtered by what the reader may see (spec 03 rule 32) */
		shm_proc_render(sim, t, &sb);
		break;
	case PK_SYSCTL: {
		const struct sysctl_desc *d = sysctl_desc(pp.sysctl);

		/* 0600 files: root (linux) / the key's query right (Peios). */
		if (!(d->mode & 0044) && (d->mode & 0400) &&
		    (err = own_gate(sim, t, GATE_SYSCTL_READ_RESTRICTED)))
			return err;
		return sysctl_read(&sim->sysctl, pp.sysctl, buf, size);
	}
	case PK_PID:
		if ((err = pid_gate(sim, t, pp.pf->gate, pp.proc)))
			return err;
		if (pp.pf->render == render_binary)
			return pagemap_read(sim, t, pp.proc, buf, size, 0, true);
		if (pp.pf->render == render_mem)
			return vm_mem_rw(sim, pp.proc, 0, buf, size, false);
		if (pp.pf->render == render_write_only)
			return -EINVAL;
		if (pp.pf->render == render_stat) {
			/* ptrace_may_access(PTRACE_MODE_READ_FSCREDS |
			 * PTRACE_MODE_NOAUDIT): shows the addresses */
			render_task_stat(sim, pp.proc,
					 !pid_gate(sim, t, GATE_PTRACE_READ,
						   pp.proc), &sb);
			break;
		}
		pp.pf->render(sim, pp.proc, &sb);
		break;
	}
	return (long)sb.len;
}

/* The gate a write of a /proc/<pid> file needs, or -1: read-only. */
static int pid_file_write_gate(const struct pid_file *pf)
{
	if (!strcmp(pf->name, "oom_score_adj"))
		return GATE_OOM_SCORE_ADJ_WRITE_OTHER;
	if (!strcmp(pf->name, "clear_refs"))
		return GATE_PROC_CLEAR_REFS_WRITE;
	return -1;
}

int proc_file_open(struct pmm_sim *sim, struct task *t, const char *path,
		   bool read, bool write, int *mem_pid)
{
	struct proc_path pp;
	long r;
	int err;

	if ((err = lookup(sim, t, path, &pp)))
		return err;
	if (pp.kind == PK_PID && pp.pf->render == render_mem) {
		/* mem_open(): the ptrace check for the access mode asked for
		 * (spec 01 rule 20: O_RDWR needs both rights) */
		if (read && (err = pid_gate(sim, t, pp.pf->gate, pp.proc)))
			return err;
		if (write &&
		    (err = pid_gate(sim, t, GATE_PROC_MEM_WRITE, pp.proc)))
			return err;
		*mem_pid = pp.proc->pid;
		return 1;
	}
	/* a text file: the checks of a read, then of a write (0 bytes) */
	if (read && (r = pmm_proc_read(sim, t ? t->tid : 0, path, NULL, 0)) < 0)
		return (int)r;
	if (write && pp.kind != PK_SYSCTL &&
	    !(pp.kind == PK_PID && pid_file_write_gate(pp.pf) >= 0))
		return -EACCES;			/* read-only files */
	if (write && pp.kind == PK_SYSCTL &&
	    (err = own_gate(sim, t, sysctl_write_gate(pp.sysctl))))
		return err;
	if (write && pp.kind == PK_PID &&
	    (err = pid_gate(sim, t, pid_file_write_gate(pp.pf), pp.proc)))
		return err;
	return 0;
}

long pmm_proc_pwrite(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		     const void *data, size_t len, uint64_t off)
{
	struct proc_path pp;
	struct task *t;
	int err;

	if ((err = proc_open(sim, tid, path, data || !len, &t, &pp)))
		return err;
	if (pp.kind != PK_PID || pp.pf->render != render_mem)
		return off ? -EINVAL : pmm_proc_write(sim, tid, path, data, len);
	if ((err = pid_gate(sim, t, GATE_PROC_MEM_WRITE, pp.proc)))
		return err;
	return vm_mem_rw(sim, pp.proc, off, (void *)(uintptr_t)data, len, true);
}

long pmm_proc_pread(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		    void *buf, size_t size, uint64_t off)
{
	struct proc_path pp;
	struct task *t;
	char *text;
	long len, cap;
	int err;

	if ((err = proc_open(sim, tid, path, buf || !size, &t, &pp)))
		return err;
	if (pp.kind == PK_PID && pp.pf->render == render_binary) {
		if ((err = pid_gate(sim, t, pp.pf->gate, pp.proc)))
			return err;
		return pagemap_read(sim, t, pp.proc, buf, size, off, false);
	}
	if (pp.kind == PK_PID && pp.pf->render == render_mem) {
		if ((err = pid_gate(sim, t, pp.pf->gate, pp.proc)))
			return err;
		return vm_mem_rw(sim, pp.proc, off, buf, size, false);
	}
	/* a text file: render it whole, hand back the slice */
	cap = pmm_proc_read(sim, tid, path, NULL, 0);
	if (cap < 0)
		return cap;
	text = pmm_alloc(&sim->alloc, (size_t)cap + 1);
	if (!text)
		return -ENOMEM;
	len = pmm_proc_read(sim, tid, path, text, (size_t)cap + 1);
	if (len < 0 || len > cap || off >= (uint64_t)len) {
		pmm_free(&sim->alloc, text, (size_t)cap + 1);
		return len < 0 ? len : 0;
	}
	if (size > (uint64_t)len - off)
		size = (size_t)((uint64_t)len - off);
	memcpy(buf, text + off, size);
	pmm_free(&sim->alloc, text, (size_t)cap + 1);
	return (long)size;
}

/*
 * /proc/<pid>/oom_score_adj write (spec 06 §5-§6, Linux __set_oom_adj()).
 *
 * The floor below which a write needs the oom_score_adj_lower privilege is
 * the behaviour row oom_score_adj_ratchet: Peios (1) takes the current
 * value, so privileges are never amplified; Linux (0) takes
 * oom_score_adj_min, which a write by a CAP_SYS_RESOURCE holder sets to the
 * new value (has_capability_noaudit: no use recorded) and fork inherits.
 * The kernel (tid 0) writes as a holder of everything.
 */
static int write_oom_score_adj(struct pmm_sim *sim, struct task *t,
			       struct process *p, const char *data, size_t len)
{
	bool ratchet = sec_value(&sim->sec, GATE_OOM_SCORE_ADJ_RATCHET) != 0;
	char tmp[32];
	char *end;
	long v;
	int err;

	/* Linux: a decimal integer, then only whitespace; else EINVAL. */
	if (len >= sizeof(tmp) || len == 0)
		return -EINVAL;
	memcpy(tmp, data, len);
	tmp[len] = '\0';
	v = strtol(tmp, &end, 10);
	if (end == tmp)
		return -EINVAL;
	while (*end == ' ' || *end == '\n' || *end == '\t')
		end++;
	if (*end || v < -1000 || v > 1000)
		return -EINVAL;
	/* Another process: PROCESS_SET_INFORMATION and PIP (spec 06 rules 20-21). */
	if ((err = pid_gate(sim, t, GATE_OOM_SCORE_ADJ_WRITE_OTHER, p)))
		return err;
	/* Lowering below the floor: the caller's privilege (rules 14-17, 22). */
	if (v < (ratchet ? p->oom_score_adj : p->oom_score_adj_min) &&
	    (err = own_gate(sim, t, GATE_OOM_SCORE_ADJ_LOWER)))
		return err;
	if (!t || (!ratchet && token_capable(task_effective_token(t),
					      CAP_SYS_RESOURCE, false)))
		p->oom_score_adj_min = (int)v;
	p->oom_score_adj = (int)v;
	PMM_TRACE(sim, oom_score_adj_update, EV_S64("pid", p->pid),
		  EV_S64("oom_score_adj", v));
	return 0;
}

/*
 * /proc/<pid>/clear_refs write (fs/proc/task_mmu.c clear_refs_write()):
 * PROCESS_SET_INFORMATION and PIP (spec 01 rule 26), then a decimal type
 * 1-5.  5 resets the RSS high-water mark; 1 (all), 2 (anonymous) and 3
 * (file) clear the accessed bits of the mapped pages; 4 (soft-dirty) does
 * nothing on a kernel without CONFIG_MEM_SOFT_DIRTY, which is the one
 * modelled (VmFlags has no "sd").
 */
static int write_clear_refs(struct pmm_sim *sim, struct task *t,
			    struct process *p, const char *data, size_t len)
{
	char tmp[32];
	char *end;
	long v;
	int err;

	if ((err = pid_gate(sim, t, GATE_PROC_CLEAR_REFS_WRITE, p)))
		return err;
	if (len >= sizeof(tmp) || len == 0)
		return -EINVAL;
	memcpy(tmp, data, len);
	tmp[len] = '\0';
	v = strtol(tmp, &end, 10);
	if (end == tmp)
		return -EINVAL;
	while (*end == ' ' || *end == '\n' || *end == '\t')
		end++;
	if (*end || v < 1 || v > 5)
		return -EINVAL;
	if (v == 5 && p->mm)
		p->mm->hiwater_rss = p->mm->rss_anon + p->mm->rss_file +
				     p->mm->rss_shmem;
	else if (v <= 3 && p->mm)
		vm_clear_refs(sim, p->mm, (int)v);
	return 0;
}

long pmm_proc_write(struct pmm_sim *sim, pmm_pid_t tid, const char *path,
		    const char *data, size_t len)
{
	struct proc_path pp;
	struct task *t;
	int err;

	if ((err = proc_open(sim, tid, path, data || !len, &t, &pp)))
		return err;
	switch (pp.kind) {
	case PK_SYSCTL:
		if ((err = own_gate(sim, t, sysctl_write_gate(pp.sysctl))))
			return err;
		err = sysctl_write(&sim->sysctl, pp.sysctl, data, len);
		if (err)
			return err;
		sim_sysctl_changed(sim, pp.sysctl);
		PMM_TRACE(sim, sysctl_write, EV_STR("name", sysctl_name(pp.sysctl)),
			  EV_S64("pid", t ? t->proc->pid : 0));
		return (long)len;
	case PK_PID:
		if (!strcmp(pp.pf->name, "oom_score_adj")) {
			err = write_oom_score_adj(sim, t, pp.proc, data, len);
			return err ? err : (long)len;
		}
		if (!strcmp(pp.pf->name, "clear_refs")) {
			err = write_clear_refs(sim, t, pp.proc, data, len);
			return err ? err : (long)len;
		}
		return -EACCES;		/* read-only files (mode 0444) */
	default:
		return -EACCES;
	}
}
