//! The event loop of `syssentry run`: events from a source through the engine to JSON lines,
//! with DNS updates applied between batches, kernel drops turned into internal alerts and
//! statistics kept for the exit report.
//!
//! Place in the data flow: capture (an [`EventSource`]) → **event loop** (engine: state →
//! evaluation → output) → stdout. The loop is written against the [`EventSource`] trait so it is
//! tested with synthetic sources; the kernel capture is one implementation.

use super::dns::DnsUpdate;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use syssentry_engine::eval::drops::{DropCounters, DropMonitor, DropPolicy};
use syssentry_engine::eval::Engine;
use syssentry_engine::event::Event;
use syssentry_engine::state::StateStats;

/// Capture counters, cumulative since start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceCounters {
    /// Syscalls the kernel side saw.
    pub seen: u64,
    /// Events written to the ring buffer.
    pub sent: u64,
    /// Events lost because the ring buffer was full.
    pub dropped: u64,
    /// Kernel-side reads of user memory that failed.
    pub read_failures: u64,
    /// Records userspace could not decode.
    pub decode_errors: u64,
}

/// Where events come from.
pub trait EventSource {
    /// Waits up to `timeout` for events and hands each to `on_event`; returns how many.
    fn poll(&mut self, timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, String>;
    /// The counters so far.
    fn counters(&self) -> SourceCounters;
}

/// Why the loop stopped early.
#[derive(Debug, thiserror::Error)]
pub enum LoopError {
    /// Reading events failed.
    #[error("reading events failed: {detail}")]
    Source {
        /// What the source reported.
        detail: String,
    },
    /// Writing alerts failed (e.g. stdout closed).
    #[error("writing alerts failed: {source}")]
    Output {
        /// Why.
        source: std::io::Error,
    },
}

/// How the loop runs.
#[derive(Debug, Clone)]
pub struct LoopOptions {
    /// Stop at this instant.
    pub deadline: Option<Instant>,
    /// Print statistics on stderr this often.
    pub stats_interval: Option<Duration>,
    /// The host name of internal alerts.
    pub hostname: String,
    /// How long one poll waits.
    pub poll_timeout: Duration,
    /// Wall clock in nanoseconds since the Unix epoch (time of drop alerts).
    pub clock: fn() -> u64,
}

/// What the loop counted.
#[derive(Debug, Clone, Default)]
pub struct RunStats {
    /// Events processed.
    pub events: u64,
    /// Alerts by rule name.
    pub alerts_by_rule: BTreeMap<String, u64>,
    /// Capture counters at the end.
    pub capture: SourceCounters,
    /// Seconds with drops.
    pub drop_occurrences: u64,
    /// Drop alerts written.
    pub drop_alerts: u64,
    /// DNS updates applied.
    pub dns_updates: u64,
    /// State table counters.
    pub state: StateStats,
    /// Threads in the table at the end.
    pub threads: usize,
    /// Users, groups and domain names the tables' caps refused.
    pub users_refused: u64,
    /// Groups refused.
    pub groups_refused: u64,
    /// Domain names refused.
    pub dns_refused: u64,
}

impl RunStats {
    /// The report printed on stderr.
    pub fn render(&self) -> String {
        let c = &self.capture;
        let total: u64 = self.alerts_by_rule.values().sum();
        let mut s = format!(
            "syssentry: events: seen {}, sent {}, dropped {}, read failures {}, decode errors {}, processed {}\n\
syssentry: drops: {} seconds with drops, {} drop alerts\n\
syssentry: alerts: {total}\n",
            c.seen, c.sent, c.dropped, c.read_failures, c.decode_errors, self.events, self.drop_occurrences, self.drop_alerts
        );
        for (rule, n) in &self.alerts_by_rule {
            s.push_str(&format!("syssentry:   {n} {rule}\n"));
        }
        let st = &self.state;
        s.push_str(&format!(
            "syssentry: state: {} threads; refused by caps: {} threads, {} fds, {} users, {} groups, {} domain names; \
{} placeholder threads, {} threads removed; {} dns updates\n",
            self.threads,
            st.threads_dropped,
            st.fds_dropped,
            self.users_refused,
            self.groups_refused,
            self.dns_refused,
            st.placeholder_threads,
            st.threads_removed,
            self.dns_updates
        ));
        s
    }
}

/// The wall clock, nanoseconds since the Unix epoch.
pub fn now_ns() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

/// Runs until `stop` is set, the deadline passes or an error occurs; alerts go to `out` (flushed
/// after each batch), periodic statistics to `err`. Returns the statistics either way.
pub fn run_loop(
    source: &mut dyn EventSource,
    engine: &mut Engine,
    dns: Option<&Receiver<DnsUpdate>>,
    stop: &AtomicBool,
    opts: &LoopOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> (RunStats, Result<(), LoopError>) {
    let mut stats = RunStats::default();
    let mut drops = DropMonitor::new(DropPolicy::default());
    let mut next_stats = opts.stats_interval.map(|i| Instant::now() + i);
    let result = loop {
        if stop.load(Ordering::Relaxed) || opts.deadline.is_some_and(|d| Instant::now() >= d) {
            break Ok(());
        }
        if let Some(rx) = dns {
            for u in rx.try_iter() {
                engine.state_mut().dns.insert(&u.name, &u.addrs);
                stats.dns_updates += 1;
            }
        }
        let timeout = match opts.deadline {
            Some(d) => opts.poll_timeout.min(d.saturating_duration_since(Instant::now())),
            None => opts.poll_timeout,
        };
        if let Err(e) = batch(source, engine, &mut drops, opts, timeout, out, &mut stats) {
            break Err(e);
        }
        if let Some(at) = next_stats {
            if Instant::now() >= at {
                fill(&mut stats, source, engine, &drops);
                let _ = err.write_all(stats.render().as_bytes());
                next_stats = opts.stats_interval.map(|i| at + i);
            }
        }
    };
    // Stopping must not lose what capture already holds: drain the ring (bounded) so those
    // events are evaluated too, then count drops one last time.
    let result = match result {
        Ok(()) => drain(source, engine, &mut drops, opts, out, &mut stats),
        err => err,
    };
    fill(&mut stats, source, engine, &drops);
    (stats, result)
}

/// Most zero-timeout polls made when stopping. Each delivers a bounded batch (capture's
/// `batch_records`, 4,096 by default, with a drop check after it), so this covers a full ring
/// of the largest size (1 GiB) of the smallest records; the drain ends at the first empty poll.
const FINAL_DRAIN_POLLS: usize = 4096;

fn drain(
    source: &mut dyn EventSource,
    engine: &mut Engine,
    drops: &mut DropMonitor,
    opts: &LoopOptions,
    out: &mut dyn Write,
    stats: &mut RunStats,
) -> Result<(), LoopError> {
    for _ in 0..FINAL_DRAIN_POLLS {
        if batch(source, engine, drops, opts, Duration::ZERO, out, stats)? == 0 {
            break;
        }
    }
    Ok(())
}

/// One step of the loop: poll one batch (waiting up to `timeout`), run each event through the
/// engine writing alerts to `out`, turn grown drop counters into an alert, flush. Returns how many
/// events the batch held.
fn batch(
    source: &mut dyn EventSource,
    engine: &mut Engine,
    drops: &mut DropMonitor,
    opts: &LoopOptions,
    timeout: Duration,
    out: &mut dyn Write,
    stats: &mut RunStats,
) -> Result<usize, LoopError> {
    let mut write_error: Option<std::io::Error> = None;
    let polled = source.poll(timeout, &mut |ev| {
        stats.events += 1;
        engine.process(ev, &mut |alert| {
            *stats.alerts_by_rule.entry(alert.rule.to_string()).or_insert(0) += 1;
            if write_error.is_none() {
                if let Err(e) = writeln!(out, "{}", alert.to_json_line()) {
                    write_error = Some(e);
                }
            }
        });
    });
    let n = polled.map_err(|detail| LoopError::Source { detail })?;
    let c = source.counters();
    if let Some(report) = drops.observe((opts.clock)(), DropCounters { n_evts: c.sent + c.dropped, n_drops: c.dropped }) {
        if write_error.is_none() {
            if let Err(e) = writeln!(out, "{}", report.to_json_line(&opts.hostname)) {
                write_error = Some(e);
            }
        }
    }
    if write_error.is_none() {
        if let Err(e) = out.flush() {
            write_error = Some(e);
        }
    }
    match write_error {
        Some(e) => Err(LoopError::Output { source: e }),
        None => Ok(n),
    }
}

fn fill(stats: &mut RunStats, source: &dyn EventSource, engine: &Engine, drops: &DropMonitor) {
    stats.capture = source.counters();
    stats.drop_occurrences = drops.occurrences;
    stats.drop_alerts = drops.alerts;
    let st = engine.state();
    stats.state = st.stats();
    stats.threads = st.thread_count();
    stats.users_refused = st.users.dropped;
    stats.groups_refused = st.groups.dropped;
    stats.dns_refused = st.dns.dropped;
}
