//! (filled by the event work; see lib.rs)
