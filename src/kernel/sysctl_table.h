/* SPDX-License-Identifier: MIT */
/*
 * kernel/sysctl_table.h - the X-macro table of every memory sysctl.
 *
 * This file owns the list of vm.* and kernel.* tunables the simulator
 * models: every one a spec file names in a table or in prose, plus the
 * Linux neighbours the simulator's reclaim, compaction and writeback need.
 * One row per sysctl; it has no include guard on purpose: the includer
 * defines SYSCTL_ROW() first (kernel/sysctl.h makes enum sysctl_id from it,
 * kernel/sysctl.c the descriptor array).
 *
 * SYSCTL_ROW(id, name, type, mode, linux_default, peios_default, min, max,
 *            gate, hook, profiles, flags, ref)
 *
 *  type      INT, ULONG, JIFFIES, INTVEC, STRING (SYSCTL_T_*)
 *  mode      the Linux /proc/sys file mode
 *  defaults  linux_default is mainline x86-64 (distro config where the
 *            kernel's build default differs, e.g. mmap_min_addr);
 *            peios_default differs only where a spec says so, and the row's
 *            comment cites the spec; for flags RAM the value is the static
 *            initialiser and sysctl_state_init() computes the real one;
 *            for STRING the index into the row's word list
 *  min, max  Linux's extra1/extra2 bounds; a handler without them takes
 *            the whole type range (INT_MIN..INT_MAX, 0..UINT64_MAX)
 *  gate      KEY, KEY_RAWIO, KEY_SYSADMIN (SYSCTL_GATE_*)
 *  hook      SYSCTL_HOOK_*
 *  profiles  ALL, PEIOS (peios + peios-kacs), LINUX (SYSCTL_PROF_*)
 *  ref       spec file and section, or "Linux" when no spec names it
 */

/* ---- overcommit (spec 06) ---------------------------------------------- */

/* 0 heuristic, 1 always, 2 strict; overcommit_policy_handler */
SYSCTL_ROW(VM_OVERCOMMIT_MEMORY, "vm.overcommit_memory", INT, 0644, 0, 0,
	   0, 2, KEY, OVERCOMMIT, ALL, 0, "06 §3, §3.1; rules 1, 2, 40")
/* overcommit_ratio_handler is plain proc_dointvec: no bounds at all */
SYSCTL_ROW(VM_OVERCOMMIT_RATIO, "vm.overcommit_ratio", INT, 0644, 50, 50,
	   INT_MIN, INT_MAX, KEY, OVERCOMMIT, ALL, 0, "06 §3; rules 1, 7, 40")
SYSCTL_ROW(VM_OVERCOMMIT_KBYTES, "vm.overcommit_kbytes", ULONG, 0644, 0, 0,
	   0, UINT64_MAX, KEY, OVERCOMMIT, ALL, 0, "06 §3.1; rule 8")
/* RAM: min(free / 32, 8 MiB) */
SYSCTL_ROW(VM_ADMIN_RESERVE_KBYTES, "vm.admin_reserve_kbytes", ULONG, 0644,
	   8192, 8192, 0, UINT64_MAX, KEY, NONE, ALL, SYSCTL_F_RAM,
	   "06 §3.1 (Linux)")
/* RAM: min(free / 32, 128 MiB) */
SYSCTL_ROW(VM_USER_RESERVE_KBYTES, "vm.user_reserve_kbytes", ULONG, 0644,
	   131072, 131072, 0, UINT64_MAX, KEY, NONE, ALL, SYSCTL_F_RAM,
	   "06 §3.1 (Linux)")

/* ---- watermarks and zones (no spec names them) -------------------------- */

/* RAM: sqrt(lowmem_kbytes * 16) clamped to [128, 262144], THP raise */
SYSCTL_ROW(VM_MIN_FREE_KBYTES, "vm.min_free_kbytes", INT, 0644, 1024, 1024,
	   0, INT_MAX, KEY, WATERMARKS, ALL, SYSCTL_F_RAM, "Linux")
SYSCTL_ROW(VM_WATERMARK_SCALE_FACTOR, "vm.watermark_scale_factor", INT,
	   0644, 10, 10, 1, 3000, KEY, WATERMARKS, ALL, 0, "Linux")
SYSCTL_ROW(VM_WATERMARK_BOOST_FACTOR, "vm.watermark_boost_factor", INT,
	   0644, 15000, 15000, 0, INT_MAX, KEY, NONE, ALL, 0, "Linux")
/* vector 256 256 32 0 0 (DMA, DMA32, Normal, Movable, Device); no bounds,
 * the handler turns values < 1 into 0 and never fails */
SYSCTL_ROW(VM_LOWMEM_RESERVE_RATIO, "vm.lowmem_reserve_ratio", INTVEC, 0644,
	   256, 256, INT_MIN, INT_MAX, KEY, LOWMEM_RESERVE, ALL, 0, "Linux")
/* only "Node" is left; a write is validated and ignored */
SYSCTL_ROW(VM_NUMA_ZONELIST_ORDER, "vm.numa_zonelist_order", STRING, 0644,
	   0, 0, 0, 0, KEY, NONE, ALL, 0, "Linux")
SYSCTL_ROW(VM_ZONE_RECLAIM_MODE, "vm.zone_reclaim_mode", INT, 0644, 0, 0,
	   0, INT_MAX, KEY, NONE, ALL, 0, "Linux")

/* ---- reclaim and swap (spec 07) ----------------------------------------- */

SYSCTL_ROW(VM_SWAPPINESS, "vm.swappiness", INT, 0644, 60, 60, 0, 200, KEY,
	   NONE, ALL, 0, "07 §5; rules 23, 24")
/* RAM: 2 below 16 MiB, else 3; max page_cluster_max = 31 */
SYSCTL_ROW(VM_PAGE_CLUSTER, "vm.page-cluster", INT, 0644, 3, 3, 0, 31, KEY,
	   NONE, ALL, SYSCTL_F_RAM, "Linux")
SYSCTL_ROW(VM_VFS_CACHE_PRESSURE, "vm.vfs_cache_pressure", INT, 0644, 100,
	   100, 0, INT_MAX, KEY, NONE, ALL, 0, "08 §8")
/* Linux 6.15+ */
SYSCTL_ROW(VM_VFS_CACHE_PRESSURE_DENOM, "vm.vfs_cache_pressure_denom", INT,
	   0644, 100, 100, 100, INT_MAX, KEY, NONE, ALL, 0, "08 §8 (Linux)")

/* ---- compaction (no spec names these but defrag_mode) -------------------- */

/* Linux 6.15+ */
SYSCTL_ROW(VM_DEFRAG_MODE, "vm.defrag_mode", INT, 0644, 0, 0, 0, 1, KEY,
	   NONE, ALL, 0, "08 §8 (Linux)")
SYSCTL_ROW(VM_COMPACTION_PROACTIVENESS, "vm.compaction_proactiveness", INT,
	   0644, 20, 20, 0, 100, KEY, KCOMPACTD, ALL, 0, "Linux")
/* write-only; only 1 is accepted; starts at 0 */
SYSCTL_ROW(VM_COMPACT_MEMORY, "vm.compact_memory", INT, 0200, 0, 0, 1, 1,
	   KEY, COMPACT, ALL, SYSCTL_F_ZERO_OK, "Linux")
SYSCTL_ROW(VM_EXTFRAG_THRESHOLD, "vm.extfrag_threshold", INT, 0644, 500, 500,
	   0, 1000, KEY, NONE, ALL, 0, "Linux")

/* ---- address space and hardening (specs 01, 09, 15) --------------------- */

SYSCTL_ROW(VM_MAX_MAP_COUNT, "vm.max_map_count", INT, 0644, 65530, 65530,
	   0, INT_MAX, KEY, NONE, ALL, 0, "15 §4, 01 §8; 15 rules 18-19")
/* the kernel's build default is 4096; distributions and Peios use 65536;
 * the handler needs CAP_SYS_RAWIO; Peios: "lowering it needs admin
 * authority on the registry key" (15 §3) */
SYSCTL_ROW(VM_MMAP_MIN_ADDR, "vm.mmap_min_addr", ULONG, 0644, 65536, 65536,
	   0, UINT64_MAX, KEY_RAWIO, NONE, ALL, 0,
	   "15 §3, 01 §8, 09 §9; 15 rules 12, 17; 01 rule 13")
/* x86-64, 4-level paging: ARCH_MMAP_RND_BITS_MIN 28, _MAX 32; mode 0600 */
SYSCTL_ROW(VM_MMAP_RND_BITS, "vm.mmap_rnd_bits", INT, 0600, 28, 28, 28, 32,
	   KEY, NONE, ALL, 0, "09 §9 item 5 (Linux)")
SYSCTL_ROW(VM_MMAP_RND_COMPAT_BITS, "vm.mmap_rnd_compat_bits", INT, 0600, 8,
	   8, 8, 16, KEY, NONE, ALL, 0, "09 §9 item 5 (Linux)")
/* bottom-up (legacy) mmap layout for new execs; proc_dointvec_minmax,
 * min 0, no max */
SYSCTL_ROW(VM_LEGACY_VA_LAYOUT, "vm.legacy_va_layout", INT, 0644, 0, 0, 0,
	   INT_MAX, KEY, NONE, ALL, 0, "01 §2 (Linux)")
/* plain proc_dointvec: any int; code treats > 2 as 2 */
SYSCTL_ROW(KERNEL_RANDOMIZE_VA_SPACE, "kernel.randomize_va_space", INT,
	   0644, 2, 2, INT_MIN, INT_MAX, KEY, NONE, ALL, 0,
	   "01 §4, 09 §1.1; 01 rules 5-9")

/* ---- userfaultfd (spec 10) ---------------------------------------------- */

/* Linux only: spec 10 §6 says the Peios knob replaces it */
SYSCTL_ROW(VM_UNPRIVILEGED_USERFAULTFD, "vm.unprivileged_userfaultfd", INT,
	   0644, 0, 0, 0, 1, KEY, NONE, LINUX, 0, "10 §5 (Linux)")
/* Peios only (10 §6): disabled / privileged-only / user-mode-only, default
 * user-mode-only (rule 1); the registry name is not given (10 §11), the
 * simulator names it vm.userfaultfd_policy; index per enum
 * sysctl_uffd_policy */
SYSCTL_ROW(VM_USERFAULTFD_POLICY, "vm.userfaultfd_policy", STRING, 0644,
	   SYSCTL_UFFD_USER_MODE_ONLY, SYSCTL_UFFD_USER_MODE_ONLY,
	   SYSCTL_UFFD_USER_MODE_ONLY, SYSCTL_UFFD_DISABLED, KEY, USERFAULTFD,
	   PEIOS, 0, "10 §6, §7; rules 1, 8, 9, 10")

/* ---- shared memory (spec 03) -------------------------------------------- */

/* Peios default 1: new memfds are noexec-sealed unless MFD_EXEC (spec 03
 * §3 flag table, rule 11); Linux 0.  The handler needs CAP_SYS_ADMIN and,
 * since 6.6 (6.3+ stable), only bounds the value below by the parent pid
 * namespace's - in the init namespace it can be lowered again */
SYSCTL_ROW(VM_MEMFD_NOEXEC, "vm.memfd_noexec", INT, 0644, 0, 1, 0, 2,
	   KEY_SYSADMIN, NONE, ALL, 0, "03 §3; rule 11")
/* SHMMAX = SHMALL = ULONG_MAX - 2^24 */
SYSCTL_ROW(KERNEL_SHMMAX, "kernel.shmmax", ULONG, 0644,
	   UINT64_MAX - (UINT64_C(1) << 24), UINT64_MAX - (UINT64_C(1) << 24),
	   0, UINT64_MAX, KEY, NONE, ALL, 0, "03 §8")
SYSCTL_ROW(KERNEL_SHMALL, "kernel.shmall", ULONG, 0644,
	   UINT64_MAX - (UINT64_C(1) << 24), UINT64_MAX - (UINT64_C(1) << 24),
	   0, UINT64_MAX, KEY, NONE, ALL, 0, "03 §8")
/* max IPCMNI 32768 (without the ipcmni_extend boot option) */
SYSCTL_ROW(KERNEL_SHMMNI, "kernel.shmmni", INT, 0644, 4096, 4096, 0, 32768,
	   KEY, NONE, ALL, 0, "03 §8")

/* ---- page cache and writeback (spec 08) --------------------------------- */

/* write-only: 1 page cache, 2 slab, 3 both, 4 quiet; starts at 0 */
SYSCTL_ROW(VM_DROP_CACHES, "vm.drop_caches", INT, 0200, 0, 0, 1, 4, KEY,
	   DROP_CACHES, ALL, SYSCTL_F_ZERO_OK, "08 §7; rules 21-25")
/* writing a ratio that changes it zeroes dirty_bytes, and vice versa */
SYSCTL_ROW(VM_DIRTY_RATIO, "vm.dirty_ratio", INT, 0644, 20, 20, 0, 100, KEY,
	   DIRTY, ALL, 0, "08 §5; rule 16")
SYSCTL_ROW(VM_DIRTY_BACKGROUND_RATIO, "vm.dirty_background_ratio", INT,
	   0644, 10, 10, 0, 100, KEY, DIRTY, ALL, 0, "08 §5; rules 16, 17")
/* min 2 * PAGE_SIZE; 0 only through a dirty_ratio write */
SYSCTL_ROW(VM_DIRTY_BYTES, "vm.dirty_bytes", ULONG, 0644, 0, 0, 8192,
	   UINT64_MAX, KEY, DIRTY, ALL, SYSCTL_F_ZERO_OK, "08 §5 (Linux)")
SYSCTL_ROW(VM_DIRTY_BACKGROUND_BYTES, "vm.dirty_background_bytes", ULONG,
	   0644, 0, 0, 1, UINT64_MAX, KEY, DIRTY, ALL, SYSCTL_F_ZERO_OK,
	   "08 §5 (Linux)")
/* 30 s and 5 s in the page's prose */
SYSCTL_ROW(VM_DIRTY_EXPIRE_CENTISECS, "vm.dirty_expire_centisecs", INT,
	   0644, 3000, 3000, 0, INT_MAX, KEY, NONE, ALL, 0, "08 §5; rule 15")
/* dirty_writeback_centisecs_handler is plain proc_dointvec; 0 disables */
SYSCTL_ROW(VM_DIRTY_WRITEBACK_CENTISECS, "vm.dirty_writeback_centisecs",
	   INT, 0644, 500, 500, INT_MIN, INT_MAX, KEY, WRITEBACK, ALL, 0,
	   "08 §5; rule 15")
SYSCTL_ROW(VM_DIRTYTIME_EXPIRE_SECONDS, "vm.dirtytime_expire_seconds", INT,
	   0644, 43200, 43200, 0, INT_MAX, KEY, NONE, ALL, 0, "08 §5 (Linux)")
SYSCTL_ROW(VM_LAPTOP_MODE, "vm.laptop_mode", JIFFIES, 0644, 0, 0,
	   -(INT_MAX / SYSCTL_HZ), INT_MAX / SYSCTL_HZ, KEY, NONE, ALL, 0,
	   "Linux")

/* ---- hugetlb (specs 03, 04) --------------------------------------------- */

SYSCTL_ROW(VM_NR_HUGEPAGES, "vm.nr_hugepages", ULONG, 0644, 0, 0, 0,
	   UINT64_MAX, KEY, HUGEPAGES, ALL, 0, "04 §6; rules 18, 24")
SYSCTL_ROW(VM_NR_HUGEPAGES_MEMPOLICY, "vm.nr_hugepages_mempolicy", ULONG,
	   0644, 0, 0, 0, UINT64_MAX, KEY, HUGEPAGES, ALL, 0, "04 §6 (Linux)")
SYSCTL_ROW(VM_NR_OVERCOMMIT_HUGEPAGES, "vm.nr_overcommit_hugepages", ULONG,
	   0644, 0, 0, 0, UINT64_MAX, KEY, HUGEPAGES, ALL, 0,
	   "04 §6; rules 19, 24")
/* a gid; plain proc_dointvec */
SYSCTL_ROW(VM_HUGETLB_SHM_GROUP, "vm.hugetlb_shm_group", INT, 0644, 0, 0,
	   INT_MIN, INT_MAX, KEY, NONE, ALL, 0, "03 §8, 04 §6 (Linux)")

/* ---- NUMA (spec 05) ----------------------------------------------------- */

/* RAM: 1 with more than one node; bit 0 normal, bit 1 memory tiering; the
 * handler's extra2 is SYSCTL_FOUR, so 4 is accepted too; CAP_SYS_ADMIN */
SYSCTL_ROW(KERNEL_NUMA_BALANCING, "kernel.numa_balancing", INT, 0644, 0, 0,
	   0, 4, KEY_SYSADMIN, NUMA_BALANCING, ALL, SYSCTL_F_RAM,
	   "05 §4; rules 23, 24")

/* ---- OOM (spec 06) ------------------------------------------------------ */

SYSCTL_ROW(VM_OOM_KILL_ALLOCATING_TASK, "vm.oom_kill_allocating_task", INT,
	   0644, 0, 0, INT_MIN, INT_MAX, KEY, NONE, ALL, 0, "06 §4.1 (Linux)")
SYSCTL_ROW(VM_OOM_DUMP_TASKS, "vm.oom_dump_tasks", INT, 0644, 1, 1, INT_MIN,
	   INT_MAX, KEY, NONE, ALL, 0, "06 §4.1 (Linux)")
SYSCTL_ROW(VM_PANIC_ON_OOM, "vm.panic_on_oom", INT, 0644, 0, 0, 0, 2, KEY,
	   NONE, ALL, 0, "06 §7; rules 1, 33, 34, 40")
/* panic reboot timeout; a panic only reboots when > 0 (06 §7) */
SYSCTL_ROW(KERNEL_PANIC, "kernel.panic", INT, 0644, 0, 0, INT_MIN, INT_MAX,
	   KEY, NONE, ALL, 0, "06 §7 (Linux)")

/* ---- statistics --------------------------------------------------------- */

/* HZ jiffies = 1 s */
SYSCTL_ROW(VM_STAT_INTERVAL, "vm.stat_interval", JIFFIES, 0644, 1, 1,
	   -(INT_MAX / SYSCTL_HZ), INT_MAX / SYSCTL_HZ, KEY, NONE, ALL, 0,
	   "Linux")
