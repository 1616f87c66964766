//! The rule test runner end to end: files under `tests/data` run through state,
//! evaluation and output; passing cases pass, and the report of failing cases is asserted
//! exactly. Also runs the upstream stable-rule tests and the documentation's examples.

use std::path::{Path, PathBuf};
use syssentry_ruletest::{
    collect_test_files, read_str, render_case, run_file, run_test_file, DiffLine, TestFileError, Totals,
};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Runs every test file under `path` and returns the totals and the report text.
fn run_all(path: &Path) -> (Totals, String) {
    let mut totals = Totals::default();
    let mut text = String::new();
    for file in collect_test_files(path).unwrap_or_else(|e| panic!("{e}")) {
        let r = run_file(&file).unwrap_or_else(|e| panic!("{e}"));
        for c in &r.cases {
            text.push_str(&render_case(&r, c, false));
        }
        totals.add(&r);
    }
    (totals, text)
}

#[test]
fn a_passing_file_passes() {
    let r = run_file(&data("pass.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.cases.len(), 4);
    for c in &r.cases {
        assert!(c.passed(), "{}", render_case(&r, c, true));
    }
    // Alerts of one event come in rule order, with the event that raised them.
    let first = &r.cases[0];
    let rules: Vec<(&str, usize, u32)> = first.actual.iter().map(|a| (&*a.alert.rule, a.event, a.event_pos.line)).collect();
    assert_eq!(rules, [("Shell spawned", 2, 12), ("Shell in container", 2, 12)]);
    assert_eq!(first.actual[0].alert.hostname.as_ref(), "test-host");
}

#[test]
fn a_failing_file_reports_an_exact_diff() {
    let path = data("fail.yaml");
    let r = run_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let passed: Vec<bool> = r.cases.iter().map(|c| c.passed()).collect();
    assert_eq!(passed, [false, false, false, true]);
    let text: String = r.cases.iter().map(|c| render_case(&r, c, false)).collect();
    let p = path.display();
    let suffix = "container_id=3ad7a2c1f0e9 container_name=web-1 container_image_repository=docker.io/library/nginx \
                  container_image_tag=1.27 k8s_pod_name=<NA> k8s_ns_name=<NA>";
    // The container rule's own output shows the container's name and repository, so those two
    // suggested fields are not appended again.
    let short = "container_id=3ad7a2c1f0e9 container_image_tag=1.27 k8s_pod_name=<NA> k8s_ns_name=<NA>";
    let want = format!(
        "FAILED {p}:7:5: no alert expected but one raised
  + Shell spawned [Notice] from event 2 (line 10)
        2026-01-02T03:04:05.001000000+0000: Notice shell sh by root (parent=nginx cwd=/ tty=0) {suffix}
  + Shell in container [Warning] from event 2 (line 10)
        2026-01-02T03:04:05.001000000+0000: Warning container shell sh in web-1 (docker.io/library/nginx) {short}
FAILED {p}:12:5: wrong priority, missing text, a missing and an unknown rule
  - Write to log (line 17)
  ~ Shell spawned [Notice] from event 2 (line 15)
        priority is Notice, expected Critical (line 18)
        output lacks \"zsh\" (line 18)
        2026-01-02T03:04:05.001000000+0000: Notice shell bash by root (parent=nginx cwd=/ tty=0) {suffix}
    Shell in container [Warning] from event 2 (line 15)
  - Shell in contaner (line 20) -- no enabled rule has this name
FAILED {p}:21:5: an alert expected but none raised
  - Shell spawned (line 26)
ok     {p}:27:5: this one passes
"
    );
    assert_eq!(text, want);
    // The alignment keeps the matching alert paired although an expectation before it is missing.
    assert!(matches!(r.cases[1].diff[1], DiffLine::Same { expected: 1, actual: 0, .. }));
    assert!(matches!(r.cases[1].diff[3], DiffLine::Missing { expected: 3, rule_loaded: false }));
    let mut t = Totals::default();
    t.add(&r);
    assert_eq!(t.summary(), "1 passed, 3 failed (4 cases in 1 file)");
}

#[test]
fn cases_load_their_own_rules_and_name_their_near_misses() {
    let r = run_file(&data("per_case.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.cases.len(), 3);
    for c in &r.cases {
        assert!(c.passed(), "{}", render_case(&r, c, true));
    }
    // The first case loaded the runner's rules (two rules can fire), the others the agreed
    // rules (one): the same shell start raised alerts of each set's own rules.
    let rules: Vec<Vec<&str>> = r.cases.iter().map(|c| c.actual.iter().map(|a| &*a.alert.rule).collect()).collect();
    assert_eq!(rules, [vec!["Shell spawned"], vec!["Terminal shell in container"], vec![]]);
}

#[test]
fn a_near_miss_that_names_no_rule_fails_the_case() {
    let text = "rules: tests/data/rules.yaml
processes:
  - {pid: 200, exe: /usr/bin/bash, args: [-bash]}
cases:
  - name: a renamed rule
    events:
      - {type: clone, pid: 200, child: 201}
      - {type: execve, pid: 201, exe: /usr/bin/bash, args: [bash]}
    expect:
      - rule: Shell spawned
    near_miss: [Shell in container, Shell in contaner]
";
    let file = read_str(Path::new("t.yaml"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let r = run_test_file(&file).unwrap_or_else(|e| panic!("{e}"));
    let c = &r.cases[0];
    assert!(!c.passed());
    assert_eq!(
        render_case(&r, c, false),
        "FAILED t.yaml:5:5: a renamed rule
  ! near miss \"Shell in contaner\" (line 11) -- no enabled rule has this name
    Shell spawned [Notice] from event 2 (line 8)
"
    );
}

#[test]
fn rules_that_do_not_load_make_the_file_fail_with_the_loader_diagnostics() {
    let err = run_file(&data("broken_rules.yaml")).expect_err("the rules are broken");
    assert!(matches!(err, TestFileError::Rules { line: 1, column: 8, .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("{}:1:8: the rules do not load:\n", data("broken_rules.yaml").display())), "{text}");
    assert!(text.contains("LOAD_ERR_COMPILE_CONDITION") && text.contains("bad_rules.yaml:3:36") && text.contains("proc.nmae"), "{text}");
}

#[test]
fn a_directory_runs_its_test_files_only() {
    let files = collect_test_files(&data("")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = files.iter().map(|f| f.strip_prefix(data("")).unwrap().display().to_string()).collect();
    assert_eq!(
        names,
        [
            "agreed_format.yaml",
            "broken_rules.yaml",
            "fail.yaml",
            "pass.yaml",
            "per_case.yaml",
            "stable/containers_and_shells.yaml",
            "stable/host_files_and_network.yaml"
        ],
        "rules.yaml, agreed_rules.yaml and bad_rules.yaml have no `cases:` and are skipped"
    );
    let empty = std::env::temp_dir().join(format!("ruletest-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let err = collect_test_files(&empty).expect_err("no test files");
    assert!(err.to_string().ends_with("no test files (*.yaml files with a top-level `cases:` key) found"), "{err}");
    std::fs::remove_dir_all(&empty).ok();
}

#[test]
fn the_agreed_format_example_runs_as_written() {
    let r = run_file(&data("agreed_format.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.cases.iter().map(|c| c.passed()).collect::<Vec<_>>(), [true, true]);
    assert_eq!(r.cases[0].actual.len(), 1);
}

#[test]
fn upstream_stable_rules_tests_pass() {
    let (totals, text) = run_all(&data("stable"));
    assert_eq!((totals.passed, totals.failed, totals.files), (15, 0, 2), "{text}");
}

#[test]
fn documentation_examples_pass() {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/examples");
    let (totals, text) = run_all(&docs);
    assert_eq!((totals.passed, totals.failed, totals.files), (14, 0, 3), "{text}");
}
