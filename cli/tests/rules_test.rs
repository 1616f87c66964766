//! `syssentry rules test` as users run it: one line per case, diffs of failed cases, the summary
//! line, exit status 0 / 1 (a case failed) / 2 (a file is malformed or its rules do not load).

use std::path::PathBuf;
use std::process::{Command, Output};

fn syssentry(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_syssentry")).args(args).output().expect("run syssentry")
}

fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path).to_string_lossy().into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_documentation_examples_pass() {
    let o = syssentry(&["rules", "test", &repo("docs/examples")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 15, "{out}");
    assert!(lines[..14].iter().all(|l| l.starts_with("ok     ")), "{out}");
    assert!(out.contains("nginx-allowlist/tests/allowlist.yaml:19:5: ls in the nginx container alerts\n"), "{out}");
    assert_eq!(lines[14], "14 passed, 0 failed (14 cases in 3 files)");
    assert_eq!(stderr(&o), "");
}

#[test]
fn the_upstream_stable_rule_tests_pass() {
    let o = syssentry(&["rules", "test", &repo("ruletest/tests/data/stable")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).ends_with("15 passed, 0 failed (15 cases in 2 files)\n"), "{}", stdout(&o));
}

#[test]
fn a_failing_case_exits_1_with_its_diff() {
    let file = repo("ruletest/tests/data/fail.yaml");
    let o = syssentry(&["rules", "test", &file]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&format!("FAILED {file}:21:5: an alert expected but none raised\n  - Shell spawned (line 26)\n")), "{out}");
    assert!(out.contains(&format!("ok     {file}:27:5: this one passes\n")), "{out}");
    assert!(out.ends_with("1 passed, 3 failed (4 cases in 1 file)\n"), "{out}");
}

#[test]
fn verbose_prints_every_alert() {
    let file = repo("ruletest/tests/data/pass.yaml");
    let quiet = stdout(&syssentry(&["rules", "test", &file]));
    assert!(!quiet.contains("Shell spawned [Notice]"), "{quiet}");
    let o = syssentry(&["rules", "test", "--verbose", &file]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("    Shell spawned [Notice] from event 2 (line 12)\n        2026-01-02T03:04:05.001000000+0000: Notice shell sh by www-data"), "{out}");
}

#[test]
fn malformed_files_and_broken_rules_exit_2_with_locations() {
    let dir = std::env::temp_dir().join(format!("syssentry-rules-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "rules: [r.yaml]\ncases:\n  - name: a\n    events:\n      - {type: openat, pid: 1, args: {flags: O_NOPE}}\n    expect: []\n").unwrap();
    let broken = repo("ruletest/tests/data/broken_rules.yaml");
    let pass = repo("ruletest/tests/data/pass.yaml");
    let o = syssentry(&["rules", "test", bad.to_str().unwrap(), &broken, &pass]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("error: {}:5:46: `flags`: unknown flag \"O_NOPE\"", bad.display())), "{err}");
    assert!(err.contains(&format!("error: {broken}:1:8: the rules do not load:\n")), "{err}");
    assert!(err.contains("bad_rules.yaml:3:36"), "{err}");
    // The other files still run.
    assert!(stdout(&o).ends_with("4 passed, 0 failed (4 cases in 1 file); 2 files could not run\n"), "{}", stdout(&o));
    let o = syssentry(&["rules", "test", dir.join("missing").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}
