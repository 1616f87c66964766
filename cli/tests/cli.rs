//! The `syssentry` command as users run it: exit codes, stdout summaries, stderr diagnostics.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output};


fn syssentry(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_syssentry")).args(args).output().expect("run syssentry")
}

fn upstream(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/falco-rules")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_reports_the_stable_ruleset() {
    let o = syssentry(&["rules", "check", &upstream("falco_rules.yaml")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "rules: 25",
        "enabled rules: 25",
        "macros: 87",
        "lists: 49",
        "warnings: 0",
        "errors: 0",
        "kernel filter: successful opens of files no clause admits are left out, with their closes",
        "kernel filter: socket calls a rule can match: AF_PACKET",
        "kernel filter: successful socket calls left out, with their closes: AF_LOCAL|AF_UNIX, AF_ROUTE|AF_NETLINK; failed ones of other domains too",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
    }
    assert_eq!(stderr(&o), "");
}

#[test]
fn check_says_which_rules_keep_unix_sockets_sent() {
    let o = syssentry(&["rules", "check", &upstream("falco_rules.yaml"), &upstream("falco-incubating_rules.yaml")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line = "kernel filter: AF_LOCAL|AF_UNIX, AF_ROUTE|AF_NETLINK sockets are sent: these rules can read their fds: \
                Delete or rename shell history, Set Setuid or Setgid bit";
    assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
}

#[test]
fn incubating_and_sandbox_load_after_stable() {
    for file in ["falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"] {
        let o = syssentry(&["rules", "check", &upstream("falco_rules.yaml"), &upstream(file)]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        assert!(stdout(&o).contains("errors: 0"));
    }
}

#[test]
fn check_fails_with_located_diagnostics() {
    let dir = std::env::temp_dir().join(format!("syssentry-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "- rule: Bad field\n  desc: d\n  condition: evt.type = open and proc.nmae = x\n  output: o\n  priority: WARNING\n\
         - rule: Bad priority\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: LOUD\n\
         - rule: Extra key\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n  colour: red\n",
    )
    .unwrap();
    let o = syssentry(&["rules", "check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let path = bad.to_string_lossy();
    // Both errors are reported, each with file:line:column and a caret under the source line.
    assert!(err.contains(&format!("{path}:3:")), "{err}");
    assert!(err.contains("proc.nmae"), "{err}");
    assert!(err.contains("LOAD_ERR_COMPILE_CONDITION"), "{err}");
    assert!(err.contains(&format!("{path}:10:")), "{err}");
    assert!(err.contains("LOUD"), "{err}");
    assert!(err.contains("LOAD_UNKNOWN_KEY") && err.contains("colour"), "{err}");
    assert!(err.contains('^'), "{err}");
    let out = stdout(&o);
    assert!(out.contains("errors: 2"), "{out}");
    assert!(out.contains("warnings: 1"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn list_shows_event_types_and_applies_selection_in_order() {
    let o = syssentry(&[
        "rules",
        "list",
        "--json",
        &upstream("falco_rules.yaml"),
        "--disable-rule",
        "*",
        "--enable-tag",
        "network",
        "--disable-rule",
        "Contact K8S*",
        "--min-priority",
        "notice",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rules: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), 25);
    let enabled: Vec<&str> =
        rules.iter().filter(|r| r["enabled"] == true).map(|r| r["name"].as_str().unwrap()).collect();
    assert!(enabled.contains(&"Disallowed SSH Connection Non Standard Port"), "{enabled:?}");
    assert!(!enabled.contains(&"Contact K8S API Server From Container"), "{enabled:?}");
    assert!(!enabled.contains(&"Read sensitive file untrusted"), "{enabled:?}");
    let ssh = rules.iter().find(|r| r["name"] == "Disallowed SSH Connection Non Standard Port").unwrap();
    assert_eq!(ssh["event_types"], serde_json::json!(["connect", "sendmsg", "sendto"]));
    assert_eq!(ssh["priority"], "Notice");
}

#[test]
fn fields_lists_the_registry() {
    let o = syssentry(&["fields", "--json"]);
    assert!(o.status.success());
    let fields: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = fields.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    for f in ["proc.name", "proc.aname", "fd.name", "evt.type", "container.id", "k8s.ns.name", "user.loginuid"] {
        assert!(names.contains(&f), "{f} missing");
    }
    let table = stdout(&syssentry(&["fields"]));
    assert!(table.lines().any(|l| l.starts_with("proc.name ") && l.contains("CHARBUF")), "{table}");
}

#[test]
fn missing_file_is_an_error() {
    let o = syssentry(&["rules", "check", "/nonexistent/rules.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/rules.yaml"));
}

fn checkout(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

#[test]
fn default_ruleset_checks_clean() {
    let rules = checkout("rules");
    let o = syssentry(&["rules", "check", rules.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in ["warnings: 0", "errors: 0"] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
    }
    assert_eq!(stderr(&o), "", "rules/ must load without any diagnostic");
}

#[test]
fn docs_rules_md_is_generated_from_rules() {
    let o = syssentry(&["rules", "doc", checkout("rules").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = stdout(&o);
    let committed = std::fs::read_to_string(checkout("docs/rules.md")).expect("read docs/rules.md");
    assert!(
        fresh == committed,
        "docs/rules.md is stale: run `syssentry rules doc rules/ > docs/rules.md`"
    );
    // Every rule of the ruleset has its section.
    let list = syssentry(&["rules", "list", "--json", checkout("rules").to_str().unwrap()]);
    let rules: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 25, "{} rules", rules.len());
    for r in rules {
        let name = r["name"].as_str().unwrap();
        assert!(committed.contains(&format!("\n### {name}\n")), "{name} missing from docs/rules.md");
    }
}

#[test]
fn rules_doc_fails_on_broken_rules() {
    let dir = std::env::temp_dir().join(format!("syssentry-cli-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "- rule: Bad\n  desc: d\n  condition: proc.nmae = x\n  output: o\n  priority: INFO\n").unwrap();
    let o = syssentry(&["rules", "doc", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("proc.nmae"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn default_ruleset_passes_its_tests() {
    let o = syssentry(&["rules", "test", checkout("rules/tests").to_str().unwrap()]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(!out.contains("FAILED"), "{out}");
    // Every rule has a case that expects it (a hit) and a case that names it under `near_miss:`
    // (a near miss), read with the test-file reader itself.
    let list = syssentry(&["rules", "list", "--json", checkout("rules").to_str().unwrap()]);
    let rules: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let (mut hits, mut near) = (BTreeSet::new(), BTreeSet::new());
    for path in syssentry_ruletest::collect_test_files(&checkout("rules/tests")).unwrap() {
        let file = syssentry_ruletest::read_file(&path).unwrap_or_else(|e| panic!("{e}"));
        for case in &file.cases {
            hits.extend(case.expect.iter().map(|e| e.rule.clone()));
            near.extend(case.near_miss.iter().map(|(r, _)| r.clone()));
        }
    }
    let mut missing = Vec::new();
    for r in rules.as_array().unwrap() {
        let name = r["name"].as_str().unwrap().to_string();
        if !hits.contains(&name) {
            missing.push(format!("no case expects {name:?}"));
        }
        if !near.contains(&name) {
            missing.push(format!("no case is a near miss of {name:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn default_ruleset_loads_beside_the_upstream_rules() {
    // The container image puts both in /etc/syssentry/rules.d: neither may break or replace the
    // other's items, in either order.
    let ours = checkout("rules");
    let count = |args: &[&str]| -> usize {
        let o = syssentry(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).lines().any(|l| l == "warnings: 0"), "{args:?}: {}", stderr(&o));
        let line = stdout(&o).lines().find(|l| l.starts_with("rules: ")).unwrap().to_string();
        line["rules: ".len()..].parse().unwrap()
    };
    let own = count(&["rules", "check", ours.to_str().unwrap()]);
    let stable = count(&["rules", "check", &upstream("falco_rules.yaml")]);
    assert_eq!(count(&["rules", "check", ours.to_str().unwrap(), &upstream("falco_rules.yaml")]), own + stable);
    assert_eq!(count(&["rules", "check", &upstream("falco_rules.yaml"), ours.to_str().unwrap()]), own + stable);
}
