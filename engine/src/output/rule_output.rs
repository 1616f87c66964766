//! [`RuleOutput`]: what an alert needs to know about the rule that fired (name, priority, source,
//! tags, compiled output format), and the alert it builds for a matching event.
//!
//! Place in the data flow: evaluation (a rule matched) → **rule output** → [`Alert`] → sink.

use super::alert::Alert;
use super::fields::{Stored, StoredFields};
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
    /// The `output_fields` keys with the time key in its place: with `evt.time` (`[0]`) and
    /// with `evt.time.iso8601` (`[1]`).
    layouts: [Layout; 2],
}

/// The keys of a rule's `output_fields`, sorted, with where each value comes from.
#[derive(Debug)]
struct Layout {
    keys: Arc<[Arc<str>]>,
    slots: Box<[Slot]>,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    /// The event time.
    Time,
    /// Entry `i` of the format's `output_keys`.
    Key(usize),
}

impl Layout {
    /// The fields come sorted by key (`OutputFormat::output_keys`); the time goes in its place,
    /// and wins over a field token of the same name.
    fn new(format: &OutputFormat, time_key: &str) -> Layout {
        let mut keys: Vec<Arc<str>> = Vec::with_capacity(format.output_keys().len() + 1);
        let mut slots = Vec::with_capacity(keys.capacity());
        let mut time = Some(Arc::<str>::from(time_key));
        for (i, (key, _)) in format.output_keys().iter().enumerate() {
            match key.as_ref().cmp(time_key) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => continue,
                std::cmp::Ordering::Greater => {
                    if let Some(t) = time.take() {
                        keys.push(t);
                        slots.push(Slot::Time);
                    }
                }
            }
            keys.push(key.clone());
            slots.push(Slot::Key(i));
        }
        if let Some(t) = time.take() {
            keys.push(t);
            slots.push(Slot::Time);
        }
        Layout { keys: keys.into(), slots: slots.into() }
    }
}

impl RuleOutput {
    /// The output of a rule.
    pub fn new(rule: Arc<str>, priority: Priority, source: Arc<str>, tags: Arc<[String]>, format: OutputFormat) -> RuleOutput {
        let layouts = [Layout::new(&format, "evt.time"), Layout::new(&format, "evt.time.iso8601")];
        RuleOutput { rule, priority, source, tags, format, layouts }
    }

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

        let layout = &self.layouts[usize::from(opts.time_iso8601)];
        let keys = self.format.output_keys();
        let mut fields = StoredFields {
            keys: layout.keys.clone(),
            values: Vec::with_capacity(layout.slots.len()),
            text: String::new(),
            items: Vec::new(),
        };
        for slot in layout.slots.iter() {
            let value = match *slot {
                Slot::Time => Stored::Own(fields::JsonValue::U64(ts)),
                // A field the message printed gives its value from the printed text.
                Slot::Key(i) => match self.format.printed(i, scratch) {
                    Some(printed) => Stored::Line(printed),
                    None => Stored::Own(fields::write_json_value(
                        &keys[i].1,
                        ctx,
                        &mut scratch.fields,
                        &mut fields.text,
                        &mut fields.items,
                    )),
                },
            };
            fields.values.push(value);
        }

        Alert {
            time_ns: ts,
            rule: self.rule.clone(),
            priority: self.priority,
            output: line,
            fields,
            hostname: opts.hostname.clone(),
            source: self.source.clone(),
            tags: self.tags.clone(),
        }
    }
}
