// SPDX-License-Identifier: MIT
/*
 * host.c - the host-kernel backend: runs a call sequence with raw syscalls
 * in a forked child, so the harness's own address space is never touched.
 *
 * The child reserves three windows' worth of PROT_NONE MAP_SHARED anonymous
 * memory at HOST_BASE - window (MAP_FIXED_NOREPLACE; if that fails, where
 * the kernel likes, and the trace says so), unmaps the middle window and
 * runs the ops there.  The "host-alt" backend is the same at another,
 * oddly aligned base (HOST_ALT_BASE says how odd it may be): host vs
 * host-alt proves that two runs at different addresses normalise to
 * identical traces.  Both bases are far from
 * everything the kernel places by itself (mmap_base is near 0x7f..., and
 * 0x600000000000 is the ASan allocator's), so mappings the kernel places
 * never land in the window.
 * After the last op the child reads /proc/self/smaps, keeps the window's
 * entries (maps.c) and writes a header, the results and the text to a pipe;
 * it leaves with _exit(), so no atexit handler (LSan's included) runs on
 * the damaged copy.  Everything the child needs is allocated before the
 * window exists, so the allocator never lands there either.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"

#define HOST_BASE	0x300000000000ull
/*
 * "host-alt": not 2 MiB aligned, but 64 KiB aligned and with the window
 * inside one PTE table, as at HOST_BASE: a read fault on shmem maps the
 * cached pages of its fault_around_bytes (64 KiB) block of the PTE table
 * (do_fault_around()), so Rss depends on the base modulo 64 KiB.
 */
#define HOST_ALT_BASE	0x1ffff7640000ull
#define WIRE_MAGIC	0x636f6e66u	/* "conf" */

struct wire_hdr {
	uint32_t magic;
	uint32_t flags;
	uint64_t n;
	uint64_t maps_len;
	uint64_t base;
};

static long sys_mmap(uint64_t addr, uint64_t len, uint32_t prot,
		     uint32_t flags)
{
	return syscall(SYS_mmap, addr, len, prot, flags, -1L, 0L);
}

static long sys_mseal(uint64_t addr, uint64_t len, uint32_t flags)
{
#if defined(__x86_64__)
	return syscall(CONF_NR_MSEAL_X86_64, addr, len, flags);
#else
	(void)addr; (void)len; (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

static long sys_set_name(uint64_t addr, uint64_t len, int32_t name)
{
	const char *p = name >= 0 && name < conf_nr_names ? conf_names[name] :
							    NULL;

	return syscall(SYS_prctl, CONF_PR_SET_VMA, CONF_PR_SET_VMA_ANON_NAME,
		       addr, len, p);
}

/* Reserve [base - W, base + 2W) and empty the middle: base, or 0. */
static uint64_t reserve_window(uint64_t at, uint32_t *flags)
{
	const uint32_t mf = MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE;
	uint64_t want = at - CONF_WINDOW_BYTES;
	long p;

	p = sys_mmap(want, 3 * CONF_WINDOW_BYTES, PROT_NONE,
		     mf | CONF_MAP_FIXED_NOREPLACE);
	if (p != -1 && (uint64_t)p != want) {
		syscall(SYS_munmap, (uint64_t)p, 3 * CONF_WINDOW_BYTES);
		p = -1;
	}
	if (p == -1) {
		*flags |= CONF_TRACE_FALLBACK_BASE;
		p = sys_mmap(0, 3 * CONF_WINDOW_BYTES, PROT_NONE, mf);
		if (p == -1)
			return 0;
	}
	if (syscall(SYS_munmap, (uint64_t)p + CONF_WINDOW_BYTES,
		    CONF_WINDOW_BYTES))
		return 0;
	return (uint64_t)p + CONF_WINDOW_BYTES;
}

/*
 * Touches.  The child probes memory with volatile byte accesses under a
 * SIGSEGV/SIGBUS handler (SA_SIGINFO) that records signo, si_code and
 * si_addr and jumps back (siglongjmp, the signal mask restored).  A touch
 * goes a page piece at a time and notes its progress after each piece (a
 * fault can only hit the first byte of a piece), so the bytes done before
 * a fault are known even when si_addr is not (SI_KERNEL).
 */
static sigjmp_buf probe_env;
static volatile sig_atomic_t probe_armed;
static volatile int probe_signo, probe_code;
static volatile uint64_t probe_addr, probe_done;

static void probe_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (!probe_armed) {
		/* not ours: die of it */
		signal(sig, SIG_DFL);
		return;
	}
	probe_armed = 0;
	probe_signo = sig;
	probe_code = si->si_code;
	probe_addr = (uint64_t)(uintptr_t)si->si_addr;
	siglongjmp(probe_env, 1);
}

static int probe_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGBUS, &sa, NULL))
		return -1;
	return 0;
}

struct probe_res {
	int signo, code;
	uint64_t addr, done;
};

/* Load (rbuf) or store (byte) [addr, addr + len), one byte at a time. */
__attribute__((noinline, no_sanitize_address))
static void probe(uint64_t addr, uint64_t len, bool write, uint8_t byte,
		  uint8_t *rbuf, struct probe_res *r)
{
	probe_done = 0;
	probe_signo = 0;
	probe_code = 0;
	probe_addr = 0;
	if (sigsetjmp(probe_env, 1) == 0) {
		probe_armed = 1;
		while (probe_done < len) {
			uint64_t d = probe_done, a = addr + d;
			uint64_t n = CONF_PAGE - (a & (CONF_PAGE - 1));
			volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)a;

			if (n > len - d)
				n = len - d;
			if (write)
				for (uint64_t i = 0; i < n; i++)
					p[i] = byte;
			else
				for (uint64_t i = 0; i < n; i++)
					rbuf[d + i] = p[i];
			probe_done = d + n;
		}
		probe_armed = 0;
	}
	r->signo = probe_signo;
	r->code = probe_code;
	r->addr = probe_addr;
	r->done = probe_done;
}

/* What the child owns besides the window, allocated before it. */
struct host_ctx {
	uint64_t base;
	int memfd;		/* /proc/self/mem, read-write */
	uint8_t *buf;		/* 2 windows: loaded bytes */
	uint8_t *vec;		/* CONF_VEC_PAGES: mincore */
	struct conf_result *shared;	/* MAP_SHARED: the fork child's */
};

static void touch_result(struct conf_result *res, const struct probe_res *pr,
			 uint64_t base)
{
	if (pr->signo)
		conf_sig_result(res, pr->signo, pr->code, pr->addr, base);
	else
		res->kind = CONF_RET_INT;
	res->done = pr->done;
}

/* The window as this process reads it, page by page. */
static uint64_t host_view(uint64_t base, uint8_t *page)
{
	uint64_t h = CONF_HASH_INIT;

	for (uint32_t i = 0; i < CONF_WINDOW_PAGES; i++) {
		struct probe_res pr;

		probe(base + i * CONF_PAGE, CONF_PAGE, false, 0, page, &pr);
		h = conf_view_page(h, pr.signo, pr.code, page);
	}
	return h;
}

static void fork_check(const struct conf_op *op, uint64_t a,
		       const struct host_ctx *hc, struct conf_result *res)
{
	struct probe_res pr;
	int status;
	pid_t pid;

	memset(hc->shared, 0, sizeof(*hc->shared));
	pid = fork();
	if (pid < 0) {
		res->kind = CONF_RET_ERR;
		res->err = errno;
		return;
	}
	if (pid == 0) {
		struct conf_result *c = hc->shared;

		probe(a, op->len, true, (uint8_t)op->arg, NULL, &pr);
		c->aux[0] = conf_outcome(pr.signo, pr.code, pr.done);
		c->sum = host_view(hc->base, hc->buf);
		c->kind = 1;
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !hc->shared->kind) {
		res->kind = CONF_RET_ERR;
		res->err = ECHILD;
		return;
	}
	probe(a, op->len, false, 0, hc->buf, &pr);
	res->kind = CONF_RET_INT;
	res->sum = hc->shared->sum;
	res->aux[0] = hc->shared->aux[0];
	res->aux[1] = conf_hash(CONF_HASH_INIT, hc->buf, pr.done);
	res->aux[2] = conf_outcome(pr.signo, pr.code, pr.done);
}

static void mincore_result(struct conf_result *res, const uint8_t *vec,
			   uint64_t len)
{
	uint64_t pages = len / CONF_PAGE + (len % CONF_PAGE != 0);

	if (pages > CONF_VEC_PAGES)
		pages = CONF_VEC_PAGES;
	res->sum = conf_hash(CONF_HASH_INIT, vec, pages);
	for (uint64_t i = 0; i < pages && i < 256; i++)
		if (vec[i] & 1)
			res->aux[i / 64] |= 1ull << (i % 64);
}

static void exec_touch(const struct conf_op *op, const struct host_ctx *hc,
		       struct conf_result *res)
{
	uint64_t a = conf_addr_resolve(&op->addr, hc->base);
	struct probe_res pr;
	long ret;

	memset(res, 0, sizeof(*res));
	switch (op->kind) {
	case CONF_LOAD:
		probe(a, op->len, false, 0, hc->buf, &pr);
		touch_result(res, &pr, hc->base);
		res->sum = conf_hash(CONF_HASH_INIT, hc->buf, pr.done);
		break;
	case CONF_STORE:
		probe(a, op->len, true, (uint8_t)op->arg, NULL, &pr);
		touch_result(res, &pr, hc->base);
		break;
	case CONF_MINCORE:
		memset(hc->vec, 0xee, CONF_VEC_PAGES);
		ret = syscall(SYS_mincore, a, op->len, hc->vec);
		if (ret == -1) {
			res->kind = CONF_RET_ERR;
			res->err = errno;
		} else {
			res->kind = CONF_RET_INT;
			res->val = ret;
		}
		mincore_result(res, hc->vec, op->len);
		break;
	case CONF_FORK_CHECK:
		fork_check(op, a, hc, res);
		break;
	case CONF_REMOTE: {
		struct iovec l = { hc->buf, op->len }, r = {
			(void *)(uintptr_t)a, op->len };
		bool write = op->arg & 1;

		if (write)
			memset(hc->buf, (int)(op->flags & 0xff), op->len);
		if (op->arg == 0)
			ret = process_vm_readv(getpid(), &l, 1, &r, 1, 0);
		else if (op->arg == 1)
			ret = process_vm_writev(getpid(), &l, 1, &r, 1, 0);
		else if (op->arg == 2)
			ret = pread(hc->memfd, hc->buf, op->len, (off_t)a);
		else
			ret = pwrite(hc->memfd, hc->buf, op->len, (off_t)a);
		if (ret == -1) {
			res->kind = CONF_RET_ERR;
			res->err = errno;
		} else {
			res->kind = CONF_RET_INT;
			res->val = ret;
			if (!write)
				res->sum = conf_hash(CONF_HASH_INIT, hc->buf,
						     (size_t)ret);
		}
		break;
	}
	default:
		res->kind = CONF_RET_ERR;
		res->err = ENOSYS;
		break;
	}
}

static void exec_op(const struct conf_op *op, const struct host_ctx *hc,
		    struct conf_result *res)
{
	uint64_t base = hc->base;
	uint64_t a = conf_addr_resolve(&op->addr, base);
	bool addr_ret = false;
	long ret;

	if (op->kind >= CONF_LOAD) {
		exec_touch(op, hc, res);
		return;
	}
	errno = 0;
	switch (op->kind) {
	case CONF_MMAP:
		ret = sys_mmap(a, op->len, op->prot, op->flags);
		addr_ret = true;
		break;
	case CONF_MUNMAP:
		ret = syscall(SYS_munmap, a, op->len);
		break;
	case CONF_MPROTECT:
		ret = syscall(SYS_mprotect, a, op->len, op->prot);
		break;
	case CONF_MREMAP:
		ret = syscall(SYS_mremap, a, op->len, op->len2, op->flags,
			      conf_addr_resolve(&op->addr2, base));
		addr_ret = true;
		break;
	case CONF_MADVISE:
		ret = syscall(SYS_madvise, a, op->len, op->arg);
		break;
	case CONF_MSEAL:
		ret = sys_mseal(a, op->len, op->flags);
		break;
	case CONF_SET_NAME:
		ret = sys_set_name(a, op->len, op->arg);
		break;
	case CONF_MLOCK:
		if (op->arg == 2)
			ret = syscall(SYS_munlock, a, op->len);
		else if (op->arg == 0)
			ret = syscall(SYS_mlock, a, op->len);
		else
			ret = syscall(CONF_NR_MLOCK2_X86_64, a, op->len,
				      op->arg == 1 ? 1 : 2);
		break;
	default:
		ret = -1;
		errno = ENOSYS;
		break;
	}
	conf_call_result(res, ret, ret == -1 ? errno : 0, addr_ret, base);
}

static char *read_file(const char *path, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (!buf || fd < 0)
		goto fail;
	for (;;) {
		ssize_t r;

		if (cap - n < 4096) {
			char *p = realloc(buf, cap * 2);

			if (!p)
				goto fail;
			buf = p;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static int write_all(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len) {
		ssize_t w = write(fd, c, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		len -= (size_t)w;
	}
	return 0;
}

static __attribute__((noreturn)) void child(const struct conf_op *ops,
					    size_t n, uint64_t at, int fd)
{
	struct conf_result *res = calloc(n ? n : 1, sizeof(*res));
	struct wire_hdr h = { .magic = WIRE_MAGIC, .n = n };
	struct host_ctx hc;
	char *smaps, *maps;
	size_t smaps_len, maps_len = 0;
	long sh;

	hc.buf = malloc(2 * CONF_WINDOW_BYTES);
	hc.vec = malloc(CONF_VEC_PAGES);
	hc.memfd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	sh = sys_mmap(0, CONF_PAGE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS);
	if (!res || !hc.buf || !hc.vec || hc.memfd < 0 || sh == -1 ||
	    probe_install())
		_exit(10);
	hc.shared = (struct conf_result *)(uintptr_t)sh;
	h.base = reserve_window(at, &h.flags);
	if (!h.base)
		_exit(11);
	hc.base = h.base;
	for (size_t i = 0; i < n; i++)
		exec_op(&ops[i], &hc, &res[i]);
	smaps = read_file("/proc/self/smaps", &smaps_len);
	if (!smaps)
		_exit(12);
	maps = conf_maps_normalise(smaps, h.base, CONF_WINDOW_BYTES,
				   &maps_len);
	if (!maps)
		_exit(13);
	h.maps_len = maps_len;
	if (write_all(fd, &h, sizeof(h)) ||
	    write_all(fd, res, n * sizeof(*res)) ||
	    write_all(fd, maps, maps_len))
		_exit(14);
	_exit(0);
}

static int fail(struct conf_trace *out, const char *fmt, const char *what,
		int err)
{
	snprintf(out->err, sizeof(out->err), fmt, what, strerror(err));
	return -1;
}

static int host_run_at(const struct conf_op *ops, size_t n, uint64_t at,
		       struct conf_trace *out)
{
	size_t cap = sizeof(struct wire_hdr) + n * sizeof(struct conf_result) +
		     4096, len = 0;
	struct wire_hdr h;
	char *buf;
	int pfd[2], status;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	buf = malloc(cap);
	if (!buf)
		return fail(out, "%s: %s", "malloc", ENOMEM);
	if (pipe2(pfd, O_CLOEXEC)) {
		free(buf);
		return fail(out, "%s: %s", "pipe", errno);
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(pfd[0]);
		close(pfd[1]);
		free(buf);
		return fail(out, "%s: %s", "fork", err);
	}
	if (pid == 0) {
		close(pfd[0]);
		child(ops, n, at, pfd[1]);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t r;

		if (cap - len < 4096) {
			char *p = realloc(buf, cap * 2);

			if (!p)
				break;
			buf = p;
			cap *= 2;
		}
		r = read(pfd[0], buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (WIFSIGNALED(status))
			snprintf(out->err, sizeof(out->err),
				 "host child killed by signal %d",
				 WTERMSIG(status));
		else
			snprintf(out->err, sizeof(out->err),
				 "host child failed (exit %d)",
				 WEXITSTATUS(status));
		free(buf);
		return -1;
	}
	if (len < sizeof(h))
		goto short_read;
	memcpy(&h, buf, sizeof(h));
	if (h.magic != WIRE_MAGIC || h.n != n ||
	    len != sizeof(h) + n * sizeof(struct conf_result) + h.maps_len)
		goto short_read;
	out->res = calloc(n ? n : 1, sizeof(*out->res));
	out->maps = malloc(h.maps_len + 1);
	if (!out->res || !out->maps) {
		conf_trace_free(out);
		free(buf);
		return fail(out, "%s: %s", "malloc", ENOMEM);
	}
	out->n = n;
	memcpy(out->res, buf + sizeof(h), n * sizeof(*out->res));
	memcpy(out->maps, buf + sizeof(h) + n * sizeof(*out->res),
	       h.maps_len);
	out->maps[h.maps_len] = '\0';
	out->maps_len = h.maps_len;
	out->base = h.base;
	out->flags = h.flags;
	free(buf);
	return 0;
short_read:
	snprintf(out->err, sizeof(out->err),
		 "host child sent a malformed trace (%zu bytes)", len);
	free(buf);
	return -1;
}

/* The host's optional features, probed on a scratch page in a child. */
unsigned int conf_host_probe(void)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		unsigned int f = 0;	/* the exit status: 8 bits */
		long p = sys_mmap(0, 4 * CONF_PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS);
		uint64_t a = (uint64_t)p;

		if (p == -1)
			_exit(0);
		if (!syscall(SYS_madvise, a, CONF_PAGE, MADV_MERGEABLE) &&
		    !syscall(SYS_madvise, a, CONF_PAGE, MADV_UNMERGEABLE))
			f |= CONF_F_KSM;
		if (!syscall(SYS_madvise, a + CONF_PAGE, CONF_PAGE,
			     CONF_MADV_GUARD_INSTALL) &&
		    !syscall(SYS_madvise, a + CONF_PAGE, CONF_PAGE,
			     CONF_MADV_GUARD_REMOVE))
			f |= CONF_F_GUARD;
		if (!sys_set_name(a + 2 * CONF_PAGE, CONF_PAGE, 0))
			f |= CONF_F_ANON_NAME;
		if (!sys_mseal(a + 3 * CONF_PAGE, CONF_PAGE, 0))
			f |= CONF_F_MSEAL;
		_exit((int)f);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status))
		return 0;
	/* Every 6.18 kernel has these. */
	return ((unsigned int)WEXITSTATUS(status) &
		(CONF_F_KSM | CONF_F_GUARD | CONF_F_MSEAL | CONF_F_ANON_NAME)) |
	       CONF_F_MREMAP | CONF_F_TOUCH | CONF_F_LAZYFREE | CONF_F_REMOVE |
	       CONF_F_POPULATE | CONF_F_MLOCK | CONF_F_REMOTE;
}

static int host_run(const struct conf_op *ops, size_t n,
		    struct conf_trace *out)
{
	return host_run_at(ops, n, HOST_BASE, out);
}

static int host_alt_run(const struct conf_op *ops, size_t n,
			struct conf_trace *out)
{
	return host_run_at(ops, n, HOST_ALT_BASE, out);
}

const struct conf_backend conf_host_backend = {
	.name = "host",
	.features = conf_host_probe,
	.run = host_run,
};

/* The same kernel at another base: checks the normalisation is exact. */
const struct conf_backend conf_host_alt_backend = {
	.name = "host-alt",
	.features = conf_host_probe,
	.run = host_alt_run,
};
