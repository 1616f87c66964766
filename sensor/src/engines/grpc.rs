//! gRPC over a runtime's unix socket (containerd, the CRI): the connection, requests bounded by
//! [`REQUEST_TIMEOUT`] (a runtime that accepts and never answers fails the session instead of
//! hanging it), the `containerd-namespace` header, and event subscriptions that do not block
//! the session until the first event (a gRPC server may hold a stream's headers until then).
//!
//! Place in the data flow: container runtime → **this transport** → engine.

use crate::engines::error::EngineError;
use crate::engines::runner::REQUEST_TIMEOUT;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::path::Path;
use std::time::Duration;
use tokio::task::JoinHandle;
use tonic::codec::Streaming;
use tonic::transport::{Channel, Endpoint};
use tonic::{Response, Status};

/// A channel to the gRPC server on `socket`.
pub async fn connect(socket: &Path) -> Result<Channel, EngineError> {
    let path = socket.to_path_buf();
    let connector = tower::service_fn(move |_| {
        let path = path.clone();
        async move { Ok::<_, std::io::Error>(TokioIo::new(tokio::net::UnixStream::connect(path).await?)) }
    });
    // The address is not used: every connection goes to the socket.
    let endpoint = Endpoint::from_static("http://localhost").connect_timeout(REQUEST_TIMEOUT);
    let connecting = endpoint.connect_with_connector(connector);
    match tokio::time::timeout(REQUEST_TIMEOUT, connecting).await {
        Ok(Ok(channel)) => Ok(channel),
        Ok(Err(e)) => Err(EngineError::Connect { socket: socket.to_path_buf(), source: Box::new(e) }),
        Err(_) => Err(EngineError::Grpc {
            what: "connecting",
            socket: socket.to_path_buf(),
            source: Box::new(Status::deadline_exceeded("no answer")),
        }),
    }
}

/// A request's answer, or `DEADLINE_EXCEEDED` when none came within [`REQUEST_TIMEOUT`].
pub async fn timed<T>(call: impl Future<Output = Result<Response<T>, Status>>) -> Result<T, Status> {
    match tokio::time::timeout(REQUEST_TIMEOUT, call).await {
        Ok(answer) => answer.map(Response::into_inner),
        Err(_) => Err(Status::deadline_exceeded(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))),
    }
}

/// `message` addressed to containerd namespace `namespace`.
pub fn in_namespace<T>(message: T, namespace: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Ok(value) = namespace.parse() {
        request.metadata_mut().insert("containerd-namespace", value);
    }
    request
}

/// How a subscription ended.
#[derive(Debug)]
pub enum StreamEnd {
    /// The server closed the stream.
    Closed,
    /// The request or the stream failed.
    Failed(Status),
}

/// An event stream being opened on a task of its own, then read.
#[derive(Debug)]
pub struct Subscription<T> {
    opening: Option<JoinHandle<Result<Response<Streaming<T>>, Status>>>,
    stream: Option<Streaming<T>>,
}

impl<T: Send + 'static> Subscription<T> {
    /// Opens the stream `open` (a client's subscribe call) without waiting for it.
    pub fn start(open: impl Future<Output = Result<Response<Streaming<T>>, Status>> + Send + 'static) -> Subscription<T> {
        Subscription { opening: Some(tokio::spawn(open)), stream: None }
    }

    /// The next event, or `None` when none came within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Result<Option<T>, StreamEnd> {
        let step = async {
            if let Some(opening) = &mut self.opening {
                let opened = opening.await.map_err(|e| StreamEnd::Failed(Status::internal(e.to_string())))?;
                self.opening = None;
                self.stream = Some(opened.map_err(StreamEnd::Failed)?.into_inner());
            }
            match &mut self.stream {
                Some(stream) => match stream.message().await {
                    Ok(Some(m)) => Ok(m),
                    Ok(None) => Err(StreamEnd::Closed),
                    Err(s) => Err(StreamEnd::Failed(s)),
                },
                None => Err(StreamEnd::Closed),
            }
        };
        match tokio::time::timeout(wait, step).await {
            Ok(event) => event.map(Some),
            Err(_) => Ok(None),
        }
    }
}

impl<T> Drop for Subscription<T> {
    fn drop(&mut self) {
        if let Some(opening) = &self.opening {
            opening.abort();
        }
    }
}
