//! The runtime: one loop, used by every front end, that polls the source, runs each event
//! through the engine (state → evaluation → output; on every core with [`Evaluators`]), hands
//! alerts to the sink in the order of their events, applies the side services' updates between
//! batches, turns kernel drops into Falco's drop alert, keeps the
//! counters, restarts a failed source by the [`OnFailure`] policy, and when asked to stop,
//! drains what capture still holds before returning.
//!
//! Place in the data flow: source → event → **state → evaluation → output** (the engine, driven
//! here) → sink. The loop runs on the caller's thread (`syssentry run`'s main thread, the
//! plugin's worker thread) and never waits on anything but the source's poll.

use crate::clock::Clock;
use crate::drops::{DropCounters, DropMonitor, DropPolicy};
use crate::error::{RunError, StartError};
use crate::evaluators::{Evaluators, Pressure};
use crate::failure::{failed_alert, panic_message, recovered_alert, Backoff, OnFailure};
use crate::hold::Holding;
use crate::internal::InternalAlert;
use crate::log::{Level, Log};
use crate::service::SideService;
use crate::sink::{AlertSink, SinkError};
use crate::source::{SeedSummary, Source, SourceCounters, SourceError, SourceOpener};
use crate::stats::{Counters, SensorStats};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::eval::{Engine, RuleSet};
use syssentry_engine::event::Event;
use syssentry_engine::output::{Alert, OutputOptions};
use syssentry_engine::state::State;

/// How the runtime runs.
pub struct SensorOptions {
    /// How long one poll of the source waits at most (bounds how quickly `stop` is seen).
    pub poll_timeout: Duration,
    /// What to do when the source fails while running.
    pub on_failure: OnFailure,
    /// The waits between restart attempts.
    pub backoff: Backoff,
    /// Stop at this instant (`syssentry run --duration`).
    pub deadline: Option<Instant>,
    /// Hand the sink a statistics report this often.
    pub stats_interval: Option<Duration>,
    /// When drops become alerts.
    pub drop_policy: DropPolicy,
    /// The wall clock of internal alerts.
    pub clock: Clock,
    /// Where the runtime's messages go.
    pub log: Arc<dyn Log>,
    /// The counters the runtime publishes (share them to read them from another thread).
    pub stats: Arc<SensorStats>,
    /// How long the events of a new container may wait for its metadata (`metadata_wait`;
    /// zero: never held). Holding is on only when a side service provides container metadata.
    pub metadata_wait: Duration,
    /// Events held at most, over every container.
    pub max_held_events: usize,
    /// Threads that evaluate, each with a copy of the state (1: the loop's thread alone; see
    /// [`crate::evaluators`]). A sink that reads the state at each alert
    /// ([`AlertSink::reads_state`]) makes it 1.
    pub evaluation_threads: usize,
}

impl std::fmt::Debug for SensorOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SensorOptions")
            .field("poll_timeout", &self.poll_timeout)
            .field("on_failure", &self.on_failure)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

impl SensorOptions {
    /// Defaults (100 ms polls, restart on failure, Falco's drop policy, the system clock, fresh
    /// counters), with the runtime's messages to `log`. The sinks carry the host name.
    pub fn new(log: Arc<dyn Log>) -> SensorOptions {
        SensorOptions {
            poll_timeout: Duration::from_millis(100),
            on_failure: OnFailure::Restart,
            backoff: Backoff::default(),
            deadline: None,
            stats_interval: None,
            drop_policy: DropPolicy::default(),
            clock: crate::clock::now_ns,
            log,
            stats: Arc::default(),
            metadata_wait: Duration::from_secs(1),
            max_held_events: DEFAULT_MAX_HELD_EVENTS,
            evaluation_threads: 1,
        }
    }
}

/// The cores this process may run on (what an `evaluation_threads` of 0 asks for).
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Default of [`SensorOptions::max_held_events`].
pub const DEFAULT_MAX_HELD_EVENTS: usize = 10_000;

/// Most zero-timeout polls made when stopping. Each delivers a bounded batch (capture's
/// `batch_records`, 4,096 by default, with a drop check after it), so this covers a full ring of
/// the largest size (1 GiB) of the smallest records; the drain ends at the first empty poll.
const FINAL_DRAIN_POLLS: usize = 4096;

/// While the source is down.
#[derive(Debug)]
struct Outage {
    /// Wall-clock time of the failure.
    since_ns: u64,
    /// Attempts made to open it again.
    attempts: u64,
    /// The next attempt is due then (`None`: no attempt, `on_failure continue`).
    next_attempt: Option<Instant>,
}

/// A running sensor: the engine with its state, the source (or the outage that replaced it),
/// the side services and the counters.
pub struct Sensor {
    engine: Engine,
    opener: SourceOpener,
    source: Option<Box<dyn Source>>,
    source_name: &'static str,
    outage: Option<Outage>,
    services: Vec<Box<dyn SideService>>,
    opts: SensorOptions,
    drops: DropMonitor,
    stats: Arc<SensorStats>,
    /// What the runtime counted.
    counts: Counters,
    /// Counters of the sources restarts replaced.
    retired: SourceCounters,
    /// Alerts of the event being processed (reused, so nothing is allocated per event).
    pending: Vec<Alert>,
    /// Events of new containers waiting for their metadata.
    holding: Holding,
    /// The other evaluation threads, when there are any (started at the first run).
    evaluators: Option<Evaluators>,
    /// How busy the source was at the last poll (whether the other evaluation threads take
    /// part).
    last_poll: Pressure,
}

impl std::fmt::Debug for Sensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sensor").field("source", &self.source_name).field("opts", &self.opts).finish_non_exhaustive()
    }
}

impl Sensor {
    /// Opens the source with `opener`, seeds the state tables from it, and returns the sensor
    /// ready to [`run`](Sensor::run), with what seeding found. The state keeps what `rules`
    /// need ([`RuleSet::state_config`]).
    pub fn start(
        rules: Arc<RuleSet>,
        output: OutputOptions,
        mut opener: SourceOpener,
        services: Vec<Box<dyn SideService>>,
        opts: SensorOptions,
    ) -> Result<(Sensor, SeedSummary), StartError> {
        let mut source = opener().map_err(StartError::Open)?;
        let mut state = State::new(rules.state_config());
        let seeded = source.seed(&mut state).map_err(StartError::Seed)?;
        let source_name = source.name();
        let describes_containers = services.iter().any(|s| s.describes_containers());
        let wait = if describes_containers { opts.metadata_wait } else { Duration::ZERO };
        let holding = Holding::new(wait, opts.max_held_events);
        let sensor = Sensor {
            engine: Engine::new(rules, state, output),
            opener,
            source: Some(source),
            source_name,
            outage: None,
            services,
            drops: DropMonitor::new(opts.drop_policy),
            stats: opts.stats.clone(),
            opts,
            counts: Counters::default(),
            retired: SourceCounters::default(),
            pending: Vec::new(),
            holding,
            evaluators: None,
            last_poll: Pressure { events: 0, backlog: None },
        };
        Ok((sensor, seeded))
    }

    /// The counters, shared: readers on other threads take snapshots while the sensor runs.
    pub fn stats(&self) -> Arc<SensorStats> {
        self.stats.clone()
    }

    /// The engine (its state, its rules).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The name of the source (`ebpf`, `synthetic`).
    pub fn source_name(&self) -> &'static str {
        self.source_name
    }

    /// How many threads evaluate (the loop's own included).
    pub fn evaluation_threads(&self) -> usize {
        self.evaluators.as_ref().map_or(1, Evaluators::threads)
    }

    /// Runs until `stop` is set or the deadline passes, then drains what the source still holds.
    /// Returns early with an error when the sink fails, or when the source fails and the policy
    /// is [`OnFailure::Exit`], or when the evaluation threads cannot be started. The counters
    /// are published either way.
    pub fn run(&mut self, sink: &mut dyn AlertSink, stop: &AtomicBool) -> Result<(), RunError> {
        let threads = if sink.reads_state() { 1 } else { self.opts.evaluation_threads.max(1) };
        if threads > 1 && self.evaluators.is_none() {
            self.evaluators = Some(Evaluators::start(&self.engine, threads)?);
        } else if threads == 1 {
            self.evaluators = None;
        }
        let mut next_report = self.opts.stats_interval.map(|i| Instant::now() + i);
        let result = loop {
            if stop.load(Ordering::Acquire) || self.opts.deadline.is_some_and(|d| Instant::now() >= d) {
                break Ok(());
            }
            self.apply_services();
            let timeout = match self.opts.deadline {
                Some(d) => self.opts.poll_timeout.min(d.saturating_duration_since(Instant::now())),
                None => self.opts.poll_timeout,
            };
            // A panic anywhere in a step (polling, evaluating, opening the source again) is a
            // failure of the source like any other: said, counted, and handled by the policy.
            let stepped = catch_unwind(AssertUnwindSafe(|| self.step(sink, timeout)))
                .unwrap_or_else(|panic| {
                    let message = panic_message(&*panic);
                    self.fail(sink, SourceError::Panicked { message }).map(|()| 0)
                });
            if let Err(e) = stepped {
                break Err(e);
            }
            if let (Some(at), Some(every)) = (next_report, self.opts.stats_interval) {
                if Instant::now() >= at {
                    sink.report(&self.stats.snapshot());
                    next_report = Some(at + every);
                }
            }
        };
        // Stopping must not lose what capture already holds: drain it (bounded) so those events
        // are evaluated too, then count drops one last time.
        let result = match result {
            Ok(()) => catch_unwind(AssertUnwindSafe(|| self.drain(sink))).unwrap_or_else(|panic| {
                let message = panic_message(&*panic);
                self.opts.log.log(Level::Error, &format!("draining the {} source at the stop panicked: {message}", self.source_name));
                Ok(())
            }),
            err => err,
        };
        self.publish();
        result
    }

    /// Applies what the side services learnt since the last batch (and has the other
    /// evaluation threads' copies take it at this same place in the stream).
    fn apply_services(&mut self) {
        let mut applied = 0;
        for s in &mut self.services {
            applied += s.apply(self.engine.state_mut());
        }
        self.counts.service_updates += applied;
        if applied > 0 {
            if let Some(ev) = self.evaluators.as_mut() {
                ev.share_service_tables(self.engine.state());
            }
        }
    }

    /// One step: a batch from the source (waiting up to `timeout`), or, while the source is
    /// down, an attempt to open it again when one is due. Returns how many events were
    /// evaluated.
    fn step(&mut self, sink: &mut dyn AlertSink, timeout: Duration) -> Result<usize, RunError> {
        if self.source.is_none() {
            self.reopen(sink, timeout)?;
            // Held events leave when their wait is over, whether or not capture is back.
            self.release(sink, false)?;
            return Ok(0);
        }
        let n = match self.batch(sink, timeout) {
            Ok(n) => n,
            Err(Failure::Sink(e)) => return Err(RunError::Sink(e)),
            Err(Failure::Source(e)) => {
                self.fail(sink, e)?;
                0
            }
        };
        self.release(sink, false)?;
        if let Err(f) = self.settle(sink) {
            match f {
                Failure::Sink(e) => return Err(RunError::Sink(e)),
                Failure::Source(e) => self.fail(sink, e)?,
            }
        }
        self.check_drops(sink)?;
        sink.flush()?;
        self.publish();
        Ok(n)
    }

    /// With several evaluation threads: waits for them to evaluate what was handed out and
    /// hands the alerts to the sink, in the order of their events.
    fn settle(&mut self, sink: &mut dyn AlertSink) -> Result<(), Failure> {
        let Sensor { engine, stats, counts, evaluators, .. } = self;
        let Some(evs) = evaluators.as_mut() else { return Ok(()) };
        let mut sink_error: Option<SinkError> = None;
        let settled = evs.settle(engine, &mut |a, ev| {
            counts.alerts += 1;
            stats.count_rule(&a.rule);
            if sink_error.is_none() {
                if let Err(e) = sink.alert(a, ev, None) {
                    sink_error = Some(e);
                }
            }
        });
        if let Some(e) = sink_error {
            return Err(Failure::Sink(e));
        }
        settled.map_err(|e| Failure::Source(e.into()))
    }

    /// Polls one batch and runs each event through the engine, handing its alerts to the sink;
    /// the events of a container whose metadata has not arrived wait in [`Holding`].
    fn batch(&mut self, sink: &mut dyn AlertSink, timeout: Duration) -> Result<usize, Failure> {
        let Sensor { engine, source, pending, stats, counts, holding, evaluators, last_poll, .. } = self;
        let Some(src) = source.as_mut() else { return Ok(0) };
        let mut sink_error: Option<SinkError> = None;
        let hold = holding.enabled();
        let shared = evaluators.as_mut().is_some_and(|e| e.steer(engine, *last_poll));
        let mut helpers = evaluators.as_mut().filter(|_| shared);
        let polled = src.poll(timeout, &mut |ev| {
            if hold && holding.offer(ev, engine.state()) {
                return;
            }
            match helpers.as_mut() {
                Some(evs) => {
                    counts.events += 1;
                    evs.dispatch(engine, ev);
                }
                None => evaluate(engine, pending, stats, counts, sink, &mut sink_error, ev),
            }
        });
        let n = polled.map_err(Failure::Source)?;
        *last_poll = Pressure { events: n, backlog: src.backlog() };
        match sink_error {
            Some(e) => Err(Failure::Sink(e)),
            None => Ok(n),
        }
    }

    /// Evaluates the held events that are due: their container's metadata is in the state, or
    /// they waited long enough (all of them when `stopping`).
    fn release(&mut self, sink: &mut dyn AlertSink, stopping: bool) -> Result<(), RunError> {
        let Sensor { engine, pending, stats, counts, holding, evaluators, .. } = self;
        if holding.is_empty() {
            return Ok(());
        }
        let mut sink_error: Option<SinkError> = None;
        let mut helpers = evaluators.as_mut().filter(|e| e.engaged());
        for (_, events) in holding.due(engine.state(), Instant::now(), stopping) {
            for ev in &events {
                match helpers.as_mut() {
                    Some(evs) => {
                        counts.events += 1;
                        evs.dispatch(engine, ev);
                    }
                    None => evaluate(engine, pending, stats, counts, sink, &mut sink_error, ev),
                }
            }
        }
        match sink_error {
            Some(e) => Err(RunError::Sink(e)),
            None => Ok(()),
        }
    }

    /// The source failed while running: say so, then follow the policy.
    fn fail(&mut self, sink: &mut dyn AlertSink, error: SourceError) -> Result<(), RunError> {
        // Alerts of an event a panic interrupted are not handed out.
        self.pending.clear();
        // Those of the events the other evaluation threads had are; then every thread goes on
        // from the loop's copy of the state, as one thread would.
        if self.evaluators.is_some() {
            match self.settle(sink) {
                Err(Failure::Sink(e)) => return Err(RunError::Sink(e)),
                // Its copies were replaced already; the failure being handled is the one said.
                Err(Failure::Source(_)) => {}
                Ok(()) => {
                    if let Some(evs) = self.evaluators.as_mut() {
                        evs.resync(self.engine.state());
                    }
                }
            }
        }
        if let Some(src) = self.source.take() {
            self.retired = self.retired.plus(src.counters());
        }
        self.counts.source_failures += 1;
        self.counts.source_down = true;
        let now = (self.opts.clock)();
        let policy = self.opts.on_failure;
        let retry_in = (policy == OnFailure::Restart).then(|| self.opts.backoff.next_wait());
        let text = error.to_string();
        self.opts.log.log(Level::Error, &format!("the {} source failed: {text}", self.source_name));
        self.emit(sink, &failed_alert(self.source_name, &text, policy, retry_in, now))?;
        sink.flush()?;
        self.publish();
        if policy == OnFailure::Exit {
            return Err(RunError::SourceFailed { source_name: self.source_name, error });
        }
        self.outage =
            Some(Outage { since_ns: now, attempts: 0, next_attempt: retry_in.map(|d| Instant::now() + d) });
        Ok(())
    }

    /// While the source is down: waits for the next attempt (at most `timeout`), then tries to
    /// open the source again, seeding what changed meanwhile.
    fn reopen(&mut self, sink: &mut dyn AlertSink, timeout: Duration) -> Result<(), RunError> {
        let Some(outage) = self.outage.as_mut() else { return Ok(()) };
        let due = match outage.next_attempt {
            Some(at) => at,
            None => {
                // `continue`: nothing to do but wait for the stop.
                std::thread::sleep(timeout);
                return Ok(());
            }
        };
        let now = Instant::now();
        if now < due {
            std::thread::sleep(timeout.min(due - now));
            return Ok(());
        }
        outage.attempts += 1;
        match (self.opener)() {
            Err(e) => {
                self.counts.restart_attempts_failed += 1;
                let wait = self.opts.backoff.next_wait();
                outage.next_attempt = Some(Instant::now() + wait);
                self.opts.log.log(
                    Level::Warn,
                    &format!(
                        "opening the {} source again failed (attempt {}): {e}; next attempt in {} ms",
                        self.source_name,
                        outage.attempts,
                        wait.as_millis()
                    ),
                );
                self.publish();
                Ok(())
            }
            Ok(mut src) => {
                let (since_ns, attempts) = (outage.since_ns, outage.attempts);
                // The state is kept; seeding again adds what started while the source was down.
                let reseeded = match src.seed(self.engine.state_mut()) {
                    Ok(s) => format!("{} processes learnt again from {}", s.processes, s.from),
                    Err(e) => format!("the state could not be completed ({e})"),
                };
                if let Some(evs) = self.evaluators.as_mut() {
                    evs.resync(self.engine.state());
                }
                self.source = Some(src);
                self.outage = None;
                self.opts.backoff.reset();
                self.counts.source_recoveries += 1;
                self.counts.source_down = false;
                let now = (self.opts.clock)();
                self.opts.log.log(
                    Level::Info,
                    &format!("the {} source runs again after {attempts} attempt(s); {reseeded}", self.source_name),
                );
                self.emit(sink, &recovered_alert(self.source_name, since_ns, attempts, &reseeded, now))?;
                sink.flush()?;
                self.publish();
                Ok(())
            }
        }
    }

    /// Compares the capture counters with the last check and raises Falco's drop alert when
    /// events were lost.
    fn check_drops(&mut self, sink: &mut dyn AlertSink) -> Result<(), RunError> {
        let c = self.capture_counters();
        let totals =
            DropCounters { n_evts: c.sent + c.dropped, n_drops: c.dropped, n_drops_relevant: c.dropped_relevant };
        if let Some(report) = self.drops.observe((self.opts.clock)(), totals) {
            self.opts.log.log(Level::Warn, &report.message());
            self.emit(sink, &report.alert())?;
        }
        Ok(())
    }

    fn emit(&mut self, sink: &mut dyn AlertSink, alert: &InternalAlert) -> Result<(), RunError> {
        self.counts.internal_alerts += 1;
        sink.internal(alert)?;
        Ok(())
    }

    /// Stops the source taking in events, then polls (zero timeout) until it is empty,
    /// bounded: what capture held when the stop came is evaluated too. A source failure here
    /// ends the drain quietly.
    fn drain(&mut self, sink: &mut dyn AlertSink) -> Result<(), RunError> {
        if let Some(s) = self.source.as_mut() {
            s.stop();
        }
        for _ in 0..FINAL_DRAIN_POLLS {
            if self.source.is_none() {
                break;
            }
            let polled = self.batch(sink, Duration::ZERO);
            let settled = self.settle(sink);
            match settled.and(polled) {
                Ok(0) | Err(Failure::Source(_)) => break,
                Ok(_) => self.check_drops(sink)?,
                Err(Failure::Sink(e)) => return Err(RunError::Sink(e)),
            }
        }
        self.release(sink, true)?;
        if let Err(Failure::Sink(e)) = self.settle(sink) {
            return Err(RunError::Sink(e));
        }
        self.check_drops(sink)?;
        sink.flush()?;
        Ok(())
    }

    /// The capture counters over every source opened so far.
    fn capture_counters(&self) -> SourceCounters {
        match &self.source {
            Some(s) => self.retired.plus(s.counters()),
            None => self.retired,
        }
    }

    /// Publishes the counters for readers on other threads.
    fn publish(&mut self) {
        let st = self.engine.state();
        self.counts.capture = self.capture_counters();
        self.counts.evaluation_threads = self.evaluation_threads() as u64;
        self.counts.events_shared = self.evaluators.as_ref().map_or(0, |e| e.events_shared);
        self.counts.drop_occurrences = self.drops.occurrences;
        self.counts.drop_alerts = self.drops.alerts;
        self.counts.threads = st.thread_count() as u64;
        let tables = st.stats();
        self.counts.threads_refused = tables.threads_dropped;
        self.counts.fds_refused = tables.fds_dropped;
        self.counts.placeholder_threads = tables.placeholder_threads;
        self.counts.threads_removed = tables.threads_removed;
        self.counts.users_refused = st.users.dropped;
        self.counts.groups_refused = st.groups.dropped;
        self.counts.dns_refused = st.dns.dropped;
        self.counts.containers = st.containers.len() as u64;
        self.counts.containers_refused = st.containers.dropped;
        self.counts.container_evictions = self.services.iter().map(|s| s.evictions()).sum();
        self.counts.events_held = self.holding.events_held;
        self.counts.metadata_timeouts = self.holding.timeouts;
        self.counts.held_overflow = self.holding.overflow;
        self.counts.service_failures = self.services.iter().map(|s| s.failures()).sum();
        self.stats.publish(&self.counts);
    }
}

/// Runs one event through the engine and hands its alerts to the sink (the first sink error is
/// kept; the alerts are counted whatever happens to them).
fn evaluate(
    engine: &mut Engine,
    pending: &mut Vec<Alert>,
    stats: &SensorStats,
    counts: &mut Counters,
    sink: &mut dyn AlertSink,
    sink_error: &mut Option<SinkError>,
    ev: &Event,
) {
    counts.events += 1;
    engine.process(ev, &mut |a| pending.push(a));
    for a in pending.drain(..) {
        counts.alerts += 1;
        stats.count_rule(&a.rule);
        if sink_error.is_none() {
            if let Err(e) = sink.alert(&a, ev, Some(engine.state())) {
                *sink_error = Some(e);
            }
        }
    }
}

/// Why a batch ended early.
enum Failure {
    /// The source failed (or evaluating panicked): handled by the policy.
    Source(SourceError),
    /// The sink failed: the run ends.
    Sink(SinkError),
}
