//! Evaluation on every core changes no alert: the same streams run through the runtime with one
//! evaluation thread and with two to four give byte-identical alert lines (same alerts, same
//! fields, same order), for the upstream stable, incubating and sandbox rules and `rules/`,
//! with `rule_matching` first and all, whatever the batch sizes, and with container metadata
//! arriving from a side service between batches (it must reach every thread's copy of the state
//! at the same place in the stream).
//!
//! The streams are the engine benchmarks' realistic and worst-case mixes (processes forking,
//! executing and exiting in containers, files, sockets, symlinks: 220 alerts per 1,020 events
//! on the worst case) and random interleavings of their events, which the state must follow
//! whatever they say.

#[path = "../../engine/benches/common/mod.rs"]
mod common;

use proptest::prelude::*;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use syssentry_engine::eval::{load_rules, BuildOptions, RuleMatching, RuleSet};
use syssentry_engine::event::Event;
use syssentry_engine::state::{ContainerInfo, State};
use syssentry_sensor::log::MemoryLog;
use syssentry_sensor::runtime::{Sensor, SensorOptions};
use syssentry_sensor::service::SideService;
use syssentry_sensor::sinks::JsonLines;
use syssentry_sensor::source::{SeedSummary, Source, SourceCounters, SourceError};

/// Hands out one batch per poll, seeding the benchmarks' process tree.
struct Batches(VecDeque<Vec<Event>>);

impl Source for Batches {
    fn name(&self) -> &'static str {
        "batches"
    }
    fn seed(&mut self, state: &mut State) -> Result<SeedSummary, SourceError> {
        *state = common::seeded_state();
        Ok(SeedSummary::default())
    }
    fn poll(&mut self, _timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        let batch = self.0.pop_front().unwrap_or_default();
        batch.iter().for_each(on_event);
        Ok(batch.len())
    }
    fn counters(&self) -> SourceCounters {
        SourceCounters::default()
    }
}

/// Renames the benchmarks' containers at given calls (one call per batch), as a container
/// engine's metadata would arrive: rules print `container.name`.
struct Renames {
    calls: usize,
    at: Vec<(usize, &'static str)>,
}

impl SideService for Renames {
    fn name(&self) -> &'static str {
        "renames"
    }
    fn apply(&mut self, state: &mut State) -> u64 {
        self.calls += 1;
        let mut n = 0;
        for (_, suffix) in self.at.iter().filter(|(c, _)| *c == self.calls) {
            let infos: Vec<ContainerInfo> = state.containers.iter().cloned().collect();
            for mut info in infos {
                info.name = format!("{}-{suffix}", info.name);
                state.containers.insert(info);
                n += 1;
            }
        }
        n
    }
}

fn ruleset(files: &[PathBuf], matching: RuleMatching) -> Arc<RuleSet> {
    let opts = BuildOptions { matching, output: common::output_options(), ..BuildOptions::default() };
    let report = load_rules(files, &opts);
    assert!(!report.diagnostics.has_errors(), "{}", report.diagnostics.render(&report.sources));
    Arc::new(report.ruleset)
}

fn rule_sets() -> Vec<(&'static str, Arc<RuleSet>)> {
    let up = |f: &[&str]| f.iter().map(|f| common::upstream_rules(f)).collect::<Vec<_>>();
    let all = ["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"];
    vec![
        ("stable", ruleset(&up(&all[..1]), RuleMatching::First)),
        ("stable+incubating", ruleset(&up(&all[..2]), RuleMatching::First)),
        ("stable+incubating+sandbox", ruleset(&up(&all), RuleMatching::First)),
        ("stable+incubating+sandbox, all matches", ruleset(&up(&all), RuleMatching::All)),
        ("rules/", ruleset(&common::our_rules(), RuleMatching::First)),
    ]
}

/// `events` cut into batches of the sizes of `pattern`, over and over.
fn cut(events: &[Event], pattern: &[usize]) -> VecDeque<Vec<Event>> {
    let mut out = VecDeque::new();
    let (mut at, mut i) = (0, 0);
    while at < events.len() {
        let n = pattern[i % pattern.len()].max(1).min(events.len() - at);
        out.push_back(events[at..at + n].to_vec());
        at += n;
        i += 1;
    }
    out
}

/// What a run gave: the alert lines, the threads evaluating, the events evaluated while the
/// other threads took part.
struct Ran {
    lines: String,
    threads: usize,
    shared: u64,
}

/// The alert lines of `events` cut into batches by `pattern`, evaluated on `threads`.
fn alert_lines(rules: &Arc<RuleSet>, events: &[Event], pattern: &[usize], threads: usize, renames: bool) -> Ran {
    let batches = cut(events, pattern);
    let n = batches.len();
    let log = Arc::new(MemoryLog::default());
    let mut opts = SensorOptions::new(log);
    opts.poll_timeout = Duration::from_millis(1);
    opts.evaluation_threads = threads;
    let services: Vec<Box<dyn SideService>> = if renames {
        vec![Box::new(Renames { calls: 0, at: vec![(2, "a"), (n / 2 + 1, "b"), (n, "c")] })]
    } else {
        Vec::new()
    };
    let opener = Box::new(move || Ok(Box::new(Batches(batches.clone())) as Box<dyn Source>));
    let (mut sensor, _) = Sensor::start(rules.clone(), common::output_options(), opener, services, opts).unwrap();
    // Every batch is polled once before the stop: the stop comes from the sink after the last.
    let stop = AtomicBool::new(false);
    let mut sink = StopAfter { inner: JsonLines::new(Vec::new(), "a buffer", Vec::new(), Arc::from("bench-host")), polls: n, stop: &stop };
    sensor.run(&mut sink, &stop).unwrap();
    let counters = sensor.stats().snapshot().counters;
    let (out, _) = sink.inner.into_inner();
    Ran { lines: String::from_utf8(out).unwrap(), threads: sensor.evaluation_threads(), shared: counters.events_shared }
}

/// Batch patterns: always large (the other threads take part from the second batch on); large
/// then a quiet spell long enough to stop them, and large again (their copies replaced from the
/// runtime's); small only (they never take part).
const PATTERNS: &[&[usize]] = &[
    &[1100],
    &[4096, 1024],
    &[2000, 5, 1, 3, 7, 2, 1, 1, 4, 6, 2, 1, 1, 1, 3, 2, 5, 1, 1, 2, 3, 1, 1, 2, 1, 1, 9, 1, 1, 3, 2, 1, 1, 1, 1],
    &[33, 700],
];

/// Passes alerts on, and sets the stop flag once every batch was handed out (one flush per
/// step).
struct StopAfter<'a> {
    inner: JsonLines<Vec<u8>, Vec<u8>>,
    polls: usize,
    stop: &'a AtomicBool,
}

impl syssentry_sensor::sink::AlertSink for StopAfter<'_> {
    fn alert(
        &mut self,
        alert: &syssentry_engine::output::Alert,
        event: &Event,
        state: Option<&State>,
    ) -> Result<(), syssentry_sensor::sink::SinkError> {
        self.inner.alert(alert, event, state)
    }
    fn internal(&mut self, alert: &syssentry_sensor::internal::InternalAlert) -> Result<(), syssentry_sensor::sink::SinkError> {
        self.inner.internal(alert)
    }
    fn flush(&mut self) -> Result<(), syssentry_sensor::sink::SinkError> {
        self.polls = self.polls.saturating_sub(1);
        if self.polls == 0 {
            self.stop.store(true, std::sync::atomic::Ordering::Release);
        }
        self.inner.flush()
    }
}

fn mixes() -> Vec<(&'static str, Vec<Event>)> {
    vec![("realistic", common::realistic_mix(60)), ("worst case", common::worst_case_mix(120))]
}

#[test]
fn every_core_gives_the_alerts_of_one_thread() {
    for (name, rules) in rule_sets() {
        for (mix, events) in mixes() {
            // The renames come between batches: one thread and many get the same batches.
            for (threads, pattern) in [2, 3, 4, 2].into_iter().zip(PATTERNS) {
                let one = alert_lines(&rules, &events, pattern, 1, true);
                assert_eq!((one.threads, one.shared), (1, 0));
                let many = alert_lines(&rules, &events, pattern, threads, true);
                assert_eq!(many.threads, threads);
                assert!(one.lines == many.lines, "{name}, {mix} mix, {threads} threads, batches {pattern:?}: the alerts differ");
                let large = pattern.iter().any(|n| *n >= syssentry_sensor::evaluators::ENGAGE_AT);
                assert_eq!(many.shared > 0, large, "{name}, batches {pattern:?}: {} events shared", many.shared);
                if mix == "worst case" && name.starts_with("stable") {
                    let n = one.lines.lines().count();
                    assert!(n >= 400, "{name}: {n} alerts; the mix should raise many");
                    assert!(one.lines.contains("-a") && one.lines.contains("-c"), "{name}: the renamed containers should show in alerts");
                }
            }
        }
    }
}

#[test]
fn a_sink_that_reads_the_state_keeps_evaluation_on_one_thread() {
    struct Reads(usize);
    impl syssentry_sensor::sink::AlertSink for Reads {
        fn alert(&mut self, _: &syssentry_engine::output::Alert, _: &Event, state: Option<&State>) -> Result<(), syssentry_sensor::sink::SinkError> {
            assert!(state.is_some(), "the state must be given to a sink that reads it");
            self.0 += 1;
            Ok(())
        }
        fn internal(&mut self, _: &syssentry_sensor::internal::InternalAlert) -> Result<(), syssentry_sensor::sink::SinkError> {
            Ok(())
        }
        fn reads_state(&self) -> bool {
            true
        }
    }
    let rules = ruleset(&[common::upstream_rules("falco_rules.yaml")], RuleMatching::First);
    // Large batches: the other threads would take part from the second on.
    let batches: VecDeque<Vec<Event>> = (0..3).map(|_| common::worst_case_mix(30)).collect();
    let mut opts = SensorOptions::new(Arc::new(MemoryLog::default()));
    opts.evaluation_threads = 4;
    opts.deadline = Some(std::time::Instant::now() + Duration::from_millis(300));
    let opener = Box::new(move || Ok(Box::new(Batches(batches.clone())) as Box<dyn Source>));
    let (mut sensor, _) = Sensor::start(rules, common::output_options(), opener, Vec::new(), opts).unwrap();
    let mut sink = Reads(0);
    sensor.run(&mut sink, &AtomicBool::new(false)).unwrap();
    assert_eq!(sensor.evaluation_threads(), 1);
    assert_eq!(sensor.stats().snapshot().counters.events_shared, 0);
    assert!(sink.0 > 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random interleavings of the mixes' events (the state follows whatever they say), random
    /// batch sizes (large and small, so the other threads start and stop) and thread counts.
    #[test]
    fn random_streams_give_the_same_alerts(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1000..6000),
        pattern in prop::collection::vec(prop_oneof![1usize..64, 1024usize..2500], 1..40),
        threads in 2usize..5,
        which in 0usize..5,
    ) {
        static SETS: std::sync::OnceLock<Vec<(&'static str, Arc<RuleSet>)>> = std::sync::OnceLock::new();
        static POOL: std::sync::OnceLock<Vec<Event>> = std::sync::OnceLock::new();
        let sets = SETS.get_or_init(rule_sets);
        let pool = POOL.get_or_init(|| mixes().into_iter().flat_map(|(_, e)| e).collect());
        let events: Vec<Event> = picks.iter().map(|i| pool[i.index(pool.len())].clone()).collect();
        let (name, rules) = &sets[which];
        let one = alert_lines(rules, &events, &pattern, 1, true);
        let many = alert_lines(rules, &events, &pattern, threads, true);
        prop_assert!(one.lines == many.lines, "{}: {} events in batches {:?}, {} threads: the alerts differ", name, events.len(), pattern, threads);
    }
}

