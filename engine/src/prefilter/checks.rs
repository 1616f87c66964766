//! Reading one check of a macro-expanded condition, for both prefilter analyses: the constants
//! on its right and, for an `evt.type` check, its value on a given event type.
//!
//! Place in the data flow: expanded condition → **checks** → [`paths`](super::paths) and
//! [`fd_reads`](super::fd_reads). Nothing here runs per event.

use syssentry_event::EventType;

use crate::filter::ast::{Expr, ExprKind};

/// The constant values on the right of a check (`Value` or `List`), `None` for anything else.
pub(crate) fn constants(right: &Expr) -> Option<Vec<&str>> {
    match &right.kind {
        ExprKind::Value(v) => Some(vec![v.as_str()]),
        ExprKind::List(l) => Some(l.iter().map(String::as_str).collect()),
        _ => None,
    }
}

/// The value of check `e` on events of `ty` when it is a plain `evt.type` check (`=`, `in`,
/// `!=` one value), `None` otherwise.
pub(crate) fn type_decided(e: &Expr, ty: EventType) -> Option<bool> {
    let ExprKind::BinaryCheck { left, op, right } = &e.kind else {
        return None;
    };
    let ExprKind::Field { name, arg: None } = &left.kind else {
        return None;
    };
    if name != "evt.type" {
        return None;
    }
    let vals = constants(right)?;
    let hit = vals.contains(&ty.name());
    match op.as_str() {
        "=" | "==" | "in" => Some(hit),
        "!=" if vals.len() == 1 => Some(!hit),
        _ => None,
    }
}
