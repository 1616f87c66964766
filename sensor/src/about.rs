//! What a sensor says about itself when it starts — its version, the event ABI of its BPF
//! object, the rules it runs and what it captures — in one line that users grep for in the log
//! of Fluent Bit or of `syssentry run`.
//!
//! Place in the data flow: none; read once at start.

use crate::plan::capture_config;
use syssentry_engine::eval::RulesReport;

/// The version of the sensor (the workspace's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `syssentry <version> (event ABI <n>)`.
pub fn version_line() -> String {
    format!("syssentry {VERSION} (event ABI {})", syssentry_capture_bpf::abi::SSE_ABI_VERSION)
}

/// The start-up line: version, ABI, the rules loaded from where, and what capture is asked
/// for.
pub fn start_line(rules: &RulesReport, paths: &str) -> String {
    let s = &rules.summary;
    let captured = capture_config(&rules.ruleset).wanted.len();
    format!(
        "{}: {} of {} enabled from {} ({paths}), {}; {} event types captured",
        version_line(),
        s.enabled_rules,
        count(s.rules, "rule"),
        count(s.files, "file"),
        count(rules.diagnostics.warning_count(), "warning"),
        captured
    )
}

/// `1 rule`, `2 rules`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
