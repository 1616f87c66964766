//! The domain names rules compare `fd.cip.name`, `fd.sip.name`, `fd.lip.name` and
//! `fd.rip.name` with, collected once from each enabled rule's expanded condition.
//!
//! Place in the data flow: rules → **this list** → a resolver outside the event path (the
//! `run` command's resolver thread) → [`crate::state::DnsTable`] → `fd.*ip.name` fields. The
//! engine never resolves names itself; whoever runs it resolves these names ahead of time.

use crate::filter::ast::{Expr, ExprKind};
use std::collections::BTreeSet;

/// The fields whose values are domain names resolved in advance.
pub const NAME_FIELDS: [&str; 4] = ["fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name"];

/// Comparison operators whose right-hand values are names to resolve (equality and membership;
/// `contains`, `glob` and the like compare text patterns, not names).
const NAME_OPS: [&str; 4] = ["=", "==", "!=", "in"];

/// Adds to `out` every domain name `expr` compares one of [`NAME_FIELDS`] with. The walk uses
/// an explicit stack, so deeply nested conditions cannot exhaust the call stack.
pub fn collect_domain_names(expr: &Expr, out: &mut BTreeSet<String>) {
    let mut stack: Vec<&Expr> = vec![expr];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::BinaryCheck { left, op, right } => {
                let is_name_field =
                    matches!(&left.kind, ExprKind::Field { name, .. } if NAME_FIELDS.contains(&name.as_str()));
                if is_name_field && NAME_OPS.contains(&op.as_str()) {
                    match &right.kind {
                        ExprKind::Value(v) => add(v, out),
                        ExprKind::List(values) => values.iter().for_each(|v| add(v, out)),
                        _ => {}
                    }
                }
            }
            ExprKind::And(c) | ExprKind::Or(c) => stack.extend(c.iter()),
            ExprKind::Not(c) => stack.push(c),
            _ => {}
        }
    }
}

/// Keeps values that can be domain names (rules sometimes compare with addresses or empty text).
fn add(v: &str, out: &mut BTreeSet<String>) {
    let v = v.trim();
    if v.is_empty() || v.len() > 253 || v.parse::<std::net::IpAddr>().is_ok() {
        return;
    }
    out.insert(v.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse::parse;

    fn names(cond: &str) -> Vec<String> {
        let expr = parse(cond).expect("condition parses");
        let mut out = BTreeSet::new();
        collect_domain_names(&expr, &mut out);
        out.into_iter().collect()
    }

    #[test]
    fn equality_and_lists_on_each_name_field() {
        assert_eq!(
            names("evt.type=connect and fd.sip.name=\"kubernetes.default.svc.cluster.local\""),
            ["kubernetes.default.svc.cluster.local"]
        );
        assert_eq!(
            names("fd.rip.name in (b.example, a.example) or not fd.cip.name != c.example or fd.lip.name == d.example"),
            ["a.example", "b.example", "c.example", "d.example"]
        );
    }

    #[test]
    fn other_fields_operators_and_addresses_are_ignored() {
        assert!(names("fd.name = x.example or fd.sip = 10.0.0.1").is_empty());
        assert!(names("fd.sip.name contains example or fd.sip.name startswith api.").is_empty());
        assert!(names("fd.sip.name = 10.0.0.1 or fd.sip.name in (\"\", \"::1\")").is_empty());
    }

    #[test]
    fn upstream_rules_name_the_api_server_and_the_miner_domains() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/falco-rules");
        let stable = dir.join("falco_rules.yaml");
        let report = crate::eval::load_rules(&[&stable], &crate::eval::BuildOptions::default());
        assert_eq!(report.dns_names, ["kubernetes.default.svc.cluster.local"]);
        // The sandbox file compares fd.sip.name with lists of mining pools (lists substituted).
        let sandbox = dir.join("falco-sandbox_rules.yaml");
        let opts = crate::eval::BuildOptions {
            selection: crate::rules::RuleSelection {
                steps: vec![crate::rules::SelectionStep::Enable(crate::rules::RuleMatcher::Rule("*".into()))],
                ..Default::default()
            },
            ..Default::default()
        };
        let report = crate::eval::load_rules(&[&stable, &sandbox], &opts);
        assert!(report.dns_names.len() > 10, "{:?}", report.dns_names);
        assert!(report.dns_names.iter().any(|n| n.contains("pool")), "{:?}", report.dns_names);
        assert!(report.dns_names.iter().all(|n| !n.contains(' ')));
    }
}
