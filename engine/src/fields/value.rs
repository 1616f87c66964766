//! [`Value`]: one value of a field for one event, borrowed from the event, the state or the
//! scratch buffers.
//!
//! Place in the data flow: extraction (per event) → **Value** → operator tests and formatting.

use std::net::IpAddr;

/// A field value for one event, borrowed from the event, the state or the scratch buffers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
    /// An unsigned number (also times and ports).
    U64(u64),
    /// A signed number (also pids, fds, errnos).
    I64(i64),
    /// A boolean.
    Bool(bool),
    /// An IP address (also for `IpNet` fields: the address to test against the network).
    Ip(IpAddr),
}
