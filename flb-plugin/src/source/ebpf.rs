//! The kernel event source: eBPF capture (`syssentry-capture-bpf`) plus `/proc` seeding.
//!
//! Place in the data flow: **capture** → event → state → evaluation.
//!
//! Capture is started before `/proc` is scanned (Falco's order), so processes that start during
//! the scan are seen by events; the scan itself runs on the worker thread, not in Fluent Bit's
//! init.

use super::{EventSource, SourceCounters, SourceError};
use crate::config::Config;
use crate::log::Log;
use std::path::PathBuf;
use std::time::Duration;
use syssentry_capture_bpf::procfs::{seed_state, SeedOptions};
use syssentry_capture_bpf::{preflight, Capture};
use syssentry_engine::eval::RuleSet;
use syssentry_engine::event::Event;
use syssentry_engine::state::State;

/// The running capture.
pub struct Ebpf {
    capture: Capture,
    proc_root: PathBuf,
    etc_root: PathBuf,
}

/// Checks the host, then loads and attaches the BPF programs capturing what `rules` and the state
/// tables need ([`CaptureConfig::for_rules`]).
pub fn open(cfg: &Config, rules: &RuleSet, _log: &dyn Log) -> Result<Box<dyn EventSource>, SourceError> {
    let cap_err = |e: syssentry_capture_bpf::CaptureError| SourceError::Capture {
        message: e.to_string(),
    };
    preflight().map_err(cap_err)?;
    let mut cc = syssentry_sensor::plan::capture_config(rules);
    cc.ring_bytes = cfg.ring_buffer_bytes;
    let capture = Capture::start(&cc).map_err(cap_err)?;
    Ok(Box::new(Ebpf {
        capture,
        proc_root: cfg.host_root.join("proc"),
        etc_root: cfg.host_root.join("etc"),
    }))
}

impl EventSource for Ebpf {
    fn seed(&mut self, state: &mut State) -> Result<String, SourceError> {
        let opts = SeedOptions {
            proc_root: self.proc_root.clone(),
            etc_root: self.etc_root.clone(),
            ..SeedOptions::default()
        };
        let r = seed_state(state, &opts).map_err(|e| SourceError::Seed {
            path: self.proc_root.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(format!(
            "seeded from {}: {} processes, {} threads, {} fds, {} users, {} groups in {} ms{}",
            self.proc_root.display(),
            r.processes,
            r.threads,
            r.fds,
            r.users,
            r.groups,
            r.elapsed.as_millis(),
            if r.deadline_hit {
                " (deadline hit: the rest is learnt from events)"
            } else {
                ""
            }
        ))
    }

    fn poll(&mut self, timeout: Duration, f: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        self.capture
            .poll(timeout, f)
            .map_err(|e| SourceError::Capture {
                message: e.to_string(),
            })
    }

    fn counters(&self) -> SourceCounters {
        let s = self.capture.stats();
        SourceCounters {
            seen: s.seen,
            sent: s.sent,
            dropped: s.dropped,
        }
    }
}
