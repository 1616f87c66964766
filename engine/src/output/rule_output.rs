//! [`RuleOutput`]: what an alert needs to know about the rule that fired (name, priority, source,
//! tags, compiled output format), and the alert it builds for a matching event.
//!
//! Place in the data flow: evaluation (a rule matched) → **rule output** → [`Alert`] → sink.

use super::alert::Alert;
use super::format::OutputFormat;
use super::options::OutputOptions;
use super::time::{write_iso8601, write_local_time};
use crate::fields::{self, EvalCtx};
use crate::filter::compile::EvalScratch;
use crate::rules::Priority;
use std::sync::Arc;

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
        // The time prefix and priority take under 64 bytes.
        let mut line = String::with_capacity(64 + self.format.size_hint());
        if opts.time_iso8601 {
            write_iso8601(ts, &mut line);
        } else {
            write_local_time(ts, ctx.utc_offset_secs, &mut line);
        }
        line.push_str(": ");
        line.push_str(self.priority.as_str());
        line.push(' ');
        self.format.render(ctx, scratch, &mut line);

        // The fields come sorted by key (`OutputFormat::output_keys`); the time goes in its
        // place, and wins over a field token of the same name.
        let time_key = if opts.time_iso8601 { "evt.time.iso8601" } else { "evt.time" };
        let keys = self.format.output_keys();
        let mut output_fields: Vec<(Arc<str>, serde_json::Value)> = Vec::with_capacity(keys.len() + 1);
        let mut time = Some((Arc::from(time_key), serde_json::Value::from(ts)));
        for (i, (key, field)) in keys.iter().enumerate() {
            match key.as_ref().cmp(time_key) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    output_fields.extend(time.take());
                    continue;
                }
                std::cmp::Ordering::Greater => output_fields.extend(time.take()),
            }
            // A field the message printed gives its value from the printed text.
            let value = match self.format.printed_value(i, scratch, &line) {
                Some(v) => v,
                None => fields::json_value(field, ctx, &mut scratch.fields),
            };
            output_fields.push((key.clone(), value));
        }
        output_fields.extend(time.take());

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
