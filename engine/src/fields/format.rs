//! Output forms of field values: the text printed in alert messages ([`format_value`]) and
//! the JSON value in `output_fields` ([`json_value`]).
//!
//! Place in the data flow: fields → **format** → output formatter.

use std::fmt::Write as _;

use super::ctx::EvalCtx;
use super::extract::{extract, single};
use super::field_ref::{FieldArg, FieldRef};
use super::info::{FieldType, Multi, PrintFormat};
use super::registry::F;
use super::scratch::Scratch;
use super::value::Value;
use crate::state::fd::write_ip;

/// Writes the printable form of the field for the current event into `out` (appending) and
/// returns whether a value existed (when not, the caller prints `<NA>`). Ancestor fields
/// without an index print all ancestors separated by spaces (except `proc.apid`, which prints
/// the process's own pid, as libsinsp does); list fields print `(a,b)`.
pub fn format_value(
    f: &FieldRef,
    ctx: &EvalCtx<'_>,
    scratch: &mut Scratch,
    out: &mut String,
) -> bool {
    match printed_multi(f) {
        Multi::Single | Multi::EitherEndpoint => match single(f, ctx, scratch) {
            Some(v) => {
                write_value(out, v, f.ty, effective_print(f, ctx));
                true
            }
            None => false,
        },
        Multi::AncestorsAny => {
            let start = out.len();
            let mut any = false;
            extract(f, ctx, scratch, &mut |v| {
                if any {
                    out.push(' ');
                }
                write_value(out, v, f.ty, f.print);
                any = true;
                false
            });
            if any && out.len() == start {
                // All ancestors had empty values: libsinsp reports nothing.
                return false;
            }
            any
        }
        Multi::List => {
            let mut n = 0;
            out.push('(');
            extract(f, ctx, scratch, &mut |v| {
                if n > 0 {
                    out.push(',');
                }
                write_value(out, v, f.ty, f.print);
                n += 1;
                false
            });
            out.push(')');
            true
        }
    }
}

/// Whether the field's JSON value ([`json_value`]) follows from what [`format_value_printed`]
/// prints: all fields but lists (an array in JSON) and the event time (nanoseconds in JSON).
pub fn json_follows_print(f: &FieldRef) -> bool {
    !is_event_time(f) && printed_multi(f) != Multi::List
}

fn is_event_time(f: &FieldRef) -> bool {
    matches!(f.id.f(), F::EvtTime | F::EvtTimeS | F::EvtTimeIso8601 | F::EvtDatetime | F::EvtDatetimeS)
}

/// [`format_value`] for a field for which [`json_follows_print`], giving the field's
/// `output_fields` value as what it printed: a string is the range of `out` it wrote, so the
/// value need not be extracted again (`output::RuleOutput::alert`). [`JsonValue::Null`]: no
/// value (the caller prints `<NA>`).
pub fn format_value_printed(f: &FieldRef, ctx: &EvalCtx<'_>, scratch: &mut Scratch, out: &mut String) -> JsonValue {
    let start = out.len();
    match printed_multi(f) {
        Multi::Single | Multi::EitherEndpoint => match single(f, ctx, scratch) {
            Some(v) => {
                let scalar = json_scalar(v, f, ctx);
                write_value(out, v, f.ty, effective_print(f, ctx));
                scalar.unwrap_or(JsonValue::Text(start, out.len()))
            }
            None => JsonValue::Null,
        },
        _ if format_value(f, ctx, scratch, out) => JsonValue::Text(start, out.len()),
        _ => JsonValue::Null,
    }
}

/// A field's `output_fields` value with its text in a buffer the caller keeps (the line
/// [`format_value_printed`] printed into, the buffer [`write_json_value`] wrote into), so that an
/// alert's values take no allocation each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonValue {
    /// No value: `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An unsigned number.
    U64(u64),
    /// A signed number.
    I64(i64),
    /// A string: bytes `start..end` of the text buffer.
    Text(usize, usize),
    /// An array of strings: entries `start..end` of the item list, each a range of the text
    /// buffer.
    List(usize, usize),
}

/// Writes the field's `output_fields` value: numbers for decimal numeric fields (time fields
/// give ns since the epoch), strings for hex/octal numbers and strings, booleans, arrays for
/// lists, `null` when missing. Strings are appended to `text`, a list's items to `items` (as
/// ranges of `text`).
pub fn write_json_value(
    f: &FieldRef,
    ctx: &EvalCtx<'_>,
    scratch: &mut Scratch,
    text: &mut String,
    items: &mut Vec<(usize, usize)>,
) -> JsonValue {
    if is_event_time(f) {
        return JsonValue::U64(ctx.event.ts);
    }
    let start = text.len();
    match printed_multi(f) {
        Multi::List => {
            let first = items.len();
            extract(f, ctx, scratch, &mut |v| {
                let at = text.len();
                write_value(text, v, f.ty, f.print);
                items.push((at, text.len()));
                false
            });
            JsonValue::List(first, items.len())
        }
        Multi::AncestorsAny => {
            if format_value(f, ctx, scratch, text) {
                JsonValue::Text(start, text.len())
            } else {
                text.truncate(start);
                JsonValue::Null
            }
        }
        _ => match single(f, ctx, scratch) {
            None => JsonValue::Null,
            Some(v) => json_scalar(v, f, ctx).unwrap_or_else(|| {
                write_value(text, v, f.ty, effective_print(f, ctx));
                JsonValue::Text(start, text.len())
            }),
        },
    }
}

/// The JSON value of a single value JSON gives as itself: a boolean, a number printed in
/// decimal. `None`: its JSON value is its printed text.
fn json_scalar(v: Value<'_>, f: &FieldRef, ctx: &EvalCtx<'_>) -> Option<JsonValue> {
    match v {
        Value::Bool(b) => Some(JsonValue::Bool(b)),
        Value::U64(n) if numeric_json(f, ctx) => Some(JsonValue::U64(n)),
        Value::I64(n) if numeric_json(f, ctx) => Some(JsonValue::I64(n)),
        _ => None,
    }
}

/// The field's `output_fields` value ([`write_json_value`]) as a JSON value of its own.
pub fn json_value(f: &FieldRef, ctx: &EvalCtx<'_>, scratch: &mut Scratch) -> serde_json::Value {
    use serde_json::Value as J;
    let mut text = String::new();
    let mut items = Vec::new();
    match write_json_value(f, ctx, scratch, &mut text, &mut items) {
        JsonValue::Null => J::Null,
        JsonValue::Bool(b) => J::Bool(b),
        JsonValue::U64(n) => J::from(n),
        JsonValue::I64(n) => J::from(n),
        JsonValue::Text(s, e) => J::String(text[s..e].to_owned()),
        JsonValue::List(a, b) => J::Array(items[a..b].iter().map(|&(s, e)| J::String(text[s..e].to_owned())).collect()),
    }
}

/// How a field's values print: like its condition semantics, except that `proc.apid` without
/// an index prints a single pid (ancestor 0, the process itself).
fn printed_multi(f: &FieldRef) -> Multi {
    if f.multi == Multi::AncestorsAny && f.id.f() == F::ProcApid {
        Multi::Single
    } else {
        f.multi
    }
}

fn numeric_json(f: &FieldRef, ctx: &EvalCtx<'_>) -> bool {
    !matches!(effective_print(f, ctx), PrintFormat::Hex | PrintFormat::Oct)
}

/// The print format for this event: `evt.rawarg.*` takes the format of the current event's
/// parameter (libsinsp overrides the compile-time guess at extraction).
fn effective_print(f: &FieldRef, ctx: &EvalCtx<'_>) -> PrintFormat {
    use syssentry_event::ParamFormat as P;
    if let (F::EvtRawarg, FieldArg::Param(p)) = (f.id.f(), &f.arg) {
        if let Some(pos) = ctx.event.position(*p) {
            return match ctx.event.schema().params[pos].fmt {
                P::Hex => PrintFormat::Hex,
                P::Oct => PrintFormat::Oct,
                P::PaddedDec => PrintFormat::PaddedDec,
                P::Dec | P::Id => PrintFormat::Dec,
                P::Na | P::Dir => PrintFormat::Na,
            };
        }
    }
    f.print
}

/// Writes one value with a print format.
pub(crate) fn write_value(out: &mut String, v: Value<'_>, ty: FieldType, print: PrintFormat) {
    match v {
        Value::Str(s) => out.push_str(s),
        Value::Bytes(b) => out.push_str(&String::from_utf8_lossy(b)),
        Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Value::Ip(ip) => write_ip(out, ip),
        Value::U64(n) => {
            let n = match ty {
                FieldType::U32 => n & 0xffff_ffff,
                FieldType::U16 | FieldType::Port => n & 0xffff,
                _ => n,
            };
            match print {
                PrintFormat::Hex => {
                    let _ = write!(out, "{n:X}");
                }
                PrintFormat::Oct => {
                    let _ = write!(out, "{n:o}");
                }
                PrintFormat::PaddedDec => {
                    let _ = write!(out, "{n:09}");
                }
                _ => out.push_str(itoa::Buffer::new().format(n)),
            }
        }
        Value::I64(n) => match print {
            PrintFormat::Hex => {
                let _ = write!(out, "{:X}", n as u64);
            }
            PrintFormat::Oct => {
                let _ = write!(out, "{:o}", n as u64);
            }
            PrintFormat::PaddedDec => {
                let _ = write!(out, "{n:09}");
            }
            _ => out.push_str(itoa::Buffer::new().format(n)),
        },
    }
}
