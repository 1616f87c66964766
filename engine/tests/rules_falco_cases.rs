//! Falco's rule-loader unit tests (test_rule_loader.cpp), ported as data:
//! engine/tests/data/rules/falco_rule_loader.cases.

use std::path::PathBuf;

use syssentry_engine::{
    diag::Diagnostic,
    eval::{build, BuildOptions},
    rules::{LoadOutput, Loader},
};

struct Case {
    name: String,
    file: String,
    checks: Vec<(Option<String>, String)>,
    rules: String,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut cur: Option<Case> = None;
    let mut in_rules = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("### case: ") {
            cases.extend(cur.take());
            cur = Some(Case {
                name: name.to_string(),
                file: "rules.yaml".into(),
                checks: vec![],
                rules: String::new(),
            });
            in_rules = false;
            continue;
        }
        let Some(c) = cur.as_mut() else { continue };
        if in_rules {
            c.rules.push_str(line);
            c.rules.push('\n');
        } else if line == "--- rules" {
            in_rules = true;
        } else if let Some(f) = line.strip_prefix("file: ") {
            c.file = f.to_string();
        } else if let Some(rest) = line.strip_prefix("needs(") {
            let (what, check) = rest.split_once(") ").expect("needs(x) line");
            c.checks.push((Some(what.to_string()), check.to_string()));
        } else {
            c.checks.push((None, line.to_string()));
        }
    }
    cases.extend(cur);
    cases
}

fn code_and_text(s: &str) -> (&str, &str) {
    s.split_once(" | ").expect("CODE | TEXT")
}

fn has(diags: &[&Diagnostic], code: &str, text: &str) -> bool {
    diags
        .iter()
        .any(|d| d.code.as_str() == code && d.message.contains(text))
}

/// The fully expanded condition in canonical form (Falco's `condition_compiled`).
fn compiled_condition(out: &LoadOutput, rule: &str) -> Option<String> {
    out.rule(rule)?.expr.as_ref().map(ToString::to_string)
}

fn check(case: &Case, out: &LoadOutput, check: &str) -> Result<(), String> {
    let errors: Vec<&Diagnostic> = out.diagnostics.errors().collect();
    let warnings: Vec<&Diagnostic> = out.diagnostics.warnings().collect();
    let fail = |m: String| Err(format!("{m}\n{}", out.diagnostics.render(&out.sources)));
    let (key, val) = check.split_once(": ").unwrap_or((check, ""));
    match key {
        "expect" => {
            let ok = errors.is_empty();
            if (val == "ok") != ok {
                return fail(format!("expected load {val}"));
            }
        }
        "error" | "warning" | "no_warning" => {
            let (code, text) = code_and_text(val);
            let list = if key == "error" { &errors } else { &warnings };
            let found = has(list, code, text);
            if found == (key == "no_warning") {
                return fail(format!("{key} {code} '{text}'"));
            }
        }
        "no_warnings" if !warnings.is_empty() => return fail("expected no warnings".into()),
        "has_warnings" if warnings.is_empty() => return fail("expected warnings".into()),
        "no_warnings" | "has_warnings" => {}
        "enabled_count" => {
            let n = out
                .rules
                .iter()
                .filter(|r| r.enabled && !r.unknown_source)
                .count();
            if n.to_string() != val {
                return fail(format!("enabled rules: {n}, expected {val}"));
            }
        }
        "rule_count" | "macro_count" | "list_count" => {
            let c = out.counts();
            let n = match key {
                "rule_count" => c.rules,
                "macro_count" => c.macros,
                _ => c.lists,
            };
            if n.to_string() != val {
                return fail(format!("{key}: {n}, expected {val}"));
            }
        }
        "field" => {
            let (field, want) = val.split_once(" => ").unwrap();
            let [r] = &out.rules[..] else {
                return fail("field checks need exactly one rule".into());
            };
            let got = match field {
                "raw_condition" => r.raw_condition.clone(),
                "output" => r.output.clone(),
                "desc" => r.desc.clone(),
                "priority" => r.priority.to_string(),
                "capture" => r.capture.to_string(),
                "capture_duration" => r.capture_duration.to_string(),
                other => return fail(format!("unknown field {other}")),
            };
            if got != want {
                return fail(format!("{field}: got '{got}', expected '{want}'"));
            }
        }
        "list" => {
            let (name, json) = val.split_once(" => ").unwrap();
            let want: Vec<String> = serde_json::from_str(json).unwrap();
            let Some(l) = out.lists.iter().find(|l| l.name == name) else {
                return fail(format!("no list {name}"));
            };
            if l.items != want {
                return fail(format!("list {name}: {:?}", l.items));
            }
        }
        "compiled" => {
            let (rule, want) = val.split_once(" => ").unwrap();
            match compiled_condition(out, rule) {
                Some(got) if got == want => {}
                got => {
                    return fail(format!(
                        "compiled condition of {rule}: {got:?}, expected {want}"
                    ))
                }
            }
        }
        other => return Err(format!("{}: unknown check '{other}'", case.name)),
    }
    Ok(())
}

#[test]
fn falco_rule_loader_cases() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules/falco_rule_loader.cases");
    let cases = parse_cases(&std::fs::read_to_string(path).unwrap());
    assert_eq!(cases.len(), 103);
    let parser_available = true;
    let mut failures = Vec::new();
    let (mut checked, mut waiting) = (0, 0);
    for case in &cases {
        let mut loader = Loader::new();
        loader.add_source(case.file.clone(), case.rules.clone());
        let out = loader.load();
        // The compiler's checks see the diagnostics of the whole build (loading, then field
        // resolution and compilation of every rule).
        let built = {
            let report = build(out.clone(), &BuildOptions::default());
            let mut full = out.clone();
            full.diagnostics = report.diagnostics;
            full
        };
        for (needs, c) in &case.checks {
            let target = match needs.as_deref() {
                Some("parser") if !parser_available => {
                    waiting += 1;
                    continue;
                }
                Some("compiler") => &built,
                _ => &out,
            };
            checked += 1;
            if let Err(e) = check(case, target, c) {
                failures.push(format!("--- {}: {e}", case.name));
            }
        }
        // Every diagnostic of a build is located in a file.
        for d in built.diagnostics.iter() {
            if d.location.is_none() {
                failures.push(format!(
                    "--- {}: diagnostic without location: {}",
                    case.name,
                    d.summary()
                ));
            }
        }
    }
    eprintln!("falco rule-loader cases: {} cases, {checked} checks run, {waiting} waiting for later stages", cases.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
