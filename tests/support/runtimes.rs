//! Real container runtimes for the tests, each a private instance started by the test and
//! stopped when dropped: a Docker daemon on its own socket and data root (no bridge network, no
//! iptables), podman on its own storage with its Docker-compatible service on its own socket.
//! No image can be pulled here: images are made from a busybox rootfs (Debian's
//! `busybox-static`) and named as real ones are (`nginx:1.27`).
//!
//! `scripts/setup` installs `docker.io`, `podman` and `busybox-static`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs a command to completion; a failure is a test failure with its stderr.
fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A directory with `bin/busybox` and its applets, `/etc/passwd` and `/etc/group` (with a user
/// that exists only in the image, `appuser` 1234), packed as a tarball for `import`.
pub fn busybox_rootfs_tar(dir: &Path) -> PathBuf {
    let root = dir.join("rootfs");
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("tmp")).unwrap();
    let busybox = ["/usr/bin/busybox", "/bin/busybox"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("busybox is installed (scripts/setup installs busybox-static)");
    std::fs::copy(busybox, root.join("bin/busybox")).unwrap();
    for applet in ["sh", "ls", "cat", "sleep", "nc", "id", "echo"] {
        let link = root.join("bin").join(applet);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("busybox", link).unwrap();
    }
    std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nappuser:x:1234:1234::/tmp:/bin/sh\n").unwrap();
    std::fs::write(root.join("etc/group"), "root:x:0:\napp:x:1234:\n").unwrap();
    std::fs::write(root.join("etc/shadow"), "root:*:19000:0:99999:7:::\n").unwrap();
    let tar = dir.join("rootfs.tar");
    run_ok(Command::new("tar").arg("-C").arg(&root).arg("-cf").arg(&tar).arg("."));
    tar
}

/// Waits until `ok` holds (at most `limit`).
fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    ok()
}

/// A private Docker daemon.
pub struct Dockerd {
    child: Child,
    dir: PathBuf,
    /// Its API socket.
    pub socket: PathBuf,
}

impl Dockerd {
    /// Starts a daemon on a socket of its own (under a fresh directory for `tag`), with no
    /// bridge network and no iptables rules, and waits until it answers.
    pub fn start(tag: &str) -> Dockerd {
        let dir = std::env::temp_dir().join(format!("syssentry-dockerd-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let socket = dir.join("docker.sock");
        let log = std::fs::File::create(dir.join("dockerd.log")).unwrap();
        let child = Command::new("dockerd")
            .args(["--bridge=none", "--iptables=false", "--ip-masq=false", "--ip6tables=false"])
            .arg("-H")
            .arg(format!("unix://{}", socket.display()))
            .arg("--data-root")
            .arg(dir.join("data"))
            .arg("--exec-root")
            .arg(dir.join("exec"))
            .arg("--pidfile")
            .arg(dir.join("dockerd.pid"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("dockerd is installed (scripts/setup installs docker.io)");
        let d = Dockerd { child, dir, socket };
        let up = wait_until(Duration::from_secs(30), || {
            d.socket.exists() && d.cmd(&["version"]).status.success()
        });
        assert!(up, "dockerd did not answer: {}", std::fs::read_to_string(d.dir.join("dockerd.log")).unwrap_or_default());
        d
    }

    /// `docker ARGS` against this daemon (whatever its outcome).
    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::new("docker")
            .arg("-H")
            .arg(format!("unix://{}", self.socket.display()))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the docker client is installed")
    }

    /// `docker ARGS`, which must succeed; its stdout, trimmed.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args);
        assert!(out.status.success(), "docker {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Imports the busybox rootfs as image `name` (e.g. `nginx:1.27`).
    pub fn import(&self, name: &str) {
        let tar = busybox_rootfs_tar(&self.dir);
        self.ok(&["import", &tar.to_string_lossy(), name]);
    }

    /// Stops the daemon (SIGTERM) and waits for it.
    pub fn stop(&mut self) {
        let _ = self.cmd(&["rm", "-f", "-v", "web1", "web2", "late", "probe"]);
        // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The daemon's directory (data root, exec root, socket).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Kills every process whose command line names `dir` (the container shims a daemon stopped in
/// the middle of a test can leave behind).
fn kill_processes_naming(dir: &Path) {
    let needle = dir.to_string_lossy().into_owned();
    let Ok(procs) = std::fs::read_dir("/proc") else { return };
    for p in procs.flatten() {
        let Some(pid) = p.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else { continue };
        let cmdline = std::fs::read(p.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains(&needle) && pid != std::process::id() as i32 {
            // SAFETY: kill(2) with a pid read from /proc; at worst the process is gone already.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

impl Drop for Dockerd {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.cmd(&["ps", "-aq"]).stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).for_each(|id| {
                let _ = self.cmd(&["rm", "-f", &String::from_utf8_lossy(id)]);
            });
            self.stop();
        }
        kill_processes_naming(&self.dir);
        let _ = Command::new("umount").arg("-R").arg(self.dir.join("data")).stderr(Stdio::null()).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `podman` over the storage below `dir` (cgroupfs, file events: there is no systemd here).
fn podman(dir: &Path) -> Command {
    let mut c = Command::new("podman");
    c.arg("--root")
        .arg(dir.join("root"))
        .arg("--runroot")
        .arg(dir.join("run"))
        .args(["--cgroup-manager", "cgroupfs", "--events-backend", "file"]);
    c
}

/// Podman on storage of its own, with its Docker-compatible API service on a socket of its own.
pub struct Podman {
    service: Child,
    dir: PathBuf,
    /// The API socket.
    pub socket: PathBuf,
}

impl Podman {
    /// Starts the API service (`podman system service`) over private storage and waits until
    /// the socket answers.
    pub fn start(tag: &str) -> Podman {
        let dir = std::env::temp_dir().join(format!("syssentry-podman-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let socket = dir.join("podman.sock");
        let log = std::fs::File::create(dir.join("podman.log")).unwrap();
        let service = podman(&dir)
            .args(["system", "service", "--time=0"])
            .arg(format!("unix://{}", socket.display()))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("podman is installed (scripts/setup installs podman)");
        let p = Podman { service, dir, socket };
        let up = wait_until(Duration::from_secs(30), || p.socket.exists());
        assert!(up, "podman's service did not start: {}", std::fs::read_to_string(p.dir.join("podman.log")).unwrap_or_default());
        p
    }

    fn command(&self) -> Command {
        podman(&self.dir)
    }

    /// `podman ARGS` over this storage, which must succeed; its stdout, trimmed.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = run_ok(self.command().args(args));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Imports the busybox rootfs as image `name`.
    pub fn import(&self, name: &str) {
        let tar = busybox_rootfs_tar(&self.dir);
        self.ok(&["import", &tar.to_string_lossy(), name]);
    }
}

impl Drop for Podman {
    fn drop(&mut self) {
        let _ = self.command().args(["rm", "-a", "-f", "-t", "0"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
        let _ = self.service.kill();
        let _ = self.service.wait();
        kill_processes_naming(&self.dir);
        let _ = self.command().args(["system", "reset", "--force"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
        let _ = Command::new("umount").arg("-R").arg(self.dir.join("root")).stderr(Stdio::null()).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
