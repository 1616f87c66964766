//! A Docker-API container inspection (Docker Engine, podman's compatible service) as the state's
//! `ContainerInfo`, with Falco's meanings: the name without its leading `/`, the image as the
//! container references it split into repository, tag and digest (`latest` when neither tag nor
//! digest is given), the image id without its `sha256:` prefix, privileges and host
//! namespaces from the host config, the mounts in the runtime's order, the labels, and the
//! Kubernetes pod of a dockershim-era container from its `io.kubernetes.*` labels. (Its users
//! come from its own `/etc/passwd`, read by the engine.)
//!
//! Place in the data flow: container runtime → engine → **this mapping** → state.

use crate::engines::probes;
use bollard::models::ContainerInspectResponse;
use std::collections::{BTreeMap, HashMap};
use syssentry_engine::state::{ContainerInfo, Mount};

/// The label holding a dockershim container's pod sandbox id.
const SANDBOX_LABEL: &str = "io.kubernetes.sandbox.id";

/// `repository`, `tag` and `digest` of an image reference: `nginx:1.27` → (`nginx`, `1.27`, ``),
/// `registry:5000/team/app` → (`registry:5000/team/app`, `latest`, ``),
/// `app@sha256:ab…` → (`app`, ``, `sha256:ab…`).
/// A reference with neither tag nor digest means `latest`, as the runtimes read it.
pub fn split_image(reference: &str) -> (String, String, String) {
    let (repo, tag, digest) = syssentry_engine::state::split_image_reference(reference);
    let tag = if tag.is_empty() && digest.is_empty() { "latest".to_string() } else { tag };
    (repo, tag, digest)
}

/// The digest under which `repository` knows an image, from the image's repository digests
/// (`repo@sha256:…`). None when no digest names `repository`: the same image under another
/// name (a tag pushed elsewhere) says nothing of the digest of this one.
pub fn repo_digest(repo_digests: &[String], repository: &str) -> Option<String> {
    repo_digests.iter().filter_map(|r| r.split_once('@')).find(|(repo, _)| *repo == repository).map(|(_, d)| d.to_string())
}

/// The metadata of an inspected container; `kind` is `container.type` (`docker`, `podman`).
/// `None` when the inspection has no id.
pub fn container_info(c: &ContainerInspectResponse, kind: &str) -> Option<ContainerInfo> {
    let full_id = c.id.clone()?;
    if full_id.len() < 12 {
        return None;
    }
    let config = c.config.as_ref();
    let host = c.host_config.as_ref();
    let image = config.and_then(|k| k.image.clone()).unwrap_or_default();
    let (image_repository, image_tag, image_digest) = split_image(&image);
    let labels: BTreeMap<String, String> =
        config.and_then(|k| k.labels.clone()).unwrap_or_default().into_iter().collect();
    let mode_is_host = |m: Option<&String>| m.is_some_and(|m| m == "host");
    // A dockershim-era pod's container carries the pod's annotations as labels.
    let (liveness_probe, readiness_probe) = match labels.get(&format!("annotation.{}", probes::LAST_APPLIED)) {
        Some(pod) => probes::probes(pod, labels.get("io.kubernetes.container.name").map_or("", String::as_str)),
        None => (None, None),
    };
    let ip = c
        .network_settings
        .as_ref()
        .and_then(|n| n.networks.as_ref())
        .and_then(|nets| {
            let mut names: Vec<&String> = nets.keys().collect();
            names.sort();
            names.into_iter().find_map(|n| nets[n].ip_address.clone().filter(|ip| !ip.is_empty()))
        })
        .unwrap_or_default();
    let mounts = c
        .mounts
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|m| Mount {
            source: m.source.clone().unwrap_or_default(),
            dest: m.destination.clone().unwrap_or_default(),
            mode: m.mode.clone().unwrap_or_default(),
            rdwr: m.rw.unwrap_or(false),
            propagation: m.propagation.clone().unwrap_or_default(),
        })
        .collect();
    Some(ContainerInfo {
        id: full_id[..12].to_string(),
        name: c.name.as_deref().unwrap_or_default().trim_start_matches('/').to_string(),
        image,
        image_id: c.image.as_deref().unwrap_or_default().trim_start_matches("sha256:").to_string(),
        image_repository,
        image_tag,
        image_digest,
        container_type: kind.to_string(),
        privileged: host.and_then(|h| h.privileged).unwrap_or(false),
        host_pid: mode_is_host(host.and_then(|h| h.pid_mode.as_ref())),
        host_network: mode_is_host(host.and_then(|h| h.network_mode.as_ref())),
        host_ipc: mode_is_host(host.and_then(|h| h.ipc_mode.as_ref())),
        ip,
        mounts,
        pod_sandbox_id: labels.get(SANDBOX_LABEL).cloned().unwrap_or_default(),
        labels,
        full_id,
        pod_sandbox_labels: Default::default(),
        healthcheck: config.and_then(|k| k.healthcheck.as_ref()).and_then(|h| h.test.as_deref()).and_then(probes::healthcheck),
        liveness_probe,
        readiness_probe,
    })
}

/// What a container event says of its container (the Docker API puts the name, the image and the
/// labels in the event's attributes): the metadata of a container already gone when it could
/// be inspected. `None` without the image.
pub fn event_info(full_id: &str, attributes: &HashMap<String, String>, kind: &str) -> Option<ContainerInfo> {
    if full_id.len() < 12 {
        return None;
    }
    let image = attributes.get("image")?.clone();
    let (image_repository, image_tag, image_digest) = split_image(&image);
    let labels: BTreeMap<String, String> =
        attributes.iter().filter(|(k, _)| !matches!(k.as_str(), "image" | "name" | "exitCode")).map(|(k, v)| (k.clone(), v.clone())).collect();
    Some(ContainerInfo {
        id: full_id[..12].to_string(),
        full_id: full_id.to_string(),
        name: attributes.get("name").cloned().unwrap_or_default(),
        image,
        image_repository,
        image_tag,
        image_digest,
        container_type: kind.to_string(),
        pod_sandbox_id: labels.get(SANDBOX_LABEL).cloned().unwrap_or_default(),
        labels,
        ..ContainerInfo::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_split_as_falco_splits_them() {
        let s = |r: &str| split_image(r);
        assert_eq!(s("nginx:1.27"), ("nginx".into(), "1.27".into(), String::new()));
        assert_eq!(s("nginx"), ("nginx".into(), "latest".into(), String::new()));
        assert_eq!(s("registry:5000/team/app"), ("registry:5000/team/app".into(), "latest".into(), String::new()));
        assert_eq!(s("registry:5000/team/app:2"), ("registry:5000/team/app".into(), "2".into(), String::new()));
        assert_eq!(s("docker.io/library/redis:7@sha256:0a1b"), ("docker.io/library/redis".into(), "7".into(), "sha256:0a1b".into()));
        assert_eq!(s("app@sha256:0a1b"), ("app".into(), String::new(), "sha256:0a1b".into()));
        assert_eq!(s(""), (String::new(), "latest".into(), String::new()));
    }

    #[test]
    fn the_repository_digest_is_the_one_of_the_repository() {
        let digests = ["mirror.example/nginx@sha256:ffff".to_string(), "127.0.0.1:5000/team/nginx@sha256:20a3".to_string()];
        assert_eq!(repo_digest(&digests, "127.0.0.1:5000/team/nginx").as_deref(), Some("sha256:20a3"));
        assert_eq!(repo_digest(&digests, "mirror.example/nginx").as_deref(), Some("sha256:ffff"));
        assert_eq!(repo_digest(&digests, "nginx"), None, "a tag of the same image elsewhere");
        assert_eq!(repo_digest(&[], "nginx"), None);
    }

    #[test]
    fn an_event_says_name_image_and_labels() {
        let id = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
        let attrs: HashMap<String, String> =
            [("image", "nginx:1.27"), ("name", "web1"), ("io.kubernetes.pod.namespace", "load-balancer")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let c = event_info(id, &attrs, "docker").unwrap();
        assert_eq!((c.id.as_str(), c.name.as_str(), c.image_repository.as_str(), c.image_tag.as_str()), (&id[..12], "web1", "nginx", "1.27"));
        assert_eq!(c.labels.len(), 1, "image and name are not labels");
        assert!(event_info(id, &HashMap::new(), "docker").is_none(), "no image, nothing to tell");
    }
}
