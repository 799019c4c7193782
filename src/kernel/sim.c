// SPDX-License-Identifier: MIT
/*
 * sim.c - the machine's lifetime: configuration defaults and validation,
 * creation in dependency order with an unwind ladder, destruction with a
 * leak report, the invariant checker that runs every subsystem's checker,
 * the clock, and the sysctl entry points.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel.h"
#include "oom/oom.h"

const char *pmm_version(void)
{
	return PMM_VERSION_STRING;
}

int pmm_version_number(void)
{
	return PMM_VERSION_NUMBER;
}

static const char *const profile_names[PMM_PROFILE_NR] = {
	[PMM_PROFILE_PEIOS] = "peios",
	[PMM_PROFILE_PEIOS_KACS] = "peios-kacs",
	[PMM_PROFILE_LINUX] = "linux",
};

const char *pmm_profile_name(enum pmm_profile profile)
{
	if ((unsigned int)profile >= PMM_PROFILE_NR)
		return NULL;
	return profile_names[profile];
}

int pmm_profile_from_name(const char *name)
{
	if (!name)
		return -EINVAL;
	for (int i = 0; i < PMM_PROFILE_NR; i++)
		if (!strcmp(name, profile_names[i]))
			return i;
	return -EINVAL;
}

void pmm_sim_config_init(struct pmm_sim_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->page_size = PMM_PAGE_SIZE;
	cfg->profile = PMM_PROFILE_PEIOS;
	(void)pmm_sim_config_split_ram(cfg, 1, 1ull << 30, 4);
}

int pmm_sim_config_split_ram(struct pmm_sim_config *cfg, unsigned int nr_nodes,
			     uint64_t ram_bytes, unsigned int nr_cpus)
{
	uint64_t pages, per, extra;
	unsigned int cpu = 0;

	if (!cfg || nr_nodes == 0 || nr_nodes > PMM_MAX_NODES ||
	    nr_cpus > PMM_MAX_CPUS || ram_bytes % PMM_PAGE_SIZE)
		return -EINVAL;
	pages = ram_bytes / PMM_PAGE_SIZE;
	if (pages < nr_nodes)
		return -EINVAL;
	per = pages / nr_nodes;
	extra = pages % nr_nodes;
	for (unsigned int n = 0; n < PMM_MAX_NODES; n++)
		memset(&cfg->node[n], 0, sizeof(cfg->node[n]));
	for (unsigned int n = 0; n < nr_nodes; n++) {
		unsigned int ncpu = nr_cpus / nr_nodes +
				    (n < nr_cpus % nr_nodes ? 1 : 0);

		cfg->node[n].ram_bytes = (per + (n < extra)) * PMM_PAGE_SIZE;
		for (unsigned int c = 0; c < ncpu; c++, cpu++)
			cfg->node[n].cpus[cpu / 64] |= 1ull << (cpu % 64);
	}
	cfg->nr_nodes = nr_nodes;
	return 0;
}

/*
 * The machine facts some sysctl defaults are computed from: RAM, RAM outside
 * ZONE_MOVABLE (Linux's nr_free_buffer_pages() at boot), free RAM, and the
 * number of zone types up to ZONE_NORMAL populated on any node.
 */
static void machine_facts(const struct numa_state *ns, struct sysctl_machine *m)
{
	unsigned long lowmem = 0;
	bool populated[MAX_NR_ZONES] = { false };

	for (unsigned int n = 0; n < ns->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone *zone = &ns->nodes[n].zones[z];

			if (!zone->managed_pages)
				continue;
			if (z <= ZONE_NORMAL) {
				lowmem += zone->managed_pages;
				populated[z] = true;
			}
		}
	m->ram_bytes = (uint64_t)ns->totalram_pages * PMM_PAGE_SIZE;
	m->lowmem_bytes = (uint64_t)lowmem * PMM_PAGE_SIZE;
	m->free_bytes = (uint64_t)numa_global_zone_stat(ns, NR_FREE_PAGES) *
			PMM_PAGE_SIZE;
	m->nr_nodes = ns->nr_nodes;
	m->nr_lowmem_zones = 0;
	for (int z = 0; z <= ZONE_NORMAL; z++)
		m->nr_lowmem_zones += populated[z];
	/* THP is not modelled yet: no khugepaged raise of min_free_kbytes. */
	m->thp_enabled = false;
}

static void seed_rngs(struct pmm_sim *sim)
{
	for (int i = 0; i < NR_RNG_STREAMS; i++)
		pmm_rng_seed(&sim->rng[i], sim->cfg.seed, (uint64_t)i + 1);
}

/* Watermarks follow the sysctls that define them (Linux init_per_zone_wmark_min). */
static void apply_watermarks(struct pmm_sim *sim)
{
	unsigned int ratio[SYSCTL_NR_ZONES];

	for (unsigned int i = 0; i < SYSCTL_NR_ZONES; i++)
		ratio[i] = (unsigned int)sysctl_get_vec(&sim->sysctl, i);
	numa_set_watermarks(&sim->numa,
			    (unsigned long)sysctl_get(&sim->sysctl,
						      SYSCTL_VM_MIN_FREE_KBYTES),
			    (unsigned int)sysctl_get(&sim->sysctl,
						     SYSCTL_VM_WATERMARK_SCALE_FACTOR),
			    ratio);
}

void sim_sysctl_changed(struct pmm_sim *sim, enum sysctl_id id)
{
	switch (sysctl_hook(id)) {
	case SYSCTL_HOOK_WATERMARKS:
	case SYSCTL_HOOK_LOWMEM_RESERVE:
		apply_watermarks(sim);
		break;
	case SYSCTL_HOOK_OVERCOMMIT:
		/* The policy reads the tunables at every charge and
		 * Committed_AS is exact, so Linux's resync of the per-CPU
		 * counter on a switch to mode 2 has nothing to do here. */
		break;
	default:
		/* Later subsystems (page cache, compaction, hugetlb) hook here. */
		break;
	}
}

int pmm_sim_create(const struct pmm_sim_config *cfg, struct pmm_sim **out)
{
	struct pmm_allocator boot = { 0 };
	struct pmm_sim *sim;
	int err;

	if (!cfg || !out)
		return -EINVAL;
	if ((unsigned int)cfg->profile >= PMM_PROFILE_NR ||
	    cfg->page_size != PMM_PAGE_SIZE)
		return -EINVAL;
	for (size_t i = 0; i < PMM_ARRAY_SIZE(cfg->reserved); i++)
		if (cfg->reserved[i])
			return -EINVAL;
	/* stack_guard_gap= is parsed as pages; keep it below 2^20 (4 GiB). */
	if (cfg->stack_guard_gap >= (1u << 20))
		return -EINVAL;

	/* The machine object itself is counted in its own allocator. */
	sim = pmm_zalloc(&boot, sizeof(*sim));
	if (!sim)
		return -ENOMEM;
	sim->alloc = boot;
	sim->cfg = *cfg;
	list_init(&sim->processes);
	sim->pids.last_pid = 0;
	sim->vm.stack_guard_gap = (uint64_t)(cfg->stack_guard_gap ?
					     cfg->stack_guard_gap : 256) << 12;
	seed_rngs(sim);

	err = numa_init(&sim->numa, &sim->cfg, &sim->alloc);
	if (err)
		goto out_free_sim;
	{
		struct sysctl_machine m;

		machine_facts(&sim->numa, &m);
		err = sysctl_state_init(&sim->sysctl, sim->cfg.profile, &m);
		if (err)
			goto out_numa;
	}
	apply_watermarks(sim);
	oom_init(sim);
	swap_state_init(sim);
	err = sec_init(&sim->sec, &sim->alloc, sim->cfg.profile);
	if (err)
		goto out_numa;
	{
		const struct pmm_token_config tc = {
			.user = "user",
			.integrity = PMM_IL_MEDIUM,
		};

		err = token_create(&sim->alloc, &tc, &sim->default_token);
		if (err)
			goto out_sec;
	}
	shm_init(sim);
	*out = sim;
	return 0;
out_sec:
	sec_fini(&sim->sec);
out_numa:
	numa_fini(&sim->numa);
out_free_sim:
	boot = sim->alloc;
	pmm_free(&boot, sim, sizeof(*sim));
	return err;
}

void pmm_sim_destroy(struct pmm_sim *sim)
{
	struct pmm_allocator a;

	if (!sim)
		return;
	tasks_fini(sim);
	shm_fini(sim);
	vm_swap_fini(sim);
	swap_state_fini(sim);
	fs_fini(sim);
	vm_machine_fini(sim);
	pmm_token_put(sim->default_token);
	sec_fini(&sim->sec);
	numa_fini(&sim->numa);
	pmm_free(&sim->alloc, sim->sched.heap,
		 sim->sched.cap * sizeof(*sim->sched.heap));
	a = sim->alloc;
	pmm_free(&a, sim, sizeof(*sim));
	/* Everything the machine allocated must be back (STYLE.md §7). */
	PMM_BUG_ON(a.live_objs != 0 || a.live_bytes != 0);
}

enum pmm_profile pmm_sim_profile(const struct pmm_sim *sim)
{
	return sim ? sim->cfg.profile : PMM_PROFILE_PEIOS;
}

int pmm_sim_check(struct pmm_sim *sim, char *msg, size_t size)
{
	char scratch[256];

	if (!sim)
		return -EINVAL;
	if (!msg || size == 0) {
		msg = scratch;
		size = sizeof(scratch);
	}
	msg[0] = '\0';
	if (!numa_consistent(&sim->numa, msg, size))
		return -EUCLEAN;
	if (!sysctl_consistent(&sim->sysctl, msg, size))
		return -EUCLEAN;
	if (!sched_consistent(sim, msg, size))
		return -EUCLEAN;
	if (!tasks_consistent(sim, msg, size))
		return -EUCLEAN;
	if (!fs_consistent(sim, msg, size))
		return -EUCLEAN;
	if (!shm_consistent(sim, msg, size))
		return -EUCLEAN;
	if (!vm_machine_consistent(sim, msg, size))
		return -EUCLEAN;
	if (!swap_consistent(sim, msg, size) ||
	    !vm_swap_consistent(sim, msg, size))
		return -EUCLEAN;
	return 0;
}

uint64_t pmm_sim_now(const struct pmm_sim *sim)
{
	return sim ? sim->now : 0;
}

void pmm_sim_set_event_sink(struct pmm_sim *sim, pmm_event_sink_fn fn,
			    void *arg)
{
	if (!sim)
		return;
	sim->sink = fn;
	sim->sink_arg = fn ? arg : NULL;
}

int pmm_sysctl_set(struct pmm_sim *sim, const char *name, const char *value)
{
	int id, err;

	if (!sim || !name || !value)
		return -EINVAL;
	id = sysctl_lookup_profile(name, sim->cfg.profile);
	if (id < 0)
		return id;
	err = sysctl_write(&sim->sysctl, id, value, strlen(value));
	if (err)
		return err;
	sim_sysctl_changed(sim, id);
	return 0;
}

long pmm_sysctl_get(struct pmm_sim *sim, const char *name, char *buf,
		    size_t size)
{
	int id;

	if (!sim || !name || (!buf && size))
		return -EINVAL;
	id = sysctl_lookup_profile(name, sim->cfg.profile);
	if (id < 0)
		return id;
	return sysctl_read(&sim->sysctl, id, buf, size);
}
