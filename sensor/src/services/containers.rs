//! Container metadata as a side service: the configured engines ([`crate::engines`]) run on
//! threads of their own and send updates over a channel; between batches this service puts them
//! into the state's container table, where `container.*` and `k8s.*` read them.
//!
//! Place in the data flow: container runtimes → engines → **this service** → state (between
//! batches) → evaluation and output. How the table is kept bounded (destroys, sweeps, a hard
//! cap) is [`crate::services::container_cache`]'s.

use crate::engines::config::{EngineConfig, EngineKind};
use crate::engines::containerd_api::ContainerdEngine;
use crate::engines::cri_api::CriEngine;
use crate::engines::docker_api::DockerApiEngine;
use crate::engines::runner::{self, EngineCounters};
use crate::engines::update::ContainerUpdate;
use crate::log::Log;
use crate::service::SideService;
use crate::services::container_cache::ContainerCache;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::Instant;
use syssentry_engine::state::State;

/// The running engines and the channel their updates arrive on. Dropping it asks the engine
/// threads to end (they notice within 200 ms; they are not waited for).
#[derive(Debug)]
pub struct ContainerService {
    updates: Receiver<ContainerUpdate>,
    stop: Arc<AtomicBool>,
    counters: Arc<EngineCounters>,
    cache: ContainerCache,
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
                    // The ECS agent starts its tasks' containers with Docker.
                    let ecs_agent = if kind == EngineKind::Docker { cfg.ecs_agent_url.clone() } else { None };
                    runner::spawn(DockerApiEngine { kind, socket, host_root, ecs_agent }, tx, stop, counters, log)
                }
                EngineKind::Containerd => runner::spawn(ContainerdEngine { socket, host_root }, tx, stop, counters, log),
                EngineKind::Cri => runner::spawn(CriEngine { socket, host_root }, tx, stop, counters, log),
            };
            if thread.is_some() {
                started += 1;
            }
        }
        (started > 0).then_some(ContainerService { updates, stop, counters, cache: ContainerCache::new(Instant::now()) })
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

    fn evictions(&self) -> u64 {
        self.cache.evictions
    }

    fn apply(&mut self, state: &mut State) -> u64 {
        let now = Instant::now();
        let mut n = 0;
        for u in self.updates.try_iter() {
            if self.cache.apply(state, u, now) {
                n += 1;
            }
        }
        // Removals count as updates: the other evaluation threads' copies must make them too.
        n + self.cache.tick(state, now)
    }
}
