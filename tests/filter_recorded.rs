//! The in-kernel filter changes no alert, on streams the kernel itself recorded: for each rule
//! set (the upstream stable rules; stable, incubating and sandbox together; syssentry's `rules/`)
//! two captures run side by side on the same system calls, one with the rule set's filter on and
//! one sending everything, while a workload runs the trigger's host actions and a script that
//! opens files at the edges of the filters (sensitive files by absolute and relative paths,
//! through directory fds and non-directory fds, with `..` and doubled slashes, duplicated and
//! closed descriptors, a changed working directory) and makes sockets of every kind (unix
//! servers and clients, netlink, TCP on loopback, packet) and connects that fail, among the
//! thousands of ordinary opens of its programs. Both recorded streams go through the engine (every matching rule reported); the
//! workload's alerts are the same, in the same order, and the filtered capture did leave events
//! in the kernel. The generated streams of `engine/tests/kernel_filter_equivalence.rs` cover the
//! boundaries exhaustively; this covers what real programs do.
//!
//! The test's thread and so the workload run on CPU 0, so both captures see the workload's events
//! in one order. Needs root and BPF: without them the test prints `SKIPPED: <why>` (a failure in
//! `scripts/test`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use syssentry_capture_bpf::{Capture, CaptureConfig};
use syssentry_engine::eval::{load_rules, BuildOptions, Engine, RuleMatching, RuleSet};
use syssentry_engine::event::{Event, KernelFilter};
use syssentry_engine::output::{Alert, OutputOptions};
use syssentry_engine::state::State;
use syssentry_sensor::plan::capture_config;
use syssentry_sensor::procfs::{seed_state, SeedOptions};
use syssentry_testkit::paths::{default_rules, scratch, syssentry, upstream_rules};
use syssentry_testkit::privileges::skip;

/// The trigger's actions that need no container runtime.
const HOST_ACTIONS: &[&str] = &[
    "read-shadow",
    "read-traversal",
    "write-below-etc",
    "search-private-keys",
    "search-aws-credentials",
    "clear-log",
    "symlink-sensitive",
    "hardlink-sensitive",
    "ptrace-attach",
    "ptrace-traceme",
    "exec-dev-shm",
    "memfd-exec",
    "setns",
    "unshare",
];

/// Opens at the edges of the filters, by a real program: relative paths through directory fds
/// and the working directory, `..` and doubled slashes, non-directory fds as `dirfd`, duplicated
/// descriptors read after the original is closed, files opened for writing in a scratch
/// directory, and many ordinary opens between them.
const EDGES: &str = r#"
import fcntl, os, sys
scratch = sys.argv[1]
def tryopen(path, flags=os.O_RDONLY, dir_fd=None):
    try:
        fd = os.open(path, flags, 0o600, dir_fd=dir_fd)
    except OSError:
        return None
    return fd
etc = os.open("/etc", os.O_RDONLY | os.O_DIRECTORY)
host = os.open("/etc/hostname", os.O_RDONLY)
for p in ["shadow", "passwd", "hostname", "./shadow", "../etc/shadow", "pam.d/../shadow",
          "sudoers", "ld.so.cache", "group", "shadow-", "gshadow", ".//shadow"]:
    for d in (etc, host):
        fd = tryopen(p, dir_fd=d)
        if fd is not None:
            os.close(fd)
for p in ["/etc/shadow", "/etc//shadow", "/etc/./shadow", "/tmp/../etc/shadow", "/etc/a../shadow",
          "/etc/hostname", "/etc/ld.so.cache", "/usr/lib/os-release", "/proc/self/status",
          "/root/.ssh/authorized_keys", "/etc/sudoers.d", "/etc/pam.d/sshd", "/dev/null"]:
    fd = tryopen(p)
    if fd is not None:
        os.close(fd)
os.chdir("/etc")
for p in ["shadow", "./shadow", "../etc//shadow", "hostname", "pam.d"]:
    fd = tryopen(p)
    if fd is not None:
        os.close(fd)
# A filtered open duplicated, the original closed, the copies read and closed.
fd = os.open("/etc/hostname", os.O_RDONLY)
d1 = os.dup(fd)
d2 = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 40)
os.close(fd)
os.read(d1, 1); os.read(d2, 1)
os.close(d1); os.close(d2)
# A sensitive open duplicated the same way.
fd = os.open("/etc/shadow", os.O_RDONLY)
d1 = os.dup(fd)
os.close(fd)
os.read(d1, 1)
os.close(d1)
# Writes in the scratch directory, relative and absolute, and through its fd.
os.chdir(scratch)
sd = os.open(scratch, os.O_RDONLY | os.O_DIRECTORY)
for i in range(50):
    fd = os.open("f%d" % i, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, b"x")
    os.close(fd)
    fd = os.open("g%d" % i, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600, dir_fd=sd)
    os.close(fd)
    os.rename("f%d" % i, "h%d" % i)
    fd = os.open(scratch + "//h%d" % i, os.O_RDONLY)
    os.close(fd)
# Sockets of every kind: a unix server and client talking through a path in the scratch
# directory, netlink sockets, a TCP connection on loopback, a packet socket; duplicated, used,
# closed.
import socket
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(scratch + "/sock")
srv.listen(4)
for i in range(20):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(scratch + "/sock")
    a, _ = srv.accept()
    c.sendall(b"x"); a.recv(1)
    d = os.dup(c.fileno())
    os.close(d)
    a.close(); c.close()
    n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    n.close()
    u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        u.sendto(b"x", scratch + "/nothere")
    except OSError:
        pass
    u.close()
srv.close()
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.bind(("127.0.0.1", 0)); t.listen(1)
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(t.getsockname())
a, _ = t.accept()
d = os.dup(c.fileno()); os.close(d)
a.close(); c.close(); t.close()
try:
    p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    p.close()
except OSError:
    pass
# Connects that fail (a closed port, a missing unix socket) and one under way.
closed = socket.socket(); closed.bind(("127.0.0.1", 0)); port = closed.getsockname()[1]; closed.close()
for i in range(30):
    for addr, fam in ((("127.0.0.1", port), socket.AF_INET), (scratch + "/nothere", socket.AF_UNIX)):
        c = socket.socket(fam, socket.SOCK_STREAM)
        try:
            c.connect(addr)
        except OSError:
            pass
        c.close()
t = socket.socket(); t.bind(("127.0.0.1", 0)); t.listen(1)
c = socket.socket(); c.setblocking(False)
try:
    c.connect(t.getsockname())
except OSError:
    pass
c.close(); t.close()
# Ordinary opens in bulk, with a sensitive one among them now and then.
for i in range(300):
    for p in ["/etc/hostname", "/etc/os-release", "/usr/lib/os-release", "/etc/passwd"]:
        fd = tryopen(p)
        if fd is not None:
            os.close(fd)
    if i % 50 == 0:
        fd = tryopen("shadow", dir_fd=etc)
        if fd is not None:
            os.close(fd)
"#;

/// One rule set with its two captures and their recorded streams.
struct Pair {
    name: &'static str,
    rules: Arc<RuleSet>,
    whole: Capture,
    filtered: Capture,
    whole_events: Vec<Event>,
    filtered_events: Vec<Event>,
}

fn ruleset(files: &[PathBuf]) -> Arc<RuleSet> {
    let opts = BuildOptions { matching: RuleMatching::All, output: output_options(), ..BuildOptions::default() };
    let report = load_rules(files, &opts);
    assert!(!report.diagnostics.has_errors(), "{}", report.diagnostics.render(&report.sources));
    Arc::new(report.ruleset)
}

fn output_options() -> OutputOptions {
    OutputOptions {
        hostname: Arc::from("eq-host"),
        suggested_output: true,
        time_iso8601: true,
        utc_offset: Some(0),
        ecs_output: false,
    }
}

/// Pins the calling thread (and so every process it starts) to CPU 0.
fn pin_to_cpu0() {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; CPU_SET and sched_setaffinity only read
    // and write that local set; pid 0 is the calling thread.
    let rc = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(0, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set)
    };
    assert_eq!(rc, 0, "sched_setaffinity: {}", std::io::Error::last_os_error());
}

fn start_pair(name: &'static str, rules: Arc<RuleSet>) -> Pair {
    let mut cfg: CaptureConfig = capture_config(&rules);
    cfg.ring_bytes = 32 << 20;
    assert!(!cfg.filter.clauses.is_empty() || cfg.filter.close, "{name}: the rules give the kernel nothing to leave out");
    let filtered = Capture::start(&cfg).expect("filtered capture");
    cfg.filter = KernelFilter::default();
    let whole = Capture::start(&cfg).expect("whole capture");
    Pair { name, rules, whole, filtered, whole_events: Vec::new(), filtered_events: Vec::new() }
}

fn poll_all(pairs: &mut [Pair]) {
    for p in pairs.iter_mut() {
        let out = &mut p.whole_events;
        p.whole.poll(Duration::from_millis(1), &mut |ev: &Event| out.push(ev.clone())).expect("poll");
        let out = &mut p.filtered_events;
        p.filtered.poll(Duration::from_millis(1), &mut |ev: &Event| out.push(ev.clone())).expect("poll");
    }
}

fn wait_polling(child: &mut Child, pairs: &mut [Pair], limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        poll_all(pairs);
        if child.try_wait().expect("wait").is_some() {
            return;
        }
        assert!(Instant::now() < deadline, "workload still running after {limit:?}");
    }
}

/// What of an alert must be the same on both streams: the rule, the message without its time
/// prefix, and the output fields without the time; nanosecond times inside (a container's start
/// time is its first event's) read `<ts>`, as each capture reads the clock itself.
fn comparable(a: &Alert, times: &regex::Regex) -> String {
    let msg = a.output.split_once(": ").map_or(a.output.as_str(), |(_, m)| m);
    let fields: Vec<String> = a
        .output_fields()
        .iter()
        .filter(|(k, _)| !k.starts_with("evt.time") && !k.starts_with("evt.datetime") && !k.starts_with("evt.rawtime"))
        .map(|(k, v)| format!("{k}={}", v.to_json()))
        .collect();
    let text = format!("{} | {msg} | {}", a.rule, fields.join(" "));
    times.replace_all(&text, "<ts>").into_owned()
}

/// Whether `pid` descends from `root` (or is it) in the engine's state.
fn in_tree(state: &State, mut pid: i64, root: i64) -> bool {
    for _ in 0..64 {
        if pid == root {
            return true;
        }
        match state.thread(pid) {
            Some(t) if t.ptid > 0 && t.ptid != pid => pid = t.ptid,
            _ => return false,
        }
    }
    false
}

/// The workload's alerts on one recorded stream.
fn alerts_of(rules: &Arc<RuleSet>, seed: &State, events: &[Event], root: i64) -> Vec<String> {
    let mut engine = Engine::new(rules.clone(), seed.clone(), output_options());
    let times = regex::Regex::new(r"\b1[0-9]{18}\b").expect("pattern");
    let mut out = Vec::new();
    let mut batch: Vec<Alert> = Vec::new();
    for ev in events {
        engine.process(ev, &mut |a| batch.push(a));
        if !batch.is_empty() {
            let mine = in_tree(engine.state(), ev.pid, root);
            out.extend(batch.drain(..).filter(|_| mine).map(|a| comparable(&a, &times)));
        }
    }
    out
}

#[test]
fn filtered_and_whole_recorded_streams_raise_the_same_alerts() {
    if skip() {
        return;
    }
    pin_to_cpu0();
    let mut pairs = vec![
        start_pair("stable", ruleset(&[upstream_rules("falco_rules.yaml")])),
        start_pair(
            "stable+incubating+sandbox",
            ruleset(&[
                upstream_rules("falco_rules.yaml"),
                upstream_rules("falco-incubating_rules.yaml"),
                upstream_rules("falco-sandbox_rules.yaml"),
            ]),
        ),
        start_pair("rules/", ruleset(&[default_rules()])),
    ];

    // One seed for every engine, read after all captures started; only then are the filters
    // turned on (as the sensor does), and everything recorded before is dropped: the workload
    // starts after.
    let mut seeds: HashMap<&str, State> = HashMap::new();
    for p in &pairs {
        let mut st = State::new(p.rules.state_config());
        seed_state(&mut st, &SeedOptions::default()).expect("seed from /proc");
        seeds.insert(p.name, st);
    }
    for p in pairs.iter_mut() {
        p.filtered.set_filter_on(true).expect("filter on");
    }
    poll_all(&mut pairs);

    let dir = scratch("filter-recorded");
    let script = format!(
        "{bin} trigger {actions} >/dev/null 2>&1; python3 -c '{EDGES}' {dir}; cat /etc/shadow >/dev/null; \
         cd /etc && cat ./shadow ../etc/passwd >/dev/null; ls /root/.ssh >/dev/null 2>&1; \
         find /etc -maxdepth 1 -name 'shado*' >/dev/null; true",
        bin = syssentry().display(),
        actions = HOST_ACTIONS.join(" "),
        dir = dir.display(),
    );
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(&script)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .spawn()
        .expect("workload");
    let root = child.id() as i64;
    for p in pairs.iter_mut() {
        p.whole_events.clear();
        p.filtered_events.clear();
    }
    wait_polling(&mut child, &mut pairs, Duration::from_secs(120));
    let settle = Instant::now() + Duration::from_millis(500);
    while Instant::now() < settle {
        poll_all(&mut pairs);
    }
    let _ = std::fs::remove_dir_all(&dir);

    for p in &pairs {
        let (w, f) = (p.whole.stats(), p.filtered.stats());
        assert_eq!((w.dropped, f.dropped), (0, 0), "{}: records dropped (whole {w:?}, filtered {f:?})", p.name);
        // The sandbox rules read most opens: their filter leaves out far fewer than stable's.
        assert!(f.filtered > 0, "{}: the filter left nothing in the kernel", p.name);
        let seed = &seeds[p.name];
        let whole = alerts_of(&p.rules, seed, &p.whole_events, root);
        let filtered = alerts_of(&p.rules, seed, &p.filtered_events, root);
        let rules_hit: HashSet<&str> = whole.iter().filter_map(|a| a.split(" | ").next()).collect();
        println!(
            "{}: {} events whole, {} filtered ({} left in the kernel); {} workload alerts from {} rules",
            p.name,
            p.whole_events.len(),
            p.filtered_events.len(),
            f.filtered,
            whole.len(),
            rules_hit.len()
        );
        assert!(rules_hit.len() >= 5, "{}: the workload raised too little to compare: {rules_hit:?}", p.name);
        if whole != filtered {
            let first = whole.iter().zip(&filtered).position(|(a, b)| a != b).unwrap_or(whole.len().min(filtered.len()));
            panic!(
                "{}: the filter changed the alerts ({} whole, {} filtered); first difference at {first}:\n  whole:    {:?}\n  filtered: {:?}",
                p.name,
                whole.len(),
                filtered.len(),
                whole.get(first),
                filtered.get(first)
            );
        }
    }
}
