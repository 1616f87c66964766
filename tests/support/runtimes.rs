//! Real container runtimes for the tests, each a private instance started by the test and
//! stopped when dropped: a Docker daemon on its own socket and data root (no bridge network, no
//! iptables), podman on its own storage with its Docker-compatible service on its own socket,
//! containerd (with its CRI plugin) on its own socket, root and state. No image can be pulled
//! here: images are made from a busybox rootfs (Debian's `busybox-static`) and named as real
//! ones are (`nginx:1.27`, `docker.io/library/nginx:1.27`, the sandbox image
//! `registry.k8s.io/pause:3.6`).
//!
//! A private image registry (Debian's `docker-registry`) on a loopback port gives pushed images
//! their repository digests, as a registry does.
//!
//! `scripts/setup` installs `docker.io`, `containerd`, `podman`, `docker-registry` and
//! `busybox-static`.

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
        let child = Dockerd::spawn(&dir, &socket);
        let d = Dockerd { child, dir, socket };
        d.wait_up();
        d
    }

    /// The daemon process on `dir`'s data, with live restore (containers keep running while it
    /// is down).
    fn spawn(dir: &Path, socket: &Path) -> Child {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("dockerd.log")).unwrap();
        Command::new("dockerd")
            .args(["--bridge=none", "--iptables=false", "--ip-masq=false", "--ip6tables=false", "--live-restore"])
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
            .expect("dockerd is installed (scripts/setup installs docker.io)")
    }

    fn wait_up(&self) {
        let up = wait_until(Duration::from_secs(30), || self.socket.exists() && self.cmd(&["version"]).status.success());
        assert!(up, "dockerd did not answer: {}", std::fs::read_to_string(self.dir.join("dockerd.log")).unwrap_or_default());
    }

    /// Stops the daemon (its containers run on: live restore) and starts it again on the same
    /// data and socket after `down`; returns once it answers.
    pub fn restart(&mut self, down: Duration) {
        // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let _ = self.child.wait();
        std::thread::sleep(down);
        self.child = Dockerd::spawn(&self.dir, &self.socket);
        self.wait_up();
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

    /// Removes every container, then stops the daemon (SIGTERM) and waits for it.
    pub fn stop(&mut self) {
        self.cmd(&["ps", "-aq"]).stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).for_each(|id| {
            let _ = self.cmd(&["rm", "-f", "-v", &String::from_utf8_lossy(id)]);
        });
        // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        if !wait_until(Duration::from_secs(20), || matches!(self.child.try_wait(), Ok(Some(_)))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
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
            self.stop();
        }
        kill_processes_naming(&self.dir);
        // The processes of containers whose shim is gone (a daemon stopped mid-test).
        let ids: Vec<String> = std::fs::read_dir(self.dir.join("data/containers"))
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        kill_processes_in_cgroups(&ids);
        unmount_below(&self.dir);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Kills every process whose cgroups name one of `ids`.
fn kill_processes_in_cgroups(ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    let Ok(procs) = std::fs::read_dir("/proc") else { return };
    for p in procs.flatten() {
        let Some(pid) = p.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else { continue };
        let cgroups = std::fs::read_to_string(p.path().join("cgroup")).unwrap_or_default();
        if ids.iter().any(|id| cgroups.contains(id.as_str())) {
            // SAFETY: kill(2) with a pid read from /proc; at worst the process is gone already.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
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

/// The sandbox image the private containerd is configured with (a busybox that sleeps).
pub const SANDBOX_IMAGE: &str = "registry.k8s.io/pause:3.6";

/// A Docker image archive (`docker save` format) of the busybox rootfs named `name`, running
/// `cmd` by default: made with podman on throwaway storage below `dir` (no daemon).
pub fn image_archive(dir: &Path, name: &str, cmd: &[&str]) -> PathBuf {
    let tar = busybox_rootfs_tar(dir);
    // Short: podman refuses a run root of more than 50 characters.
    static BUILDS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let storage = std::env::temp_dir().join(format!("ssib-{}-{n}", std::process::id()));
    let podman = |args: &[&str]| {
        let mut c = Command::new("podman");
        c.arg("--root").arg(storage.join("root")).arg("--runroot").arg(storage.join("run"));
        c.args(["--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file"]).args(args);
        run_ok(&mut c);
    };
    let change = format!("CMD {}", serde_json::to_string(cmd).unwrap());
    podman(&["import", "--change", &change, &tar.to_string_lossy(), name]);
    let out = dir.join(format!("{}.tar", name.replace(['/', ':'], "_")));
    let _ = std::fs::remove_file(&out);
    podman(&["save", "--format", "docker-archive", "-o", &out.to_string_lossy(), name]);
    let _ = std::fs::remove_dir_all(&storage);
    out
}

/// A private containerd with its CRI plugin: its own socket, root, state and runc root below a
/// fresh directory, the sandbox image [`SANDBOX_IMAGE`], no CNI (pods use the host network), and
/// oom_score_adj left as the daemon's own (this machine refuses lowering it).
pub struct Containerd {
    child: Child,
    dir: PathBuf,
    /// Its socket (its own API and the CRI).
    pub socket: PathBuf,
}

impl Containerd {
    /// Starts the daemon and waits until it answers; the sandbox image is imported.
    pub fn start(tag: &str) -> Containerd {
        let dir = std::env::temp_dir().join(format!("syssentry-containerd-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("logs")).unwrap();
        let socket = dir.join("containerd.sock");
        let d = dir.display();
        let config = format!(
            r#"version = 2
root = "{d}/root"
state = "{d}/state"
[grpc]
  address = "{d}/containerd.sock"
[ttrpc]
  address = "{d}/containerd.sock.ttrpc"
[debug]
  address = "{d}/debug.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "{SANDBOX_IMAGE}"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "{d}/cni/bin"
    conf_dir = "{d}/cni/conf"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    Root = "{d}/runc"
"#
        );
        std::fs::write(dir.join("config.toml"), config).unwrap();
        kubepods_made_here();
        let log = std::fs::File::create(dir.join("containerd.log")).unwrap();
        let child = Command::new("containerd")
            .arg("--config")
            .arg(dir.join("config.toml"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("containerd is installed (scripts/setup installs containerd)");
        let c = Containerd { child, dir, socket };
        let up = wait_until(Duration::from_secs(30), || c.socket.exists() && c.ctr("default", &["version"]).status.success());
        assert!(up, "containerd did not answer: {}", std::fs::read_to_string(c.dir.join("containerd.log")).unwrap_or_default());
        c.import("k8s.io", SANDBOX_IMAGE, &["/bin/sleep", "2147483647"]);
        c
    }

    /// `ctr -n NAMESPACE ARGS` against this daemon (whatever its outcome).
    pub fn ctr(&self, namespace: &str, args: &[&str]) -> Output {
        Command::new("ctr")
            .arg("--address")
            .arg(&self.socket)
            .args(["--namespace", namespace])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("ctr is installed with containerd")
    }

    /// `ctr -n NAMESPACE ARGS`, which must succeed; its stdout, trimmed.
    pub fn ok(&self, namespace: &str, args: &[&str]) -> String {
        let out = self.ctr(namespace, args);
        assert!(out.status.success(), "ctr {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Imports the busybox rootfs as image `name` (running `cmd`) into `namespace`.
    pub fn import(&self, namespace: &str, name: &str, cmd: &[&str]) {
        let archive = image_archive(&self.dir, name, cmd);
        self.ok(namespace, &["images", "import", &archive.to_string_lossy()]);
    }

    /// The daemon's directory (root, state, socket, logs).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `ctr run -d OPTIONS IMAGE ID COMMAND` in `namespace`, its runc state kept below the
    /// daemon's directory.
    pub fn run(&self, namespace: &str, options: &[&str], image: &str, id: &str, command: &[&str]) {
        let runc_root = self.dir.join("runc").display().to_string();
        let mut args = vec!["run", "-d", "--runc-root", &runc_root];
        args.extend(options);
        args.extend([image, id]);
        args.extend(command);
        self.ok(namespace, &args);
    }

    /// Kills and deletes every task and container of every namespace.
    fn remove_all(&self) {
        let lines = |o: Output| String::from_utf8_lossy(&o.stdout).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect::<Vec<_>>();
        for ns in lines(self.ctr("default", &["namespaces", "list", "-q"])) {
            for task in lines(self.ctr(&ns, &["tasks", "list", "-q"])) {
                let _ = self.ctr(&ns, &["tasks", "kill", "--signal", "SIGKILL", &task]);
            }
            std::thread::sleep(Duration::from_millis(200));
            for task in lines(self.ctr(&ns, &["tasks", "list", "-q"])) {
                let _ = self.ctr(&ns, &["tasks", "delete", "--force", &task]);
            }
            for c in lines(self.ctr(&ns, &["containers", "list", "-q"])) {
                let _ = self.ctr(&ns, &["containers", "delete", &c]);
            }
        }
    }
}

impl Drop for Containerd {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.remove_all();
            // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
            if !wait_until(Duration::from_secs(10), || matches!(self.child.try_wait(), Ok(Some(_)))) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
        kill_processes_naming(&self.dir);
        unmount_below(&self.dir);
        let _ = std::fs::remove_dir_all(&self.dir);
        // runc leaves the pods' cgroups; the last daemon gone removes those this process made
        // (a removal fails harmlessly while another daemon's pods are still in them).
        for parent in kubepods_made_here() {
            remove_empty_cgroups(parent);
        }
    }
}

/// Removes the cgroup `dir` and those below it, deepest first; one with processes stays.
fn remove_empty_cgroups(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_cgroups(&e.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

/// The `kubepods` cgroups (one per hierarchy) that did not exist when this test process first
/// started containerd: the pods' cgroup parent, which runc creates and never removes.
fn kubepods_made_here() -> &'static [PathBuf] {
    static MADE: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();
    MADE.get_or_init(|| {
        let Ok(hierarchies) = std::fs::read_dir("/sys/fs/cgroup") else { return Vec::new() };
        let mut v: Vec<PathBuf> = hierarchies.flatten().map(|h| h.path().join("kubepods")).filter(|k| !k.exists()).collect();
        if Path::new("/sys/fs/cgroup/cgroup.procs").exists() && !Path::new("/sys/fs/cgroup/kubepods").exists() {
            v.push(PathBuf::from("/sys/fs/cgroup/kubepods"));
        }
        v
    })
}

/// Unmounts (lazily) everything mounted below `dir`, deepest first.
fn unmount_below(dir: &Path) {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let prefix = dir.to_string_lossy().into_owned();
    let mut points: Vec<&str> = mounts.lines().filter_map(|l| l.split(' ').nth(1)).filter(|p| p.starts_with(&prefix)).collect();
    points.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in points {
        let _ = Command::new("umount").arg("-l").arg(p).stderr(Stdio::null()).status();
    }
}

/// A private image registry on a loopback port (Docker pushes to loopback registries over plain
/// HTTP), its storage in a fresh directory.
pub struct Registry {
    child: Child,
    dir: PathBuf,
    /// `127.0.0.1:PORT`, the prefix of image names pushed to it.
    pub host: String,
}

impl Registry {
    /// Starts the registry and waits until it answers.
    pub fn start(tag: &str) -> Registry {
        let dir = std::env::temp_dir().join(format!("syssentry-registry-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("storage")).unwrap();
        // A free port: bound, then released for the registry.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let host = format!("127.0.0.1:{port}");
        let config = format!(
            "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: {host}\n",
            dir.join("storage").display()
        );
        std::fs::write(dir.join("config.yml"), config).unwrap();
        let log = std::fs::File::create(dir.join("registry.log")).unwrap();
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(dir.join("config.yml"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("docker-registry is installed (scripts/setup installs it)");
        let r = Registry { child, dir, host };
        let up = wait_until(Duration::from_secs(20), || std::net::TcpStream::connect(&r.host).is_ok());
        assert!(up, "the registry did not listen: {}", std::fs::read_to_string(r.dir.join("registry.log")).unwrap_or_default());
        r
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
