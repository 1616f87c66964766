//! Throughput of state + evaluation + output through the runtime on one evaluation thread and on
//! every core, measured as a ratio in one run: runs of each alternate (one thread, then every
//! core, then one thread again, ...), so that whatever else the machine does weighs on both
//! alike, and the median of the per-pair ratios is reported.
//!
//! A third run in each round gives the ceiling of the design on this machine at that moment:
//! as many bare engines as cores, each on its own thread with its own copy of the events,
//! applying all of them and evaluating its share, with nothing handed between threads. What the
//! runtime reaches against that ceiling is the cost of handing events over and putting alerts
//! back in order; what the ceiling reaches against 2× is the cost of applying every event on
//! every copy, plus whatever the machine's cores take from each other.
//!
//! The events are the engine benchmarks' realistic and worst-case mixes (stable + incubating
//! rules), replayed through `Sensor::run` from memory in polls of 4,096 events, as capture hands
//! them over when it is busy; the sink counts alerts. What is measured is the runtime's whole
//! path for each event (packing it for the helper threads, applying it to every copy of the
//! state, evaluating it on one, putting alerts back in order), not decoding.
//!
//! Two more runs give the ceiling of splitting the state instead of copying it: each thread
//! applies and evaluates the events of its share of the processes (by thread group) and applies
//! only the process-table events (fork, clone, exec, exit) of the others, with the events already
//! split in memory and nothing handed over; once with the groups split by a hash, once balanced
//! knowing every group's number of events beforehand (no sensor can, so that is the ceiling of
//! any split by group). Each prints the largest shard's share of the events.
//! Run: `cargo bench -p syssentry-sensor --bench evaluators [-- PAIRS EVENTS]`.

#[path = "../../engine/benches/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::eval::{Engine, RuleMatching, RuleSet};
use syssentry_engine::event::Event;
use syssentry_engine::output::Alert;
use syssentry_engine::state::State;
use syssentry_sensor::internal::InternalAlert;
use syssentry_sensor::log::MemoryLog;
use syssentry_sensor::runtime::{all_cores, Sensor, SensorOptions};
use syssentry_sensor::sink::{AlertSink, SinkError};
use syssentry_sensor::source::{SeedSummary, Source, SourceCounters, SourceError};

/// Events per poll (capture's `batch_records` default).
const BATCH: usize = 4096;

/// Replays a mix for a number of events, in polls of [`BATCH`], then sets the stop flag.
struct Replay {
    mix: Arc<Vec<Event>>,
    left: usize,
    at: usize,
    stop: Arc<AtomicBool>,
}

impl Source for Replay {
    fn name(&self) -> &'static str {
        "replay"
    }
    fn seed(&mut self, state: &mut State) -> Result<SeedSummary, SourceError> {
        *state = common::seeded_state();
        Ok(SeedSummary::default())
    }
    fn poll(&mut self, _timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        let n = BATCH.min(self.left);
        for _ in 0..n {
            on_event(&self.mix[self.at]);
            self.at = (self.at + 1) % self.mix.len();
        }
        self.left -= n;
        if self.left == 0 {
            self.stop.store(true, std::sync::atomic::Ordering::Release);
        }
        Ok(n)
    }
    fn counters(&self) -> SourceCounters {
        SourceCounters::default()
    }
}

/// Counts alerts.
struct Count(u64);

impl AlertSink for Count {
    fn alert(&mut self, _: &Alert, _: &Event, _: Option<&State>) -> Result<(), SinkError> {
        self.0 += 1;
        Ok(())
    }
    fn internal(&mut self, _: &InternalAlert) -> Result<(), SinkError> {
        Ok(())
    }
}

/// One run of `events` events on `threads`: seconds, alerts.
fn run(rules: &Arc<RuleSet>, mix: &Arc<Vec<Event>>, events: usize, threads: usize) -> (f64, u64) {
    let stop = Arc::new(AtomicBool::new(false));
    let (mix, flag) = (mix.clone(), stop.clone());
    let opener = Box::new(move || {
        Ok(Box::new(Replay { mix: mix.clone(), left: events, at: 0, stop: flag.clone() }) as Box<dyn Source>)
    });
    let mut opts = SensorOptions::new(Arc::new(MemoryLog::default()));
    opts.evaluation_threads = threads;
    let (mut sensor, _) = Sensor::start(rules.clone(), common::output_options(), opener, Vec::new(), opts).unwrap();
    let mut sink = Count(0);
    let t = Instant::now();
    sensor.run(&mut sink, &stop).unwrap();
    (t.elapsed().as_secs_f64(), sink.0)
}

/// What bare engine `k` does with event `i`.
enum Part {
    /// Applies and evaluates it.
    Evaluate,
    /// Only applies it.
    Apply,
    /// Leaves it out.
    Skip,
}

/// `threads` bare engines on threads of their own, each going through the first `events` events
/// of the mix and doing its `part` of each; seconds until the last is done.
fn bare_engines(
    rules: &Arc<RuleSet>,
    mix: &[Event],
    events: usize,
    threads: usize,
    part: &(dyn Fn(usize, usize, &Event) -> Part + Sync),
) -> f64 {
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..threads {
            s.spawn(move || {
                let mut engine = Engine::new(rules.clone(), common::seeded_state(), common::output_options());
                let mut alerts = 0u64;
                for i in 0..events {
                    let ev = &mix[i % mix.len()];
                    match part(k, i, ev) {
                        Part::Evaluate => engine.process(ev, &mut |_| alerts += 1),
                        Part::Apply => engine.keep_up(ev),
                        Part::Skip => {}
                    }
                }
                std::hint::black_box(alerts);
            });
        }
    });
    t.elapsed().as_secs_f64()
}

/// The ceiling: `threads` bare engines, each applying all `events` and evaluating its strides of
/// 32; seconds until the last is done.
fn ceiling(rules: &Arc<RuleSet>, mix: &[Event], events: usize, threads: usize) -> f64 {
    bare_engines(rules, mix, events, threads, &|k, i, _| if (i / 32) % threads == k { Part::Evaluate } else { Part::Apply })
}

/// An event's thread group (the mixes' events carry only the thread, and their processes are
/// single-threaded).
fn group_of(ev: &Event) -> i64 {
    if ev.pid > 0 { ev.pid } else { ev.tid }
}

/// Events every shard applies: they change the process table that ancestor fields read.
fn process_table_event(ev: &Event) -> bool {
    matches!(ev.event_type().name(), "clone" | "clone3" | "fork" | "vfork" | "execve" | "execveat" | "procexit")
}

/// How thread groups are given to shards.
#[derive(Clone, Copy)]
enum Split {
    /// By a hash of the thread group: what a sensor can do without knowing the future.
    Hash,
    /// Knowing every group's number of events beforehand, the busiest first to the shard with
    /// the fewest: the best balance any assignment of whole groups reaches.
    Balanced,
}

/// The shard of each thread group of the first `events` events, and the largest shard's share.
fn assign(mix: &[Event], events: usize, threads: usize, split: Split) -> (HashMap<i64, usize>, f64) {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for i in 0..events {
        *counts.entry(group_of(&mix[i % mix.len()])).or_default() += 1;
    }
    let mut load = vec![0usize; threads];
    let mut by_count: Vec<(i64, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut shard = HashMap::new();
    for (group, n) in by_count {
        let k = match split {
            Split::Hash => ((group as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % threads,
            Split::Balanced => (0..threads).min_by_key(|&k| load[k]).unwrap_or(0),
        };
        load[k] += n;
        shard.insert(group, k);
    }
    (shard, *load.iter().max().unwrap_or(&0) as f64 / events as f64)
}

/// The ceiling of a split state: `threads` bare engines, each applying and evaluating the events
/// of its shard of thread groups and applying the process-table events of the others, with the
/// events already split and nothing handed over; seconds until the last is done, and the largest
/// shard's share of the events.
fn split_ceiling(rules: &Arc<RuleSet>, mix: &[Event], events: usize, threads: usize, split: Split) -> (f64, f64) {
    let (shard, largest) = assign(mix, events, threads, split);
    let secs = bare_engines(rules, mix, events, threads, &|k, _, ev| {
        if shard.get(&group_of(ev)) == Some(&k) {
            Part::Evaluate
        } else if process_table_event(ev) {
            Part::Apply
        } else {
            Part::Skip
        }
    });
    (secs, largest)
}

fn main() {
    // `cargo bench` passes `--bench`; numbers after it are ours.
    let nums: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let pairs = nums.first().copied().unwrap_or(9).max(1);
    let events = nums.get(1).copied().unwrap_or(400_000).max(BATCH);
    let cores = all_cores().max(2);
    let rules = common::ruleset(&common::stable_incubating(), RuleMatching::First);
    println!("{pairs} pairs of runs of {events} events; 1 evaluation thread against {cores}");
    for (name, mix) in [("realistic", common::realistic_mix(10)), ("worst case", common::worst_case_mix(20))] {
        let mix = Arc::new(mix);
        let (mut ratios, mut ceilings, mut one_us, mut many_us) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut hashed, mut balanced, mut shares) = (Vec::new(), Vec::new(), (0.0, 0.0));
        let mut alerts = (0, 0);
        for _ in 0..pairs {
            let (one, a1) = run(&rules, &mix, events, 1);
            let (many, an) = run(&rules, &mix, events, cores);
            let bare = ceiling(&rules, &mix, events, cores);
            let (by_hash, hash_share) = split_ceiling(&rules, &mix, events, cores, Split::Hash);
            let (by_load, load_share) = split_ceiling(&rules, &mix, events, cores, Split::Balanced);
            hashed.push(one / by_hash);
            balanced.push(one / by_load);
            shares = (hash_share, load_share);
            alerts = (a1, an);
            ratios.push(one / many);
            ceilings.push(one / bare);
            one_us.push(one * 1e6 / events as f64);
            many_us.push(many * 1e6 / events as f64);
        }
        assert_eq!(alerts.0, alerts.1, "{name}: one thread and every core raised different numbers of alerts");
        let round = |v: &[f64]| v.iter().map(|r| (r * 1000.0).round() / 1000.0).collect::<Vec<_>>();
        println!(
            "{name}: {} alerts per run; µs/event, 1 thread: median {:.3} (min {:.3}); {cores} threads: median {:.3} (min {:.3})\n  \
             throughput ratio, runtime on {cores} threads: median {:.3} {:?}\n  \
             ceiling ({cores} bare engines, nothing handed over): median {:.3} {:?}\n  \
             ceiling of a split state, {cores} shards by a hash of the thread group (the largest with {:.0} % of the events): median {:.3} {:?}\n  \
             ceiling of a split state, {cores} shards balanced knowing every group's events (the largest {:.0} %): median {:.3} {:?}",
            alerts.0,
            median(&mut one_us),
            min(&one_us),
            median(&mut many_us),
            min(&many_us),
            median(&mut ratios.clone()),
            round(&ratios),
            median(&mut ceilings.clone()),
            round(&ceilings),
            shares.0 * 100.0,
            median(&mut hashed.clone()),
            round(&hashed),
            shares.1 * 100.0,
            median(&mut balanced.clone()),
            round(&balanced),
        );
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}
