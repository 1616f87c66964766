//! The sensor runtime: everything `syssentry run`, `syssentry trigger --verify` and the Fluent Bit
//! plugin share, so that each of them is only its arguments (or properties) and a sink.
//!
//! ```text
//!                      ┌──────────── side services (threads of their own) ────────────┐
//!                      │  dns: names the rules compare addresses with                  │
//!                      │  containers: Docker / podman API engines                      │
//!                      └───────────────┬──────────────────────────────────────────────┘
//!                                      │ updates, applied between batches
//!  source ──▶ event ──▶ state ──▶ evaluation ──▶ output ──▶ sink
//!  (ebpf: capture-bpf,   └─── the engine, driven by the runtime's loop ───┘   (JSON lines,
//!   synthetic, tests)     (a copy per evaluation thread; drops, failures,      plugin queue,
//!                          stats on the loop's thread)                         trigger's collector)
//! ```
//!
//! * [`source`] / [`sources`]: where events come from ([`source::Source`]): the kernel through
//!   eBPF, with the state seeded from the host's `/proc` ([`procfs`]), or a scripted scenario.
//! * [`plan`]: what to capture for a rule set (capture itself knows nothing of rules).
//! * [`host`]: what the host must offer, and the refusal when it does not.
//! * [`rules`]: loading the rules a sensor runs; [`about`]: the start-up line.
//! * [`service`] / [`services`]: side services feeding the state between batches: domain
//!   names, container metadata from the container [`engines`].
//! * [`hold`]: a new container's events held until its metadata arrives.
//! * [`runtime`]: the loop ([`runtime::Sensor`]); [`evaluators`]: the same engine on every
//!   core (each thread a copy of the state, each event evaluated by one); [`failure`]: what
//!   happens when the source
//!   fails; [`drops`]: Falco's drop alert; [`internal`]: internal alerts; [`stats`]: counters.
//! * [`sink`] / [`sinks`]: where alerts go.
//! * [`log`]: the runtime's messages; [`clock`]: the wall clock of its own records.
#![forbid(unsafe_code)]

pub mod about;
pub mod clock;
pub mod drops;
pub mod engines;
pub mod error;
pub mod evaluators;
pub mod failure;
pub mod hold;
pub mod host;
pub mod internal;
pub mod log;
pub mod plan;
pub mod procfs;
pub mod rules;
pub mod runtime;
pub mod service;
pub mod services;
pub mod sink;
pub mod sinks;
pub mod source;
pub mod sources;
pub mod stats;
