//! Fields: the registry of every field name rules can use (`proc.name`, `fd.name`,
//! `evt.arg.flags`, ...), name resolution, and per-event value extraction and formatting.
//!
//! Place in the data flow: rules compile field names once with [`resolve`] into a
//! [`FieldRef`]; per event the evaluator calls [`extract`] (conditions) and the output
//! formatter [`format_value`] / [`json_value`] (alerts) with an [`EvalCtx`] holding the event
//! and the state as updated by it. Nothing here looks a field up by string per event or
//! allocates per event: text is rendered into the caller's [`Scratch`] buffers.
//!
//! Files: `info` (what a field is: [`FieldType`], [`PrintFormat`], [`Multi`], [`FieldInfo`]),
//! [`registry`](mod@registry) (every field, [`FieldId`]), `field_ref` ([`FieldRef`], [`FieldArg`]), `resolve`
//! (names → [`FieldRef`], [`FieldError`]), `value` ([`Value`]), `ctx` ([`EvalCtx`]), `scratch`
//! ([`Scratch`]), `extract` (per-event values), `render` (event parameters as text), `format`
//! (output forms), `needs` (kernel data fields need).

mod ctx;
mod error;
mod extract;
mod field_ref;
mod format;
mod info;
mod needs;
pub mod registry;
mod render;
mod resolve;
mod scratch;
mod value;

pub use ctx::EvalCtx;
pub use error::FieldError;
pub use extract::{extract, list_present};
pub use field_ref::{FieldArg, FieldRef};
pub use format::{format_value, format_value_printed, json_follows_print, json_value, write_json_value, JsonValue};
pub use info::{FieldInfo, FieldType, Multi, PrintFormat};
pub(crate) use needs::flags_needle_ignores_facts;
pub use needs::open_facts_of;
pub use registry::{
    registry, FieldId, ARG_ALLOWED, ARG_INDEX, ARG_KEY, ARG_REQUIRED, DEPRECATED, FILTER_ONLY, IS_LIST, NO_RHS,
    NO_TRANSFORMER, READS_ENV, REGISTRY,
};
pub use resolve::{resolve, resolve_full};
pub use scratch::Scratch;
pub use value::Value;
