//! eBPF syscall capture: the first stage of the data flow (capture → event → state → evaluation
//! → output → sink).
//!
//! This crate is empty until the capture work lands (issue 3): it will hold the C BPF programs,
//! their build script and the aya loader and ring-buffer reader. Nothing here runs yet.

pub mod procfs;
