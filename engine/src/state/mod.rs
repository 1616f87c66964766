//! Bounded state tables updated by events before rules evaluate them: threads and processes,
//! file descriptors, users and groups, containers, resolved domain names.
//!
//! Place in the data flow: capture → event → **state** → eval → output. For every event the
//! caller runs [`State::apply`], then evaluates rules (fields read the state as updated, like
//! libsinsp's parser-before-filter order), then [`State::finish`], which performs deferred
//! removals (the exiting thread of a `procexit`, the fd of a `close`).
//!
//! Every table has a hard cap ([`StateConfig`]); what does not fit is counted in
//! [`StateStats`], never stored.
//!
//! * `tables`: [`State`], every table together, and its lookups (threads, ancestors, fds,
//!   containers, local addresses);
//! * `apply` (per event) on top of `process` (thread life cycle): the updates;
//! * `config` and `stats`: the caps ([`StateConfig`]) and what they kept out ([`StateStats`]);
//! * [`thread`], [`fd`], [`fd_table`], [`users`], [`container`], [`dns`]: the entries and tables.

mod apply;
mod config;
pub mod container;
mod current;
pub mod dns;
pub mod fd;
pub mod fd_table;
mod path;
mod process;
mod stats;
mod tables;
pub mod thread;
mod tracked;
pub mod users;

pub use config::StateConfig;
pub use container::{
    container_id_from_cgroup, container_id_from_cgroups, split_image_reference, ContainerInfo, ContainerTable, Mount,
};
pub use dns::DnsTable;
pub use fd::{Fd, FdKind, IpTuple, L4Proto, Role};
pub use fd_table::FdTable;
pub use path::{append_path, concatenate_paths};
pub use stats::StateStats;
pub use tables::State;
pub use thread::{Caps, ProcImage, Thread};
pub use tracked::tracked_event_types;
pub use users::{Group, GroupTable, IdEntry, IdTable, User, UserTable};
