//! Macro expansion: the cases of Falco's `test_filter_macro_resolver.cpp`, plus loops, limits
//! and the references helper.

use std::collections::HashMap;

use syssentry_engine::filter::ast::{Expr, Span};
use syssentry_engine::filter::macros::{
    expand_macros, expand_macros_report, macro_references, MacroError, MAX_EXPANDED_NODES,
};
use syssentry_engine::filter::parse::parse;

fn p(s: &str) -> Expr {
    parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn macros(defs: &[(&str, &str)]) -> HashMap<String, Expr> {
    defs.iter().map(|(n, c)| (n.to_string(), p(c))).collect()
}

fn expand(cond: &str, defs: &HashMap<String, Expr>) -> Result<Expr, MacroError> {
    expand_macros(&p(cond), &|n| defs.get(n))
}

#[test]
fn resolves_macros_on_an_ast() {
    let defs = macros(&[("test_macro", "test.field exists")]);
    let report = expand_macros_report(&p("evt.name exists and not test_macro"), &|n| defs.get(n)).unwrap();
    assert!(report.expr.same_shape(&p("evt.name exists and not test.field exists")));
    assert_eq!(report.resolved, vec![("test_macro".to_string(), Span::new(24, 34))]);
    // a second run finds nothing left to resolve
    let again = expand_macros_report(&report.expr, &|n| defs.get(n)).unwrap();
    assert!(again.resolved.is_empty());
    assert_eq!(again.expr, report.expr);
}

#[test]
fn resolves_a_single_node_filter() {
    let defs = macros(&[("test_macro", "test.field exists")]);
    let report = expand_macros_report(&p("test_macro"), &|n| defs.get(n)).unwrap();
    assert!(report.expr.same_shape(&defs["test_macro"]));
    assert_eq!(report.resolved.len(), 1);
}

#[test]
fn resolves_multiple_macros() {
    let defs = macros(&[("test_macro_1", "one.field exists"), ("test_macro_2", "another.field exists")]);
    let report = expand_macros_report(&p("test_macro_1 or test_macro_2"), &|n| defs.get(n)).unwrap();
    assert!(report.expr.same_shape(&p("one.field exists or another.field exists")));
    let names: Vec<_> = report.resolved.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["test_macro_1", "test_macro_2"]);
    assert_eq!(report.resolved[1].1, Span::new(16, 28));
}

#[test]
fn resolves_nested_macros() {
    let defs = macros(&[("test_macro_1", "one.field exists and test_macro_2"), ("test_macro_2", "another.field exists")]);
    let report = expand_macros_report(&p("test_macro_1"), &|n| defs.get(n)).unwrap();
    assert!(report.expr.same_shape(&p("one.field exists and another.field exists")));
    let names: Vec<_> = report.resolved.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["test_macro_2", "test_macro_1"]);
}

#[test]
fn finds_unknown_macros() {
    let defs = macros(&[]);
    let err = expand("evt.name exists and not test_macro", &defs).unwrap_err();
    assert_eq!(err, MacroError::Undefined { name: "test_macro".into(), span: Span::new(24, 34), within: None });
    assert_eq!(err.to_string(), "Undefined macro 'test_macro' used in filter.");
}

#[test]
fn finds_unknown_nested_macros() {
    let defs = macros(&[("test_macro_1", "one.field exists and test_macro_2")]);
    let err = expand("test_macro_1", &defs).unwrap_err();
    assert_eq!(
        err,
        MacroError::Undefined { name: "test_macro_2".into(), span: Span::new(21, 33), within: Some("test_macro_1".into()) }
    );
}

#[test]
fn undefined_after_removal() {
    let mut defs = macros(&[("test_macro", "test.field exists")]);
    assert!(expand("test_macro", &defs).is_ok());
    defs.remove("test_macro");
    assert!(matches!(expand("test_macro", &defs), Err(MacroError::Undefined { .. })));
}

#[test]
fn expansion_is_a_deep_copy() {
    let mut defs = macros(&[("test_macro", "test.field exists")]);
    let out = expand("test_macro", &defs).unwrap();
    defs.insert("test_macro".into(), p("another.field exists"));
    assert!(out.same_shape(&p("test.field exists")));
    assert!(!out.same_shape(&defs["test_macro"]));
}

#[test]
fn nothing_is_resolved_inside_checks_or_transformers() {
    let defs = macros(&[("test_macro", "resolved.field exists"), ("x", "a.b exists")]);
    let report =
        expand_macros_report(&p("tolower(some.field) = value and test_macro"), &|n| defs.get(n)).unwrap();
    assert_eq!(report.resolved.len(), 1);
    for cond in [r#"join(",", proc.name, proc.pname) = value"#, r#"join(",", (proc.name, proc.pname)) = value"#, "proc.name in x"] {
        let report = expand_macros_report(&p(cond), &|n| defs.get(n)).unwrap();
        assert!(report.resolved.is_empty(), "{cond}");
        assert_eq!(report.expr, p(cond));
    }
}

#[test]
fn precedence_is_preserved() {
    let defs = macros(&[("m", "b.b = 1 or c.c = 2")]);
    assert_eq!(expand("a.a = 0 and m", &defs).unwrap().to_string(), "(a.a = 0 and (b.b = 1 or c.c = 2))");
}

#[test]
fn reference_loops_are_errors() {
    let defs = macros(&[("a", "x.x exists and b"), ("b", "not a")]);
    let err = expand("a", &defs).unwrap_err();
    assert_eq!(err, MacroError::ReferenceLoop { name: "a".into(), span: Span::new(4, 5), within: Some("b".into()) });
    assert_eq!(err.to_string(), "reference loop in macro 'a'");
    let defs = macros(&[("self_ref", "self_ref")]);
    assert!(matches!(expand("self_ref", &defs), Err(MacroError::ReferenceLoop { .. })));
}

#[test]
fn loop_errors_win_over_earlier_unknown_macros() {
    let defs = macros(&[("a", "a")]);
    let err = expand("unknown or a", &defs).unwrap_err();
    assert!(matches!(err, MacroError::ReferenceLoop { ref name, .. } if name == "a"), "{err:?}");
}

#[test]
fn macro_bombs_are_bounded() {
    // m0: m1 and m1, m1: m2 and m2, ...: 2^40 checks if expanded naively
    let mut defs = HashMap::new();
    for i in 0..40 {
        defs.insert(format!("m{i}"), p(&format!("m{} and m{}", i + 1, i + 1)));
    }
    defs.insert("m40".to_string(), p("a.b exists"));
    let err = expand("m0", &defs).unwrap_err();
    assert!(matches!(err, MacroError::TooLarge { limit: MAX_EXPANDED_NODES, .. }), "{err:?}");
}

#[test]
fn long_macro_chains_are_bounded_in_depth() {
    let mut defs = HashMap::new();
    for i in 0..5000 {
        defs.insert(format!("m{i}"), p(&format!("not m{}", i + 1)));
    }
    defs.insert("m5000".to_string(), p("a.b exists"));
    let err = expand("m0", &defs).unwrap_err();
    assert!(matches!(err, MacroError::TooDeep { .. }), "{err:?}");
    // a chain of reasonable length expands fine
    assert!(expand("m4900", &defs).is_ok());
}

#[test]
fn chains_of_bare_references_are_bounded() {
    let mut defs = HashMap::new();
    for i in 0..100_000 {
        defs.insert(format!("m{i}"), p(&format!("m{}", i + 1)));
    }
    defs.insert("m100000".to_string(), p("a.b exists"));
    assert!(matches!(expand("m0", &defs), Err(MacroError::TooDeep { .. })));
    assert!(expand("m99900", &defs).unwrap().same_shape(&p("a.b exists")));
}

#[test]
fn references_are_listed_in_order() {
    let e = p("a and not (b or c.d = e) and proc.name in f and a");
    assert_eq!(macro_references(&e), ["a", "b", "a"]);
}
