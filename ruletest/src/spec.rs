//! A parsed rule test file: the rules to load, the containers and processes that exist before
//! the first event, and the cases (events built, expectations with their positions).
//!
//! Place in the data flow: test file → reader → **these types** → seeding and the engine.

use syssentry_engine::event::Event;
use syssentry_engine::rules::yaml::Pos;
use syssentry_engine::rules::Priority;
use syssentry_engine::state::{ContainerInfo, Fd};
use std::path::PathBuf;

/// One test file.
#[derive(Debug, Clone)]
pub struct TestFile {
    /// The file, as given to the reader.
    pub path: PathBuf,
    /// Rule files and directories to load for cases that name none of their own, in order,
    /// resolved against the file's directory (empty when the file has no `rules:` key; every
    /// case then has its own).
    pub rules: Vec<PathBuf>,
    /// Where the `rules:` key is (the file's start when it has none).
    pub rules_pos: Pos,
    /// Containers and processes every case starts with.
    pub seed: Seed,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// Containers and processes that exist before a case's first event.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    /// Containers, by the name cases refer to them with.
    pub containers: Vec<ContainerSeed>,
    /// Processes (their main threads), parents before children.
    pub processes: Vec<ProcessSeed>,
    /// The host's interface addresses (`host_ips:`; loopback always counts), which decide the
    /// local and remote side of host sockets (`fd.lip`, `fd.lport`, ...).
    pub host_ips: Vec<std::net::IpAddr>,
}

/// A container's runtime metadata.
#[derive(Debug, Clone)]
pub struct ContainerSeed {
    /// The name processes refer to (the key under `containers:`).
    pub key: String,
    /// The metadata (id, name, image, labels, ...).
    pub info: ContainerInfo,
}

/// A process running before the first event, as if read from `/proc` at start.
#[derive(Debug, Clone)]
pub struct ProcessSeed {
    /// Process id (also its main thread's id).
    pub pid: i64,
    /// Parent pid.
    pub ppid: i64,
    /// The executable's resolved path (`proc.exepath`).
    pub exe: String,
    /// argv, `args[0]` included (`proc.exe` is `args[0]`).
    pub args: Vec<String>,
    /// `proc.name` (default: the basename of `exe`, cut to 15 bytes).
    pub comm: String,
    /// Environment, `NAME=value` strings.
    pub env: Vec<String>,
    /// Container id (`""` = host).
    pub container_id: String,
    /// User id.
    pub uid: u32,
    /// Group id.
    pub gid: u32,
    /// Login uid (`u32::MAX` = none).
    pub loginuid: u32,
    /// Controlling terminal (0 = none).
    pub tty: u32,
    /// Working directory (with a trailing `/`, as the state keeps it).
    pub cwd: String,
    /// Executable flags (`ppm::exe::*`).
    pub exe_flags: u32,
    /// Open file descriptors.
    pub fds: Vec<(i64, Fd)>,
    /// Where the entry is.
    pub pos: Pos,
}

/// One case: its own additional seed, the events, the expected alerts.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// Where the case starts.
    pub pos: Pos,
    /// Containers and processes added to the file's for this case.
    pub seed: Seed,
    /// The events, in order.
    pub events: Vec<TestEvent>,
    /// The alerts expected, in order (empty: no alert at all).
    pub expect: Vec<Expected>,
    /// The rules this case loads instead of the file's (`rules:` of the case), resolved
    /// against the file's directory, and where that key is.
    pub rules: Option<(Vec<PathBuf>, Pos)>,
    /// Rules this case is a near miss for (`near_miss:`): each must be loaded and enabled, and
    /// must not fire.
    pub near_miss: Vec<(String, Pos)>,
}

impl Case {
    /// The rules the case runs against: its own, else the file's.
    pub fn rules<'a>(&'a self, file: &'a TestFile) -> (&'a [PathBuf], Pos) {
        match &self.rules {
            Some((r, pos)) => (r, *pos),
            None => (&file.rules, file.rules_pos),
        }
    }
}

/// One event of a case.
#[derive(Debug, Clone)]
pub struct TestEvent {
    /// Where the event is written.
    pub pos: Pos,
    /// The event (its timestamp is assigned when the case runs).
    pub event: Event,
    /// An explicit time (`time:`), nanoseconds since the epoch.
    pub time: Option<u64>,
    /// The working directory the process has when the event happens (`cwd:` of `execve`).
    pub cwd: Option<String>,
    /// A socket the process is assumed to have opened before (an event that uses a socket fd
    /// the process does not have): fd number and what it is.
    pub implicit_socket: Option<(i64, Fd)>,
}

/// One expected alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Where the expectation is written.
    pub pos: Pos,
    /// The rule's name.
    pub rule: String,
    /// The rule's priority, when given.
    pub priority: Option<Priority>,
    /// Substrings the output line must contain.
    pub output_contains: Vec<String>,
}
