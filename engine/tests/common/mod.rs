//! Helpers shared by the engine's integration tests (and, for the rules files, its benchmarks):
//! the upstream rules files, seeding processes, reading fields, and the stable-rules harness.
//! They stand in for capture and `/proc` seeding: test events → state → evaluation → output.
// Each test binary uses some of these.
#![allow(dead_code, unused_imports)]

pub mod fields;
pub mod rules;
pub mod seed;
pub mod stable;

pub use fields::{apply, json, s, val, vals};
pub use rules::{our_rules, upstream_rules};
pub use seed::seed;
