//! A Kubernetes CRI runtime (CRI-O by default, or any CRI socket), read-only: at each
//! connection every container and pod sandbox is described, then the runtime is followed —
//! through its event stream (`GetContainerEvents`) where it has one, else by listing every
//! [`POLL`] and describing what is new (containerd 1.6 has no stream). Containers seen in an
//! event or a list are described from their status and their pod's; those gone are removed.
//!
//! Place in the data flow: CRI runtime → **engine** → channel → the container side service →
//! state.

use crate::engines::config::EngineKind;
use crate::engines::cri::Cri;
use crate::engines::error::EngineError;
use crate::engines::grpc::{self, StreamEnd};
use crate::engines::runner::{Engine, Link, STOP_CHECK};
use crate::engines::update::ContainerUpdate;
use k8s_cri::v1::ContainerEventType;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tonic::Code;

/// How often a runtime without an event stream is listed.
pub const POLL: Duration = Duration::from_millis(250);

/// A CRI engine.
#[derive(Debug)]
pub struct CriEngine {
    /// Its CRI socket.
    pub socket: PathBuf,
    /// The host's root, to read a container's own files.
    pub host_root: PathBuf,
}

impl Engine for CriEngine {
    fn kind(&self) -> EngineKind {
        EngineKind::Cri
    }

    fn socket(&self) -> &Path {
        &self.socket
    }

    async fn session(&self, link: &mut Link<'_>) -> Result<(), EngineError> {
        let channel = grpc::connect(&self.socket).await?;
        let Some(mut cri) = Cri::connect(channel, &self.socket, &self.host_root).await? else {
            return Err(EngineError::NotCri {
                socket: self.socket.clone(),
                source: Box::new(tonic::Status::unimplemented("runtime.v1.RuntimeService/Version")),
            });
        };
        // Subscribed before the list, so that nothing between the two is missed.
        let mut events = cri.events();
        let mut known: HashSet<String> = HashSet::new();
        for id in cri.list().await? {
            if describe(&mut cri, &id, link).await? {
                known.insert(id);
            }
        }
        link.connected(known.len(), &self.socket);
        loop {
            if link.stopped() {
                return Ok(());
            }
            match events.next_within(STOP_CHECK).await {
                Ok(None) => {}
                Ok(Some(ev)) => match ContainerEventType::try_from(ev.container_event_type) {
                    Ok(ContainerEventType::ContainerDeletedEvent) => remove(&ev.container_id, link),
                    Ok(ContainerEventType::ContainerStoppedEvent) => {}
                    _ => {
                        describe(&mut cri, &ev.container_id, link).await?;
                    }
                },
                Err(StreamEnd::Failed(s)) if s.code() == Code::Unimplemented => {
                    return self.poll(&mut cri, known, link).await;
                }
                Err(StreamEnd::Failed(s)) => return Err(EngineError::grpc("reading CRI events", &self.socket)(s)),
                Err(StreamEnd::Closed) => return Err(EngineError::StreamEnded { socket: self.socket.clone() }),
            }
        }
    }
}

impl CriEngine {
    /// Follows a runtime without an event stream: listed every [`POLL`], what is new is
    /// described, what is gone removed.
    async fn poll(&self, cri: &mut Cri, mut known: HashSet<String>, link: &Link<'_>) -> Result<(), EngineError> {
        loop {
            if link.stopped() {
                return Ok(());
            }
            tokio::time::sleep(POLL).await;
            let now: HashSet<String> = cri.list().await?.into_iter().collect();
            for id in known.difference(&now) {
                remove(id, link);
            }
            known.retain(|id| now.contains(id));
            for id in now {
                // One the runtime could not describe yet is tried again at the next list.
                if !known.contains(&id) && describe(cri, &id, link).await? {
                    known.insert(id);
                }
            }
        }
    }
}

/// Describes `id` and sends it; whether it was known to the runtime.
async fn describe(cri: &mut Cri, id: &str, link: &Link<'_>) -> Result<bool, EngineError> {
    let Some(d) = cri.describe(id).await? else { return Ok(false) };
    Ok(link.send(ContainerUpdate::Upsert(Box::new(d))))
}

/// Sends the removal of `id`.
fn remove(id: &str, link: &Link<'_>) {
    if let Some(short) = id.get(..12) {
        link.send(ContainerUpdate::Remove(short.to_string()));
    }
}
