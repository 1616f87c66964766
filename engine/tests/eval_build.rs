//! Building rule sets (`eval::build`): compiler diagnostics carry the file position of the text
//! they are about, whether it is in the rule itself, in a macro, or generated from exceptions;
//! exception fields are validated; compiler hints and deprecated fields are reported.

mod common;

use common::upstream_rules;
use syssentry_engine::diag::{Code, Diagnostic};
use syssentry_engine::eval::{build, BuildOptions, RulesReport};
use syssentry_engine::rules::Loader;

fn load(text: &str) -> RulesReport {
    let mut loader = Loader::new();
    loader.add_source("rules.yaml", text.to_string());
    build(loader.load(), &BuildOptions::default())
}

fn find<'a>(r: &'a RulesReport, code: Code, text: &str) -> &'a Diagnostic {
    r.diagnostics
        .iter()
        .find(|d| d.code == code && d.message.contains(text))
        .unwrap_or_else(|| {
            panic!(
                "no {code} '{text}' in:\n{}",
                r.diagnostics.render(&r.sources)
            )
        })
}

/// `file:line:column` of a diagnostic.
fn at(d: &Diagnostic) -> String {
    d.location
        .as_ref()
        .map(|l| l.to_string())
        .unwrap_or_default()
}

/// The 1-based column of `needle` on line `line` of `text`.
fn col(text: &str, line: usize, needle: &str) -> String {
    let l = text.lines().nth(line - 1).unwrap();
    format!(
        "rules.yaml:{line}:{}",
        l.find(needle)
            .unwrap_or_else(|| panic!("{needle} not on line {line}"))
            + 1
    )
}

const RULE_TAIL: &str = "  output: o\n  priority: INFO\n";

#[test]
fn unknown_field_in_rule_text_after_list_substitution() {
    let text = format!(
        "- list: shells\n  items: [bash, sh]\n- rule: r\n  desc: d\n  condition: proc.name in (shells) and proc.nme = x\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(
        &r,
        Code::ErrCompileCondition,
        "filter_check called with nonexistent field proc.nme",
    );
    assert_eq!(at(d), col(&text, 5, "proc.nme"));
    assert!(d.is_error());
    assert_eq!(r.summary.enabled_rules, 0);
}

#[test]
fn unknown_field_in_a_macro_is_located_in_the_macro() {
    let text = format!(
        "- macro: m\n  condition: proc.nme = x\n- rule: r\n  desc: d\n  condition: evt.type = open and m\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(&r, Code::ErrCompileCondition, "nonexistent field proc.nme");
    assert_eq!(at(d), col(&text, 2, "proc.nme"));
    assert!(
        d.notes.iter().any(|n| n.contains("macro 'm'")),
        "{:?}",
        d.notes
    );
}

#[test]
fn same_span_in_rule_and_macro_is_told_apart() {
    // The macro's check and the rule's check start at the same offset of their own texts.
    let text = format!(
        "- macro: m\n  condition: proc.name = cat\n- rule: r\n  desc: d\n  condition: proc.pid contains 1 and m\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(
        &r,
        Code::ErrCompileCondition,
        "'contains' operator not supported for numeric filters",
    );
    assert_eq!(at(d), col(&text, 5, "proc.pid"));
}

#[test]
fn errors_in_folded_conditions_point_at_the_line() {
    let text = format!(
        "- rule: r\n  desc: d\n  condition: >\n    evt.type = open and\n    proc.pid contains 1\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(
        &r,
        Code::ErrCompileCondition,
        "'contains' operator not supported for numeric filters",
    );
    assert_eq!(at(d), col(&text, 5, "proc.pid"));
}

#[test]
fn unknown_event_type_and_bad_values() {
    let text = format!("- rule: r\n  desc: d\n  condition: evt.type in (open, opne)\n{RULE_TAIL}");
    let r = load(&text);
    let d = find(&r, Code::ErrCompileCondition, "unknown event type opne");
    assert_eq!(at(d), col(&text, 3, "(open"));

    let text = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open and proc.pid = 0x10\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(&r, Code::ErrCompileCondition, "0x10");
    assert_eq!(at(d), col(&text, 3, "0x10"));
}

#[test]
fn skip_if_unknown_filter_drops_the_rule_with_a_located_warning() {
    let text = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open and proc.nme = x\n  skip-if-unknown-filter: true\n{RULE_TAIL}\
         - rule: s\n  desc: d\n  condition: evt.type = open\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(&r, Code::UnknownFilter, "proc.nme");
    assert!(!d.is_error());
    assert_eq!(at(d), col(&text, 3, "proc.nme"));
    assert!(!r.diagnostics.has_errors());
    assert_eq!(r.summary.enabled_rules, 1);
}

#[test]
fn exception_fields_are_validated() {
    let text = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open\n{RULE_TAIL}  exceptions:\n    - name: e\n      fields: [proc.name, proc.nme]\n      values:\n        - [a, b]\n"
    );
    let r = load(&text);
    let d = find(
        &r,
        Code::ErrValidate,
        "'proc.nme' is not a supported filter field",
    );
    assert!(d.is_error());
    assert_eq!(at(d), col(&text, 7, "name: e"));
    assert_eq!(r.summary.enabled_rules, 0);

    // A transformer over a field is a valid exception field; over an unknown field it is not.
    let ok = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open\n{RULE_TAIL}  exceptions:\n    - name: e\n      fields: [tolower(proc.name)]\n      values:\n        - [a]\n"
    );
    let r = load(&ok);
    assert!(
        !r.diagnostics.has_errors(),
        "{}",
        r.diagnostics.render(&r.sources)
    );
    assert_eq!(r.summary.enabled_rules, 1);
    let bad = ok.replace("tolower(proc.name)", "tolower(proc.nme)");
    let r = load(&bad);
    find(
        &r,
        Code::ErrValidate,
        "'tolower(proc.nme)' is not a supported filter field",
    );
    let single = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open\n{RULE_TAIL}  exceptions:\n    - name: e\n      fields: fd.nme\n      comps: in\n      values: [a]\n"
    );
    find(
        &load(&single),
        Code::ErrValidate,
        "'fd.nme' is not a supported filter field",
    );
}

#[test]
fn compiler_hints_are_warnings_located_in_the_exception_or_the_condition() {
    let text = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open\n{RULE_TAIL}  exceptions:\n    - name: e\n      fields: [proc.name]\n      comps: [=]\n      values:\n        - [proc.pname]\n"
    );
    let r = load(&text);
    let d = find(
        &r,
        Code::CompileCondition,
        "'proc.pname' may be a valid field misused as a const string value",
    );
    assert!(!d.is_error());
    assert_eq!(at(d), col(&text, 7, "name: e"));
    assert_eq!(r.summary.enabled_rules, 1);

    let text = format!(
        "- rule: r\n  desc: d\n  condition: evt.type = open and proc.name regex bash\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(
        &r,
        Code::CompileCondition,
        "regex check with 'bash' may be optimized",
    );
    assert_eq!(at(d), col(&text, 3, "bash"));
}

#[test]
fn deprecated_evt_dir_in_a_macro() {
    let text = format!(
        "- macro: spawned\n  condition: evt.type = execve and evt.dir = <\n- rule: r\n  desc: d\n  condition: spawned and proc.name = sh\n{RULE_TAIL}"
    );
    let r = load(&text);
    let d = find(&r, Code::DeprecatedItem, "evt.dir");
    assert_eq!(at(d), col(&text, 2, "evt.dir"));
    assert!(!r.diagnostics.has_errors());
}

#[test]
fn too_many_event_types() {
    let text = format!("- rule: r\n  desc: d\n  condition: proc.name = cat\n{RULE_TAIL}");
    let r = load(&text);
    let d = find(&r, Code::NoEvttype, "Rule matches too many evt.type values");
    assert_eq!(at(d), col(&text, 3, "proc.name"));
    let narrow = load(&text.replace("proc.name = cat", "evt.type = open and proc.name = cat"));
    assert!(narrow.diagnostics.iter().all(|d| d.code != Code::NoEvttype));
}

#[test]
fn output_errors_point_at_the_output() {
    let text = "- rule: r\n  desc: d\n  condition: evt.type = open\n  output: a %proc.nope b\n  priority: INFO\n";
    let r = load(text);
    let d = find(&r, Code::ErrCompileOutput, "proc.nope");
    assert_eq!(at(d), col(text, 4, "a %proc"));
}

#[test]
fn upstream_rules_build_without_errors_or_compiler_warnings() {
    for file in [
        "falco_rules.yaml",
        "falco-incubating_rules.yaml",
        "falco-sandbox_rules.yaml",
    ] {
        let mut loader = Loader::new();
        loader.add_file(upstream_rules(file));
        let r = build(loader.load(), &BuildOptions::default());
        assert!(
            !r.diagnostics.has_errors(),
            "{file}:\n{}",
            r.diagnostics.render(&r.sources)
        );
        let hints: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    Code::CompileCondition | Code::DeprecatedItem | Code::NoEvttype
                )
            })
            .map(|d| d.summary())
            .collect();
        assert!(hints.is_empty(), "{file}: {hints:#?}");
        assert!(r.diagnostics.iter().all(|d| d.location.is_some()), "{file}");
    }
}
