//! Finalizing the collection: lists compiled and substituted into macro and rule conditions,
//! exceptions applied, outputs checked, conditions parsed and macros expanded
//! ([`compile_conditions`](super::compile_conditions)), and unused lists and macros found.
//!
//! Place in the data flow: [`collector`] (after each file) → **finalize** →
//! loaded rules, macros and lists.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::collector::{self, Collector};
use super::compile_conditions::compile_conditions;
use super::exceptions;
use super::lists::{self, CompiledList};
use super::loaded::{LoadedList, LoadedMacro, LoadedRule};
use crate::diag::{Code, Diagnostic, ItemKind, SourceMap};

/// The loaded items of one finalization.
pub(super) struct Finalized {
    pub(super) rules: Vec<LoadedRule>,
    pub(super) macros: Vec<LoadedMacro>,
    pub(super) lists: Vec<LoadedList>,
}

/// Compiles lists, substitutes them into macro and rule conditions, applies exceptions, parses
/// and expands conditions. Returns the result, its diagnostics and (when it had no error) the
/// unused-list/macro warnings.
pub(super) fn finalize(col: &Collector, sources: &SourceMap) -> (Finalized, Vec<Diagnostic>, Vec<Diagnostic>) {
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
        compile_conditions(sources, &compiled, &mut macros, &mut rules);
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
