//! The kernel capture as the event loop's [`EventSource`]: the eBPF capture crate's `Capture`,
//! its preflight check and the event types state tracking needs.
//!
//! Place in the data flow: **capture** → event loop.

use super::event_loop::{EventSource, SourceCounters};
use super::require::Refusal;
use std::time::Duration;
use syssentry_capture_bpf::Capture;
use syssentry_engine::eval::RuleSet;
use syssentry_engine::event::{Event, EventTypeSet};

/// What capture's own preflight finds missing (BPF refused, ring buffers unsupported, ...).
pub fn preflight() -> Result<(), Refusal> {
    syssentry_capture_bpf::preflight().map_err(|e| Refusal::NoBpf { detail: e.to_string() })
}

/// The event types the state tables need whatever the rules ask for.
pub fn state_event_types() -> EventTypeSet {
    syssentry_engine::state::tracked_event_types()
}

/// The running kernel capture; dropping it detaches the BPF programs.
pub struct KernelSource {
    capture: Capture,
}

impl KernelSource {
    /// Loads and attaches the BPF programs with a ring buffer of `ring_bytes`, capturing what
    /// `rules` and the state tables need ([`CaptureConfig::for_rules`]).
    pub fn start(ring_bytes: usize, rules: &RuleSet) -> Result<KernelSource, Refusal> {
        let mut cfg = syssentry_sensor::plan::capture_config(rules);
        cfg.ring_bytes = ring_bytes;
        Capture::start(&cfg)
            .map(|capture| KernelSource { capture })
            .map_err(|e| Refusal::NoBpf { detail: e.to_string() })
    }
}

impl EventSource for KernelSource {
    fn poll(&mut self, timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, String> {
        self.capture.poll(timeout, on_event).map_err(|e| e.to_string())
    }

    fn counters(&self) -> SourceCounters {
        let s = self.capture.stats();
        SourceCounters {
            seen: s.seen,
            sent: s.sent,
            dropped: s.dropped,
            read_failures: s.read_failures,
            decode_errors: s.decode_errors,
        }
    }
}
