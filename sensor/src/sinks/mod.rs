//! The sinks the sensor ships ([`crate::sink::AlertSink`]): JSON lines ([`JsonLines`]), Falco's
//! `json_output` format on any writer.
//!
//! Place in the data flow: output → **sink**.

mod json_lines;

pub use json_lines::JsonLines;
