//! The alert: what evaluation hands to a sink (stdout JSON lines, a Fluent Bit record).
//! Last stage of the data flow before the sink.
//!
//! Its JSON form is Falco's `json_output` schema: the keys `hostname`, `output`, `output_fields`,
//! `priority`, `rule`, `source`, `tags` and `time`, in that (sorted) order, `tags` sorted, and
//! `output_fields` keyed by the field tokens of the rule's output with typed values (`null` when a
//! value is missing).

use super::fields::{OutputFields, StoredFields};
use crate::rules::Priority;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use std::sync::Arc;

/// One alert.
#[derive(Clone)]
pub struct Alert {
    /// The event's timestamp, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// The rule's name.
    pub rule: Arc<str>,
    /// The rule's priority.
    pub priority: Priority,
    /// The full text line: time prefix, priority and the formatted message.
    pub output: String,
    /// Every field token of the output (and the time field of the prefix) with its typed value:
    /// read through [`Alert::output_fields`].
    pub(crate) fields: StoredFields,
    /// The host the sensor runs on.
    pub hostname: Arc<str>,
    /// The rule's source (`syscall`, or `internal` for the sensor's own alerts).
    pub source: Arc<str>,
    /// The rule's tags, sorted.
    pub tags: Arc<[String]>,
}

impl Alert {
    /// The `time` key: RFC 3339, nanoseconds, UTC.
    pub fn time_rfc3339(&self) -> String {
        super::time::rfc3339_nanos(self.time_ns)
    }

    /// Every field token of the output (and the time field of the prefix) with its typed value,
    /// sorted by key.
    pub fn output_fields(&self) -> OutputFields<'_> {
        OutputFields { line: &self.output, fields: &self.fields }
    }

    /// One JSON line (no trailing newline), keys in Falco's order.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl PartialEq for Alert {
    fn eq(&self, other: &Self) -> bool {
        self.time_ns == other.time_ns
            && self.rule == other.rule
            && self.priority == other.priority
            && self.output == other.output
            && self.output_fields() == other.output_fields()
            && self.hostname == other.hostname
            && self.source == other.source
            && self.tags == other.tags
    }
}

impl fmt::Debug for Alert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Alert")
            .field("time_ns", &self.time_ns)
            .field("rule", &self.rule)
            .field("priority", &self.priority)
            .field("output", &self.output)
            .field("output_fields", &self.output_fields())
            .field("hostname", &self.hostname)
            .field("source", &self.source)
            .field("tags", &self.tags)
            .finish()
    }
}

impl Serialize for Alert {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("hostname", &*self.hostname)?;
        m.serialize_entry("output", &self.output)?;
        m.serialize_entry("output_fields", &self.output_fields())?;
        m.serialize_entry("priority", &self.priority.to_string())?;
        m.serialize_entry("rule", &*self.rule)?;
        m.serialize_entry("source", &*self.source)?;
        m.serialize_entry("tags", &*self.tags)?;
        m.serialize_entry("time", &self.time_rfc3339())?;
        m.end()
    }
}
