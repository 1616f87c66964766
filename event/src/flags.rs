//! Flag and enum tables used to render flag parameters (`O_RDONLY|O_CLOEXEC`, `PTRACE_ATTACH`, ...).
//!
//! Values are the driver-neutral PPM encodings that event producers must use (for instance
//! `O_RDONLY` is bit 0 here, not 0 as in the kernel ABI). Order matters: rendering walks a table
//! front to back, as libsinsp does.
//!
//! Place in the data flow: schemas (`schema`) point parameters at these tables; `fields` renders
//! flag parameters with them. The tables are derived by the build script from `tables/flags.txt`
//! (one static per table, named after it in upper case).

/// A flag table: (name, value) pairs in rendering order.
pub type FlagTable = &'static [(&'static str, u32)];

include!(concat!(env!("OUT_DIR"), "/flag_tables.rs"));
