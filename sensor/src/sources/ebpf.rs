//! The kernel source: eBPF capture (`syssentry-capture-bpf`) configured from the rules, and state
//! seeding from the host's `/proc`.
//!
//! Place in the data flow: **capture** → event → state → evaluation.
//!
//! Capture is started before `/proc` is scanned (Falco's order), so processes that start during
//! the scan are seen by events.

use crate::host::{check_host, Refusal};
use crate::plan::capture_config;
use crate::procfs::{seed_state, SeedOptions};
use crate::source::{SeedSummary, Source, SourceCounters, SourceError, SourceOpener};
use std::path::{Path, PathBuf};
use std::time::Duration;
use syssentry_capture_bpf::{Capture, CaptureConfig};
use syssentry_engine::eval::RuleSet;
use syssentry_engine::event::Event;
use syssentry_engine::state::State;

/// How the kernel source runs.
#[derive(Debug, Clone)]
pub struct EbpfOptions {
    /// What to capture ([`capture_config`] of the rules, with the ring size set).
    pub capture: CaptureConfig,
    /// The directory holding the host's `proc/` and `etc/` (`/`, or a host mount in a container).
    pub host_root: PathBuf,
}

impl EbpfOptions {
    /// What running `rules` needs, with a ring buffer of `ring_bytes`, seeding from
    /// `host_root`.
    pub fn for_rules(rules: &RuleSet, ring_bytes: usize, host_root: &Path) -> EbpfOptions {
        let mut capture = capture_config(rules);
        capture.ring_bytes = ring_bytes;
        EbpfOptions { capture, host_root: host_root.to_path_buf() }
    }
}

/// The running kernel capture; dropping it detaches the BPF programs.
#[derive(Debug)]
pub struct EbpfSource {
    capture: Capture,
    host_root: PathBuf,
}

impl EbpfSource {
    /// Checks the host ([`check_host`]), then loads and attaches the BPF programs; anything
    /// that stops capture from starting is a [`Refusal`] that says what to do.
    pub fn open(opts: &EbpfOptions) -> Result<EbpfSource, SourceError> {
        check_host()?;
        let capture = Capture::start(&opts.capture).map_err(|source| Refusal::NoBpf { source })?;
        Ok(EbpfSource { capture, host_root: opts.host_root.clone() })
    }
}

/// Opens the kernel source for the runtime, again at every restart.
pub fn opener(opts: EbpfOptions) -> SourceOpener {
    Box::new(move || Ok(Box::new(EbpfSource::open(&opts)?) as Box<dyn Source>))
}

impl Source for EbpfSource {
    fn name(&self) -> &'static str {
        "ebpf"
    }

    fn seed(&mut self, state: &mut State) -> Result<SeedSummary, SourceError> {
        let opts = SeedOptions {
            proc_root: self.host_root.join("proc"),
            etc_root: self.host_root.join("etc"),
            ..SeedOptions::default()
        };
        let r = seed_state(state, &opts)?;
        // Only now may opens be left in the kernel: a file opened before the seeding read its
        // process's fds would be in the state without its close.
        self.capture.set_filter_on(true)?;
        Ok(SeedSummary {
            from: opts.proc_root.display().to_string(),
            processes: r.processes,
            threads: r.threads,
            fds: r.fds,
            users: r.users,
            groups: r.groups,
            millis: r.elapsed.as_millis(),
            deadline_hit: r.deadline_hit,
        })
    }

    fn poll(&mut self, timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> Result<usize, SourceError> {
        Ok(self.capture.poll(timeout, on_event)?)
    }

    fn backlog(&self) -> Option<f64> {
        Some(self.capture.backlog())
    }

    fn stop(&mut self) {
        // Whatever the kernel already wrote stays in the ring for the drain.
        self.capture.detach();
    }

    fn counters(&self) -> SourceCounters {
        let s = self.capture.stats();
        SourceCounters {
            seen: s.seen,
            sent: s.sent,
            dropped: s.dropped,
            dropped_relevant: s.dropped_relevant,
            filtered: s.filtered,
            read_failures: s.read_failures,
            decode_errors: s.decode_errors,
        }
    }
}
