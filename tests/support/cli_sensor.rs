//! `syssentry run` against the kernel, from outside: the sensor as a child process (started,
//! waited for until attached, stopped with SIGTERM, its JSON lines parsed), and the test fixtures
//! the actions need (those of `syssentry trigger`, each removed when dropped: a network namespace
//! joined by a veth pair with a TCP listener in it, a cgroup named as a container runtime names
//! it, an overlayfs mount, a pseudo-terminal). Also the pattern matcher alert texts are checked
//! with.
//!
//! Place in the data flow: these tests drive the whole chain from outside (child processes →
//! kernel → capture → state → evaluation → output → stdout of `syssentry run`).

/// The test-bed fixtures `syssentry trigger` builds, the product's own.
pub use syssentry_cli::fixtures::{ContainerCgroup, Netns, Overlay, Pty};

use std::io::{BufRead, BufReader, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The Python interpreter of the distribution (not a version manager's shim, whose wrapper
/// processes would change the process tree the alerts describe).
pub const PYTHON: &str = "/usr/bin/python3";

pub use crate::privileges::skip_reason;

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
        let mut child = Command::new(crate::paths::syssentry())
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

    /// The alert lines printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
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
