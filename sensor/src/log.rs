//! Messages to the operator: the [`Log`] the runtime writes to, which each front end implements
//! (`syssentry run` on stderr, the plugin over Fluent Bit's logger so that messages carry Fluent
//! Bit's timestamps and honour the instance's `log_level`), and a log that keeps messages in
//! memory for tests.
//!
//! Not part of the event data flow: every stage may log, nothing reads logs back. Nothing is
//! logged per event.

use std::sync::Mutex;

/// Log levels, numbered as Fluent Bit's (`FLB_LOG_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Something failed.
    Error = 1,
    /// Something is wrong but work goes on.
    Warn = 2,
    /// Normal operation.
    Info = 3,
    /// Details.
    Debug = 4,
}

/// Where messages go. Implementations must be callable from any thread.
pub trait Log: Send + Sync {
    /// Writes one message (no trailing newline; the front end adds its own prefix).
    fn log(&self, level: Level, msg: &str);
}

/// Keeps messages in memory (tests).
#[derive(Debug, Default)]
pub struct MemoryLog {
    /// Messages logged so far.
    pub lines: Mutex<Vec<(Level, String)>>,
}

impl Log for MemoryLog {
    fn log(&self, level: Level, msg: &str) {
        if let Ok(mut l) = self.lines.lock() {
            l.push((level, msg.to_string()));
        }
    }
}
