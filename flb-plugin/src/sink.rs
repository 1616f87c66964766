//! The plugin's sink: every alert the sensor raises is encoded once as a Fluent Bit record and
//! queued for the collect callback.
//!
//! Place in the data flow: output → **msgpack record → queue** → collect callback → Fluent Bit.
//! It runs on the worker thread and never blocks: a full queue drops by its policy and counts.

use syssentry_sensor::clock::now_ns;
use crate::msgpack;
use crate::shared::Shared;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use syssentry_engine::event::Event;
use syssentry_engine::output::Alert;
use syssentry_engine::state::State;
use syssentry_sensor::internal::InternalAlert;
use syssentry_sensor::sink::{AlertSink, SinkError};

/// Encodes alerts into the instance's queue.
#[derive(Debug)]
pub struct QueueSink {
    shared: Arc<Shared>,
    hostname: Arc<str>,
}

impl QueueSink {
    /// A sink into `shared`'s queue; internal alerts carry `hostname`.
    pub fn new(shared: Arc<Shared>, hostname: Arc<str>) -> QueueSink {
        QueueSink { shared, hostname }
    }
}

impl AlertSink for QueueSink {
    fn alert(&mut self, alert: &Alert, _event: &Event, _state: Option<&State>) -> Result<(), SinkError> {
        match msgpack::alert(alert) {
            Ok(rec) => {
                self.shared.queue.push(rec, alert.time_ns);
            }
            Err(_) => {
                self.shared.encode_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    }

    fn internal(&mut self, alert: &InternalAlert) -> Result<(), SinkError> {
        match msgpack::internal(alert, &self.hostname) {
            Ok(rec) => {
                self.shared.queue.push(rec, now_ns());
            }
            Err(_) => {
                self.shared.encode_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    }
}
