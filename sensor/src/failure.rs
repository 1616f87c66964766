//! What the sensor does when its event source fails while running (BPF detached, the ring buffer
//! unreadable, a panic while evaluating): the policy ([`OnFailure`]), the wait between restart
//! attempts ([`Backoff`]) and the two internal alerts that bracket the blind window, one when the
//! source fails and one when it runs again. A sensor never goes quiet without saying so.
//!
//! Place in the data flow: beside it; the runtime applies the policy and hands the alerts to the
//! sink like any alert.

use crate::internal::InternalAlert;
use std::time::Duration;
use syssentry_engine::output::rfc3339_nanos;
use syssentry_engine::rules::Priority;

/// The rule name of the alert raised when the source fails.
pub const FAILED_RULE: &str = "syssentry internal: event source failed";
/// The rule name of the alert raised when a failed source runs again.
pub const RECOVERED_RULE: &str = "syssentry internal: event source recovered";

/// What to do when the event source fails while running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnFailure {
    /// Open the source again, waiting longer after each failed attempt ([`Backoff`]); the state
    /// tables are kept (and completed from `/proc` when the source is back).
    #[default]
    Restart,
    /// Stop: `syssentry run` exits with a non-zero status, the plugin stops Fluent Bit with a
    /// non-zero status (for orchestrators that restart the pod or task).
    Exit,
    /// Keep running without the source (the host process goes on with its other work; the
    /// failure is reported, and stats say the source is down).
    Continue,
}

impl OnFailure {
    /// Every accepted value, for messages.
    pub const VALUES: &'static str = "restart, exit or continue";

    /// The value as written in configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            OnFailure::Restart => "restart",
            OnFailure::Exit => "exit",
            OnFailure::Continue => "continue",
        }
    }
}

impl std::str::FromStr for OnFailure {
    type Err = ();

    fn from_str(s: &str) -> Result<OnFailure, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "restart" => Ok(OnFailure::Restart),
            "exit" => Ok(OnFailure::Exit),
            "continue" => Ok(OnFailure::Continue),
            _ => Err(()),
        }
    }
}

/// The wait before each restart attempt: `first`, doubling after every failed attempt up to
/// `max`, back to `first` once the source runs again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
}

impl Default for Backoff {
    /// One second, doubling up to a minute.
    fn default() -> Self {
        Backoff::new(Duration::from_secs(1), Duration::from_secs(60))
    }
}

impl Backoff {
    /// Waits from `first` up to `max`.
    pub fn new(first: Duration, max: Duration) -> Backoff {
        Backoff { first, max: max.max(first), next: first }
    }

    /// The wait before the next attempt; the one after it is twice as long (up to the maximum).
    pub fn next_wait(&mut self) -> Duration {
        let wait = self.next;
        self.next = (self.next * 2).min(self.max);
        wait
    }

    /// The source runs again: the next failure waits `first` again.
    pub fn reset(&mut self) {
        self.next = self.first;
    }
}

/// The alert raised when the source fails: what failed and why, and what happens next.
pub fn failed_alert(source: &str, error: &str, policy: OnFailure, retry_in: Option<Duration>, now_ns: u64) -> InternalAlert {
    let next = match (policy, retry_in) {
        (OnFailure::Restart, Some(d)) => format!("the sensor opens it again in {} ms", d.as_millis()),
        (OnFailure::Restart, None) => "the sensor opens it again".to_string(),
        (OnFailure::Exit, _) => "the sensor stops (on_failure exit)".to_string(),
        (OnFailure::Continue, _) => "the sensor runs on without it (on_failure continue)".to_string(),
    };
    let mut f = serde_json::Map::new();
    f.insert("error".into(), error.into());
    f.insert("on_failure".into(), policy.as_str().into());
    f.insert("retry_in_ms".into(), retry_in.map(|d| d.as_millis() as u64).into());
    f.insert("source".into(), source.into());
    InternalAlert {
        time_ns: now_ns,
        rule: FAILED_RULE,
        priority: Priority::Critical,
        output: format!(
            "{FAILED_RULE}. The {source} source stopped: {error}. No event is evaluated until it runs again; {next}."
        ),
        output_fields: f,
    }
}

/// The alert raised when a failed source runs again: how long the sensor was blind.
pub fn recovered_alert(source: &str, failed_at_ns: u64, attempts: u64, reseeded: &str, now_ns: u64) -> InternalAlert {
    let blind_ns = now_ns.saturating_sub(failed_at_ns);
    let mut f = serde_json::Map::new();
    f.insert("attempts".into(), attempts.into());
    f.insert("blind_ms".into(), (blind_ns / 1_000_000).into());
    f.insert("blind_since".into(), rfc3339_nanos(failed_at_ns).into());
    f.insert("reseeded".into(), reseeded.into());
    f.insert("source".into(), source.into());
    InternalAlert {
        time_ns: now_ns,
        rule: RECOVERED_RULE,
        priority: Priority::Critical,
        output: format!(
            "{RECOVERED_RULE}. The {source} source runs again after {attempts} attempt(s); events between {} and now \
({} ms) were not evaluated; {reseeded}.",
            rfc3339_nanos(failed_at_ns),
            blind_ns / 1_000_000
        ),
        output_fields: f,
    }
}

/// The message a panic carried (a `&str` or `String` payload), for the failure it becomes.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse_and_print() {
        for p in [OnFailure::Restart, OnFailure::Exit, OnFailure::Continue] {
            assert_eq!(p.as_str().parse::<OnFailure>(), Ok(p));
        }
        assert_eq!(" EXIT ".parse::<OnFailure>(), Ok(OnFailure::Exit));
        assert!("retry".parse::<OnFailure>().is_err());
        assert_eq!(OnFailure::default(), OnFailure::Restart);
    }

    #[test]
    fn backoff_doubles_to_its_maximum_and_resets() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_millis(500));
        let waits: Vec<u128> = (0..5).map(|_| b.next_wait().as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        b.reset();
        assert_eq!(b.next_wait(), Duration::from_millis(100));
    }

    #[test]
    fn the_two_alerts_say_what_happened_and_for_how_long() {
        let t0 = 1_700_000_000_000_000_000;
        let a = failed_alert("ebpf", "polling the ring buffer failed: EBADF", OnFailure::Restart, Some(Duration::from_secs(1)), t0);
        assert_eq!(a.priority, Priority::Critical);
        assert_eq!(a.rule, FAILED_RULE);
        assert!(a.output.contains("The ebpf source stopped: polling the ring buffer failed") && a.output.contains("in 1000 ms"), "{}", a.output);
        let j = a.to_json("node-1");
        assert_eq!(j["source"], "internal");
        assert_eq!(j["priority"], "Critical");
        assert_eq!(j["output_fields"]["retry_in_ms"], 1000);
        let r = recovered_alert("ebpf", t0, 2, "42 processes learnt again from /proc", t0 + 2_500_000_000);
        assert_eq!(r.priority, Priority::Critical);
        assert_eq!(r.output_fields["blind_ms"], 2500);
        assert_eq!(r.output_fields["blind_since"], "2023-11-14T22:13:20.000000000Z");
        assert!(r.output.contains("after 2 attempt(s)") && r.output.contains("(2500 ms)"), "{}", r.output);
    }
}
