//! [`DecodeError`]: why a ring-buffer record could not be decoded.
//!
//! Place in the data flow: capture ring → record parsing and decoding (**errors** here) → the
//! capture loop, which counts them (`CaptureStats::decode_errors`).

/// Why a record could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The record is shorter than its fixed part.
    #[error("record too short: {len} bytes, need {need}")]
    TooShort {
        /// Bytes available.
        len: usize,
        /// Bytes needed.
        need: usize,
    },
    /// The header's length disagrees with the bytes received.
    #[error("record length {declared} does not fit the {actual} bytes received")]
    BadLength {
        /// Length in the header.
        declared: usize,
        /// Bytes received.
        actual: usize,
    },
    /// Unknown record kind.
    #[error("unknown record kind {kind}")]
    BadKind {
        /// The kind.
        kind: u16,
    },
    /// More items than a record may hold.
    #[error("record claims {count} items")]
    TooManyItems {
        /// Claimed count.
        count: usize,
    },
    /// An item runs past the end of the record.
    #[error("item at offset {offset} is malformed")]
    BadItem {
        /// Offset of the item header.
        offset: usize,
    },
    /// A syscall number capture does not decode.
    #[error("syscall {nr} is not decoded")]
    UnknownSyscall {
        /// x86_64 syscall number.
        nr: u16,
    },
    /// A fixed-size item (process facts, exit status) is missing or short.
    #[error("{what} is missing from a {event} record")]
    MissingItem {
        /// The item.
        what: &'static str,
        /// The event type.
        event: &'static str,
    },
}
