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
pub(crate) use compile_conditions::{locate_in_macro, locate_in_rule};
mod decode;
pub mod exceptions;
pub mod items;
pub mod lists;
pub mod locate;
pub mod priority;
pub mod reader;
pub mod select;
pub mod version;
pub mod yaml;

use std::{
    collections::{BTreeSet, HashMap, HashSet},
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::diag::{Code, Diagnostic, Diagnostics, ItemKind, Location, SourceMap};
use collector::{Collector, ExceptionInfo, PluginRequirementAlternatives, TextOrigin};
use lists::CompiledList;
pub use priority::Priority;
pub use select::{matches_wildcard, RuleMatcher, RuleSelection, Selectable, SelectionStep};
pub use version::{Version, FALCO_ENGINE_VERSION};

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
    /// Enabled flag (after the rules files; [`RuleSelection`] may change it).
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
    pub expr: Option<crate::filter::ast::Expr>,
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
    pub expr: Option<crate::filter::ast::Expr>,
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

#[derive(Debug)]
enum Pending {
    Path(PathBuf),
    Text { name: String, bytes: Vec<u8> },
}

/// Loads rules sources in order into one collector, Falco style.
#[derive(Debug, Default)]
pub struct Loader {
    pending: Vec<Pending>,
}

impl Loader {
    /// An empty loader.
    pub fn new() -> Self {
        Loader::default()
    }

    /// Adds a file, or a directory whose regular `*.yaml`/`*.yml` files are loaded in byte order
    /// of their paths. As in Falco, a single file not named `*.yaml`/`*.yml` is ignored.
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.pending
            .push(Pending::Path(path.as_ref().to_path_buf()));
        self
    }

    /// Adds in-memory rules content under a display name.
    pub fn add_source(&mut self, name: impl Into<String>, text: impl Into<Vec<u8>>) -> &mut Self {
        self.pending.push(Pending::Text {
            name: name.into(),
            bytes: text.into(),
        });
        self
    }

    /// Reads everything, in order, and returns the final state with all diagnostics.
    pub fn load(self) -> LoadOutput {
        let mut out = LoadOutput::default();
        let mut col = Collector::new();
        let mut poisoned = reader::Poisoned::default();
        let mut seen: HashSet<(Code, String, Option<Location>)> = HashSet::new();
        let mut last: Option<(Finalized, Vec<Diagnostic>)> = None;
        for p in self.pending {
            for (name, bytes) in expand(p, &mut out.diagnostics) {
                let name: Arc<str> = name.into();
                let bytes: Arc<[u8]> = bytes.into();
                out.sources.insert(name.clone(), bytes.clone());
                read_one(&name, &bytes, &mut col, &mut out.diagnostics, &mut poisoned);
                // Falco compiles the whole collection after each file: an earlier file must
                // stand on what has been read so far. Report each problem once.
                let (fin, diags, unused) = finalize(&col, &out.sources);
                for d in diags {
                    if seen.insert((d.code, d.message.clone(), d.location.clone())) {
                        out.diagnostics.push(d);
                    }
                }
                last = Some((fin, unused));
            }
        }
        let (fin, unused) = last.unwrap_or_else(|| {
            let (fin, _, unused) = finalize(&col, &out.sources);
            (fin, unused)
        });
        // Like Falco, unused items are reported only for a successful load.
        if !out.diagnostics.has_errors() {
            for d in unused {
                out.diagnostics.push(d);
            }
        }
        out.rules = fin.rules;
        out.macros = fin.macros;
        out.lists = fin.lists;
        out.required_engine_version = col.required_engine_version;
        out.required_plugin_versions = col.required_plugin_versions;
        out
    }
}

fn expand(p: Pending, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    match p {
        Pending::Text { name, bytes } => vec![(name, bytes)],
        Pending::Path(path) => {
            let display = path.display().to_string();
            if path.is_dir() {
                let entries = match std::fs::read_dir(&path) {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::new(
                            Code::ErrFileRead,
                            format!("could not read directory {display}: {e}"),
                        ));
                        return Vec::new();
                    }
                };
                let mut files: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                files.sort_by(|a, b| {
                    a.as_os_str()
                        .as_encoded_bytes()
                        .cmp(b.as_os_str().as_encoded_bytes())
                });
                files
                    .into_iter()
                    .filter(|f| is_yaml_name(&f.display().to_string()))
                    .filter_map(|f| read_path(&f, diags))
                    .collect()
            } else if is_yaml_name(&display) {
                read_path(&path, diags).into_iter().collect()
            } else {
                Vec::new()
            }
        }
    }
}

fn is_yaml_name(s: &str) -> bool {
    matches_wildcard("*.yaml", s) || matches_wildcard("*.yml", s)
}

fn read_path(path: &Path, diags: &mut Diagnostics) -> Option<(String, Vec<u8>)> {
    let display = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(m) if m.len() > yaml::MAX_INPUT_BYTES as u64 => {
            diags.push(Diagnostic::new(
                Code::ErrFileRead,
                format!(
                    "could not read file {display}: {} bytes, more than the {} accepted",
                    m.len(),
                    yaml::MAX_INPUT_BYTES
                ),
            ));
            return None;
        }
        _ => {}
    }
    match std::fs::read(path) {
        Ok(b) => Some((display, b)),
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::ErrFileRead,
                format!("could not read file {display}: {e}"),
            ));
            None
        }
    }
}

fn read_one(
    name: &Arc<str>,
    bytes: &[u8],
    col: &mut Collector,
    diags: &mut Diagnostics,
    poisoned: &mut reader::Poisoned,
) {
    let at = |pos: Option<yaml::Pos>| {
        pos.map(|p| Location {
            file: name.clone(),
            line: p.line,
            column: p.column,
            offset: p.offset,
        })
    };
    let text = match yaml::decode_text(bytes) {
        Ok(t) => t,
        Err(e) => {
            let code = if matches!(e, yaml::YamlError::TooLarge { .. }) {
                Code::ErrFileRead
            } else {
                Code::ErrYamlParse
            };
            diags.push(Diagnostic::new(code, e.to_string()).at(at(e.pos())));
            return;
        }
    };
    let docs = match yaml::parse_documents(text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::new(Code::ErrYamlParse, e.to_string()).at(at(e.pos())));
            return;
        }
    };
    reader::read_documents(name, &docs, col, diags, poisoned);
}

struct Finalized {
    rules: Vec<LoadedRule>,
    macros: Vec<LoadedMacro>,
    lists: Vec<LoadedList>,
}

/// Compiles lists, substitutes them into macro and rule conditions, applies exceptions, parses
/// and expands conditions. Returns the result, its diagnostics and (when it had no error) the
/// unused-list/macro warnings.
fn finalize(col: &Collector, sources: &SourceMap) -> (Finalized, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let compiled: Vec<CompiledList> = lists::compile_lists(&col.lists);
    let mut list_used = vec![false; compiled.len()];
    for c in &compiled {
        for r in &c.references {
            if let Some(i) = col.lists.position(r) {
                list_used[i] = true;
            }
        }
    }
    let mut macros = Vec::with_capacity(col.macros.len());
    for m in col.macros.iter() {
        let condition = match lists::substitute_lists(&m.condition, &compiled) {
            Ok(s) => {
                for i in s.used {
                    list_used[i] = true;
                }
                s.text
            }
            Err(e) => {
                diags.push(
                    Diagnostic::new(Code::ErrCompileCondition, e.to_string())
                        .at(m
                            .condition_origin
                            .pieces
                            .first()
                            .map(|(_, o)| o.location.clone()))
                        .item(ItemKind::Macro, &m.name),
                );
                String::new()
            }
        };
        macros.push(LoadedMacro {
            name: m.name.clone(),
            raw_condition: m.condition.clone(),
            condition_origin: m.condition_origin.clone(),
            condition,
            location: m.location.clone(),
            index: m.index,
            visibility: m.visibility,
            expr: None,
        });
    }
    let mut rules = Vec::with_capacity(col.rules.len());
    for r in col.rules.iter() {
        let cond_loc = r
            .condition_origin
            .pieces
            .first()
            .map(|(_, o)| o.location.clone());
        let (condition, exception_fields) = if r.unknown_source {
            (r.condition.clone(), BTreeSet::new())
        } else {
            match exceptions::apply_exceptions(&r.condition, &r.exceptions) {
                Ok((text, fields)) => match lists::substitute_lists(&text, &compiled) {
                    Ok(s) => {
                        for i in s.used {
                            list_used[i] = true;
                        }
                        (s.text, fields)
                    }
                    Err(e) => {
                        diags.push(
                            Diagnostic::new(Code::ErrCompileCondition, e.to_string())
                                .at(cond_loc.clone())
                                .item(ItemKind::Rule, &r.name),
                        );
                        (String::new(), fields)
                    }
                },
                Err(e) => {
                    let loc = r
                        .exceptions
                        .iter()
                        .find(|x| x.name == e.exception())
                        .map(|x| x.location.clone());
                    diags.push(
                        Diagnostic::new(Code::ErrValidate, e.to_string())
                            .at(loc.or_else(|| Some(r.location.clone())))
                            .item(ItemKind::Rule, &r.name)
                            .note(format!("in exception '{}'", e.exception())),
                    );
                    (String::new(), BTreeSet::new())
                }
            }
        };
        let output = if r.unknown_source {
            r.output.clone()
        } else {
            check_output(r, &mut diags)
        };
        rules.push(LoadedRule {
            name: r.name.clone(),
            desc: r.desc.clone(),
            output,
            priority: r.priority,
            tags: r.tags.clone(),
            source: r.source.clone(),
            enabled: r.enabled,
            exceptions: r.exceptions.clone(),
            exception_fields,
            capture: r.capture,
            capture_duration: r.capture_duration,
            warn_evttypes: r.warn_evttypes,
            skip_if_unknown_filter: r.skip_if_unknown_filter,
            unknown_source: r.unknown_source,
            raw_condition: r.condition.clone(),
            condition_origin: r.condition_origin.clone(),
            condition,
            condition_location: cond_loc,
            output_location: r.output_location.clone(),
            location: r.location.clone(),
            expr: None,
        });
    }
    let (cdiags, muse) =
        compile_conditions::compile_conditions(sources, &compiled, &mut macros, &mut rules);
    let compile_failed = !cdiags.is_empty();
    diags.extend(cdiags);
    let mut unused = Vec::new();
    if !compile_failed && diags.iter().all(|d| !d.is_error()) {
        let macro_used: Vec<bool> = if muse.complete {
            macros.iter().map(|m| muse.used.contains(&m.name)).collect()
        } else {
            macro_usage(&macros, &rules)
        };
        for (m, used) in macros.iter().zip(macro_used) {
            if !used {
                unused.push(
                    Diagnostic::new(
                        Code::UnusedMacro,
                        "Macro not referred to by any other rule/macro",
                    )
                    .at(Some(m.location.clone()))
                    .item(ItemKind::Macro, &m.name),
                );
            }
        }
        for (l, used) in col.lists.iter().zip(list_used) {
            if !used {
                unused.push(
                    Diagnostic::new(
                        Code::UnusedList,
                        "List not referred to by any other rule/macro",
                    )
                    .at(Some(l.location.clone()))
                    .item(ItemKind::List, &l.name),
                );
            }
        }
    }
    let lists = col
        .lists
        .iter()
        .zip(compiled)
        .map(|(l, c)| LoadedList {
            name: c.name,
            items: c.items,
            location: l.location.clone(),
        })
        .collect();
    (
        Finalized {
            rules,
            macros,
            lists,
        },
        diags,
        unused,
    )
}

/// Fields Falco reports as deprecated when they appear in an output (enter events are gone).
const DEPRECATED_OUTPUT_FIELDS: &[&str] = &[
    "evt.dir",
    "evt.latency",
    "evt.latency.s",
    "evt.latency.ns",
    "evt.latency.human",
    "evt.wait_latency",
];

/// Falco's output checks that need no field registry: `%container.info` is deprecated and
/// expands to nothing; deprecated fields are found by plain substring search, as in Falco.
fn check_output(r: &collector::RuleInfo, diags: &mut Vec<Diagnostic>) -> String {
    let mut output = r.output.clone();
    if output.contains("%container.info") {
        diags.push(
            Diagnostic::new(
                Code::DeprecatedItem,
                "%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.",
            )
            .at(Some(r.location.clone()))
            .item(ItemKind::Rule, &r.name),
        );
        output = output.replace("%container.info", "");
    }
    for f in DEPRECATED_OUTPUT_FIELDS {
        if output.contains(f) {
            diags.push(
                Diagnostic::new(
                    Code::DeprecatedItem,
                    format!("usage of deprecated field '{f}' has been detected in the rule output"),
                )
                .at(r
                    .output_location
                    .clone()
                    .or_else(|| Some(r.location.clone())))
                .item(ItemKind::Rule, &r.name),
            );
        }
    }
    output
}

/// A macro counts as used when its name occurs as a whole identifier in a rule condition or
/// in the condition of another macro (textual approximation of Falco's AST-based marking).
fn macro_usage(macros: &[LoadedMacro], rules: &[LoadedRule]) -> Vec<bool> {
    let mut in_rules: HashSet<&str> = HashSet::new();
    for r in rules.iter().filter(|r| !r.unknown_source) {
        in_rules.extend(identifiers(&r.condition));
    }
    // identifier -> the first two macros mentioning it (enough to tell "another macro").
    let mut in_macros: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
    for (j, m) in macros.iter().enumerate() {
        for id in identifiers(&m.condition) {
            let e = in_macros.entry(id).or_insert((j, None));
            if e.0 != j && e.1.is_none() {
                e.1 = Some(j);
            }
        }
    }
    macros
        .iter()
        .enumerate()
        .map(|(i, m)| {
            in_rules.contains(m.name.as_str())
                || in_macros
                    .get(m.name.as_str())
                    .is_some_and(|&(a, b)| a != i || b.is_some_and(|b| b != i))
        })
        .collect()
}

fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|s| !s.is_empty())
}
