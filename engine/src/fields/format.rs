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

/// What [`format_value_printed`] printed, kept so that the field's `output_fields` value can be
/// made from the printed text ([`json_of_printed`]) instead of extracting the field again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printed {
    /// No value: the message shows `<NA>`, the JSON value is `null`.
    Missing,
    /// A boolean.
    Bool(bool),
    /// An unsigned number the JSON value gives as a number.
    U64(u64),
    /// A signed number the JSON value gives as a number.
    I64(i64),
    /// Anything else: the JSON value is the printed text.
    Text,
}

/// Whether the field's JSON value ([`json_value`]) follows from what [`format_value_printed`]
/// prints: all fields but lists (an array in JSON) and the event time (nanoseconds in JSON).
pub fn json_follows_print(f: &FieldRef) -> bool {
    !is_event_time(f) && printed_multi(f) != Multi::List
}

fn is_event_time(f: &FieldRef) -> bool {
    matches!(f.id.f(), F::EvtTime | F::EvtTimeS | F::EvtTimeIso8601 | F::EvtDatetime | F::EvtDatetimeS)
}

/// [`format_value`], saying what it printed, for a field for which [`json_follows_print`].
pub fn format_value_printed(f: &FieldRef, ctx: &EvalCtx<'_>, scratch: &mut Scratch, out: &mut String) -> Printed {
    match printed_multi(f) {
        Multi::Single | Multi::EitherEndpoint => match single(f, ctx, scratch) {
            Some(v) => {
                let printed = match v {
                    Value::Bool(b) => Printed::Bool(b),
                    Value::U64(n) if numeric_json(f, ctx) => Printed::U64(n),
                    Value::I64(n) if numeric_json(f, ctx) => Printed::I64(n),
                    _ => Printed::Text,
                };
                write_value(out, v, f.ty, effective_print(f, ctx));
                printed
            }
            None => Printed::Missing,
        },
        _ if format_value(f, ctx, scratch, out) => Printed::Text,
        _ => Printed::Missing,
    }
}

/// The `output_fields` value of a field [`format_value_printed`] printed as `text`: what
/// [`json_value`] gives for it.
pub fn json_of_printed(printed: Printed, text: &str) -> serde_json::Value {
    use serde_json::Value as J;
    match printed {
        Printed::Missing => J::Null,
        Printed::Bool(b) => J::Bool(b),
        Printed::U64(n) => J::from(n),
        Printed::I64(n) => J::from(n),
        Printed::Text => J::String(text.to_owned()),
    }
}

/// The JSON value of the field for `output_fields`: numbers for decimal numeric fields (time
/// fields give ns since the epoch), strings for hex/octal numbers and strings, booleans, arrays
/// for lists, `null` when missing.
pub fn json_value(f: &FieldRef, ctx: &EvalCtx<'_>, scratch: &mut Scratch) -> serde_json::Value {
    use serde_json::Value as J;
    if is_event_time(f) {
        return J::from(ctx.event.ts);
    }
    match printed_multi(f) {
        Multi::List => {
            let mut items = Vec::new();
            extract(f, ctx, scratch, &mut |v| {
                let mut s = String::with_capacity(value_len_hint(&v));
                write_value(&mut s, v, f.ty, f.print);
                items.push(J::String(s));
                false
            });
            J::Array(items)
        }
        Multi::AncestorsAny => {
            let mut s = String::new();
            if format_value(f, ctx, scratch, &mut s) {
                J::String(s)
            } else {
                J::Null
            }
        }
        _ => match single(f, ctx, scratch) {
            None => J::Null,
            Some(Value::Bool(b)) => J::Bool(b),
            Some(Value::U64(n)) if numeric_json(f, ctx) => J::from(n),
            Some(Value::I64(n)) if numeric_json(f, ctx) => J::from(n),
            Some(v) => {
                let mut s = String::with_capacity(value_len_hint(&v));
                write_value(&mut s, v, f.ty, effective_print(f, ctx));
                J::String(s)
            }
        },
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

/// The bytes [`write_value`] usually writes for `v`: a text's length, else room for a number or
/// an address (so a value's string is allocated once).
fn value_len_hint(v: &Value<'_>) -> usize {
    match v {
        Value::Str(s) => s.len(),
        Value::Bytes(b) => b.len(),
        _ => 24,
    }
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
