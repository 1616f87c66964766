//! Container metadata as a side service: the configured engines ([`crate::engines`]) run on
//! threads of their own and send updates over a channel; between batches this service puts them
//! into the state's container table, where `container.*` and `k8s.*` read them.
//!
//! Place in the data flow: container runtimes → engines → **this service** → state (between
//! batches) → evaluation and output.
//!
//! A destroyed container's metadata stays for [`REMOVAL_GRACE`], so that the last events of its
//! processes, and events that waited for its metadata, still name it.

use crate::engines::config::{EngineConfig, EngineKind};
use crate::engines::containerd_api::ContainerdEngine;
use crate::engines::cri_api::CriEngine;
use crate::engines::docker_api::DockerApiEngine;
use crate::engines::runner::{self, EngineCounters};
use crate::engines::update::ContainerUpdate;
use crate::log::Log;
use crate::service::SideService;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};
use syssentry_engine::state::State;

/// How long a destroyed container's metadata stays: its last events (the exit of its processes,
/// events held until its metadata came) may still be evaluated after the runtime reports it gone.
pub const REMOVAL_GRACE: Duration = Duration::from_secs(5);

/// The running engines and the channel their updates arrive on. Dropping it asks the engine
/// threads to end (they notice within 200 ms; they are not waited for).
#[derive(Debug)]
pub struct ContainerService {
    updates: Receiver<ContainerUpdate>,
    stop: Arc<AtomicBool>,
    counters: Arc<EngineCounters>,
    /// Destroyed containers and when their grace ends.
    leaving: VecDeque<(Instant, String)>,
    /// Containers known from a full description (a partial one does not replace it).
    full: HashSet<String>,
}

impl ContainerService {
    /// Starts every configured engine whose socket exists; `None` when none does (each absent
    /// one said so in one info line).
    pub fn start(cfg: &EngineConfig, log: Arc<dyn Log>) -> Option<ContainerService> {
        let (tx, updates) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let counters = Arc::new(EngineCounters::default());
        let mut started = 0;
        for &kind in &cfg.engines {
            let (socket, host_root) = (cfg.socket(kind), cfg.host_root.clone());
            let (tx, stop, counters, log) = (tx.clone(), stop.clone(), counters.clone(), log.clone());
            let thread = match kind {
                EngineKind::Docker | EngineKind::Podman => {
                    runner::spawn(DockerApiEngine { kind, socket, host_root }, tx, stop, counters, log)
                }
                EngineKind::Containerd => runner::spawn(ContainerdEngine { socket, host_root }, tx, stop, counters, log),
                EngineKind::Cri => runner::spawn(CriEngine { socket, host_root }, tx, stop, counters, log),
            };
            if thread.is_some() {
                started += 1;
            }
        }
        (started > 0).then_some(ContainerService { updates, stop, counters, leaving: VecDeque::new(), full: HashSet::new() })
    }

    /// The engines' counters.
    pub fn counters(&self) -> &EngineCounters {
        &self.counters
    }
}

impl Drop for ContainerService {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl SideService for ContainerService {
    fn name(&self) -> &'static str {
        "containers"
    }

    fn describes_containers(&self) -> bool {
        true
    }

    fn failures(&self) -> u64 {
        self.counters.failures.load(Ordering::Relaxed)
    }

    fn apply(&mut self, state: &mut State) -> u64 {
        let now = Instant::now();
        let mut n = 0;
        for u in self.updates.try_iter() {
            match u {
                ContainerUpdate::Upsert(d) => {
                    let d = *d;
                    if d.partial && self.full.contains(&d.info.id) {
                        continue;
                    }
                    if !d.partial {
                        self.full.insert(d.info.id.clone());
                    }
                    self.leaving.retain(|(_, id)| *id != d.info.id);
                    // `user.name` and `group.name` of its processes come from its own files.
                    if let Some(text) = &d.passwd {
                        state.users.load_passwd(&d.info.id, text);
                    }
                    if let Some(text) = &d.group {
                        state.groups.load_group(&d.info.id, text);
                    }
                    state.containers.insert(d.info);
                }
                ContainerUpdate::Remove(id) => self.leaving.push_back((now + REMOVAL_GRACE, id)),
            }
            n += 1;
        }
        while self.leaving.front().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, id)) = self.leaving.pop_front() {
                state.containers.remove(&id);
                self.full.remove(&id);
            }
        }
        if self.full.len() > 2 * state.containers.len() + 1024 {
            // Containers whose removal was never heard of (their runtime was down meanwhile).
            self.full.retain(|id| state.containers.get(id).is_some());
        }
        n
    }
}
