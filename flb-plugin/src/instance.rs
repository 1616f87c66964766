//! One plugin instance (one `[INPUT]` section): its config, rules, worker thread and queue, and
//! what each Fluent Bit callback does to it, in safe Rust. The FFI layer only finds the instance
//! and moves buffers across the boundary.
//!
//! Place in the data flow: owns evaluation (through the worker) and is the **sink** end: the
//! collect callback drains the queue into one buffer of msgpack records for Fluent Bit.

use crate::config::{read_config, Config, ConfigError};
use crate::handoff;
use crate::msgpack::{self, Stats};
use crate::queue::{AlertQueue, Record};
use crate::shared::Shared;
use crate::worker::{self, WorkerError};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use syssentry_engine::eval::BuildOptions;
use syssentry_sensor::clock::now_ns;
use syssentry_sensor::log::{Level, Log};
use syssentry_sensor::rules::RulesError;

/// Why init failed. The message is logged as one line.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A property is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The rules cannot run (a path unreadable, errors, nothing enabled).
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The worker or the sensor did not start.
    #[error(transparent)]
    Start(#[from] WorkerError),
    /// The input runs on Fluent Bit's engine thread (`threaded off`).
    #[error("the input runs on fluent bit's engine thread '{thread}': remove 'threaded off' from the syssentry input")]
    NotThreaded {
        /// The thread's name.
        thread: String,
    },
}

/// A running instance.
pub struct Instance {
    /// Process-unique id (also what `remote_context` carries).
    pub id: u64,
    cfg: Config,
    rules_loaded: u64,
    shared: Arc<Shared>,
    worker: Mutex<Option<JoinHandle<()>>>,
    paused: AtomicBool,
    /// Position among the syssentry inputs of the configuration (for the hot-reload hand-off).
    ordinal: u32,
    /// Set by pre-exit when the exit is a hot reload: queued records are handed on, not lost.
    reloading: AtomicBool,
    carry: Mutex<Option<Record>>,
    next_stats_ns: AtomicU64,
    alerts_sent: AtomicU64,
    log: Arc<dyn Log>,
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The calling thread's name as the kernel knows it.
pub fn current_thread_name() -> String {
    std::fs::read_to_string("/proc/thread-self/comm")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

impl Instance {
    /// Reads the properties through `get`, loads the rules and starts the worker. Everything
    /// started is stopped again on failure.
    pub fn start(
        id: u64,
        get: &mut dyn FnMut(&str) -> Option<String>,
        log: Arc<dyn Log>,
    ) -> Result<Arc<Instance>, InitError> {
        let thread = current_thread_name();
        if thread.starts_with("flb-pipeline") {
            return Err(InitError::NotThreaded { thread });
        }
        let default_host = syssentry_sensor::host::kernel_hostname().unwrap_or_else(|| "localhost".to_string());
        let cfg = read_config(get, &default_host)?;
        let opts = BuildOptions { selection: cfg.selection.clone(), matching: cfg.matching, output: cfg.output_options() };
        let paths = cfg.rules.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        let report = match syssentry_sensor::rules::load(&cfg.rules, &opts) {
            Ok(r) => r,
            Err(source) => {
                if let RulesError::Invalid { report, .. } = &source {
                    for d in report.diagnostics.errors() {
                        log.log(Level::Error, &d.summary());
                    }
                }
                return Err(InitError::Rules(source));
            }
        };
        for d in report.diagnostics.iter() {
            log.log(Level::Debug, &d.summary());
        }
        log.log(Level::Info, &syssentry_sensor::about::start_line(&report, &paths));
        log.log(
            Level::Info,
            &format!(
                "event source {}, on_failure {}, queue {} ({})",
                cfg.source.name(),
                cfg.on_failure.as_str(),
                cfg.queue_capacity,
                cfg.overflow.as_str()
            ),
        );
        let rules_loaded = report.summary.enabled_rules as u64;
        let shared = Arc::new(Shared::new(AlertQueue::new(
            cfg.queue_capacity,
            cfg.overflow,
        )));
        // What the predecessor at this position left at a hot reload goes into the queue before
        // the worker queues anything, so it is delivered first (and a smaller queue drops and
        // reports by its policy, as for any record).
        let arrival = handoff::arrive();
        if !arrival.inherited.is_empty() {
            log.log(
                Level::Info,
                &format!(
                    "{} alerts queued before the reload are delivered first",
                    arrival.inherited.len()
                ),
            );
        }
        if arrival.orphaned > 0 {
            log.log(
                Level::Warn,
                &format!(
                    "{} alerts queued before an earlier reload were dropped: that reload's configuration had no syssentry input in their input's place",
                    arrival.orphaned
                ),
            );
        }
        let now = now_ns();
        for rec in arrival.inherited {
            shared.queue.push(rec, now);
        }
        let handle = worker::spawn(format!("syssentry-w{id}"), cfg.clone(), report, shared.clone(), log.clone())?;
        let first_stats = cfg
            .stats_interval
            .map_or(u64::MAX, |d| now_ns().saturating_add(d.as_nanos() as u64));
        Ok(Arc::new(Instance {
            id,
            rules_loaded,
            cfg,
            shared,
            worker: Mutex::new(Some(handle)),
            paused: AtomicBool::new(false),
            ordinal: arrival.ordinal,
            reloading: AtomicBool::new(false),
            carry: Mutex::new(None),
            next_stats_ns: AtomicU64::new(first_stats),
            alerts_sent: AtomicU64::new(0),
            log,
        }))
    }

    /// The instance's settings.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// The collect callback: drains up to the per-call limits into one buffer, adds an overflow
    /// alert when the queue has recovered from drops and a stats record when one is due. `None`
    /// when paused or when there is nothing to send.
    pub fn collect(&self, now: u64) -> Option<Vec<u8>> {
        if self.paused.load(Ordering::Acquire) {
            return None;
        }
        let q = &self.shared.queue;
        let mut buf = Vec::new();
        let mut n = 0usize;
        let mut carry = self.carry.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(rec) = carry.take() {
            msgpack::append(&mut buf, &rec);
            n += 1;
        }
        while n < self.cfg.max_records_per_collect {
            let Some(rec) = q.pop() else { break };
            if !buf.is_empty() && buf.len() + rec.len() > self.cfg.max_bytes_per_collect {
                *carry = Some(rec);
                break;
            }
            msgpack::append(&mut buf, &rec);
            n += 1;
        }
        drop(carry);
        self.alerts_sent.fetch_add(n as u64, Ordering::Relaxed);
        if let Some(ep) = q.take_overflow_episode() {
            self.log.log(
                Level::Warn,
                &format!(
                    "alert queue overflow: {} alerts dropped ({} since start), policy {}",
                    ep.dropped,
                    ep.dropped_total,
                    q.policy().as_str()
                ),
            );
            let alert = msgpack::overflow_alert(now, &ep, q.capacity(), q.policy().as_str());
            if let Ok(rec) = msgpack::internal(&alert, &self.cfg.hostname) {
                msgpack::append(&mut buf, &rec);
            }
        }
        let due = self.next_stats_ns.load(Ordering::Relaxed);
        if now >= due {
            if let Some(every) = self.cfg.stats_interval {
                // The next one is due an interval after this one was due, not after this call:
                // collect calls come once a second, and counting from them would make every
                // interval up to a second long. After a long pause, start again from now.
                let every = every.as_nanos() as u64;
                let mut next = due.saturating_add(every);
                if next <= now {
                    next = now.saturating_add(every);
                }
                self.next_stats_ns.store(next, Ordering::Relaxed);
                if let Ok(rec) = msgpack::stats(&self.cfg.hostname, now, &self.stats()) {
                    msgpack::append(&mut buf, &rec);
                }
            }
        }
        (!buf.is_empty()).then_some(buf)
    }

    /// The counters now.
    pub fn stats(&self) -> Stats {
        let sh = &self.shared;
        let st = sh.stats.snapshot().counters;
        Stats {
            events_seen: st.capture.seen,
            events_sent: st.capture.sent,
            events_dropped: st.capture.dropped,
            events_dropped_relevant: st.capture.dropped_relevant,
            events_filtered: st.capture.filtered,
            events_processed: st.events,
            evaluation_threads: st.evaluation_threads,
            events_shared: st.events_shared,
            alerts_emitted: st.alerts + st.internal_alerts,
            alerts_sent: self.alerts_sent.load(Ordering::Relaxed),
            alerts_dropped: sh.queue.dropped_total(),
            alerts_queued: sh.queue.len() as u64,
            rules_loaded: self.rules_loaded,
            threads_tracked: st.threads,
            source_failures: st.source_failures,
            source_recoveries: st.source_recoveries,
            source_down: u64::from(st.source_down),
            service_updates: st.service_updates,
            service_failures: st.service_failures,
            containers: st.containers,
            container_evictions: st.container_evictions,
            events_held: st.events_held,
            metadata_timeouts: st.metadata_timeouts,
        }
    }

    /// `FLBPluginInputPause`: stop handing data to Fluent Bit (the worker keeps evaluating; the
    /// queue takes the back pressure).
    pub fn pause(&self) {
        if !self.paused.swap(true, Ordering::AcqRel) {
            self.log.log(
                Level::Debug,
                "paused by fluent bit; alerts are kept in the queue",
            );
        }
    }

    /// `FLBPluginInputResume`.
    pub fn resume(&self) {
        if self.paused.swap(false, Ordering::AcqRel) {
            self.log.log(Level::Debug, "resumed by fluent bit");
        }
    }

    /// Whether the instance is paused.
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Acquire)
    }

    /// `FLBPluginInputPreExit`: asks the worker to stop; `hot_reload` says whether a reloaded
    /// configuration follows (then queued alerts are handed on at exit).
    pub fn pre_exit(&self, hot_reload: bool) {
        self.reloading.store(hot_reload, Ordering::Release);
        self.shared.stop.store(true, Ordering::Release);
    }

    /// `FLBPluginExit`: stops and joins the worker. Alerts still queued (Fluent Bit stops
    /// collecting before it calls exit) go to the instance that replaces this one at a hot
    /// reload; at shutdown they can no longer be delivered and are reported. Returns the number
    /// lost.
    pub fn exit(&self) -> u64 {
        self.shared.stop.store(true, Ordering::Release);
        let handle = self.worker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
        // Oldest first, as collect would have handed them out: the record carried over from
        // the last collect, then the queue.
        let mut left: Vec<Record> = Vec::new();
        left.extend(self.carry.lock().unwrap_or_else(|e| e.into_inner()).take());
        while let Some(rec) = self.shared.queue.pop() {
            left.push(rec);
        }
        let mut lost = 0;
        if self.reloading.load(Ordering::Acquire) {
            if !left.is_empty() {
                self.log.log(
                    Level::Info,
                    &format!("{} queued alerts are handed to the reloaded configuration", left.len()),
                );
            }
            handoff::leave(self.ordinal, left);
        } else if !left.is_empty() {
            lost = left.len() as u64;
            self.log.log(
                Level::Warn,
                &format!("{lost} queued alerts were not delivered: fluent bit stopped collecting before exit"),
            );
        }
        let st = self.stats();
        self.log.log(
            Level::Info,
            &format!(
                "stopped: {} events processed, {} alerts emitted, {} sent, {} dropped by the full queue, {} lost at exit",
                st.events_processed, st.alerts_emitted, st.alerts_sent, st.alerts_dropped, lost
            ),
        );
        lost
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        if let Some(h) = self.worker.get_mut().ok().and_then(|w| w.take()) {
            let _ = h.join();
        }
    }
}
