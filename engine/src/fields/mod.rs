//! (filled by the fields work; see lib.rs)
