//! The life of one engine thread, the same for every runtime: it starts only when the runtime's
//! socket exists (else one info line and the engine is off), runs sessions on a single-threaded
//! I/O runtime of its own, and when a session fails (runtime absent, restarted, hung or
//! answering garbage) counts the failure, warns once per episode with the socket and the cause,
//! and connects again with backoff — at once when the runtime has made its socket again (it
//! restarted). Nothing here ever blocks capture or evaluation: updates go
//! over a channel the container side service reads between batches.
//!
//! Place in the data flow: container runtime → **engine thread** → channel → the container side
//! service → state.

use crate::engines::config::{is_api_socket, socket_identity, EngineKind};
use crate::engines::error::EngineError;
use crate::engines::update::ContainerUpdate;
use crate::failure::Backoff;
use crate::log::{Level, Log};
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

/// How often a waiting engine looks at its stop flag.
pub const STOP_CHECK: Duration = Duration::from_millis(200);
/// How long one request to a runtime may take before it counts as a failure.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Counters the engines keep (read by the side service for stats).
#[derive(Debug, Default)]
pub struct EngineCounters {
    /// Sessions that ended in an error (connection refused, daemon restarted, ...).
    pub failures: AtomicU64,
}

/// One runtime's API, read-only.
pub trait Engine: Send + 'static {
    /// Which runtime.
    fn kind(&self) -> EngineKind;

    /// Its API socket.
    fn socket(&self) -> &Path;

    /// One connection: learn what runs, say so with [`Link::connected`], then follow the
    /// runtime until an error or the stop. `Ok` only when stopped (or the receiver is gone).
    fn session(&self, link: &mut Link<'_>) -> impl Future<Output = Result<(), EngineError>>;
}

/// What a session reaches: the channel to the side service, the stop flag, the counters, the log.
pub struct Link<'a> {
    tx: &'a Sender<ContainerUpdate>,
    stop: &'a AtomicBool,
    /// The engines' counters.
    pub counters: &'a EngineCounters,
    log: &'a dyn Log,
    name: &'static str,
    failing: bool,
    closed: std::cell::Cell<bool>,
}

impl Link<'_> {
    /// Sends an update; `false` when the side service is gone (then [`Link::stopped`] says so
    /// too, and the session should end).
    pub fn send(&self, update: ContainerUpdate) -> bool {
        let sent = self.tx.send(update).is_ok();
        if !sent {
            self.closed.set(true);
        }
        sent
    }

    /// Whether the engine was asked to stop, or the side service is gone.
    pub fn stopped(&self) -> bool {
        self.closed.get() || self.stop.load(Ordering::Relaxed)
    }

    /// Says the session is up, with how many running containers it described: "connected", or
    /// "answering again" after a failed episode (which this ends).
    pub fn connected(&mut self, known: usize, socket: &Path) {
        let name = self.name;
        let how = if self.failing { "answering again;" } else { "connected;" };
        self.log.log(Level::Info, &format!("{name}: {how} {known} running containers from {}", socket.display()));
        self.failing = false;
    }

    /// Logs one line, prefixed with the engine's name.
    pub fn log(&self, level: Level, message: &str) {
        self.log.log(level, &format!("{}: {message}", self.name));
    }
}

/// Starts `engine` on a thread of its own, sending updates to `tx` until `stop` is set or the
/// receiver is gone. `None` (after one info line) when there is no socket at its path: the
/// runtime does not run on this host.
pub fn spawn<E: Engine>(
    engine: E,
    tx: Sender<ContainerUpdate>,
    stop: Arc<AtomicBool>,
    counters: Arc<EngineCounters>,
    log: Arc<dyn Log>,
) -> Option<std::thread::JoinHandle<()>> {
    let name = engine.kind().name();
    // (A directory in its place is what a container runtime leaves when a pod mounts the
    // socket's path from a host that has none.)
    if !is_api_socket(engine.socket()) {
        log.log(
            Level::Info,
            &format!("{name}: no API socket at {}; {name} container metadata is off", engine.socket().display()),
        );
        return None;
    }
    std::thread::Builder::new()
        .name(format!("syssentry-{name}"))
        .spawn(move || run(&engine, &tx, &stop, &counters, &*log))
        .ok()
}

fn run<E: Engine>(engine: &E, tx: &Sender<ContainerUpdate>, stop: &AtomicBool, counters: &EngineCounters, log: &dyn Log) {
    let name = engine.kind().name();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(source) => {
            log.log(Level::Error, &format!("{name}: {}", EngineError::Runtime { source }));
            return;
        }
    };
    let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));
    let mut link = Link { tx, stop, counters, log, name, failing: false, closed: std::cell::Cell::new(false) };
    while !link.stopped() {
        let result = rt.block_on(engine.session(&mut link));
        if !link.failing {
            // This session connected: after it, the waits start over.
            backoff.reset();
        }
        let Err(e) = result else { return };
        // The socket as it is now: a runtime that starts again makes a new one.
        let socket_then = socket_identity(engine.socket());
        counters.failures.fetch_add(1, Ordering::Relaxed);
        let wait = backoff.next_wait();
        if !link.failing {
            // Once per episode: the next line comes when it answers again.
            log.log(
                Level::Warn,
                &format!("{name}: {e}; container metadata from {name} is stale until it answers again (retrying with backoff)"),
            );
            link.failing = true;
        }
        let restarted = || socket_identity(engine.socket()).is_some_and(|now| Some(now) != socket_then);
        if !sleep_unless_stopped(wait, stop, restarted) {
            return;
        }
    }
}

/// Sleeps `wait`, looking at `stop` meanwhile; `false` when stopped. Ends early when `woken`
/// says so (the runtime made its socket again: it has restarted, so the next session need not
/// wait out the backoff and miss the containers started meanwhile).
fn sleep_unless_stopped(wait: Duration, stop: &AtomicBool, woken: impl Fn() -> bool) -> bool {
    let mut left = wait;
    while !left.is_zero() {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        if woken() {
            return true;
        }
        let nap = left.min(STOP_CHECK);
        std::thread::sleep(nap);
        left -= nap;
    }
    !stop.load(Ordering::Relaxed)
}
