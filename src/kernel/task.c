// SPDX-License-Identifier: MIT
/*
 * task.c - processes and threads: the pid map, creation, fork, exit, kill,
 * impersonation, rlimits, AdjustPrivileges on a process's token and
 * kacs_set_sd() on its process SD.
 *
 * pids are allocated as Linux's alloc_pid() does: cyclically upward from the
 * last one handed out, wrapping to RESERVED_PIDS at pid_max, skipping any in
 * use.  A dead process stays as a zombie that keeps its pid (there is no
 * wait() in the model), so a pid names one process for the machine's life
 * unless the pid space wraps.
 *
 * Cross-process operations go through the gate table (src/sec/gate.c): the
 * two-check rule of spec 00 §7 with the per-profile requirement of each row.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel.h"
#include "sec/gate.h"

/* ---- the pid map ------------------------------------------------------------ */

static struct pid_slot *pid_slot(struct pmm_sim *sim, pmm_pid_t pid,
				 bool create)
{
	struct pid_slot **leaf;

	if (pid <= 0 || pid >= PID_MAX_DEFAULT)
		return NULL;
	leaf = &sim->pids.leaf[pid >> PIDMAP_LEAF_BITS];
	if (!*leaf) {
		if (!create)
			return NULL;
		*leaf = pmm_calloc(&sim->alloc, PIDMAP_LEAF_SIZE,
				   sizeof(**leaf));
		if (!*leaf)
			return NULL;
	}
	return &(*leaf)[pid & (PIDMAP_LEAF_SIZE - 1)];
}

static bool pid_in_use(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct pid_slot *s = pid_slot(sim, pid, false);

	return s && (s->task || s->zombie);
}

/* Find the next free pid after the cursor; does not claim it. */
static pmm_pid_t pid_next_free(struct pmm_sim *sim)
{
	pmm_pid_t pid = sim->pids.last_pid;

	for (long tries = 0; tries < PID_MAX_DEFAULT; tries++) {
		pid++;
		if (pid >= PID_MAX_DEFAULT)
			pid = RESERVED_PIDS;
		if (!pid_in_use(sim, pid))
			return pid;
	}
	return -EAGAIN;
}

/* Reserve a pid and make sure its slot exists, so claiming it cannot fail. */
static int pid_reserve(struct pmm_sim *sim, pmm_pid_t *out)
{
	pmm_pid_t pid = pid_next_free(sim);

	if (pid < 0)
		return pid;
	if (!pid_slot(sim, pid, true))
		return -ENOMEM;
	*out = pid;
	return 0;
}

static void pid_claim_task(struct pmm_sim *sim, struct task *t)
{
	struct pid_slot *s = pid_slot(sim, t->tid, false);

	PMM_BUG_ON(!s || s->task || s->zombie);
	s->task = t;
	sim->pids.last_pid = t->tid;
	sim->pids.nr_used++;
}

static void pid_release(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct pid_slot *s = pid_slot(sim, pid, false);

	PMM_BUG_ON(!s || !(s->task || s->zombie));
	s->task = NULL;
	s->zombie = NULL;
	sim->pids.nr_used--;
}

struct task *task_lookup(struct pmm_sim *sim, pmm_pid_t tid)
{
	struct pid_slot *s = pid_slot(sim, tid, false);

	return s ? s->task : NULL;
}

/* A live thread by tid (the pid map holds only live threads). */
struct task *task_live(struct pmm_sim *sim, pmm_pid_t tid)
{
	struct task *t;

	/* the last thread looked up: callers repeat themselves */
	if (sim->last_task && sim->last_task->tid == tid)
		return sim->last_task;
	t = task_lookup(sim, tid);
	if (!t || t->proc->state != PMM_PROC_ALIVE)
		return NULL;
	sim->last_task = t;
	return t;
}

/*
 * The thread @tid making an API call: 0 with *@out set, -EINVAL for a NULL
 * @sim, -ESRCH when @tid is no live thread.
 */
int task_caller(struct pmm_sim *sim, pmm_pid_t tid, struct task **out)
{
	if (!sim)
		return -EINVAL;
	*out = task_live(sim, tid);
	if (!*out)
		return -ESRCH;
	task_set_current(sim, *out);
	return 0;
}

/* A live process by pid: the tid must be its main thread. */
struct process *process_lookup(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct task *t = task_lookup(sim, pid);

	if (!t || t->proc->pid != pid || t->proc->state != PMM_PROC_ALIVE)
		return NULL;
	return t->proc;
}

/* ---- security glue ----------------------------------------------------------- */

struct pmm_token *task_effective_token(const struct task *t)
{
	return t->imp_token ? t->imp_token : t->proc->token;
}

void task_subject(struct task *t, struct sec_subject *subj)
{
	memset(subj, 0, sizeof(*subj));
	subj->effective = task_effective_token(t);
	subj->primary = t->proc->token;
	subj->pip_type = t->proc->pip_type;
	subj->pip_trust = t->proc->pip_trust;
	subj->identity = t->proc;
}

void process_target(struct process *p, struct sec_target *tgt)
{
	memset(tgt, 0, sizeof(*tgt));
	tgt->sd = p->sd;
	tgt->pip_type = p->pip_type;
	tgt->pip_trust = p->pip_trust;
	tgt->identity = p;
}

/* Gate @id for thread @t acting on process @target (NULL: not cross-process). */
int task_gate(struct pmm_sim *sim, enum gate_id id, struct task *t,
	      struct process *target)
{
	struct sec_subject subj;
	struct sec_target tgt;

	task_subject(t, &subj);
	if (!target)
		return gate_check(&sim->sec, id, &subj, NULL);
	process_target(target, &tgt);
	return gate_check(&sim->sec, id, &subj, &tgt);
}

/* ---- rlimits ----------------------------------------------------------------- */

/*
 * Linux defaults (include/asm-generic/resource.h, fork_init()): everything
 * unlimited except STACK 8 MiB soft, CORE 0 soft, NOFILE 1024/4096, MEMLOCK
 * 8 MiB, MSGQUEUE 819200, NICE/RTPRIO 0, NPROC and SIGPENDING max_threads/2
 * where max_threads = totalram_pages / 32 (8 stacks of 16 KiB per page
 * ratio), clamped to [20, FUTEX_TID_MASK].
 */
static void rlimits_default(struct pmm_sim *sim, struct pmm_rlimit *r)
{
	uint64_t max_threads = sim->numa.totalram_pages / 32;

	if (max_threads < 20)
		max_threads = 20;
	if (max_threads > 0x3fffffff)
		max_threads = 0x3fffffff;
	for (int i = 0; i < PMM_RLIMIT_NLIMITS; i++)
		r[i] = (struct pmm_rlimit){ PMM_RLIM_INFINITY,
					    PMM_RLIM_INFINITY };
	r[PMM_RLIMIT_STACK].cur = 8ull << 20;
	r[4].cur = 0;					/* RLIMIT_CORE */
	r[6] = (struct pmm_rlimit){ max_threads / 2, max_threads / 2 };
	r[PMM_RLIMIT_NOFILE] = (struct pmm_rlimit){ 1024, 4096 };
	r[PMM_RLIMIT_MEMLOCK] = (struct pmm_rlimit){ 8ull << 20, 8ull << 20 };
	r[11] = (struct pmm_rlimit){ max_threads / 2, max_threads / 2 };
	r[12] = (struct pmm_rlimit){ 819200, 819200 };	/* RLIMIT_MSGQUEUE */
	r[13] = (struct pmm_rlimit){ 0, 0 };		/* RLIMIT_NICE */
	r[14] = (struct pmm_rlimit){ 0, 0 };		/* RLIMIT_RTPRIO */
}

/* ---- creation and teardown --------------------------------------------------- */

static struct task *task_alloc(struct pmm_sim *sim, struct process *p)
{
	struct task *t = pmm_zalloc(&sim->alloc, sizeof(*t));

	if (t) {
		t->proc = p;
		list_init(&t->node);
	}
	return t;
}

static bool cpu_in(const uint64_t *mask, unsigned int cpu)
{
	return mask[cpu / 64] & (1ull << (cpu % 64));
}

int cpu_to_node(const struct pmm_sim *sim, unsigned int cpu)
{
	for (unsigned int n = 0; n < sim->numa.nr_nodes; n++)
		if (cpu < PMM_MAX_CPUS && cpu_in(sim->numa.nodes[n].cpus, cpu))
			return (int)n;
	return 0;
}

/*
 * select_task_rq() for a new task: the load balancer spreads new tasks
 * over the CPUs their affinity allows; here deterministically, the next
 * allowed CPU after the last one given out (round robin).  Affinity is
 * inherited from the creator (@allowed; NULL: every CPU).
 */
static void task_place(struct pmm_sim *sim, struct task *t,
		       const uint64_t *allowed)
{
	unsigned int n = sim->numa.nr_cpu_ids;

	memcpy(t->cpus_allowed, allowed ? allowed : sim->numa.cpu_online,
	       sizeof(t->cpus_allowed));
	t->cpu = 0;
	for (unsigned int k = 0; k < n; k++) {
		unsigned int c = (sim->sched_next_cpu + k) % n;

		if (cpu_in(t->cpus_allowed, c) && cpu_in(sim->numa.cpu_online, c)) {
			t->cpu = c;
			sim->sched_next_cpu = c + 1;
			return;
		}
	}
}

static void task_link(struct pmm_sim *sim, struct task *t, pmm_pid_t tid)
{
	t->tid = tid;
	pid_claim_task(sim, t);
	list_add_tail(&t->node, &t->proc->threads);
	t->proc->nr_threads++;
	sim->nr_threads++;
}

static void task_free(struct pmm_sim *sim, struct task *t)
{
	if (sim->last_task == t)
		sim->last_task = NULL;
	pmm_token_put(t->imp_token);
	pmm_free(&sim->alloc, t, sizeof(*t));
}

static void process_free(struct pmm_sim *sim, struct process *p)
{
	fdtable_close_all(sim, &p->files);
	mm_free(sim, p->mm);
	sd_free(p->sd);
	pmm_token_put(p->token);
	pmm_free(&sim->alloc, p, sizeof(*p));
}

/*
 * Allocate a process with its main thread and pid, everything that can fail
 * done; the caller fills in the fields and calls process_commit().
 */
static int process_prepare(struct pmm_sim *sim, struct pmm_token *token,
			   const struct pmm_token *sd_owner,
			   struct process **out_p, struct task **out_t,
			   pmm_pid_t *out_pid)
{
	struct process *p;
	struct task *t;
	int err;

	err = pid_reserve(sim, out_pid);
	if (err)
		return err;
	p = pmm_zalloc(&sim->alloc, sizeof(*p));
	if (!p)
		return -ENOMEM;
	list_init(&p->threads);
	list_init(&p->node);
	t = task_alloc(sim, p);
	if (!t) {
		err = -ENOMEM;
		goto out_free_p;
	}
	/* Spec 00 §6: a new default SD owned by the creator's primary user. */
	err = sd_create_process_default(&sim->alloc, sd_owner, token, &p->sd);
	if (err)
		goto out_free_t;
	p->token = pmm_token_get(token);
	*out_p = p;
	*out_t = t;
	return 0;
out_free_t:
	task_free(sim, t);
out_free_p:
	pmm_free(&sim->alloc, p, sizeof(*p));
	return err;
}

static void process_commit(struct pmm_sim *sim, struct process *p,
			   struct task *t, pmm_pid_t pid)
{
	p->pid = pid;
	p->state = PMM_PROC_ALIVE;
	p->start_time = sim->now;
	task_link(sim, t, pid);
	list_add_tail(&p->node, &sim->processes);
	sim->nr_processes++;
}

void pmm_process_config_init(struct pmm_process_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
}

static bool rlimit_valid(const struct pmm_rlimit *r)
{
	return r->cur <= r->max;
}

int pmm_process_create(struct pmm_sim *sim,
		       const struct pmm_process_config *cfg, pmm_pid_t *pidp)
{
	struct pmm_token *tok;
	struct process *p;
	struct task *t;
	pmm_pid_t pid;
	int err;

	if (!sim || !cfg || !pidp)
		return -EINVAL;
	if (cfg->oom_score_adj < -1000 || cfg->oom_score_adj > 1000)
		return -EINVAL;
	if (cfg->rlim_set >> PMM_RLIMIT_NLIMITS)
		return -EINVAL;
	for (int i = 0; i < PMM_RLIMIT_NLIMITS; i++)
		if ((cfg->rlim_set & (1u << i)) && !rlimit_valid(&cfg->rlim[i]))
			return -EINVAL;
	tok = cfg->token ? cfg->token : sim->default_token;
	err = process_prepare(sim, tok, tok, &p, &t, &pid);
	if (err)
		return err;
	rlimits_default(sim, p->rlim);
	for (int i = 0; i < PMM_RLIMIT_NLIMITS; i++)
		if (cfg->rlim_set & (1u << i))
			p->rlim[i] = cfg->rlim[i];
	p->pip_type = cfg->pip_type;
	p->pip_trust = cfg->pip_trust;
	/* An empty address space with the layout an exec would choose. */
	p->mm = mm_alloc(sim);
	if (!p->mm) {
		task_free(sim, t);
		process_free(sim, p);
		return -ENOMEM;
	}
	vm_pick_layout(sim, p, p->mm);
	/* x86 Linux's init_pkru_value: key 0 open, the others disabled */
	t->pkru = vm_has_pkeys(sim) ? PKRU_DEFAULT : 0;
	/* Spec 02 §3: W^X is on by default where the page says so. */
	if (gate_value(&sim->sec, GATE_WX_ENFORCE, sim_profile(sim)))
		p->mitigations |= PMM_MIT_WXP;
	p->oom_score_adj = cfg->oom_score_adj;
	p->oom_score_adj_min = cfg->oom_score_adj;
	/* Spec 00 §9: PIP-protected processes are made non-dumpable. */
	p->dumpable = cfg->pip_type == 0;
	snprintf(p->comm, sizeof(p->comm), "%s", cfg->comm ? cfg->comm : "proc");
	p->ppid = 0;
	task_place(sim, t, NULL);
	process_commit(sim, p, t, pid);
	PMM_TRACE(sim, task_create, EV_S64("pid", pid), EV_S64("ppid", 0),
		  EV_STR("comm", p->comm));
	*pidp = pid;
	return 0;
}

int pmm_thread_create(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t *out)
{
	struct task *cur, *t;
	pmm_pid_t newtid;
	int err;

	if (!sim || !out)
		return -EINVAL;
	cur = task_live(sim, tid);
	if (!cur)
		return -ESRCH;
	err = pid_reserve(sim, &newtid);
	if (err)
		return err;
	t = task_alloc(sim, cur->proc);
	if (!t)
		return -ENOMEM;
	/* New threads inherit the creating thread's PKRU (spec 14). */
	t->pkru = cur->pkru;
	task_place(sim, t, cur->cpus_allowed);
	task_link(sim, t, newtid);
	PMM_TRACE(sim, task_thread_create, EV_S64("pid", cur->proc->pid),
		  EV_S64("tid", newtid));
	*out = newtid;
	return 0;
}

int pmm_fork(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t *childp)
{
	struct pmm_token *copy;
	struct process *parent, *p;
	struct task *cur, *t;
	pmm_pid_t pid;
	int err;

	if (!sim || !childp)
		return -EINVAL;
	cur = task_live(sim, tid);
	if (!cur)
		return -ESRCH;
	task_set_current(sim, cur);
	parent = cur->proc;
	/* Spec 00 §3: a deep copy of the primary token, never the impersonation one. */
	err = pmm_token_duplicate(parent->token, &copy);
	if (err)
		return err;
	err = process_prepare(sim, copy, parent->token, &p, &t, &pid);
	pmm_token_put(copy);	/* the child holds its own reference now */
	if (err)
		return err;
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	p->mm = mm_alloc(sim);
	err = p->mm ? vm_dup_mm(sim, p->mm, parent->mm, cur) : -ENOMEM;
	/* copy_files(): the child shares every open file description */
	if (!err)
		err = fdtable_copy(sim, &p->files, &parent->files);
	if (err) {
		task_free(sim, t);
		process_free(sim, p);
		return err;
	}
	/* KACS §5.2: mitigation bits are inherited at fork. */
	p->mitigations = parent->mitigations;
	p->pip_type = parent->pip_type;		/* spec 00 §9: fork inherits PIP */
	p->pip_trust = parent->pip_trust;
	p->oom_score_adj = parent->oom_score_adj;
	p->oom_score_adj_min = parent->oom_score_adj_min;
	p->dumpable = parent->dumpable;
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	p->ppid = parent->pid;
	t->pkru = cur->pkru;			/* spec 14: PKRU survives fork */
	task_place(sim, t, cur->cpus_allowed);
	process_commit(sim, p, t, pid);
	PMM_TRACE(sim, task_create, EV_S64("pid", pid),
		  EV_S64("ppid", parent->pid), EV_STR("comm", p->comm));
	*childp = pid;
	return 0;
}

/* End a process: free its threads, keep it as a zombie holding its pid. */
static void process_die(struct pmm_sim *sim, struct process *p,
			enum pmm_process_state how, int code)
{
	struct list_head *pos, *n;
	struct pid_slot *s;

	PMM_BUG_ON(p->state != PMM_PROC_ALIVE);
	list_for_each_safe(pos, n, &p->threads) {
		struct task *t = list_entry(pos, struct task, node);

		list_del(&t->node);
		pid_release(sim, t->tid);
		task_free(sim, t);
		sim->nr_threads--;
	}
	p->nr_threads = 0;
	/* exit_mmap(): everything is unmapped and the commit returned;
	 * exit_files() closes every descriptor. */
	mm_free(sim, p->mm);
	p->mm = NULL;
	fdtable_close_all(sim, &p->files);
	p->state = how;
	p->exit_code = code;
	sim->nr_processes--;
	/* The zombie keeps the pid (pid_release() cleared the slot). */
	s = pid_slot(sim, p->pid, false);
	PMM_BUG_ON(!s);
	s->zombie = p;
	sim->pids.nr_used++;
	if (how == PMM_PROC_EXITED)
		PMM_TRACE(sim, task_exit, EV_S64("pid", p->pid),
			  EV_S64("code", code));
	else
		PMM_TRACE(sim, task_killed, EV_S64("pid", p->pid),
			  EV_S64("sig", code));
}

void process_kill(struct pmm_sim *sim, struct process *p, int sig)
{
	if (p->state == PMM_PROC_ALIVE)
		process_die(sim, p, PMM_PROC_KILLED, sig);
}

int pmm_exit(struct pmm_sim *sim, pmm_pid_t tid, int code)
{
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	process_die(sim, t->proc, PMM_PROC_EXITED, code & 0xff);
	return 0;
}

void tasks_fini(struct pmm_sim *sim)
{
	struct list_head *pos, *n;

	list_for_each_safe(pos, n, &sim->processes) {
		struct process *p = list_entry(pos, struct process, node);

		if (p->state == PMM_PROC_ALIVE)
			process_die(sim, p, PMM_PROC_KILLED, 9);
		pid_release(sim, p->pid);
		list_del(&p->node);
		process_free(sim, p);
	}
	for (size_t i = 0; i < PIDMAP_NR_LEAVES; i++) {
		pmm_free(&sim->alloc, sim->pids.leaf[i],
			 PIDMAP_LEAF_SIZE * sizeof(struct pid_slot));
		sim->pids.leaf[i] = NULL;
	}
}

/* ---- signals ----------------------------------------------------------------- */

/* x86-64 signal numbers whose default action matters here. */
enum { SIG_CHLD = 17, SIG_CONT = 18, SIG_STOP = 19, SIG_TSTP = 20,
       SIG_TTIN = 21, SIG_TTOU = 22, SIG_URG = 23, SIG_WINCH = 28,
       SIG_KILL = 9, NSIG_MAX = 64 };

static bool sig_ignored_by_default(int sig)
{
	return sig == SIG_CHLD || sig == SIG_URG || sig == SIG_WINCH;
}

static bool sig_is_stop_class(int sig)
{
	return sig == SIG_STOP || sig == SIG_TSTP || sig == SIG_TTIN ||
	       sig == SIG_TTOU || sig == SIG_CONT;
}

/* The process right a signal needs (spec 00 §6). */
static enum gate_id kill_gate(int sig)
{
	if (sig == 0)
		return GATE_KILL_PROBE;
	if (sig_ignored_by_default(sig))
		return GATE_KILL_SIGNAL;
	if (sig_is_stop_class(sig))
		return GATE_KILL_SUSPEND;
	return GATE_KILL;
}

int pmm_kill(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target, int sig)
{
	struct process *p;
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (sig < 0 || sig > NSIG_MAX)
		return -EINVAL;
	if (target <= 0)	/* process groups are not modelled */
		return -EINVAL;
	p = process_lookup(sim, target);
	if (!p)
		return -ESRCH;
	err = task_gate(sim, kill_gate(sig), t, p == t->proc ? NULL : p);
	if (err)
		return err;
	if (sig == 0 || sig_ignored_by_default(sig) || sig_is_stop_class(sig))
		return 0;	/* no handlers modelled; stops do not end it */
	process_die(sim, p, PMM_PROC_KILLED, sig);
	return 0;
}

/* ---- CPUs ------------------------------------------------------------------------ */

/* The thread @target (0: @t itself) and the gate for another process's. */
static int affinity_target(struct pmm_sim *sim, struct task *t,
			   pmm_pid_t target, bool set, struct task **out)
{
	struct task *o = target ? task_live(sim, target) : t;
	int err;

	if (target < 0 || !o)
		return -ESRCH;
	/* sched_setaffinity: check_same_owner() or CAP_SYS_NICE; reading
	 * another's affinity needs nothing in Linux (only it exists) */
	if (set && o->proc != t->proc) {
		err = task_gate(sim, GATE_SCHED_SETAFFINITY_OTHER, t, o->proc);
		if (err)
			return err;
	}
	*out = o;
	return 0;
}

int pmm_sched_setaffinity(struct pmm_sim *sim, pmm_pid_t tid,
			  pmm_pid_t target, const uint64_t *mask,
			  unsigned int nwords)
{
	uint64_t m[PMM_MAX_CPUS / 64] = { 0 };
	bool any = false;
	struct task *t, *o;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (!mask && nwords)
		return -EFAULT;
	for (unsigned int w = 0; w < nwords && w < PMM_MAX_CPUS / 64; w++) {
		m[w] = mask[w] & sim->numa.cpu_online[w];
		any |= m[w] != 0;
	}
	err = affinity_target(sim, t, target, true, &o);
	if (err)
		return err;
	/* __set_cpus_allowed_ptr(): no online CPU in it is EINVAL */
	if (!any)
		return -EINVAL;
	memcpy(o->cpus_allowed, m, sizeof(m));
	if (!cpu_in(m, o->cpu)) {
		/* migrate to the first CPU it may use (move_queued_task()) */
		for (unsigned int c = 0; c < sim->numa.nr_cpu_ids; c++)
			if (cpu_in(m, c)) {
				o->cpu = c;
				break;
			}
	}
	PMM_TRACE(sim, sched_migrate, EV_S64("tid", o->tid),
		  EV_U64("cpu", o->cpu));
	return 0;
}

int pmm_sched_getaffinity(struct pmm_sim *sim, pmm_pid_t tid,
			  pmm_pid_t target, uint64_t *mask, unsigned int nwords)
{
	unsigned int need = (sim ? sim->numa.nr_cpu_ids + 63 : 0) / 64;
	struct task *t, *o;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	/* the kernel's cpumask must fit: nr_cpu_ids bits in longs */
	if (nwords < need || nwords > PMM_MAX_CPUS / 64)
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	err = affinity_target(sim, t, target, false, &o);
	if (err)
		return err;
	memset(mask, 0, nwords * sizeof(*mask));
	memcpy(mask, o->cpus_allowed, need * sizeof(*mask));
	for (unsigned int w = 0; w < need; w++)
		mask[w] &= sim->numa.cpu_online[w];
	return (int)(need * sizeof(*mask));
}

int pmm_sched_getcpu(struct pmm_sim *sim, pmm_pid_t tid)
{
	struct task *t;
	int err = task_caller(sim, tid, &t);

	return err ? err : (int)t->cpu;
}

/* ---- impersonation and privileges ---------------------------------------------- */

int pmm_impersonate(struct pmm_sim *sim, pmm_pid_t tid, struct pmm_token *tok)
{
	struct task *t;
	int err;

	if (!sim || !tok)
		return -EINVAL;
	t = task_live(sim, tid);
	if (!t)
		return -ESRCH;
	/*
	 * SeImpersonatePrivilege is checked on the primary token (spec 00 §4);
	 * a token of the same user at no higher integrity needs none.
	 */
	if (!token_may_impersonate_without_privilege(t->proc->token, tok)) {
		err = gate_check_token(&sim->sec, GATE_IMPERSONATE,
				       t->proc->token);
		if (err)
			return err;
	}
	pmm_token_put(t->imp_token);
	t->imp_token = pmm_token_get(tok);
	return 0;
}

int pmm_revert(struct pmm_sim *sim, pmm_pid_t tid)
{
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	pmm_token_put(t->imp_token);
	t->imp_token = NULL;
	return 0;
}

/* Resolve "0 = my own process" and run the cross-process gate if needed. */
int task_target_process(struct pmm_sim *sim, struct task *t,
			pmm_pid_t target, enum gate_id gate,
			struct process **out)
{
	struct process *p;
	int err;

	if (target < 0)
		return -EINVAL;
	p = target == 0 ? t->proc : process_lookup(sim, target);
	if (!p)
		return -ESRCH;
	if (p != t->proc) {
		err = task_gate(sim, gate, t, p);
		if (err)
			return err;
	}
	*out = p;
	return 0;
}

int pmm_adjust_privileges(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target,
			  const struct pmm_priv_adjust *adj, unsigned int count,
			  uint64_t *previous_enabled)
{
	struct process *p;
	struct task *t;
	int err;

	if (!sim || !adj)
		return -EINVAL;
	t = task_live(sim, tid);
	if (!t)
		return -ESRCH;
	err = task_target_process(sim, t, target,
				  GATE_ADJUST_PRIVILEGES_OTHER, &p);
	if (err)
		return err;
	return pmm_token_adjust_privileges(p->token, adj, count,
					   previous_enabled);
}

/*
 * kacs_set_sd() with only the DACL: WRITE_DAC by AccessCheck (or
 * SeDebugPrivilege) plus PIP, on any process, the caller's own included -
 * changing the SD is an operation on the SD, not a process-boundary one,
 * and the default DACL is what grants the process's own user WRITE_DAC
 * (spec 00 §6, "Lifecycle").  The new SD is built before the check, so a
 * refusal or bad input leaves the old one in place.
 */
int pmm_process_set_dacl(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target,
			 const struct pmm_ace *aces, unsigned int nr_aces)
{
	struct sec_subject subj;
	struct sec_target tgt;
	struct process *p;
	struct task *t;
	struct sd *sd;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	if (target < 0)
		return -EINVAL;
	p = target == 0 ? t->proc : process_lookup(sim, target);
	if (!p)
		return -ESRCH;
	err = sd_replace_dacl(p->sd, PROCESS_VALID_RIGHTS, aces, nr_aces, &sd);
	if (err)
		return err;
	task_subject(t, &subj);
	process_target(p, &tgt);
	err = __sec_process_access(&sim->sec, &subj, &tgt, WRITE_DAC, EACCES,
				   false);
	if (err) {
		sd_free(sd);
		return err;
	}
	sd_free(p->sd);
	p->sd = sd;
	return 0;
}

int pmm_prlimit(struct pmm_sim *sim, pmm_pid_t tid, pmm_pid_t target,
		int resource, const struct pmm_rlimit *newlim,
		struct pmm_rlimit *oldlim)
{
	struct process *p;
	struct pmm_rlimit *r;
	struct task *t;
	int err;

	if (!sim)
		return -EINVAL;
	if (resource < 0 || resource >= PMM_RLIMIT_NLIMITS)
		return -EINVAL;
	t = task_live(sim, tid);
	if (!t)
		return -ESRCH;
	err = task_target_process(sim, t, target,
				  newlim ? GATE_PRLIMIT_WRITE_OTHER :
					   GATE_PRLIMIT_READ_OTHER, &p);
	if (err)
		return err;
	r = &p->rlim[resource];
	if (newlim) {
		if (!rlimit_valid(newlim))
			return -EINVAL;
		/* Linux: RLIMIT_NOFILE may not exceed fs.nr_open (1048576). */
		if (resource == PMM_RLIMIT_NOFILE && newlim->max > 1048576)
			return -EPERM;
		if (newlim->max > r->max) {
			err = task_gate(sim, GATE_RLIMIT_RAISE_HARD, t, NULL);
			if (err)
				return err;
		}
	}
	if (oldlim)
		*oldlim = *r;
	if (newlim) {
		*r = *newlim;
		PMM_TRACE(sim, task_rlimit, EV_S64("pid", p->pid),
			  EV_S64("resource", resource), EV_U64("cur", r->cur),
			  EV_U64("max", r->max));
	}
	return 0;
}

struct pmm_token *pmm_process_token(struct pmm_sim *sim, pmm_pid_t pid)
{
	struct process *p = sim ? process_lookup(sim, pid) : NULL;

	return p ? p->token : NULL;
}

struct pmm_token *pmm_thread_effective_token(struct pmm_sim *sim,
					     pmm_pid_t tid)
{
	struct task *t = sim ? task_lookup(sim, tid) : NULL;

	return t ? task_effective_token(t) : NULL;
}

enum pmm_process_state pmm_process_state(struct pmm_sim *sim, pmm_pid_t pid,
					 int *code)
{
	struct pid_slot *s = sim ? pid_slot(sim, pid, false) : NULL;
	struct process *p = NULL;

	if (s && s->zombie)
		p = s->zombie;
	else if (s && s->task && s->task->proc->pid == pid)
		p = s->task->proc;
	if (!p)
		return PMM_PROC_NONE;
	if (code)
		*code = p->exit_code;
	return p->state;
}

/* ---- invariants ------------------------------------------------------------------- */

bool tasks_consistent(struct pmm_sim *sim, char *msg, size_t size)
{
	unsigned long live = 0, threads = 0, used = 0;
	struct list_head *pos, *tp;

	list_for_each(pos, &sim->processes) {
		struct process *p = list_entry(pos, struct process, node);
		unsigned int nt = 0;
		struct pid_slot *s = pid_slot(sim, p->pid, false);

		if (!s) {
			snprintf(msg, size, "task: pid %d has no slot", p->pid);
			return false;
		}
		if (p->state == PMM_PROC_ALIVE) {
			live++;
			if (!s->task || s->task->proc != p) {
				snprintf(msg, size,
					 "task: pid %d slot does not hold its main thread",
					 p->pid);
				return false;
			}
		} else if (s->zombie != p || !list_empty(&p->threads)) {
			snprintf(msg, size, "task: dead pid %d not a clean zombie",
				 p->pid);
			return false;
		} else {
			used++;
		}
		list_for_each(tp, &p->threads) {
			struct task *t = list_entry(tp, struct task, node);

			if (t->proc != p || task_lookup(sim, t->tid) != t) {
				snprintf(msg, size,
					 "task: tid %d of pid %d misfiled",
					 t->tid, p->pid);
				return false;
			}
			nt++;
			used++;
		}
		if (nt != p->nr_threads) {
			snprintf(msg, size, "task: pid %d counts %u threads, has %u",
				 p->pid, p->nr_threads, nt);
			return false;
		}
		if (p->state == PMM_PROC_ALIVE && nt == 0) {
			snprintf(msg, size, "task: live pid %d has no thread",
				 p->pid);
			return false;
		}
		threads += nt;
	}
	if (live != sim->nr_processes || threads != sim->nr_threads ||
	    used != sim->pids.nr_used) {
		snprintf(msg, size,
			 "task: counters %lu/%lu/%lu, recomputed %lu/%lu/%lu",
			 sim->nr_processes, sim->nr_threads, sim->pids.nr_used,
			 live, threads, used);
		return false;
	}
	return true;
}

/* ---- prctl --------------------------------------------------------------------------- */

#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4

int pmm_prctl(struct pmm_sim *sim, pmm_pid_t tid, int option, uint64_t a2,
	      uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct task *t;
	int err;

	err = task_caller(sim, tid, &t);
	if (err)
		return err;
	(void)a3;
	(void)a4;
	(void)a5;
	switch (option) {
	case PR_GET_DUMPABLE:
		return t->proc->dumpable ? 1 : 0;
	case PR_SET_DUMPABLE:
		/* Linux: only SUID_DUMP_DISABLE (0) and SUID_DUMP_USER (1). */
		if (a2 > 1)
			return -EINVAL;
		/* Spec 00 §9, rule 33: PIP-protected processes stay non-dumpable. */
		if (a2 == 1 && t->proc->pip_type != 0)
			return -EPERM;
		t->proc->dumpable = a2 == 1;
		return 0;
	default:
		return -EINVAL;
	}
}
