//! `libsyssentry.so`, the Fluent Bit input plugin: Falco-compatible detection inside the log
//! router, every alert a Fluent Bit record.
//!
//! Data flow (one way): capture ([`source`]) → event → state → evaluation (the [`worker`]
//! thread, `syssentry_engine`) → output ([`record`]: msgpack records) → [`queue`] → sink (the
//! collect callback of [`instance`], called by Fluent Bit through [`ffi`]).
//!
//! Modules:
//! * [`ffi`]: the proxy-input ABI exports (`FLBPlugin*`), the only `unsafe` code.
//! * [`config`]: properties, defaults, validation.
//! * [`instance`]: one configured instance and what each callback does to it.
//! * [`worker`]: the evaluating thread.
//! * [`source`]: event sources (eBPF capture, synthetic scenario).
//! * [`queue`]: the bounded alert queue and its overflow accounting.
//! * [`handoff`]: queued alerts carried from an instance to its successor across a hot reload.
//! * [`record`]: msgpack encoding of alerts, internal alerts and stats.
//! * [`log`]: messages through Fluent Bit's logger.
#![deny(unsafe_code)]

pub mod config;
pub mod ffi;
pub mod handoff;
pub mod instance;
pub mod log;
pub mod queue;
pub mod record;
pub mod source;
pub mod worker;
