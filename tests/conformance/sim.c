// SPDX-License-Identifier: MIT
/*
 * sim.c - the simulator backend: the same call sequence on a fresh machine
 * in the linux profile, one process, a window laid out as the host backend
 * lays it (three windows of PROT_NONE MAP_SHARED anonymous memory at
 * HOST_BASE - window, the middle one unmapped).  The sysctls the kernel's
 * answers depend on (vm.mmap_min_addr, vm.max_map_count,
 * vm.overcommit_memory) are copied from the host, so "sim" is the model of
 * this very kernel; the final smaps of the window is normalised by the
 * same code as the host's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <peiosmm/peiosmm.h>

#include "conf.h"

#define SIM_BASE	0x300000000000ull
/* The caller's side of process_vm_*: private memory far from the window
 * and its guards (the host child uses its heap). */
#define SIM_SCRATCH	(SIM_BASE + 4 * CONF_WINDOW_BYTES)
#define SIM_SCRATCH_LEN	(4 * CONF_PAGE)

static void copy_sysctl(struct pmm_sim *sim, const char *name,
			const char *path)
{
	char buf[64];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		(void)pmm_sysctl_set(sim, name, buf);
	}
	fclose(f);
}

/* Scratch of the touches: 2 windows of bytes, a mincore vector. */
struct sim_ctx {
	uint8_t *buf;
	uint8_t *vec;
};

static void touch_result(struct conf_result *res,
			 const struct pmm_access_result *ar, uint64_t base)
{
	if (ar->status == PMM_ACCESS_SIGNAL) {
		conf_sig_result(res, ar->signo, ar->code, ar->addr, base);
	} else if (ar->status) {
		res->kind = CONF_RET_ERR;	/* killed: no host analogue */
		res->err = 1000 + ar->status;
	} else {
		res->kind = CONF_RET_INT;
	}
	res->done = ar->done;
}

/* A touch that the API refused: not a result the host can give. */
static void api_error(struct conf_result *res, int err)
{
	res->kind = CONF_RET_ERR;
	res->err = 2000 - err;
}

static uint64_t sim_view(struct pmm_sim *sim, pmm_pid_t pid, uint64_t base,
			 uint8_t *page)
{
	uint64_t h = CONF_HASH_INIT;

	for (uint32_t i = 0; i < CONF_WINDOW_PAGES; i++) {
		struct pmm_access_result ar;
		int err = pmm_access(sim, pid, base + i * CONF_PAGE, CONF_PAGE,
				     PMM_ACCESS_READ, page, &ar);

		if (err || ar.status > PMM_ACCESS_SIGNAL)
			return 0;
		h = conf_view_page(h, ar.status ? ar.signo : 0,
				   ar.status ? ar.code : 0, page);
	}
	return h;
}

static void fork_check(struct pmm_sim *sim, pmm_pid_t pid,
		       const struct conf_op *op, uint64_t a, uint64_t base,
		       const struct sim_ctx *sc, struct conf_result *res)
{
	struct pmm_access_result ar;
	pmm_pid_t child;
	int err;

	err = pmm_fork(sim, pid, &child);
	if (err) {
		res->kind = CONF_RET_ERR;
		res->err = -err;
		return;
	}
	err = pmm_fill(sim, child, a, op->len, (uint8_t)op->arg, &ar);
	if (err) {
		api_error(res, err);
		return;
	}
	res->aux[0] = conf_outcome(ar.status ? ar.signo : 0,
				   ar.status ? ar.code : 0, ar.done);
	res->sum = sim_view(sim, child, base, sc->buf);
	err = pmm_exit(sim, child, 0);
	if (err) {
		api_error(res, err);
		return;
	}
	err = pmm_access(sim, pid, a, op->len, PMM_ACCESS_READ, sc->buf, &ar);
	if (err) {
		api_error(res, err);
		return;
	}
	res->kind = CONF_RET_INT;
	res->aux[1] = conf_hash(CONF_HASH_INIT, sc->buf, ar.done);
	res->aux[2] = conf_outcome(ar.status ? ar.signo : 0,
				   ar.status ? ar.code : 0, ar.done);
}

/* The process on itself: process_vm_readv/writev through the scratch
 * buffer, or pread/pwrite of /proc/self/mem. */
static void remote(struct pmm_sim *sim, pmm_pid_t pid,
		   const struct conf_op *op, uint64_t a,
		   const struct sim_ctx *sc, struct conf_result *res)
{
	struct pmm_iovec l = { SIM_SCRATCH, op->len }, r = { a, op->len };
	uint8_t byte = (uint8_t)(op->flags & 0xff);
	struct pmm_access_result ar;
	int64_t ret;
	int err;

	if (op->len > SIM_SCRATCH_LEN) {
		api_error(res, -EINVAL);
		return;
	}
	memset(sc->buf, byte, op->len);
	if (op->arg == 1 &&
	    (err = pmm_fill(sim, pid, SIM_SCRATCH, op->len, byte, &ar))) {
		api_error(res, err);
		return;
	}
	if (op->arg == 0)
		ret = pmm_process_vm_readv(sim, pid, pid, &l, 1, &r, 1, 0);
	else if (op->arg == 1)
		ret = pmm_process_vm_writev(sim, pid, pid, &l, 1, &r, 1, 0);
	else if (op->arg == 2)
		ret = pmm_proc_pread(sim, pid, "/proc/self/mem", sc->buf,
				     op->len, a);
	else
		ret = pmm_proc_pwrite(sim, pid, "/proc/self/mem", sc->buf,
				      op->len, a);
	if (ret < 0) {
		res->kind = CONF_RET_ERR;
		res->err = (int)-ret;
		return;
	}
	res->kind = CONF_RET_INT;
	res->val = ret;
	if (op->arg == 0 &&
	    (err = pmm_access(sim, pid, SIM_SCRATCH, (uint64_t)ret,
			      PMM_ACCESS_READ, sc->buf, &ar))) {
		api_error(res, err);
		return;
	}
	if (!(op->arg & 1))
		res->sum = conf_hash(CONF_HASH_INIT, sc->buf, (size_t)ret);
}

static void exec_touch(struct pmm_sim *sim, pmm_pid_t pid,
		       const struct conf_op *op, uint64_t base,
		       const struct sim_ctx *sc, struct conf_result *res)
{
	uint64_t a = conf_addr_resolve(&op->addr, base);
	struct pmm_access_result ar;
	uint64_t pages;
	int err;

	memset(res, 0, sizeof(*res));
	switch (op->kind) {
	case CONF_LOAD:
		err = pmm_access(sim, pid, a, op->len, PMM_ACCESS_READ,
				 sc->buf, &ar);
		if (err) {
			api_error(res, err);
			break;
		}
		touch_result(res, &ar, base);
		res->sum = conf_hash(CONF_HASH_INIT, sc->buf, ar.done);
		break;
	case CONF_STORE:
		err = pmm_fill(sim, pid, a, op->len, (uint8_t)op->arg, &ar);
		if (err)
			api_error(res, err);
		else
			touch_result(res, &ar, base);
		break;
	case CONF_MINCORE:
		memset(sc->vec, 0xee, CONF_VEC_PAGES);
		err = pmm_mincore(sim, pid, a, op->len, sc->vec);
		if (err < 0) {
			res->kind = CONF_RET_ERR;
			res->err = -err;
		} else {
			res->kind = CONF_RET_INT;
			res->val = err;
		}
		pages = op->len / CONF_PAGE + (op->len % CONF_PAGE != 0);
		if (pages > CONF_VEC_PAGES)
			pages = CONF_VEC_PAGES;
		res->sum = conf_hash(CONF_HASH_INIT, sc->vec, pages);
		for (uint64_t i = 0; i < pages && i < 256; i++)
			if (sc->vec[i] & 1)
				res->aux[i / 64] |= 1ull << (i % 64);
		break;
	case CONF_FORK_CHECK:
		fork_check(sim, pid, op, a, base, sc, res);
		break;
	case CONF_REMOTE:
		remote(sim, pid, op, a, sc, res);
		break;
	default:
		api_error(res, -ENOSYS);
		break;
	}
}

static void exec_op(struct pmm_sim *sim, pmm_pid_t pid,
		    const struct conf_op *op, uint64_t base,
		    const struct sim_ctx *sc, struct conf_result *res)
{
	uint64_t a = conf_addr_resolve(&op->addr, base);
	bool addr_ret = false;
	int64_t ret;

	if (op->kind >= CONF_LOAD) {
		exec_touch(sim, pid, op, base, sc, res);
		return;
	}
	switch (op->kind) {
	case CONF_MMAP:
		ret = pmm_mmap(sim, pid, a, op->len, op->prot, op->flags, -1, 0);
		addr_ret = true;
		break;
	case CONF_MUNMAP:
		ret = pmm_munmap(sim, pid, a, op->len);
		break;
	case CONF_MPROTECT:
		ret = pmm_mprotect(sim, pid, a, op->len, op->prot);
		break;
	case CONF_MREMAP:
		ret = pmm_mremap(sim, pid, a, op->len, op->len2, op->flags,
				 conf_addr_resolve(&op->addr2, base));
		addr_ret = true;
		break;
	case CONF_MADVISE:
		ret = pmm_madvise(sim, pid, a, op->len, op->arg);
		break;
	case CONF_MSEAL:
		ret = pmm_mseal(sim, pid, a, op->len, op->flags);
		break;
	case CONF_SET_NAME:
		ret = pmm_set_vma_anon_name(sim, pid, a, op->len,
					    op->arg >= 0 && op->arg < conf_nr_names ?
					    conf_names[op->arg] : NULL);
		break;
	case CONF_MLOCK:
		if (op->arg == 2)
			ret = pmm_munlock(sim, pid, a, op->len);
		else if (op->arg == 0)
			ret = pmm_mlock(sim, pid, a, op->len);
		else
			ret = pmm_mlock2(sim, pid, a, op->len,
					 op->arg == 1 ? 1 : 2);
		break;
	default:
		ret = -ENOSYS;
		break;
	}
	conf_call_result(res, ret, ret < 0 ? (int)-ret : 0, addr_ret, base);
}

static int sim_fail(struct conf_trace *out, const char *what, long err)
{
	snprintf(out->err, sizeof(out->err), "%s: %s", what,
		 strerror((int)-err));
	return -1;
}

static int sim_run(const struct conf_op *ops, size_t n, struct conf_trace *out)
{
	struct pmm_process_config pc;
	struct pmm_sim_config cfg;
	struct pmm_sim *sim;
	struct sim_ctx sc;
	pmm_pid_t pid;
	char msg[256], *smaps = NULL;
	long len;
	int err;

	memset(out, 0, sizeof(*out));
	pmm_sim_config_init(&cfg);
	cfg.profile = PMM_PROFILE_LINUX;
	cfg.no_pkeys = true;	/* this host's CPU has none (smaps fields) */
	err = pmm_sim_create(&cfg, &sim);
	if (err)
		return sim_fail(out, "pmm_sim_create", err);
	copy_sysctl(sim, "vm.mmap_min_addr", "/proc/sys/vm/mmap_min_addr");
	copy_sysctl(sim, "vm.max_map_count", "/proc/sys/vm/max_map_count");
	copy_sysctl(sim, "vm.overcommit_memory",
		    "/proc/sys/vm/overcommit_memory");
	pmm_process_config_init(&pc);
	/* the host child's lock limit, and CAP_IPC_LOCK when it is root
	 * (the linux profile's SeLockMemoryPrivilege) */
	{
		struct rlimit rl;

		if (!getrlimit(RLIMIT_MEMLOCK, &rl)) {
			pc.rlim[PMM_RLIMIT_MEMLOCK].cur =
				rl.rlim_cur == RLIM_INFINITY ? PMM_RLIM_INFINITY :
							       rl.rlim_cur;
			pc.rlim[PMM_RLIMIT_MEMLOCK].max =
				rl.rlim_max == RLIM_INFINITY ? PMM_RLIM_INFINITY :
							       rl.rlim_max;
			pc.rlim_set |= 1u << PMM_RLIMIT_MEMLOCK;
		}
	}
	if (geteuid() == 0) {
		struct pmm_token_config tc = {
			.user = "root",
			.integrity = PMM_IL_HIGH,
			.privileges = 1ull << PMM_SE_LOCK_MEMORY,
		};

		err = pmm_token_create(sim, &tc, &pc.token);
		if (err) {
			pmm_sim_destroy(sim);
			return sim_fail(out, "pmm_token_create", err);
		}
	}
	err = pmm_process_create(sim, &pc, &pid);
	pmm_token_put(pc.token);
	if (err) {
		pmm_sim_destroy(sim);
		return sim_fail(out, "pmm_process_create", err);
	}
	out->base = SIM_BASE;
	len = pmm_mmap(sim, pid, SIM_BASE - CONF_WINDOW_BYTES,
		       3 * CONF_WINDOW_BYTES, 0, 0x01 | 0x20 | 0x4000 |
		       CONF_MAP_FIXED_NOREPLACE, -1, 0);
	if (len >= 0)
		len = pmm_mmap(sim, pid, SIM_SCRATCH, SIM_SCRATCH_LEN, 0x3,
			       0x02 | 0x20 | CONF_MAP_FIXED_NOREPLACE, -1, 0);
	if (len < 0 || pmm_munmap(sim, pid, SIM_BASE, CONF_WINDOW_BYTES)) {
		pmm_sim_destroy(sim);
		return sim_fail(out, "window", len < 0 ? len : -EINVAL);
	}
	out->res = calloc(n ? n : 1, sizeof(*out->res));
	sc.buf = malloc(2 * CONF_WINDOW_BYTES);
	sc.vec = malloc(CONF_VEC_PAGES);
	if (!out->res || !sc.buf || !sc.vec) {
		free(sc.buf);
		free(sc.vec);
		pmm_sim_destroy(sim);
		conf_trace_free(out);
		return sim_fail(out, "calloc", -ENOMEM);
	}
	out->n = n;
	for (size_t i = 0; i < n; i++)
		exec_op(sim, pid, &ops[i], SIM_BASE, &sc, &out->res[i]);
	free(sc.buf);
	free(sc.vec);
	err = pmm_sim_check(sim, msg, sizeof(msg));
	if (err) {
		snprintf(out->err, sizeof(out->err), "pmm_sim_check: %.140s", msg);
		pmm_sim_destroy(sim);
		conf_trace_free(out);
		return -1;
	}
	{
		char path[32];

		snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
		len = pmm_proc_read(sim, 0, path, NULL, 0);
		smaps = len >= 0 ? malloc((size_t)len + 1) : NULL;
		if (smaps)
			len = pmm_proc_read(sim, 0, path, smaps,
					    (size_t)len + 1);
	}
	pmm_sim_destroy(sim);
	if (!smaps || len < 0) {
		free(smaps);
		conf_trace_free(out);
		return sim_fail(out, "smaps", len < 0 ? len : -ENOMEM);
	}
	out->maps = conf_maps_normalise(smaps, SIM_BASE, CONF_WINDOW_BYTES,
					&out->maps_len);
	free(smaps);
	if (!out->maps) {
		conf_trace_free(out);
		return sim_fail(out, "normalise", -ENOMEM);
	}
	return 0;
}

/*
 * MADV_FREE, MADV_REMOVE and MADV_POPULATE_* are left out: the simulator
 * does not model them as the kernel does yet (/tmp/conf-touch-report.md).
 */
static unsigned int sim_features(void)
{
	/*
	 * MADV_REMOVE and MADV_POPULATE_* are compared by default.  MADV_FREE
	 * is not: after it the host's smaps Referenced (and LazyFree) depend
	 * on when a per-CPU LRU batch is drained (lru_lazyfree_fn() clears
	 * PG_referenced), so they differ from run to run on the host itself.
	 * --force-features includes it (100/100 seeds agree on 1-100).
		 */
	return CONF_F_ALL & ~CONF_F_LAZYFREE;
}

const struct conf_backend conf_sim_backend = {
	.name = "sim",
	.features = sim_features,
	.run = sim_run,
};
