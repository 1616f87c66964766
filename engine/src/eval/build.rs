//! Building a [`RuleSet`] from loaded rules: compile each rule's expanded condition and output,
//! infer its event types, apply the selection, and report every problem as a diagnostic with
//! file:line:column. The last step of the one-time rules path (rules files → ... → **RuleSet**).

use super::domains::collect_domain_names;
use super::ruleset::{CompiledRule, RuleMatching, RuleSet, RuleSetBuilder};
use crate::diag::{Code, Diagnostic, Diagnostics, ItemKind, Location, SourceMap};
use crate::event::{EventType, EventTypeSet};
use crate::filter::ast::{Expr, Span};
use crate::filter::compile::{CompileError, Program};
use crate::filter::evttype::{infer_event_types, EvtTypeSet};
use crate::output::{OutputFormat, OutputOptions, RuleOutput};
use crate::rules::locate::locate;
use crate::rules::{LoadOutput, LoadedRule, Loader, Priority, RuleSelection};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Falco warns when a rule matches more event types than this (`LOAD_NO_EVTTYPE`).
pub const MANY_EVENT_TYPES: usize = 100;

/// How to build a rule set.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Which rules to enable, and the minimum priority.
    pub selection: RuleSelection,
    /// First matching rule only, or all.
    pub matching: RuleMatching,
    /// How alerts are written.
    pub output: OutputOptions,
}

/// What `syssentry rules list` shows of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSummary {
    /// Name.
    pub name: String,
    /// Priority.
    pub priority: Priority,
    /// Whether the selection leaves it enabled (and its priority passes the minimum).
    pub enabled: bool,
    /// Source.
    pub source: String,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Event types its condition can match, sorted by name (empty if it failed to compile).
    pub event_types: Vec<String>,
}

/// Counts of what was loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rules files read.
    pub files: usize,
    /// Rules defined.
    pub rules: usize,
    /// Rules enabled after selection that compiled.
    pub enabled_rules: usize,
    /// Macros defined.
    pub macros: usize,
    /// Lists defined.
    pub lists: usize,
}

/// The result of loading and compiling rules.
#[derive(Debug)]
pub struct RulesReport {
    /// The rules that are enabled and compiled, ready to evaluate.
    pub ruleset: RuleSet,
    /// Every error and warning.
    pub diagnostics: Diagnostics,
    /// The text of every file read (for rendering diagnostics).
    pub sources: SourceMap,
    /// Counts.
    pub summary: Summary,
    /// Every rule, in load order.
    pub rules: Vec<RuleSummary>,
    /// The domain names enabled rules compare `fd.*ip.name` fields with, sorted (to be resolved
    /// into [`crate::state::DnsTable`] outside the event path).
    pub dns_names: Vec<String>,
}

/// Loads rules files and directories in order and builds the rule set.
pub fn load_rules<P: AsRef<Path>>(paths: &[P], opts: &BuildOptions) -> RulesReport {
    let mut loader = Loader::new();
    for p in paths {
        loader.add_file(p);
    }
    build(loader.load(), opts)
}

/// Builds the rule set from loaded rules.
pub fn build(load: LoadOutput, opts: &BuildOptions) -> RulesReport {
    let LoadOutput { rules, macros, lists, diagnostics, sources, .. } = load;
    let mut diags = diagnostics;
    let enabled = opts.selection.enabled_states(&rules, |r| r.enabled);
    let mut builder = RuleSetBuilder::default();
    let mut summaries = Vec::with_capacity(rules.len());
    let mut enabled_count = 0;
    let mut dns_names = BTreeSet::new();

    for (rule, on) in rules.iter().zip(enabled) {
        let on = on && rule.priority.at_least(opts.selection.min_priority);
        let mut summary = RuleSummary {
            name: rule.name.clone(),
            priority: rule.priority,
            enabled: on,
            source: rule.source.clone(),
            tags: rule.tags.iter().cloned().collect(),
            event_types: Vec::new(),
        };
        if rule.unknown_source {
            summary.enabled = false;
            summaries.push(summary);
            continue;
        }
        let compiled = rule
            .expr
            .as_ref()
            .and_then(|expr| compile_rule(rule, expr, &macros, &sources, opts, &mut diags));
        match compiled {
            Some(c) => {
                let mut names: Vec<String> = c.event_types.iter().map(|t| t.name().to_string()).collect();
                names.sort();
                summary.event_types = names;
                if on {
                    if let Some(expr) = &rule.expr {
                        collect_domain_names(expr, &mut dns_names);
                    }
                    enabled_count += 1;
                    builder.push(c);
                }
            }
            None => summary.enabled = false,
        }
        summaries.push(summary);
    }

    let files = sources.len();
    RulesReport {
        ruleset: builder.build(opts.matching),
        diagnostics: diags,
        sources,
        summary: Summary {
            files,
            rules: rules.len(),
            enabled_rules: enabled_count,
            macros: macros.len(),
            lists: lists.len(),
        },
        rules: summaries,
        dns_names: dns_names.into_iter().collect(),
    }
}

fn compile_rule(
    rule: &LoadedRule,
    expr: &Expr,
    macros: &[crate::rules::LoadedMacro],
    sources: &SourceMap,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<CompiledRule> {
    let program = match Program::compile(expr) {
        Ok(p) => p,
        Err(e) => {
            let (code, severity_note) = if rule.skip_if_unknown_filter && e.is_unknown_filter() {
                (Code::UnknownFilter, Some("the rule is skipped (skip-if-unknown-filter)"))
            } else {
                (Code::ErrCompileCondition, None)
            };
            let mut d = Diagnostic::new(code, e.to_string())
                .at(locate_error(rule, macros, sources, &e))
                .item(ItemKind::Rule, &rule.name);
            if let Some(n) = severity_note {
                d = d.note(n);
            }
            diags.push(d);
            return None;
        }
    };

    let event_types = match infer_event_types(expr) {
        Ok(set) => to_event_types(&set),
        Err(e) => {
            diags.push(
                Diagnostic::new(Code::ErrCompileCondition, e.to_string())
                    .at(rule.condition_location.clone())
                    .item(ItemKind::Rule, &rule.name),
            );
            return None;
        }
    };
    if rule.warn_evttypes && event_types.len() > MANY_EVENT_TYPES {
        diags.push(
            Diagnostic::new(
                Code::NoEvttype,
                format!(
                    "Rule matches too many evt.type values. This has a significant performance penalty. ({} event types)",
                    event_types.len()
                ),
            )
            .at(rule.condition_location.clone())
            .item(ItemKind::Rule, &rule.name),
        );
    }

    let format_text = opts.output.format_text(&rule.output, &rule.source);
    let format = match OutputFormat::compile(&format_text) {
        Ok(f) => f,
        Err(e) => {
            let code = if rule.skip_if_unknown_filter {
                Code::UnknownFilter
            } else {
                Code::ErrCompileOutput
            };
            diags.push(
                Diagnostic::new(code, format!("invalid output format '{}': {e}", rule.output))
                    .at(rule.output_location.clone())
                    .item(ItemKind::Rule, &rule.name),
            );
            return None;
        }
    };

    Some(CompiledRule {
        output: RuleOutput {
            rule: Arc::from(rule.name.as_str()),
            priority: rule.priority,
            source: Arc::from(rule.source.as_str()),
            tags: rule.tags.iter().cloned().collect::<Vec<_>>().into(),
            format,
        },
        program,
        event_types,
    })
}

/// The event types of an inferred name set (names that are no event type can never occur).
fn to_event_types(set: &EvtTypeSet) -> EventTypeSet {
    match set {
        EvtTypeSet::Only(names) => {
            let mut s = EventTypeSet::empty();
            for n in names {
                if let Some(t) = EventType::from_name(n) {
                    s.insert(t);
                }
            }
            s
        }
        EvtTypeSet::AllExcept(names) => {
            let mut s = EventTypeSet::all();
            for n in names {
                if let Some(t) = EventType::from_name(n) {
                    s.remove(t);
                }
            }
            s
        }
    }
}

/// Where a compile error is in the files: in the rule's own condition when the offending text is
/// there at that span, else in the macro whose condition holds it.
fn locate_error(
    rule: &LoadedRule,
    macros: &[crate::rules::LoadedMacro],
    sources: &SourceMap,
    err: &CompileError,
) -> Option<Location> {
    let span = err.span();
    let token = match err {
        CompileError::UnknownField { name, .. } => Some(name.as_str()),
        CompileError::UnknownEventType { name, .. } => Some(name.as_str()),
        _ => None,
    };
    let holds = |text: &str, span: Span| {
        let (s, e) = (span.start as usize, span.end as usize);
        e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e) && token.is_none_or(|t| text[s..e].contains(t))
    };
    if holds(&rule.condition, span) {
        if let Some(l) = locate(sources, &rule.condition_origin, &rule.condition, span.start as usize) {
            return Some(l.location);
        }
    }
    if token.is_some() {
        for m in macros {
            if holds(&m.condition, span) {
                if let Some(l) = locate(sources, &m.condition_origin, &m.condition, span.start as usize) {
                    return Some(l.location);
                }
            }
        }
    }
    rule.condition_location.clone()
}
