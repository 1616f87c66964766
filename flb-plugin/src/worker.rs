//! The plugin's worker thread: opens the event source, seeds the state, then runs every event
//! through the engine and queues each alert as an encoded record. Also turns kernel drops into
//! Falco's internal drop alert.
//!
//! Place in the data flow: capture → event → state → **evaluation** (this thread) → output →
//! queue → collect callback → Fluent Bit. Nothing here runs on a Fluent Bit thread.
//!
//! The worker never stops consuming events while the plugin lives, not even while Fluent Bit has
//! paused the input: skipping events would leave the state tables wrong. Back pressure is taken
//! by the bounded queue instead, whose drops are counted and reported.

use crate::config::Config;
use crate::log::{Level, Log};
use crate::queue::AlertQueue;
use crate::record;
use crate::source::{self, SourceError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use syssentry_engine::eval::drops::{DropCounters, DropMonitor, DropPolicy};
use syssentry_engine::eval::{Engine, RuleSet};
use syssentry_engine::output::OutputOptions;
use syssentry_engine::state::State;

/// How long one poll of the source waits at most (bounds how quickly the worker sees `stop`).
pub const POLL_TIMEOUT: Duration = Duration::from_millis(100);

/// State shared by the worker thread and the collect callback.
#[derive(Debug)]
pub struct Shared {
    /// The alert queue.
    pub queue: AlertQueue,
    /// Set to make the worker return.
    pub stop: AtomicBool,
    /// Events evaluated.
    pub events_processed: AtomicU64,
    /// Alerts raised (rule alerts and internal alerts).
    pub alerts_emitted: AtomicU64,
    /// Records that failed to encode (never expected).
    pub encode_errors: AtomicU64,
    /// The source's counters: seen, sent, dropped.
    pub source_seen: AtomicU64,
    /// See `source_seen`.
    pub source_sent: AtomicU64,
    /// See `source_seen`.
    pub source_dropped: AtomicU64,
    /// Threads in the state tables.
    pub threads_tracked: AtomicU64,
    /// The worker has left its loop.
    pub finished: AtomicBool,
}

impl Shared {
    /// Fresh counters around a queue.
    pub fn new(queue: AlertQueue) -> Shared {
        Shared {
            queue,
            stop: AtomicBool::new(false),
            events_processed: AtomicU64::new(0),
            alerts_emitted: AtomicU64::new(0),
            encode_errors: AtomicU64::new(0),
            source_seen: AtomicU64::new(0),
            source_sent: AtomicU64::new(0),
            source_dropped: AtomicU64::new(0),
            threads_tracked: AtomicU64::new(0),
            finished: AtomicBool::new(false),
        }
    }
}

/// Nanoseconds since the epoch, now.
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Why the worker could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The thread could not be created.
    #[error("cannot start the worker thread: {0}")]
    Thread(#[source] std::io::Error),
    /// The source failed to open.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The source did not answer in time.
    #[error("the event source did not start within {0} seconds")]
    Timeout(u64),
    /// The worker panicked while opening the source.
    #[error("the worker thread failed while opening the event source")]
    Panicked,
}

/// How long init waits for the source to open (loading BPF programs takes a few seconds).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Starts the worker thread; returns once the source is open (or failed to open).
pub fn spawn(
    name: String,
    cfg: Config,
    rules: Arc<RuleSet>,
    shared: Arc<Shared>,
    log: Arc<dyn Log>,
) -> Result<JoinHandle<()>, StartError> {
    let (tx, rx) = mpsc::channel::<Result<(), SourceError>>();
    let sh = shared.clone();
    let handle = std::thread::Builder::new()
        .name(name)
        .spawn(move || {
            let log2 = log.clone();
            let result = catch_unwind(AssertUnwindSafe(|| run(&cfg, rules, &sh, &*log, tx)));
            if result.is_err() {
                log2.log(
                    Level::Error,
                    "the worker thread failed unexpectedly; no more alerts will be produced",
                );
            }
            sh.finished.store(true, Ordering::Release);
        })
        .map_err(StartError::Thread)?;
    let outcome = match rx.recv_timeout(START_TIMEOUT) {
        Ok(Ok(())) => return Ok(handle),
        Ok(Err(e)) => StartError::Source(e),
        Err(mpsc::RecvTimeoutError::Timeout) => StartError::Timeout(START_TIMEOUT.as_secs()),
        Err(mpsc::RecvTimeoutError::Disconnected) => StartError::Panicked,
    };
    shared.stop.store(true, Ordering::Release);
    let _ = handle.join();
    Err(outcome)
}

fn run(
    cfg: &Config,
    rules: Arc<RuleSet>,
    sh: &Shared,
    log: &dyn Log,
    ready: mpsc::Sender<Result<(), SourceError>>,
) {
    let mut src = match source::open(cfg, &rules, log) {
        Ok(s) => s,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let _ = ready.send(Ok(()));

    let output = OutputOptions {
        hostname: Arc::from(cfg.hostname.as_str()),
        suggested_output: cfg.suggested_output,
        time_iso8601: cfg.time_iso8601,
        utc_offset: None,
    };
    // Environments are kept only if a loaded rule reads them (`proc.env`).
    let state = State::new(rules.state_config());
    let mut engine = Engine::new(rules, state, output);
    match src.seed(engine.state_mut()) {
        Ok(line) => log.log(Level::Info, &line),
        Err(e) => log.log(
            Level::Error,
            &format!("{e}; processes that started before syssentry lack context"),
        ),
    }

    let mut drops = DropMonitor::new(DropPolicy::default());
    let mut last_error_log = 0u64;
    while !sh.stop.load(Ordering::Acquire) {
        let polled = src.poll(POLL_TIMEOUT, &mut |ev| {
            engine.process(ev, &mut |alert| {
                sh.alerts_emitted.fetch_add(1, Ordering::Relaxed);
                match record::alert(&alert) {
                    Ok(rec) => {
                        sh.queue.push(rec, alert.time_ns);
                    }
                    Err(_) => {
                        sh.encode_errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
            sh.events_processed.fetch_add(1, Ordering::Relaxed);
        });
        let now = now_ns();
        if let Err(e) = polled {
            if now.saturating_sub(last_error_log) > 10_000_000_000 {
                log.log(Level::Error, &format!("reading events failed: {e}"));
                last_error_log = now;
            }
            std::thread::sleep(POLL_TIMEOUT);
        }
        let c = src.counters();
        sh.source_seen.store(c.seen, Ordering::Relaxed);
        sh.source_sent.store(c.sent, Ordering::Relaxed);
        sh.source_dropped.store(c.dropped, Ordering::Relaxed);
        sh.threads_tracked
            .store(engine.state().thread_count() as u64, Ordering::Relaxed);
        if let Some(rep) = drops.observe(
            now,
            DropCounters {
                n_evts: c.seen,
                n_drops: c.dropped,
            },
        ) {
            sh.alerts_emitted.fetch_add(1, Ordering::Relaxed);
            log.log(Level::Warn, &rep.message());
            match record::json("drop alert", rep.time_ns, &rep.to_json(&cfg.hostname)) {
                Ok(rec) => {
                    sh.queue.push(rec, now);
                }
                Err(_) => {
                    sh.encode_errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
}
