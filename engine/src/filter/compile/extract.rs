//! Per-event evaluation of operands: fields, literals, transformer lists, single-value
//! transformers and `concat`/`join`/`getopt` (evaluation stage).
//!
//! Every transformer node owns one [`Slot`] of reusable buffers. The slots of an operand are
//! laid out in pre-order: a node uses the first slot of the slice it is given and hands the
//! following sub-slices to its arguments, so nested and sibling transformers never share a
//! buffer and nothing is allocated once the buffers have grown.
//!
//! Missing values follow libsinsp: an argument of `concat`/`join`/`getopt` or an element of a
//! transformer list that has no value makes the whole result missing; a present but empty list
//! is a value (`join(",", ())` is `""`).

use super::operand::{ListElement, Operand, Optstring, Transform};
use crate::fields::{self, EvalCtx, FieldType, PrintFormat, Scratch, Value};
use crate::filter::ops::text::c_str;
use crate::filter::ops::transform as tf;
use crate::filter::ops::{ByteList, GetoptSpec};
use std::fmt::Write as _;

/// Reusable buffers of one transformer node.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    /// The node's single result, or each transformed value in turn.
    buf: Vec<u8>,
    /// A copied argument (the `join` separator, a non-literal `getopt` option string).
    aux: Vec<u8>,
    /// Copied list values (list elements, `getopt` arguments, transformed list values).
    list: ByteList,
    /// The node's list result (`getopt` without selector).
    out: ByteList,
    /// Text of a number (numeric transformer-list elements).
    text: String,
    /// Storage reused for borrowed views of `list` (emptied between uses).
    refs: Vec<&'static [u8]>,
}

/// A byte value as a string value when it is UTF-8, else as bytes.
fn text_value(b: &[u8]) -> Value<'_> {
    match std::str::from_utf8(b) {
        Ok(s) => Value::Str(s),
        Err(_) => Value::Bytes(b),
    }
}

/// The bytes of a string or buffer value.
fn value_bytes<'a>(v: &Value<'a>) -> Option<&'a [u8]> {
    match *v {
        Value::Str(s) => Some(s.as_bytes()),
        Value::Bytes(b) => Some(b),
        _ => None,
    }
}

/// Writes a number as libsinsp prints it with a print format.
fn write_number(out: &mut String, v: &Value<'_>, print: PrintFormat) {
    let (neg, n) = match *v {
        Value::U64(n) => (false, n),
        Value::I64(n) if matches!(print, PrintFormat::Hex | PrintFormat::Oct) => (false, n as u64),
        Value::I64(n) => (n < 0, n.unsigned_abs()),
        _ => return,
    };
    if neg {
        out.push('-');
    }
    let _ = match print {
        PrintFormat::Hex => write!(out, "{n:X}"),
        PrintFormat::Oct => write!(out, "{n:o}"),
        PrintFormat::PaddedDec if neg => write!(out, "{n:08}"),
        PrintFormat::PaddedDec => write!(out, "{n:09}"),
        _ => write!(out, "{n}"),
    };
}

/// Moves a list's element views into reusable storage: the returned vector borrows `list` and
/// has the capacity `store` had; [`release`] gives the capacity back.
fn borrow_all<'a>(store: &mut Vec<&'static [u8]>, list: &'a ByteList) -> Vec<&'a [u8]> {
    let mut views: Vec<&'a [u8]> = std::mem::take(store);
    views.clear();
    views.extend(list.iter());
    views
}

/// Returns the (emptied) storage of [`borrow_all`]; collecting an empty vector in place keeps
/// its allocation.
fn release(store: &mut Vec<&'static [u8]>, mut views: Vec<&[u8]>) {
    views.clear();
    *store = views
        .into_iter()
        .map(|_| -> &'static [u8] { &[] })
        .collect();
}

impl Operand {
    /// Calls `visit` with each value of the operand (`visit` returns `true` to stop) and returns
    /// whether the operand has a value for this event: `true` also for a present but empty list.
    /// `slots` must hold at least [`slot_count`](Operand::slot_count) slots.
    pub(crate) fn eval(
        &self,
        ctx: &EvalCtx<'_>,
        fs: &mut Scratch,
        slots: &mut [Slot],
        visit: &mut dyn FnMut(Value<'_>) -> bool,
    ) -> bool {
        let (slot, rest) = match self {
            Operand::Field(f) => {
                let mut seen = false;
                fields::extract(f, ctx, fs, &mut |v| {
                    seen = true;
                    visit(v)
                });
                return seen || fields::list_present(f, ctx);
            }
            Operand::Literal(s) => {
                visit(Value::Str(s));
                return true;
            }
            _ => match slots.split_first_mut() {
                Some(split) => split,
                None => return false,
            },
        };
        match self {
            Operand::Field(_) | Operand::Literal(_) => false,
            Operand::List(elements) => {
                if !collect_list(elements, ctx, fs, slot, rest) {
                    return false;
                }
                for item in slot.list.iter() {
                    if visit(text_value(item)) {
                        break;
                    }
                }
                true
            }
            Operand::Transform {
                kind,
                inner,
                input,
                on_list,
            } => transform(*kind, inner, *input, *on_list, ctx, fs, slot, rest, visit),
            Operand::Concat(parts) => {
                slot.buf.clear();
                let mut rest = rest;
                for part in parts.iter() {
                    let (mine, others) = std::mem::take(&mut rest).split_at_mut(part.slot_count());
                    rest = others;
                    let buf = &mut slot.buf;
                    let mut got = false;
                    // libsinsp takes the first value of each part, as a C string.
                    let present = part.eval(ctx, fs, mine, &mut |v| {
                        if let Some(b) = value_bytes(&v) {
                            buf.extend_from_slice(c_str(b));
                            got = true;
                        }
                        true
                    });
                    if !present || !got {
                        return false;
                    }
                }
                visit(text_value(&slot.buf));
                true
            }
            Operand::Join { sep, list } => {
                let (sep_slots, list_slots) = rest.split_at_mut(sep.slot_count());
                let aux = &mut slot.aux;
                aux.clear();
                let mut got = false;
                let present = sep.eval(ctx, fs, sep_slots, &mut |v| {
                    if let Some(b) = value_bytes(&v) {
                        aux.extend_from_slice(b);
                        got = true;
                    }
                    true
                });
                if !present || !got {
                    return false;
                }
                let (buf, aux) = (&mut slot.buf, &slot.aux);
                buf.clear();
                let mut first = true;
                let present = list.eval(ctx, fs, list_slots, &mut |v| {
                    if let Some(b) = value_bytes(&v) {
                        if !first {
                            buf.extend_from_slice(aux);
                        }
                        buf.extend_from_slice(c_str(b));
                        first = false;
                    }
                    false
                });
                if !present {
                    return false;
                }
                visit(text_value(&slot.buf));
                true
            }
            Operand::Getopt {
                args,
                optstring,
                select,
            } => getopt(args, optstring, *select, ctx, fs, slot, rest, visit),
        }
    }
}

/// Copies the values of a transformer list's elements into `slot.list`; false if an element
/// has no value.
fn collect_list(
    elements: &[ListElement],
    ctx: &EvalCtx<'_>,
    fs: &mut Scratch,
    slot: &mut Slot,
    mut rest: &mut [Slot],
) -> bool {
    slot.list.clear();
    for element in elements {
        let (mine, others) = std::mem::take(&mut rest).split_at_mut(element.operand.slot_count());
        rest = others;
        let (list, text) = (&mut slot.list, &mut slot.text);
        let mut got = false;
        let present = element.operand.eval(ctx, fs, mine, &mut |v| {
            got = true;
            match element.num {
                // libsinsp prints the first value of a numeric element.
                Some(num) => {
                    text.clear();
                    write_number(text, &v, num.print);
                    list.push(text.as_bytes());
                    true
                }
                None => {
                    if let Some(b) = value_bytes(&v) {
                        list.push(b);
                    }
                    false
                }
            }
        });
        if !present || (element.num.is_some() && !got) {
            return false;
        }
    }
    true
}

/// A single-value transformer over `inner`.
#[allow(clippy::too_many_arguments)]
fn transform(
    kind: Transform,
    inner: &Operand,
    input: FieldType,
    on_list: bool,
    ctx: &EvalCtx<'_>,
    fs: &mut Scratch,
    slot: &mut Slot,
    rest: &mut [Slot],
    visit: &mut dyn FnMut(Value<'_>) -> bool,
) -> bool {
    let as_text = input != FieldType::Bytes;
    if kind == Transform::Len {
        let mut count = 0u64;
        let mut first = None;
        let present = inner.eval(ctx, fs, rest, &mut |v| {
            count += 1;
            if first.is_none() {
                first = value_bytes(&v).map(|b| {
                    if as_text {
                        tf::len_str(b)
                    } else {
                        tf::len_bytes(b)
                    }
                });
            }
            // A list is counted whole; a single value needs no more.
            !on_list
        });
        match (on_list, first) {
            (true, _) if present => {
                visit(Value::U64(count));
                true
            }
            (false, Some(n)) => {
                visit(Value::U64(n));
                true
            }
            _ => false,
        }
    } else if on_list {
        // libsinsp transforms the whole list first: one value that does not transform (b64 of
        // invalid text) makes the list missing.
        let (list, buf) = (&mut slot.list, &mut slot.buf);
        list.clear();
        let mut ok = true;
        let present = inner.eval(ctx, fs, rest, &mut |v| {
            ok = value_bytes(&v).is_some_and(|b| apply(kind, b, buf));
            if ok {
                list.push(buf);
            }
            !ok
        });
        if !present || !ok {
            return false;
        }
        for item in slot.list.iter() {
            let v = if as_text {
                text_value(item)
            } else {
                Value::Bytes(item)
            };
            if visit(v) {
                break;
            }
        }
        true
    } else {
        let buf = &mut slot.buf;
        let mut got = false;
        inner.eval(ctx, fs, rest, &mut |v| {
            let Some(b) = value_bytes(&v) else {
                return false;
            };
            if !apply(kind, b, buf) {
                return false;
            }
            got = true;
            let v = if as_text {
                text_value(buf)
            } else {
                Value::Bytes(buf)
            };
            visit(v)
        });
        got
    }
}

/// Applies a string transformer to one value; false when the value does not transform.
fn apply(kind: Transform, input: &[u8], out: &mut Vec<u8>) -> bool {
    match kind {
        Transform::ToLower => tf::to_lower(input, out),
        Transform::ToUpper => tf::to_upper(input, out),
        Transform::Basename => tf::basename_into(input, out),
        Transform::B64 => return tf::b64_decode(input, out),
        Transform::Len => return false,
    }
    true
}

/// `getopt(args, optstring)` and `getopt(args, optstring)[o]`.
#[allow(clippy::too_many_arguments)]
fn getopt(
    args: &Operand,
    optstring: &Optstring,
    select: Option<u8>,
    ctx: &EvalCtx<'_>,
    fs: &mut Scratch,
    slot: &mut Slot,
    rest: &mut [Slot],
    visit: &mut dyn FnMut(Value<'_>) -> bool,
) -> bool {
    let (arg_slots, opt_slots) = rest.split_at_mut(args.slot_count());
    let dynamic_spec;
    let spec = match optstring {
        Optstring::Const(spec) => spec,
        Optstring::Dynamic(op) => {
            let aux = &mut slot.aux;
            aux.clear();
            let mut got = false;
            let present = op.eval(ctx, fs, opt_slots, &mut |v| {
                if let Some(b) = value_bytes(&v) {
                    aux.extend_from_slice(b);
                    got = true;
                }
                true
            });
            if !present || !got {
                return false;
            }
            dynamic_spec = GetoptSpec::new(&slot.aux);
            &dynamic_spec
        }
    };
    let list = &mut slot.list;
    list.clear();
    let present = args.eval(ctx, fs, arg_slots, &mut |v| {
        if let Some(b) = value_bytes(&v) {
            list.push(b);
        }
        false
    });
    if !present {
        return false;
    }
    let views = borrow_all(&mut slot.refs, &slot.list);
    let found = match select {
        Some(opt) => spec.select(&views, opt, &mut slot.buf),
        None => {
            spec.options(&views, &mut slot.out);
            true
        }
    };
    release(&mut slot.refs, views);
    if !found {
        return false;
    }
    if select.is_some() {
        visit(text_value(&slot.buf));
    } else {
        for item in slot.out.iter() {
            if visit(text_value(item)) {
                break;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_views_reuse_their_storage() {
        let mut list = ByteList::new();
        for item in [&b"-n"[..], b"-t", b"value"] {
            list.push(item);
        }
        let mut store: Vec<&'static [u8]> = Vec::with_capacity(8);
        let before = store.as_ptr();
        for _ in 0..3 {
            let views = borrow_all(&mut store, &list);
            assert_eq!(views, [&b"-n"[..], b"-t", b"value"]);
            release(&mut store, views);
            assert!(store.is_empty());
            assert_eq!(store.capacity(), 8);
            assert_eq!(store.as_ptr(), before);
        }
    }

    #[test]
    fn numbers_print_with_their_format() {
        let mut s = String::new();
        write_number(&mut s, &Value::I64(-42), PrintFormat::Dec);
        s.push(' ');
        write_number(&mut s, &Value::U64(255), PrintFormat::Hex);
        s.push(' ');
        write_number(&mut s, &Value::U64(8), PrintFormat::Oct);
        assert_eq!(s, "-42 FF 10");
    }
}
