//! `syssentry run` as users meet it before capture starts: help, the refusal without rules, the
//! refusal when not root.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

/// Held while a test writes an executable and while a test starts a child. A child forked by one
/// test thread inherits every open descriptor of the process, including the write descriptor of a
/// copy another thread is making, until it execs; executing that copy meanwhile fails with ETXTBSY.
/// `Command::spawn` returns only after the child's exec, so holding this lock across both the copy
/// and each spawn closes the window.
static SPAWN: Mutex<()> = Mutex::new(());

/// Runs `cmd` to completion, starting it under [`SPAWN`].
fn output(cmd: &mut Command) -> std::io::Result<Output> {
    let child = {
        let _held = SPAWN.lock().unwrap_or_else(|p| p.into_inner());
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?
    };
    child.wait_with_output()
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_syssentry")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A copy of the binary outside the source checkout, readable by everyone, so no default rules
/// directory is found next to it and other users can run it.
fn detached_copy(tag: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("syssentry-run-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join("syssentry");
    let _held = SPAWN.lock().unwrap_or_else(|p| p.into_inner());
    std::fs::copy(bin(), &exe).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for p in [&dir, &exe] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (dir, exe)
}

#[test]
fn help_lists_the_options() {
    let o = output(Command::new(bin()).args(["run", "--help"])).unwrap();
    assert!(o.status.success());
    let help = text(&o.stdout);
    for opt in [
        "--rules",
        "--enable-rule",
        "--disable-tag",
        "--min-priority",
        "--all-matches",
        "--ring-buffer-bytes",
        "--duration",
        "--stats-interval",
        "--hostname",
        "--no-container-fields",
        "--iso8601",
        "--on-failure",
        "--container-engines",
        "--docker-socket",
        "--podman-socket",
    ] {
        assert!(help.contains(opt), "{opt} missing from:\n{help}");
    }
}

#[test]
fn bad_policy_and_engine_values_are_usage_errors() {
    for (args, want) in [
        (["run", "--container-engines", "docker,rkt"], "unknown container engine 'rkt'"),
        (["run", "--on-failure", "retry"], "expected restart, exit or continue"),
    ] {
        let o = output(Command::new(bin()).args(args)).unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains(want), "{args:?}: {}", text(&o.stderr));
    }
}

#[test]
fn without_rules_and_no_default_it_says_to_pass_rules() {
    if Path::new("/etc/syssentry/rules.d").exists() {
        println!("SKIPPED: /etc/syssentry/rules.d exists on this machine, so a default is found");
        return;
    }
    let (dir, exe) = detached_copy("norules");
    let o: Output = output(Command::new(&exe).arg("run")).unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no rules to load"), "{err}");
    assert!(err.contains("--rules PATH"), "{err}");
    assert!(err.contains("/etc/syssentry/rules.d"), "{err}");
    assert!(o.stdout.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn rules_with_errors_stop_before_anything_starts() {
    let (dir, exe) = detached_copy("badrules");
    let rules = dir.join("bad.yaml");
    std::fs::write(&rules, "- rule: broken\n  desc: x\n  condition: evt.type = open and\n  output: x\n  priority: INFO\n").unwrap();
    let o = output(Command::new(&exe).args(["run", "--rules"]).arg(&rules)).unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the rules have errors"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn not_root_is_refused_with_what_to_do() {
    let (dir, exe) = detached_copy("nonroot");
    let rules = dir.join("r.yaml");
    std::fs::write(&rules, "- rule: r\n  desc: x\n  condition: evt.type = open\n  output: x\n  priority: INFO\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = output(
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"])
            .arg(&exe)
            .args(["run", "--rules"])
            .arg(&rules),
    );
    let o = match o {
        Ok(o) if !text(&o.stderr).starts_with("setpriv:") => o,
        Ok(o) => {
            println!("SKIPPED: setpriv cannot switch users here: {}", text(&o.stderr));
            return;
        }
        Err(e) => {
            println!("SKIPPED: setpriv not available: {e}");
            return;
        }
    };
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("the syssentry sensor needs root"), "{err}");
    assert!(err.contains("uid 65534"), "{err}");
    assert!(err.contains("sudo"), "{err}");
    assert!(o.stdout.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}
