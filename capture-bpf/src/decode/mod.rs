//! Decoding: one ring-buffer record → one engine [`Event`](syssentry_event::Event)
//! (reused), with kernel flag values translated to the PPM encoding and parameters laid out as
//! the engine's schemas expect.
//!
//! Place in the data flow: capture ring → **decode** → `State::apply` → rules.
//!
//! * [`raw_record`]: the raw record layout, parsed into a borrowed view (header, arguments, items);
//! * [`decoder`]: the [`Decoder`] (clocks, scratch buffers) and its primitives;
//! * [`process`]: exec, clone/fork and exit records;
//! * [`syscall`]: every other syscall's parameters;
//! * [`dispatch`]: [`Decoder::decode`], one record of any kind;
//! * [`error`] holds [`DecodeError`].
//!
//! Parameter positions are the engine schema's (Falco's) parameter order; the unit tests decode
//! synthetic records and read every parameter back by name, which pins those positions.
//! Strings cut at their bound end with [`TRUNCATION_MARK`](decoder::TRUNCATION_MARK).

mod decoder;
mod dispatch;
mod error;
mod process;
mod raw_record;
mod syscall;

pub use decoder::{Decoder, ENV_MAX_VARS};
pub use error::DecodeError;

#[cfg(test)]
mod tests;
