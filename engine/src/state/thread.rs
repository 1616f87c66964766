//! Threads and their process image: what `proc.*`, `thread.*` and `user.*` read.
//!
//! Place in the data flow: event → **state** (updated by clone/execve/setuid/... before rules
//! run) → fields. Strings derived from several inputs (`proc.cmdline`, capability names) are
//! computed when the thread changes, never per event.

use std::sync::Arc;

use super::fd_table::FdTable;
use syssentry_event::names::write_caps;

/// The executable image of a process: set by `execve`, shared between a parent and its
/// children until they exec themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ProcImage {
    /// `argv[0]` as passed (`proc.exe`).
    pub exe: String,
    /// Kernel-resolved executable path (`proc.exepath`).
    pub exepath: String,
    /// Command name, the kernel's `comm` (`proc.name`).
    pub comm: String,
    /// Arguments after `argv[0]`.
    pub args: Vec<String>,
    /// Environment as `NAME=value` strings, shared between the images of a process's
    /// descendants (an exec without a new environment keeps the caller's). Empty when the loaded
    /// rules read no environment field ([`StateConfig::keep_env`](super::StateConfig::keep_env)).
    pub env: Arc<[String]>,
    /// Arguments joined by single spaces (`proc.args`).
    pub args_joined: String,
    /// `comm` + arguments (`proc.cmdline`).
    pub cmdline: String,
    /// `exe`, a space, then the arguments (`proc.exeline`; the space is there even without
    /// arguments, as in libsinsp).
    pub exeline: String,
}

impl ProcImage {
    /// Builds an image and its derived strings. `env` is a `Vec<String>` or an already shared
    /// environment.
    pub fn new(
        exe: &str,
        exepath: &str,
        comm: &str,
        args: Vec<String>,
        env: impl Into<Arc<[String]>>,
    ) -> Self {
        let mut img = ProcImage {
            exe: exe.to_owned(),
            exepath: exepath.to_owned(),
            comm: comm.to_owned(),
            args,
            env: env.into(),
            ..ProcImage::default()
        };
        img.refresh();
        img
    }

    /// Recomputes the derived strings after `exe`, `comm` or `args` changed.
    pub fn refresh(&mut self) {
        self.args_joined = self.args.join(" ");
        self.cmdline.clear();
        self.cmdline.push_str(&self.comm);
        self.exeline.clear();
        self.exeline.push_str(&self.exe);
        self.exeline.push(' ');
        self.exeline.push_str(&self.args_joined);
        for a in &self.args {
            self.cmdline.push(' ');
            self.cmdline.push_str(a);
        }
    }

    /// The value of environment variable `name`, if set.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env.iter().find_map(|kv| {
            kv.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
        })
    }
}

/// Capability sets of a thread with their printable names precomputed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caps {
    /// Inheritable set.
    pub inheritable: u64,
    /// Permitted set.
    pub permitted: u64,
    /// Effective set.
    pub effective: u64,
    /// Names of the inheritable set.
    pub inheritable_text: String,
    /// Names of the permitted set.
    pub permitted_text: String,
    /// Names of the effective set.
    pub effective_text: String,
}

impl Caps {
    /// Capability sets with their texts.
    pub fn new(inheritable: u64, permitted: u64, effective: u64) -> Self {
        let mut c = Caps {
            inheritable,
            permitted,
            effective,
            ..Caps::default()
        };
        write_caps(inheritable, &mut c.inheritable_text);
        write_caps(permitted, &mut c.permitted_text);
        write_caps(effective, &mut c.effective_text);
        c
    }
}

/// One thread (libsinsp `threadinfo`). Process-wide data (fd table, working directory) is
/// authoritative on the main thread (`tid == pid`).
#[derive(Debug, Clone)]
pub struct Thread {
    /// Thread id.
    pub tid: i64,
    /// Process id (thread group id), -1 when unknown.
    pub pid: i64,
    /// Parent thread id, -1 when unknown, 0 when orphaned without a reaper.
    pub ptid: i64,
    /// Session id.
    pub sid: i64,
    /// Process group id in the host namespace.
    pub pgid: i64,
    /// Process group id in the process's pid namespace.
    pub vpgid: i64,
    /// Thread id in its pid namespace.
    pub vtid: i64,
    /// Process id in its pid namespace.
    pub vpid: i64,
    /// Executable image.
    pub image: Arc<ProcImage>,
    /// Working directory with a trailing `/` (main thread).
    pub cwd: String,
    /// Effective user id.
    pub uid: u32,
    /// Effective group id.
    pub gid: u32,
    /// Audit login uid (`u32::MAX` = unset).
    pub loginuid: u32,
    /// Controlling terminal, 0 when none.
    pub tty: u32,
    /// Capability sets.
    pub caps: Arc<Caps>,
    /// Executable flags (`ppm::exe::*`).
    pub exe_flags: u32,
    /// Executable inode.
    pub exe_ino: u64,
    /// Executable inode ctime.
    pub exe_ino_ctime: u64,
    /// Executable inode mtime.
    pub exe_ino_mtime: u64,
    /// Clone time minus executable ctime, 0 when unknown.
    pub exe_ino_ctime_duration_clone_ts: u64,
    /// Executable ctime minus pid-namespace start, 0 when unknown.
    pub exe_ino_ctime_duration_pidns_start: u64,
    /// Creation time (ns since epoch), 0 when unknown.
    pub clone_ts: u64,
    /// Time of the last successful exec.
    pub lastexec_ts: u64,
    /// Start time of the pid namespace's init.
    pub pidns_init_start_ts: u64,
    /// Cgroups as `subsystem=path`.
    pub cgroups: Arc<Vec<String>>,
    /// Container id (12 characters), empty on the host.
    pub container_id: Arc<str>,
    /// fd limit.
    pub fdlimit: i64,
    /// Clone flags the thread was created with (`ppm::clone::*`).
    pub clone_flags: u32,
    /// Placeholder created for a thread seen before its creation (`proc.name = <NA>`).
    pub invalid: bool,
    /// The thread has exited but is kept because other threads of its process live.
    pub dead: bool,
    /// The process is a child subreaper / namespace init.
    pub reaper: bool,
    /// Tids of the children (may contain stale entries).
    pub children: Vec<i64>,
    /// The fd table (used on the main thread).
    pub fds: FdTable,
}

impl Thread {
    /// A thread with the given ids and empty everything else.
    pub fn new(tid: i64, pid: i64, ptid: i64) -> Thread {
        Thread {
            tid,
            pid,
            ptid,
            sid: 0,
            pgid: -1,
            vpgid: 0,
            vtid: tid,
            vpid: pid,
            image: Arc::new(ProcImage::default()),
            cwd: "/".to_owned(),
            uid: 0,
            gid: 0,
            loginuid: u32::MAX,
            tty: 0,
            caps: Arc::new(Caps::default()),
            exe_flags: 0,
            exe_ino: 0,
            exe_ino_ctime: 0,
            exe_ino_mtime: 0,
            exe_ino_ctime_duration_clone_ts: 0,
            exe_ino_ctime_duration_pidns_start: 0,
            clone_ts: 0,
            lastexec_ts: 0,
            pidns_init_start_ts: 0,
            cgroups: Arc::new(Vec::new()),
            container_id: Arc::from(""),
            fdlimit: 0,
            clone_flags: 0,
            invalid: false,
            dead: false,
            reaper: tid == 1,
            children: Vec::new(),
            fds: FdTable::default(),
        }
    }

    /// The placeholder libsinsp creates for an unknown thread: name and exe `<NA>`, unknown
    /// ids and users.
    pub fn placeholder(tid: i64) -> Thread {
        let mut t = Thread::new(tid, -1, -1);
        t.image = Arc::new(ProcImage::new("<NA>", "", "<NA>", Vec::new(), Vec::new()));
        t.uid = u32::MAX;
        t.gid = u32::MAX;
        t.loginuid = u32::MAX;
        t.vtid = tid;
        t.vpid = -1;
        t.invalid = true;
        t
    }

    /// Whether this is the main thread of its process.
    pub fn is_main(&self) -> bool {
        self.tid == self.pid
    }

    /// Whether the thread lives in a pid namespace other than the host's.
    pub fn in_pid_namespace(&self) -> bool {
        self.vtid != self.tid && self.vtid >= 0
    }
}
