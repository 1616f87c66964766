//! syssentry's rules engine: everything between a decoded syscall event and an alert.
//!
//! Data flows one way through the modules of this crate:
//!
//! ```text
//! capture (another crate) ─▶ event ─▶ state ─▶ eval (rules compiled by rules + filter,
//!                                                    fields read through fields) ─▶ output ─▶ sink
//! ```
//!
//! * [`event`]: the exit-first event model that capture fills.
//! * [`state`]: bounded thread, process, file-descriptor, user and group tables.
//! * [`fields`]: the field registry (`proc.name`, `fd.name`, ...) and value extraction.
//! * [`filter`]: the Falco condition language: parse → AST → compiled program.
//! * [`rules`]: loading Falco rules files: YAML reading, append/override, lists, macros,
//!   exceptions, selection, diagnostics.
//! * [`eval`]: the immutable compiled rule set, indexed by event type, and its evaluator.
//! * [`output`]: output format templates and the Falco-schema [`output::Alert`].
//! * [`prefilter`]: what capture may leave in the kernel for a rule set (derived once).
//!
//! The crate has no `unsafe` code, no FFI and no I/O threads.
#![forbid(unsafe_code)]

pub mod diag;
pub mod eval;
/// The event model (its own crate, `syssentry-event`, so that capture depends on it alone).
pub use syssentry_event as event;
pub mod fields;
pub mod filter;
pub mod output;
pub mod prefilter;
pub mod rules;
pub mod state;
