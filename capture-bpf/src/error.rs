//! [`CaptureError`]: everything that can go wrong while checking the host, loading and attaching
//! the BPF programs and reading the ring buffer, with the evidence needed to act on it.
//!
//! Place in the data flow: returned by the capture stage to whoever drives it (`syssentry run`).

use std::path::PathBuf;

/// An error of the capture stage.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// A pseudo filesystem is missing and could not be mounted.
    #[error("{fs} is not mounted at {path} and mounting it failed: {source}; mount it with `mount -t {fs} {fs} {path}`")]
    MountMissing {
        /// Filesystem type (`tracefs`, `bpf`).
        fs: &'static str,
        /// Mount point.
        path: PathBuf,
        /// The mount error.
        #[source]
        source: std::io::Error,
    },
    /// The kernel refused to create a BPF map or program at all.
    #[error("BPF is not usable here ({what}): {source}")]
    BpfUnavailable {
        /// What was attempted.
        what: &'static str,
        /// The kernel's answer.
        #[source]
        source: std::io::Error,
    },
    /// The configuration is invalid.
    #[error("invalid capture configuration: {field} = {value}: {reason}")]
    InvalidConfig {
        /// The offending field.
        field: &'static str,
        /// Its value.
        value: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// The embedded BPF object was built for another ABI version than this crate.
    #[error("BPF object ABI version {found} does not match the loader's {expected}")]
    AbiMismatch {
        /// Version in the object's `.rodata`.
        found: u32,
        /// Version this crate was built with.
        expected: u32,
    },
    /// The embedded BPF object is malformed or lacks something.
    #[error("BPF object: {what}")]
    Object {
        /// What is wrong or missing.
        what: String,
    },
    /// aya could not parse, relocate or create the maps of the object.
    #[error("loading the BPF object failed: {detail}")]
    Load {
        /// aya's error with its causes, one after the other.
        detail: String,
        /// aya's error.
        #[source]
        source: Box<aya::EbpfError>,
    },
    /// The kernel verifier or loader rejected a program.
    #[error("program {program} was rejected: {source}{}", verifier_hint(.verifier_log))]
    ProgramLoad {
        /// The program's C function name.
        program: &'static str,
        /// The verifier log, possibly empty.
        verifier_log: String,
        /// aya's error.
        #[source]
        source: Box<aya::programs::ProgramError>,
    },
    /// Attaching a loaded program failed.
    #[error("attaching program {program} to {target} failed: {source}")]
    Attach {
        /// The program's C function name.
        program: &'static str,
        /// The hook.
        target: &'static str,
        /// aya's error.
        #[source]
        source: Box<aya::programs::ProgramError>,
    },
    /// A map operation failed.
    #[error("map {map}: {source}")]
    Map {
        /// The map's name.
        map: &'static str,
        /// aya's error.
        #[source]
        source: Box<aya::maps::MapError>,
    },
    /// Reading kernel BTF failed.
    #[error("reading kernel BTF failed: {source}")]
    Btf {
        /// aya's error.
        #[source]
        source: Box<aya::BtfError>,
    },
    /// Mapping the ring buffer's pages failed.
    #[error("mapping the ring buffer ({what}, {len} bytes) failed: {source}")]
    RingMap {
        /// Which mapping.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The mmap error.
        #[source]
        source: std::io::Error,
    },
    /// The ring's size is not a power of two of at least one page.
    #[error("ring buffer size {size} is not a power of two of at least one page ({page} bytes)")]
    RingSize {
        /// The size given.
        size: usize,
        /// The page size.
        page: usize,
    },
    /// A record header claims more bytes than the ring holds (the ring is corrupt).
    #[error("ring buffer record at position {pos} claims {len} bytes in a {size}-byte ring")]
    RingRecord {
        /// The record's position.
        pos: u64,
        /// The length it claims.
        len: u32,
        /// The ring size.
        size: usize,
    },
    /// Waiting on the ring buffer failed.
    #[error("polling the ring buffer failed: {source}")]
    Poll {
        /// The poll error.
        #[source]
        source: std::io::Error,
    },
}

/// An error and its chain of causes as one line.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

fn verifier_hint(log: &str) -> String {
    if log.trim().is_empty() {
        String::new()
    } else {
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("; verifier log (last lines):\n{}", tail.join("\n"))
    }
}
