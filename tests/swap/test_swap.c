// SPDX-License-Identifier: MIT
/*
 * test_swap.c - the swap layer: the PTE encoding of swap entries, slot
 * allocation by priority and round robin, refused calls that change
 * nothing, content across swap-out/in, fork and swapoff, and swapoff's
 * ENOMEM (spec 07 rule 17).
 */
#include <errno.h>
#include <string.h>

#include "fx_sim.h"

#include "kernel/kernel.h"
#include "swap/swap.h"
#include "vm/pgtable.h"

#define PROT_RW		3u
#define MAP_PRIV_ANON	0x22u
#define MADV_PAGEOUT	21
#define BASE		0x300000000000ull

/* A process on a token with both swap privileges (every profile). */
static pmm_pid_t root_process(struct pmm_sim *sim)
{
	struct pmm_token *tok = fx_token(sim, "SYSTEM",
					 PRIV(PMM_SE_TCB) |
					 PRIV(PMM_SE_CREATE_PAGEFILE),
					 PMM_IL_SYSTEM);
	pmm_pid_t pid = fx_process(sim, tok);

	pmm_token_put(tok);
	return pid;
}

static void swapdev(struct pmm_sim *sim, const char *path, uint64_t size,
		    int prio)
{
	struct pmm_swapdev_config c = {
		.path = path, .size = size, .prefer = prio >= 0, .prio = prio,
	};

	assert_int_equal(pmm_swapdev_create(sim, &c), 0);
}

static void read_file(struct pmm_sim *sim, const char *path, char *buf,
		      size_t size)
{
	assert_true(pmm_proc_read(sim, 0, path, buf, size) >= 0);
}

static void test_swap_entry_encoding(void **state)
{
	(void)state;
	for (unsigned int type = 0; type < MAX_SWAPFILES; type++) {
		for (uint64_t off = 1; off < (1ull << 40); off = off * 7 + 3) {
			swp_entry_t e = swp_entry(type, off);
			pte_t p = swp_entry_to_pte(e);

			assert_false(pte_present(p));
			assert_false(pte_none(p));
			assert_false(pte_is_guard(p));
			assert_true(pte_is_swap(p));
			assert_false(p & (1ull << 8));
			assert_int_equal(pte_to_swp_entry(p).val, e.val);
			/* the exclusive bit does not change the entry */
			assert_int_equal(pte_to_swp_entry(p | PTE_SWP_EXCLUSIVE).val,
					 e.val);
		}
	}
	/* a guard marker is no swap entry */
	assert_false(pte_is_swap(PTE_MARKER | PTE_MARKER_GUARD));
	assert_true(pte_is_guard(PTE_MARKER | PTE_MARKER_GUARD));
}

static void test_swap_alloc_priority_and_round_robin(void **state)
{
	struct pmm_sim *sim = *state;
	swp_entry_t e[16];
	unsigned int n = 0;

	swapdev(sim, "/dev/hi", 12 * 4096, 10);	/* 11 slots */
	swapdev(sim, "/dev/a", 64 * 4096, 5);
	swapdev(sim, "/dev/b", 64 * 4096, 5);
	/* the high-priority area first, until full */
	for (; n < 11; n++) {
		assert_true(swap_alloc_slot(sim, &e[n]));
		assert_int_equal(swp_type(e[n]), 0);
		assert_int_equal(swp_offset(e[n]), n + 1);
	}
	/* then the equal ones take turns, next-fit within each */
	for (unsigned int i = 0; i < 4; i++, n++) {
		assert_true(swap_alloc_slot(sim, &e[n]));
		assert_int_equal(swp_type(e[n]), 1 + (i & 1));
		assert_int_equal(swp_offset(e[n]), 1 + i / 2);
	}
	assert_int_equal(sim->swap.free_pages, 11 + 63 + 63 - 15);
	/* a freed slot of the full area is found again */
	{
		uint64_t data;
		swp_entry_t again;

		swap_slot_free(sim, e[4], &data);
		assert_true(swap_alloc_slot(sim, &again));
		assert_int_equal(again.val, e[4].val);
	}
	for (unsigned int i = 0; i < n; i++) {
		uint64_t data;

		swap_slot_free(sim, e[i], &data);
		assert_int_equal(data, 0);
	}
	assert_int_equal(sim->swap.free_pages, sim->swap.total_pages);
}

static void test_swap_refused_calls_change_nothing(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_swapdev_config bad = { .path = "/dev/x", .size = 4096 };
	char before[1024], after[1024], mi0[4096], mi1[4096];
	pmm_pid_t user = fx_process(sim, NULL);
	pmm_pid_t root = root_process(sim);

	swapdev(sim, "/dev/vdb", 1 << 20, -1);
	read_file(sim, "/proc/swaps", before, sizeof(before));
	read_file(sim, "/proc/meminfo", mi0, sizeof(mi0));
	assert_int_equal(pmm_swapon(sim, user, "/dev/vdb", 0), -EPERM);
	assert_int_equal(pmm_swapoff(sim, user, "/dev/vdb"), -EPERM);
	assert_int_equal(pmm_swapon(sim, root, "/dev/vdb", 0x80000), -EINVAL);
	assert_int_equal(pmm_swapon(sim, root, "/dev/vdb", -1), -EINVAL);
	assert_int_equal(pmm_swapon(sim, root, NULL, 0), -EFAULT);
	assert_int_equal(pmm_swapoff(sim, root, NULL), -EFAULT);
	assert_int_equal(pmm_mkswap(sim, root, NULL), -EFAULT);
	assert_int_equal(pmm_swapon(sim, root, "/nope", 0), -ENOENT);
	assert_int_equal(pmm_swapon(sim, root, "/dev/vdb", 0), -EBUSY);
	assert_int_equal(pmm_mkswap(sim, root, "/dev/vdb"), -EBUSY);
	assert_int_equal(pmm_swapon(sim, 999999, "/dev/vdb", 0), -ESRCH);
	assert_int_equal(pmm_swapoff(sim, 999999, "/dev/vdb"), -ESRCH);
	assert_int_equal(pmm_swapdev_create(NULL, &bad), -EINVAL);
	assert_int_equal(pmm_swapdev_create(sim, NULL), -EINVAL);
	assert_int_equal(pmm_swapdev_create(sim, &bad), -EINVAL);
	bad.size = 1 << 20;
	bad.prefer = true;
	bad.prio = 40000;
	assert_int_equal(pmm_swapdev_create(sim, &bad), -EINVAL);
	bad.prio = 1;
	bad.path = "relative";
	assert_int_equal(pmm_swapdev_create(sim, &bad), -EINVAL);
	bad.path = "/dev/vdb";
	assert_int_equal(pmm_swapdev_create(sim, &bad), -EEXIST);
	read_file(sim, "/proc/swaps", after, sizeof(after));
	assert_string_equal(before, after);
	read_file(sim, "/proc/meminfo", mi1, sizeof(mi1));
	assert_string_equal(mi0, mi1);
}

static void fill(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		 uint64_t len, uint8_t seed)
{
	static uint8_t buf[256 * 4096];
	struct pmm_access_result r;

	for (uint64_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + i * 31 + (i >> 12));
	assert_int_equal(pmm_access(sim, pid, addr, len, PMM_ACCESS_WRITE, buf,
				    &r), 0);
	assert_int_equal(r.status, 0);
}

/* bytes [from, from + len) of what fill(addr, .., seed) stored */
static void verify_at(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		      uint64_t from, uint64_t len, uint8_t seed)
{
	static uint8_t buf[256 * 4096];
	struct pmm_access_result r;

	assert_int_equal(pmm_access(sim, pid, addr + from, len,
				    PMM_ACCESS_READ, buf, &r), 0);
	assert_int_equal(r.status, 0);
	for (uint64_t i = from; i < from + len; i++)
		assert_int_equal(buf[i - from],
				 (uint8_t)(seed + i * 31 + (i >> 12)));
}

static void verify(struct pmm_sim *sim, pmm_pid_t pid, uint64_t addr,
		   uint64_t len, uint8_t seed)
{
	verify_at(sim, pid, addr, 0, len, seed);
}

static void test_swap_content_fork_swapoff(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), b = -1;
	pmm_pid_t root = root_process(sim);
	const uint64_t len = 32 * 4096;
	char msg[256];

	swapdev(sim, "/dev/vdb", 1 << 20, -1);
	assert_int_equal(pmm_mmap(sim, a, BASE, len, PROT_RW,
				  MAP_PRIV_ANON | 0x100000, -1, 0), (int64_t)BASE);
	fill(sim, a, BASE, len, 7);
	assert_int_equal(pmm_madvise(sim, a, BASE, len, MADV_PAGEOUT), 0);
	assert_int_equal(sim->swap.total_pages - sim->swap.free_pages, 32);
	assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
	assert_int_equal(pmm_fork(sim, a, &b), 0);
	assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
	/* the child reads half back; both see every byte */
	verify(sim, b, BASE, len / 2, 7);
	verify(sim, a, BASE, len, 7);
	/* the parent writes: its own copy; the child keeps the old bytes */
	fill(sim, a, BASE, 4096, 99);
	verify(sim, b, BASE, len, 7);
	assert_int_equal(pmm_madvise(sim, b, BASE, len, MADV_PAGEOUT), 0);
	assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
	assert_int_equal(pmm_swapoff(sim, root, "/dev/vdb"), 0);
	assert_int_equal(sim->swap.total_pages, 0);
	assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
	verify(sim, b, BASE, len, 7);
	verify(sim, a, BASE, 4096, 99);
	verify_at(sim, a, BASE, 4096, len - 4096, 7);
	assert_int_equal(pmm_exit(sim, b, 0), 0);
}

/* spec 07 rule 17: swapoff with no room in memory for the pages is ENOMEM
 * and the area stays active. */
static void test_swap_swapoff_enomem_keeps_area(void **state)
{
	struct pmm_sim *sim = *state;
	pmm_pid_t a = fx_process(sim, NULL), hog;
	pmm_pid_t root = root_process(sim);
	const uint64_t len = 256 * 4096;
	uint64_t pages = 0, total;
	struct pmm_access_result r;
	char msg[256];

	swapdev(sim, "/dev/vdb", 8 << 20, -1);
	assert_int_equal(pmm_mmap(sim, a, BASE, len, PROT_RW, MAP_PRIV_ANON,
				  -1, 0), (int64_t)BASE);
	fill(sim, a, BASE, len, 3);
	assert_int_equal(pmm_madvise(sim, a, BASE, len, MADV_PAGEOUT), 0);
	/* find how many pages a process gets before memory runs out */
	hog = fx_process(sim, NULL);
	assert_int_equal(pmm_mmap(sim, hog, 0x100000000000ull, 512ull << 20,
				  PROT_RW, MAP_PRIV_ANON | 0x4000, -1, 0),
			 (int64_t)0x100000000000ull);
	for (;; pages++) {
		assert_int_equal(pmm_access(sim, hog, 0x100000000000ull +
					    pages * 4096, 1, PMM_ACCESS_WRITE,
					    NULL, &r), 0);
		if (r.status == PMM_ACCESS_KILLED)
			break;
	}
	/* a second one, on the same CPU (new tasks go round the 4 CPUs, and
	 * the freed pages sit on that CPU's lists), leaves room for about
	 * half the swapped pages */
	for (int i = 0; i < 3; i++)
		(void)fx_process(sim, NULL);
	hog = fx_process(sim, NULL);
	assert_int_equal(pmm_mmap(sim, hog, 0x100000000000ull, 512ull << 20,
				  PROT_RW, MAP_PRIV_ANON | 0x4000, -1, 0),
			 (int64_t)0x100000000000ull);
	for (uint64_t i = 0; i < pages - 128 - 16; i++) {
		assert_int_equal(pmm_access(sim, hog, 0x100000000000ull +
					    i * 4096, 1, PMM_ACCESS_WRITE,
					    NULL, &r), 0);
		assert_int_equal(r.status, 0);
	}
	total = sim->swap.total_pages;
	assert_int_equal(pmm_swapoff(sim, root, "/dev/vdb"), -ENOMEM);
	assert_int_equal(sim->swap.total_pages, total);
	assert_int_equal(pmm_sim_check(sim, msg, sizeof(msg)), 0);
	/* with the hog gone it succeeds and nothing was lost */
	assert_int_equal(pmm_exit(sim, hog, 0), 0);
	assert_int_equal(pmm_swapoff(sim, root, "/dev/vdb"), 0);
	verify(sim, a, BASE, len, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swap_entry_encoding),
		cmocka_unit_test_setup_teardown(test_swap_alloc_priority_and_round_robin,
						fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_swap_refused_calls_change_nothing,
						fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_swap_content_fork_swapoff,
						fx_sim_setup_linux, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_swap_swapoff_enomem_keeps_area,
						fx_sim_setup_linux, fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
