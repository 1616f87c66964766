//! Per-event value extraction: dispatch on the resolved field id, then the event (`evt.*`),
//! process (`proc.*`, `thread.*`), fd (`fd.*`) and user/group/container extractors.
//!
//! Place in the data flow: evaluator/formatter → **extract** → values borrowed from the event,
//! the state or the caller's [`Scratch`](crate::fields::Scratch); no allocation in the steady state.

mod dispatch;
mod evt;
mod fd;
mod misc;
mod params;
mod proc;

pub(crate) use dispatch::single;
pub use dispatch::{extract, list_present};
