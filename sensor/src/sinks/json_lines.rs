//! One JSON object per alert per line, in Falco's `json_output` schema, on a writer (stdout for
//! `syssentry run`); periodic statistics on a second writer (stderr).
//!
//! Place in the data flow: output → **JSON lines** → stdout.

use crate::internal::InternalAlert;
use crate::sink::{AlertSink, SinkError};
use crate::stats::StatsSnapshot;
use std::io::Write;
use std::sync::Arc;
use syssentry_engine::event::Event;
use syssentry_engine::output::Alert;
use syssentry_engine::state::State;

/// Writes alerts as JSON lines to `out` (flushed at the end of every batch) and statistics to
/// `report`.
pub struct JsonLines<W: Write, R: Write> {
    out: W,
    report: R,
    target: &'static str,
    hostname: Arc<str>,
}

impl<W: Write, R: Write> JsonLines<W, R> {
    /// Alerts to `out` (named `target` in errors), statistics to `report`; internal alerts carry
    /// `hostname`.
    pub fn new(out: W, target: &'static str, report: R, hostname: Arc<str>) -> Self {
        JsonLines { out, report, target, hostname }
    }

    /// The writers back.
    pub fn into_inner(self) -> (W, R) {
        (self.out, self.report)
    }

    fn write(&mut self, line: &str) -> Result<(), SinkError> {
        writeln!(self.out, "{line}").map_err(|source| SinkError::Write { target: self.target, source })
    }
}

impl<W: Write, R: Write> AlertSink for JsonLines<W, R> {
    fn alert(&mut self, alert: &Alert, _event: &Event, _state: Option<&State>) -> Result<(), SinkError> {
        self.write(&alert.to_json_line())
    }

    fn internal(&mut self, alert: &InternalAlert) -> Result<(), SinkError> {
        let line = alert.to_json_line(&self.hostname);
        self.write(&line)
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|source| SinkError::Write { target: self.target, source })
    }

    fn report(&mut self, stats: &StatsSnapshot) {
        let _ = self.report.write_all(stats.render().as_bytes());
    }
}
