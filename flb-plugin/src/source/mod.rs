//! Event sources: what feeds the plugin's worker thread with events. The kernel through eBPF in
//! production ([`ebpf`]); a scripted synthetic scenario ([`synthetic`]) for trying the pipeline
//! without root or BPF and for the host-harness tests.
//!
//! Place in the data flow: **capture** (or the synthetic script) → event → state → evaluation.
//!
//! A source is created on the worker thread (so it need not be `Send`), seeds the state tables
//! before the first event (from `/proc` for the kernel source), and is then polled in a loop.

pub mod ebpf;
pub mod synthetic;

use crate::config::{Config, SourceKind};
use crate::log::Log;
use std::time::Duration;
use syssentry_engine::eval::RuleSet;
use syssentry_engine::event::Event;
use syssentry_engine::state::State;

/// Cumulative counters of a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceCounters {
    /// Events the producer saw (delivered plus dropped).
    pub seen: u64,
    /// Events delivered to the plugin.
    pub sent: u64,
    /// Events lost before the plugin (kernel ring buffer full).
    pub dropped: u64,
}

/// Why a source could not start or stopped working.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The kernel capture cannot run here (no root, no BTF, no BPF, ...).
    #[error("{message}")]
    Capture {
        /// What is missing or failed, as the capture layer words it.
        message: String,
    },
    /// `/proc` cannot be read to seed the state.
    #[error("cannot seed process state from {path}: {message}")]
    Seed {
        /// The procfs path.
        path: String,
        /// Why.
        message: String,
    },
}

/// A producer of events.
pub trait EventSource {
    /// Fills the state tables with what exists before the first event. Returns a line for the
    /// log.
    fn seed(&mut self, state: &mut State) -> Result<String, SourceError>;

    /// Hands every event available within `timeout` to `f`; returns how many.
    fn poll(&mut self, timeout: Duration, f: &mut dyn FnMut(&Event)) -> Result<usize, SourceError>;

    /// The counters so far.
    fn counters(&self) -> SourceCounters;

    /// Whether the source has nothing more to send (the synthetic source with a count).
    fn finished(&self) -> bool {
        false
    }
}

/// Opens the configured source, asking for what `rules` and the state tables need.
pub fn open(cfg: &Config, rules: &RuleSet, log: &dyn Log) -> Result<Box<dyn EventSource>, SourceError> {
    match cfg.source {
        SourceKind::Ebpf => ebpf::open(cfg, rules, log),
        SourceKind::Synthetic { rate, count } => {
            Ok(Box::new(synthetic::Synthetic::new(rate, count)))
        }
    }
}
