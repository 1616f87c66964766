//! Nothing relevant is lost to a flood of irrelevant system calls: while processes on every CPU
//! (CPUs + 1 threads) open and close an ordinary file as fast as they can, another process reads
//! `/etc/shadow` 20 times, each run marked in its command line; with the upstream stable rules
//! and the default ring buffer every one of the 20 raises "Read sensitive file untrusted", in
//! `syssentry run` and in the plugin (the stand-in Fluent Bit host). The flood is left in the
//! kernel (counted as filtered), and no record a rule could have matched is dropped. Needs root
//! and BPF: without them the test prints `SKIPPED: <why>` (a failure in `scripts/test`).

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use syssentry_testkit::cli_sensor::Sensor;
use syssentry_testkit::flb_host::{clear_logs, logs, serial, Host, Layout};
use syssentry_testkit::paths::upstream_rules;
use syssentry_testkit::privileges::skip;

const RULE: &str = "Read sensitive file untrusted";
const ACTIONS: usize = 20;

/// Threads opening and closing `/etc/hostname` until stopped; counts the pairs.
struct Flood {
    stop: Arc<AtomicBool>,
    pairs: Arc<AtomicU64>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Flood {
    fn start() -> Flood {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get()) + 1;
        let stop = Arc::new(AtomicBool::new(false));
        let pairs = Arc::new(AtomicU64::new(0));
        let threads = (0..n)
            .map(|_| {
                let (stop, pairs) = (stop.clone(), pairs.clone());
                std::thread::spawn(move || {
                    let mut k = 0u64;
                    // libc's open and close: a debug build's `File` would add an fcntl per
                    // close (std's check that the fd is open), which is sent for the state.
                    let path = c"/etc/hostname";
                    while !stop.load(Ordering::Relaxed) {
                        // SAFETY: a valid NUL-terminated path; the fd returned is closed at once.
                        unsafe {
                            let fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
                            if fd >= 0 {
                                libc::close(fd);
                            }
                        }
                        k += 1;
                    }
                    pairs.fetch_add(k, Ordering::Relaxed);
                })
            })
            .collect();
        Flood { stop, pairs, threads }
    }

    /// Stops the threads; returns the pairs they made.
    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads {
            let _ = t.join();
        }
        self.pairs.load(Ordering::Relaxed)
    }
}

/// The marker of relevant action `i`.
fn marker(tag: &str, i: usize) -> String {
    format!("/nonexistent/sse-flood-{tag}-{}-{i}", std::process::id())
}

/// Reads /etc/shadow 20 times, 100 ms apart, each run with its marker (cat then fails on it).
fn act(tag: &str) {
    for i in 0..ACTIONS {
        let _ = Command::new("cat")
            .arg("/etc/shadow")
            .arg(marker(tag, i))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The actions whose marker appears in an alert of RULE.
fn alerted(tag: &str, alerts: &[(String, String)]) -> Vec<usize> {
    (0..ACTIONS)
        .filter(|i| {
            let m = format!("{} ", marker(tag, *i));
            alerts.iter().any(|(rule, out)| rule == RULE && (out.contains(&m) || out.ends_with(m.trim_end())))
        })
        .collect()
}

#[test]
fn every_relevant_action_alerts_under_a_flood_in_syssentry_run() {
    if skip() {
        return;
    }
    let _g = serial();
    let rules = upstream_rules("falco_rules.yaml");
    let sensor = Sensor::start(&["--rules", rules.to_str().unwrap(), "--no-container-fields"])
        .unwrap_or_else(|why| panic!("syssentry run did not start: {why}"));
    let flood = Flood::start();
    std::thread::sleep(Duration::from_millis(500));
    act("run");
    let pairs = flood.stop();
    sensor.wait_for(Duration::from_secs(10), |lines| {
        alerted("run", &lines.iter().map(|l| (RULE.to_string(), l.clone())).collect::<Vec<_>>()).len() == ACTIONS
    });
    let run = sensor.stop();
    let alerts: Vec<(String, String)> = run
        .alerts
        .iter()
        .map(|a| (a["rule"].as_str().unwrap_or("").to_string(), a["output"].as_str().unwrap_or("").to_string()))
        .collect();
    let got = alerted("run", &alerts);
    let counts = run.stderr.lines().find(|l| l.starts_with("syssentry: events:")).unwrap_or("").to_string();
    assert_eq!(got.len(), ACTIONS, "{} of {ACTIONS} relevant actions alerted under a flood of {pairs} pairs; {counts}", got.len());
    let number_after = |what: &str| -> u64 {
        counts
            .split(what)
            .nth(1)
            .and_then(|s| s.trim_start().split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no '{what}' count in {counts:?}"))
    };
    assert!(number_after("filtered in the kernel") > pairs, "the flood was not left in the kernel: {counts}");
    assert!(counts.contains("(0 could have matched a rule)"), "relevant records were dropped: {counts}");
}

#[test]
fn every_relevant_action_alerts_under_a_flood_in_the_plugin() {
    if skip() {
        return;
    }
    let _g = serial();
    clear_logs();
    let rules = upstream_rules("falco_rules.yaml");
    let mut host = Host::load(Layout::V41);
    let inst = host
        .start(&[("rules", rules.to_str().unwrap()), ("hostname", "flood-host"), ("stats", "on"), ("stats_interval", "1")])
        .unwrap_or_else(|_| panic!("init failed: {:?}", logs()));
    let flood = Flood::start();
    std::thread::sleep(Duration::from_millis(500));
    // Collect while acting, as Fluent Bit's collect timer would.
    let collecting = Arc::new(AtomicBool::new(true));
    let records = std::thread::scope(|s| {
        let c = collecting.clone();
        let inst = &inst;
        let h = s.spawn(move || {
            let mut out = Vec::new();
            while c.load(Ordering::Relaxed) {
                out.extend(inst.collect().0);
                std::thread::sleep(Duration::from_millis(50));
            }
            out
        });
        act("plugin");
        std::thread::sleep(Duration::from_millis(300));
        collecting.store(false, Ordering::Relaxed);
        h.join().unwrap()
    });
    let pairs = flood.stop();
    let mut records = records;
    for _ in 0..40 {
        let (evs, _) = inst.collect();
        records.extend(evs);
        std::thread::sleep(Duration::from_millis(100));
    }
    let alerts: Vec<(String, String)> = records.iter().map(|e| (e.str("rule"), e.str("output"))).collect();
    let got = alerted("plugin", &alerts);
    let stats = records.iter().rev().find(|e| e.str("source") == "syssentry_stats");
    let stat = |k: &str| stats.and_then(|e| e.get(k)).and_then(|v| v.as_u64()).unwrap_or(u64::MAX);
    assert_eq!(
        got.len(),
        ACTIONS,
        "{} of {ACTIONS} relevant actions alerted under a flood of {pairs} pairs; stats: {:?}",
        got.len(),
        stats.map(|e| e.get("events_filtered").cloned())
    );
    assert!(stats.is_some(), "no stats record");
    assert!(stat("events_filtered") > pairs, "the flood was not left in the kernel: filtered {}", stat("events_filtered"));
    assert_eq!(stat("events_dropped_relevant"), 0, "relevant records were dropped");
    inst.shutdown(false);
}
