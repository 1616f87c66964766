//! `libsyssentry.so`, the Fluent Bit input plugin: Falco-compatible detection inside the log
//! router, every alert a Fluent Bit record.
//!
//! Data flow (one way): the sensor runtime (`syssentry_sensor`: source → event → state →
//! evaluation → output) runs on the [`worker`] thread → [`sink`] encodes each alert as a
//! [`msgpack`] record → [`queue`] → the collect callback of [`instance`], called by Fluent Bit
//! through [`ffi`].
//!
//! Modules:
//! * [`ffi`]: the proxy-input ABI exports (`FLBPlugin*`), the only `unsafe` code.
//! * [`config`]: properties, defaults, validation.
//! * [`instance`]: one configured instance and what each callback does to it.
//! * [`worker`]: the thread the sensor runtime runs on; [`shared`]: what it shares with the
//!   callbacks.
//! * [`sink`]: alerts into the queue; [`msgpack`]: the records; [`queue`]: the bounded queue and
//!   its overflow accounting.
//! * [`handoff`]: queued alerts carried from an instance to its successor across a hot reload.
//! * [`exit`]: `on_failure exit`, stopping Fluent Bit with a non-zero status.
#![deny(unsafe_code)]

pub mod config;
pub mod exit;
pub mod ffi;
pub mod handoff;
pub mod instance;
pub mod msgpack;
pub mod queue;
pub mod shared;
pub mod sink;
pub mod worker;
