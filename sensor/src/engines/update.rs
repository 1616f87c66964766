//! What a container engine tells the state: a container's metadata, new or changed, or that a
//! container is gone.
//!
//! Place in the data flow: engines → **update** → the container side service → state.

use syssentry_engine::state::ContainerInfo;

/// What an engine learnt of one container.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContainerDescription {
    /// Its metadata.
    pub info: ContainerInfo,
    /// Its own `/etc/passwd` (its users' names), when it could be read.
    pub passwd: Option<String>,
    /// Its own `/etc/group`, when it could be read.
    pub group: Option<String>,
    /// From a source that knows less than the container's own runtime (a Docker event's
    /// attributes, containerd's record of a pod's or Docker's container): it fills in an
    /// unknown container but never replaces a full description.
    pub partial: bool,
}

/// One change of the container table.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerUpdate {
    /// A container's metadata (inserted, or replacing what was known).
    Upsert(Box<ContainerDescription>),
    /// The container with this short (12-character) id was destroyed.
    Remove(String),
}
