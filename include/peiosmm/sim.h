/* SPDX-License-Identifier: MIT */
/*
 * peiosmm/sim.h - the simulated machine: configuration, lifetime, the
 * virtual clock, events and the invariant checker.
 *
 * A struct pmm_sim is one simulated Peios machine.  It owns everything: NUMA
 * nodes and their physical frames, tasks, tokens, sysctls, the clock.  There
 * is no global state, so a host program may run many machines at once, but a
 * single machine is not thread-safe: use one host thread per machine.
 *
 * Every function that can fail returns 0 (or a count >= 0) on success and a
 * negative errno on failure, and leaves the machine unchanged on failure.
 */
#ifndef PEIOSMM_SIM_H
#define PEIOSMM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

struct pmm_sim;

/* Limits of the model. */
#define PMM_MAX_NODES		64	/* NUMA nodes */
#define PMM_MAX_CPUS		256	/* CPUs over all nodes */
#define PMM_PAGE_SIZE		4096u	/* the only base page size modelled */
#define PMM_NODE_DISTANCE_LOCAL	10	/* ACPI SLIT: local */
#define PMM_NODE_DISTANCE_REMOTE 20	/* ACPI SLIT: default remote */

/**
 * enum pmm_profile - the semantic profile settling Peios-vs-Linux differences
 * @PMM_PROFILE_PEIOS:      the Peios memory-management pages as written
 * @PMM_PROFILE_PEIOS_KACS: as PEIOS, but the KACS v0.22 spec wins conflicts
 * @PMM_PROFILE_LINUX:      mainline Linux 6.x; capabilities map to privileges
 *                          through the KACS switchboard
 */
enum pmm_profile {
	PMM_PROFILE_PEIOS,
	PMM_PROFILE_PEIOS_KACS,
	PMM_PROFILE_LINUX,
	PMM_PROFILE_NR
};

/**
 * struct pmm_node_config - one NUMA node of the machine
 * @ram_bytes:     RAM on the node, a multiple of PMM_PAGE_SIZE, > 0
 * @movable_bytes: how much of the top of the node's RAM forms ZONE_MOVABLE
 *                 (as with the movablecore= boot option); 0 = no such zone
 * @cpus:          bitmap of the CPUs on the node (CPU n is bit n % 64 of
 *                 word n / 64); CPUs may not be on two nodes; a node may
 *                 have none (a memory-only node)
 */
struct pmm_node_config {
	uint64_t ram_bytes;
	uint64_t movable_bytes;
	uint64_t cpus[PMM_MAX_CPUS / 64];
};

/**
 * struct pmm_sim_config - everything a machine is created from
 * @nr_nodes:  NUMA nodes, 1..PMM_MAX_NODES
 * @node:      per-node RAM and CPUs; nodes are laid out in physical
 *             address order, node 0 first, starting at physical address 0
 * @distance:  SLIT distance matrix; 0 entries take the defaults
 *             (10 on the diagonal, 20 elsewhere); the matrix must be
 *             symmetric, the diagonal 10, others in 11..254
 * @page_size: must be PMM_PAGE_SIZE (other sizes are rejected, not ignored)
 * @seed:      seeds every RNG stream of the machine
 * @profile:   semantic profile, see enum pmm_profile
 * @la57:      the machine has 5-level paging (56-bit user addresses)
 * @no_pkeys:  the CPU lacks protection keys (pkey_alloc gives ENOSYS)
 * @stack_guard_gap: the stack_guard_gap boot parameter in pages; 0 = 256
 * @embedded:  a kernel built for embedded use: MAP_UNINITIALIZED is
 *             accepted (spec 15 rule 29)
 * @no_mseal:  a kernel without mseal (Linux < 6.10): mseal gives ENOSYS
 *             and exec seals no system mappings (spec 11 rule 26)
 * @reserved:  must be zero
 *
 * Initialise with pmm_sim_config_init() and change what you need: new
 * fields will be added in place of @reserved with zero meaning "default".
 */
struct pmm_sim_config {
	unsigned int nr_nodes;
	struct pmm_node_config node[PMM_MAX_NODES];
	uint8_t distance[PMM_MAX_NODES][PMM_MAX_NODES];
	uint32_t page_size;
	uint64_t seed;
	enum pmm_profile profile;
	bool la57;
	bool no_pkeys;
	uint32_t stack_guard_gap;
	bool embedded;
	bool no_mseal;
	uint64_t reserved[14];
};

/**
 * pmm_sim_config_init() - fill @cfg with the default machine
 * @cfg: configuration to initialise
 *
 * The default is one node with 1 GiB of RAM and 4 CPUs, seed 0, profile
 * peios, 4-level paging, pkeys present.
 */
PMM_API void pmm_sim_config_init(struct pmm_sim_config *cfg);

/**
 * pmm_sim_config_split_ram() - spread @ram_bytes evenly over @nr_nodes nodes
 * @cfg:       configuration to change
 * @nr_nodes:  number of nodes, 1..PMM_MAX_NODES
 * @ram_bytes: total RAM, a multiple of PMM_PAGE_SIZE * @nr_nodes is not
 *             needed: the remainder pages go to the lowest nodes
 * @nr_cpus:   total CPUs, spread the same way (node 0 gets the first ones)
 *
 * Return: 0, or -EINVAL when the arguments cannot make a valid machine.
 */
PMM_API int pmm_sim_config_split_ram(struct pmm_sim_config *cfg,
				     unsigned int nr_nodes, uint64_t ram_bytes,
				     unsigned int nr_cpus);

/**
 * pmm_sim_create() - build a machine
 * @cfg: its configuration (copied; not referenced afterwards)
 * @out: set to the new machine on success, untouched on failure
 *
 * Return: 0; -EINVAL for an invalid configuration (zero nodes, RAM not a
 * multiple of the page size, asymmetric distances, ...); -ENOMEM.
 */
PMM_API int pmm_sim_create(const struct pmm_sim_config *cfg,
			   struct pmm_sim **out);

/**
 * pmm_sim_destroy() - tear a machine down and free every host byte it used
 * @sim: the machine, or NULL (no-op)
 */
PMM_API void pmm_sim_destroy(struct pmm_sim *sim);

/**
 * pmm_sim_check() - run every invariant checker of the machine
 * @sim:  the machine
 * @msg:  receives the first violation found, as text (may be NULL)
 * @size: size of @msg
 *
 * Return: 0 when every invariant holds, -EUCLEAN on the first violation.
 */
PMM_API int pmm_sim_check(struct pmm_sim *sim, char *msg, size_t size);

/**
 * pmm_sim_profile() - the semantic profile the machine was created with
 * @sim: the machine
 */
PMM_API enum pmm_profile pmm_sim_profile(const struct pmm_sim *sim);

/**
 * pmm_profile_name() - "peios", "peios-kacs" or "linux"
 * @profile: a profile; NULL for an out-of-range value
 */
PMM_API const char *pmm_profile_name(enum pmm_profile profile);

/**
 * pmm_profile_from_name() - parse a profile name
 * @name: "peios", "peios-kacs" or "linux"
 * Return: the profile, or -EINVAL.
 */
PMM_API int pmm_profile_from_name(const char *name);

/* ---- time ---------------------------------------------------------------- */

/**
 * pmm_sim_now() - the virtual clock, in nanoseconds since creation
 * @sim: the machine
 */
PMM_API uint64_t pmm_sim_now(const struct pmm_sim *sim);

/**
 * pmm_sim_advance() - move the clock forward, running daemons as they fall due
 * @sim: the machine
 * @ns:  how far; the clock may not wrap
 *
 * Daemon work items (kswapd, ksmd, khugepaged, writeback, the OOM reaper,
 * kdamond) run in due-time order, ties broken by the order they were queued.
 *
 * Return: 0, or -EOVERFLOW when the clock would wrap (nothing is run).
 */
PMM_API int pmm_sim_advance(struct pmm_sim *sim, uint64_t ns);

/* ---- events --------------------------------------------------------------- */

/** enum pmm_event_type - the type of one event field */
enum pmm_event_type {
	PMM_EVENT_U64,
	PMM_EVENT_S64,
	PMM_EVENT_STR,
};

/**
 * struct pmm_event_field - one named, typed field of an event
 * @key:  field name
 * @type: which member of the union is valid
 */
struct pmm_event_field {
	const char *key;
	enum pmm_event_type type;
	union {
		uint64_t u;
		int64_t s;
		const char *str;
	} v;
};

#define PMM_EVENT_MAX_FIELDS 8

/**
 * struct pmm_event - a tracepoint-like event
 * @name:      "<subsys>_<event>", e.g. "task_exit", "oom_kill"
 * @seq:       sequence number since creation, from 0
 * @time_ns:   the virtual time it happened
 * @nr_fields: how many entries of @fields are valid
 * @fields:    the fields, in a fixed order per event name
 *
 * The event and its strings are valid only during the sink call.
 */
struct pmm_event {
	const char *name;
	uint64_t seq;
	uint64_t time_ns;
	unsigned int nr_fields;
	struct pmm_event_field fields[PMM_EVENT_MAX_FIELDS];
};

/** typedef pmm_event_sink_fn - receives every event of a machine */
typedef void (*pmm_event_sink_fn)(void *arg, const struct pmm_event *ev);

/**
 * pmm_sim_set_event_sink() - install (or with @fn NULL remove) the sink
 * @sim: the machine
 * @fn:  callback, called synchronously; it must not call back into @sim
 * @arg: passed to @fn
 */
PMM_API void pmm_sim_set_event_sink(struct pmm_sim *sim, pmm_event_sink_fn fn,
				    void *arg);

/**
 * pmm_event_format_json() - one JSON object (no newline) for @ev
 * @ev:   the event
 * @buf:  destination (may be NULL when @size is 0)
 * @size: size of @buf; the output is always NUL-terminated when @size > 0
 *
 * Keys appear in the order: "seq", "t", "event", then the fields.
 *
 * Return: the length the full text needs (excluding the NUL), like snprintf.
 */
PMM_API size_t pmm_event_format_json(const struct pmm_event *ev, char *buf,
				     size_t size);

/* ---- sysctls -------------------------------------------------------------- */

/**
 * pmm_sysctl_set() - set a sysctl as the machine's boot configuration would
 * @sim:   the machine
 * @name:  "vm.swappiness" or "vm/swappiness" (the /proc/sys path form)
 * @value: the text that would be written to /proc/sys
 *
 * No security gate applies (use pmm_proc_write() for a write by a task).
 *
 * Return: 0; -ENOENT for an unknown name; -EINVAL for a bad value (the
 * sysctl keeps its value).
 */
PMM_API int pmm_sysctl_set(struct pmm_sim *sim, const char *name,
			   const char *value);

/**
 * pmm_sysctl_get() - read a sysctl as /proc/sys text (with the newline)
 * @sim:  the machine
 * @name: as for pmm_sysctl_set()
 * @buf:  destination, NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Return: the full length of the text, or -ENOENT / -EACCES (write-only).
 */
PMM_API long pmm_sysctl_get(struct pmm_sim *sim, const char *name, char *buf,
			    size_t size);

#ifdef __cplusplus
}
#endif

#endif /* PEIOSMM_SIM_H */
