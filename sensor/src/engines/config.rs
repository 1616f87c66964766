//! Which container engines run, and where their API sockets are: the `container_engines`,
//! `docker_socket`, `podman_socket`, `containerd_socket` and `cri_socket` settings, the same
//! for `syssentry run` (flags) and the plugin (properties).
//!
//! Place in the data flow: read once at start; shapes which engines the container side service
//! starts.

use std::path::{Path, PathBuf};

/// A container runtime whose API the sensor can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    /// Docker Engine (`/var/run/docker.sock`).
    Docker,
    /// Podman's Docker-compatible service (`/run/podman/podman.sock`).
    Podman,
    /// containerd (`/run/containerd/containerd.sock`): its own API in every namespace
    /// (`k8s.io`, `moby`, `default`, ...), with the Kubernetes CRI on the same socket for pods.
    Containerd,
    /// Another Kubernetes CRI runtime, CRI-O by default (`/run/crio/crio.sock`).
    Cri,
}

impl EngineKind {
    /// Every engine, in the order they are tried.
    pub const ALL: [EngineKind; 4] = [EngineKind::Docker, EngineKind::Podman, EngineKind::Containerd, EngineKind::Cri];

    /// The name in `container_engines` (and, for Docker and podman, in `container.type`).
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Docker => "docker",
            EngineKind::Podman => "podman",
            EngineKind::Containerd => "containerd",
            EngineKind::Cri => "cri",
        }
    }

    /// Where the runtime puts its API socket, relative to the host's root.
    pub fn default_socket(self) -> &'static str {
        match self {
            EngineKind::Docker => "var/run/docker.sock",
            EngineKind::Podman => "run/podman/podman.sock",
            EngineKind::Containerd => "run/containerd/containerd.sock",
            EngineKind::Cri => "run/crio/crio.sock",
        }
    }
}

/// Why a `container_engines` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown container engine '{name}': expected a comma-separated list of docker, podman, containerd and cri, or none")]
pub struct UnknownEngine {
    /// The name as given.
    pub name: String,
}

/// Why an `ecs_agent_url` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid ECS agent URL '{text}': expected http://HOST:PORT (e.g. http://127.0.0.1:51678), or none")]
pub struct BadAgentUrl {
    /// The value as given.
    pub text: String,
}

/// Parses `ecs_agent_url`: an `http://` URL with a host, or `none` (never asked).
pub fn parse_agent_url(text: &str) -> Result<Option<String>, BadAgentUrl> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let bad = || BadAgentUrl { text: text.to_string() };
    let uri: http::Uri = t.parse().map_err(|_| bad())?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err(bad());
    }
    Ok(Some(t.trim_end_matches('/').to_string()))
}

/// Why a `metadata_wait` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid wait '{text}': expected a duration from 0 to 60s, in ms or s (e.g. 500ms, 1s, 0 to never hold)")]
pub struct BadWait {
    /// The value as given.
    pub text: String,
}

/// Parses `metadata_wait`: `500ms`, `1s`, `2` (seconds) or `0`; at most 60 s.
pub fn parse_wait(text: &str) -> Result<std::time::Duration, BadWait> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || BadWait { text: text.to_string() };
    let (num, unit_ms) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000)
    } else {
        (t.as_str(), 1000)
    };
    let n: u64 = num.trim().parse().map_err(|_| bad())?;
    let ms = n.checked_mul(unit_ms).filter(|ms| *ms <= 60_000).ok_or_else(bad)?;
    Ok(std::time::Duration::from_millis(ms))
}

/// The container engines to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineConfig {
    /// Engines to run, in order.
    pub engines: Vec<EngineKind>,
    /// The host's root (`/`, or where the host is mounted in a container): default sockets are
    /// looked for below it.
    pub host_root: PathBuf,
    /// The Docker socket when not the default one below `host_root`.
    pub docker_socket: Option<PathBuf>,
    /// The podman socket when not the default one below `host_root`.
    pub podman_socket: Option<PathBuf>,
    /// The containerd socket when not the default one below `host_root` (k3s:
    /// `/run/k3s/containerd/containerd.sock`).
    pub containerd_socket: Option<PathBuf>,
    /// The CRI socket when not the default one (CRI-O's) below `host_root`.
    pub cri_socket: Option<PathBuf>,
    /// The Amazon ECS agent's introspection API (`ecs_agent_url`), asked for the task fields
    /// a Docker container's labels leave out; `None`: not asked.
    pub ecs_agent_url: Option<String>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            engines: EngineKind::ALL.to_vec(),
            host_root: PathBuf::from("/"),
            docker_socket: None,
            podman_socket: None,
            containerd_socket: None,
            cri_socket: None,
            ecs_agent_url: Some(crate::engines::ecs_agent::DEFAULT_URL.to_string()),
        }
    }
}

impl EngineConfig {
    /// Parses `container_engines`: some of `docker,podman,containerd,cri` (any order, spaces
    /// allowed), or `none`.
    pub fn parse_engines(text: &str) -> Result<Vec<EngineKind>, UnknownEngine> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let kind = EngineKind::ALL
                .into_iter()
                .find(|k| k.name().eq_ignore_ascii_case(item))
                .ok_or_else(|| UnknownEngine { name: item.to_string() })?;
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
        Ok(out)
    }

    /// The socket of `kind`: as configured, else its default below the host's root.
    pub fn socket(&self, kind: EngineKind) -> PathBuf {
        let given = match kind {
            EngineKind::Docker => &self.docker_socket,
            EngineKind::Podman => &self.podman_socket,
            EngineKind::Containerd => &self.containerd_socket,
            EngineKind::Cri => &self.cri_socket,
        };
        given.clone().unwrap_or_else(|| self.host_root.join(Path::new(kind.default_socket())))
    }
}

/// Whether `path` is a Unix socket (an engine starts only on one; the trigger runs its container
/// actions only through one).
pub fn is_api_socket(path: &Path) -> bool {
    socket_identity(path).is_some()
}

/// The device and inode of the socket at `path`, when there is one (a runtime that restarted
/// made a new one).
pub fn socket_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let m = std::fs::metadata(path).ok()?;
    m.file_type().is_socket().then(|| (m.dev(), m.ino()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_parse() {
        use std::time::Duration;
        assert_eq!(parse_wait("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_wait(" 1S "), Ok(Duration::from_secs(1)));
        assert_eq!(parse_wait("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_wait("0"), Ok(Duration::ZERO));
        for bad in ["", "1m", "-1s", "61s", "fast"] {
            assert!(parse_wait(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn agent_urls_parse() {
        assert_eq!(parse_agent_url("http://127.0.0.1:51678/"), Ok(Some("http://127.0.0.1:51678".into())));
        assert_eq!(parse_agent_url("None"), Ok(None));
        for bad in ["", "127.0.0.1:51678", "https://agent", "http://", "ftp://x"] {
            assert!(parse_agent_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn engines_parse_and_sockets_follow_the_host_root() {
        assert_eq!(EngineConfig::parse_engines(" podman , docker,docker"), Ok(vec![EngineKind::Podman, EngineKind::Docker]));
        assert_eq!(EngineConfig::parse_engines("NONE"), Ok(vec![]));
        assert_eq!(EngineConfig::parse_engines("docker,rkt").unwrap_err().name, "rkt");
        let mut c = EngineConfig { host_root: "/host".into(), ..EngineConfig::default() };
        assert_eq!(c.socket(EngineKind::Docker), PathBuf::from("/host/var/run/docker.sock"));
        assert_eq!(c.socket(EngineKind::Podman), PathBuf::from("/host/run/podman/podman.sock"));
        assert_eq!(c.socket(EngineKind::Containerd), PathBuf::from("/host/run/containerd/containerd.sock"));
        assert_eq!(c.socket(EngineKind::Cri), PathBuf::from("/host/run/crio/crio.sock"));
        assert_eq!(EngineConfig::parse_engines("cri,containerd"), Ok(vec![EngineKind::Cri, EngineKind::Containerd]));
        c.docker_socket = Some("/tmp/d.sock".into());
        assert_eq!(c.socket(EngineKind::Docker), PathBuf::from("/tmp/d.sock"));
    }
}
