//! A Kubernetes CRI container (or pod sandbox) status as the state's `ContainerInfo`, with
//! Falco's meanings: the container's name is its CRI metadata name (`nginx`), the image as the
//! pod spec gave it split into repository, tag and digest, the image id without `sha256:`, the
//! pod's name, namespace and uid from the `io.kubernetes.pod.*` labels the kubelet puts on every
//! container (completed from the sandbox's metadata when a client left them out), the pod's
//! labels, IP and host namespaces from its sandbox status, privileges and the init pid from the
//! runtime's verbose status (containerd's and CRI-O's layouts both read).
//!
//! Place in the data flow: CRI runtime → engine → **this mapping** → state.

use crate::engines::inspect::{repo_digest, split_image};
use crate::engines::probes;
use k8s_cri::v1::{ContainerStatus, MountPropagation, NamespaceMode, PodSandboxStatus};
use std::collections::{BTreeMap, HashMap};
use syssentry_engine::state::{ContainerInfo, Mount};

/// Label keys the kubelet puts on every container of a pod.
const POD_NAME: &str = "io.kubernetes.pod.name";
const POD_NAMESPACE: &str = "io.kubernetes.pod.namespace";
const POD_UID: &str = "io.kubernetes.pod.uid";

/// What a runtime's verbose status adds (containerd and CRI-O put a JSON document in the
/// `info` entry of the status's `info` map).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verbose {
    /// The container's (or sandbox's) init process, as the host sees it.
    pub pid: Option<i64>,
    /// Whether its security context is privileged.
    pub privileged: bool,
    /// The image (a sandbox's, which its status does not say).
    pub image: Option<String>,
    /// The pod sandbox the container belongs to.
    pub sandbox_id: Option<String>,
}

impl Verbose {
    /// Reads the `info` map of a verbose status; anything missing or unreadable stays unknown.
    pub fn parse(info: &HashMap<String, String>) -> Verbose {
        let Some(doc) = info.get("info").and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok()) else {
            return Verbose::default();
        };
        let privileged = [
            "/config/linux/security_context/privileged",
            "/privileged",
            "/runtimeSpec/annotations/io.kubernetes.cri-o.Privileged",
        ]
        .iter()
        .any(|p| match doc.pointer(p) {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s == "true",
            _ => false,
        });
        let text = |p: &str| doc.pointer(p).and_then(|v| v.as_str()).filter(|s| !s.is_empty()).map(str::to_string);
        Verbose {
            pid: doc.get("pid").and_then(serde_json::Value::as_i64),
            privileged,
            image: text("/image").or_else(|| text("/config/image/image")),
            sandbox_id: text("/sandboxID").or_else(|| text("/sandboxId")),
        }
    }
}

/// The image fields (id, repository, tag, digest) from what a CRI status gives: the
/// reference as the pod spec named it, and an image ref that is either the image id
/// (`sha256:…`, containerd) or a repository digest (`repo@sha256:…`, CRI-O).
fn image_fields(reference: &str, image_ref: &str, image_id: &str, repo_digests: &[String]) -> [String; 4] {
    let (repository, tag, mut digest) = split_image(reference);
    let id = match image_ref.split_once('@') {
        Some((_, d)) => {
            if digest.is_empty() {
                digest = d.to_string();
            }
            image_id
        }
        None => image_ref,
    };
    if digest.is_empty() {
        digest = repo_digest(repo_digests, &repository).unwrap_or_default();
    }
    [id.trim_start_matches("sha256:").to_string(), repository, tag, digest]
}

/// What a container and a sandbox have alike: ids, name, image, runtime type, privileges.
fn identity(id: &str, name: Option<String>, reference: &str, image: [String; 4], kind: &str, verbose: &Verbose) -> ContainerInfo {
    let [image_id, image_repository, image_tag, image_digest] = image;
    ContainerInfo {
        id: id[..12].to_string(),
        full_id: id.to_string(),
        name: name.unwrap_or_default(),
        image: reference.to_string(),
        image_id,
        image_repository,
        image_tag,
        image_digest,
        container_type: kind.to_string(),
        privileged: verbose.privileged,
        ..ContainerInfo::default()
    }
}

/// The pod-level part of a container's metadata: its sandbox id and labels, IP, host namespaces,
/// and the pod's identity as kubelet labels (kept when present, added from the sandbox's
/// metadata otherwise).
fn apply_pod(c: &mut ContainerInfo, pod: &PodSandboxStatus) {
    c.pod_sandbox_id = pod.id.clone();
    c.pod_sandbox_labels = pod.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    c.ip = pod.network.as_ref().map(|n| n.ip.clone()).unwrap_or_default();
    let options = pod.linux.as_ref().and_then(|l| l.namespaces.as_ref()).and_then(|n| n.options.as_ref());
    let node = NamespaceMode::Node as i32;
    c.host_network = options.is_some_and(|o| o.network == node);
    c.host_pid = options.is_some_and(|o| o.pid == node);
    c.host_ipc = options.is_some_and(|o| o.ipc == node);
    if let Some(pod_spec) = pod.annotations.get(probes::LAST_APPLIED) {
        let name = c.labels.get("io.kubernetes.container.name").cloned().unwrap_or_else(|| c.name.clone());
        (c.liveness_probe, c.readiness_probe) = probes::probes(pod_spec, &name);
    }
    if let Some(m) = &pod.metadata {
        for (key, value) in [(POD_NAME, &m.name), (POD_NAMESPACE, &m.namespace), (POD_UID, &m.uid)] {
            if !value.is_empty() {
                c.labels.entry(key.to_string()).or_insert_with(|| value.clone());
            }
        }
    }
}

/// The metadata of a CRI container; `kind` is `container.type` (`containerd`, `cri-o`, `cri`).
/// `None` when the status has no usable id.
pub fn container_info(
    s: &ContainerStatus,
    verbose: &Verbose,
    pod: Option<&PodSandboxStatus>,
    repo_digests: &[String],
    kind: &str,
) -> Option<ContainerInfo> {
    if s.id.len() < 12 {
        return None;
    }
    let reference = s.image.as_ref().map(|i| i.image.as_str()).unwrap_or_default();
    let mounts = s
        .mounts
        .iter()
        .map(|m| Mount {
            source: m.host_path.clone(),
            dest: m.container_path.clone(),
            mode: if m.readonly { "ro" } else { "rw" }.to_string(),
            rdwr: !m.readonly,
            propagation: match MountPropagation::try_from(m.propagation) {
                Ok(MountPropagation::PropagationHostToContainer) => "rslave",
                Ok(MountPropagation::PropagationBidirectional) => "rshared",
                _ => "private",
            }
            .to_string(),
        })
        .collect();
    let mut c = identity(&s.id, s.metadata.as_ref().map(|m| m.name.clone()), reference, image_fields(reference, &s.image_ref, &s.image_id, repo_digests), kind, verbose);
    c.mounts = mounts;
    c.labels = s.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<BTreeMap<_, _>>();
    if let Some(pod) = pod {
        apply_pod(&mut c, pod);
    }
    Some(c)
}

/// The metadata of a pod sandbox (its `pause` process runs in a container of its own): named as
/// the pod, the sandbox image from the verbose status.
pub fn sandbox_info(pod: &PodSandboxStatus, verbose: &Verbose, kind: &str) -> Option<ContainerInfo> {
    if pod.id.len() < 12 {
        return None;
    }
    let reference = verbose.image.as_deref().unwrap_or_default();
    let name = pod.metadata.as_ref().map(|m| m.name.clone());
    let mut c = identity(&pod.id, name, reference, image_fields(reference, "", "", &[]), kind, verbose);
    apply_pod(&mut c, pod);
    Some(c)
}

/// `container.type` for the runtime a CRI `Version` call names (Falco's names).
pub fn runtime_type(runtime_name: &str) -> &'static str {
    match runtime_name {
        "containerd" => "containerd",
        "cri-o" => "cri-o",
        _ => "cri",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_cri::v1::{
        ContainerMetadata, ImageSpec, LinuxPodSandboxStatus, Namespace, NamespaceOption, PodSandboxMetadata,
        PodSandboxNetworkStatus,
    };

    const ID: &str = "89d4d89e992259762ad6cc421d31e83a930bee4fbf2a484d31e6a5dc21e68cf1";
    const POD: &str = "60778410bfdebaeb758ff81de19f08f7165b2570c8d3e9208a26be459a6de923";

    fn pod() -> PodSandboxStatus {
        PodSandboxStatus {
            id: POD.into(),
            metadata: Some(PodSandboxMetadata { name: "web-7d4b9".into(), uid: "6f1d".into(), namespace: "load-balancer".into(), attempt: 0 }),
            network: Some(PodSandboxNetworkStatus { ip: "198.51.100.7".into(), additional_ips: vec![] }),
            linux: Some(LinuxPodSandboxStatus {
                namespaces: Some(Namespace {
                    options: Some(NamespaceOption { network: NamespaceMode::Node as i32, ..Default::default() }),
                }),
            }),
            labels: [("app".to_string(), "web".to_string())].into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_containerd_status_maps_with_its_pod() {
        let s = ContainerStatus {
            id: ID.into(),
            metadata: Some(ContainerMetadata { name: "nginx".into(), attempt: 0 }),
            image: Some(ImageSpec { image: "docker.io/library/nginx:1.27".into(), ..Default::default() }),
            image_ref: "sha256:149a0f254e09".into(),
            labels: [(POD_NAME.to_string(), "web-7d4b9".to_string())].into(),
            mounts: vec![k8s_cri::v1::Mount {
                container_path: "/data".into(),
                host_path: "/srv/data".into(),
                readonly: true,
                ..Default::default()
            }],
            ..Default::default()
        };
        let info = HashMap::from([(
            "info".to_string(),
            r#"{"sandboxID":"60778410bfde","pid":25562,"config":{"linux":{"security_context":{"privileged":true}}}}"#.to_string(),
        )]);
        let v = Verbose::parse(&info);
        assert_eq!((v.pid, v.privileged, v.sandbox_id.as_deref()), (Some(25562), true, Some("60778410bfde")));
        let digests = ["docker.io/library/nginx@sha256:20a3".to_string(), "other/nginx@sha256:ffff".to_string()];
        let c = container_info(&s, &v, Some(&pod()), &digests, "containerd").unwrap();
        assert_eq!((c.id.as_str(), c.name.as_str(), c.container_type.as_str()), (&ID[..12], "nginx", "containerd"));
        assert_eq!(
            (c.image_repository.as_str(), c.image_tag.as_str(), c.image_id.as_str(), c.image_digest.as_str()),
            ("docker.io/library/nginx", "1.27", "149a0f254e09", "sha256:20a3")
        );
        assert!(c.privileged && c.host_network && !c.host_pid);
        assert_eq!((c.ip.as_str(), c.pod_sandbox_id.as_str()), ("198.51.100.7", POD));
        assert_eq!(c.labels[POD_NAMESPACE], "load-balancer", "completed from the sandbox");
        assert_eq!(c.labels[POD_UID], "6f1d");
        assert_eq!(c.pod_sandbox_labels["app"], "web");
        assert_eq!(
            (c.mounts[0].source.as_str(), c.mounts[0].dest.as_str(), c.mounts[0].rdwr, c.mounts[0].propagation.as_str()),
            ("/srv/data", "/data", false, "private")
        );
    }

    #[test]
    fn a_cri_o_status_names_its_digest_in_the_image_ref() {
        let s = ContainerStatus {
            id: ID.into(),
            image: Some(ImageSpec { image: "quay.io/team/app:2".into(), ..Default::default() }),
            image_ref: "quay.io/team/app@sha256:abcd".into(),
            image_id: "sha256:1234".into(),
            ..Default::default()
        };
        let v = Verbose::parse(&HashMap::from([("info".to_string(), r#"{"pid":7,"privileged":true}"#.to_string())]));
        let c = container_info(&s, &v, None, &[], "cri-o").unwrap();
        assert_eq!((c.image_digest.as_str(), c.image_id.as_str(), c.image_tag.as_str()), ("sha256:abcd", "1234", "2"));
        assert!(c.privileged && c.labels.is_empty());
        assert_eq!(Verbose::parse(&HashMap::new()), Verbose::default());
    }

    #[test]
    fn a_sandbox_is_named_as_its_pod() {
        let v = Verbose { image: Some("registry.k8s.io/pause:3.6".into()), ..Verbose::default() };
        let c = sandbox_info(&pod(), &v, "containerd").unwrap();
        assert_eq!((c.id.as_str(), c.name.as_str(), c.image_repository.as_str()), (&POD[..12], "web-7d4b9", "registry.k8s.io/pause"));
        assert_eq!(c.labels[POD_NAME], "web-7d4b9");
        assert_eq!(runtime_type("cri-o"), "cri-o");
        assert_eq!(runtime_type("containerd"), "containerd");
        assert_eq!(runtime_type("kata"), "cri");
    }
}
