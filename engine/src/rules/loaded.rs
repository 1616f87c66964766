//! What loading produces: the rules, macros and lists after every file has been read
//! ([`LoadedRule`], [`LoadedMacro`], [`LoadedList`]), with their diagnostics and sources
//! ([`LoadOutput`]).
//!
//! Place in the data flow: rules files → loader → **LoadOutput** → rule selection and the
//! rule-set builder (`eval`).

use std::collections::BTreeSet;

use super::collector::{ExceptionInfo, PluginRequirementAlternatives, TextOrigin};
use super::priority::Priority;
use super::select::Selectable;
use super::version::Version;
use crate::diag::{Diagnostics, Location, SourceMap};
use crate::filter::ast::Expr;

/// A rule after loading: the collector's final state with its condition rewritten (exceptions
/// applied, lists substituted), ready for parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedRule {
    /// Name.
    pub name: String,
    /// Description.
    pub desc: String,
    /// Output format, trimmed.
    pub output: String,
    /// Priority.
    pub priority: Priority,
    /// Tags (sorted set).
    pub tags: BTreeSet<String>,
    /// Event source.
    pub source: String,
    /// Enabled flag (after the rules files; [`RuleSelection`](super::RuleSelection) may change it).
    pub enabled: bool,
    /// Exceptions as collected.
    pub exceptions: Vec<ExceptionInfo>,
    /// Fields used by exceptions.
    pub exception_fields: BTreeSet<String>,
    /// `capture`.
    pub capture: bool,
    /// `capture_duration` in ms.
    pub capture_duration: u32,
    /// `warn_evttypes`.
    pub warn_evttypes: bool,
    /// `skip-if-unknown-filter`.
    pub skip_if_unknown_filter: bool,
    /// No provider for `source` (Falco skips such rules; they are kept here, flagged).
    pub unknown_source: bool,
    /// The condition as written (appends joined), before exceptions and lists.
    pub raw_condition: String,
    /// Where the raw condition text came from.
    pub condition_origin: TextOrigin,
    /// The condition after exceptions and list substitution: the text the parser gets.
    pub condition: String,
    /// Where the condition scalar is (its first piece).
    pub condition_location: Option<Location>,
    /// Where the output scalar is.
    pub output_location: Option<Location>,
    /// Where the rule item is.
    pub location: Location,
    /// The parsed condition with every macro expanded (`None` when it failed, or for rules of
    /// an unknown source). Its `Display` is Falco's "compiled condition" string.
    pub expr: Option<Expr>,
}

/// A macro after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedMacro {
    /// Name.
    pub name: String,
    /// The condition as written (appends joined).
    pub raw_condition: String,
    /// Where the raw condition came from.
    pub condition_origin: TextOrigin,
    /// The condition after list substitution.
    pub condition: String,
    /// Where the macro item is.
    pub location: Location,
    /// Index of the first definition (macro references see macros with a smaller index).
    pub index: u32,
    /// Index of the latest definition/append.
    pub visibility: u32,
    /// The parsed condition, expanded with the macros visible to it (`None` when it failed).
    pub expr: Option<Expr>,
}

/// A list after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedList {
    /// Name.
    pub name: String,
    /// Items with visible list references spliced in (one level).
    pub items: Vec<String>,
    /// Where the list item is.
    pub location: Location,
}

/// Item counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Rules.
    pub rules: usize,
    /// Macros.
    pub macros: usize,
    /// Lists.
    pub lists: usize,
}

/// Everything loading produced.
#[derive(Debug, Clone, Default)]
pub struct LoadOutput {
    /// Rules in definition order (position of first definition).
    pub rules: Vec<LoadedRule>,
    /// Macros in definition order.
    pub macros: Vec<LoadedMacro>,
    /// Lists in definition order.
    pub lists: Vec<LoadedList>,
    /// The highest `required_engine_version` of all files.
    pub required_engine_version: Option<Version>,
    /// All `required_plugin_versions` entries.
    pub required_plugin_versions: Vec<PluginRequirementAlternatives>,
    /// Errors and warnings, in the order found.
    pub diagnostics: Diagnostics,
    /// The text of every source read, for rendering diagnostics.
    pub sources: SourceMap,
}

impl LoadOutput {
    /// Numbers of rules, macros and lists.
    pub fn counts(&self) -> Counts {
        Counts {
            rules: self.rules.len(),
            macros: self.macros.len(),
            lists: self.lists.len(),
        }
    }

    /// A rule by name.
    pub fn rule(&self, name: &str) -> Option<&LoadedRule> {
        self.rules.iter().find(|r| r.name == name)
    }
}

impl Selectable for LoadedRule {
    fn name(&self) -> &str {
        &self.name
    }
    fn tags(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.tags.iter().map(String::as_str))
    }
    fn priority(&self) -> Priority {
        self.priority
    }
    fn enabled(&self) -> bool {
        self.enabled
    }
    fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }
}
