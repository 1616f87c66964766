//! Whether a rule can match a failed `connect` (a result below 0 other than `-EINPROGRESS`, which
//! the state treats as a connection under way): the question that decides whether the kernel
//! may leave failed connects unsent. The state ignores them, so only the rules matter.
//!
//! Place in the data flow: expanded condition (once per rule) → **this analysis** → the rule
//! set's kernel filter. Nothing here runs per event.
//!
//! The answer is conservative: `and` can match a failure only if each operand can, `or` if one
//! can, `not` always can; a check on `evt.res`, `evt.rawres` or `evt.failed` is decided by
//! compiling it and evaluating it on a `connect` event with every failing result from -1 to
//! -4095 (those fields read nothing else), and a check deciding `evt.type` against `connect`
//! cannot match. Any other check can.

use syssentry_event::{mk, EventType, SockTuple};

use super::checks::{left_field, type_decided, values_on};
use crate::fields::registry::F;
use crate::filter::ast::{Expr, ExprKind};

/// `-EINPROGRESS`: a non-blocking connect under way, which the state records like a success.
pub(crate) const EINPROGRESS: i64 = -115;

/// Whether `expr` can be true on a failed `connect`.
pub(crate) fn matches_failed_connect(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::And(c) => c.iter().all(matches_failed_connect),
        ExprKind::Or(c) => c.iter().any(matches_failed_connect),
        ExprKind::BinaryCheck { .. } => {
            if type_decided(expr, EventType::CONNECT) == Some(false) {
                return false;
            }
            match left_field(expr) {
                Some(f) if matches!(f.id.f(), F::EvtRes | F::EvtRawres | F::EvtFailed) => true_on_a_failure(expr),
                _ => true,
            }
        }
        _ => true,
    }
}

/// Whether the check `expr` is true on a `connect` with some failing result.
fn true_on_a_failure(expr: &Expr) -> bool {
    let tuple = SockTuple::Inet {
        sip: "198.51.100.1".parse().expect("an address"),
        sport: 40000,
        dip: "198.51.100.7".parse().expect("an address"),
        dport: 443,
    };
    let events = (1..4096).map(|e| -e).filter(|r| *r != EINPROGRESS).map(|res| mk::connect(1, 3, tuple, res).build());
    values_on(expr, events).is_none_or(|mut values| values.any(|hit| hit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse::parse;

    fn can(cond: &str) -> bool {
        matches_failed_connect(&parse(cond).unwrap())
    }

    #[test]
    fn result_checks() {
        let outbound = "evt.type = connect and (fd.typechar = 4 or fd.typechar = 6) \
                        and (evt.rawres >= 0 or evt.res = EINPROGRESS)";
        assert!(!can(outbound));
        assert!(!can("evt.type = connect and evt.failed = false"));
        assert!(!can("evt.type = connect and evt.res = SUCCESS"));
        assert!(can("evt.type = connect and evt.res = ECONNREFUSED"));
        assert!(can("evt.type = connect and evt.failed = true"));
        assert!(can("evt.type = connect and fd.sport = 4444"));
        assert!(can("evt.type = connect and not evt.rawres >= 0"));
        assert!(!can("evt.type = open and fd.name = /etc/shadow"));
        assert!(can("evt.rawres < 0 or proc.name = nc"));
        assert!(!can("evt.type in (connect, sendto) and evt.rawres >= 0"));
    }
}
