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
//! * [`ruletest`]: unit tests for rules: synthetic events from YAML test files through the stages
//!   above, alerts compared with expectations.
//!
//! The crate has no `unsafe` code, no FFI and no I/O threads.
#![forbid(unsafe_code)]

pub mod diag;
pub mod eval;
pub mod event;
pub mod fields;
pub mod filter;
pub mod output;
pub mod rules;
pub mod ruletest;
pub mod state;
