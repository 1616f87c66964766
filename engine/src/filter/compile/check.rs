//! One leaf of a compiled condition: an operand (a field, possibly transformed), the operator's test,
//! and how the operand's values combine (compile stage, and evaluation of that leaf).

use super::op::{CmpOp, TypeClass};
use super::test::{RhsValue, Test};
use super::warn::{check_value, CompileWarning};
use super::{CompileError, EvalScratch};
use crate::fields::{self, EvalCtx, FieldRef, FieldType, Multi, Scratch, Value};
use crate::filter::ast::{Expr, ExprKind, Span};
use crate::filter::ops::transform as tf;

/// Deepest transformer nesting accepted (`tolower(toupper(...))`).
pub const MAX_TRANSFORM_DEPTH: usize = 32;

/// A transformer applied to an operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// `tolower(x)`.
    ToLower,
    /// `toupper(x)`.
    ToUpper,
    /// `b64(x)`: base64-decodes.
    B64,
    /// `basename(x)`.
    Basename,
    /// `len(x)`: length in bytes, or number of values of a list field.
    Len,
}

impl Transform {
    /// The transformer's name as written (`tolower`).
    pub fn name(self) -> &'static str {
        match self {
            Transform::ToLower => "tolower",
            Transform::ToUpper => "toupper",
            Transform::B64 => "b64",
            Transform::Basename => "basename",
            Transform::Len => "len",
        }
    }

    /// The type of the result for an input of type `ty` (`list` for list inputs), or `None`
    /// when the transformer does not accept it (libsinsp's `transform_type`).
    fn output(self, ty: FieldType, list: bool) -> Option<(FieldType, bool)> {
        let is_text = matches!(ty, FieldType::Str | FieldType::Path);
        match self {
            Transform::Len if list => Some((FieldType::U64, false)),
            Transform::Len => {
                (is_text || ty == FieldType::Bytes).then_some((FieldType::U64, false))
            }
            Transform::ToLower | Transform::ToUpper | Transform::Basename => {
                is_text.then_some((ty, list))
            }
            Transform::B64 => matches!(ty, FieldType::Str | FieldType::Bytes).then_some((ty, list)),
        }
    }
}

/// The left (or right-hand field) side of a check.
#[derive(Debug)]
pub enum Operand {
    /// A field of the event or its process, fd, user, container.
    Field(FieldRef),
    /// A transformer over another operand.
    Transform {
        /// Which transformer.
        kind: Transform,
        /// Its argument.
        inner: Box<Operand>,
        /// The argument's type.
        input: FieldType,
        /// Whether the argument is a list.
        on_list: bool,
    },
}

/// The type of a compiled operand.
#[derive(Debug, Clone)]
pub(crate) struct Typed {
    /// Value type after transformers.
    pub ty: FieldType,
    /// Whether the values form a list (`fd.types`, `tolower(fd.types)`).
    pub list: bool,
    /// How the values combine.
    pub multi: Multi,
    /// The operand as written (canonical form).
    pub text: String,
}

impl Typed {
    fn class(&self) -> TypeClass {
        TypeClass::of(self.ty, self.list)
    }
}

/// How the values of an operand decide a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combine {
    /// True if any value passes (single-valued fields, ancestors, either endpoint).
    Any,
    /// True if every value passes: `!=` on either-endpoint fields (and there must be a value),
    /// `in` on list fields (an empty but present list passes).
    All,
}

/// A compiled check.
#[derive(Debug)]
pub struct Check {
    lhs: Operand,
    test: Test,
    combine: Combine,
    /// The right-hand field of a field-to-field comparison.
    rhs_field: Option<Operand>,
    /// The left side is a list: its presence decides `exists` and an empty `in`.
    list: bool,
}

fn unsupported(what: impl Into<String>, span: Span) -> CompileError {
    CompileError::Unsupported {
        what: what.into(),
        span,
    }
}

impl Operand {
    /// Compiles a `Field` or `Transformer` AST node.
    pub(crate) fn compile(expr: &Expr) -> Result<(Operand, Typed), CompileError> {
        Self::compile_at(expr, 0)
    }

    fn compile_at(expr: &Expr, depth: usize) -> Result<(Operand, Typed), CompileError> {
        if depth > MAX_TRANSFORM_DEPTH {
            return Err(CompileError::TooDeep {
                limit: MAX_TRANSFORM_DEPTH,
                span: expr.span,
            });
        }
        match &expr.kind {
            ExprKind::Field { name, arg } => {
                let fref = fields::resolve(name, arg.as_deref()).map_err(|e| {
                    CompileError::UnknownField {
                        name: expr.to_string(),
                        reason: e.to_string(),
                        span: expr.span,
                    }
                })?;
                let typed = Typed {
                    ty: fref.ty,
                    list: fref.multi == Multi::List,
                    multi: fref.multi,
                    text: expr.to_string(),
                };
                Ok((Operand::Field(fref), typed))
            }
            ExprKind::Transformer { name, values, arg } => {
                let kind = match name.as_str() {
                    "tolower" => Transform::ToLower,
                    "toupper" => Transform::ToUpper,
                    "b64" => Transform::B64,
                    "basename" => Transform::Basename,
                    "len" => Transform::Len,
                    "val" => {
                        return Err(unsupported(
                            "val() is only allowed on the right-hand side of a comparison",
                            expr.span,
                        ))
                    }
                    other => {
                        return Err(unsupported(
                            format!("transformer '{other}' is not supported by syssentry"),
                            expr.span,
                        ))
                    }
                };
                if arg.is_some() {
                    return Err(unsupported(
                        format!("transformer '{name}' does not support field arguments"),
                        expr.span,
                    ));
                }
                let [value] = values.as_slice() else {
                    return Err(unsupported(
                        format!("transformer '{name}' takes exactly one field argument"),
                        expr.span,
                    ));
                };
                if !matches!(
                    value.kind,
                    ExprKind::Field { .. } | ExprKind::Transformer { .. }
                ) {
                    return Err(unsupported(
                        format!("transformer '{name}' takes a field argument, not '{value}'"),
                        value.span,
                    ));
                }
                let (inner, t) = Self::compile_at(value, depth + 1)?;
                let root = inner.root();
                if root.info().has(fields::NO_TRANSFORMER) {
                    return Err(unsupported(
                        format!(
                            "field '{}' does not support transformers",
                            root.display_name()
                        ),
                        value.span,
                    ));
                }
                let Some((ty, list)) = kind.output(t.ty, t.list) else {
                    return Err(unsupported(
                        format!(
                            "can't add field transformer: type '{}' is not supported by '{name}' transformer applied on {}field '{}'",
                            t.ty.as_str(),
                            if t.list { "list " } else { "" },
                            root.display_name()
                        ),
                        expr.span,
                    ));
                };
                let multi = if kind == Transform::Len {
                    Multi::Single
                } else {
                    t.multi
                };
                let typed = Typed {
                    ty,
                    list,
                    multi,
                    text: expr.to_string(),
                };
                Ok((
                    Operand::Transform {
                        kind,
                        inner: Box::new(inner),
                        input: t.ty,
                        on_list: t.list,
                    },
                    typed,
                ))
            }
            _ => Err(unsupported(
                format!("'{expr}' is not a field or transformer"),
                expr.span,
            )),
        }
    }

    /// The field the operand reads (under any transformers).
    pub fn root(&self) -> &FieldRef {
        match self {
            Operand::Field(f) => f,
            Operand::Transform { inner, .. } => inner.root(),
        }
    }

    pub(crate) fn depth(&self) -> usize {
        match self {
            Operand::Field(_) => 0,
            Operand::Transform { inner, .. } => 1 + inner.depth(),
        }
    }

    /// Calls `visit` with each value of the operand; `visit` returns `true` to stop. `bufs` holds
    /// one buffer per transformer level.
    pub(crate) fn for_each(
        &self,
        ctx: &EvalCtx<'_>,
        fs: &mut Scratch,
        bufs: &mut [Vec<u8>],
        visit: &mut dyn FnMut(Value<'_>) -> bool,
    ) {
        let Operand::Transform {
            kind,
            inner,
            input,
            on_list,
        } = self
        else {
            let Operand::Field(f) = self else { return };
            return fields::extract(f, ctx, fs, visit);
        };
        let Some((buf, rest)) = bufs.split_first_mut() else {
            return;
        };
        if *kind == Transform::Len {
            let mut count = 0u64;
            let mut first = None;
            inner.for_each(ctx, fs, rest, &mut |v| {
                count += 1;
                if first.is_none() {
                    first = match v {
                        Value::Str(s) if *input != FieldType::Bytes => {
                            Some(tf::len_str(s.as_bytes()))
                        }
                        Value::Str(s) => Some(tf::len_bytes(s.as_bytes())),
                        Value::Bytes(b) if *input != FieldType::Bytes => Some(tf::len_str(b)),
                        Value::Bytes(b) => Some(tf::len_bytes(b)),
                        _ => None,
                    };
                }
                // A list is counted whole; a single value needs no more.
                !*on_list
            });
            if *on_list {
                if count > 0 || fields::list_present(inner.root(), ctx) {
                    visit(Value::U64(count));
                }
            } else if let Some(n) = first {
                visit(Value::U64(n));
            }
            return;
        }
        let (kind, text_out) = (*kind, *input != FieldType::Bytes);
        inner.for_each(ctx, fs, rest, &mut |v| {
            let bytes = match v {
                Value::Str(s) => s.as_bytes(),
                Value::Bytes(b) => b,
                _ => return false,
            };
            let ok = match kind {
                Transform::ToLower => {
                    tf::to_lower(bytes, buf);
                    true
                }
                Transform::ToUpper => {
                    tf::to_upper(bytes, buf);
                    true
                }
                Transform::Basename => {
                    tf::basename_into(bytes, buf);
                    true
                }
                Transform::B64 => tf::b64_decode(bytes, buf),
                Transform::Len => false,
            };
            if !ok {
                // A value that does not transform has no result (b64 of invalid text).
                return false;
            }
            match std::str::from_utf8(buf) {
                Ok(s) if text_out => visit(Value::Str(s)),
                _ => visit(Value::Bytes(buf)),
            }
        });
    }
}

/// The plain `evt.type` field (no transformer, no argument).
fn is_evt_type(op: &Operand) -> bool {
    matches!(op, Operand::Field(f) if f.info().name == "evt.type")
}

impl Check {
    /// Compiles a `UnaryCheck` or `BinaryCheck` node; hints go to `warnings`.
    pub(super) fn compile(
        expr: &Expr,
        warnings: &mut Vec<CompileWarning>,
    ) -> Result<Check, CompileError> {
        let (left, op_text, right) = match &expr.kind {
            ExprKind::UnaryCheck { left, op } => (left, op, None),
            ExprKind::BinaryCheck { left, op, right } => (left, op, Some(right)),
            _ => return Err(unsupported(format!("'{expr}' is not a check"), expr.span)),
        };
        let (op, modifier) = CmpOp::parse(op_text)
            .ok_or_else(|| unsupported(format!("unknown operator '{op_text}'"), expr.span))?;
        let (lhs, lt) = Operand::compile(left)?;
        let class = lt.class();
        if class.refusal(op, modifier).is_some() {
            return Err(CompileError::OperatorNotSupported {
                op: op.to_string(),
                field: lt.text.clone(),
                class,
                with_modifier: modifier.is_some(),
                span: expr.span,
            });
        }
        let combine = match (lt.multi, op) {
            (Multi::EitherEndpoint, CmpOp::Ne) => Combine::All,
            (Multi::List, CmpOp::In) if lt.list => Combine::All,
            _ => Combine::Any,
        };
        let mut rhs_field = None;
        let test = match right {
            None => Test::Exists,
            Some(rhs) => match &rhs.kind {
                ExprKind::Transformer { name, values, arg } if name == "val" => {
                    if arg.is_some() {
                        return Err(unsupported(
                            "transformer 'val' does not support field arguments",
                            rhs.span,
                        ));
                    }
                    let [value @ Expr {
                        kind: ExprKind::Field { .. },
                        ..
                    }] = values.as_slice()
                    else {
                        return Err(unsupported(
                            "val() takes exactly one field, without transformers",
                            rhs.span,
                        ));
                    };
                    rhs_field = Some(field_rhs(
                        &lhs,
                        &lt,
                        op,
                        modifier.is_some(),
                        value,
                        rhs.span,
                    )?);
                    Test::Field(op)
                }
                ExprKind::Transformer { .. } => {
                    rhs_field = Some(field_rhs(&lhs, &lt, op, modifier.is_some(), rhs, rhs.span)?);
                    Test::Field(op)
                }
                _ => {
                    let values = rhs_values(rhs, op)?;
                    if lhs.root().info().name == "evt.type" {
                        for (name, span) in &values {
                            if crate::event::EventType::from_name(name).is_none() {
                                return Err(CompileError::UnknownEventType {
                                    name: name.clone(),
                                    span: *span,
                                });
                            }
                        }
                    }
                    for (v, _) in &values {
                        check_value(op, v, rhs.span, expr.span, warnings);
                    }
                    Test::compile(
                        op,
                        modifier,
                        class,
                        lt.ty,
                        is_evt_type(&lhs),
                        &lt.text,
                        &values,
                        rhs.span,
                    )?
                }
            },
        };
        Ok(Check {
            lhs,
            test,
            combine,
            rhs_field,
            list: lt.list,
        })
    }

    /// Evaluates the check for one event.
    pub(super) fn eval(&self, ctx: &EvalCtx<'_>, sc: &mut EvalScratch) -> bool {
        if let Test::EventType(set) = &self.test {
            return set.contains(ctx.event.event_type());
        }
        let depth = self
            .lhs
            .depth()
            .max(self.rhs_field.as_ref().map_or(0, Operand::depth));
        if sc.transform.len() < depth {
            sc.transform.resize_with(depth, Vec::new);
        }
        let EvalScratch {
            fields: fs,
            transform,
            rhs,
            text,
        } = sc;
        let rhs_value = match &self.rhs_field {
            None => RhsValue::None,
            Some(r) => {
                let mut got = RhsValue::None;
                r.for_each(ctx, fs, transform, &mut |v| {
                    got = RhsValue::capture(v, rhs);
                    true
                });
                if matches!(got, RhsValue::None) {
                    return false;
                }
                got
            }
        };
        let test = &self.test;
        let mut seen = false;
        let result = match self.combine {
            Combine::Any => {
                let mut hit = false;
                self.lhs.for_each(ctx, fs, transform, &mut |v| {
                    seen = true;
                    hit = test.eval(v, &rhs_value, rhs, text);
                    hit
                });
                hit
            }
            Combine::All => {
                let mut all = true;
                self.lhs.for_each(ctx, fs, transform, &mut |v| {
                    seen = true;
                    all = test.eval(v, &rhs_value, rhs, text);
                    !all
                });
                seen && all
            }
        };
        if !seen && self.list && (matches!(self.test, Test::Exists) || self.combine == Combine::All)
        {
            // A present but empty list: it exists, and all of its (no) values are in any set.
            return fields::list_present(self.lhs.root(), ctx);
        }
        result
    }
}

/// Compiles the right-hand field of a field-to-field comparison and checks that it may be
/// compared with the left side (libsinsp's `add_filter_value` rules).
fn field_rhs(
    lhs: &Operand,
    lt: &Typed,
    op: CmpOp,
    modifier: bool,
    expr: &Expr,
    span: Span,
) -> Result<Operand, CompileError> {
    if modifier {
        return Err(unsupported(
            "a modifier cannot be used with a right-hand side field",
            span,
        ));
    }
    if matches!(op, CmpOp::PMatch | CmpOp::Regex) {
        return Err(unsupported(
            format!("operator '{op}' doesn't support right-hand side fields"),
            span,
        ));
    }
    if lt.ty == FieldType::IpNet {
        return Err(unsupported(
            "field type 'IPNET' doesn't support right-hand side fields",
            span,
        ));
    }
    if lhs.root().info().has(fields::NO_RHS) {
        return Err(unsupported(
            format!(
                "field '{}' doesn't support right-hand side fields",
                lhs.root().display_name()
            ),
            span,
        ));
    }
    let (rop, rt) = Operand::compile(expr)?;
    if rop.root().info().has(fields::NO_RHS) {
        return Err(unsupported(
            format!(
                "field '{}' can't be used as a right-hand side field",
                rop.root().display_name()
            ),
            span,
        ));
    }
    if rt.ty != lt.ty || rt.list != lt.list {
        return Err(CompileError::FieldTypeMismatch {
            left: lt.text.clone(),
            left_type: type_text(lt),
            right: rt.text.clone(),
            right_type: type_text(&rt),
            span,
        });
    }
    if matches!(op, CmpOp::Glob | CmpOp::IGlob) {
        return Err(unsupported(
            format!("'{op}' with a right-hand side field is not supported by syssentry"),
            span,
        ));
    }
    Ok(rop)
}

fn type_text(t: &Typed) -> String {
    format!("{}{}", t.ty.as_str(), if t.list { " (list)" } else { "" })
}

/// The constant values on the right of a check, as strings.
fn rhs_values(rhs: &Expr, op: CmpOp) -> Result<Vec<(String, Span)>, CompileError> {
    match &rhs.kind {
        ExprKind::Value(v) | ExprKind::Identifier(v) => Ok(vec![(v.clone(), rhs.span)]),
        ExprKind::List(values) => Ok(values.iter().map(|v| (v.clone(), rhs.span)).collect()),
        _ => Err(unsupported(
            format!("'{rhs}' is not a valid right-hand side for '{op}'"),
            rhs.span,
        )),
    }
}
