// SPDX-License-Identifier: MIT
/* The C example of README.md, built and run by the test suite. */
#include <stdio.h>
#include <sys/mman.h>
#include <peiosmm/peiosmm.h>

int main(void)
{
	struct pmm_sim_config cfg;
	struct pmm_process_config pc;
	struct pmm_image prog = { .name = "/usr/bin/prog", .text = 64 << 10,
				  .data = 16 << 10, .pie = true };
	struct pmm_sim *sim;
	pmm_pid_t pid;
	char path[32], buf[4096];

	pmm_sim_config_init(&cfg);
	pmm_sim_config_split_ram(&cfg, 2, 8ull << 30, 8);	/* 2 nodes, 8 GiB */
	pmm_process_config_init(&pc);
	if (pmm_sim_create(&cfg, &sim) || pmm_process_create(sim, &pc, &pid) ||
	    pmm_exec(sim, pid, &prog))
		return 1;
	int64_t p = pmm_mmap(sim, pid, 0, 1 << 20, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pmm_mprotect(sim, pid, (uint64_t)p + 4096, 4096, PROT_READ);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	pmm_proc_read(sim, 0, path, buf, sizeof(buf));
	fputs(buf, stdout);			/* Linux's maps, byte for byte */
	pmm_sim_destroy(sim);
	return 0;
}
