//! (filled by the rules work; see lib.rs)
