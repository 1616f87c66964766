//! The Docker Engine API (Docker, and podman's compatible service), read-only: at each
//! connection the running containers are listed and inspected, then the event stream is
//! followed — a container that starts or is renamed is inspected again, one that is destroyed
//! is removed. A daemon that is absent, restarts or stops answering never blocks anything: the
//! engine runs on a thread of its own, says what went wrong once per episode, and connects
//! again with backoff (the list at reconnection catches up what it missed).
//!
//! Place in the data flow: container runtime → **engine** → channel → the container side
//! service → state.

use crate::engines::config::EngineKind;
use crate::engines::inspect::{container_info, event_info};
use crate::engines::update::{ContainerDescription, ContainerUpdate};
use crate::failure::Backoff;
use crate::log::{Level, Log};
use bollard::query_parameters::{EventsOptions, ListContainersOptions};
use bollard::{Docker, API_DEFAULT_VERSION};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

/// Seconds one API request may take before it counts as a failure.
const REQUEST_TIMEOUT_SECS: u64 = 10;
/// How often a waiting engine looks at its stop flag.
const STOP_CHECK: Duration = Duration::from_millis(200);

/// Why a session with the daemon ended.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The daemon refused or failed a request.
    #[error("{what} on {socket}: {source}")]
    Api {
        /// What was asked.
        what: &'static str,
        /// The socket.
        socket: PathBuf,
        /// The client's error.
        #[source]
        source: Box<bollard::errors::Error>,
    },
    /// The event stream ended (the daemon stopped or restarted).
    #[error("the event stream of {socket} ended")]
    StreamEnded {
        /// The socket.
        socket: PathBuf,
    },
    /// The engine's own runtime could not start.
    #[error("cannot start the engine's I/O runtime: {source}")]
    Runtime {
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Counters an engine keeps (read by the side service for stats).
#[derive(Debug, Default)]
pub struct EngineCounters {
    /// Containers inspected.
    pub inspected: AtomicU64,
    /// Sessions that ended in an error (connection refused, daemon restarted, ...).
    pub failures: AtomicU64,
}

/// A Docker-API engine thread.
#[derive(Debug)]
pub struct DockerApiEngine {
    /// Docker or podman.
    pub kind: EngineKind,
    /// Its API socket.
    pub socket: PathBuf,
    /// The host's root (`/`, or where the host is mounted), to read a container's own files
    /// through `proc/<pid>/root`.
    pub host_root: PathBuf,
}

impl DockerApiEngine {
    /// Starts the engine on a thread of its own, sending updates to `tx` until `stop` is set or
    /// the receiver is gone. `None` (after one info line) when the socket does not exist: the
    /// runtime does not run on this host.
    pub fn spawn(
        self,
        tx: Sender<ContainerUpdate>,
        stop: Arc<AtomicBool>,
        counters: Arc<EngineCounters>,
        log: Arc<dyn Log>,
    ) -> Option<std::thread::JoinHandle<()>> {
        let name = self.kind.name();
        if !self.socket.exists() {
            log.log(Level::Info, &format!("{name}: no API socket at {}; {name} container metadata is off", self.socket.display()));
            return None;
        }
        std::thread::Builder::new()
            .name(format!("syssentry-{name}"))
            .spawn(move || self.run(&tx, &stop, &counters, &*log))
            .ok()
    }

    fn run(&self, tx: &Sender<ContainerUpdate>, stop: &AtomicBool, counters: &EngineCounters, log: &dyn Log) {
        let name = self.kind.name();
        let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(source) => {
                log.log(Level::Error, &format!("{name}: {}", EngineError::Runtime { source }));
                return;
            }
        };
        let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));
        let mut failing = false;
        while !stop.load(Ordering::Relaxed) {
            let result = rt.block_on(self.session(tx, stop, counters, log, &mut failing));
            if !failing {
                // This session connected: after it, the waits start over.
                backoff.reset();
            }
            let Err(e) = result else { return };
            counters.failures.fetch_add(1, Ordering::Relaxed);
            let wait = backoff.next_wait();
            if !failing {
                // Once per episode: the next line comes when it answers again.
                log.log(
                    Level::Warn,
                    &format!("{name}: {e}; container metadata from {name} is stale until it answers again (retrying with backoff)"),
                );
                failing = true;
            }
            if !sleep_unless_stopped(wait, stop) {
                return;
            }
        }
    }

    /// One connection: list and inspect what runs, then follow events until an error or the
    /// stop. `Ok` only when stopped (or the receiver is gone).
    async fn session(
        &self,
        tx: &Sender<ContainerUpdate>,
        stop: &AtomicBool,
        counters: &EngineCounters,
        log: &dyn Log,
        failing: &mut bool,
    ) -> Result<(), EngineError> {
        let api = |what: &'static str| {
            let socket = self.socket.clone();
            move |e: bollard::errors::Error| EngineError::Api { what, socket, source: Box::new(e) }
        };
        let path = self.socket.to_string_lossy();
        let docker = Docker::connect_with_unix(&path, REQUEST_TIMEOUT_SECS, API_DEFAULT_VERSION)
            .map_err(api("connecting"))?
            .negotiate_version()
            .await
            .map_err(api("negotiating the API version"))?;
        // Events from a second before the listing on: one that happens while the list is read
        // is replayed rather than missed (seeing a container twice is harmless).
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs().saturating_sub(1));
        let filters: HashMap<String, Vec<String>> = HashMap::from([("type".to_string(), vec!["container".to_string()])]);
        let mut events =
            docker.events(Some(EventsOptions { since: Some(since.to_string()), filters: Some(filters), ..Default::default() }));
        let running = docker.list_containers(None::<ListContainersOptions>).await.map_err(api("listing containers"))?;
        let mut known = 0;
        for c in running {
            let Some(id) = c.id else { continue };
            // A container gone since the list is simply not found; a daemon that stopped
            // answering fails the event stream below.
            if let Ok(true) = self.inspect(&docker, &id, tx, counters).await {
                known += 1;
            }
        }
        let name = self.kind.name();
        log.log(
            Level::Info,
            &format!(
                "{name}: {} {known} running containers from {}",
                if *failing { "answering again;" } else { "connected;" },
                self.socket.display()
            ),
        );
        *failing = false;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            let next = match tokio::time::timeout(STOP_CHECK, events.next()).await {
                Err(_) => continue,
                Ok(next) => next,
            };
            let ev = match next {
                None => return Err(EngineError::StreamEnded { socket: self.socket.clone() }),
                Some(Err(e)) => return Err(api("reading events")(e)),
                Some(Ok(ev)) => ev,
            };
            let Some(actor) = ev.actor else { continue };
            let Some(id) = actor.id.clone() else { continue };
            match ev.action.as_deref().unwrap_or_default() {
                // `create` comes before the container's first process runs: inspecting then
                // usually has the metadata in the state before that process's first event.
                "create" | "start" | "rename" | "update" => {
                    let found = self.inspect(&docker, &id, tx, counters).await.unwrap_or(false);
                    if !found {
                        // Gone already (a short `--rm` container): what the event says of it.
                        let attrs = actor.attributes.unwrap_or_default();
                        if let Some(info) = event_info(&id, &attrs, self.kind.name()) {
                            let d = ContainerDescription { info, ..ContainerDescription::default() };
                            if tx.send(ContainerUpdate::Upsert(Box::new(d))).is_err() {
                                return Ok(());
                            }
                        }
                    }
                }
                "destroy" if id.len() >= 12 => {
                    if tx.send(ContainerUpdate::Remove(id[..12].to_string())).is_err() {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    /// Inspects one container and sends its metadata; whether it was sent.
    async fn inspect(
        &self,
        docker: &Docker,
        id: &str,
        tx: &Sender<ContainerUpdate>,
        counters: &EngineCounters,
    ) -> Result<bool, bollard::errors::Error> {
        let c = docker.inspect_container(id, None).await?;
        counters.inspected.fetch_add(1, Ordering::Relaxed);
        let Some(info) = container_info(&c, self.kind.name()) else { return Ok(false) };
        // The container's own users and groups, through its init process's root.
        let pid = c.state.as_ref().and_then(|s| s.pid).filter(|p| *p > 0);
        let read = |file: &str| pid.and_then(|p| read_bounded(&self.host_root.join(format!("proc/{p}/root/etc/{file}"))));
        let d = ContainerDescription { passwd: read("passwd"), group: read("group"), info };
        Ok(tx.send(ContainerUpdate::Upsert(Box::new(d))).is_ok())
    }
}

/// Bytes of a container's `/etc/passwd` or `/etc/group` read at most.
const MAX_ID_FILE: u64 = 1 << 20;

/// A small text file, at most [`MAX_ID_FILE`] bytes; `None` when it cannot be read.
fn read_bounded(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path).ok()?.take(MAX_ID_FILE).read_to_string(&mut text).ok()?;
    Some(text)
}

/// Sleeps `wait`, looking at `stop` meanwhile; `false` when stopped.
fn sleep_unless_stopped(wait: Duration, stop: &AtomicBool) -> bool {
    let mut left = wait;
    while !left.is_zero() {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let nap = left.min(STOP_CHECK);
        std::thread::sleep(nap);
        left -= nap;
    }
    !stop.load(Ordering::Relaxed)
}
