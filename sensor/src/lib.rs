//! The sensor runtime: what `syssentry run`, `syssentry trigger --verify` and the Fluent Bit
//! plugin share.
#![forbid(unsafe_code)]

pub mod plan;
