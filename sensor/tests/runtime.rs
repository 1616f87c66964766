//! The runtime with scripted sources: alerts through the sink, side-service updates applied
//! between batches, drop alerts from growing counters, the stop flag and the deadline, the final
//! drain, and what each failure policy does when the source fails (the failure is injected
//! through the `Source` interface: a poll that returns an error, or panics).

use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use syssentry_engine::eval::{load_rules, BuildOptions, RuleSet};
use syssentry_engine::event::ppm::{af, sock};
use syssentry_engine::event::{mk, ppm, Event, SockTuple};
use syssentry_engine::output::OutputOptions;
use syssentry_engine::state::{ProcImage, State, Thread};
use syssentry_sensor::error::RunError;
use syssentry_sensor::failure::{Backoff, OnFailure, FAILED_RULE, RECOVERED_RULE};
use syssentry_sensor::log::MemoryLog;
use syssentry_sensor::runtime::{Sensor, SensorOptions};
use syssentry_sensor::service::SideService;
use syssentry_sensor::sinks::JsonLines;
use syssentry_sensor::source::{SeedSummary, Source, SourceCounters, SourceError, SourceOpener};

/// What a scripted poll does.
enum Step {
    /// Hand out these events, then show these counters.
    Events(Vec<Event>, SourceCounters),
    /// Fail with an error.
    Fail,
    /// Panic.
    Panic,
}

/// Each poll plays one step; when the script is done, it sets `stop_when_done` (if any).
struct Scripted {
    steps: VecDeque<Step>,
    counters: SourceCounters,
    stop_when_done: Option<Arc<AtomicBool>>,
}

impl Source for Scripted {
    fn name(&self) -> &'static str {
        "scripted"
    }
    fn seed(&mut self, state: &mut State) -> Result<SeedSummary, SourceError> {
        let mut t = Thread::new(100, 100, 1);
        t.image = Arc::new(ProcImage::new("cat", "/usr/bin/cat", "cat", vec!["/etc/shadow".into()], Vec::new()));
        state.add_thread(t);
        Ok(SeedSummary { from: "the script".into(), processes: 1, threads: 1, ..SeedSummary::default() })
    }
    fn poll(&mut self, _timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        match self.steps.pop_front() {
            None => {
                if let Some(s) = &self.stop_when_done {
                    s.store(true, Ordering::Release);
                }
                Ok(0)
            }
            Some(Step::Events(events, counters)) => {
                events.iter().for_each(on_event);
                self.counters = counters;
                Ok(events.len())
            }
            Some(Step::Fail) => Err(SourceError::Rehearsed { events: self.counters.sent }),
            Some(Step::Panic) => panic!("injected panic"),
        }
    }
    fn counters(&self) -> SourceCounters {
        self.counters
    }
}

/// Opens the scripts in turn, one per (re)start; an empty slot fails to open.
fn opener(scripts: Vec<Option<Vec<Step>>>, stop: &Arc<AtomicBool>) -> SourceOpener {
    let mut scripts: VecDeque<Option<Vec<Step>>> = scripts.into();
    let last = scripts.len();
    let mut opened = 0;
    let stop = stop.clone();
    Box::new(move || {
        opened += 1;
        match scripts.pop_front().flatten() {
            Some(steps) => Ok(Box::new(Scripted {
                steps: steps.into(),
                counters: SourceCounters::default(),
                stop_when_done: (opened == last).then(|| stop.clone()),
            }) as Box<dyn Source>),
            None => Err(SourceError::Rehearsed { events: 0 }),
        }
    })
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

fn output() -> OutputOptions {
    OutputOptions { hostname: Arc::from("test-host"), suggested_output: false, time_iso8601: true, utc_offset: Some(0), ecs_output: false }
}

fn rules() -> (Arc<RuleSet>, Vec<String>) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("syssentry-runtime-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rules.yaml");
    std::fs::write(&path, RULES).unwrap();
    let report = load_rules(&[&path], &BuildOptions { output: output(), ..BuildOptions::default() });
    assert!(!report.diagnostics.has_errors());
    let _ = std::fs::remove_dir_all(&dir);
    (Arc::new(report.ruleset), report.dns_names)
}

fn options(log: &Arc<MemoryLog>) -> SensorOptions {
    let mut o = SensorOptions::new(log.clone());
    o.poll_timeout = Duration::from_millis(1);
    o.deadline = Some(Instant::now() + Duration::from_secs(30));
    o.backoff = Backoff::new(Duration::from_millis(1), Duration::from_millis(4));
    o.clock = ticking_clock;
    o
}

fn counters(sent: u64, dropped: u64) -> SourceCounters {
    SourceCounters { seen: sent + dropped, sent, dropped, ..SourceCounters::default() }
}

fn shadow_open() -> Event {
    mk::openat(100, -100, "/etc/shadow", ppm::open::O_RDONLY, 0, 3).ts(1_700_000_000_000_000_000).build()
}

/// Runs `sensor` into a JSON-lines sink; the lines parsed, stderr, and the result.
fn run_lines(sensor: &mut Sensor, stop: &AtomicBool) -> (Vec<serde_json::Value>, String, Result<(), RunError>) {
    let mut sink = JsonLines::new(Vec::new(), "a buffer", Vec::new(), Arc::from("test-host"));
    let res = sensor.run(&mut sink, stop);
    let (out, err) = sink.into_inner();
    let text = String::from_utf8(out).unwrap();
    (text.lines().map(|l| serde_json::from_str(l).unwrap()).collect(), String::from_utf8(err).unwrap(), res)
}

/// A side service that hands over one prepared update at its first call.
struct OneName(Option<(String, Vec<std::net::IpAddr>)>);
impl SideService for OneName {
    fn name(&self) -> &'static str {
        "one-name"
    }
    fn apply(&mut self, state: &mut State) -> u64 {
        match self.0.take() {
            Some((name, addrs)) => {
                state.dns.insert(&name, &addrs);
                1
            }
            None => 0,
        }
    }
}

#[test]
fn alerts_service_updates_and_drops() {
    let (rules, names) = rules();
    assert_eq!(names, ["api.example"]);
    let connect = mk::socket(100, af::AF_INET, sock::SOCK_STREAM, 0, 4).build();
    let tuple = SockTuple::Inet { sip: Ipv4Addr::new(192, 0, 2, 1), sport: 50000, dip: Ipv4Addr::new(192, 0, 2, 10), dport: 443 };
    let conn = mk::connect(100, 4, tuple, 0).build();
    let stop = Arc::new(AtomicBool::new(false));
    let script = vec![
        Step::Events(vec![shadow_open()], counters(10, 0)),
        Step::Events(vec![], counters(20, 5)),
        Step::Events(vec![connect, conn], counters(30, 5)),
    ];
    let log = Arc::new(MemoryLog::default());
    let dns = OneName(Some(("api.example".into(), vec!["192.0.2.10".parse().unwrap()])));
    let (mut sensor, seeded) =
        Sensor::start(rules, output(), opener(vec![Some(script)], &stop), vec![Box::new(dns)], options(&log)).unwrap();
    assert_eq!(seeded.processes, 1);
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["rule"], "Shadow read");
    assert_eq!(lines[0]["priority"], "Warning");
    assert_eq!(lines[0]["hostname"], "test-host");
    assert_eq!(lines[0]["output"], "2023-11-14T22:13:20.000000000+0000: Warning shadow opened by cat (file=/etc/shadow)");
    assert_eq!(lines[1]["rule"], "Falco internal: syscall event drop");
    assert_eq!(lines[1]["output_fields"]["n_drops"], "5");
    assert_eq!(lines[1]["output_fields"]["n_evts"], "15", "events the kernel tried to deliver: sent + dropped");
    assert_eq!(lines[1]["source"], "internal");
    assert_eq!(lines[2]["rule"], "Api server contact");
    assert_eq!(lines[2]["output_fields"]["fd.sip.name"], "api.example");

    let st = sensor.stats().snapshot();
    assert_eq!(st.counters.events, 3);
    assert_eq!(st.counters.service_updates, 1);
    assert_eq!((st.counters.drop_occurrences, st.counters.drop_alerts), (1, 1));
    assert_eq!(st.counters.capture.dropped, 5);
    assert_eq!(st.counters.alerts, 2);
    assert_eq!(st.counters.internal_alerts, 1);
    let report = st.render();
    assert!(report.contains("dropped 5"), "{report}");
    assert!(report.contains("1 Shadow read") && report.contains("1 Api server contact"), "{report}");
    assert!(log.lines.lock().unwrap().iter().any(|(_, m)| m.contains("system calls dropped")));
}

#[test]
fn the_deadline_ends_the_run() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    let mut o = options(&log);
    o.deadline = Some(Instant::now() + Duration::from_millis(50));
    // A script that never ends (no `stop_when_done` fires before the deadline: one more slot).
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(vec![]), None], &stop), Vec::new(), o).unwrap();
    let started = Instant::now();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(lines.is_empty());
}

#[test]
fn a_failing_sink_ends_the_run_and_the_alert_is_still_counted() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    let script = vec![Step::Events(vec![shadow_open()], counters(1, 0))];
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(script)], &stop), Vec::new(), options(&log)).unwrap();
    let mut sink = JsonLines::new(Closed, "stdout", Vec::new(), Arc::from("h"));
    let err = sensor.run(&mut sink, &stop).unwrap_err();
    assert!(matches!(err, RunError::Sink(_)), "{err}");
    assert!(err.to_string().starts_with("writing alerts to stdout failed"), "{err}");
    assert_eq!(sensor.stats().snapshot().alerts_by_rule.get("Shadow read"), Some(&1));
}

#[test]
fn stopping_drains_what_the_source_still_holds() {
    let (rules, _) = rules();
    // Stop is already requested: the loop polls nothing, the final drain must still evaluate
    // the queued event.
    let stop = Arc::new(AtomicBool::new(true));
    let log = Arc::new(MemoryLog::default());
    let script = vec![Step::Events(vec![shadow_open()], counters(1, 0))];
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(script)], &stop), Vec::new(), options(&log)).unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    assert_eq!(sensor.stats().snapshot().counters.events, 1);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["rule"], "Shadow read");
}

#[test]
fn a_failed_source_is_restarted_with_a_record_for_the_failure_and_one_for_the_recovery() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    // First source: one alert, then fails. The first reopen attempt fails too; the second
    // opens a source that raises one more alert.
    let first = vec![Step::Events(vec![shadow_open()], counters(1, 0)), Step::Fail];
    let second = vec![Step::Events(vec![shadow_open()], counters(1, 0))];
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(first), None, Some(second)], &stop), Vec::new(), options(&log))
            .unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    let rules: Vec<&str> = lines.iter().map(|l| l["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["Shadow read", FAILED_RULE, RECOVERED_RULE, "Shadow read"], "{lines:?}");
    let (failed, recovered) = (&lines[1], &lines[2]);
    assert_eq!(failed["priority"], "Critical");
    assert_eq!(failed["source"], "internal");
    assert_eq!(failed["output_fields"]["source"], "scripted");
    assert_eq!(failed["output_fields"]["on_failure"], "restart");
    assert!(failed["output_fields"]["error"].as_str().unwrap().contains("stopped after"), "{failed}");
    assert_eq!(recovered["priority"], "Critical");
    assert_eq!(recovered["output_fields"]["attempts"], 2, "one failed attempt, then the one that worked");
    assert!(recovered["output_fields"]["blind_ms"].as_u64().unwrap() >= 1000, "{recovered}");
    assert_eq!(recovered["output_fields"]["reseeded"], "1 processes learnt again from the script");
    let st = sensor.stats().snapshot();
    assert_eq!((st.counters.source_failures, st.counters.source_recoveries, st.counters.restart_attempts_failed), (1, 1, 1));
    assert!(!st.counters.source_down);
    assert_eq!(st.counters.capture.sent, 2, "counters add up over the sources");
    assert_eq!(st.counters.alerts, 2);
    assert_eq!(st.counters.internal_alerts, 2);
}

#[test]
fn a_panic_while_evaluating_is_a_failure_like_any_other() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    let first = vec![Step::Panic];
    let second = vec![Step::Events(vec![shadow_open()], counters(1, 0))];
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(first), Some(second)], &stop), Vec::new(), options(&log))
            .unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    let rules: Vec<&str> = lines.iter().map(|l| l["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, [FAILED_RULE, RECOVERED_RULE, "Shadow read"]);
    assert!(lines[0]["output_fields"]["error"].as_str().unwrap().contains("injected panic"));
}

#[test]
fn on_failure_exit_stops_the_run_with_the_source_error_after_saying_so() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    let mut o = options(&log);
    o.on_failure = OnFailure::Exit;
    let first = vec![Step::Events(vec![shadow_open()], counters(1, 0)), Step::Fail];
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(first), Some(vec![])], &stop), Vec::new(), o).unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    let err = res.unwrap_err();
    assert!(matches!(err, RunError::SourceFailed { source_name: "scripted", .. }), "{err}");
    let rules: Vec<&str> = lines.iter().map(|l| l["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["Shadow read", FAILED_RULE]);
    assert_eq!(lines[1]["output_fields"]["on_failure"], "exit");
    assert!(lines[1]["output_fields"]["retry_in_ms"].is_null());
}

#[test]
fn on_failure_continue_runs_on_without_the_source() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    let mut o = options(&log);
    o.on_failure = OnFailure::Continue;
    o.deadline = Some(Instant::now() + Duration::from_millis(200));
    let opened = Arc::new(Mutex::new(0));
    let count = opened.clone();
    let mut inner = opener(vec![Some(vec![Step::Fail]), Some(vec![])], &stop);
    let counting: SourceOpener = Box::new(move || {
        *count.lock().unwrap() += 1;
        inner()
    });
    let (mut sensor, _) = Sensor::start(rules, output(), counting, Vec::new(), o).unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["rule"], FAILED_RULE);
    assert_eq!(lines[0]["output_fields"]["on_failure"], "continue");
    assert_eq!(*opened.lock().unwrap(), 1, "never reopened");
    let st = sensor.stats().snapshot();
    assert!(st.counters.source_down);
    assert!(st.render().contains("1 failures, 0 recoveries, 0 failed restart attempts; down now"), "{}", st.render());
}

#[test]
fn periodic_reports_go_to_the_sink() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    let mut o = options(&log);
    o.stats_interval = Some(Duration::from_millis(10));
    o.deadline = Some(Instant::now() + Duration::from_millis(100));
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(vec![]), None], &stop), Vec::new(), o).unwrap();
    let (_, reports, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    assert!(reports.matches("syssentry: events:").count() >= 2, "{reports}");
}

#[test]
fn a_panic_while_opening_the_source_again_is_one_more_failure() {
    let (rules, _) = rules();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(MemoryLog::default());
    // First source fails; opening it again panics once; the next opening works.
    let mut inner = opener(vec![Some(vec![Step::Fail]), Some(vec![Step::Events(vec![shadow_open()], counters(1, 0))])], &stop);
    let mut calls = 0;
    let panicky: SourceOpener = Box::new(move || {
        calls += 1;
        if calls == 2 {
            panic!("injected panic while opening");
        }
        inner()
    });
    let (mut sensor, _) = Sensor::start(rules, output(), panicky, Vec::new(), options(&log)).unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    let rules: Vec<&str> = lines.iter().map(|l| l["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, [FAILED_RULE, FAILED_RULE, RECOVERED_RULE, "Shadow read"], "{lines:?}");
    assert!(lines[1]["output_fields"]["error"].as_str().unwrap().contains("injected panic while opening"));
    let st = sensor.stats().snapshot();
    assert_eq!((st.counters.source_failures, st.counters.source_recoveries), (2, 1));
}

/// A side service that describes one container at its `after`-th call.
struct DescribesLater {
    calls: u32,
    after: u32,
    info: Option<syssentry_engine::state::ContainerInfo>,
}

impl SideService for DescribesLater {
    fn name(&self) -> &'static str {
        "test-containers"
    }
    fn describes_containers(&self) -> bool {
        true
    }
    fn apply(&mut self, state: &mut State) -> u64 {
        self.calls += 1;
        if self.calls < self.after {
            return 0;
        }
        match self.info.take() {
            Some(info) => {
                state.containers.insert(info);
                1
            }
            None => 0,
        }
    }
}

const CONTAINER_RULES: &str = r#"
- rule: Shadow read in nginx
  desc: test
  condition: evt.type = openat and fd.name = /etc/shadow and container.image.repository = nginx
  output: shadow read in %container.name (image=%container.image.repository)
  priority: WARNING
- rule: Hosts read
  desc: test
  condition: evt.type = openat and fd.name = /etc/hosts
  output: hosts read by %proc.name
  priority: NOTICE
"#;

#[test]
fn a_new_container_s_first_events_wait_for_its_metadata_and_the_host_s_do_not() {
    const ID: &str = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    let dir = std::env::temp_dir().join(format!("syssentry-hold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rules.yaml");
    std::fs::write(&path, CONTAINER_RULES).unwrap();
    let report = load_rules(&[&path], &BuildOptions { output: output(), ..BuildOptions::default() });
    assert!(!report.diagnostics.has_errors());
    let rules = Arc::new(report.ruleset);
    let cg = format!("cpu=/docker/{ID}\0");
    // The container's first process: exec (its cgroups name the container), then it reads
    // /etc/shadow; meanwhile the host reads /etc/hosts.
    let exec = mk::execve(500, 500, "/bin/cat", &["cat", "/etc/shadow"], 0).bytes("cgroups", cg.as_bytes()).ts(1).build();
    let shadow = mk::openat(500, -100, "/etc/shadow", ppm::open::O_RDONLY, 0, 3).ts(2).build();
    let hosts = mk::openat(100, -100, "/etc/hosts", ppm::open::O_RDONLY, 0, 4).ts(3).build();
    let stop = Arc::new(AtomicBool::new(false));
    let script = vec![Step::Events(vec![exec, shadow, hosts], counters(3, 0)), Step::Events(vec![], counters(3, 0))];
    let info = syssentry_engine::state::ContainerInfo {
        id: ID[..12].into(),
        full_id: ID.into(),
        name: "web1".into(),
        image_repository: "nginx".into(),
        ..Default::default()
    };
    let svc = DescribesLater { calls: 0, after: 3, info: Some(info) };
    let log = Arc::new(MemoryLog::default());
    let (mut sensor, _) = Sensor::start(rules.clone(), output(), opener(vec![Some(script)], &stop), vec![Box::new(svc)], options(&log)).unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    let rules_seen: Vec<&str> = lines.iter().map(|l| l["rule"].as_str().unwrap()).collect();
    assert_eq!(rules_seen, ["Hosts read", "Shadow read in nginx"], "the host goes first, the container once described: {lines:?}");
    assert_eq!(lines[1]["output_fields"]["container.name"], "web1");
    let st = sensor.stats().snapshot().counters;
    assert_eq!((st.events_held, st.metadata_timeouts, st.held_overflow), (2, 0, 0));
    assert_eq!(st.events, 3);

    // Without metadata ever coming, the events are evaluated after the wait, with what is known.
    let exec = mk::execve(600, 600, "/bin/cat", &["cat", "/etc/shadow"], 0).bytes("cgroups", cg.as_bytes()).build();
    let shadow = mk::openat(600, -100, "/etc/shadow", ppm::open::O_RDONLY, 0, 3).build();
    let stop = Arc::new(AtomicBool::new(false));
    let mut o = options(&log);
    o.metadata_wait = Duration::from_millis(50);
    o.deadline = Some(Instant::now() + Duration::from_millis(400));
    let never = DescribesLater { calls: 0, after: u32::MAX, info: None };
    let (mut sensor, _) =
        Sensor::start(rules, output(), opener(vec![Some(vec![Step::Events(vec![exec, shadow], counters(2, 0))]), None], &stop), vec![Box::new(never)], o)
            .unwrap();
    let (lines, _, res) = run_lines(&mut sensor, &stop);
    res.unwrap();
    assert!(lines.is_empty(), "no image, no alert: {lines:?}");
    let st = sensor.stats().snapshot().counters;
    assert_eq!((st.events_held, st.metadata_timeouts, st.events), (2, 1, 2));
    let _ = std::fs::remove_dir_all(&dir);
}
