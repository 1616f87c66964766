//! One leaf of a compiled condition: an operand (a field, possibly transformed), the operator's test,
//! and how the operand's values combine (compile stage, and evaluation of that leaf).
//!
//! Either side of a comparison may be a transformer expression; a right-hand transformer or
//! `val(field)` is compared as a field, and its type must equal the left side's (list-ness
//! included), as in libsinsp.

use super::op::CmpOp;
use super::operand::{Operand, Typed};
use super::test::{RhsValue, Test};
use super::warn::{check_value, CompileWarning};
use super::error::CompileError;
use super::scratch::EvalScratch;
use crate::fields::{self, EvalCtx, FieldType, Multi};
use crate::filter::ast::{Expr, ExprKind, Span};

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
    /// The right-hand field is a list: all of its values are captured.
    rhs_list: bool,
    /// Scratch slots needed by the larger side.
    slots: usize,
    /// The check as text: identical checks of different rules have the same (their macros
    /// expanded alike) and give the same result for an event ([`super::shared`]).
    key: Box<str>,
}

fn unsupported(what: impl Into<String>, span: Span) -> CompileError {
    CompileError::Unsupported {
        what: what.into(),
        span,
    }
}

/// The plain `evt.type` field (no transformer, no argument).
fn is_evt_type(op: &Operand) -> bool {
    matches!(op, Operand::Field(f) if f.info().name == "evt.type")
}

impl Check {
    /// Calls `visit` for every field the check reads (its left side and a `val()` right side).
    pub fn for_each_field(&self, visit: &mut dyn FnMut(&crate::fields::FieldRef)) {
        self.lhs.for_each_field(visit);
        if let Some(r) = &self.rhs_field {
            r.for_each_field(visit);
        }
    }

    /// The open-file facts this check reads ([`fields::open_facts_of`] of its fields), in a
    /// rule that can (`on_opens`) or cannot match an open-family event. `evt.arg.flags
    /// contains|icontains "X"`, with an X that cannot match a fact's flag name, needs none.
    pub fn open_facts(&self, on_opens: bool) -> syssentry_event::OpenFacts {
        if on_opens && self.rhs_field.is_none() && self.flags_test_ignores_facts() {
            return syssentry_event::OpenFacts::NONE;
        }
        let mut facts = syssentry_event::OpenFacts::NONE;
        self.for_each_field(&mut |f| facts |= fields::open_facts_of(f, on_opens));
        facts
    }

    /// `evt.arg.flags` (plain, no transformer) tested with `contains`/`icontains` against one
    /// constant that the open facts cannot make match or fail.
    fn flags_test_ignores_facts(&self) -> bool {
        let Operand::Field(f) = &self.lhs else {
            return false;
        };
        let is_flags = f.info().name == "evt.arg"
            && matches!(&f.arg, fields::FieldArg::Param(p) if p.name() == "flags");
        let Test::Str(m) = &self.test else {
            return false;
        };
        let super::test::StrMatch::Str(sm) = m.as_ref() else {
            return false;
        };
        is_flags
            && matches!(
                sm.op(),
                crate::filter::ops::StrOp::Contains | crate::filter::ops::StrOp::IContains
            )
            && fields::flags_needle_ignores_facts(sm.rhs())
    }

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
                    if lhs.root().is_some_and(|f| f.info().name == "evt.type") {
                        for (name, span) in &values {
                            if syssentry_event::EventType::from_name(name).is_none() {
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
        let slots = lhs
            .slot_count()
            .max(rhs_field.as_ref().map_or(0, Operand::slot_count));
        Ok(Check {
            lhs,
            test,
            combine,
            rhs_field,
            list: lt.list,
            // Both sides have the same type, list-ness included.
            rhs_list: lt.list,
            slots,
            key: expr.to_string().into_boxed_str(),
        })
    }

    /// The check as text ([`super::memo`]).
    pub(super) fn key(&self) -> &str {
        &self.key
    }

    /// Drops the text once the rule set has numbered its subtrees (long lists make it long).
    pub(super) fn forget_key(&mut self) {
        self.key = Box::default();
    }

    /// Evaluates the check for one event.
    #[inline]
    pub(super) fn eval(&self, ctx: &EvalCtx<'_>, sc: &mut EvalScratch) -> bool {
        if let Test::EventType(set) = &self.test {
            return set.contains(ctx.event.event_type());
        }
        if sc.slots.len() < self.slots {
            sc.slots.resize_with(self.slots, Default::default);
        }
        let EvalScratch {
            fields: fs,
            slots,
            rhs,
            rhs_set,
            text,
            ..
        } = sc;
        let rhs_value = match &self.rhs_field {
            None => RhsValue::None,
            Some(r) if self.rhs_list => {
                // A list on the right (`getopt(...) intersects getopt(...)`): all of its values
                // form the set; a present but empty list is an empty set.
                rhs_set.clear();
                let present = r.eval(ctx, fs, slots, &mut |v| {
                    if let Some(b) = RhsValue::bytes_of(&v) {
                        rhs_set.push(b);
                    }
                    false
                });
                if !present {
                    return false;
                }
                RhsValue::Set
            }
            Some(r) => {
                let mut got = RhsValue::None;
                r.eval(ctx, fs, slots, &mut |v| {
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
        let rhs_set = &*rhs_set;
        let mut seen = false;
        let (result, present) = match self.combine {
            Combine::Any => {
                let mut hit = false;
                let present = self.lhs.eval(ctx, fs, slots, &mut |v| {
                    seen = true;
                    hit = test.eval(v, &rhs_value, rhs, rhs_set, text);
                    hit
                });
                (hit, present)
            }
            Combine::All => {
                let mut all = true;
                let present = self.lhs.eval(ctx, fs, slots, &mut |v| {
                    seen = true;
                    all = test.eval(v, &rhs_value, rhs, rhs_set, text);
                    !all
                });
                (seen && all, present)
            }
        };
        if !seen && self.list && (matches!(self.test, Test::Exists) || self.combine == Combine::All)
        {
            // A present but empty list: it exists, and all of its (no) values are in any set.
            return present;
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
    if let Some(root) = lhs.root().filter(|f| f.info().has(fields::NO_RHS)) {
        return Err(unsupported(
            format!(
                "field '{}' doesn't support right-hand side fields",
                root.display_name()
            ),
            span,
        ));
    }
    let (rop, rt) = Operand::compile(expr)?;
    if let Some(root) = rop.root().filter(|f| f.info().has(fields::NO_RHS)) {
        return Err(unsupported(
            format!(
                "field '{}' can't be used as a right-hand side field",
                root.display_name()
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
