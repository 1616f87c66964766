//! Host-harness tests: the built `libsyssentry.so` loaded with `dlopen` and driven as Fluent Bit
//! drives a proxy input (`syssentry_testkit::flb_host`), with the synthetic event source so no
//! root is needed.

use std::time::{Duration, Instant};
use syssentry_sensor::failure::{FAILED_RULE, RECOVERED_RULE};
use syssentry_testkit::flb_host::*;

const SEC: Duration = Duration::from_secs(1);

fn synth<'a>(rules: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![
        ("rules", rules),
        ("event_source", "synthetic"),
        ("synthetic_rate", "0"),
        ("hostname", "test-host"),
    ];
    p.extend_from_slice(extra);
    p
}

fn error_lines() -> Vec<String> {
    logs()
        .into_iter()
        .filter(|(l, _)| *l == 1)
        .map(|(_, t)| t)
        .collect()
}

fn rules_of(evs: &[Event], rule: &str) -> Vec<Event> {
    evs.iter()
        .filter(|e| e.str("rule") == rule)
        .cloned()
        .collect()
}

fn field_u64(e: &Event, key: &str) -> u64 {
    map_get(e.get("output_fields").expect("output_fields"), key)
        .and_then(|v| v.as_u64())
        .unwrap_or_else(|| panic!("{key} is not an unsigned integer in {:?}", e.body))
}

#[test]
fn records_have_the_falco_schema_typed_fields_and_event_time() {
    let _g = serial();
    let rules = TempRules::new("schema", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let inst = host
        .start(&synth(&path, &[("synthetic_count", "5")]))
        .expect("init");
    let evs = inst.collect_until(10 * SEC, Duration::from_millis(50), |e| e.len() >= 2);
    assert_eq!(evs.len(), 2, "{evs:?}");
    let cat = &rules_of(&evs, "Cat started")[0];
    assert_eq!(cat.str("priority"), "Notice");
    let e = &rules_of(&evs, "Shadow read")[0];
    let keys: Vec<&str> = e
        .body
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "hostname",
            "output",
            "output_fields",
            "priority",
            "rule",
            "source",
            "tags",
            "time"
        ]
    );
    assert_eq!(e.str("hostname"), "test-host");
    assert_eq!(e.str("priority"), "Warning");
    assert_eq!(e.str("source"), "syscall");
    let tags: Vec<&str> = e
        .get("tags")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags, ["filesystem", "test_tag"]);
    assert!(e.metadata.as_map().unwrap().is_empty());
    assert_eq!(field_u64(e, "proc.pid"), 20000);
    assert_eq!(field_u64(e, "fd.num"), 3);
    assert_eq!(field_u64(e, "user.uid"), 0);
    let of = e.get("output_fields").unwrap();
    assert_eq!(map_get(of, "proc.name").unwrap().as_str(), Some("cat"));
    assert_eq!(map_get(of, "proc.pname").unwrap().as_str(), Some("bash"));
    assert_eq!(
        map_get(of, "fd.name").unwrap().as_str(),
        Some("/etc/shadow")
    );
    // The header's EventTime is the event's own time, which is also evt.time and `time`.
    assert_eq!(field_u64(e, "evt.time"), e.time_ns);
    let secs = e.time_ns / 1_000_000_000;
    assert!(
        e.str("time")
            .ends_with(&format!(".{:09}Z", e.time_ns % 1_000_000_000)),
        "{}",
        e.str("time")
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(secs <= now && now - secs < 60);
    assert!(
        e.str("output").contains(
            "Warning shadow opened (proc=cat pid=20000 parent=bash file=/etc/shadow fd=3 uid=0)"
        ),
        "{}",
        e.str("output")
    );
    assert!(
        e.str("output").contains("container_id=host"),
        "suggested output is on by default"
    );
    inst.shutdown(false);
}

#[test]
fn no_properties_use_the_defaults() {
    let _g = serial();
    clear_logs();
    let mut host = Host::load(Layout::V41);
    let default_rules = std::path::Path::new("/etc/syssentry/rules.d");
    match host.start(&[]) {
        Ok(inst) => {
            assert!(
                default_rules.exists(),
                "init succeeded without the default rules directory"
            );
            inst.shutdown(false);
        }
        Err(_) => {
            let errs = error_lines();
            assert!(!errs.is_empty(), "a failed init logs why");
            if !default_rules.exists() {
                assert_eq!(
                    errs,
                    ["[syssentry.1] init failed: rules path /etc/syssentry/rules.d cannot be read: No such file or directory (os error 2)"]
                        .map(|s| s.replace("syssentry.1", errs[0].split(']').next().unwrap_or("").trim_start_matches('[')))
                );
            }
        }
    }
}

#[test]
fn every_property_takes_effect() {
    let _g = serial();
    clear_logs();
    let rules = TempRules::new("props", SHADOW_RULES);
    let dir = rules.dir.display().to_string();
    let mut host = Host::load(Layout::V41);
    // Directory form of `rules`, case-insensitive keys, every property set.
    let props = [
        ("Rules", dir.as_str()),
        ("EVENT_SOURCE", "Synthetic"),
        ("synthetic_rate", "0"),
        ("synthetic_count", "50"),
        ("synthetic_fail_after", "1000"),
        ("on_failure", "continue"),
        ("disable_tags", "nothing_has_this"),
        ("disable_rules", "*"),
        ("enable_rules", "Shadow*"),
        ("enable_tags", "process"),
        ("min_priority", "warning"),
        ("rule_matching", "all"),
        ("ring_buffer_size", "16M"),
        ("queue_capacity", "1000"),
        ("queue_overflow", "drop_oldest"),
        ("max_records_per_collect", "4"),
        ("max_bytes_per_collect", "1M"),
        ("hostname", "props-host"),
        ("host_root", "/"),
        ("suggested_output", "off"),
        ("time_iso8601", "on"),
        ("stats", "on"),
        ("stats_interval", "1"),
    ];
    let inst = host.start(&props).expect("init with every property");
    std::thread::sleep(Duration::from_millis(300));
    let (first, _) = inst.collect();
    assert_eq!(first.len(), 4, "max_records_per_collect");
    let evs = inst.collect_until(10 * SEC, Duration::from_millis(200), |e| {
        e.iter().any(|x| x.str("source") == "syssentry_stats")
    });
    let all: Vec<Event> = first.into_iter().chain(evs).collect();
    let alerts: Vec<&Event> = all
        .iter()
        .filter(|e| e.str("source") == "syscall")
        .collect();
    // min_priority warning drops "Cat started" (notice) although its tag is enabled.
    assert!(
        alerts.iter().all(|e| e.str("rule") == "Shadow read"),
        "{alerts:?}"
    );
    assert_eq!(alerts.len(), 10);
    for e in &alerts {
        assert_eq!(e.str("hostname"), "props-host");
        assert!(
            e.str("output").starts_with("20"),
            "ISO 8601 prefix: {}",
            e.str("output")
        );
        assert!(
            !e.str("output").contains("container_id="),
            "suggested_output off"
        );
        assert!(map_get(e.get("output_fields").unwrap(), "evt.time.iso8601").is_some());
    }
    let stats = all
        .iter()
        .find(|e| e.str("source") == "syssentry_stats")
        .expect("stats record");
    assert_eq!(stats.get("rules_loaded").and_then(|v| v.as_u64()), Some(1));
    assert_eq!(
        stats.get("events_processed").and_then(|v| v.as_u64()),
        Some(50)
    );
    assert_eq!(stats.str("hostname"), "props-host");
    inst.shutdown(false);
}

#[test]
fn bad_values_and_unknown_keys_fail_init_with_key_value_and_allowed() {
    let _g = serial();
    let rules = TempRules::new("bad", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        ("rules", ",", &[]),
        ("disable_rules", " , ", &[]),
        ("disable_tags", ",", &[]),
        ("enable_rules", ",", &[]),
        ("enable_tags", ",,", &[]),
        ("min_priority", "loud", &[]),
        ("rule_matching", "some", &[]),
        ("event_source", "kernel", &[]),
        ("synthetic_rate", "-1", &[]),
        ("synthetic_count", "many", &[]),
        ("ring_buffer_size", "3M", &[]),
        ("ring_buffer_size", "2G", &[]),
        ("ring_buffer_size", "8Q", &[]),
        ("queue_capacity", "0", &[]),
        ("queue_capacity", "1000001", &[]),
        ("queue_overflow", "drop_random", &[]),
        ("max_records_per_collect", "0", &[]),
        ("max_bytes_per_collect", "1K", &[]),
        ("host_root", "relative/dir", &[]),
        ("on_failure", "retry", &[]),
        ("container_engines", "docker,rkt", &[]),
        ("docker_socket", "docker.sock", &[]),
        ("podman_socket", "run/podman.sock", &[]),
        ("containerd_socket", "containerd.sock", &[]),
        ("cri_socket", "crio.sock", &[]),
        ("ecs_agent_url", "127.0.0.1:51678", &[]),
        ("metadata_wait", "forever", &[]),
        ("metadata_wait", "90s", &[]),
        ("suggested_output", "maybe", &[]),
        ("time_iso8601", "2", &[]),
        ("stats", "sometimes", &[]),
        ("stats_interval", "0", &[("stats", "on")]),
        ("stats_interval", "86401", &[("stats", "on")]),
    ];
    for (key, value, extra) in cases {
        clear_logs();
        let mut props = synth(&path, extra);
        props.retain(|(k, _)| k != key);
        props.push((key, value));
        assert!(host.start(&props).is_err(), "{key}={value} was accepted");
        let errs = error_lines();
        let line = errs
            .iter()
            .find(|l| l.contains("init failed"))
            .unwrap_or_else(|| panic!("{key}: {errs:?}"));
        assert!(line.contains(&format!("property '{key}'")), "{line}");
        assert!(line.contains(&format!("'{}'", value.trim())), "{line}");
        assert!(line.contains("allowed:"), "{line}");
        assert_eq!(errs.len(), 1, "one clear line: {errs:?}");
    }
    // Settings that need another setting.
    for (key, value, needs) in [
        ("synthetic_rate", "5", "event_source synthetic"),
        ("stats_interval", "5", "stats on"),
    ] {
        clear_logs();
        let props = vec![("rules", path.as_str()), (key, value)];
        assert!(host.start(&props).is_err());
        let errs = error_lines();
        assert!(errs[0].contains(key) && errs[0].contains(needs), "{errs:?}");
    }
    // Misspelt keys.
    for (typo, meant) in [
        ("queue_capacityy", "queue_capacity"),
        ("Rule", "rules"),
        ("stats-interval", "stats_interval"),
        ("hostnme", "hostname"),
    ] {
        clear_logs();
        let mut props = synth(&path, &[]);
        props.push((typo, "1"));
        assert!(host.start(&props).is_err(), "{typo} accepted");
        let errs = error_lines();
        assert!(
            errs[0].contains(&format!("unknown property '{}'", typo.to_ascii_lowercase()))
                && errs[0].contains(&format!("did you mean '{meant}'")),
            "{errs:?}"
        );
    }
    // Rules with errors fail init naming the problem.
    clear_logs();
    let broken = TempRules::new("broken", "- rule: X\n  desc: d\n  condition: evt.type = openat and (\n  output: o\n  priority: INFO\n");
    let bp = broken.path();
    assert!(host.start(&synth(&bp, &[])).is_err());
    let errs = error_lines();
    assert!(
        errs.iter()
            .any(|l| l.contains("init failed: the rules have 1 error(s); first: ") && l.contains(&bp)),
        "{errs:?}"
    );
}

fn two_instances(layout: Layout) {
    let rules = TempRules::new(&format!("two-{layout:?}"), SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(layout);
    let a = host
        .start(&synth(
            &path,
            &[("synthetic_count", "10"), ("hostname", "host-a")],
        ))
        .expect("a");
    let b = host
        .start(&synth(
            &path,
            &[("synthetic_count", "20"), ("hostname", "host-b")],
        ))
        .expect("b");
    if layout == Layout::V41 {
        let (ra, rb) = (a.remote_context(), b.remote_context());
        assert!(
            ra != 0 && rb != 0 && ra != rb,
            "remote_context set per instance: {ra} {rb}"
        );
    }
    let ea = a.collect_until(10 * SEC, Duration::from_millis(50), |e| e.len() >= 4);
    let eb = b.collect_until(10 * SEC, Duration::from_millis(50), |e| e.len() >= 8);
    std::thread::sleep(Duration::from_millis(200));
    let (more_a, _) = a.collect();
    let (more_b, _) = b.collect();
    assert!(more_a.is_empty() && more_b.is_empty());
    assert_eq!(ea.len(), 4);
    assert_eq!(eb.len(), 8);
    assert!(ea.iter().all(|e| e.str("hostname") == "host-a"));
    assert!(eb.iter().all(|e| e.str("hostname") == "host-b"));
    a.shutdown(false);
    b.shutdown(false);
}

#[test]
fn two_instances_stay_apart_with_remote_context() {
    let _g = serial();
    two_instances(Layout::V41);
}

#[test]
fn two_instances_stay_apart_on_hosts_before_4_1() {
    let _g = serial();
    two_instances(Layout::Pre41);
}

#[test]
fn pause_holds_the_paused_instance_only_and_resume_delivers_everything() {
    let _g = serial();
    let rules = TempRules::new("pause", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let a = host
        .start(&synth(&path, &[("synthetic_count", "50")]))
        .expect("a");
    let b = host
        .start(&synth(&path, &[("synthetic_count", "50")]))
        .expect("b");
    // Fluent Bit pauses A on A's thread (and, by its bug, stops B's timer: the plugin must not
    // depend on which timer runs).
    a.pause();
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..3 {
        let (evs, n) = a.collect();
        assert!(evs.is_empty() && n == 0, "paused instance handed out data");
    }
    let eb = b.collect_until(10 * SEC, Duration::from_millis(50), |e| e.len() >= 20);
    assert_eq!(eb.len(), 20, "the other instance is not paused");
    a.resume();
    let ea = a.collect_until(10 * SEC, Duration::from_millis(50), |e| e.len() >= 20);
    assert_eq!(
        ea.len(),
        20,
        "everything queued while paused is delivered after resume"
    );
    a.shutdown(false);
    b.shutdown(false);
}

fn worker_threads() -> usize {
    thread_names()
        .iter()
        .filter(|n| n.starts_with("syssentry-w"))
        .count()
}

#[test]
fn hot_reload_registers_again_and_old_generation_leaves_nothing_running() {
    let _g = serial();
    let rules = TempRules::new("reload", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let base = worker_threads();
    let old: Vec<Inst> = (0..2)
        .map(|_| {
            host.start(&synth(&path, &[("synthetic_rate", "200"), ("hostname", "old-gen")]))
                .expect("old")
        })
        .collect();
    assert_eq!(worker_threads(), base + 2);
    for i in &old {
        let evs = i.collect_until(10 * SEC, Duration::from_millis(100), |e| !e.is_empty());
        assert!(!evs.is_empty());
    }
    // SIGHUP: register again on the loaded library while the old instances still run.
    let mut new_def = host.register();
    assert_eq!(Host::def_name(&new_def), "syssentry");
    for i in old {
        let took = i.shutdown(true);
        assert!(took < Duration::from_secs(2), "exit took {took:?}");
    }
    let mut old_def = std::mem::replace(&mut host.def, Box::new(Def::zeroed()));
    host.unregister(&mut old_def);
    assert!(
        old_def.name.is_null() && old_def.description.is_null(),
        "old def's strings freed"
    );
    assert_eq!(Host::def_name(&new_def), "syssentry", "new def untouched");
    assert_eq!(worker_threads(), base, "old workers joined");
    let fresh: Vec<Inst> = (0..2)
        .map(|_| {
            host.start(&synth(&path, &[("synthetic_count", "5"), ("hostname", "new-gen")]))
                .expect("new")
        })
        .collect();
    // Each new instance raises its own two alerts (it also delivers what its predecessor had
    // queued: see hot_reload_hands_queued_alerts_to_the_new_generation).
    let own = |e: &[Event]| e.iter().filter(|e| e.str("hostname") == "new-gen").count();
    for i in &fresh {
        let evs = i.collect_until(10 * SEC, Duration::from_millis(50), |e| own(e) >= 2);
        assert_eq!(own(&evs), 2);
        assert!(evs.iter().all(|e| ["old-gen", "new-gen"].contains(&e.str("hostname").as_str())));
    }
    for i in fresh {
        i.shutdown(false);
    }
    host.unregister(&mut new_def);
    assert_eq!(worker_threads(), base);
}

#[test]
fn hot_reload_hands_queued_alerts_to_the_new_generation() {
    let _g = serial();
    clear_logs();
    let rules = TempRules::new("handoff", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    // Two inputs; the first queues alerts that Fluent Bit never collects before the reload.
    let quiet = TempRules::new("handoff-quiet", QUIET_RULES);
    let quiet = quiet.path();
    let first = host.start(&synth(&path, &[("synthetic_count", "50"), ("synthetic_rate", "0")])).expect("first");
    let second = host.start(&synth(&quiet, &[])).expect("second");
    std::thread::sleep(Duration::from_millis(500));
    let mut new_def = host.register();
    first.shutdown(true);
    second.shutdown(true);
    let mut old_def = std::mem::replace(&mut host.def, Box::new(Def::zeroed()));
    host.unregister(&mut old_def);
    let handed: usize = logs()
        .iter()
        .find_map(|(_, t)| {
            t.strip_suffix(" queued alerts are handed to the reloaded configuration")
                .and_then(|t| t.rsplit(' ').next()?.parse().ok())
        })
        .expect("the first input reports what it hands on");
    assert!(handed > 0);
    assert!(
        !logs().iter().any(|(_, t)| t.contains("were not delivered")),
        "nothing is lost at a reload: {:?}",
        logs()
    );
    // The reloaded configuration: its first input raises nothing itself and delivers exactly
    // what its predecessor left, first; its second input inherits nothing.
    let a = host.start(&synth(&quiet, &[])).expect("new first");
    let b = host.start(&synth(&quiet, &[])).expect("new second");
    let evs = a.collect_until(10 * SEC, Duration::from_millis(50), |e| e.len() >= handed);
    assert_eq!(evs.len(), handed);
    assert!(evs.iter().all(|e| e.get("rule").is_some()), "alert records");
    assert!(logs().iter().any(|(_, t)| t.contains(&format!("{handed} alerts queued before the reload are delivered first"))));
    let (more, _) = a.collect();
    assert!(more.is_empty(), "delivered once");
    let (none, _) = b.collect();
    assert!(none.is_empty());
    // At a shutdown (not a reload) nothing is handed on.
    a.shutdown(false);
    b.shutdown(false);
    host.unregister(&mut new_def);
}

#[test]
fn stats_records_keep_their_interval_whatever_the_collect_times() {
    let _g = serial();
    let rules = TempRules::new("cadence", QUIET_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let start = std::time::Instant::now();
    let inst = host
        .start(&synth(&path, &[("stats", "on"), ("stats_interval", "1")]))
        .expect("init");
    let stats_at = |at: Duration| {
        std::thread::sleep(at.saturating_sub(start.elapsed()));
        let (evs, _) = inst.collect();
        evs.iter().filter(|e| e.str("source") == "syssentry_stats").count()
    };
    // Due at 1 s and 2 s: a collect late for the first (1.4 s) does not push the second to 2.4 s.
    assert_eq!(stats_at(Duration::from_millis(1400)), 1);
    assert_eq!(stats_at(Duration::from_millis(2100)), 1);
    inst.shutdown(false);
}

#[test]
fn shutdown_with_queued_alerts_reports_them_and_joins_quickly() {
    let _g = serial();
    clear_logs();
    let rules = TempRules::new("shutdown", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let base = worker_threads();
    let inst = host
        .start(&synth(&path, &[("synthetic_count", "50")]))
        .expect("init");
    std::thread::sleep(Duration::from_millis(800));
    let took = inst.shutdown(false);
    assert!(took < Duration::from_secs(1), "exit took {took:?}");
    assert_eq!(worker_threads(), base);
    let warns: Vec<String> = logs()
        .into_iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t)
        .collect();
    assert!(
        warns
            .iter()
            .any(|w| w.contains("20 queued alerts were not delivered")),
        "{warns:?}"
    );
}

fn overflow(policy: &str, expect_first_pid: u64) {
    let rules = TempRules::new(&format!("overflow-{policy}"), SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let props = synth(
        &path,
        &[
            ("synthetic_count", "500"),
            ("disable_rules", "Cat started"),
            ("queue_capacity", "10"),
            ("queue_overflow", policy),
            ("stats", "on"),
            ("stats_interval", "1"),
        ],
    );
    let inst = host.start(&props).expect("init");
    std::thread::sleep(Duration::from_millis(2000));
    let (evs, _) = inst.collect();
    let alerts = rules_of(&evs, "Shadow read");
    assert_eq!(alerts.len(), 10);
    let pids: Vec<u64> = alerts.iter().map(|e| field_u64(e, "proc.pid")).collect();
    assert_eq!(
        pids,
        (expect_first_pid..expect_first_pid + 10).collect::<Vec<_>>()
    );
    let ov = rules_of(&evs, "syssentry internal: alert queue overflow");
    assert_eq!(ov.len(), 1, "one overflow alert after recovery");
    assert_eq!(ov[0].str("source"), "internal");
    assert_eq!(field_u64(&ov[0], "n_dropped"), 90);
    assert_eq!(field_u64(&ov[0], "n_dropped_total"), 90);
    let stats = evs
        .iter()
        .find(|e| e.str("source") == "syssentry_stats")
        .expect("stats");
    let s = |k: &str| stats.get(k).and_then(|v| v.as_u64()).unwrap();
    assert_eq!(
        (
            s("events_processed"),
            s("alerts_emitted"),
            s("alerts_dropped"),
            s("alerts_sent")
        ),
        (500, 100, 90, 10)
    );
    // Nothing more, and no second overflow report.
    let (more, _) = inst.collect();
    assert!(
        rules_of(&more, "Shadow read").is_empty()
            && rules_of(&more, "syssentry internal: alert queue overflow").is_empty()
    );
    inst.shutdown(false);
}

#[test]
fn queue_overflow_drop_newest_counts_and_reports() {
    let _g = serial();
    overflow("drop_newest", 20_000);
}

#[test]
fn queue_overflow_drop_oldest_counts_and_reports() {
    let _g = serial();
    overflow("drop_oldest", 20_090);
}

#[test]
fn collect_respects_the_byte_limit_and_returns_fast() {
    let _g = serial();
    let rules = TempRules::new("bytes", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let inst = host
        .start(&synth(
            &path,
            &[
                ("synthetic_count", "5000"),
                ("max_bytes_per_collect", "64K"),
                ("queue_capacity", "5000"),
            ],
        ))
        .expect("init");
    std::thread::sleep(Duration::from_millis(2500));
    let mut total = 0;
    for _ in 0..40 {
        let t = Instant::now();
        let (evs, n) = inst.collect();
        let took = t.elapsed();
        assert!(took < Duration::from_millis(200), "collect took {took:?}");
        if evs.is_empty() {
            break;
        }
        assert!(n <= 64 * 1024, "{n} bytes");
        total += evs.len();
    }
    assert_eq!(total, 2000);
    inst.shutdown(false);
}

#[test]
fn threaded_off_is_refused() {
    let _g = serial();
    clear_logs();
    let rules = TempRules::new("threaded", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    assert!(host
        .start_named(&synth(&path, &[]), Some("flb-pipeline"))
        .is_err());
    assert!(
        error_lines().iter().any(|l| l.contains("threaded off")),
        "{:?}",
        error_lines()
    );
}

#[test]
fn stable_falco_rules_fire_on_the_synthetic_scenario() {
    let _g = serial();
    let stable = syssentry_testkit::paths::upstream_rules("falco_rules.yaml");
    let stable = stable.to_str().unwrap();
    let mut host = Host::load(Layout::Pre41);
    let inst = host
        .start(&synth(stable, &[("synthetic_count", "5")]))
        .expect("init with the stable rules");
    let evs = inst.collect_until(20 * SEC, Duration::from_millis(100), |e| !e.is_empty());
    let hit = rules_of(&evs, "Read sensitive file untrusted");
    assert_eq!(hit.len(), 1, "{evs:?}");
    assert_eq!(hit[0].str("priority"), "Warning");
    assert!(hit[0].str("output").contains("file=/etc/shadow"));
    inst.shutdown(false);
}

#[test]
fn only_flb_symbols_are_exported() {
    let lib = library_path();
    let out = std::process::Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .expect("run nm");
    assert!(
        out.status.success(),
        "nm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    for n in &names {
        assert!(n.starts_with("FLBPlugin"), "exported non-FLB symbol {n}");
    }
    for want in [
        "FLBPluginRegister",
        "FLBPluginInit",
        "FLBPluginInputCallbackCtx",
        "FLBPluginInputCleanupCallback",
        "FLBPluginExit",
    ] {
        assert!(names.contains(&want), "{want} missing");
    }
    let out = std::process::Command::new("nm")
        .args(["-D", "--undefined-only"])
        .arg(&lib)
        .output()
        .expect("run nm");
    for l in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = l.split_whitespace();
        let (kind, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        assert!(
            kind == "w" || name.contains("@GLIBC_") || name.contains("@GCC_"),
            "undefined symbol {name} could bind to one of fluent bit's exports"
        );
    }
}

#[test]
fn a_failed_source_is_restarted_and_both_records_are_delivered() {
    let _g = serial();
    clear_logs();
    let rules = TempRules::new("restart", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    // The source fails once after 12 events (the runtime sees it as it would a detached BPF
    // program or an unreadable ring): on_failure restart (the default) opens it again.
    let inst = host
        .start(&synth(
            &path,
            &[("synthetic_rate", "20"), ("synthetic_fail_after", "12"), ("stats", "on"), ("stats_interval", "1")],
        ))
        .expect("init");
    let evs = inst.collect_until(20 * SEC, Duration::from_millis(100), |e| {
        let after = e.iter().position(|r| r.str("rule") == RECOVERED_RULE);
        after.is_some_and(|i| e[i..].iter().any(|r| r.str("rule") == "Shadow read"))
    });
    let rules: Vec<String> = evs.iter().map(|e| e.str("rule")).filter(|r| !r.is_empty()).collect();
    let failed = rules.iter().position(|r| r == FAILED_RULE).unwrap_or_else(|| panic!("no failure record: {rules:?}"));
    let recovered =
        rules.iter().position(|r| r == RECOVERED_RULE).unwrap_or_else(|| panic!("no recovery record: {rules:?}"));
    assert!(failed < recovered, "{rules:?}");
    assert!(rules[..failed].iter().any(|r| r == "Shadow read"), "alerts before the failure: {rules:?}");
    assert!(rules[recovered..].iter().any(|r| r == "Shadow read"), "alerts after the recovery: {rules:?}");
    let f = &rules_of(&evs, FAILED_RULE)[0];
    assert_eq!(f.str("priority"), "Critical");
    assert_eq!(f.str("source"), "internal");
    assert_eq!(f.str("hostname"), "test-host");
    let of = f.get("output_fields").unwrap();
    assert_eq!(map_get(of, "source").and_then(|v| v.as_str()), Some("synthetic"));
    assert_eq!(map_get(of, "on_failure").and_then(|v| v.as_str()), Some("restart"));
    let r = &rules_of(&evs, RECOVERED_RULE)[0];
    assert_eq!(r.str("priority"), "Critical");
    assert_eq!(field_u64(r, "attempts"), 1);
    // The stats records count them.
    let stats = inst.collect_until(5 * SEC, Duration::from_millis(200), |e| {
        e.iter().any(|r| r.str("source") == "syssentry_stats")
    });
    let st = stats.iter().rev().find(|r| r.str("source") == "syssentry_stats").expect("a stats record");
    assert_eq!(st.get("source_failures").and_then(|v| v.as_u64()), Some(1));
    assert_eq!(st.get("source_recoveries").and_then(|v| v.as_u64()), Some(1));
    assert_eq!(st.get("source_down").and_then(|v| v.as_u64()), Some(0));
    let logged = logs();
    assert!(logged.iter().any(|(l, t)| *l == 1 && t.contains("the synthetic source failed")), "{logged:?}");
    inst.shutdown(false);
}

#[test]
fn on_failure_continue_reports_the_failure_and_keeps_the_instance_up() {
    let _g = serial();
    let rules = TempRules::new("continue", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let inst = host
        .start(&synth(&path, &[("synthetic_fail_after", "3"), ("on_failure", "continue"), ("stats", "on"), ("stats_interval", "1")]))
        .expect("init");
    let evs = inst.collect_until(10 * SEC, Duration::from_millis(100), |e| {
        e.iter().any(|r| r.str("source") == "syssentry_stats") && e.iter().any(|r| r.str("rule") == FAILED_RULE)
    });
    assert_eq!(rules_of(&evs, FAILED_RULE).len(), 1, "{evs:?}");
    assert!(rules_of(&evs, RECOVERED_RULE).is_empty());
    let f = &rules_of(&evs, FAILED_RULE)[0];
    assert_eq!(map_get(f.get("output_fields").unwrap(), "on_failure").and_then(|v| v.as_str()), Some("continue"));
    let st = evs.iter().rev().find(|r| r.str("source") == "syssentry_stats").unwrap();
    assert_eq!(st.get("source_down").and_then(|v| v.as_u64()), Some(1));
    // Still a healthy input to Fluent Bit: collect answers, shutdown is clean.
    let took = inst.shutdown(false);
    assert!(took < 2 * SEC, "{took:?}");
}

#[test]
fn start_is_logged_with_version_abi_and_rules() {
    let _g = serial();
    clear_logs();
    let rules = TempRules::new("banner", SHADOW_RULES);
    let path = rules.path();
    let mut host = Host::load(Layout::V41);
    let inst = host.start(&synth(&path, &[])).expect("init");
    let abi = syssentry_capture_bpf::abi::SSE_ABI_VERSION;
    let want = format!("syssentry {} (event ABI {abi}): 2 of 2 rules enabled from 1 file ({path}), 0 warnings;", env!("CARGO_PKG_VERSION"));
    let lines = logs();
    assert!(lines.iter().any(|(l, t)| *l == 3 && t.contains(&want)), "{want}\n{lines:#?}");
    assert!(lines.iter().any(|(_, t)| t.contains("event source synthetic, on_failure restart")), "{lines:#?}");
    inst.shutdown(false);
}
