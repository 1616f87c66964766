//! Building a [`RuleSet`] from loaded rules: compile each rule's expanded condition and output,
//! infer its event types, apply the selection, and report every problem as a diagnostic with
//! file:line:column. The last step of the one-time rules path (rules files → ... → **RuleSet**).

use super::domains::collect_domain_names;
use super::ruleset::{CompiledRule, RuleMatching, RuleSet, RuleSetBuilder};
use crate::diag::{Code, Diagnostic, Diagnostics, ItemKind, Location, SourceMap};
use syssentry_event::{EventType, EventTypeSet};
use crate::fields;
use crate::filter::ast::{Expr, ExprKind};
use crate::filter::compile::{self, CompileError, Program};
use crate::filter::evttype::{infer_event_types, EvtTypeSet};
use crate::filter::parse::parse;
use crate::output::{OutputFormat, OutputOptions, RuleOutput};
use crate::rules::{locate_in_macro, locate_in_rule};
use crate::rules::{
    LoadOutput, LoadedList, LoadedMacro, LoadedRule, Loader, Priority, RuleSelection,
};
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
    let LoadOutput {
        rules,
        macros,
        lists,
        diagnostics,
        sources,
        ..
    } = load;
    let mut diags = diagnostics;
    let enabled = opts.selection.enabled_states(&rules, |r| r.enabled);
    let mut builder = RuleSetBuilder::default();
    let mut summaries = Vec::with_capacity(rules.len());
    let mut enabled_count = 0;
    let cx = Ctx {
        macros: &macros,
        lists: &lists,
        sources: &sources,
    };
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
            .and_then(|expr| compile_rule(rule, expr, &cx, opts, &mut diags));
        match compiled {
            Some(c) => {
                let mut names: Vec<String> =
                    c.event_types.iter().map(|t| t.name().to_string()).collect();
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

/// What a rule is compiled against: everything loading produced besides the rules.
struct Ctx<'a> {
    macros: &'a [LoadedMacro],
    lists: &'a [LoadedList],
    sources: &'a SourceMap,
}

fn compile_rule(
    rule: &LoadedRule,
    expr: &Expr,
    cx: &Ctx<'_>,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<CompiledRule> {
    if !check_exception_fields(rule, diags) {
        return None;
    }
    for field in deprecated_fields(expr) {
        let Expr {
            kind: ExprKind::Field { name, .. },
            span,
        } = field
        else {
            continue;
        };
        let (loc, notes) = locate_node(rule, cx, field, span.start as usize);
        let mut d = Diagnostic::new(
            Code::DeprecatedItem,
            format!(
                "usage of deprecated field '{name}' has been detected in the rule condition: {}",
                deprecation_reason(name)
            ),
        )
        .at(loc)
        .item(ItemKind::Rule, &rule.name);
        d.notes.extend(notes);
        diags.push(d);
    }

    let program = match Program::compile(expr) {
        Ok(p) => p,
        Err(e) => {
            let (code, severity_note) = if rule.skip_if_unknown_filter && e.is_unknown_filter() {
                (
                    Code::UnknownFilter,
                    Some("the rule is skipped (skip-if-unknown-filter)"),
                )
            } else {
                (Code::ErrCompileCondition, None)
            };
            let (loc, notes) = locate_error(rule, cx, expr, &e);
            let mut d = Diagnostic::new(code, e.to_string())
                .at(loc)
                .item(ItemKind::Rule, &rule.name);
            d.notes.extend(notes);
            if let Some(n) = severity_note {
                d = d.note(n);
            }
            diags.push(d);
            return None;
        }
    };
    if !program.warnings().is_empty() {
        report_hints(rule, cx, expr, diags);
    }

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
            .at(rule.condition_location.clone().or_else(|| Some(rule.location.clone())))
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
                Diagnostic::new(
                    code,
                    format!("invalid output format '{}': {e}", rule.output),
                )
                .at(rule
                    .output_location
                    .clone()
                    .or_else(|| Some(rule.location.clone())))
                .item(ItemKind::Rule, &rule.name),
            );
            return None;
        }
    };

    let mut output_fields = Vec::new();
    format.for_each_field(&mut |f| output_fields.push(f.clone()));
    let prefilter = crate::prefilter::RulePrefilter::analyze(expr, &event_types, &output_fields);
    Some(CompiledRule {
        prefilter,
        output: RuleOutput::new(
            Arc::from(rule.name.as_str()),
            rule.priority,
            Arc::from(rule.source.as_str()),
            rule.tags.iter().cloned().collect::<Vec<_>>().into(),
            format,
        ),
        program,
        event_types,
    })
}

/// Fields Falco warns about in conditions: enter events are gone, so they no longer mean
/// anything useful.
const DEPRECATED_FIELDS: &[&str] = &[
    "evt.dir",
    "evt.latency",
    "evt.latency.s",
    "evt.latency.ns",
    "evt.latency.human",
    "evt.wait_latency",
];

fn deprecation_reason(name: &str) -> &'static str {
    if name == "evt.dir" {
        "only exit events are produced, so 'evt.dir = <' is always true and 'evt.dir = >' always false; \
         drop the check on evt.dir"
    } else {
        "latencies need enter events, which are no longer produced"
    }
}

/// The field nodes of deprecated fields, each field name once, in condition order.
fn deprecated_fields(expr: &Expr) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        if let ExprKind::Field { name, .. } = &e.kind {
            let seen = out
                .iter()
                .any(|o| matches!(&o.kind, ExprKind::Field { name: n, .. } if n == name));
            if DEPRECATED_FIELDS.contains(&name.as_str()) && !seen {
                out.push(e);
            }
        }
        let mut children: Vec<&Expr> = e.children();
        children.reverse();
        stack.extend(children);
    }
    out
}

/// Validates the exception field names against the field registry (Falco does it when collecting
/// the rule): an unknown field is an error and the rule is not compiled.
fn check_exception_fields(rule: &LoadedRule, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    for ex in &rule.exceptions {
        let names: Vec<&str> = if ex.fields.is_list {
            ex.fields.items.iter().map(|f| f.item.as_str()).collect()
        } else if ex.fields.is_valid() {
            vec![ex.fields.item.as_str()]
        } else {
            Vec::new()
        };
        for name in names {
            if !valid_lhs_field(name) {
                ok = false;
                diags.push(
                    Diagnostic::new(
                        Code::ErrValidate,
                        format!("'{name}' is not a supported filter field"),
                    )
                    .at(Some(ex.location.clone()))
                    .item(ItemKind::Rule, &rule.name)
                    .note(format!("in exception '{}'", ex.name)),
                );
            }
        }
    }
    ok
}

/// Whether `text` can be the left side of a check: a field, or (with parentheses) a field under
/// transformers, which is checked by compiling `<text> exists`.
fn valid_lhs_field(text: &str) -> bool {
    if text.contains('(') {
        return parse(&format!("{text} exists")).is_ok_and(|e| Program::compile(&e).is_ok());
    }
    fields::resolve_full(text).is_ok()
}

/// Where a compile error is: the first check that fails to compile on its own is the culprit
/// (compilation goes left to right); its origin (the rule's own text or a macro's) decides how
/// the error's span maps to the files.
fn locate_error(
    rule: &LoadedRule,
    cx: &Ctx<'_>,
    expr: &Expr,
    err: &CompileError,
) -> (Option<Location>, Vec<String>) {
    let culprit = compile::checks(expr)
        .into_iter()
        .find(|c| matches!(Program::compile(c), Err(e) if e == *err));
    match culprit {
        Some(node) => locate_node(rule, cx, node, err.span().start as usize),
        None => (
            rule.condition_location
                .clone()
                .or_else(|| Some(rule.location.clone())),
            Vec::new(),
        ),
    }
}

/// Reports each compiler hint as a `LOAD_COMPILE_CONDITION` warning at its position.
fn report_hints(rule: &LoadedRule, cx: &Ctx<'_>, expr: &Expr, diags: &mut Diagnostics) {
    for check in compile::checks(expr) {
        let Ok(p) = Program::compile(check) else {
            continue;
        };
        for w in p.warnings() {
            let (loc, notes) = locate_node(rule, cx, check, w.span.start as usize);
            let mut d = Diagnostic::new(Code::CompileCondition, w.message.clone())
                .at(loc)
                .item(ItemKind::Rule, &rule.name);
            d.notes.extend(notes);
            diags.push(d);
        }
    }
}

/// Locates byte `off` of the text `node` was parsed from. After macro expansion a node keeps the
/// span it has in its own condition text; which text that is, is found by looking for the node
/// (same span, same shape) in the rule's unexpanded condition, then in each macro's.
fn locate_node(
    rule: &LoadedRule,
    cx: &Ctx<'_>,
    node: &Expr,
    off: usize,
) -> (Option<Location>, Vec<String>) {
    let holds = |text: &str| parse(text).is_ok_and(|tree| contains_node(&tree, node));
    if holds(&rule.condition) {
        return locate_in_rule(cx.sources, cx.lists, rule, off);
    }
    if let Some(m) = cx.macros.iter().find(|m| holds(&m.condition)) {
        let (loc, mut notes) = locate_in_macro(cx.sources, cx.lists, m, off);
        notes.insert(0, format!("in the condition of macro '{}'", m.name));
        return (loc, notes);
    }
    (
        rule.condition_location
            .clone()
            .or_else(|| Some(rule.location.clone())),
        Vec::new(),
    )
}

fn contains_node(tree: &Expr, node: &Expr) -> bool {
    let mut stack = vec![tree];
    while let Some(e) = stack.pop() {
        if e.span == node.span && e.same_shape(node) {
            return true;
        }
        stack.extend(e.children());
    }
    false
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
