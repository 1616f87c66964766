//! What the worker thread and Fluent Bit's callbacks share: the alert queue, the stop flag and
//! the sensor's counters.
//!
//! Place in the data flow: between evaluation (the worker pushes records) and the sink end (the
//! collect callback drains them).

use crate::queue::AlertQueue;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Arc;
use syssentry_sensor::stats::SensorStats;

/// State shared by the worker thread and the collect callback.
#[derive(Debug)]
pub struct Shared {
    /// The alert queue.
    pub queue: AlertQueue,
    /// Set to make the worker return.
    pub stop: AtomicBool,
    /// The sensor's counters.
    pub stats: Arc<SensorStats>,
    /// Records that failed to encode (never expected).
    pub encode_errors: AtomicU64,
    /// The worker has left the runtime.
    pub finished: AtomicBool,
}

impl Shared {
    /// Fresh counters around a queue.
    pub fn new(queue: AlertQueue) -> Shared {
        Shared {
            queue,
            stop: AtomicBool::new(false),
            stats: Arc::new(SensorStats::default()),
            encode_errors: AtomicU64::new(0),
            finished: AtomicBool::new(false),
        }
    }
}
