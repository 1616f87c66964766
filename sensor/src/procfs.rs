//! Seeding the engine's state from `/proc` at start, so processes that predate the sensor have
//! full context: threads with their ancestry, command line, executable, working directory,
//! users, capabilities, cgroups and container id, open fds (sockets resolved to their
//! endpoints), plus the host's users, groups and interface addresses.
//!
//! Place in the data flow: **/proc (once, before capture starts)** → state → evaluation. Events
//! then keep the state current.
//!
//! The scan never fails on races: a process or file that vanishes mid-scan is skipped and
//! counted. It is bounded: every file read is capped in bytes, lists (arguments, environment,
//! threads, fds) in items, the process count by the state's thread cap, and the whole scan by a
//! deadline; whatever was left out is reported in [`SeedReport`].

mod net;
mod task;

pub use net::{SockInfo, SocketTable};

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::state::{container_id_from_cgroup, Caps, Fd, FdKind, L4Proto, ProcImage, State, Thread};

/// Clock ticks per second of `stat` start times (`USER_HZ`, 100 on every Linux ABI with procfs).
const USER_HZ: u64 = 100;

/// Limits of one scan.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// The procfs mount (`/proc`).
    pub proc_root: PathBuf,
    /// Where the host's `passwd` and `group` files are (`/etc`).
    pub etc_root: PathBuf,
    /// Bytes read at most from `cmdline`.
    pub max_cmdline_bytes: usize,
    /// Arguments kept at most.
    pub max_args: usize,
    /// Bytes read at most from `environ` (default: the bound capture uses at exec,
    /// `abi::SSE_ENV_MAX`, about 16 KiB).
    pub max_env_bytes: usize,
    /// Environment variables kept at most (default [`ENV_MAX_VARS`](syssentry_capture_bpf::ENV_MAX_VARS)).
    pub max_env: usize,
    /// Threads read at most per process.
    pub max_threads_per_process: usize,
    /// Stop scanning after this long (what is not scanned yet is left to events).
    pub deadline: Duration,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            proc_root: PathBuf::from("/proc"),
            etc_root: PathBuf::from("/etc"),
            max_cmdline_bytes: 16 * 1024,
            max_args: 1024,
            max_env_bytes: syssentry_capture_bpf::abi::SSE_ENV_MAX as usize,
            max_env: syssentry_capture_bpf::ENV_MAX_VARS,
            max_threads_per_process: 4096,
            deadline: Duration::from_secs(10),
        }
    }
}

/// What a scan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Processes seeded.
    pub processes: usize,
    /// Threads seeded (main threads included).
    pub threads: usize,
    /// Fds seeded.
    pub fds: usize,
    /// Processes or threads that exited (or became unreadable) during the scan.
    pub vanished: usize,
    /// Threads or fds the state's caps refused.
    pub refused: u64,
    /// The deadline ended the scan early.
    pub deadline_hit: bool,
    /// Host users loaded.
    pub users: usize,
    /// Host groups loaded.
    pub groups: usize,
    /// Host interface addresses found.
    pub local_addrs: usize,
    /// How long the scan took.
    pub elapsed: Duration,
}

/// An error that stops the scan: procfs itself cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum ProcfsError {
    /// The procfs root could not be read.
    #[error("cannot list {path}: {source}")]
    Unreadable {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Seeds `state` from procfs: host users, groups and addresses, then every process and thread.
pub fn seed_state(state: &mut State, opts: &SeedOptions) -> Result<SeedReport, ProcfsError> {
    let started = Instant::now();
    let mut report = SeedReport::default();
    let pids = list_numeric(&opts.proc_root).map_err(|source| ProcfsError::Unreadable {
        path: opts.proc_root.clone(),
        source,
    })?;

    if let Some(text) = read_text(&opts.etc_root.join("passwd"), 4 << 20) {
        report.users = state.users.load_passwd("", &text);
    }
    if let Some(text) = read_text(&opts.etc_root.join("group"), 4 << 20) {
        report.groups = state.groups.load_group("", &text);
    }
    let mut addrs = Vec::new();
    if let Some(text) = read_text(&opts.proc_root.join("net/fib_trie"), 4 << 20) {
        net::parse_fib_trie_local(&text, &mut addrs);
    }
    if let Some(text) = read_text(&opts.proc_root.join("net/if_inet6"), 1 << 20) {
        net::parse_if_inet6(&text, &mut addrs);
    }
    report.local_addrs = addrs.len();
    for a in addrs {
        if !state.local_addrs.contains(&a) {
            state.local_addrs.push(a);
        }
    }

    let boot_ns = read_text(&opts.proc_root.join("stat"), 1 << 20)
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("btime ")?.trim().parse::<u64>().ok()))
        .map_or(0, |s| s.saturating_mul(1_000_000_000));
    let mut sockets = SocketCache::default();
    let cap = state.config().max_threads;
    let max_fds = state.config().max_fds_per_process;
    let mut links: Vec<(i64, i64)> = Vec::new();
    let mut shared = Shared::default();
    // `environ` is read only when the state keeps environments (a loaded rule reads them).
    let keep_env = state.config().keep_env;

    for pid in pids {
        if started.elapsed() > opts.deadline {
            report.deadline_hit = true;
            break;
        }
        if state.thread_count() >= cap {
            report.refused += 1;
            continue;
        }
        let dir = opts.proc_root.join(pid.to_string());
        let Some(main) = read_process(&dir, pid, boot_ns, opts, keep_env) else {
            report.vanished += 1;
            continue;
        };
        let mut main = main;
        shared.share(&mut main);
        let (fds, refused) = read_fds(&dir, &mut sockets, max_fds);
        report.refused += refused;
        report.fds += fds.len();
        for (n, fd) in fds {
            main.fds.insert(n, fd, max_fds);
        }
        main.fds.shrink_to_fit();
        let threads = read_threads(&dir, &main, opts);
        links.push((main.ptid, main.tid));
        if !state.add_thread(main) {
            report.refused += 1;
            continue;
        }
        report.processes += 1;
        report.threads += 1;
        for t in threads {
            links.push((t.ptid, t.tid));
            if state.add_thread(t) {
                report.threads += 1;
            } else {
                report.refused += 1;
            }
        }
    }
    link_children(state, &links);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Identical capability sets, cgroup lists and images seen during one scan, kept once: a host runs
/// many processes with the same ones (every worker of a server, every `sleep`), and each copy of
/// the capability text alone is about a kilobyte.
#[derive(Default)]
struct Shared {
    caps: HashMap<(u64, u64, u64), Arc<Caps>>,
    cgroups: HashMap<Arc<Vec<String>>, Arc<Vec<String>>>,
    images: HashMap<Arc<ProcImage>, Arc<ProcImage>>,
}

/// Most distinct entries kept per kind (bounds the scan's memory on hostile hosts).
const MAX_SHARED: usize = 4096;

impl Shared {
    fn share(&mut self, t: &mut Thread) {
        let key = (t.caps.inheritable, t.caps.permitted, t.caps.effective);
        if let Some(c) = self.caps.get(&key) {
            t.caps = c.clone();
        } else if self.caps.len() < MAX_SHARED {
            self.caps.insert(key, t.caps.clone());
        }
        intern(&mut self.cgroups, &mut t.cgroups);
        intern(&mut self.images, &mut t.image);
    }
}

fn intern<T: Eq + std::hash::Hash>(table: &mut HashMap<Arc<T>, Arc<T>>, value: &mut Arc<T>) {
    if let Some(v) = table.get(value) {
        *value = v.clone();
    } else if table.len() < MAX_SHARED {
        table.insert(value.clone(), value.clone());
    }
}

/// Records each thread in its parent's children (a parent scanned after its child, as with pid
/// wraparound, missed the link when the child was added).
fn link_children(state: &mut State, links: &[(i64, i64)]) {
    for &(ptid, tid) in links {
        if let Some(p) = state.thread_mut(ptid) {
            if !p.children.contains(&tid) {
                p.children.push(tid);
            }
        }
    }
}

/// Reads one process's main thread. `None` when it vanished or is unreadable.
fn read_process(dir: &Path, pid: i64, boot_ns: u64, opts: &SeedOptions, keep_env: bool) -> Option<Thread> {
    let stat = task::parse_stat(&read_text(&dir.join("stat"), 4096)?)?;
    let status = task::parse_status(&read_text(&dir.join("status"), 16 * 1024)?);
    let mut t = Thread::new(pid, pid, stat.ppid);
    fill_ids(&mut t, &stat, &status, boot_ns);

    let cmdline = read_bytes(&dir.join("cmdline"), opts.max_cmdline_bytes).unwrap_or_default();
    let mut argv = task::split_nul(&cmdline, opts.max_args.saturating_add(1));
    let env = if keep_env {
        read_bytes(&dir.join("environ"), opts.max_env_bytes)
            .map(|b| task::split_nul(&b, opts.max_env))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let exepath = fs::read_link(dir.join("exe"))
        .map(|p| {
            let s = p.to_string_lossy().into_owned();
            s.strip_suffix(" (deleted)").map(str::to_string).unwrap_or(s)
        })
        .unwrap_or_default();
    // Kernel threads have no command line: libsinsp shows their comm as the exe.
    let exe = if argv.is_empty() { stat.comm.clone() } else { argv.remove(0) };
    t.image = Arc::new(ProcImage::new(&exe, &exepath, &stat.comm, argv, env));

    if let Ok(cwd) = fs::read_link(dir.join("cwd")) {
        let mut cwd = cwd.to_string_lossy().into_owned();
        if !cwd.ends_with('/') {
            cwd.push('/');
        }
        t.cwd = cwd;
    }
    if let Some(l) = read_text(&dir.join("loginuid"), 64).and_then(|s| s.trim().parse::<u32>().ok()) {
        t.loginuid = l;
    }
    if let Ok(m) = fs::metadata(dir.join("exe")) {
        t.exe_ino = m.ino();
        t.exe_ino_ctime = to_ns(m.ctime(), m.ctime_nsec());
        t.exe_ino_mtime = to_ns(m.mtime(), m.mtime_nsec());
        if t.clone_ts > t.exe_ino_ctime && t.exe_ino_ctime > 0 {
            t.exe_ino_ctime_duration_clone_ts = t.clone_ts - t.exe_ino_ctime;
        }
    }
    if let Some(text) = read_text(&dir.join("cgroup"), 64 * 1024) {
        let (entries, paths) = task::parse_cgroup(&text);
        if let Some(id) = paths.iter().find_map(|p| container_id_from_cgroup(p)) {
            t.container_id = Arc::from(id.as_str());
        }
        t.cgroups = Arc::new(entries);
    }
    if let Some(limit) = read_text(&dir.join("limits"), 8192).and_then(|t| task::parse_fd_limit(&t)) {
        t.fdlimit = limit;
    }
    Some(t)
}

fn fill_ids(t: &mut Thread, stat: &task::Stat, status: &task::Status, boot_ns: u64) {
    t.sid = stat.session;
    t.pgid = stat.pgrp;
    t.tty = stat.tty_nr;
    t.uid = status.euid;
    t.gid = status.egid;
    t.vtid = status.vtid.unwrap_or(t.tid);
    t.vpid = status.vpid.unwrap_or(t.pid);
    t.vpgid = status.vpgid.unwrap_or(stat.pgrp);
    let (i, p, e) = status.caps;
    t.caps = Arc::new(Caps::new(i, p, e));
    if boot_ns > 0 {
        t.clone_ts = boot_ns + stat.starttime.saturating_mul(1_000_000_000 / USER_HZ);
    }
    t.reaper = t.tid == 1 || t.vpid == 1;
}

/// The non-main threads of a process, sharing its image, cwd and cgroups.
fn read_threads(dir: &Path, main: &Thread, opts: &SeedOptions) -> Vec<Thread> {
    let Ok(tids) = list_numeric(&dir.join("task")) else { return Vec::new() };
    let mut out = Vec::new();
    for tid in tids.into_iter().filter(|t| *t != main.pid).take(opts.max_threads_per_process) {
        let tdir = dir.join("task").join(tid.to_string());
        let (Some(stat), Some(status)) = (
            read_text(&tdir.join("stat"), 4096).and_then(|s| task::parse_stat(&s)),
            read_text(&tdir.join("status"), 16 * 1024).map(|s| task::parse_status(&s)),
        ) else {
            continue;
        };
        let mut t = Thread::new(tid, main.pid, main.ptid);
        fill_ids(&mut t, &stat, &status, 0);
        t.clone_ts = main.clone_ts;
        t.vpid = main.vpid;
        t.image = main.image.clone();
        t.cwd = main.cwd.clone();
        t.loginuid = main.loginuid;
        t.cgroups = main.cgroups.clone();
        t.container_id = main.container_id.clone();
        t.exe_ino = main.exe_ino;
        t.exe_ino_ctime = main.exe_ino_ctime;
        t.exe_ino_mtime = main.exe_ino_mtime;
        t.fdlimit = main.fdlimit;
        t.reaper = false;
        out.push(t);
    }
    out
}

/// Socket tables by network namespace, read once per namespace.
#[derive(Default)]
struct SocketCache {
    by_netns: HashMap<String, Arc<SocketTable>>,
}

impl SocketCache {
    const MAX_NAMESPACES: usize = 1024;

    fn for_process(&mut self, dir: &Path) -> Arc<SocketTable> {
        let ns = fs::read_link(dir.join("ns/net")).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        if let Some(t) = self.by_netns.get(&ns) {
            return t.clone();
        }
        let mut table = SocketTable::new();
        let net = dir.join("net");
        for (file, proto) in [("tcp", L4Proto::Tcp), ("tcp6", L4Proto::Tcp), ("udp", L4Proto::Udp), ("udp6", L4Proto::Udp)] {
            if let Some(text) = read_text(&net.join(file), 16 << 20) {
                net::parse_inet(&text, proto, &mut table);
            }
        }
        if let Some(text) = read_text(&net.join("unix"), 16 << 20) {
            net::parse_unix(&text, &mut table);
        }
        if let Some(text) = read_text(&net.join("netlink"), 1 << 20) {
            net::parse_netlink(&text, &mut table);
        }
        let table = Arc::new(table);
        if self.by_netns.len() < Self::MAX_NAMESPACES {
            self.by_netns.insert(ns, table.clone());
        }
        table
    }
}

/// The open fds of a process, at most `cap`; returns them and how many were left out.
fn read_fds(dir: &Path, sockets: &mut SocketCache, cap: usize) -> (Vec<(i64, Fd)>, u64) {
    let Ok(nums) = list_numeric(&dir.join("fd")) else { return (Vec::new(), 0) };
    let refused = nums.len().saturating_sub(cap) as u64;
    let mut table: Option<Arc<SocketTable>> = None;
    let mut out = Vec::with_capacity(nums.len().min(cap));
    for n in nums.into_iter().take(cap) {
        let link = dir.join("fd").join(n.to_string());
        let Ok(target) = fs::read_link(&link) else { continue };
        let target = target.to_string_lossy().into_owned();
        let mut fd = if let Some(ino) = bracketed(&target, "socket:") {
            let t = table.get_or_insert_with(|| sockets.for_process(dir));
            match t.get(&ino) {
                Some(s) => s.to_fd(),
                None => Fd::new(FdKind::Unknown, &target),
            }
        } else if let Some(ino) = bracketed(&target, "pipe:") {
            let mut fd = Fd::new(FdKind::Pipe, &target);
            fd.ino = ino;
            fd
        } else if let Some(kind) = target.strip_prefix("anon_inode:") {
            Fd::new(anon_kind(kind), "")
        } else if target.starts_with("/memfd:") {
            Fd::new(FdKind::Memfd, target.strip_suffix(" (deleted)").unwrap_or(&target))
        } else if target.starts_with('/') {
            let meta = fs::metadata(&link).ok();
            let kind = if meta.as_ref().is_some_and(|m| m.is_dir()) { FdKind::Directory } else { FdKind::File };
            let mut fd = Fd::new(kind, &target);
            if let Some(m) = meta {
                fd.ino = m.ino();
                fd.dev = m.dev() as u32;
            }
            fd
        } else {
            Fd::new(FdKind::Unknown, &target)
        };
        if let Some(flags) = read_text(&dir.join("fdinfo").join(n.to_string()), 4096).and_then(|t| task::parse_fdinfo_flags(&t)) {
            fd.flags = flags;
        }
        out.push((n, fd));
    }
    (out, refused)
}

fn anon_kind(name: &str) -> FdKind {
    match name.trim_matches(|c| c == '[' || c == ']') {
        "eventfd" => FdKind::Event,
        "signalfd" => FdKind::Signal,
        "eventpoll" => FdKind::EventPoll,
        "inotify" => FdKind::Inotify,
        "timerfd" => FdKind::Timerfd,
        "userfaultfd" => FdKind::Userfaultfd,
        "io_uring" => FdKind::IoUring,
        "pidfd" => FdKind::Pidfd,
        n if n.starts_with("bpf") => FdKind::Bpf,
        _ => FdKind::Unknown,
    }
}

/// `socket:[123]` → 123.
fn bracketed(s: &str, prefix: &str) -> Option<u64> {
    s.strip_prefix(prefix)?.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

fn to_ns(secs: i64, nsecs: i64) -> u64 {
    (secs.max(0) as u64).saturating_mul(1_000_000_000).saturating_add(nsecs.max(0) as u64)
}

/// Numeric entries of a directory, sorted.
fn list_numeric(dir: &Path) -> std::io::Result<Vec<i64>> {
    let mut out: Vec<i64> = fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    out.sort_unstable();
    Ok(out)
}

fn read_bytes(path: &Path, max: usize) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    fs::File::open(path).ok()?.take(max as u64).read_to_end(&mut buf).ok()?;
    Some(buf)
}

fn read_text(path: &Path, max: usize) -> Option<String> {
    read_bytes(path, max).map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[cfg(test)]
mod sharing_tests {
    use super::*;

    fn thread(pid: i64, caps: u64, cgroup: &str, exe: &str) -> Thread {
        let mut t = Thread::new(pid, pid, 1);
        t.caps = Arc::new(Caps::new(0, caps, caps));
        t.cgroups = Arc::new(vec![cgroup.to_string()]);
        t.image = Arc::new(ProcImage::new(exe, exe, "sleep", vec!["60".into()], Vec::new()));
        t
    }

    #[test]
    fn identical_caps_cgroups_and_images_are_kept_once() {
        let mut shared = Shared::default();
        let (mut a, mut b) = (thread(10, 0x1ff, "0::/", "/usr/bin/sleep"), thread(11, 0x1ff, "0::/", "/usr/bin/sleep"));
        let mut c = thread(12, 0x3, "0::/other", "/usr/bin/cat");
        for t in [&mut a, &mut b, &mut c] {
            shared.share(t);
        }
        assert!(Arc::ptr_eq(&a.caps, &b.caps));
        assert!(Arc::ptr_eq(&a.cgroups, &b.cgroups));
        assert!(Arc::ptr_eq(&a.image, &b.image));
        assert!(!Arc::ptr_eq(&a.caps, &c.caps));
        assert!(!Arc::ptr_eq(&a.cgroups, &c.cgroups));
        assert!(!Arc::ptr_eq(&a.image, &c.image));
        assert_eq!(c.caps.effective, 0x3);
    }
}
