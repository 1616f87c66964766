//! (filled by the output work; see lib.rs)
