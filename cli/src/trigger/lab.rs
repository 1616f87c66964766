//! The parent side of `syssentry trigger`: the test-bed the chosen actions need (scratch
//! directory, files the actions work on, network namespace and listener, container-like cgroup,
//! overlay, pseudo-terminal, a real runtime's container), built before anything runs and torn
//! down when dropped, and the starting of each action's child process with a bounded wait.
//!
//! Place in the data flow: outside it. Children started here make the system calls capture
//! reports.

use super::catalog::{Action, Place, TEST_HOST_PORT};
use super::expect::{InContainer, Performed};
use super::fixtures::{self, ContainerCgroup, FixtureError, Listener, Netns, Overlay, Pty, Scratch, PREFIX};
use super::runtime::{Runtime, RuntimeError};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use syssentry_sensor::engines::config::EngineConfig;
use syssentry_sensor::engines::inspect::split_image;
use std::time::{Duration, Instant};

/// How long one action's child may run before it is killed.
const CHILD_LIMIT: Duration = Duration::from_secs(20);

/// The container runtime of the runtime actions, or why they cannot run.
#[derive(Debug)]
enum RuntimeSlot {
    /// Its image imported and its idling container started.
    Ready(Box<Mutex<Runtime>>),
    /// No Docker or podman socket: the actions are not run.
    Unavailable(String),
    /// The runtime failed: the actions could not be performed.
    Broken(String),
}

/// Everything the actions need; dropping it removes all of it (fields drop in this order:
/// processes first, mounts and the cgroup next, the scratch directory and outside files last).
#[derive(Debug)]
pub struct Lab {
    /// The runtime's containers (removed first), when a runtime action was chosen.
    runtime: Option<RuntimeSlot>,
    listener: Option<Listener>,
    netns: Option<Netns>,
    overlay: Option<Overlay>,
    pty: Option<Pty>,
    cgroup: Option<ContainerCgroup>,
    scratch: Scratch,
    exe: PathBuf,
    tag: u32,
}

impl Lab {
    /// Builds what `actions` need. `exe` is this program (children are started from it);
    /// `engines` says where the container runtime for the runtime actions is.
    pub fn prepare(actions: &[&Action], exe: PathBuf, engines: &EngineConfig) -> Result<Lab, FixtureError> {
        let tag = std::process::id();
        let mut lab = Lab {
            runtime: None,
            listener: None,
            netns: None,
            overlay: None,
            pty: None,
            cgroup: None,
            scratch: Scratch::create(tag)?,
            exe,
            tag,
        };
        let dir = lab.scratch.dir.clone();
        let write = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).map_err(|source| FixtureError::Io { what: "write", path: p, source })
        };
        write("search-target", "nothing secret here\n")?;
        // Children named as the programs some rules look for: links to this program.
        for name in ["containerd-shim", "ssh"] {
            let link = dir.join(name);
            std::os::unix::fs::symlink(&lab.exe, &link)
                .map_err(|source| FixtureError::Io { what: "create symbolic link", path: link, source })?;
        }
        let has = |n: &str| actions.iter().any(|a| a.name == n);
        if has("clear-log") {
            let log = lab.log_file();
            lab.scratch.register(log.clone());
            std::fs::write(&log, "a line the trigger wrote\n")
                .map_err(|source| FixtureError::Io { what: "write", path: log, source })?;
        }
        if has("exec-dev-shm") {
            let exe = lab.shm_file();
            lab.scratch.register(exe.clone());
            std::fs::copy("/bin/true", &exe).map_err(|source| FixtureError::Io { what: "copy /bin/true to", path: exe, source })?;
        }
        if has("write-below-etc") {
            lab.scratch.register(lab.etc_file());
        }
        if actions.iter().any(|a| a.needs_netns) {
            let ns = lab.netns.insert(Netns::create(tag)?);
            lab.listener = Some(ns.listen(&lab.exe, TEST_HOST_PORT)?);
        }
        if actions.iter().any(|a| a.place == Place::Container) {
            lab.cgroup = Some(ContainerCgroup::create(tag)?);
        }
        if has("container-drop-exec") {
            lab.overlay = Some(Overlay::mount(&dir.join("overlay"))?);
        }
        if has("container-terminal-shell") {
            lab.pty = Some(Pty::open()?);
        }
        if actions.iter().any(|a| a.place == Place::Runtime) {
            // A runtime that is absent or fails leaves these actions unperformed, not the others.
            lab.runtime = Some(match Runtime::start(engines, &lab.exe, tag) {
                Ok(rt) => RuntimeSlot::Ready(Box::new(Mutex::new(rt))),
                Err(e @ RuntimeError::Unavailable { .. }) => RuntimeSlot::Unavailable(e.to_string()),
                Err(e) => RuntimeSlot::Broken(e.to_string()),
            });
        }
        Ok(lab)
    }

    fn log_file(&self) -> PathBuf {
        PathBuf::from(format!("/var/log/{PREFIX}{}.log", self.tag))
    }

    fn shm_file(&self) -> PathBuf {
        PathBuf::from(format!("/dev/shm/{PREFIX}{}", self.tag))
    }

    fn etc_file(&self) -> PathBuf {
        PathBuf::from(format!("/etc/{PREFIX}{}", self.tag))
    }

    /// What was built, for the start line: the scratch directory, the test host, the container
    /// id, the terminal.
    pub fn describe(&self) -> String {
        let mut s = format!("scratch directory {}", self.scratch.dir.display());
        if let Some(ns) = &self.netns {
            s.push_str(&format!(", test host {} (namespace {})", ns.ns_ip, ns.name));
        }
        if let Some(cg) = &self.cgroup {
            s.push_str(&format!(", container id {}", cg.short_id()));
        }
        if let Some(p) = &self.pty {
            s.push_str(&format!(", terminal {} (tty {})", p.path.display(), p.tty_nr));
        }
        if let Some(RuntimeSlot::Ready(rt)) = &self.runtime {
            let rt = rt.lock().unwrap_or_else(|e| e.into_inner());
            s.push_str(&format!(", {} container {} of image {} ({})", rt.kind.name(), rt.name, rt.image, rt.socket.display()));
        }
        s
    }

    /// Performs a runtime action: a command in the idling container, or a new container's first
    /// process; what its alerts must then say.
    fn perform_in_runtime(&self, action: &Action) -> Performed {
        let rt = match &self.runtime {
            Some(RuntimeSlot::Ready(rt)) => rt,
            Some(RuntimeSlot::Unavailable(why)) => return Performed::Unavailable { why: why.clone() },
            Some(RuntimeSlot::Broken(why)) => return Performed::Failed { why: why.clone() },
            None => return Performed::Failed { why: "no container runtime was set up".into() },
        };
        let mut rt = rt.lock().unwrap_or_else(|e| e.into_inner());
        let child = ["trigger", "--child", action.name];
        // (whether it runs as the user only the image knows, and how it went)
        let (as_image_user, ran) = match action.name {
            "runtime-terminal-shell" => {
                let cmd = [&["/bin/sh"][..], &child[..]].concat();
                (true, rt.exec_tty(&super::image::USER.1.to_string(), &cmd, CHILD_LIMIT))
            }
            "runtime-first-process" => {
                let cmd = [&["/bin/cat"][..], &child[..]].concat();
                (false, rt.run_once("first", &cmd, CHILD_LIMIT))
            }
            other => return Performed::Failed { why: format!("unknown runtime action {other}") },
        };
        let ran = match ran {
            Ok(r) => r,
            Err(e) => return Performed::Failed { why: e.to_string() },
        };
        match ran.exit_code {
            Some(0) => {}
            Some(c) => return Performed::Failed { why: format!("its process in container {} exited with {c}", ran.container) },
            None => {
                return Performed::Failed {
                    why: format!("its process in container {} did not finish within {} s", ran.container, CHILD_LIMIT.as_secs()),
                }
            }
        }
        let (name, image) = match rt.names_of(&ran.container) {
            Ok(n) => n,
            Err(e) => return Performed::Failed { why: e.to_string() },
        };
        // The sensor's own reading of an image reference.
        let (repository, tag, _) = split_image(&image);
        let mut want =
            vec![("container.name", name), ("container.image.repository", repository), ("container.image.tag", tag)];
        if as_image_user {
            want.push(("user.name", super::image::USER.0.to_string()));
        }
        Performed::InContainer(InContainer { id: ran.container, want })
    }

    /// The command that performs `action` in a child process.
    pub fn command(&self, action: &Action) -> Command {
        let program = match (action.place, action.name) {
            (Place::Container, _) => self.scratch.dir.join("containerd-shim"),
            (_, "ssh-nonstandard-port") => self.scratch.dir.join("ssh"),
            _ => self.exe.clone(),
        };
        let mut cmd = Command::new(program);
        cmd.args(["trigger", "--child", action.name]).arg("--scratch").arg(&self.scratch.dir);
        cmd.current_dir(&self.scratch.dir).stdin(Stdio::null()).stdout(Stdio::null());
        if let Some(ns) = &self.netns {
            cmd.arg("--addr").arg(format!("{}:{TEST_HOST_PORT}", ns.ns_ip));
        }
        if let Some(cg) = &self.cgroup {
            cmd.arg("--cgroup").arg(cg.procs());
        }
        if let Some(pty) = &self.pty {
            cmd.arg("--tty").arg(&pty.path);
        }
        if let Some(ov) = &self.overlay {
            cmd.arg("--merged").arg(&ov.merged);
        }
        let file = match action.name {
            "clear-log" => Some(self.log_file()),
            "exec-dev-shm" => Some(self.shm_file()),
            "write-below-etc" => Some(self.etc_file()),
            _ => None,
        };
        if let Some(f) = file {
            cmd.arg("--file").arg(f);
        }
        cmd
    }

    /// Performs `action` in a child and waits for it (killed after 20 s). `on_start` gets the
    /// child's pid as soon as it exists.
    pub fn perform(&self, action: &Action, on_start: &mut dyn FnMut(i64)) -> Performed {
        if action.place == Place::Runtime {
            return self.perform_in_runtime(action);
        }
        let mut cmd = self.command(action);
        let mut child = match cmd.stderr(Stdio::piped()).spawn() {
            Ok(c) => c,
            Err(e) => return Performed::Failed { why: format!("cannot start {:?}: {e}", cmd.get_program()) },
        };
        let pid = i64::from(child.id());
        on_start(pid);
        let until = Instant::now() + CHILD_LIMIT;
        let status = loop {
            match child.try_wait() {
                Ok(Some(st)) => break Ok(st),
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(5)),
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(format!("did not finish within {} s; killed", CHILD_LIMIT.as_secs()));
                }
                Err(e) => break Err(format!("cannot wait for the child: {e}")),
            }
        };
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
        }
        match status {
            Ok(st) if st.success() => Performed::Ran { pid },
            Ok(st) => Performed::Failed { why: stderr_or(&stderr, &st.to_string()) },
            Err(why) => Performed::Failed { why },
        }
    }

    /// Performs `actions` in order until `stop` is set; the rest are skipped.
    pub fn perform_all(&self, actions: &[&Action], stop: &AtomicBool, mut each: impl FnMut(usize, &Performed)) -> Vec<Performed> {
        let mut out = Vec::with_capacity(actions.len());
        for (i, a) in actions.iter().enumerate() {
            let p = if stop.load(Ordering::Relaxed) { Performed::Skipped } else { self.perform(a, &mut |_| {}) };
            each(i, &p);
            out.push(p);
        }
        out
    }
}

fn stderr_or(stderr: &str, status: &str) -> String {
    let s = stderr.trim();
    let s = s.strip_prefix("syssentry trigger: ").unwrap_or(s);
    if s.is_empty() {
        format!("the child exited with {status}")
    } else {
        s.lines().last().unwrap_or(s).to_string()
    }
}

/// The path of a program the fixtures need, for the messages of a refusal.
pub fn required_programs(actions: &[&Action]) -> Vec<&'static str> {
    let mut v = Vec::new();
    if actions.iter().any(|a| a.needs_netns) {
        v.push("ip");
    }
    if actions.iter().any(|a| a.name.starts_with("search-")) {
        v.push("grep");
    }
    if actions.iter().any(|a| a.name == "container-terminal-shell") {
        v.push("bash");
    }
    if actions.iter().any(|a| a.name == "unshare") {
        v.extend(["unshare", "true"]);
    }
    v.retain(|p| fixtures::find_program(p).is_err());
    v
}
