//! Where alerts go: the [`AlertSink`] interface the runtime hands every rule alert and internal
//! alert to. `syssentry run` writes JSON lines ([`crate::sinks::JsonLines`]), the plugin encodes
//! msgpack records into its queue for Fluent Bit, `trigger --verify` keeps alerts with the
//! process lineage that caused them.
//!
//! Place in the data flow: output (an `Alert`) or the runtime's own observations (an
//! [`InternalAlert`]) → **sink**.

use crate::internal::InternalAlert;
use crate::stats::StatsSnapshot;
use syssentry_engine::event::Event;
use syssentry_engine::output::Alert;
use syssentry_engine::state::State;

/// Why a sink could not take an alert; the runtime stops on it.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// Writing failed (e.g. stdout closed).
    #[error("writing alerts to {target} failed: {source}")]
    Write {
        /// What was written to (`stdout`).
        target: &'static str,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// A consumer of alerts. Called on the runtime's thread only.
pub trait AlertSink {
    /// A rule's alert raised by `event`. `state` is the state as the event left it (before
    /// the event's deferred removals: the process of a `procexit` is still there) when one
    /// thread evaluates; with several, the event was evaluated on a copy of the state on
    /// another thread and `state` is `None` (a sink that needs it says so with
    /// [`AlertSink::reads_state`]).
    fn alert(&mut self, alert: &Alert, event: &Event, state: Option<&State>) -> Result<(), SinkError>;

    /// Whether [`AlertSink::alert`] needs the state: the runtime then evaluates on its own
    /// thread only, so that it can always be given.
    fn reads_state(&self) -> bool {
        false
    }

    /// An alert the sensor raises about itself (kernel drops, the source failing or recovering).
    fn internal(&mut self, alert: &InternalAlert) -> Result<(), SinkError>;

    /// The end of a batch: make what was written visible.
    fn flush(&mut self) -> Result<(), SinkError> {
        Ok(())
    }

    /// Periodic statistics, when the runtime was asked for them (`stats_interval`).
    fn report(&mut self, _stats: &StatsSnapshot) {}
}
