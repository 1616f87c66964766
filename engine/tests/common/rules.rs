//! The upstream Falco rules files the tests and benchmarks load unchanged.
//!
//! Place in the data flow: **rules files** → loader → rule set.

use std::path::PathBuf;

/// A file of the upstream rules directory (`../shared/falco-rules` next to the repository).
pub fn upstream_rules(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/falco-rules")
        .join(file)
}
