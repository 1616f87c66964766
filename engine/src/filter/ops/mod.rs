//! Operator building blocks of the condition compiler and evaluator: typed constant parsing and
//! small compiled matchers over primitive values (`&[u8]`, `u64`, `i64`, `bool`, `IpAddr`).
//!
//! Place in the data flow: rule text → parser → compiler (**builds these once per check**) →
//! evaluator (**calls `matches` per event**). Constructors do the parsing and allocate;
//! `matches` methods take `&self`, never allocate and never panic.
//!
//! * [`value`]: right-hand-side constant parsing by type (integers, booleans, strings, hex) and
//!   the [`ValueError`] of this area.
//! * [`text`]: string (C-string semantics) and byte-buffer comparisons.
//! * [`glob`]: `glob`/`iglob` with glibc `fnmatch` semantics.
//! * [`pmatch`]: the `pmatch` path-prefix set.
//! * [`net`]: IP addresses, networks and port names.
//! * [`regex`]: the `regex` operator (anchored full match).
//! * [`set`]: sets for `in`/`intersects` and the `oneof`/`anyof`/`allof` modifiers.
//! * [`transform`]: transformer functions (`tolower`, `b64`, `basename`, `len`, `join`, ...)
//!   writing into caller-provided buffers.

pub mod glob;
pub mod net;
pub mod pmatch;
pub mod regex;
pub mod set;
pub mod text;
pub mod transform;
pub mod value;

pub use glob::Glob;
pub use net::{IpNet, ServiceTable};
pub use pmatch::PathPrefixSet;
pub use regex::FullRegex;
pub use set::{BytesSet, IpSet, Modifier, NumSet, SetStrategy};
pub use text::{BytesMatcher, BytesOp, StrMatcher, StrOp};
pub use transform::{ByteList, GetoptSpec};
pub use value::{IntKind, IntValue, ValueError};
