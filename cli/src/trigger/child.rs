//! The child side of `syssentry trigger`: each action runs in a process of its own, started by
//! the trigger as `syssentry trigger --child ACTION ...` (hidden options), so the alerts it causes
//! can be told apart by process lineage. Also the two helpers the fixtures use: the test host's
//! TCP listener and an idle process to attach to.
//!
//! Place in the data flow: outside it. These processes make the system calls capture reports.

use super::catalog::{self, Place};
use super::fixtures::{self, Scratch};
use nix::sched::CloneFlags;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

/// The hidden options a child is started with.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ChildArgs {
    /// Internal: perform one action in this process.
    #[arg(long = "child", value_name = "ACTION", hide = true)]
    pub child: Option<String>,
    /// Internal: the scratch directory the trigger created.
    #[arg(long, value_name = "DIR", hide = true)]
    pub scratch: Option<PathBuf>,
    /// Internal: the test host's address and port.
    #[arg(long, value_name = "IP:PORT", hide = true)]
    pub addr: Option<SocketAddr>,
    /// Internal: `cgroup.procs` of the container-like cgroup.
    #[arg(long, value_name = "PATH", hide = true)]
    pub cgroup: Option<PathBuf>,
    /// Internal: the pseudo-terminal to take as controlling terminal.
    #[arg(long, value_name = "PATH", hide = true)]
    pub tty: Option<PathBuf>,
    /// Internal: the overlay's merged directory.
    #[arg(long, value_name = "DIR", hide = true)]
    pub merged: Option<PathBuf>,
    /// Internal: the file the action works on.
    #[arg(long, value_name = "PATH", hide = true)]
    pub file: Option<PathBuf>,
    /// Internal: the part of a container action that runs inside the cgroup.
    #[arg(long, hide = true)]
    pub payload: bool,
}

/// Why a child could not perform its action.
#[derive(Debug, thiserror::Error)]
pub enum ChildError {
    /// The action is unknown.
    #[error("unknown action {name:?}")]
    Unknown {
        /// The name given.
        name: String,
    },
    /// An option the action needs is missing.
    #[error("--{option} is missing")]
    Missing {
        /// The option.
        option: &'static str,
    },
    /// The directory is not one the trigger created.
    #[error("refusing to act: {} is not a scratch directory created by syssentry trigger", dir.display())]
    NotScratch {
        /// The directory given.
        dir: PathBuf,
    },
    /// A runtime action was asked to run outside the trigger's image.
    #[error("refusing to act: not in a container of the image syssentry trigger made (no {})", super::image::STAMP)]
    NotTriggerImage,
    /// The file is not one the trigger may touch.
    #[error("refusing to act on {}: not a file syssentry trigger created (expected {expected}*)", path.display())]
    NotOurs {
        /// The file given.
        path: PathBuf,
        /// The prefix it must have.
        expected: &'static str,
    },
    /// A file system or socket operation failed.
    #[error("cannot {what} {}: {source}", path.display())]
    Io {
        /// What was attempted.
        what: &'static str,
        /// On what.
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
    /// A program it runs failed.
    #[error("{}: {detail}", program.display())]
    Program {
        /// The program.
        program: PathBuf,
        /// The spawn error or exit status.
        detail: String,
    },
    /// A fixture step failed.
    #[error(transparent)]
    Fixture(#[from] fixtures::FixtureError),
}

fn io(what: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> ChildError {
    let path = path.into();
    move |source| ChildError::Io { what, path, source }
}

fn sys(call: &'static str) -> impl FnOnce(nix::Error) -> ChildError {
    move |source| ChildError::Sys { call, source }
}

/// Runs the child named in `args`; errors go to stderr and make the exit status 1.
pub fn main(args: &ChildArgs) -> ExitCode {
    let name = args.child.as_deref().unwrap_or_default();
    match perform(name, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("syssentry trigger: {name}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn need<'a, T>(v: &'a Option<T>, option: &'static str) -> Result<&'a T, ChildError> {
    v.as_ref().ok_or(ChildError::Missing { option })
}

/// `path` if its name starts with `prefix` (a file the trigger created or owns).
fn ours<'a>(path: &'a Path, prefix: &'static str) -> Result<&'a Path, ChildError> {
    let s = path.to_str().unwrap_or_default();
    if s.starts_with(prefix) && !s.contains("/../") {
        Ok(path)
    } else {
        Err(ChildError::NotOurs { path: path.to_path_buf(), expected: prefix })
    }
}

/// Runs `cmd` to completion; `ok` says which exit codes count as success.
fn run(cmd: &mut Command, ok: &[i32]) -> Result<(), ChildError> {
    let program = PathBuf::from(cmd.get_program());
    let status = cmd.status().map_err(|e| ChildError::Program { program: program.clone(), detail: e.to_string() })?;
    match status.code() {
        Some(c) if ok.contains(&c) => Ok(()),
        _ => Err(ChildError::Program { program, detail: status.to_string() }),
    }
}

fn perform(name: &str, a: &ChildArgs) -> Result<(), ChildError> {
    match name {
        "listen" => return listen(*need(&a.addr, "addr")?),
        "idle" => {
            std::thread::sleep(Duration::from_secs(10));
            return Ok(());
        }
        "runtime-idle" => {
            in_trigger_image()?;
            // The runtime container's first process: idles until the trigger removes it.
            std::thread::sleep(Duration::from_secs(3600));
            return Ok(());
        }
        _ => {}
    }
    let action = catalog::find(name).ok_or_else(|| ChildError::Unknown { name: name.to_string() })?;
    if action.place == Place::Runtime {
        in_trigger_image()?;
        return match name {
            // The shell's start is the action (a terminal, in a container, as the image's user).
            "runtime-terminal-shell" => Ok(()),
            "runtime-first-process" => std::fs::File::open("/etc/shadow").map(drop).map_err(io("open", "/etc/shadow")),
            _ => Err(ChildError::Unknown { name: name.to_string() }),
        };
    }
    let scratch = need(&a.scratch, "scratch")?;
    if !Scratch::is_scratch(scratch) {
        return Err(ChildError::NotScratch { dir: scratch.clone() });
    }
    if action.place == Place::Container && !a.payload {
        return shim(name, a, scratch);
    }
    match name {
        "read-shadow" => drop(std::fs::File::open("/etc/shadow").map_err(io("open", "/etc/shadow"))?),
        "read-traversal" => {
            let p = "/etc/../etc/../etc/passwd";
            drop(std::fs::File::open(p).map_err(io("open", p))?);
        }
        "write-below-etc" => {
            let p = ours(need(&a.file, "file")?, "/etc/syssentry-trigger-")?;
            let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(p).map_err(io("create", p))?;
            let written = f.write_all(b"written by syssentry trigger\n").map_err(io("write", p));
            drop(f);
            std::fs::remove_file(p).map_err(io("remove", p))?;
            written?;
        }
        "search-private-keys" | "search-aws-credentials" => {
            let pattern = if name == "search-private-keys" { "BEGIN PRIVATE" } else { "aws_access_key_id" };
            let grep = fixtures::find_program("grep")?;
            let target = scratch.join("search-target");
            run(Command::new(grep).args(["-s", "-e", pattern]).arg(target).stdout(Stdio::null()), &[0, 1])?;
        }
        "clear-log" => {
            let p = ours(need(&a.file, "file")?, "/var/log/syssentry-trigger-")?;
            drop(std::fs::OpenOptions::new().write(true).truncate(true).open(p).map_err(io("truncate", p))?);
        }
        "symlink-sensitive" => {
            let link = scratch.join("shadow-link");
            std::os::unix::fs::symlink("/etc/shadow", &link).map_err(io("create symbolic link", &link))?;
            std::fs::remove_file(&link).map_err(io("remove", &link))?;
        }
        "hardlink-sensitive" => {
            let link = scratch.join("shadow-hard");
            match std::fs::hard_link("/etc/shadow", &link) {
                Ok(()) => std::fs::remove_file(&link).map_err(io("remove", &link))?,
                // Another file system: the attempt is what the rule sees.
                Err(e) if e.raw_os_error() == Some(nix::errno::Errno::EXDEV as i32) => {}
                Err(e) => return Err(io("create hard link", &link)(e)),
            }
        }
        "ptrace-attach" => {
            let exe = std::env::current_exe().map_err(io("locate", "/proc/self/exe"))?;
            let mut idle = Command::new(&exe)
                .args(["trigger", "--child", "idle"])
                .stdin(Stdio::null())
                .spawn()
                .map_err(|e| ChildError::Program { program: exe.clone(), detail: e.to_string() })?;
            std::thread::sleep(Duration::from_millis(50));
            let attached = nix::sys::ptrace::attach(nix::unistd::Pid::from_raw(idle.id() as i32)).map_err(sys("ptrace(PTRACE_ATTACH)"));
            let _ = idle.kill();
            let _ = idle.wait();
            attached?;
        }
        "ptrace-traceme" => nix::sys::ptrace::traceme().map_err(sys("ptrace(PTRACE_TRACEME)"))?,
        "exec-dev-shm" => {
            let p = ours(need(&a.file, "file")?, "/dev/shm/syssentry-trigger-")?;
            run(&mut Command::new(p), &[0])?;
        }
        "memfd-exec" => memfd_exec(scratch)?,
        "setns" => {
            let f = std::fs::File::open("/proc/self/ns/net").map_err(io("open", "/proc/self/ns/net"))?;
            nix::sched::setns(&f, CloneFlags::CLONE_NEWNET).map_err(sys("setns(CLONE_NEWNET)"))?;
        }
        "unshare" => unprivileged_user_namespace()?,
        "ssh-nonstandard-port" => {
            let addr = *need(&a.addr, "addr")?;
            drop(TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(io("connect to", addr.to_string()))?);
        }
        "container-packet-socket" => {
            use nix::sys::socket::{socket, AddressFamily, SockFlag, SockType};
            drop(socket(AddressFamily::Packet, SockType::Raw, SockFlag::empty(), None).map_err(sys("socket(AF_PACKET)"))?);
        }
        "container-redirect-socket" => {
            let addr = *need(&a.addr, "addr")?;
            let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(io("connect to", addr.to_string()))?;
            nix::unistd::dup2_stdout(&s).map_err(sys("dup2"))?;
        }
        // Container actions that run a program rather than this binary are shims only.
        _ => return Err(ChildError::Unknown { name: name.to_string() }),
    }
    Ok(())
}

/// Runtime children act only at the root of the trigger's own image (where `/etc/shadow` is a
/// decoy), never on a host.
fn in_trigger_image() -> Result<(), ChildError> {
    if Path::new(super::image::STAMP).is_file() {
        Ok(())
    } else {
        Err(ChildError::NotTriggerImage)
    }
}

/// The user (and group) the `unshare` action becomes: nobody.
const NOBODY: u32 = 65534;

/// Runs `unshare --user true` as user nobody (std drops the supplementary groups with the user).
/// A separate program because the kernel refuses CLONE_NEWUSER to a process with several
/// threads, and this one has a signal-handling thread. A host that forbids unprivileged user
/// namespaces refuses (exit status 1): the attempt is what the rule reports, so it counts.
fn unprivileged_user_namespace() -> Result<(), ChildError> {
    use std::os::unix::process::CommandExt;
    let unshare = fixtures::find_program("unshare")?;
    let truth = fixtures::find_program("true")?;
    run(Command::new(unshare).arg("--user").arg(truth).uid(NOBODY).gid(NOBODY).stderr(Stdio::null()), &[0, 1])
}

/// Copies /bin/true into an anonymous memory file and runs it from there.
fn memfd_exec(scratch: &Path) -> Result<(), ChildError> {
    let fd = nix::sys::memfd::memfd_create(c"syssentry-trigger", nix::sys::memfd::MFdFlags::empty())
        .map_err(sys("memfd_create"))?;
    let image = std::fs::read("/bin/true").map_err(io("read", "/bin/true"))?;
    let mut file = std::fs::File::from(fd);
    file.write_all(&image).map_err(io("write", "memfd:syssentry-trigger"))?;
    // Not close-on-exec: the child finds it at the same number.
    let path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&file));
    run(Command::new(path).arg(scratch), &[0])
}

/// The parent of a container action: joins the container-like cgroup, takes the terminal if one
/// is given, then runs the action's program (or this binary with `--payload`) as its child, so
/// that it starts in the cgroup below a process named as containerd's shim.
fn shim(name: &str, a: &ChildArgs, scratch: &Path) -> Result<(), ChildError> {
    fixtures::join_cgroup(need(&a.cgroup, "cgroup")?)?;
    match name {
        "container-terminal-shell" => {
            let tty_path = need(&a.tty, "tty")?;
            nix::unistd::setsid().map_err(sys("setsid"))?;
            // A session leader without a terminal that opens one (without O_NOCTTY) acquires it.
            let tty = std::fs::OpenOptions::new().read(true).write(true).open(tty_path).map_err(io("open", tty_path))?;
            let stdio = |what| tty.try_clone().map(Stdio::from).map_err(io(what, tty_path));
            let bash = fixtures::find_program("bash")?;
            run(
                Command::new(bash).args(["-c", ": syssentry-trigger"]).stdin(stdio("dup")?).stdout(stdio("dup")?).stderr(stdio("dup")?),
                &[0],
            )
        }
        "container-drop-exec" => {
            let merged = need(&a.merged, "merged")?;
            if !merged.starts_with(scratch) {
                return Err(ChildError::NotScratch { dir: merged.clone() });
            }
            let dropped = merged.join("dropped");
            std::fs::copy("/bin/true", &dropped).map_err(io("copy /bin/true to", &dropped))?;
            let result = run(&mut Command::new(&dropped), &[0]);
            let _ = std::fs::remove_file(&dropped);
            result
        }
        _ => {
            let exe = std::env::current_exe().map_err(io("locate", "/proc/self/exe"))?;
            let mut cmd = Command::new(exe);
            cmd.args(["trigger", "--payload", "--child", name]).arg("--scratch").arg(scratch);
            if let Some(addr) = a.addr {
                cmd.arg("--addr").arg(addr.to_string());
            }
            run(cmd.stdout(Stdio::null()), &[0])
        }
    }
}

/// The test host's listener: accepts connections and closes them, until killed.
fn listen(addr: SocketAddr) -> Result<(), ChildError> {
    let l = TcpListener::bind(addr).map_err(io("listen on", addr.to_string()))?;
    println!("listening");
    let _ = std::io::stdout().flush();
    for c in l.incoming() {
        drop(c);
    }
    Ok(())
}
