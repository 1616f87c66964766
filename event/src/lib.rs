//! The exit-first event model: what capture produces and everything downstream consumes.
//!
//! Place in the data flow: capture → **event** → state → eval → output.
//!
//! * [`EventType`]: every event name Falco accepts in `evt.type` (all syscall names, the
//!   Falco event-table names such as `procexit`, `container`, `asyncevent`), as a `Copy` u16.
//! * [`Event`]: header plus typed parameters stored without per-event allocation.
//! * [`schema_of`]: the parameter names/types of each event, exactly as Falco names them, so
//!   `evt.arg.flags` or `evt.arg.request` mean the same thing here.
//! * [`EventBuilder`] and [`mk`]: terse constructors for tests and synthetic event sequences.
//! * [`flags`], [`ppm`], [`names`]: flag tables and codes used to render parameters.
//!
//! The event table (event names, parameter names, schemas, flag tables) is declared in
//! `tables/*.txt`; the build script derives every index array from it (see `build.rs`).
//!
//! Semantics that producers must follow (they decide rule results):
//! * Events are *exit* events; enter events exist only for the TOCTOU-mitigation cases
//!   (`open`, `openat`, `openat2`, `creat`, `connect`), see [`Event::new_enter`].
//! * A **successful** `execveat` is reported as an `execve` exit event; an `execveat` exit
//!   event only reports a failure (as Falco's drivers do).
//! * Flag parameters use the PPM encoding ([`ppm`]), not raw kernel values.

pub mod builder;
mod event;
mod event_type;
pub mod flags;
pub mod kernel_filter;
pub mod names;
mod open_facts;
mod packed;
mod param_id;
mod param_type;
pub mod ppm;
mod schema;
mod set;
#[cfg(test)]
mod table_invariants;
mod value;

pub use builder::{mk, EventBuilder};
pub use event::Event;
pub use event_type::EventType;
pub use kernel_filter::{KernelFilter, OpenClause, OpenVerdict, PathPattern, SocketVerdict};
pub use open_facts::{open_event_types, OpenFacts};
pub use packed::PackedEvents;
pub use param_id::ParamId;
pub use param_type::{ParamFormat, ParamType};
pub use schema::{
    has_schema, schema_of, EventSchema, ParamSpec, FD_CREATES, FD_DESTROYS, FD_USES, NO_FD_PARAM,
};
pub use set::EventTypeSet;
pub use value::{Param, ParamValue, SockAddr, SockTuple, Span};
