//! The test-bed `syssentry trigger` (and the kernel end-to-end tests, which include this file)
//! builds so its actions look like what rules exist to catch, each piece removed when dropped:
//! a scratch directory, a network namespace joined to the host by a veth pair (addresses of the
//! documentation range 198.51.100.0/24) with a TCP listener in it, a cgroup named as containerd's
//! CRI plugin names a container's, an overlayfs mount and a pseudo-terminal.
//!
//! Place in the data flow: outside it. These fixtures shape the processes, files and sockets the
//! kernel reports to capture; nothing here reads events.

use std::io::{BufRead, BufReader};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Name prefix of everything the trigger creates (scratch directory, namespace, files).
pub const PREFIX: &str = "syssentry-trigger-";
/// The file that marks a directory as a scratch directory the trigger created.
pub const STAMP: &str = ".syssentry-trigger";

/// Why a fixture could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    /// A program the fixture runs is not installed.
    #[error("{name} is not installed (looked in /usr/sbin, /usr/bin, /sbin, /bin); install it (iproute2 provides ip, util-linux mount)")]
    MissingProgram {
        /// The program.
        name: String,
    },
    /// A set-up command failed.
    #[error("`{command}` failed: {detail}")]
    Command {
        /// The command line.
        command: String,
        /// Its stderr or the spawn error.
        detail: String,
    },
    /// A file system operation failed.
    #[error("cannot {what} {path}: {source}")]
    Io {
        /// What was attempted.
        what: &'static str,
        /// On which path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A system call failed.
    #[error("{call} failed: {source}")]
    Sys {
        /// The call.
        call: &'static str,
        /// The error number.
        source: nix::Error,
    },
    /// No cgroup v2 hierarchy is mounted.
    #[error("no cgroup v2 hierarchy at /sys/fs/cgroup/unified or /sys/fs/cgroup")]
    NoCgroup2,
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> FixtureError + 'a {
    move |source| FixtureError::Io { what, path: path.to_path_buf(), source }
}

/// A program looked up in the system directories (never `$PATH`, which a user may have changed).
pub fn find_program(name: &str) -> Result<PathBuf, FixtureError> {
    ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
        .ok_or_else(|| FixtureError::MissingProgram { name: name.to_string() })
}

/// Runs a set-up command to completion; a non-zero exit is an error carrying its stderr.
pub fn run_command(cmd: &mut Command) -> Result<(), FixtureError> {
    let command = format!("{cmd:?}").replace('"', "");
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| FixtureError::Command { command: command.clone(), detail: e.to_string() })?;
    if out.status.success() {
        Ok(())
    } else {
        let detail = format!("{}: {}", out.status, String::from_utf8_lossy(&out.stderr).trim());
        Err(FixtureError::Command { command, detail })
    }
}

/// A directory of the trigger's own below the temporary directory, stamped so the trigger's
/// children can tell it from any other directory. Removed, with the files registered outside it,
/// when dropped.
#[derive(Debug)]
pub struct Scratch {
    /// The directory.
    pub dir: PathBuf,
    outside: Vec<PathBuf>,
}

impl Scratch {
    /// Creates `<tmp>/syssentry-trigger-<tag>` (it must not exist yet) with its stamp.
    pub fn create(tag: u32) -> Result<Scratch, FixtureError> {
        let dir = std::env::temp_dir().join(format!("{PREFIX}{tag}"));
        std::fs::create_dir(&dir).map_err(io("create directory", &dir))?;
        let scratch = Scratch { dir, outside: Vec::new() };
        let stamp = scratch.dir.join(STAMP);
        std::fs::write(&stamp, tag.to_string()).map_err(io("write", &stamp))?;
        Ok(scratch)
    }

    /// Registers a file outside the directory for removal on drop.
    pub fn register(&mut self, path: PathBuf) {
        self.outside.push(path);
    }

    /// Whether `dir` is a scratch directory the trigger created: directly below the temporary
    /// directory, named with the prefix, holding the stamp.
    pub fn is_scratch(dir: &Path) -> bool {
        let tmp = std::fs::canonicalize(std::env::temp_dir()).ok();
        let canon = std::fs::canonicalize(dir).ok();
        match (tmp, canon) {
            (Some(tmp), Some(d)) => {
                d.parent() == Some(tmp.as_path())
                    && d.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(PREFIX))
                    && d.join(STAMP).is_file()
            }
            _ => false,
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for f in &self.outside {
            let _ = std::fs::remove_file(f);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A network namespace joined to the host by a veth pair: the host side gets `host_ip`, the
/// namespace side `ns_ip` (a /30 of the documentation range 198.51.100.0/24, which is routed
/// nowhere). Removed on drop.
#[derive(Debug)]
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
    /// Creates the namespace and the link, both up; `tag` picks the names and the /30.
    pub fn create(tag: u32) -> Result<Netns, FixtureError> {
        let ip = find_program("ip")?;
        let block = (tag % 63 + 1) * 4;
        let ns = Netns {
            name: format!("{PREFIX}{tag}"),
            host_if: format!("sseh{}", tag % 1_000_000),
            host_ip: format!("198.51.100.{}", block + 1),
            ns_ip: format!("198.51.100.{}", block + 2),
        };
        let peer = format!("ssen{}", tag % 1_000_000);
        run_command(Command::new(&ip).args(["netns", "add", &ns.name]))?;
        // From here on, dropping `ns` removes what exists.
        run_command(Command::new(&ip).args(["link", "add", &ns.host_if, "type", "veth", "peer", "name", &peer]))?;
        run_command(Command::new(&ip).args(["link", "set", &peer, "netns", &ns.name]))?;
        run_command(Command::new(&ip).args(["addr", "add", &format!("{}/30", ns.host_ip), "dev", &ns.host_if]))?;
        run_command(Command::new(&ip).args(["link", "set", &ns.host_if, "up"]))?;
        let inside = |args: &[&str]| run_command(Command::new(&ip).args(["netns", "exec", &ns.name, "ip"]).args(args));
        inside(&["addr", "add", &format!("{}/30", ns.ns_ip), "dev", &peer])?;
        inside(&["link", "set", &peer, "up"])?;
        inside(&["link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// Starts `exe trigger --child listen --addr <ns_ip>:<port>` inside the namespace (a TCP
    /// listener that accepts and closes connections) and returns once it listens.
    pub fn listen(&self, exe: &Path, port: u16) -> Result<Listener, FixtureError> {
        let addr = format!("{}:{port}", self.ns_ip);
        let mut cmd = Command::new(find_program("ip")?);
        cmd.args(["netns", "exec", &self.name]).arg(exe).args(["trigger", "--child", "listen", "--addr", &addr]);
        let command = format!("{cmd:?}").replace('"', "");
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| FixtureError::Command { command: command.clone(), detail: e.to_string() })?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let listener = Listener { child };
        if line.trim() != "listening" {
            return Err(FixtureError::Command { command, detail: format!("no listener: {line:?}") });
        }
        Ok(listener)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        if let Ok(ip) = find_program("ip") {
            let _ = Command::new(&ip).args(["link", "del", &self.host_if]).stderr(Stdio::null()).status();
            let _ = Command::new(&ip).args(["netns", "del", &self.name]).stderr(Stdio::null()).status();
        }
    }
}

/// A listener process; killed on drop.
#[derive(Debug)]
pub struct Listener {
    child: Child,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A cgroup of the v2 hierarchy named as containerd's CRI plugin names a container's:
/// `kubepods/besteffort/pod<uid>/cri-containerd-<64 hex>.scope`. The directories this created
/// are removed on drop (once the processes in it are gone).
#[derive(Debug)]
pub struct ContainerCgroup {
    /// The 64-hex container id.
    pub id: String,
    /// The cgroup directory.
    pub dir: PathBuf,
    created: Vec<PathBuf>,
}

impl ContainerCgroup {
    /// Creates it under the cgroup v2 mount (`/sys/fs/cgroup/unified` or `/sys/fs/cgroup`).
    pub fn create(tag: u32) -> Result<ContainerCgroup, FixtureError> {
        let root = ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"]
            .iter()
            .map(Path::new)
            .find(|p| p.join("cgroup.procs").exists() && p.join("cgroup.controllers").exists())
            .ok_or(FixtureError::NoCgroup2)?;
        let id = format!("{:016x}", u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15)).repeat(4);
        let rel = PathBuf::from(format!("kubepods/besteffort/pod-{PREFIX}{tag}/cri-containerd-{id}.scope"));
        let mut cg = ContainerCgroup { id, dir: root.to_path_buf(), created: Vec::new() };
        for c in rel.components() {
            cg.dir.push(c);
            if !cg.dir.exists() {
                std::fs::create_dir(&cg.dir).map_err(io("create cgroup", &cg.dir))?;
                cg.created.push(cg.dir.clone());
            }
        }
        Ok(cg)
    }

    /// The short id `container.id` shows.
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    /// The `cgroup.procs` file a process writes `0` to in order to join.
    pub fn procs(&self) -> PathBuf {
        self.dir.join("cgroup.procs")
    }
}

impl Drop for ContainerCgroup {
    fn drop(&mut self) {
        for d in self.created.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// Moves the calling process into the cgroup whose `cgroup.procs` is `procs`.
pub fn join_cgroup(procs: &Path) -> Result<(), FixtureError> {
    std::fs::write(procs, "0").map_err(io("join cgroup through", procs))
}

/// An overlayfs mount (lower, upper, work, merged below `base`), the layout of a container's
/// root: files written to `merged` land in the upper layer. Unmounted on drop.
#[derive(Debug)]
pub struct Overlay {
    /// The merged directory.
    pub merged: PathBuf,
}

impl Overlay {
    /// Mounts it.
    pub fn mount(base: &Path) -> Result<Overlay, FixtureError> {
        let mut dirs = Vec::new();
        for n in ["lower", "upper", "work", "merged"] {
            let p = base.join(n);
            std::fs::create_dir_all(&p).map_err(io("create directory", &p))?;
            dirs.push(p);
        }
        let opts = format!("lowerdir={},upperdir={},workdir={}", dirs[0].display(), dirs[1].display(), dirs[2].display());
        nix::mount::mount(Some("overlay"), &dirs[3], Some("overlay"), nix::mount::MsFlags::empty(), Some(opts.as_str()))
            .map_err(|source| FixtureError::Sys { call: "mount(overlay)", source })?;
        Ok(Overlay { merged: dirs[3].clone() })
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        let _ = nix::mount::umount2(&self.merged, nix::mount::MntFlags::MNT_DETACH);
    }
}

/// A pseudo-terminal pair; both ends stay open as long as it lives, so the terminal outlives
/// the processes that use it.
#[derive(Debug)]
pub struct Pty {
    /// The controlling side.
    #[allow(dead_code)] // held open; the end-to-end tests read it
    pub master: OwnedFd,
    /// The terminal side.
    #[allow(dead_code)] // held open; the end-to-end tests hand it to children
    pub slave: OwnedFd,
    /// The terminal side's device path (`/dev/pts/N`).
    pub path: PathBuf,
    /// The terminal's device number in `tty_nr` encoding (what `proc.tty` shows).
    pub tty_nr: u64,
}

impl Pty {
    /// Opens one.
    pub fn open() -> Result<Pty, FixtureError> {
        let p = nix::pty::openpty(None, None).map_err(|source| FixtureError::Sys { call: "openpty", source })?;
        let link = PathBuf::from(format!("/proc/self/fd/{}", p.slave.as_raw_fd()));
        let path = std::fs::read_link(&link).map_err(io("read link", &link))?;
        let meta = std::fs::metadata(&path).map_err(io("stat", &path))?;
        let rdev = std::os::unix::fs::MetadataExt::rdev(&meta);
        Ok(Pty { master: p.master, slave: p.slave, path, tty_nr: tty_nr(rdev) })
    }
}

/// A device number (`st_rdev`, glibc's encoding) in the kernel's `tty_nr` encoding.
pub fn tty_nr(rdev: u64) -> u64 {
    let major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & !0xfff);
    let minor = (rdev & 0xff) | ((rdev >> 12) & !0xff);
    (minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)
}
