//! Output format templates: a rule's `output` text compiled once into literal text and field
//! segments, then rendered per alert. Output stage of the data flow.
//!
//! Syntax as in Falco: everything is literal except `%` tokens; `%` may be followed by a decimal
//! width (`%20proc.name`: the value padded with spaces or cut to exactly 20 *bytes*) and then a
//! field or a transformer expression (`%proc.aname[2]`, `%tolower(proc.name)`,
//! `%concat(proc.name, "-", proc.pname)`, `%join(",", (fd.name, fd.directory))`). When the longest
//! field-name token is not a field, shorter prefixes are tried, so `%proc.namex` is `proc.name`
//! followed by `x`. There is no escape for a literal `%`; a `%` at the end, or one followed by no
//! field, is an error. A value that is missing prints as `<NA>`; a transformer whose result is a
//! list (`%getopt(...)`, `%tolower(fd.types)`) prints as `(a,b)`.
//!
//! Widths are Falco's `std::string::resize(N, ' ')` on the value's bytes. A cut inside a
//! multi-byte UTF-8 character leaves an incomplete sequence, which a Rust `String` cannot hold;
//! Falco's output encoder replaces such a sequence with U+FFFD before printing, so the cut
//! character is written as U+FFFD here (the line is then longer than N bytes by the replacement
//! character's size minus the kept bytes, exactly as in Falco's printed output).
//!
//! `output_fields` lists the fields as written, including every field under a transformer
//! (`%concat(proc.name, "-", proc.pname)` lists `proc.name` and `proc.pname`), but not the
//! transformer expressions themselves: Falco resolves transformed tokens only when
//! `resolve_transformed_fields` is set, which it never sets.

use crate::fields::Value;
use crate::fields::{self, EvalCtx, FieldRef};
use crate::filter::ast::{Expr, ExprKind};
use crate::filter::compile::{EvalScratch, Operand, Slot};
use crate::filter::ops::text::c_str;
use crate::filter::parse::parse_field_or_transformer;
use std::fmt::Write;
use std::sync::Arc;
use thiserror::Error;

/// Largest `%N` width accepted (a width makes every alert allocate that much).
pub const MAX_WIDTH: usize = 4096;

/// What Falco prints for a missing value.
pub const NOT_AVAILABLE: &str = "<NA>";

/// Errors in an output format, with the byte offset in the format text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The format ends with a lone `%`.
    #[error("formatting cannot end with a %")]
    TrailingPercent {
        /// Offset of the `%`.
        offset: usize,
    },
    /// A width above [`MAX_WIDTH`].
    #[error("field width {width} is larger than {MAX_WIDTH}")]
    WidthTooLarge {
        /// The width as written (saturated).
        width: usize,
        /// Offset of the `%`.
        offset: usize,
    },
    /// The format ends with a `%` and a width (`%10`).
    #[error("formatting cannot end with a number")]
    TrailingWidth {
        /// Offset of the `%`.
        offset: usize,
    },
    /// A `%` not followed by a known field.
    #[error("unknown filter: {token}")]
    UnknownField {
        /// The text after the `%`, up to the next blank.
        token: String,
        /// Offset of the `%`.
        offset: usize,
    },
}

impl FormatError {
    /// Offset of the offending `%` in the format text.
    pub fn offset(&self) -> usize {
        match self {
            FormatError::TrailingPercent { offset }
            | FormatError::TrailingWidth { offset }
            | FormatError::WidthTooLarge { offset, .. }
            | FormatError::UnknownField { offset, .. } => *offset,
        }
    }
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Field {
        field: FieldRef,
        width: Option<usize>,
    },
    Transformer {
        operand: Box<Operand>,
        /// The result is a list, printed `(a,b)`.
        list: bool,
        /// Scratch slots the operand needs.
        slots: usize,
        width: Option<usize>,
    },
}

/// A compiled output format.
#[derive(Debug)]
pub struct OutputFormat {
    segments: Vec<Segment>,
    /// The field tokens as written (`proc.aname[2]`) with their fields, for `output_fields`;
    /// transformer tokens are not listed, as in Falco.
    keys: Vec<(Arc<str>, FieldRef)>,
    /// The same, as `output_fields` lists them: sorted by key, each once, without the fields
    /// that exist only for filtering (sorted once here, not for every alert).
    output_keys: Vec<(Arc<str>, FieldRef)>,
    /// What a rendered message usually takes: its literal text and a few dozen bytes a value,
    /// so the line is allocated once, not grown field by field.
    size_hint: usize,
    /// Per entry of `output_keys`: the segment that prints the same field without a width,
    /// whose printed text gives the JSON value ([`fields::json_follows_print`]).
    printed_by: Vec<Option<usize>>,
    /// Per segment: some entry of `output_keys` takes its value from it.
    kept: Vec<bool>,
}

/// Bytes reserved for each value of a message ([`OutputFormat::size_hint`]).
const VALUE_HINT: usize = 32;

impl OutputFormat {
    /// Compiles a format text.
    pub fn compile(text: &str) -> Result<OutputFormat, FormatError> {
        let mut segments = Vec::new();
        let mut keys: Vec<(Arc<str>, FieldRef)> = Vec::new();
        // (key, segment) of the first field token of each key printed without a width
        let mut plain: Vec<(String, usize)> = Vec::new();
        let mut literal = String::new();
        let mut rest = 0;
        while let Some(found) = text[rest..].find('%') {
            let pct = rest + found;
            literal.push_str(&text[rest..pct]);
            let mut pos = pct + 1;
            if pos >= text.len() {
                return Err(FormatError::TrailingPercent { offset: pct });
            }
            let digits = text[pos..].bytes().take_while(u8::is_ascii_digit).count();
            // A width of 0 means no width, as in Falco.
            let width = if digits > 0 {
                let w = text[pos..pos + digits]
                    .parse::<usize>()
                    .unwrap_or(usize::MAX);
                if w > MAX_WIDTH {
                    return Err(FormatError::WidthTooLarge {
                        width: w,
                        offset: pct,
                    });
                }
                Some(w).filter(|w| *w > 0)
            } else {
                None
            };
            pos += digits;
            if pos >= text.len() {
                return Err(FormatError::TrailingWidth { offset: pct });
            }
            let (token, end) = token_at(text, pos).ok_or_else(|| FormatError::UnknownField {
                token: text[pos..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string(),
                offset: pct,
            })?;
            if !literal.is_empty() {
                segments.push(Segment::Literal(std::mem::take(&mut literal)));
            }
            match token {
                Token::Field(field, key) => {
                    if !keys.iter().any(|(k, _)| **k == *key) {
                        keys.push((Arc::from(key.as_str()), field.clone()));
                    }
                    if width.is_none() && fields::json_follows_print(&field) && !plain.iter().any(|(k, _)| *k == key) {
                        plain.push((key, segments.len()));
                    }
                    segments.push(Segment::Field { field, width });
                }
                Token::Transformer(operand, list, inner) => {
                    // As in Falco, the fields under a transformer are listed, not the transformer.
                    for (field, key) in inner {
                        if !keys.iter().any(|(k, _)| **k == *key) {
                            keys.push((Arc::from(key.as_str()), field));
                        }
                    }
                    let slots = operand.slot_count();
                    segments.push(Segment::Transformer {
                        operand,
                        list,
                        slots,
                        width,
                    })
                }
            }
            rest = end;
        }
        literal.push_str(&text[rest..]);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        let mut output_keys: Vec<(Arc<str>, FieldRef)> =
            keys.iter().filter(|(_, f)| !f.info().has(fields::FILTER_ONLY)).cloned().collect();
        output_keys.sort_by(|a, b| a.0.cmp(&b.0));
        output_keys.dedup_by(|a, b| a.0 == b.0);
        let size_hint = segments
            .iter()
            .map(|s| match s {
                Segment::Literal(text) => text.len(),
                _ => VALUE_HINT,
            })
            .sum();
        let printed_by: Vec<Option<usize>> = output_keys
            .iter()
            .map(|(key, _)| plain.iter().find(|(k, _)| **k == **key).map(|(_, seg)| *seg))
            .collect();
        let mut kept = vec![false; segments.len()];
        for seg in printed_by.iter().flatten() {
            kept[*seg] = true;
        }
        Ok(OutputFormat { segments, keys, output_keys, size_hint, printed_by, kept })
    }

    /// The `output_fields` value of `output_keys()[i]` as the message last rendered
    /// ([`OutputFormat::render`] with `scratch`) printed it (a string: its range of the line),
    /// when the message printed that field in a form the value follows from: the value is then
    /// taken from the line instead of extracting the field again.
    pub fn printed(&self, i: usize, scratch: &EvalScratch) -> Option<fields::JsonValue> {
        let seg = (*self.printed_by.get(i)?)?;
        scratch.printed.get(seg).copied()
    }

    /// The bytes a rendered message usually takes (see [`OutputFormat::render`]).
    pub fn size_hint(&self) -> usize {
        self.size_hint
    }

    /// Renders the message for one event into `out`.
    pub fn render(&self, ctx: &EvalCtx<'_>, scratch: &mut EvalScratch, out: &mut String) {
        scratch.printed.clear();
        scratch.printed.resize(self.segments.len(), fields::JsonValue::Null);
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Literal(s) => out.push_str(s),
                Segment::Field { field, width: None } if self.kept[i] => {
                    let printed = fields::format_value_printed(field, ctx, &mut scratch.fields, out);
                    if printed == fields::JsonValue::Null {
                        out.push_str(NOT_AVAILABLE);
                    }
                    scratch.printed[i] = printed;
                }
                Segment::Field { field, width } => {
                    let start = out.len();
                    if !fields::format_value(field, ctx, &mut scratch.fields, out) {
                        out.push_str(NOT_AVAILABLE);
                    }
                    apply_width(out, start, *width);
                }
                Segment::Transformer {
                    operand,
                    list,
                    slots,
                    width,
                } => {
                    if scratch.slots.len() < *slots {
                        scratch.slots.resize_with(*slots, Default::default);
                    }
                    let EvalScratch {
                        fields,
                        slots,
                        render,
                        ..
                    } = scratch;
                    render.clear();
                    if !render_operand(operand, *list, ctx, fields, slots, render) {
                        render.extend_from_slice(NOT_AVAILABLE.as_bytes());
                    }
                    if let Some(w) = *width {
                        render.resize(w, b' ');
                    }
                    push_lossy(out, render);
                }
            }
        }
    }

    /// The field tokens of the format with their fields, in order of first appearance.
    pub fn keys(&self) -> &[(Arc<str>, FieldRef)] {
        &self.keys
    }

    /// The field tokens `output_fields` lists: sorted by key, each once, without filter-only
    /// fields.
    pub fn output_keys(&self) -> &[(Arc<str>, FieldRef)] {
        &self.output_keys
    }

    /// Calls `visit` for every field the format reads, transformer arguments included.
    pub fn for_each_field(&self, visit: &mut dyn FnMut(&FieldRef)) {
        for s in &self.segments {
            match s {
                Segment::Literal(_) => {}
                Segment::Field { field, .. } => visit(field),
                Segment::Transformer { operand, .. } => operand.for_each_field(visit),
            }
        }
    }
}

enum Token {
    Field(FieldRef, String),
    /// A transformer expression, whether its result is a list, and the fields under it, with
    /// their text.
    Transformer(Box<Operand>, bool, Vec<(FieldRef, String)>),
}

/// Parses the field or transformer at `pos`, retrying shorter field names as Falco does.
fn token_at(text: &str, pos: usize) -> Option<(Token, usize)> {
    let (expr, end) = parse_field_or_transformer(text, pos).ok()?;
    if let Some(tok) = token_of(&expr) {
        return Some((tok, end));
    }
    if !matches!(expr.kind, ExprKind::Field { .. }) {
        return None;
    }
    // "proc.namex" is the field proc.name followed by the literal "x".
    let mut e = end;
    while e > pos + 1 {
        e -= 1;
        if !text.is_char_boundary(e) {
            continue;
        }
        if let Ok((shorter, se)) = parse_field_or_transformer(&text[..e], pos) {
            if se == e {
                if let Some(tok) = token_of(&shorter) {
                    return Some((tok, e));
                }
            }
        }
    }
    None
}

fn token_of(expr: &Expr) -> Option<Token> {
    match &expr.kind {
        ExprKind::Field { name, arg } => {
            let field = displayable(fields::resolve(name, arg.as_deref()).ok()?)?;
            Some(Token::Field(field, expr.to_string()))
        }
        ExprKind::Transformer { .. } => {
            let (op, typed) = Operand::compile(expr).ok()?;
            let mut inner = Vec::new();
            let mut stack = vec![expr];
            while let Some(e) = stack.pop() {
                if let ExprKind::Field { name, arg } = &e.kind {
                    inner.push((
                        displayable(fields::resolve(name, arg.as_deref()).ok()?)?,
                        e.to_string(),
                    ));
                }
                let mut children = e.children();
                children.reverse();
                stack.extend(children);
            }
            Some(Token::Transformer(Box::new(op), typed.list, inner))
        }
        _ => None,
    }
}

/// Filter-only fields (`fd.ip`, `fd.net`, ...) cannot be printed: Falco refuses them in outputs.
fn displayable(f: FieldRef) -> Option<FieldRef> {
    (!f.info().has(fields::FILTER_ONLY)).then_some(f)
}

/// Writes the value of a transformer expression as raw bytes (Falco's `tostring`): the first
/// value, or `(a,b)` for a list; returns whether there was a value.
fn render_operand(
    operand: &Operand,
    list: bool,
    ctx: &EvalCtx<'_>,
    fields: &mut crate::fields::Scratch,
    slots: &mut [Slot],
    out: &mut Vec<u8>,
) -> bool {
    if list {
        out.push(b'(');
    }
    let mut n = 0usize;
    let present = operand.eval(ctx, fields, slots, &mut |v| {
        if n > 0 {
            out.push(b',');
        }
        n += 1;
        match v {
            // Strings print as C strings.
            Value::Str(s) => out.extend_from_slice(c_str(s.as_bytes())),
            Value::Bytes(b) => out.extend_from_slice(b),
            Value::U64(x) => {
                let _ = write!(ByteWriter(out), "{x}");
            }
            Value::I64(x) => {
                let _ = write!(ByteWriter(out), "{x}");
            }
            Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Value::Ip(ip) => {
                let _ = write!(ByteWriter(out), "{ip}");
            }
        }
        !list
    });
    if list {
        out.push(b')');
        return present;
    }
    n > 0
}

/// `fmt::Write` into a byte buffer.
struct ByteWriter<'a>(&'a mut Vec<u8>);

impl Write for ByteWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Appends bytes as text, each invalid UTF-8 sequence replaced by U+FFFD (as Falco's output
/// encoder does), without allocating.
fn push_lossy(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
}

/// Pads with spaces or cuts the text written since `start` to exactly `width` bytes (Falco's
/// `resize`); a cut inside a character leaves U+FFFD in its place (see the module docs).
fn apply_width(out: &mut String, start: usize, width: Option<usize>) {
    let Some(width) = width else { return };
    let written = out.len() - start;
    if written <= width {
        out.extend(std::iter::repeat_n(' ', width - written));
        return;
    }
    let mut cut = start + width;
    if out.is_char_boundary(cut) {
        out.truncate(cut);
        return;
    }
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    out.push(char::REPLACEMENT_CHARACTER);
}
