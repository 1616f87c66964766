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
use crate::engines::ecs_agent::EcsAgent;
use crate::engines::error::EngineError;
use crate::engines::files;
use crate::engines::inspect::{container_info, event_info, repo_digest};
use crate::engines::runner::{Engine, Link, REQUEST_TIMEOUT, STOP_CHECK};
use crate::engines::update::{ContainerDescription, ContainerUpdate};
use crate::log::Level;
use bollard::query_parameters::{EventsOptions, ListContainersOptions};
use bollard::{Docker, API_DEFAULT_VERSION};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A Docker-API engine.
#[derive(Debug)]
pub struct DockerApiEngine {
    /// Docker or podman.
    pub kind: EngineKind,
    /// Its API socket.
    pub socket: PathBuf,
    /// The host's root (`/`, or where the host is mounted), to read a container's own files
    /// through `proc/<pid>/root`.
    pub host_root: PathBuf,
    /// The ECS agent's introspection API, to complete the task labels of the containers it
    /// started (Docker only).
    pub ecs_agent: Option<String>,
}

impl Engine for DockerApiEngine {
    fn kind(&self) -> EngineKind {
        self.kind
    }

    fn socket(&self) -> &Path {
        &self.socket
    }

    async fn session(&self, link: &mut Link<'_>) -> Result<(), EngineError> {
        let api = |what: &'static str| {
            let socket = self.socket.clone();
            move |e: bollard::errors::Error| EngineError::Api { what, socket, source: Box::new(e) }
        };
        let path = self.socket.to_string_lossy();
        let docker = Docker::connect_with_unix(&path, REQUEST_TIMEOUT.as_secs(), API_DEFAULT_VERSION)
            .map_err(api("connecting"))?
            .negotiate_version()
            .await
            .map_err(api("negotiating the API version"))?;
        let mut session = Session {
            docker,
            agent: self.ecs_agent.as_deref().and_then(|url| EcsAgent::new(url).ok()),
            digests: HashMap::new(),
        };
        // Events from a second before the listing on: one that happens while the list is read
        // is replayed rather than missed (seeing a container twice is harmless).
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs().saturating_sub(1));
        let filters: HashMap<String, Vec<String>> = HashMap::from([("type".to_string(), vec!["container".to_string()])]);
        let mut events =
            session.docker.events(Some(EventsOptions { since: Some(since.to_string()), filters: Some(filters), ..Default::default() }));
        let running = session.docker.list_containers(None::<ListContainersOptions>).await.map_err(api("listing containers"))?;
        let mut known = 0;
        for c in running {
            let Some(id) = c.id else { continue };
            // A container gone since the list is simply not found; a daemon that stopped
            // answering fails the event stream below.
            if let Ok(true) = self.inspect(&mut session, &id, link).await {
                known += 1;
            }
        }
        link.connected(known, &self.socket);
        loop {
            if link.stopped() {
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
                    let found = self.inspect(&mut session, &id, link).await.unwrap_or(false);
                    if !found {
                        // Gone already (a short `--rm` container): what the event says of it.
                        let attrs = actor.attributes.unwrap_or_default();
                        if let Some(info) = event_info(&id, &attrs, self.kind.name()) {
                            let d = ContainerDescription { info, partial: true, ..ContainerDescription::default() };
                            link.send(ContainerUpdate::Upsert(Box::new(d)));
                        }
                    }
                }
                "destroy" if id.len() >= 12 => {
                    link.send(ContainerUpdate::Remove(id[..12].to_string()));
                }
                _ => {}
            }
        }
    }
}

impl DockerApiEngine {
    /// Inspects one container and sends its metadata; whether it was sent.
    async fn inspect(&self, s: &mut Session, id: &str, link: &Link<'_>) -> Result<bool, bollard::errors::Error> {
        let c = s.docker.inspect_container(id, None).await?;
        let Some(mut info) = container_info(&c, self.kind.name()) else { return Ok(false) };
        if info.image_digest.is_empty() && !info.image_id.is_empty() {
            info.image_digest = s.digest(&info.image_id, &info.image_repository).await.unwrap_or_default();
        }
        if let Some(agent) = &mut s.agent {
            // A failure leaves the labels as they are; said once until the agent answers again.
            let was_failing = agent.failing();
            match agent.complete(&mut info).await {
                Ok(true) if was_failing => link.log(Level::Info, "the ECS agent answers again"),
                Err(e) if !was_failing => {
                    link.log(Level::Warn, &format!("{e}; ecs.* fields come from the containers' labels alone meanwhile"));
                }
                _ => {}
            }
        }
        let pid = c.state.as_ref().and_then(|s| s.pid);
        Ok(link.send(ContainerUpdate::Upsert(Box::new(files::describe(info, &self.host_root, pid)))))
    }
}

/// Images whose repository digests are remembered at most (then all are forgotten at once).
const MAX_IMAGES: usize = 4096;

/// One connection's client and what it has learnt.
struct Session {
    docker: Docker,
    /// The ECS agent, for Docker on an ECS instance.
    agent: Option<EcsAgent>,
    /// Each image's repository digests, by image id.
    digests: HashMap<String, Vec<String>>,
}

impl Session {
    /// The digest under which `repository` knows image `image_id` (none for an image that was
    /// never pushed or pulled: built, imported or loaded here).
    async fn digest(&mut self, image_id: &str, repository: &str) -> Option<String> {
        if !self.digests.contains_key(image_id) {
            let digests = self.docker.inspect_image(image_id).await.ok()?.repo_digests.unwrap_or_default();
            if self.digests.len() >= MAX_IMAGES {
                self.digests.clear();
            }
            self.digests.insert(image_id.to_string(), digests);
        }
        repo_digest(&self.digests[image_id], repository)
    }
}
