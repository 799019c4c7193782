// SPDX-License-Identifier: MIT
/* The C example of README.md, built and run by the test suite. */
#include <stdio.h>
#include <peiosmm/peiosmm.h>

int main(void)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *sim;
	pmm_pid_t pid;
	char buf[4096];

	pmm_sim_config_init(&cfg);
	pmm_sim_config_split_ram(&cfg, 2, 8ull << 30, 8);	/* 2 nodes, 8 GiB */
	if (pmm_sim_create(&cfg, &sim))
		return 1;
	struct pmm_process_config pc;
	pmm_process_config_init(&pc);
	pmm_process_create(sim, &pc, &pid);
	pmm_proc_read(sim, 0, "/proc/meminfo", buf, sizeof(buf));
	fputs(buf, stdout);
	pmm_sim_destroy(sim);
	return 0;
}
