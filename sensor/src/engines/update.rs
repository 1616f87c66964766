//! What a container engine tells the state: a container's metadata, new or changed, or that a
//! container is gone.
//!
//! Place in the data flow: engines → **update** → the container side service → state.

use syssentry_engine::state::ContainerInfo;

/// One change of the container table.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerUpdate {
    /// A container's metadata (inserted, or replacing what was known).
    Upsert(Box<ContainerInfo>),
    /// The container with this short (12-character) id was destroyed.
    Remove(String),
}
