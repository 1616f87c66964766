//! Output: turning a rule match into an [`Alert`] exactly as Falco would print it.
//! Stage of the data flow: evaluation → **output** → sink.
//!
//! The text line is `<time>: <Priority> <message>`, where `<time>` is the event time in local time
//! (`HH:MM:SS.nnnnnnnnn`, Falco's `evt.time`) or, with [`OutputOptions::time_iso8601`], ISO 8601 UTC.
//! By default the container and Kubernetes fields Falco appends to every syscall alert are appended
//! too (` container_id=%container.id ... k8s_ns_name=%k8s.ns.name`).

mod alert;
mod format;
mod time;

pub use alert::Alert;
pub use format::{FormatError, OutputFormat, MAX_WIDTH, NOT_AVAILABLE};
pub use time::{local_utc_offset, rfc3339_nanos, write_iso8601, write_local_time};

use crate::fields::{self, EvalCtx};
use crate::filter::compile::EvalScratch;
use crate::rules::Priority;
use std::sync::Arc;

/// The text Falco appends to every syscall rule's output by default (`suggested_output`).
pub const SUGGESTED_OUTPUT: &str = "container_id=%container.id container_name=%container.name \
container_image_repository=%container.image.repository container_image_tag=%container.image.tag \
k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name";

/// How alerts are written.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The `hostname` of every alert.
    pub hostname: Arc<str>,
    /// Append [`SUGGESTED_OUTPUT`] to syscall rules' outputs (Falco's default: on).
    pub suggested_output: bool,
    /// Prefix lines with ISO 8601 UTC time instead of local `HH:MM:SS.nnnnnnnnn`.
    pub time_iso8601: bool,
    /// The local time zone as an offset from UTC in seconds; `None` uses the host's time zone.
    pub utc_offset: Option<i32>,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { hostname: Arc::from("localhost"), suggested_output: true, time_iso8601: false, utc_offset: None }
    }
}

impl OutputOptions {
    /// The full format text for a rule's output: its own text plus, for syscall rules, the
    /// suggested container fields when enabled. A suggested field the rule's output already
    /// shows (`%container.name` in the rule's own text, say) is not appended a second time.
    pub fn format_text(&self, output: &str, source: &str) -> String {
        if !(self.suggested_output && source == "syscall") {
            return output.to_string();
        }
        let mut text = output.to_string();
        for part in SUGGESTED_OUTPUT.split(' ') {
            let field = part.split_once('%').map_or(part, |(_, f)| f);
            if !shows_field(output, field) {
                text.push(' ');
                text.push_str(part);
            }
        }
        text
    }
}

/// Whether `output` references `field` as `%field` (not as the start of a longer name such as
/// `%container.image` in `%container.image.tag`).
fn shows_field(output: &str, field: &str) -> bool {
    let pat = format!("%{field}");
    output.match_indices(&pat).any(|(at, _)| {
        !output[at + pat.len()..]
            .starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '['))
    })
}

/// What an alert needs to know about the rule that fired.
#[derive(Debug)]
pub struct RuleOutput {
    /// Rule name.
    pub rule: Arc<str>,
    /// Rule priority.
    pub priority: Priority,
    /// Rule source.
    pub source: Arc<str>,
    /// Rule tags, sorted.
    pub tags: Arc<[String]>,
    /// The compiled output format.
    pub format: OutputFormat,
}

impl RuleOutput {
    /// Builds the alert for the event in `ctx`.
    pub fn alert(&self, ctx: &EvalCtx<'_>, scratch: &mut EvalScratch, opts: &OutputOptions) -> Alert {
        let ts = ctx.event.ts;
        let mut line = String::with_capacity(256);
        if opts.time_iso8601 {
            write_iso8601(ts, &mut line);
        } else {
            write_local_time(ts, ctx.utc_offset_secs, &mut line);
        }
        line.push_str(": ");
        line.push_str(self.priority.as_str());
        line.push(' ');
        self.format.render(ctx, scratch, &mut line);

        let time_key = if opts.time_iso8601 { "evt.time.iso8601" } else { "evt.time" };
        let mut output_fields: Vec<(Arc<str>, serde_json::Value)> = Vec::with_capacity(self.format.keys().len() + 1);
        output_fields.push((Arc::from(time_key), serde_json::Value::from(ts)));
        for (key, field) in self.format.keys() {
            if field.info().has(fields::FILTER_ONLY) {
                continue;
            }
            output_fields.push((key.clone(), fields::json_value(field, ctx, &mut scratch.fields)));
        }
        output_fields.sort_by(|a, b| a.0.cmp(&b.0));
        output_fields.dedup_by(|a, b| a.0 == b.0);

        Alert {
            time_ns: ts,
            rule: self.rule.clone(),
            priority: self.priority,
            output: line,
            output_fields,
            hostname: opts.hostname.clone(),
            source: self.source.clone(),
            tags: self.tags.clone(),
        }
    }
}
