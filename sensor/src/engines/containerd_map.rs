//! A containerd container record (its own API: labels, image, OCI runtime spec) as the state's
//! `ContainerInfo`, for containers that are not a Kubernetes pod's (`nerdctl`, `ctr`, buildkit,
//! and a pod's container before the CRI knows it): the name from the `nerdctl/name` or
//! `io.kubernetes.container.name` label (else the id), the image as recorded split into
//! repository and tag, the digest of the image's manifest, bind mounts and host namespaces from
//! the spec, and privileged when the spec grants `CAP_SYS_ADMIN` with nothing of `/proc` masked
//! (what `--privileged` makes).
//!
//! Place in the data flow: containerd → engine → **this mapping** → state.

use crate::engines::inspect::split_image;
use containerd_client::services::v1::Container;
use serde_json::Value;
use std::collections::BTreeMap;
use syssentry_engine::state::{ContainerInfo, Mount};

/// `container.type` of containers described through containerd.
pub const CONTAINERD: &str = "containerd";

/// The label `nerdctl` names its containers with.
const NERDCTL_NAME: &str = "nerdctl/name";
/// The label the kubelet names a pod's container with.
const K8S_CONTAINER_NAME: &str = "io.kubernetes.container.name";
/// The extension where containerd's CRI plugin keeps a pod container's metadata (JSON).
const CRI_METADATA: &str = "io.cri-containerd.container.metadata";

/// The metadata of a containerd container; `digest` is its image's manifest digest when known.
/// `None` when the id is shorter than 12 characters (no cgroup layout names such a container).
pub fn container_info(c: &Container, digest: Option<&str>) -> Option<ContainerInfo> {
    if c.id.len() < 12 {
        return None;
    }
    let labels: BTreeMap<String, String> = c.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let name = labels.get(NERDCTL_NAME).or_else(|| labels.get(K8S_CONTAINER_NAME)).cloned().unwrap_or_else(|| c.id.clone());
    let (image_repository, image_tag, own_digest) = split_image(&c.image);
    let spec: Value = c.spec.as_ref().and_then(|a| serde_json::from_slice(&a.value).ok()).unwrap_or(Value::Null);
    let namespaces: Vec<&str> = spec
        .pointer("/linux/namespaces")
        .and_then(Value::as_array)
        .map(|ns| ns.iter().filter_map(|n| n.get("type").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    // A spec that lists no namespaces at all says nothing (an empty spec); one that lists some
    // but not this one shares the host's.
    let shares = |ns: &str| !namespaces.is_empty() && !namespaces.contains(&ns);
    Some(ContainerInfo {
        id: c.id[..12].to_string(),
        full_id: c.id.clone(),
        name,
        image: c.image.clone(),
        image_repository,
        image_tag,
        image_digest: if own_digest.is_empty() { digest.unwrap_or_default().to_string() } else { own_digest },
        container_type: CONTAINERD.to_string(),
        privileged: privileged(&spec),
        host_pid: shares("pid"),
        host_network: shares("network"),
        host_ipc: shares("ipc"),
        mounts: bind_mounts(&spec),
        labels,
        pod_sandbox_id: sandbox_id(c).unwrap_or_default(),
        ..ContainerInfo::default()
    })
}

/// The pod sandbox of a pod's container, from the metadata the CRI plugin keeps with it.
fn sandbox_id(c: &Container) -> Option<String> {
    let any = c.extensions.get(CRI_METADATA)?;
    let doc: Value = serde_json::from_slice(&any.value).ok()?;
    doc.pointer("/Metadata/SandboxID").and_then(Value::as_str).map(str::to_string)
}

/// Whether a spec is what `--privileged` makes: every capability (`CAP_SYS_ADMIN` stands for
/// them) and no masked path.
fn privileged(spec: &Value) -> bool {
    let sys_admin = spec
        .pointer("/process/capabilities/bounding")
        .and_then(Value::as_array)
        .is_some_and(|caps| caps.iter().any(|c| c.as_str() == Some("CAP_SYS_ADMIN")));
    let masked = spec.pointer("/linux/maskedPaths").and_then(Value::as_array).is_some_and(|m| !m.is_empty());
    sys_admin && !masked
}

/// The spec's bind mounts, in its order (the runtime's own mounts, `/proc`, `/dev` and the
/// like, are not the container's volumes).
fn bind_mounts(spec: &Value) -> Vec<Mount> {
    let Some(mounts) = spec.get("mounts").and_then(Value::as_array) else { return Vec::new() };
    mounts
        .iter()
        .filter(|m| m.get("type").and_then(Value::as_str) == Some("bind"))
        .map(|m| {
            let text = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let options: Vec<&str> =
                m.get("options").and_then(Value::as_array).map(|o| o.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let ro = options.contains(&"ro");
            let propagation = options
                .iter()
                .find(|o| matches!(**o, "private" | "rprivate" | "shared" | "rshared" | "slave" | "rslave"))
                .unwrap_or(&"")
                .to_string();
            Mount { source: text("source"), dest: text("destination"), mode: if ro { "ro" } else { "rw" }.into(), rdwr: !ro, propagation }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(labels: &[(&str, &str)], spec: &str) -> Container {
        Container {
            id: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
            labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            image: "docker.io/library/redis:7".into(),
            spec: Some(prost_types_any(spec)),
            ..Default::default()
        }
    }

    fn prost_types_any(json: &str) -> prost_types::Any {
        prost_types::Any { type_url: "types.containerd.io/opencontainers/runtime-spec/1/Spec".into(), value: json.as_bytes().to_vec() }
    }

    #[test]
    fn a_nerdctl_container_maps() {
        let spec = r#"{"process":{"capabilities":{"bounding":["CAP_CHOWN"]}},
            "linux":{"namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"mount"},{"type":"uts"}],"maskedPaths":["/proc/kcore"]},
            "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                      {"destination":"/data","type":"bind","source":"/srv/data","options":["rbind","rprivate","ro"]}]}"#;
        let c = container_info(&container(&[("nerdctl/name", "cache")], spec), Some("sha256:20a3")).unwrap();
        assert_eq!(c.pod_sandbox_id, "");
        assert_eq!((c.id.as_str(), c.name.as_str(), c.container_type.as_str()), ("0a1b2c3d4e5f", "cache", "containerd"));
        assert_eq!((c.image_repository.as_str(), c.image_tag.as_str(), c.image_digest.as_str()), ("docker.io/library/redis", "7", "sha256:20a3"));
        assert!(c.host_network && !c.host_pid && !c.host_ipc && !c.privileged);
        assert_eq!(c.mounts.len(), 1);
        assert_eq!((c.mounts[0].source.as_str(), c.mounts[0].dest.as_str(), c.mounts[0].rdwr, c.mounts[0].propagation.as_str()), ("/srv/data", "/data", false, "rprivate"));
    }

    #[test]
    fn privileged_and_unnamed() {
        let spec = r#"{"process":{"capabilities":{"bounding":["CAP_SYS_ADMIN"]}},"linux":{"namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"}]}}"#;
        let c = container_info(&container(&[], spec), None).unwrap();
        assert!(c.privileged && !c.host_network);
        assert_eq!(c.name.len(), 64, "the id names a container nothing else names");
        let bare = container_info(&container(&[], "{}"), None).unwrap();
        assert!(!bare.host_network && !bare.privileged, "an empty spec says nothing");
        assert!(container_info(&Container { id: "short".into(), ..Default::default() }, None).is_none());
        let mut pods = container(&[("io.cri-containerd.kind", "container"), ("io.kubernetes.container.name", "nginx")], "{}");
        let meta = r#"{"Version":"v1","Metadata":{"ID":"x","SandboxID":"60778410bfde"}}"#;
        pods.extensions.insert(CRI_METADATA.into(), prost_types_any(meta));
        let p = container_info(&pods, None).unwrap();
        assert_eq!((p.name.as_str(), p.pod_sandbox_id.as_str()), ("nginx", "60778410bfde"));
    }
}
