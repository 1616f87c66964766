//! Container engines: where container metadata comes from. Each engine talks to one runtime's
//! API socket, read-only, on a thread of its own ([`runner`]), and sends
//! [`update::ContainerUpdate`]s that the container side service ([`crate::services::containers`])
//! applies to the state between batches.
//!
//! Place in the data flow: container runtimes → **engines** → side service → state → the
//! `container.*`, `k8s.*` and `ecs.*` fields of evaluation and output.
//!
//! * [`config`]: which engines run and where their sockets are (`container_engines`,
//!   `docker_socket`, `podman_socket`, `containerd_socket`, `cri_socket`).
//! * [`runner`]: an engine's thread: sessions, backoff, one warning per failed episode.
//! * [`docker_api`]: the Docker Engine API, also spoken by podman's service; [`ecs_agent`]:
//!   the ECS agent's introspection API, completing the task labels of its containers.
//! * [`containerd_api`]: containerd's own API in every namespace, with the CRI for pods.
//! * [`cri_api`]: any other Kubernetes CRI runtime (CRI-O).
//! * [`cri`], [`grpc`]: the CRI client and the gRPC transport under the last two.
//! * [`inspect`], [`cri_map`], [`containerd_map`]: each API's answers as the state's
//!   `ContainerInfo`; [`files`]: a container's own users and groups; [`probes`]: health checks
//!   and Kubernetes probes as command lines.
//! * [`update`]: what an engine sends; [`error`]: why a session ended.

pub mod config;
pub mod containerd_api;
pub mod containerd_map;
pub mod cri;
pub mod cri_api;
pub mod cri_map;
pub mod docker_api;
pub mod ecs_agent;
pub mod error;
pub mod files;
pub mod grpc;
pub mod inspect;
pub mod probes;
pub mod runner;
pub mod update;
