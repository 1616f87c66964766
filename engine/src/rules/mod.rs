//! Loading Falco rules files, exactly as Falco does, with every problem located.
//!
//! Place in the data flow: rules files → [`yaml`] (node tree with positions) → [`reader`]
//! (item decoding) → [`collector`] (define / append / override across files) → [`lists`] and
//! [`exceptions`] (condition text rewriting) → [`LoadOutput`] → condition parsing, macro
//! expansion and compilation (`filter`) → rule set (`eval`). [`select`] applies the `rules:`
//! configuration afterwards.
//!
//! ```
//! use syssentry_engine::rules::Loader;
//! let mut loader = Loader::new();
//! loader.add_source("inline.yaml", "- list: shells\n  items: [bash, sh]\n\
//!     - rule: r\n  desc: d\n  condition: proc.name in (shells)\n  output: o\n  priority: info\n");
//! let out = loader.load();
//! assert!(!out.diagnostics.has_errors());
//! assert_eq!(out.rules[0].condition, "proc.name in ( bash, sh )");
//! ```

pub mod collector;
mod compile_conditions;
mod decode;
pub mod exceptions;
mod finalize;
pub mod items;
mod loaded;
mod loader;
pub mod lists;
pub mod locate;
pub mod priority;
pub mod reader;
pub mod select;
pub mod version;
pub mod yaml;

pub(crate) use compile_conditions::{locate_in_macro, locate_in_rule};
pub use loaded::{Counts, LoadOutput, LoadedList, LoadedMacro, LoadedRule};
pub use loader::Loader;
pub use priority::Priority;
pub use select::{matches_wildcard, RuleMatcher, RuleSelection, Selectable, SelectionStep};
pub use version::{Version, FALCO_ENGINE_VERSION};
