//! One leaf of a compiled condition: an operand (a field, possibly transformed), the operator's test,
//! and how the operand's values combine (compile stage, and evaluation of that leaf).

use super::op::{CmpOp, TypeClass};
use super::test::{RhsValue, Test};
use super::{CompileError, EvalScratch};
use crate::fields::{self, EvalCtx, FieldRef, Multi, Scratch, Value};
use crate::filter::ast::{Expr, ExprKind, Span};
use crate::filter::ops::transform as tf;

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

/// The left (or `val()` right) side of a check.
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
    },
}

/// How the values of an operand decide a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combine {
    /// True if any value passes (single-valued fields, ancestors, either endpoint).
    Any,
    /// True if there is a value and every value passes (`!=` on either-endpoint fields, `in` on
    /// list fields).
    All,
}

/// A compiled check.
#[derive(Debug)]
pub struct Check {
    lhs: Operand,
    test: Test,
    combine: Combine,
    /// The right-hand field of a `val()` comparison.
    rhs_field: Option<Operand>,
}

impl Operand {
    /// Compiles a `Field` or `Transformer` AST node; returns the operand, its type class and its
    /// multiplicity.
    pub(crate) fn compile(expr: &Expr) -> Result<(Operand, TypeClass, Multi, String), CompileError> {
        match &expr.kind {
            ExprKind::Field { name, arg } => {
                let fref = fields::resolve(name, arg.as_deref()).map_err(|e| CompileError::UnknownField {
                    name: expr.to_string(),
                    reason: e.to_string(),
                    span: expr.span,
                })?;
                let (class, multi) = (class_of(&fref), fref.multi);
                Ok((Operand::Field(fref), class, multi, expr.to_string()))
            }
            ExprKind::Transformer { name, values, arg } => {
                let kind = match name.as_str() {
                    "tolower" => Transform::ToLower,
                    "toupper" => Transform::ToUpper,
                    "b64" => Transform::B64,
                    "basename" => Transform::Basename,
                    "len" => Transform::Len,
                    "val" => {
                        return Err(CompileError::Unsupported {
                            what: "val() is only allowed on the right-hand side of a comparison".into(),
                            span: expr.span,
                        })
                    }
                    other => {
                        return Err(CompileError::Unsupported {
                            what: format!("transformer '{other}' is not supported by syssentry"),
                            span: expr.span,
                        })
                    }
                };
                if arg.is_some() || values.len() != 1 {
                    return Err(CompileError::Unsupported {
                        what: format!("transformer '{name}' takes exactly one field argument"),
                        span: expr.span,
                    });
                }
                let (inner, class, multi, text) = Operand::compile(&values[0])?;
                if let Operand::Field(f) = &inner {
                    if f.info().has(fields::NO_TRANSFORMER) {
                        return Err(CompileError::Unsupported {
                            what: format!("field '{text}' does not support transformers"),
                            span: values[0].span,
                        });
                    }
                }
                let out = match (kind, class) {
                    (Transform::Len, TypeClass::Str | TypeClass::Bytes | TypeClass::List) => TypeClass::Numeric,
                    (Transform::ToLower | Transform::ToUpper | Transform::Basename, TypeClass::Str) => TypeClass::Str,
                    (Transform::B64, TypeClass::Str | TypeClass::Bytes) => class,
                    _ => {
                        return Err(CompileError::Unsupported {
                            what: format!("transformer '{name}' cannot be applied to {} field '{text}'", class.describe()),
                            span: expr.span,
                        })
                    }
                };
                // A transformed list collapses to one value for `len`, stays a list otherwise.
                let multi = if kind == Transform::Len { Multi::Single } else { multi };
                Ok((Operand::Transform { kind, inner: Box::new(inner) }, out, multi, expr.to_string()))
            }
            _ => Err(CompileError::Unsupported {
                what: format!("'{expr}' is not a field or transformer"),
                span: expr.span,
            }),
        }
    }

    pub(crate) fn depth(&self) -> usize {
        match self {
            Operand::Field(_) => 0,
            Operand::Transform { inner, .. } => 1 + inner.depth(),
        }
    }

    /// Calls `visit` with each value of the operand; `visit` returns `true` to stop.
    pub(crate) fn for_each(
        &self,
        ctx: &EvalCtx<'_>,
        fs: &mut Scratch,
        bufs: &mut [Vec<u8>],
        visit: &mut dyn FnMut(Value<'_>) -> bool,
    ) {
        match self {
            Operand::Field(f) => fields::extract(f, ctx, fs, visit),
            Operand::Transform { kind: Transform::Len, inner } => {
                let (_, rest) = bufs.split_first_mut().expect("one buffer per transformer level");
                let mut count = 0u64;
                let mut bytes = None;
                inner.for_each(ctx, fs, rest, &mut |v| {
                    count += 1;
                    if bytes.is_none() {
                        bytes = match v {
                            Value::Str(s) => Some(s.len() as u64),
                            Value::Bytes(b) => Some(b.len() as u64),
                            _ => None,
                        };
                    }
                    false
                });
                let list = matches!(inner.as_ref(), Operand::Field(f) if f.multi == Multi::List);
                match (count, list) {
                    (0, false) => {}
                    (n, true) => {
                        visit(Value::U64(n));
                    }
                    (_, false) => {
                        if let Some(n) = bytes {
                            visit(Value::U64(n));
                        }
                    }
                }
            }
            Operand::Transform { kind, inner } => {
                let (buf, rest) = bufs.split_first_mut().expect("one buffer per transformer level");
                let kind = *kind;
                inner.for_each(ctx, fs, rest, &mut |v| {
                    let (bytes, is_str) = match v {
                        Value::Str(s) => (s.as_bytes(), true),
                        Value::Bytes(b) => (b, false),
                        _ => return false,
                    };
                    buf.clear();
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
                            buf.extend_from_slice(tf::basename(bytes));
                            true
                        }
                        Transform::B64 => tf::b64_decode(bytes, buf),
                        Transform::Len => unreachable!("handled above"),
                    };
                    if !ok {
                        return false;
                    }
                    match (is_str, std::str::from_utf8(buf)) {
                        (true, Ok(s)) => visit(Value::Str(s)),
                        _ => visit(Value::Bytes(buf)),
                    }
                });
            }
        }
    }
}

fn class_of(field: &FieldRef) -> TypeClass {
    if field.multi == Multi::List {
        return TypeClass::List;
    }
    use fields::FieldType as T;
    match field.ty {
        T::Bool => TypeClass::Bool,
        T::Str | T::Path => TypeClass::Str,
        T::Bytes => TypeClass::Bytes,
        T::IpAddr | T::IpNet => TypeClass::Ip,
        _ => TypeClass::Numeric,
    }
}

impl Check {
    /// Compiles a `UnaryCheck` or `BinaryCheck` node.
    pub(super) fn compile(expr: &Expr) -> Result<Check, CompileError> {
        let (left, op_text, right) = match &expr.kind {
            ExprKind::UnaryCheck { left, op } => (left, op, None),
            ExprKind::BinaryCheck { left, op, right } => (left, op, Some(right)),
            _ => unreachable!("only checks reach Check::compile"),
        };
        let (op, modifier) = CmpOp::parse(op_text).ok_or_else(|| CompileError::Unsupported {
            what: format!("unknown operator '{op_text}'"),
            span: expr.span,
        })?;
        let (lhs, class, multi, field_text) = Operand::compile(left)?;
        let lhs_field = match &lhs {
            Operand::Field(f) => Some(f),
            Operand::Transform { .. } => None,
        };
        if !class.allows(op) {
            return Err(CompileError::OperatorNotSupported {
                op: op.to_string(),
                field: field_text,
                class: class.describe(),
                span: expr.span,
            });
        }
        let combine = match (multi, op) {
            (Multi::EitherEndpoint, CmpOp::Ne) => Combine::All,
            (Multi::List, CmpOp::In) => Combine::All,
            _ => Combine::Any,
        };
        let mut rhs_field = None;
        let test = match right {
            None => Test::Exists,
            Some(rhs) => match &rhs.kind {
                ExprKind::Transformer { name, values, arg: None } if name == "val" && values.len() == 1 => {
                    if let Some(f) = lhs_field {
                        if f.info().has(fields::NO_RHS) {
                            return Err(CompileError::Unsupported {
                                what: format!("field '{field_text}' cannot be compared with another field"),
                                span: expr.span,
                            });
                        }
                    }
                    let (rop, rclass, _, rtext) = Operand::compile(&values[0])?;
                    if rclass != class || matches!(op, CmpOp::PMatch | CmpOp::Regex | CmpOp::Glob | CmpOp::IGlob) || class == TypeClass::Ip {
                        return Err(CompileError::Unsupported {
                            what: format!(
                                "'{field_text}' ({}) cannot be compared with '{op}' to field '{rtext}' ({})",
                                class.describe(),
                                rclass.describe()
                            ),
                            span: rhs.span,
                        });
                    }
                    rhs_field = Some(rop);
                    Test::Field(op)
                }
                ExprKind::Transformer { .. } => {
                    return Err(CompileError::Unsupported {
                        what: "a transformer on the right-hand side must be val(field)".into(),
                        span: rhs.span,
                    })
                }
                _ => {
                    let values = rhs_values(rhs, op)?;
                    Test::compile(op, modifier, class, lhs_field, &field_text, &values, rhs.span)?
                }
            },
        };
        Ok(Check { lhs, test, combine, rhs_field })
    }

    /// Evaluates the check for one event.
    pub(super) fn eval(&self, ctx: &EvalCtx<'_>, sc: &mut EvalScratch) -> bool {
        if let Test::EventType(set) = &self.test {
            return set.contains(ctx.event.event_type());
        }
        let depth = self.lhs.depth().max(self.rhs_field.as_ref().map_or(0, Operand::depth));
        if sc.transform.len() < depth {
            sc.transform.resize_with(depth, Vec::new);
        }
        let EvalScratch { fields: fs, transform, rhs } = sc;
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
        match self.combine {
            Combine::Any => {
                let mut hit = false;
                self.lhs.for_each(ctx, fs, transform, &mut |v| {
                    hit = test.eval(v, &rhs_value, rhs);
                    hit
                });
                hit
            }
            Combine::All => {
                let (mut seen, mut all) = (false, true);
                self.lhs.for_each(ctx, fs, transform, &mut |v| {
                    seen = true;
                    all = test.eval(v, &rhs_value, rhs);
                    !all
                });
                seen && all
            }
        }
    }
}

/// The constant values on the right of a check, as strings.
fn rhs_values(rhs: &Expr, op: CmpOp) -> Result<Vec<(String, Span)>, CompileError> {
    match &rhs.kind {
        ExprKind::Value(v) | ExprKind::Identifier(v) => Ok(vec![(v.clone(), rhs.span)]),
        ExprKind::List(values) => Ok(values.iter().map(|v| (v.clone(), rhs.span)).collect()),
        _ => Err(CompileError::Unsupported {
            what: format!("'{rhs}' is not a valid right-hand side for '{op}'"),
            span: rhs.span,
        }),
    }
}
