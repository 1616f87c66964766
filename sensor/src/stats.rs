//! The sensor's counters: one set, kept by the runtime and read by every front end —
//! `syssentry run`'s report on stderr, the plugin's stats records, `trigger --verify`'s summary.
//!
//! Place in the data flow: beside it. The runtime counts in a plain [`Counters`] on its thread
//! and publishes a copy here once per batch (alerts by rule as they come, which is rarely);
//! readers on other threads (Fluent Bit's collect callback) take a [`StatsSnapshot`] at any time.

use crate::source::SourceCounters;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Everything the runtime counts but the alerts by rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Capture counters, over every source opened (restarts included).
    pub capture: SourceCounters,
    /// Events evaluated.
    pub events: u64,
    /// Threads that evaluate while the others take part (the runtime's own included).
    pub evaluation_threads: u64,
    /// Events evaluated while the other evaluation threads took part (one thread had fallen
    /// behind capture).
    pub events_shared: u64,
    /// Rule alerts raised.
    pub alerts: u64,
    /// Internal alerts raised (drops, source failures and recoveries).
    pub internal_alerts: u64,
    /// Seconds with kernel drops.
    pub drop_occurrences: u64,
    /// Drop alerts raised (at most one per 30 s).
    pub drop_alerts: u64,
    /// State updates side services applied (resolved domain names, container metadata, ...).
    pub service_updates: u64,
    /// Failures of the side services' outside sources (a container runtime that stopped
    /// answering, ...).
    pub service_failures: u64,
    /// Containers with metadata in the state.
    pub containers: u64,
    /// Containers removed without a destroy event (no process in them for 5 minutes, or making
    /// room in a full table).
    pub container_evictions: u64,
    /// Containers the table's cap refused (every one known was in use).
    pub containers_refused: u64,
    /// Events held until their container's metadata arrived.
    pub events_held: u64,
    /// New containers whose metadata did not arrive within `metadata_wait` (their events were
    /// evaluated with what was known).
    pub metadata_timeouts: u64,
    /// Events evaluated at once because the most that may be held already were.
    pub held_overflow: u64,
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
}

/// The counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    /// The counters.
    pub counters: Counters,
    /// Rule alerts by rule name.
    pub alerts_by_rule: BTreeMap<String, u64>,
}

/// Counters shared between the runtime's thread and its readers.
#[derive(Debug, Default)]
pub struct SensorStats {
    now: Mutex<StatsSnapshot>,
}

impl SensorStats {
    fn lock(&self) -> std::sync::MutexGuard<'_, StatsSnapshot> {
        self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores what the runtime counted.
    pub(crate) fn publish(&self, c: &Counters) {
        self.lock().counters = *c;
    }

    /// Counts one alert of `rule` (called on alerts only, which are rare).
    pub(crate) fn count_rule(&self, rule: &str) {
        let mut s = self.lock();
        match s.alerts_by_rule.get_mut(rule) {
            Some(n) => *n += 1,
            None => {
                s.alerts_by_rule.insert(rule.to_string(), 1);
            }
        }
    }

    /// The counters now.
    pub fn snapshot(&self) -> StatsSnapshot {
        self.lock().clone()
    }
}

impl StatsSnapshot {
    /// The report `syssentry run` prints on stderr, one `syssentry:` line per topic.
    pub fn render(&self) -> String {
        let n = &self.counters;
        let c = &n.capture;
        let mut s = format!(
            "syssentry: events: seen {}, filtered in the kernel {}, sent {}, dropped {} ({} could have matched a rule), read failures {}, decode errors {}, processed {}\n\
syssentry: evaluation: {} threads, {} events evaluated with the other threads taking part\n\
syssentry: drops: {} seconds with drops, {} drop alerts\n\
syssentry: source: {} failures, {} recoveries, {} failed restart attempts{}\n\
syssentry: alerts: {}\n",
            c.seen,
            c.filtered,
            c.sent,
            c.dropped,
            c.dropped_relevant,
            c.read_failures,
            c.decode_errors,
            n.events,
            n.evaluation_threads,
            n.events_shared,
            n.drop_occurrences,
            n.drop_alerts,
            n.source_failures,
            n.source_recoveries,
            n.restart_attempts_failed,
            if n.source_down { "; down now" } else { "" },
            n.alerts,
        );
        for (rule, k) in &self.alerts_by_rule {
            s.push_str(&format!("syssentry:   {k} {rule}\n"));
        }
        s.push_str(&format!(
            "syssentry: state: {} threads; refused by caps: {} threads, {} fds, {} users, {} groups, {} domain names, {} containers; \
{} placeholder threads, {} threads removed; {} containers known ({} evicted), {} events held for metadata ({} timeouts, {} over the bound); side services: {} updates, {} failures\n",
            n.threads,
            n.threads_refused,
            n.fds_refused,
            n.users_refused,
            n.groups_refused,
            n.dns_refused,
            n.containers_refused,
            n.placeholder_threads,
            n.threads_removed,
            n.containers,
            n.container_evictions,
            n.events_held,
            n.metadata_timeouts,
            n.held_overflow,
            n.service_updates,
            n.service_failures
        ));
        s
    }
}
