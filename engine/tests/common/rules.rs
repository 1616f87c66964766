//! The upstream Falco rules files the tests and benchmarks load unchanged, and our own.
//!
//! Place in the data flow: **rules files** → loader → rule set.

use std::path::PathBuf;

/// A file of the upstream rules directory (`../shared/falco-rules` next to the repository).
pub fn upstream_rules(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/falco-rules")
        .join(file)
}

/// The files of our default ruleset (`rules/*.yaml`), in name order.
pub fn our_rules() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}
