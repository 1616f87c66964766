//! The kernel event source: eBPF capture (`syssentry-capture-bpf`) plus `/proc` seeding.
//!
//! Place in the data flow: **capture** → event → state → evaluation.
//!
//! The capture crate's loader is not part of this build yet, so opening this source fails with a
//! message saying so; the `/proc` seeding below is already the production one.

use super::{EventSource, SourceError};
use crate::config::Config;
use crate::log::Log;
use syssentry_engine::event::EventTypeSet;

/// Opens the kernel source.
pub fn open(_cfg: &Config, _wanted: EventTypeSet, _log: &dyn Log) -> Result<Box<dyn EventSource>, SourceError> {
    Err(SourceError::Capture {
        message: "the eBPF capture is not part of this build; use event_source synthetic to try the pipeline".to_string(),
    })
}
