//! The sensor's counters: one set, kept by the runtime and read by every front end —
//! `syssentry run`'s report on stderr, the plugin's stats records, `trigger --verify`'s summary.
//!
//! Place in the data flow: beside it. The runtime counts in plain integers on its thread and
//! publishes them here once per batch; readers on other threads (Fluent Bit's collect callback)
//! take a [`StatsSnapshot`] at any time.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::source::SourceCounters;

/// Counters shared between the runtime's thread and its readers.
#[derive(Debug, Default)]
pub struct SensorStats {
    seen: AtomicU64,
    sent: AtomicU64,
    dropped: AtomicU64,
    read_failures: AtomicU64,
    decode_errors: AtomicU64,
    events: AtomicU64,
    alerts: AtomicU64,
    internal_alerts: AtomicU64,
    drop_occurrences: AtomicU64,
    drop_alerts: AtomicU64,
    service_updates: AtomicU64,
    source_failures: AtomicU64,
    source_recoveries: AtomicU64,
    restart_attempts_failed: AtomicU64,
    source_down: AtomicBool,
    threads: AtomicU64,
    threads_refused: AtomicU64,
    fds_refused: AtomicU64,
    users_refused: AtomicU64,
    groups_refused: AtomicU64,
    dns_refused: AtomicU64,
    placeholder_threads: AtomicU64,
    threads_removed: AtomicU64,
    alerts_by_rule: Mutex<BTreeMap<String, u64>>,
}

/// The counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    /// Capture counters, over every source opened (restarts included).
    pub capture: SourceCounters,
    /// Events evaluated.
    pub events: u64,
    /// Rule alerts raised.
    pub alerts: u64,
    /// Internal alerts raised (drops, source failures and recoveries).
    pub internal_alerts: u64,
    /// Seconds with kernel drops.
    pub drop_occurrences: u64,
    /// Drop alerts raised (at most one per 30 s).
    pub drop_alerts: u64,
    /// State updates side services applied (resolved domain names, ...).
    pub service_updates: u64,
    /// Times the source failed while running.
    pub source_failures: u64,
    /// Times a failed source was opened again.
    pub source_recoveries: u64,
    /// Attempts to open a failed source again that failed too.
    pub restart_attempts_failed: u64,
    /// The source is down now (failed, not yet recovered).
    pub source_down: bool,
    /// Threads in the state table.
    pub threads: u64,
    /// Threads the table's cap refused.
    pub threads_refused: u64,
    /// Fds the per-process cap refused.
    pub fds_refused: u64,
    /// Users the table's cap refused.
    pub users_refused: u64,
    /// Groups the table's cap refused.
    pub groups_refused: u64,
    /// Domain names the table's cap refused.
    pub dns_refused: u64,
    /// Threads first seen in an event, not at their creation.
    pub placeholder_threads: u64,
    /// Threads removed (exited, or evicted).
    pub threads_removed: u64,
    /// Rule alerts by rule name.
    pub alerts_by_rule: BTreeMap<String, u64>,
}

/// What the runtime publishes after a batch.
#[derive(Debug, Clone, Default)]
pub(crate) struct Published {
    pub capture: SourceCounters,
    pub events: u64,
    pub alerts: u64,
    pub internal_alerts: u64,
    pub drop_occurrences: u64,
    pub drop_alerts: u64,
    pub service_updates: u64,
    pub source_failures: u64,
    pub source_recoveries: u64,
    pub restart_attempts_failed: u64,
    pub source_down: bool,
    pub threads: u64,
    pub state: syssentry_engine::state::StateStats,
    pub users_refused: u64,
    pub groups_refused: u64,
    pub dns_refused: u64,
}

impl SensorStats {
    /// Stores what the runtime counted.
    pub(crate) fn publish(&self, p: &Published) {
        let set = |a: &AtomicU64, v: u64| a.store(v, Ordering::Relaxed);
        set(&self.seen, p.capture.seen);
        set(&self.sent, p.capture.sent);
        set(&self.dropped, p.capture.dropped);
        set(&self.read_failures, p.capture.read_failures);
        set(&self.decode_errors, p.capture.decode_errors);
        set(&self.events, p.events);
        set(&self.alerts, p.alerts);
        set(&self.internal_alerts, p.internal_alerts);
        set(&self.drop_occurrences, p.drop_occurrences);
        set(&self.drop_alerts, p.drop_alerts);
        set(&self.service_updates, p.service_updates);
        set(&self.source_failures, p.source_failures);
        set(&self.source_recoveries, p.source_recoveries);
        set(&self.restart_attempts_failed, p.restart_attempts_failed);
        self.source_down.store(p.source_down, Ordering::Relaxed);
        set(&self.threads, p.threads);
        set(&self.threads_refused, p.state.threads_dropped);
        set(&self.fds_refused, p.state.fds_dropped);
        set(&self.users_refused, p.users_refused);
        set(&self.groups_refused, p.groups_refused);
        set(&self.dns_refused, p.dns_refused);
        set(&self.placeholder_threads, p.state.placeholder_threads);
        set(&self.threads_removed, p.state.threads_removed);
    }

    /// Counts one alert of `rule` (called on alerts only, which are rare).
    pub(crate) fn count_rule(&self, rule: &str) {
        let mut m = self.alerts_by_rule.lock().unwrap_or_else(|e| e.into_inner());
        match m.get_mut(rule) {
            Some(n) => *n += 1,
            None => {
                m.insert(rule.to_string(), 1);
            }
        }
    }

    /// The counters now.
    pub fn snapshot(&self) -> StatsSnapshot {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        StatsSnapshot {
            capture: SourceCounters {
                seen: get(&self.seen),
                sent: get(&self.sent),
                dropped: get(&self.dropped),
                read_failures: get(&self.read_failures),
                decode_errors: get(&self.decode_errors),
            },
            events: get(&self.events),
            alerts: get(&self.alerts),
            internal_alerts: get(&self.internal_alerts),
            drop_occurrences: get(&self.drop_occurrences),
            drop_alerts: get(&self.drop_alerts),
            service_updates: get(&self.service_updates),
            source_failures: get(&self.source_failures),
            source_recoveries: get(&self.source_recoveries),
            restart_attempts_failed: get(&self.restart_attempts_failed),
            source_down: self.source_down.load(Ordering::Relaxed),
            threads: get(&self.threads),
            threads_refused: get(&self.threads_refused),
            fds_refused: get(&self.fds_refused),
            users_refused: get(&self.users_refused),
            groups_refused: get(&self.groups_refused),
            dns_refused: get(&self.dns_refused),
            placeholder_threads: get(&self.placeholder_threads),
            threads_removed: get(&self.threads_removed),
            alerts_by_rule: self.alerts_by_rule.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }
}

impl StatsSnapshot {
    /// The report `syssentry run` prints on stderr, one `syssentry:` line per topic.
    pub fn render(&self) -> String {
        let c = &self.capture;
        let mut s = format!(
            "syssentry: events: seen {}, sent {}, dropped {}, read failures {}, decode errors {}, processed {}\n\
syssentry: drops: {} seconds with drops, {} drop alerts\n\
syssentry: source: {} failures, {} recoveries, {} failed restart attempts{}\n\
syssentry: alerts: {}\n",
            c.seen,
            c.sent,
            c.dropped,
            c.read_failures,
            c.decode_errors,
            self.events,
            self.drop_occurrences,
            self.drop_alerts,
            self.source_failures,
            self.source_recoveries,
            self.restart_attempts_failed,
            if self.source_down { "; down now" } else { "" },
            self.alerts,
        );
        for (rule, n) in &self.alerts_by_rule {
            s.push_str(&format!("syssentry:   {n} {rule}\n"));
        }
        s.push_str(&format!(
            "syssentry: state: {} threads; refused by caps: {} threads, {} fds, {} users, {} groups, {} domain names; \
{} placeholder threads, {} threads removed; {} side-service updates\n",
            self.threads,
            self.threads_refused,
            self.fds_refused,
            self.users_refused,
            self.groups_refused,
            self.dns_refused,
            self.placeholder_threads,
            self.threads_removed,
            self.service_updates
        ));
        s
    }
}
