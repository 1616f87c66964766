//! (filled by the eval work; see lib.rs)
