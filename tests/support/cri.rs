//! Pods and containers made through the Kubernetes CRI the way the kubelet makes them (a pod
//! sandbox in a namespace, under a `kubepods` cgroup parent, containers labelled with their pod),
//! for tests against a real CRI runtime (the private containerd of [`crate::runtimes`]). Pods
//! use the host network: there is no CNI here.

use k8s_cri::v1::runtime_service_client::RuntimeServiceClient;
use k8s_cri::v1::{
    ContainerConfig, ContainerMetadata, CreateContainerRequest, ImageSpec, LinuxContainerConfig, LinuxContainerSecurityContext,
    LinuxPodSandboxConfig, LinuxSandboxSecurityContext, Mount, NamespaceMode, NamespaceOption, PodSandboxConfig, PodSandboxMetadata,
    RemovePodSandboxRequest, RunPodSandboxRequest, StartContainerRequest, StopPodSandboxRequest,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tonic::transport::Channel;

/// A pod made through the CRI.
#[derive(Debug, Clone)]
pub struct Pod {
    /// Its sandbox id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its namespace.
    pub namespace: String,
    /// Its uid.
    pub uid: String,
    config: PodSandboxConfig,
}

/// A container to create in a pod.
#[derive(Debug, Clone, Default)]
pub struct Spec<'a> {
    /// The container's name in the pod.
    pub name: &'a str,
    /// Its image (as a pod spec names it, e.g. `docker.io/library/nginx:1.27`).
    pub image: &'a str,
    /// Its command.
    pub command: &'a [&'a str],
    /// Privileged security context.
    pub privileged: bool,
    /// A read-only host-path volume: (host path, container path).
    pub volume: Option<(&'a Path, &'a str)>,
}

/// A CRI client (its own single-threaded I/O runtime).
pub struct Cri {
    rt: tokio::runtime::Runtime,
    client: RuntimeServiceClient<Channel>,
    logs: PathBuf,
}

impl Cri {
    /// Connects to the CRI on `socket`; pod logs go below `logs`.
    pub fn connect(socket: &Path, logs: &Path) -> Cri {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let channel = rt
            .block_on(syssentry_sensor::engines::grpc::connect(socket))
            .unwrap_or_else(|e| panic!("CRI socket {}: {e}", socket.display()));
        Cri { rt, client: RuntimeServiceClient::new(channel), logs: logs.to_path_buf() }
    }

    /// Runs a pod sandbox `name` in `namespace` with pod labels `labels` and annotations
    /// `annotations`, as the kubelet would for a best-effort pod on the host network.
    pub fn run_pod(&mut self, name: &str, namespace: &str, labels: &[(&str, &str)], annotations: &[(&str, &str)]) -> Pod {
        let uid = format!("6f1d3a52-0c9e-4b8a-9d7e-{:012x}", std::process::id() as u64 * 7919 + name.len() as u64);
        let config = PodSandboxConfig {
            metadata: Some(PodSandboxMetadata { name: name.into(), uid: uid.clone(), namespace: namespace.into(), attempt: 0 }),
            log_directory: self.logs.join(&uid).to_string_lossy().into_owned(),
            labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            annotations: annotations.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            linux: Some(LinuxPodSandboxConfig {
                cgroup_parent: format!("/kubepods/besteffort/pod{uid}"),
                security_context: Some(LinuxSandboxSecurityContext {
                    namespace_options: Some(NamespaceOption { network: NamespaceMode::Node as i32, ..Default::default() }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        let request = RunPodSandboxRequest { config: Some(config.clone()), runtime_handler: String::new() };
        let id = self.rt.block_on(self.client.run_pod_sandbox(request)).expect("RunPodSandbox").into_inner().pod_sandbox_id;
        Pod { id, name: name.into(), namespace: namespace.into(), uid, config }
    }

    /// Creates container `spec` in `pod` (labelled as the kubelet labels it) and starts it; its id.
    pub fn start_container(&mut self, pod: &Pod, spec: &Spec<'_>) -> String {
        let labels: HashMap<String, String> = [
            ("io.kubernetes.pod.name", pod.name.as_str()),
            ("io.kubernetes.pod.namespace", pod.namespace.as_str()),
            ("io.kubernetes.pod.uid", pod.uid.as_str()),
            ("io.kubernetes.container.name", spec.name),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let mounts = spec
            .volume
            .map(|(host, dest)| Mount { container_path: dest.into(), host_path: host.to_string_lossy().into_owned(), readonly: true, ..Default::default() })
            .into_iter()
            .collect();
        let config = ContainerConfig {
            metadata: Some(ContainerMetadata { name: spec.name.into(), attempt: 0 }),
            image: Some(ImageSpec { image: spec.image.into(), ..Default::default() }),
            command: spec.command.iter().map(|s| s.to_string()).collect(),
            labels,
            log_path: format!("{}.log", spec.name),
            mounts,
            linux: Some(LinuxContainerConfig {
                security_context: Some(LinuxContainerSecurityContext { privileged: spec.privileged, ..Default::default() }),
                ..Default::default()
            }),
            ..Default::default()
        };
        let request = CreateContainerRequest { pod_sandbox_id: pod.id.clone(), config: Some(config), sandbox_config: Some(pod.config.clone()) };
        let id = self.rt.block_on(self.client.create_container(request)).expect("CreateContainer").into_inner().container_id;
        self.rt.block_on(self.client.start_container(StartContainerRequest { container_id: id.clone() })).expect("StartContainer");
        id
    }

    /// Stops and removes `pod` with its containers.
    pub fn remove_pod(&mut self, pod: &Pod) {
        self.rt.block_on(self.client.stop_pod_sandbox(StopPodSandboxRequest { pod_sandbox_id: pod.id.clone() })).expect("StopPodSandbox");
        self.rt.block_on(self.client.remove_pod_sandbox(RemovePodSandboxRequest { pod_sandbox_id: pod.id.clone() })).expect("RemovePodSandbox");
    }
}
