//! Container engines: where container metadata comes from. Each engine talks to one runtime's
//! API socket, read-only, on a thread of its own, and sends [`update::ContainerUpdate`]s that
//! the container side service ([`crate::services::containers`]) applies to the state between
//! batches.
//!
//! Place in the data flow: container runtimes → **engines** → side service → state → the
//! `container.*` and `k8s.*` fields of evaluation and output.
//!
//! * [`config`]: which engines run and where their sockets are (`container_engines`,
//!   `docker_socket`, `podman_socket`).
//! * [`docker_api`]: the Docker Engine API, also spoken by podman's service: the running
//!   containers at connection, then the event stream (start, rename, destroy), each container
//!   inspected.
//! * [`inspect`]: a Docker-API container inspection as the state's `ContainerInfo`.
//! * [`update`]: what an engine sends.

pub mod config;
pub mod docker_api;
pub mod inspect;
pub mod update;
