//! Loader behaviour across files and items: per-file compilation, error collection, locations.

use syssentry_engine::{diag::Code, rules::Loader};

fn load(files: &[(&str, &str)]) -> syssentry_engine::rules::LoadOutput {
    let mut l = Loader::new();
    for (n, t) in files {
        l.add_source(*n, *t);
    }
    l.load()
}

const RULE_USING_M: &str = "- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n";
const MACRO_M: &str = "- macro: m\n  condition: evt.type = open\n";

#[test]
fn a_file_must_compile_with_what_was_read_so_far() {
    // Falco compiles after each file: the macro arrives too late for the first file.
    let out = load(&[("a.yaml", RULE_USING_M), ("b.yaml", MACRO_M)]);
    let e = out.diagnostics.errors().next().expect("error");
    assert_eq!(e.code, Code::ErrValidate);
    assert!(e.message.contains("Undefined macro 'm'"), "{}", e.message);
    assert_eq!(&*e.location.as_ref().unwrap().file, "a.yaml");
    // Reversed order loads.
    let out = load(&[("b.yaml", MACRO_M), ("a.yaml", RULE_USING_M)]);
    assert!(!out.diagnostics.has_errors());
    assert_eq!(
        out.rules[0].expr.as_ref().unwrap().to_string(),
        "evt.type = open"
    );
}

#[test]
fn later_files_change_earlier_rules_and_rules_see_later_macros_of_the_same_file() {
    let a = "- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n- macro: m\n  condition: evt.type = open\n";
    let b = "- macro: m\n  condition: and proc.name = cat\n  override:\n    condition: append\n";
    let out = load(&[("a.yaml", a), ("b.yaml", b)]);
    assert!(
        !out.diagnostics.has_errors(),
        "{}",
        out.diagnostics.render(&out.sources)
    );
    assert_eq!(
        out.rules[0].expr.as_ref().unwrap().to_string(),
        "(evt.type = open and proc.name = cat)"
    );
}

#[test]
fn all_independent_errors_are_reported_without_cascades() {
    let text = "\
- rule: one
  desc: d
  condition: evt.type = open
  priority: INFO
- rule: one
  condition: and proc.name = x
  override:
    condition: append
- rule: two
  desc: d
  condition: evt.type = open
  output: o
  priority: loud
- macro: m
  condition: evt.type = open
";
    let out = load(&[("r.yaml", text)]);
    let errors: Vec<_> = out
        .diagnostics
        .errors()
        .map(|d| d.message.clone())
        .collect();
    // The failed definition of 'one' does not also produce "no rule by that name" for its append.
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("Item has no mapping for key 'output'"));
    assert!(errors[1].contains("Invalid priority"));
    // No unused-macro noise for a failed load.
    assert!(out.diagnostics.iter().all(|d| d.code != Code::UnusedMacro));
}

#[test]
fn appended_condition_errors_point_into_the_appending_item() {
    let text = "\
- rule: r
  desc: d
  condition: evt.type = open
  output: o
  priority: INFO
- rule: r
  condition: and proc.name == == x
  override:
    condition: append
";
    let out = load(&[("r.yaml", text)]);
    let e = out.diagnostics.errors().next().expect("error");
    assert_eq!(e.code, Code::ErrCompileCondition);
    let loc = e.location.as_ref().unwrap();
    assert_eq!(
        (loc.line, loc.column),
        (7, 31),
        "{}",
        e.render(&out.sources)
    );
}

#[test]
fn exceptions_and_lists_reach_the_parser_text() {
    let text = "\
- list: shells
  items: [bash, \"my shell\"]
- rule: r
  desc: d
  condition: proc.name in (shells)
  output: o
  priority: INFO
  exceptions:
    - name: e
      fields: proc.pname
      values: [shells, init]
";
    let out = load(&[("r.yaml", text)]);
    assert!(
        !out.diagnostics.has_errors(),
        "{}",
        out.diagnostics.render(&out.sources)
    );
    let r = &out.rules[0];
    assert_eq!(r.condition, "(proc.name in ( bash, \"my shell\" )) and not (proc.pname in ( bash, \"my shell\" , init))");
    assert_eq!(
        r.expr.as_ref().unwrap().to_string(),
        "(proc.name in (bash, \"my shell\") and not proc.pname in (bash, \"my shell\", init))"
    );
    assert!(r.exception_fields.contains("proc.pname"));
}

#[test]
fn disabled_rules_are_compiled_and_unknown_sources_skipped() {
    let text = "\
- rule: off
  desc: d
  condition: proc.name = = x
  output: o
  priority: INFO
  enabled: false
- rule: k8s
  desc: d
  condition: ka.verb = = GET
  output: o
  priority: INFO
  source: k8s_audit
";
    let out = load(&[("r.yaml", text)]);
    let errors: Vec<_> = out.diagnostics.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].item.as_ref().unwrap().name, "off");
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == Code::UnknownSource));
}
