//! Where events come from: the [`Source`] interface the runtime drives, its counters and its
//! errors. The kernel capture through eBPF is one source, the scripted synthetic scenario
//! another ([`crate::sources`]); tests add their own.
//!
//! Place in the data flow: **source** (capture) → event → state → evaluation → output → sink.
//!
//! A source is opened by a [`SourceOpener`] on the thread that will poll it, so it need not be
//! `Send`; the runtime opens it again with the same opener when it must restart it. Before its
//! first event, a source seeds the state with what already exists (the kernel source from
//! `/proc`), and seeds again after a restart, so that processes started while it was down are
//! known again.

use crate::host::Refusal;
use crate::procfs::ProcfsError;
use std::time::Duration;
use syssentry_capture_bpf::CaptureError;
use syssentry_engine::event::Event;
use syssentry_engine::state::State;

/// Cumulative counters of a source, since it was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceCounters {
    /// Events the producer saw before filtering (the kernel: syscalls of a wanted number).
    pub seen: u64,
    /// Events written towards the sensor (the kernel: records put into the ring buffer).
    pub sent: u64,
    /// Events lost before the sensor (the kernel: the ring buffer was full).
    pub dropped: u64,
    /// Of `dropped`: events a loaded rule could have matched.
    pub dropped_relevant: u64,
    /// Events the producer left out because no loaded rule can match them and the state does
    /// not need them (the kernel's filter).
    pub filtered: u64,
    /// Reads of user memory the producer could not make (the record is sent without the value).
    pub read_failures: u64,
    /// Records the sensor could not decode.
    pub decode_errors: u64,
}

impl SourceCounters {
    /// The sum of two counter sets (the sources a restart retired plus the current one).
    pub fn plus(self, o: SourceCounters) -> SourceCounters {
        SourceCounters {
            seen: self.seen + o.seen,
            sent: self.sent + o.sent,
            dropped: self.dropped + o.dropped,
            dropped_relevant: self.dropped_relevant + o.dropped_relevant,
            filtered: self.filtered + o.filtered,
            read_failures: self.read_failures + o.read_failures,
            decode_errors: self.decode_errors + o.decode_errors,
        }
    }
}

/// What seeding found, for the start-up log line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedSummary {
    /// Where it was read from (`/proc`, `the synthetic scenario`).
    pub from: String,
    /// Processes seeded.
    pub processes: usize,
    /// Threads seeded.
    pub threads: usize,
    /// Fds seeded.
    pub fds: usize,
    /// Users and groups loaded.
    pub users: usize,
    /// Groups loaded.
    pub groups: usize,
    /// Milliseconds the scan took.
    pub millis: u128,
    /// The scan stopped at its deadline (the rest is learnt from events).
    pub deadline_hit: bool,
}

impl std::fmt::Display for SeedSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "state seeded from {}: {} processes, {} threads, {} fds, {} users, {} groups in {} ms",
            self.from, self.processes, self.threads, self.fds, self.users, self.groups, self.millis
        )?;
        if self.deadline_hit {
            f.write_str(" (stopped at the deadline; the rest is learnt from events)")?;
        }
        Ok(())
    }
}

/// Why a source could not open, could not seed, or stopped working.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The host cannot run the kernel capture (privileges, BTF, BPF refused, a program rejected).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The kernel capture failed while running (reading the ring buffer).
    #[error(transparent)]
    Capture(#[from] CaptureError),
    /// The host's `/proc` cannot be read to seed the state.
    #[error("cannot seed process state: {0}")]
    Seed(#[from] ProcfsError),
    /// A source stopped on purpose to rehearse failure handling (the synthetic source's
    /// `fail_after`), after this many events.
    #[error("the synthetic source stopped after {events} events, as configured to rehearse a failure")]
    Rehearsed {
        /// Events it sent before stopping.
        events: u64,
    },
    /// Polling the source panicked (a bug): the message of the panic.
    #[error("the event loop panicked: {message}")]
    Panicked {
        /// The panic's message.
        message: String,
    },
    /// An evaluation thread failed (a panic while evaluating on it): handled like a panic of
    /// the event loop.
    #[error(transparent)]
    Evaluation(#[from] crate::evaluators::EvaluatorError),
}

/// A producer of events.
pub trait Source {
    /// A short name for logs and internal alerts (`ebpf`, `synthetic`).
    fn name(&self) -> &'static str;

    /// Fills the state tables with what exists before the first event.
    fn seed(&mut self, state: &mut State) -> Result<SeedSummary, SourceError>;

    /// Hands every event available within `timeout` to `on_event`; returns how many.
    fn poll(&mut self, timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, SourceError>;

    /// The counters since this source was opened.
    fn counters(&self) -> SourceCounters;

    /// How far behind the reader is after the last poll: the share of the source's buffer still
    /// waiting, from 0 to 1 (the kernel ring), or `None` for a source without one.
    fn backlog(&self) -> Option<f64> {
        None
    }

    /// Stops new events from coming in; later polls hand out only what the source already holds.
    /// The runtime calls it when it stops, before draining the source, so the drain ends.
    fn stop(&mut self) {}
}

/// Opens a source; called again for every restart.
pub type SourceOpener = Box<dyn FnMut() -> Result<Box<dyn Source>, SourceError> + Send>;
