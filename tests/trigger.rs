//! `syssentry trigger` from outside: the listing, usage errors and the children's refusals (any
//! user), then, as root with BPF, `--verify --all` against the default rules (`rules/`, with a
//! private Docker daemon) and against the upstream stable rules (with a private podman service),
//! the runtime actions failing when the sensor has no container metadata and not run without a
//! runtime, a rules file lacking the expected rule, a rule of the expected name that does not
//! fire, performing without the sensor, and the clean-up after an interruption.
//!
//! Kernel tests print `SKIPPED: ...` and pass when the machine lacks root, BTF or BPF.



use syssentry_testkit::cli_sensor::skip_reason;
use syssentry_testkit::runtimes::{Dockerd, Podman};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn syssentry(args: &[&str]) -> Output {
    Command::new(syssentry_testkit::paths::syssentry()).args(args).stdin(Stdio::null()).output().expect("run syssentry")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn stable_rules() -> PathBuf {
    syssentry_testkit::paths::upstream_rules("falco_rules.yaml")
}

fn default_rules() -> PathBuf {
    syssentry_testkit::paths::default_rules()
}

/// Every action and the rule of `rules/` it must fire with the default first-match evaluation.
/// Written out here, apart from the catalog, so that a rule that stops firing, a rule renamed or
/// removed, and an expectation dropped from the catalog all fail a test.
const DEFAULT_RULES_COVERAGE: &[(&str, &str)] = &[
    ("read-shadow", "Sensitive file read by untrusted program"),
    ("read-traversal", "File read through path traversal"),
    ("write-below-etc", "Write below /etc"),
    ("search-private-keys", "Credential search with grep or find"),
    ("search-aws-credentials", "Credential search with grep or find"),
    ("clear-log", "Log file truncated or deleted"),
    ("symlink-sensitive", "Link to sensitive file created"),
    ("hardlink-sensitive", "Link to sensitive file created"),
    ("ptrace-attach", "Process attached to another with ptrace"),
    ("ptrace-traceme", "Anti-debugging ptrace request"),
    ("exec-dev-shm", "Execution from shared memory directory"),
    ("memfd-exec", "Fileless execution from memfd"),
    ("setns", "Namespace entered with setns"),
    ("unshare", "User namespace created by unprivileged process on host"),
    ("ssh-nonstandard-port", "SSH connection to non-standard port"),
    ("container-terminal-shell", "Interactive shell in container"),
    ("container-drop-exec", "Program dropped and run in container"),
    ("container-packet-socket", "Raw packet socket opened in container"),
    ("container-redirect-socket", "Standard stream redirected to network socket in container"),
    ("runtime-terminal-shell", "Interactive shell in container"),
    ("runtime-first-process", "Sensitive file read by untrusted program"),
];

/// The actions that run in a real runtime's container.
const RUNTIME_ACTIONS: [&str; 2] = ["runtime-terminal-shell", "runtime-first-process"];

/// What the trigger run by `pid` left in a runtime: containers and images named for it
/// (`names` lists every container's and image's name, one per line).
fn runtime_leftovers(pid: u32, names: &str) -> Vec<String> {
    let tag = format!("syssentry-trigger-{pid}");
    let image = format!("syssentry-trigger:{pid}");
    names.lines().filter(|l| l.contains(&tag) || l.contains(&image)).map(str::to_string).collect()
}

fn docker_names(d: &Dockerd) -> String {
    d.ok(&["ps", "-a", "--format", "{{.Names}}"]) + "\n" + &d.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"])
}

fn podman_names(p: &Podman) -> String {
    p.ok(&["ps", "-a", "--format", "{{.Names}}"]) + "\n" + &p.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"])
}

/// The listing as JSON: (action, expected upstream stable rules).
fn listing() -> Vec<(String, Vec<String>)> {
    listing_of("falco_stable")
}

/// The listing as JSON: (action, expected rules of the ruleset `key`).
fn listing_of(key: &str) -> Vec<(String, Vec<String>)> {
    let out = syssentry(&["trigger", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON listing");
    v.as_array()
        .expect("array")
        .iter()
        .map(|a| {
            let names = a["expects"][key].as_array().expect("names").iter();
            (a["action"].as_str().unwrap().to_string(), names.map(|n| n.as_str().unwrap().to_string()).collect())
        })
        .collect()
}

/// Whether the sensor could not start for lack of BPF (the test then skips).
fn refused(out: &Output) -> bool {
    out.status.code() == Some(3) && text(&out.stderr).contains("cannot start the kernel capture")
}

/// What the trigger run by `pid` may have left behind.
fn leftovers(pid: u32) -> Vec<String> {
    let tag = format!("syssentry-trigger-{pid}");
    let mut paths = vec![
        std::env::temp_dir().join(&tag),
        PathBuf::from(format!("/etc/{tag}")),
        PathBuf::from(format!("/var/log/{tag}.log")),
        PathBuf::from(format!("/dev/shm/{tag}")),
        PathBuf::from(format!("/run/netns/{tag}")),
    ];
    for root in ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"] {
        paths.push(Path::new(root).join(format!("kubepods/besteffort/pod-{tag}")));
    }
    paths.into_iter().filter(|p| p.exists()).map(|p| p.display().to_string()).collect()
}

/// Runs `syssentry trigger ARGS` as a child, returning its output and pid.
fn trigger(args: &[&str]) -> (Output, u32) {
    let child = Command::new(syssentry_testkit::paths::syssentry())
        .arg("trigger")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn syssentry");
    let pid = child.id();
    (child.wait_with_output().expect("wait"), pid)
}

#[test]
fn listing_names_every_action_with_its_expected_rules() {
    let l = listing();
    assert!(l.len() >= 15, "{l:?}");
    let find = |n: &str| l.iter().find(|(a, _)| a == n).map(|(_, r)| r.clone());
    assert_eq!(find("read-shadow"), Some(vec!["Read sensitive file untrusted".to_string()]));
    assert_eq!(find("memfd-exec"), Some(vec!["Fileless execution via memfd_create".to_string()]));
    let out = syssentry(&["trigger", "list"]);
    assert!(text(&out.stdout).contains("container-terminal-shell\n"), "{}", text(&out.stdout));
}

#[test]
fn usage_errors_exit_2() {
    let out = syssentry(&["trigger", "no-such-action"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown action \"no-such-action\""), "{}", text(&out.stderr));
    let out = syssentry(&["trigger"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--all"), "{}", text(&out.stderr));
    let out = syssentry(&["trigger", "list", "read-shadow"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn children_refuse_directories_the_trigger_did_not_create() {
    let fake = std::env::temp_dir().join(format!("syssentry-trigger-fake-{}", std::process::id()));
    std::fs::create_dir_all(&fake).unwrap();
    for dir in [Path::new("/tmp"), Path::new("/etc"), fake.as_path()] {
        let out = syssentry(&["trigger", "--child", "symlink-sensitive", "--scratch", dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", dir.display());
        assert!(text(&out.stderr).contains("refusing to act"), "{}", text(&out.stderr));
    }
    assert!(!fake.join("shadow-link").exists());
    // With a stamp (as the trigger writes it), a file outside its own names is still refused.
    std::fs::write(fake.join(".syssentry-trigger"), "0").unwrap();
    let out = syssentry(&[
        "trigger", "--child", "clear-log", "--scratch", fake.to_str().unwrap(), "--file", "/var/log/syslog",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("refusing to act on /var/log/syslog"), "{}", text(&out.stderr));
    std::fs::remove_dir_all(&fake).unwrap();
}

#[test]
fn verify_all_passes_against_the_upstream_stable_rules() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let rules = stable_rules();
    // The runtime actions through podman's Docker-compatible API.
    let podman = Podman::start("trigger-stable");
    let socket = podman.socket.to_str().unwrap().to_string();
    let (out, pid) = trigger(&["--verify", "--all", "--json", "--rules", rules.to_str().unwrap(), "--podman-socket", &socket, "--docker-socket", "/nonexistent/docker.sock"]);
    if refused(&out) {
        println!("SKIPPED: the host refused capture: {}", text(&out.stderr));
        return;
    }
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON verification");
    let results = v["actions"].as_array().expect("actions");
    let expected = listing();
    assert_eq!(results.len(), expected.len(), "--all performs every action");
    for ((name, stable), r) in expected.iter().zip(results) {
        assert_eq!(r["action"], name.as_str());
        let want = if stable.is_empty() { "not_covered" } else { "pass" };
        assert_eq!(r["result"], want, "{name}: {r}\nstderr:\n{stderr}");
        for rule in stable {
            assert!(r["seen"].as_array().unwrap().iter().any(|s| s == rule.as_str()), "{name}: {r}");
        }
    }
    assert_eq!(v["ok"], true);
    assert_eq!(leftovers(pid), Vec::<String>::new(), "the trigger removes what it created");
    assert_eq!(runtime_leftovers(pid, &podman_names(&podman)), Vec::<String>::new(), "and its containers and image");
}

#[test]
fn the_catalog_expects_the_default_rules_of_the_coverage_table() {
    let got = listing_of("syssentry");
    let want: Vec<(String, Vec<String>)> =
        DEFAULT_RULES_COVERAGE.iter().map(|(a, r)| (a.to_string(), vec![r.to_string()])).collect();
    assert_eq!(got, want);
}

#[test]
fn verify_all_passes_against_the_default_rules() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let rules = default_rules();
    // The runtime actions through a Docker daemon; with its socket there, the sensor also holds
    // the container-like cgroup's events for metadata that never comes (they must still alert).
    let dockerd = Dockerd::start("trigger-default");
    let socket = dockerd.socket.to_str().unwrap().to_string();
    // The default evaluation (first match), as a user proving a deployment runs it.
    let (out, pid) = trigger(&["--verify", "--all", "--json", "--rules", rules.to_str().unwrap(), "--docker-socket", &socket]);
    if refused(&out) {
        println!("SKIPPED: the host refused capture: {}", text(&out.stderr));
        return;
    }
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON verification");
    let results = v["actions"].as_array().expect("actions");
    assert_eq!(results.len(), DEFAULT_RULES_COVERAGE.len(), "{stdout}");
    for ((action, rule), r) in DEFAULT_RULES_COVERAGE.iter().zip(results) {
        assert_eq!(r["action"], *action);
        assert_eq!(r["result"], "pass", "{action}: {r}\nstderr:\n{stderr}");
        assert_eq!(r["expected"], serde_json::json!([rule]), "{action}: {r}");
        assert!(r["seen"].as_array().unwrap().iter().any(|s| s == *rule), "{action}: {r}");
    }
    assert_eq!(v["ok"], true);
    assert_eq!(leftovers(pid), Vec::<String>::new(), "the trigger removes what it created");
    assert_eq!(runtime_leftovers(pid, &docker_names(&dockerd)), Vec::<String>::new(), "and its containers and image");
}

/// The runtime actions pass only on what the alert says about the container: with the sensor
/// reading no runtime (`--container-engines none`) the same actions, in the same containers,
/// raise the same rules, and fail, naming what the alerts lacked.
#[test]
fn runtime_actions_fail_when_the_alerts_lack_the_container_metadata() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let dockerd = Dockerd::start("trigger-no-metadata");
    let socket = dockerd.socket.to_str().unwrap().to_string();
    let rules = default_rules();
    let mut args = vec!["--verify", "--json", "--rules", rules.to_str().unwrap(), "--docker-socket", &socket, "--container-engines", "none"];
    args.extend(RUNTIME_ACTIONS);
    let (out, pid) = trigger(&args);
    if refused(&out) {
        println!("SKIPPED: the host refused capture: {}", text(&out.stderr));
        return;
    }
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "stdout:\n{stdout}\nstderr:\n{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON verification");
    for (r, name) in v["actions"].as_array().expect("actions").iter().zip(RUNTIME_ACTIONS) {
        assert_eq!((r["action"].as_str(), r["result"].as_str()), (Some(name), Some("fail")), "{r}");
        let rule = DEFAULT_RULES_COVERAGE.iter().find(|(a, _)| *a == name).unwrap().1;
        assert!(r["seen"].as_array().unwrap().iter().any(|s| s == rule), "the rule alerted: {r}");
        let wrong = r["wrong_metadata"][0].as_str().unwrap_or_default();
        assert!(wrong.starts_with(rule) && wrong.contains("container.name=<NA> (expected syssentry-trigger-"), "{r}");
    }
    assert_eq!(runtime_leftovers(pid, &docker_names(&dockerd)), Vec::<String>::new());
}

/// Without a Docker or podman socket the runtime actions are not run: `--all` passes on the
/// rest (a host without a runtime has nothing to prove there), naming one fails.
#[test]
fn without_a_runtime_the_runtime_actions_are_not_run() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let none = ["--docker-socket", "/nonexistent/docker.sock", "--podman-socket", "/nonexistent/podman.sock"];
    let mut args = vec!["--verify", "--json", "runtime-terminal-shell", "read-shadow"];
    args.extend(none);
    let (out, _) = trigger(&args);
    if refused(&out) {
        println!("SKIPPED: the host refused capture: {}", text(&out.stderr));
        return;
    }
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "named, it had to run: {stdout}\n{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON verification");
    let r = &v["actions"][0];
    assert_eq!(r["result"], "not_run", "{r}");
    let why = r["error"].as_str().unwrap_or_default();
    assert!(why.contains("/nonexistent/docker.sock") && why.contains("/nonexistent/podman.sock"), "{why}");
    assert_eq!(v["actions"][1]["result"], "pass", "{stdout}");
    assert_eq!(v["not_run"], 1);

    let mut args = vec!["--all"];
    args.extend(none);
    let (out, _) = trigger(&args);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", text(&out.stderr));
    for name in RUNTIME_ACTIONS {
        assert!(stdout.lines().any(|l| l.starts_with(name) && l.contains("not run: no container runtime")), "{stdout}");
    }
}

#[test]
fn a_rules_file_without_the_expected_rule_is_not_covered_and_fails() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let dir = std::env::temp_dir().join(format!("sse-trigger-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let unrelated = dir.join("unrelated.yaml");
    std::fs::write(
        &unrelated,
        "- rule: Unrelated\n  desc: d\n  condition: evt.type = mkdirat and fd.name = /nonexistent\n  output: o\n  priority: INFO\n",
    )
    .unwrap();
    // A rule with the expected name whose condition never matches what the action does.
    let silent = dir.join("silent.yaml");
    std::fs::write(
        &silent,
        "- rule: Read sensitive file untrusted\n  desc: d\n  condition: evt.type in (open, openat, openat2) and \
fd.name = /nonexistent/syssentry\n  output: o %fd.name\n  priority: WARNING\n",
    )
    .unwrap();

    let (out, _) = trigger(&["--verify", "--wait", "2", "--rules", unrelated.to_str().unwrap(), "read-shadow"]);
    if refused(&out) {
        println!("SKIPPED: the host refused capture: {}", text(&out.stderr));
        return;
    }
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.lines().any(|l| l.starts_with("read-shadow ") && l.ends_with("not covered by the loaded rules")), "{stdout}");

    let (out, _) = trigger(&["--verify", "--wait", "2", "--rules", silent.to_str().unwrap(), "read-shadow"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("FAIL (missing: Read sensitive file untrusted)"), "{stdout}");
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn performing_without_verify_names_the_expected_rules_and_cleans_up() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let (out, pid) = trigger(&["read-shadow", "write-below-etc", "clear-log", "exec-dev-shm", "container-drop-exec"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert!(stdout.contains("read-shadow") && stdout.contains("expected to fire: Read sensitive file untrusted"), "{stdout}");
    assert_eq!(leftovers(pid), Vec::<String>::new());
}

#[test]
fn an_interruption_removes_everything_created() {
    if let Some(why) = skip_reason() {
        println!("SKIPPED: {why}");
        return;
    }
    let child = Command::new(syssentry_testkit::paths::syssentry())
        .args(["trigger", "--all"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn syssentry");
    let pid = child.id();
    // Interrupt as soon as the test-bed exists (the network namespace is built last but one).
    let netns = PathBuf::from(format!("/run/netns/syssentry-trigger-{pid}"));
    let until = Instant::now() + Duration::from_secs(30);
    while !netns.exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(netns.exists(), "the trigger built its network namespace");
    let st = Command::new("kill").args(["-INT", &pid.to_string()]).status().expect("kill");
    assert!(st.success());
    let out = child.wait_with_output().expect("wait");
    let stderr = text(&out.stderr);
    // The signal may land after the last action; either way nothing may be left.
    match out.status.code() {
        Some(130) => assert!(stderr.contains("interrupted; everything it created has been removed"), "{stderr}"),
        Some(0) => println!("note: the actions finished before the interruption"),
        other => panic!("exit {other:?}: {stderr}"),
    }
    assert_eq!(leftovers(pid), Vec::<String>::new());
}
