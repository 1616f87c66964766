//! Kernel tests of the environment at exec: with `CaptureConfig::env` the exec event carries the
//! environment the new image received (bounded, truncation marked) and the state's `proc.env`
//! is that environment, not an ancestor's; without it no environment is sent. Without root or
//! BPF each test prints a line starting with `SKIPPED:` and returns.

use std::{
    process::{Command, Stdio},
    sync::Mutex,
    time::{Duration, Instant},
};

use syssentry_capture_bpf::{
    abi, supported_event_types, Capture, CaptureConfig, ENV_MAX_VARS,
};
use syssentry_engine::{
    eval::{build, BuildOptions},
    event::{Event, EventType, Param},
    fields::{format_value, resolve_full, EvalCtx, Scratch},
    rules::Loader,
    state::State,
};

/// Each test loads its own capture; they take turns so their children do not interleave.
static TURN: Mutex<()> = Mutex::new(());

fn start(env: bool) -> Option<Capture> {
    if syssentry_testkit::privileges::skip() {
        return None;
    }
    let mut cfg = CaptureConfig::new(supported_event_types());
    cfg.env = env;
    Some(Capture::start(&cfg).expect("capture start"))
}

/// Runs `cmd` and returns every event (all processes) until the child's procexit or 5 s.
fn run(cap: &mut Capture, cmd: &mut Command) -> (i64, Vec<Event>) {
    while cap.poll(Duration::from_millis(1), &mut |_| {}).unwrap() > 0 {}
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as i64;
    let mut evs = Vec::new();
    let mut exited = false;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && !exited {
        cap.poll(Duration::from_millis(20), &mut |ev: &Event| {
            exited |= ev.event_type() == EventType::PROCEXIT && ev.tid == pid;
            evs.push(ev.clone());
        })
        .unwrap();
        let _ = child.try_wait();
    }
    let _ = child.wait();
    (pid, evs)
}

/// The successful exec of `pid` whose exe ends with `exe`.
fn exec_of<'a>(evs: &'a [Event], pid: i64, exe: &str) -> &'a Event {
    evs.iter()
        .find(|e| {
            e.event_type() == EventType::EXECVE
                && e.tid == pid
                && e.res == 0
                && e.str("exe").is_some_and(|x| x.ends_with(exe))
        })
        .unwrap_or_else(|| panic!("no exec of {exe} by {pid}"))
}

fn env_list(ev: &Event) -> Vec<String> {
    match ev.param_by_name("env") {
        Param::Bytes(b) => b
            .strip_suffix(&[0])
            .unwrap_or(b)
            .split(|&c| c == 0)
            .filter(|_| !b.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect(),
        other => panic!("env parameter is {other:?}"),
    }
}

fn field(st: &State, ev: &Event, name: &str) -> String {
    let f = resolve_full(name).unwrap();
    let mut out = String::new();
    format_value(&f, &EvalCtx::new(ev, st), &mut Scratch::new(), &mut out);
    out
}

#[test]
fn exec_event_and_state_carry_the_environment_the_exec_received() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let Some(mut cap) = start(true) else { return };
    // A rule reading proc.env: the state keeps environments.
    let mut loader = Loader::new();
    loader.add_source(
        "env.yaml",
        "- rule: r\n  desc: d\n  condition: evt.type = execve and proc.env[FOO] = bar\n  \
         output: x\n  priority: INFO\n"
            .to_owned(),
    );
    let rules = build(loader.load(), &BuildOptions::default()).ruleset;
    assert!(rules.reads_env());
    let mut st = State::new(rules.state_config());

    // The caller's environment (OUTER=1) differs from the one the final image gets.
    let (pid, evs) = run(
        &mut cap,
        Command::new("/usr/bin/env")
            .env_clear()
            .env("OUTER", "1")
            .args(["-i", "FOO=bar", "X=y", "/bin/true"]),
    );
    let outer = exec_of(&evs, pid, "/env");
    assert_eq!(env_list(outer), ["OUTER=1"]);
    let inner = exec_of(&evs, pid, "true");
    assert_eq!(inner.bytes("env"), Some(&b"FOO=bar\0X=y\0"[..]));

    let mut seen = None;
    for ev in &evs {
        st.apply(ev);
        if std::ptr::eq(ev, inner) {
            seen = Some((
                field(&st, ev, "proc.env"),
                field(&st, ev, "proc.env[FOO]"),
                field(&st, ev, "proc.env[OUTER]"),
            ));
        }
        st.finish(ev);
    }
    let (all, foo, outer_var) = seen.unwrap();
    assert_eq!(all, "FOO=bar X=y");
    assert_eq!(foo, "bar");
    assert_eq!(outer_var, "");
    assert_eq!(cap.stats().read_failures, 0);
}

#[test]
fn a_huge_environment_is_cut_and_marked() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let Some(mut cap) = start(true) else { return };
    let before = cap.stats().truncated;

    // Over the byte bound: one 20,000-byte variable after a small one.
    let big = format!("BIG={}", "x".repeat(20_000));
    let (pid, evs) = run(
        &mut cap,
        Command::new("/usr/bin/env")
            .env_clear()
            .args(["-i", "A=1", &big, "/bin/true"]),
    );
    let env = env_list(exec_of(&evs, pid, "true"));
    assert_eq!(
        env.len(),
        3,
        "{:?}",
        env.iter().map(String::len).collect::<Vec<_>>()
    );
    assert_eq!(env[0], "A=1");
    // The area holds "A=1\0BIG=xxx...\0"; the cut keeps SSE_ENV_MAX bytes of it.
    assert_eq!(env[1].len(), abi::SSE_ENV_MAX as usize - "A=1\0".len());
    assert!(env[1].starts_with("BIG=xxx"));
    assert_eq!(env[2], "...");

    // Over the variable bound: ENV_MAX_VARS kept, then the marker.
    let vars: Vec<String> = (0..ENV_MAX_VARS + 20).map(|i| format!("V{i}=1")).collect();
    let (pid, evs) = run(
        &mut cap,
        Command::new("/usr/bin/env")
            .env_clear()
            .arg("-i")
            .args(&vars)
            .arg("/bin/true"),
    );
    let env = env_list(exec_of(&evs, pid, "true"));
    assert_eq!(env.len(), ENV_MAX_VARS + 1);
    assert_eq!(env[ENV_MAX_VARS - 1], format!("V{}=1", ENV_MAX_VARS - 1));
    assert_eq!(env[ENV_MAX_VARS], "...");

    assert!(cap.stats().truncated >= before + 2, "{:?}", cap.stats());
}

#[test]
fn without_environment_rules_no_environment_is_sent() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let Some(mut cap) = start(false) else { return };
    let (pid, evs) = run(
        &mut cap,
        Command::new("/usr/bin/env")
            .env_clear()
            .env("OUTER", "1")
            .args(["-i", "FOO=bar", "/bin/true"]),
    );
    for exe in ["/env", "true"] {
        let ev = exec_of(&evs, pid, exe);
        assert_eq!(ev.param_by_name("env"), Param::Empty, "{exe}");
        // Everything else about the exec is there.
        assert!(ev.bytes("args").is_some() && ev.str("comm").is_some());
    }
    let execs = evs.iter().filter(|e| e.event_type() == EventType::EXECVE);
    assert!(execs.clone().count() >= 2);
    assert!(execs
        .clone()
        .all(|e| e.param_by_name("env") == Param::Empty));
}
