//! Why a session with a container runtime ended: the evidence (the socket, what was asked, the
//! client's error) for the one warning an engine logs per episode.
//!
//! Place in the data flow: beside the engines; counted in stats as `service_failures`.

use std::path::PathBuf;

/// Why a session with a runtime's API ended.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The Docker API (Docker, podman) refused or failed a request.
    #[error("{what} on {socket}: {source}")]
    Api {
        /// What was asked.
        what: &'static str,
        /// The socket.
        socket: PathBuf,
        /// The client's error.
        #[source]
        source: Box<bollard::errors::Error>,
    },
    /// No gRPC connection could be made (containerd, CRI).
    #[error("connecting to {socket}: {source}")]
    Connect {
        /// The socket.
        socket: PathBuf,
        /// The transport's error.
        #[source]
        source: Box<tonic::transport::Error>,
    },
    /// A gRPC request failed (containerd, CRI).
    #[error("{what} on {socket}: {source}")]
    Grpc {
        /// What was asked.
        what: &'static str,
        /// The socket.
        socket: PathBuf,
        /// The status the runtime answered (or the transport's failure).
        #[source]
        source: Box<tonic::Status>,
    },
    /// The socket answers, but not the Kubernetes CRI (`cri_socket` pointing at something else).
    #[error("{socket} does not serve the Kubernetes CRI runtime service: {source}")]
    NotCri {
        /// The socket.
        socket: PathBuf,
        /// What the Version call answered.
        #[source]
        source: Box<tonic::Status>,
    },
    /// The event stream ended (the daemon stopped or restarted).
    #[error("the event stream of {socket} ended")]
    StreamEnded {
        /// The socket.
        socket: PathBuf,
    },
    /// The engine's own runtime could not start.
    #[error("cannot start the engine's I/O runtime: {source}")]
    Runtime {
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl EngineError {
    /// A closure making [`EngineError::Grpc`] for `what` on `socket` (for `map_err`).
    pub fn grpc(what: &'static str, socket: &std::path::Path) -> impl FnOnce(tonic::Status) -> EngineError {
        let socket = socket.to_path_buf();
        move |source| EngineError::Grpc { what, socket, source: Box::new(source) }
    }
}
