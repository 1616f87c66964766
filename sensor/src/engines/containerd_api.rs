//! containerd, read-only, through its own API and, for Kubernetes pods, the CRI on the same
//! socket: at each connection every container of every namespace (`k8s.io`, `moby`, `default`,
//! ...) is described, then containerd's event stream is followed — a container created or
//! updated, or whose task starts, is described again; one deleted is removed. A pod's container
//! (labelled by the CRI plugin) is described through the CRI (its pod, IP, mounts, privileges);
//! any other container, or a pod's before the CRI knows it, from containerd's own record.
//!
//! Place in the data flow: containerd → **engine** → channel → the container side service →
//! state.

use crate::engines::config::EngineKind;
use crate::engines::containerd_map;
use crate::engines::cri::Cri;
use crate::engines::error::EngineError;
use crate::engines::files;
use crate::engines::grpc::{self, in_namespace, timed, StreamEnd, Subscription};
use crate::engines::runner::{Engine, Link, STOP_CHECK};
use crate::engines::update::ContainerUpdate;
use containerd_client::events as topic;
use containerd_client::services::v1::containers_client::ContainersClient;
use containerd_client::services::v1::events_client::EventsClient;
use containerd_client::services::v1::images_client::ImagesClient;
use containerd_client::services::v1::namespaces_client::NamespacesClient;
use containerd_client::services::v1::tasks_client::TasksClient;
use containerd_client::services::v1::{
    Container, GetContainerRequest, GetImageRequest, GetRequest, ListContainersRequest, ListNamespacesRequest,
    SubscribeRequest,
};
use containerd_client::types::Envelope;
use prost::Message;
use std::path::{Path, PathBuf};
use tonic::transport::Channel;
use tonic::Code;

/// The label containerd's CRI plugin puts on the containers (and sandboxes) of pods.
const CRI_KIND_LABEL: &str = "io.cri-containerd.kind";

/// The events followed.
const TOPICS: [&str; 4] = ["/containers/create", "/containers/update", "/containers/delete", "/tasks/start"];

/// A containerd engine.
#[derive(Debug)]
pub struct ContainerdEngine {
    /// containerd's socket.
    pub socket: PathBuf,
    /// The host's root, to read a container's own files.
    pub host_root: PathBuf,
}

/// One session's clients.
struct Clients {
    channel: Channel,
    /// The CRI on the same socket, when containerd serves it.
    cri: Option<Cri>,
}

impl Engine for ContainerdEngine {
    fn kind(&self) -> EngineKind {
        EngineKind::Containerd
    }

    fn socket(&self) -> &Path {
        &self.socket
    }

    async fn session(&self, link: &mut Link<'_>) -> Result<(), EngineError> {
        let channel = grpc::connect(&self.socket).await?;
        let filters = TOPICS.iter().map(|t| format!("topic==\"{t}\"")).collect();
        // Subscribed before the listing, so that nothing between the two is missed.
        let mut events: Subscription<Envelope> = {
            let mut client = EventsClient::new(channel.clone());
            Subscription::start(async move { client.subscribe(SubscribeRequest { filters }).await })
        };
        let cri = Cri::connect(channel.clone(), &self.socket, &self.host_root).await?;
        let mut clients = Clients { channel, cri };
        let namespaces = timed(NamespacesClient::new(clients.channel.clone()).list(ListNamespacesRequest { filter: String::new() }))
            .await
            .map_err(EngineError::grpc("listing namespaces", &self.socket))?
            .namespaces;
        let mut known = 0;
        for ns in namespaces {
            let request = in_namespace(ListContainersRequest { filters: Vec::new() }, &ns.name);
            let containers = timed(ContainersClient::new(clients.channel.clone()).list(request))
                .await
                .map_err(EngineError::grpc("listing containers", &self.socket))?
                .containers;
            for c in containers {
                if self.describe(&mut clients, &ns.name, c, None, link).await? {
                    known += 1;
                }
            }
        }
        link.connected(known, &self.socket);
        loop {
            if link.stopped() {
                return Ok(());
            }
            let envelope = match events.next_within(STOP_CHECK).await {
                Ok(None) => continue,
                Ok(Some(e)) => e,
                Err(StreamEnd::Failed(s)) => return Err(EngineError::grpc("reading events", &self.socket)(s)),
                Err(StreamEnd::Closed) => return Err(EngineError::StreamEnded { socket: self.socket.clone() }),
            };
            let Some(event) = envelope.event else { continue };
            let ns = envelope.namespace.as_str();
            let bytes = event.value.as_slice();
            match envelope.topic.as_str() {
                "/containers/create" => {
                    if let Ok(e) = topic::ContainerCreate::decode(bytes) {
                        self.describe_id(&mut clients, ns, &e.id, None, link).await?;
                    }
                }
                "/containers/update" => {
                    if let Ok(e) = topic::ContainerUpdate::decode(bytes) {
                        self.describe_id(&mut clients, ns, &e.id, None, link).await?;
                    }
                }
                "/tasks/start" => {
                    if let Ok(e) = topic::TaskStart::decode(bytes) {
                        self.describe_id(&mut clients, ns, &e.container_id, Some(i64::from(e.pid)), link).await?;
                    }
                }
                "/containers/delete" => {
                    if let Ok(e) = topic::ContainerDelete::decode(bytes) {
                        if let Some(short) = e.id.get(..12) {
                            link.send(ContainerUpdate::Remove(short.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

impl ContainerdEngine {
    /// Reads container `id` of namespace `ns` and describes it (gone already: nothing to say).
    async fn describe_id(
        &self,
        clients: &mut Clients,
        ns: &str,
        id: &str,
        pid: Option<i64>,
        link: &Link<'_>,
    ) -> Result<bool, EngineError> {
        let request = in_namespace(GetContainerRequest { id: id.to_string() }, ns);
        match timed(ContainersClient::new(clients.channel.clone()).get(request)).await {
            Ok(r) => match r.container {
                Some(c) => self.describe(clients, ns, c, pid, link).await,
                None => Ok(false),
            },
            Err(s) if s.code() == Code::NotFound => Ok(false),
            Err(s) => Err(EngineError::grpc("reading a container", &self.socket)(s)),
        }
    }

    /// Describes container `c` of namespace `ns` and sends it; whether it was sent.
    async fn describe(
        &self,
        clients: &mut Clients,
        ns: &str,
        c: Container,
        pid: Option<i64>,
        link: &Link<'_>,
    ) -> Result<bool, EngineError> {
        if c.labels.contains_key(CRI_KIND_LABEL) {
            if let Some(cri) = &mut clients.cri {
                if let Some(d) = cri.describe(&c.id).await? {
                    return Ok(link.send(ContainerUpdate::Upsert(Box::new(d))));
                }
            }
        }
        // What containerd's own records say.
        let digest = if c.image.is_empty() {
            None
        } else {
            let request = in_namespace(GetImageRequest { name: c.image.clone() }, ns);
            timed(ImagesClient::new(clients.channel.clone()).get(request))
                .await
                .ok()
                .and_then(|r| r.image)
                .and_then(|i| i.target)
                .map(|t| t.digest)
        };
        let pid = match pid {
            Some(p) => Some(p),
            None => {
                let request = in_namespace(GetRequest { container_id: c.id.clone(), exec_id: String::new() }, ns);
                timed(TasksClient::new(clients.channel.clone()).get(request))
                    .await
                    .ok()
                    .and_then(|r| r.process)
                    .map(|p| i64::from(p.pid))
            }
        };
        let Some(info) = containerd_map::container_info(&c, digest.as_deref()) else { return Ok(false) };
        let mut d = files::describe(info, &self.host_root, pid);
        // A pod's container described without its pod: a later CRI description wins over it.
        d.partial = c.labels.contains_key(CRI_KIND_LABEL) || ns == "moby";
        Ok(link.send(ContainerUpdate::Upsert(Box::new(d))))
    }
}
