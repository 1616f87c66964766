//! Kernel event drops turned into the internal alert Falco users know (`Falco internal: syscall
//! event drop`), rate limited.
//!
//! Place in the data flow: capture counters (events delivered, events dropped because the ring
//! was full) → **[`DropMonitor`]** → an internal alert beside the rule alerts → sink. The monitor
//! is a pure state machine: the caller passes the clock and the counter totals, so it is tested
//! without sleeping.
//!
//! Like Falco, the counters are compared once per second; a second with new drops (and a drop
//! ratio above [`DropPolicy::threshold`]) is one *occurrence*; occurrences become alerts at most
//! once per [`DropPolicy::min_alert_gap_ns`] (Falco's default token bucket: one token every 30 s,
//! burst of one).

use crate::internal::InternalAlert;
use syssentry_engine::rules::Priority;

/// The rule name of the internal alert.
pub const DROP_RULE: &str = "Falco internal: syscall event drop";

const SECOND_NS: u64 = 1_000_000_000;

/// When drops become alerts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DropPolicy {
    /// How often the counters are compared (Falco: one second).
    pub check_interval_ns: u64,
    /// Minimum time between two alerts while drops continue (Falco's default: 30 s).
    pub min_alert_gap_ns: u64,
    /// Drops over events in one interval above which the interval counts (0: any drop counts;
    /// Falco's `syscall_event_drops.threshold` defaults to 0.1).
    pub threshold: f64,
}

impl Default for DropPolicy {
    fn default() -> Self {
        DropPolicy { check_interval_ns: SECOND_NS, min_alert_gap_ns: 30 * SECOND_NS, threshold: 0.0 }
    }
}

/// Cumulative capture counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DropCounters {
    /// Events the kernel side tried to deliver (delivered plus dropped).
    pub n_evts: u64,
    /// Events dropped because the ring buffer was full.
    pub n_drops: u64,
    /// Of `n_drops`: events a loaded rule could have matched (the others were sent for the state
    /// tables only; events no rule can match and the state does not need are left in the kernel
    /// and never counted here).
    pub n_drops_relevant: u64,
}

/// One drop alert: the counts of the interval that raised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DropReport {
    /// When it was raised, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// Events in the interval (including the dropped ones).
    pub n_evts: u64,
    /// Events dropped in the interval.
    pub n_drops: u64,
    /// Of those, events a loaded rule could have matched.
    pub n_drops_relevant: u64,
}

impl DropReport {
    /// The alert's message, as Falco words it, then how many of the drops could have matched a
    /// rule.
    pub fn message(&self) -> String {
        format!(
            "{DROP_RULE}. {} system calls dropped in last second ({} could have matched a rule, {} were for the state only).",
            self.n_drops,
            self.n_drops_relevant,
            self.n_drops - self.n_drops_relevant.min(self.n_drops)
        )
    }

    /// The internal alert, as Falco raises it: priority `Debug`, counts as strings.
    pub fn alert(&self) -> InternalAlert {
        let n = |v: u64| serde_json::Value::String(v.to_string());
        let mut fields = serde_json::Map::new();
        fields.insert("ebpf_enabled".into(), serde_json::Value::String("1".into()));
        fields.insert("n_drops".into(), n(self.n_drops));
        fields.insert("n_drops_buffer_total".into(), n(self.n_drops));
        fields.insert("n_drops_relevant".into(), n(self.n_drops_relevant));
        fields.insert("n_evts".into(), n(self.n_evts));
        InternalAlert {
            time_ns: self.time_ns,
            rule: DROP_RULE,
            priority: Priority::Debug,
            output: self.message(),
            output_fields: fields,
        }
    }
}

/// Watches the capture counters and decides when drops raise an alert.
#[derive(Debug, Clone)]
pub struct DropMonitor {
    policy: DropPolicy,
    last: Option<DropCounters>,
    next_check_ns: u64,
    last_alert_ns: Option<u64>,
    /// Intervals that had drops above the threshold.
    pub occurrences: u64,
    /// Alerts raised.
    pub alerts: u64,
}

impl DropMonitor {
    /// A monitor with the given policy; the first observation sets the baseline.
    pub fn new(policy: DropPolicy) -> DropMonitor {
        DropMonitor { policy, last: None, next_check_ns: 0, last_alert_ns: None, occurrences: 0, alerts: 0 }
    }

    /// Feeds the counter totals at `now_ns`. Returns an alert when an interval has ended with
    /// new drops and the last alert is at least the policy's gap old. Counters that go backwards
    /// (a restarted capture) start a new baseline.
    pub fn observe(&mut self, now_ns: u64, totals: DropCounters) -> Option<DropReport> {
        let Some(last) = self.last else {
            self.last = Some(totals);
            self.next_check_ns = now_ns.saturating_add(self.policy.check_interval_ns);
            return None;
        };
        if now_ns < self.next_check_ns {
            return None;
        }
        self.next_check_ns = now_ns.saturating_add(self.policy.check_interval_ns);
        self.last = Some(totals);
        if totals.n_drops < last.n_drops || totals.n_evts < last.n_evts {
            return None;
        }
        let n_drops = totals.n_drops - last.n_drops;
        let n_evts = totals.n_evts - last.n_evts;
        let n_drops_relevant = totals.n_drops_relevant.saturating_sub(last.n_drops_relevant);
        if n_drops == 0 {
            return None;
        }
        let ratio = n_drops as f64 / n_evts.max(n_drops) as f64;
        if ratio <= self.policy.threshold {
            return None;
        }
        self.occurrences += 1;
        if let Some(prev) = self.last_alert_ns {
            if now_ns.saturating_sub(prev) < self.policy.min_alert_gap_ns {
                return None;
            }
        }
        self.last_alert_ns = Some(now_ns);
        self.alerts += 1;
        Some(DropReport { time_ns: now_ns, n_evts, n_drops, n_drops_relevant })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = SECOND_NS;

    fn c(n_evts: u64, n_drops: u64) -> DropCounters {
        DropCounters { n_evts, n_drops, n_drops_relevant: n_drops / 2 }
    }

    #[test]
    fn one_alert_per_thirty_seconds_while_drops_continue() {
        let mut m = DropMonitor::new(DropPolicy::default());
        let t0 = 1_700_000_000 * S;
        assert_eq!(m.observe(t0, c(0, 0)), None, "baseline");
        // Drops every second for 65 seconds: alerts at 1 s, 31 s and 61 s only.
        let mut alerts = Vec::new();
        for i in 1..=65u64 {
            if let Some(r) = m.observe(t0 + i * S, c(i * 1000, i * 10)) {
                alerts.push((i, r));
            }
        }
        let at: Vec<u64> = alerts.iter().map(|a| a.0).collect();
        assert_eq!(at, [1, 31, 61]);
        assert_eq!(alerts[0].1, DropReport { time_ns: t0 + S, n_evts: 1000, n_drops: 10, n_drops_relevant: 5 });
        assert_eq!(m.occurrences, 65);
        assert_eq!(m.alerts, 3);
    }

    #[test]
    fn checks_once_per_interval_and_counts_the_whole_interval() {
        let mut m = DropMonitor::new(DropPolicy::default());
        m.observe(0, c(0, 0));
        assert_eq!(m.observe(S / 2, c(50, 5)), None, "interval not over");
        let r = m.observe(S, c(100, 7)).expect("drops in the interval");
        assert_eq!((r.n_evts, r.n_drops), (100, 7));
        // No new drops: nothing, and the alert gap is not consumed.
        assert_eq!(m.observe(2 * S, c(200, 7)), None);
        assert_eq!(m.occurrences, 1);
    }

    #[test]
    fn quiet_periods_do_not_alert_and_the_gap_runs_from_the_last_alert() {
        let mut m = DropMonitor::new(DropPolicy::default());
        m.observe(0, c(0, 0));
        assert!(m.observe(S, c(10, 1)).is_some());
        assert!(m.observe(2 * S, c(20, 1)).is_none());
        assert!(m.observe(20 * S, c(30, 2)).is_none(), "within 30 s of the last alert");
        assert!(m.observe(31 * S, c(40, 3)).is_some());
    }

    #[test]
    fn threshold_and_counter_resets() {
        let mut m = DropMonitor::new(DropPolicy { threshold: 0.1, ..DropPolicy::default() });
        m.observe(0, c(0, 0));
        assert!(m.observe(S, c(1000, 100)).is_none(), "10% is not above 10%");
        assert!(m.observe(2 * S, c(2000, 201)).is_some());
        assert!(m.observe(3 * S, c(5, 1)).is_none(), "counters went backwards: new baseline");
        assert_eq!(m.occurrences, 1);
    }

    #[test]
    fn json_has_falcos_internal_alert_schema() {
        let r = DropReport { time_ns: 1_700_000_000 * S + 5, n_evts: 1234, n_drops: 56, n_drops_relevant: 6 };
        let line = r.alert().to_json_line("node-1");
        assert_eq!(
            line,
            "{\"hostname\":\"node-1\",\"output\":\"Falco internal: syscall event drop. 56 system calls dropped in last second \
(6 could have matched a rule, 50 were for the state only).\",\
\"output_fields\":{\"ebpf_enabled\":\"1\",\"n_drops\":\"56\",\"n_drops_buffer_total\":\"56\",\"n_drops_relevant\":\"6\",\"n_evts\":\"1234\"},\
\"priority\":\"Debug\",\"rule\":\"Falco internal: syscall event drop\",\"source\":\"internal\",\
\"time\":\"2023-11-14T22:13:20.000000005Z\"}"
        );
    }
}
