//! The event loop with synthetic sources: alerts as JSON lines, DNS updates applied between
//! batches, drop alerts from growing counters, stop flag and deadline.

use super::dns::DnsUpdate;
use super::event_loop::{run_loop, EventSource, LoopOptions, SourceCounters};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::eval::{load_rules, BuildOptions, Engine};
use std::net::Ipv4Addr;
use syssentry_engine::event::ppm::{af, sock};
use syssentry_engine::event::{mk, ppm, Event, SockTuple};
use syssentry_engine::output::OutputOptions;
use syssentry_engine::state::{ProcImage, State, Thread};

/// Each poll hands out one batch and then applies one counter update.
struct Scripted {
    batches: VecDeque<(Vec<Event>, SourceCounters)>,
    counters: SourceCounters,
    stop_when_empty: Option<Arc<AtomicBool>>,
}

impl EventSource for Scripted {
    fn poll(&mut self, _timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, String> {
        let Some((events, counters)) = self.batches.pop_front() else {
            if let Some(s) = &self.stop_when_empty {
                s.store(true, Ordering::Relaxed);
            }
            return Ok(0);
        };
        events.iter().for_each(|e| on_event(e));
        self.counters = counters;
        Ok(events.len())
    }
    fn counters(&self) -> SourceCounters {
        self.counters
    }
}

static CLOCK: AtomicU64 = AtomicU64::new(0);
/// A clock that advances one second per reading.
fn ticking_clock() -> u64 {
    1_700_000_000_000_000_000 + CLOCK.fetch_add(1, Ordering::Relaxed) * 1_000_000_000
}

const RULES: &str = r#"
- rule: Shadow read
  desc: test
  condition: evt.type in (open, openat) and fd.name = /etc/shadow
  output: shadow opened by %proc.name (file=%fd.name)
  priority: WARNING
  tags: [test]
- rule: Api server contact
  desc: test
  condition: evt.type = connect and fd.sip.name = api.example
  output: contact %fd.sip.name
  priority: NOTICE
"#;

fn engine() -> (Engine, Vec<String>) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("syssentry-loop-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rules.yaml");
    std::fs::write(&path, RULES).unwrap();
    let output = OutputOptions { hostname: Arc::from("test-host"), suggested_output: false, time_iso8601: true, utc_offset: Some(0) };
    let report = load_rules(&[&path], &BuildOptions { output: output.clone(), ..BuildOptions::default() });
    assert!(!report.diagnostics.has_errors());
    let mut state = State::default();
    let mut t = Thread::new(100, 100, 1);
    t.image = Arc::new(ProcImage::new("cat", "/usr/bin/cat", "cat", vec!["/etc/shadow".into()], Vec::new()));
    state.add_thread(t);
    (Engine::new(Arc::new(report.ruleset), state, output), report.dns_names)
}

fn opts() -> LoopOptions {
    LoopOptions {
        deadline: Some(Instant::now() + Duration::from_secs(30)),
        stats_interval: None,
        hostname: "test-host".into(),
        poll_timeout: Duration::from_millis(1),
        clock: ticking_clock,
    }
}

fn counters(sent: u64, dropped: u64) -> SourceCounters {
    SourceCounters { seen: sent + dropped, sent, dropped, ..SourceCounters::default() }
}

#[test]
fn alerts_dns_and_drops() {
    let (mut engine, names) = engine();
    assert_eq!(names, ["api.example"]);
    let open = mk::openat(100, -100, "/etc/shadow", ppm::open::O_RDONLY, 0, 3).ts(1_700_000_000_000_000_000).build();
    let connect = mk::socket(100, af::AF_INET, sock::SOCK_STREAM, 0, 4).build();
    let tuple = SockTuple::Inet { sip: Ipv4Addr::new(192, 0, 2, 1), sport: 50000, dip: Ipv4Addr::new(192, 0, 2, 10), dport: 443 };
    let conn = mk::connect(100, 4, tuple, 0).build();
    let stop = Arc::new(AtomicBool::new(false));
    let mut src = Scripted {
        batches: VecDeque::from([
            (vec![open], counters(10, 0)),
            (vec![], counters(20, 5)),
            (vec![connect, conn], counters(30, 5)),
        ]),
        counters: SourceCounters::default(),
        stop_when_empty: Some(stop.clone()),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    tx.send(DnsUpdate { name: "api.example".into(), addrs: vec!["192.0.2.10".parse().unwrap()] }).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let (stats, res) = run_loop(&mut src, &mut engine, Some(&rx), &stop, &opts(), &mut out, &mut err);
    res.unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0]["rule"], "Shadow read");
    assert_eq!(lines[0]["priority"], "Warning");
    assert_eq!(lines[0]["hostname"], "test-host");
    assert_eq!(
        lines[0]["output"],
        "2023-11-14T22:13:20.000000000+0000: Warning shadow opened by cat (file=/etc/shadow)"
    );
    assert_eq!(lines[1]["rule"], "Falco internal: syscall event drop");
    assert_eq!(lines[1]["output_fields"]["n_drops"], "5");
    assert_eq!(lines[1]["output_fields"]["n_evts"], "15");
    assert_eq!(lines[1]["source"], "internal");
    assert_eq!(lines[2]["rule"], "Api server contact");
    assert_eq!(lines[2]["output_fields"]["fd.sip.name"], "api.example");

    assert_eq!(stats.events, 3);
    assert_eq!(stats.dns_updates, 1);
    assert_eq!((stats.drop_occurrences, stats.drop_alerts), (1, 1));
    assert_eq!(stats.capture.dropped, 5);
    let report = stats.render();
    assert!(report.contains("dropped 5"), "{report}");
    assert!(report.contains("1 Shadow read") && report.contains("1 Api server contact"), "{report}");
    assert!(err.is_empty());
}

#[test]
fn the_deadline_ends_the_loop() {
    let (mut engine, _) = engine();
    let mut src = Scripted { batches: VecDeque::new(), counters: SourceCounters::default(), stop_when_empty: None };
    let stop = AtomicBool::new(false);
    let o = LoopOptions { deadline: Some(Instant::now() + Duration::from_millis(50)), ..opts() };
    let started = Instant::now();
    let (stats, res) = run_loop(&mut src, &mut engine, None, &stop, &o, &mut Vec::new(), &mut Vec::new());
    res.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(stats.events, 0);
}

#[test]
fn source_and_output_errors_end_the_loop() {
    struct Failing;
    impl EventSource for Failing {
        fn poll(&mut self, _: Duration, _: &mut dyn FnMut(&Event)) -> Result<usize, String> {
            Err("ring buffer gone".into())
        }
        fn counters(&self) -> SourceCounters {
            SourceCounters::default()
        }
    }
    let (mut engine, _) = engine();
    let stop = AtomicBool::new(false);
    let (_, res) = run_loop(&mut Failing, &mut engine, None, &stop, &opts(), &mut Vec::new(), &mut Vec::new());
    assert_eq!(res.unwrap_err().to_string(), "reading events failed: ring buffer gone");

    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let open = mk::openat(100, -100, "/etc/shadow", ppm::open::O_RDONLY, 0, 3).build();
    let mut src = Scripted { batches: VecDeque::from([(vec![open], counters(1, 0))]), counters: SourceCounters::default(), stop_when_empty: None };
    let (stats, res) = run_loop(&mut src, &mut engine, None, &stop, &opts(), &mut Closed, &mut Vec::new());
    assert!(res.unwrap_err().to_string().starts_with("writing alerts failed"));
    assert_eq!(stats.alerts_by_rule.get("Shadow read"), Some(&1));
}

#[test]
fn stopping_drains_what_capture_still_holds() {
    let (mut engine, _) = engine();
    let open = mk::openat(100, -100, "/etc/shadow", ppm::open::O_RDONLY, 0, 3).ts(1_700_000_000_000_000_000).build();
    // Stop is already requested: the main loop polls nothing, the final drain must still
    // evaluate the queued event and count it.
    let stop = AtomicBool::new(true);
    let mut src = Scripted {
        batches: VecDeque::from([(vec![open], counters(1, 0))]),
        counters: SourceCounters::default(),
        stop_when_empty: None,
    };
    let mut out = Vec::new();
    let (stats, res) = run_loop(&mut src, &mut engine, None, &stop, &opts(), &mut out, &mut Vec::new());
    assert!(res.is_ok());
    assert_eq!(stats.events, 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\"rule\":\"Shadow read\""), "{text}");
}
