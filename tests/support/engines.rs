//! Driving the sensor's container side service directly in a test: one engine on a given
//! socket, and its updates applied to a state until the container table shows what the test
//! waits for.

use std::path::Path;
use std::time::{Duration, Instant};
use syssentry_engine::state::{ContainerInfo, State};
use syssentry_sensor::engines::config::{EngineConfig, EngineKind};
use syssentry_sensor::service::SideService;
use syssentry_sensor::services::containers::ContainerService;

/// The configuration of engine `kind` alone, on `socket`.
pub fn engines(kind: EngineKind, socket: &Path) -> EngineConfig {
    let mut c = EngineConfig { engines: vec![kind], ..EngineConfig::default() };
    let socket = Some(socket.to_path_buf());
    match kind {
        EngineKind::Docker => c.docker_socket = socket,
        EngineKind::Podman => c.podman_socket = socket,
        EngineKind::Containerd => c.containerd_socket = socket,
        EngineKind::Cri => c.cri_socket = socket,
    }
    c
}

/// Applies the service's updates to `state` until `done` holds (at most 30 s); whether it did.
pub fn apply_until(svc: &mut ContainerService, state: &mut State, done: impl Fn(&State) -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until {
        svc.apply(state);
        if done(state) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The container named `name` in the state's table.
pub fn by_name<'a>(state: &'a State, name: &str) -> Option<&'a ContainerInfo> {
    state.containers.iter().find(|c| c.name == name)
}
