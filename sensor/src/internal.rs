//! Internal alerts: what the sensor says about itself beside the rules' alerts — kernel drops
//! (Falco's `Falco internal: syscall event drop`), an event source that failed or recovered, an
//! alert queue that overflowed — in Falco's JSON shape for internal alerts, so that they are
//! routed and read like any alert.
//!
//! Place in the data flow: the runtime's own observations → **internal alert** → sink, beside
//! output → sink for rule alerts.

use syssentry_engine::output::rfc3339_nanos;
use syssentry_engine::rules::Priority;

/// The `source` of internal alerts (as Falco's).
pub const INTERNAL_SOURCE: &str = "internal";

/// An alert the sensor raises about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalAlert {
    /// When it was raised, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// Its rule name (`Falco internal: ...` for Falco's own, `syssentry internal: ...` for ours).
    pub rule: &'static str,
    /// Its priority.
    pub priority: Priority,
    /// The message, without a time prefix (as Falco prints internal alerts).
    pub output: String,
    /// The values the message is made of, keys sorted.
    pub output_fields: serde_json::Map<String, serde_json::Value>,
}

impl InternalAlert {
    /// The alert in Falco's JSON form for internal alerts: `hostname`, `output`,
    /// `output_fields`, `priority`, `rule`, `source` (`internal`) and `time`; keys sorted, no
    /// `tags`.
    pub fn to_json(&self, hostname: &str) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("hostname".into(), hostname.into());
        m.insert("output".into(), self.output.clone().into());
        m.insert("output_fields".into(), serde_json::Value::Object(self.output_fields.clone()));
        m.insert("priority".into(), self.priority.to_string().into());
        m.insert("rule".into(), self.rule.into());
        m.insert("source".into(), INTERNAL_SOURCE.into());
        m.insert("time".into(), rfc3339_nanos(self.time_ns).into());
        serde_json::Value::Object(m)
    }

    /// [`InternalAlert::to_json`] as one line.
    pub fn to_json_line(&self, hostname: &str) -> String {
        self.to_json(hostname).to_string()
    }
}
