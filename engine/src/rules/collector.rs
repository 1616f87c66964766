//! The collector: one ordered store of rules, macros and lists across all files.
//!
//! Place in the data flow: `reader` (decoded items) → **collector** (define / append / override /
//! enable, in file order then entry order) → `lists`, `exceptions`, condition compilation.
//!
//! Mirrors Falco's `rule_loader::collector`: a redefinition replaces an item in place, keeping
//! the position (`index`) of its first definition but taking a new `visibility`; appends and
//! overrides bump `visibility`. Every define/append/override consumes one index of a counter
//! shared by all item kinds, which is what macro-to-macro and list-to-list visibility compare.

use std::collections::HashMap;

pub use super::items::{
    ExEntry, ExceptionInfo, ListInfo, MacroInfo, PluginRequirement, PluginRequirementAlternatives,
    RuleInfo, RuleUpdate, ScalarOrigin, TextOrigin,
};
use super::version::Version;
use crate::diag::{Code, Diagnostic, ItemKind, Location};

/// The event sources syssentry provides.
pub const KNOWN_SOURCES: &[&str] = &["syscall"];

const ERROR_NO_PREVIOUS_MACRO: &str =
    "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists";
const ERROR_NO_PREVIOUS_LIST: &str =
    "List uses 'append' or 'override.items: append' but no list by that name already exists";
const ERROR_NO_PREVIOUS_RULE_APPEND: &str =
    "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists";
const ERROR_NO_PREVIOUS_RULE_REPLACE: &str =
    "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists";

/// A name-indexed vector keeping insertion order.
#[derive(Debug, Clone)]
pub struct Indexed<T> {
    items: Vec<T>,
    by_name: HashMap<String, usize>,
}

impl<T> Default for Indexed<T> {
    fn default() -> Self {
        Indexed {
            items: Vec::new(),
            by_name: HashMap::new(),
        }
    }
}

impl<T> Indexed<T> {
    /// Looks up by name.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.by_name.get(name).map(|&i| &self.items[i])
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.by_name.get(name).map(|&i| &mut self.items[i])
    }

    /// Position of an item in definition order.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    fn insert(&mut self, name: String, item: T) {
        self.by_name.insert(name, self.items.len());
        self.items.push(item);
    }

    /// Items in definition order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Consumes into the items in definition order.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

/// All items read so far, across files.
#[derive(Debug, Clone, Default)]
pub struct Collector {
    cur_index: u32,
    /// Lists.
    pub lists: Indexed<ListInfo>,
    /// Macros.
    pub macros: Indexed<MacroInfo>,
    /// Rules.
    pub rules: Indexed<RuleInfo>,
    /// Highest `required_engine_version` seen.
    pub required_engine_version: Option<Version>,
    /// Plugin requirements.
    pub required_plugin_versions: Vec<PluginRequirementAlternatives>,
}

fn validate_err(msg: impl Into<String>, loc: &Location, kind: ItemKind, name: &str) -> Diagnostic {
    Diagnostic::new(Code::ErrValidate, msg)
        .at(Some(loc.clone()))
        .item(kind, name)
}

impl Collector {
    /// An empty collector.
    pub fn new() -> Self {
        Collector::default()
    }

    fn next_index(&mut self) -> u32 {
        let i = self.cur_index;
        self.cur_index = self.cur_index.saturating_add(1);
        i
    }

    /// Records a required engine version (already checked against ours by the reader).
    pub fn define_engine_version(&mut self, v: Version) {
        if self.required_engine_version.is_none_or(|cur| cur < v) {
            self.required_engine_version = Some(v);
        }
    }

    /// Records a plugin requirement.
    pub fn define_plugin_requirement(
        &mut self,
        req: PluginRequirementAlternatives,
    ) -> Result<(), Diagnostic> {
        let mut seen: Vec<&str> = Vec::new();
        let entry_name = req
            .alternatives
            .first()
            .map(|a| a.name.clone())
            .unwrap_or_default();
        for alt in &req.alternatives {
            if Version::parse(&alt.version).is_none() {
                return Err(validate_err(
                    format!(
                        "Invalid required version '{}' for plugin '{}'",
                        alt.version, alt.name
                    ),
                    &req.location,
                    ItemKind::RequiredPluginVersions,
                    &entry_name,
                ));
            }
            if seen.contains(&alt.name.as_str()) {
                return Err(validate_err(
                    format!(
                        "Defined multiple alternative version requirements for plugin '{}'",
                        alt.name
                    ),
                    &req.location,
                    ItemKind::RequiredPluginVersions,
                    &entry_name,
                ));
            }
            seen.push(&alt.name);
        }
        self.required_plugin_versions.push(req);
        Ok(())
    }

    /// Defines (or redefines in place) a list.
    pub fn define_list(&mut self, mut info: ListInfo) {
        let id = self.next_index();
        info.visibility = id;
        if let Some(prev) = self.lists.get_mut(&info.name) {
            info.index = prev.index;
            *prev = info;
        } else {
            info.index = id;
            self.lists.insert(info.name.clone(), info);
        }
    }

    /// Appends items to an existing list.
    pub fn append_list(&mut self, info: ListInfo) -> Result<(), Diagnostic> {
        if self.lists.get(&info.name).is_none() {
            return Err(validate_err(
                ERROR_NO_PREVIOUS_LIST,
                &info.location,
                ItemKind::List,
                &info.name,
            ));
        }
        let id = self.next_index();
        if let Some(prev) = self.lists.get_mut(&info.name) {
            prev.items.extend(info.items);
            prev.visibility = id;
        }
        Ok(())
    }

    /// Defines (or redefines in place) a macro.
    pub fn define_macro(&mut self, mut info: MacroInfo) {
        let id = self.next_index();
        info.visibility = id;
        if let Some(prev) = self.macros.get_mut(&info.name) {
            info.index = prev.index;
            *prev = info;
        } else {
            info.index = id;
            self.macros.insert(info.name.clone(), info);
        }
    }

    /// Appends condition text to an existing macro (`prev + " " + new`).
    pub fn append_macro(&mut self, info: MacroInfo) -> Result<(), Diagnostic> {
        if self.macros.get(&info.name).is_none() {
            return Err(validate_err(
                ERROR_NO_PREVIOUS_MACRO,
                &info.location,
                ItemKind::Macro,
                &info.name,
            ));
        }
        let id = self.next_index();
        if let Some(prev) = self.macros.get_mut(&info.name) {
            prev.condition.push(' ');
            let at = prev.condition.len();
            prev.condition.push_str(&info.condition);
            prev.condition_origin.append(at, &info.condition_origin);
            prev.visibility = id;
        }
        Ok(())
    }

    fn check_prev_source(
        &self,
        name: &str,
        source: &str,
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        if let Some(prev) = self.rules.get(name) {
            if !prev.source.is_empty() && !source.is_empty() && prev.source != source {
                return Err(validate_err(
                    "Rule has been re-defined with a different source",
                    loc,
                    ItemKind::Rule,
                    name,
                ));
            }
        }
        Ok(())
    }

    /// Defines (or redefines in place) a full rule. Returns warnings (unknown source).
    pub fn define_rule(&mut self, mut info: RuleInfo) -> Result<Vec<Diagnostic>, Diagnostic> {
        self.check_prev_source(&info.name, &info.source, &info.location)?;
        let mut warnings = Vec::new();
        let known = KNOWN_SOURCES.contains(&info.source.as_str());
        if !known {
            info.unknown_source = true;
            warnings.push(
                Diagnostic::new(
                    Code::UnknownSource,
                    format!("Unknown source {}, skipping", info.source),
                )
                .at(Some(info.location.clone()))
                .item(ItemKind::Rule, &info.name),
            );
        }
        for ex in &mut info.exceptions {
            if !ex.fields.is_valid() {
                return Err(validate_err(
                    "Rule exception item must have fields property with a list of fields",
                    &ex.location,
                    ItemKind::Rule,
                    &info.name,
                ));
            }
            validate_exception(ex)
                .map_err(|m| validate_err(m, &ex.location, ItemKind::Rule, &info.name))?;
        }
        let id = self.next_index();
        info.visibility = id;
        if let Some(prev) = self.rules.get_mut(&info.name) {
            info.index = prev.index;
            *prev = info;
        } else {
            info.index = id;
            self.rules.insert(info.name.clone(), info);
        }
        Ok(warnings)
    }

    /// Applies `append: true` or `override: {k: append}`.
    pub fn append_rule(&mut self, info: RuleUpdate) -> Result<(), Diagnostic> {
        let loc = info.location.clone().unwrap_or_else(dummy_location);
        self.check_prev_source(&info.name, &info.source, &loc)?;
        if self.rules.get(&info.name).is_none() {
            return Err(validate_err(
                ERROR_NO_PREVIOUS_RULE_APPEND,
                &loc,
                ItemKind::Rule,
                &info.name,
            ));
        }
        if !info.has_any_value() {
            return Err(validate_err(
                "Appended rule must have exceptions or condition property",
                &loc,
                ItemKind::Rule,
                &info.name,
            ));
        }
        let id = self.next_index();
        let Some(prev) = self.rules.get_mut(&info.name) else {
            return Ok(());
        };
        // Validate exceptions before changing anything.
        let mut new_exceptions = Vec::new();
        let mut extra_values: Vec<(usize, Vec<ExEntry>)> = Vec::new();
        if let Some(exs) = &info.exceptions {
            for ex in exs {
                match prev.exceptions.iter().position(|p| p.name == ex.name) {
                    None => {
                        if !ex.fields.is_valid() {
                            return Err(validate_err(
                                "Rule exception must have fields property with a list of fields",
                                &ex.location,
                                ItemKind::Rule,
                                &info.name,
                            ));
                        }
                        if ex.values.is_empty() {
                            return Err(validate_err(
                                "Rule exception must have values property with a list of values",
                                &ex.location,
                                ItemKind::Rule,
                                &info.name,
                            ));
                        }
                        let mut ex = ex.clone();
                        validate_exception(&mut ex).map_err(|m| {
                            validate_err(m, &ex.location, ItemKind::Rule, &info.name)
                        })?;
                        new_exceptions.push(ex);
                    }
                    Some(i) => {
                        if ex.fields.is_valid() {
                            return Err(validate_err(
                                "Can not append exception fields to existing exception, only values",
                                &ex.location,
                                ItemKind::Rule,
                                &info.name,
                            ));
                        }
                        if ex.comps.is_valid() {
                            return Err(validate_err(
                                "Can not append exception comps to existing exception, only values",
                                &ex.location,
                                ItemKind::Rule,
                                &info.name,
                            ));
                        }
                        extra_values.push((i, ex.values.clone()));
                    }
                }
            }
        }
        if let Some((cond, origin)) = &info.condition {
            if !cond.is_empty() {
                prev.condition.push(' ');
                let at = prev.condition.len();
                prev.condition.push_str(cond);
                prev.condition_origin.append(at, origin);
            }
        }
        if let Some(out) = &info.output {
            if !out.is_empty() {
                prev.output.push(' ');
                prev.output.push_str(out);
            }
        }
        if let Some(desc) = &info.desc {
            if !desc.is_empty() {
                prev.desc.push(' ');
                prev.desc.push_str(desc);
            }
        }
        if let Some(tags) = &info.tags {
            prev.tags.extend(tags.iter().cloned());
        }
        // Falco appends new exceptions and extends existing ones in input order; doing the
        // extensions first is equivalent because they target exceptions that existed before.
        for (i, vals) in extra_values {
            prev.exceptions[i].values.extend(vals);
        }
        prev.exceptions.extend(new_exceptions);
        prev.visibility = id;
        Ok(())
    }

    /// Applies `override: {k: replace}`.
    pub fn replace_rule(&mut self, info: RuleUpdate) -> Result<(), Diagnostic> {
        let loc = info.location.clone().unwrap_or_else(dummy_location);
        self.check_prev_source(&info.name, &info.source, &loc)?;
        if self.rules.get(&info.name).is_none() {
            return Err(validate_err(
                ERROR_NO_PREVIOUS_RULE_REPLACE,
                &loc,
                ItemKind::Rule,
                &info.name,
            ));
        }
        if !info.has_any_value() {
            return Err(validate_err(
                "The rule must have at least one field that can be replaced",
                &loc,
                ItemKind::Rule,
                &info.name,
            ));
        }
        let id = self.next_index();
        let Some(prev) = self.rules.get_mut(&info.name) else {
            return Ok(());
        };
        if let Some((c, o)) = info.condition {
            prev.condition = c;
            prev.condition_origin = o;
        }
        if let Some(v) = info.output {
            prev.output = v;
        }
        if let Some(v) = info.desc {
            prev.desc = v;
        }
        if let Some(v) = info.tags {
            prev.tags = v;
        }
        if let Some(v) = info.exceptions {
            // Falco does not re-validate replaced exceptions here: the reader has already
            // required their fields; comps get their defaults when the condition is built.
            prev.exceptions = v;
        }
        if let Some(v) = info.priority {
            prev.priority = v;
        }
        if let Some(v) = info.capture {
            prev.capture = v;
        }
        if let Some(v) = info.capture_duration {
            prev.capture_duration = v;
        }
        if let Some(v) = info.enabled {
            prev.enabled = v;
        }
        if let Some(v) = info.warn_evttypes {
            prev.warn_evttypes = v;
        }
        if let Some(v) = info.skip_if_unknown_filter {
            prev.skip_if_unknown_filter = v;
        }
        prev.visibility = id;
        Ok(())
    }

    /// A standalone `enabled` entry: sets the flag of an existing rule.
    pub fn enable_rule(
        &mut self,
        name: &str,
        enabled: bool,
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        match self.rules.get_mut(name) {
            Some(prev) => {
                prev.enabled = enabled;
                Ok(())
            }
            None => Err(validate_err(
                "Rule has 'enabled' key but no rule by that name already exists",
                loc,
                ItemKind::Rule,
                name,
            )),
        }
    }
}

fn dummy_location() -> Location {
    Location {
        file: "".into(),
        line: 0,
        column: 0,
        offset: 0,
    }
}

/// Operators accepted in exception `comps` (libsinsp's supported operators).
pub const SUPPORTED_OPERATORS: &[&str] = &[
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "contains",
    "icontains",
    "bcontains",
    "startswith",
    "bstartswith",
    "endswith",
    "glob",
    "iglob",
    "in",
    "intersects",
    "pmatch",
    "regex",
    "exists",
];

/// Operators taking a parenthesised list on the right-hand side.
pub const LIST_OPERATORS: &[&str] = &["in", "intersects", "pmatch"];

/// String operators that accept a `oneof`/`anyof`/`allof` modifier.
const MODIFIABLE_OPERATORS: &[&str] = &[
    "=",
    "==",
    "!=",
    "contains",
    "icontains",
    "bcontains",
    "startswith",
    "bstartswith",
    "endswith",
    "glob",
    "iglob",
    "regex",
];

/// Is `op` a string operator followed by a list modifier (`startswith oneof`)?
pub fn is_str_operator_with_modifier(op: &str) -> bool {
    let mut parts = op.split_whitespace();
    let (Some(base), Some(modifier), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    MODIFIABLE_OPERATORS.contains(&base) && matches!(modifier, "oneof" | "anyof" | "allof")
}

fn normalize_comp(s: &mut String) {
    let trimmed = s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    if trimmed.len() != s.len() {
        *s = trimmed.to_string();
    }
}

/// Falco's `validate_exception_info`: default comps, equal lengths, supported operators.
/// (Field names are checked when conditions are compiled against the field registry.)
fn validate_exception(ex: &mut ExceptionInfo) -> Result<(), String> {
    if ex.fields.is_list {
        if !ex.comps.is_valid() {
            ex.comps.is_list = true;
            ex.comps.items = vec![ExEntry::scalar("="); ex.fields.items.len()];
        }
        if ex.fields.items.len() != ex.comps.items.len() {
            return Err("Fields and comps lists must have equal length".into());
        }
        for c in &mut ex.comps.items {
            normalize_comp(&mut c.item);
            if !SUPPORTED_OPERATORS.contains(&c.item.as_str())
                && !is_str_operator_with_modifier(&c.item)
            {
                return Err(format!(
                    "'{}' is not a supported comparison operator",
                    c.item
                ));
            }
        }
    } else {
        if !ex.comps.is_valid() {
            ex.comps = ExEntry::scalar("in");
        }
        if ex.comps.is_list {
            return Err("Fields and comps must both be strings".into());
        }
        normalize_comp(&mut ex.comps.item);
        let c = ex.comps.item.as_str();
        if !LIST_OPERATORS.contains(&c) && !is_str_operator_with_modifier(c) {
            return Err("When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifier_operators() {
        assert!(is_str_operator_with_modifier("startswith oneof"));
        assert!(is_str_operator_with_modifier("= oneof"));
        assert!(!is_str_operator_with_modifier("in oneof"));
        assert!(!is_str_operator_with_modifier(">= oneof"));
        assert!(!is_str_operator_with_modifier("oneof"));
        assert!(!is_str_operator_with_modifier("frobulate oneof"));
    }
}
