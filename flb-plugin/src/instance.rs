//! One plugin instance (one `[INPUT]` section): its config, rules, worker thread and queue, and
//! what each Fluent Bit callback does to it, in safe Rust. The FFI layer only finds the instance
//! and moves buffers across the boundary.
//!
//! Place in the data flow: owns evaluation (through the worker) and is the **sink** end: the
//! collect callback drains the queue into one buffer of msgpack records for Fluent Bit.

use crate::config::{read_config, Config, ConfigError};
use crate::log::{Level, Log};
use crate::queue::{AlertQueue, Record};
use crate::record::{self, Stats};
use crate::worker::{self, now_ns, Shared, StartError};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use syssentry_engine::eval::{load_rules, BuildOptions};
use syssentry_engine::output::OutputOptions;

/// Why init failed. The message is logged as one line.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A property is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The rules have errors.
    #[error("rules: {errors} error(s) loading {paths}; first: {first}")]
    Rules {
        /// The configured paths.
        paths: String,
        /// How many errors.
        errors: usize,
        /// The first error, one line.
        first: String,
    },
    /// A configured rules path cannot be read.
    #[error("rules path '{path}' cannot be read: {reason}")]
    RulesPath {
        /// The path.
        path: String,
        /// Why.
        reason: std::io::Error,
    },
    /// The worker or the event source did not start.
    #[error(transparent)]
    Start(#[from] StartError),
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

/// The kernel's host name (`/proc/sys/kernel/hostname`), `localhost` if unreadable.
pub fn kernel_hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
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
        let cfg = read_config(get, &kernel_hostname())?;
        let opts = BuildOptions {
            selection: cfg.selection.clone(),
            matching: cfg.matching,
            output: OutputOptions {
                hostname: Arc::from(cfg.hostname.as_str()),
                suggested_output: cfg.suggested_output,
                time_iso8601: cfg.time_iso8601,
                utc_offset: None,
            },
        };
        for p in &cfg.rules {
            if let Err(reason) = std::fs::metadata(p) {
                return Err(InitError::RulesPath {
                    path: p.display().to_string(),
                    reason,
                });
            }
        }
        let report = load_rules(&cfg.rules, &opts);
        let paths = cfg
            .rules
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        for d in report.diagnostics.iter() {
            let level = if d.is_error() {
                Level::Error
            } else {
                Level::Debug
            };
            log.log(level, &d.summary());
        }
        if report.diagnostics.has_errors() {
            return Err(InitError::Rules {
                paths,
                errors: report.diagnostics.error_count(),
                first: report
                    .diagnostics
                    .errors()
                    .next()
                    .map(|d| d.summary())
                    .unwrap_or_default(),
            });
        }
        let s = report.summary;
        log.log(
            Level::Info,
            &format!(
                "loaded {} rules ({} enabled) from {} files ({paths}); {} warnings",
                s.rules,
                s.enabled_rules,
                s.files,
                report.diagnostics.warning_count()
            ),
        );
        if s.files == 0 {
            log.log(Level::Warn, &format!("no rules file found in {paths}"));
        }
        if s.enabled_rules == 0 {
            log.log(Level::Warn, "no rule is enabled: no alerts will be raised");
        }
        let shared = Arc::new(Shared::new(AlertQueue::new(
            cfg.queue_capacity,
            cfg.overflow,
        )));
        let handle = worker::spawn(
            format!("syssentry-w{id}"),
            cfg.clone(),
            Arc::new(report.ruleset),
            shared.clone(),
            log.clone(),
        )?;
        let first_stats = cfg
            .stats_interval
            .map_or(u64::MAX, |d| now_ns().saturating_add(d.as_nanos() as u64));
        Ok(Arc::new(Instance {
            id,
            rules_loaded: s.enabled_rules as u64,
            cfg,
            shared,
            worker: Mutex::new(Some(handle)),
            paused: AtomicBool::new(false),
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
            record::append(&mut buf, &rec);
            n += 1;
        }
        while n < self.cfg.max_records_per_collect {
            let Some(rec) = q.pop() else { break };
            if !buf.is_empty() && buf.len() + rec.len() > self.cfg.max_bytes_per_collect {
                *carry = Some(rec);
                break;
            }
            record::append(&mut buf, &rec);
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
            if let Ok(rec) = record::overflow_alert(
                &self.cfg.hostname,
                now,
                &ep,
                q.capacity(),
                q.policy().as_str(),
            ) {
                record::append(&mut buf, &rec);
            }
        }
        if now >= self.next_stats_ns.load(Ordering::Relaxed) {
            if let Some(every) = self.cfg.stats_interval {
                self.next_stats_ns.store(
                    now.saturating_add(every.as_nanos() as u64),
                    Ordering::Relaxed,
                );
                if let Ok(rec) = record::stats(&self.cfg.hostname, now, &self.stats()) {
                    record::append(&mut buf, &rec);
                }
            }
        }
        (!buf.is_empty()).then_some(buf)
    }

    /// The counters now.
    pub fn stats(&self) -> Stats {
        let sh = &self.shared;
        Stats {
            events_seen: sh.source_seen.load(Ordering::Relaxed),
            events_sent: sh.source_sent.load(Ordering::Relaxed),
            events_dropped: sh.source_dropped.load(Ordering::Relaxed),
            events_processed: sh.events_processed.load(Ordering::Relaxed),
            alerts_emitted: sh.alerts_emitted.load(Ordering::Relaxed),
            alerts_sent: self.alerts_sent.load(Ordering::Relaxed),
            alerts_dropped: sh.queue.dropped_total(),
            alerts_queued: sh.queue.len() as u64,
            rules_loaded: self.rules_loaded,
            threads_tracked: sh.threads_tracked.load(Ordering::Relaxed),
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

    /// `FLBPluginInputPreExit`: asks the worker to stop.
    pub fn pre_exit(&self) {
        self.shared.stop.store(true, Ordering::Release);
    }

    /// `FLBPluginExit`: stops and joins the worker, and reports alerts that can no longer be
    /// delivered (Fluent Bit stops collecting before it calls exit). Returns their number.
    pub fn exit(&self) -> u64 {
        self.shared.stop.store(true, Ordering::Release);
        let handle = self.worker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
        let carried = self
            .carry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .is_some() as u64;
        let mut lost = carried;
        while self.shared.queue.pop().is_some() {
            lost += 1;
        }
        if lost > 0 {
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
