//! (filled by the state work; see lib.rs)
