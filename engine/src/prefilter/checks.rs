//! Reading one check of a macro-expanded condition, for the prefilter analyses: the constants
//! on its right, for an `evt.type` check its value on a given event type, the field on its
//! left, and its value on made-up events (for checks on fields an event alone decides).
//!
//! Place in the data flow: expanded condition → **checks** → [`paths`](super::paths) and
//! [`fd_reads`](super::fd_reads). Nothing here runs per event.

use syssentry_event::{Event, EventType};

use crate::fields::{resolve, EvalCtx, FieldRef};
use crate::filter::ast::{Expr, ExprKind};
use crate::filter::compile::{EvalScratch, Program};
use crate::state::State;

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

/// The field on the left of a check, when it is one.
pub(crate) fn left_field(e: &Expr) -> Option<FieldRef> {
    let ExprKind::BinaryCheck { left, .. } = &e.kind else {
        return None;
    };
    let ExprKind::Field { name, arg } = &left.kind else {
        return None;
    };
    resolve(name, arg.as_deref()).ok()
}

/// The check `e` compiled and evaluated on each of `events` (with an empty state: for checks
/// on fields the event alone decides); `None` when it does not compile.
pub(crate) fn values_on(e: &Expr, events: impl IntoIterator<Item = Event>) -> Option<impl Iterator<Item = bool>> {
    let program = Program::compile(e).ok()?;
    let state = State::default();
    let mut scratch = EvalScratch::default();
    Some(events.into_iter().map(move |ev| program.matches(&EvalCtx::new(&ev, &state), &mut scratch)))
}
