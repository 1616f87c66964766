//! The sensor runtime's messages on stderr, one `syssentry:` line each.
//!
//! Not part of the event data flow.

use syssentry_sensor::log::{Level, Log};

/// Writes the runtime's messages to stderr.
#[derive(Debug, Clone, Copy)]
pub struct StderrLog;

impl Log for StderrLog {
    fn log(&self, level: Level, msg: &str) {
        match level {
            Level::Error => eprintln!("syssentry: error: {msg}"),
            Level::Warn => eprintln!("syssentry: warning: {msg}"),
            Level::Info => eprintln!("syssentry: {msg}"),
            Level::Debug => {}
        }
    }
}
