//! The wall clock the sensor stamps its own records with (internal alerts, stats), in
//! nanoseconds since the Unix epoch. Events carry their own time from capture.
//!
//! Not on the event path: read once per batch at most.

use std::time::{SystemTime, UNIX_EPOCH};

/// Nanoseconds since the Unix epoch, now (0 if the clock is before the epoch).
pub fn now_ns() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

/// A clock the runtime reads; tests pass a fake one.
pub type Clock = fn() -> u64;
