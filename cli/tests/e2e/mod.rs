//! Helpers of the end-to-end tests of `syssentry run` against the kernel: the sensor as a child
//! process (started, waited for until attached, stopped with SIGTERM, its JSON lines parsed), and
//! the test fixtures the actions need, each removed when dropped: a network namespace joined by a
//! veth pair with a TCP listener in it, a cgroup named as a container runtime names it, an
//! overlayfs mount, a pseudo-terminal. Also the pattern matcher alert texts are checked with.
//!
//! Place in the data flow: these tests drive the whole chain from outside (child processes →
//! kernel → capture → state → evaluation → output → stdout of `syssentry run`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The Python interpreter of the distribution (not a version manager's shim, whose wrapper
/// processes would change the process tree the alerts describe).
pub const PYTHON: &str = "/usr/bin/python3";

/// Why the machine cannot run these tests, if it cannot: not root, no kernel BTF.
pub fn skip_reason() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let euid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_string));
    if euid.as_deref() != Some("0") {
        return Some("not root".into());
    }
    if !Path::new("/sys/kernel/btf/vmlinux").exists() {
        return Some("no kernel BTF at /sys/kernel/btf/vmlinux".into());
    }
    None
}

/// Runs a setup command; a failure is a test failure, with the command's stderr.
pub fn sh(cmd: &mut Command) {
    let out = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// A program the tests need, looked up in the usual directories.
pub fn need_program(name: &str) -> PathBuf {
    for dir in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} is not installed; scripts/setup installs what the end-to-end tests need")
}

/// `syssentry run` as a child process.
pub struct Sensor {
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stdout_done: std::thread::JoinHandle<()>,
    stderr: std::thread::JoinHandle<String>,
    log_head: String,
}

/// The outcome of a sensor run.
pub struct SensorRun {
    /// The JSON lines of stdout.
    pub alerts: Vec<serde_json::Value>,
    /// stdout as text.
    pub stdout: String,
    /// All of stderr.
    pub stderr: String,
}

impl Sensor {
    /// Starts `syssentry run` with `args` and waits until it reports that capture is attached.
    /// `Err` carries the reason when the host refused capture (no BPF): the caller skips.
    pub fn start(args: &[&str]) -> Result<Sensor, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_syssentry"))
            .arg("run")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn syssentry");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut log = String::new();
        let started = Instant::now();
        loop {
            let mut line = String::new();
            let n = stderr.read_line(&mut line).unwrap_or(0);
            log.push_str(&line);
            if line.contains("syssentry: running:") {
                break;
            }
            if n == 0 || started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                let _ = child.wait();
                if log.contains("cannot start the kernel capture") {
                    return Err(format!("the host refused capture: {log}"));
                }
                panic!("the sensor ended before running:\n{log}");
            }
        }
        let rest = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            s
        });
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let lines = stdout.clone();
        let out = BufReader::new(child.stdout.take().unwrap());
        let stdout_done = std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        Ok(Sensor { child, stdout, stdout_done, stderr: rest, log_head: log })
    }

    /// Waits until `done` holds for the alert lines printed so far, or `limit` passes.
    pub fn wait_for(&self, limit: Duration, done: impl Fn(&[String]) -> bool) {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if done(&self.stdout.lock().unwrap()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the sensor with SIGTERM and collects what it printed.
    pub fn stop(mut self) -> SensorRun {
        // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
        let rc = unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(rc, 0, "SIGTERM to the sensor");
        let status = self.child.wait().unwrap();
        let _ = self.stdout_done.join();
        let stdout: String = self.stdout.lock().unwrap().iter().map(|l| format!("{l}\n")).collect();
        let stderr = format!("{}{}", self.log_head, self.stderr.join().unwrap_or_default());
        assert!(status.success(), "the sensor exited with {status}:\n{stderr}");
        let alerts = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect();
        SensorRun { alerts, stdout, stderr }
    }
}

/// Matches `text` against `pattern`, where `{*}` stands for any run of characters other than a
/// space (possibly empty) and `{n}` for one or more ASCII digits; everything else is literal.
pub fn matches(pattern: &str, text: &str) -> bool {
    let Some(i) = pattern.find('{') else { return pattern == text };
    let (lit, rest) = pattern.split_at(i);
    let Some(text) = text.strip_prefix(lit) else { return false };
    let (min, class, after): (usize, fn(char) -> bool, &str) = if let Some(a) = rest.strip_prefix("{*}") {
        (0, |c| c != ' ', a)
    } else if let Some(a) = rest.strip_prefix("{n}") {
        (1, |c| c.is_ascii_digit(), a)
    } else {
        return text.strip_prefix('{').is_some_and(|t| matches(&rest[1..], t));
    };
    let run: usize = text.chars().take_while(|&c| class(c)).map(char::len_utf8).sum();
    (min..=run).rev().filter(|&e| text.is_char_boundary(e)).any(|e| matches(after, &text[e..]))
}

/// `major:minor` device number in the kernel's `tty_nr` encoding (what `proc.tty` shows).
pub fn tty_nr(rdev: u64) -> u64 {
    let (major, minor) = (libc::major(rdev) as u64, libc::minor(rdev) as u64);
    (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
}

/// The controlling terminal of this process as `proc.tty` shows it (field 7 of `stat`).
pub fn own_tty() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    after.split(' ').nth(4).unwrap().parse().unwrap()
}

/// This process's login uid as `user.loginuid` shows it (-1 when unset).
pub fn own_loginuid() -> i64 {
    let v: u32 = std::fs::read_to_string("/proc/self/loginuid").unwrap().trim().parse().unwrap();
    if v == u32::MAX {
        -1
    } else {
        v.into()
    }
}

/// A network namespace joined to the host by a veth pair: the host side gets `host_ip`, the
/// namespace side `ns_ip` (a /30 of the documentation range 198.51.100.0/24). Removed on drop.
pub struct Netns {
    /// The namespace's name.
    pub name: String,
    host_if: String,
    /// The host side's address.
    pub host_ip: String,
    /// The namespace side's address.
    pub ns_ip: String,
}

impl Netns {
    /// Creates the namespace and the link, both up.
    pub fn create(tag: u32) -> Netns {
        let ip = need_program("ip");
        let block = (tag % 63 + 1) * 4;
        let ns = Netns {
            name: format!("sse-e2e-{tag}"),
            host_if: format!("sseh{tag}"),
            host_ip: format!("198.51.100.{}", block + 1),
            ns_ip: format!("198.51.100.{}", block + 2),
        };
        let peer = format!("ssen{tag}");
        sh(Command::new(&ip).args(["netns", "add", &ns.name]));
        sh(Command::new(&ip).args(["link", "add", &ns.host_if, "type", "veth", "peer", "name", &peer]));
        sh(Command::new(&ip).args(["link", "set", &peer, "netns", &ns.name]));
        sh(Command::new(&ip).args(["addr", "add", &format!("{}/30", ns.host_ip), "dev", &ns.host_if]));
        sh(Command::new(&ip).args(["link", "set", &ns.host_if, "up"]));
        let inside = |args: &[&str]| {
            sh(Command::new(&ip).args(["netns", "exec", &ns.name, "ip"]).args(args));
        };
        inside(&["addr", "add", &format!("{}/30", ns.ns_ip), "dev", &peer]);
        inside(&["link", "set", &peer, "up"]);
        inside(&["link", "set", "lo", "up"]);
        ns
    }

    /// Starts a TCP listener on `port` inside the namespace that accepts and closes connections;
    /// returns once it listens. Killed on drop.
    pub fn listen(&self, port: u16) -> Listener {
        let script = format!(
            "import socket,sys\n\
             s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n\
             s.bind(('{}', {port})); s.listen(16); print('listening', flush=True)\n\
             while True:\n    c,_=s.accept(); c.close()\n",
            self.ns_ip
        );
        let mut child = Command::new(need_program("ip"))
            .args(["netns", "exec", &self.name, PYTHON, "-c", &script])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "listening", "listener in {}", self.name);
        Listener { child }
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let ip = need_program("ip");
        let _ = Command::new(&ip).args(["link", "del", &self.host_if]).stderr(Stdio::null()).status();
        let _ = Command::new(&ip).args(["netns", "del", &self.name]).stderr(Stdio::null()).status();
    }
}

/// A listener process; killed on drop.
pub struct Listener {
    child: Child,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A cgroup (v2 hierarchy of a hybrid or unified host) named as containerd's CRI plugin names a
/// container's: `kubepods/besteffort/pod<uid>/cri-containerd-<64 hex>.scope`. The directories
/// this created are removed on drop (once the processes in it are gone).
pub struct ContainerCgroup {
    /// The 64-hex container id.
    pub id: String,
    /// The cgroup directory.
    pub dir: PathBuf,
    created: Vec<PathBuf>,
}

impl ContainerCgroup {
    /// Creates it under the cgroup v2 mount (`/sys/fs/cgroup/unified` or `/sys/fs/cgroup`).
    pub fn create(tag: u32) -> ContainerCgroup {
        let root = ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"]
            .iter()
            .map(Path::new)
            .find(|p| p.join("cgroup.procs").exists() && p.join("cgroup.controllers").exists())
            .expect("a cgroup v2 hierarchy");
        let id = format!("{:016x}", u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15)).repeat(4);
        let rel = PathBuf::from(format!("kubepods/besteffort/pod-syssentry-e2e-{tag}/cri-containerd-{id}.scope"));
        let mut created = Vec::new();
        let mut dir = root.to_path_buf();
        for c in rel.components() {
            dir.push(c);
            if !dir.exists() {
                std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
                created.push(dir.clone());
            }
        }
        ContainerCgroup { id, dir, created }
    }

    /// The short id `container.id` shows.
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    /// `cgroup.procs`, opened for writing: a child writes `0` to it to join.
    pub fn procs(&self) -> OwnedFd {
        std::fs::OpenOptions::new().write(true).open(self.dir.join("cgroup.procs")).unwrap().into()
    }
}

impl Drop for ContainerCgroup {
    fn drop(&mut self) {
        for d in self.created.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// An overlayfs mount (lower, upper, work, merged under `base`); unmounted on drop.
pub struct Overlay {
    /// The merged directory.
    pub merged: PathBuf,
}

impl Overlay {
    /// Mounts it.
    pub fn mount(base: &Path) -> Overlay {
        let d = |n: &str| {
            let p = base.join(n);
            std::fs::create_dir_all(&p).unwrap();
            p
        };
        let (lower, upper, work, merged) = (d("lower"), d("upper"), d("work"), d("merged"));
        let opts = format!("lowerdir={},upperdir={},workdir={}", lower.display(), upper.display(), work.display());
        sh(Command::new(need_program("mount")).args(["-t", "overlay", "overlay", "-o", &opts]).arg(&merged));
        Overlay { merged }
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        let _ = Command::new(need_program("umount")).arg(&self.merged).status();
    }
}

/// A pseudo-terminal pair.
pub struct Pty {
    /// The controlling side.
    pub master: OwnedFd,
    /// The terminal side, given to the child.
    pub slave: OwnedFd,
    /// The terminal's device number in `tty_nr` encoding.
    pub tty_nr: u64,
}

impl Pty {
    /// Opens one.
    pub fn open() -> Pty {
        let (mut m, mut s) = (-1, -1);
        // SAFETY: openpty writes two fds into the given ints; null name/termios/winsize are allowed.
        let rc = unsafe { libc::openpty(&mut m, &mut s, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()) };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both fds were just returned by openpty and are owned by nobody else.
        let (master, slave) = unsafe { (OwnedFd::from_raw_fd(m), OwnedFd::from_raw_fd(s)) };
        let meta = std::fs::metadata(format!("/proc/self/fd/{}", slave.as_raw_fd())).unwrap();
        let rdev = std::os::unix::fs::MetadataExt::rdev(&meta);
        Pty { master, slave, tty_nr: tty_nr(rdev) }
    }
}

/// Makes `cmd`'s child join the cgroup whose `cgroup.procs` is `procs` before it executes, and,
/// with `tty`, start a new session with that terminal as controlling terminal and standard streams.
pub fn in_container(cmd: &mut Command, procs: &OwnedFd, tty: Option<&OwnedFd>) {
    use std::os::unix::process::CommandExt;
    let procs = procs.as_raw_fd();
    let tty = tty.map(AsRawFd::as_raw_fd);
    // SAFETY: the closure runs between fork and exec and only makes async-signal-safe system
    // calls on fds that stay open in the parent until the child has been spawned.
    unsafe {
        cmd.pre_exec(move || {
            if libc::write(procs, b"0".as_ptr().cast(), 1) != 1 {
                return Err(std::io::Error::last_os_error());
            }
            if let Some(t) = tty {
                if libc::setsid() < 0 || libc::ioctl(t, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                for fd in 0..3 {
                    if libc::dup2(t, fd) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
            }
            Ok(())
        });
    }
}
