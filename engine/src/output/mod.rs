//! Output: turning a rule match into an [`Alert`] exactly as Falco would print it.
//! Stage of the data flow: evaluation → **output** → sink.
//!
//! The text line is `<time>: <Priority> <message>`, where `<time>` is the event time in local time
//! (`HH:MM:SS.nnnnnnnnn`, Falco's `evt.time`) or, with [`OutputOptions::time_iso8601`], ISO 8601 UTC.
//! By default the container and Kubernetes fields Falco appends to every syscall alert are appended
//! too (` container_id=%container.id ... k8s_ns_name=%k8s.ns.name`).
//!
//! * `options`: [`OutputOptions`] and the full format text of a rule's output;
//! * `format`: [`OutputFormat`], output templates compiled once and rendered per alert;
//! * `rule_output`: [`RuleOutput`], the alert a matching rule builds;
//! * `alert`: [`Alert`] and its JSON form;
//! * `fields`: an alert's `output_fields` ([`OutputFields`]), held without an allocation per value;
//! * `time`: every timestamp form (also used by the time fields).

mod alert;
mod fields;
mod format;
mod options;
mod rule_output;
pub(crate) mod time;

pub use alert::Alert;
pub use fields::{FieldValue, ListValue, OutputFields};
pub use format::{FormatError, OutputFormat, MAX_WIDTH, NOT_AVAILABLE};
pub use options::{OutputOptions, ECS_SUGGESTED_OUTPUT, SUGGESTED_OUTPUT};
pub use rule_output::RuleOutput;
pub use time::{local_utc_offset, rfc3339_nanos, write_iso8601, write_local_time};
