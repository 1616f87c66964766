//! The real container runtime the trigger's runtime actions use: through the Docker Engine API
//! (Docker's socket, or podman's Docker-compatible one) it imports the trigger's image, starts a
//! container that idles, runs commands in it as `docker exec -t` does, starts one-shot
//! containers, and removes all of it when dropped. Every request is bounded in time.
//!
//! Place in the data flow: outside it. These containers make a real runtime start the processes
//! capture reports; the sensor learns their metadata from the same runtime, as on any host.

use super::image;
use bollard::models::{ContainerCreateBody, HostConfig, ResourcesUlimits};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, CreateImageOptionsBuilder, RemoveContainerOptionsBuilder, RemoveImageOptionsBuilder,
};
use bollard::Docker;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use syssentry_sensor::engines::config::{EngineConfig, EngineKind};

/// How long one API request may take (an image import included).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// The label on everything the trigger creates, with the trigger's pid.
const LABEL: &str = "io.syssentry.trigger";

/// Why a runtime step failed.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// No Docker or podman socket among the configured engines.
    #[error("no container runtime to run them in: no Docker or podman API socket at {}", tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" or "))]
    Unavailable {
        /// The sockets looked for.
        tried: Vec<PathBuf>,
    },
    /// The runtime refused or failed a request.
    #[error("{what} through {}: {source}", socket.display())]
    Api {
        /// The request.
        what: String,
        /// The socket.
        socket: PathBuf,
        /// The runtime's answer.
        source: Box<bollard::errors::Error>,
    },
    /// A request did not finish in time.
    #[error("{what} through {}: no answer within {} s", socket.display(), limit.as_secs())]
    Timeout {
        /// The request.
        what: String,
        /// The socket.
        socket: PathBuf,
        /// The bound.
        limit: Duration,
    },
    /// The image could not be put together.
    #[error(transparent)]
    Image(#[from] image::ImageError),
    /// The client's own event loop could not start.
    #[error("cannot start the runtime client: {0}")]
    Client(#[source] std::io::Error),
}

/// What one command run in a container came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// The full id of the container it ran in.
    pub container: String,
    /// The command's exit status (`None` when the runtime did not say).
    pub exit_code: Option<i64>,
}

/// The trigger's image and containers in one runtime; dropping it removes them.
#[derive(Debug)]
pub struct Runtime {
    rt: tokio::runtime::Runtime,
    docker: Docker,
    /// Which runtime it is.
    pub kind: EngineKind,
    /// Its API socket.
    pub socket: PathBuf,
    /// The image, `syssentry-trigger:<pid>`.
    pub image: String,
    /// The idling container's name.
    pub name: String,
    /// The idling container's full id.
    pub id: String,
    /// Every container created, removed at the end.
    created: Vec<String>,
}

/// The image's repository (its tag is the trigger's pid).
const REPOSITORY: &str = "syssentry-trigger";

impl Runtime {
    /// The first of Docker and podman whose socket exists (as `config` names them, whether or
    /// not the sensor reads metadata from it: with `--container-engines none` the actions still
    /// run, and fail for want of the metadata).
    fn find(config: &EngineConfig) -> Result<(EngineKind, PathBuf), RuntimeError> {
        let mut tried = Vec::new();
        for kind in [EngineKind::Docker, EngineKind::Podman] {
            let socket = config.socket(kind);
            if syssentry_sensor::engines::config::is_api_socket(&socket) {
                return Ok((kind, socket));
            }
            tried.push(socket);
        }
        Err(RuntimeError::Unavailable { tried })
    }

    /// Connects, imports the image made from `exe` and starts the idling container
    /// `syssentry-trigger-<tag>`.
    pub fn start(config: &EngineConfig, exe: &Path, tag: u32) -> Result<Runtime, RuntimeError> {
        let (kind, socket) = Runtime::find(config)?;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(RuntimeError::Client)?;
        let docker = Docker::connect_with_unix(&socket.to_string_lossy(), REQUEST_TIMEOUT.as_secs(), bollard::API_DEFAULT_VERSION)
            .map_err(api_error("connecting", &socket))?;
        let mut me = Runtime {
            rt,
            docker,
            kind,
            socket: socket.clone(),
            image: format!("{REPOSITORY}:{tag}"),
            name: format!("{}{tag}", super::fixtures::PREFIX),
            id: String::new(),
            created: Vec::new(),
        };
        let docker = me.docker.clone();
        let what = "negotiating the API version";
        me.docker = me.bounded(what, docker.negotiate_version())?.map_err(me.api(what))?;
        me.import(exe)?;
        let name = me.name.clone();
        me.id = me.create(&name, &["/pause", "trigger", "--child", "runtime-idle"])?;
        me.start_container(&me.id.clone())?;
        Ok(me)
    }

    fn api(&self, what: &str) -> impl FnOnce(bollard::errors::Error) -> RuntimeError {
        api_error(what, &self.socket)
    }

    /// Runs `fut` on the client's loop, bounded by [`REQUEST_TIMEOUT`].
    fn bounded<T>(&self, what: &str, fut: impl std::future::Future<Output = T>) -> Result<T, RuntimeError> {
        self.rt.block_on(async { tokio::time::timeout(REQUEST_TIMEOUT, fut).await }).map_err(|_| RuntimeError::Timeout {
            what: what.to_string(),
            socket: self.socket.clone(),
            limit: REQUEST_TIMEOUT,
        })
    }

    fn import(&self, exe: &Path) -> Result<(), RuntimeError> {
        let archive = image::rootfs(exe)?;
        // The tag in `repo` (the API allows it): podman's compatible API ignores `tag` on import.
        let opts = CreateImageOptionsBuilder::default().from_src("-").repo(&self.image).build();
        let what = format!("importing the image {}", self.image);
        let stream = self.docker.create_image(Some(opts), Some(bollard::body_full(archive.into())), None);
        let results: Vec<_> = self.bounded(&what, stream.collect::<Vec<_>>())?;
        for r in results {
            r.map_err(self.api(&what))?;
        }
        Ok(())
    }

    /// Creates a container of the image named `name` running `cmd`, without a network.
    fn create(&mut self, name: &str, cmd: &[&str]) -> Result<String, RuntimeError> {
        let what = format!("creating the container {name}");
        let body = ContainerCreateBody {
            image: Some(self.image.clone()),
            cmd: Some(cmd.iter().map(|s| s.to_string()).collect()),
            labels: Some(HashMap::from([(LABEL.to_string(), std::process::id().to_string())])),
            network_disabled: Some(true),
            host_config: Some(HostConfig { network_mode: Some("none".into()), ulimits: Some(modest_limits()), ..HostConfig::default() }),
            ..ContainerCreateBody::default()
        };
        let opts = CreateContainerOptionsBuilder::default().name(name).build();
        let created = self.bounded(&what, self.docker.create_container(Some(opts), body))?.map_err(self.api(&what))?;
        self.created.push(created.id.clone());
        Ok(created.id)
    }

    fn start_container(&self, id: &str) -> Result<(), RuntimeError> {
        let what = format!("starting the container {id}");
        self.bounded(&what, self.docker.start_container(id, None))?.map_err(self.api(&what))
    }

    /// Runs `cmd` in the idling container as `docker exec -t -u USER` does (a pseudo-terminal,
    /// attached: the runtime ends the output stream when the command exits), at most `limit`.
    pub fn exec_tty(&self, user: &str, cmd: &[&str], limit: Duration) -> Result<Ran, RuntimeError> {
        let what = format!("running {cmd:?} in {}", self.name);
        let config = bollard::exec::CreateExecOptions {
            cmd: Some(cmd.iter().map(|s| s.to_string()).collect()),
            tty: Some(true),
            user: Some(user.to_string()),
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            ..Default::default()
        };
        let exec = self.bounded(&what, self.docker.create_exec(&self.id, config))?.map_err(self.api(&what))?;
        let start = bollard::exec::StartExecOptions { detach: false, tty: true, output_capacity: None };
        let started = self.bounded(&what, self.docker.start_exec(&exec.id, Some(start)))?.map_err(self.api(&what))?;
        if let bollard::exec::StartExecResults::Attached { mut output, .. } = started {
            // Whatever it prints is read and dropped; the end of the stream is its exit.
            let drained = self.rt.block_on(async { tokio::time::timeout(limit, async { while output.next().await.is_some() {} }).await });
            if drained.is_err() {
                return Ok(Ran { container: self.id.clone(), exit_code: None });
            }
        }
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            let info = self.bounded(&what, self.docker.inspect_exec(&exec.id))?.map_err(self.api(&what))?;
            if info.running != Some(true) || Instant::now() >= until {
                let exit_code = if info.running == Some(true) { None } else { info.exit_code };
                return Ok(Ran { container: self.id.clone(), exit_code });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts a new container of the image, named after the idling one with `suffix`, whose
    /// first process is `cmd`, and waits for it to exit, at most `limit`.
    pub fn run_once(&mut self, suffix: &str, cmd: &[&str], limit: Duration) -> Result<Ran, RuntimeError> {
        let name = format!("{}-{suffix}", self.name);
        let id = self.create(&name, cmd)?;
        self.start_container(&id)?;
        let what = format!("waiting for the container {name}");
        let waited = self.rt.block_on(async {
            let mut wait = self.docker.wait_container(&id, None::<bollard::query_parameters::WaitContainerOptions>);
            tokio::time::timeout(limit, wait.next()).await
        });
        let exit_code = match waited {
            Err(_) | Ok(None) => None,
            Ok(Some(Ok(r))) => Some(r.status_code),
            // The client reports a non-zero exit as an error carrying the code.
            Ok(Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. }))) => Some(code),
            Ok(Some(Err(e))) => return Err(self.api(&what)(e)),
        };
        Ok(Ran { container: id, exit_code })
    }

    /// The name of the container `id` and its image as the runtime names them (podman names an
    /// imported image `docker.io/library/...`, Docker as given): what alerts must show.
    pub fn names_of(&self, id: &str) -> Result<(String, String), RuntimeError> {
        let what = format!("inspecting the container {id}");
        let info = self.bounded(&what, self.docker.inspect_container(id, None))?.map_err(self.api(&what))?;
        let name = info.name.unwrap_or_default().trim_start_matches('/').to_string();
        let image = info.config.and_then(|c| c.image).unwrap_or_default();
        Ok((name, image))
    }
}

/// The error of a refused or failed request `what` through `socket`.
fn api_error(what: &str, socket: &Path) -> impl FnOnce(bollard::errors::Error) -> RuntimeError {
    let (what, socket) = (what.to_string(), socket.to_path_buf());
    move |e| RuntimeError::Api { what, socket, source: Box::new(e) }
}

/// Open-file and process limits for the containers, low enough for any runtime to grant: a
/// runtime's defaults may be above what it may itself set (podman's are, on hosts that cap
/// root's limits), which fails the container's start. The trigger's processes need a handful.
fn modest_limits() -> Vec<ResourcesUlimits> {
    ["nofile", "nproc"]
        .into_iter()
        .map(|name| ResourcesUlimits { name: Some(name.into()), soft: Some(1024), hard: Some(1024) })
        .collect()
}

impl Drop for Runtime {
    /// Removes the containers (killing what runs in them) and the image.
    fn drop(&mut self) {
        let force = RemoveContainerOptionsBuilder::default().force(true).v(true).build();
        for id in std::mem::take(&mut self.created) {
            let _ = self.bounded("removing a container", self.docker.remove_container(&id, Some(force.clone())));
        }
        let opts = RemoveImageOptionsBuilder::default().force(true).build();
        let _ = self.bounded("removing the image", self.docker.remove_image(&self.image, Some(opts), None));
    }
}
