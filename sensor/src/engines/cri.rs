//! Reading the Kubernetes CRI, read-only: which runtime answers (`Version`), the ids of its
//! containers and pod sandboxes, and one container's description from `ContainerStatus`,
//! `PodSandboxStatus` (both verbose) and the image's repository digests. Used by the CRI engine
//! (CRI-O, or any CRI socket) and by the containerd engine for the pods on its socket.
//!
//! Place in the data flow: CRI runtime → **this client** → engine → channel → side service.

use crate::engines::cri_map::{self, Verbose};
use crate::engines::error::EngineError;
use crate::engines::files;
use crate::engines::grpc::{timed, Subscription};
use crate::engines::update::ContainerDescription;
use k8s_cri::v1::image_service_client::ImageServiceClient;
use k8s_cri::v1::runtime_service_client::RuntimeServiceClient;
use k8s_cri::v1::{
    ContainerEventResponse, ContainerFilter, ContainerStatusRequest, GetEventsRequest, ImageSpec, ImageStatusRequest, ListContainersRequest,
    ListPodSandboxRequest, PodSandboxStatusRequest, VersionRequest,
};
use std::path::{Path, PathBuf};
use tonic::transport::Channel;
use tonic::Code;

/// The CRI API version asked for.
const CRI_VERSION: &str = "v1";

/// A CRI client on one socket.
#[derive(Debug, Clone)]
pub struct Cri {
    runtime: RuntimeServiceClient<Channel>,
    images: ImageServiceClient<Channel>,
    /// `container.type` of what it runs (`containerd`, `cri-o`, `cri`).
    pub kind: &'static str,
    socket: PathBuf,
    host_root: PathBuf,
}

impl Cri {
    /// Asks the runtime on `channel` for its version. `Ok(None)` when the socket does not serve
    /// the CRI (a containerd with its CRI plugin disabled, as Docker's own).
    pub async fn connect(channel: Channel, socket: &Path, host_root: &Path) -> Result<Option<Cri>, EngineError> {
        let mut runtime = RuntimeServiceClient::new(channel.clone());
        let version = match timed(runtime.version(VersionRequest { version: CRI_VERSION.to_string() })).await {
            Ok(v) => v,
            Err(s) if s.code() == Code::Unimplemented => return Ok(None),
            Err(s) => return Err(EngineError::grpc("asking the CRI version", socket)(s)),
        };
        Ok(Some(Cri {
            runtime,
            images: ImageServiceClient::new(channel),
            kind: cri_map::runtime_type(&version.runtime_name),
            socket: socket.to_path_buf(),
            host_root: host_root.to_path_buf(),
        }))
    }

    /// The ids of every container and pod sandbox the runtime has.
    pub async fn list(&mut self) -> Result<Vec<String>, EngineError> {
        let containers = timed(self.runtime.list_containers(ListContainersRequest { filter: None }))
            .await
            .map_err(EngineError::grpc("listing CRI containers", &self.socket))?
            .containers;
        let sandboxes = timed(self.runtime.list_pod_sandbox(ListPodSandboxRequest { filter: None }))
            .await
            .map_err(EngineError::grpc("listing CRI pod sandboxes", &self.socket))?
            .items;
        Ok(containers.into_iter().map(|c| c.id).chain(sandboxes.into_iter().map(|s| s.id)).collect())
    }

    /// The description of the container or pod sandbox `id`; `Ok(None)` when the runtime does
    /// not know it (gone already, or not one of its pods' containers).
    pub async fn describe(&mut self, id: &str) -> Result<Option<ContainerDescription>, EngineError> {
        let request = ContainerStatusRequest { container_id: id.to_string(), verbose: true };
        let status = match timed(self.runtime.container_status(request)).await {
            Ok(s) => s,
            Err(s) if s.code() == Code::NotFound => return self.describe_sandbox(id).await,
            Err(s) => return Err(EngineError::grpc("reading a CRI container's status", &self.socket)(s)),
        };
        let Some(s) = status.status else { return Ok(None) };
        let verbose = Verbose::parse(&status.info);
        let sandbox_id = match &verbose.sandbox_id {
            Some(id) => Some(id.clone()),
            None => self.sandbox_of(id).await?,
        };
        let pod = match sandbox_id {
            Some(sid) => self.pod_status(&sid).await?.map(|(p, _)| p),
            None => None,
        };
        let digests = self.repo_digests(&s.image_ref).await;
        let info = cri_map::container_info(&s, &verbose, pod.as_ref(), &digests, self.kind);
        Ok(info.map(|info| files::describe(info, &self.host_root, verbose.pid)))
    }

    async fn describe_sandbox(&mut self, id: &str) -> Result<Option<ContainerDescription>, EngineError> {
        let Some((pod, verbose)) = self.pod_status(id).await? else { return Ok(None) };
        let info = cri_map::sandbox_info(&pod, &verbose, self.kind);
        Ok(info.map(|info| files::describe(info, &self.host_root, verbose.pid)))
    }

    /// The sandbox of container `id`, from the container list (runtimes whose verbose status
    /// does not say it).
    async fn sandbox_of(&mut self, id: &str) -> Result<Option<String>, EngineError> {
        let filter = ContainerFilter { id: id.to_string(), ..Default::default() };
        let list = timed(self.runtime.list_containers(ListContainersRequest { filter: Some(filter) }))
            .await
            .map_err(EngineError::grpc("listing a CRI container", &self.socket))?;
        Ok(list.containers.into_iter().next().map(|c| c.pod_sandbox_id).filter(|s| !s.is_empty()))
    }

    async fn pod_status(&mut self, id: &str) -> Result<Option<(k8s_cri::v1::PodSandboxStatus, Verbose)>, EngineError> {
        let request = PodSandboxStatusRequest { pod_sandbox_id: id.to_string(), verbose: true };
        match timed(self.runtime.pod_sandbox_status(request)).await {
            Ok(r) => Ok(r.status.map(|s| (s, Verbose::parse(&r.info)))),
            Err(s) if s.code() == Code::NotFound => Ok(None),
            Err(s) => Err(EngineError::grpc("reading a CRI pod sandbox's status", &self.socket)(s)),
        }
    }

    /// The repository digests of the image `image_ref` (none when the runtime has none or
    /// cannot say: the digest is then left empty, never guessed).
    async fn repo_digests(&mut self, image_ref: &str) -> Vec<String> {
        if image_ref.is_empty() {
            return Vec::new();
        }
        let request = ImageStatusRequest { image: Some(ImageSpec { image: image_ref.to_string(), ..Default::default() }), verbose: false };
        match timed(self.images.image_status(request)).await {
            Ok(r) => r.image.map(|i| i.repo_digests).unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    /// The runtime's container events (`GetContainerEvents`), opened without waiting.
    pub fn events(&self) -> Subscription<ContainerEventResponse> {
        let mut client = self.runtime.clone();
        Subscription::start(async move { client.get_container_events(GetEventsRequest {}).await })
    }
}
