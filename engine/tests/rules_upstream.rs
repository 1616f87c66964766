//! Loading the upstream Falco rules files unchanged.

mod common;

use common::upstream_rules;

use syssentry_engine::{
    diag::Code,
    rules::{LoadOutput, Loader, Priority, Version},
};

fn load(files: &[&str]) -> LoadOutput {
    let mut l = Loader::new();
    for f in files {
        l.add_file(upstream_rules(f));
    }
    l.load()
}

fn assert_clean(out: &LoadOutput) {
    let errors: Vec<String> = out
        .diagnostics
        .errors()
        .map(|d| d.render(&out.sources))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn stable_counts_and_no_diagnostics() {
    let out = load(&["falco_rules.yaml"]);
    assert_clean(&out);
    let c = out.counts();
    assert_eq!((c.rules, c.macros, c.lists), (25, 87, 49));
    // Every list and macro is referenced (spec §1.6): no unused warnings.
    let unused: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::UnusedList | Code::UnusedMacro))
        .map(|d| d.summary())
        .collect();
    assert!(unused.is_empty(), "{unused:?}");
    assert!(out.rules.iter().all(|r| r.enabled));
    assert_eq!(out.required_engine_version, Version::parse("0.57.0"));
    // container >= 0.4.0 is provided natively: no plugin warning.
    assert!(out
        .diagnostics
        .iter()
        .all(|d| d.code != Code::UnknownPlugin));
    assert_eq!(
        out.required_plugin_versions[0].alternatives[0].name,
        "container"
    );
}

#[test]
fn stable_rule_details() {
    let out = load(&["falco_rules.yaml"]);
    let r = out.rule("Terminal shell in container").expect("rule");
    assert_eq!(r.priority, Priority::Notice);
    assert!(r.tags.contains("container"));
    assert_eq!(r.source, "syscall");
    assert!(!r.output.ends_with('\n') && !r.output.starts_with(' '));
    let loc = r.condition_location.as_ref().unwrap();
    let text = std::fs::read_to_string(upstream_rules("falco_rules.yaml")).unwrap();
    // The condition location points inside the rule's condition value.
    let line = text.lines().nth(loc.line as usize - 1).unwrap();
    assert!(!line.trim().is_empty());
    assert!(r.location.line < loc.line);
    // Lists are substituted textually (shell_binaries is a list in the stable file).
    assert!(!r.condition.contains("shell_procs") || !r.condition.contains("(shell_binaries)"));
    let shell = out
        .lists
        .iter()
        .find(|l| l.name == "shell_binaries")
        .unwrap();
    assert!(shell.items.iter().any(|i| i == "bash"));
}

#[test]
fn stable_with_incubating_and_sandbox() {
    for extra in ["falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"] {
        let out = load(&["falco_rules.yaml", extra]);
        assert_clean(&out);
        assert!(out.counts().rules > 25, "{extra}");
    }
    let out = load(&["falco_rules.yaml", "falco-sandbox_rules.yaml"]);
    assert_eq!(out.rules.iter().filter(|r| !r.enabled).count(), 12);
}

#[test]
fn directory_expands_to_yaml_files_in_order() {
    let dir = std::env::temp_dir().join(format!("syssentry-rules-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        "- list: l\n  items: [y]\n  override:\n    items: append\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.yml"), "- list: l\n  items: [x]\n").unwrap();
    std::fs::write(dir.join("c.txt"), "not yaml at all: [").unwrap();
    let mut l = Loader::new();
    l.add_file(&dir);
    let out = l.load();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        !out.diagnostics.has_errors(),
        "{}",
        out.diagnostics.render(&out.sources)
    );
    assert_eq!(out.lists[0].items, ["x", "y"]);
    assert_eq!(out.sources.len(), 2);
}

#[test]
fn missing_file_is_a_read_error() {
    let mut l = Loader::new();
    l.add_file("/nonexistent/syssentry/rules.yaml");
    let out = l.load();
    assert_eq!(
        out.diagnostics.errors().next().unwrap().code,
        Code::ErrFileRead
    );
}
