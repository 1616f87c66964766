//! The items the collector stores: lists, macros, rules, exceptions, rule updates and plugin
//! requirements, with the positions of the YAML they came from.
//!
//! Place in the data flow: built by `reader` from YAML nodes, merged by `collector`, read by
//! `lists`, `exceptions`, `compile_conditions` and the loader's output.

use std::collections::BTreeSet;

use super::{priority::Priority, yaml::ScalarStyle};
use crate::diag::Location;

/// Where a piece of condition text came from: one YAML scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarOrigin {
    /// Position of the scalar (for block scalars: its first content character).
    pub location: Location,
    /// How it was written.
    pub style: ScalarStyle,
}

/// The scalars a condition string is made of: `(offset in the string, origin)`, in order.
/// A plain definition has one piece; each append adds one after the joining space.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextOrigin {
    /// Pieces, sorted by offset.
    pub pieces: Vec<(usize, ScalarOrigin)>,
}

impl TextOrigin {
    /// A text made of one scalar.
    pub fn single(origin: ScalarOrigin) -> Self {
        TextOrigin {
            pieces: vec![(0, origin)],
        }
    }

    pub(crate) fn append(&mut self, at: usize, other: &TextOrigin) {
        for (off, o) in &other.pieces {
            self.pieces.push((at + off, o.clone()));
        }
    }

    /// The piece containing text offset `off`: its start offset and origin.
    pub fn piece_at(&self, off: usize) -> Option<(usize, &ScalarOrigin)> {
        self.pieces
            .iter()
            .rev()
            .find(|(start, _)| *start <= off)
            .map(|(s, o)| (*s, o))
    }
}

/// An exception `fields`/`comps`/`values` entry: a string or a list of entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExEntry {
    /// Is it a list?
    pub is_list: bool,
    /// The string (when not a list).
    pub item: String,
    /// The entries (when a list).
    pub items: Vec<ExEntry>,
}

impl ExEntry {
    /// A string entry.
    pub fn scalar(s: impl Into<String>) -> Self {
        ExEntry {
            is_list: false,
            item: s.into(),
            items: Vec::new(),
        }
    }

    /// Falco's `is_valid`: a non-empty list or a non-empty string.
    pub fn is_valid(&self) -> bool {
        if self.is_list {
            !self.items.is_empty()
        } else {
            !self.item.is_empty()
        }
    }
}

/// One exception of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionInfo {
    /// Its name.
    pub name: String,
    /// `fields` (invalid = absent).
    pub fields: ExEntry,
    /// `comps` (invalid = absent).
    pub comps: ExEntry,
    /// `values`.
    pub values: Vec<ExEntry>,
    /// Where the exception mapping is.
    pub location: Location,
}

/// A list as collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInfo {
    /// Name.
    pub name: String,
    /// Raw items, appends included.
    pub items: Vec<String>,
    /// Where the (latest) definition is.
    pub location: Location,
    /// Index of the first definition.
    pub index: u32,
    /// Index of the latest definition/append.
    pub visibility: u32,
}

/// A macro as collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroInfo {
    /// Name.
    pub name: String,
    /// Condition text, appends concatenated with one space.
    pub condition: String,
    /// Where the condition text came from.
    pub condition_origin: TextOrigin,
    /// Where the (latest) definition is.
    pub location: Location,
    /// Index of the first definition.
    pub index: u32,
    /// Index of the latest definition/append.
    pub visibility: u32,
}

/// A rule as collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Name.
    pub name: String,
    /// Description.
    pub desc: String,
    /// Condition text (before exceptions and list substitution).
    pub condition: String,
    /// Where the condition text came from.
    pub condition_origin: TextOrigin,
    /// Output format, trimmed.
    pub output: String,
    /// Where the output scalar is.
    pub output_location: Option<Location>,
    /// Priority.
    pub priority: Priority,
    /// Event source (`syscall` by default).
    pub source: String,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Exceptions.
    pub exceptions: Vec<ExceptionInfo>,
    /// `enabled`.
    pub enabled: bool,
    /// `capture`.
    pub capture: bool,
    /// `capture_duration` (ms).
    pub capture_duration: u32,
    /// `warn_evttypes`.
    pub warn_evttypes: bool,
    /// `skip-if-unknown-filter`.
    pub skip_if_unknown_filter: bool,
    /// No provider for `source`: the rule is kept but not compiled.
    pub unknown_source: bool,
    /// Where the (latest) definition is.
    pub location: Location,
    /// Index of the first definition.
    pub index: u32,
    /// Index of the latest definition/append/override.
    pub visibility: u32,
}

/// A partial rule update (`append: true` or `override:`); absent keys are `None`.
#[derive(Debug, Clone, Default)]
pub struct RuleUpdate {
    /// Name.
    pub name: String,
    /// Source, empty when not given.
    pub source: String,
    /// `condition` and its origin.
    pub condition: Option<(String, TextOrigin)>,
    /// `output`.
    pub output: Option<String>,
    /// `desc`.
    pub desc: Option<String>,
    /// `tags`.
    pub tags: Option<BTreeSet<String>>,
    /// `exceptions`.
    pub exceptions: Option<Vec<ExceptionInfo>>,
    /// `priority`.
    pub priority: Option<Priority>,
    /// `capture`.
    pub capture: Option<bool>,
    /// `capture_duration`.
    pub capture_duration: Option<u32>,
    /// `enabled`.
    pub enabled: Option<bool>,
    /// `warn_evttypes`.
    pub warn_evttypes: Option<bool>,
    /// `skip-if-unknown-filter`.
    pub skip_if_unknown_filter: Option<bool>,
    /// Where the update item is.
    pub location: Option<Location>,
}

impl RuleUpdate {
    pub(crate) fn has_any_value(&self) -> bool {
        self.condition.is_some()
            || self.output.is_some()
            || self.desc.is_some()
            || self.tags.is_some()
            || self.exceptions.is_some()
            || self.priority.is_some()
            || self.enabled.is_some()
            || self.capture.is_some()
            || self.capture_duration.is_some()
            || self.warn_evttypes.is_some()
            || self.skip_if_unknown_filter.is_some()
    }
}

/// One alternative of a plugin requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginRequirement {
    /// Plugin name.
    pub name: String,
    /// Minimum version (semver text).
    pub version: String,
}

/// A `required_plugin_versions` entry: alternatives OR-ed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginRequirementAlternatives {
    /// The alternatives; the first is the entry itself.
    pub alternatives: Vec<PluginRequirement>,
    /// Where the entry is.
    pub location: Location,
}
