//! [`CaptureStats`]: the kernel's per-CPU counters summed, plus what userspace counted while
//! decoding.
//!
//! Place in the data flow: read from the capture stage at any time by whoever reports
//! health (drop alerts, exit statistics).

use aya::maps::{MapData, PerCpuArray};

use crate::abi::sse_counters;
use crate::error::CaptureError;

/// Capture counters since [`Capture::start`](crate::Capture::start).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaptureStats {
    /// Syscall exits and process events the kernel programs observed (before filtering).
    pub seen: u64,
    /// Records written to the ring buffer.
    pub sent: u64,
    /// Records lost because the ring buffer was full.
    pub dropped: u64,
    /// Of `dropped`: records a loaded rule could have matched (the rest were sent for the
    /// state only).
    pub dropped_relevant: u64,
    /// Events the in-kernel filter left unsent: no loaded rule can match them and the state
    /// does not need them.
    pub filtered: u64,
    /// User or kernel memory reads that failed while building records.
    pub read_failures: u64,
    /// Records userspace could not decode.
    pub decode_errors: u64,
    /// Strings or argument lists that arrived cut at their bound.
    pub truncated: u64,
    /// Events handed to the caller.
    pub delivered: u64,
}

/// Sums the per-CPU `counters` map.
pub(crate) fn kernel_counters(
    map: &PerCpuArray<MapData, sse_counters>,
) -> Result<sse_counters, CaptureError> {
    let vals = map.get(&0, 0).map_err(|source| CaptureError::Map {
        map: "counters",
        source: Box::new(source),
    })?;
    let mut sum = sse_counters::default();
    for c in vals.iter() {
        sum.seen += c.seen;
        sum.sent += c.sent;
        sum.dropped += c.dropped;
        sum.read_fail += c.read_fail;
        sum.filtered += c.filtered;
        sum.dropped_relevant += c.dropped_relevant;
    }
    Ok(sum)
}
