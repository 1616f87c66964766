//! Containers: the container id of each process (from its cgroups) and container metadata.
//!
//! Place in the data flow: clone/execve events carry cgroups → [`container_id_from_cgroup`]
//! gives the id stored on the thread; metadata arrives separately (runtime lookups, container
//! events) into the [`ContainerTable`]; `container.*` and `k8s.*` fields read both.

use foldhash::HashMap;
use std::{collections::BTreeMap, sync::Arc};

/// One container mount.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mount {
    /// Source path on the host.
    pub source: String,
    /// Destination path in the container.
    pub dest: String,
    /// Mount mode (runtime specific, e.g. `ro`, `z`).
    pub mode: String,
    /// Read-write.
    pub rdwr: bool,
    /// Propagation (`rprivate`, ...).
    pub propagation: String,
}

impl Mount {
    /// `source:dest:mode:rdwr:propagation`, the container plugin's text form.
    pub fn write_to(&self, out: &mut String) {
        out.push_str(&self.source);
        out.push(':');
        out.push_str(&self.dest);
        out.push(':');
        out.push_str(&self.mode);
        out.push(':');
        out.push_str(if self.rdwr { "true" } else { "false" });
        out.push(':');
        out.push_str(&self.propagation);
    }
}

/// Metadata of one container.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerInfo {
    /// Short (12 character) id.
    pub id: String,
    /// Full id.
    pub full_id: String,
    /// Name.
    pub name: String,
    /// Image as referenced (`repo:tag`).
    pub image: String,
    /// Image id.
    pub image_id: String,
    /// Image repository.
    pub image_repository: String,
    /// Image tag.
    pub image_tag: String,
    /// Image digest.
    pub image_digest: String,
    /// Runtime type (`docker`, `cri-o`, `containerd`, `podman`, ...).
    pub container_type: String,
    /// Privileged container.
    pub privileged: bool,
    /// Shares the host pid namespace.
    pub host_pid: bool,
    /// Shares the host network namespace.
    pub host_network: bool,
    /// Shares the host IPC namespace.
    pub host_ipc: bool,
    /// Primary IP address.
    pub ip: String,
    /// Mounts in runtime order.
    pub mounts: Vec<Mount>,
    /// Labels (Kubernetes pod name and namespace come from `io.kubernetes.pod.*`).
    pub labels: BTreeMap<String, String>,
    /// Pod sandbox id.
    pub pod_sandbox_id: String,
    /// Pod sandbox labels.
    pub pod_sandbox_labels: BTreeMap<String, String>,
    /// The runtime's health check command (Docker's `HEALTHCHECK`), as one command line.
    pub healthcheck: Option<String>,
    /// The pod spec's liveness probe command for this container, as one command line.
    pub liveness_probe: Option<String>,
    /// The pod spec's readiness probe command for this container, as one command line.
    pub readiness_probe: Option<String>,
}

impl ContainerInfo {
    /// The built-in entry for host processes: id and name `host`, type `host`.
    pub fn host() -> ContainerInfo {
        ContainerInfo {
            id: "host".into(),
            name: "host".into(),
            container_type: "host".into(),
            ..ContainerInfo::default()
        }
    }
}

/// Container metadata by short id, bounded.
#[derive(Debug, Clone, Default)]
pub struct ContainerTable {
    map: HashMap<Arc<str>, Arc<ContainerInfo>>,
    /// Maximum number of containers.
    pub cap: usize,
    /// Entries refused because the table was full.
    pub dropped: u64,
}

impl ContainerTable {
    /// An empty table holding at most `cap` containers.
    pub fn with_cap(cap: usize) -> Self {
        ContainerTable {
            cap,
            ..ContainerTable::default()
        }
    }

    /// Adds or replaces a container (keyed by `info.id`). Returns false when full.
    pub fn insert(&mut self, info: ContainerInfo) -> bool {
        let key: &str = &info.id;
        if !self.map.contains_key(key) && self.map.len() >= self.cap {
            self.dropped += 1;
            return false;
        }
        self.map.insert(Arc::from(key), Arc::new(info));
        true
    }

    /// Removes a container.
    pub fn remove(&mut self, id: &str) -> Option<Arc<ContainerInfo>> {
        self.map.remove(id)
    }

    /// Metadata of a container.
    pub fn get(&self, id: &str) -> Option<&ContainerInfo> {
        self.map.get(id).map(|a| &**a)
    }

    /// All containers, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &ContainerInfo> {
        self.map.values().map(|a| &**a)
    }

    /// Number of containers.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// (prefix, suffix) layouts of container cgroup paths, tried in the container plugin's order
/// (podman, docker, CRI); the text between the last prefix and the last suffix must be a
/// 64-character hex id.
const LAYOUTS: &[(&str, &str, &str)] = &[
    ("podman", "/libpod-payload-", ".scope"),
    ("podman", "/libpod-payload-", ""),
    ("podman", "/libpod-", ".scope"),
    ("podman", "/libpod-", ""),
    ("docker", "/", ""),
    ("docker", "/docker-", ".scope"),
    ("cri", "/crio-", ""),
    ("cri", "/cri-containerd-", ".scope"),
    ("cri", "/crio-", ".scope"),
    ("cri", ":cri-containerd:", ""),
    ("cri", "/nerdctl-", ".scope"),
];

/// Whether `b` has `n` hex digits in a row.
fn has_hex_run(b: &[u8], n: usize) -> bool {
    let mut run = 0;
    for &c in b {
        run = if c.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run == n {
            return true;
        }
    }
    false
}

/// Start of the last occurrence of `needle` in `hay` (the layouts' needles are a few bytes: a
/// plain scan beats building a substring searcher for each call).
fn rfind_short(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let mut end = h.len().checked_sub(n.len())? + 1;
    while let Some(i) = memchr::memrchr(first, &h[..end]) {
        if h[i..].starts_with(n) {
            return Some(i);
        }
        end = i;
    }
    None
}

fn match_layout<'a>(cgroup: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    let start = rfind_short(cgroup, prefix)? + prefix.len();
    let end = if suffix.is_empty() {
        cgroup.len()
    } else {
        rfind_short(cgroup, suffix)?
    };
    let id = cgroup.get(start..end)?;
    (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| &id[..12])
}

/// The container id (first 12 characters) and runtime kind for one cgroup path, following
/// the container plugin's docker/CRI/podman layouts (including systemd `.scope` forms, ECS
/// `/ecs/<task>/<id>` and Kubernetes `/kubepods/.../<id>`); `None` for host cgroups.
pub fn container_match(cgroup: &str) -> Option<(&str, &'static str)> {
    // Every layout needs a 64-digit hex id: one pass rules out host cgroups before any search.
    if !has_hex_run(cgroup.as_bytes(), 64) {
        return None;
    }
    LAYOUTS
        .iter()
        .find_map(|(kind, p, s)| match_layout(cgroup, p, s).map(|id| (id, *kind)))
}

/// `repository[:tag][@digest]` split into its parts, as the reference gives them (a `:` before
/// the last `/` is a registry port, not a tag; a missing tag is empty).
pub fn split_image_reference(image: &str) -> (String, String, String) {
    let (name, digest) = image.split_once('@').unwrap_or((image, ""));
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[slash..].rfind(':') {
        Some(i) => (name[..slash + i].to_string(), name[slash + i + 1..].to_string(), digest.to_string()),
        None => (name.to_string(), String::new(), digest.to_string()),
    }
}

/// The container id for one cgroup path (see [`container_match`]).
pub fn container_id_from_cgroup(path: &str) -> Option<String> {
    container_match(path).map(|(id, _)| id.to_owned())
}

/// The container id for a list of `subsystem=path` cgroups: the first one that matches.
pub fn container_id_from_cgroups<'a>(
    cgroups: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    cgroups.into_iter().find_map(|cg| {
        let path = cg.split_once('=').map_or(cg, |(_, p)| p);
        container_match(path).map(|(id, _)| id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

    #[test]
    fn short_reverse_search_agrees_with_str_rfind() {
        for hay in ["", "a", "aaa", "/x/libpod-/libpod-y", "::cri-containerd:z", ".scope/.scope/c", "é/é-"] {
            for needle in ["a", "aa", "/", "/libpod-", ":cri-containerd:", ".scope", "é-", "zz"] {
                assert_eq!(rfind_short(hay, needle), hay.rfind(needle), "{hay:?} {needle:?}");
            }
        }
    }

    #[test]
    fn layouts() {
        for path in [
            format!("/docker/{ID}"),
            format!("/system.slice/docker-{ID}.scope"),
            format!("/kubepods/besteffort/pod1234/{ID}"),
            format!("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice/cri-containerd-{ID}.scope"),
            format!("/kubepods.slice/kubepods-pod12.slice/crio-{ID}.scope"),
            format!("/machine.slice/libpod-{ID}.scope/container"),
            format!("/ecs/5a1c8e2f7b1d4c0e9e1f/{ID}"),
            format!("/system.slice/containerd.service/kubepods-besteffort-pod1.slice:cri-containerd:{ID}"),
        ] {
            assert_eq!(container_id_from_cgroup(&path).as_deref(), Some("3ad7b26ded6d"), "{path}");
        }
        for path in [
            "/",
            "/user.slice/user-1000.slice/session-2.scope",
            "/docker/abc",
            "",
        ] {
            assert_eq!(container_id_from_cgroup(path), None, "{path}");
        }
        let cg = format!("cpuset=/docker/{ID}");
        assert_eq!(
            container_id_from_cgroups(["cpu=/", cg.as_str()]),
            Some("3ad7b26ded6d")
        );
    }
}
