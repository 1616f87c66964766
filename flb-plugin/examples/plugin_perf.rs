//! Plugin figures for docs/performance.md (plugin section), measured through the host harness (the built
//! `libsyssentry.so` loaded with dlopen and driven as Fluent Bit does):
//!
//! 1. collect-callback time with a full batch (5,000 queued alert records);
//! 2. RSS the plugin adds to its host process with Falco's stable rules, real eBPF capture and
//!    10,000 processes on the machine to track (needs root; started here as `sleep` processes).
//!
//! Run: `cargo run --release -p syssentry-flb-plugin --example plugin_perf -- collect` and
//! `... -- rss 10000` (as root).
//! It looks for `libsyssentry.so` next to the example (`target/release/`).

#[path = "../tests/host/mod.rs"]
mod host;

use host::*;
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
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/falco-rules/falco_rules.yaml"
    )
    .to_string()
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

fn rss_with_processes(n: usize) {
    let mut kids: Vec<Child> = Vec::with_capacity(n);
    for _ in 0..n {
        match Command::new("/bin/sleep")
            .arg("300")
            .stdout(Stdio::null())
            .spawn()
        {
            Ok(c) => kids.push(c),
            Err(e) => {
                println!("could only start {} processes: {e}", kids.len());
                break;
            }
        }
    }
    let before = rss_kib();
    let rules = stable_rules();
    let mut h = Host::load(Layout::V41);
    let loaded = rss_kib();
    match h.start(&[("rules", rules.as_str())]) {
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
        Err(()) => println!("SKIPPED: eBPF source unavailable: {:?}", logs()),
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
        Some("rss") => rss_with_processes(args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000)),
        _ => eprintln!("usage: plugin_perf collect | plugin_perf rss N"),
    }
}
