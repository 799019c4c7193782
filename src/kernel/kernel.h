/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - the machine object and tasks (the simulator's "kernel/"): what
 * struct pmm_sim holds, processes and threads, the pid map, the virtual
 * clock and daemon queue, events.  Every subsystem reaches the machine
 * through this header.
 */
#ifndef PMM_KERNEL_H
#define PMM_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include <peiosmm/sim.h>
#include <peiosmm/task.h>

#include "pmm_config.h"
#include "alloc.h"
#include "bug.h"
#include "list.h"
#include "rng.h"
#include "numa/numa.h"
#include "sec/sec.h"
#include "kernel/sysctl.h"
#include "vm/vm.h"
#include "pagecache/fs.h"
#include "swap/swap.h"

/* One RNG stream per subsystem (STYLE.md §7): never reorder, only append. */
enum rng_stream {
	RNG_ASLR,
	RNG_NUMA,
	RNG_RECLAIM,
	RNG_KSM,
	RNG_OOM,
	RNG_DAMON,
	RNG_MISC,
	NR_RNG_STREAMS
};

/* ---- provided by sched.c: the daemon queue ------------------------------- */

struct sim_work;
typedef void (*sim_work_fn)(struct pmm_sim *sim, struct sim_work *w);

/**
 * struct sim_work - a daemon work item on the virtual clock
 * @due:   absolute virtual time it runs at
 * @seq:   queue order, breaks ties between items due at the same time
 * @fn:    what runs; it may re-queue @w
 * @slot:  index in the heap, -1 when not queued (set by sched.c)
 * @name:  for events and debugging, e.g. "kswapd0"
 */
struct sim_work {
	uint64_t due;
	uint64_t seq;
	sim_work_fn fn;
	long slot;
	const char *name;
};

struct sim_sched {
	struct sim_work **heap;	/* binary min-heap on (due, seq) */
	size_t nr, cap;
	uint64_t next_seq;
};

int sched_queue(struct pmm_sim *sim, struct sim_work *w, uint64_t due);
void sched_cancel(struct pmm_sim *sim, struct sim_work *w);
bool sched_consistent(const struct pmm_sim *sim, char *msg, size_t size);

/* ---- provided by task.c: processes and threads --------------------------- */

#define PID_MAX_DEFAULT	0x400000	/* pid_max on 64-bit */
#define RESERVED_PIDS	300		/* where pid allocation wraps to */
#define TASK_COMM_LEN	16

struct process;

/**
 * struct task - one thread
 * @tid:       machine-wide thread id; the main thread's tid is the pid
 * @proc:      the thread group
 * @imp_token: impersonation token, or NULL (uses the primary token)
 * @node:      link in @proc->threads
 * @pkru:      the thread's PKRU register (pkeys, spec 14)
 */
/* One entry of a thread's software TLB (vm/fault.c). */
/*
 * One entry of a thread's software TLB: 32 bytes, so an entry is one
 * aligned half cache line.  It belongs to the thread's current mm: exec,
 * the one change of mm a thread sees, bumps the thread's tlb_gen.
 */
struct tlb_entry {
	uint64_t vpn;			/* virtual page number + 1; 0 = empty */
	uint64_t gen;			/* mm->tlb_gen when filled */
	struct pmm_page *page;
	uint32_t perm;			/* TLB_R | TLB_W | TLB_X */
	uint32_t tgen;			/* the thread's tlb_gen when filled */
};

_Static_assert(sizeof(struct tlb_entry) == 32, "a TLB entry is 32 bytes");

#define TLB_ENTRIES	64

struct task {
	pmm_pid_t tid;
	struct process *proc;
	struct pmm_token *imp_token;
	struct list_head node;
	uint32_t pkru;
	uint32_t tlb_gen;		/* bumped by WRPKRU and pkey_alloc */
	unsigned int cpu;		/* the CPU it runs on */
	uint64_t cpus_allowed[PMM_MAX_CPUS / 64];	/* its affinity */
	struct tlb_entry tlb[TLB_ENTRIES];
};

/**
 * struct process - a thread group and what is per-process in Linux
 * (signal_struct, mm, creds' primary token) and in KACS (the PSB: PIP,
 * process SD)
 */
struct process {
	pmm_pid_t pid;
	pmm_pid_t ppid;
	enum pmm_process_state state;
	int exit_code;			/* exit status or killing signal */
	struct pmm_token *token;	/* primary token */
	struct sd *sd;			/* process security descriptor */
	uint32_t pip_type, pip_trust;
	struct pmm_rlimit rlim[PMM_RLIMIT_NLIMITS];
	int oom_score_adj;
	int oom_score_adj_min;		/* Peios ratchet floor (spec 06) */
	bool dumpable;
	uint32_t mitigations;		/* KACS PSB mitigation bits (PMM_MIT_*) */
	struct pmm_mm *mm;		/* NULL once the process is dead */
	struct fdtable files;		/* open descriptors */
	char comm[TASK_COMM_LEN];
	uint64_t start_time;		/* sim->now at creation (ns) */
	struct list_head threads;	/* struct task.node */
	unsigned int nr_threads;
	struct list_head node;		/* sim->processes, in creation order */
};

/* The pid map: a two-level radix of task pointers, like the kernel's IDR. */
#define PIDMAP_LEAF_BITS 12
#define PIDMAP_LEAF_SIZE (1u << PIDMAP_LEAF_BITS)
#define PIDMAP_NR_LEAVES (PID_MAX_DEFAULT / PIDMAP_LEAF_SIZE)

/* A pid slot holds a live thread, or a zombie process (exited, killed). */
struct pid_slot {
	struct task *task;	/* live thread with this tid */
	struct process *zombie;	/* dead process keeping its pid */
};

struct pidmap {
	struct pid_slot *leaf[PIDMAP_NR_LEAVES];
	pmm_pid_t last_pid;	/* allocation cursor */
	unsigned long nr_used;
};

struct task *task_lookup(struct pmm_sim *sim, pmm_pid_t tid);
struct task *task_live(struct pmm_sim *sim, pmm_pid_t tid);
int task_caller(struct pmm_sim *sim, pmm_pid_t tid, struct task **out);
int task_target_process(struct pmm_sim *sim, struct task *t,
			pmm_pid_t target, enum gate_id gate,
			struct process **out);
struct process *process_lookup(struct pmm_sim *sim, pmm_pid_t pid);
void task_subject(struct task *t, struct sec_subject *subj);
void process_target(struct process *p, struct sec_target *tgt);
struct pmm_token *task_effective_token(const struct task *t);
void tasks_fini(struct pmm_sim *sim);
/* Gate @id for thread @t acting on @target (NULL: on itself). */
int task_gate(struct pmm_sim *sim, enum gate_id id, struct task *t,
	      struct process *target);
/* The NUMA node of @cpu (node 0 for a machine without CPUs). */
int cpu_to_node(const struct pmm_sim *sim, unsigned int cpu);
/* Kill @p with signal @sig (the kernel's own kill: OOM, a fatal fault). */
void process_kill(struct pmm_sim *sim, struct process *p, int sig);
bool tasks_consistent(struct pmm_sim *sim, char *msg, size_t size);

/* ---- provided by trace.c: events ------------------------------------------ */

void trace_emit(struct pmm_sim *sim, const char *name,
		const struct pmm_event_field *fields, unsigned int nr);

#define EV_U64(k, x) { .key = (k), .type = PMM_EVENT_U64, .v.u = (uint64_t)(x) }
#define EV_S64(k, x) { .key = (k), .type = PMM_EVENT_S64, .v.s = (int64_t)(x) }
#define EV_STR(k, x) { .key = (k), .type = PMM_EVENT_STR, .v.str = (x) }

/*
 * PMM_TRACE(sim, task_exit, EV_S64("pid", pid), ...) - emit an event named
 * after its second argument.  With -Dtracing=false the fields are still
 * type-checked but nothing is emitted or counted.
 */
#define PMM_TRACE(sim, evname, ...)                                          \
	do {                                                                 \
		const struct pmm_event_field ev_f_[] = { __VA_ARGS__ };      \
		if (PMM_TRACING)                                             \
			trace_emit((sim), #evname, ev_f_,                    \
				   PMM_ARRAY_SIZE(ev_f_));                   \
	} while (0)

/* ---- the machine ---------------------------------------------------------- */

struct pmm_sim {
	struct pmm_sim_config cfg;
	struct pmm_allocator alloc;
	struct pmm_rng rng[NR_RNG_STREAMS];

	uint64_t now;			/* virtual ns */
	struct sim_sched sched;

	pmm_event_sink_fn sink;
	void *sink_arg;
	uint64_t event_seq;

	struct numa_state numa;
	struct sysctl_state sysctl;
	struct sec_state sec;
	struct vm_machine vm;
	struct fs_state fs;
	struct shm_state shm;
	struct swap_state swap;

	struct pidmap pids;
	struct list_head processes;	/* live and zombie, creation order */
	unsigned long nr_processes;	/* live ones */
	unsigned long nr_threads;	/* live ones */
	struct pmm_token *default_token; /* user "user", medium, defaults */
	struct task *last_task;		/* task_live()'s one-entry cache */
	unsigned int sched_next_cpu;	/* where the next new task goes */
	unsigned int cur_cpu;		/* the CPU of the calling thread */
};

/* A call of thread @t begins: the kernel runs on its CPU ("current"). */
static inline void task_set_current(struct pmm_sim *sim, const struct task *t)
{
	sim->cur_cpu = t->cpu;
}

static inline enum pmm_profile sim_profile(const struct pmm_sim *sim)
{
	return sim->cfg.profile;
}

/* ---- provided by sim.c ---------------------------------------------------- */

/* Apply a sysctl change's side effects (watermarks, drop_caches, ...). */
void sim_sysctl_changed(struct pmm_sim *sim, enum sysctl_id id);

#endif /* PMM_KERNEL_H */
