/* SPDX-License-Identifier: MIT */
/*
 * kernel/sysctl.h - the vm.* and kernel.* memory tunables of one machine.
 *
 * This module owns the values of every memory sysctl the specs name (the
 * table is kernel/sysctl_table.h), their Linux and Peios defaults, the
 * /proc/sys text format in both directions (parsed exactly like Linux's
 * proc_dointvec_minmax(), proc_doulongvec_minmax(), proc_dointvec_jiffies()
 * and proc_dostring() handlers), the side effects one write has on another
 * value (overcommit_ratio/overcommit_kbytes, dirty_*_ratio/dirty_*_bytes),
 * and the metadata the rest of the simulator needs: which security-gate
 * class guards a write, which subsystem must react after a write (the
 * hook), the file mode, and in which profiles a name exists.  It does not
 * check any token and does not act on a write: the caller runs the gate
 * before sysctl_write() and the hook after it.  No globals except const
 * tables.
 *
 * Write gates, per class (the lead turns these into gate-table rows).
 * "KEY" is the registry-key SD check: Peios applies every VM tunable from
 * the registry through ksyncd, and /proc/sys entries carry registry-key
 * access masks, so a write needs KEY_SET_VALUE (0x0002) on the tunable's
 * SD, whose default DACL grants it to TCB-tier identities only (spec 06
 * §11: "SYSTEM/Administrators, i.e. TCB-tier"; 08 §7 drop_caches; 10 §7
 * userfaultfd; 04 rule 24; 05 rule 24; 07 rule 24; 15 rule 17).  In the
 * linux profile the files are root-owned (0644, 0600 or 0200), so a write
 * needs euid 0, which the KACS switchboard model maps to "SeTcbPrivilege
 * enabled"; a DAC failure happens at open() and is EACCES.  A handler that
 * additionally calls capable() keeps doing so under KACS, where the
 * switchboard maps the capability to a privilege (spec 00 §4).
 *
 *  class                     peios, peios-kacs              linux
 *  ------------------------  -----------------------------  ---------------
 *  SYSCTL_GATE_KEY           KEY_SET_VALUE on the key SD,   root (SeTcb),
 *                            else -EACCES                   else -EACCES
 *  SYSCTL_GATE_KEY_RAWIO     as KEY; then SeTcbPrivilege    as KEY; then
 *  (vm.mmap_min_addr)        (CAP_SYS_RAWIO), else -EPERM   CAP_SYS_RAWIO
 *                                                           (SeTcb), else
 *                                                           -EPERM
 *  SYSCTL_GATE_KEY_SYSADMIN  as KEY; then SeTcbPrivilege    as KEY; then
 *  (kernel.numa_balancing,   (CAP_SYS_ADMIN), else -EPERM   CAP_SYS_ADMIN
 *   vm.memfd_noexec)                                        (SeTcb), else
 *                                                           -EPERM
 *
 * Read gates follow sysctl_desc()->mode: 0644 anyone may read; 0600
 * (vm.mmap_rnd_bits, vm.mmap_rnd_compat_bits) root only in linux (-EACCES),
 * and in the Peios profiles KEY_QUERY_VALUE (0x0001) on the key SD (not
 * stated by the specs; recommend the same TCB-tier set); 0200
 * (vm.drop_caches, vm.compact_memory) nobody, in every profile (-EACCES,
 * spec 08 rule 24) - sysctl_read() itself returns -EACCES for those.
 *
 * Not sysctls, so not in the table: stack_guard_gap (a boot parameter only,
 * spec 01 §5, 15 §6 and rule 27), the KSM and THP knobs (/sys/kernel/mm/),
 * read_ahead_kb (/sys/block/), the Peios registry names nr_hugepages_<size>
 * and hugetlb_movable_gigantic_pages (spec 04 §9 item 3), zswap/zram.
 */
#ifndef PMM_KERNEL_SYSCTL_H
#define PMM_KERNEL_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <peiosmm/sim.h>

/* HZ of the modelled kernel: proc_dointvec_jiffies values are in seconds. */
#define SYSCTL_HZ		1000
/* Zones of vm.lowmem_reserve_ratio: DMA, DMA32, Normal, Movable, Device. */
#define SYSCTL_NR_ZONES		5
/* Linux copies at most PAGE_SIZE - 1 bytes of a numeric write. */
#define SYSCTL_WRITE_MAX	4095
/* pages per pageblock with 4 KiB pages (pageblock_order 9) */
#define SYSCTL_PAGEBLOCK_PAGES	512

/**
 * enum sysctl_type - how a sysctl's text is parsed and printed
 * @SYSCTL_T_INT:     one int, proc_dointvec(_minmax)
 * @SYSCTL_T_ULONG:   one unsigned long, proc_doulongvec_minmax; a '-' sign
 *                    is -EINVAL
 * @SYSCTL_T_JIFFIES: one int of seconds, proc_dointvec_jiffies; stored in
 *                    seconds, bounded by +-INT_MAX / SYSCTL_HZ
 * @SYSCTL_T_INTVEC:  SYSCTL_NR_ZONES ints, tab-separated when read
 * @SYSCTL_T_STRING:  a word from a fixed list; the stored value is its index
 */
enum sysctl_type {
	SYSCTL_T_INT,
	SYSCTL_T_ULONG,
	SYSCTL_T_JIFFIES,
	SYSCTL_T_INTVEC,
	SYSCTL_T_STRING,
};

/**
 * enum sysctl_gate_class - which security-gate row guards a write
 * @SYSCTL_GATE_KEY:          registry-key SD / root, see the file comment
 * @SYSCTL_GATE_KEY_RAWIO:    as KEY, plus CAP_SYS_RAWIO (-> SeTcbPrivilege)
 * @SYSCTL_GATE_KEY_SYSADMIN: as KEY, plus CAP_SYS_ADMIN (-> SeTcbPrivilege)
 */
enum sysctl_gate_class {
	SYSCTL_GATE_KEY,
	SYSCTL_GATE_KEY_RAWIO,
	SYSCTL_GATE_KEY_SYSADMIN,
	SYSCTL_GATE_NR
};

/**
 * enum sysctl_hook_kind - what the simulator must do after a successful write
 * @SYSCTL_HOOK_NONE:           nothing; the value is read where it is used
 * @SYSCTL_HOOK_OVERCOMMIT:     recompute CommitLimit / the policy (Linux
 *                              syncs the committed counter on a switch to 2)
 * @SYSCTL_HOOK_WATERMARKS:     setup_per_zone_wmarks()
 * @SYSCTL_HOOK_LOWMEM_RESERVE: setup_per_zone_lowmem_reserve(); Linux runs it
 *                              after every write, even an unparsable one
 * @SYSCTL_HOOK_DROP_CACHES:    value & 1: drop clean unmapped page cache;
 *                              & 2: drop reclaimable slab; & 4: only
 *                              silences the kernel log line
 * @SYSCTL_HOOK_COMPACT:        compact every node now
 * @SYSCTL_HOOK_KCOMPACTD:      a non-zero value wakes kcompactd on every node
 * @SYSCTL_HOOK_HUGEPAGES:      resize the default-size hugetlb pool (or its
 *                              surplus cap); an allocation that falls short
 *                              is recorded with sysctl_set_u64()
 * @SYSCTL_HOOK_DIRTY:          recompute the dirty thresholds
 * @SYSCTL_HOOK_WRITEBACK:      a non-zero, changed interval wakes the flusher
 * @SYSCTL_HOOK_NUMA_BALANCING: start/stop NUMA balancing; newly set bit 1
 *                              (memory tiering) resets the tiering state
 * @SYSCTL_HOOK_USERFAULTFD:    the Peios policy applies at next boot, or at
 *                              once on a live-apply-capable kernel (spec 10
 *                              §7, rule 10)
 */
enum sysctl_hook_kind {
	SYSCTL_HOOK_NONE,
	SYSCTL_HOOK_OVERCOMMIT,
	SYSCTL_HOOK_WATERMARKS,
	SYSCTL_HOOK_LOWMEM_RESERVE,
	SYSCTL_HOOK_DROP_CACHES,
	SYSCTL_HOOK_COMPACT,
	SYSCTL_HOOK_KCOMPACTD,
	SYSCTL_HOOK_HUGEPAGES,
	SYSCTL_HOOK_DIRTY,
	SYSCTL_HOOK_WRITEBACK,
	SYSCTL_HOOK_NUMA_BALANCING,
	SYSCTL_HOOK_USERFAULTFD,
	SYSCTL_HOOK_NR
};

/* Profile masks of the table: in which profiles a name exists. */
#define SYSCTL_PROF_ALL                                                      \
	((1u << PMM_PROFILE_PEIOS) | (1u << PMM_PROFILE_PEIOS_KACS) |        \
	 (1u << PMM_PROFILE_LINUX))
#define SYSCTL_PROF_PEIOS                                                    \
	((1u << PMM_PROFILE_PEIOS) | (1u << PMM_PROFILE_PEIOS_KACS))
#define SYSCTL_PROF_LINUX (1u << PMM_PROFILE_LINUX)

/*
 * Row flags: SYSCTL_F_RAM, the default is computed from the machine;
 * SYSCTL_F_ZERO_OK, 0 (the initial value, or set by a paired write) is
 * consistent though outside [min, max].
 */
#define SYSCTL_F_RAM		0x1u
#define SYSCTL_F_ZERO_OK	0x2u

/**
 * enum sysctl_uffd_policy - values of the Peios vm.userfaultfd_policy knob
 * @SYSCTL_UFFD_USER_MODE_ONLY:  "user-mode-only", the default
 * @SYSCTL_UFFD_PRIVILEGED_ONLY: "privileged-only"
 * @SYSCTL_UFFD_DISABLED:        "disabled"
 */
enum sysctl_uffd_policy {
	SYSCTL_UFFD_USER_MODE_ONLY,
	SYSCTL_UFFD_PRIVILEGED_ONLY,
	SYSCTL_UFFD_DISABLED,
};

/* SYSCTL_<ID> for every row of the table, in table order. */
enum sysctl_id {
#define SYSCTL_ROW(id, ...) SYSCTL_##id,
#include "sysctl_table.h"
#undef SYSCTL_ROW
	NR_SYSCTL
};

/**
 * struct sysctl_desc - one row of the table
 * @name:      dotted name, e.g. "vm.swappiness"
 * @type:      parse/print format
 * @mode:      the /proc/sys file mode Linux gives it (0644, 0600, 0200)
 * @def:       static default per profile, indexed by enum pmm_profile; raw
 *             two's complement for signed types (see sysctl_get()); for
 *             SYSCTL_F_RAM rows the value the kernel starts from before
 *             sysctl_state_init() computes the real one
 * @min:       lowest accepted value (raw, like @def)
 * @max:       highest accepted value (raw, like @def)
 * @gate:      write gate class
 * @hook:      what must run after a successful write
 * @profiles:  bit (1 << enum pmm_profile) set where the name exists
 * @flags:     SYSCTL_F_*
 * @ref:       spec file and section (or "Linux") the row comes from
 */
struct sysctl_desc {
	const char *name;
	enum sysctl_type type;
	unsigned int mode;
	uint64_t def[PMM_PROFILE_NR];
	uint64_t min;
	uint64_t max;
	enum sysctl_gate_class gate;
	enum sysctl_hook_kind hook;
	unsigned int profiles;
	unsigned int flags;
	const char *ref;
};

/**
 * struct sysctl_machine - the facts some Linux defaults are computed from
 * @ram_bytes:       total RAM (totalram): vm.page-cluster
 * @lowmem_bytes:    RAM in zones DMA..Normal, i.e. not ZONE_MOVABLE
 *                   (nr_free_buffer_pages() at boot): vm.min_free_kbytes;
 *                   0 = @ram_bytes
 * @free_bytes:      free RAM when the overcommit reserves are initialised:
 *                   vm.user_reserve_kbytes, vm.admin_reserve_kbytes;
 *                   0 = @ram_bytes
 * @nr_nodes:        NUMA nodes: kernel.numa_balancing is 1 with more than
 *                   one (CONFIG_NUMA_BALANCING_DEFAULT_ENABLED=y)
 * @nr_lowmem_zones: populated zones up to ZONE_NORMAL (x86-64 with more
 *                   than 4 GiB: 3), for the THP raise of min_free_kbytes
 * @thp_enabled:     THP "always" or "madvise": khugepaged raises
 *                   vm.min_free_kbytes (set_recommended_min_free_kbytes())
 */
struct sysctl_machine {
	uint64_t ram_bytes;
	uint64_t lowmem_bytes;
	uint64_t free_bytes;
	unsigned int nr_nodes;
	unsigned int nr_lowmem_zones;
	bool thp_enabled;
};

/**
 * struct sysctl_state - the sysctl values of one machine
 * @profile:  the machine's profile; decides defaults and which names exist
 * @val:      one raw value per sysctl (two's complement for signed types;
 *            the string index for SYSCTL_T_STRING; element 0 for the
 *            vector); use sysctl_get() / sysctl_get_u64()
 * @lowmem_reserve_ratio: the vector of vm.lowmem_reserve_ratio
 * @user_set: the sysctl was written through sysctl_write() since init
 *            (Linux's user_min_free_kbytes: a recomputed default no longer
 *            overrides a value the administrator chose)
 */
struct sysctl_state {
	enum pmm_profile profile;
	uint64_t val[NR_SYSCTL];
	int32_t lowmem_reserve_ratio[SYSCTL_NR_ZONES];
	bool user_set[NR_SYSCTL];
};

/**
 * sysctl_desc() - the table row of @id
 * @id: a sysctl
 *
 * Return: the row, or NULL when @id is out of range.
 */
const struct sysctl_desc *sysctl_desc(enum sysctl_id id);

/**
 * sysctl_state_init() - set every sysctl to its default
 * @st:      state to fill
 * @profile: the machine's profile
 * @m:       the machine the computed defaults come from, or NULL to keep
 *           the kernel's static initialisers for them (min_free_kbytes
 *           1024, user_reserve_kbytes 131072, admin_reserve_kbytes 8192,
 *           page-cluster 3, numa_balancing 0)
 *
 * Computed from @m: vm.min_free_kbytes (sysctl_min_free_kbytes_default(),
 * raised by sysctl_thp_min_free_kbytes() when @m->thp_enabled),
 * vm.user_reserve_kbytes and vm.admin_reserve_kbytes (from free RAM),
 * vm.page-cluster (from RAM) and kernel.numa_balancing (from the node
 * count).  Everything else is the table's default for @profile.
 *
 * Return: 0, or -EINVAL for an unknown @profile (@st is then untouched).
 */
int sysctl_state_init(struct sysctl_state *st, enum pmm_profile profile,
		      const struct sysctl_machine *m);

/**
 * sysctl_min_free_kbytes_default() - Linux's boot value of min_free_kbytes
 * @lowmem_kbytes: KiB of RAM in zones up to ZONE_NORMAL
 *
 * int_sqrt(@lowmem_kbytes * 16), clamped to [128, 262144]
 * (init_per_zone_wmark_min()).  8 GiB gives 11585, 1 TiB gives 131072.
 *
 * Return: the value in KiB.
 */
int sysctl_min_free_kbytes_default(uint64_t lowmem_kbytes);

/**
 * sysctl_thp_min_free_kbytes() - min_free_kbytes once khugepaged has started
 * @min_free_kbytes: the value before
 * @nr_zones:        populated zones up to ZONE_NORMAL
 * @lowmem_pages:    pages in those zones (caps the result at 5 %)
 *
 * Linux's set_recommended_min_free_kbytes(): 2 free pageblocks per zone plus
 * MIGRATE_PCPTYPES^2 (9) per zone, at most lowmem/20, never lowering the
 * value.  With 3 zones and 8 GiB: 67584.
 *
 * Return: the new value in KiB.
 */
int sysctl_thp_min_free_kbytes(int min_free_kbytes, unsigned int nr_zones,
			       uint64_t lowmem_pages);

/**
 * sysctl_user_reserve_kbytes_default() - min(free / 32, 128 MiB) in KiB
 * @free_kbytes: free memory at boot, KiB
 */
uint64_t sysctl_user_reserve_kbytes_default(uint64_t free_kbytes);

/**
 * sysctl_admin_reserve_kbytes_default() - min(free / 32, 8 MiB) in KiB
 * @free_kbytes: free memory at boot, KiB
 */
uint64_t sysctl_admin_reserve_kbytes_default(uint64_t free_kbytes);

/**
 * sysctl_page_cluster_default() - 2 below 16 MiB of RAM, else 3
 * @ram_bytes: total RAM
 */
int sysctl_page_cluster_default(uint64_t ram_bytes);

/**
 * sysctl_lookup() - find a sysctl by name, in any profile
 * @name: "vm.swappiness", "vm/swappiness" or "/proc/sys/vm/swappiness"
 *
 * Return: the enum sysctl_id, or -ENOENT.
 */
int sysctl_lookup(const char *name);

/**
 * sysctl_lookup_profile() - sysctl_lookup() limited to names of @profile
 * @name:    as for sysctl_lookup()
 * @profile: the machine's profile
 *
 * Return: the enum sysctl_id, or -ENOENT.
 */
int sysctl_lookup_profile(const char *name, enum pmm_profile profile);

/**
 * sysctl_name() - the dotted name of @id, e.g. "vm.swappiness"
 * @id: a sysctl
 *
 * Return: the name, or NULL when @id is out of range.
 */
const char *sysctl_name(enum sysctl_id id);

/**
 * sysctl_present() - whether @id exists in @profile
 * @id:      a sysctl
 * @profile: a profile
 */
bool sysctl_present(enum sysctl_id id, enum pmm_profile profile);

/**
 * sysctl_gate_class() - the gate class guarding writes to @id
 * @id: a sysctl (must be in range)
 */
enum sysctl_gate_class sysctl_gate_class(enum sysctl_id id);

/**
 * sysctl_hook() - what must run after a successful write to @id
 * @id: a sysctl (must be in range)
 */
enum sysctl_hook_kind sysctl_hook(enum sysctl_id id);

/**
 * sysctl_write() - write /proc/sys text to a sysctl
 * @st:   the machine's sysctls
 * @id:   the sysctl
 * @text: the bytes written (need not be NUL-terminated)
 * @len:  how many; Linux looks at no more than SYSCTL_WRITE_MAX of them
 *
 * Numbers are parsed like the kernel: leading white space (isspace, which
 * includes 0xa0) is skipped; an optional '-' ('+' is an error); base 0
 * (0x1f hex, 017 octal); the number must end at the end of the text or at
 * ' ', '\t' or '\n' ("5\r" and "5x" are -EINVAL); a number of 21 or more
 * characters is -EINVAL; text after the last value a sysctl takes is
 * ignored (Linux consumes only part of the write and ignores the rest under
 * sysctl_writes_strict=1); white space only is -EINVAL; a zero-length write
 * succeeds and changes nothing.  The value is unchanged on every error.
 *
 * Deliberate, documented cases: vm.lowmem_reserve_ratio never fails (Linux's
 * handler discards the parse error): the values parsed before a bad one
 * are stored and values < 1 become 0.  vm.compact_memory accepts only 1,
 * and a zero-length write is -EINVAL unless it already holds 1 (Linux
 * re-checks the stored value).  vm.numa_zonelist_order accepts text whose
 * first byte is d, D, n or N and always reads "Node".  vm.dirty_bytes and
 * vm.dirty_background_bytes above UINT_MAX pages are -ERANGE (Linux >=
 * 6.10).  vm.userfaultfd_policy takes the word up to the first '\n',
 * trimmed of blanks.  Linux applies the leading elements of a vector
 * before failing on a later bad one; this module does not (the vector is
 * unchanged), except as said for lowmem_reserve_ratio.
 *
 * Write-only sysctls (drop_caches, compact_memory) are stored so the
 * caller's hook can act on the value.
 *
 * Return: 0; -ENOENT if @id does not exist in the profile; -EINVAL for a
 * bad or out-of-range value; -ERANGE as said above.
 */
int sysctl_write(struct sysctl_state *st, enum sysctl_id id, const char *text,
		 size_t len);

/**
 * sysctl_read() - the exact /proc/sys text of a sysctl, newline included
 * @st:   the machine's sysctls
 * @id:   the sysctl
 * @buf:  destination, NUL-terminated when @size > 0 (may be NULL if 0)
 * @size: size of @buf
 *
 * Vectors are tab-separated, as Linux prints them.
 *
 * Return: the full length of the text (like snprintf), -ENOENT if @id does
 * not exist in the profile, -EACCES for a write-only (mode 0200) sysctl:
 * Linux refuses to open those for reading even for root.
 */
long sysctl_read(const struct sysctl_state *st, enum sysctl_id id, char *buf,
		 size_t size);

/**
 * sysctl_get() - the value of a signed or string sysctl
 * @st: the machine's sysctls
 * @id: the sysctl
 *
 * Return: the value; element 0 for the vector; the index for a string;
 * for SYSCTL_T_ULONG the value saturated at INT64_MAX (use
 * sysctl_get_u64()).
 */
int64_t sysctl_get(const struct sysctl_state *st, enum sysctl_id id);

/**
 * sysctl_get_u64() - the value of a SYSCTL_T_ULONG sysctl
 * @st: the machine's sysctls
 * @id: the sysctl
 *
 * Return: the raw stored value (two's complement for signed types).
 */
uint64_t sysctl_get_u64(const struct sysctl_state *st, enum sysctl_id id);

/**
 * sysctl_get_vec() - one element of vm.lowmem_reserve_ratio
 * @st: the machine's sysctls
 * @i:  zone index, 0..SYSCTL_NR_ZONES-1
 *
 * Return: the element, or 0 for an out-of-range @i.
 */
int32_t sysctl_get_vec(const struct sysctl_state *st, unsigned int i);

/**
 * sysctl_set() - store a value for the simulator's own bookkeeping
 * @st: the machine's sysctls
 * @id: a SYSCTL_T_INT, SYSCTL_T_JIFFIES or SYSCTL_T_STRING sysctl
 * @v:  the value (the index for a string)
 *
 * Not a /proc write: no text, no paired reset, @user_set untouched.
 *
 * Return: 0; -ENOENT if @id does not exist in the profile; -EINVAL when @v
 * is out of bounds or @id has another type.
 */
int sysctl_set(struct sysctl_state *st, enum sysctl_id id, int64_t v);

/**
 * sysctl_set_u64() - sysctl_set() for a SYSCTL_T_ULONG sysctl
 * @st: the machine's sysctls
 * @id: the sysctl
 * @v:  the value, e.g. the hugetlb pool size an allocation really reached
 *
 * Return: as for sysctl_set().
 */
int sysctl_set_u64(struct sysctl_state *st, enum sysctl_id id, uint64_t v);

/**
 * sysctl_consistent() - check every value against the table
 * @st:   the machine's sysctls
 * @msg:  receives the first problem found, NUL-terminated (may be NULL)
 * @size: size of @msg
 *
 * Every value lies within its bounds (0 is also allowed for
 * SYSCTL_F_ZERO_OK rows), vector elements are >= 0, a non-zero
 * overcommit_kbytes / dirty_bytes / dirty_background_bytes comes with a
 * zero partner ratio.
 *
 * Return: true when consistent.
 */
bool sysctl_consistent(const struct sysctl_state *st, char *msg, size_t size);

#endif /* PMM_KERNEL_SYSCTL_H */
