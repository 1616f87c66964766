//! Plugin figures for docs/performance.md (plugin section), measured through the host harness (the built
//! `libsyssentry.so` loaded with dlopen and driven as Fluent Bit does):
//!
//! 1. collect-callback time with a full batch (5,000 queued alert records);
//! 2. RSS the plugin adds to its host process with Falco's stable rules, real eBPF capture and
//!    10,000 processes on the machine to track (needs root; started here as `sleep` processes).
//!
//! Run: `cargo run --release -p syssentry-system-tests --example plugin_perf -- collect` and
//! `... -- rss 10000` (as root). Options after the count:
//! `distinct-env` gives every started process its own environment (the caller's plus one
//! variable of its own, as processes started by different services or shells differ), so
//! identical images cannot be shared; `env-rule` loads, next to the stable rules, one rule that
//! reads `proc.env`, so the state keeps environments; `ring=SIZE` sets `ring_buffer_size`.
//! It loads the `libsyssentry.so` cargo built with it (`target/release/`).

use syssentry_testkit::flb_host::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};


fn rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn stable_rules() -> String {
    syssentry_testkit::paths::upstream_rules("falco_rules.yaml").display().to_string()
}

fn collect_timing() {
    let rules = stable_rules();
    let mut h = Host::load(Layout::V41);
    // 25,000 events = 5,000 runs of the scenario = 5,000 "Read sensitive file untrusted" alerts.
    let inst = h
        .start(&[
            ("rules", rules.as_str()),
            ("event_source", "synthetic"),
            ("synthetic_rate", "0"),
            ("synthetic_count", "25000"),
            ("queue_capacity", "10000"),
            ("max_records_per_collect", "5000"),
            ("max_bytes_per_collect", "64M"),
        ])
        .expect("init");
    std::thread::sleep(Duration::from_secs(8));
    let (evs, bytes, took) = inst.collect_timed();
    println!("collect callback: {} records, {} bytes in {:?}", evs.len(), bytes, took);
    // The same with the default per-call byte limit (2 MiB).
    let (evs, bytes, took) = inst.collect_timed();
    println!("collect callback (rest of the queue): {} records, {} bytes in {:?}", evs.len(), bytes, took);
    inst.shutdown(false);
}

/// RSS by mapping kind (`/proc/self/smaps`): heap and stacks (anonymous), the BPF maps (the
/// ring buffer's data pages are mapped twice, so they count twice), the plugin's code.
fn rss_by_mapping() -> Vec<(String, u64)> {
    let s = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    let mut out: Vec<(String, u64)> = Vec::new();
    let mut name = String::new();
    for line in s.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            name = match line.split_whitespace().nth(5).unwrap_or("") {
                "" => "anonymous (heap, stacks)".to_string(),
                p if p.starts_with("anon_inode:bpf") => "BPF maps (ring buffer mapped twice)".to_string(),
                p => p.rsplit('/').next().unwrap_or(p).to_string(),
            };
        } else if let Some(v) = line.strip_prefix("Rss:") {
            let kib: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, k)) => *k += kib,
                None => out.push((name.clone(), kib)),
            }
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.1));
    out
}

/// A rules file with one rule whose condition reads `proc.env` (written next to the example).
fn env_rule_file() -> String {
    let path = std::env::temp_dir().join("syssentry-perf-env-rule.yaml");
    let text = "- rule: Perf env reader
  desc: reads the environment
  condition: evt.type = execve and evt.dir = < and proc.env[SYSSENTRY_PERF_NEVER] = yes
  output: env %proc.env
  priority: DEBUG
";
    std::fs::write(&path, text).expect("write the env rule");
    path.to_string_lossy().into_owned()
}

fn rss_with_processes(n: usize, distinct_env: bool, env_rule: bool, ring: Option<&str>) {
    let mut kids: Vec<Child> = Vec::with_capacity(n);
    for i in 0..n {
        let mut cmd = Command::new("/bin/sleep");
        cmd.arg("300").stdout(Stdio::null());
        if distinct_env {
            cmd.env("SYSSENTRY_PERF_INSTANCE", i.to_string());
        }
        match cmd.spawn() {
            Ok(c) => kids.push(c),
            Err(e) => {
                println!("could only start {} processes: {e}", kids.len());
                break;
            }
        }
    }
    let before = rss_kib();
    let mut rules = stable_rules();
    if env_rule {
        rules = format!("{rules},{}", env_rule_file());
    }
    let mut h = Host::load(Layout::V41);
    let loaded = rss_kib();
    let mut props = vec![("rules", rules.as_str())];
    if let Some(size) = ring {
        props.push(("ring_buffer_size", size));
    }
    match h.start(&props) {
        Ok(inst) => {
            let t = Instant::now();
            while !logs().iter().any(|(_, l)| l.contains("seeded from"))
                && t.elapsed() < Duration::from_secs(60)
            {
                std::thread::sleep(Duration::from_millis(100));
            }
            for _ in 0..10 {
                std::thread::sleep(Duration::from_secs(1));
                let _ = inst.collect();
            }
            let after = rss_kib();
            for (name, kib) in rss_by_mapping().into_iter().filter(|(_, k)| *k >= 512) {
                println!("  {kib:>8} KiB  {name}");
            }
            let seeded = logs()
                .into_iter()
                .find(|(_, l)| l.contains("seeded from"))
                .map(|(_, l)| l)
                .unwrap_or_default();
            println!("{seeded}");
            println!(
                "rss: {} KiB before dlopen, {} KiB after dlopen, {} KiB running: plugin adds {:.1} MiB",
                before,
                loaded,
                after,
                (after - before) as f64 / 1024.0
            );
            inst.shutdown(false);
        }
        Err(_) => println!("SKIPPED: eBPF source unavailable: {:?}", logs()),
    }
    for mut k in kids {
        let _ = k.kill();
        let _ = k.wait();
    }
}

fn main() {
    // `plugin_perf collect` or `plugin_perf rss N` (one measurement per process, so RSS is not
    // inflated by an earlier one).
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("collect") => collect_timing(),
        Some("rss") => rss_with_processes(
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000),
            args.iter().any(|a| a == "distinct-env"),
            args.iter().any(|a| a == "env-rule"),
            args.iter().find_map(|a| a.strip_prefix("ring=")),
        ),
        _ => eprintln!("usage: plugin_perf collect | plugin_perf rss N [distinct-env] [env-rule] [ring=SIZE]"),
    }
}
