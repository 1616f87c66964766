//! A condition's necessary condition on the domain of a `socket` call: the set of domains (as a
//! bit set of the first 64) for which it can be true.
//!
//! Place in the data flow: expanded condition (once per rule) → **this analysis** → the rule
//! set's kernel filter. Nothing here runs per event.
//!
//! `and` intersects, `or` unites, checks deciding `evt.type` are decided for `socket`, and a
//! check on `evt.arg.domain` or `evt.rawarg.domain` is decided for every domain by compiling it
//! and evaluating it on a `socket` event of that domain, so the operators, the rendering of
//! domain names (`AF_PACKET`) and numbers are exactly the engine's. Anything else (`not`, other
//! fields) puts no constraint.

use syssentry_event::{mk, EventType, ParamId};

use super::checks::{left_field, type_decided, values_on};
use crate::fields::registry::F;
use crate::fields::FieldArg;
use crate::filter::ast::{Expr, ExprKind};

/// Every domain.
pub(crate) const ANY: u64 = u64::MAX;

/// The domains (bit `d`: domain `d`) of the `socket` calls on which `expr` can be true.
pub(crate) fn socket_domains(expr: &Expr) -> u64 {
    match &expr.kind {
        ExprKind::And(c) => c.iter().fold(ANY, |acc, x| acc & socket_domains(x)),
        ExprKind::Or(c) => c.iter().fold(0, |acc, x| acc | socket_domains(x)),
        ExprKind::BinaryCheck { .. } => {
            match type_decided(expr, EventType::SOCKET) {
                Some(false) => return 0,
                Some(true) => return ANY,
                None => {}
            }
            match left_field(expr) {
                Some(f) if matches!(f.id.f(), F::EvtArg | F::EvtRawarg) && matches!(f.arg, FieldArg::Param(p) if p == ParamId::DOMAIN) => {
                    decided_per_domain(expr)
                }
                _ => ANY,
            }
        }
        _ => ANY,
    }
}

/// The domains for which the check `expr` is true on a `socket` call of that domain.
fn decided_per_domain(expr: &Expr) -> u64 {
    let events = (0..64u32).map(|d| mk::socket(1, d, 1, 0, 3).build());
    match values_on(expr, events) {
        Some(values) => values.enumerate().fold(0, |acc, (d, hit)| if hit { acc | 1 << d } else { acc }),
        None => ANY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse::parse;

    fn domains(cond: &str) -> u64 {
        socket_domains(&parse(cond).unwrap())
    }

    #[test]
    fn domain_checks() {
        const UNIX: u64 = 1 << 1;
        const INET: u64 = 1 << 2;
        const INET6: u64 = 1 << 10;
        const NETLINK: u64 = 1 << 16;
        const PACKET: u64 = 1 << 17;
        assert_eq!(domains("evt.type = socket and evt.arg.domain contains AF_PACKET"), PACKET);
        // Domain 1 renders as `AF_LOCAL|AF_UNIX` (both names of the value): a rule comparing it
        // with AF_UNIX for equality never matches, and the analysis says so.
        assert_eq!(domains("evt.type = socket and evt.arg.domain contains AF_UNIX"), UNIX);
        assert_eq!(domains("evt.type = socket and evt.arg.domain = AF_UNIX"), 0);
        assert_eq!(domains("evt.arg.domain in (AF_INET, AF_INET6)"), INET | INET6);
        assert_eq!(domains("evt.arg.domain contains AF_INET"), INET | INET6);
        assert_eq!(domains("evt.rawarg.domain = 16"), NETLINK);
        assert_eq!(domains("evt.arg.domain endswith AF_UNIX or evt.rawarg.domain = 17"), UNIX | PACKET);
        assert_eq!(domains("evt.type = connect and evt.arg.domain = AF_UNIX"), 0);
        assert_eq!(domains("evt.type = socket and proc.name = nc"), ANY);
        assert_eq!(domains("not evt.arg.domain contains AF_UNIX"), ANY);
        assert_eq!(domains("evt.arg.domain != \"AF_LOCAL|AF_UNIX\"") & UNIX, 0);
    }
}
