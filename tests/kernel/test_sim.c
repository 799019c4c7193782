// SPDX-License-Identifier: MIT
/*
 * test_sim.c - the machine object: configuration validation, the clock and
 * daemon queue, events and their JSON form, sysctl entry points.
 */
#include <errno.h>
#include <string.h>

#include "fx_sim.h"
#include "kernel/kernel.h"

static void test_sim_config_default_creates(void **state)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *sim = NULL;

	pmm_sim_config_init(&cfg);
	assert_int_equal(cfg.nr_nodes, 1);
	assert_int_equal(cfg.node[0].ram_bytes, 1ull << 30);
	assert_int_equal(pmm_sim_create(&cfg, &sim), 0);
	assert_int_equal(pmm_sim_check(sim, NULL, 0), 0);
	assert_int_equal(pmm_sim_profile(sim), PMM_PROFILE_PEIOS);
	pmm_sim_destroy(sim);
	pmm_sim_destroy(NULL);	/* NULL-safe */
}

/* Every malformed configuration is refused and *out is left untouched. */
static void test_sim_config_bad_input_einval(void **state)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *sim = (struct pmm_sim *)0x1;

	pmm_sim_config_init(&cfg);
	cfg.nr_nodes = 0;
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	cfg.node[0].ram_bytes = (1ull << 30) + 100;	/* not page-aligned */
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	cfg.nr_nodes = PMM_MAX_NODES + 1;
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	assert_int_equal(pmm_sim_config_split_ram(&cfg, 2, 1ull << 30, 4), 0);
	cfg.distance[0][1] = 20;
	cfg.distance[1][0] = 30;			/* asymmetric */
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	cfg.page_size = 2u << 20;
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	cfg.profile = (enum pmm_profile)7;
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	cfg.reserved[3] = 1;
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	pmm_sim_config_init(&cfg);
	cfg.node[0].ram_bytes = 0;
	assert_int_equal(pmm_sim_create(&cfg, &sim), -EINVAL);

	assert_int_equal(pmm_sim_create(NULL, &sim), -EINVAL);
	assert_ptr_equal(sim, (struct pmm_sim *)0x1);
	assert_int_equal(pmm_sim_config_split_ram(&cfg, 0, 1ull << 30, 1),
			 -EINVAL);
	assert_int_equal(pmm_sim_config_split_ram(&cfg, 65, 1ull << 30, 1),
			 -EINVAL);
}

static void test_sim_profile_names_roundtrip(void **state)
{
	for (int p = 0; p < PMM_PROFILE_NR; p++)
		assert_int_equal(pmm_profile_from_name(pmm_profile_name(p)), p);
	assert_int_equal(pmm_profile_from_name("windows"), -EINVAL);
	assert_null(pmm_profile_name(PMM_PROFILE_NR));
}

struct order_log {
	struct sim_work w;
	int id;
	int *log;
	int *n;
	uint64_t ran_at;
};

static void log_fn(struct pmm_sim *sim, struct sim_work *w)
{
	struct order_log *o = pmm_container_of(w, struct order_log, w);

	o->log[(*o->n)++] = o->id;
	o->ran_at = pmm_sim_now(sim);
}

/* Items run in due order; equal due times run in queue order. */
static void test_sim_sched_runs_in_due_then_queue_order(void **state)
{
	struct pmm_sim *sim = *state;
	static const uint64_t due[6] = { 500, 100, 100, 300, 100, 2000 };
	struct order_log items[6];
	int log[6], n = 0;

	for (int i = 0; i < 6; i++) {
		items[i] = (struct order_log){ .w = { .fn = log_fn, .slot = -1,
						      .name = "t" },
					       .id = i, .log = log, .n = &n };
		assert_int_equal(sched_queue(sim, &items[i].w, due[i]), 0);
	}
	sched_cancel(sim, &items[3].w);
	assert_int_equal(pmm_sim_advance(sim, 1000), 0);
	assert_int_equal(n, 4);
	assert_int_equal(log[0], 1);
	assert_int_equal(log[1], 2);
	assert_int_equal(log[2], 4);
	assert_int_equal(log[3], 0);
	assert_int_equal(items[0].ran_at, 500);
	assert_int_equal(pmm_sim_now(sim), 1000);
	assert_int_equal(pmm_sim_check(sim, NULL, 0), 0);
	assert_int_equal(pmm_sim_advance(sim, 1000), 0);
	assert_int_equal(n, 5);
	assert_int_equal(items[5].ran_at, 2000);
}

static void test_sim_advance_overflow_changes_nothing(void **state)
{
	struct pmm_sim *sim = *state;

	assert_int_equal(pmm_sim_advance(sim, 10), 0);
	assert_int_equal(pmm_sim_advance(sim, UINT64_MAX), -EOVERFLOW);
	assert_int_equal(pmm_sim_now(sim), 10);
}

struct ev_capture {
	int n;
	char json[4][256];
};

static void capture(void *arg, const struct pmm_event *ev)
{
	struct ev_capture *c = arg;

	if (c->n < 4)
		pmm_event_format_json(ev, c->json[c->n], sizeof(c->json[0]));
	c->n++;
}

static void test_sim_events_json_lines(void **state)
{
	struct pmm_sim *sim = *state;
	struct ev_capture c = { 0 };
	pmm_pid_t pid, child;

	pmm_sim_set_event_sink(sim, capture, &c);
	assert_int_equal(pmm_sim_advance(sim, 1500), 0);
	pid = fx_process(sim, NULL);
	assert_int_equal(pmm_fork(sim, pid, &child), 0);
	assert_int_equal(pmm_exit(sim, child, 3), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.json[0],
		"{\"seq\":0,\"t\":1500,\"event\":\"task_create\",\"pid\":1,"
		"\"ppid\":0,\"comm\":\"proc\"}");
	assert_string_equal(c.json[1],
		"{\"seq\":1,\"t\":1500,\"event\":\"task_create\",\"pid\":2,"
		"\"ppid\":1,\"comm\":\"proc\"}");
	assert_string_equal(c.json[2],
		"{\"seq\":2,\"t\":1500,\"event\":\"task_exit\",\"pid\":2,"
		"\"code\":3}");
	pmm_sim_set_event_sink(sim, NULL, NULL);
}

static void test_sim_event_json_escapes_and_truncates(void **state)
{
	struct pmm_event ev = { .name = "x_y", .seq = 7, .time_ns = 9,
				.nr_fields = 2 };
	char small[10];
	char buf[128];
	size_t n;

	ev.fields[0] = (struct pmm_event_field){ .key = "s",
		.type = PMM_EVENT_STR, .v.str = "a\"b\\c\n" };
	ev.fields[1] = (struct pmm_event_field){ .key = "v",
		.type = PMM_EVENT_S64, .v.s = -5 };
	n = pmm_event_format_json(&ev, buf, sizeof(buf));
	assert_string_equal(buf, "{\"seq\":7,\"t\":9,\"event\":\"x_y\","
				 "\"s\":\"a\\\"b\\\\c\\u000a\",\"v\":-5}");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(pmm_event_format_json(&ev, small, sizeof(small)), n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(pmm_event_format_json(&ev, NULL, 0), n);
}

static void test_sim_sysctl_set_get_and_bad_value(void **state)
{
	struct pmm_sim *sim = *state;
	char buf[64];

	assert_int_equal(pmm_sysctl_set(sim, "vm.swappiness", "30"), 0);
	assert_int_equal(pmm_sysctl_get(sim, "vm/swappiness", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "30\n");
	assert_int_equal(pmm_sysctl_set(sim, "vm.swappiness", "banana"), -EINVAL);
	assert_int_equal(pmm_sysctl_set(sim, "vm.swappiness", "201"), -EINVAL);
	assert_int_equal(pmm_sysctl_get(sim, "vm.swappiness", buf, sizeof(buf)), 3);
	assert_string_equal(buf, "30\n");
	assert_int_equal(pmm_sysctl_set(sim, "vm.no_such_knob", "1"), -ENOENT);
	assert_int_equal(pmm_sysctl_set(NULL, "vm.swappiness", "1"), -EINVAL);
}

/* Same seed, same RNG streams; streams differ from each other. */
static void test_sim_rng_streams_deterministic(void **state)
{
	struct pmm_sim_config cfg;
	struct pmm_sim *a, *b;

	pmm_sim_config_init(&cfg);
	cfg.seed = 1234;
	assert_int_equal(pmm_sim_create(&cfg, &a), 0);
	assert_int_equal(pmm_sim_create(&cfg, &b), 0);
	for (int s = 0; s < NR_RNG_STREAMS; s++)
		for (int i = 0; i < 16; i++)
			assert_int_equal(pmm_rng_next(&a->rng[s]),
					 pmm_rng_next(&b->rng[s]));
	assert_int_not_equal(pmm_rng_next(&a->rng[RNG_ASLR]),
			     pmm_rng_next(&a->rng[RNG_KSM]));
	for (int i = 0; i < 1000; i++)
		assert_true(pmm_rng_below(&a->rng[RNG_MISC], 7) < 7);
	pmm_sim_destroy(a);
	pmm_sim_destroy(b);
}

/* Every public entry point refuses NULL and bad arguments with an errno. */
static void test_sim_public_api_rejects_bad_input(void **state)
{
	struct pmm_sim *sim = *state;
	struct pmm_token *tok = NULL;
	struct pmm_token_privs p = { 1, 1, 1, 1 };
	struct pmm_priv_adjust adj = { PMM_SE_DEBUG, PMM_SE_PRIVILEGE_ENABLED };
	struct pmm_rlimit r;
	pmm_pid_t pid = fx_process(sim, NULL), out = -3;
	uint64_t prev = 7;

	assert_int_equal(pmm_sim_advance(NULL, 1), -EINVAL);
	assert_int_equal(pmm_sim_check(NULL, NULL, 0), -EINVAL);
	assert_int_equal(pmm_sysctl_get(sim, "vm.swappiness", NULL, 5), -EINVAL);
	assert_int_equal(pmm_token_create(NULL, &(struct pmm_token_config){ 0 }, &tok), -EINVAL);
	assert_int_equal(pmm_token_create(sim, NULL, &tok), -EINVAL);
	assert_null(tok);
	assert_int_equal(pmm_token_duplicate(NULL, &tok), -EINVAL);
	assert_int_equal(pmm_token_filter(NULL, 0, &tok), -EINVAL);
	assert_int_equal(pmm_token_adjust_privileges(NULL, &adj, 1, &prev), -EINVAL);
	assert_int_equal(prev, 7);
	assert_false(pmm_token_privilege_check(NULL, PMM_SE_DEBUG));
	assert_false(pmm_capable(NULL, 14));
	pmm_token_privileges(NULL, &p);
	assert_int_equal(p.present | p.enabled | p.enabled_by_default | p.used, 0);
	assert_int_equal(pmm_token_modified_id(NULL), 0);
	pmm_token_put(NULL);
	assert_null(pmm_token_system(NULL));
	assert_int_equal(pmm_privilege_issuable_mask(NULL), 0);
	assert_null(pmm_process_token(NULL, pid));
	assert_null(pmm_thread_effective_token(sim, 12345));
	/* AdjustPrivileges: zero entries, too many, NULL entries: nothing changes. */
	assert_int_equal(pmm_token_modified_id(pmm_process_token(sim, pid)), 0);
	assert_int_equal(pmm_adjust_privileges(sim, pid, 0, &adj, 0, NULL), -EINVAL);
	assert_int_equal(pmm_adjust_privileges(sim, pid, 0, &adj, 65, NULL), -EINVAL);
	assert_int_equal(pmm_adjust_privileges(sim, pid, 0, NULL, 1, NULL), -EINVAL);
	assert_int_equal(pmm_adjust_privileges(sim, pid, -4, &adj, 1, NULL), -EINVAL);
	assert_int_equal(pmm_token_modified_id(pmm_process_token(sim, pid)), 0);
	assert_int_equal(pmm_prlimit(NULL, pid, 0, PMM_RLIMIT_AS, NULL, &r), -EINVAL);
	assert_int_equal(pmm_prlimit(sim, pid, 0, -1, NULL, &r), -EINVAL);
	assert_int_equal(pmm_prctl(NULL, pid, 3, 0, 0, 0, 0), -EINVAL);
	assert_int_equal(pmm_prctl(sim, 999, 3, 0, 0, 0, 0), -ESRCH);
	assert_int_equal(pmm_prctl(sim, pid, 12345, 0, 0, 0, 0), -EINVAL);
	assert_int_equal(pmm_kill(NULL, pid, pid, 0), -EINVAL);
	assert_int_equal(pmm_kill(sim, pid, 0, 9), -EINVAL);
	assert_int_equal(pmm_exit(NULL, pid, 0), -EINVAL);
	assert_int_equal(pmm_fork(sim, pid, NULL), -EINVAL);
	assert_int_equal(pmm_thread_create(sim, pid, NULL), -EINVAL);
	assert_int_equal(pmm_impersonate(NULL, pid, NULL), -EINVAL);
	assert_int_equal(pmm_revert(sim, 999), -ESRCH);
	assert_int_equal(out, -3);
	assert_int_equal(pmm_process_state(NULL, pid, NULL), PMM_PROC_NONE);
	assert_int_equal(pmm_process_state(sim, pid, NULL), PMM_PROC_ALIVE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_config_default_creates),
		cmocka_unit_test(test_sim_config_bad_input_einval),
		cmocka_unit_test(test_sim_profile_names_roundtrip),
		cmocka_unit_test_setup_teardown(test_sim_sched_runs_in_due_then_queue_order,
						fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_sim_advance_overflow_changes_nothing,
						fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test_setup_teardown(test_sim_events_json_lines,
						fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test(test_sim_event_json_escapes_and_truncates),
		cmocka_unit_test_setup_teardown(test_sim_sysctl_set_get_and_bad_value,
						fx_sim_setup, fx_sim_teardown),
		cmocka_unit_test(test_sim_rng_streams_deterministic),
		cmocka_unit_test_setup_teardown(test_sim_public_api_rejects_bad_input,
						fx_sim_setup, fx_sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
